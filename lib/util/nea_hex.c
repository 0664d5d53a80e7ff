#include "nea_hex.h"

int nea_hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool nea_hex_u32(const char *s, size_t n, uint32_t *v)
{
	uint32_t x = 0;

	if (n == 0 || n > 8)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = nea_hex_digit((unsigned char)s[i]);

		if (d < 0)
			return false;
		x = (x << 4) | (uint32_t)d;
	}
	*v = x;
	return true;
}

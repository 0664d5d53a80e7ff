/* Helpers shared by the IKE/EAP test suites: hex vectors in, bytes out. */
#ifndef IKE_TEST_UTIL_H
#define IKE_TEST_UTIL_H

#include <criterion/criterion.h>
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decode hex (whitespace ignored) into a malloc'd buffer; aborts the test on
 * malformed vectors so a typo cannot pass silently. */
static inline uint8_t *hexdec(const char *hex, size_t *len)
{
	size_t cap = strlen(hex) / 2 + 1, n = 0;
	uint8_t *out = malloc(cap);
	int hi = -1;

	cr_assert_not_null(out);
	for (const char *p = hex; *p; p++) {
		int v;

		if (isspace((unsigned char)*p))
			continue;
		cr_assert(isxdigit((unsigned char)*p), "bad hex digit '%c' in vector", *p);
		v = isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10);
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	cr_assert_eq(hi, -1, "odd number of hex digits in vector");
	*len = n;
	return out;
}

static inline void assert_bytes_eq(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	cr_assert_eq(alen, blen, "length %zu != %zu", alen, blen);
	for (size_t i = 0; i < alen; i++)
		cr_assert_eq(a[i], b[i], "byte %zu: %02x != %02x", i, a[i], b[i]);
}

static inline void assert_hex_eq(const uint8_t *a, size_t alen, const char *hex)
{
	size_t blen;
	uint8_t *b = hexdec(hex, &blen);

	assert_bytes_eq(a, alen, b, blen);
	free(b);
}

#endif

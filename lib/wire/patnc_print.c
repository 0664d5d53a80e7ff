#include "patnc_print.h"

#include <stdarg.h>
#include <stdio.h>

void patnc_pr(nea_wr_t *o, const char *fmt, ...)
{
	char small[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		nea_wr_bytes(o, small, (size_t)n);
		return;
	}
	/* Long line: format straight into the writer's reserved space. */
	if (nea_wr_reserve(o, (size_t)n + 1))
		return;
	va_start(ap, fmt);
	vsnprintf((char *)o->ptr + o->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}

void patnc_pr_str(nea_wr_t *o, const uint8_t *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	nea_wr_u8(o, '\'');
	for (i = 0; i < n; i++) {
		uint8_t c = s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
			nea_wr_u8(o, c);
		} else {
			uint8_t esc[4] = { '\\', 'x', (uint8_t)hex[c >> 4], (uint8_t)hex[c & 15] };

			nea_wr_bytes(o, esc, sizeof(esc));
		}
	}
	nea_wr_u8(o, '\'');
}

void patnc_pr_hex(nea_wr_t *o, const uint8_t *s, size_t n, size_t max)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, lim = n > max ? max : n;

	for (i = 0; i < lim; i++) {
		uint8_t b[2] = { (uint8_t)hex[s[i] >> 4], (uint8_t)hex[s[i] & 15] };

		nea_wr_bytes(o, b, 2);
	}
	if (lim < n)
		nea_wr_bytes(o, "...", 3);
}

const char *patnc_pr_cstr(nea_wr_t *o)
{
	if (nea_wr_reserve(o, 1) || !o->ptr)
		return "";
	o->ptr[o->len] = '\0';
	return (const char *)o->ptr;
}

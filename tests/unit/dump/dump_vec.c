/* Helpers of the `nea dump` suites (see dump_vec.h). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dump_vec.h"
#include "nea_hex.h"

char *dv_text(const char *rel, size_t *len)
{
	const char *src = getenv("NEA_SOURCE_DIR");
	char path[1024];
	FILE *f;
	char *buf;
	long n;

	cr_assert_not_null(src, "NEA_SOURCE_DIR not set");
	snprintf(path, sizeof(path), "%s/tests/vectors/%s", src, rel);
	f = fopen(path, "rb");
	cr_assert_not_null(f, "cannot open %s", path);
	cr_assert_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	cr_assert(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	cr_assert_not_null(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = '\0';
	*len = (size_t)n;
	return buf;
}

/* Hex digits of text, skipping whitespace and (if comments) '#' lines. */
static uint8_t *decode(const char *text, size_t tlen, int comments, size_t *len)
{
	uint8_t *out = malloc(tlen / 2 + 1);
	size_t i, n = 0;
	int hi = -1, skip = 0;

	cr_assert_not_null(out);
	for (i = 0; i < tlen; i++) {
		char c = text[i];

		if (c == '\n')
			skip = 0;
		if (skip || c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (comments && c == '#') {
			skip = 1;
			continue;
		}
		cr_assert(nea_hex_digit(c) >= 0, "bad hex character 0x%02x", (unsigned char)c);
		if (hi < 0) {
			hi = nea_hex_digit(c);
		} else {
			out[n++] = (uint8_t)(hi << 4 | nea_hex_digit(c));
			hi = -1;
		}
	}
	cr_assert(hi < 0, "odd number of hex digits");
	*len = n;
	return out;
}

uint8_t *dv_load(const char *rel, size_t *len)
{
	size_t tlen;
	char *text = dv_text(rel, &tlen);
	uint8_t *out = decode(text, tlen, 1, len);

	free(text);
	return out;
}

uint8_t *dv_hex(const char *hex, size_t *len)
{
	return decode(hex, strlen(hex), 0, len);
}

static void finish(dv_out_t *o, nea_wr_t *w)
{
	cr_assert_eq(nea_wr_error(w), 0, "output writer failed");
	o->len = w->len;
	o->text = malloc(w->len + 1);
	cr_assert_not_null(o->text);
	if (w->len)
		memcpy(o->text, w->ptr, w->len);
	o->text[w->len] = '\0';
	nea_wr_free(w);
}

void dv_dump(dv_out_t *o, const uint8_t *buf, size_t len, dump_as_t as, dump_role_t role)
{
	dump_opts_t opts = { .as = as, .role = role, .hex = DUMP_HEX_OFF };
	uint8_t *copy = malloc(len ? len : 1);
	nea_wr_t w;

	cr_assert_not_null(copy);
	if (len)
		memcpy(copy, buf, len);
	nea_wr_init(&w, 0);
	o->rc = dump_bytes(copy, len, &opts, &w, &o->err);
	free(copy);
	finish(o, &w);
}

void dv_input(dv_out_t *o, const uint8_t *buf, size_t len, const dump_opts_t *opts)
{
	uint8_t *copy = malloc(len ? len : 1);
	nea_wr_t w;

	cr_assert_not_null(copy);
	if (len)
		memcpy(copy, buf, len);
	nea_wr_init(&w, 0);
	o->rc = dump_input(copy, len, opts, &w, &o->err);
	free(copy);
	finish(o, &w);
}

void dv_free(dv_out_t *o)
{
	free(o->text);
	o->text = NULL;
}

const char *dv_line(const char *text, const char *prefix)
{
	const char *p = text;
	size_t plen = strlen(prefix);

	while (*p) {
		const char *s = p;

		while (*s == ' ')
			s++;
		if (strncmp(s, prefix, plen) == 0)
			return s;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return NULL;
}

size_t dv_count(const char *text, const char *prefix)
{
	size_t n = 0;
	const char *p = text, *hit;

	while ((hit = dv_line(p, prefix)) != NULL) {
		n++;
		p = strchr(hit, '\n');
		if (!p)
			break;
		p++;
	}
	return n;
}

size_t dv_indent(const char *text, const char *p)
{
	size_t n = 0;

	while (p > text && p[-1] == ' ') {
		p--;
		n++;
	}
	return n;
}

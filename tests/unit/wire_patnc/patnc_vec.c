#include "patnc_vec.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nib(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

uint8_t *pv_hex(const char *hex, size_t *len)
{
	size_t n = 0, cap = strlen(hex) / 2 + 1;
	uint8_t *out = malloc(cap);
	int hi = -1;

	cr_assert_not_null(out);
	for (; *hex; hex++) {
		int v = nib((unsigned char)*hex);

		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	*len = n;
	return out;
}

uint8_t *pv_load(const char *rel, size_t *len)
{
	const char *src = getenv("NEA_SOURCE_DIR");
	char path[1024], *text, line[4096];
	size_t tlen = 0, cap = 1 << 16;
	uint8_t *bytes;
	FILE *f;

	cr_assert_not_null(src, "NEA_SOURCE_DIR not set");
	snprintf(path, sizeof(path), "%s/tests/vectors/%s", src, rel);
	f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	text = malloc(cap);
	cr_assert_not_null(text);
	text[0] = '\0';
	while (fgets(line, sizeof(line), f)) {
		size_t l = strlen(line);

		if (line[0] == '#')
			continue;
		while (tlen + l + 1 > cap) {
			cap *= 2;
			text = realloc(text, cap);
			cr_assert_not_null(text);
		}
		memcpy(text + tlen, line, l + 1);
		tlen += l;
	}
	fclose(f);
	bytes = pv_hex(text, len);
	free(text);
	cr_assert_gt(*len, 0, "%s holds no bytes", path);
	return bytes;
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

size_t pv_pb_pa(const uint8_t *batch, size_t len, pv_pa_t *out, size_t max)
{
	size_t off = 8, n = 0;

	cr_assert_geq(len, 8);
	cr_assert_eq(be32(batch + 4), len, "batch length field");
	while (off < len) {
		uint32_t vendor, type, mlen;

		cr_assert_geq(len - off, 12, "message header at %zu", off);
		vendor = be32(batch + off) & 0xffffff;
		type = be32(batch + off + 4);
		mlen = be32(batch + off + 8);
		cr_assert_geq(mlen, 12);
		cr_assert_leq(mlen, len - off);
		if (vendor == 0 && type == 1) {
			const uint8_t *v = batch + off + 12;

			cr_assert_geq(mlen, 24);
			cr_assert_lt(n, max);
			out[n].flags = v[0];
			out[n].pa_vendor = be32(v) & 0xffffff;
			out[n].pa_subtype = be32(v + 4);
			out[n].imc = (uint16_t)(v[8] << 8 | v[9]);
			out[n].imv = (uint16_t)(v[10] << 8 | v[11]);
			out[n].body = v + 12;
			out[n].len = mlen - 24;
			n++;
		}
		off += mlen;
	}
	return n;
}

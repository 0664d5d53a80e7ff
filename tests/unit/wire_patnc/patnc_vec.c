#include "patnc_vec.h"

#include "nea_hex.h"
#include "patnc_attr.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint8_t *pv_hex(const char *hex, size_t *len)
{
	size_t n = 0, cap = strlen(hex) / 2 + 1;
	uint8_t *out = malloc(cap);
	int hi = -1;

	cr_assert_not_null(out);
	for (; *hex; hex++) {
		int v = nea_hex_digit((unsigned char)*hex);

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

void pv_roundtrip(pv_rt_t *rt, uint32_t vendor, uint32_t type, const void *in,
		  const char *want_hex)
{
	const patnc_codec_t *c = patnc_codec_find(vendor, type);
	nea_perr_t err = { 0 };
	nea_wr_t w, w2, o;
	uint8_t *want;
	size_t wlen;

	cr_assert_not_null(c, "no codec for 0x%06x/0x%08x", vendor, type);
	rt->c = c;
	nea_wr_init(&w, 0);
	cr_assert_eq(patnc_attr_encode(0, vendor, type, in, &w), 0);
	rt->buf = nea_wr_detach(&w, &rt->len);
	cr_assert_geq(rt->len, 12);
	cr_assert_eq(nea_get_u24(rt->buf + 1), vendor);
	cr_assert_eq(nea_get_u32(rt->buf + 4), type);
	cr_assert_eq(nea_get_u32(rt->buf + 8), rt->len);
	want = pv_hex(want_hex, &wlen);
	cr_assert_eq(rt->len - 12, wlen, "value length %zu, want %zu", rt->len - 12, wlen);
	if (wlen)
		cr_assert_arr_eq(rt->buf + 12, want, wlen);
	free(want);
	cr_assert_eq(patnc_attr_decode(c, rt->buf + 12, rt->len - 12, &rt->data, &err), 0,
		     "%s at %zu", err.msg, err.offset);
	nea_wr_init(&w2, 0);
	cr_assert_eq(c->build(rt->data, &w2), 0);
	cr_assert_eq(w2.len, rt->len - 12);
	if (w2.len)
		cr_assert_arr_eq(w2.ptr, rt->buf + 12, w2.len);
	nea_wr_free(&w2);
	/* the print function produces indented text for every decoded attribute */
	nea_wr_init(&o, 0);
	c->print(rt->data, &o);
	cr_assert_gt(o.len, 2);
	cr_assert_eq(memcmp(o.ptr, "  ", 2), 0);
	nea_wr_free(&o);
}

void pv_rt_free(pv_rt_t *rt)
{
	patnc_attr_data_free(rt->c, rt->data);
	free(rt->buf);
}

void pv_reject(uint32_t vendor, uint32_t type, const char *hex, int code, size_t offset)
{
	const patnc_codec_t *c = patnc_codec_find(vendor, type);
	nea_perr_t err = { 0 };
	void *data = (void *)1;
	uint8_t *v;
	size_t len;
	int rc;

	cr_assert_not_null(c);
	v = pv_hex(hex, &len);
	rc = patnc_attr_decode(c, v, len, &data, &err);
	cr_assert_eq(rc, code, "0x%06x/0x%x '%s': rc %d (%s), want %d", vendor, type, hex, rc,
		     err.msg, code);
	cr_assert_eq(err.code, code);
	cr_assert_eq(err.offset, offset, "0x%06x/0x%x '%s': offset %zu, want %zu (%s)", vendor,
		     type, hex, err.offset, offset, err.msg);
	cr_assert_null(data);
	free(v);
}

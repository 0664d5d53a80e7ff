#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "pttls_error.h"
#include "pttls_msg.h"
#include "pttls_version.h"
#include "tnc_names.h"
#include "vec.h"

static void load_msg(const char *rel, vec_t *v, pttls_msg_t *m)
{
	nea_perr_t err;

	cr_assert(vec_load(rel, v), "%s", rel);
	cr_assert_eq(pttls_msg_parse(v->data, v->len, 0, m, &err), 0, "%s: %s", rel, err.msg);
}

/* Rebuild a parsed message and compare with the input bytes. */
static void rebuild_equal(const vec_t *v, const pttls_msg_t *m)
{
	nea_wr_t w;

	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_msg_build(&w, m->hdr.vendor, m->hdr.type, m->hdr.identifier, m->value,
				     m->value_len), 0);
	cr_assert_eq(w.len, v->len);
	cr_assert_eq(memcmp(w.ptr, v->data, v->len), 0);
	nea_wr_free(&w);
}

Test(pttls, vector_version_request)
{
	vec_t v;
	pttls_msg_t m;
	pttls_version_req_t req;
	nea_perr_t err;
	uint8_t sel;

	load_msg("spec/pttls_version_request.hex", &v, &m);
	cr_assert(strstr(v.comment, "type 1 Version Request, length 20, identifier 0"));
	cr_assert_eq(m.hdr.vendor, 0);
	cr_assert_eq(m.hdr.type, PTTLS_VERSION_REQUEST);
	cr_assert_eq(m.hdr.length, 20);
	cr_assert_eq(m.hdr.identifier, 0);
	cr_assert_str_eq(pttls_msg_type_name(m.hdr.vendor, m.hdr.type), "Version Request");
	cr_assert_eq(pttls_version_req_parse(m.value, m.value_len, &req, &err), 0);
	cr_assert_eq(req.min, 1);
	cr_assert_eq(req.max, 1);
	cr_assert_eq(req.pref, 1);
	cr_assert_eq(pttls_version_select(&req, &sel), 0);
	cr_assert_eq(sel, 1);
	rebuild_equal(&v, &m);
	{
		nea_wr_t w;

		nea_wr_init(&w, 0);
		cr_assert_eq(pttls_version_req_build(&w, &req), 0);
		cr_assert_eq(w.len, 4);
		cr_assert_eq(memcmp(w.ptr, m.value, 4), 0);
		nea_wr_free(&w);
	}
	vec_free(&v);
}

Test(pttls, capture_version_response_and_sasl_mechanisms)
{
	vec_t v;
	pttls_msg_t m;
	nea_perr_t err;
	uint8_t version;
	nea_wr_t w;

	load_msg("captures/pttls_run1_version_response.hex", &v, &m);
	cr_assert_eq(m.hdr.type, PTTLS_VERSION_RESPONSE);
	cr_assert_eq(m.hdr.identifier, 0);
	cr_assert_eq(pttls_version_resp_parse(m.value, m.value_len, &version, &err), 0);
	cr_assert_eq(version, 1);
	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_version_resp_build(&w, 1), 0);
	cr_assert_eq(memcmp(w.ptr, m.value, 4), 0);
	nea_wr_free(&w);
	rebuild_equal(&v, &m);
	vec_free(&v);

	load_msg("captures/pttls_run1_sasl_mechanisms_empty.hex", &v, &m);
	cr_assert_eq(m.hdr.type, PTTLS_SASL_MECHS);
	cr_assert_eq(m.hdr.identifier, 3);
	cr_assert_eq(m.value_len, 0, "empty SASL Mechanisms = authentication complete");
	rebuild_equal(&v, &m);
	vec_free(&v);
}

Test(pttls, version_select_follows_strongswan)
{
	pttls_version_req_t r;
	uint8_t sel = 0;

	r = (pttls_version_req_t){ 2, 3, 2 };
	cr_assert_eq(pttls_version_select(&r, &sel), NEA_EVERSION);
	r = (pttls_version_req_t){ 0, 0, 0 };
	cr_assert_eq(pttls_version_select(&r, &sel), NEA_EVERSION);
	r = (pttls_version_req_t){ 0, 5, 3 };
	cr_assert_eq(pttls_version_select(&r, &sel), 0);
	cr_assert_eq(sel, 1);
}

Test(pttls, version_values_must_be_four_bytes)
{
	pttls_version_req_t r;
	uint8_t v;
	nea_perr_t err;

	cr_assert_eq(pttls_version_req_parse((const uint8_t *)"\0\1\1", 3, &r, &err), NEA_ETRUNC);
	cr_assert_eq(pttls_version_req_parse((const uint8_t *)"\0\1\1\1\0", 5, &r, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 4);
	cr_assert_eq(pttls_version_resp_parse((const uint8_t *)"\0\0\1", 3, &v, &err), NEA_ETRUNC);
	cr_assert_eq(pttls_version_resp_parse((const uint8_t *)"\0\0\0\1\1", 5, &v, &err),
		     NEA_EINVAL);
	/* reserved bytes are ignored on receipt */
	cr_assert_eq(pttls_version_resp_parse((const uint8_t *)"\xff\xff\xff\1", 4, &v, &err), 0);
	cr_assert_eq(v, 1);
}

Test(pttls, header_length_limits)
{
	uint8_t b[16] = { 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 16, 0, 0, 0, 9 };
	pttls_hdr_t h;
	pttls_msg_t m;
	nea_perr_t err;

	cr_assert_eq(pttls_msg_parse(b, 16, 0, &m, &err), 0);
	cr_assert_eq(m.value_len, 0);
	/* length < 16 */
	nea_put_u32(b + 8, 15);
	cr_assert_eq(pttls_hdr_parse(b, 16, 0, &h, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 8);
	nea_put_u32(b + 8, 0);
	cr_assert_eq(pttls_hdr_parse(b, 16, 0, &h, &err), NEA_EINVAL);
	/* exactly the limit is fine, one more is not */
	nea_put_u32(b + 8, PTTLS_MAX_MESSAGE_LEN);
	cr_assert_eq(pttls_hdr_parse(b, 16, 0, &h, &err), 0);
	nea_put_u32(b + 8, PTTLS_MAX_MESSAGE_LEN + 1);
	cr_assert_eq(pttls_hdr_parse(b, 16, 0, &h, &err), NEA_ETOOBIG);
	cr_assert_eq(err.offset, 8);
	nea_put_u32(b + 8, 0xffffffffu);
	cr_assert_eq(pttls_hdr_parse(b, 16, 0, &h, &err), NEA_ETOOBIG);
	/* a caller limit below the protocol limit; a larger one is clamped */
	nea_put_u32(b + 8, 1000);
	cr_assert_eq(pttls_hdr_parse(b, 16, 999, &h, &err), NEA_ETOOBIG);
	cr_assert_eq(pttls_hdr_parse(b, 16, 1000, &h, &err), 0);
	nea_put_u32(b + 8, PTTLS_MAX_MESSAGE_LEN + 1);
	cr_assert_eq(pttls_hdr_parse(b, 16, SIZE_MAX, &h, &err), NEA_ETOOBIG);
	/* truncated header */
	cr_assert_eq(pttls_hdr_parse(b, 15, 0, &h, &err), NEA_ETRUNC);
	/* declared length disagrees with the bytes given */
	nea_put_u32(b + 8, 17);
	cr_assert_eq(pttls_msg_parse(b, 16, 0, &m, &err), NEA_ETRUNC);
	nea_put_u32(b + 8, 16);
	{
		uint8_t c[17];

		memcpy(c, b, 16);
		c[16] = 0;
		cr_assert_eq(pttls_msg_parse(c, 17, 0, &m, &err), NEA_EINVAL);
	}
}

Test(pttls, reserved_byte_ignored_and_vendor_types_framed)
{
	uint8_t b[20] = { 0xff, 0x00, 0x55, 0x97, 0, 0, 0, 42, 0, 0, 0, 20, 0, 0, 0, 5, 1, 2, 3, 4 };
	pttls_msg_t m;
	nea_perr_t err;
	nea_wr_t w;

	cr_assert_eq(pttls_msg_parse(b, 20, 0, &m, &err), 0);
	cr_assert_eq(m.hdr.vendor, TNC_PEN_TCG);
	cr_assert_eq(m.hdr.type, 42);
	cr_assert_null(pttls_msg_type_name(m.hdr.vendor, m.hdr.type));
	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_msg_build(&w, m.hdr.vendor, m.hdr.type, 5, m.value, m.value_len), 0);
	cr_assert_eq(w.ptr[0], 0, "reserved written as zero");
	cr_assert_eq(memcmp(w.ptr + 1, b + 1, 19), 0);
	nea_wr_free(&w);
}

Test(pttls, build_refuses_oversize_and_bad_vendor)
{
	nea_wr_t w;
	static uint8_t big[PTTLS_MAX_MESSAGE_LEN - 15];

	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_msg_build(&w, 0, 7, 0, big, sizeof(big)), NEA_ETOOBIG);
	cr_assert_eq(pttls_msg_build(&w, 0x1000000, 7, 0, NULL, 0), NEA_EINVAL);
	cr_assert_eq(pttls_msg_build(&w, 0, 7, 0, big, sizeof(big) - 1), 0);
	cr_assert_eq(w.len, PTTLS_MAX_MESSAGE_LEN);
	cr_assert_eq(nea_get_u32(w.ptr + 8), PTTLS_MAX_MESSAGE_LEN);
	nea_wr_free(&w);
}

Test(pttls, stream_splitter_across_every_split_point)
{
	vec_t a, b;
	uint8_t *stream;
	size_t total, cut;
	nea_perr_t err;

	cr_assert(vec_load("captures/pttls_run1_sasl_mechanisms.hex", &a));
	cr_assert(vec_load("captures/pttls_run1_sasl_result.hex", &b));
	total = a.len + b.len;
	stream = malloc(total);
	memcpy(stream, a.data, a.len);
	memcpy(stream + a.len, b.data, b.len);
	/* feed the stream one prefix at a time: need-more until each is whole */
	for (cut = 0; cut <= total; cut++) {
		size_t need = 0;
		int rc = pttls_stream_next(stream, cut, 0, &need, &err);

		if (cut < 16) {
			cr_assert_eq(rc, NEA_EAGAIN);
			cr_assert_eq(need, 16);
		} else if (cut < a.len) {
			cr_assert_eq(rc, NEA_EAGAIN);
			cr_assert_eq(need, a.len);
		} else {
			cr_assert_eq(rc, 0);
			cr_assert_eq(need, a.len);
		}
		if (cut >= a.len) {
			rc = pttls_stream_next(stream + a.len, cut - a.len, 0, &need, &err);
			cr_assert_eq(rc, cut == total ? 0 : NEA_EAGAIN, "cut %zu", cut);
			if (cut - a.len >= 16)
				cr_assert_eq(need, b.len);
		}
	}
	free(stream);
	vec_free(&a);
	vec_free(&b);
}

Test(pttls, stream_splitter_rejects_bad_lengths_without_waiting)
{
	uint8_t h[16] = { 0, 0, 0, 0, 0, 0, 0, 7, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 1 };
	size_t need;
	nea_perr_t err;

	cr_assert_eq(pttls_stream_next(h, 16, 0, &need, &err), NEA_ETOOBIG);
	nea_put_u32(h + 8, 3);
	cr_assert_eq(pttls_stream_next(h, 16, 0, &need, &err), NEA_EINVAL);
}

Test(pttls, error_message_roundtrip)
{
	static const uint8_t orig[] = { 0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 0, 16, 0, 0, 0, 4 };
	pttls_error_t e = { .vendor = 0, .code = PTTLS_ERR_TYPE_NOT_SUPPORTED, .orig = orig,
			    .orig_len = sizeof(orig) };
	pttls_error_t back;
	nea_perr_t err;
	nea_wr_t w;
	pttls_msg_t m;
	uint8_t *buf;
	size_t len;

	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_error_build(&w, &e), 0);
	buf = nea_wr_detach(&w, &len);
	cr_assert_eq(len, 8 + sizeof(orig));
	cr_assert_eq(pttls_error_parse(buf, len, &back, &err), 0);
	cr_assert_eq(back.code, PTTLS_ERR_TYPE_NOT_SUPPORTED);
	cr_assert_str_eq(pttls_error_code_name(back.vendor, back.code), "Type Not Supported");
	cr_assert_eq(back.orig_len, sizeof(orig));
	cr_assert_eq(memcmp(back.orig, orig, sizeof(orig)), 0);
	cr_assert_eq(pttls_error_parse(buf, 7, &back, &err), NEA_ETRUNC);
	/* wrapped in a PT-TLS message of type 8 */
	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_msg_build(&w, 0, PTTLS_ERROR, 7, buf, len), 0);
	cr_assert_eq(pttls_msg_parse(w.ptr, w.len, 0, &m, &err), 0);
	cr_assert_eq(m.hdr.type, PTTLS_ERROR);
	cr_assert_eq(m.value_len, len);
	nea_wr_free(&w);
	free(buf);
}

/* Every prefix of every PT-TLS vector is rejected or parsed, never overread. */
Test(pttls, prefixes_are_bounded)
{
	static const char *files[] = {
		"spec/pttls_version_request.hex",
		"spec/pttls_sasl_plain_selection.hex",
		"captures/pttls_run1_version_response.hex",
		"captures/pttls_run1_sasl_mechanisms.hex",
		"captures/pttls_run1_sasl_result.hex",
		"captures/pttls_run1_sasl_mechanisms_empty.hex",
	};
	size_t f, n;

	for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		vec_t v;

		cr_assert(vec_load(files[f], &v));
		for (n = 0; n <= v.len; n++) {
			uint8_t *copy = malloc(n ? n : 1);
			pttls_msg_t m;
			nea_perr_t err;
			size_t need;
			int rc;

			memcpy(copy, v.data, n);
			rc = pttls_msg_parse(copy, n, 0, &m, &err);
			cr_assert_eq(rc == 0, n == v.len, "%s prefix %zu", files[f], n);
			rc = pttls_stream_next(copy, n, 0, &need, &err);
			cr_assert_eq(rc, n == v.len ? 0 : NEA_EAGAIN);
			free(copy);
		}
		vec_free(&v);
	}
}

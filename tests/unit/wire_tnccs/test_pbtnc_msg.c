#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "pbtnc_batch.h"
#include "pbtnc_msg.h"
#include "tnc_names.h"

#define S(x) (const uint8_t *)(x), (sizeof(x) - 1)

/* Build one message, wrap it in a batch, parse it back as the receiver. */
typedef struct {
	uint8_t *msg;
	size_t msg_len;
	uint8_t *batch;
	size_t batch_len;
	pbtnc_batch_t parsed;
} rt_t;

static void roundtrip(const pbtnc_msg_t *m, uint8_t type, bool from_server, rt_t *rt)
{
	pbtnc_recv_opts_t opts = { .is_server = !from_server };
	pbtnc_error_t reply;
	nea_perr_t err;
	nea_wr_t w;
	size_t added;
	int rc;

	nea_wr_init(&w, 0);
	cr_assert_eq(pbtnc_msg_build(&w, m), 0);
	rt->msg = nea_wr_detach(&w, &rt->msg_len);
	cr_assert_not_null(rt->msg);
	cr_assert_eq(nea_get_u32(rt->msg + 8), rt->msg_len, "message length field");

	cr_assert_eq(pbtnc_batch_build(from_server, type, m, 1, 0, &rt->batch, &rt->batch_len,
				       &added), 0);
	cr_assert_eq(added, 1);
	cr_assert_eq(rt->batch_len, 8 + rt->msg_len);
	cr_assert_eq(memcmp(rt->batch + 8, rt->msg, rt->msg_len), 0);

	rc = pbtnc_batch_parse(rt->batch, rt->batch_len, &opts, &rt->parsed, &reply, &err);
	cr_assert_eq(rc, 0, "parse: %s at %zu", err.msg, err.offset);
	cr_assert_eq(rt->parsed.n_msgs, 1);
	cr_assert_eq(rt->parsed.msgs[0].kind, m->kind);
	cr_assert_not(rt->parsed.msgs[0].skip);
	cr_assert_eq(rt->parsed.msgs[0].offset, 8);

	/* rebuilding the parsed message gives the same bytes */
	nea_wr_init(&w, 0);
	cr_assert_eq(pbtnc_msg_build(&w, &rt->parsed.msgs[0]), 0);
	cr_assert_eq(w.len, rt->msg_len);
	cr_assert_eq(memcmp(w.ptr, rt->msg, w.len), 0);
	nea_wr_free(&w);
}

static void rt_free(rt_t *rt)
{
	pbtnc_batch_free(&rt->parsed);
	free(rt->msg);
	free(rt->batch);
}

Test(pbtnc_msg, pa_roundtrip)
{
	static const uint8_t body[] = { 1, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef };
	pbtnc_msg_t m;
	rt_t rt;
	const pbtnc_pa_t *pa;

	pbtnc_msg_init(&m, PBTNC_KIND_PA);
	m.u.pa = (pbtnc_pa_t){ .excl = true, .vendor = TNC_PEN_IETF, .subtype = 9,
			       .collector = 3, .validator = 3, .body = body, .body_len = sizeof(body) };
	roundtrip(&m, PBTNC_BATCH_SDATA, true, &rt);
	cr_assert_eq(rt.msg[0], 0x80, "PB-PA is NOSKIP");
	cr_assert_eq(rt.msg_len, 12 + 12 + sizeof(body));
	pa = &rt.parsed.msgs[0].u.pa;
	cr_assert(pa->excl);
	cr_assert_eq(pa->vendor, 0);
	cr_assert_eq(pa->subtype, 9);
	cr_assert_eq(pa->collector, 3);
	cr_assert_eq(pa->validator, 3);
	cr_assert_eq(pa->body_len, sizeof(body));
	cr_assert_eq(memcmp(pa->body, body, sizeof(body)), 0);
	rt_free(&rt);
}

Test(pbtnc_msg, pa_with_empty_body_and_any_ids)
{
	pbtnc_msg_t m;
	rt_t rt;

	pbtnc_msg_init(&m, PBTNC_KIND_PA);
	m.u.pa = (pbtnc_pa_t){ .vendor = TNC_PEN_TCG, .subtype = 1,
			       .collector = PBTNC_PA_ID_ANY, .validator = PBTNC_PA_ID_ANY };
	roundtrip(&m, PBTNC_BATCH_CDATA, false, &rt);
	cr_assert_eq(rt.msg_len, 24);
	cr_assert_not(rt.parsed.msgs[0].u.pa.excl);
	cr_assert_eq(rt.parsed.msgs[0].u.pa.vendor, TNC_PEN_TCG);
	cr_assert_eq(rt.parsed.msgs[0].u.pa.collector, 0xffff);
	cr_assert_eq(rt.parsed.msgs[0].u.pa.body_len, 0);
	rt_free(&rt);
}

Test(pbtnc_msg, assessment_and_access_roundtrip)
{
	uint32_t ev;
	uint16_t rec;

	for (ev = 0; ev <= TNC_EVAL_DONT_KNOW; ev++) {
		pbtnc_msg_t m;
		rt_t rt;

		pbtnc_msg_init(&m, PBTNC_KIND_ASSESSMENT_RESULT);
		m.u.assessment = ev;
		roundtrip(&m, PBTNC_BATCH_RESULT, true, &rt);
		cr_assert_eq(rt.msg[0], 0x80);
		cr_assert_eq(rt.msg_len, 16);
		cr_assert_eq(rt.parsed.msgs[0].u.assessment, ev);
		rt_free(&rt);
	}
	for (rec = PBTNC_ACCESS_ALLOWED; rec <= PBTNC_ACCESS_QUARANTINED; rec++) {
		pbtnc_msg_t m;
		rt_t rt;

		pbtnc_msg_init(&m, PBTNC_KIND_ACCESS_RECOMMENDATION);
		m.u.access = rec;
		roundtrip(&m, PBTNC_BATCH_RESULT, true, &rt);
		cr_assert_eq(rt.msg[0], 0x00);
		cr_assert_eq(rt.msg_len, 16);
		cr_assert_eq(rt.parsed.msgs[0].u.access, rec);
		rt_free(&rt);
	}
}

Test(pbtnc_msg, builders_refuse_values_the_wire_cannot_carry)
{
	pbtnc_msg_t m;
	nea_wr_t w;

	nea_wr_init(&w, 0);
	pbtnc_msg_init(&m, PBTNC_KIND_ASSESSMENT_RESULT);
	m.u.assessment = 5;
	cr_assert_eq(pbtnc_msg_build(&w, &m), NEA_EINVAL);
	nea_wr_free(&w);
	nea_wr_init(&w, 0);
	pbtnc_msg_init(&m, PBTNC_KIND_ACCESS_RECOMMENDATION);
	m.u.access = 0;
	cr_assert_eq(pbtnc_msg_build(&w, &m), NEA_EINVAL);
	nea_wr_free(&w);
	nea_wr_init(&w, 0);
	pbtnc_msg_init(&m, PBTNC_KIND_PA);
	m.u.pa.vendor = 0x1000000;
	cr_assert_eq(pbtnc_msg_build(&w, &m), NEA_EINVAL);
	nea_wr_free(&w);
	nea_wr_init(&w, 0);
	pbtnc_msg_init(&m, PBTNC_KIND_LANGUAGE_PREFERENCE);
	m.u.lang.lang = (const uint8_t *)"en\0";
	m.u.lang.lang_len = 3;
	cr_assert_eq(pbtnc_msg_build(&w, &m), NEA_EINVAL);
	nea_wr_free(&w);
	nea_wr_init(&w, 0);
	pbtnc_msg_init(&m, PBTNC_KIND_REASON_STRING);
	m.u.reason.reason = (const uint8_t *)"x";
	m.u.reason.reason_len = 1;
	m.u.reason.lang = (const uint8_t *)"en";
	m.u.reason.lang_len = 256;
	cr_assert_eq(pbtnc_msg_build(&w, &m), NEA_EINVAL);
	nea_wr_free(&w);
}

Test(pbtnc_msg, remediation_uri_and_string_roundtrip)
{
	pbtnc_msg_t m;
	rt_t rt;

	pbtnc_msg_init(&m, PBTNC_KIND_REMEDIATION_PARAMETERS);
	m.u.remed.vendor = TNC_PEN_IETF;
	m.u.remed.type = PBTNC_REMED_URI;
	m.u.remed.str = (const uint8_t *)"https://remediation.example/fix";
	m.u.remed.str_len = 31;
	roundtrip(&m, PBTNC_BATCH_RESULT, true, &rt);
	cr_assert_eq(rt.msg_len, 12 + 8 + 31);
	cr_assert_eq(rt.parsed.msgs[0].u.remed.str_len, 31);
	cr_assert_eq(memcmp(rt.parsed.msgs[0].u.remed.str, "https://", 8), 0);
	rt_free(&rt);

	pbtnc_msg_init(&m, PBTNC_KIND_REMEDIATION_PARAMETERS);
	m.u.remed.vendor = TNC_PEN_IETF;
	m.u.remed.type = PBTNC_REMED_STRING;
	m.u.remed.str = (const uint8_t *)"Update your packages";
	m.u.remed.str_len = 20;
	m.u.remed.lang = (const uint8_t *)"en";
	m.u.remed.lang_len = 2;
	roundtrip(&m, PBTNC_BATCH_RESULT, true, &rt);
	cr_assert_eq(rt.msg_len, 12 + 8 + 4 + 20 + 1 + 2);
	cr_assert_eq(rt.parsed.msgs[0].u.remed.str_len, 20);
	cr_assert_eq(rt.parsed.msgs[0].u.remed.lang_len, 2);
	cr_assert_eq(memcmp(rt.parsed.msgs[0].u.remed.lang, "en", 2), 0);
	rt_free(&rt);

	/* vendor-specific parameters travel verbatim */
	pbtnc_msg_init(&m, PBTNC_KIND_REMEDIATION_PARAMETERS);
	m.u.remed.vendor = TNC_PEN_ITA;
	m.u.remed.type = 77;
	m.u.remed.params = (const uint8_t *)"\x00\x01\x02";
	m.u.remed.params_len = 3;
	roundtrip(&m, PBTNC_BATCH_RESULT, true, &rt);
	cr_assert_eq(rt.parsed.msgs[0].u.remed.params_len, 3);
	cr_assert_eq(rt.parsed.msgs[0].u.remed.type, 77);
	rt_free(&rt);
}

Test(pbtnc_msg, error_roundtrip_in_strongswan_form)
{
	pbtnc_msg_t m;
	rt_t rt;

	pbtnc_msg_init(&m, PBTNC_KIND_ERROR);
	pbtnc_error_set(&m.u.error, PBTNC_ERR_INVALID_PARAMETER, 0x1234);
	roundtrip(&m, PBTNC_BATCH_CLOSE, true, &rt);
	/*
	 * strongSwan's pb_error_msg build(): 8-byte error header + 4 parameter
	 * bytes, so the message is 12 + 12 = 24 bytes for every code.
	 * (PROTOCOLS.md §3.4 says "exactly 20 bytes (12 hdr + 8)", which drops
	 * the 4 parameter bytes it describes in the same sentence.)
	 */
	cr_assert_eq(rt.msg_len, 24);
	cr_assert_eq(rt.msg[0], 0x80);
	cr_assert_eq(rt.msg[12], 0x80, "fatal flag");
	cr_assert(rt.parsed.msgs[0].u.error.fatal);
	cr_assert(rt.parsed.msgs[0].u.error.has_offset);
	cr_assert_eq(rt.parsed.msgs[0].u.error.offset, 0x1234);
	cr_assert_eq(rt.parsed.msgs[0].u.error.code, 1);
	rt_free(&rt);

	/* Local Error still carries a 4-byte offset field */
	pbtnc_msg_init(&m, PBTNC_KIND_ERROR);
	pbtnc_error_set(&m.u.error, PBTNC_ERR_LOCAL_ERROR, 0);
	roundtrip(&m, PBTNC_BATCH_CLOSE, false, &rt);
	cr_assert_eq(rt.msg_len, 24);
	rt_free(&rt);

	pbtnc_msg_init(&m, PBTNC_KIND_ERROR);
	pbtnc_error_set_version(&m.u.error, 1);
	roundtrip(&m, PBTNC_BATCH_CLOSE, true, &rt);
	cr_assert_eq(rt.msg_len, 24);
	cr_assert_eq(memcmp(rt.msg + 20, "\x01\x02\x02\x00", 4), 0);
	cr_assert(rt.parsed.msgs[0].u.error.has_version);
	cr_assert_eq(rt.parsed.msgs[0].u.error.bad_version, 1);
	cr_assert_eq(rt.parsed.msgs[0].u.error.max_version, 2);
	cr_assert_eq(rt.parsed.msgs[0].u.error.min_version, 2);
	rt_free(&rt);
}

Test(pbtnc_msg, language_preference_carries_the_accept_language_prefix)
{
	pbtnc_msg_t m;
	rt_t rt;

	pbtnc_msg_init(&m, PBTNC_KIND_LANGUAGE_PREFERENCE);
	m.u.lang.lang = (const uint8_t *)"en";
	m.u.lang.lang_len = 2;
	roundtrip(&m, PBTNC_BATCH_CDATA, false, &rt);
	cr_assert_eq(rt.msg_len, 31, "as captured from strongSwan");
	cr_assert_eq(memcmp(rt.msg + 12, "Accept-Language: en", 19), 0);
	cr_assert_eq(rt.msg[0], 0x00);
	cr_assert_eq(rt.parsed.msgs[0].u.lang.lang_len, 2);
	cr_assert_eq(memcmp(rt.parsed.msgs[0].u.lang.lang, "en", 2), 0);
	rt_free(&rt);
}

Test(pbtnc_msg, reason_string_roundtrip)
{
	pbtnc_msg_t m;
	rt_t rt;

	pbtnc_msg_init(&m, PBTNC_KIND_REASON_STRING);
	m.u.reason = (pbtnc_reason_t){ S("Open server ports were detected"), S("en") };
	roundtrip(&m, PBTNC_BATCH_RESULT, true, &rt);
	cr_assert_eq(rt.msg_len, 50, "as captured from strongSwan");
	cr_assert_eq(rt.parsed.msgs[0].u.reason.reason_len, 31);
	cr_assert_eq(rt.parsed.msgs[0].u.reason.lang_len, 2);
	rt_free(&rt);
}

Test(pbtnc_msg, pdp_referral_fqdn_ipv4_ipv6_roundtrip)
{
	static const uint8_t v4[4] = { 192, 0, 2, 7 };
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	pbtnc_msg_t m;
	rt_t rt;

	pbtnc_msg_init(&m, PBTNC_KIND_PDP_REFERRAL);
	m.u.pdp = (pbtnc_pdp_t){ .id_vendor = TNC_PEN_TCG, .id_type = PBTNC_PDP_ID_FQDN,
				 .typed = true, .protocol = 0, .port = 271,
				 .addr = (const uint8_t *)"pdp.example.org", .addr_len = 15 };
	roundtrip(&m, PBTNC_BATCH_SDATA, true, &rt);
	cr_assert_eq(rt.msg_len, 12 + 8 + 4 + 15);
	cr_assert_eq(nea_get_u32(rt.msg + 4), 1, "TCG type 1");
	cr_assert_eq(nea_get_u24(rt.msg + 1), TNC_PEN_TCG);
	cr_assert(rt.parsed.msgs[0].u.pdp.typed);
	cr_assert_eq(rt.parsed.msgs[0].u.pdp.port, 271);
	cr_assert_eq(rt.parsed.msgs[0].u.pdp.addr_len, 15);
	rt_free(&rt);

	pbtnc_msg_init(&m, PBTNC_KIND_PDP_REFERRAL);
	m.u.pdp = (pbtnc_pdp_t){ .id_vendor = TNC_PEN_TCG, .id_type = PBTNC_PDP_ID_IPV4,
				 .typed = true, .port = 271, .addr = v4, .addr_len = 4 };
	roundtrip(&m, PBTNC_BATCH_SDATA, true, &rt);
	cr_assert(rt.parsed.msgs[0].u.pdp.typed);
	cr_assert_eq(memcmp(rt.parsed.msgs[0].u.pdp.addr, v4, 4), 0);
	rt_free(&rt);

	pbtnc_msg_init(&m, PBTNC_KIND_PDP_REFERRAL);
	m.u.pdp = (pbtnc_pdp_t){ .id_vendor = TNC_PEN_TCG, .id_type = PBTNC_PDP_ID_IPV6,
				 .typed = true, .protocol = 0, .port = 4271, .addr = v6, .addr_len = 16 };
	roundtrip(&m, PBTNC_BATCH_SDATA, true, &rt);
	cr_assert(rt.parsed.msgs[0].u.pdp.typed);
	cr_assert_eq(rt.parsed.msgs[0].u.pdp.port, 4271);
	cr_assert_eq(memcmp(rt.parsed.msgs[0].u.pdp.addr, v6, 16), 0);
	rt_free(&rt);

	/* wrong-size IPv4 identifier: bad for the builder ... */
	{
		nea_wr_t w;

		nea_wr_init(&w, 0);
		m.u.pdp.id_type = PBTNC_PDP_ID_IPV4;
		cr_assert_eq(pbtnc_msg_build(&w, &m), NEA_EINVAL);
		nea_wr_free(&w);
	}
}

Test(pbtnc_msg, mutual_capability_and_experimental_roundtrip)
{
	pbtnc_msg_t m;
	rt_t rt;

	pbtnc_msg_init(&m, PBTNC_KIND_MUTUAL_CAPABILITY);
	m.u.mutual = PBTNC_MUTUAL_HALF_DUPLEX;
	roundtrip(&m, PBTNC_BATCH_CDATA, false, &rt);
	cr_assert_eq(rt.msg_len, 16);
	cr_assert_eq(nea_get_u24(rt.msg + 1), TNC_PEN_ITA);
	cr_assert_eq(memcmp(rt.msg + 12, "\x80\x00\x00\x00", 4), 0);
	cr_assert_eq(rt.parsed.msgs[0].u.mutual, PBTNC_MUTUAL_HALF_DUPLEX);
	rt_free(&rt);

	pbtnc_msg_init(&m, PBTNC_KIND_EXPERIMENTAL);
	m.value = (const uint8_t *)"anything";
	m.value_len = 8;
	roundtrip(&m, PBTNC_BATCH_CDATA, false, &rt);
	cr_assert_eq(rt.msg[0], 0x00);
	cr_assert_eq(rt.parsed.msgs[0].value_len, 8);
	rt_free(&rt);
}

Test(pbtnc_msg, table_matches_protocols_md)
{
	static const struct {
		uint32_t vendor, type, min;
		bool exact, result;
		uint8_t noskip;
	} rows[] = {
		{ 0, 0, 12, false, false, PBTNC_NOSKIP_ANY },
		{ 0, 1, 24, false, false, PBTNC_NOSKIP_SET },
		{ 0, 2, 16, true, true, PBTNC_NOSKIP_SET },
		{ 0, 3, 16, true, true, PBTNC_NOSKIP_CLEAR },
		{ 0, 4, 20, false, true, PBTNC_NOSKIP_CLEAR },
		{ 0, 5, 20, false, false, PBTNC_NOSKIP_SET },
		{ 0, 6, 12, false, false, PBTNC_NOSKIP_CLEAR },
		{ 0, 7, 17, false, true, PBTNC_NOSKIP_CLEAR },
		{ 0x005597, 1, 20, false, false, PBTNC_NOSKIP_CLEAR },
		{ 0x00902a, 1, 16, false, false, PBTNC_NOSKIP_CLEAR },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const pbtnc_msg_info_t *info = pbtnc_msg_info(rows[i].vendor, rows[i].type);

		cr_assert_not_null(info, "row %zu", i);
		cr_assert_eq(info->min_len, rows[i].min, "row %zu", i);
		cr_assert_eq(info->exact, rows[i].exact, "row %zu", i);
		cr_assert_eq(info->result_only, rows[i].result, "row %zu", i);
		cr_assert_eq(info->noskip, rows[i].noskip, "row %zu", i);
	}
	/* strongSwan treats these as unknown on receipt */
	cr_assert_null(pbtnc_msg_info(0, 8));
	cr_assert_null(pbtnc_msg_info(TNC_PEN_TCG, 0));
	cr_assert_null(pbtnc_msg_info(TNC_PEN_ITA, PBTNC_ITA_MSG_NOSKIP_TEST));
}

/* ---- value parsers: rejections with strongSwan's offsets ---- */

Test(pbtnc_msg, pa_reserved_vendor_and_subtype)
{
	uint8_t v[12] = { 0x80, 0xff, 0xff, 0xff, 0, 0, 0, 1, 0, 1, 0, 1 };
	pbtnc_pa_t pa;
	nea_perr_t err;

	cr_assert_eq(pbtnc_pa_parse(v, sizeof(v), &pa, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 1);
	memset(v + 1, 0, 3);
	memset(v + 4, 0xff, 4);
	cr_assert_eq(pbtnc_pa_parse(v, sizeof(v), &pa, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 4);
	cr_assert_eq(pbtnc_pa_parse(v, 11, &pa, &err), NEA_ETRUNC);
}

Test(pbtnc_msg, assessment_and_access_out_of_range)
{
	uint32_t ev;
	uint16_t rec;
	nea_perr_t err;

	cr_assert_eq(pbtnc_assess_parse((const uint8_t *)"\0\0\0\5", 4, &ev, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 0);
	cr_assert_eq(pbtnc_assess_parse((const uint8_t *)"\0\0\0\4", 4, &ev, &err), 0);
	cr_assert_eq(ev, 4);
	cr_assert_eq(pbtnc_access_parse((const uint8_t *)"\0\0\0\0", 4, &rec, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 2);
	cr_assert_eq(pbtnc_access_parse((const uint8_t *)"\0\0\0\4", 4, &rec, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 2);
	/* reserved bytes are ignored on receipt */
	cr_assert_eq(pbtnc_access_parse((const uint8_t *)"\xff\xff\0\3", 4, &rec, &err), 0);
	cr_assert_eq(rec, 3);
}

Test(pbtnc_msg, remediation_string_offsets)
{
	pbtnc_remed_t r;
	nea_perr_t err;
	/* IETF/String, length 5 "ab\0cd" -> NUL at string position 2 -> 12 + 2 */
	static const uint8_t nul_in_str[] = { 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 5,
					      'a', 'b', 0, 'c', 'd', 2, 'e', 'n' };
	/* string length larger than the rest -> 8 */
	static const uint8_t long_str[] = { 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 9, 'a', 'b' };
	/* no language length byte -> 12 + 2 */
	static const uint8_t no_lang[] = { 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 'a', 'b' };
	/* NUL in language code -> 13 + 2 + 1 */
	static const uint8_t nul_lang[] = { 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 'a', 'b',
					    2, 'e', 0 };

	cr_assert_eq(pbtnc_remed_parse(nul_in_str, sizeof(nul_in_str), &r, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 14);
	cr_assert_eq(pbtnc_remed_parse(long_str, sizeof(long_str), &r, &err), NEA_ETRUNC);
	cr_assert_eq(err.offset, 8);
	cr_assert_eq(pbtnc_remed_parse(no_lang, sizeof(no_lang), &r, &err), NEA_ETRUNC);
	cr_assert_eq(err.offset, 14);
	cr_assert_eq(pbtnc_remed_parse(nul_lang, sizeof(nul_lang), &r, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 16);
	cr_assert_eq(pbtnc_remed_parse(nul_in_str, 8, &r, &err), NEA_ETRUNC);
	cr_assert_eq(err.offset, 8);
}

Test(pbtnc_msg, error_params_decoded_only_in_ietf_four_byte_form)
{
	pbtnc_error_t e;
	nea_perr_t err;
	static const uint8_t six[] = { 0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 9, 1, 2 };
	static const uint8_t vendor[] = { 0x00, 0, 0x55, 0x97, 0, 1, 0, 0, 0, 0, 0, 9 };
	static const uint8_t bare[] = { 0x80, 0, 0, 0, 0, 2, 0, 0 };

	cr_assert_eq(pbtnc_error_parse(six, sizeof(six), &e, &err), 0);
	cr_assert_not(e.has_offset);
	cr_assert_eq(e.params_len, 6);
	cr_assert_eq(pbtnc_error_parse(vendor, sizeof(vendor), &e, &err), 0);
	cr_assert_not(e.has_offset);
	cr_assert_not(e.fatal);
	cr_assert_eq(e.vendor, TNC_PEN_TCG);
	cr_assert_eq(pbtnc_error_parse(bare, sizeof(bare), &e, &err), 0);
	cr_assert_eq(e.code, PBTNC_ERR_LOCAL_ERROR);
	cr_assert_eq(pbtnc_error_parse(bare, 7, &e, &err), NEA_ETRUNC);
	cr_assert_eq(err.offset, 0);
}

Test(pbtnc_msg, language_preference_rejections)
{
	const uint8_t *lang;
	size_t n;
	nea_perr_t err;

	cr_assert_eq(pbtnc_lang_parse(S("en"), &lang, &n, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 0);
	cr_assert_eq(pbtnc_lang_parse(S("Accept-Language:en"), &lang, &n, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 0);
	cr_assert_eq(pbtnc_lang_parse(S("Accept-Language: en\0"), &lang, &n, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 19);
	cr_assert_eq(pbtnc_lang_parse(S("Accept-Language: "), &lang, &n, &err), 0);
	cr_assert_eq(n, 0);
	cr_assert_eq(pbtnc_lang_parse(S("Accept-Language: de, en;q=0.5"), &lang, &n, &err), 0);
	cr_assert_eq(n, 12);
}

Test(pbtnc_msg, reason_string_offsets)
{
	pbtnc_reason_t r;
	nea_perr_t err;
	static const uint8_t nul_reason[] = { 0, 0, 0, 3, 'a', 'b', 0, 2, 'e', 'n' };
	static const uint8_t no_lang[] = { 0, 0, 0, 2, 'a', 'b' };
	static const uint8_t nul_lang[] = { 0, 0, 0, 2, 'a', 'b', 2, 'e', 0 };
	static const uint8_t too_long[] = { 0, 0, 0, 7, 'a', 'b', 0 };
	static const uint8_t trailing[] = { 0, 0, 0, 2, 'a', 'b', 2, 'e', 'n', 'X', 'Y' };

	cr_assert_eq(pbtnc_reason_parse(nul_reason, sizeof(nul_reason), &r, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 6);
	cr_assert_eq(pbtnc_reason_parse(no_lang, sizeof(no_lang), &r, &err), NEA_ETRUNC);
	cr_assert_eq(err.offset, 6);
	cr_assert_eq(pbtnc_reason_parse(nul_lang, sizeof(nul_lang), &r, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 8);
	cr_assert_eq(pbtnc_reason_parse(too_long, sizeof(too_long), &r, &err), NEA_ETRUNC);
	cr_assert_eq(err.offset, 0);
	cr_assert_eq(pbtnc_reason_parse(trailing, sizeof(trailing), &r, &err), 0);
	cr_assert_eq(r.lang_len, 2);
}

Test(pbtnc_msg, pdp_referral_short_fqdn_and_raw_ip)
{
	pbtnc_pdp_t p;
	nea_perr_t err;
	static const uint8_t short_fqdn[] = { 0, 0x00, 0x55, 0x97, 0, 0, 0, 0, 0, 0, 1, 0x0f };
	static const uint8_t odd_ipv4[] = { 0, 0x00, 0x55, 0x97, 0, 0, 0, 1, 0, 0, 1, 0x0f, 1, 2 };

	cr_assert_eq(pbtnc_pdp_parse(short_fqdn, sizeof(short_fqdn), &p, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 8);
	cr_assert_eq(pbtnc_pdp_parse(odd_ipv4, sizeof(odd_ipv4), &p, &err), 0);
	cr_assert_not(p.typed, "strongSwan does not check IP identifiers; nea keeps them raw");
	cr_assert_eq(p.id_len, 6);
}

/* Every prefix of a valid value is either rejected cleanly or parsed. */
Test(pbtnc_msg, value_prefixes_are_bounded)
{
	static const uint8_t pa[] = { 0x80, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0xff, 0xff, 1, 2, 3 };
	static const uint8_t remed[] = { 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 'h', 'i', 2, 'e', 'n' };
	static const uint8_t reason[] = { 0, 0, 0, 2, 'h', 'i', 2, 'e', 'n' };
	static const uint8_t pdp[] = { 0, 0, 0x55, 0x97, 0, 0, 0, 0, 0, 0, 1, 0x0f, 'a', 'b' };
	static const uint8_t error[] = { 0x80, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 9 };
	static const uint8_t lang[] = "Accept-Language: en";
	struct {
		pbtnc_kind_t kind;
		const uint8_t *v;
		size_t len;
	} cases[] = {
		{ PBTNC_KIND_PA, pa, sizeof(pa) },
		{ PBTNC_KIND_REMEDIATION_PARAMETERS, remed, sizeof(remed) },
		{ PBTNC_KIND_REASON_STRING, reason, sizeof(reason) },
		{ PBTNC_KIND_PDP_REFERRAL, pdp, sizeof(pdp) },
		{ PBTNC_KIND_ERROR, error, sizeof(error) },
		{ PBTNC_KIND_LANGUAGE_PREFERENCE, lang, sizeof(lang) - 1 },
		{ PBTNC_KIND_ASSESSMENT_RESULT, (const uint8_t *)"\0\0\0\1", 4 },
		{ PBTNC_KIND_ACCESS_RECOMMENDATION, (const uint8_t *)"\0\0\0\1", 4 },
		{ PBTNC_KIND_MUTUAL_CAPABILITY, (const uint8_t *)"\x80\0\0\0", 4 },
	};
	size_t c, n;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		for (n = 0; n <= cases[c].len; n++) {
			uint8_t *copy = malloc(n ? n : 1);
			pbtnc_msg_t m;
			nea_perr_t err;
			int rc;

			memcpy(copy, cases[c].v, n);
			pbtnc_msg_init(&m, cases[c].kind);
			m.value = copy;
			m.value_len = n;
			err.offset = 0;
			rc = pbtnc_msg_value_parse(&m, &err);
			if (n == cases[c].len)
				cr_assert_eq(rc, 0, "kind %d full value", cases[c].kind);
			else if (rc)
				cr_assert(err.offset <= cases[c].len, "kind %d prefix %zu", cases[c].kind, n);
			free(copy);
		}
	}
}

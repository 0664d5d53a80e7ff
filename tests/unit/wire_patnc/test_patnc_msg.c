/*
 * PA-TNC message header, iteration, builder and the receiver's rules
 * (version, NOSKIP, malformed headers and values, error suppression),
 * checked against the spec vectors and hand-built messages with the exact
 * error attribute bytes strongSwan would send.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "attr_ietf_attr_request.h"
#include "attr_ietf_product_info.h"
#include "attr_tcg_seg_contract.h"
#include "attr_types.h"
#include "patnc_msg.h"
#include "patnc_print.h"
#include "patnc_vec.h"

static void expect_bytes(const uint8_t *got, size_t glen, const char *hex)
{
	size_t len;
	uint8_t *want = pv_hex(hex, &len);

	cr_assert_eq(glen, len, "length %zu, want %zu", glen, len);
	cr_assert_arr_eq(got, want, len);
	free(want);
}

Test(patnc_msg, attr_request_os_vector)
{
	static const uint32_t want[][2] = {
		{ 0, 2 }, { 0, 4 }, { 0, 3 }, { 0, 5 }, { 0, 11 }, { 0, 12 }, { PEN_ITA, 8 },
	};
	const attr_ietf_attr_request_t *req;
	patnc_rx_t rx;
	patnc_builder_t b;
	uint8_t *msg, *again;
	size_t len, alen, i;

	msg = pv_load("spec/patnc_attr_request_os.hex", &len);
	cr_assert_eq(patnc_msg_process(msg, len, &rx), 0, "%s", rx.fault.perr.msg);
	cr_assert_eq(rx.hdr.version, 1);
	cr_assert_eq(rx.hdr.msg_id, 0x01020304);
	cr_assert_eq(rx.count, 1);
	cr_assert_eq(rx.attrs[0].vendor, PEN_IETF);
	cr_assert_eq(rx.attrs[0].type, IETF_ATTR_ATTRIBUTE_REQUEST);
	cr_assert_eq(rx.attrs[0].flags, 0);
	cr_assert_eq(rx.attrs[0].offset, 8);
	req = rx.attrs[0].data;
	cr_assert_eq(req->count, 7);
	for (i = 0; i < 7; i++) {
		cr_assert_eq(req->entries[i].vendor, want[i][0]);
		cr_assert_eq(req->entries[i].type, want[i][1]);
	}
	cr_assert_eq(patnc_builder_init(&b, 0x01020304, 0), 0);
	cr_assert_eq(patnc_builder_add(&b, 0, PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST, req), 0);
	again = patnc_builder_finish(&b, &alen);
	cr_assert_eq(alen, len);
	cr_assert_arr_eq(again, msg, len);
	free(again);
	patnc_rx_free(&rx);
	free(msg);
}

Test(patnc_msg, pbpa_os_excl_vector_body)
{
	uint8_t *pbpa, *body;
	size_t len, blen;
	patnc_rx_t rx;

	pbpa = pv_load("spec/pbpa_os_excl.hex", &len);
	body = pv_load("spec/patnc_attr_request_os.hex", &blen);
	/* PB-PA message: 12-byte PB header, 12-byte PB-PA header, PA-TNC body */
	cr_assert_eq(len, 24 + blen);
	cr_assert_eq(pbpa[0], 0x80);       /* PB NOSKIP */
	cr_assert_eq(pbpa[12], 0x80);      /* EXCL */
	cr_assert_eq(pbpa[20] << 8 | pbpa[21], 0xffff); /* any IMC */
	cr_assert_eq(pbpa[22] << 8 | pbpa[23], 1);      /* validator 1 */
	cr_assert_arr_eq(pbpa + 24, body, blen);
	cr_assert_eq(patnc_msg_process(pbpa + 24, blen, &rx), 0);
	cr_assert_eq(rx.count, 1);
	cr_assert_eq(((attr_ietf_attr_request_t *)rx.attrs[0].data)->count, 7);
	patnc_rx_free(&rx);
	free(body);
	free(pbpa);
}

Test(patnc_msg, seg_contract_request_vector)
{
	attr_tcg_seg_contract_t c;
	nea_perr_t err;
	uint8_t *attr;
	size_t len;
	nea_wr_t w;

	attr = pv_load("spec/tcg_seg_contract_req.hex", &len);
	cr_assert_eq(len, 20);
	cr_assert_eq(nea_get_u24(attr + 1), PEN_TCG);
	cr_assert_eq(nea_get_u32(attr + 4), TCG_SEG_CONTRACT_REQ);
	cr_assert_eq(nea_get_u32(attr + 8), 20);
	cr_assert_eq(attr_tcg_seg_contract_parse(TCG_SEG_CONTRACT_REQ, attr + 12, 8, &c, &err), 0);
	cr_assert_eq(c.max_msg_size, 100000000u);
	cr_assert_eq(c.max_seg_size, 32698u);
	nea_wr_init(&w, 0);
	cr_assert_eq(patnc_attr_encode(0, PEN_TCG, TCG_SEG_CONTRACT_REQ, &c, &w), 0);
	cr_assert_eq(w.len, len);
	cr_assert_arr_eq(w.ptr, attr, len);
	nea_wr_free(&w);
	free(attr);
}

/* Build and process msg (hex); return rc and leave rx for inspection. */
static int run(const char *hex, patnc_rx_t *rx, uint8_t **buf)
{
	size_t len;

	*buf = pv_hex(hex, &len);
	return patnc_msg_process(*buf, len, rx);
}

static void expect_error_msg(const patnc_rx_t *rx, const char *hex)
{
	uint8_t *m;
	size_t len;

	cr_assert(rx->fault.has_error);
	cr_assert_eq(patnc_fault_to_msg(&rx->fault, 0x0a0b0c0d, &m, &len), 0);
	expect_bytes(m, len, hex);
	free(m);
}

Test(patnc_msg, version_not_supported)
{
	patnc_rx_t rx;
	uint8_t *b;

	cr_assert_eq(run("02000000 11223344", &rx, &b), NEA_EVERSION);
	cr_assert_eq(rx.fault.error.code, PA_ERROR_VERSION_NOT_SUPPORTED);
	/* error message: header, IETF PA-TNC Error attribute with the first 8
	 * bytes of the offending message and Max=Min=1 */
	expect_error_msg(&rx, "01000000 0a0b0c0d  00000000 00000008 00000020"
			      "  00000000 00000002  02000000 11223344  01010000");
	patnc_rx_free(&rx);
	free(b);
}

Test(patnc_msg, short_message_gets_no_error)
{
	patnc_rx_t rx;
	uint8_t *b;

	cr_assert_eq(run("01000000 112233", &rx, &b), NEA_ETRUNC);
	cr_assert_not(rx.fault.has_error);
	patnc_rx_free(&rx);
	free(b);
}

Test(patnc_msg, unknown_noskip_is_not_supported)
{
	patnc_rx_t rx;
	uint8_t *b;

	/* IETF Product Information, then NOSKIP vendor 0x123456 type 7 */
	cr_assert_eq(run("01000000 deadbeef"
			 "00000000 00000002 00000011 0025720000"
			 "80123456 00000007 0000000e abcd",
			 &rx, &b),
		     NEA_EUNSUPPORTED);
	cr_assert_eq(rx.fault.perr.offset, 25);
	cr_assert_eq(rx.fault.error.code, PA_ERROR_ATTR_TYPE_NOT_SUPPORTED);
	cr_assert_eq(rx.count, 1); /* decoded before the fault */
	expect_error_msg(&rx, "01000000 0a0b0c0d  00000000 00000008 00000024"
			      "  00000000 00000003  01000000 deadbeef  80123456 00000007");
	patnc_rx_free(&rx);
	free(b);
}

Test(patnc_msg, unknown_without_noskip_is_skipped)
{
	patnc_rx_t rx;
	uint8_t *b;

	cr_assert_eq(run("01000000 deadbeef"
			 "00123456 00000007 0000000e abcd"
			 "00000000 0000000b 00000010 00000001",
			 &rx, &b),
		     0);
	cr_assert_eq(rx.skipped, 1);
	cr_assert_eq(rx.count, 2);
	cr_assert_null(rx.attrs[0].codec);
	cr_assert_eq(rx.attrs[0].value_len, 2);
	cr_assert_not_null(rx.attrs[1].codec);
	cr_assert_eq(rx.attrs[1].offset, 22);
	cr_assert_not(rx.fault.has_error);
	patnc_rx_free(&rx);
	free(b);
}

Test(patnc_msg, malformed_value_offset)
{
	patnc_rx_t rx;
	uint8_t *b;

	/* Forwarding Enabled = 7 at attribute offset 8: value offset 0 -> 20 */
	cr_assert_eq(run("01000000 00000001  00000000 0000000b 00000010 00000007", &rx, &b),
		     NEA_EINVAL);
	cr_assert_eq(rx.fault.perr.offset, 20);
	cr_assert_eq(rx.fault.error.code, PA_ERROR_INVALID_PARAMETER);
	expect_error_msg(&rx, "01000000 0a0b0c0d  00000000 00000008 00000020"
			      "  00000000 00000001  01000000 00000001  00000014");
	patnc_rx_free(&rx);
	free(b);

	/* String Version with a NUL in the version string at value offset 2 */
	cr_assert_eq(run("01000000 00000001  00000000 00000004 00000011 03 61 00 62 00 00", &rx,
			 &b),
		     NEA_EINVAL);
	cr_assert_eq(rx.fault.perr.offset, 8 + 12 + 2);
	cr_assert_eq(rx.fault.error.offset, 22);
	patnc_rx_free(&rx);
	free(b);

	/* Product Information shorter than 5 bytes: offset 0 of the value */
	cr_assert_eq(run("01000000 00000001  00000000 00000002 0000000f 002572", &rx, &b),
		     NEA_ETRUNC);
	cr_assert_eq(rx.fault.error.offset, 20);
	patnc_rx_free(&rx);
	free(b);
}

Test(patnc_msg, malformed_headers)
{
	static const struct {
		const char *hex;
		int rc;
		size_t off;
	} cases[] = {
		/* 5 bytes left for an attribute header: offset of the attribute */
		{ "01000000 00000001 0000000000", NEA_ETRUNC, 8 },
		/* length 11 < 12: offset of the length field */
		{ "01000000 00000001 00000000 0000000b 0000000b", NEA_EINVAL, 16 },
		/* length runs past the message */
		{ "01000000 00000001 00000000 0000000b 00000011 00000000", NEA_ETRUNC, 16 },
		/* length 2^32-1 (no wrap-around) */
		{ "01000000 00000001 00000000 0000000b ffffffff 00000000", NEA_ETRUNC, 16 },
		/* reserved vendor: offset + 1 */
		{ "01000000 00000001 00ffffff 00000001 0000000c", NEA_EINVAL, 9 },
		/* reserved type: offset + 4 */
		{ "01000000 00000001 00000000 ffffffff 0000000c", NEA_EINVAL, 12 },
		/* second attribute malformed: offsets count from the message start */
		{ "01000000 00000001 00000000 00000000 0000000c 00000000 00000000 00000005",
		  NEA_EINVAL, 28 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		patnc_rx_t rx;
		uint8_t *b;

		cr_assert_eq(run(cases[i].hex, &rx, &b), cases[i].rc, "case %zu", i);
		cr_assert_eq(rx.fault.perr.offset, cases[i].off, "case %zu: offset %zu", i,
			     rx.fault.perr.offset);
		cr_assert(rx.fault.has_error);
		cr_assert_eq(rx.fault.error.code, PA_ERROR_INVALID_PARAMETER);
		cr_assert_eq(rx.fault.error.offset, cases[i].off);
		cr_assert_eq(memcmp(rx.fault.error.msg_info, b, 8), 0);
		patnc_rx_free(&rx);
		free(b);
	}
}

Test(patnc_msg, malformed_error_attribute_is_never_answered)
{
	patnc_rx_t rx;
	uint8_t *b;

	/* PA-TNC Error with 3 value bytes, then a valid Assessment Result */
	cr_assert_eq(run("01000000 00000001  00000000 00000008 0000000f 000000"
			 "00000000 00000009 00000010 00000000",
			 &rx, &b),
		     0);
	cr_assert_eq(rx.suppressed, 1);
	cr_assert_eq(rx.count, 1);
	cr_assert_eq(rx.attrs[0].type, IETF_ATTR_ASSESSMENT_RESULT);
	cr_assert_not(rx.fault.has_error);
	patnc_rx_free(&rx);
	free(b);
}

Test(patnc_msg, builder_respects_limit)
{
	attr_ietf_product_info_t pi = { PEN_DEBIAN, 0, (const uint8_t *)"Debian", 6 };
	patnc_builder_t b;
	uint8_t *m;
	size_t len;

	/* header 8 + Product Information 23 = 31 */
	cr_assert_eq(patnc_builder_init(&b, 0x2698cf93, 31), 0);
	cr_assert_eq(patnc_builder_space(&b), 23);
	cr_assert_eq(patnc_builder_add(&b, 0, PEN_IETF, IETF_ATTR_PRODUCT_INFO, &pi), 0);
	cr_assert_eq(patnc_builder_space(&b), 0);
	cr_assert_eq(patnc_builder_add(&b, 0, PEN_IETF, IETF_ATTR_PRODUCT_INFO, &pi), NEA_ETOOBIG);
	cr_assert_eq(patnc_builder_add_raw(&b, 0, PEN_IETF, 0, NULL, 0), NEA_ETOOBIG);
	m = patnc_builder_finish(&b, &len);
	expect_bytes(m, len, "01000000 2698cf93 00000000 00000002 00000017 0025720000 44656269616e");
	free(m);

	/* an unknown codec and an invalid struct leave the message untouched */
	cr_assert_eq(patnc_builder_init(&b, 1, 0), 0);
	cr_assert_eq(patnc_builder_add(&b, 0, 0x123456, 1, &pi), NEA_ENOTFOUND);
	pi.vendor = 0;
	pi.id = 5;
	cr_assert_eq(patnc_builder_add(&b, 0, PEN_IETF, IETF_ATTR_PRODUCT_INFO, &pi), NEA_EINVAL);
	m = patnc_builder_finish(&b, &len);
	expect_bytes(m, len, "01000000 00000001");
	free(m);
	cr_assert_eq(patnc_builder_init(&b, 1, 7), NEA_EINVAL);
	patnc_builder_free(&b);
}

Test(patnc_msg, dump_names_attributes)
{
	nea_wr_t o;
	uint8_t *msg;
	size_t len;

	msg = pv_load("spec/patnc_attr_request_os.hex", &len);
	nea_wr_init(&o, 0);
	cr_assert_eq(patnc_msg_dump(msg, len, &o), 0);
	cr_assert(strstr(patnc_pr_cstr(&o), "'IETF/Attribute Request' 0x000000/0x00000001"));
	cr_assert(strstr(patnc_pr_cstr(&o), "0x00902a/0x00000008 'ITA-HSR/Device ID'"));
	cr_assert(strstr(patnc_pr_cstr(&o), "ID 0x01020304"));
	nea_wr_free(&o);
	free(msg);
}

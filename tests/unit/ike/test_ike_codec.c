/* IKEv2 header, payload chain and payload codecs. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "ike_msg.h"
#include "ike_names.h"
#include "ike_test_util.h"

/*
 * A handcrafted IKE_SA_INIT request shaped exactly like charon's in the
 * seed ("parsed IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP)
 * N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]", 240 bytes): proposal
 * aes256-sha256-x25519, 32-byte nonce, four signature hash algorithms.
 */
static const char *sa_init_hex =
	"1111111111111111 0000000000000000 21 20 22 08 00000000 000000f0"
	/* SA */
	"22 00 0030"
	"00 00 002c 01 01 00 04"
	"03 00 000c 01 00 000c 800e0100"
	"03 00 0008 03 00 000c"
	"03 00 0008 02 00 0005"
	"00 00 0008 04 00 001f"
	/* KE group 31 */
	"28 00 0028 001f 0000"
	"a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf"
	/* Nonce */
	"29 00 0024"
	"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
	/* N(NATD_S_IP), N(NATD_D_IP) */
	"29 00 001c 00 00 4004 cccccccccccccccccccccccccccccccccccccccc"
	"29 00 001c 00 00 4005 dddddddddddddddddddddddddddddddddddddddd"
	/* N(FRAG_SUP), N(HASH_ALG: SHA2-256/384/512, identity), N(REDIR_SUP) */
	"29 00 0008 00 00 402e"
	"29 00 0010 00 00 402f 0002 0003 0004 0005"
	"00 00 0008 00 00 4016";

static int parse_hex(ike_msg_t *m, const char *hex, unsigned flags, nea_perr_t *err)
{
	size_t len;
	uint8_t *b = hexdec(hex, &len);
	int rc = ike_msg_parse(m, b, len, flags, err);

	free(b);
	return rc;
}

Test(ike_codec, parses_charon_shaped_sa_init)
{
	ike_msg_t m;
	nea_perr_t err;
	char sum[256];
	const ike_payload_t *p;

	cr_assert_eq(parse_hex(&m, sa_init_hex, 0, &err), 0, "%s @%zu", err.msg, err.offset);
	cr_assert_eq(m.raw.len, 240);
	cr_assert_eq(m.hdr.exchange, IKE_EXCH_SA_INIT);
	cr_assert(ike_hdr_from_initiator(&m.hdr));
	cr_assert_not(ike_hdr_is_response(&m.hdr));
	cr_assert_eq(m.npl, 8);
	cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)),
			 "IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) "
			 "N(HASH_ALG) N(REDIR_SUP) ]");

	p = ike_msg_get(&m, IKE_PL_SA);
	cr_assert_not_null(p);
	cr_assert_eq(p->u.sa.nprops, 1);
	cr_assert_eq(p->u.sa.props[0].num, 1);
	cr_assert_eq(p->u.sa.props[0].proto, IKE_PROTO_IKE);
	cr_assert_eq(p->u.sa.props[0].ntrans, 4);
	cr_assert_eq(p->u.sa.props[0].trans[0].type, IKE_TRANS_ENCR);
	cr_assert_eq(p->u.sa.props[0].trans[0].id, IKE_ENCR_AES_CBC);
	cr_assert_eq(p->u.sa.props[0].trans[0].keylen, 256);
	cr_assert_eq(p->u.sa.props[0].trans[3].type, IKE_TRANS_DH);
	cr_assert_eq(p->u.sa.props[0].trans[3].id, IKE_DH_CURVE25519);

	p = ike_msg_get(&m, IKE_PL_KE);
	cr_assert_eq(p->u.ke.group, IKE_DH_CURVE25519);
	cr_assert_eq(p->u.ke.data.len, 32);
	cr_assert_eq(p->u.ke.data.ptr[0], 0xa0);
	cr_assert_eq(ike_msg_get(&m, IKE_PL_NONCE)->u.nonce.data.len, 32);
	p = ike_msg_get_notify(&m, IKE_N_NAT_DETECTION_DESTINATION_IP);
	cr_assert_not_null(p);
	cr_assert_eq(p->offset, 28 + 48 + 40 + 36 + 28);
	cr_assert_eq(p->u.notify.data.len, 20);
	cr_assert_eq(p->u.notify.data.ptr[0], 0xdd);
	p = ike_msg_get_notify(&m, IKE_N_SIGNATURE_HASH_ALGORITHMS);
	cr_assert_eq(p->u.notify.data.len, 8);
	cr_assert_null(ike_msg_get_notify(&m, IKE_N_COOKIE));
	cr_assert_eq(ike_msg_count(&m, IKE_PL_NOTIFY), 5);
	ike_msg_free(&m);
}

Test(ike_codec, rebuilds_parsed_message_byte_for_byte)
{
	ike_msg_t m;
	nea_perr_t err;
	nea_wr_t w;

	cr_assert_eq(parse_hex(&m, sa_init_hex, 0, &err), 0);
	nea_wr_init(&w, 0);
	cr_assert_eq(ike_msg_build(&m.hdr, m.pl, m.npl, &w), 0);
	assert_bytes_eq(w.ptr, w.len, m.raw.ptr, m.raw.len);
	nea_wr_free(&w);
	ike_msg_free(&m);
}

/* Every payload type: build from structs, parse, compare, rebuild. */
Test(ike_codec, round_trips_every_payload)
{
	static const uint8_t spi4[4] = { 0xc1, 0xc2, 0xc3, 0xc4 }, nonce[16] = { 1, 2, 3 };
	static const uint8_t ip4[4] = { 192, 168, 0, 3 }, natd[20] = { 9 }, sha1s[40] = { 7 };
	static const uint8_t eap_req_id[5] = { 1, 0x2a, 0, 5, 1 }, vid[16] = { 0x88 };
	static const uint8_t dels[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, ke[32] = { 0x42 };
	static const uint8_t sig[3] = { 0xde, 0xad, 0x01 }, cert[5] = { 0x30, 3, 2, 1, 0 };
	static const uint8_t v6addr[17] = { 0xfe, 0x80, [15] = 1, [16] = 64 };
	ike_transform_t esp_t[3] = {
		{ .type = IKE_TRANS_ENCR, .id = IKE_ENCR_AES_GCM_16, .keylen = 256 },
		{ .type = IKE_TRANS_ENCR, .id = IKE_ENCR_CHACHA20_POLY1305 },
		{ .type = IKE_TRANS_ESN, .id = IKE_ESN_NO },
	};
	ike_transform_t ike_t[1] = { { .type = IKE_TRANS_DH, .id = IKE_DH_ECP_256 } };
	ike_proposal_t props[2] = {
		{ .num = 1, .proto = IKE_PROTO_ESP, .spi_len = 4, .spi = { 0xc1, 0xc2, 0xc3, 0xc4 },
		  .ntrans = 3, .trans = esp_t },
		{ .num = 2, .proto = IKE_PROTO_IKE, .spi_len = 8, .spi = { 1, 2, 3, 4, 5, 6, 7, 8 },
		  .ntrans = 1, .trans = ike_t },
	};
	ike_ts_t ts[2] = {
		{ .ts_type = IKE_TS_IPV4_ADDR_RANGE, .ip_proto = 0, .start_port = 0,
		  .end_port = 65535, .start = { 10, 1, 0, 0 }, .end = { 10, 1, 0, 255 } },
		{ .ts_type = IKE_TS_IPV6_ADDR_RANGE, .ip_proto = 17, .start_port = 500,
		  .end_port = 500, .start = { 0x20, 0x01 }, .end = { 0x20, 0x01, [15] = 0xff } },
	};
	ike_cp_attr_t attrs[3] = {
		{ .type = IKE_CA_INTERNAL_IP4_ADDRESS, .value = { ip4, 4 } },
		{ .type = IKE_CA_INTERNAL_IP4_DNS },
		{ .type = IKE_CA_INTERNAL_IP6_ADDRESS, .value = { v6addr, 17 } },
	};
	ike_payload_t pl[] = {
		{ .type = IKE_PL_SA, .u.sa = { 2, props } },
		{ .type = IKE_PL_KE, .u.ke = { IKE_DH_ECP_256, { ke, 32 } } },
		{ .type = IKE_PL_IDI, .u.id = { IKE_ID_IPV4_ADDR, { 0 }, { ip4, 4 } } },
		{ .type = IKE_PL_IDR, .u.id = { IKE_ID_FQDN, { 0 }, { (const uint8_t *)"server", 6 } } },
		{ .type = IKE_PL_CERT, .u.cert = { IKE_CERT_X509_SIG, { cert, 5 } } },
		{ .type = IKE_PL_CERTREQ, .u.cert = { IKE_CERT_X509_SIG, { sha1s, 40 } } },
		{ .type = IKE_PL_AUTH, .u.auth = { IKE_AUTH_SHARED_KEY, { sig, 3 } } },
		{ .type = IKE_PL_NONCE, .u.nonce = { { nonce, 16 } } },
		{ .type = IKE_PL_NOTIFY, .u.notify = { IKE_PROTO_NONE, IKE_N_NAT_DETECTION_SOURCE_IP,
						       { NULL, 0 }, { natd, 20 } } },
		{ .type = IKE_PL_NOTIFY, .u.notify = { IKE_PROTO_ESP, IKE_N_REKEY_SA, { spi4, 4 },
						       { NULL, 0 } } },
		{ .type = IKE_PL_DELETE, .u.del = { IKE_PROTO_ESP, 4, 2, { dels, 8 } } },
		{ .type = IKE_PL_DELETE, .u.del = { IKE_PROTO_IKE, 0, 0, { NULL, 0 } } },
		{ .type = IKE_PL_VID, .u.vid = { { vid, 16 } } },
		{ .type = IKE_PL_TSI, .u.ts = { 2, ts } },
		{ .type = IKE_PL_TSR, .u.ts = { 1, ts } },
		{ .type = IKE_PL_CP, .u.cp = { IKE_CFG_REQUEST, 3, attrs } },
		{ .type = IKE_PL_EAP, .u.eap = { .pkt = { eap_req_id, 5 } } },
		{ .type = 200, .body = { (const uint8_t *)"opaque", 6 } },
	};
	const size_t n = sizeof(pl) / sizeof(pl[0]);
	ike_hdr_t h = { .spi_i = { 1 }, .exchange = IKE_EXCH_INFORMATIONAL, .msg_id = 7,
			.flags = IKE_FLAG_RESPONSE };
	nea_wr_t w, w2;
	ike_msg_t m;
	nea_perr_t err;
	char sum[512];

	nea_wr_init(&w, 0);
	cr_assert_eq(ike_msg_build(&h, pl, n, &w), 0);
	cr_assert_eq(ike_msg_parse(&m, w.ptr, w.len, IKE_PARSE_STRICT, &err), 0, "%s @%zu",
		     err.msg, err.offset);
	cr_assert_eq(m.npl, n);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(m.pl[i].type, pl[i].type, "payload %zu", i);
	cr_assert_eq(m.hdr.msg_id, 7);
	cr_assert(ike_hdr_is_response(&m.hdr));

	/* field by field where the structs carry more than bytes */
	cr_assert_eq(m.pl[0].u.sa.nprops, 2);
	cr_assert_eq(m.pl[0].u.sa.props[0].trans[0].keylen, 256);
	cr_assert_eq(m.pl[0].u.sa.props[0].trans[1].keylen, 0);
	cr_assert_eq(m.pl[0].u.sa.props[0].spi_len, 4);
	assert_bytes_eq(m.pl[0].u.sa.props[0].spi, 4, spi4, 4);
	cr_assert_eq(m.pl[0].u.sa.props[1].spi_len, 8);
	cr_assert_eq(m.pl[0].u.sa.props[1].trans[0].id, IKE_DH_ECP_256);
	assert_bytes_eq(m.pl[2].u.id.data.ptr, m.pl[2].u.id.data.len, ip4, 4);
	cr_assert_eq(m.pl[3].u.id.id_type, IKE_ID_FQDN);
	cr_assert_eq(m.pl[5].u.cert.data.len, 40);
	cr_assert_eq(m.pl[9].u.notify.proto, IKE_PROTO_ESP);
	assert_bytes_eq(m.pl[9].u.notify.spi.ptr, m.pl[9].u.notify.spi.len, spi4, 4);
	cr_assert_eq(m.pl[10].u.del.nspi, 2);
	cr_assert_eq(m.pl[13].u.ts.nts, 2);
	cr_assert_eq(m.pl[13].u.ts.ts[0].end_port, 65535);
	cr_assert_eq(m.pl[13].u.ts.ts[1].ip_proto, 17);
	cr_assert_eq(m.pl[13].u.ts.ts[1].end[15], 0xff);
	cr_assert_eq(m.pl[15].u.cp.nattrs, 3);
	cr_assert_eq(m.pl[15].u.cp.attrs[1].value.len, 0);
	cr_assert_eq(m.pl[15].u.cp.attrs[2].value.len, 17);
	cr_assert_eq(m.pl[16].u.eap.code, IKE_EAP_REQUEST);
	cr_assert_eq(m.pl[16].u.eap.id, 0x2a);
	cr_assert_eq(m.pl[16].u.eap.eap_type, IKE_EAP_T_IDENTITY);
	cr_assert_eq(m.pl[17].body.len, 6);

	cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)),
			 "INFORMATIONAL response 7 [ SA KE IDi IDr CERT CERTREQ AUTH No N(NATD_S_IP) "
			 "N(REKEY_SA) D D V TSi TSr CPRQ(ADDR DNS ADDR6) EAP/REQ/ID 200 ]");

	nea_wr_init(&w2, 0);
	cr_assert_eq(ike_msg_build(&m.hdr, m.pl, m.npl, &w2), 0);
	assert_bytes_eq(w2.ptr, w2.len, w.ptr, w.len);
	nea_wr_free(&w2);
	nea_wr_free(&w);
	ike_msg_free(&m);
}

Test(ike_codec, summary_truncates_safely)
{
	ike_msg_t m;
	nea_perr_t err;
	char small[20];

	cr_assert_eq(parse_hex(&m, sa_init_hex, 0, &err), 0);
	ike_msg_summary(&m, small, sizeof(small));
	cr_assert_eq(strlen(small), sizeof(small) - 1);
	cr_assert_eq(strncmp(small, "IKE_SA_INIT request", 19), 0);
	ike_msg_free(&m);
}

/* --- header errors ------------------------------------------------------ */

static void expect_fail(const char *hex, unsigned flags, int code, size_t offset)
{
	ike_msg_t m;
	nea_perr_t err = { 0 };
	int rc = parse_hex(&m, hex, flags, &err);

	cr_assert_eq(rc, code, "rc %d (%s), want %d; msg '%s'", rc, nea_strerror(rc), code,
		     err.msg);
	cr_assert_eq(err.code, code);
	cr_assert_eq(err.offset, offset, "offset %zu, want %zu (%s)", err.offset, offset, err.msg);
	cr_assert(err.msg[0] != '\0');
	ike_msg_free(&m);
}

#define HDR(next, len) "1111111111111111 2222222222222222 " next " 20 23 08 00000001 " len

/* An IKE_AUTH request 1 with the given first payload and body, its length
 * field computed from the body. */
static const char *msg(const char *next, const char *body)
{
	static char buf[4096];
	size_t digits = 0;

	for (const char *p = body; *p; p++)
		digits += isxdigit((unsigned char)*p) != 0;
	snprintf(buf, sizeof(buf), "1111111111111111 2222222222222222 %s 20 23 08 00000001 %08zx %s",
		 next, IKE_HDR_LEN + digits / 2, body);
	return buf;
}

Test(ike_codec, header_errors_carry_offsets)
{
	/* shorter than a header */
	expect_fail("11111111111111110000000000000000212022", 0, NEA_ETRUNC, 19);
	/* IKEv1 major version */
	expect_fail("1111111111111111 2222222222222222 00 10 25 08 00000001 0000001c", 0,
		    NEA_EVERSION, 17);
	/* zero initiator SPI */
	expect_fail("0000000000000000 2222222222222222 00 20 25 08 00000001 0000001c", 0,
		    NEA_EINVAL, 0);
	/* length field shorter than the header / longer than the datagram /
	 * shorter than the datagram */
	expect_fail(HDR("00", "00000010"), 0, NEA_EINVAL, 24);
	expect_fail(HDR("00", "00000020"), 0, NEA_ETRUNC, 28);
	expect_fail(HDR("00", "0000001c") "00", 0, NEA_EINVAL, 28);
	/* reserved flag bits: ignored, unless strict */
	{
		ike_msg_t m;
		nea_perr_t err;

		cr_assert_eq(parse_hex(&m, "1111111111111111 2222222222222222 00 20 25 89 00000001 "
					   "0000001c", 0, &err), 0);
		ike_msg_free(&m);
	}
	expect_fail("1111111111111111 2222222222222222 00 20 25 89 00000001 0000001c",
		    IKE_PARSE_STRICT, NEA_EINVAL, 19);
}

Test(ike_codec, version_error_maps_to_invalid_major_version)
{
	cr_assert_eq(ike_msg_err_notify(NEA_EVERSION), IKE_N_INVALID_MAJOR_VERSION);
	cr_assert_eq(ike_msg_err_notify(NEA_EUNSUPPORTED), IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD);
	cr_assert_eq(ike_msg_err_notify(NEA_EINVAL), IKE_N_INVALID_SYNTAX);
	cr_assert_eq(ike_msg_err_notify(NEA_ETRUNC), IKE_N_INVALID_SYNTAX);
	cr_assert_eq(ike_msg_err_notify(NEA_EAUTH), 0);
}

/* --- payload chain errors ----------------------------------------------- */

Test(ike_codec, payload_length_shorter_than_generic_header)
{
	expect_fail(msg("29", "00 00 0003"), 0, NEA_EINVAL, 30);
}

Test(ike_codec, payload_longer_than_message)
{
	expect_fail(msg("29", "00 00 0010 00 00 4004"), 0, NEA_ETRUNC, 30);
}

Test(ike_codec, truncated_generic_header)
{
	expect_fail(msg("29", "0000"), 0, NEA_ETRUNC, 28);
}

Test(ike_codec, bytes_after_last_payload)
{
	expect_fail(msg("29", "00 00 0008 00 00 4016 ff"), 0, NEA_EINVAL, 36);
}

Test(ike_codec, unknown_critical_payload_is_unsupported)
{
	ike_msg_t m;
	nea_perr_t err;
	int rc;

	expect_fail(msg("29", "99 00 0008 00 00 4016 00 80 0004"), 0, NEA_EUNSUPPORTED,
		    36);
	rc = parse_hex(&m, msg("29", "99 00 0008 00 00 4016 00 80 0004"), 0, &err);
	cr_assert_eq(rc, NEA_EUNSUPPORTED);
	cr_assert_eq(m.crit_type, 0x99);
	ike_msg_free(&m);
}

Test(ike_codec, unknown_noncritical_payload_is_skipped)
{
	ike_msg_t m;
	nea_perr_t err;
	char sum[128];

	cr_assert_eq(parse_hex(&m, msg("99", "29 00 0006 abcd 00 00 0008 00 00 4016"),
			       0, &err),
		     0, "%s", err.msg);
	cr_assert_eq(m.npl, 2);
	cr_assert_eq(m.pl[0].type, 0x99);
	cr_assert_eq(m.pl[0].body.len, 2);
	cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)),
			 "IKE_AUTH request 1 [ 153 N(REDIR_SUP) ]");
	ike_msg_free(&m);
}

Test(ike_codec, critical_bit_on_known_payload_is_ignored)
{
	ike_msg_t m;
	nea_perr_t err;

	cr_assert_eq(parse_hex(&m, msg("29", "00 80 0008 00 00 4016"), 0, &err), 0);
	cr_assert(m.pl[0].critical);
	ike_msg_free(&m);
}

Test(ike_codec, reserved_payload_bits_only_rejected_when_strict)
{
	ike_msg_t m;
	nea_perr_t err;

	cr_assert_eq(parse_hex(&m, msg("29", "00 01 0008 00 00 4016"), 0, &err), 0);
	ike_msg_free(&m);
	expect_fail(msg("29", "00 01 0008 00 00 4016"), IKE_PARSE_STRICT, NEA_EINVAL,
		    29);
}

Test(ike_codec, encrypted_payload_must_be_last)
{
	/* SK followed by a notify is impossible: SK's length runs to the end */
	expect_fail(msg("2e", "29 00 0010 00112233445566778899aabb 00 00 0008 00 00 4016"),
		    0, NEA_EINVAL, 44);
}

Test(ike_codec, encrypted_payload_stops_the_walk)
{
	ike_msg_t m;
	nea_perr_t err;
	char sum[128];

	cr_assert_eq(parse_hex(&m, msg("2e", "23 00 0010 00112233445566778899aabb"), 0,
			       &err),
		     0, "%s", err.msg);
	cr_assert_eq(m.sk, 0);
	cr_assert_eq(m.pl[0].u.sk.first, IKE_PL_IDI);
	cr_assert_eq(m.pl[0].u.sk.body.len, 12);
	cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)), "IKE_AUTH request 1 [ E ]");
	ike_msg_free(&m);
}

Test(ike_codec, fragment_header_checked)
{
	ike_msg_t m;
	nea_perr_t err;
	char sum[128];

	cr_assert_eq(parse_hex(&m, msg("35", "23 00 0014 0001 0003 00112233445566778899aabb"),
			       0, &err),
		     0, "%s", err.msg);
	cr_assert_eq(m.pl[0].u.skf.num, 1);
	cr_assert_eq(m.pl[0].u.skf.total, 3);
	cr_assert_eq(m.pl[0].u.skf.first, IKE_PL_IDI);
	cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)), "IKE_AUTH request 1 [ EF(1/3) ]");
	ike_msg_free(&m);
	expect_fail(msg("35", "00 00 0008 0000 0003"), 0, NEA_EINVAL, 32);
	expect_fail(msg("35", "00 00 0008 0004 0003"), 0, NEA_EINVAL, 32);
	expect_fail(msg("35", "00 00 0006 0001"), 0, NEA_ETRUNC, 34);
}

Test(ike_codec, too_many_payloads)
{
	char hex[8192];
	int n = snprintf(hex, sizeof(hex), HDR("2b", "%08x"), 28 + 300 * 5);

	for (int i = 0; i < 300; i++)
		n += snprintf(hex + n, sizeof(hex) - n, "%s 00 0005 ff", i == 299 ? "00" : "2b");
	expect_fail(hex, 0, NEA_ETOOBIG, 28 + IKE_MAX_PAYLOADS * 5);
}

/* --- payload body errors ------------------------------------------------ */

Test(ike_codec, nonce_length_bounds)
{
	expect_fail(msg("28", "00 00 0013 000102030405060708090a0b0c0d0e"), 0, NEA_EINVAL,
		    32);
}

Test(ike_codec, sa_structure_errors)
{
	/* SA payload at 28, proposal at 32, its body at 36, transform at 40 */
	/* last-substructure says "more" but nothing follows */
	expect_fail(msg("21", "00 00 0014 02 00 0010 01 01 00 01 00 00 0008 01 00 000c"), 0,
		    NEA_EINVAL, 32);
	/* transform says "more" but it is the last announced */
	expect_fail(msg("21", "00 00 0014 00 00 0010 01 01 00 01 03 00 0008 01 00 000c"), 0,
		    NEA_EINVAL, 40);
	/* announces two transforms, holds one */
	expect_fail(msg("21", "00 00 0014 00 00 0010 01 01 00 02 03 00 0008 01 00 000c"), 0,
		    NEA_ETRUNC, 48);
	/* proposal length beyond the SA payload */
	expect_fail(msg("21", "00 00 0014 00 00 0024 01 01 00 01 00 00 0008 01 00 000c"), 0,
		    NEA_ETRUNC, 34);
	/* transform length below its header */
	expect_fail(msg("21", "00 00 0014 00 00 0010 01 01 00 01 00 00 0007 01 00 000c"), 0,
		    NEA_EINVAL, 42);
	/* SPI size 3 */
	expect_fail(msg("21", "00 00 0014 00 00 0010 01 03 03 01 00 00 0008 01 00 000c"), 0,
		    NEA_EINVAL, 38);
	/* key length in TLV format */
	expect_fail(msg("21", "00 00 001a 00 00 0016 01 01 00 01 00 00 000e 01 00 000c "
			      "000e 0002 0100"),
		    0, NEA_EINVAL, 48);
	/* empty SA */
	expect_fail(msg("21", "00 00 0004"), 0, NEA_EINVAL, 32);
}

Test(ike_codec, unknown_attribute_marks_transform)
{
	ike_msg_t m;
	nea_perr_t err;

	cr_assert_eq(parse_hex(&m, msg("21", "00 00 001c 00 00 0018 01 01 00 01 "
					"00 00 0010 01 00 000c 800e 0100 8011 0001"),
			       0, &err),
		     0, "%s", err.msg);
	cr_assert(m.pl[0].u.sa.props[0].trans[0].unknown_attr);
	cr_assert_eq(m.pl[0].u.sa.props[0].trans[0].keylen, 256);
	ike_msg_free(&m);
}

Test(ike_codec, notify_data_lengths)
{
	/* NATD hash of 19 bytes */
	expect_fail(msg("29", "00 00 001b 00 00 4004 "
					  "cccccccccccccccccccccccccccccccccccccc"),
		    0, NEA_EINVAL, 36);
	/* INVALID_KE_PAYLOAD without group */
	expect_fail(msg("29", "00 00 0008 00 00 0011"), 0, NEA_EINVAL, 36);
	/* SPI size beyond the payload */
	expect_fail(msg("29", "00 00 0008 03 04 4009"), 0, NEA_ETRUNC, 33);
	/* unknown protocol */
	expect_fail(msg("29", "00 00 0008 07 00 4009"), 0, NEA_EINVAL, 32);
}

Test(ike_codec, other_payload_errors)
{
	/* ID IPv4 with 5 bytes */
	expect_fail(msg("23", "00 00 0009 01 000000 0102030405"), 0, NEA_EINVAL, 36);
	/* CERTREQ CA list not a multiple of 20 */
	expect_fail(msg("26", "00 00 000a 04 0102030405"), 0, NEA_EINVAL, 33);
	/* Delete ESP with 3 SPIs announced, 2 present */
	expect_fail(msg("2a", "00 00 0010 03 04 0003 0000000100000002"), 0, NEA_EINVAL,
		    36);
	/* Delete IKE SA with an SPI */
	expect_fail(msg("2a", "00 00 0008 01 08 0001"), 0, NEA_EINVAL, 32);
	/* TS IPv4 range with selector length 12 */
	expect_fail(msg("2c", "00 00 0014 01 000000 07 00 000c 0000ffff 0a000001"), 0,
		    NEA_EINVAL, 38);
	/* TS count 2, one present */
	expect_fail(msg("2c", "00 00 0018 02 000000 07 00 0010 0000ffff 0a000001 0a0000ff"),
		    0, NEA_ETRUNC, 52);
	/* CP IPv4 address of 3 bytes */
	expect_fail(msg("2f", "00 00 000f 01 000000 0001 0003 0a0000"), 0, NEA_EINVAL, 38);
	/* EAP length differing from payload */
	expect_fail(msg("30", "00 00 0009 01 01 0006 01 00"), 0, NEA_EINVAL, 34);
	/* EAP Success with a type */
	expect_fail(msg("30", "00 00 0009 03 01 0005 01"), 0, NEA_EINVAL, 34);
	/* KE without data */
	expect_fail(msg("22", "00 00 0008 001f 0000"), 0, NEA_EINVAL, 36);
}

Test(ike_codec, builders_refuse_unrepresentable_values)
{
	static const uint8_t shortnonce[8] = { 0 };
	ike_payload_t p = { .type = IKE_PL_NONCE, .u.nonce = { { shortnonce, 8 } } };
	ike_hdr_t h = { .spi_i = { 1 } };
	nea_wr_t w;

	nea_wr_init(&w, 0);
	cr_assert_eq(ike_msg_build(&h, &p, 1, &w), NEA_EINVAL);
	nea_wr_free(&w);

	p = (ike_payload_t){ .type = IKE_PL_SK };
	nea_wr_init(&w, 0);
	cr_assert_eq(ike_msg_build(&h, &p, 1, &w), NEA_EINVAL);
	nea_wr_free(&w);

	p = (ike_payload_t){ .type = IKE_PL_SA, .u.sa = { 0, NULL } };
	nea_wr_init(&w, 0);
	cr_assert_eq(ike_msg_build(&h, &p, 1, &w), NEA_EINVAL);
	nea_wr_free(&w);
}

Test(ike_codec, names)
{
	cr_assert_str_eq(ike_notify_short_name(IKE_N_IKEV2_MESSAGE_ID_SYNC_SUPPORTED),
			 "MSG_ID_SYN_SUP");
	cr_assert_str_eq(ike_notify_name(IKE_N_INTERNAL_ADDRESS_FAILURE),
			 "INTERNAL_ADDRESS_FAILURE");
	cr_assert_str_eq(ike_transform_name(IKE_TRANS_DH, IKE_DH_CURVE25519), "CURVE_25519");
	cr_assert_str_eq(ike_transform_name(IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_256_128),
			 "HMAC_SHA2_256_128");
	cr_assert_null(ike_notify_name(12345));
	cr_assert_str_eq(ike_exchange_name(IKE_EXCH_CREATE_CHILD_SA), "CREATE_CHILD_SA");
	cr_assert_str_eq(ike_eap_type_short_name(IKE_EAP_T_PT_EAP), "PT");
}

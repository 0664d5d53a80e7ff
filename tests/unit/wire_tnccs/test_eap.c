#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "eap_pkt.h"
#include "eap_tls_pkt.h"
#include "nea_buf.h"
#include "nea_err.h"
#include "pbtnc_batch.h"
#include "vec.h"

#define S(x) (const uint8_t *)(x), (sizeof(x) - 1)

Test(eap, identity_roundtrip)
{
	nea_wr_t w;
	eap_pkt_t p;
	nea_perr_t err;

	nea_wr_init(&w, 0);
	cr_assert_eq(eap_identity_build(&w, EAP_CODE_RESPONSE, 0x2a, S("carol@strongswan.org")), 0);
	cr_assert_eq(w.len, 5 + 20);
	cr_assert_eq(memcmp(w.ptr, "\x02\x2a\x00\x19\x01", 5), 0);
	cr_assert_eq(eap_pkt_parse(w.ptr, w.len, &p, &err), 0);
	cr_assert_eq(p.code, EAP_CODE_RESPONSE);
	cr_assert_eq(p.id, 0x2a);
	cr_assert_eq(p.type, EAP_TYPE_IDENTITY);
	cr_assert_eq(p.data_len, 20);
	cr_assert_eq(memcmp(p.data, "carol@", 6), 0);
	nea_wr_free(&w);
	/* an Identity request with no data */
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_identity_build(&w, EAP_CODE_REQUEST, 1, NULL, 0), 0);
	cr_assert_eq(memcmp(w.ptr, "\x01\x01\x00\x05\x01", 5), 0);
	nea_wr_free(&w);
}

Test(eap, success_failure_and_nak)
{
	nea_wr_t w;
	eap_pkt_t p;
	nea_perr_t err;
	const uint8_t *types;
	size_t n;

	nea_wr_init(&w, 0);
	cr_assert_eq(eap_status_build(&w, EAP_CODE_SUCCESS, 7), 0);
	cr_assert_eq(w.len, 4);
	cr_assert_eq(memcmp(w.ptr, "\x03\x07\x00\x04", 4), 0);
	cr_assert_eq(eap_pkt_parse(w.ptr, w.len, &p, &err), 0);
	cr_assert_eq(p.type, 0);
	nea_wr_free(&w);
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_status_build(&w, EAP_CODE_FAILURE, 8), 0);
	cr_assert_eq(memcmp(w.ptr, "\x04\x08\x00\x04", 4), 0);
	cr_assert_eq(eap_status_build(&w, EAP_CODE_REQUEST, 8), NEA_EINVAL);
	nea_wr_free(&w);
	/* a Success with data is malformed */
	cr_assert_eq(eap_pkt_parse((const uint8_t *)"\x03\x07\x00\x05\x00", 5, &p, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 2);
	/* Nak: "I'd rather do PT-EAP or TTLS" */
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_nak_build(&w, 9, (const uint8_t *)"\x36\x15", 2), 0);
	cr_assert_eq(memcmp(w.ptr, "\x02\x09\x00\x07\x03\x36\x15", 7), 0);
	cr_assert_eq(eap_pkt_parse(w.ptr, w.len, &p, &err), 0);
	cr_assert_eq(eap_nak_parse(&p, &types, &n, &err), 0);
	cr_assert_eq(n, 2);
	cr_assert_eq(types[0], EAP_TYPE_PT_EAP);
	cr_assert_eq(eap_nak_build(&w, 9, NULL, 0), NEA_EINVAL);
	nea_wr_free(&w);
	cr_assert_eq(eap_pkt_parse((const uint8_t *)"\x02\x09\x00\x05\x03", 5, &p, &err), 0);
	cr_assert_eq(eap_nak_parse(&p, &types, &n, &err), NEA_ETRUNC);
	cr_assert_eq(eap_pkt_parse((const uint8_t *)"\x01\x09\x00\x06\x03\x04", 6, &p, &err), 0);
	cr_assert_eq(eap_nak_parse(&p, &types, &n, &err), NEA_EINVAL, "a Nak is a response");
}

Test(eap, header_rejections)
{
	eap_pkt_t p;
	nea_perr_t err;

	cr_assert_eq(eap_pkt_parse((const uint8_t *)"\x01\x01\x00", 3, &p, &err), NEA_ETRUNC);
	cr_assert_eq(eap_pkt_parse((const uint8_t *)"\x01\x01\x00\x06\x01", 5, &p, &err), NEA_ETRUNC);
	cr_assert_eq(err.offset, 2);
	cr_assert_eq(eap_pkt_parse((const uint8_t *)"\x01\x01\x00\x04\x01", 5, &p, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 2);
	cr_assert_eq(eap_pkt_parse((const uint8_t *)"\x01\x01\x00\x04", 4, &p, &err), NEA_ETRUNC,
		     "request without type");
	cr_assert_eq(err.offset, 4);
	cr_assert_eq(eap_pkt_parse((const uint8_t *)"\x05\x01\x00\x04", 4, &p, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 0);
	cr_assert_eq(eap_pkt_parse((const uint8_t *)"\x00\x01\x00\x04", 4, &p, &err), NEA_EINVAL);
}

Test(eap, start_packets_as_strongswan_sends_them)
{
	nea_wr_t w;
	eap_tls_pkt_t p;
	nea_perr_t err;

	nea_wr_init(&w, 0);
	cr_assert_eq(eap_tls_start_build(&w, EAP_TYPE_PT_EAP, 0x42), 0);
	cr_assert_eq(w.len, 6);
	cr_assert_eq(memcmp(w.ptr, "\x01\x42\x00\x06\x36\x81", 6), 0);
	cr_assert_eq(eap_tls_pkt_parse(w.ptr, w.len, EAP_TYPE_PT_EAP, &p, &err), 0);
	cr_assert(p.start);
	cr_assert_eq(p.version, 1);
	cr_assert_not(eap_tls_pkt_is_ack(&p));
	nea_wr_free(&w);
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_tls_start_build(&w, EAP_TYPE_TTLS, 0x43), 0);
	cr_assert_eq(memcmp(w.ptr, "\x01\x43\x00\x06\x15\x20", 6), 0);
	nea_wr_free(&w);
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_tls_start_build(&w, EAP_TYPE_TNC, 0x44), 0);
	cr_assert_eq(memcmp(w.ptr, "\x01\x44\x00\x06\x26\x21", 6), 0);
	nea_wr_free(&w);
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_tls_ack_build(&w, EAP_CODE_RESPONSE, EAP_TYPE_TTLS, 0x43), 0);
	cr_assert_eq(memcmp(w.ptr, "\x02\x43\x00\x06\x15\x00", 6), 0);
	cr_assert_eq(eap_tls_pkt_parse(w.ptr, w.len, EAP_TYPE_TTLS, &p, &err), 0);
	cr_assert(eap_tls_pkt_is_ack(&p));
	nea_wr_free(&w);
}

/* PT-EAP carries one whole PB-TNC batch: the captured CLOSE batch. */
Test(eap, pt_eap_carries_one_pbtnc_batch)
{
	vec_t v;
	nea_wr_t w;
	eap_tls_pkt_t p = { .code = EAP_CODE_RESPONSE, .id = 5, .type = EAP_TYPE_PT_EAP };
	eap_tls_pkt_t back;
	nea_perr_t err;
	pbtnc_batch_t b;
	pbtnc_recv_opts_t o = { .is_server = true, .max_batch_size = PBTNC_MAX_BATCH_EAP };

	cr_assert(vec_load("captures/run1_password_freshdb_01_pdp_recv_CDATA.hex", &v));
	p.data = v.data;
	p.data_len = v.len;
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_tls_pkt_build(&w, &p), 0);
	cr_assert_eq(w.len, 6 + v.len);
	cr_assert_eq(w.ptr[5], 0x01, "version 1, no flags: strongSwan never sets L on PT-EAP");
	cr_assert_eq(eap_tls_pkt_parse(w.ptr, w.len, EAP_TYPE_PT_EAP, &back, &err), 0);
	cr_assert_not(back.start);
	cr_assert_not(back.has_length);
	cr_assert_eq(back.data_len, v.len);
	cr_assert_eq(pbtnc_batch_parse(back.data, back.data_len, &o, &b, NULL, &err), 0);
	cr_assert_eq(b.n_msgs, 4);
	pbtnc_batch_free(&b);
	nea_wr_free(&w);
	/* PT-EAP has no L or M */
	p.more = true;
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_tls_pkt_build(&w, &p), NEA_EINVAL);
	p.more = false;
	p.has_length = true;
	cr_assert_eq(eap_tls_pkt_build(&w, &p), NEA_EINVAL);
	nea_wr_free(&w);
	vec_free(&v);
}

Test(eap, pt_eap_flag_bits)
{
	eap_tls_pkt_t p;
	nea_perr_t err;

	/* 0x80 is Start for PT-EAP, not L: no length field is read */
	cr_assert_eq(eap_tls_pkt_parse(S("\x01\x01\x00\x08\x36\x81\x02\x00"), EAP_TYPE_PT_EAP, &p, &err),
		     0);
	cr_assert(p.start);
	cr_assert_not(p.has_length);
	cr_assert_eq(p.data_len, 2);
	/* reserved bits ignored */
	cr_assert_eq(eap_tls_pkt_parse(S("\x02\x01\x00\x06\x36\x79"), EAP_TYPE_PT_EAP, &p, &err), 0);
	cr_assert_not(p.start);
	/* version 0 and 2 rejected */
	cr_assert_eq(eap_tls_pkt_parse(S("\x02\x01\x00\x06\x36\x80"), EAP_TYPE_PT_EAP, &p, &err),
		     NEA_EVERSION);
	cr_assert_eq(err.offset, 5);
	cr_assert_eq(eap_tls_pkt_parse(S("\x02\x01\x00\x06\x36\x02"), EAP_TYPE_PT_EAP, &p, &err),
		     NEA_EVERSION);
}

Test(eap, tnc_and_ttls_length_flag)
{
	eap_tls_pkt_t p;
	nea_perr_t err;

	/* EAP-TNC v1 with L: 4-byte length then data */
	cr_assert_eq(eap_tls_pkt_parse(S("\x01\x01\x00\x0c\x26\x81\x00\x00\x00\x02\x02\x00"),
				       EAP_TYPE_TNC, &p, &err), 0);
	cr_assert(p.has_length);
	cr_assert_eq(p.msg_len, 2);
	cr_assert_eq(p.data_len, 2);
	/* L without room for the length */
	cr_assert_eq(eap_tls_pkt_parse(S("\x01\x01\x00\x08\x15\x80\x00\x00"), EAP_TYPE_TTLS, &p, &err),
		     NEA_ETRUNC);
	cr_assert_eq(err.offset, 6);
	/* declared length smaller than this packet's data */
	cr_assert_eq(eap_tls_pkt_parse(S("\x01\x01\x00\x0c\x15\x80\x00\x00\x00\x01\xaa\xbb"),
				       EAP_TYPE_TTLS, &p, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 6);
	/* declared length above strongSwan's 73728 */
	cr_assert_eq(eap_tls_pkt_parse(S("\x01\x01\x00\x0a\x15\x80\x00\x01\x20\x01"), EAP_TYPE_TTLS,
				       &p, &err), NEA_ETOOBIG);
	cr_assert_eq(eap_tls_pkt_parse(S("\x01\x01\x00\x0a\x15\x80\x00\x01\x20\x00"), EAP_TYPE_TTLS,
				       &p, &err), 0);
	cr_assert_eq(p.msg_len, 73728);
	/* wrong TTLS version, wrong type, wrong code */
	cr_assert_eq(eap_tls_pkt_parse(S("\x01\x01\x00\x06\x15\x01"), EAP_TYPE_TTLS, &p, &err),
		     NEA_EVERSION);
	cr_assert_eq(eap_tls_pkt_parse(S("\x01\x01\x00\x06\x15\x00"), EAP_TYPE_TNC, &p, &err),
		     NEA_EINVAL);
	cr_assert_eq(err.offset, 4);
	cr_assert_eq(eap_tls_pkt_parse(S("\x03\x01\x00\x04"), EAP_TYPE_TTLS, &p, &err), NEA_EINVAL);
	cr_assert_eq(eap_tls_pkt_parse(S("\x01\x01\x00\x05\x15"), EAP_TYPE_TTLS, &p, &err),
		     NEA_ETRUNC);
	cr_assert_eq(err.offset, 5);
	cr_assert_eq(eap_tls_pkt_parse(S("\x01\x01\x00\x06\x01\x00"), EAP_TYPE_IDENTITY, &p, &err),
		     NEA_EINVAL);
}

Test(eap, build_refuses_packets_over_65535)
{
	static uint8_t big[65535];
	nea_wr_t w;
	eap_tls_pkt_t p = { .code = EAP_CODE_REQUEST, .type = EAP_TYPE_PT_EAP, .data = big,
			    .data_len = 65535 - 6 };

	nea_wr_init(&w, 0);
	cr_assert_eq(eap_tls_pkt_build(&w, &p), 0);
	cr_assert_eq(w.len, 65535);
	nea_wr_free(&w);
	p.data_len++;
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_tls_pkt_build(&w, &p), NEA_ETOOBIG);
	cr_assert_eq(eap_pkt_build(&w, EAP_CODE_REQUEST, 1, 1, big, 65535 - 4), NEA_ETOOBIG);
	nea_wr_free(&w);
}

/* Every prefix of a valid method packet is rejected (length mismatch). */
Test(eap, prefixes_are_bounded)
{
	static const uint8_t pkt[] = { 0x01, 0x01, 0x00, 0x0c, 0x15, 0xc0, 0x00, 0x00, 0x00, 0x20,
				       0x16, 0x03 };
	size_t n;

	for (n = 0; n <= sizeof(pkt); n++) {
		uint8_t *copy = malloc(n ? n : 1);
		eap_tls_pkt_t p;
		eap_pkt_t e;
		nea_perr_t err;

		memcpy(copy, pkt, n);
		cr_assert_eq(eap_tls_pkt_parse(copy, n, EAP_TYPE_TTLS, &p, &err) == 0, n == sizeof(pkt));
		cr_assert_eq(eap_pkt_parse(copy, n, &e, &err) == 0, n == sizeof(pkt));
		free(copy);
	}
}

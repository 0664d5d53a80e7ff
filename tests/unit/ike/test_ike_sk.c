/* SK payload protection: known-answer decryption, round trips, tampering. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <string.h>

#include "ike_keymat.h"
#include "ike_msg.h"
#include "ike_sk.h"
#include "ike_test_util.h"
#include "nea_err.h"

static const uint8_t spi_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t spi_r[8] = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18 };

/* The keys of gen_ike_vectors.py (Ni 00.., Nr 20.., g^ir 40..). */
static void derive(ike_keys_t *k, const ike_suite_t *s)
{
	uint8_t ni[32], nr[32], gir[32];

	for (int i = 0; i < 32; i++) {
		ni[i] = (uint8_t)i;
		nr[i] = (uint8_t)(0x20 + i);
		gir[i] = (uint8_t)(0x40 + i);
	}
	cr_assert_eq(ike_keys_derive(k, s, ike_chunk(ni, 32), ike_chunk(nr, 32), ike_chunk(gir, 32),
				     spi_i, spi_r),
		     0);
}

static const ike_suite_t cbc256 = { .encr = IKE_ENCR_AES_CBC, .encr_keylen = 256,
				    .integ = IKE_INTEG_HMAC_SHA2_256_128,
				    .prf = IKE_PRF_HMAC_SHA2_256 };
static const ike_suite_t gcm256 = { .encr = IKE_ENCR_AES_GCM_16, .encr_keylen = 256,
				    .prf = IKE_PRF_HMAC_SHA2_384 };

/* Responder side opens a message the initiator protected (computed by
 * gen_ike_vectors.py with Python's cryptography package). */
static void open_vector(const ike_suite_t *s, const char *hex)
{
	ike_keys_t k;
	ike_sk_t sk;
	ike_msg_t m;
	nea_perr_t err;
	uint8_t *b;
	size_t len;
	char sum[128];
	const ike_payload_t *eap;

	derive(&k, s);
	cr_assert_eq(ike_sk_init(&sk, &k, false), 0);
	b = hexdec(hex, &len);
	cr_assert_eq(ike_msg_parse(&m, b, len, 0, &err), 0, "%s", err.msg);
	cr_assert_eq(ike_sk_decrypt(&sk.in, &m, &err), 0, "%s @%zu", err.msg, err.offset);
	cr_assert(m.decrypted);
	cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)), "IKE_AUTH request 1 [ EAP/RES/ID ]");
	eap = ike_msg_get(&m, IKE_PL_EAP);
	cr_assert(eap->encrypted);
	cr_assert_eq(eap->u.eap.id, 7);
	assert_bytes_eq(eap->u.eap.pkt.ptr + 5, eap->u.eap.pkt.len - 5, (const uint8_t *)"jane", 4);
	ike_msg_free(&m);
	free(b);
}

Test(ike_sk, decrypts_independent_cbc_vector)
{
	open_vector(&cbc256,
		    "010203040506070811121314151617182e202308000000010000005030000034a0a1a2a3a4a5"
		    "a6a7a8a9aaabacadaeafe7f6d693e3b8779036b3c94668da66e94f3cf9bf0763b18eefdae1ad"
		    "e5607571");
}

Test(ike_sk, decrypts_independent_gcm_vector)
{
	open_vector(&gcm256,
		    "010203040506070811121314151617182e20230800000001000000463000002a000000000000"
		    "00054884182a5e3b2163bc34f2f7ea8ac0ab262d446c5d1aca778688d013f75b");
}

static void expect_open_fails(const ike_suite_t *s, uint8_t *b, size_t len, int code)
{
	ike_keys_t k;
	ike_sk_t sk;
	ike_msg_t m;
	nea_perr_t err;

	derive(&k, s);
	cr_assert_eq(ike_sk_init(&sk, &k, false), 0);
	cr_assert_eq(ike_msg_parse(&m, b, len, 0, &err), 0, "%s", err.msg);
	cr_assert_eq(ike_sk_decrypt(&sk.in, &m, &err), code, "%s", err.msg);
	cr_assert_not(m.decrypted);
	ike_msg_free(&m);
}

Test(ike_sk, any_flipped_bit_fails_authentication)
{
	static const char *cbc =
		"010203040506070811121314151617182e202308000000010000005030000034a0a1a2a3a4a5"
		"a6a7a8a9aaabacadaeafe7f6d693e3b8779036b3c94668da66e94f3cf9bf0763b18eefdae1ad"
		"e5607571";
	static const char *gcm =
		"010203040506070811121314151617182e20230800000001000000463000002a000000000000"
		"00054884182a5e3b2163bc34f2f7ea8ac0ab262d446c5d1aca778688d013f75b";
	size_t len;
	uint8_t *b;

	/* every byte after the fixed header fields the parser checks: message
	 * ID, SK header, IV, ciphertext, ICV */
	b = hexdec(cbc, &len);
	for (size_t i = 20; i < len; i++) {
		if (i >= 24 && i < 28)
			continue; /* length field: a parse error, not a crypto one */
		if (i >= 30 && i < 32)
			continue;
		b[i] ^= 0x01;
		expect_open_fails(&cbc256, b, len, NEA_EAUTH);
		b[i] ^= 0x01;
	}
	free(b);
	b = hexdec(gcm, &len);
	for (size_t i = 20; i < len; i++) {
		if ((i >= 24 && i < 28) || (i >= 30 && i < 32))
			continue;
		b[i] ^= 0x80;
		expect_open_fails(&gcm256, b, len, NEA_EAUTH);
		b[i] ^= 0x80;
	}
	free(b);
}

/* Build, protect, parse and open a message for one suite. */
static void round_trip(const ike_suite_t *s)
{
	static const uint8_t eapresp[9] = { 2, 9, 0, 9, 1, 'j', 'a', 'n', 'e' };
	static const uint8_t natd[20] = { 5 };
	ike_payload_t pl[2] = {
		{ .type = IKE_PL_EAP, .u.eap = { .pkt = { eapresp, 9 } } },
		{ .type = IKE_PL_NOTIFY, .u.notify = { .type = IKE_N_NAT_DETECTION_SOURCE_IP,
						       .data = { natd, 20 } } },
	};
	ike_hdr_t h = { .exchange = IKE_EXCH_AUTH, .flags = IKE_FLAG_INITIATOR, .msg_id = 3 };
	ike_keys_t k;
	ike_sk_t ini, res;
	nea_wr_t w;
	ike_msg_t m;
	nea_perr_t err;
	char sum[128];

	memcpy(h.spi_i, spi_i, 8);
	memcpy(h.spi_r, spi_r, 8);
	derive(&k, s);
	cr_assert_eq(ike_sk_init(&ini, &k, true), 0);
	cr_assert_eq(ike_sk_init(&res, &k, false), 0);
	for (int round = 0; round < 3; round++) {
		nea_wr_init(&w, 0);
		cr_assert_eq(ike_sk_encrypt(&ini.out, &h, pl, 2, &w), 0);
		cr_assert_eq(ike_msg_parse(&m, w.ptr, w.len, IKE_PARSE_STRICT, &err), 0, "%s",
			     err.msg);
		cr_assert_eq(m.pl[m.sk].u.sk.body.len, ike_sk_body_len(&ini.out, 4 + 9 + 28));
		/* the initiator's own inbound key must not open it */
		cr_assert_eq(ike_sk_decrypt(&ini.in, &m, &err), NEA_EAUTH);
		cr_assert_eq(ike_sk_decrypt(&res.in, &m, &err), 0, "%s", err.msg);
		cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)),
				 "IKE_AUTH request 3 [ EAP/RES/ID N(NATD_S_IP) ]");
		ike_msg_free(&m);
		nea_wr_free(&w);
	}
	ike_sk_wipe(&ini);
	ike_sk_wipe(&res);
}

Test(ike_sk, round_trips_every_cipher)
{
	ike_suite_t s[] = {
		{ IKE_ENCR_AES_CBC, 128, IKE_INTEG_HMAC_SHA2_256_128, IKE_PRF_HMAC_SHA2_256, 0, 0 },
		{ IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_384_192, IKE_PRF_HMAC_SHA2_384, 0, 0 },
		{ IKE_ENCR_AES_CBC, 192, IKE_INTEG_HMAC_SHA2_512_256, IKE_PRF_HMAC_SHA2_512, 0, 0 },
		{ IKE_ENCR_AES_GCM_16, 128, 0, IKE_PRF_HMAC_SHA2_256, 0, 0 },
		{ IKE_ENCR_AES_GCM_16, 256, 0, IKE_PRF_HMAC_SHA2_384, 0, 0 },
		{ IKE_ENCR_AES_GCM_12, 256, 0, IKE_PRF_HMAC_SHA2_256, 0, 0 },
		{ IKE_ENCR_AES_GCM_8, 128, 0, IKE_PRF_HMAC_SHA2_256, 0, 0 },
		{ IKE_ENCR_CHACHA20_POLY1305, 0, 0, IKE_PRF_HMAC_SHA2_256, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		round_trip(&s[i]);
}

Test(ike_sk, aead_iv_is_a_counter)
{
	ike_keys_t k;
	ike_sk_t sk;
	ike_hdr_t h = { .spi_i = { 1 }, .exchange = IKE_EXCH_INFORMATIONAL };
	uint8_t plain[8] = { 0 };
	nea_wr_t w1, w2;

	derive(&k, &gcm256);
	cr_assert_eq(ike_sk_init(&sk, &k, true), 0);
	nea_wr_init(&w1, 0);
	nea_wr_init(&w2, 0);
	cr_assert_eq(ike_sk_seal(&sk.out, &h, IKE_PL_NONE, NULL, plain, 0, &w1), 0);
	cr_assert_eq(ike_sk_seal(&sk.out, &h, IKE_PL_NONE, NULL, plain, 0, &w2), 0);
	/* IV right after header (28) and SK header (4) */
	assert_hex_eq(w1.ptr + 32, 8, "0000000000000000");
	assert_hex_eq(w2.ptr + 32, 8, "0000000000000001");
	cr_assert_neq(memcmp(w1.ptr + 40, w2.ptr + 40, w1.len - 40), 0);
	nea_wr_free(&w1);
	nea_wr_free(&w2);
}

Test(ike_sk, empty_informational_round_trips)
{
	ike_keys_t k;
	ike_sk_t a, b;
	ike_hdr_t h = { .spi_i = { 1 }, .exchange = IKE_EXCH_INFORMATIONAL, .msg_id = 9 };
	nea_wr_t w;
	ike_msg_t m;
	nea_perr_t err;
	char sum[64];

	derive(&k, &cbc256);
	cr_assert_eq(ike_sk_init(&a, &k, true), 0);
	cr_assert_eq(ike_sk_init(&b, &k, false), 0);
	nea_wr_init(&w, 0);
	cr_assert_eq(ike_sk_seal(&a.out, &h, IKE_PL_NONE, NULL, NULL, 0, &w), 0);
	/* 28 + 4 + IV 16 + one block + ICV 16 */
	cr_assert_eq(w.len, 80);
	cr_assert_eq(ike_msg_parse(&m, w.ptr, w.len, 0, &err), 0);
	cr_assert_eq(ike_sk_decrypt(&b.in, &m, &err), 0, "%s", err.msg);
	cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)), "INFORMATIONAL request 9 [ ]");
	ike_msg_free(&m);
	nea_wr_free(&w);
}

/*
 * The seed's IKE_AUTH exchange with aes256-sha256: the sizes charon
 * reported (272, 112 and 96 bytes) come out of nea's encoder for the same
 * payloads, which pins padding, IV and ICV handling to charon's.
 */
Test(ike_sk, seed_ike_auth_sizes_match_charon)
{
	static const uint8_t ip4[4] = { 192, 168, 0, 3 };
	static const char *server = "server.strongswan.org", *client = "client.strongswan.org";
	ike_transform_t esp_t[3] = {
		{ .type = IKE_TRANS_ENCR, .id = IKE_ENCR_AES_GCM_16, .keylen = 256 },
		{ .type = IKE_TRANS_ENCR, .id = IKE_ENCR_CHACHA20_POLY1305 },
		{ .type = IKE_TRANS_ESN, .id = IKE_ESN_NO },
	};
	ike_proposal_t prop = { .num = 1, .proto = IKE_PROTO_ESP, .spi_len = 4,
				.spi = { 0xca, 0xfe, 0xba, 0xbe }, .ntrans = 3, .trans = esp_t };
	ike_ts_t any4 = { .ts_type = IKE_TS_IPV4_ADDR_RANGE, .end_port = 65535,
			  .end = { 255, 255, 255, 255 } };
	ike_cp_attr_t cpattr[2] = { { .type = IKE_CA_INTERNAL_IP4_ADDRESS },
				    { .type = IKE_CA_INTERNAL_IP4_DNS } };
	ike_payload_t req[] = {
		{ .type = IKE_PL_IDI, .u.id = { IKE_ID_IPV4_ADDR, { 0 }, { ip4, 4 } } },
		{ .type = IKE_PL_NOTIFY, .u.notify = { .type = IKE_N_INITIAL_CONTACT } },
		{ .type = IKE_PL_IDR,
		  .u.id = { IKE_ID_FQDN, { 0 }, { (const uint8_t *)server, strlen(server) } } },
		{ .type = IKE_PL_CP, .u.cp = { IKE_CFG_REQUEST, 2, cpattr } },
		{ .type = IKE_PL_SA, .u.sa = { 1, &prop } },
		{ .type = IKE_PL_TSI, .u.ts = { 1, &any4 } },
		{ .type = IKE_PL_TSR, .u.ts = { 1, &any4 } },
		{ .type = IKE_PL_NOTIFY, .u.notify = { .type = IKE_N_MOBIKE_SUPPORTED } },
		{ .type = IKE_PL_NOTIFY, .u.notify = { .type = IKE_N_NO_ADDITIONAL_ADDRESSES } },
		{ .type = IKE_PL_NOTIFY, .u.notify = { .type = IKE_N_MULTIPLE_AUTH_SUPPORTED } },
		{ .type = IKE_PL_NOTIFY, .u.notify = { .type = IKE_N_EAP_ONLY_AUTHENTICATION } },
		{ .type = IKE_PL_NOTIFY,
		  .u.notify = { .type = IKE_N_IKEV2_MESSAGE_ID_SYNC_SUPPORTED } },
	};
	uint8_t eap_req[5] = { 1, 0, 0, 5, 1 }, eap_res[26] = { 2, 0, 0, 26, 1 };
	ike_payload_t resp[2] = {
		{ .type = IKE_PL_IDR,
		  .u.id = { IKE_ID_FQDN, { 0 }, { (const uint8_t *)server, strlen(server) } } },
		{ .type = IKE_PL_EAP, .u.eap = { .pkt = { eap_req, 5 } } },
	};
	ike_payload_t req2 = { .type = IKE_PL_EAP, .u.eap = { .pkt = { eap_res, 26 } } };
	ike_hdr_t h = { .exchange = IKE_EXCH_AUTH, .flags = IKE_FLAG_INITIATOR, .msg_id = 1 };
	ike_keys_t k;
	ike_sk_t ini, res;
	nea_wr_t w;
	ike_msg_t m;
	nea_perr_t err;
	char sum[256];

	memcpy(eap_res + 5, client, 21);
	memcpy(h.spi_i, spi_i, 8);
	memcpy(h.spi_r, spi_r, 8);
	derive(&k, &cbc256);
	cr_assert_eq(ike_sk_init(&ini, &k, true), 0);
	cr_assert_eq(ike_sk_init(&res, &k, false), 0);

	nea_wr_init(&w, 0);
	cr_assert_eq(ike_sk_encrypt(&ini.out, &h, req, sizeof(req) / sizeof(req[0]), &w), 0);
	cr_assert_eq(w.len, 272);
	cr_assert_eq(ike_msg_parse(&m, w.ptr, w.len, 0, &err), 0);
	cr_assert_eq(ike_sk_decrypt(&res.in, &m, &err), 0, "%s", err.msg);
	cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)),
			 "IKE_AUTH request 1 [ IDi N(INIT_CONTACT) IDr CPRQ(ADDR DNS) SA TSi TSr "
			 "N(MOBIKE_SUP) N(NO_ADD_ADDR) N(MULT_AUTH) N(EAP_ONLY) N(MSG_ID_SYN_SUP) ]");
	ike_msg_free(&m);
	nea_wr_free(&w);

	h.flags = IKE_FLAG_RESPONSE;
	nea_wr_init(&w, 0);
	cr_assert_eq(ike_sk_encrypt(&res.out, &h, resp, 2, &w), 0);
	cr_assert_eq(w.len, 112);
	cr_assert_eq(ike_msg_parse(&m, w.ptr, w.len, 0, &err), 0);
	cr_assert_eq(ike_sk_decrypt(&ini.in, &m, &err), 0, "%s", err.msg);
	cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)),
			 "IKE_AUTH response 1 [ IDr EAP/REQ/ID ]");
	ike_msg_free(&m);
	nea_wr_free(&w);

	h.flags = IKE_FLAG_INITIATOR;
	h.msg_id = 2;
	nea_wr_init(&w, 0);
	cr_assert_eq(ike_sk_encrypt(&ini.out, &h, &req2, 1, &w), 0);
	cr_assert_eq(w.len, 96);
	nea_wr_free(&w);
}

Test(ike_sk, malformed_bodies)
{
	ike_keys_t k;
	ike_sk_t sk;
	ike_msg_t m;
	nea_perr_t err;
	size_t len;
	uint8_t *b;

	derive(&k, &cbc256);
	cr_assert_eq(ike_sk_init(&sk, &k, false), 0);
	/* SK body of 20 bytes: no room for a 16-byte IV, a block and an ICV */
	b = hexdec("0102030405060708 1112131415161718 2e 20 23 08 00000001 00000034"
		   "30 00 0018 0000000000000000000000000000000000000000",
		   &len);
	cr_assert_eq(ike_msg_parse(&m, b, len, 0, &err), 0);
	cr_assert_eq(ike_sk_decrypt(&sk.in, &m, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 32);
	ike_msg_free(&m);
	free(b);
	/* ciphertext of 15 bytes: not a whole block */
	b = hexdec("0102030405060708 1112131415161718 2e 20 23 08 00000001 0000004f"
		   "30 00 0033 00000000000000000000000000000000 000000000000000000000000000000"
		   "00000000000000000000000000000000",
		   &len);
	cr_assert_eq(ike_msg_parse(&m, b, len, 0, &err), 0, "%s", err.msg);
	cr_assert_eq(ike_sk_decrypt(&sk.in, &m, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 48);
	ike_msg_free(&m);
	free(b);
	/* no SK payload at all */
	b = hexdec("0102030405060708 1112131415161718 00 20 23 08 00000001 0000001c", &len);
	cr_assert_eq(ike_msg_parse(&m, b, len, 0, &err), 0);
	cr_assert_eq(ike_sk_decrypt(&sk.in, &m, &err), NEA_EINVAL);
	ike_msg_free(&m);
	free(b);
}

/* A pad length beyond the plaintext under a valid tag: only a malicious
 * peer sends that, so the message is assembled here with raw EVP calls. */
Test(ike_sk, pad_length_beyond_plaintext)
{
	ike_keys_t k;
	ike_sk_t sk;
	ike_msg_t m;
	nea_perr_t err;
	uint8_t msg[28 + 4 + 8 + 4 + 16], nonce[12], pt[4] = { 0, 0, 0, 200 };
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl;

	derive(&k, &gcm256);
	cr_assert_eq(ike_sk_init(&sk, &k, false), 0);
	memset(msg, 0, sizeof(msg));
	memcpy(msg, spi_i, 8);
	msg[16] = IKE_PL_SK;
	msg[17] = 0x20;
	msg[18] = IKE_EXCH_INFORMATIONAL;
	msg[19] = IKE_FLAG_INITIATOR;
	msg[27] = sizeof(msg);
	msg[31] = 4 + 8 + 4 + 16;
	memcpy(nonce, k.sk_ei + 32, 4);
	memset(nonce + 4, 0, 8);
	cr_assert(EVP_EncryptInit_ex2(ctx, EVP_aes_256_gcm(), k.sk_ei, nonce, NULL));
	cr_assert(EVP_EncryptUpdate(ctx, NULL, &outl, msg, 32));
	cr_assert(EVP_EncryptUpdate(ctx, msg + 40, &outl, pt, 4));
	cr_assert(EVP_EncryptFinal_ex(ctx, msg + 44, &outl));
	cr_assert(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, 16, msg + 44));
	EVP_CIPHER_CTX_free(ctx);

	cr_assert_eq(ike_msg_parse(&m, msg, sizeof(msg), 0, &err), 0, "%s", err.msg);
	cr_assert_eq(ike_sk_decrypt(&sk.in, &m, &err), NEA_EINVAL, "%s", err.msg);
	cr_assert_eq(err.offset, 43);
	ike_msg_free(&m);
}

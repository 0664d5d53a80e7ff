/* EAP-Identity, EAP-MD5 and EAP-MSCHAPv2 state machines; MD4 and RFC 2759 /
 * RFC 3079 vectors. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <string.h>

#include "eap_identity_method.h"
#include "eap_md4.h"
#include "eap_md5.h"
#include "eap_method.h"
#include "eap_mschapv2.h"
#include "eap_pkt.h"
#include "ike_test_util.h"

/* A random source that hands out fixed bytes, for reproducible challenges. */
typedef struct {
	const uint8_t *bytes;
	size_t len;
	size_t used;
} fixed_rand_t;

static int fixed_rand(void *ctx, uint8_t *buf, size_t len)
{
	fixed_rand_t *f = ctx;

	cr_assert(f->used + len <= f->len, "test random source exhausted");
	memcpy(buf, f->bytes + f->used, len);
	f->used += len;
	return 0;
}

/* Feed in to m; returns the status and leaves the output in *out. */
static int step(eap_method_t *m, const nea_wr_t *in, nea_wr_t *out)
{
	nea_perr_t err = { 0 };
	int rc;

	nea_wr_free(out);
	nea_wr_init(out, 0);
	rc = eap_method_process(m, in->ptr, in->len, out, &err);
	cr_assert(rc >= 0, "%s: %s (%s)", eap_method_name(m), nea_strerror(rc), err.msg);
	return rc;
}

static void status_pkt(nea_wr_t *w, uint8_t code, uint8_t id)
{
	nea_wr_free(w);
	nea_wr_init(w, 0);
	cr_assert_eq(eap_status_build(w, code, id), 0);
}

/* --- MD4 (RFC 1320 §A.5) --------------------------------------------- */

Test(eap_md4, rfc1320_vectors)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "", "31d6cfe0d16ae931b73c59d7e0c089c0" },
		{ "a", "bde52cb31de33e46245e05fbdbd6fb24" },
		{ "abc", "a448017aaf21d8525fc10ae87aa6729d" },
		{ "message digest", "d9130a8164549fe818874806e1c7014b" },
		{ "abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "043f8582f241db351ce627e153e7f0e4" },
		{ "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
		  "e33b4ddc9c38f2199c3e7b164fcc0536" },
	};
	uint8_t out[16];

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		eap_md4((const uint8_t *)v[i].in, strlen(v[i].in), out);
		assert_hex_eq(out, 16, v[i].out);
	}
}

/* --- RFC 2759 §9.2 and RFC 3079 §3.5.3 ------------------------------- */

static const char *auth_challenge_hex = "5B5D7C7D7B3F2F3E3C2C602132262628";
static const char *peer_challenge_hex = "21402324255E262A28295F2B3A337C7E";

Test(eap_mschapv2, rfc2759_example_values)
{
	size_t n;
	uint8_t *ac = hexdec(auth_challenge_hex, &n), *pc = hexdec(peer_challenge_hex, &n);
	uint8_t nt[16], hh[16], ch[8], resp[24];
	char ar[43];

	cr_assert_eq(eap_mschapv2_nt_hash((const uint8_t *)"clientPass", 10, nt), 0);
	assert_hex_eq(nt, 16, "44EBBA8D5312B8D611474411F56989AE");
	eap_md4(nt, 16, hh);
	assert_hex_eq(hh, 16, "41C00C584BD2D91C4017A2A12FA59F3F");
	cr_assert_eq(eap_mschapv2_challenge_hash(pc, ac, (const uint8_t *)"User", 4, ch), 0);
	assert_hex_eq(ch, 8, "D02E4386BCE91226");
	cr_assert_eq(eap_mschapv2_nt_response(nt, ch, resp), 0);
	assert_hex_eq(resp, 24, "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF");
	cr_assert_eq(eap_mschapv2_auth_response(nt, resp, ch, ar), 0);
	cr_assert_str_eq(ar, "S=407A5589115FD0D6209F510FE9C04566932CDA56");
	free(ac);
	free(pc);
}

Test(eap_mschapv2, rfc3079_master_and_session_keys)
{
	uint8_t nt[16], resp[24], msk[64], zero[32] = { 0 };
	size_t n;
	uint8_t *r = hexdec("82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF", &n);

	memcpy(resp, r, 24);
	free(r);
	cr_assert_eq(eap_mschapv2_nt_hash((const uint8_t *)"clientPass", 10, nt), 0);
	cr_assert_eq(eap_mschapv2_msk(nt, resp, msk), 0);
	/* RFC 3079 §3.5.3's SendStartKey128 is the server's send key
	 * (Magic3), the MSK's second 16 bytes (MasterSendKey); the first 16
	 * are the server's receive key (Magic2), computed from RFC 3079 §3.4
	 * with Python's hashlib: MasterKey FDECE371..., then
	 * SHA1(MasterKey | 40 x 00 | Magic2 | 40 x f2)[0..16] */
	assert_hex_eq(msk + 16, 16, "8B7CDC149B993A1BA118CB153F56DCCB");
	assert_hex_eq(msk, 16, "d5f0e9521e3ea9589645e86051c82226");
	assert_bytes_eq(msk + 32, 32, zero, 32);
	cr_assert_neq(memcmp(msk, msk + 16, 16), 0);
}

Test(eap_mschapv2, password_is_utf16le)
{
	/* "pä€𝄞" as UTF-8 and its UTF-16LE form (with a surrogate pair) */
	static const uint8_t utf8[] = { 'p', 0xc3, 0xa4, 0xe2, 0x82, 0xac, 0xf0, 0x9d, 0x84, 0x9e };
	static const uint8_t utf16[] = { 'p', 0, 0xe4, 0, 0xac, 0x20, 0x34, 0xd8, 0x1e, 0xdd };
	static const uint8_t bad[][3] = { { 0xc3 }, { 0xc0, 0x80 }, { 0xed, 0xa0, 0x80 } };
	static const size_t bad_len[] = { 1, 2, 3 };
	uint8_t nt[16], want[16];

	cr_assert_eq(eap_mschapv2_nt_hash(utf8, sizeof(utf8), nt), 0);
	eap_md4(utf16, sizeof(utf16), want);
	assert_bytes_eq(nt, 16, want, 16);
	for (size_t i = 0; i < 3; i++)
		cr_assert_eq(eap_mschapv2_nt_hash(bad[i], bad_len[i], nt), NEA_EINVAL);
	cr_assert_null(eap_mschapv2_server_new((const uint8_t *)"u", 1, bad[0], 1, false));
}

/* Server and peer with the RFC 2759 challenges: the wire values match the
 * RFC, both sides end with the same MSK. */
Test(eap_mschapv2, server_and_peer_complete_with_rfc_values)
{
	size_t n;
	uint8_t *ac = hexdec(auth_challenge_hex, &n), *pc = hexdec(peer_challenge_hex, &n);
	fixed_rand_t srand = { ac, 16, 0 }, prand = { pc, 16, 0 };
	eap_method_t *srv = eap_mschapv2_server_new((const uint8_t *)"User", 4,
						    (const uint8_t *)"clientPass", 10, false);
	eap_method_t *peer = eap_mschapv2_peer_new((const uint8_t *)"User", 4,
						   (const uint8_t *)"clientPass", 10, false);
	nea_wr_t a, b;
	const uint8_t *k1, *k2;
	size_t l1, l2;

	cr_assert_not_null(srv);
	cr_assert_not_null(peer);
	eap_method_set_rand(srv, fixed_rand, &srand);
	eap_method_set_rand(peer, fixed_rand, &prand);
	nea_wr_init(&a, 0);
	nea_wr_init(&b, 0);
	cr_assert_eq(eap_method_start(srv, 0x2a, &a), 0);
	/* Request, id 0x2a, len 29, MSCHAPv2, Challenge, MS-ID 0x2a, MS-Length
	 * 24, Value-Size 16, challenge, Name "nea" */
	assert_hex_eq(a.ptr, a.len, "01 2a 001d 1a 01 2a 0018 10 5B5D7C7D7B3F2F3E3C2C602132262628 6e6561");

	cr_assert_eq(step(peer, &a, &b), EAP_M_SEND);
	assert_hex_eq(b.ptr, b.len,
		      "02 2a 003f 1a 02 2a 003a 31 21402324255E262A28295F2B3A337C7E 0000000000000000"
		      "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF 00 55736572");

	cr_assert_eq(step(srv, &b, &a), EAP_M_SEND);
	cr_assert_eq(eap_method_last_id(srv), 0x2b);
	cr_assert_eq(a.ptr[0], EAP_CODE_REQUEST);
	cr_assert_eq(a.ptr[5], 3); /* Success */
	cr_assert_eq(memcmp(a.ptr + 9, "S=407A5589115FD0D6209F510FE9C04566932CDA56 M=", 45), 0);
	/* no MSK before the exchange is over */
	cr_assert_null(eap_method_msk(srv, &l1));

	cr_assert_eq(step(peer, &a, &b), EAP_M_DONE);
	assert_hex_eq(b.ptr, b.len, "02 2b 0006 1a 03");
	cr_assert_eq(step(srv, &b, &a), EAP_M_SUCCESS);

	status_pkt(&a, EAP_CODE_SUCCESS, 0x2b);
	cr_assert_eq(step(peer, &a, &b), EAP_M_SUCCESS);
	k1 = eap_method_msk(srv, &l1);
	k2 = eap_method_msk(peer, &l2);
	cr_assert_eq(l1, 64);
	assert_bytes_eq(k1, l1, k2, l2);
	assert_hex_eq(k1 + 16, 16, "8B7CDC149B993A1BA118CB153F56DCCB");
	nea_wr_free(&a);
	nea_wr_free(&b);
	eap_method_free(srv);
	eap_method_free(peer);
	free(ac);
	free(pc);
}

/* Run server and peer to the peer's Response; returns the Response. */
static void ms_to_response(eap_method_t *srv, eap_method_t *peer, nea_wr_t *a, nea_wr_t *b)
{
	nea_wr_init(a, 0);
	nea_wr_init(b, 0);
	cr_assert_eq(eap_method_start(srv, 7, a), 0);
	cr_assert_eq(step(peer, a, b), EAP_M_SEND);
}

Test(eap_mschapv2, wrong_password_or_name_fails)
{
	eap_method_t *srv, *peer;
	nea_wr_t a, b;

	srv = eap_mschapv2_server_new((const uint8_t *)"jane", 4, (const uint8_t *)"right", 5, false);
	peer = eap_mschapv2_peer_new((const uint8_t *)"jane", 4, (const uint8_t *)"wrong", 5, false);
	ms_to_response(srv, peer, &a, &b);
	cr_assert_eq(step(srv, &b, &a), EAP_M_FAILURE);
	cr_assert_null(eap_method_msk(srv, &(size_t){ 0 }));
	eap_method_free(srv);
	eap_method_free(peer);
	nea_wr_free(&a);
	nea_wr_free(&b);

	/* the right password under another name */
	srv = eap_mschapv2_server_new((const uint8_t *)"jane", 4, (const uint8_t *)"pw", 2, false);
	peer = eap_mschapv2_peer_new((const uint8_t *)"john", 4, (const uint8_t *)"pw", 2, false);
	ms_to_response(srv, peer, &a, &b);
	cr_assert_eq(step(srv, &b, &a), EAP_M_FAILURE);
	eap_method_free(srv);
	eap_method_free(peer);
	nea_wr_free(&a);
	nea_wr_free(&b);
}

Test(eap_mschapv2, domain_prefix_is_not_hashed)
{
	eap_method_t *srv, *peer;
	nea_wr_t a, b;

	srv = eap_mschapv2_server_new((const uint8_t *)"CORP\\jane", 9, (const uint8_t *)"pw", 2,
				      false);
	peer = eap_mschapv2_peer_new((const uint8_t *)"CORP\\jane", 9, (const uint8_t *)"pw", 2,
				     false);
	ms_to_response(srv, peer, &a, &b);
	cr_assert_eq(step(srv, &b, &a), EAP_M_SEND);
	cr_assert_eq(step(peer, &a, &b), EAP_M_DONE);
	eap_method_free(srv);
	eap_method_free(peer);
	nea_wr_free(&a);
	nea_wr_free(&b);
}

Test(eap_mschapv2, malformed_responses_are_discarded)
{
	uint8_t nt[16];
	eap_method_t *srv, *peer;
	nea_wr_t a, b, out;
	nea_perr_t err;

	cr_assert_eq(eap_mschapv2_nt_hash((const uint8_t *)"pw", 2, nt), 0);
	srv = eap_mschapv2_server_new((const uint8_t *)"jane", 4, nt, 16, true);
	peer = eap_mschapv2_peer_new((const uint8_t *)"jane", 4, (const uint8_t *)"pw", 2, false);
	ms_to_response(srv, peer, &a, &b);
	nea_wr_init(&out, 0);
	/* reserved octet set (Type-Data offset 4 + 1 + 16 -> packet 26) */
	b.ptr[26] = 1;
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len, &out, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 26);
	b.ptr[26] = 0;
	/* flags set */
	b.ptr[58] = 1;
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len, &out, &err), NEA_EINVAL);
	b.ptr[58] = 0;
	/* wrong EAP identifier */
	b.ptr[1]++;
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len, &out, &err), NEA_EINVAL);
	b.ptr[1]--;
	/* wrong MS-CHAPv2-ID */
	b.ptr[6]++;
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len, &out, &err), NEA_EINVAL);
	b.ptr[6]--;
	/* MS-Length off by one */
	b.ptr[8]++;
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len, &out, &err), NEA_EINVAL);
	b.ptr[8]--;
	/* value size */
	b.ptr[9] = 48;
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len, &out, &err), NEA_EINVAL);
	b.ptr[9] = 49;
	/* truncated EAP packet */
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len - 1, &out, &err), NEA_ETRUNC);
	/* a Request sent to the server */
	b.ptr[0] = EAP_CODE_REQUEST;
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len, &out, &err), NEA_EINVAL);
	b.ptr[0] = EAP_CODE_RESPONSE;
	/* after all that the genuine response still works */
	cr_assert_eq(step(srv, &b, &a), EAP_M_SEND);
	nea_wr_free(&out);
	nea_wr_free(&a);
	nea_wr_free(&b);
	eap_method_free(srv);
	eap_method_free(peer);
}

Test(eap_mschapv2, peer_refuses_a_server_that_cannot_prove_itself)
{
	eap_method_t *srv, *peer;
	nea_wr_t a, b;
	char *s;

	srv = eap_mschapv2_server_new((const uint8_t *)"jane", 4, (const uint8_t *)"pw", 2, false);
	peer = eap_mschapv2_peer_new((const uint8_t *)"jane", 4, (const uint8_t *)"pw", 2, false);
	ms_to_response(srv, peer, &a, &b);
	cr_assert_eq(step(srv, &b, &a), EAP_M_SEND);
	/* corrupt one hex digit of S= */
	s = memchr(a.ptr, 'S', a.len);
	cr_assert_not_null(s);
	s[2] = s[2] == '0' ? '1' : '0';
	cr_assert_eq(step(peer, &a, &b), EAP_M_FAILURE);
	eap_method_free(srv);
	eap_method_free(peer);
	nea_wr_free(&a);
	nea_wr_free(&b);
}

Test(eap_mschapv2, peer_accepts_lower_case_and_trailing_nul)
{
	static const uint8_t cap_challenge[16] = { 1, 2, 3 };
	fixed_rand_t r = { cap_challenge, 16, 0 };
	eap_method_t *peer = eap_mschapv2_peer_new((const uint8_t *)"jane", 4,
						   (const uint8_t *)"pw", 2, false);
	eap_method_t *srv = eap_mschapv2_server_new((const uint8_t *)"jane", 4,
						    (const uint8_t *)"pw", 2, false);
	nea_wr_t a, b, c;

	eap_method_set_rand(srv, fixed_rand, &r);
	ms_to_response(srv, peer, &a, &b);
	cr_assert_eq(step(srv, &b, &a), EAP_M_SEND);
	/* rebuild the Success Request as charon sends it: NUL at the end; and
	 * lower-case the hex to check the comparison ignores case */
	nea_wr_init(&c, 0);
	{
		uint8_t data[4 + 64];
		size_t mlen = a.len - 9;

		cr_assert(mlen + 1 <= 64);
		memcpy(data, a.ptr + 5, 4 + mlen);
		for (size_t i = 6; i < 6 + 40; i++)
			data[4 + i - 4] = (uint8_t)tolower(data[4 + i - 4]);
		data[4 + mlen] = '\0';
		data[2] = (uint8_t)((4 + mlen + 1) >> 8);
		data[3] = (uint8_t)(4 + mlen + 1);
		cr_assert_eq(eap_pkt_build(&c, EAP_CODE_REQUEST, a.ptr[1], 26, data, 4 + mlen + 1), 0);
	}
	cr_assert_eq(step(peer, &c, &b), EAP_M_DONE);
	eap_method_free(srv);
	eap_method_free(peer);
	nea_wr_free(&a);
	nea_wr_free(&b);
	nea_wr_free(&c);
}

Test(eap_mschapv2, peer_failure_and_premature_success)
{
	eap_method_t *peer;
	nea_wr_t in, out;
	nea_perr_t err;
	static const char fail[] = "E=691 R=1 C=00112233445566778899aabbccddeeff V=3 M=denied";
	uint8_t data[4 + sizeof(fail)];

	/* EAP-Success before any exchange: not believed */
	peer = eap_mschapv2_peer_new((const uint8_t *)"jane", 4, (const uint8_t *)"pw", 2, false);
	nea_wr_init(&in, 0);
	nea_wr_init(&out, 0);
	status_pkt(&in, EAP_CODE_SUCCESS, 1);
	cr_assert_eq(eap_method_process(peer, in.ptr, in.len, &out, &err), EAP_M_FAILURE);
	cr_assert_null(eap_method_msk(peer, &(size_t){ 0 }));
	/* and the method is over */
	cr_assert_eq(eap_method_process(peer, in.ptr, in.len, &out, &err), NEA_ESTATE);
	eap_method_free(peer);

	/* a Failure Request ends the method with its error code */
	peer = eap_mschapv2_peer_new((const uint8_t *)"jane", 4, (const uint8_t *)"pw", 2, false);
	data[0] = 4;
	data[1] = 9;
	data[2] = 0;
	data[3] = (uint8_t)(4 + sizeof(fail) - 1);
	memcpy(data + 4, fail, sizeof(fail) - 1);
	nea_wr_free(&in);
	nea_wr_init(&in, 0);
	cr_assert_eq(eap_pkt_build(&in, EAP_CODE_REQUEST, 9, 26, data, 4 + sizeof(fail) - 1), 0);
	cr_assert_eq(eap_method_process(peer, in.ptr, in.len, &out, &err), EAP_M_FAILURE);
	cr_assert_eq(eap_mschapv2_error(peer), 691);
	eap_method_free(peer);

	/* a Success Request before the peer responded */
	peer = eap_mschapv2_peer_new((const uint8_t *)"jane", 4, (const uint8_t *)"pw", 2, false);
	data[0] = 3;
	nea_wr_free(&in);
	nea_wr_init(&in, 0);
	cr_assert_eq(eap_pkt_build(&in, EAP_CODE_REQUEST, 9, 26, data, 4 + sizeof(fail) - 1), 0);
	cr_assert_eq(eap_method_process(peer, in.ptr, in.len, &out, &err), NEA_ESTATE);
	eap_method_free(peer);
	nea_wr_free(&in);
	nea_wr_free(&out);
}

/* --- MD5 ----------------------------------------------------------------- */

Test(eap_md5, server_and_peer)
{
	static const uint8_t ch[16] = { 0xca, 0xfe, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 };
	fixed_rand_t r = { ch, 16, 0 };
	eap_method_t *srv = eap_md5_server_new((const uint8_t *)"K8FW9/N0VIAJ", 12);
	eap_method_t *peer = eap_md5_peer_new((const uint8_t *)"K8FW9/N0VIAJ", 12);
	uint8_t want[16], buf[1 + 12 + 16];
	nea_wr_t a, b;

	eap_method_set_rand(srv, fixed_rand, &r);
	nea_wr_init(&a, 0);
	nea_wr_init(&b, 0);
	cr_assert_eq(eap_method_start(srv, 0x86, &a), 0);
	assert_hex_eq(a.ptr, a.len, "01 86 0016 04 10 cafe0102030405060708090a0b0c0d0e");
	cr_assert_eq(step(peer, &a, &b), EAP_M_DONE);
	/* independent: MD5(id | secret | challenge) */
	buf[0] = 0x86;
	memcpy(buf + 1, "K8FW9/N0VIAJ", 12);
	memcpy(buf + 13, ch, 16);
	cr_assert(EVP_Digest(buf, sizeof(buf), want, NULL, EVP_md5(), NULL));
	cr_assert_eq(b.len, 4 + 1 + 1 + 16);
	cr_assert_eq(b.ptr[5], 16);
	assert_bytes_eq(b.ptr + 6, 16, want, 16);
	cr_assert_eq(step(srv, &b, &a), EAP_M_SUCCESS);
	cr_assert_null(eap_method_msk(srv, &(size_t){ 0 }));
	status_pkt(&a, EAP_CODE_SUCCESS, 0x86);
	cr_assert_eq(step(peer, &a, &b), EAP_M_SUCCESS);
	eap_method_free(srv);
	eap_method_free(peer);
	nea_wr_free(&a);
	nea_wr_free(&b);
}

Test(eap_md5, wrong_secret_and_bad_packets)
{
	eap_method_t *srv = eap_md5_server_new((const uint8_t *)"right", 5);
	eap_method_t *peer = eap_md5_peer_new((const uint8_t *)"wrong", 5);
	nea_wr_t a, b, out;
	nea_perr_t err;

	nea_wr_init(&a, 0);
	nea_wr_init(&b, 0);
	nea_wr_init(&out, 0);
	cr_assert_eq(eap_method_start(srv, 1, &a), 0);
	cr_assert_eq(eap_method_start(srv, 1, &a), NEA_ESTATE);
	cr_assert_eq(eap_method_start(peer, 1, &a), NEA_ESTATE);
	cr_assert_eq(step(peer, &a, &b), EAP_M_DONE);
	/* value size beyond the packet */
	b.ptr[5] = 17;
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len, &out, &err), NEA_ETRUNC);
	b.ptr[5] = 0;
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len, &out, &err), NEA_EINVAL);
	b.ptr[5] = 16;
	/* a response of another type */
	b.ptr[4] = 26;
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len, &out, &err), NEA_EINVAL);
	b.ptr[4] = 4;
	cr_assert_eq(step(srv, &b, &a), EAP_M_FAILURE);
	/* nothing more after the verdict */
	cr_assert_eq(eap_method_process(srv, b.ptr, b.len, &out, &err), NEA_ESTATE);
	/* the peer hears Failure */
	status_pkt(&a, EAP_CODE_FAILURE, 1);
	cr_assert_eq(step(peer, &a, &b), EAP_M_FAILURE);
	eap_method_free(srv);
	eap_method_free(peer);
	nea_wr_free(&a);
	nea_wr_free(&b);
	nea_wr_free(&out);
}

Test(eap_md5, peer_does_not_believe_early_success)
{
	eap_method_t *peer = eap_md5_peer_new((const uint8_t *)"s", 1);
	nea_wr_t a, b;

	nea_wr_init(&a, 0);
	nea_wr_init(&b, 0);
	status_pkt(&a, EAP_CODE_SUCCESS, 3);
	cr_assert_eq(step(peer, &a, &b), EAP_M_FAILURE);
	eap_method_free(peer);
	nea_wr_free(&a);
	nea_wr_free(&b);
}

/* --- Identity ------------------------------------------------------------ */

Test(eap_identity, server_and_peer)
{
	eap_method_t *srv = eap_identity_method_server_new();
	eap_method_t *peer = eap_identity_method_peer_new((const uint8_t *)"client.strongswan.org", 21);
	nea_wr_t a, b;
	const uint8_t *id;
	size_t len;

	nea_wr_init(&a, 0);
	nea_wr_init(&b, 0);
	cr_assert_null(eap_identity_method_get(srv, &len));
	cr_assert_eq(eap_method_start(srv, 0, &a), 0);
	assert_hex_eq(a.ptr, a.len, "01 00 0005 01");
	cr_assert_eq(step(peer, &a, &b), EAP_M_DONE);
	cr_assert_eq(b.len, 26); /* the seed's EAP/RES/ID of 26 bytes */
	cr_assert_eq(step(srv, &b, &a), EAP_M_SUCCESS);
	id = eap_identity_method_get(srv, &len);
	assert_bytes_eq(id, len, (const uint8_t *)"client.strongswan.org", 21);
	cr_assert_eq(eap_method_last_id(srv), 0);
	eap_method_free(srv);
	eap_method_free(peer);
	nea_wr_free(&a);
	nea_wr_free(&b);
}

Test(eap_identity, refuses_empty_or_nul_identities)
{
	eap_method_t *srv = eap_identity_method_server_new();
	nea_wr_t a, in;
	nea_perr_t err;

	nea_wr_init(&a, 0);
	nea_wr_init(&in, 0);
	cr_assert_eq(eap_method_start(srv, 5, &a), 0);
	cr_assert_eq(eap_identity_build(&in, EAP_CODE_RESPONSE, 5, NULL, 0), 0);
	cr_assert_eq(eap_method_process(srv, in.ptr, in.len, &a, &err), NEA_EINVAL);
	nea_wr_free(&in);
	nea_wr_init(&in, 0);
	cr_assert_eq(eap_identity_build(&in, EAP_CODE_RESPONSE, 5, (const uint8_t *)"a\0b", 3), 0);
	cr_assert_eq(eap_method_process(srv, in.ptr, in.len, &a, &err), NEA_EINVAL);
	cr_assert_null(eap_identity_method_peer_new((const uint8_t *)"", 0));
	eap_method_free(srv);
	nea_wr_free(&a);
	nea_wr_free(&in);
}

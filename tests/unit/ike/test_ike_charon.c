/*
 * Interoperability vectors: a complete IKE_SA between two strongSwan 5.9.8
 * charons (aes256-sha256-modp2048, responder PSK, initiator EAP-MD5,
 * fragment_size 200 so the first IKE_AUTH request is split), captured by
 * charon/capture.sh with charon's own key dumps (charon_vectors.h). Every
 * value nea derives must equal charon's, every packet must parse, decrypt
 * and summarise as charon logged it, every AUTH and EAP-MD5 value must
 * verify, and nea's encoder must reproduce charon's plaintext and fragment
 * sizes.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "eap_md5.h"
#include "eap_method.h"
#include "ike_auth.h"
#include "ike_frag.h"
#include "ike_keymat.h"
#include "ike_msg.h"
#include "ike_natd.h"
#include "ike_prf.h"
#include "ike_proposal.h"
#include "ike_sk.h"
#include "ike_test_util.h"

#include "charon_vectors.h"

#define NPKTS (sizeof(charon_pkts) / sizeof(charon_pkts[0]))

static uint8_t *raw[NPKTS];
static size_t raw_len[NPKTS];
static ike_msg_t init_req, init_resp;
static ike_keys_t keys;
static ike_sk_t ini, res;

static void setup(void)
{
	nea_perr_t err;
	const ike_payload_t *ni, *nr;
	ike_prop_cfg_t cfg;
	ike_selected_t sel;
	uint8_t *gir;
	size_t gir_len;

	for (size_t i = 0; i < NPKTS; i++)
		raw[i] = hexdec(charon_pkts[i].hex, &raw_len[i]);
	cr_assert_eq(ike_msg_parse(&init_req, raw[0], raw_len[0], 0, &err), 0, "%s", err.msg);
	cr_assert_eq(ike_msg_parse(&init_resp, raw[1], raw_len[1], 0, &err), 0, "%s", err.msg);
	cr_assert_eq(ike_proposal_parse("aes256-sha256-modp2048", IKE_PROTO_IKE, &cfg, NULL, 0), 0);
	cr_assert_eq(ike_proposal_verify(&cfg, 1, &ike_msg_get(&init_resp, IKE_PL_SA)->u.sa, false,
					 &sel),
		     0);
	ni = ike_msg_get(&init_req, IKE_PL_NONCE);
	nr = ike_msg_get(&init_resp, IKE_PL_NONCE);
	gir = hexdec(charon_gir, &gir_len);
	cr_assert_eq(ike_keys_derive(&keys, &sel.suite, ni->u.nonce.data, nr->u.nonce.data,
				     ike_chunk(gir, gir_len), init_resp.hdr.spi_i,
				     init_resp.hdr.spi_r),
		     0);
	free(gir);
	cr_assert_eq(ike_sk_init(&ini, &keys, true), 0);
	cr_assert_eq(ike_sk_init(&res, &keys, false), 0);
}

static void teardown(void)
{
	for (size_t i = 0; i < NPKTS; i++)
		free(raw[i]);
	ike_msg_free(&init_req);
	ike_msg_free(&init_resp);
	ike_keys_wipe(&keys);
}

TestSuite(ike_charon, .init = setup, .fini = teardown);

Test(ike_charon, ike_sa_init_parses_as_charon_logged)
{
	char sum[256];
	ike_prop_cfg_t cfg;
	ike_selected_t sel;

	cr_assert_str_eq(ike_msg_summary(&init_req, sum, sizeof(sum)), charon_pkts[0].summary);
	cr_assert_str_eq(ike_msg_summary(&init_resp, sum, sizeof(sum)), charon_pkts[1].summary);
	/* as responder nea would have chosen what charon chose */
	cr_assert_eq(ike_proposal_parse("aes256-sha256-modp2048", IKE_PROTO_IKE, &cfg, NULL, 0), 0);
	cr_assert_eq(ike_proposal_select(&cfg, 1, &ike_msg_get(&init_req, IKE_PL_SA)->u.sa, false,
					 &sel),
		     0);
	cr_assert_str_eq(ike_proposal_str(sel.proto, sel.trans, sel.ntrans, sum, sizeof(sum)),
			 "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048");
	/* and charon's message rebuilds byte for byte */
	{
		nea_wr_t w;

		nea_wr_init(&w, 0);
		cr_assert_eq(ike_msg_build(&init_req.hdr, init_req.pl, init_req.npl, &w), 0);
		assert_bytes_eq(w.ptr, w.len, raw[0], raw_len[0]);
		nea_wr_free(&w);
	}
}

Test(ike_charon, nat_detection_hashes)
{
	static const uint8_t a[4] = { 10, 99, 0, 1 }, b[4] = { 10, 99, 0, 2 }, zero[8] = { 0 };
	const ike_payload_t *s, *d;

	s = ike_msg_get_notify(&init_req, IKE_N_NAT_DETECTION_SOURCE_IP);
	d = ike_msg_get_notify(&init_req, IKE_N_NAT_DETECTION_DESTINATION_IP);
	cr_assert(ike_natd_check(init_req.hdr.spi_i, zero, a, 4, 500, s->u.notify.data.ptr,
				 s->u.notify.data.len));
	cr_assert(ike_natd_check(init_req.hdr.spi_i, zero, b, 4, 500, d->u.notify.data.ptr,
				 d->u.notify.data.len));
	s = ike_msg_get_notify(&init_resp, IKE_N_NAT_DETECTION_SOURCE_IP);
	d = ike_msg_get_notify(&init_resp, IKE_N_NAT_DETECTION_DESTINATION_IP);
	cr_assert(ike_natd_check(init_resp.hdr.spi_i, init_resp.hdr.spi_r, b, 4, 500,
				 s->u.notify.data.ptr, s->u.notify.data.len));
	cr_assert(ike_natd_check(init_resp.hdr.spi_i, init_resp.hdr.spi_r, a, 4, 500,
				 d->u.notify.data.ptr, d->u.notify.data.len));
	cr_assert_not(ike_natd_check(init_resp.hdr.spi_i, init_resp.hdr.spi_r, a, 4, 4500,
				     d->u.notify.data.ptr, d->u.notify.data.len));
}

Test(ike_charon, key_derivation_matches_charon)
{
	/* SKEYSEED = prf(Ni | Nr, g^ir) by hand, against charon's dump */
	const ike_chunk_t ni = ike_msg_get(&init_req, IKE_PL_NONCE)->u.nonce.data;
	const ike_chunk_t nr = ike_msg_get(&init_resp, IKE_PL_NONCE)->u.nonce.data;
	uint8_t key[2 * IKE_NONCE_MAX], seed[32], *gir;
	size_t gir_len;
	ike_chunk_t g;

	memcpy(key, ni.ptr, ni.len);
	memcpy(key + ni.len, nr.ptr, nr.len);
	gir = hexdec(charon_gir, &gir_len);
	g = ike_chunk(gir, gir_len);
	cr_assert_eq(gir_len, 256);
	cr_assert_eq(ike_prf(IKE_PRF_HMAC_SHA2_256, key, ni.len + nr.len, &g, 1, seed), 0);
	assert_hex_eq(seed, 32, charon_skeyseed);
	free(gir);

	assert_hex_eq(keys.sk_d, keys.d_len, charon_sk_d);
	assert_hex_eq(keys.sk_ai, keys.a_len, charon_sk_ai);
	assert_hex_eq(keys.sk_ar, keys.a_len, charon_sk_ar);
	assert_hex_eq(keys.sk_ei, keys.e_len, charon_sk_ei);
	assert_hex_eq(keys.sk_er, keys.e_len, charon_sk_er);
	assert_hex_eq(keys.sk_pi, keys.p_len, charon_sk_pi);
	assert_hex_eq(keys.sk_pr, keys.p_len, charon_sk_pr);
}

/* Parse and open packet i the way its receiver would; fragments go into r. */
static int open_pkt(size_t i, ike_msg_t *m, ike_reasm_t *r)
{
	const ike_sk_key_t *k = charon_pkts[i].from_initiator ? &res.in : &ini.in;
	nea_perr_t err;

	cr_assert_eq(ike_msg_parse(m, raw[i], raw_len[i], 0, &err), 0, "packet %zu: %s", i, err.msg);
	if (m->pl[m->sk].type == IKE_PL_SKF) {
		int rc = ike_reasm_add(r, k, m, &err);

		if (rc == 0)
			cr_assert_eq(ike_reasm_finish(r, m, &err), 0, "%s", err.msg);
		return rc;
	}
	cr_assert_eq(ike_sk_decrypt(k, m, &err), 0, "packet %zu: %s", i, err.msg);
	return 0;
}

Test(ike_charon, every_ike_auth_message_decrypts_as_charon_logged)
{
	ike_reasm_t r;
	char sum[256];
	size_t n = 0;

	ike_reasm_init(&r, 0, 0);
	for (size_t i = 2; i < NPKTS; i++) {
		ike_msg_t m;
		int rc = open_pkt(i, &m, &r);

		if (charon_pkts[i].reassembled) {
			cr_assert_eq(rc, 0);
			cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)),
					 charon_pkts[i].reassembled);
		} else if (rc == NEA_EAGAIN) {
			/* a first fragment: before decryption its summary is
			 * the fragment's own, as charon logs it */
			ike_msg_t f;
			nea_perr_t err;

			cr_assert_eq(ike_msg_parse(&f, raw[i], raw_len[i], 0, &err), 0);
			cr_assert_str_eq(ike_msg_summary(&f, sum, sizeof(sum)), charon_pkts[i].summary);
			ike_msg_free(&f);
		} else {
			cr_assert_eq(rc, 0);
			cr_assert_str_eq(ike_msg_summary(&m, sum, sizeof(sum)), charon_pkts[i].summary);
		}
		ike_msg_free(&m);
		n++;
	}
	cr_assert_eq(n, 9);
}

/* Packet index whose summary starts with prefix. */
static size_t find(const char *prefix)
{
	for (size_t i = 0; i < NPKTS; i++)
		if (strncmp(charon_pkts[i].summary, prefix, strlen(prefix)) == 0)
			return i;
	cr_assert_fail("no packet '%s'", prefix);
	return 0;
}

/* The reassembled IKE_AUTH request 1 (its IDi). */
static void ike_auth_request1(ike_msg_t *m)
{
	ike_reasm_t r;
	size_t i = find("IKE_AUTH request 1 [ EF(1/2)");

	ike_reasm_init(&r, 0, 0);
	cr_assert_eq(open_pkt(i, m, &r), NEA_EAGAIN);
	ike_msg_free(m);
	cr_assert_eq(open_pkt(i + 1, m, &r), 0);
}

Test(ike_charon, responder_psk_auth_verifies)
{
	ike_msg_t m;
	nea_wr_t oct;
	const ike_payload_t *idr, *auth;
	const char *psk = "nea-psk-for-tests";

	cr_assert_eq(open_pkt(find("IKE_AUTH response 1"), &m, NULL), 0);
	idr = ike_msg_get(&m, IKE_PL_IDR);
	auth = ike_msg_get(&m, IKE_PL_AUTH);
	cr_assert_eq(auth->u.auth.method, IKE_AUTH_SHARED_KEY);
	nea_wr_init(&oct, 0);
	/* ResponderSignedOctets = IKE_SA_INIT response | Ni | prf(SK_pr, IDr') */
	cr_assert_eq(ike_auth_octets(keys.suite.prf, ike_chunk(keys.sk_pr, keys.p_len), init_resp.raw,
				     ike_msg_get(&init_req, IKE_PL_NONCE)->u.nonce.data, idr->body,
				     &oct),
		     0);
	cr_assert_eq(ike_auth_psk_verify(keys.suite.prf, ike_chunk(psk, strlen(psk)),
					 ike_chunk(oct.ptr, oct.len), auth->u.auth.data),
		     0);
	cr_assert_eq(ike_auth_psk_verify(keys.suite.prf, ike_chunk("wrong", 5),
					 ike_chunk(oct.ptr, oct.len), auth->u.auth.data),
		     NEA_EAUTH);
	nea_wr_free(&oct);
	ike_msg_free(&m);
}

Test(ike_charon, eap_auth_without_msk_uses_sk_p)
{
	ike_msg_t req1, resp1, m;
	nea_wr_t oct;
	const ike_payload_t *auth;
	ike_chunk_t secret;

	ike_auth_request1(&req1);
	cr_assert_eq(open_pkt(find("IKE_AUTH response 1"), &resp1, NULL), 0);

	/* initiator: IKE_SA_INIT request | Nr | prf(SK_pi, IDi'), key SK_pi */
	cr_assert_eq(open_pkt(find("IKE_AUTH request 4"), &m, NULL), 0);
	auth = ike_msg_get(&m, IKE_PL_AUTH);
	nea_wr_init(&oct, 0);
	cr_assert_eq(ike_auth_octets(keys.suite.prf, ike_chunk(keys.sk_pi, keys.p_len), init_req.raw,
				     ike_msg_get(&init_resp, IKE_PL_NONCE)->u.nonce.data,
				     ike_msg_get(&req1, IKE_PL_IDI)->body, &oct),
		     0);
	secret = ike_auth_eap_secret(ike_chunk(NULL, 0), ike_chunk(keys.sk_pi, keys.p_len));
	cr_assert_eq(ike_auth_psk_verify(keys.suite.prf, secret, ike_chunk(oct.ptr, oct.len),
					 auth->u.auth.data),
		     0);
	nea_wr_free(&oct);
	ike_msg_free(&m);

	/* responder: IKE_SA_INIT response | Ni | prf(SK_pr, IDr'), key SK_pr */
	cr_assert_eq(open_pkt(find("IKE_AUTH response 4"), &m, NULL), 0);
	auth = ike_msg_get(&m, IKE_PL_AUTH);
	nea_wr_init(&oct, 0);
	cr_assert_eq(ike_auth_octets(keys.suite.prf, ike_chunk(keys.sk_pr, keys.p_len),
				     init_resp.raw, ike_msg_get(&init_req, IKE_PL_NONCE)->u.nonce.data,
				     ike_msg_get(&resp1, IKE_PL_IDR)->body, &oct),
		     0);
	secret = ike_auth_eap_secret(ike_chunk(NULL, 0), ike_chunk(keys.sk_pr, keys.p_len));
	cr_assert_eq(ike_auth_psk_verify(keys.suite.prf, secret, ike_chunk(oct.ptr, oct.len),
					 auth->u.auth.data),
		     0);
	nea_wr_free(&oct);
	ike_msg_free(&m);
	ike_msg_free(&req1);
	ike_msg_free(&resp1);
}

/* nea's EAP-MD5 peer answers charon's challenge with charon's exact bytes,
 * and nea's EAP-MD5 server accepts charon's answer. */
static int challenge_rand(void *ctx, uint8_t *buf, size_t len)
{
	memcpy(buf, ctx, len);
	return 0;
}

Test(ike_charon, eap_md5_against_charon)
{
	const char *secret = "3s9RFGdWE5EW";
	ike_msg_t q, a;
	const ike_pl_eap_t *req, *res_eap;
	eap_method_t *peer, *srv;
	nea_wr_t out;
	nea_perr_t err;

	cr_assert_eq(open_pkt(find("IKE_AUTH response 2 [ EAP/REQ/MD5"), &q, NULL), 0);
	cr_assert_eq(open_pkt(find("IKE_AUTH request 3 [ EAP/RES/MD5"), &a, NULL), 0);
	req = &ike_msg_get(&q, IKE_PL_EAP)->u.eap;
	res_eap = &ike_msg_get(&a, IKE_PL_EAP)->u.eap;

	peer = eap_md5_peer_new((const uint8_t *)secret, strlen(secret));
	nea_wr_init(&out, 0);
	cr_assert_eq(eap_method_process(peer, req->pkt.ptr, req->pkt.len, &out, &err), EAP_M_DONE);
	assert_bytes_eq(out.ptr, out.len, res_eap->pkt.ptr, res_eap->pkt.len);
	nea_wr_free(&out);
	eap_method_free(peer);

	/* charon's challenge: Type-Data after Value-Size */
	cr_assert_eq(req->pkt.len, 4 + 1 + 1 + 16);
	srv = eap_md5_server_new((const uint8_t *)secret, strlen(secret));
	eap_method_set_rand(srv, challenge_rand, (void *)(req->pkt.ptr + 6));
	nea_wr_init(&out, 0);
	cr_assert_eq(eap_method_start(srv, req->id, &out), 0);
	assert_bytes_eq(out.ptr, out.len, req->pkt.ptr, req->pkt.len);
	nea_wr_free(&out);
	nea_wr_init(&out, 0);
	cr_assert_eq(eap_method_process(srv, res_eap->pkt.ptr, res_eap->pkt.len, &out, &err),
		     EAP_M_SUCCESS);
	nea_wr_free(&out);
	eap_method_free(srv);
	ike_msg_free(&q);
	ike_msg_free(&a);
}

/* nea's encoder gives charon's plaintext and nea's fragmenter charon's
 * fragment sizes for fragment_size 200. */
Test(ike_charon, encoder_and_fragmenter_reproduce_charon)
{
	size_t i = find("IKE_AUTH request 1 [ EF(1/2)");
	uint8_t plain[512];
	size_t plen = 0;
	ike_msg_t req1, f;
	nea_wr_t w;
	nea_perr_t err;
	ike_packet_t *pkts;
	size_t n, first = 0;

	for (size_t j = i; j < i + 2; j++) {
		const uint8_t *p;
		size_t len;

		cr_assert_eq(ike_msg_parse(&f, raw[j], raw_len[j], 0, &err), 0);
		cr_assert_eq(ike_sk_open(&res.in, &f, &p, &len, &err), 0, "%s", err.msg);
		memcpy(plain + plen, p, len);
		plen += len;
		ike_msg_free(&f);
	}
	ike_auth_request1(&req1);
	for (size_t k = 0; k < req1.npl; k++)
		if (req1.pl[k].encrypted && !first)
			first = k;
	nea_wr_init(&w, 0);
	cr_assert_eq(ike_payloads_build(req1.pl + first, req1.npl - first, &w), 0);
	assert_bytes_eq(w.ptr, w.len, plain, plen);
	nea_wr_free(&w);

	cr_assert_eq(ike_frag_split(&ini.out, &req1.hdr, req1.pl + first, req1.npl - first, 200, false,
				    true, &pkts, &n),
		     0);
	cr_assert_eq(n, 2);
	/* charon's datagrams on port 4500 carry 4 more bytes (marker) */
	cr_assert_eq(pkts[0].len, raw_len[i]);
	cr_assert_eq(pkts[1].len, raw_len[i + 1]);
	ike_packets_free(pkts, n);
	ike_msg_free(&req1);
}

/* Bounded input: every prefix of every captured datagram is refused with
 * an offset inside what was given, and no single flipped bit of a protected
 * message survives parsing plus decryption. */
Test(ike_charon, every_prefix_and_bit_flip_is_refused)
{
	for (size_t i = 0; i < NPKTS; i++) {
		const ike_sk_key_t *k = charon_pkts[i].from_initiator ? &res.in : &ini.in;

		for (size_t len = 0; len < raw_len[i]; len++) {
			ike_msg_t m;
			nea_perr_t err = { 0 };

			cr_assert_neq(ike_msg_parse(&m, raw[i], len, 0, &err), 0, "packet %zu, %zu bytes",
				      i, len);
			cr_assert(err.offset <= len, "packet %zu: offset %zu beyond %zu", i, err.offset,
				  len);
			ike_msg_free(&m);
		}
		if (i < 2)
			continue;
		for (size_t pos = 0; pos < raw_len[i]; pos++) {
			ike_msg_t m;
			nea_perr_t err = { 0 };
			const uint8_t *plain;
			size_t plen;
			int rc;

			raw[i][pos] ^= 0x04;
			rc = ike_msg_parse(&m, raw[i], raw_len[i], 0, &err);
			if (rc == 0)
				rc = ike_sk_open(k, &m, &plain, &plen, &err);
			cr_assert_neq(rc, 0, "packet %zu accepted with byte %zu changed", i, pos);
			cr_assert(err.offset <= raw_len[i]);
			ike_msg_free(&m);
			raw[i][pos] ^= 0x04;
		}
	}
}

/* The captured EAP-MD5 packets cut short are discarded by both roles. */
Test(ike_charon, truncated_eap_packets_are_discarded)
{
	const char *secret = "3s9RFGdWE5EW";
	ike_msg_t q, a;
	const ike_pl_eap_t *req, *resp;

	cr_assert_eq(open_pkt(find("IKE_AUTH response 2 [ EAP/REQ/MD5"), &q, NULL), 0);
	cr_assert_eq(open_pkt(find("IKE_AUTH request 3 [ EAP/RES/MD5"), &a, NULL), 0);
	req = &ike_msg_get(&q, IKE_PL_EAP)->u.eap;
	resp = &ike_msg_get(&a, IKE_PL_EAP)->u.eap;
	for (size_t len = 0; len < req->pkt.len; len++) {
		eap_method_t *peer = eap_md5_peer_new((const uint8_t *)secret, strlen(secret));
		eap_method_t *srv = eap_md5_server_new((const uint8_t *)secret, strlen(secret));
		nea_wr_t out;
		nea_perr_t err;

		eap_method_set_rand(srv, challenge_rand, (void *)(req->pkt.ptr + 6));
		nea_wr_init(&out, 0);
		cr_assert(eap_method_process(peer, req->pkt.ptr, len, &out, &err) < 0);
		cr_assert_eq(eap_method_start(srv, req->id, &out), 0);
		cr_assert(eap_method_process(srv, resp->pkt.ptr, len < resp->pkt.len ? len : 0, &out,
					     &err) < 0);
		/* the method survives garbage and still accepts the real answer */
		nea_wr_free(&out);
		nea_wr_init(&out, 0);
		cr_assert_eq(eap_method_process(srv, resp->pkt.ptr, resp->pkt.len, &out, &err),
			     EAP_M_SUCCESS);
		nea_wr_free(&out);
		eap_method_free(peer);
		eap_method_free(srv);
	}
	ike_msg_free(&q);
	ike_msg_free(&a);
}

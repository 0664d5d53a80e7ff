/*
 * EAP-TTLS server against EAP-TTLS peer in-process (both ends nea_eap):
 * phase 2 with EAP-MD5 and EAP-MSCHAPv2, client certificates, wrong
 * secrets, the MSK against the TLS PRF computed independently, and
 * configuration loading.
 */
#include <criterion/criterion.h>
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/ssl.h>
#include <string.h>

#include "eap_ttls_int.h"
#include "nea_conf.h"
#include "ttls_test_util.h"

static pki_t pki;
static broker_t sb, pb;

static void setup(void)
{
	pki_init(&pki);
	memset(&sb, 0, sizeof(sb));
	memset(&pb, 0, sizeof(pb));
	sb.server = true;
}

static void teardown(void)
{
	broker_free(&sb);
	broker_free(&pb);
	pki_free(&pki);
}

/* The gateway's EAP secrets: carol/sesame. */
static int lookup(void *ctx, const char *identity, uint8_t *buf, size_t *len, bool *nt_hash)
{
	(void)ctx;
	if (strcmp(identity, "carol") != 0)
		return NEA_ENOTFOUND;
	memcpy(buf, "sesame", 6);
	*len = 6;
	if (nt_hash)
		*nt_hash = false;
	return 0;
}

static void srv_cfg(eap_ttls_cfg_t *c)
{
	eap_ttls_cfg_defaults(c);
	c->cert = pki.srv;
	c->key = pki.srv_key;
	c->ca = pki.store;
	c->eap_identity = "carol";
	c->secret_fn = lookup;
	c->peer_label = "192.0.2.7";
}

static void peer_cfg(eap_ttls_cfg_t *c, const char *identity, const char *password)
{
	eap_ttls_cfg_defaults(c);
	c->ca = pki.store;
	c->server_id = "gw.nea.test";
	c->eap_identity = identity;
	c->secret = (const uint8_t *)password;
	c->secret_len = password ? strlen(password) : 0;
}

/*
 * RFC 5281 §8 computed here from the session's master secret and randoms
 * with OpenSSL's TLS1-PRF KDF (not the exporter the method uses), and
 * compared with the method's keying material and MSK.
 */
static void check_keymat(eap_method_t *m)
{
	ttls_t *t = (ttls_t *)m;
	SSL *ssl = t->tls.ssl;
	uint8_t master[48], cr[32], sr[32], seed[20 + 64], want[128], got[128], exp[128];
	const EVP_MD *md = SSL_CIPHER_get_handshake_digest(SSL_get_current_cipher(ssl));
	OSSL_PARAM params[4];
	EVP_KDF_CTX *kctx;
	EVP_KDF *kdf;
	const uint8_t *msk;
	size_t msk_len;

	cr_assert_not_null(md);
	cr_assert_eq(SSL_SESSION_get_master_key(SSL_get_session(ssl), master, sizeof(master)), 48);
	cr_assert_eq(SSL_get_client_random(ssl, cr, sizeof(cr)), 32);
	cr_assert_eq(SSL_get_server_random(ssl, sr, sizeof(sr)), 32);
	memcpy(seed, "ttls keying material", 20);
	memcpy(seed + 20, cr, 32);
	memcpy(seed + 52, sr, 32);
	kdf = EVP_KDF_fetch(NULL, "TLS1-PRF", NULL);
	cr_assert_not_null(kdf);
	kctx = EVP_KDF_CTX_new(kdf);
	EVP_KDF_free(kdf);
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
						     (char *)EVP_MD_get0_name(md), 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, master, 48);
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, seed, sizeof(seed));
	params[3] = OSSL_PARAM_construct_end();
	cr_assert_eq(EVP_KDF_derive(kctx, want, sizeof(want), params), 1);
	EVP_KDF_CTX_free(kctx);

	cr_assert_eq(eap_ttls_key_material(m, got), 0);
	cr_assert_arr_eq(got, want, sizeof(want), "keying material is not RFC 5281's PRF");
	cr_assert_eq(SSL_export_keying_material(ssl, exp, sizeof(exp), "ttls keying material", 20,
						NULL, 0, 0),
		     1);
	cr_assert_arr_eq(exp, want, sizeof(want));
	msk = eap_method_msk(m, &msk_len);
	cr_assert_eq(msk_len, EAP_MSK_LEN);
	cr_assert_arr_eq(msk, want, EAP_MSK_LEN, "MSK must be the first 64 bytes");
}

static void check_same_msk(eap_method_t *a, eap_method_t *b)
{
	size_t la, lb;
	const uint8_t *ma = eap_method_msk(a, &la), *mb = eap_method_msk(b, &lb);

	cr_assert_eq(la, EAP_MSK_LEN);
	cr_assert_eq(lb, EAP_MSK_LEN);
	cr_assert_arr_eq(ma, mb, EAP_MSK_LEN, "server and peer MSK differ");
}

TestSuite(eap_ttls, .init = setup, .fini = teardown);

Test(eap_ttls, md5_phase2_success_and_msk)
{
	eap_ttls_cfg_t sc, pc;
	eap_ttls_result_t res;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	peer_cfg(&pc, "carol", "sesame");
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	cr_assert(srv && peer);
	r = ttls_run(srv, peer, NULL, NULL);
	cr_assert_eq(r.srv_rc, EAP_M_SUCCESS);
	cr_assert_eq(r.peer_rc, EAP_M_SUCCESS);
	check_keymat(srv);
	check_keymat(peer);
	check_same_msk(srv, peer);
	eap_ttls_result(srv, &res);
	cr_assert(res.done && res.success);
	cr_assert_str_eq(res.inner_identity, "carol");
	cr_assert_eq(res.auth, EAP_TNC_AUTH_PASSWORD);
	cr_assert_eq(res.auth_method, EAP_TYPE_MD5);
	cr_assert_str_eq(res.tls_version, "TLS 1.2");
	cr_assert(!res.tnc_ran);
	eap_ttls_result(peer, &res);
	cr_assert_str_eq(res.cert_subject, "C=CH, O=nea, CN=gw.nea.test");
	eap_method_free(srv);
	eap_method_free(peer);
}

/* With piggyback the Identity request rides with the server's Finished;
 * without it the peer volunteers its Identity response in its answer to
 * that Finished: either way phase 2 starts in the same round trip. */
Test(eap_ttls, piggyback_and_unsolicited_identity)
{
	eap_ttls_cfg_t sc, pc;
	eap_method_t *srv, *peer;
	run_t plain, piggy;

	srv_cfg(&sc);
	peer_cfg(&pc, "carol", "sesame");
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	plain = ttls_run(srv, peer, NULL, NULL);
	eap_method_free(srv);
	eap_method_free(peer);

	sc.phase2_piggyback = true;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	piggy = ttls_run(srv, peer, NULL, NULL);
	cr_assert_eq(plain.srv_rc, EAP_M_SUCCESS);
	cr_assert_eq(piggy.srv_rc, EAP_M_SUCCESS);
	cr_assert_eq(piggy.peer_rc, EAP_M_SUCCESS);
	cr_assert_eq(piggy.packets, plain.packets, "piggyback %d packets, plain %d",
		     piggy.packets, plain.packets);
	check_same_msk(srv, peer);
	eap_method_free(srv);
	eap_method_free(peer);
}

Test(eap_ttls, mschapv2_phase2_success)
{
	eap_ttls_cfg_t sc, pc;
	eap_ttls_result_t res;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	sc.phase2_method = EAP_TYPE_MSCHAPV2;
	peer_cfg(&pc, "carol", "sesame");
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, NULL, NULL);
	cr_assert_eq(r.srv_rc, EAP_M_SUCCESS);
	cr_assert_eq(r.peer_rc, EAP_M_SUCCESS);
	check_keymat(srv);
	check_same_msk(srv, peer);
	eap_ttls_result(srv, &res);
	cr_assert_eq(res.auth_method, EAP_TYPE_MSCHAPV2);
	eap_method_free(srv);
	eap_method_free(peer);
}

static void wrong_secret(uint8_t method, const char *identity, const char *password)
{
	eap_ttls_cfg_t sc, pc;
	eap_ttls_result_t res;
	eap_method_t *srv, *peer;
	const uint8_t *msk;
	size_t len;
	char want[128];
	run_t r;

	srv_cfg(&sc);
	sc.phase2_method = method;
	peer_cfg(&pc, identity, password);
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, NULL, NULL);
	cr_assert_eq(r.srv_rc, EAP_M_FAILURE);
	cr_assert_eq(r.peer_rc, EAP_M_FAILURE);
	eap_ttls_result(srv, &res);
	cr_assert(res.done && !res.success);
	snprintf(want, sizeof(want), "EAP_TTLS phase2 authentication of '%s' with %s failed",
		 identity, method == EAP_TYPE_MD5 ? "EAP_MD5" : "EAP_MSCHAPV2");
	cr_assert_str_eq(res.reason, want);
	msk = eap_method_msk(srv, &len);
	cr_assert_null(msk);
	cr_assert_eq(len, 0);
	msk = eap_method_msk(peer, &len);
	cr_assert_null(msk);
	eap_method_free(srv);
	eap_method_free(peer);
}

Test(eap_ttls, wrong_password_md5_fails)
{
	wrong_secret(EAP_TYPE_MD5, "carol", "open sesame");
}

Test(eap_ttls, wrong_password_mschapv2_fails)
{
	wrong_secret(EAP_TYPE_MSCHAPV2, "carol", "Sesame");
}

Test(eap_ttls, unknown_identity_fails_like_a_wrong_password)
{
	wrong_secret(EAP_TYPE_MD5, "mallory", "sesame");
}

Test(eap_ttls, client_certificate_instead_of_password)
{
	eap_ttls_cfg_t sc, pc;
	eap_ttls_result_t res;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	sc.request_peer_auth = true;
	sc.eap_identity = "client.nea.test";
	peer_cfg(&pc, "client.nea.test", NULL);
	pc.cert = pki.cli;
	pc.key = pki.cli_key;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	cr_assert(srv && peer);
	r = ttls_run(srv, peer, NULL, NULL);
	cr_assert_eq(r.srv_rc, EAP_M_SUCCESS);
	cr_assert_eq(r.peer_rc, EAP_M_SUCCESS);
	eap_ttls_result(srv, &res);
	cr_assert_eq(res.auth, EAP_TNC_AUTH_CERT);
	cr_assert_eq(res.auth_method, EAP_TYPE_TLS);
	cr_assert_str_eq(res.cert_subject, "C=CH, O=nea, CN=client.nea.test");
	check_keymat(srv);
	check_same_msk(srv, peer);
	eap_method_free(srv);
	eap_method_free(peer);
}

Test(eap_ttls, client_certificate_from_another_ca_refused)
{
	eap_ttls_cfg_t sc, pc;
	eap_ttls_result_t res;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	sc.request_peer_auth = true;
	sc.eap_identity = "client.nea.test";
	peer_cfg(&pc, "client.nea.test", NULL);
	pc.cert = pki.rogue_cli;
	pc.key = pki.cli_key;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, NULL, NULL);
	cr_assert_eq(r.srv_rc, EAP_M_FAILURE);
	cr_assert_eq(r.peer_rc, EAP_M_FAILURE);
	eap_ttls_result(srv, &res);
	cr_assert(strstr(res.reason, "client.nea.test"), "%s", res.reason);
	eap_method_free(srv);
	eap_method_free(peer);
}

Test(eap_ttls, client_certificate_for_another_identity_refused)
{
	eap_ttls_cfg_t sc, pc;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	sc.request_peer_auth = true;
	sc.eap_identity = "dave.nea.test"; /* the outer EAP identity */
	peer_cfg(&pc, "dave.nea.test", NULL);
	pc.cert = pki.cli;
	pc.key = pki.cli_key;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, NULL, NULL);
	cr_assert_eq(r.srv_rc, EAP_M_FAILURE);
	eap_method_free(srv);
	eap_method_free(peer);
}

Test(eap_ttls, peer_refuses_server_certificate_for_another_identity)
{
	eap_ttls_cfg_t sc, pc;
	eap_ttls_result_t res;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	peer_cfg(&pc, "carol", "sesame");
	pc.server_id = "vpn.example.org";
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, NULL, NULL);
	cr_assert_eq(r.peer_rc, EAP_M_FAILURE);
	eap_ttls_result(peer, &res);
	cr_assert(strstr(res.reason, "vpn.example.org"), "%s", res.reason);
	eap_method_free(srv);
	eap_method_free(peer);
}

Test(eap_ttls, peer_does_not_believe_an_early_success)
{
	eap_ttls_cfg_t pc;
	eap_method_t *peer;
	nea_wr_t in, out;
	nea_perr_t err = { 0 };

	peer_cfg(&pc, "carol", "sesame");
	peer = eap_ttls_peer_new(&pc);
	nea_wr_init(&in, 0);
	nea_wr_init(&out, 0);
	cr_assert_eq(eap_tls_start_build(&in, EAP_TYPE_TTLS, 7), 0);
	cr_assert_eq(eap_method_process(peer, in.ptr, in.len, &out, &err), EAP_M_SEND);
	reset_wr(&in);
	cr_assert_eq(eap_status_build(&in, EAP_CODE_SUCCESS, 8), 0);
	cr_assert_eq(eap_method_process(peer, in.ptr, in.len, &out, &err), EAP_M_FAILURE);
	nea_wr_free(&in);
	nea_wr_free(&out);
	eap_method_free(peer);
}

Test(eap_ttls, tls13_exporter_msk)
{
	eap_ttls_cfg_t sc, pc;
	eap_ttls_result_t res;
	eap_method_t *srv, *peer;
	uint8_t km[128], exp[128];
	static const unsigned char ctx15[] = { 0x15 };
	run_t r;

	for (int piggyback = 0; piggyback < 2; piggyback++) {
		srv_cfg(&sc);
		sc.version_max = TLS1_3_VERSION;
		sc.phase2_piggyback = piggyback;
		peer_cfg(&pc, "carol", "sesame");
		pc.version_max = TLS1_3_VERSION;
		srv = eap_ttls_server_new(&sc);
		peer = eap_ttls_peer_new(&pc);
		r = ttls_run(srv, peer, NULL, NULL);
		cr_assert_eq(r.srv_rc, EAP_M_SUCCESS, "piggyback %d", piggyback);
		cr_assert_eq(r.peer_rc, EAP_M_SUCCESS);
		eap_ttls_result(srv, &res);
		cr_assert_str_eq(res.tls_version, "TLS 1.3");
		cr_assert_eq(eap_ttls_key_material(srv, km), 0);
		cr_assert_eq(SSL_export_keying_material(((ttls_t *)peer)->tls.ssl, exp, sizeof(exp),
							"EXPORTER_EAP_TLS_Key_Material", 29, ctx15,
							1, 1),
			     1);
		cr_assert_arr_eq(km, exp, sizeof(km));
		check_same_msk(srv, peer);
		eap_method_free(srv);
		eap_method_free(peer);
	}
}

Test(eap_ttls, small_fragments_and_message_count)
{
	eap_ttls_cfg_t sc, pc;
	eap_method_t *srv, *peer;
	run_t r;

	/* 200-byte EAP packets: the handshake needs many fragments */
	srv_cfg(&sc);
	sc.fragment_size = 200;
	sc.max_message_count = 0;
	peer_cfg(&pc, "carol", "sesame");
	pc.fragment_size = 200;
	pc.max_message_count = 0;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, NULL, NULL);
	cr_assert_eq(r.srv_rc, EAP_M_SUCCESS);
	cr_assert_eq(r.peer_rc, EAP_M_SUCCESS);
	cr_assert_gt(r.srv_frags, 1);
	cr_assert_leq(r.largest, 200);
	check_same_msk(srv, peer);
	eap_method_free(srv);
	eap_method_free(peer);

	/* the same with strongSwan's default bound of 32 packets fails */
	sc.max_message_count = 8;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, NULL, NULL);
	cr_assert_eq(r.srv_rc, EAP_M_FAILURE);
	eap_method_free(srv);
	eap_method_free(peer);
}

/* Every prefix of a response is discarded (negative code), and the
 * conversation then goes on as if nothing had happened. */
Test(eap_ttls, truncated_packets_discarded_state_unchanged)
{
	eap_ttls_cfg_t sc, pc;
	eap_method_t *srv, *peer;
	nea_wr_t req, resp, out;
	nea_perr_t err;
	int rc;

	srv_cfg(&sc);
	peer_cfg(&pc, "carol", "sesame");
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	nea_wr_init(&req, 0);
	nea_wr_init(&resp, 0);
	nea_wr_init(&out, 0);
	cr_assert_eq(eap_method_start(srv, 1, &req), 0);
	cr_assert_eq(eap_method_process(peer, req.ptr, req.len, &resp, &err), EAP_M_SEND);
	for (size_t n = 0; n < resp.len; n++) {
		reset_wr(&out);
		rc = eap_method_process(srv, resp.ptr, n, &out, &err);
		cr_assert_lt(rc, 0, "prefix %zu accepted", n);
		cr_assert_eq(out.len, 0);
	}
	/* the whole ClientHello still works */
	reset_wr(&out);
	cr_assert_eq(eap_method_process(srv, resp.ptr, resp.len, &out, &err), EAP_M_SEND);
	/* so does the server's answer at the peer after its own prefixes */
	for (size_t n = 0; n < out.len; n++) {
		reset_wr(&req);
		cr_assert_lt(eap_method_process(peer, out.ptr, n, &req, &err), 0);
	}
	reset_wr(&req);
	cr_assert_eq(eap_method_process(peer, out.ptr, out.len, &req, &err), EAP_M_SEND);
	nea_wr_free(&req);
	nea_wr_free(&resp);
	nea_wr_free(&out);
	eap_method_free(srv);
	eap_method_free(peer);
}

Test(eap_ttls, config_keys)
{
	static const char text[] =
		"charon {\n plugins {\n  eap-ttls {\n   fragment_size = 512\n"
		"   max_message_count = 0\n   request_peer_auth = yes\n   phase2_piggyback = yes\n"
		"   phase2_method = mschapv2\n   phase2_tnc = yes\n   phase2_tnc_method = tnc\n"
		"   include_length = no\n  }\n  eap-tnc {\n   max_message_count = 0\n  }\n }\n}\n"
		"libtls {\n version_max = 1.3\n suites = TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\n}\n";
	nea_conf_t *conf = NULL;
	eap_ttls_cfg_t c;
	char msg[160];

	cr_assert_eq(nea_conf_load_string(text, "test", &conf, msg, sizeof(msg)), 0);
	cr_assert_eq(eap_ttls_cfg_load(&c, conf, msg, sizeof(msg)), 0, "%s", msg);
	cr_assert_eq(c.fragment_size, 512);
	cr_assert_eq(c.max_message_count, 0);
	cr_assert_eq(c.tnc_max_message_count, 0);
	cr_assert(c.request_peer_auth && c.phase2_piggyback && c.phase2_tnc && !c.include_length);
	cr_assert_eq(c.phase2_method, EAP_TYPE_MSCHAPV2);
	cr_assert_eq(c.phase2_tnc_method, EAP_TYPE_TNC);
	cr_assert_eq(c.version_max, TLS1_3_VERSION);
	cr_assert_str_eq(c.suites, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
	nea_conf_free(conf);

	cr_assert_eq(nea_conf_load_string("charon { plugins { eap-ttls { phase2_method = gtc } } }",
					  "test", &conf, msg, sizeof(msg)),
		     0);
	cr_assert_eq(eap_ttls_cfg_load(&c, conf, msg, sizeof(msg)), NEA_ECONFIG);
	cr_assert(strstr(msg, "gtc"), "%s", msg);
	nea_conf_free(conf);

	eap_ttls_cfg_load(&c, NULL, msg, sizeof(msg));
	cr_assert_eq(c.fragment_size, 1024);
	cr_assert_eq(c.max_message_count, 32);
	cr_assert_eq(c.tnc_max_message_count, 10);
	cr_assert_eq(c.phase2_method, EAP_TYPE_MD5);
	cr_assert_eq(c.phase2_tnc_method, EAP_TYPE_PT_EAP);
	cr_assert(c.include_length && !c.phase2_tnc && !c.phase2_piggyback);
}

Test(eap_ttls, suites_restrict_the_handshake)
{
	eap_ttls_cfg_t sc, pc;
	eap_ttls_result_t res;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	sc.suites = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
	peer_cfg(&pc, "carol", "sesame");
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, NULL, NULL);
	cr_assert_eq(r.srv_rc, EAP_M_SUCCESS);
	eap_ttls_result(srv, &res);
	cr_assert_str_eq(res.suite, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
	check_keymat(srv); /* SHA-384 PRF */
	check_same_msk(srv, peer);
	eap_method_free(srv);
	eap_method_free(peer);

	sc.suites = "TLS_NO_SUCH_SUITE";
	cr_assert_null(eap_ttls_server_new(&sc));
}

Test(eap_ttls, unknown_identity_mschapv2_fails_like_a_wrong_password)
{
	wrong_secret(EAP_TYPE_MSCHAPV2, "mallory", "sesame");
}

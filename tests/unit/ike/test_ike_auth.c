/* AUTH octets, shared-key/MSK AUTH, signatures, NAT detection, cookies. */
#include <criterion/criterion.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <stdio.h>
#include <string.h>

#include "ike_auth.h"
#include "ike_cookie.h"
#include "ike_natd.h"
#include "ike_prf.h"
#include "ike_sigalg.h"
#include "ike_test_util.h"
#include "ike_types.h"

/* --- AUTH octets and shared-key AUTH --------------------------------- */

Test(ike_auth, octets_are_message_nonce_and_prf_of_id)
{
	static const uint8_t msg[5] = "MSG1!", nonce[16] = { 0xee }, skp[32] = { 0x5a };
	static const uint8_t id[8] = { IKE_ID_FQDN, 0, 0, 0, 'j', 'a', 'n', 'e' };
	uint8_t mac[32];
	size_t maclen;
	nea_wr_t w;

	nea_wr_init(&w, 0);
	cr_assert_eq(ike_auth_octets(IKE_PRF_HMAC_SHA2_256, ike_chunk(skp, 32), ike_chunk(msg, 5),
				     ike_chunk(nonce, 16), ike_chunk(id, 8), &w),
		     0);
	cr_assert_eq(w.len, 5 + 16 + 32);
	assert_bytes_eq(w.ptr, 5, msg, 5);
	assert_bytes_eq(w.ptr + 5, 16, nonce, 16);
	cr_assert_not_null(EVP_Q_mac(NULL, "HMAC", NULL, "SHA256", NULL, skp, 32, id, 8, mac,
				     sizeof(mac), &maclen));
	assert_bytes_eq(w.ptr + 21, 32, mac, maclen);
	nea_wr_free(&w);
}

Test(ike_auth, shared_key_auth_is_prf_of_prf_keypad)
{
	static const uint8_t msk[64] = { 1, 2, 3 }, octets[40] = { 9, 9, 9 };
	uint8_t key[64], want[64], got[64];
	size_t klen, wlen, glen;

	/* independent: HMAC(HMAC(MSK, "Key Pad for IKEv2"), octets) */
	cr_assert_not_null(EVP_Q_mac(NULL, "HMAC", NULL, "SHA384", NULL, msk, 64,
				     (const uint8_t *)"Key Pad for IKEv2", 17, key, sizeof(key), &klen));
	cr_assert_not_null(EVP_Q_mac(NULL, "HMAC", NULL, "SHA384", NULL, key, klen, octets, 40, want,
				     sizeof(want), &wlen));
	cr_assert_eq(ike_auth_psk(IKE_PRF_HMAC_SHA2_384, ike_chunk(msk, 64), ike_chunk(octets, 40),
				  got, sizeof(got), &glen),
		     0);
	assert_bytes_eq(got, glen, want, wlen);
	cr_assert_eq(ike_auth_psk_verify(IKE_PRF_HMAC_SHA2_384, ike_chunk(msk, 64),
					 ike_chunk(octets, 40), ike_chunk(want, wlen)),
		     0);
	want[wlen - 1] ^= 1;
	cr_assert_eq(ike_auth_psk_verify(IKE_PRF_HMAC_SHA2_384, ike_chunk(msk, 64),
					 ike_chunk(octets, 40), ike_chunk(want, wlen)),
		     NEA_EAUTH);
	cr_assert_eq(ike_auth_psk_verify(IKE_PRF_HMAC_SHA2_384, ike_chunk(msk, 64),
					 ike_chunk(octets, 40), ike_chunk(want, wlen - 1)),
		     NEA_EAUTH);
}

Test(ike_auth, eap_secret_is_msk_or_skp)
{
	static const uint8_t msk[64] = { 1 }, skp[32] = { 2 };
	ike_chunk_t s;

	s = ike_auth_eap_secret(ike_chunk(msk, 64), ike_chunk(skp, 32));
	cr_assert_eq(s.ptr, msk);
	cr_assert_eq(s.len, 64);
	s = ike_auth_eap_secret(ike_chunk(NULL, 0), ike_chunk(skp, 32));
	cr_assert_eq(s.ptr, skp);
}

/* --- AlgorithmIdentifiers (RFC 7427 Appendix A encodings) ------------- */

static void check_algid(const char *hex, int scheme, uint16_t hash)
{
	size_t len;
	uint8_t *der = hexdec(hex, &len);
	ike_sigalg_t a;
	nea_perr_t err;
	nea_wr_t w;

	cr_assert_eq(ike_sigalg_decode(ike_chunk(der, len), &a, &err), 0, "%s: %s", hex, err.msg);
	cr_assert_eq(a.scheme, scheme);
	cr_assert_eq(a.hash, hash);
	nea_wr_init(&w, 0);
	cr_assert_eq(ike_sigalg_encode(&a, &w), 0);
	assert_bytes_eq(w.ptr, w.len, der, len);
	nea_wr_free(&w);
	free(der);
}

Test(ike_sigalg, known_encodings_round_trip)
{
	check_algid("300d06092a864886f70d01010b0500", IKE_SIG_RSA_PKCS1, IKE_HASH_SHA2_256);
	check_algid("300d06092a864886f70d01010c0500", IKE_SIG_RSA_PKCS1, IKE_HASH_SHA2_384);
	check_algid("300d06092a864886f70d01010d0500", IKE_SIG_RSA_PKCS1, IKE_HASH_SHA2_512);
	check_algid("300a06082a8648ce3d040302", IKE_SIG_ECDSA, IKE_HASH_SHA2_256);
	check_algid("300a06082a8648ce3d040303", IKE_SIG_ECDSA, IKE_HASH_SHA2_384);
	check_algid("300a06082a8648ce3d040304", IKE_SIG_ECDSA, IKE_HASH_SHA2_512);
	/* RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32 */
	check_algid("3041 06092a864886f70d01010a 3034"
		    "a00f 300d 0609608648016503040201 0500"
		    "a11c 301a 06092a864886f70d010108 300d 0609608648016503040201 0500"
		    "a203 020120",
		    IKE_SIG_RSA_PSS, IKE_HASH_SHA2_256);
}

Test(ike_sigalg, accepts_absent_null_and_explicit_trailer)
{
	size_t len;
	uint8_t *der;
	ike_sigalg_t a;
	nea_perr_t err;

	der = hexdec("300b06092a864886f70d01010b", &len);
	cr_assert_eq(ike_sigalg_decode(ike_chunk(der, len), &a, &err), 0, "%s", err.msg);
	cr_assert_eq(a.scheme, IKE_SIG_RSA_PKCS1);
	free(der);
	/* PSS SHA-384 with absent hash parameters and trailer 1 */
	der = hexdec("3042 06092a864886f70d01010a 3035"
		     "a00d 300b 0609608648016503040202"
		     "a11a 3018 06092a864886f70d010108 300b 0609608648016503040202"
		     "a203 020130 a303 020101",
		     &len);
	cr_assert_eq(ike_sigalg_decode(ike_chunk(der, len), &a, &err), 0, "%s", err.msg);
	cr_assert_eq(a.scheme, IKE_SIG_RSA_PSS);
	cr_assert_eq(a.hash, IKE_HASH_SHA2_384);
	cr_assert_eq(a.mgf1_hash, IKE_HASH_SHA2_384);
	cr_assert_eq(a.salt_len, 48);
	free(der);
}

Test(ike_sigalg, refuses_bad_der)
{
	static const struct {
		const char *hex;
		int code;
	} bad[] = {
		{ "300d06092a864886f70d01010b05", NEA_ETRUNC },         /* truncated NULL */
		{ "300e06092a864886f70d01010b050000", NEA_EINVAL },     /* trailing inside */
		{ "300d06092a864886f70d01010b050000", NEA_EINVAL },     /* trailing outside */
		{ "310d06092a864886f70d01010b0500", NEA_EINVAL },       /* not a SEQUENCE */
		{ "308106092a864886f70d01010b0500", NEA_EINVAL },       /* non-minimal length */
		{ "300a06082a8648ce3d040399", NEA_EUNSUPPORTED },       /* unknown OID */
		{ "300c06082a8648ce3d0403020500", NEA_EINVAL },         /* ECDSA with params */
		{ "300d06092a864886f70d01010a3000", NEA_EUNSUPPORTED }, /* PSS defaults: SHA-1 */
		{ "", NEA_ETRUNC },
	};
	ike_sigalg_t a;
	nea_perr_t err;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len;
		uint8_t *der = hexdec(bad[i].hex, &len);

		cr_assert_eq(ike_sigalg_decode(ike_chunk(der, len), &a, &err), bad[i].code, "%s",
			     bad[i].hex);
		free(der);
	}
}

Test(ike_sigalg, hash_algorithm_list)
{
	static const uint16_t algs[4] = { IKE_HASH_SHA2_256, IKE_HASH_SHA2_384, IKE_HASH_SHA2_512,
					  IKE_HASH_IDENTITY };
	nea_wr_t w;

	nea_wr_init(&w, 0);
	cr_assert_eq(ike_hash_algs_build(algs, 4, &w), 0);
	/* charon's N(HASH_ALG) data in the seed's IKE_SA_INIT */
	assert_hex_eq(w.ptr, w.len, "0002000300040005");
	cr_assert(ike_hash_algs_has(ike_chunk(w.ptr, w.len), IKE_HASH_SHA2_384));
	cr_assert_not(ike_hash_algs_has(ike_chunk(w.ptr, w.len), IKE_HASH_SHA1));
	cr_assert_not(ike_hash_algs_has(ike_chunk(w.ptr, 3), IKE_HASH_SHA2_512));
	nea_wr_free(&w);
}

/* --- signatures -------------------------------------------------------- */

static EVP_PKEY *gen_ec(const char *curve)
{
	EVP_PKEY *k = EVP_EC_gen(curve);

	cr_assert_not_null(k);
	return k;
}

static EVP_PKEY *gen_rsa(void)
{
	EVP_PKEY *k = EVP_RSA_gen(2048);

	cr_assert_not_null(k);
	return k;
}

static const uint8_t octets[] = "IKE_SA_INIT request | Nr | prf(SK_pi, IDi')";

static void sign_verify(EVP_PKEY *key, uint8_t method, const ike_sigalg_t *alg, size_t raw_len)
{
	nea_wr_t w;
	nea_perr_t err;

	nea_wr_init(&w, 0);
	cr_assert_eq(ike_auth_sign(key, method, alg, ike_chunk(octets, sizeof(octets)), &w), 0,
		     "method %u", method);
	if (raw_len)
		cr_assert_eq(w.len, raw_len, "method %u signature of %zu bytes", method, w.len);
	cr_assert_eq(ike_auth_verify(key, method, ike_chunk(w.ptr, w.len),
				     ike_chunk(octets, sizeof(octets)), &err),
		     0, "method %u: %s", method, err.msg);
	/* other octets */
	cr_assert_eq(ike_auth_verify(key, method, ike_chunk(w.ptr, w.len),
				     ike_chunk(octets, sizeof(octets) - 1), &err),
		     NEA_EAUTH);
	/* a flipped signature bit */
	w.ptr[w.len - 5] ^= 0x10;
	cr_assert_eq(ike_auth_verify(key, method, ike_chunk(w.ptr, w.len),
				     ike_chunk(octets, sizeof(octets)), &err),
		     NEA_EAUTH, "method %u accepted a corrupt signature", method);
	nea_wr_free(&w);
}

Test(ike_auth, classic_ecdsa_methods)
{
	EVP_PKEY *p256 = gen_ec("P-256"), *p384 = gen_ec("P-384"), *p521 = gen_ec("P-521");
	uint8_t m;

	sign_verify(p256, IKE_AUTH_ECDSA_256, NULL, 64);
	sign_verify(p384, IKE_AUTH_ECDSA_384, NULL, 96);
	sign_verify(p521, IKE_AUTH_ECDSA_521, NULL, 132);
	cr_assert_eq(ike_auth_classic_method(p384, &m), 0);
	cr_assert_eq(m, IKE_AUTH_ECDSA_384);
	/* the curve must match the method */
	{
		nea_wr_t w;

		nea_wr_init(&w, 0);
		cr_assert_eq(ike_auth_sign(p384, IKE_AUTH_ECDSA_256, NULL,
					   ike_chunk(octets, sizeof(octets)), &w),
			     NEA_EINVAL);
		nea_wr_free(&w);
	}
	EVP_PKEY_free(p256);
	EVP_PKEY_free(p384);
	EVP_PKEY_free(p521);
}

Test(ike_auth, rsa_and_digital_signature_methods)
{
	EVP_PKEY *rsa = gen_rsa(), *ec = gen_ec("P-256");
	ike_sigalg_t pkcs1 = { IKE_SIG_RSA_PKCS1, IKE_HASH_SHA2_256, 0, 0 };
	ike_sigalg_t pss = { IKE_SIG_RSA_PSS, IKE_HASH_SHA2_384, IKE_HASH_SHA2_384, 48 };
	ike_sigalg_t ecdsa = { IKE_SIG_ECDSA, IKE_HASH_SHA2_256, 0, 0 };
	nea_wr_t w;
	nea_perr_t err;
	uint8_t m;

	sign_verify(rsa, IKE_AUTH_RSA_SIG, NULL, 256);
	sign_verify(rsa, IKE_AUTH_DIGITAL_SIG, &pkcs1, 1 + 15 + 256);
	sign_verify(rsa, IKE_AUTH_DIGITAL_SIG, &pss, 0);
	sign_verify(ec, IKE_AUTH_DIGITAL_SIG, &ecdsa, 0);
	cr_assert_eq(ike_auth_classic_method(rsa, &m), 0);
	cr_assert_eq(m, IKE_AUTH_RSA_SIG);

	/* an ECDSA signature presented with an RSA key: refused */
	nea_wr_init(&w, 0);
	cr_assert_eq(ike_auth_sign(ec, IKE_AUTH_DIGITAL_SIG, &ecdsa,
				   ike_chunk(octets, sizeof(octets)), &w),
		     0);
	cr_assert_eq(ike_auth_verify(rsa, IKE_AUTH_DIGITAL_SIG, ike_chunk(w.ptr, w.len),
				     ike_chunk(octets, sizeof(octets)), &err),
		     NEA_EAUTH);
	/* AlgorithmIdentifier length beyond the data */
	w.ptr[0] = 200;
	cr_assert_eq(ike_auth_verify(ec, IKE_AUTH_DIGITAL_SIG, ike_chunk(w.ptr, w.len),
				     ike_chunk(octets, sizeof(octets)), &err),
		     NEA_EINVAL);
	nea_wr_free(&w);
	/* DSS is not implemented */
	cr_assert_eq(ike_auth_verify(ec, IKE_AUTH_DSS_SIG, ike_chunk(octets, 10),
				     ike_chunk(octets, sizeof(octets)), &err),
		     NEA_EUNSUPPORTED);
	EVP_PKEY_free(rsa);
	EVP_PKEY_free(ec);
}

/* ECDSA method 9 against a signature made with plain OpenSSL calls. */
Test(ike_auth, verifies_independently_made_ecdsa_signature)
{
	EVP_PKEY *k = gen_ec("P-256");
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	uint8_t der[80], raw[64];
	size_t dlen = sizeof(der);
	const unsigned char *p = der;
	ECDSA_SIG *sig;
	const BIGNUM *r, *s;
	nea_perr_t err;

	cr_assert(EVP_DigestSignInit_ex(ctx, NULL, "SHA256", NULL, NULL, k, NULL));
	cr_assert(EVP_DigestSign(ctx, der, &dlen, octets, sizeof(octets)));
	sig = d2i_ECDSA_SIG(NULL, &p, (long)dlen);
	cr_assert_not_null(sig);
	ECDSA_SIG_get0(sig, &r, &s);
	BN_bn2binpad(r, raw, 32);
	BN_bn2binpad(s, raw + 32, 32);
	cr_assert_eq(ike_auth_verify(k, IKE_AUTH_ECDSA_256, ike_chunk(raw, 64),
				     ike_chunk(octets, sizeof(octets)), &err),
		     0, "%s", err.msg);
	ECDSA_SIG_free(sig);
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(k);
}

Test(ike_auth, pem_server_key_signs_and_its_certificate_verifies)
{
	const char *src = getenv("NEA_SOURCE_DIR");
	char kpath[512], cpath[512];
	EVP_PKEY *key, *pub;
	X509 *cert;
	ike_sigalg_t alg;
	uint8_t hash_algs[8] = { 0, 2, 0, 3, 0, 4, 0, 5 };
	nea_wr_t w;
	nea_perr_t err;

	cr_assert_not_null(src, "NEA_SOURCE_DIR not set");
	snprintf(kpath, sizeof(kpath), "%s/deploy/examples/pki/serverKey.pem", src);
	snprintf(cpath, sizeof(cpath), "%s/deploy/examples/pki/serverCert.pem", src);
	cr_assert_eq(ike_auth_load_key(kpath, &key), 0);
	cr_assert_eq(ike_auth_load_cert(cpath, &cert), 0);
	pub = X509_get_pubkey(cert);
	cr_assert_not_null(pub);
	cr_assert_eq(ike_auth_pick_sigalg(key, ike_chunk(hash_algs, 8), false, &alg), 0);
	cr_assert_eq(alg.scheme, IKE_SIG_ECDSA);
	cr_assert_eq(alg.hash, IKE_HASH_SHA2_256);
	nea_wr_init(&w, 0);
	cr_assert_eq(ike_auth_sign(key, IKE_AUTH_DIGITAL_SIG, &alg,
				   ike_chunk(octets, sizeof(octets)), &w),
		     0);
	cr_assert_eq(ike_auth_verify(pub, IKE_AUTH_DIGITAL_SIG, ike_chunk(w.ptr, w.len),
				     ike_chunk(octets, sizeof(octets)), &err),
		     0, "%s", err.msg);
	nea_wr_free(&w);
	EVP_PKEY_free(pub);
	cr_assert_eq(ike_auth_load_key("/nonexistent/key.pem", &pub), NEA_EIO);
	cr_assert_null(pub);
	cr_assert_eq(ike_auth_load_key(cpath, &pub), NEA_ECONFIG);
	EVP_PKEY_free(key);
	X509_free(cert);
}

Test(ike_auth, pick_sigalg_follows_the_peer)
{
	EVP_PKEY *p384 = gen_ec("P-384"), *rsa = gen_rsa();
	uint8_t only512[2] = { 0, 4 }, none[2] = { 0, 1 }, all[6] = { 0, 2, 0, 3, 0, 4 };
	ike_sigalg_t a;

	cr_assert_eq(ike_auth_pick_sigalg(p384, ike_chunk(all, 6), false, &a), 0);
	cr_assert_eq(a.hash, IKE_HASH_SHA2_384);
	cr_assert_eq(ike_auth_pick_sigalg(p384, ike_chunk(only512, 2), false, &a), 0);
	cr_assert_eq(a.hash, IKE_HASH_SHA2_512);
	cr_assert_eq(ike_auth_pick_sigalg(p384, ike_chunk(none, 2), false, &a), NEA_ENOTFOUND);
	cr_assert_eq(ike_auth_pick_sigalg(rsa, ike_chunk(all, 6), true, &a), 0);
	cr_assert_eq(a.scheme, IKE_SIG_RSA_PSS);
	cr_assert_eq(a.salt_len, 32);
	EVP_PKEY_free(p384);
	EVP_PKEY_free(rsa);
}

/* --- NAT detection ------------------------------------------------------ */

Test(ike_natd, hash_is_sha1_of_spis_address_port)
{
	static const uint8_t spi_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, spi_r[8] = { 0 };
	static const uint8_t ip[4] = { 192, 168, 0, 3 };
	uint8_t buf[8 + 8 + 4 + 2], want[20], got[20];

	memcpy(buf, spi_i, 8);
	memcpy(buf + 8, spi_r, 8);
	memcpy(buf + 16, ip, 4);
	buf[20] = 0x01;
	buf[21] = 0xf4; /* 500 */
	cr_assert(EVP_Digest(buf, sizeof(buf), want, NULL, EVP_sha1(), NULL));
	cr_assert_eq(ike_natd_hash(spi_i, spi_r, ip, 4, 500, got), 0);
	assert_bytes_eq(got, 20, want, 20);
	cr_assert(ike_natd_check(spi_i, spi_r, ip, 4, 500, want, 20));
	cr_assert_not(ike_natd_check(spi_i, spi_r, ip, 4, 4500, want, 20));
	cr_assert_not(ike_natd_check(spi_i, spi_r, ip, 4, 500, want, 19));
	cr_assert_eq(ike_natd_hash(spi_i, spi_r, ip, 5, 500, got), NEA_EINVAL);
}

/* --- cookies ------------------------------------------------------------ */

Test(ike_cookie, made_cookie_verifies_for_same_inputs_only)
{
	static const uint8_t ni[32] = { 1 }, ip[4] = { 10, 0, 0, 1 }, spi[8] = { 7 };
	static const uint8_t ip2[4] = { 10, 0, 0, 2 }, spi2[8] = { 8 };
	ike_cookie_t c;
	uint8_t ck[IKE_COOKIE_LEN];

	cr_assert_eq(ike_cookie_init(&c, 1000), 0);
	cr_assert_eq(ike_cookie_make(&c, ni, 32, ip, 4, spi, ck), 0);
	cr_assert(ike_cookie_verify(&c, ni, 32, ip, 4, spi, ck, sizeof(ck)));
	cr_assert_not(ike_cookie_verify(&c, ni, 31, ip, 4, spi, ck, sizeof(ck)));
	cr_assert_not(ike_cookie_verify(&c, ni, 32, ip2, 4, spi, ck, sizeof(ck)));
	cr_assert_not(ike_cookie_verify(&c, ni, 32, ip, 4, spi2, ck, sizeof(ck)));
	cr_assert_not(ike_cookie_verify(&c, ni, 32, ip, 4, spi, ck, sizeof(ck) - 1));
	ck[20] ^= 1;
	cr_assert_not(ike_cookie_verify(&c, ni, 32, ip, 4, spi, ck, sizeof(ck)));
	ike_cookie_wipe(&c);
}

Test(ike_cookie, rotation_keeps_one_previous_secret)
{
	static const uint8_t ni[16] = { 3 }, ip[16] = { 0x20, 0x01 }, spi[8] = { 9 };
	ike_cookie_t c;
	uint8_t v0[IKE_COOKIE_LEN], v1[IKE_COOKIE_LEN];

	cr_assert_eq(ike_cookie_init(&c, 0), 0);
	cr_assert_eq(ike_cookie_make(&c, ni, 16, ip, 16, spi, v0), 0);
	cr_assert_eq(ike_cookie_tick(&c, 59, 60), 0);
	cr_assert_eq(c.version, 0);
	cr_assert_eq(ike_cookie_tick(&c, 60, 60), 0);
	cr_assert_eq(c.version, 1);
	cr_assert_eq(ike_cookie_make(&c, ni, 16, ip, 16, spi, v1), 0);
	cr_assert_neq(memcmp(v0, v1, sizeof(v0)), 0);
	cr_assert(ike_cookie_verify(&c, ni, 16, ip, 16, spi, v0, sizeof(v0)));
	cr_assert(ike_cookie_verify(&c, ni, 16, ip, 16, spi, v1, sizeof(v1)));
	cr_assert_eq(ike_cookie_rotate(&c, 120), 0);
	cr_assert_not(ike_cookie_verify(&c, ni, 16, ip, 16, spi, v0, sizeof(v0)));
	cr_assert(ike_cookie_verify(&c, ni, 16, ip, 16, spi, v1, sizeof(v1)));
	/* a future version is refused too */
	v1[3] = 7;
	cr_assert_not(ike_cookie_verify(&c, ni, 16, ip, 16, spi, v1, sizeof(v1)));
	ike_cookie_wipe(&c);
}

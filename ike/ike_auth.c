#include "ike_auth.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike_alg.h"
#include "ike_prf.h"
#include "ike_types.h"

int ike_auth_octets(uint16_t prf, ike_chunk_t sk_p, ike_chunk_t message, ike_chunk_t nonce,
		    ike_chunk_t id_body, nea_wr_t *out)
{
	uint8_t mac[IKE_MAX_PRF_LEN];
	size_t len = ike_prf_len(prf);
	int rc;

	if (!len)
		return NEA_EUNSUPPORTED;
	rc = ike_prf(prf, sk_p.ptr, sk_p.len, &id_body, 1, mac);
	if (rc)
		return rc;
	nea_wr_bytes(out, message.ptr, message.len);
	nea_wr_bytes(out, nonce.ptr, nonce.len);
	nea_wr_bytes(out, mac, len);
	OPENSSL_cleanse(mac, sizeof(mac));
	return nea_wr_error(out);
}

ike_chunk_t ike_auth_eap_secret(ike_chunk_t msk, ike_chunk_t sk_p)
{
	return msk.len ? msk : sk_p;
}

int ike_auth_psk(uint16_t prf, ike_chunk_t secret, ike_chunk_t octets, uint8_t *out,
		 size_t out_size, size_t *out_len)
{
	uint8_t key[IKE_MAX_PRF_LEN];
	ike_chunk_t pad = ike_chunk(IKE_KEY_PAD, IKE_KEY_PAD_LEN);
	size_t len = ike_prf_len(prf);
	int rc;

	*out_len = 0;
	if (!len)
		return NEA_EUNSUPPORTED;
	if (out_size < len)
		return NEA_EINVAL;
	rc = ike_prf(prf, secret.ptr, secret.len, &pad, 1, key);
	if (rc == 0)
		rc = ike_prf(prf, key, len, &octets, 1, out);
	OPENSSL_cleanse(key, sizeof(key));
	if (rc == 0)
		*out_len = len;
	return rc;
}

int ike_auth_psk_verify(uint16_t prf, ike_chunk_t secret, ike_chunk_t octets, ike_chunk_t auth)
{
	uint8_t want[IKE_MAX_PRF_LEN];
	size_t len;
	int rc;

	rc = ike_auth_psk(prf, secret, octets, want, sizeof(want), &len);
	if (rc)
		return rc;
	rc = auth.len == len && CRYPTO_memcmp(want, auth.ptr, len) == 0 ? 0 : NEA_EAUTH;
	OPENSSL_cleanse(want, sizeof(want));
	return rc;
}

/* Curve of an EC key as its field size in bytes (32, 48, 66), 0 if none. */
static size_t ec_field_len(EVP_PKEY *key)
{
	char name[64];
	size_t n;

	if (!EVP_PKEY_is_a(key, "EC") ||
	    !EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, name, sizeof(name), &n))
		return 0;
	if (strcmp(name, "prime256v1") == 0 || strcmp(name, "P-256") == 0)
		return 32;
	if (strcmp(name, "secp384r1") == 0 || strcmp(name, "P-384") == 0)
		return 48;
	if (strcmp(name, "secp521r1") == 0 || strcmp(name, "P-521") == 0)
		return 66;
	return 0;
}

static bool is_rsa(EVP_PKEY *key)
{
	return EVP_PKEY_is_a(key, "RSA") || EVP_PKEY_is_a(key, "RSA-PSS");
}

int ike_auth_classic_method(EVP_PKEY *key, uint8_t *method)
{
	if (is_rsa(key)) {
		*method = IKE_AUTH_RSA_SIG;
		return 0;
	}
	switch (ec_field_len(key)) {
	case 32: *method = IKE_AUTH_ECDSA_256; return 0;
	case 48: *method = IKE_AUTH_ECDSA_384; return 0;
	case 66: *method = IKE_AUTH_ECDSA_521; return 0;
	default: return NEA_EUNSUPPORTED;
	}
}

/* The signature algorithm a classic method implies, and for ECDSA the
 * field size its r | s encoding uses. */
static int classic_alg(uint8_t method, ike_sigalg_t *alg, size_t *field)
{
	memset(alg, 0, sizeof(*alg));
	*field = 0;
	switch (method) {
	case IKE_AUTH_RSA_SIG:
		alg->scheme = IKE_SIG_RSA_PKCS1;
		alg->hash = IKE_HASH_SHA1;
		return 0;
	case IKE_AUTH_ECDSA_256:
		*alg = (ike_sigalg_t){ IKE_SIG_ECDSA, IKE_HASH_SHA2_256, 0, 0 };
		*field = 32;
		return 0;
	case IKE_AUTH_ECDSA_384:
		*alg = (ike_sigalg_t){ IKE_SIG_ECDSA, IKE_HASH_SHA2_384, 0, 0 };
		*field = 48;
		return 0;
	case IKE_AUTH_ECDSA_521:
		*alg = (ike_sigalg_t){ IKE_SIG_ECDSA, IKE_HASH_SHA2_512, 0, 0 };
		*field = 66;
		return 0;
	default:
		return NEA_EUNSUPPORTED;
	}
}

static bool key_fits(EVP_PKEY *key, const ike_sigalg_t *alg)
{
	return alg->scheme == IKE_SIG_ECDSA ? ec_field_len(key) != 0 : is_rsa(key);
}

/* A DigestSign/DigestVerify context for alg over key. */
static EVP_MD_CTX *md_ctx(EVP_PKEY *key, const ike_sigalg_t *alg, bool sign)
{
	const char *md = ike_hash_digest(alg->hash);
	EVP_PKEY_CTX *pctx = NULL;
	EVP_MD_CTX *ctx;
	int ok;

	if (!md)
		return NULL;
	ctx = EVP_MD_CTX_new();
	if (!ctx)
		return NULL;
	ok = sign ? EVP_DigestSignInit_ex(ctx, &pctx, md, NULL, NULL, key, NULL)
		  : EVP_DigestVerifyInit_ex(ctx, &pctx, md, NULL, NULL, key, NULL);
	if (ok && alg->scheme == IKE_SIG_RSA_PSS) {
		const char *mgf = ike_hash_digest(alg->mgf1_hash ? alg->mgf1_hash : alg->hash);
		int salt = alg->salt_len ? alg->salt_len : (int)ike_hash_len(alg->hash);
		OSSL_PARAM p[4] = {
			OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PAD_MODE,
							 (char *)OSSL_PKEY_RSA_PAD_MODE_PSS, 0),
			OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_MGF1_DIGEST,
							 (char *)mgf, 0),
			OSSL_PARAM_construct_int(OSSL_SIGNATURE_PARAM_PSS_SALTLEN, &salt),
			OSSL_PARAM_construct_end(),
		};

		ok = mgf && EVP_PKEY_CTX_set_params(pctx, p);
	}
	if (!ok) {
		EVP_MD_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

/* DER ECDSA-Sig-Value <-> r | s of field bytes each. */
static int ecdsa_der_to_raw(const uint8_t *der, size_t len, size_t field, nea_wr_t *out)
{
	const unsigned char *p = der;
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)len);
	const BIGNUM *r, *s;
	uint8_t buf[2 * 66];
	int rc = NEA_ECRYPTO;

	if (!sig)
		return NEA_ECRYPTO;
	ECDSA_SIG_get0(sig, &r, &s);
	if (BN_bn2binpad(r, buf, (int)field) == (int)field &&
	    BN_bn2binpad(s, buf + field, (int)field) == (int)field) {
		nea_wr_bytes(out, buf, 2 * field);
		rc = nea_wr_error(out);
	}
	ECDSA_SIG_free(sig);
	return rc;
}

static int ecdsa_raw_to_der(const uint8_t *raw, size_t field, uint8_t **der, size_t *der_len)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, (int)field, NULL), *s = BN_bin2bn(raw + field, (int)field, NULL);
	unsigned char *out = NULL;
	int len;

	if (!sig || !r || !s || !ECDSA_SIG_set0(sig, r, s)) {
		ECDSA_SIG_free(sig);
		BN_free(r);
		BN_free(s);
		return NEA_ECRYPTO;
	}
	len = i2d_ECDSA_SIG(sig, &out);
	ECDSA_SIG_free(sig);
	if (len <= 0)
		return NEA_ECRYPTO;
	*der = out;
	*der_len = (size_t)len;
	return 0;
}

static int sign_raw(EVP_PKEY *key, const ike_sigalg_t *alg, ike_chunk_t octets, uint8_t **sig,
		    size_t *sig_len)
{
	EVP_MD_CTX *ctx = md_ctx(key, alg, true);
	size_t len = 0;
	uint8_t *buf = NULL;
	int rc = NEA_ECRYPTO;

	if (!ctx)
		return NEA_ECRYPTO;
	if (EVP_DigestSign(ctx, NULL, &len, octets.ptr, octets.len) <= 0)
		goto out;
	buf = malloc(len);
	if (!buf) {
		rc = NEA_ENOMEM;
		goto out;
	}
	if (EVP_DigestSign(ctx, buf, &len, octets.ptr, octets.len) <= 0)
		goto out;
	*sig = buf;
	*sig_len = len;
	buf = NULL;
	rc = 0;
out:
	free(buf);
	EVP_MD_CTX_free(ctx);
	return rc;
}

int ike_auth_sign(EVP_PKEY *key, uint8_t method, const ike_sigalg_t *alg, ike_chunk_t octets,
		  nea_wr_t *out)
{
	ike_sigalg_t a;
	size_t field = 0, sig_len;
	uint8_t *sig = NULL;
	int rc;

	if (method == IKE_AUTH_DIGITAL_SIG) {
		if (!alg)
			return NEA_EINVAL;
		a = *alg;
	} else {
		rc = classic_alg(method, &a, &field);
		if (rc)
			return rc;
	}
	if (!key_fits(key, &a) || (field && ec_field_len(key) != field))
		return NEA_EINVAL;
	rc = sign_raw(key, &a, octets, &sig, &sig_len);
	if (rc)
		return rc;
	if (method == IKE_AUTH_DIGITAL_SIG) {
		/* length octet, AlgorithmIdentifier, signature */
		nea_wr_t algid;

		nea_wr_init(&algid, 255);
		rc = ike_sigalg_encode(&a, &algid);
		if (rc == 0) {
			nea_wr_u8(out, (uint8_t)algid.len);
			nea_wr_bytes(out, algid.ptr, algid.len);
			nea_wr_bytes(out, sig, sig_len);
			rc = nea_wr_error(out);
		}
		nea_wr_free(&algid);
	} else if (field) {
		rc = ecdsa_der_to_raw(sig, sig_len, field, out);
	} else {
		nea_wr_bytes(out, sig, sig_len);
		rc = nea_wr_error(out);
	}
	free(sig);
	return rc;
}

int ike_auth_verify(EVP_PKEY *pub, uint8_t method, ike_chunk_t auth_data, ike_chunk_t octets,
		    nea_perr_t *err)
{
	ike_sigalg_t a;
	ike_chunk_t sig = auth_data;
	size_t field = 0;
	uint8_t *der = NULL;
	EVP_MD_CTX *ctx;
	int rc;

	if (method == IKE_AUTH_DIGITAL_SIG) {
		nea_rd_t r;
		uint8_t alen;
		const uint8_t *algid, *s;

		nea_rd_init(&r, auth_data.ptr, auth_data.len);
		if (!nea_rd_u8(&r, &alen) || !nea_rd_bytes(&r, alen, &algid))
			return nea_perr(err, NEA_EINVAL, 0,
					"AlgorithmIdentifier length exceeds the AUTH data");
		rc = ike_sigalg_decode(ike_chunk(algid, alen), &a, err);
		if (rc) {
			if (err)
				err->offset += 1;
			return rc;
		}
		sig.len = nea_rd_left(&r);
		nea_rd_bytes(&r, sig.len, &s);
		sig.ptr = s;
	} else {
		rc = classic_alg(method, &a, &field);
		if (rc)
			return nea_perr(err, rc, 0, "AUTH method %u not supported", method);
	}
	if (!key_fits(pub, &a) || (field && ec_field_len(pub) != field))
		return nea_perr(err, NEA_EAUTH, 0, "the peer's key does not fit AUTH method %u",
				method);
	if (!sig.len)
		return nea_perr(err, NEA_EINVAL, auth_data.len, "empty signature");
	if (field) {
		if (sig.len != 2 * field)
			return nea_perr(err, NEA_EINVAL, 0, "ECDSA signature of %zu bytes, expected %zu",
					sig.len, 2 * field);
		rc = ecdsa_raw_to_der(sig.ptr, field, &der, &sig.len);
		if (rc)
			return rc;
		sig.ptr = der;
	}
	ctx = md_ctx(pub, &a, false);
	if (!ctx) {
		OPENSSL_free(der);
		return NEA_ECRYPTO;
	}
	rc = EVP_DigestVerify(ctx, sig.ptr, sig.len, octets.ptr, octets.len) == 1 ? 0 : NEA_EAUTH;
	EVP_MD_CTX_free(ctx);
	OPENSSL_free(der);
	if (rc)
		return nea_perr(err, rc, 0, "signature verification failed");
	return 0;
}

int ike_auth_pick_sigalg(EVP_PKEY *key, ike_chunk_t peer_hash_algs, bool pss, ike_sigalg_t *alg)
{
	static const uint16_t pref[] = { IKE_HASH_SHA2_256, IKE_HASH_SHA2_384, IKE_HASH_SHA2_512 };
	uint16_t want = 0;

	memset(alg, 0, sizeof(*alg));
	if (is_rsa(key)) {
		alg->scheme = pss ? IKE_SIG_RSA_PSS : IKE_SIG_RSA_PKCS1;
		want = IKE_HASH_SHA2_256;
	} else {
		alg->scheme = IKE_SIG_ECDSA;
		switch (ec_field_len(key)) {
		case 32: want = IKE_HASH_SHA2_256; break;
		case 48: want = IKE_HASH_SHA2_384; break;
		case 66: want = IKE_HASH_SHA2_512; break;
		default: return NEA_EUNSUPPORTED;
		}
	}
	if (!ike_hash_algs_has(peer_hash_algs, want)) {
		want = 0;
		for (size_t i = 0; i < sizeof(pref) / sizeof(pref[0]) && !want; i++)
			if (ike_hash_algs_has(peer_hash_algs, pref[i]))
				want = pref[i];
	}
	if (!want)
		return NEA_ENOTFOUND;
	alg->hash = want;
	if (pss) {
		alg->mgf1_hash = want;
		alg->salt_len = (uint16_t)ike_hash_len(want);
	}
	return 0;
}

int ike_auth_load_key(const char *path, EVP_PKEY **key)
{
	FILE *f = fopen(path, "r");

	*key = NULL;
	if (!f)
		return NEA_EIO;
	*key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	return *key ? 0 : NEA_ECONFIG;
}

int ike_auth_load_cert(const char *path, X509 **cert)
{
	FILE *f = fopen(path, "r");

	*cert = NULL;
	if (!f)
		return NEA_EIO;
	*cert = PEM_read_X509(f, NULL, NULL, NULL);
	fclose(f);
	return *cert ? 0 : NEA_ECONFIG;
}

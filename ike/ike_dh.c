#include "ike_dh.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <stdlib.h>
#include <string.h>

#include "ike_types.h"
#include "nea_err.h"

struct ike_dh {
	uint16_t group;
	EVP_PKEY *key;
};

typedef struct {
	uint16_t group;
	const char *type;  /* OpenSSL key type */
	const char *name;  /* OpenSSL group name */
	size_t pub_len;
	size_t secret_len;
} group_t;

static const group_t groups[] = {
	{ IKE_DH_MODP_2048, "DH", "modp_2048", 256, 256 },
	{ IKE_DH_ECP_256, "EC", "P-256", 64, 32 },
	{ IKE_DH_ECP_384, "EC", "P-384", 96, 48 },
	{ IKE_DH_CURVE25519, "X25519", NULL, 32, 32 },
};

static const group_t *find(uint16_t group)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++)
		if (groups[i].group == group)
			return &groups[i];
	return NULL;
}

bool ike_dh_supported(uint16_t group)
{
	return find(group) != NULL;
}

size_t ike_dh_pub_len(uint16_t group)
{
	const group_t *g = find(group);

	return g ? g->pub_len : 0;
}

size_t ike_dh_secret_len(uint16_t group)
{
	const group_t *g = find(group);

	return g ? g->secret_len : 0;
}

uint16_t ike_dh_group(const ike_dh_t *dh)
{
	return dh->group;
}

int ike_dh_new(uint16_t group, ike_dh_t **out)
{
	const group_t *g = find(group);
	EVP_PKEY_CTX *ctx;
	OSSL_PARAM params[2];
	ike_dh_t *dh;
	int rc = NEA_ECRYPTO;

	*out = NULL;
	if (!g)
		return NEA_EUNSUPPORTED;
	dh = calloc(1, sizeof(*dh));
	if (!dh)
		return NEA_ENOMEM;
	dh->group = group;
	ctx = EVP_PKEY_CTX_new_from_name(NULL, g->type, NULL);
	if (!ctx || EVP_PKEY_keygen_init(ctx) <= 0)
		goto out;
	if (g->name) {
		params[0] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
							     (char *)g->name, 0);
		params[1] = OSSL_PARAM_construct_end();
		if (EVP_PKEY_CTX_set_params(ctx, params) <= 0)
			goto out;
	}
	if (EVP_PKEY_generate(ctx, &dh->key) <= 0)
		goto out;
	rc = 0;
out:
	EVP_PKEY_CTX_free(ctx);
	if (rc)
		ike_dh_free(dh);
	else
		*out = dh;
	return rc;
}

/* ECP: the public point for a given private scalar, 0x04 | x | y. */
static int ec_public_from_private(const char *curve, const BIGNUM *priv, uint8_t *pub,
				  size_t pub_size, size_t *pub_len)
{
	EC_GROUP *grp = EC_GROUP_new_by_curve_name_ex(NULL, NULL, EC_curve_nist2nid(curve));
	EC_POINT *pt = NULL;
	int rc = NEA_ECRYPTO;

	if (!grp)
		return NEA_ECRYPTO;
	pt = EC_POINT_new(grp);
	if (!pt || !EC_POINT_mul(grp, pt, priv, NULL, NULL, NULL))
		goto out;
	*pub_len = EC_POINT_point2oct(grp, pt, POINT_CONVERSION_UNCOMPRESSED, pub, pub_size, NULL);
	if (*pub_len)
		rc = 0;
out:
	EC_POINT_free(pt);
	EC_GROUP_free(grp);
	return rc;
}

int ike_dh_new_from_private(uint16_t group, const uint8_t *priv, size_t priv_len, ike_dh_t **out)
{
	const group_t *g = find(group);
	uint8_t pub[1 + 2 * 66];
	size_t pub_len;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	BIGNUM *bn = NULL;
	ike_dh_t *dh;
	int rc = NEA_ECRYPTO;

	*out = NULL;
	if (!g)
		return NEA_EUNSUPPORTED;
	dh = calloc(1, sizeof(*dh));
	if (!dh)
		return NEA_ENOMEM;
	dh->group = group;
	if (group == IKE_DH_CURVE25519) {
		dh->key = priv_len == 32 ? EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, priv,
									 priv_len)
					 : NULL;
		rc = dh->key ? 0 : NEA_EINVAL;
		goto out;
	}
	if (strcmp(g->type, "EC") != 0) {
		rc = NEA_EUNSUPPORTED;
		goto out;
	}
	bn = BN_bin2bn(priv, (int)priv_len, NULL);
	bld = OSSL_PARAM_BLD_new();
	if (!bn || !bld)
		goto out;
	rc = ec_public_from_private(g->name, bn, pub, sizeof(pub), &pub_len);
	if (rc)
		goto out;
	rc = NEA_ECRYPTO;
	if (!OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, g->name, 0) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, bn) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub, pub_len))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &dh->key, EVP_PKEY_KEYPAIR, params) <= 0)
		goto out;
	rc = 0;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_clear_free(bn);
	if (rc)
		ike_dh_free(dh);
	else
		*out = dh;
	return rc;
}

int ike_dh_public(const ike_dh_t *dh, uint8_t *out, size_t len)
{
	const group_t *g = find(dh->group);
	uint8_t buf[1 + 2 * 66];
	size_t n;
	BIGNUM *bn = NULL;
	int rc = NEA_ECRYPTO;

	if (!g || len != g->pub_len)
		return NEA_EINVAL;
	switch (dh->group) {
	case IKE_DH_CURVE25519:
		n = len;
		if (!EVP_PKEY_get_raw_public_key(dh->key, out, &n) || n != len)
			return NEA_ECRYPTO;
		return 0;
	case IKE_DH_ECP_256:
	case IKE_DH_ECP_384:
		if (!EVP_PKEY_get_octet_string_param(dh->key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, buf,
						     sizeof(buf), &n) ||
		    n != len + 1 || buf[0] != POINT_CONVERSION_UNCOMPRESSED)
			return NEA_ECRYPTO;
		memcpy(out, buf + 1, len);
		return 0;
	default:
		if (!EVP_PKEY_get_bn_param(dh->key, OSSL_PKEY_PARAM_PUB_KEY, &bn))
			return NEA_ECRYPTO;
		if (BN_bn2binpad(bn, out, (int)len) == (int)len)
			rc = 0;
		BN_free(bn);
		return rc;
	}
}

/* The peer's value as an EVP_PKEY in our group, or NULL. */
static EVP_PKEY *peer_key(const ike_dh_t *dh, const group_t *g, const uint8_t *peer, size_t len)
{
	uint8_t buf[1 + 2 * 66];
	EVP_PKEY *key;

	if (dh->group == IKE_DH_CURVE25519)
		return EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, peer, len);
	key = EVP_PKEY_new();
	if (!key || !EVP_PKEY_copy_parameters(key, dh->key))
		goto fail;
	if (strcmp(g->type, "EC") == 0) {
		buf[0] = POINT_CONVERSION_UNCOMPRESSED;
		memcpy(buf + 1, peer, len);
		peer = buf;
		len++;
	}
	if (!EVP_PKEY_set1_encoded_public_key(key, peer, len))
		goto fail;
	return key;
fail:
	EVP_PKEY_free(key);
	return NULL;
}

int ike_dh_derive(const ike_dh_t *dh, const uint8_t *peer, size_t peer_len, uint8_t *secret,
		  size_t secret_size, size_t *secret_len)
{
	const group_t *g = find(dh->group);
	EVP_PKEY_CTX *check = NULL, *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	uint8_t acc = 0;
	size_t n;
	int rc = NEA_EINVAL;

	*secret_len = 0;
	if (!g || peer_len != g->pub_len || secret_size < g->secret_len)
		return NEA_EINVAL;
	pkey = peer_key(dh, g, peer, peer_len);
	if (!pkey)
		goto out;
	/* Full check: range and subgroup for MODP, on-curve for ECP. */
	check = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
	if (!check || (dh->group != IKE_DH_CURVE25519 && EVP_PKEY_public_check(check) != 1))
		goto out;
	rc = NEA_ECRYPTO;
	ctx = EVP_PKEY_CTX_new_from_pkey(NULL, dh->key, NULL);
	if (!ctx || EVP_PKEY_derive_init(ctx) <= 0)
		goto out;
	if (dh->group == IKE_DH_MODP_2048) {
		/* g^ir zero-padded to the modulus size (RFC 7296 §2.14) */
		unsigned int pad = 1;
		OSSL_PARAM params[2] = { OSSL_PARAM_construct_uint(OSSL_EXCHANGE_PARAM_PAD, &pad),
					 OSSL_PARAM_construct_end() };

		if (EVP_PKEY_CTX_set_params(ctx, params) <= 0)
			goto out;
	}
	if (EVP_PKEY_derive_set_peer(ctx, pkey) <= 0) {
		rc = NEA_EINVAL;
		goto out;
	}
	n = secret_size;
	if (EVP_PKEY_derive(ctx, secret, &n) <= 0) {
		/* OpenSSL refuses an all-zero X25519 result itself */
		rc = dh->group == IKE_DH_CURVE25519 ? NEA_EINVAL : NEA_ECRYPTO;
		goto out;
	}
	if (n != g->secret_len)
		goto out;
	for (size_t i = 0; i < n; i++)
		acc |= secret[i];
	if (!acc) {
		rc = NEA_EINVAL;
		goto out;
	}
	*secret_len = n;
	rc = 0;
out:
	if (rc)
		OPENSSL_cleanse(secret, secret_size);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_CTX_free(check);
	EVP_PKEY_free(pkey);
	return rc;
}

void ike_dh_free(ike_dh_t *dh)
{
	if (!dh)
		return;
	EVP_PKEY_free(dh->key);
	free(dh);
}

#include "ike_prf.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <string.h>

#include "ike_alg.h"
#include "nea_err.h"

/* A keyed HMAC context; prf+ duplicates it per block instead of re-keying. */
static EVP_MAC_CTX *hmac_new(const char *digest, const uint8_t *key, size_t key_len)
{
	OSSL_PARAM params[2];
	EVP_MAC *mac;
	EVP_MAC_CTX *ctx = NULL;

	if (!key_len)
		return NULL;
	mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	if (!mac)
		return NULL;
	ctx = EVP_MAC_CTX_new(mac);
	EVP_MAC_free(mac);
	if (!ctx)
		return NULL;
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)digest, 0);
	params[1] = OSSL_PARAM_construct_end();
	if (!EVP_MAC_init(ctx, key, key_len, params)) {
		EVP_MAC_CTX_free(ctx);
		return NULL;
	}
	return ctx;
}

static int hmac_run(EVP_MAC_CTX *ctx, const ike_chunk_t *parts, size_t nparts, uint8_t *out,
		    size_t out_size, size_t *out_len)
{
	for (size_t i = 0; i < nparts; i++)
		if (parts[i].len && !EVP_MAC_update(ctx, parts[i].ptr, parts[i].len))
			return NEA_ECRYPTO;
	if (!EVP_MAC_final(ctx, out, out_len, out_size))
		return NEA_ECRYPTO;
	return 0;
}

int ike_hmac(const char *digest, const uint8_t *key, size_t key_len, const ike_chunk_t *parts,
	     size_t nparts, uint8_t *out, size_t out_size, size_t *out_len)
{
	EVP_MAC_CTX *ctx;
	int rc;

	if (!key_len)
		return NEA_EINVAL;
	ctx = hmac_new(digest, key, key_len);
	if (!ctx)
		return NEA_ECRYPTO;
	rc = hmac_run(ctx, parts, nparts, out, out_size, out_len);
	EVP_MAC_CTX_free(ctx);
	return rc;
}

size_t ike_prf_len(uint16_t prf)
{
	ike_prf_info_t info;

	return ike_prf_info(prf, &info) ? info.len : 0;
}

int ike_prf(uint16_t prf, const uint8_t *key, size_t key_len, const ike_chunk_t *parts,
	    size_t nparts, uint8_t *out)
{
	ike_prf_info_t info;
	size_t len;
	int rc;

	if (!ike_prf_info(prf, &info))
		return NEA_EUNSUPPORTED;
	rc = ike_hmac(info.digest, key, key_len, parts, nparts, out, info.len, &len);
	if (rc == 0 && len != info.len)
		rc = NEA_ECRYPTO;
	return rc;
}

int ike_prf_plus(uint16_t prf, const uint8_t *key, size_t key_len, const ike_chunk_t *seed,
		 size_t nseed, uint8_t *out, size_t out_len)
{
	enum { MAX_SEED_PARTS = 8 };
	ike_chunk_t parts[MAX_SEED_PARTS + 2];
	uint8_t t[IKE_MAX_PRF_LEN];
	ike_prf_info_t info;
	EVP_MAC_CTX *base, *ctx;
	size_t done = 0, tlen = 0, n;
	uint8_t counter;
	int rc = 0;

	if (!ike_prf_info(prf, &info))
		return NEA_EUNSUPPORTED;
	if (nseed > MAX_SEED_PARTS || out_len > 255 * info.len || !key_len)
		return NEA_EINVAL;
	base = hmac_new(info.digest, key, key_len);
	if (!base)
		return NEA_ECRYPTO;
	for (counter = 1; done < out_len; counter++) {
		/* T(n) = prf(K, T(n-1) | S | n); T(0) is empty */
		parts[0] = ike_chunk(t, tlen);
		if (nseed)
			memcpy(parts + 1, seed, nseed * sizeof(*seed));
		parts[nseed + 1] = ike_chunk(&counter, 1);
		ctx = EVP_MAC_CTX_dup(base);
		if (!ctx) {
			rc = NEA_ECRYPTO;
			break;
		}
		rc = hmac_run(ctx, parts, nseed + 2, t, sizeof(t), &tlen);
		EVP_MAC_CTX_free(ctx);
		if (rc)
			break;
		n = out_len - done < tlen ? out_len - done : tlen;
		memcpy(out + done, t, n);
		done += n;
	}
	EVP_MAC_CTX_free(base);
	OPENSSL_cleanse(t, sizeof(t));
	if (rc)
		OPENSSL_cleanse(out, out_len);
	return rc;
}

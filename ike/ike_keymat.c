#include "ike_keymat.h"

#include <openssl/crypto.h>
#include <string.h>

#include "ike_prf.h"
#include "ike_types.h"
#include "nea_err.h"

/* Largest prf+ stream: SK_d, SK_pi, SK_pr (3 PRF outputs) and two of each
 * INTEG and ENCR key; a CHILD_SA needs less. */
#define MAX_STREAM (3 * IKE_MAX_PRF_LEN + 2 * IKE_MAX_INTEG_KEY + 2 * IKE_MAX_ENCR_KEY)

static int suite_sizes(const ike_suite_t *s, int ike_sa, size_t *prf_len, size_t *a_len,
		       size_t *e_len)
{
	ike_encr_info_t e;
	ike_integ_info_t i;
	ike_prf_info_t p;

	if (!ike_encr_info(s->encr, s->encr_keylen, &e))
		return NEA_EUNSUPPORTED;
	if (e.aead) {
		if (s->integ != IKE_INTEG_NONE)
			return NEA_EUNSUPPORTED;
		*a_len = 0;
	} else {
		if (!ike_integ_info(s->integ, &i))
			return NEA_EUNSUPPORTED;
		*a_len = i.key_len;
	}
	*e_len = e.key_len + e.salt_len;
	*prf_len = 0;
	if (ike_sa) {
		if (!ike_prf_info(s->prf, &p))
			return NEA_EUNSUPPORTED;
		*prf_len = p.len;
	}
	return 0;
}

int ike_suite_check(const ike_suite_t *s, int ike_sa)
{
	size_t p, a, e;

	return suite_sizes(s, ike_sa, &p, &a, &e);
}

size_t ike_suite_keymat_len(const ike_suite_t *s)
{
	size_t p, a, e;

	if (suite_sizes(s, s->prf != 0, &p, &a, &e))
		return 0;
	return 2 * a + 2 * e + (s->prf ? 3 * p : 0);
}

/* Split the prf+ stream of an IKE SA into its seven keys. */
static int keys_from_skeyseed(ike_keys_t *k, const ike_suite_t *s, const uint8_t *skeyseed,
			      size_t prf_len, ike_chunk_t ni, ike_chunk_t nr,
			      const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	uint8_t stream[MAX_STREAM];
	const uint8_t *p = stream;
	ike_chunk_t seed[4] = { ni, nr, ike_chunk(spi_i, 8), ike_chunk(spi_r, 8) };
	size_t total;
	int rc;

	total = 3 * k->d_len + 2 * k->a_len + 2 * k->e_len;
	rc = ike_prf_plus(s->prf, skeyseed, prf_len, seed, 4, stream, total);
	if (rc)
		return rc;
	memcpy(k->sk_d, p, k->d_len);
	p += k->d_len;
	memcpy(k->sk_ai, p, k->a_len);
	p += k->a_len;
	memcpy(k->sk_ar, p, k->a_len);
	p += k->a_len;
	memcpy(k->sk_ei, p, k->e_len);
	p += k->e_len;
	memcpy(k->sk_er, p, k->e_len);
	p += k->e_len;
	memcpy(k->sk_pi, p, k->p_len);
	p += k->p_len;
	memcpy(k->sk_pr, p, k->p_len);
	OPENSSL_cleanse(stream, sizeof(stream));
	return 0;
}

static int keys_setup(ike_keys_t *k, const ike_suite_t *s)
{
	size_t prf_len;
	int rc;

	memset(k, 0, sizeof(*k));
	rc = suite_sizes(s, 1, &prf_len, &k->a_len, &k->e_len);
	if (rc)
		return rc;
	k->suite = *s;
	k->d_len = k->p_len = prf_len;
	return 0;
}

int ike_keys_derive(ike_keys_t *k, const ike_suite_t *s, ike_chunk_t ni, ike_chunk_t nr,
		    ike_chunk_t gir, const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	uint8_t key[2 * IKE_NONCE_MAX], skeyseed[IKE_MAX_PRF_LEN];
	ike_chunk_t secret = gir;
	int rc;

	rc = keys_setup(k, s);
	if (rc)
		return rc;
	if (ni.len < IKE_NONCE_MIN || ni.len > IKE_NONCE_MAX || nr.len < IKE_NONCE_MIN ||
	    nr.len > IKE_NONCE_MAX || !gir.len)
		return NEA_EINVAL;
	/* HMAC PRFs take the whole Ni | Nr as key (RFC 7296 §2.14); only the
	 * fixed-key PRFs nea does not offer (AES-XCBC/CMAC) would halve it. */
	memcpy(key, ni.ptr, ni.len);
	memcpy(key + ni.len, nr.ptr, nr.len);
	rc = ike_prf(s->prf, key, ni.len + nr.len, &secret, 1, skeyseed);
	OPENSSL_cleanse(key, sizeof(key));
	if (rc == 0)
		rc = keys_from_skeyseed(k, s, skeyseed, k->d_len, ni, nr, spi_i, spi_r);
	OPENSSL_cleanse(skeyseed, sizeof(skeyseed));
	if (rc)
		ike_keys_wipe(k);
	return rc;
}

int ike_keys_derive_rekey(ike_keys_t *k, const ike_suite_t *s, uint16_t old_prf,
			  ike_chunk_t old_sk_d, ike_chunk_t ni, ike_chunk_t nr, ike_chunk_t gir,
			  const uint8_t spi_i[8], const uint8_t spi_r[8])
{
	uint8_t skeyseed[IKE_MAX_PRF_LEN];
	ike_chunk_t parts[3] = { gir, ni, nr };
	size_t old_len = ike_prf_len(old_prf);
	int rc;

	rc = keys_setup(k, s);
	if (rc)
		return rc;
	if (!old_len)
		return NEA_EUNSUPPORTED;
	if (!gir.len || !old_sk_d.len)
		return NEA_EINVAL;
	rc = ike_prf(old_prf, old_sk_d.ptr, old_sk_d.len, parts, 3, skeyseed);
	if (rc == 0)
		rc = keys_from_skeyseed(k, s, skeyseed, old_len, ni, nr, spi_i, spi_r);
	OPENSSL_cleanse(skeyseed, sizeof(skeyseed));
	if (rc)
		ike_keys_wipe(k);
	return rc;
}

void ike_keys_wipe(ike_keys_t *k)
{
	OPENSSL_cleanse(k, sizeof(*k));
}

int ike_child_keymat(uint16_t prf, ike_chunk_t sk_d, ike_chunk_t gir, ike_chunk_t ni,
		     ike_chunk_t nr, uint8_t *out, size_t out_len)
{
	ike_chunk_t seed[3];
	size_t n = 0;

	if (gir.len)
		seed[n++] = gir;
	seed[n++] = ni;
	seed[n++] = nr;
	return ike_prf_plus(prf, sk_d.ptr, sk_d.len, seed, n, out, out_len);
}

int ike_child_keys_derive(ike_child_keys_t *c, const ike_suite_t *child, uint16_t prf,
			  ike_chunk_t sk_d, ike_chunk_t gir, ike_chunk_t ni, ike_chunk_t nr)
{
	uint8_t stream[2 * IKE_MAX_ENCR_KEY + 2 * IKE_MAX_INTEG_KEY];
	const uint8_t *p = stream;
	size_t prf_len;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = suite_sizes(child, 0, &prf_len, &c->a_len, &c->e_len);
	if (rc)
		return rc;
	c->suite = *child;
	rc = ike_child_keymat(prf, sk_d, gir, ni, nr, stream, 2 * (c->a_len + c->e_len));
	if (rc) {
		ike_child_keys_wipe(c);
		return rc;
	}
	/* RFC 7296 §2.17: all initiator-to-responder keys come first,
	 * encryption before integrity. */
	memcpy(c->encr_i, p, c->e_len);
	p += c->e_len;
	memcpy(c->integ_i, p, c->a_len);
	p += c->a_len;
	memcpy(c->encr_r, p, c->e_len);
	p += c->e_len;
	memcpy(c->integ_r, p, c->a_len);
	OPENSSL_cleanse(stream, sizeof(stream));
	return 0;
}

void ike_child_keys_wipe(ike_child_keys_t *c)
{
	OPENSSL_cleanse(c, sizeof(*c));
}

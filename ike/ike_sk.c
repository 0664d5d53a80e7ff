#include "ike_sk.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "ike_prf.h"
#include "ike_types.h"

/*
 *   Encrypted payload (RFC 7296 §3.14)
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Next Payload  |C|  RESERVED   |         Payload Length        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                     Initialization Vector                     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                    Encrypted IKE Payloads                     ~
 *   +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |               |             Padding (0-255 octets)            |
 *   +-+-+-+-+-+-+-+-+                               +-+-+-+-+-+-+-+-+
 *   |                                               |  Pad Length   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                    Integrity Checksum Data                    ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   SKF (RFC 7383) has Fragment Number and Total Fragments (2 bytes each)
 *   between the generic header and the IV; see ike_payload_skf.c.
 */

#define AEAD_NONCE_MAX 12

int ike_sk_key_init(ike_sk_key_t *k, uint16_t encr, uint16_t keylen_bits, uint16_t integ,
		    const uint8_t *ekey, size_t ekey_len, const uint8_t *akey, size_t akey_len)
{
	memset(k, 0, sizeof(*k));
	if (!ike_encr_info(encr, keylen_bits, &k->encr))
		return NEA_EUNSUPPORTED;
	if (ekey_len != k->encr.key_len + k->encr.salt_len)
		return NEA_EINVAL;
	if (k->encr.aead) {
		if (integ != IKE_INTEG_NONE || akey_len)
			return NEA_EINVAL;
	} else {
		if (!ike_integ_info(integ, &k->integ))
			return NEA_EUNSUPPORTED;
		if (akey_len != k->integ.key_len)
			return NEA_EINVAL;
		memcpy(k->akey, akey, akey_len);
	}
	memcpy(k->ekey, ekey, ekey_len);
	return 0;
}

int ike_sk_init(ike_sk_t *sk, const ike_keys_t *keys, bool initiator)
{
	const ike_suite_t *s = &keys->suite;
	const uint8_t *eo = initiator ? keys->sk_ei : keys->sk_er;
	const uint8_t *ao = initiator ? keys->sk_ai : keys->sk_ar;
	const uint8_t *ei = initiator ? keys->sk_er : keys->sk_ei;
	const uint8_t *ai = initiator ? keys->sk_ar : keys->sk_ai;
	int rc;

	rc = ike_sk_key_init(&sk->out, s->encr, s->encr_keylen, s->integ, eo, keys->e_len, ao,
			     keys->a_len);
	if (rc == 0)
		rc = ike_sk_key_init(&sk->in, s->encr, s->encr_keylen, s->integ, ei, keys->e_len, ai,
				     keys->a_len);
	if (rc)
		ike_sk_wipe(sk);
	return rc;
}

void ike_sk_wipe(ike_sk_t *sk)
{
	OPENSSL_cleanse(sk, sizeof(*sk));
}

static size_t icv_len(const ike_sk_key_t *k)
{
	return k->encr.aead ? k->encr.icv_len : k->integ.icv_len;
}

/* Encrypted bytes (payloads, padding, pad length) for plain_len. */
static size_t padded_len(const ike_sk_key_t *k, size_t plain_len)
{
	size_t n = plain_len + 1;
	size_t b = k->encr.block_len;

	return b > 1 ? n + (b - n % b) % b : n;
}

size_t ike_sk_body_len(const ike_sk_key_t *k, size_t plain_len)
{
	return k->encr.iv_len + padded_len(k, plain_len) + icv_len(k);
}

size_t ike_sk_plain_max(const ike_sk_key_t *k, size_t body_max)
{
	size_t over = k->encr.iv_len + icv_len(k), ct;

	if (body_max <= over)
		return 0;
	ct = body_max - over;
	if (k->encr.block_len > 1)
		ct -= ct % k->encr.block_len;
	return ct ? ct - 1 : 0; /* the pad length octet */
}

/*
 * One cipher pass. AEAD: nonce = salt | iv, aad authenticated, tag written
 * (encrypt) or checked (decrypt, NEA_EAUTH on mismatch). CBC: iv as is, no
 * padding by OpenSSL (IKE pads itself).
 */
static int cipher(const ike_sk_key_t *k, int enc, const uint8_t *iv, const uint8_t *aad,
		  size_t aad_len, const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag)
{
	const ike_encr_info_t *e = &k->encr;
	uint8_t nonce[AEAD_NONCE_MAX];
	EVP_CIPHER *c = NULL;
	EVP_CIPHER_CTX *ctx = NULL;
	OSSL_PARAM params[2];
	int outl, rc = NEA_ECRYPTO;

	if (len > INT_MAX || aad_len > INT_MAX)
		return NEA_ETOOBIG;
	c = EVP_CIPHER_fetch(NULL, e->cipher, NULL);
	ctx = EVP_CIPHER_CTX_new();
	if (!c || !ctx)
		goto out;
	if (e->aead) {
		memcpy(nonce, k->ekey + e->key_len, e->salt_len);
		memcpy(nonce + e->salt_len, iv, e->iv_len);
		iv = nonce;
	}
	if (!EVP_CipherInit_ex2(ctx, c, k->ekey, iv, enc, NULL))
		goto out;
	if (!e->aead && !EVP_CIPHER_CTX_set_padding(ctx, 0))
		goto out;
	if (e->aead && !enc) {
		params[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag,
							      e->icv_len);
		params[1] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_set_params(ctx, params))
			goto out;
	}
	if (e->aead && aad_len && !EVP_CipherUpdate(ctx, NULL, &outl, aad, (int)aad_len))
		goto out;
	if (len && !EVP_CipherUpdate(ctx, out, &outl, in, (int)len))
		goto out;
	if (!EVP_CipherFinal_ex(ctx, out + (len ? (size_t)outl : 0), &outl)) {
		rc = e->aead && !enc ? NEA_EAUTH : NEA_ECRYPTO;
		goto out;
	}
	if (e->aead && enc) {
		params[0] = OSSL_PARAM_construct_octet_string(OSSL_CIPHER_PARAM_AEAD_TAG, tag,
							      e->icv_len);
		params[1] = OSSL_PARAM_construct_end();
		if (!EVP_CIPHER_CTX_get_params(ctx, params))
			goto out;
	}
	rc = 0;
out:
	OPENSSL_cleanse(nonce, sizeof(nonce));
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return rc;
}

/* HMAC over data, truncated to the INTEG ICV length. */
static int integ_icv(const ike_sk_key_t *k, const uint8_t *data, size_t len, uint8_t *icv)
{
	uint8_t mac[64];
	ike_chunk_t part = ike_chunk(data, len);
	size_t mac_len;
	int rc;

	rc = ike_hmac(k->integ.digest, k->akey, k->integ.key_len, &part, 1, mac, sizeof(mac),
		      &mac_len);
	if (rc == 0 && mac_len < k->integ.icv_len)
		rc = NEA_ECRYPTO;
	if (rc == 0)
		memcpy(icv, mac, k->integ.icv_len);
	OPENSSL_cleanse(mac, sizeof(mac));
	return rc;
}

int ike_sk_seal(ike_sk_key_t *k, const ike_hdr_t *h, uint8_t first, const ike_skf_pos_t *frag,
		const uint8_t *plain, size_t plain_len, nea_wr_t *out)
{
	const size_t sk_hdr = frag ? 8 : 4;
	size_t start = out->len, ct_len, body_len, pl_len, total, aad_len;
	uint8_t iv[IKE_MAX_IV], icv[IKE_MAX_ICV];
	uint8_t *buf = NULL;
	ike_hdr_t hdr = *h;
	int rc;

	if (!k->encr.cipher)
		return NEA_ESTATE;
	if (plain_len > IKE_MSG_MAX)
		return NEA_ETOOBIG;
	ct_len = padded_len(k, plain_len);
	body_len = k->encr.iv_len + ct_len + icv_len(k);
	pl_len = sk_hdr + body_len;
	total = IKE_HDR_LEN + pl_len;
	if (pl_len > UINT16_MAX)
		return NEA_ETOOBIG;
	if (k->encr.aead) {
		/* the counter is the IV; a wrap would repeat a nonce */
		if (k->seq == UINT64_MAX)
			return NEA_ESTATE;
		for (size_t i = 0; i < 8; i++)
			iv[i] = (uint8_t)(k->seq >> (56 - 8 * i));
	} else if (RAND_bytes(iv, (int)k->encr.iv_len) != 1) {
		return NEA_ECRYPTO;
	}
	buf = malloc(ct_len);
	if (!buf)
		return NEA_ENOMEM;
	/* padding octets are zero, the last one counts them */
	if (plain_len)
		memcpy(buf, plain, plain_len);
	memset(buf + plain_len, 0, ct_len - plain_len);
	buf[ct_len - 1] = (uint8_t)(ct_len - plain_len - 1);

	hdr.next_payload = frag ? IKE_PL_SKF : IKE_PL_SK;
	ike_hdr_build(&hdr, out);
	nea_wr_put_u32_at(out, start + 24, (uint32_t)total);
	nea_wr_u8(out, first);
	nea_wr_u8(out, 0);
	nea_wr_u16(out, (uint16_t)pl_len);
	if (frag) {
		nea_wr_u16(out, frag->num);
		nea_wr_u16(out, frag->total);
	}
	aad_len = out->len - start;
	nea_wr_bytes(out, iv, k->encr.iv_len);
	rc = nea_wr_error(out);
	if (rc)
		goto out;
	rc = cipher(k, 1, iv, out->ptr + start, aad_len, buf, ct_len, buf, icv);
	if (rc)
		goto out;
	nea_wr_bytes(out, buf, ct_len);
	rc = nea_wr_error(out);
	if (rc)
		goto out;
	if (!k->encr.aead) {
		rc = integ_icv(k, out->ptr + start, out->len - start, icv);
		if (rc)
			goto out;
	}
	nea_wr_bytes(out, icv, icv_len(k));
	rc = nea_wr_error(out);
	if (rc == 0 && k->encr.aead)
		k->seq++;
out:
	OPENSSL_cleanse(buf, ct_len);
	free(buf);
	OPENSSL_cleanse(icv, sizeof(icv));
	return rc;
}

int ike_sk_encrypt(ike_sk_key_t *k, const ike_hdr_t *h, const ike_payload_t *pl, size_t n,
		   nea_wr_t *out)
{
	nea_wr_t inner;
	int rc;

	if (n == 0)
		return NEA_EINVAL;
	nea_wr_init(&inner, IKE_MSG_MAX);
	rc = ike_payloads_build(pl, n, &inner);
	if (rc == 0)
		rc = ike_sk_seal(k, h, pl[0].type, NULL, inner.ptr, inner.len, out);
	if (inner.ptr)
		OPENSSL_cleanse(inner.ptr, inner.len);
	nea_wr_free(&inner);
	return rc;
}

int ike_sk_open(const ike_sk_key_t *k, ike_msg_t *m, const uint8_t **plain, size_t *plain_len,
		nea_perr_t *err)
{
	const ike_payload_t *p;
	ike_chunk_t body;
	size_t sk_hdr, iv_len, icv, ct_len, aad_len;
	const uint8_t *iv, *ct, *tag;
	uint8_t *pt, want[IKE_MAX_ICV];
	uint8_t pad;
	int rc;

	*plain = NULL;
	*plain_len = 0;
	if (!k->encr.cipher)
		return NEA_ESTATE;
	if (m->sk == IKE_NO_SK)
		return nea_perr(err, NEA_EINVAL, IKE_HDR_LEN, "message has no encrypted payload");
	m->err_inner = false;
	p = &m->pl[m->sk];
	sk_hdr = p->type == IKE_PL_SKF ? 8 : 4;
	body = p->type == IKE_PL_SKF ? p->u.skf.body : p->u.sk.body;
	iv_len = k->encr.iv_len;
	icv = icv_len(k);
	if (body.len < iv_len + icv + 1)
		return nea_perr(err, NEA_EINVAL, p->offset + sk_hdr,
				"encrypted payload of %zu bytes cannot hold IV and ICV", body.len);
	ct_len = body.len - iv_len - icv;
	if (k->encr.block_len > 1 && ct_len % k->encr.block_len)
		return nea_perr(err, NEA_EINVAL, p->offset + sk_hdr + iv_len,
				"ciphertext of %zu bytes is not a multiple of the block size",
				ct_len);
	iv = body.ptr;
	ct = body.ptr + iv_len;
	tag = ct + ct_len;
	aad_len = p->offset + sk_hdr;
	if (!k->encr.aead) {
		/* the ICV covers everything before it: check it first */
		rc = integ_icv(k, m->raw.ptr, m->raw.len - icv, want);
		if (rc)
			return rc;
		if (CRYPTO_memcmp(want, tag, icv) != 0)
			return nea_perr(err, NEA_EAUTH, m->raw.len - icv, "integrity check failed");
	}
	pt = ike_arena_alloc(&m->arena, ct_len);
	if (!pt)
		return NEA_ENOMEM;
	rc = cipher(k, 0, iv, m->raw.ptr, aad_len, ct, ct_len, pt, (uint8_t *)tag);
	if (rc == NEA_EAUTH)
		return nea_perr(err, NEA_EAUTH, m->raw.len - icv, "AEAD tag check failed");
	if (rc)
		return rc;
	pad = pt[ct_len - 1];
	if ((size_t)pad + 1 > ct_len)
		return nea_perr(err, NEA_EINVAL, p->offset + sk_hdr + iv_len + ct_len - 1,
				"pad length %u exceeds the %zu decrypted bytes", pad, ct_len);
	*plain = pt;
	*plain_len = ct_len - pad - 1;
	return 0;
}

int ike_sk_decrypt(const ike_sk_key_t *k, ike_msg_t *m, nea_perr_t *err)
{
	const uint8_t *plain;
	size_t len;
	int rc;

	if (m->sk == IKE_NO_SK || m->pl[m->sk].type != IKE_PL_SK)
		return nea_perr(err, NEA_EINVAL, IKE_HDR_LEN, "message has no SK payload");
	rc = ike_sk_open(k, m, &plain, &len, err);
	if (rc)
		return rc;
	return ike_msg_parse_inner(m, m->pl[m->sk].u.sk.first, plain, len, err);
}

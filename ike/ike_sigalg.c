#include "ike_sigalg.h"

#include <string.h>

#include "ike_types.h"

/*
 *   AlgorithmIdentifier (RFC 5280 §4.1.1.2), as carried in the AUTH payload
 *   of method 14 after a one-byte length (RFC 7427 §3):
 *
 *     AlgorithmIdentifier ::= SEQUENCE {
 *        algorithm   OBJECT IDENTIFIER,
 *        parameters  ANY DEFINED BY algorithm OPTIONAL }
 *
 *     RSASSA-PSS-params ::= SEQUENCE {             (RFC 4055 §3.1)
 *        hashAlgorithm     [0] HashAlgorithm DEFAULT sha1,
 *        maskGenAlgorithm  [1] MaskGenAlgorithm DEFAULT mgf1SHA1,
 *        saltLength        [2] INTEGER DEFAULT 20,
 *        trailerField      [3] TrailerField DEFAULT trailerFieldBC }
 */

#define DER_INTEGER 0x02
#define DER_NULL 0x05
#define DER_OID 0x06
#define DER_SEQUENCE 0x30
#define DER_CTX(n) (0xa0 | (n))

/* DER content octets of the OIDs (without tag and length). */
static const uint8_t oid_rsa_sha1[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05 };
static const uint8_t oid_rsa_sha256[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
static const uint8_t oid_rsa_sha384[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c };
static const uint8_t oid_rsa_sha512[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d };
static const uint8_t oid_rsa_pss[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a };
static const uint8_t oid_mgf1[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08 };
static const uint8_t oid_ecdsa_sha1[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01 };
static const uint8_t oid_ecdsa_sha256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02 };
static const uint8_t oid_ecdsa_sha384[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03 };
static const uint8_t oid_ecdsa_sha512[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04 };
static const uint8_t oid_sha1[] = { 0x2b, 0x0e, 0x03, 0x02, 0x1a };
static const uint8_t oid_sha256[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
static const uint8_t oid_sha384[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 };
static const uint8_t oid_sha512[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03 };

typedef struct {
	const uint8_t *oid;
	size_t len;
	int scheme;
	uint16_t hash;
} sig_oid_t;

#define OID(o) o, sizeof(o)
static const sig_oid_t sig_oids[] = {
	{ OID(oid_rsa_sha1), IKE_SIG_RSA_PKCS1, IKE_HASH_SHA1 },
	{ OID(oid_rsa_sha256), IKE_SIG_RSA_PKCS1, IKE_HASH_SHA2_256 },
	{ OID(oid_rsa_sha384), IKE_SIG_RSA_PKCS1, IKE_HASH_SHA2_384 },
	{ OID(oid_rsa_sha512), IKE_SIG_RSA_PKCS1, IKE_HASH_SHA2_512 },
	{ OID(oid_ecdsa_sha1), IKE_SIG_ECDSA, IKE_HASH_SHA1 },
	{ OID(oid_ecdsa_sha256), IKE_SIG_ECDSA, IKE_HASH_SHA2_256 },
	{ OID(oid_ecdsa_sha384), IKE_SIG_ECDSA, IKE_HASH_SHA2_384 },
	{ OID(oid_ecdsa_sha512), IKE_SIG_ECDSA, IKE_HASH_SHA2_512 },
	{ OID(oid_rsa_pss), IKE_SIG_RSA_PSS, 0 },
};
static const sig_oid_t hash_oids[] = {
	{ OID(oid_sha1), 0, IKE_HASH_SHA1 },
	{ OID(oid_sha256), 0, IKE_HASH_SHA2_256 },
	{ OID(oid_sha384), 0, IKE_HASH_SHA2_384 },
	{ OID(oid_sha512), 0, IKE_HASH_SHA2_512 },
};

const char *ike_hash_digest(uint16_t hash)
{
	switch (hash) {
	case IKE_HASH_SHA1: return "SHA1";
	case IKE_HASH_SHA2_256: return "SHA256";
	case IKE_HASH_SHA2_384: return "SHA384";
	case IKE_HASH_SHA2_512: return "SHA512";
	default: return NULL;
	}
}

size_t ike_hash_len(uint16_t hash)
{
	switch (hash) {
	case IKE_HASH_SHA1: return 20;
	case IKE_HASH_SHA2_256: return 32;
	case IKE_HASH_SHA2_384: return 48;
	case IKE_HASH_SHA2_512: return 64;
	default: return 0;
	}
}

/* One TLV: tag must match; *content covers the value. */
static int der_take(nea_rd_t *r, size_t base, uint8_t tag, nea_rd_t *content, nea_perr_t *err)
{
	size_t at = r->off, len;
	uint8_t t, l, b;

	if (!nea_rd_u8(r, &t) || !nea_rd_u8(r, &l))
		return nea_perr(err, NEA_ETRUNC, base + at, "DER element truncated");
	if (t != tag)
		return nea_perr(err, NEA_EINVAL, base + at, "DER tag 0x%02x, expected 0x%02x", t, tag);
	if (l < 0x80) {
		len = l;
	} else if (l == 0x81 || l == 0x82) {
		len = 0;
		for (int i = 0; i < (l & 0x7f); i++) {
			if (!nea_rd_u8(r, &b))
				return nea_perr(err, NEA_ETRUNC, base + at + 1, "DER length truncated");
			len = len << 8 | b;
		}
		if (len < 0x80 || (l == 0x82 && len < 0x100))
			return nea_perr(err, NEA_EINVAL, base + at + 1, "non-minimal DER length");
	} else {
		return nea_perr(err, NEA_EINVAL, base + at + 1, "unsupported DER length form 0x%02x", l);
	}
	if (!nea_rd_sub(r, len, content))
		return nea_perr(err, NEA_ETRUNC, base + at + 1, "DER length %zu exceeds its container",
				len);
	return 0;
}

static bool peek_tag(const nea_rd_t *r, uint8_t tag)
{
	uint8_t t;

	return nea_rd_peek_u8(r, 0, &t) && t == tag;
}

static int need_end(const nea_rd_t *r, size_t base, nea_perr_t *err)
{
	if (nea_rd_left(r))
		return nea_perr(err, NEA_EINVAL, base + r->off, "%zu bytes after DER element",
				nea_rd_left(r));
	return 0;
}

/* SEQUENCE { OID, params } -> the OID content and a reader over params. */
static int algid(nea_rd_t *r, size_t base, nea_rd_t *oid, nea_rd_t *params, nea_perr_t *err)
{
	nea_rd_t seq;
	size_t seq_base;
	int rc;

	rc = der_take(r, base, DER_SEQUENCE, &seq, err);
	if (rc)
		return rc;
	seq_base = base + (size_t)(seq.ptr - r->ptr);
	rc = der_take(&seq, seq_base, DER_OID, oid, err);
	if (rc)
		return rc;
	nea_rd_sub(&seq, nea_rd_left(&seq), params);
	return 0;
}

static const sig_oid_t *find(const sig_oid_t *tab, size_t n, const nea_rd_t *oid)
{
	for (size_t i = 0; i < n; i++)
		if (tab[i].len == oid->len && memcmp(tab[i].oid, oid->ptr, oid->len) == 0)
			return &tab[i];
	return NULL;
}

/* Optional NULL parameters of RSA and hash algorithm identifiers. */
static int null_or_absent(nea_rd_t *params, size_t base, nea_perr_t *err)
{
	nea_rd_t n;
	int rc;

	if (!nea_rd_left(params))
		return 0;
	rc = der_take(params, base, DER_NULL, &n, err);
	if (rc)
		return rc;
	if (n.len)
		return nea_perr(err, NEA_EINVAL, base, "NULL with content");
	return need_end(params, base, err);
}

static int hash_algid(nea_rd_t *r, size_t base, uint16_t *hash, nea_perr_t *err)
{
	nea_rd_t oid, params;
	const sig_oid_t *h;
	int rc;

	rc = algid(r, base, &oid, &params, err);
	if (rc)
		return rc;
	h = find(hash_oids, sizeof(hash_oids) / sizeof(hash_oids[0]), &oid);
	if (!h)
		return nea_perr(err, NEA_EUNSUPPORTED, base, "unsupported hash algorithm");
	*hash = h->hash;
	return null_or_absent(&params, base + (size_t)(params.ptr - r->ptr), err);
}

static int small_int(nea_rd_t *r, size_t base, uint16_t *v, nea_perr_t *err)
{
	nea_rd_t i;
	uint8_t b;
	uint32_t acc = 0;
	int rc;

	rc = der_take(r, base, DER_INTEGER, &i, err);
	if (rc)
		return rc;
	if (i.len == 0 || i.len > 3)
		return nea_perr(err, NEA_EINVAL, base, "INTEGER of %zu bytes", i.len);
	while (nea_rd_u8(&i, &b))
		acc = acc << 8 | b;
	if (acc > UINT16_MAX)
		return nea_perr(err, NEA_EINVAL, base, "INTEGER out of range");
	*v = (uint16_t)acc;
	return 0;
}

static int pss_params(nea_rd_t *params, size_t base, ike_sigalg_t *alg, nea_perr_t *err)
{
	nea_rd_t seq, f, oid, mgfp;
	size_t sb;
	uint16_t trailer = 1;
	int rc;

	/* RFC 4055 defaults */
	alg->hash = IKE_HASH_SHA1;
	alg->mgf1_hash = IKE_HASH_SHA1;
	alg->salt_len = 20;
	rc = der_take(params, base, DER_SEQUENCE, &seq, err);
	if (rc)
		return rc;
	sb = base + (size_t)(seq.ptr - params->ptr);
	if (peek_tag(&seq, DER_CTX(0))) {
		rc = der_take(&seq, sb, DER_CTX(0), &f, err);
		if (rc == 0)
			rc = hash_algid(&f, sb + (size_t)(f.ptr - seq.ptr), &alg->hash, err);
		if (rc)
			return rc;
	}
	if (peek_tag(&seq, DER_CTX(1))) {
		rc = der_take(&seq, sb, DER_CTX(1), &f, err);
		if (rc == 0)
			rc = algid(&f, sb + (size_t)(f.ptr - seq.ptr), &oid, &mgfp, err);
		if (rc)
			return rc;
		if (oid.len != sizeof(oid_mgf1) || memcmp(oid.ptr, oid_mgf1, oid.len) != 0)
			return nea_perr(err, NEA_EUNSUPPORTED, sb, "mask generation is not MGF1");
		rc = hash_algid(&mgfp, sb + (size_t)(mgfp.ptr - seq.ptr), &alg->mgf1_hash, err);
		if (rc)
			return rc;
	}
	if (peek_tag(&seq, DER_CTX(2))) {
		rc = der_take(&seq, sb, DER_CTX(2), &f, err);
		if (rc == 0)
			rc = small_int(&f, sb + (size_t)(f.ptr - seq.ptr), &alg->salt_len, err);
		if (rc)
			return rc;
	}
	if (peek_tag(&seq, DER_CTX(3))) {
		rc = der_take(&seq, sb, DER_CTX(3), &f, err);
		if (rc == 0)
			rc = small_int(&f, sb + (size_t)(f.ptr - seq.ptr), &trailer, err);
		if (rc)
			return rc;
		if (trailer != 1)
			return nea_perr(err, NEA_EUNSUPPORTED, sb, "PSS trailer field %u", trailer);
	}
	rc = need_end(&seq, sb, err);
	if (rc)
		return rc;
	if (alg->hash == IKE_HASH_SHA1 || alg->mgf1_hash == IKE_HASH_SHA1)
		return nea_perr(err, NEA_EUNSUPPORTED, base, "RSASSA-PSS with SHA-1");
	return need_end(params, base, err);
}

int ike_sigalg_decode(ike_chunk_t der, ike_sigalg_t *alg, nea_perr_t *err)
{
	nea_rd_t r, oid, params;
	const sig_oid_t *s;
	size_t pbase;
	int rc;

	memset(alg, 0, sizeof(*alg));
	nea_rd_init(&r, der.ptr, der.len);
	rc = algid(&r, 0, &oid, &params, err);
	if (rc)
		return rc;
	rc = need_end(&r, 0, err);
	if (rc)
		return rc;
	s = find(sig_oids, sizeof(sig_oids) / sizeof(sig_oids[0]), &oid);
	if (!s)
		return nea_perr(err, NEA_EUNSUPPORTED, 2, "unsupported signature algorithm");
	alg->scheme = s->scheme;
	alg->hash = s->hash;
	pbase = (size_t)(params.ptr - der.ptr);
	switch (s->scheme) {
	case IKE_SIG_RSA_PKCS1: return null_or_absent(&params, pbase, err);
	case IKE_SIG_ECDSA: return need_end(&params, pbase, err);
	default: return pss_params(&params, pbase, alg, err);
	}
}

/* Write tag + definite length; the value follows. */
static void der_hdr(nea_wr_t *w, uint8_t tag, size_t len)
{
	nea_wr_u8(w, tag);
	if (len < 0x80) {
		nea_wr_u8(w, (uint8_t)len);
	} else if (len < 0x100) {
		nea_wr_u8(w, 0x81);
		nea_wr_u8(w, (uint8_t)len);
	} else {
		nea_wr_u8(w, 0x82);
		nea_wr_u16(w, (uint16_t)len);
	}
}

static const sig_oid_t *hash_oid(uint16_t hash)
{
	for (size_t i = 0; i < sizeof(hash_oids) / sizeof(hash_oids[0]); i++)
		if (hash_oids[i].hash == hash)
			return &hash_oids[i];
	return NULL;
}

/* SEQUENCE { OID hash, NULL } */
static void hash_algid_write(nea_wr_t *w, const sig_oid_t *h)
{
	der_hdr(w, DER_SEQUENCE, 2 + h->len + 2);
	der_hdr(w, DER_OID, h->len);
	nea_wr_bytes(w, h->oid, h->len);
	der_hdr(w, DER_NULL, 0);
}

int ike_sigalg_encode(const ike_sigalg_t *alg, nea_wr_t *w)
{
	const sig_oid_t *h, *m;
	size_t hlen, mlen, plen;

	if (alg->scheme != IKE_SIG_RSA_PSS) {
		for (size_t i = 0; i < sizeof(sig_oids) / sizeof(sig_oids[0]); i++) {
			const sig_oid_t *s = &sig_oids[i];

			if (s->scheme != alg->scheme || s->hash != alg->hash)
				continue;
			if (s->scheme == IKE_SIG_ECDSA) {
				der_hdr(w, DER_SEQUENCE, 2 + s->len);
				der_hdr(w, DER_OID, s->len);
				nea_wr_bytes(w, s->oid, s->len);
			} else {
				der_hdr(w, DER_SEQUENCE, 2 + s->len + 2);
				der_hdr(w, DER_OID, s->len);
				nea_wr_bytes(w, s->oid, s->len);
				der_hdr(w, DER_NULL, 0);
			}
			return nea_wr_error(w);
		}
		return NEA_EUNSUPPORTED;
	}
	h = hash_oid(alg->hash);
	m = hash_oid(alg->mgf1_hash ? alg->mgf1_hash : alg->hash);
	if (!h || !m || alg->hash == IKE_HASH_SHA1)
		return NEA_EUNSUPPORTED;
	hlen = 2 + 2 + h->len + 2;                      /* SEQUENCE { OID, NULL } */
	mlen = 2 + 2 + sizeof(oid_mgf1) + (2 + 2 + m->len + 2);
	plen = (2 + hlen) + (2 + mlen) + (2 + 3);       /* [0] [1] [2] INTEGER */
	der_hdr(w, DER_SEQUENCE, 2 + sizeof(oid_rsa_pss) + 2 + plen);
	der_hdr(w, DER_OID, sizeof(oid_rsa_pss));
	nea_wr_bytes(w, oid_rsa_pss, sizeof(oid_rsa_pss));
	der_hdr(w, DER_SEQUENCE, plen);
	der_hdr(w, DER_CTX(0), hlen);
	hash_algid_write(w, h);
	der_hdr(w, DER_CTX(1), mlen);
	der_hdr(w, DER_SEQUENCE, mlen - 2);
	der_hdr(w, DER_OID, sizeof(oid_mgf1));
	nea_wr_bytes(w, oid_mgf1, sizeof(oid_mgf1));
	hash_algid_write(w, m);
	der_hdr(w, DER_CTX(2), 3);
	der_hdr(w, DER_INTEGER, 1);
	nea_wr_u8(w, (uint8_t)(alg->salt_len ? alg->salt_len : ike_hash_len(alg->hash)));
	return nea_wr_error(w);
}

int ike_hash_algs_build(const uint16_t *algs, size_t n, nea_wr_t *w)
{
	for (size_t i = 0; i < n; i++)
		nea_wr_u16(w, algs[i]);
	return nea_wr_error(w);
}

bool ike_hash_algs_has(ike_chunk_t data, uint16_t hash)
{
	nea_rd_t r;
	uint16_t v;

	nea_rd_init(&r, data.ptr, data.len);
	while (nea_rd_u16(&r, &v))
		if (v == hash)
			return true;
	return false;
}

/* Certificate and Certificate Request payloads (RFC 7296 §3.6, §3.7). */
#include "ike_payload.h"

/*
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Cert Encoding |                                               |
 *   +-+-+-+-+-+-+-+-+                                               |
 *   ~       Certificate Data / Certification Authority              ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   CERT carries one certificate (non-empty). CERTREQ with encoding X.509
 *   Signature carries a concatenation of 20-byte SHA-1 hashes of CA
 *   public keys; it may be empty ("any CA").
 */
#define SHA1_LEN 20

static int check(const ike_pl_cert_t *c, bool certreq)
{
	if (!certreq)
		return c->data.len > 0;
	if (c->encoding == IKE_CERT_X509_SIG)
		return c->data.len % SHA1_LEN == 0;
	return 1;
}

int ike_pl_cert_parse(ike_pl_cert_t *c, bool certreq, nea_rd_t *r, size_t base, nea_perr_t *err)
{
	if (!nea_rd_u8(r, &c->encoding))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "%s payload needs an encoding octet",
				certreq ? "CERTREQ" : "CERT");
	c->data.len = nea_rd_left(r);
	nea_rd_bytes(r, c->data.len, &c->data.ptr);
	if (!check(c, certreq))
		return nea_perr(err, NEA_EINVAL, base + 1,
				certreq ? "CERTREQ CA list of %zu bytes is not a list of SHA-1 hashes"
					: "CERT payload with %zu bytes of data",
				c->data.len);
	return 0;
}

int ike_pl_cert_build(const ike_pl_cert_t *c, bool certreq, nea_wr_t *w)
{
	if (!check(c, certreq))
		return NEA_EINVAL;
	nea_wr_u8(w, c->encoding);
	nea_wr_bytes(w, c->data.ptr, c->data.len);
	return nea_wr_error(w);
}

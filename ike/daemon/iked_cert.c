/* X.509 for IKE; see iked_cert.h. */
#include "iked_cert.h"

#include <openssl/evp.h>
#include <openssl/x509_vfy.h>

#include "iked_id.h"
#include "nea_err.h"
#include "nea_log.h"

int iked_certreq_build(const iked_cfg_t *c, nea_wr_t *w)
{
	for (int i = 0; c->ca_list && i < sk_X509_num(c->ca_list); i++) {
		X509 *ca = sk_X509_value(c->ca_list, i);
		unsigned char *der = NULL, md[EVP_MAX_MD_SIZE];
		unsigned int mdlen = 0;
		int len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(ca), &der);

		if (len <= 0)
			return NEA_ECRYPTO;
		if (!EVP_Digest(der, (size_t)len, md, &mdlen, EVP_sha1(), NULL)) {
			OPENSSL_free(der);
			return NEA_ECRYPTO;
		}
		OPENSSL_free(der);
		nea_wr_bytes(w, md, mdlen);
	}
	return nea_wr_error(w);
}

int iked_cert_der(X509 *cert, nea_wr_t *w)
{
	unsigned char *der = NULL;
	int len = i2d_X509(cert, &der);

	if (len <= 0)
		return NEA_ECRYPTO;
	nea_wr_bytes(w, der, (size_t)len);
	OPENSSL_free(der);
	return nea_wr_error(w);
}

int iked_cert_parse(const uint8_t *der, size_t len, X509 **out)
{
	const unsigned char *p = der;
	X509 *x;

	if (len > 65535)
		return NEA_ETOOBIG;
	x = d2i_X509(NULL, &p, (long)len);
	if (!x || p != der + len) {
		X509_free(x);
		return NEA_EINVAL;
	}
	*out = x;
	return 0;
}

static const char *dn(X509 *x, char *buf, size_t len)
{
	iked_id_t id;

	if (iked_id_from_cert(x, &id) < 0)
		return "?";
	return iked_id_str(&id, buf, len);
}

int iked_cert_verify(const iked_cfg_t *c, X509 *cert, STACK_OF(X509) *chain)
{
	X509_STORE_CTX *ctx = X509_STORE_CTX_new();
	char buf[IKED_ID_STRLEN];
	int rc = NEA_EAUTH;

	if (!ctx)
		return NEA_ENOMEM;
	if (!X509_STORE_CTX_init(ctx, c->cas, cert, chain)) {
		X509_STORE_CTX_free(ctx);
		return NEA_ECRYPTO;
	}
	NLOG(CFG, 1, "  using certificate \"%s\"", dn(cert, buf, sizeof(buf)));
	if (X509_verify_cert(ctx) == 1) {
		STACK_OF(X509) *path = X509_STORE_CTX_get0_chain(ctx);
		int n = path ? sk_X509_num(path) : 0;

		if (n > 1)
			NLOG(CFG, 1, "  using trusted ca certificate \"%s\"",
			     dn(sk_X509_value(path, n - 1), buf, sizeof(buf)));
		NLOG(CFG, 1, "  reached self-signed root ca with a path length of %d",
		     n > 1 ? n - 2 : 0);
		rc = 0;
	} else {
		NLOG(CFG, 1, "no trusted certificate found for \"%s\": %s", dn(cert, buf, sizeof(buf)),
		     X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
	}
	X509_STORE_CTX_free(ctx);
	return rc;
}

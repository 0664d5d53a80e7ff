#include "pttls_tlsctx.h"

#include <stdio.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "nea_err.h"
#include "pttls_suites.h"

/* A client's certificate chain is the largest thing a peer makes the
 * handshake buffer before it is authenticated. */
#define PTTLS_MAX_CERT_LIST (32 * 1024)

char *pttls_ssl_err(char *buf, size_t len)
{
	unsigned long e, last = 0;

	while ((e = ERR_get_error()) != 0)
		last = e;
	if (!last) {
		snprintf(buf, len, "unknown");
		return buf;
	}
	ERR_error_string_n(last, buf, len);
	return buf;
}

char *pttls_dn_str(X509_NAME *name, char *buf, size_t len)
{
	BIO *b = BIO_new(BIO_s_mem());
	unsigned long flags = XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_SN |
			      ASN1_STRFLGS_UTF8_CONVERT | ASN1_STRFLGS_ESC_CTRL;
	int n;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (!b)
		return buf;
	if (name && X509_NAME_print_ex(b, name, 0, flags) >= 0) {
		n = BIO_read(b, buf, (int)(len > 1 ? len - 1 : 0));
		buf[n > 0 ? n : 0] = '\0';
	}
	BIO_free(b);
	return buf;
}

static int load_cert_key(SSL_CTX *ctx, const pttls_ctx_opts_t *o, char *err, size_t errlen)
{
	char e[200];

	if (!o->key || !*o->key) {
		snprintf(err, errlen, "certificate %s given without its private key", o->cert);
		return NEA_ECONFIG;
	}
	if (SSL_CTX_use_certificate_chain_file(ctx, o->cert) != 1) {
		snprintf(err, errlen, "cannot load certificate %s: %s", o->cert,
			 pttls_ssl_err(e, sizeof(e)));
		return NEA_ECONFIG;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, o->key, SSL_FILETYPE_PEM) != 1) {
		snprintf(err, errlen, "cannot load private key %s: %s", o->key,
			 pttls_ssl_err(e, sizeof(e)));
		return NEA_ECONFIG;
	}
	if (SSL_CTX_check_private_key(ctx) != 1) {
		snprintf(err, errlen, "private key %s does not belong to certificate %s", o->key,
			 o->cert);
		ERR_clear_error();
		return NEA_ECONFIG;
	}
	return 0;
}

static int load_ca(SSL_CTX *ctx, const pttls_ctx_opts_t *o, char *err, size_t errlen)
{
	STACK_OF(X509_NAME) *names;
	char e[200];

	if (SSL_CTX_load_verify_locations(ctx, o->cacert, NULL) != 1) {
		snprintf(err, errlen, "cannot load CA certificate %s: %s", o->cacert,
			 pttls_ssl_err(e, sizeof(e)));
		return NEA_ECONFIG;
	}
	if (!o->server)
		return 0;
	/* The certificate request names the CAs a client may use, as
	 * strongSwan's "sending TLS cert request for '<CA>'". */
	names = SSL_load_client_CA_file(o->cacert);
	if (!names) {
		snprintf(err, errlen, "no CA certificate found in %s", o->cacert);
		ERR_clear_error();
		return NEA_ECONFIG;
	}
	SSL_CTX_set_client_CA_list(ctx, names);
	return 0;
}

int pttls_ctx_new(const pttls_ctx_opts_t *o, SSL_CTX **out, char *err, size_t errlen)
{
	SSL_CTX *ctx;
	int rc, mode = SSL_VERIFY_NONE;

	*out = NULL;
	if (o->server && (!o->cert || !*o->cert)) {
		snprintf(err, errlen, "the PT-TLS server needs a certificate (nea.pttls.cert)");
		return NEA_ECONFIG;
	}
	if (o->server && o->verify != PTTLS_VERIFY_NONE && (!o->cacert || !*o->cacert)) {
		snprintf(err, errlen, "client certificates need a CA (nea.pttls.cacert)");
		return NEA_ECONFIG;
	}
	ctx = SSL_CTX_new(o->server ? TLS_server_method() : TLS_client_method());
	if (!ctx) {
		snprintf(err, errlen, "cannot create a TLS context");
		return NEA_ENOMEM;
	}
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION |
					 SSL_OP_NO_TICKET | SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	/* Record buffers (~34 KiB per connection) only while a record is in
	 * flight: a server holds hundreds of mostly idle connections. */
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	SSL_CTX_set_max_cert_list(ctx, PTTLS_MAX_CERT_LIST);
	if (o->server)
		SSL_CTX_set_num_tickets(ctx, 0);
	rc = pttls_suites_apply(ctx, o->suites, o->vmin, o->vmax, err, errlen);
	if (rc < 0)
		goto fail;
	if (o->cert && *o->cert) {
		rc = load_cert_key(ctx, o, err, errlen);
		if (rc < 0)
			goto fail;
	}
	if (o->cacert && *o->cacert) {
		rc = load_ca(ctx, o, err, errlen);
		if (rc < 0)
			goto fail;
	} else if (!o->server && SSL_CTX_set_default_verify_paths(ctx) != 1) {
		snprintf(err, errlen, "no CA given and the system trust store is unavailable");
		rc = NEA_ECONFIG;
		goto fail;
	}
	if (!o->server)
		mode = SSL_VERIFY_PEER;
	else if (o->verify == PTTLS_VERIFY_OPTIONAL)
		mode = SSL_VERIFY_PEER;
	else if (o->verify == PTTLS_VERIFY_REQUIRED)
		mode = SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT;
	SSL_CTX_set_verify(ctx, mode, NULL);
	SSL_CTX_set_verify_depth(ctx, 8);
	*out = ctx;
	return 0;
fail:
	SSL_CTX_free(ctx);
	return rc;
}

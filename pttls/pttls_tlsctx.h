/*
 * pttls_tlsctx: the OpenSSL contexts of the PT-TLS server and client,
 * built from PEM files and the libtls settings, and the certificate
 * helpers both sides log with.
 *
 * Contract: pttls_ctx_new either returns a context that is ready for
 * connections (certificate matches key, CA loaded, suites and versions
 * applied, renegotiation, compression, session tickets and the session
 * cache off: every PT-TLS connection is one fresh, fully authenticated
 * handshake) or fails with NEA_ECONFIG/NEA_ECRYPTO and err saying which
 * file or setting is at fault. Files are read once, here: a daemon calls
 * it before dropping privileges.
 */
#ifndef PTTLS_TLSCTX_H
#define PTTLS_TLSCTX_H

#include <stdbool.h>
#include <stddef.h>

#include <openssl/ssl.h>

typedef enum {
	PTTLS_VERIFY_NONE,     /* server: no certificate request */
	PTTLS_VERIFY_OPTIONAL, /* server: request, verify when sent */
	PTTLS_VERIFY_REQUIRED, /* server: a verified client certificate is mandatory */
} pttls_verify_t;

typedef struct {
	bool server;
	const char *cert;    /* PEM certificate (chain); server: mandatory */
	const char *key;     /* PEM private key for cert */
	const char *cacert;  /* PEM CA certificate(s); client: NULL = system store */
	pttls_verify_t verify; /* server only; the client always verifies */
	const char *suites;  /* libtls.suites */
	const char *vmin, *vmax; /* libtls.version_min/max */
} pttls_ctx_opts_t;

int pttls_ctx_new(const pttls_ctx_opts_t *o, SSL_CTX **out, char *err, size_t errlen);

/* strongSwan's rendering of a distinguished name, "C=CH, O=nea Test,
 * CN=jane": encoding order, ", " between RDNs, control characters
 * escaped. Truncated to fit; returns buf. */
char *pttls_dn_str(X509_NAME *name, char *buf, size_t len);

/* The most recent OpenSSL error of this thread as text, clearing the
 * queue; "unknown" when there is none. */
char *pttls_ssl_err(char *buf, size_t len);

#endif

/*
 * pttls_suites: strongSwan's libtls.suites setting (IANA cipher suite names
 * such as TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384) and libtls.version_min /
 * version_max applied to an OpenSSL SSL_CTX, for the PT-TLS server and
 * client alike.
 *
 * Contract: every name in the list must be a suite this OpenSSL knows by
 * its IANA name; an unknown name fails with NEA_ECONFIG and err names it,
 * so a typo never silently widens or empties the allowed set. TLS 1.2
 * suites become the cipher list, TLS 1.3 suites the ciphersuites; a list
 * without any suite of one version disables that version. Versions below
 * TLS 1.2 are never enabled (PT-TLS needs RFC 5246 or later). A missing
 * setting leaves OpenSSL's defaults.
 */
#ifndef PTTLS_SUITES_H
#define PTTLS_SUITES_H

#include <stddef.h>

#include <openssl/ssl.h>

/* suites: the libtls.suites value (commas and/or blanks) or NULL;
 * vmin/vmax: "1.2", "1.3" or NULL (libtls.version_min/version_max). */
int pttls_suites_apply(SSL_CTX *ctx, const char *suites, const char *vmin, const char *vmax,
		       char *err, size_t errlen);

/* The IANA name of the suite an established connection uses ("TLS_AES_256_GCM_SHA384"),
 * and its protocol ("TLS 1.3"), as strongSwan logs them. Never NULL. */
const char *pttls_suite_name(const SSL *ssl);
const char *pttls_version_name(const SSL *ssl);

#endif

/*
 * pttls_ident: the access requestor identities a PT-TLS connection yields
 * (TCG IF-IMV AR Identity: type, subject, authentication method), mapped
 * as strongSwan's TNCCS manager maps its peer identities:
 *
 *   SASL PLAIN authcid   -> user; "a@b" e-mail address, an IP literal a
 *                           machine IPv4/IPv6 address, anything else user
 *                           name; authenticated by password
 *   client certificate   -> user X.500 DN (the subject, "C=CH, O=x, CN=y");
 *                           authenticated by X.509 certificate
 *   TCP peer address     -> machine IPv4/IPv6 address; unknown method
 *
 * Values are copied (at most PTTLS_IDENT_MAX bytes, longer ones refused);
 * pttls_printable() renders untrusted bytes for a log line.
 */
#ifndef PTTLS_IDENT_H
#define PTTLS_IDENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PTTLS_IDENT_MAX 1024

enum {
	PTTLS_ID_UNKNOWN = 0,
	PTTLS_ID_IPV4 = 1,
	PTTLS_ID_IPV6 = 2,
	PTTLS_ID_FQDN = 3,
	PTTLS_ID_EMAIL = 4,
	PTTLS_ID_USERNAME = 5,
	PTTLS_ID_X500_DN = 6,
};
enum { PTTLS_SUBJECT_UNKNOWN = 0, PTTLS_SUBJECT_MACHINE = 1, PTTLS_SUBJECT_USER = 2 };
enum { PTTLS_AUTH_UNKNOWN = 0, PTTLS_AUTH_CERT = 1, PTTLS_AUTH_PASSWORD = 2 };

typedef struct {
	uint32_t type, subject, auth;
	size_t len;
	char value[PTTLS_IDENT_MAX + 1]; /* NUL-terminated for logging; len is authoritative */
} pttls_ident_t;

/* 0, or NEA_ETOOBIG / NEA_EINVAL (empty) without touching *out. */
int pttls_ident_sasl(pttls_ident_t *out, const uint8_t *id, size_t len);
int pttls_ident_dn(pttls_ident_t *out, const char *dn);
/* addr: numeric IPv4 or IPv6 text. */
int pttls_ident_addr(pttls_ident_t *out, const char *addr);

/* "username", "X.500 DN", "IPv4 address", ... and "password",
 * "certificate", "unknown method" as strongSwan's IMVs name them. */
const char *pttls_ident_type_name(uint32_t type);
const char *pttls_ident_auth_name(uint32_t auth);

/* Render len bytes for a log line: printable ASCII as is, everything else
 * (and backslash) as \xNN, truncated with "..." to fit; returns out. */
char *pttls_printable(const uint8_t *p, size_t len, char *out, size_t outlen);

#endif

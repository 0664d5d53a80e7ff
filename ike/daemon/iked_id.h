/*
 * iked_id: IKE identities as strongSwan writes, matches and prints them.
 *
 * Contract:
 *  - iked_id_parse() turns a configured identity into an ID payload value
 *    with strongSwan's rules: "%any" (or empty) is the wildcard; a string
 *    with '=' is an X.500 DN ("C=CH, O=Cyber, CN=x", encoded as DER);
 *    a numeric IPv4/IPv6 address is ID_IPV4_ADDR/ID_IPV6_ADDR; "@x" is the
 *    FQDN x, "@#hex" a KEY_ID; a string with '@' is ID_RFC822_ADDR;
 *    anything else is ID_FQDN (so "jane" is an FQDN, as charon makes it).
 *  - iked_id_match(): a configured id matches a received one when it is
 *    the wildcard, equal in type and bytes, or (FQDN and RFC822) a leading
 *    '*' wildcard matching the rest as a suffix.
 *  - iked_id_str() prints as charon's %Y: text for names, dotted/colon
 *    addresses, DNs as "C=CH, O=Cyber, CN=..."; unprintable bytes become
 *    '?', so a peer cannot inject control characters into logs.
 *  - iked_cert_has_id() checks that a certificate names the identity
 *    (subject DN, or a subjectAltName of the matching kind); used for our
 *    own certificate and for a peer's.
 * Values are bounded by IKED_ID_MAX bytes; longer ones are NEA_ETOOBIG.
 */
#ifndef IKED_ID_H
#define IKED_ID_H

#include <openssl/x509.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IKED_ID_MAX 512
#define IKED_ID_ANY 0 /* id_type 0 is reserved on the wire: our wildcard */
#define IKED_ID_STRLEN 256

typedef struct {
	uint8_t type;
	size_t len;
	uint8_t data[IKED_ID_MAX];
} iked_id_t;

int iked_id_parse(const char *s, iked_id_t *out);
/* ID payload body (type | 3 reserved | data) as AUTH signs it, in a new
 * buffer *out the caller frees; NEA_ENOMEM if it cannot be allocated. */
int iked_id_body(const iked_id_t *id, uint8_t **out, size_t *len);
int iked_id_from_payload(uint8_t type, const uint8_t *data, size_t len, iked_id_t *out);
/* ID of an address (4 or 16 bytes). */
void iked_id_from_addr(const uint8_t *addr, size_t len, iked_id_t *out);
/* Subject DN of a certificate. */
int iked_id_from_cert(X509 *cert, iked_id_t *out);
bool iked_id_is_any(const iked_id_t *id);
bool iked_id_equal(const iked_id_t *a, const iked_id_t *b);
bool iked_id_match(const iked_id_t *cfg, const iked_id_t *id);
const char *iked_id_str(const iked_id_t *id, char *buf, size_t len);
/* Printable text of raw identity bytes (EAP identities). */
const char *iked_id_text(const uint8_t *data, size_t len, char *buf, size_t buflen);
bool iked_cert_has_id(X509 *cert, const iked_id_t *id);

#endif

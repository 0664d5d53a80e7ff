/*
 * eap_md5: EAP-MD5-Challenge (RFC 3748 §5.4, the CHAP computation of
 * RFC 1994 §4.1) as an eap_method_t.
 *
 * Contract: Request and Response Type-Data = Value-Size (1) | Value | Name
 * (optional, ignored). The server sends a 16-byte random challenge and no
 * Name, as charon does; the Response value must be
 *     MD5(Identifier | secret | challenge)
 * with the Identifier of the Request, 16 bytes, compared in constant time:
 * a match is EAP_M_SUCCESS, anything else EAP_M_FAILURE. The peer answers
 * any non-empty challenge the same way (EAP_M_DONE), then waits for the
 * verdict. EAP-MD5 derives no MSK. The secret is copied and wiped on free.
 */
#ifndef EAP_MD5_H
#define EAP_MD5_H

#include <stddef.h>
#include <stdint.h>

#include "eap_method.h"

#define EAP_MD5_CHALLENGE_LEN 16
#define EAP_MD5_SECRET_MAX 256

eap_method_t *eap_md5_server_new(const uint8_t *secret, size_t len);
eap_method_t *eap_md5_peer_new(const uint8_t *secret, size_t len);
/* The response value for an identifier, secret and challenge (16 bytes). */
int eap_md5_response(uint8_t id, const uint8_t *secret, size_t secret_len,
		     const uint8_t *challenge, size_t challenge_len, uint8_t out[16]);

#endif

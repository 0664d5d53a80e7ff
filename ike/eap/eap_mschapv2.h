/*
 * eap_mschapv2: EAP-MSCHAPv2 (draft-kamath-pppext-eap-mschapv2-02 framing,
 * RFC 2759 computations, RFC 3079 keys) as an eap_method_t, interoperable
 * with strongSwan's eap-mschapv2 plugin.
 *
 * Contract:
 *  - Server: Challenge (16 random bytes, Name "nea", MS-CHAPv2-ID = EAP
 *    Identifier); the Response must carry Value-Size 49, zero Reserved and
 *    Flags (RFC 2759 §4), the expected NT-Response (compared in constant
 *    time) and Name equal to the identity the server was created for; then
 *    Success Request "S=<AuthenticatorResponse, 40 upper-case hex> M=..."
 *    with the next Identifier, and the peer's Success Response completes it
 *    (EAP_M_SUCCESS, MSK available). A wrong NT-Response or Name is
 *    EAP_M_FAILURE at once: charon as a peer gives up on a retryable
 *    Failure Request anyway, so nea does not offer retries.
 *  - Peer: answers a Challenge with a random Peer-Challenge and the
 *    NT-Response, checks the server's "S=" value (hex of either case, in
 *    constant time; a message that fails is EAP_M_FAILURE: the server did
 *    not prove knowledge of the password) and sends the Success Response
 *    (EAP_M_DONE); EAP-Success then completes it. A Failure Request is
 *    EAP_M_FAILURE (its E= code: eap_mschapv2_error()).
 *  - MSK (as charon and RFC 3079 for 128-bit keys): MasterKey =
 *    SHA1(PasswordHashHash | NT-Response | Magic1)[0..16]; MSK =
 *    MasterReceiveKey | MasterSendKey | 32 zero bytes, where the first is
 *    SHA1(MasterKey | 40x00 | Magic2 | 40xf2)[0..16] and the second uses
 *    Magic3, identical on both sides (named from the server's view).
 *  - The password is UTF-8, converted to UTF-16LE for the NT hash (at most
 *    256 characters; invalid UTF-8 is refused); for ASCII passwords this is
 *    what charon computes. Alternatively the 16-byte NT hash itself is
 *    given. Only the NT hash is kept, and wiped on free.
 *  - ChallengeHash uses the user name without a "DOMAIN\" prefix.
 *  - The RFC 2759 functions are exported for the published test vectors.
 */
#ifndef EAP_MSCHAPV2_H
#define EAP_MSCHAPV2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eap_method.h"

#define EAP_MSCHAPV2_CHALLENGE_LEN 16
#define EAP_MSCHAPV2_NT_RESPONSE_LEN 24
#define EAP_MSCHAPV2_NAME_MAX 255

eap_method_t *eap_mschapv2_server_new(const uint8_t *identity, size_t identity_len,
				      const uint8_t *secret, size_t secret_len, bool nt_hash);
eap_method_t *eap_mschapv2_peer_new(const uint8_t *identity, size_t identity_len,
				    const uint8_t *secret, size_t secret_len, bool nt_hash);
/* Peer: the E= code of the Failure Request that ended the method (0: none). */
int eap_mschapv2_error(const eap_method_t *m);

/* RFC 2759 §8 building blocks. */
int eap_mschapv2_nt_hash(const uint8_t *password, size_t len, uint8_t out[16]);
int eap_mschapv2_challenge_hash(const uint8_t peer_challenge[16], const uint8_t auth_challenge[16],
				const uint8_t *user, size_t user_len, uint8_t out[8]);
int eap_mschapv2_nt_response(const uint8_t nt_hash[16], const uint8_t challenge_hash[8],
			     uint8_t out[24]);
/* out: "S=" and 40 upper-case hex digits, NUL terminated (43 bytes). */
int eap_mschapv2_auth_response(const uint8_t nt_hash[16], const uint8_t nt_response[24],
			       const uint8_t challenge_hash[8], char out[43]);
int eap_mschapv2_msk(const uint8_t nt_hash[16], const uint8_t nt_response[24],
		     uint8_t out[EAP_MSK_LEN]);

#endif

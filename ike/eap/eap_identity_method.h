/*
 * eap_identity_method: EAP-Identity (RFC 3748 §5.1) as an eap_method_t.
 *
 * Contract: the server sends an empty Request/Identity (as charon does) and
 * succeeds with the first Response/Identity, whose identity it keeps
 * (eap_identity_method_get(); at most EAP_IDENTITY_MAX bytes, no NUL
 * inside, not empty). The peer answers a Request/Identity with its identity
 * and is then done (EAP_M_DONE); there is no verdict for this method.
 */
#ifndef EAP_IDENTITY_METHOD_H
#define EAP_IDENTITY_METHOD_H

#include <stddef.h>
#include <stdint.h>

#include "eap_method.h"

#define EAP_IDENTITY_MAX 253

eap_method_t *eap_identity_method_server_new(void);
eap_method_t *eap_identity_method_peer_new(const uint8_t *identity, size_t len);
/* The identity received (server) or sent (peer); NULL before that. */
const uint8_t *eap_identity_method_get(const eap_method_t *m, size_t *len);

#endif

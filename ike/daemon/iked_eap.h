/*
 * iked_eap: the EAP conversation inside IKE_AUTH, both roles, on the
 * methods of ike/eap (nea_eap).
 *
 * Server (the gateway, charon's eap_authenticator in server mode):
 *  - iked_eap_server_start(): EAP-Identity first when the connection's
 *    eap_id is %any (identifier 0, "initiating EAP_IDENTITY method (id
 *    0x00)"), otherwise straight into the configured method with the IKE
 *    identity (or the configured eap_id) as EAP identity;
 *  - the Identity Response selects the secret (secrets { eap-x { id = ...
 *    } }) and starts the method with a random identifier ("received EAP
 *    identity 'jane'", "initiating EAP_MD5 method (id 0x45)"); eap-dynamic
 *    offers methods in charon.plugins.eap-dynamic.methods order and moves to
 *    the next one the peer's Nak allows;
 *  - a Response that is not for the outstanding Request (wrong identifier,
 *    type, malformed) is discarded (negative return, nothing changes, the
 *    caller logs it once and answers nothing); a Nak for the configured
 *    method, a Request/Success/Failure from the peer or a failed method
 *    is IKED_EAP_FAILURE with an EAP-Failure in out ("EAP method EAP_MD5
 *    failed for peer jane");
 *  - success writes EAP-Success and keeps the MSK (iked_eap_msk()).
 * Peer (the initiator, charon's eap_authenticator in client mode): answers
 * EAP-Identity with the configured eap_id (or the IKE identity), Naks a
 * method other than the configured one, runs the method, and on
 * EAP-Success/Failure reports the outcome.
 *
 * An unknown identity (no secret) fails the method the same way a wrong
 * password does, after the method's own challenge round, so a peer cannot
 * probe which users exist.
 *
 * The MSK and the method's secrets are wiped by iked_eap_reset().
 */
#ifndef IKED_EAP_H
#define IKED_EAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eap_method.h"
#include "iked_cfg.h"
#include "iked_id.h"
#include "nea_buf.h"

typedef enum {
	IKED_EAP_SEND = 0,    /* out holds the next packet */
	IKED_EAP_SUCCESS = 1, /* server: out = EAP-Success; peer: the method succeeded */
	IKED_EAP_FAILURE = 2, /* server: out = EAP-Failure; peer: give up */
	IKED_EAP_PENDING = 3, /* the method waits for an outside answer (TNC) */
} iked_eap_rc_t;

struct iked_sa;

typedef struct {
	struct iked_sa *sa;
	bool server;
	eap_method_t *m;
	bool identity_phase;
	int method_type;     /* running method (NEA_EAP_*) */
	int conf_type;       /* configured (NEA_EAP_DYNAMIC for eap-dynamic) */
	size_t dyn_next;     /* eap-dynamic: next candidate index */
	uint8_t naked[8];    /* eap-dynamic: types the peer asked for */
	size_t nnaked;
	uint8_t identity[256];
	size_t identity_len;
	bool have_identity;
	uint8_t msk[EAP_MSK_LEN];
	size_t msk_len;
	bool complete;
	bool mutual;          /* the method authenticated the server too */
	bool peer_by_cert;    /* TTLS: the client showed a certificate */
	unsigned rounds;
} iked_eap_t;

void iked_eap_init(iked_eap_t *e, struct iked_sa *sa, bool server);
void iked_eap_reset(iked_eap_t *e);
/* The conversation is over: free the method (an EAP-TTLS method holds
 * its TLS state), keep the identity, outcome and MSK. */
void iked_eap_release(iked_eap_t *e);

iked_eap_rc_t iked_eap_server_start(iked_eap_t *e, nea_wr_t *out);
/* < 0: discard silently; otherwise an iked_eap_rc_t. */
int iked_eap_server_process(iked_eap_t *e, const uint8_t *pkt, size_t len, nea_wr_t *out);
/* Server: continue a method that returned IKED_EAP_PENDING once its
 * outside answer arrived (same results as process). */
int iked_eap_server_resume(iked_eap_t *e, nea_wr_t *out);
int iked_eap_peer_process(iked_eap_t *e, const uint8_t *pkt, size_t len, nea_wr_t *out);
/* MSK after success (NULL/0 when the method has none). */
const uint8_t *iked_eap_msk(const iked_eap_t *e, size_t *len);
/* Printable EAP identity (or "" before one is known). */
const char *iked_eap_identity(const iked_eap_t *e, char *buf, size_t len);

#endif

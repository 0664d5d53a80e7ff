/*
 * iked_exchange: the exchange handlers iked_msg dispatches to. Each gets
 * a parsed (and, after IKE_SA_INIT, decrypted and reassembled) message
 * whose message ID is the one the window expects; each answers or fails
 * the SA itself.
 *
 *  iked_exchange_init.c   IKE_SA_INIT, both roles: proposals, KE with
 *                         INVALID_KE_PAYLOAD, nonces, NAT detection,
 *                         COOKIEs, FRAG_SUP, key derivation.
 *  iked_exchange_auth.c   IKE_AUTH, responder; iked_initiate.c the
 *                         initiator (EAP-MD5 / EAP-TTLS client): identities and peer config
 *                         selection, certificate AUTH, EAP-only (RFC 5998),
 *                         EAP rounds, MSK AUTH, CP and the first CHILD_SA.
 *  iked_info.c            INFORMATIONAL: Delete (IKE and CHILD), DPD.
 *  iked_child.c           CHILD_SA negotiation (ESP proposal, traffic
 *                         selector narrowing, SPIs, keys, kernel install).
 */
#ifndef IKED_EXCHANGE_H
#define IKED_EXCHANGE_H

#include <stdbool.h>

#include "iked.h"
#include "ike_msg.h"

/* iked_exchange_init.c */
void iked_init_request(iked_t *ik, const iked_addr_t *local, const iked_addr_t *remote,
		       ike_msg_t *m);
void iked_init_response(iked_sa_t *sa, ike_msg_t *m);
int iked_init_start(iked_sa_t *sa);

/* iked_exchange_auth.c (responder) */
void iked_auth_request(iked_sa_t *sa, ike_msg_t *m);
/* iked_initiate.c (initiator) */
void iked_auth_response(iked_sa_t *sa, ike_msg_t *m);
int iked_auth_start(iked_sa_t *sa);
/* An asynchronous EAP step finished (TNC); answer the waiting request. */
void iked_auth_resume(iked_sa_t *sa);

/* iked_info.c */
void iked_info_request(iked_sa_t *sa, ike_msg_t *m);
void iked_info_response(iked_sa_t *sa, ike_msg_t *m);
/* Send a Delete for the IKE_SA (queued behind an outstanding request). */
void iked_info_delete(iked_sa_t *sa);
/* Shutdown: send the Delete of an established IKE_SA now (protected, one
 * datagram, no retransmission, the answer is not awaited); the caller
 * destroys the SA afterwards. Other states: nothing sent. */
void iked_info_delete_on_stop(iked_sa_t *sa);

/* iked_child.c */
/* Storage the reply's SA payload points into until it is sent. */
typedef struct {
	ike_proposal_t prop;
	uint8_t spi[4];
} iked_child_wire_t;
/* Responder: negotiate the CHILD_SA of the first IKE_AUTH request m
 * (narrowed selectors, ESP proposal, SPIs, keys, kernel install) and
 * append [N(USE_TRANSPORT_MODE)] SA TSi TSr to pl. Returns 0 (also when
 * m asks for no CHILD_SA), a notify type > 0 to send instead
 * (TS_UNACCEPTABLE, NO_PROPOSAL_CHOSEN, NO_ADDITIONAL_SAS), or < 0. */
int iked_child_respond(iked_sa_t *sa, const ike_msg_t *m, iked_child_wire_t *w, ike_payload_t *pl,
		       size_t *n, size_t max);
void iked_child_log_established(iked_sa_t *sa, const iked_child_t *c);
/* Initiator: the CHILD_SA we propose in IKE_AUTH (kept as
 * sa->pending_child): [N(USE_TRANSPORT_MODE)] SA TSi TSr appended to pl. */
int iked_child_propose(iked_sa_t *sa, iked_child_wire_t *w, ike_proposal_t *props,
		       ike_pl_ts_t *tsi, ike_pl_ts_t *tsr, ike_payload_t *pl, size_t *n,
		       size_t max);
/* Responder: CREATE_CHILD_SA rekeying a CHILD_SA (new SPIs, nonces,
 * optional PFS, same selectors narrowed again; the old CHILD_SA stays
 * until the peer's Delete) or creating another one (at most
 * IKED_MAX_CHILDREN); an IKE proposal goes to iked_rekey_ike_request. */
void iked_child_create_request(iked_sa_t *sa, const ike_msg_t *m);
/* iked_rekey.c: the peer rekeys the IKE_SA (responder). */
void iked_rekey_ike_request(iked_sa_t *sa, const ike_msg_t *m);
/* Initiator: the responder's SA/TSi/TSr in the last IKE_AUTH response. */
int iked_child_complete(iked_sa_t *sa, const ike_msg_t *m);
/* "10.1.0.0/16", "10.3.0.1/32[17/500]" as charon prints selectors. */
void iked_ts_str(const ike_ts_t *t, char *buf, size_t len);

#endif

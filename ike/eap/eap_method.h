/*
 * eap_method: the EAP methods nea runs inside IKEv2 or EAP-TTLS, as pure
 * state machines: bytes of one EAP packet in, bytes of one EAP packet out,
 * no I/O, no clock, no global state.
 *
 * Contract:
 *  - A server ("authenticator") method is created with what it needs to
 *    check the peer (secret, identity), sends its first Request from
 *    eap_method_start() with the identifier the caller picks, and numbers
 *    later Requests itself (+1 each); eap_method_last_id() tells the caller
 *    where to continue with the next method.
 *  - A peer method answers each Request with a Response carrying the same
 *    identifier.
 *  - eap_method_process() returns, for well-formed input in the expected
 *    state, one of:
 *      EAP_M_SEND     out holds the next packet; the method goes on.
 *      EAP_M_DONE     peer only: out holds its last Response; the verdict
 *                     (EAP-Success/Failure) is up to the authenticator.
 *      EAP_M_SUCCESS  the method succeeded (server: the peer proved its
 *                     secret; peer: EAP-Success after the method was done
 *                     and, for MSCHAPv2, the server proved itself). The
 *                     MSK, if the method makes one, is eap_method_msk().
 *      EAP_M_FAILURE  the method failed (wrong secret, a Failure packet,
 *                     an EAP-Success the peer must not believe). The caller
 *                     ends the exchange (server: sends EAP-Failure).
 *    and for anything else a negative NEA_E* code with err filled (wrong
 *    code, identifier, type or opcode, malformed data): RFC 3748 §4.1 says
 *    to discard such packets silently, which the state allows since the
 *    method's state is unchanged. A Nak is not handled here: the caller
 *    looks for it (eap_nak_parse) before handing a Response to a method.
 *  - Server methods never emit EAP-Success/Failure themselves, so they can
 *    run both in IKEv2 (where the caller sends those) and as EAP-TTLS
 *    phase 2 (where strongSwan moves on to the next inner method instead).
 *  - Random values (challenges) come from RAND_bytes unless a test installs
 *    its own source with eap_method_set_rand().
 *  - Secrets held by a method and its MSK are wiped by eap_method_free().
 *
 * Asynchronous methods (PT-EAP, EAP-TNC and EAP-TTLS carrying them; see
 * eap_tnc_bridge.h):
 *  - eap_method_process() may also return EAP_M_PENDING: the packet was
 *    accepted, nothing is to be sent yet (out is untouched) and the method
 *    waits for an external event - a PB-TNC batch or verdict from the
 *    broker (server) or client broker (peer) - that reaches it through the
 *    bridge given at creation. The caller keeps the EAP exchange open and
 *    sends nothing (the peer is waiting for our Request, or the server for
 *    our Response).
 *  - When the event has been handed in (eap_pteap_deliver() /
 *    eap_pteap_verdict()), the method calls the bridge's ready(); the
 *    caller then calls eap_method_resume() on the method it holds (the
 *    outer EAP-TTLS method, not the inner one), which returns exactly what
 *    process() would have returned for the packet: SEND / DONE / SUCCESS /
 *    FAILURE, or EAP_M_PENDING again if the event did not suffice.
 *  - While a method is pending, process() refuses packets with NEA_ESTATE
 *    (state unchanged: a retransmission is the caller's business) and
 *    resume() without a delivered event returns EAP_M_PENDING again.
 *    resume() on a method that is not waiting is NEA_ESTATE. Methods that
 *    never wait (Identity, MD5, MSCHAPv2) never return EAP_M_PENDING.
 */
#ifndef EAP_METHOD_H
#define EAP_METHOD_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

typedef enum {
	EAP_M_SEND = 0,
	EAP_M_DONE = 1,
	EAP_M_SUCCESS = 2,
	EAP_M_FAILURE = 3,
	EAP_M_PENDING = 4, /* nothing to send yet; wait for the bridge's ready() */
} eap_m_status_t;

#define EAP_MSK_LEN 64

typedef struct eap_method eap_method_t;
typedef int (*eap_rand_fn)(void *ctx, uint8_t *buf, size_t len);

/* Server: first Request with identifier id. NEA_ESTATE for peers or when
 * already started. */
int eap_method_start(eap_method_t *m, uint8_t id, nea_wr_t *out);
int eap_method_process(eap_method_t *m, const uint8_t *in, size_t len, nea_wr_t *out,
		       nea_perr_t *err);
/* Continue a method that returned EAP_M_PENDING, after its bridge signalled
 * ready(). Same results as eap_method_process(). */
int eap_method_resume(eap_method_t *m, nea_wr_t *out);
uint8_t eap_method_type(const eap_method_t *m);
uint8_t eap_method_last_id(const eap_method_t *m);
/* The MSK once EAP_M_SUCCESS was returned (NULL, 0 if the method has none). */
const uint8_t *eap_method_msk(const eap_method_t *m, size_t *len);
void eap_method_set_rand(eap_method_t *m, eap_rand_fn fn, void *ctx);
void eap_method_free(eap_method_t *m);

/* Short name ("ID", "MD5", "MSCHAPV2") for logs. */
const char *eap_method_name(const eap_method_t *m);

#endif

/*
 * iked_msg: from datagram to exchange handler and back: header checks,
 * SA lookup, message ID windows, decryption and reassembly on the way
 * in; protection, fragmentation, the response cache and retransmissions
 * on the way out. Logs in charon's words ("received packet: from
 * 192.168.0.3[500] to 192.168.0.2[500] (240 bytes)", "parsed IKE_AUTH
 * request 1 [ ... ]", "sending packet: ...").
 *
 * Contract (receiving):
 *  - Nothing is allocated for a datagram that does not pass the header
 *    checks and the SA lookup. Malformed headers, unknown SPIs, a wrong
 *    peer SPI, unprotected messages after IKE_SA_INIT, a bad ICV and
 *    undecryptable content are dropped with one log line each; a request
 *    with an unknown SPI is answered (rate-limited, unprotected)
 *    with INVALID_IKE_SPI, a malformed IKE_SA_INIT request with the notify
 *    ike_msg_err_notify() names, a malformed decrypted request with
 *    INVALID_SYNTAX or UNSUPPORTED_CRITICAL_PAYLOAD (protected).
 *  - Window size 1 each way (RFC 7296 §2.3): as responder, the next
 *    request ID is processed, a retransmission of the previous one is
 *    answered from the cached response (after its ICV was checked, so a
 *    spoofed copy cannot trigger sends), anything else is ignored; while a
 *    request waits for an asynchronous answer (TNC) its retransmissions
 *    are ignored. As initiator only the response to our outstanding
 *    request is taken.
 *
 * Contract (sending): responses are cached until the next request; our
 * requests are retransmitted with charon's back-off (retransmit_timeout *
 * retransmit_base^n, retransmit_tries times, then the SA is given up).
 * When the peer sent IKEV2_FRAGMENTATION_SUPPORTED and the connection
 * allows fragmentation, protected messages larger than fragment_size
 * travel as RFC 7383 fragments.
 */
#ifndef IKED_MSG_H
#define IKED_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iked_sa.h"
#include "ike_msg.h"

struct iked;

/* Send a response to req (header of the request) with these payloads,
 * protected unless the exchange is IKE_SA_INIT; cached for retransmits. */
int iked_msg_respond(iked_sa_t *sa, const ike_hdr_t *req, const ike_payload_t *pl, size_t n);
/* Protected response carrying one notify (errors after IKE_SA_INIT). */
int iked_msg_respond_notify(iked_sa_t *sa, const ike_hdr_t *req, uint16_t type);
/* Send a request of ours; NEA_EAGAIN when one is outstanding. */
int iked_msg_request(iked_sa_t *sa, uint8_t exchange, const ike_payload_t *pl, size_t n);
/* Send queued requests (IKED_Q_*) once the window is free. */
void iked_msg_kick(iked_sa_t *sa);
void iked_msg_retransmit(iked_sa_t *sa);
void iked_msg_dpd_due(iked_sa_t *sa);

/* Unprotected IKE_SA_INIT response with one notify and no SA state. */
int iked_msg_init_notify(struct iked *ik, const iked_addr_t *local, const iked_addr_t *remote,
			 const ike_hdr_t *req, uint16_t type, const uint8_t *data, size_t len);

/* Send raw bytes with the "sending packet" line. */
int iked_msg_send_raw(struct iked *ik, const iked_addr_t *from, const iked_addr_t *to,
		      const uint8_t *data, size_t len);
/* Log "parsed/generating <summary>". */
void iked_msg_log(const char *verb, const ike_hdr_t *h, const ike_payload_t *pl, size_t n);

/* Notify payload helper. */
void iked_pl_notify(ike_payload_t *p, uint16_t type, const uint8_t *data, size_t len);

#endif

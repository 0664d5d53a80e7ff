/*
 * eap_tnc_bridge: how the TNC transport methods (PT-EAP, RFC 7171, and
 * EAP-TNC, TCG IF-T for Tunneled EAP 1.1) hand PB-TNC batches to the
 * process that speaks PB-TNC, and get its answers back.
 *
 * The methods never parse a batch: on the server the broker is nea-brokerd
 * (transport.proto, ARCHITECTURE §11.1), on the peer the client broker
 * library talking to nea-imcd. Both answer later, from their own event
 * loop, so the methods are asynchronous (EAP_M_PENDING, eap_method.h).
 *
 * Contract (server, the authenticator):
 *  1. When the TNC method starts (inside EAP-TTLS, after the inner
 *     authentication or instead of it when the client authenticated with a
 *     certificate) it calls open(ctx, conn) once; conn names the inner
 *     identity and how it was authenticated, for ConnOpen. A non-zero
 *     return fails the method. It then sends its Start request.
 *  2. Every PB-TNC batch received from the endpoint is passed to
 *     batch_in(ctx, bytes, len) (bytes valid during the call only; copy
 *     them). The method is then pending (EAP_M_PENDING) until the caller
 *     hands in the broker's answer:
 *       eap_pteap_deliver(m, batch, len)  the next batch to send;
 *       eap_pteap_verdict(m, rec)         the final recommendation
 *                                         (transport.proto Verdict), after
 *                                         a CLOSE batch was received or
 *                                         sent, or a fail-safe verdict when
 *                                         the broker link was lost.
 *     A verdict may also come while the method waits for the peer: it is
 *     kept and ends the method at the peer's next response. A batch handed
 *     in together with a verdict (the broker's CLOSE) is sent first; the
 *     peer's answer to it then ends the method.
 *  3. The method ends with the verdict: ALLOW -> EAP_M_SUCCESS (EAP-TTLS
 *     goes on to succeed); NO_ACCESS, NO_RECOMMENDATION and ISOLATE ->
 *     EAP_M_FAILURE (EAP-TTLS closes the tunnel and fails; the caller
 *     sends EAP-Failure). ISOLATE succeeds instead when the creator set
 *     isolate_succeeds (strongSwan's behaviour: success plus an "isolate"
 *     group, for a caller that enforces groups).
 *  4. close(ctx) is called exactly once after a successful open(), when the
 *     method ends (success, failure, error) or is freed, so the front end
 *     can send ConnClose. It is never called from inside another callback.
 *
 * Contract (peer, the endpoint):
 *  1. On the server's Start request the method calls open(ctx, conn); the
 *     client broker creates its connection and produces its first batch
 *     (CDATA), which the caller hands in with eap_pteap_deliver().
 *  2. Every batch from the server goes to batch_in(); the client broker's
 *     answer comes back with eap_pteap_deliver(); deliver(m, NULL, 0) means
 *     "nothing to send" (after a CLOSE) and answers with an empty
 *     acknowledgement. eap_pteap_verdict() is refused (NEA_ESTATE): the
 *     verdict reaches the peer as EAP-Success/Failure of the outer method.
 *  3. close(ctx) as on the server.
 *
 * Both roles:
 *  - ready(ctx) is called from inside eap_pteap_deliver()/verdict() when the
 *    method can make progress; the callee must not call into the method
 *    from within ready() (schedule eap_method_resume() instead, or simply
 *    call it after deliver()/verdict() returned - both are fine).
 *  - eap_pteap_deliver()/verdict() accept the outer EAP-TTLS method (which
 *    forwards to its running TNC method) as well as a PT-EAP/EAP-TNC method
 *    used on its own; NEA_ESTATE when no TNC method is waiting, NEA_ETOOBIG
 *    for a batch larger than the transport carries (65529 bytes for
 *    PT-EAP: one EAP message), NEA_ENOMEM. The batch is copied.
 *  - A bridge with no callbacks set means "no TNC": a TNC method refuses to
 *    start.
 */
#ifndef EAP_TNC_BRIDGE_H
#define EAP_TNC_BRIDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eap_method.h"

/* TNC IF-IMV action recommendations (PROTOCOLS.md §0). */
typedef enum {
	EAP_TNC_REC_ALLOW = 0,
	EAP_TNC_REC_NO_ACCESS = 1,
	EAP_TNC_REC_ISOLATE = 2,
	EAP_TNC_REC_NO_RECOMMENDATION = 3,
} eap_tnc_rec_t;

/* How the identity below was authenticated (strongSwan's TNC_AUTH_*). */
typedef enum {
	EAP_TNC_AUTH_UNKNOWN = 0,
	EAP_TNC_AUTH_CERT = 1,     /* TLS client certificate (request_peer_auth) */
	EAP_TNC_AUTH_PASSWORD = 2, /* EAP-MD5 / EAP-MSCHAPv2 inside the tunnel */
} eap_tnc_auth_t;

/* PT-EAP carries one PB-TNC batch per EAP message of at most 65535 bytes. */
#define EAP_PTEAP_MAX_BATCH (65535u - 6u)

typedef struct {
	uint8_t type;         /* EAP_TYPE_PT_EAP (IF-T for Tunneled EAP 2.0) or EAP_TYPE_TNC (1.1) */
	const char *identity; /* server: inner EAP identity; peer: our identity; may be NULL */
	eap_tnc_auth_t auth;  /* server: how identity was authenticated */
	uint8_t auth_method;  /* EAP_TYPE_TLS (certificate), EAP_TYPE_MD5, EAP_TYPE_MSCHAPV2, 0 */
	const char *cert_subject; /* TLS client certificate subject DN, or NULL */
	size_t max_batch;     /* largest batch the transport carries */
} eap_tnc_conn_t;

typedef struct {
	void *ctx;
	int (*open)(void *ctx, const eap_tnc_conn_t *conn);
	int (*batch_in)(void *ctx, const uint8_t *batch, size_t len);
	void (*ready)(void *ctx);
	void (*close)(void *ctx);
} eap_tnc_bridge_t;

/* See the contract above. m: the EAP-TTLS method or a PT-EAP/EAP-TNC one. */
int eap_pteap_deliver(eap_method_t *m, const uint8_t *batch, size_t len);
int eap_pteap_verdict(eap_method_t *m, eap_tnc_rec_t rec);

/* "allow", "no access", "isolate", "no recommendation" (strongSwan's words). */
const char *eap_tnc_rec_name(eap_tnc_rec_t rec);

#endif

/*
 * pttls_srv: the PT-TLS server side of one connection (RFC 6876) above
 * TLS: version negotiation, client authentication as strongSwan's
 * pt_tls_server (PROTOCOLS §1.4), then the data transport phase that hands
 * each PB-TNC batch to the caller. No I/O, no TLS, no clock: the daemon
 * feeds decrypted bytes in and sends what the send callback produces, so
 * the same code runs under tests and the fuzzer.
 *
 * Contract:
 *  - Input is taken only as far as pttls_srv_want() allows, which never
 *    exceeds the rest of the current message: the buffer holds at most one
 *    message, and a message is buffered only after its header passed the
 *    size check (a Message Length above max_msg allocates nothing). The
 *    buffer grows with the bytes that actually arrived, not with the
 *    length a peer claims.
 *  - pttls_srv_feed() returns 0 to go on or a negative NEA_E* code when the
 *    connection must close. Before such a return everything the peer is
 *    owed has gone to the send callback (a PT-TLS Error where RFC 6876
 *    defines one, a SASL Result Abort after failed authentication) and one
 *    log line names the connection, the fault and its byte offset in the
 *    stream. The caller then flushes and closes TLS; the machine accepts
 *    nothing more.
 *  - Errors sent: Malformed Message (bad header or value), Version Not
 *    Supported, Invalid Message (a known message out of its phase, e.g.
 *    SASL before version), SASL Mechanism Error (a mechanism that was not
 *    offered), Type Not Supported (unknown or vendor type: answered and
 *    ignored as RFC 6876 §3.9.1 says, up to max_ignored times). A received
 *    PT-TLS Error is logged and ends the connection without a reply.
 *  - SASL PLAIN checks the password with the secret callback (EAP secrets,
 *    as strongSwan) in constant time; a failure is answered with SASL
 *    Result Abort as strongSwan does (no retry), never logging secrets.
 *  - Half duplex: after the batch callback the machine takes no input until
 *    pttls_srv_send_batch() or pttls_srv_release(), so one connection has
 *    at most one batch in flight towards the broker.
 *  - Message identifiers count from 0 per direction, as strongSwan.
 */
#ifndef PTTLS_SRV_H
#define PTTLS_SRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pttls_ident.h"

typedef enum {
	PTTLS_SRV_AUTH_NONE,         /* no client authentication */
	PTTLS_SRV_AUTH_TLS,          /* a client certificate is required */
	PTTLS_SRV_AUTH_SASL,         /* SASL is required */
	PTTLS_SRV_AUTH_TLS_OR_SASL,  /* certificate, else SASL (strongSwan's PDP default) */
	PTTLS_SRV_AUTH_TLS_AND_SASL, /* certificate and SASL */
} pttls_srv_auth_t;

/* none, tls, sasl, tls_or_sasl, tls_and_sasl: 0 or NEA_EINVAL. */
int pttls_srv_auth_parse(const char *s, pttls_srv_auth_t *out);
const char *pttls_srv_auth_name(pttls_srv_auth_t a);

typedef struct {
	/* Bytes for the peer (one whole PT-TLS message). 0 or NEA_E*; a
	 * failure ends the connection. */
	int (*send)(void *arg, const uint8_t *p, size_t len);
	/* Authentication finished: the data transport phase begins. */
	void (*ready)(void *arg);
	/* A PB-TNC batch (the PT-TLS message value), valid during the call. */
	void (*batch)(void *arg, const uint8_t *p, size_t len);
	/* The EAP secret of a SASL identity: 0 with *secret and *len pointing at
	 * it, or NEA_ENOTFOUND. */
	int (*secret)(void *arg, const uint8_t *id, size_t idlen, const uint8_t **secret,
		      size_t *len);
	void *arg;
} pttls_srv_cbs_t;

typedef struct {
	pttls_srv_auth_t auth;
	size_t max_msg;        /* largest PT-TLS message accepted; 0 = PTTLS_MAX_MESSAGE_LEN */
	unsigned max_ignored;  /* unsupported messages answered before giving up; 0 = 16 */
	const char *name;      /* log prefix: "PT-TLS connection 3 from 127.0.0.1" */
	const char *peer_dn;   /* subject of the verified client certificate, or NULL */
} pttls_srv_cfg_t;

typedef struct pttls_srv pttls_srv_t;

int pttls_srv_new(const pttls_srv_cfg_t *cfg, const pttls_srv_cbs_t *cbs, pttls_srv_t **out);
void pttls_srv_free(pttls_srv_t *s);

/* How many bytes pttls_srv_feed takes now (0 while holding a batch or
 * after the end). */
size_t pttls_srv_want(const pttls_srv_t *s);
/* Feed n <= pttls_srv_want() decrypted bytes. See the contract. */
int pttls_srv_feed(pttls_srv_t *s, const uint8_t *p, size_t n);

/* Send a PB-TNC batch to the peer and take input again. NEA_ESTATE before
 * the data transport phase or after the end, NEA_ETOOBIG when it does not
 * fit one PT-TLS message. */
int pttls_srv_send_batch(pttls_srv_t *s, const uint8_t *p, size_t len);
/* Take input again without sending (the broker expects no answer). */
void pttls_srv_release(pttls_srv_t *s);
/* Stop: no more input, nothing more is sent. */
void pttls_srv_finish(pttls_srv_t *s);

bool pttls_srv_in_transport(const pttls_srv_t *s);
bool pttls_srv_done(const pttls_srv_t *s);
bool pttls_srv_holding(const pttls_srv_t *s);
/* The authenticated user (SASL or certificate) or NULL. */
const pttls_ident_t *pttls_srv_user(const pttls_srv_t *s);
/* Stream bytes consumed so far. */
uint64_t pttls_srv_offset(const pttls_srv_t *s);

#endif

/*
 * tnccs_server: the PB-TNC server side of one connection (strongSwan's
 * tnccs_20_server), as pure logic between three parties the caller wires
 * up: the peer (batches in, batches out), the measurement host (module.proto
 * envelopes, ARCHITECTURE §11.2) and the front end (the verdict).
 *
 * Life of a connection:
 *  1. tnccs_server_new(): the TNCCS Connection ID is assigned and logged.
 *  2. tnccs_server_recv() for every batch from the peer. The first one
 *     announces the connection to the host (ConnStateChange CREATE with the
 *     connection attributes and the peer's language, then HANDSHAKE). Each
 *     PB-PA goes to the host as a PaMessage when a registered module takes
 *     its type (otherwise it is dropped with a log line), then the host gets
 *     BatchEnding and the server waits for the host's BatchEnding; PaMessages
 *     and Recommendations the host sends meanwhile are collected.
 *  3. The next batch follows strongSwan's rule: all recommendations in ->
 *     RESULT (queued PB-PA, PB-Assessment-Result, PB-Access-Recommendation,
 *     one PB-Reason-String per module with a reason; the host first gets
 *     ConnStateChange ACCESS_*); PB-PA queued -> SDATA; the client's last
 *     CDATA was empty -> SolicitRecommendation, wait, RESULT; else an empty
 *     SDATA. CRETRY is answered with SRETRY (recommendations cleared, host
 *     told HANDSHAKE). The batch goes out through ops->to_peer.
 *  4. At End (CLOSE received or sent) ops->verdict fires once: the combined
 *     recommendation when an empty CLOSE followed a complete assessment,
 *     otherwise the fail-safe verdict (no access, error, failsafe set).
 *  5. tnccs_server_free() tells the host DELETE (if it was told CREATE and
 *     is still the same host) and logs "removed TNCCS Connection ID n".
 *
 * Failures: a batch that fails strongSwan's receiver checks is answered by
 * a CLOSE carrying the PB-Error and ends the connection. When the host
 * link is lost (tnccs_server_host_lost) or does not answer in time
 * (tnccs_server_host_timeout), or no host is attached when the first batch
 * arrives, every module without a recommendation gets the fail-safe one
 * (opts->failsafe_rec, evaluation error, reason "measurement host failed")
 * and the connection completes with a RESULT. A batch that arrives while
 * the host is still working on the previous one is held (one) and handled
 * after the reply; a second one ends the connection.
 *
 * Re-entrancy: ops callbacks must not free the server; the caller frees it
 * after the call that made tnccs_server_ended() true has returned.
 */
#ifndef TNCCS_SERVER_H
#define TNCCS_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea.pb-c.h"
#include "pbtnc_state.h"
#include "tnccs_limits.h"
#include "tnccs_recs.h"
#include "tnccs_registry.h"

typedef struct tnccs_server tnccs_server_t;

typedef struct {
	uint32_t recommendation; /* TNC_REC_* */
	uint32_t evaluation;     /* TNC_EVAL_* */
	const char *reason;      /* NULL when none; valid during the callback */
	const char *reason_lang;
	bool failsafe;
} tnccs_verdict_t;

typedef struct {
	/* An envelope for the measurement host (conn_id already set). A
	 * negative return means the host cannot be reached: the connection
	 * then treats it as failed. */
	int (*to_host)(void *arg, Nea__Envelope *env);
	/* The next batch for the peer (the buffer is freed after the call). */
	void (*to_peer)(void *arg, const uint8_t *batch, size_t len);
	/* End reached; exactly once. */
	void (*verdict)(void *arg, const tnccs_verdict_t *v);
	/* The server starts (true) or stops (false) waiting for the host. */
	void (*wait_host)(void *arg, bool waiting);
	void *arg;
} tnccs_server_ops_t;

typedef struct {
	uint32_t conn_id;
	Nea__Transport transport;
	tnccs_limits_t lim;
	tnccs_policy_t policy;
	uint32_t failsafe_rec;          /* TNC_REC_* imposed when the host fails */
	const char *peer_addr;          /* textual IP address of the endpoint */
	Nea__Identity *const *identities;
	size_t n_identities;
	tnccs_registry_t *reg;          /* outlives the server */
} tnccs_server_opts_t;

#define TNCCS_FAILSAFE_REASON "measurement host failed"

int tnccs_server_new(const tnccs_server_opts_t *o, const tnccs_server_ops_t *ops,
		     tnccs_server_t **out);
void tnccs_server_recv(tnccs_server_t *s, const uint8_t *data, size_t len);
/* A host envelope for this connection (PaMessage, Recommendation,
 * BatchEnding, HandshakeRetry); anything else is ignored. */
void tnccs_server_host_msg(tnccs_server_t *s, const Nea__Envelope *env);
void tnccs_server_host_lost(tnccs_server_t *s, const char *why);
void tnccs_server_host_timeout(tnccs_server_t *s);
bool tnccs_server_waiting(const tnccs_server_t *s);
bool tnccs_server_ended(const tnccs_server_t *s);
uint32_t tnccs_server_id(const tnccs_server_t *s);
pbtnc_state_t tnccs_server_state(const tnccs_server_t *s);
void tnccs_server_free(tnccs_server_t *s);

/* IF-IMV recommendation -> ConnState the host is told before RESULT. */
Nea__ConnState tnccs_access_state(uint32_t rec);

#endif

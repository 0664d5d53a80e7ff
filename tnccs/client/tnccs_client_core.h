/*
 * tnccs_client_core: the PB-TNC client side of one connection (strongSwan's
 * tnccs_20_client) as pure logic between the server (batches in and out)
 * and the IMC host (module.proto envelopes, ARCHITECTURE §11.2), without
 * sockets or clock. tnccs_client.h wraps it with the libuv link to
 * nea-imcd; tests drive it directly.
 *
 * Life of a connection:
 *  1. tnccs_cc_start(): PB-Language-Preference ("Accept-Language: <lang>")
 *     is queued first, the host is told CREATE (attributes) and HANDSHAKE;
 *     its IMCs' begin-handshake PaMessages are queued behind the language
 *     and, at the host's BatchEnding, the first CDATA goes out
 *     (imc = module ID, imv = 0xffff, EXCL as the IMC asked).
 *  2. tnccs_cc_recv() for every server batch: PB-PA messages are recorded
 *     and delivered to the host (when an IMC takes their type), RESULT
 *     contents are recorded and logged as strongSwan does, then the host
 *     gets AssessmentOutcome and ConnStateChange ACCESS_* (RESULT only) and
 *     BatchEnding; at the host's BatchEnding the answer goes out: queued
 *     messages as CDATA, else an empty CDATA in Client Working, an empty
 *     CLOSE in Decided. SRETRY makes the host begin a new handshake first.
 *  3. End (CLOSE sent or received) fires ops->done once: 0 when a RESULT
 *     arrived and the connection closed cleanly, a negative NEA_E* code
 *     otherwise (result->error says why).
 *
 * A batch that fails strongSwan's receiver checks is answered with a CLOSE
 * carrying the PB-Error. Without a host (none attached, lost, or too slow:
 * tnccs_cc_host_lost / _host_timeout) the client goes on without IMCs.
 * ops callbacks must not free the core; free it after the call returned.
 */
#ifndef TNCCS_CLIENT_CORE_H
#define TNCCS_CLIENT_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea.pb-c.h"
#include "pbtnc_state.h"
#include "tnccs_limits.h"
#include "tnccs_registry.h"
#include "tnccs_result.h"

typedef struct tnccs_cc tnccs_cc_t;

typedef struct {
	int (*to_host)(void *arg, Nea__Envelope *env);
	void (*to_peer)(void *arg, const uint8_t *batch, size_t len);
	void (*done)(void *arg, int error);
	void (*wait_host)(void *arg, bool waiting);
	void *arg;
} tnccs_cc_ops_t;

typedef struct {
	uint32_t conn_id;               /* TNCCS Connection ID; 0 = 1 */
	Nea__Transport transport;
	tnccs_limits_t lim;
	const char *language;           /* NULL = "en" */
	const char *server_addr;        /* for the CREATE attributes and logs */
	Nea__Identity *const *identities;
	size_t n_identities;
	tnccs_registry_t *reg;          /* the IMC host's modules; outlives the core */
} tnccs_cc_opts_t;

int tnccs_cc_new(const tnccs_cc_opts_t *o, const tnccs_cc_ops_t *ops, tnccs_cc_t **out);
int tnccs_cc_start(tnccs_cc_t *cc);
void tnccs_cc_recv(tnccs_cc_t *cc, const uint8_t *data, size_t len);
void tnccs_cc_host_msg(tnccs_cc_t *cc, const Nea__Envelope *env);
void tnccs_cc_host_lost(tnccs_cc_t *cc, const char *why);
void tnccs_cc_host_timeout(tnccs_cc_t *cc);
bool tnccs_cc_waiting(const tnccs_cc_t *cc);
bool tnccs_cc_ended(const tnccs_cc_t *cc);
bool tnccs_cc_started(const tnccs_cc_t *cc);
uint32_t tnccs_cc_id(const tnccs_cc_t *cc);
pbtnc_state_t tnccs_cc_state(const tnccs_cc_t *cc);
const tnccs_result_t *tnccs_cc_result(const tnccs_cc_t *cc);
void tnccs_cc_free(tnccs_cc_t *cc);

#endif

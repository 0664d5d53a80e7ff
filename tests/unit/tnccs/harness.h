/*
 * Test support for the PB-TNC broker suites: a scripted fake measurement
 * host and peer around the pure server and client cores. Everything the
 * cores send to the host is re-encoded and decoded again (as it would cross
 * module.proto), so the tests look at what a real host would receive.
 */
#ifndef TNCCS_HARNESS_H
#define TNCCS_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea.pb-c.h"
#include "pbtnc_batch.h"
#include "tnccs_registry.h"
#include "tnccs_client_core.h"
#include "tnccs_server.h"

#define H_MAX_ENV 512
#define H_MAX_BATCH 32

typedef struct {
	Nea__Envelope *host[H_MAX_ENV];  /* what the core sent to the host */
	size_t n_host;
	uint8_t *peer[H_MAX_BATCH];      /* batches the core sent to the peer */
	size_t peer_len[H_MAX_BATCH];
	size_t n_peer;
	int n_verdicts;
	tnccs_verdict_t verdict;
	char vreason[512];
	char vlang[64];
	int n_done, done_err;
	bool host_down;                  /* to_host fails */
	int waits;                       /* wait_host(true) calls */
	bool waiting;
} harness_t;

void h_init(harness_t *h);
void h_free(harness_t *h);
tnccs_server_ops_t h_server_ops(harness_t *h);
tnccs_cc_ops_t h_client_ops(harness_t *h);

/* Where a built envelope goes: a core, a socket, a registry. */
typedef void (*h_send_fn)(void *arg, Nea__Envelope *env);

/* Registry from "1:OS:0/1,2:Scanner:0/5" style specs (vendor/subtype). */
void h_registry(tnccs_registry_t *r, const char *kind, const char *spec);
/* The ModuleRegister envelope for such a spec, handed to send(). */
void h_register(const char *spec, h_send_fn send, void *arg);
/* The PB-PA messages idx[] of a captured batch (from_server: a server
 * batch, sent by the IMV host; else a client batch from the IMC host) as
 * host envelopes for Connection ID conn, each handed to send(). */
void h_capture_pa(const char *capture, const size_t *idx, size_t n, uint32_t conn,
		  bool from_server, h_send_fn send, void *arg);

/* How many envelopes of a case the host got; the i-th of that case. */
size_t h_count(const harness_t *h, int body_case);
const Nea__Envelope *h_nth(const harness_t *h, int body_case, size_t i);
/* Index of the first envelope of a case at or after 'from' (-1 if none). */
int h_find(const harness_t *h, int body_case, size_t from);

/* Host -> core envelopes. */
void h_env_pa(Nea__Envelope *env, Nea__PaMessage *pm, uint32_t conn, const pbtnc_pa_t *pa,
	      bool from_imv);
void h_env_rec(Nea__Envelope *env, Nea__Recommendation *r, uint32_t conn, uint32_t id,
	       uint32_t rec, uint32_t eval, const char *reason, const char *lang);
void h_env_be(Nea__Envelope *env, Nea__BatchEnding *be, uint32_t conn);

/* Load a capture below tests/vectors/captures (caller frees). */
uint8_t *h_capture(const char *name, size_t *len);
/* Parse a batch without state (direction given by from_server). */
void h_parse(const uint8_t *b, size_t len, bool from_server, pbtnc_batch_t *out);
/* Raw bytes of message i of a parsed batch. */
const uint8_t *h_msg_raw(const uint8_t *batch, const pbtnc_batch_t *b, size_t i, size_t *len);

/* stderr to a temp file, so log lines can be checked. */
void h_log_capture(void);
bool h_log_contains(const char *needle);

#endif

/*
 * imv_host: the IMV host of nea-imvd as a pure state machine: the IMVs
 * chosen from tnc_config, one state per connection and IMV, the module.proto
 * conversation with the broker (ARCHITECTURE 11.2) and the policy.proto
 * conversation with nea-policyd (11.3). No sockets, no timers: the caller
 * (imvd_service.c, or a test) feeds it envelopes and a clock tick and
 * carries its output envelopes.
 *
 * Contract:
 *  - IMV IDs are assigned 1, 2, ... in the order modules are added (the
 *    tnc_config order); names nea has no IMV for are refused and take no
 *    ID (strongSwan: an IMV library that does not load gets none).
 *  - Broker envelopes (ConnStateChange, PaMessage, BatchEnding,
 *    SolicitRecommendation) are queued per connection and processed in
 *    order. While a connection waits for nea-policyd nothing else of it is
 *    processed; other connections go on. Every BatchEnding and every
 *    SolicitRecommendation is answered with exactly one BatchEnding (after
 *    the PaMessages and Recommendations the IMVs produced), also for
 *    connections the host does not know.
 *  - Policy requests carry fresh req_ids; replies are matched by req_id.
 *    A request that cannot be sent, is answered with PolicyError, is lost
 *    with the link (imv_host_policy_down) or times out (imv_host_tick) fails;
 *    the IMVs then evaluate as strongSwan does without a database (allow /
 *    don't know), and the log says so.
 *  - Output callbacks must not call back into the host; replies to a
 *    request are fed later with imv_host_policy_msg.
 *  - Memory is bounded: at most IMV_HOST_MAX_CONNS connections and
 *    IMV_HOST_MAX_JOBS queued envelopes and IMV_HOST_MAX_QUEUED_BYTES of
 *    queued PA messages per connection (beyond: dropped with a log line);
 *    reassembly is bounded by the segmentation contracts.
 */
#ifndef NEA_IMV_HOST_H
#define NEA_IMV_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea.pb-c.h"
#include "nea_conf.h"

#define IMV_HOST_MAX_MODULES 16
#define IMV_HOST_MAX_CONNS 4096
#define IMV_HOST_MAX_JOBS 1024
#define IMV_HOST_MAX_QUEUED_BYTES (64u * 1024 * 1024) /* per connection */
#define IMV_HOST_POLICY_TIMEOUT_MS 30000u
#define IMV_HOST_SEG_IDLE_MS 300000u

typedef struct imv_host imv_host_t;

typedef struct {
	/* An envelope for nea-brokerd (conn_id set); 0 or NEA_E*. */
	int (*to_broker)(void *ctx, Nea__Envelope *env);
	/* A request for nea-policyd (req_id set); 0, or NEA_E* and the request fails. */
	int (*to_policy)(void *ctx, Nea__Envelope *env);
	/* Monotonic milliseconds; NULL: CLOCK_MONOTONIC. */
	uint64_t (*now_ms)(void *ctx);
	void *ctx;
} imv_host_io_t;

typedef struct {
	unsigned policy_timeout_ms; /* 0: IMV_HOST_POLICY_TIMEOUT_MS */
	unsigned seg_idle_ms;       /* 0: IMV_HOST_SEG_IDLE_MS */
	const nea_conf_t *conf;     /* strongSwan settings (may be NULL) */
} imv_host_opts_t;

int imv_host_new(const imv_host_io_t *io, const imv_host_opts_t *opts, imv_host_t **out);
void imv_host_free(imv_host_t *h);
/* Re-read settings (the caller keeps conf alive). */
void imv_host_set_conf(imv_host_t *h, const nea_conf_t *conf);

/* Add the built-in IMV `name` (path: what tnc_config says, for the log).
 * Returns its ID, NEA_ENOTFOUND for an unknown name, NEA_ETOOBIG when full. */
int imv_host_add_module(imv_host_t *h, const char *name, const char *path);
size_t imv_host_module_count(const imv_host_t *h);
/* Send ModuleRegister (on every broker (re)connect). */
int imv_host_register(imv_host_t *h);

void imv_host_broker_msg(imv_host_t *h, const Nea__Envelope *env);
/* The broker link is gone: every connection state is dropped. */
void imv_host_broker_down(imv_host_t *h);
void imv_host_policy_msg(imv_host_t *h, const Nea__Envelope *env);
/* The policy link is gone: every outstanding request fails with reason. */
void imv_host_policy_down(imv_host_t *h, int reason);
/* Timeouts of policy requests and segment reassemblies. */
void imv_host_tick(imv_host_t *h);

size_t imv_host_conn_count(const imv_host_t *h);
size_t imv_host_pending_requests(const imv_host_t *h);

#endif

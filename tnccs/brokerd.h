/*
 * nea-brokerd internals shared by its files: the daemon state, the
 * connection table and the three conversations (front ends on
 * broker.sock, the IMV host on imv.sock, the PB-TNC server cores).
 *
 *   brokerd_service.c  skeleton callbacks, configuration, health
 *   brokerd_front.c    front ends: ConnOpen / Batch / ConnClose in,
 *                      Batch / Verdict / ConnClose out
 *   brokerd_host.c     the IMV host: registration, routing its replies,
 *                      fail-safe when it goes away
 *   brokerd_conns.c    the connection table (by TNCCS ID and by front-end
 *                      connection), host timers, settling finished ones
 *
 * Everything runs on the one libuv loop; no locks.
 */
#ifndef BROKERD_H
#define BROKERD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "nea_daemon.h"
#include "nea_ipc.h"
#include "tnccs_limits.h"
#include "tnccs_recs.h"
#include "tnccs_registry.h"
#include "tnccs_server.h"

#define BROKERD_BUCKETS 1024u
#define BROKERD_MAX_CONNS_DEFAULT 1024
#define BROKERD_HOST_TIMEOUT_DEFAULT_MS 20000 /* below the clients' 30 s waits */

typedef struct brokerd_conn brokerd_conn_t;
typedef struct brokerd_front brokerd_front_t;

typedef struct {
	nea_daemon_t *d;
	uv_loop_t *loop;
	ipc_server_t *front_srv;
	ipc_server_t *imv_srv;
	ipc_link_t *host;          /* the IMV host link that registered */
	pid_t host_pid;
	tnccs_registry_t reg;
	tnccs_policy_t policy;
	uint32_t failsafe_rec;
	unsigned host_timeout_ms;
	size_t max_conns;
	uint32_t next_id;
	brokerd_conn_t *by_id[BROKERD_BUCKETS];
	brokerd_conn_t *by_fe[BROKERD_BUCKETS];
	size_t n_conns;
	brokerd_front_t *fronts;   /* list through next */
	size_t n_fronts;
	uint64_t batches, verdicts, failsafe_verdicts, host_losses;
	bool stopping;
} brokerd_t;

/* One front-end link (ipc_link_data of an accepted broker.sock link). */
struct brokerd_front {
	brokerd_t *b;
	ipc_link_t *link;
	pid_t pid;
	brokerd_conn_t *conns;     /* list through fe_next */
	brokerd_front_t *next, **pprev;
};

struct brokerd_conn {
	brokerd_t *b;
	uint32_t id;               /* TNCCS Connection ID */
	uint64_t fe_id;            /* the front end's connection number */
	brokerd_front_t *fe;
	tnccs_server_t *srv;
	uv_timer_t timer;
	bool timer_running;
	bool verdict_sent;
	bool dead;                 /* removed from the tables, timer closing */
	brokerd_conn_t *id_next, *fe_hash_next;
	brokerd_conn_t *fe_next, **fe_pprev;
};

/* brokerd_service.c: read the settings from the configuration. */
void brokerd_load_settings(brokerd_t *b, bool initial);

/* brokerd_conns.c */
brokerd_conn_t *brokerd_conn_by_id(brokerd_t *b, uint32_t id);
brokerd_conn_t *brokerd_conn_by_fe(brokerd_t *b, const brokerd_front_t *fe, uint64_t fe_id);
/* Create a connection for a ConnOpen (logs and returns NULL on failure). */
brokerd_conn_t *brokerd_conn_open(brokerd_t *b, brokerd_front_t *fe, uint64_t fe_id,
				  const Nea__ConnOpen *co);
/* After any call into the server core: close and free a finished one. */
void brokerd_conn_settle(brokerd_conn_t *c);
/* Free now (front end gone or closed it); no verdict. */
void brokerd_conn_drop(brokerd_conn_t *c, const char *why);
/* Snapshot of every connection's TNCCS ID (caller frees). */
uint32_t *brokerd_conn_ids(brokerd_t *b, size_t *n);
/* Service stop: drop every connection. */
void brokerd_conn_drop_all(brokerd_t *b);

/* brokerd_front.c */
int brokerd_front_send(brokerd_conn_t *c, Nea__Envelope *env);
void brokerd_front_accept(ipc_server_t *s, ipc_link_t *l, void *arg);
void brokerd_front_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg);
void brokerd_front_down(ipc_link_t *l, int reason, void *arg);
/* Service stop: forget every front end (their links are closed by the
 * skeleton without callbacks). */
void brokerd_front_release_all(brokerd_t *b);

/* brokerd_host.c */
int brokerd_host_send(brokerd_t *b, Nea__Envelope *env);
void brokerd_host_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg);
void brokerd_host_down(ipc_link_t *l, int reason, void *arg);

#endif

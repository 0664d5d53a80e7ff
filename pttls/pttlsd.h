/*
 * nea-pttlsd internals: the daemon's state shared by its files.
 *
 *   pttlsd_service.c  skeleton callbacks: start-up, reload, stop, health
 *   pttlsd_conf.c     nea.pttls.* / libtls.* / nea.swanctl -> settings,
 *                     TLS context and EAP secrets (read while privileged)
 *   pttlsd_listen.c   TCP listeners and admission (connection limit,
 *                     broker link up)
 *   pttlsd_conn.c     one connection: TCP on libuv, TLS through memory
 *                     BIOs, timers, the PT-TLS state machine (pttls_srv)
 *   pttlsd_broker.c   transport.proto on broker.sock: ConnOpen, Batch,
 *                     ConnClose out; Batch, Verdict, ConnClose in
 *
 * Everything runs on the one libuv loop; no locks.
 */
#ifndef PTTLSD_H
#define PTTLSD_H

#include <stdbool.h>
#include <stdint.h>

#include <openssl/ssl.h>
#include <uv.h>

#include "nea_daemon.h"
#include "nea_swanctl.h"
#include "pttls_srv.h"

#define PTTLSD_MAX_LISTENERS 2

typedef struct {
	char *address;                 /* NULL: 0.0.0.0 and :: */
	int port;
	pttls_srv_auth_t auth;
	unsigned handshake_timeout_ms; /* accept -> data transport phase */
	unsigned idle_timeout_ms;      /* silence of the client while it has the turn */
	unsigned broker_timeout_ms;    /* silence of the broker while it has the turn */
	unsigned max_conns;
	size_t max_msg;                /* largest PT-TLS message accepted */
	uint32_t max_batch;            /* announced to the broker in ConnOpen */
} pttlsd_conf_t;

typedef struct pttlsd_conn pttlsd_conn_t;

typedef struct pttlsd {
	nea_daemon_t *d;
	uv_loop_t *loop;
	pttlsd_conf_t conf;
	SSL_CTX *ctx;
	nea_swanctl_t *secrets;
	char *secrets_path;
	uv_tcp_t listeners[PTTLSD_MAX_LISTENERS];
	int nlisteners;
	int bound_port;                /* conf.port, or the kernel's choice for 0 */
	ipc_link_t *broker;
	pttlsd_conn_t *conns;          /* open connections, newest first */
	unsigned nconns;
	uint64_t next_id;
	uint64_t served, refused, failed;
	bool stopping;
	/* One read buffer for every connection: reads are consumed before
	 * the read callback returns. */
	char rdbuf[64 * 1024];
} pttlsd_t;

/* pttlsd_conf.c */
int pttlsd_conf_load(const nea_conf_t *c, pttlsd_conf_t *out);
void pttlsd_conf_free(pttlsd_conf_t *c);
int pttlsd_ctx_load(const nea_conf_t *c, pttls_srv_auth_t auth, SSL_CTX **out);
int pttlsd_secrets_load(const nea_conf_t *c, nea_swanctl_t **out, char **path);

/* pttlsd_listen.c */
int pttlsd_listen_bind(pttlsd_t *s);
int pttlsd_listen_start(pttlsd_t *s);
void pttlsd_listen_close(pttlsd_t *s);

/* pttlsd_conn.c */
/* Take over an accepted TCP handle's socket (already accepted into tcp). */
int pttlsd_conn_start(pttlsd_t *s, uv_tcp_t *tcp);
pttlsd_conn_t *pttlsd_conn_find(pttlsd_t *s, uint64_t id);
/* From the broker. */
void pttlsd_conn_batch(pttlsd_conn_t *c, const uint8_t *p, size_t len);
void pttlsd_conn_verdict(pttlsd_conn_t *c, uint32_t rec, uint32_t eval, bool failsafe);
void pttlsd_conn_broker_closed(pttlsd_conn_t *c, const char *reason);
/* Close every connection (broker lost, stop). */
void pttlsd_conn_close_all(pttlsd_t *s, const char *why);

/* pttlsd_broker.c */
int pttlsd_broker_connect(pttlsd_t *s);
bool pttlsd_broker_up(const pttlsd_t *s);
/* conn_id = our connection number. Identities: user (may be NULL) and machine. */
int pttlsd_broker_open(pttlsd_t *s, uint64_t conn_id, const char *addr, uint16_t port,
		       const pttls_ident_t *user, const pttls_ident_t *machine);
int pttlsd_broker_batch(pttlsd_t *s, uint64_t conn_id, const uint8_t *p, size_t len);
void pttlsd_broker_close(pttlsd_t *s, uint64_t conn_id, const char *reason, bool error);

#endif

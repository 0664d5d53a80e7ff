/*
 * iked: nea-iked's daemon state and the entry points its files share.
 *
 * One iked_t per process, driven by one libuv loop: datagrams come from
 * iked_net, are dispatched by iked_msg to the exchange handlers
 * (iked_exchange_init, iked_exchange_auth, iked_info), which use the
 * IKE library (nea_ike) for every byte and crypto operation, iked_eap
 * for EAP, iked_child/iked_pool for CHILD_SAs and virtual IPs,
 * iked_tnc for the broker conversation and iked_kernel for the XFRM
 * helper. Nothing blocks; an answer that has to wait for the broker is
 * finished later from iked_tnc's callbacks.
 */
#ifndef IKED_H
#define IKED_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "ike_cookie.h"
#include "iked_cfg.h"
#include "iked_kernel.h"
#include "iked_net.h"
#include "iked_pool.h"
#include "iked_sa.h"
#include "nea_daemon.h"
#include "nea_ipc.h"

typedef struct {
	uint64_t sa_established;
	uint64_t sa_failed;
	uint64_t cookies_sent;
	uint64_t init_blocked;
	uint64_t dropped;
	uint64_t child_established;
} iked_stats_t;

typedef struct iked {
	nea_daemon_t *d;            /* NULL when embedded (tests, benchmark) */
	uv_loop_t *loop;
	const nea_conf_t *conf;     /* the main file (charon.plugins.* for EAP-TTLS) */
	iked_cfg_t *cfg;
	iked_net_t net;
	bool net_open;
	ike_cookie_t cookie;
	uv_timer_t tick;
	bool tick_on;
	iked_sa_table_t sas;
	iked_pools_t pools;
	iked_kernel_t kernel;
	ipc_link_t *broker;
	ipc_server_t *ctl;
	uint32_t next_unique;
	uint32_t next_child_unique;
	uint32_t next_reqid;
	uint64_t next_tnc_conn;
	iked_stats_t stats;
	bool stopping;
} iked_t;

/* Seconds on the loop's clock. */
uint64_t iked_now(const iked_t *ik);

/* iked_initiate.c: initiate a connection (EAP client towards a gateway
 * with a certificate); iked_initiate_all() does it for every connection
 * with a child whose start_action is start. */
int iked_initiate(iked_t *ik, const iked_conn_t *conn);
void iked_initiate_all(iked_t *ik);

/* iked_core.c: the daemon without the skeleton, so tests and the benchmark
 * embed it. iked_open() loads the configuration, checks the kernel switch
 * and binds the UDP sockets (privileged part); iked_start() starts the
 * tables, pools, cookie secret rotation and receiving on loop;
 * iked_close() sends a Delete for every established IKE_SA (fire and
 * forget), destroys every SA and closes the sockets (run the loop
 * once more afterwards so libuv can finish the closes). */
int iked_open(iked_t *ik, uv_loop_t *loop, const nea_conf_t *conf);
int iked_start(iked_t *ik);
void iked_close(iked_t *ik);

/* iked_msg.c: datagram dispatcher (the iked_net callback). */
void iked_rx(void *arg, const iked_addr_t *local, const iked_addr_t *remote, const uint8_t *data,
	     size_t len);

#endif

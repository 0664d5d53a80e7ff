/*
 * nea-iked service callbacks: for now only the broker link, so the
 * supervisor and operators can see this front end is wired up.
 */
#include "iked_service.h"

#include <stdio.h>

#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"

typedef struct {
	ipc_link_t *broker;
} iked_t;

static iked_t iked;

static void on_broker_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	(void)l;
	(void)arg;
	NLOG(TNC, 2, "broker: message case %d for connection %llu", (int)env->body_case,
	     (unsigned long long)env->conn_id);
}

static void on_broker_up(ipc_link_t *l, void *arg)
{
	(void)arg;
	NLOG(TNC, 1, "connected to nea-brokerd (pid %d)", (int)ipc_link_peer_pid(l));
}

static void on_broker_down(ipc_link_t *l, int reason, void *arg)
{
	(void)l;
	(void)arg;
	NLOG(TNC, 1, "lost nea-brokerd (%s); reconnecting", reason ? nea_strerror(reason) : "closed");
}

static int iked_init(nea_daemon_t *d, void *ctx)
{
	static const int allowed[] = {
		NEA__ENVELOPE__BODY_BATCH,
		NEA__ENVELOPE__BODY_CONN_CLOSE,
		NEA__ENVELOPE__BODY_VERDICT,
	};
	static const char *const peers[] = { "brokerd" };
	iked_t *s = ctx;
	uid_t uids[4];
	ipc_opts_t o;
	ipc_cbs_t cbs = { .on_msg = on_broker_msg, .on_up = on_broker_up,
			  .on_down = on_broker_down, .arg = s };
	int n;

	nea_daemon_ipc_opts(d, &o);
	n = nea_daemon_peer_uids(d, peers, 1, false, uids, 4);
	if (n < 0)
		return n;
	o.name = "broker";
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = allowed;
	o.n_allowed = sizeof(allowed) / sizeof(allowed[0]);
	return nea_daemon_connect(d, "broker.sock", &o, &cbs, &s->broker);
}

const nea_service_t iked_service = {
	.name = "iked",
	.role = NEA__DAEMON_ROLE__ROLE_IKED,
	.init = iked_init,
	.ctx = &iked,
};

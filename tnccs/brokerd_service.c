/*
 * nea-brokerd service callbacks. Front-end and IMV-host frames are only
 * logged until the PB-TNC broker lands.
 */
#include "brokerd_service.h"

#include <stdio.h>

#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"

typedef struct {
	ipc_server_t *front;
	ipc_server_t *imv;
	unsigned modules;          /* as last registered by the IMV host */
	unsigned long batches;
} brokerd_t;

static brokerd_t brokerd;

static void on_front_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	brokerd_t *b = arg;
	unsigned long long cid = (unsigned long long)env->conn_id;

	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_CONN_OPEN:
		NLOG(TNC, 1, "front end pid %d: connection %llu opened from %s", (int)ipc_link_peer_pid(l),
		     cid, env->conn_open->peer_addr);
		break;
	case NEA__ENVELOPE__BODY_BATCH:
		b->batches++;
		NLOG(TNC, 2, "front end pid %d: connection %llu: PB-TNC batch of %zu bytes",
		     (int)ipc_link_peer_pid(l), cid, env->batch->data.len);
		break;
	case NEA__ENVELOPE__BODY_CONN_CLOSE:
		NLOG(TNC, 1, "front end pid %d: connection %llu closed", (int)ipc_link_peer_pid(l), cid);
		break;
	default:
		break;
	}
}

static void on_imv_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	brokerd_t *b = arg;

	if (env->body_case == NEA__ENVELOPE__BODY_MODULE_REGISTER) {
		const Nea__ModuleRegister *r = env->module_register;

		b->modules = (unsigned)r->n_modules;
		NLOG(TNC, 1, "IMV host pid %d registered %zu module(s)", (int)ipc_link_peer_pid(l),
		     r->n_modules);
		for (size_t i = 0; i < r->n_modules; i++)
			NLOG(TNC, 2, "  IMV %u '%s' (%zu subscriptions)", r->modules[i]->id,
			     r->modules[i]->name, r->modules[i]->n_subscriptions);
		return;
	}
	NLOG(TNC, 2, "IMV host pid %d: message case %d for connection %llu", (int)ipc_link_peer_pid(l),
	     (int)env->body_case, (unsigned long long)env->conn_id);
}

static void on_imv_down(ipc_link_t *l, int reason, void *arg)
{
	brokerd_t *b = arg;

	b->modules = 0;
	NLOG(TNC, 1, "IMV host pid %d went away (%s)", (int)ipc_link_peer_pid(l),
	     reason ? nea_strerror(reason) : "closed");
}

static int brokerd_pre_init(nea_daemon_t *d, void *ctx)
{
	static const int front_allowed[] = {
		NEA__ENVELOPE__BODY_CONN_OPEN,
		NEA__ENVELOPE__BODY_BATCH,
		NEA__ENVELOPE__BODY_CONN_CLOSE,
	};
	static const int imv_allowed[] = {
		NEA__ENVELOPE__BODY_MODULE_REGISTER, NEA__ENVELOPE__BODY_PA_MESSAGE,
		NEA__ENVELOPE__BODY_RECOMMENDATION,  NEA__ENVELOPE__BODY_BATCH_ENDING,
		NEA__ENVELOPE__BODY_RETRY,
	};
	static const char *const front_peers[] = { "pttlsd", "iked" };
	static const char *const imv_peers[] = { "imvd" };
	brokerd_t *b = ctx;
	uid_t uids[8];
	ipc_opts_t o;
	ipc_cbs_t cbs = { .arg = b };
	int n, rc;

	nea_daemon_ipc_opts(d, &o);
	n = nea_daemon_peer_uids(d, front_peers, 2, false, uids, 8);
	if (n < 0)
		return n;
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = front_allowed;
	o.n_allowed = sizeof(front_allowed) / sizeof(front_allowed[0]);
	cbs.on_msg = on_front_msg;
	rc = nea_daemon_listen(d, "broker.sock", &o, &cbs, NULL, NULL, &b->front);
	if (rc < 0)
		return rc;

	nea_daemon_ipc_opts(d, &o);
	n = nea_daemon_peer_uids(d, imv_peers, 1, false, uids, 8);
	if (n < 0)
		return n;
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = imv_allowed;
	o.n_allowed = sizeof(imv_allowed) / sizeof(imv_allowed[0]);
	cbs.on_msg = on_imv_msg;
	cbs.on_down = on_imv_down;
	return nea_daemon_listen(d, "imv.sock", &o, &cbs, NULL, NULL, &b->imv);
}

static void brokerd_health(nea_daemon_t *d, void *ctx, char *buf, size_t len)
{
	brokerd_t *b = ctx;

	(void)d;
	snprintf(buf, len, "%zu front end(s), %zu IMV host(s) with %u module(s), %lu batches",
		 b->front ? ipc_server_conn_count(b->front) : 0,
		 b->imv ? ipc_server_conn_count(b->imv) : 0, b->modules, b->batches);
}

const nea_service_t brokerd_service = {
	.name = "brokerd",
	.role = NEA__DAEMON_ROLE__ROLE_BROKERD,
	.pre_init = brokerd_pre_init,
	.health = brokerd_health,
	.ctx = &brokerd,
};

/*
 * nea-imcd service callbacks: the imc.sock listener; messages are logged
 * until the IMCs land.
 */
#include "imcd_service.h"

#include <stdio.h>

#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"

typedef struct {
	ipc_server_t *imc;
	unsigned long messages;
} imcd_t;

static imcd_t imcd;

static void on_broker_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	imcd_t *s = arg;

	s->messages++;
	NLOG(IMC, 2, "client broker pid %d: message case %d for connection %llu",
	     (int)ipc_link_peer_pid(l), (int)env->body_case, (unsigned long long)env->conn_id);
}

static int imcd_pre_init(nea_daemon_t *d, void *ctx)
{
	static const int allowed[] = {
		NEA__ENVELOPE__BODY_CONN_STATE, NEA__ENVELOPE__BODY_PA_MESSAGE,
		NEA__ENVELOPE__BODY_SOLICIT,    NEA__ENVELOPE__BODY_BATCH_ENDING,
		NEA__ENVELOPE__BODY_OUTCOME,
	};
	/* The client broker runs inside the operator's tool or nea-iked. */
	static const char *const peers[] = { "iked" };
	imcd_t *s = ctx;
	uid_t uids[8];
	ipc_opts_t o;
	ipc_cbs_t cbs = { .on_msg = on_broker_msg, .arg = s };
	int n;

	nea_daemon_ipc_opts(d, &o);
	n = nea_daemon_peer_uids(d, peers, 1, true, uids, 8);
	if (n < 0)
		return n;
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = allowed;
	o.n_allowed = sizeof(allowed) / sizeof(allowed[0]);
	return nea_daemon_listen(d, "imc.sock", &o, &cbs, NULL, NULL, &s->imc);
}

static void imcd_health(nea_daemon_t *d, void *ctx, char *buf, size_t len)
{
	imcd_t *s = ctx;

	(void)d;
	snprintf(buf, len, "%lu messages from client brokers", s->messages);
}

const nea_service_t imcd_service = {
	.name = "imcd",
	.role = NEA__DAEMON_ROLE__ROLE_IMCD,
	.no_network = true,
	.pre_init = imcd_pre_init,
	.health = imcd_health,
	.ctx = &imcd,
};

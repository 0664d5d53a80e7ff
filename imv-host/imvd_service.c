/*
 * nea-imvd service callbacks: module list, broker and policy links.
 */
#include "imvd_service.h"

#include <stdio.h>
#include <string.h>

#include "imvd_modules.h"
#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"

typedef struct {
	imvd_modules_t mods;
	ipc_link_t *broker;
	ipc_link_t *policy;
} imvd_t;

static imvd_t imvd;

static int load_modules(nea_daemon_t *d, imvd_modules_t *out)
{
	const char *path = nea_conf_get_str(nea_daemon_conf(d), "nea.tnc_config", "/etc/tnc_config");
	char err[512] = "";
	int rc = imvd_modules_load(path, "IMV", out, err, sizeof(err));

	if (rc < 0) {
		NLOG(IMV, 0, "cannot read the IMV list: %s", err);
		return rc;
	}
	NLOG(IMV, 1, "%zu IMV(s) configured in %s", out->n, path);
	for (size_t i = 0; i < out->n; i++)
		NLOG(IMV, 2, "  IMV %u '%s'", out->mods[i].id, out->mods[i].name);
	return 0;
}

static void send_register(imvd_t *s)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ModuleRegister reg = NEA__MODULE_REGISTER__INIT;
	Nea__Module m[IMVD_MAX_MODULES], *mp[IMVD_MAX_MODULES];

	for (size_t i = 0; i < s->mods.n; i++) {
		nea__module__init(&m[i]);
		m[i].id = s->mods.mods[i].id;
		m[i].name = s->mods.mods[i].name;
		mp[i] = &m[i];
	}
	reg.n_modules = s->mods.n;
	reg.modules = mp;
	env.body_case = NEA__ENVELOPE__BODY_MODULE_REGISTER;
	env.module_register = &reg;
	if (ipc_link_send(s->broker, &env) < 0)
		NLOG(IMV, 0, "cannot register modules with nea-brokerd");
}

static void on_broker_up(ipc_link_t *l, void *arg)
{
	(void)l;
	NLOG(IMV, 1, "connected to nea-brokerd; registering %zu module(s)", ((imvd_t *)arg)->mods.n);
	send_register(arg);
}

static void on_broker_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	(void)l;
	(void)arg;
	NLOG(IMV, 2, "broker: message case %d for connection %llu", (int)env->body_case,
	     (unsigned long long)env->conn_id);
}

static void on_policy_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	(void)l;
	(void)arg;
	NLOG(IMV, 2, "policy manager: reply case %d (req %llu)", (int)env->body_case,
	     (unsigned long long)env->req_id);
}

static void on_link_down(ipc_link_t *l, int reason, void *arg)
{
	(void)arg;
	NLOG(IMV, 1, "link %s lost (%s); reconnecting", ipc_link_name(l),
	     reason ? nea_strerror(reason) : "closed");
}

static int imvd_pre_init(nea_daemon_t *d, void *ctx)
{
	imvd_t *s = ctx;

	/* Read before the sandbox: the file may be readable by root only. */
	return load_modules(d, &s->mods);
}

static int imvd_init(nea_daemon_t *d, void *ctx)
{
	static const int broker_allowed[] = {
		NEA__ENVELOPE__BODY_CONN_STATE,
		NEA__ENVELOPE__BODY_PA_MESSAGE,
		NEA__ENVELOPE__BODY_SOLICIT,
		NEA__ENVELOPE__BODY_BATCH_ENDING,
	};
	static const int policy_allowed[] = {
		NEA__ENVELOPE__BODY_SESSION_CREATED, NEA__ENVELOPE__BODY_WORKITEMS,
		NEA__ENVELOPE__BODY_SESSION_STOPPED, NEA__ENVELOPE__BODY_PACKAGE_STATUS,
		NEA__ENVELOPE__BODY_POLICY_ERROR,
	};
	static const char *const broker_peer[] = { "brokerd" };
	static const char *const policy_peer[] = { "policyd" };
	imvd_t *s = ctx;
	uid_t uids[4];
	ipc_opts_t o;
	ipc_cbs_t cbs = { .on_msg = on_broker_msg, .on_up = on_broker_up,
			  .on_down = on_link_down, .arg = s };
	int n, rc;

	nea_daemon_ipc_opts(d, &o);
	n = nea_daemon_peer_uids(d, broker_peer, 1, false, uids, 4);
	if (n < 0)
		return n;
	o.name = "broker";
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = broker_allowed;
	o.n_allowed = sizeof(broker_allowed) / sizeof(broker_allowed[0]);
	rc = nea_daemon_connect(d, "imv.sock", &o, &cbs, &s->broker);
	if (rc < 0)
		return rc;

	nea_daemon_ipc_opts(d, &o);
	n = nea_daemon_peer_uids(d, policy_peer, 1, false, uids, 4);
	if (n < 0)
		return n;
	o.name = "policy";
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = policy_allowed;
	o.n_allowed = sizeof(policy_allowed) / sizeof(policy_allowed[0]);
	cbs.on_msg = on_policy_msg;
	cbs.on_up = NULL;
	return nea_daemon_connect(d, "policy.sock", &o, &cbs, &s->policy);
}

static int imvd_reload(nea_daemon_t *d, void *ctx)
{
	imvd_t *s = ctx;
	imvd_modules_t fresh;
	int rc = load_modules(d, &fresh);

	if (rc < 0)
		return rc; /* keep running with the modules we have */
	s->mods = fresh;
	if (ipc_link_is_up(s->broker))
		send_register(s);
	return 0;
}

static void imvd_health(nea_daemon_t *d, void *ctx, char *buf, size_t len)
{
	imvd_t *s = ctx;

	(void)d;
	snprintf(buf, len, "%zu IMV(s)", s->mods.n);
}

const nea_service_t imvd_service = {
	.name = "imvd",
	.role = NEA__DAEMON_ROLE__ROLE_IMVD,
	.no_network = true,
	.pre_init = imvd_pre_init,
	.init = imvd_init,
	.reload = imvd_reload,
	.health = imvd_health,
	.ctx = &imvd,
};

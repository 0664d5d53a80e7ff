/*
 * nea-brokerd service callbacks: listeners, settings, stop and health.
 */
#include "brokerd_service.h"

#include <stdio.h>
#include <string.h>

#include "brokerd.h"
#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"
#include "pbtnc_msg_access.h"

static brokerd_t brokerd;

static int parse_rec(const char *s, uint32_t *rec)
{
	if (strcmp(s, "no access") == 0 || strcmp(s, "no_access") == 0 || strcmp(s, "block") == 0)
		*rec = TNC_REC_NO_ACCESS;
	else if (strcmp(s, "isolate") == 0)
		*rec = TNC_REC_ISOLATE;
	else if (strcmp(s, "allow") == 0)
		*rec = TNC_REC_ALLOW;
	else
		return NEA_EINVAL;
	return 0;
}

void brokerd_load_settings(brokerd_t *b, bool initial)
{
	const nea_conf_t *c = nea_daemon_conf(b->d);
	const char *s;
	long long v;

	s = nea_conf_get_str(c, "charon.plugins.tnc-imv.recommendation_policy",
			     nea_conf_get_str(c, "libtnccs.plugins.tnc-imv.recommendation_policy",
					      "default"));
	if (tnccs_policy_from_name(s, &b->policy) < 0) {
		NLOG(CFG, 0, "unknown tnc-imv.recommendation_policy '%s'; using 'default'", s);
		b->policy = TNCCS_POLICY_DEFAULT;
	}
	NLOG(TNC, 1, "TNC recommendation policy is '%s'", tnccs_policy_name(b->policy));
	s = nea_conf_get_str(c, "charon.plugins.tnc-imv.failsafe_recommendation", "no access");
	if (parse_rec(s, &b->failsafe_rec) < 0) {
		NLOG(CFG, 0, "unknown tnc-imv.failsafe_recommendation '%s'; using 'no access'", s);
		b->failsafe_rec = TNC_REC_NO_ACCESS;
	}
	if (b->failsafe_rec != TNC_REC_NO_ACCESS || initial)
		NLOG(TNC, b->failsafe_rec == TNC_REC_NO_ACCESS ? 2 : 1,
		     "fail-safe recommendation when the measurement host fails is '%s'", s);
	if (nea_conf_get_int(c, "nea.brokerd.host_timeout_ms", BROKERD_HOST_TIMEOUT_DEFAULT_MS, &v) <
		    0 ||
	    v < 0 || v > 24LL * 3600 * 1000) {
		NLOG(CFG, 0, "nea.brokerd.host_timeout_ms must be 0..86400000; using %d",
		     BROKERD_HOST_TIMEOUT_DEFAULT_MS);
		v = BROKERD_HOST_TIMEOUT_DEFAULT_MS;
	}
	b->host_timeout_ms = (unsigned)v;
	if (nea_conf_get_int(c, "nea.brokerd.max_connections", BROKERD_MAX_CONNS_DEFAULT, &v) < 0 ||
	    v < 1 || v > 1000000) {
		NLOG(CFG, 0, "nea.brokerd.max_connections must be 1..1000000; using %d",
		     BROKERD_MAX_CONNS_DEFAULT);
		v = BROKERD_MAX_CONNS_DEFAULT;
	}
	b->max_conns = (size_t)v;
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

	b->d = d;
	b->loop = nea_daemon_loop(d);
	tnccs_registry_init(&b->reg, "IMV");
	brokerd_load_settings(b, true);

	nea_daemon_ipc_opts(d, &o);
	n = nea_daemon_peer_uids(d, front_peers, 2, false, uids, 8);
	if (n < 0)
		return n;
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = front_allowed;
	o.n_allowed = sizeof(front_allowed) / sizeof(front_allowed[0]);
	cbs.on_msg = brokerd_front_msg;
	cbs.on_down = brokerd_front_down;
	rc = nea_daemon_listen(d, "broker.sock", &o, &cbs, brokerd_front_accept, b, &b->front_srv);
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
	o.max_conns = 4; /* one host, and room to refuse a stray second one */
	cbs.on_msg = brokerd_host_msg;
	cbs.on_down = brokerd_host_down;
	return nea_daemon_listen(d, "imv.sock", &o, &cbs, NULL, NULL, &b->imv_srv);
}

static int brokerd_reload(nea_daemon_t *d, void *ctx)
{
	(void)d;
	brokerd_load_settings(ctx, false);
	return 0;
}

static void brokerd_stop(nea_daemon_t *d, void *ctx)
{
	brokerd_t *b = ctx;

	(void)d;
	b->stopping = true;
	brokerd_conn_drop_all(b);
	brokerd_front_release_all(b);
	tnccs_registry_free(&b->reg);
}

static void brokerd_health(nea_daemon_t *d, void *ctx, char *buf, size_t len)
{
	brokerd_t *b = ctx;

	(void)d;
	snprintf(buf, len,
		 "%zu front end(s), IMV host %s with %zu IMV(s), %zu assessment(s), %llu batches, %llu verdicts (%llu fail-safe), host lost %llu time(s)",
		 b->n_fronts, b->reg.attached ? "attached" : "absent", b->reg.n, b->n_conns,
		 (unsigned long long)b->batches, (unsigned long long)b->verdicts,
		 (unsigned long long)b->failsafe_verdicts, (unsigned long long)b->host_losses);
}

const nea_service_t brokerd_service = {
	.name = "brokerd",
	.role = NEA__DAEMON_ROLE__ROLE_BROKERD,
	.pre_init = brokerd_pre_init,
	.reload = brokerd_reload,
	.stop = brokerd_stop,
	.health = brokerd_health,
	.ctx = &brokerd,
};

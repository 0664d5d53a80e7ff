/*
 * nea-imvd service callbacks: the IMV host (imv_host.h) wired to the daemon
 * skeleton. pre_init reads the IMV list from nea.tnc_config while the file
 * is still readable (start-up fails if it cannot be read or names no IMV
 * nea has); init opens the reconnecting links to nea-brokerd (imv.sock,
 * ModuleRegister on every connect) and nea-policyd (policy.sock) and a one
 * second tick for policy timeouts and abandoned segment reassemblies.
 * After the sandbox the process has no network and needs no file.
 */
#include "imvd_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imv_host.h"
#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"
#include "nea_tncconf.h"

#define IMVD_TICK_MS 1000

typedef struct {
	imv_host_t *host;
	ipc_link_t *broker;
	ipc_link_t *policy;
	uv_timer_t tick;
	bool tick_live;
	char modlist[512]; /* "1:OS 2:Scanner", to notice a changed tnc_config */
} imvd_t;

static imvd_t imvd;

static int to_broker(void *ctx, Nea__Envelope *env)
{
	imvd_t *s = ctx;

	if (!s->broker || !ipc_link_is_up(s->broker))
		return NEA_ECLOSED;
	return ipc_link_send(s->broker, env);
}

static int to_policy(void *ctx, Nea__Envelope *env)
{
	imvd_t *s = ctx;

	if (!s->policy || !ipc_link_is_up(s->policy))
		return NEA_ECLOSED;
	return ipc_link_send(s->policy, env);
}

/* The IMV lines of tnc_config as "ID:name" words (IDs in file order). */
static int read_list(const char *path, nea_tncconf_t **out, char *list, size_t len)
{
	char err[512] = "";
	size_t pos = 0;
	uint32_t id = 0;
	int rc = nea_tncconf_load_file(path, out, err, sizeof(err));

	if (rc < 0) {
		NLOG(IMV, 0, "cannot read the IMV list: %s", err);
		return rc;
	}
	list[0] = '\0';
	for (size_t i = 0; i < (*out)->count; i++) {
		const nea_tnc_entry_t *e = &(*out)->entries[i];
		int w;

		if (e->kind != NEA_TNC_IMV)
			continue;
		w = snprintf(list + pos, len - pos, "%s%u:%s", pos ? " " : "", ++id, e->name);
		if (w < 0 || (size_t)w >= len - pos)
			break;
		pos += (size_t)w;
	}
	return 0;
}

static int load_modules(nea_daemon_t *d, imvd_t *s)
{
	const char *path = nea_conf_get_str(nea_daemon_conf(d), "nea.tnc_config", "/etc/tnc_config");
	nea_tncconf_t *t = NULL;
	size_t added = 0;
	int rc = read_list(path, &t, s->modlist, sizeof(s->modlist));

	if (rc < 0)
		return rc;
	NLOG(TNC, 1, "loading IMVs from '%s'", path);
	for (size_t i = 0; i < t->count; i++) {
		const nea_tnc_entry_t *e = &t->entries[i];

		if (e->kind != NEA_TNC_IMV)
			continue;
		rc = imv_host_add_module(s->host, e->name, e->path);
		if (rc == NEA_ETOOBIG) {
			NLOG(IMV, 0, "%s:%u: more than %d IMVs", path, e->line, IMV_HOST_MAX_MODULES);
			nea_tncconf_free(t);
			return NEA_ECONFIG;
		}
		if (rc > 0)
			added++;
	}
	nea_tncconf_free(t);
	if (!added) {
		NLOG(IMV, 0, "%s names no IMV built into nea-imvd (OS, Scanner)", path);
		return NEA_ECONFIG;
	}
	NLOG(IMV, 1, "%zu IMV(s) running", added);
	return 0;
}

static void on_broker_up(ipc_link_t *l, void *arg)
{
	imvd_t *s = arg;
	int rc;

	(void)l;
	if (!s->host)
		return;
	NLOG(IMV, 1, "connected to nea-brokerd; registering %zu IMV(s)",
	     imv_host_module_count(s->host));
	rc = imv_host_register(s->host);
	if (rc < 0)
		NLOG(IMV, 0, "cannot register the IMVs with nea-brokerd (%s)", nea_strerror(rc));
}

static void on_broker_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	(void)l;
	if (((imvd_t *)arg)->host)
		imv_host_broker_msg(((imvd_t *)arg)->host, env);
}

static void on_broker_down(ipc_link_t *l, int reason, void *arg)
{
	NLOG(IMV, 1, "link %s lost (%s); reconnecting", ipc_link_name(l),
	     reason ? nea_strerror(reason) : "closed");
	if (((imvd_t *)arg)->host)
		imv_host_broker_down(((imvd_t *)arg)->host);
}

static void on_policy_up(ipc_link_t *l, void *arg)
{
	(void)l;
	(void)arg;
	NLOG(IMV, 1, "connected to nea-policyd");
}

static void on_policy_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	(void)l;
	if (((imvd_t *)arg)->host)
		imv_host_policy_msg(((imvd_t *)arg)->host, env);
}

static void on_policy_down(ipc_link_t *l, int reason, void *arg)
{
	NLOG(IMV, 1, "link %s lost (%s); reconnecting", ipc_link_name(l),
	     reason ? nea_strerror(reason) : "closed");
	if (((imvd_t *)arg)->host)
		imv_host_policy_down(((imvd_t *)arg)->host, NEA_ECLOSED);
}

static void on_tick(uv_timer_t *t)
{
	if (((imvd_t *)t->data)->host)
		imv_host_tick(((imvd_t *)t->data)->host);
}

static int imvd_pre_init(nea_daemon_t *d, void *ctx)
{
	imvd_t *s = ctx;
	imv_host_io_t io = { .to_broker = to_broker, .to_policy = to_policy, .ctx = s };
	imv_host_opts_t opts = { .conf = nea_daemon_conf(d) };
	int rc = imv_host_new(&io, &opts, &s->host);

	if (rc < 0)
		return rc;
	/* Read before the sandbox: the file may be readable by root only. */
	return load_modules(d, s);
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
			  .on_down = on_broker_down, .arg = s };
	int n, rc;

	rc = uv_timer_init(nea_daemon_loop(d), &s->tick);
	if (rc < 0)
		return NEA_EIO;
	s->tick.data = s;
	s->tick_live = true;
	uv_timer_start(&s->tick, on_tick, IMVD_TICK_MS, IMVD_TICK_MS);

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
	cbs.on_up = on_policy_up;
	cbs.on_down = on_policy_down;
	return nea_daemon_connect(d, "policy.sock", &o, &cbs, &s->policy);
}

static int imvd_reload(nea_daemon_t *d, void *ctx)
{
	imvd_t *s = ctx;
	const char *path = nea_conf_get_str(nea_daemon_conf(d), "nea.tnc_config", "/etc/tnc_config");
	nea_tncconf_t *t = NULL;
	char list[sizeof(s->modlist)];

	imv_host_set_conf(s->host, nea_daemon_conf(d));
	/* IMV IDs are bound into every open connection: a changed list takes
	 * effect on the next start only */
	if (read_list(path, &t, list, sizeof(list)) == 0) {
		if (strcmp(list, s->modlist) != 0)
			NLOG(IMV, 0, "the IMV list in %s changed (%s); restart nea-imvd to use it",
			     path, list);
		nea_tncconf_free(t);
	}
	return 0;
}

static void tick_closed(uv_handle_t *h)
{
	(void)h;
}

static void imvd_stop(nea_daemon_t *d, void *ctx)
{
	imvd_t *s = ctx;

	(void)d;
	if (s->tick_live) {
		uv_timer_stop(&s->tick);
		uv_close((uv_handle_t *)&s->tick, tick_closed);
		s->tick_live = false;
	}
	/* the links are closed by the skeleton; nothing may call into the
	 * host after this */
	s->broker = NULL;
	s->policy = NULL;
	imv_host_free(s->host);
	s->host = NULL;
}

static void imvd_health(nea_daemon_t *d, void *ctx, char *buf, size_t len)
{
	imvd_t *s = ctx;

	(void)d;
	if (!s->host) {
		snprintf(buf, len, "stopping");
		return;
	}
	snprintf(buf, len, "%zu IMV(s), %zu connection(s), %zu policy request(s) outstanding",
		 imv_host_module_count(s->host), imv_host_conn_count(s->host),
		 imv_host_pending_requests(s->host));
}

/* Open TNCCS connections, for HealthReport.connections */
static unsigned imvd_connections(nea_daemon_t *d, void *ctx)
{
	imvd_t *s = ctx;

	(void)d;
	return s->host ? (unsigned)imv_host_conn_count(s->host) : 0;
}

const nea_service_t imvd_service = {
	.name = "imvd",
	.role = NEA__DAEMON_ROLE__ROLE_IMVD,
	.no_network = true,
	.pre_init = imvd_pre_init,
	.init = imvd_init,
	.reload = imvd_reload,
	.stop = imvd_stop,
	.health = imvd_health,
	.connections = imvd_connections,
	.ctx = &imvd,
};

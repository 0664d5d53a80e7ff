/*
 * nea-policyd service callbacks: the database is located and, under root,
 * created for the daemon's user before the privilege drop; opened after
 * it; policy.sock (the IMV host) and admin.sock (the nea CLI) feed the
 * request core (policyd_core.h); a timer closes out abandoned sessions.
 */
#include "policyd_service.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"
#include "nea_sandbox.h"
#include "policyd_admin.h"
#include "policyd_core.h"
#include "policyd_db.h"

#define PD_HOUSEKEEPING_MS_DEFAULT 10000

typedef struct {
	ipc_server_t *policy;
	ipc_server_t *admin;
	char db_path[PATH_MAX];     /* "" when libimcv.database is not set */
	pdb_t *db;
	pd_core_t *core;
	pd_limits_t limits;
	char admin_group[64];
	unsigned housekeeping_ms;
	bool power_safe;            /* nea.policyd.synchronous: full (yes) or normal (default) */
	uv_timer_t housekeeping;
	bool timer_open;
	uint64_t next_link;         /* numbers policy.sock connections from 1 */
} policyd_t;

static policyd_t policyd;

static unsigned conf_uint(const nea_conf_t *c, const char *key, unsigned def, unsigned min,
			  unsigned max)
{
	long long v;

	if (nea_conf_get_int(c, key, def, &v) < 0 || v < min || v > max) {
		NLOG(CFG, 0, "%s must be a number from %u to %u; using %u", key, min, max, def);
		return def;
	}
	return (unsigned)v;
}

static void read_settings(policyd_t *p, const nea_conf_t *c)
{
	pd_limits_t def;
	const char *group = nea_conf_get_str(c, "nea.policyd.admin_group", "");
	const char *sync;

	pd_limits_default(&def);
	p->limits.session_timeout = conf_uint(c, "nea.policyd.session_timeout",
					      def.session_timeout, 1, 86400 * 30);
	p->limits.orphan_timeout = conf_uint(c, "nea.policyd.orphan_timeout", def.orphan_timeout,
					     0, 86400);
	p->limits.max_sessions = conf_uint(c, "nea.policyd.max_sessions",
					   (unsigned)def.max_sessions, 1, 1000000);
	p->housekeeping_ms = conf_uint(c, "nea.policyd.housekeeping_interval_ms",
				       PD_HOUSEKEEPING_MS_DEFAULT, 10, 3600000);
	if (strlen(group) >= sizeof(p->admin_group)) {
		NLOG(CFG, 0, "nea.policyd.admin_group '%s' is too long; no operator group", group);
		group = "";
	}
	snprintf(p->admin_group, sizeof(p->admin_group), "%s", group);
	/* normal by default: WAL without an fsync per commit still loses
	 * nothing when nea-policyd crashes, and an assessment makes about ten
	 * commits (measured: ~2 ms per session against ~30 ms with full on a
	 * loaded 2-core box, where fsync would cap the PDP at ~30 sessions/s) */
	sync = nea_conf_get_str(c, "nea.policyd.synchronous", "normal");
	if (strcmp(sync, "full") == 0) {
		p->power_safe = true;
	} else if (strcmp(sync, "normal") == 0) {
		p->power_safe = false;
	} else {
		NLOG(CFG, 0, "nea.policyd.synchronous must be 'full' or 'normal', not '%s'; using "
			     "normal", sync);
		p->power_safe = false;
	}
}

/* Applied at every open and reload; a failure keeps SQLite's setting. */
static void apply_durability(policyd_t *p)
{
	int rc;

	if (!p->db)
		return;
	rc = pdb_set_power_safe(p->db, p->power_safe);
	if (rc < 0)
		NLOG(DB, 0, "cannot set nea.policyd.synchronous: %s", nea_strerror(rc));
	else
		NLOG(DB, 2, "database commits are %s", p->power_safe
			     ? "synced to disk (survive a power cut)"
			     : "written without fsync (survive a crash of nea-policyd, a power cut may "
			       "undo the last ones)");
}

static void send_reply(ipc_link_t *l, const Nea__Envelope *req, Nea__Envelope *out)
{
	int rc;

	out->conn_id = req->conn_id;
	out->has_conn_id = req->has_conn_id;
	out->req_id = req->req_id;
	out->has_req_id = req->has_req_id;
	rc = ipc_link_send(l, out);
	if (rc < 0)
		NLOG(DB, 1, "cannot answer request %llu of pid %d: %s", (unsigned long long)req->req_id,
		     (int)ipc_link_peer_pid(l), nea_strerror(rc));
}

/* ---- policy.sock ------------------------------------------------------- */

static void on_policy_accept(ipc_server_t *s, ipc_link_t *l, void *arg)
{
	policyd_t *p = arg;

	(void)s;
	ipc_link_set_data(l, (void *)(uintptr_t)++p->next_link);
	NLOG(DB, 2, "IMV host pid %d connected to policy.sock", (int)ipc_link_peer_pid(l));
}

static void on_policy_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	policyd_t *p = arg;
	pd_reply_t r;

	if (!p->core)
		return;
	pd_reply_init(&r);
	pd_core_policy(p->core, env, (uint64_t)(uintptr_t)ipc_link_data(l), &r);
	send_reply(l, env, &r.env);
	pd_reply_free(&r);
}

static void on_policy_down(ipc_link_t *l, int reason, void *arg)
{
	policyd_t *p = arg;

	NLOG(DB, 2, "IMV host pid %d left policy.sock (%s)", (int)ipc_link_peer_pid(l),
	     reason ? nea_strerror(reason) : "closed");
	if (p->core)
		pd_core_link_lost(p->core, (uint64_t)(uintptr_t)ipc_link_data(l));
}

/* ---- admin.sock -------------------------------------------------------- */

static void on_admin_accept(ipc_server_t *s, ipc_link_t *l, void *arg)
{
	policyd_t *p = arg;
	char why[160];

	(void)s;
	if (pd_admin_peer_allowed(ipc_link_peer_uid(l), getuid(), p->admin_group, why, sizeof(why)))
		return;
	NLOG(DB, 1, "admin.sock: refusing pid %d uid %u: %s", (int)ipc_link_peer_pid(l),
	     (unsigned)ipc_link_peer_uid(l), why);
	ipc_link_close(l);
}

static void on_admin_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	policyd_t *p = arg;
	pd_reply_t r;

	if (!p->core)
		return;
	pd_reply_init(&r);
	pd_core_admin(p->core, env, (unsigned)ipc_link_peer_uid(l), &r);
	send_reply(l, env, &r.env);
	pd_reply_free(&r);
}

/* ---- housekeeping ------------------------------------------------------ */

static void on_housekeeping(uv_timer_t *t)
{
	policyd_t *p = t->data;

	if (p->core)
		pd_core_housekeeping(p->core);
}

/* ---- service callbacks ------------------------------------------------- */

/* Privileged: the database file must belong to the user we become. */
static int prepare_database(nea_daemon_t *d, policyd_t *p)
{
	bool as_root = geteuid() == 0;
	uid_t uid = getuid();
	gid_t gid = getgid();
	int rc;

	rc = pd_db_location(nea_daemon_conf(d), p->db_path, sizeof(p->db_path));
	if (rc < 0)
		return rc;
	if (rc == 0) {
		p->db_path[0] = '\0';
		NLOG(DB, 0, "libimcv.database is not set: no policy database, every request of the "
			    "IMV host and every admin command is refused");
		return 0;
	}
	if (as_root) {
		char buf[96];
		const char *user = nea_daemon_user_for(nea_daemon_conf(d), "policyd", buf, sizeof(buf));

		rc = nea_sandbox_lookup_user(user, &uid, &gid);
		if (rc < 0) {
			NLOG(DB, 0, "user '%s' for nea-policyd does not exist", user);
			return rc;
		}
	}
	return pd_db_prepare(p->db_path, as_root, uid, gid);
}

static int policyd_pre_init(nea_daemon_t *d, void *ctx)
{
	static const int policy_allowed[] = {
		NEA__ENVELOPE__BODY_SESSION_CREATE,  NEA__ENVELOPE__BODY_SESSION_START,
		NEA__ENVELOPE__BODY_WORKITEM_RESULT, NEA__ENVELOPE__BODY_SESSION_STOP,
		NEA__ENVELOPE__BODY_PACKAGE_CHECK,
	};
	static const int admin_allowed[] = { NEA__ENVELOPE__BODY_ADMIN_REQUEST };
	/* only the IMV host talks to the policy manager (ARCHITECTURE 11.3) */
	static const char *const policy_peers[] = { "imvd" };
	policyd_t *p = ctx;
	uid_t uids[8];
	ipc_opts_t o;
	ipc_cbs_t cbs = { .arg = p };
	int n, rc;

	read_settings(p, nea_daemon_conf(d));
	rc = prepare_database(d, p);
	if (rc < 0)
		return rc;

	nea_daemon_ipc_opts(d, &o);
	n = nea_daemon_peer_uids(d, policy_peers, 1, false, uids, 8);
	if (n < 0)
		return n;
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = policy_allowed;
	o.n_allowed = sizeof(policy_allowed) / sizeof(policy_allowed[0]);
	cbs.on_msg = on_policy_msg;
	cbs.on_down = on_policy_down;
	rc = nea_daemon_listen(d, "policy.sock", &o, &cbs, on_policy_accept, p, &p->policy);
	if (rc < 0)
		return rc;

	/* Peers are checked in on_admin_accept: root, our own uid, or the
	 * operator group, which the uid list of the ipc layer cannot express. */
	nea_daemon_ipc_opts(d, &o);
	o.allowed = admin_allowed;
	o.n_allowed = 1;
	o.max_conns = 32;
	cbs.on_msg = on_admin_msg;
	cbs.on_down = NULL;
	return nea_daemon_listen(d, "admin.sock", &o, &cbs, on_admin_accept, p, &p->admin);
}

static int policyd_init(nea_daemon_t *d, void *ctx)
{
	policyd_t *p = ctx;
	int rc;

	if (p->db_path[0]) {
		rc = pd_db_open(p->db_path, &p->db);
		if (rc < 0)
			return rc;
		apply_durability(p);
	}
	rc = pd_core_new(p->db, &p->limits, &p->core);
	if (rc < 0) {
		NLOG(DB, 0, "cannot take over the sessions of the previous run: %s", nea_strerror(rc));
		return rc;
	}
	if (p->db)
		NLOG(DB, 2, "sessions close out after %u s without a request, %u s after their IMV "
			    "host went away", p->limits.session_timeout, p->limits.orphan_timeout);
	if (uv_timer_init(nea_daemon_loop(d), &p->housekeeping) != 0)
		return NEA_EIO;
	p->timer_open = true;
	p->housekeeping.data = p;
	uv_timer_start(&p->housekeeping, on_housekeeping, p->housekeeping_ms, p->housekeeping_ms);
	return 0;
}

static int policyd_reload(nea_daemon_t *d, void *ctx)
{
	policyd_t *p = ctx;
	char path[PATH_MAX];
	int rc;

	read_settings(p, nea_daemon_conf(d));
	if (p->core)
		pd_core_set_limits(p->core, &p->limits);
	apply_durability(p);
	if (p->timer_open)
		uv_timer_start(&p->housekeeping, on_housekeeping, p->housekeeping_ms,
			       p->housekeeping_ms);
	rc = pd_db_location(nea_daemon_conf(d), path, sizeof(path));
	if (rc >= 0 && strcmp(rc ? path : "", p->db_path) != 0)
		NLOG(DB, 0, "libimcv.database changed; nea-policyd keeps using '%s' until it is "
			    "restarted", p->db_path[0] ? p->db_path : "(none)");
	return 0;
}

static void policyd_stop(nea_daemon_t *d, void *ctx)
{
	policyd_t *p = ctx;

	(void)d;
	if (p->timer_open) {
		uv_close((uv_handle_t *)&p->housekeeping, NULL);
		p->timer_open = false;
	}
	/* open sessions stay in the database; the next start carries on */
	if (p->core && pd_core_open_sessions(p->core))
		NLOG(DB, 1, "stopping with %zu open session%s; the next start carries on with them",
		     pd_core_open_sessions(p->core), pd_core_open_sessions(p->core) == 1 ? "" : "s");
	pd_core_free(p->core);
	p->core = NULL;
	pdb_close(p->db);
	p->db = NULL;
}

static void policyd_health(nea_daemon_t *d, void *ctx, char *buf, size_t len)
{
	policyd_t *p = ctx;
	pd_stats_t st = { 0 };

	(void)d;
	if (p->core)
		pd_core_stats(p->core, &st);
	if (!p->db) {
		snprintf(buf, len, "no policy database (libimcv.database not set); %lu requests refused",
			 st.refused);
		return;
	}
	snprintf(buf, len, "database %s, %zu session%s open, %lu requests (%lu refused), %lu admin",
		 p->db_path, pd_core_open_sessions(p->core),
		 pd_core_open_sessions(p->core) == 1 ? "" : "s", st.requests, st.refused, st.admin);
}

const nea_service_t policyd_service = {
	.name = "policyd",
	.role = NEA__DAEMON_ROLE__ROLE_POLICYD,
	.pre_init = policyd_pre_init,
	.init = policyd_init,
	.reload = policyd_reload,
	.stop = policyd_stop,
	.health = policyd_health,
	.ctx = &policyd,
};

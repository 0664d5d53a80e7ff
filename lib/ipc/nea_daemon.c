/*
 * The common daemon skeleton. See nea_daemon.h for the life cycle.
 */
#include "nea_daemon.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"
#include "nea_log_conf.h"
#include "nea_sandbox.h"

#define DAEMON_MAX_TRACKED 16
#define DEFAULT_CONFIG "/etc/nea/nea.conf"

struct nea_daemon {
	const nea_service_t *svc;
	char progname[64];
	const char *config_path;
	const char *debug;
	nea_conf_t *conf;
	char rundir[PATH_MAX];
	uv_loop_t loop;
	uv_signal_t sig_term, sig_int, sig_hup;
	ipc_link_t *master;
	ipc_server_t *servers[DAEMON_MAX_TRACKED];
	size_t nservers;
	ipc_link_t *links[DAEMON_MAX_TRACKED];
	struct tracked_link {
		nea_daemon_t *d;
		ipc_cbs_t svc_cbs;
	} link_cbs[DAEMON_MAX_TRACKED];
	size_t nlinks;
	bool started_as_root;
	bool foreground;
	bool dropped;
	bool in_pre_init;
	bool stopping;
	int exit_code;
	unsigned reloads;
	uid_t run_uid;
	gid_t run_gid;
	gid_t group_gid;
};

uv_loop_t *nea_daemon_loop(nea_daemon_t *d)
{
	return &d->loop;
}

const nea_conf_t *nea_daemon_conf(const nea_daemon_t *d)
{
	return d->conf;
}

const char *nea_daemon_rundir(const nea_daemon_t *d)
{
	return d->rundir;
}

const char *nea_daemon_progname(const nea_daemon_t *d)
{
	return d->progname;
}

static long long conf_int(const nea_conf_t *c, const char *key, long long def)
{
	long long v = def;

	if (nea_conf_get_int(c, key, def, &v) < 0) {
		NLOG(CFG, 0, "%s is not a number; using %lld", key, def);
		return def;
	}
	return v;
}

void nea_daemon_ipc_opts(const nea_daemon_t *d, ipc_opts_t *opts)
{
	long long mf = conf_int(d->conf, "nea.ipc.max_frame", IPC_MAX_FRAME_DEFAULT);
	long long rmin = conf_int(d->conf, "nea.ipc.reconnect_delay_ms", 100);
	long long rmax = conf_int(d->conf, "nea.ipc.reconnect_delay_max_ms", 5000);

	memset(opts, 0, sizeof(*opts));
	opts->max_frame = mf > 0 && mf <= (long long)UINT32_MAX ? (size_t)mf : IPC_MAX_FRAME_DEFAULT;
	opts->reconnect_min_ms = rmin > 0 && rmin < 3600000 ? (unsigned)rmin : 100;
	opts->reconnect_max_ms = rmax > 0 && rmax < 3600000 ? (unsigned)rmax : 5000;
}

const char *nea_daemon_user_for(const nea_conf_t *c, const char *name, char *buf, size_t len)
{
	char key[96];
	size_t n = strlen(name);

	/* "policyd" runs as "nea-policy": the user names the job, not the binary. */
	if (n > 1 && name[n - 1] == 'd')
		n--;
	snprintf(key, sizeof(key), "nea.users.%s", name);
	snprintf(buf, len, "nea-%.*s", (int)n, name);
	return nea_conf_get_str(c, key, buf);
}

int nea_daemon_peer_uids(const nea_daemon_t *d, const char *const *names, size_t nnames,
			 bool operator, uid_t *out, size_t max)
{
	size_t n = 0;

#define ADD_UID(u)                                     \
	do {                                           \
		bool dup_ = false;                     \
		for (size_t k_ = 0; k_ < n; k_++)      \
			dup_ |= out[k_] == (u);        \
		if (!dup_) {                           \
			if (n >= max)                  \
				return NEA_ETOOBIG;    \
			out[n++] = (u);                \
		}                                      \
	} while (0)

	if (!d->started_as_root) {
		ADD_UID(getuid());
		if (operator)
			ADD_UID((uid_t)0);
		return (int)n;
	}
	for (size_t i = 0; i < nnames; i++) {
		char buf[96];
		const char *user = nea_daemon_user_for(d->conf, names[i], buf, sizeof(buf));
		uid_t uid;
		gid_t gid;

		if (nea_sandbox_lookup_user(user, &uid, &gid) < 0) {
			NLOG(CFG, 0, "user '%s' for nea-%s does not exist; its connections will be refused",
			     user, names[i]);
			continue;
		}
		ADD_UID(uid);
	}
	if (operator) {
		ADD_UID((uid_t)0);
		ADD_UID(d->run_uid);
	}
#undef ADD_UID
	return (int)n;
}

static int sock_path(const nea_daemon_t *d, const char *sockname, char *buf, size_t len)
{
	int n = snprintf(buf, len, "%s/%s", d->rundir, sockname);

	if (n < 0 || (size_t)n >= len || (size_t)n >= 108) {
		NLOG(DMN, 0, "socket path %s/%s is too long", d->rundir, sockname);
		return NEA_ETOOBIG;
	}
	return 0;
}

int nea_daemon_listen(nea_daemon_t *d, const char *sockname, const ipc_opts_t *opts,
		      const ipc_cbs_t *cbs, ipc_accept_cb on_accept, void *arg,
		      ipc_server_t **out)
{
	char path[PATH_MAX];
	ipc_opts_t o;
	int rc;

	if (!d->in_pre_init || d->nservers >= DAEMON_MAX_TRACKED)
		return NEA_ESTATE;
	rc = sock_path(d, sockname, path, sizeof(path));
	if (rc < 0)
		return rc;
	o = *opts;
	if (!o.name)
		o.name = sockname;
	rc = ipc_server_bind(&d->loop, path, &o, cbs, on_accept, arg, out);
	if (rc < 0)
		return rc;
	d->servers[d->nservers++] = *out;
	return 0;
}

static void send_health(nea_daemon_t *d, uint64_t seq);

/* A tracked link changed state: the service hears it first, then the
 * master gets an unsolicited report (seq 0) so `nea status` is current
 * without waiting for the next health round. */
static void tracked_up(ipc_link_t *l, void *arg)
{
	struct tracked_link *t = arg;

	if (t->svc_cbs.on_up)
		t->svc_cbs.on_up(l, t->svc_cbs.arg);
	if (!t->d->stopping)
		send_health(t->d, 0);
}

static void tracked_down(ipc_link_t *l, int reason, void *arg)
{
	struct tracked_link *t = arg;

	if (t->svc_cbs.on_down)
		t->svc_cbs.on_down(l, reason, t->svc_cbs.arg);
	if (!t->d->stopping)
		send_health(t->d, 0);
}

static void tracked_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	struct tracked_link *t = arg;

	if (t->svc_cbs.on_msg)
		t->svc_cbs.on_msg(l, env, t->svc_cbs.arg);
}

int nea_daemon_connect(nea_daemon_t *d, const char *sockname, const ipc_opts_t *opts,
		       const ipc_cbs_t *cbs, ipc_link_t **out)
{
	char path[PATH_MAX];
	struct tracked_link *t;
	ipc_cbs_t wrapped;
	ipc_opts_t o;
	int rc;

	/* Connecting before the drop would show the peer our root uid. */
	if (d->in_pre_init || d->nlinks >= DAEMON_MAX_TRACKED)
		return NEA_ESTATE;
	rc = sock_path(d, sockname, path, sizeof(path));
	if (rc < 0)
		return rc;
	o = *opts;
	if (!o.name)
		o.name = sockname;
	t = &d->link_cbs[d->nlinks];
	t->d = d;
	t->svc_cbs = *cbs;
	wrapped = (ipc_cbs_t){ .on_msg = tracked_msg, .on_up = tracked_up,
			       .on_down = tracked_down, .arg = t };
	rc = ipc_link_connect(&d->loop, path, &o, &wrapped, out);
	if (rc < 0)
		return rc;
	d->links[d->nlinks++] = *out;
	return 0;
}

/* ---- stopping ---------------------------------------------------------- */

static void close_all(nea_daemon_t *d)
{
	/* Reverse order of creation: client links, listeners, master link,
	 * signal handlers. */
	while (d->nlinks > 0)
		ipc_link_close(d->links[--d->nlinks]);
	while (d->nservers > 0)
		ipc_server_close(d->servers[--d->nservers]);
	ipc_link_close(d->master);
	d->master = NULL;
	uv_close((uv_handle_t *)&d->sig_hup, NULL);
	uv_close((uv_handle_t *)&d->sig_int, NULL);
	uv_close((uv_handle_t *)&d->sig_term, NULL);
	/* Closing the handles restored the default actions; the master sends
	 * SIGTERM along with Shutdown, and that second request must not kill
	 * a daemon that is already finishing cleanly. */
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
}

void nea_daemon_stop(nea_daemon_t *d, int exit_code)
{
	if (d->stopping)
		return;
	d->stopping = true;
	d->exit_code = exit_code;
	NLOG(DMN, 1, "%s stopping", d->progname);
	if (d->svc->stop)
		d->svc->stop(d, d->svc->ctx);
	close_all(d);
}

/* ---- configuration ----------------------------------------------------- */

/* nea.log.* (all-or-nothing, see nea_log_conf.h), then --debug, which an
 * operator gives to override the file. */
static int apply_log_levels(nea_daemon_t *d, const nea_conf_t *c)
{
	int rc = nea_log_configure(c);

	if (d->foreground)
		nea_log_set_syslog(false);
	if (d->debug && nea_log_parse_levels(d->debug) < 0)
		NLOG(DMN, 0, "--debug %s: not a level list; ignored", d->debug);
	return rc;
}

static int load_config(nea_daemon_t *d, nea_conf_t **out)
{
	char err[512] = "";
	int rc = nea_conf_load_file(d->config_path, out, err, sizeof(err));

	if (rc < 0)
		NLOG(CFG, 0, "cannot load %s: %s", d->config_path, err[0] ? err : nea_strerror(rc));
	return rc;
}

static void do_reload(nea_daemon_t *d)
{
	nea_conf_t *fresh = NULL;
	int rc;

	NLOG(DMN, 1, "%s: reloading configuration from %s", d->progname, d->config_path);
	if (load_config(d, &fresh) < 0) {
		NLOG(DMN, 0, "%s: reload failed; keeping the previous configuration", d->progname);
		return;
	}
	if (apply_log_levels(d, fresh) < 0) {
		NLOG(DMN, 0, "%s: reload failed; keeping the previous configuration", d->progname);
		nea_conf_free(fresh);
		return;
	}
	nea_conf_free(d->conf);
	d->conf = fresh;
	d->reloads++;
	if (d->svc->reload) {
		rc = d->svc->reload(d, d->svc->ctx);
		if (rc < 0)
			NLOG(DMN, 0, "%s: service reload failed: %s", d->progname, nea_strerror(rc));
	}
	NLOG(DMN, 1, "%s: configuration reloaded (reload %u)", d->progname, d->reloads);
}

/* ---- master link ------------------------------------------------------- */

static void send_health(nea_daemon_t *d, uint64_t seq)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__HealthReport rep = NEA__HEALTH_REPORT__INIT;
	Nea__PeerLink pl[DAEMON_MAX_TRACKED], *plp[DAEMON_MAX_TRACKED];
	char status[256] = "ok";
	uint32_t conns = 0;

	for (size_t i = 0; i < d->nservers; i++)
		conns += (uint32_t)ipc_server_conn_count(d->servers[i]);
	for (size_t i = 0; i < d->nlinks; i++) {
		nea__peer_link__init(&pl[i]);
		pl[i].peer = (char *)ipc_link_name(d->links[i]);
		pl[i].up = ipc_link_is_up(d->links[i]);
		pl[i].has_reconnects = true;
		pl[i].reconnects = ipc_link_reconnects(d->links[i]);
		pl[i].up_since = ipc_link_up_since(d->links[i]);
		pl[i].has_up_since = pl[i].up_since != 0;
		plp[i] = &pl[i];
	}
	if (d->svc->connections)
		conns += d->svc->connections(d, d->svc->ctx);
	if (d->svc->health)
		d->svc->health(d, d->svc->ctx, status, sizeof(status));
	rep.seq = seq;
	rep.has_connections = true;
	rep.connections = conns;
	rep.has_rss_kb = true;
	rep.rss_kb = ipc_self_rss_kb();
	rep.n_links = d->nlinks;
	rep.links = plp;
	rep.status = status;
	rep.has_reloads = true;
	rep.reloads = d->reloads;
	env.body_case = NEA__ENVELOPE__BODY_HEALTH_REPORT;
	env.health_report = &rep;
	if (d->master)
		ipc_link_send(d->master, &env);
}

static void on_master_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	nea_daemon_t *d = arg;

	(void)l;
	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_HEALTH_REQUEST:
		send_health(d, env->health_request->seq);
		break;
	case NEA__ENVELOPE__BODY_RELOAD:
		do_reload(d);
		break;
	case NEA__ENVELOPE__BODY_SHUTDOWN:
		NLOG(DMN, 2, "%s: shutdown requested by nea-master", d->progname);
		nea_daemon_stop(d, 0);
		break;
	default:
		break;
	}
}

static void on_master_down(ipc_link_t *l, int reason, void *arg)
{
	nea_daemon_t *d = arg;

	(void)l;
	d->master = NULL; /* freed by the ipc layer after this returns */
	if (!d->stopping) {
		/* An orphan cannot be supervised; leave, like Postfix children. */
		NLOG(DMN, 0, "%s: lost the link to nea-master (%s); exiting", d->progname,
		     reason ? nea_strerror(reason) : "closed");
		nea_daemon_stop(d, 0);
	}
}

static int open_master(nea_daemon_t *d)
{
	static const int allowed[] = {
		NEA__ENVELOPE__BODY_HEALTH_REQUEST,
		NEA__ENVELOPE__BODY_RELOAD,
		NEA__ENVELOPE__BODY_SHUTDOWN,
	};
	const char *s = getenv("NEA_MASTER_FD");
	ipc_cbs_t cbs = { .on_msg = on_master_msg, .on_down = on_master_down, .arg = d };
	ipc_opts_t opts;
	char *end;
	long fd;
	int rc;

	if (!s || !*s) {
		NLOG(DMN, 1, "%s: no NEA_MASTER_FD; running standalone", d->progname);
		return 0;
	}
	fd = strtol(s, &end, 10);
	if (*end || fd < 3 || fd > INT_MAX) {
		NLOG(DMN, 0, "%s: NEA_MASTER_FD=%s is not a descriptor number", d->progname, s);
		return NEA_EINVAL;
	}
	unsetenv("NEA_MASTER_FD");
	nea_daemon_ipc_opts(d, &opts);
	opts.name = "master";
	opts.allowed = allowed;
	opts.n_allowed = sizeof(allowed) / sizeof(allowed[0]);
	rc = ipc_link_open_fd(&d->loop, (int)fd, &opts, &cbs, &d->master);
	if (rc < 0) {
		NLOG(DMN, 0, "%s: cannot use the master link fd %ld: %s", d->progname, fd,
		     nea_strerror(rc));
		return rc;
	}
	return 0;
}

static void send_simple(nea_daemon_t *d, int body_case)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Hello hello = NEA__HELLO__INIT;
	Nea__Ready ready = NEA__READY__INIT;

	if (!d->master)
		return;
	env.body_case = body_case;
	if (body_case == NEA__ENVELOPE__BODY_HELLO) {
		hello.role = d->svc->role;
		hello.pid = (uint32_t)getpid();
		hello.name = (char *)d->svc->name;
		hello.software_version = (char *)NEA_VERSION;
		env.hello = &hello;
	} else {
		env.ready = &ready;
	}
	ipc_link_send(d->master, &env);
}

/* ---- signals ----------------------------------------------------------- */

static void on_signal(uv_signal_t *h, int signum)
{
	nea_daemon_t *d = h->data;

	if (signum == SIGHUP) {
		/* Under the master, Reload arrives on the link; a stray SIGHUP to
		 * one child should not make it diverge from its siblings. */
		if (!d->master)
			do_reload(d);
		return;
	}
	NLOG(DMN, 1, "%s: %s received", d->progname, strsignal(signum));
	nea_daemon_stop(d, 0);
}

/* ---- privileges -------------------------------------------------------- */

/* Who this daemon will be once sandboxed; known before pre_init so
 * listeners can name the uids they expect (nea_daemon_peer_uids). */
static int resolve_identity(nea_daemon_t *d)
{
	char buf[96];
	const char *user = nea_daemon_user_for(d->conf, d->svc->name, buf, sizeof(buf));
	const char *group = nea_conf_get_str(d->conf, "nea.group", "nea");

	if (!d->started_as_root) {
		d->run_uid = getuid();
		d->run_gid = getgid();
		return 0;
	}
	if (nea_sandbox_lookup_user(user, &d->run_uid, &d->run_gid) < 0) {
		NLOG(DMN, 0, "%s: user '%s' does not exist; create the system users with "
			     "deploy/create-users.sh or set nea.users.%s", d->progname, user,
		     d->svc->name);
		return NEA_ECONFIG;
	}
	if (nea_sandbox_lookup_group(group, &d->group_gid) < 0) {
		NLOG(DMN, 0, "%s: group '%s' does not exist; create it with "
			     "deploy/create-users.sh or set nea.group", d->progname, group);
		return NEA_ECONFIG;
	}
	return 0;
}

static int sandbox(nea_daemon_t *d)
{
	int rc;

	if (d->started_as_root) {
		/* Sockets were bound as root in a root-owned directory; hand them
		 * to the daemon's user and the shared group so peers can connect. */
		for (size_t i = 0; i < d->nservers; i++) {
			const char *p = ipc_server_path(d->servers[i]);

			if (chown(p, d->run_uid, d->group_gid) != 0) {
				NLOG(DMN, 0, "%s: cannot chown %s: %s", d->progname, p, strerror(errno));
				return NEA_EIO;
			}
		}
		if (d->run_uid == 0)
			NLOG(DMN, 0, "%s: configured to run as root; privileges are not dropped",
			     d->progname);
		rc = nea_sandbox_drop_user(d->run_uid, d->run_gid, d->group_gid);
		if (rc < 0)
			return rc;
		if (d->run_uid != 0)
			NLOG(DMN, 2, "%s: running as uid %u gid %u", d->progname,
			     (unsigned)d->run_uid, (unsigned)d->run_gid);
	}
	rc = nea_sandbox_harden();
	if (rc < 0)
		return rc;
	if (d->svc->no_network) {
		rc = nea_sandbox_no_network();
		if (rc < 0)
			return rc;
		NLOG(DMN, 2, "%s: network sockets disabled (seccomp)", d->progname);
	}
	d->dropped = true;
	return 0;
}

/* Standalone runs (tests, debugging) have no master to create the run
 * directory. */
static int ensure_rundir(nea_daemon_t *d)
{
	struct stat st;

	if (stat(d->rundir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			NLOG(DMN, 0, "%s: %s is not a directory", d->progname, d->rundir);
			return NEA_ECONFIG;
		}
		return 0;
	}
	if (mkdir(d->rundir, 0750) != 0 && errno != EEXIST) {
		NLOG(DMN, 0, "%s: cannot create %s: %s", d->progname, d->rundir, strerror(errno));
		return NEA_EIO;
	}
	return 0;
}

/* ---- main -------------------------------------------------------------- */

static void usage(FILE *f, const char *prog)
{
	fprintf(f,
		"usage: %s [--config FILE] [--foreground] [--debug LEVELS]\n"
		"  --config FILE    configuration (default " DEFAULT_CONFIG ")\n"
		"  --foreground     log to stderr even if nea.log.syslog is set\n"
		"  --debug LEVELS   log levels, e.g. \"2\" or \"default=1,ipc=3\"\n"
		"Normally started by nea-master.\n",
		prog);
}

static int parse_args(nea_daemon_t *d, int argc, char **argv, bool *foreground)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "debug", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "c:fd:hv", opts, NULL)) != -1) {
		switch (c) {
		case 'c': d->config_path = optarg; break;
		case 'f': *foreground = true; break;
		case 'd': d->debug = optarg; break;
		case 'h': usage(stdout, d->progname); return 1;
		case 'v': printf("%s %s\n", d->progname, NEA_VERSION); return 1;
		default: usage(stderr, d->progname); return -1;
		}
	}
	if (optind < argc) {
		usage(stderr, d->progname);
		return -1;
	}
	return 0;
}

int nea_daemon_main(int argc, char **argv, const nea_service_t *svc)
{
	nea_daemon_t *d = calloc(1, sizeof(*d));
	bool foreground = false;
	int rc, status = 1;

	if (!d) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	d->svc = svc;
	d->config_path = DEFAULT_CONFIG;
	d->group_gid = (gid_t)-1;
	snprintf(d->progname, sizeof(d->progname), "nea-%s", svc->name);
	nea_log_init(d->progname, false);
	rc = parse_args(d, argc, argv, &foreground);
	if (rc != 0) {
		free(d);
		return rc > 0 ? 0 : 2;
	}
	d->started_as_root = geteuid() == 0;
	signal(SIGPIPE, SIG_IGN);

	d->foreground = foreground;
	if (load_config(d, &d->conf) < 0)
		goto out_free;
	if (apply_log_levels(d, d->conf) < 0)
		goto out_conf;
	snprintf(d->rundir, sizeof(d->rundir), "%s", nea_conf_get_str(d->conf, "nea.rundir", "/run/nea"));

	if (uv_loop_init(&d->loop) != 0) {
		NLOG(DMN, 0, "%s: cannot initialise the event loop", d->progname);
		goto out_conf;
	}
	uv_signal_init(&d->loop, &d->sig_term);
	uv_signal_init(&d->loop, &d->sig_int);
	uv_signal_init(&d->loop, &d->sig_hup);
	d->sig_term.data = d->sig_int.data = d->sig_hup.data = d;
	uv_signal_start(&d->sig_term, on_signal, SIGTERM);
	uv_signal_start(&d->sig_int, on_signal, SIGINT);
	uv_signal_start(&d->sig_hup, on_signal, SIGHUP);

	if (open_master(d) < 0)
		goto out_stop;
	send_simple(d, NEA__ENVELOPE__BODY_HELLO);
	if (!d->master && !svc->no_rundir && ensure_rundir(d) < 0)
		goto out_stop;
	if (resolve_identity(d) < 0)
		goto out_stop;

	d->in_pre_init = true;
	rc = svc->pre_init ? svc->pre_init(d, svc->ctx) : 0;
	d->in_pre_init = false;
	if (rc < 0) {
		NLOG(DMN, 0, "%s: start-up failed: %s", d->progname, nea_strerror(rc));
		goto out_stop;
	}
	if (sandbox(d) < 0)
		goto out_stop;
	for (size_t i = 0; i < d->nservers; i++)
		if (ipc_server_start(d->servers[i]) < 0)
			goto out_stop;
	rc = svc->init ? svc->init(d, svc->ctx) : 0;
	if (rc < 0) {
		NLOG(DMN, 0, "%s: initialisation failed: %s", d->progname, nea_strerror(rc));
		goto out_stop;
	}
	if (!d->stopping) {
		send_simple(d, NEA__ENVELOPE__BODY_READY);
		NLOG(DMN, 1, "%s %s ready (pid %d)", d->progname, NEA_VERSION, (int)getpid());
	}
	uv_run(&d->loop, UV_RUN_DEFAULT);
	status = d->exit_code;
	NLOG(DMN, 1, "%s stopped", d->progname);
	goto out_loop;

out_stop:
	/* Start-up failed: the service's stop still runs so it can release
	 * whatever pre_init/init created, then every tracked handle closes. */
	nea_daemon_stop(d, 1);
	uv_run(&d->loop, UV_RUN_DEFAULT);
	status = 1;
out_loop:
	if (uv_loop_close(&d->loop) != 0)
		NLOG(DMN, 0, "%s: handles left open at exit", d->progname);
out_conf:
	nea_conf_free(d->conf);
out_free:
	free(d);
	return status;
}

/*
 * nea-master: life cycle. Reads the configuration, prepares the run
 * directory, starts the daemons and the control socket, then only reacts:
 * child exits, health ticks, SIGHUP (reload) and SIGTERM/SIGINT (stop).
 */
#include "master.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_log.h"
#include "nea_log_conf.h"
#include "nea_sandbox.h"

#define DEFAULT_CONFIG "/etc/nea/nea.conf"

static int get_num(const nea_conf_t *c, const char *key, long long def, long long min,
		   long long max, long long *out)
{
	if (nea_conf_get_int(c, key, def, out) < 0 || *out < min || *out > max) {
		NLOG(CFG, 0, "%s must be a number from %lld to %lld", key, min, max);
		return NEA_ECONFIG;
	}
	return 0;
}

int master_load_policy(master_t *m, const nea_conf_t *c, master_policy_t *p)
{
	int rc = 0;

	(void)m;
	rc |= get_num(c, "nea.master.restart_delay_ms", 200, 1, 3600000, &p->restart_delay_ms);
	rc |= get_num(c, "nea.master.restart_delay_max_ms", 30000, 1, 86400000,
		      &p->restart_delay_max_ms);
	rc |= get_num(c, "nea.master.crash_loop_count", 5, 1, MASTER_MAX_EXITS, &p->crash_loop_count);
	rc |= get_num(c, "nea.master.crash_loop_window", 60, 1, 86400, &p->crash_loop_window_s);
	rc |= get_num(c, "nea.master.health_interval_ms", 5000, 50, 3600000, &p->health_interval_ms);
	rc |= get_num(c, "nea.master.stop_grace_ms", 5000, 10, 600000, &p->stop_grace_ms);
	if (rc)
		return NEA_ECONFIG;
	if (p->restart_delay_max_ms < p->restart_delay_ms)
		p->restart_delay_max_ms = p->restart_delay_ms;
	return 0;
}

/* nea.log.* (all-or-nothing, see nea_log_conf.h), then --debug. */
static int apply_log_levels(const nea_conf_t *c, const char *debug)
{
	int rc = nea_log_configure(c);

	if (debug && nea_log_parse_levels(debug) < 0)
		NLOG(DMN, 0, "--debug %s: not a level list; ignored", debug);
	return rc;
}

static int load_config(master_t *m, nea_conf_t **out)
{
	char err[512] = "";
	int rc = nea_conf_load_file(m->config_path, out, err, sizeof(err));

	if (rc < 0)
		NLOG(CFG, 0, "cannot load %s: %s", m->config_path, err[0] ? err : nea_strerror(rc));
	return rc;
}

/* The daemons live next to nea-master (one install tree, no PATH games). */
static int find_bindir(master_t *m)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0) {
		NLOG(DMN, 0, "cannot find my own binary: %s", strerror(errno));
		return NEA_EIO;
	}
	exe[n] = '\0';
	snprintf(m->bindir, sizeof(m->bindir), "%s", dirname(exe));
	return 0;
}

/* rundir: a real directory (not a symlink), ours, mode 0750, group nea.group
 * when root so the daemons (members of that group) can reach the sockets. */
static int prepare_rundir(master_t *m)
{
	struct stat st;
	uid_t owner = geteuid();
	gid_t group = getegid();

	if (m->as_root) {
		const char *gname = nea_conf_get_str(m->conf, "nea.group", "nea");

		if (nea_sandbox_lookup_group(gname, &group) < 0) {
			NLOG(DMN, 0, "group '%s' does not exist; run deploy/create-users.sh or set nea.group",
			     gname);
			return NEA_ECONFIG;
		}
		m->group_gid = group;
	}
	if (mkdir(m->rundir, 0750) != 0 && errno != EEXIST) {
		NLOG(DMN, 0, "cannot create the run directory %s: %s", m->rundir, strerror(errno));
		return NEA_EIO;
	}
	if (lstat(m->rundir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		NLOG(DMN, 0, "run directory %s is not a directory", m->rundir);
		return NEA_ECONFIG;
	}
	if (st.st_uid != owner) {
		NLOG(DMN, 0, "run directory %s belongs to uid %u, not to me (uid %u)", m->rundir,
		     (unsigned)st.st_uid, (unsigned)owner);
		return NEA_EPERM;
	}
	if ((st.st_gid != group && chown(m->rundir, owner, group) != 0) ||
	    chmod(m->rundir, 0750) != 0) {
		NLOG(DMN, 0, "cannot set owner/mode of %s: %s", m->rundir, strerror(errno));
		return NEA_EIO;
	}
	return 0;
}

/* Another master on the same run directory would fight ours over the
 * sockets; a live master.sock means there is one. */
static bool other_master_running(const master_t *m)
{
	char path[PATH_MAX + 16];
	int fd;

	snprintf(path, sizeof(path), "%s/master.sock", m->rundir);
	if (ipc_sync_connect(path, &fd) == 0) {
		close(fd);
		return true;
	}
	return false;
}

static void remove_sockets(const master_t *m)
{
	DIR *d = opendir(m->rundir);
	struct dirent *e;

	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char path[PATH_MAX + 256];
		struct stat st;

		if (n < 5 || strcmp(e->d_name + n - 5, ".sock") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", m->rundir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISSOCK(st.st_mode))
			unlink(path);
	}
	closedir(d);
}

/* ---- stopping ---------------------------------------------------------- */

static void on_grace_timer(uv_timer_t *t)
{
	master_children_kill(t->data);
}

void master_check_finished(master_t *m)
{
	if (!m->stopping || m->finished || !master_children_all_exited(m))
		return;
	m->finished = true;
	NLOG(DMN, 1, "all daemons stopped; removing sockets");
	uv_close((uv_handle_t *)&m->grace_timer, NULL);
	uv_close((uv_handle_t *)&m->health_timer, NULL);
	master_children_close(m);
	master_ctl_close(m);
	remove_sockets(m);
	uv_close((uv_handle_t *)&m->sig_hup, NULL);
	uv_close((uv_handle_t *)&m->sig_int, NULL);
	uv_close((uv_handle_t *)&m->sig_term, NULL);
	/* Closing the handles restored the default actions; a repeated stop
	 * request must not turn a clean exit into a death by signal. */
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
}

static void begin_stop(master_t *m, const char *why)
{
	if (m->stopping)
		return;
	m->stopping = true;
	NLOG(DMN, 1, "%s; stopping all daemons", why);
	uv_timer_stop(&m->health_timer);
	master_children_stop(m);
	uv_timer_start(&m->grace_timer, on_grace_timer, (uint64_t)m->pol.stop_grace_ms, 0);
	master_check_finished(m);
}

/* ---- reload ------------------------------------------------------------ */

static void reload(master_t *m)
{
	nea_conf_t *fresh = NULL;
	master_policy_t pol;

	NLOG(DMN, 1, "SIGHUP: re-reading %s", m->config_path);
	if (load_config(m, &fresh) < 0 || master_load_policy(m, fresh, &pol) < 0 ||
	    apply_log_levels(fresh, m->debug) < 0) {
		NLOG(DMN, 0, "reload failed; keeping the running configuration");
		nea_conf_free(fresh);
		return;
	}
	if (strcmp(nea_conf_get_str(fresh, "nea.rundir", "/run/nea"), m->rundir) != 0)
		NLOG(DMN, 0, "nea.rundir changed; that takes a restart of nea-master");
	nea_conf_free(m->conf);
	m->conf = fresh;
	m->pol = pol;
	uv_timer_set_repeat(&m->health_timer, (uint64_t)m->pol.health_interval_ms);
	master_children_reload(m);
	master_child_apply_config(m, true);
}

/* ---- loop callbacks ---------------------------------------------------- */

static void on_signal(uv_signal_t *h, int signum)
{
	master_t *m = h->data;

	if (signum == SIGHUP) {
		if (!m->stopping)
			reload(m);
		return;
	}
	begin_stop(m, signum == SIGTERM ? "SIGTERM received" : "SIGINT received");
}

static void on_health_timer(uv_timer_t *t)
{
	master_health_tick(t->data);
}

/* ---- main -------------------------------------------------------------- */

static void usage(FILE *f)
{
	fprintf(f,
		"usage: nea-master [--config FILE] [--debug LEVELS]\n"
		"  --config FILE    configuration (default " DEFAULT_CONFIG ")\n"
		"  --debug LEVELS   log levels for the master and every daemon\n"
		"Starts and supervises the nea daemons; runs in the foreground.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "debug", required_argument, NULL, 'd' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	master_t *m = calloc(1, sizeof(*m));
	uv_loop_t loop;
	int c, status = 1;

	if (!m) {
		fprintf(stderr, "nea-master: out of memory\n");
		return 1;
	}
	m->config_path = DEFAULT_CONFIG;
	nea_log_init("nea-master", false);
	while ((c = getopt_long(argc, argv, "c:d:fhv", opts, NULL)) != -1) {
		switch (c) {
		case 'c': m->config_path = optarg; break;
		case 'd': m->debug = optarg; break;
		case 'f': break; /* always in the foreground; systemd supervises us */
		case 'h': usage(stdout); free(m); return 0;
		case 'v': printf("nea-master %s\n", NEA_VERSION); free(m); return 0;
		default: usage(stderr); free(m); return 2;
		}
	}
	if (optind < argc) {
		usage(stderr);
		free(m);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	m->as_root = geteuid() == 0;
	m->started_wall = (uint64_t)time(NULL);
	if (load_config(m, &m->conf) < 0)
		goto out_free;
	if (apply_log_levels(m->conf, m->debug) < 0)
		goto out_conf;
	if (master_load_policy(m, m->conf, &m->pol) < 0)
		goto out_conf;
	snprintf(m->rundir, sizeof(m->rundir), "%s",
		 nea_conf_get_str(m->conf, "nea.rundir", "/run/nea"));
	if (find_bindir(m) < 0 || prepare_rundir(m) < 0)
		goto out_conf;
	if (other_master_running(m)) {
		NLOG(DMN, 0, "another nea-master is already running on %s; exiting", m->rundir);
		goto out_conf;
	}
	remove_sockets(m); /* stale ones from a killed predecessor */

	if (uv_loop_init(&loop) != 0) {
		NLOG(DMN, 0, "cannot initialise the event loop");
		goto out_conf;
	}
	m->loop = &loop;
	uv_signal_init(&loop, &m->sig_term);
	uv_signal_init(&loop, &m->sig_int);
	uv_signal_init(&loop, &m->sig_hup);
	m->sig_term.data = m->sig_int.data = m->sig_hup.data = m;
	uv_signal_start(&m->sig_term, on_signal, SIGTERM);
	uv_signal_start(&m->sig_int, on_signal, SIGINT);
	uv_signal_start(&m->sig_hup, on_signal, SIGHUP);
	uv_timer_init(&loop, &m->health_timer);
	uv_timer_init(&loop, &m->grace_timer);
	m->health_timer.data = m->grace_timer.data = m;
	master_children_init(m);

	if (master_ctl_open(m) < 0) {
		NLOG(DMN, 0, "cannot open the control socket in %s", m->rundir);
		m->failed = true;
		begin_stop(m, "start-up failed");
	} else {
		NLOG(DMN, 1, "nea-master %s starting (pid %d, config %s, run directory %s%s)",
		     NEA_VERSION, (int)getpid(), m->config_path, m->rundir,
		     m->as_root ? "" : ", unprivileged");
		uv_timer_start(&m->health_timer, on_health_timer, (uint64_t)m->pol.health_interval_ms,
			       (uint64_t)m->pol.health_interval_ms);
		master_child_apply_config(m, false);
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	status = m->finished && !m->failed ? 0 : 1;
	if (uv_loop_close(&loop) != 0)
		NLOG(DMN, 0, "handles left open at exit");
	NLOG(DMN, 1, "nea-master stopped");
out_conf:
	nea_conf_free(m->conf);
out_free:
	free(m);
	return status;
}

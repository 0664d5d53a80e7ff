/*
 * nea-master: children. Spawning, the exit/restart policy, health polling.
 *
 * Restart policy: an exit the master did not ask for is a crash. The
 * daemon is started again after delay_ms, which starts at
 * restart_delay_ms, doubles after each crash up to restart_delay_max_ms and
 * starts over once a daemon has stayed up for a whole crash_loop_window.
 * crash_loop_count crashes within crash_loop_window seconds make the master
 * give up on that daemon (state "given up") until SIGHUP; every other
 * daemon keeps running.
 */
#include "master.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"
#include "nea_daemon.h"
#include "nea_sandbox.h"

extern char **environ;

/* Start order: listeners before their clients, so a normal start needs no
 * reconnect (clients retry anyway). */
static const struct {
	const char *name;
	bool def;
} daemon_table[MASTER_NDAEMONS] = {
	{ "policyd", true }, { "brokerd", true }, { "imvd", true },
	{ "pttlsd", true },  { "iked", true },    { "imcd", false },
};

const char *master_state_name(Nea__DaemonState s)
{
	switch (s) {
	case NEA__DAEMON_STATE__DAEMON_STOPPED: return "stopped";
	case NEA__DAEMON_STATE__DAEMON_STARTING: return "starting";
	case NEA__DAEMON_STATE__DAEMON_RUNNING: return "running";
	case NEA__DAEMON_STATE__DAEMON_RESTARTING: return "restarting";
	case NEA__DAEMON_STATE__DAEMON_GIVEN_UP: return "given up";
	default: return "?";
	}
}

static void on_restart_timer(uv_timer_t *t);

void master_children_init(master_t *m)
{
	for (size_t i = 0; i < MASTER_NDAEMONS; i++) {
		master_child_t *c = &m->kids[i];

		c->m = m;
		c->name = daemon_table[i].name;
		snprintf(c->prog, sizeof(c->prog), "nea-%s", c->name);
		c->state = NEA__DAEMON_STATE__DAEMON_STOPPED;
		c->delay_ms = (unsigned)m->pol.restart_delay_ms;
		uv_timer_init(m->loop, &c->restart_timer);
		c->restart_timer.data = c;
	}
}

/* ---- the link to one child --------------------------------------------- */

static void on_child_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	master_child_t *c = arg;
	size_t n;

	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_HELLO:
		/* The fd is ours alone, but a mismatch means a wrong binary at
		 * the path we exec; say so. */
		if (env->hello->pid != (uint32_t)c->pid ||
		    (env->hello->name && strcmp(env->hello->name, c->name) != 0))
			NLOG(MGR, 0, "%s (pid %d) introduced itself as '%s' pid %u; expected %s",
			     c->prog, (int)c->pid, env->hello->name ? env->hello->name : "?",
			     env->hello->pid, c->name);
		NLOG(MGR, 2, "%s (pid %d) says hello, version %s", c->prog, (int)c->pid,
		     env->hello->software_version ? env->hello->software_version : "?");
		break;
	case NEA__ENVELOPE__BODY_READY:
		if (c->state == NEA__DAEMON_STATE__DAEMON_STARTING)
			c->state = NEA__DAEMON_STATE__DAEMON_RUNNING;
		NLOG(MGR, 1, "%s (pid %d) is ready", c->prog, (int)c->pid);
		{
			/* A first report right away, so status has one soon. */
			Nea__Envelope out = NEA__ENVELOPE__INIT;
			Nea__HealthRequest hr = NEA__HEALTH_REQUEST__INIT;

			hr.seq = ++c->m->health_seq;
			out.body_case = NEA__ENVELOPE__BODY_HEALTH_REQUEST;
			out.health_request = &hr;
			ipc_link_send(l, &out);
		}
		break;
	case NEA__ENVELOPE__BODY_HEALTH_REPORT:
		n = nea__health_report__get_packed_size(env->health_report);
		{
			uint8_t *buf = malloc(n ? n : 1);

			if (!buf) {
				NLOG(MGR, 0, "out of memory storing the health of %s", c->prog);
				break;
			}
			nea__health_report__pack(env->health_report, buf);
			free(c->health);
			c->health = buf;
			c->health_len = n;
			c->health_seq = env->health_report->seq;
		}
		for (size_t i = 0; i < env->health_report->n_links; i++) {
			const Nea__PeerLink *pl = env->health_report->links[i];

			if (!pl->up)
				NLOG(MGR, 2, "%s: link %s is down", c->prog, pl->peer);
		}
		break;
	default:
		break;
	}
}

static void on_child_link_down(ipc_link_t *l, int reason, void *arg)
{
	master_child_t *c = arg;

	(void)l;
	if (c->link == l)
		c->link = NULL;
	if (reason != 0)
		NLOG(MGR, 1, "link to %s (pid %d) closed: %s", c->prog, (int)c->pid,
		     nea_strerror(reason));
}

/* ---- spawning ---------------------------------------------------------- */

static void on_proc_closed(uv_handle_t *h)
{
	master_child_t *c = h->data;

	c->proc_open = false;
	master_check_finished(c->m);
}

static void describe_exit(char *buf, size_t len, int64_t status, int sig)
{
	if (sig)
		snprintf(buf, len, "killed by signal %d", sig);
	else
		snprintf(buf, len, "exited with status %lld", (long long)status);
}

static void schedule_restart(master_child_t *c)
{
	master_t *m = c->m;
	uint64_t now = uv_now(m->loop);
	uint64_t window = (uint64_t)m->pol.crash_loop_window_s * 1000;
	size_t recent = 0;

	/* A daemon that stayed up for a whole window starts its back-off over. */
	if (now - c->started_ms >= window)
		c->delay_ms = (unsigned)m->pol.restart_delay_ms;
	if (c->nexits == MASTER_MAX_EXITS) {
		memmove(c->exits, c->exits + 1, (MASTER_MAX_EXITS - 1) * sizeof(c->exits[0]));
		c->nexits--;
	}
	c->exits[c->nexits++] = now;
	for (size_t i = 0; i < c->nexits; i++)
		if (now - c->exits[i] <= window)
			recent++;
	if ((long long)recent >= m->pol.crash_loop_count) {
		c->state = NEA__DAEMON_STATE__DAEMON_GIVEN_UP;
		NLOG(MGR, 0, "%s crashed %zu times in %lld s; giving up (the other daemons keep "
			     "running; fix the cause and send SIGHUP to nea-master to retry)",
		     c->prog, recent, m->pol.crash_loop_window_s);
		return;
	}
	c->state = NEA__DAEMON_STATE__DAEMON_RESTARTING;
	NLOG(MGR, 0, "%s (pid %d) %s; restarting in %u ms", c->prog, (int)c->pid, c->last_exit,
	     c->delay_ms);
	uv_timer_start(&c->restart_timer, on_restart_timer, c->delay_ms, 0);
	c->delay_ms = (long long)c->delay_ms * 2 > m->pol.restart_delay_max_ms
			      ? (unsigned)m->pol.restart_delay_max_ms
			      : c->delay_ms * 2;
}

static void on_proc_exit(uv_process_t *p, int64_t status, int sig)
{
	master_child_t *c = p->data;
	master_t *m = c->m;

	c->running = false;
	describe_exit(c->last_exit, sizeof(c->last_exit), status, sig);
	uv_close((uv_handle_t *)p, on_proc_closed);
	/* The link sees EOF on its own; close it now so a late frame from a
	 * dead pid cannot be mistaken for its successor's. */
	ipc_link_close(c->link);
	c->link = NULL;
	free(c->health);
	c->health = NULL;
	c->health_len = 0;
	if (m->stopping || c->stop_requested) {
		NLOG(MGR, 1, "%s (pid %d) %s", c->prog, (int)c->pid, c->last_exit);
		c->state = NEA__DAEMON_STATE__DAEMON_STOPPED;
		c->stop_requested = false;
		c->pid = 0;
		master_check_finished(m);
		return;
	}
	schedule_restart(c);
	c->pid = 0;
}

/* Environment of a child: ours without any NEA_MASTER_FD, plus the fd. */
static char **child_env(void)
{
	size_t n = 0, k = 0;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + 2, sizeof(char *));
	if (!env)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strncmp(environ[i], "NEA_MASTER_FD=", 14) != 0)
			env[k++] = environ[i];
	env[k++] = (char *)"NEA_MASTER_FD=3";
	env[k] = NULL;
	return env;
}

void master_child_start(master_child_t *c)
{
	static const int allowed[] = {
		NEA__ENVELOPE__BODY_HELLO,
		NEA__ENVELOPE__BODY_READY,
		NEA__ENVELOPE__BODY_HEALTH_REPORT,
	};
	master_t *m = c->m;
	uv_process_options_t po;
	uv_stdio_container_t stdio[4];
	char path[PATH_MAX + 64];
	char *args[6];
	char **env = NULL;
	size_t na = 0;
	int sv[2], rc;
	ipc_opts_t lo;
	ipc_cbs_t cbs = { .on_msg = on_child_msg, .on_down = on_child_link_down, .arg = c };

	if (m->stopping || c->running)
		return;
	if (c->proc_open) {
		/* The previous process handle is still closing; a moment later. */
		uv_timer_start(&c->restart_timer, on_restart_timer, 10, 0);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", m->bindir, c->prog);
	if (access(path, X_OK) != 0) {
		NLOG(MGR, 0, "%s: cannot execute %s: %s; not starting it", c->prog, path,
		     strerror(errno));
		snprintf(c->last_exit, sizeof(c->last_exit), "binary missing");
		c->state = NEA__DAEMON_STATE__DAEMON_GIVEN_UP;
		return;
	}
	if (m->as_root) {
		char key[64], def[64];
		const char *user = nea_daemon_user_for(m->conf, c->name, def, sizeof(def));
		uid_t uid;
		gid_t gid;

		snprintf(key, sizeof(key), "nea.users.%s", c->name);
		if (nea_sandbox_lookup_user(user, &uid, &gid) < 0) {
			NLOG(MGR, 0, "%s: user '%s' does not exist; run deploy/create-users.sh "
				     "or set %s; not starting it", c->prog, user, key);
			snprintf(c->last_exit, sizeof(c->last_exit), "user %s missing", user);
			c->state = NEA__DAEMON_STATE__DAEMON_GIVEN_UP;
			return;
		}
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
		NLOG(MGR, 0, "%s: socketpair failed: %s; retrying", c->prog, strerror(errno));
		schedule_restart(c);
		return;
	}
	env = child_env();
	if (!env) {
		close(sv[0]);
		close(sv[1]);
		NLOG(MGR, 0, "%s: out of memory; retrying", c->prog);
		schedule_restart(c);
		return;
	}
	args[na++] = c->prog;
	args[na++] = (char *)"--config";
	args[na++] = (char *)m->config_path;
	if (m->debug) {
		args[na++] = (char *)"--debug";
		args[na++] = (char *)m->debug;
	}
	args[na] = NULL;
	memset(&po, 0, sizeof(po));
	memset(stdio, 0, sizeof(stdio));
	for (int i = 0; i < 3; i++) {
		stdio[i].flags = UV_INHERIT_FD;
		stdio[i].data.fd = i;
	}
	stdio[3].flags = UV_INHERIT_FD;
	stdio[3].data.fd = sv[1];
	po.exit_cb = on_proc_exit;
	po.file = path;
	po.args = args;
	po.env = env;
	po.stdio = stdio;
	po.stdio_count = 4;
	c->proc.data = c;
	rc = uv_spawn(m->loop, &c->proc, &po);
	free(env);
	close(sv[1]);
	c->proc_open = true;
	if (rc < 0) {
		close(sv[0]);
		snprintf(c->last_exit, sizeof(c->last_exit), "spawn failed: %s", uv_strerror(rc));
		NLOG(MGR, 0, "%s: %s", c->prog, c->last_exit);
		uv_close((uv_handle_t *)&c->proc, on_proc_closed);
		c->pid = 0;
		c->started_ms = uv_now(m->loop);
		schedule_restart(c);
		return;
	}
	if (c->state == NEA__DAEMON_STATE__DAEMON_RESTARTING)
		c->restarts++;
	c->running = true;
	c->pid = c->proc.pid;
	c->started_ms = uv_now(m->loop);
	c->started_wall = (uint64_t)time(NULL);
	c->state = NEA__DAEMON_STATE__DAEMON_STARTING;
	memset(&lo, 0, sizeof(lo));
	lo.name = c->prog;
	/* Hello, Ready and HealthReport are small; a compromised daemon gets
	 * no more of the supervisor's memory than that needs. */
	lo.max_frame = 64 * 1024;
	lo.allowed = allowed;
	lo.n_allowed = sizeof(allowed) / sizeof(allowed[0]);
	if (ipc_link_open_fd(m->loop, sv[0], &lo, &cbs, &c->link) < 0) {
		/* Without its link the child would exit anyway; make it quick. */
		NLOG(MGR, 0, "%s (pid %d): cannot open its link; stopping it", c->prog, (int)c->pid);
		c->link = NULL;
		kill(c->pid, SIGKILL);
		return;
	}
	NLOG(MGR, 1, "started %s (pid %d)", c->prog, (int)c->pid);
}

static void on_restart_timer(uv_timer_t *t)
{
	master_child_t *c = t->data;

	if (c->m->stopping || !c->enabled)
		return;
	master_child_start(c);
}

/* ---- configuration ----------------------------------------------------- */

void master_child_apply_config(master_t *m, bool reload)
{
	for (size_t i = 0; i < MASTER_NDAEMONS; i++) {
		master_child_t *c = &m->kids[i];
		char key[64];
		bool was = c->enabled;

		snprintf(key, sizeof(key), "nea.daemons.%s", c->name);
		c->enabled = nea_conf_get_bool(m->conf, key, daemon_table[i].def);
		if (!c->enabled) {
			if (was && c->running) {
				NLOG(MGR, 1, "%s is no longer enabled; stopping it", c->prog);
				c->stop_requested = true;
				kill(c->pid, SIGTERM);
			}
			uv_timer_stop(&c->restart_timer);
			if (!c->running)
				c->state = NEA__DAEMON_STATE__DAEMON_STOPPED;
			continue;
		}
		if (c->state == NEA__DAEMON_STATE__DAEMON_GIVEN_UP && reload) {
			NLOG(MGR, 1, "%s: trying again after reload", c->prog);
			c->nexits = 0;
			c->delay_ms = (unsigned)m->pol.restart_delay_ms;
			c->state = NEA__DAEMON_STATE__DAEMON_STOPPED;
		}
		if (!c->running && c->state == NEA__DAEMON_STATE__DAEMON_STOPPED)
			master_child_start(c);
	}
}

/* ---- health, reload, stop ---------------------------------------------- */

static void send_to(master_child_t *c, Nea__Envelope *env)
{
	if (c->link && ipc_link_send(c->link, env) < 0)
		NLOG(MGR, 1, "cannot send to %s (pid %d)", c->prog, (int)c->pid);
}

void master_health_tick(master_t *m)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__HealthRequest hr = NEA__HEALTH_REQUEST__INIT;

	hr.seq = ++m->health_seq;
	env.body_case = NEA__ENVELOPE__BODY_HEALTH_REQUEST;
	env.health_request = &hr;
	for (size_t i = 0; i < MASTER_NDAEMONS; i++)
		if (m->kids[i].running)
			send_to(&m->kids[i], &env);
}

void master_children_reload(master_t *m)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Reload rl = NEA__RELOAD__INIT;

	env.body_case = NEA__ENVELOPE__BODY_RELOAD;
	env.reload = &rl;
	for (size_t i = 0; i < MASTER_NDAEMONS; i++)
		if (m->kids[i].running && m->kids[i].enabled)
			send_to(&m->kids[i], &env);
}

void master_children_stop(master_t *m)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Shutdown sd = NEA__SHUTDOWN__INIT;

	env.body_case = NEA__ENVELOPE__BODY_SHUTDOWN;
	env.shutdown = &sd;
	/* Reverse start order: clients go before the daemons they talk to. */
	for (size_t i = MASTER_NDAEMONS; i-- > 0;) {
		master_child_t *c = &m->kids[i];

		uv_timer_stop(&c->restart_timer);
		if (!c->running) {
			if (c->state != NEA__DAEMON_STATE__DAEMON_GIVEN_UP)
				c->state = NEA__DAEMON_STATE__DAEMON_STOPPED;
			continue;
		}
		send_to(c, &env);
		/* SIGTERM too: a wedged loop still gets the signal handler's
		 * chance, and SIGKILL follows after the grace period. */
		kill(c->pid, SIGTERM);
	}
}

void master_children_kill(master_t *m)
{
	for (size_t i = 0; i < MASTER_NDAEMONS; i++) {
		master_child_t *c = &m->kids[i];

		if (c->running) {
			NLOG(MGR, 0, "%s (pid %d) did not stop within %lld ms; killing it", c->prog,
			     (int)c->pid, m->pol.stop_grace_ms);
			kill(c->pid, SIGKILL);
		}
	}
}

bool master_children_all_exited(const master_t *m)
{
	for (size_t i = 0; i < MASTER_NDAEMONS; i++)
		if (m->kids[i].running || m->kids[i].proc_open)
			return false;
	return true;
}

void master_children_close(master_t *m)
{
	for (size_t i = 0; i < MASTER_NDAEMONS; i++) {
		master_child_t *c = &m->kids[i];

		ipc_link_close(c->link);
		c->link = NULL;
		free(c->health);
		c->health = NULL;
		uv_close((uv_handle_t *)&c->restart_timer, NULL);
	}
}

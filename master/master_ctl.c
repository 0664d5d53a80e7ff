/*
 * nea-master: the control socket <rundir>/master.sock. Only root and the
 * master's own uid may connect (SO_PEERCRED, and mode 0600 on the file);
 * the only request is StatusRequest.
 */
#include "master.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"

/* Real uid of a process from /proc (the daemon may have dropped to its
 * configured user; operators want to see that it did). */
static bool proc_uid(pid_t pid, uint32_t *uid)
{
	char path[64], line[256];
	FILE *f;
	bool ok = false;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Uid: %u", uid) == 1) {
			ok = true;
			break;
		}
	fclose(f);
	return ok;
}

static void send_status(master_t *m, ipc_link_t *l, uint64_t req_id, bool has_req)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__StatusReply rep = NEA__STATUS_REPLY__INIT;
	Nea__DaemonStatus ds[MASTER_NDAEMONS], *dsp[MASTER_NDAEMONS];
	Nea__HealthReport *hr[MASTER_NDAEMONS] = { 0 };
	uint64_t now = (uint64_t)time(NULL);
	size_t n = 0;

	for (size_t i = 0; i < MASTER_NDAEMONS; i++) {
		master_child_t *c = &m->kids[i];
		Nea__DaemonStatus *d = &ds[n];

		if (!c->enabled && c->state == NEA__DAEMON_STATE__DAEMON_STOPPED && !c->running)
			continue;
		nea__daemon_status__init(d);
		d->name = (char *)c->name;
		d->state = c->state;
		d->has_pid = true;
		d->pid = c->running ? (uint32_t)c->pid : 0;
		d->has_restarts = true;
		d->restarts = c->restarts;
		if (c->running) {
			d->has_uptime = true;
			d->uptime = now >= c->started_wall ? now - c->started_wall : 0;
			d->has_uid = proc_uid(c->pid, &d->uid);
		}
		if (c->last_exit[0])
			d->last_exit = c->last_exit;
		if (c->health) {
			hr[n] = nea__health_report__unpack(NULL, c->health_len, c->health);
			d->health = hr[n];
		}
		dsp[n++] = d;
	}
	rep.master_pid = (uint32_t)getpid();
	rep.uptime = now >= m->started_wall ? now - m->started_wall : 0;
	rep.rundir = m->rundir;
	rep.n_daemons = n;
	rep.daemons = dsp;
	env.body_case = NEA__ENVELOPE__BODY_STATUS_REPLY;
	env.status_reply = &rep;
	env.req_id = req_id;
	env.has_req_id = has_req;
	if (ipc_link_send(l, &env) < 0)
		NLOG(MGR, 1, "cannot send status to pid %d", (int)ipc_link_peer_pid(l));
	for (size_t i = 0; i < n; i++)
		if (hr[i])
			nea__health_report__free_unpacked(hr[i], NULL);
}

static void on_ctl_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	master_t *m = arg;

	if (env->body_case == NEA__ENVELOPE__BODY_STATUS_REQUEST) {
		NLOG(MGR, 2, "status requested by pid %d uid %u", (int)ipc_link_peer_pid(l),
		     (unsigned)ipc_link_peer_uid(l));
		send_status(m, l, env->req_id, env->has_req_id);
	}
}

int master_ctl_open(master_t *m)
{
	static const int allowed[] = { NEA__ENVELOPE__BODY_STATUS_REQUEST };
	uid_t uids[2] = { 0, getuid() };
	ipc_cbs_t cbs = { .on_msg = on_ctl_msg, .arg = m };
	ipc_opts_t o;
	char path[PATH_MAX + 16];
	int rc;

	memset(&o, 0, sizeof(o));
	o.name = "master.sock";
	o.allowed = allowed;
	o.n_allowed = 1;
	o.uids = uids;
	o.n_uids = uids[1] == 0 ? 1 : 2;
	o.max_conns = 16;
	o.max_frame = 64 * 1024;
	snprintf(path, sizeof(path), "%s/master.sock", m->rundir);
	rc = ipc_server_bind(m->loop, path, &o, &cbs, NULL, NULL, &m->ctl);
	if (rc < 0)
		return rc;
	if (chmod(path, 0600) != 0) {
		NLOG(DMN, 0, "cannot restrict %s", path);
		ipc_server_close(m->ctl);
		m->ctl = NULL;
		return NEA_EIO;
	}
	rc = ipc_server_start(m->ctl);
	if (rc < 0) {
		ipc_server_close(m->ctl);
		m->ctl = NULL;
	}
	return rc;
}

void master_ctl_close(master_t *m)
{
	ipc_server_close(m->ctl);
	m->ctl = NULL;
}

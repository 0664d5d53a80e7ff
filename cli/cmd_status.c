/*
 * nea status [--rundir DIR | --config FILE] [--raw]: what nea-master says
 * about its daemons. Exit status 0 when every daemon is running with all of
 * its links up, 3 when not, 1 when the master cannot be asked.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nea.pb-c.h"
#include "nea_cli.h"
#include "nea_err.h"
#include "nea_ipc.h"

static const char *state_name(Nea__DaemonState s)
{
	switch (s) {
	case NEA__DAEMON_STATE__DAEMON_STOPPED: return "stopped";
	case NEA__DAEMON_STATE__DAEMON_STARTING: return "starting";
	case NEA__DAEMON_STATE__DAEMON_RUNNING: return "running";
	case NEA__DAEMON_STATE__DAEMON_RESTARTING: return "restarting";
	case NEA__DAEMON_STATE__DAEMON_GIVEN_UP: return "given-up";
	default: return "unknown";
	}
}

static void fmt_duration(char *buf, size_t len, uint64_t s)
{
	if (s < 60)
		snprintf(buf, len, "%llus", (unsigned long long)s);
	else if (s < 3600)
		snprintf(buf, len, "%llum%02llus", (unsigned long long)(s / 60),
			 (unsigned long long)(s % 60));
	else if (s < 86400)
		snprintf(buf, len, "%lluh%02llum", (unsigned long long)(s / 3600),
			 (unsigned long long)(s % 3600 / 60));
	else
		snprintf(buf, len, "%llud%02lluh", (unsigned long long)(s / 86400),
			 (unsigned long long)(s % 86400 / 3600));
}

static bool daemon_healthy(const Nea__DaemonStatus *d)
{
	if (d->state != NEA__DAEMON_STATE__DAEMON_RUNNING || !d->health)
		return false;
	for (size_t i = 0; i < d->health->n_links; i++)
		if (!d->health->links[i]->up)
			return false;
	return true;
}

static void print_raw(const Nea__StatusReply *r)
{
	printf("master pid=%u uptime=%llu rundir=%s\n", r->master_pid,
	       (unsigned long long)r->uptime, r->rundir);
	for (size_t i = 0; i < r->n_daemons; i++) {
		const Nea__DaemonStatus *d = r->daemons[i];
		const Nea__HealthReport *h = d->health;

		printf("daemon name=%s state=%s pid=%u restarts=%u uptime=%llu", d->name,
		       state_name(d->state), d->pid, d->restarts, (unsigned long long)d->uptime);
		if (d->has_uid)
			printf(" uid=%u", d->uid);
		printf(" healthy=%d", daemon_healthy(d) ? 1 : 0);
		if (h)
			printf(" connections=%u rss_kb=%llu reloads=%u", h->connections,
			       (unsigned long long)h->rss_kb, h->reloads);
		if (d->last_exit)
			printf(" last_exit=\"%s\"", d->last_exit);
		printf("\n");
		for (size_t k = 0; h && k < h->n_links; k++)
			printf("link daemon=%s peer=%s up=%d reconnects=%u\n", d->name,
			       h->links[k]->peer, h->links[k]->up ? 1 : 0, h->links[k]->reconnects);
	}
}

static void print_table(const Nea__StatusReply *r)
{
	char up[32];

	fmt_duration(up, sizeof(up), r->uptime);
	printf("nea-master pid %u, up %s, run directory %s\n\n", r->master_pid, up, r->rundir);
	printf("%-9s %-11s %7s %6s %8s %7s %5s %9s  %s\n", "DAEMON", "STATE", "PID", "UID",
	       "RESTARTS", "UPTIME", "CONNS", "RSS", "STATUS");
	for (size_t i = 0; i < r->n_daemons; i++) {
		const Nea__DaemonStatus *d = r->daemons[i];
		const Nea__HealthReport *h = d->health;
		char pid[16] = "-", uid[16] = "-", conns[16] = "-", rss[24] = "-";

		if (d->pid)
			snprintf(pid, sizeof(pid), "%u", d->pid);
		if (d->has_uid)
			snprintf(uid, sizeof(uid), "%u", d->uid);
		if (d->has_uptime)
			fmt_duration(up, sizeof(up), d->uptime);
		else
			snprintf(up, sizeof(up), "-");
		if (h) {
			snprintf(conns, sizeof(conns), "%u", h->connections);
			snprintf(rss, sizeof(rss), "%.1f MiB", (double)h->rss_kb / 1024.0);
		}
		printf("%-9s %-11s %7s %6s %8u %7s %5s %9s  %s\n", d->name, state_name(d->state), pid,
		       uid, d->restarts, up, conns, rss,
		       h && h->status ? h->status : (d->state == NEA__DAEMON_STATE__DAEMON_RUNNING
							     ? "(no health report yet)" : ""));
		for (size_t k = 0; h && k < h->n_links; k++)
			printf("          link %-8s %s, %u reconnect(s)\n", h->links[k]->peer,
			       h->links[k]->up ? "up" : "DOWN", h->links[k]->reconnects);
		if (d->last_exit)
			printf("          last exit: %s\n", d->last_exit);
	}
}

static int status_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "rundir", required_argument, NULL, 'r' },
		{ "config", required_argument, NULL, 'c' },
		{ "raw", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rundir = NULL, *config = NULL;
	char dir[PATH_MAX], path[PATH_MAX + 16];
	Nea__Envelope req = NEA__ENVELOPE__INIT, *rep = NULL;
	Nea__StatusRequest sr = NEA__STATUS_REQUEST__INIT;
	bool raw = false, healthy = true;
	int c, fd, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': rundir = optarg; break;
		case 'c': config = optarg; break;
		case 'R': raw = true; break;
		case 'h':
			printf("usage: nea status [--rundir DIR | --config FILE] [--raw]\n");
			return 0;
		default: return 2;
		}
	}
	if (optind < argc || cli_rundir(rundir, config, dir, sizeof(dir)) != 0)
		return optind < argc ? 2 : 1;
	snprintf(path, sizeof(path), "%s/master.sock", dir);
	rc = ipc_sync_connect(path, &fd);
	if (rc < 0) {
		fprintf(stderr, "nea status: cannot reach nea-master at %s: %s\n", path,
			rc == NEA_EPERM ? "permission denied" : "not running");
		return 1;
	}
	req.body_case = NEA__ENVELOPE__BODY_STATUS_REQUEST;
	req.status_request = &sr;
	rc = ipc_sync_call(fd, &req, NEA__ENVELOPE__BODY_STATUS_REPLY, 0, 10000, &rep);
	close(fd);
	if (rc < 0) {
		fprintf(stderr, "nea status: no answer from nea-master: %s\n", nea_strerror(rc));
		return 1;
	}
	if (raw)
		print_raw(rep->status_reply);
	else
		print_table(rep->status_reply);
	for (size_t i = 0; i < rep->status_reply->n_daemons; i++)
		healthy &= daemon_healthy(rep->status_reply->daemons[i]);
	nea__envelope__free_unpacked(rep, NULL);
	return healthy ? 0 : 3;
}

const nea_cmd_t nea_cmd_status = {
	.name = "status",
	.summary = "show nea-master's daemons: state, pid, restarts, health, links",
	.usage = "nea status [--rundir DIR | --config FILE] [--raw]   (exit 3: not all healthy)",
	.run = status_run,
};

/*
 * nea_daemon: the one main() every nea daemon shares (Postfix's skeleton
 * idea): a daemon is nea_daemon_main plus its own nea_service_t callbacks.
 *
 * Life cycle run by nea_daemon_main:
 *   1. parse --config FILE (default /etc/nea/nea.conf), --foreground,
 *      --debug LEVELS ("default=2,ipc=3"), --help, --version;
 *   2. load the configuration, set log levels from nea.log.* then --debug;
 *   3. open the master link (fd in env NEA_MASTER_FD; without it the daemon
 *      runs standalone and answers SIGHUP itself) and send Hello;
 *   4. svc->pre_init with the privileges the daemon was started with: bind
 *      listeners (nea_daemon_listen), open privileged ports, read keys;
 *   5. sandbox: core dumps off, no-new-privs; when root, chown the bound
 *      sockets and drop to nea.users.<name> (default nea-policy,
 *      nea-broker, ...: see nea_daemon_user_for) with the
 *      supplementary group nea.group (default nea); svc->no_network adds
 *      the AF_UNIX-only seccomp filter;
 *   6. start the listeners, then svc->init (client links with
 *      nea_daemon_connect, timers), then send Ready;
 *   7. run the loop: HealthRequest is answered with a HealthReport built
 *      from the tracked listeners and links; Reload (or SIGHUP standalone)
 *      re-reads the configuration and calls svc->reload; Shutdown, SIGTERM,
 *      SIGINT or the loss of the master call svc->stop, close every tracked
 *      handle in reverse order and exit 0.
 * A failing step before the loop logs why and exits 1, which the master
 * counts as a crash.
 *
 * Listeners and links created through this API belong to the skeleton:
 * services never close them; they are closed after svc->stop. Every other
 * handle a service opens it must close in svc->stop, or the loop cannot end.
 */
#ifndef NEA_DAEMON_H
#define NEA_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <uv.h>

#include "nea_conf.h"
#include "nea_ipc.h"
#include "supervisor.pb-c.h"

typedef struct nea_daemon nea_daemon_t;

typedef struct {
	const char *name;          /* "brokerd": key under nea.daemons/nea.users; program nea-<name> */
	Nea__DaemonRole role;
	bool no_network;           /* seccomp: AF_UNIX sockets only (measurement hosts) */
	/* Binds nothing in the run directory (a one-shot run on an inherited
	 * socket): a standalone start then does not create nea.rundir. */
	bool no_rundir;
	int (*pre_init)(nea_daemon_t *d, void *ctx);   /* optional; privileged */
	int (*init)(nea_daemon_t *d, void *ctx);       /* optional; sandboxed */
	/* The new configuration is already in place (nea_daemon_conf); a
	 * negative return is logged, the daemon keeps running. Optional. */
	int (*reload)(nea_daemon_t *d, void *ctx);
	void (*stop)(nea_daemon_t *d, void *ctx);      /* optional */
	/* One status line for HealthReport.status; optional. */
	void (*health)(nea_daemon_t *d, void *ctx, char *buf, size_t len);
	void *ctx;
	/* Connections the service serves beyond the skeleton's listeners
	 * (network peers of a front end), added to HealthReport.connections.
	 * Optional. */
	unsigned (*connections)(nea_daemon_t *d, void *ctx);
} nea_service_t;

int nea_daemon_main(int argc, char **argv, const nea_service_t *svc);

uv_loop_t *nea_daemon_loop(nea_daemon_t *d);
const nea_conf_t *nea_daemon_conf(const nea_daemon_t *d);
const char *nea_daemon_rundir(const nea_daemon_t *d);
/* "nea-brokerd" */
const char *nea_daemon_progname(const nea_daemon_t *d);

/* Defaults for a link from the configuration: max_frame (nea.ipc.max_frame),
 * reconnect delays (nea.ipc.reconnect_delay_ms, reconnect_delay_max_ms). */
void nea_daemon_ipc_opts(const nea_daemon_t *d, ipc_opts_t *opts);

/* The uids a peer may have when it is one of the named daemons ("imvd",
 * "brokerd", ...): their configured users when this daemon was started as
 * root, our own uid otherwise. With operator=true root and our own uid are
 * added (sockets the nea CLI uses). Returns the count written (<= max) or
 * a negative NEA_E* code. */
int nea_daemon_peer_uids(const nea_daemon_t *d, const char *const *names, size_t nnames,
			 bool operator, uid_t *out, size_t max);

/* The user daemon `name` runs as when started by root: nea.users.<name>,
 * default "nea-" + name without its trailing d (policyd -> nea-policy). */
const char *nea_daemon_user_for(const nea_conf_t *c, const char *name, char *buf, size_t len);

/* Listener on <rundir>/<sockname>; only from pre_init. It starts accepting
 * after the privilege drop. opts->name defaults to sockname. */
int nea_daemon_listen(nea_daemon_t *d, const char *sockname, const ipc_opts_t *opts,
		      const ipc_cbs_t *cbs, ipc_accept_cb on_accept, void *arg,
		      ipc_server_t **out);
/* Reconnecting client link to <rundir>/<sockname>; only from init. Its
 * state appears in HealthReport.links under opts->name (default sockname). */
int nea_daemon_connect(nea_daemon_t *d, const char *sockname, const ipc_opts_t *opts,
		       const ipc_cbs_t *cbs, ipc_link_t **out);

/* Ask the daemon to stop (svc->stop runs from the loop); exit_code is the
 * process's exit status. */
void nea_daemon_stop(nea_daemon_t *d, int exit_code);

#endif

/*
 * nea-master internals: the supervisor (Postfix's master in spirit).
 *
 * Contract: the master reads only its own configuration and the frames its
 * children and the local operator send over Unix sockets; it never parses
 * network input. It starts each enabled daemon with one end of a socketpair
 * as NEA_MASTER_FD, restarts a daemon that exits with a doubling delay,
 * gives up on a daemon that crash-loops (the others keep running), asks for
 * health periodically, forwards Reload on SIGHUP, and on SIGTERM/SIGINT
 * stops every child (Shutdown + SIGTERM, SIGKILL after the grace period)
 * and removes the sockets.
 *
 * Modules: master_main.c (life cycle, run directory, signals),
 * master_child.c (spawn, exit, restart policy, health), master_ctl.c
 * (master.sock: status for `nea status`).
 */
#ifndef NEA_MASTER_H
#define NEA_MASTER_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <uv.h>

#include "nea_conf.h"
#include "nea_ipc.h"
#include "supervisor.pb-c.h"

#define MASTER_MAX_EXITS 64

typedef struct master master_t;

typedef struct {
	master_t *m;
	const char *name;            /* "brokerd" */
	char prog[32];               /* "nea-brokerd" */
	bool enabled;
	Nea__DaemonState state;
	uv_process_t proc;
	bool proc_open;              /* handle initialised, close not finished */
	bool running;                /* process alive (exit not yet seen) */
	bool stop_requested;         /* we asked it to stop: an exit is no crash */
	pid_t pid;
	ipc_link_t *link;
	uint64_t started_ms;         /* uv_now at spawn */
	uint64_t started_wall;       /* unix seconds at spawn */
	unsigned restarts;
	unsigned delay_ms;           /* delay before the next restart */
	uint64_t exits[MASTER_MAX_EXITS]; /* uv_now of recent unexpected exits */
	size_t nexits;
	uv_timer_t restart_timer;
	char last_exit[96];
	uint8_t *health;             /* last HealthReport, packed */
	size_t health_len;
	uint64_t health_seq;
} master_child_t;

typedef struct {
	long long restart_delay_ms;
	long long restart_delay_max_ms;
	long long crash_loop_count;
	long long crash_loop_window_s;
	long long health_interval_ms;
	long long stop_grace_ms;
} master_policy_t;

#define MASTER_NDAEMONS 6

struct master {
	uv_loop_t *loop;
	const char *config_path;
	const char *debug;           /* --debug, passed on to the children */
	nea_conf_t *conf;
	master_policy_t pol;
	char rundir[PATH_MAX];
	char bindir[PATH_MAX];
	gid_t group_gid;
	bool as_root;
	uint64_t started_wall;
	master_child_t kids[MASTER_NDAEMONS];
	uv_signal_t sig_term, sig_int, sig_hup;
	uv_timer_t health_timer, grace_timer;
	ipc_server_t *ctl;
	bool stopping;
	bool finished;
	bool failed;                 /* start-up failed: exit 1 after cleanup */
	uint64_t health_seq;
};

/* master_main.c */
int master_load_policy(master_t *m, const nea_conf_t *c, master_policy_t *p);
void master_check_finished(master_t *m);

/* master_child.c */
void master_children_init(master_t *m);
void master_child_apply_config(master_t *m, bool reload);
void master_child_start(master_child_t *c);
void master_children_stop(master_t *m);
void master_children_kill(master_t *m);
void master_children_reload(master_t *m);
void master_children_close(master_t *m);
bool master_children_all_exited(const master_t *m);
void master_health_tick(master_t *m);
const char *master_state_name(Nea__DaemonState s);

/* master_ctl.c */
int master_ctl_open(master_t *m);
void master_ctl_close(master_t *m);

#endif

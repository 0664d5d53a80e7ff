/*
 * Fixture for the suite that runs the real nea-policyd binary
 * ($NEA_BIN_DIR/nea-policyd, standalone, no nea-master) in a temp dir and
 * talks to it over its real Unix sockets, as nea-imvd and the nea CLI do.
 *
 * Contract: pp_setup writes <dir>/nea.conf (rundir <dir>/run, database
 * sqlite://<dir>/db/config.db, housekeeping every 100 ms;
 * under root every daemon user is root so this process is an accepted
 * peer of both sockets) and starts the daemon; pp_teardown stops it and
 * removes the dir. pp_call sends one envelope and returns whatever case
 * comes back (NULL when the daemon closed the connection or said nothing
 * within 10 s); the caller frees it with nea__envelope__free_unpacked.
 */
#ifndef NEA_TEST_PD_PROC_H
#define NEA_TEST_PD_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nea.pb-c.h"

typedef struct {
	char dir[64];
	char conf[128];
	char rundir[128];
	char dbpath[128];
	char log[128];
	pid_t pid;
} pp_t;

extern pp_t pp;

void pp_setup(void);
/* The same with nea.policyd.synchronous = normal (no fsync per commit). */
void pp_setup_nosync(void);
/* The same with nea.policyd.orphan_timeout = 1 s (60 otherwise). */
void pp_setup_orphan(void);
void pp_teardown(void);

/* Start nea-policyd and wait until both sockets answer. */
void pp_start(void);
/* Stop it with sig (SIGTERM: clean stop, SIGKILL: a crash); waits. */
void pp_stop(int sig);

/* A new connection to <rundir>/name; -1 when nothing listens. */
int pp_connect(const char *name);
/* One request on fd (version and req_id filled in); any reply case. */
Nea__Envelope *pp_call(int fd, Nea__Envelope *req);
/* Send raw bytes (a frame the test built itself). */
void pp_send_raw(int fd, const void *buf, size_t len);
/* true when the daemon closed fd (read returns 0 within 5 s). */
bool pp_closed_by_peer(int fd);

/* Requests on a policy.sock connection. */
Nea__Envelope *pp_create(int fd, uint32_t connection, const char *user, const char *ip);
Nea__Envelope *pp_start_session(int fd, uint64_t session, const char *device,
				const char *product);
Nea__Envelope *pp_result(int fd, uint64_t workitem, uint32_t rec, const char *text);
Nea__Envelope *pp_stop_session(int fd, uint64_t session, uint32_t rec);

/* Run `nea <args> --config <conf>` (args as one shell-quoted string);
 * stdout and stderr go to *out (malloc'd, both streams together).
 * Returns the exit status. */
int pp_cli(const char *args, char **out);

/* The daemon's log so far (malloc'd). */
char *pp_log(void);

#endif

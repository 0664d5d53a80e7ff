/*
 * Fixture for the nea-policyd core suites: a fresh database in a temp dir,
 * the clock pinned, a pd_core_t on it, and helpers that build each
 * policy.proto request as nea-imvd would and return the reply.
 */
#ifndef NEA_TEST_PD_FIXTURE_H
#define NEA_TEST_PD_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "pdb.h"
#include "policyd_core.h"
#include "policyd_reply.h"

/* Nov 22 22:28:40 2026 UTC, the first contact in the 5.9.14 capture */
#define PF_T0 1795386520
#define PF_DEV "3d1219c7c4c5404aaa1f6d2a48adfda4"
#define PF_PRODUCT "Debian 12 x86_64"

typedef struct {
	char dir[64];
	char path[128];
	pdb_t *db;
	pd_core_t *core;
	pd_limits_t limits;
	pd_reply_t r;       /* the last reply */
	int rc;             /* what the last pd_core_* call returned */
	uint64_t link;      /* connection number the helpers use (1) */
} pf_t;

extern pf_t pf;

/* criterion .init/.fini */
void pf_setup(void);
void pf_teardown(void);
/* Close the core and database without stopping anything (a crash), then
 * open both again at time t. */
void pf_restart(int64_t t);
void pf_set_time(int64_t t);

/* Requests; each replaces pf.r. conn_id 0 leaves Envelope.conn_id unset. */
const Nea__Envelope *pf_create(uint64_t conn_id, uint32_t connection, const char *user,
			       const char *ip);
const Nea__Envelope *pf_start(uint64_t conn_id, uint64_t session, const char *device,
			      const char *product);
const Nea__Envelope *pf_result(uint64_t conn_id, uint64_t workitem, uint32_t rec, const char *text);
const Nea__Envelope *pf_stop(uint64_t conn_id, uint64_t session, uint32_t rec);
/* NULL-terminated name, version pairs */
const Nea__Envelope *pf_packages(const char *product, ...);
/* Any envelope. */
const Nea__Envelope *pf_send(Nea__Envelope *req, uint64_t link);
/* NULL-terminated words; status in pf.rc */
const Nea__AdminReply *pf_admin(const char *word, ...);

/* The last reply must be a PolicyError with this code. */
void pf_expect_error(int code);
/* A created and started session of connection conn: its id; the reply
 * (WorkitemList) stays in pf.r. */
int64_t pf_session(uint32_t conn, const char *ip);

/* Scalars read through a second connection. */
int64_t pf_int(const char *sql, int64_t arg);
/* Index of the first workitem of a type in the last WorkitemList, or -1. */
int pf_find(int type);

#endif

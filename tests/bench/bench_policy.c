/*
 * bench_policy: the cost of the max_age lookup at session start in the
 * policy database ("did this device pass this policy within max_age?",
 * strongSwan's imv_policy_manager semantics) as a device's history grows.
 *
 * For 10, 1000 and 10000 prior sessions of one device, on two databases:
 *  - "nea": a database nea-policyd creates (schema version 2, the lookup
 *    seeks results_device_policy by device and policy);
 *  - "swan": the same data in a database strongSwan made (user_version 0,
 *    no nea objects), where the lookup is strongSwan's results JOIN
 *    sessions query - the query nea used everywhere before version 2.
 * History: one first session in which the device passed every policy, then
 * the N prior sessions inside the 60 s window that skipped everything (no
 * results: the case where the join walks every one of them), plus as many
 * sessions of other devices that each passed every policy (so a plan
 * driven by the policy's results would be slow too).
 *
 * Figures: the lookup for policy 1 (Installed Packages, max_age 1 day) on
 * its own (prepared once, run repeatedly through a second connection as
 * pdb does it) with the plan SQLite picks (EXPLAIN QUERY PLAN), and
 * pdb_session_start for a new session of the device (group walk, one
 * lookup per enforcement, workitem inserts, commit), averaged over many
 * sessions; each started session is stopped, untimed, without results.
 * Every answer is checked (the pass is found, only FWDEN with max_age 0 is
 * created): the figures are for the real work. A program, not a test.
 *
 * Usage: build/bin/bench_policy [seconds per figure, default 0.3]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "nea_log.h"
#include "pdb.h"

#define T0 1795386520LL
#define DEVICE "3d1219c7c4c5404aaa1f6d2a48adfda4"
#define PRODUCT "Debian 12 x86_64"

static double min_time = 0.3;

/* The lookup as policy/pdb_session.c runs it on each kind of database. */
static const char sql_seek[] =
	"SELECT r.rec FROM results_device_policy AS k CROSS JOIN results AS r ON r.id = k.result "
	"WHERE k.device = ?2 AND k.policy = ?1 AND k.time > ?3 "
	"ORDER BY k.time DESC, k.result DESC LIMIT 1";
static const char sql_join[] =
	"SELECT r.rec FROM results AS r JOIN sessions AS s ON s.id = r.session "
	"WHERE r.policy = ?1 AND s.device = ?2 AND s.time > ?3 "
	"ORDER BY s.time DESC, r.id DESC LIMIT 1";

static const char *const nea_objects[] = {
	"DROP TRIGGER IF EXISTS results_dp_insert",  "DROP TRIGGER IF EXISTS results_dp_update",
	"DROP TRIGGER IF EXISTS results_dp_delete",  "DROP TRIGGER IF EXISTS sessions_dp_insert",
	"DROP TRIGGER IF EXISTS sessions_dp_update", "DROP TRIGGER IF EXISTS sessions_dp_delete",
	"DROP TABLE IF EXISTS results_device_policy", "PRAGMA user_version = 0",
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, long long rc)
{
	fprintf(stderr, "bench_policy: %s failed (%lld)\n", what, rc);
	exit(1);
}

static void raw_exec(sqlite3 *raw, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(raw, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench_policy: %s: %s\n", sql, err ? err : "?");
		exit(1);
	}
}

static sqlite3_stmt *raw_prepare(sqlite3 *raw, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(raw, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "bench_policy: %s: %s\n", sql, sqlite3_errmsg(raw));
		exit(1);
	}
	return st;
}

/* The device's first session: every workitem passes, results written. */
static int64_t first_session(pdb_t *db)
{
	pdb_identity_t id = { PDB_ID_USER_NAME, "client1", 7 };
	pdb_worklist_t wl;
	pdb_stop_t stop;
	int64_t sid, device;
	int rc;

	pdb_set_now(db, T0);
	if ((rc = pdb_session_create(db, 1, &id, 1, "10.0.0.1", &sid)) < 0)
		die("first session create", rc);
	if ((rc = pdb_session_start(db, sid, DEVICE, PRODUCT, &wl)) < 0)
		die("first session start", rc);
	device = wl.device;
	for (size_t i = 0; i < wl.n; i++)
		if ((rc = pdb_workitem_finalize(db, wl.items[i].id, PDB_REC_ALLOW, "passed")) < 0)
			die("finalize", rc);
	if ((rc = pdb_session_stop(db, sid, PDB_REC_ALLOW, &stop)) < 0)
		die("first session stop", rc);
	if (stop.results != wl.n || wl.n < 2)
		die("first session results", (long long)stop.results);
	pdb_stop_free(&stop);
	pdb_worklist_free(&wl);
	return device;
}

/* n quiet sessions of the device within T0+1..T0+50, and n sessions of
 * other devices (ids above the device's) that passed every policy. */
static void history(sqlite3 *raw, int64_t device, int n)
{
	sqlite3_stmt *ses = raw_prepare(raw, "INSERT INTO sessions (time, connection, device, "
					     "product, rec) VALUES (?1, 2, ?2, 1, 0)");
	sqlite3_stmt *res = raw_prepare(raw, "INSERT INTO results (session, policy, rec, result) "
					     "SELECT ?1, id, 0, 'passed' FROM policies");

	raw_exec(raw, "BEGIN");
	for (int i = 0; i < 2 * n; i++) {
		bool own = i % 2 == 0;

		sqlite3_bind_int64(ses, 1, T0 + 1 + (int64_t)(i / 2) * 50 / n);
		sqlite3_bind_int64(ses, 2, own ? device : device + 1 + i / 2);
		if (sqlite3_step(ses) != SQLITE_DONE)
			die("history session", sqlite3_errcode(raw));
		sqlite3_reset(ses);
		if (own)
			continue;
		sqlite3_bind_int64(res, 1, sqlite3_last_insert_rowid(raw));
		if (sqlite3_step(res) != SQLITE_DONE)
			die("history results", sqlite3_errcode(raw));
		sqlite3_reset(res);
	}
	raw_exec(raw, "COMMIT");
	sqlite3_finalize(ses);
	sqlite3_finalize(res);
}

static void print_plan(sqlite3 *raw, const char *sql)
{
	char eqp[1024];
	sqlite3_stmt *st;

	snprintf(eqp, sizeof(eqp), "EXPLAIN QUERY PLAN %s", sql);
	st = raw_prepare(raw, eqp);
	while (sqlite3_step(st) == SQLITE_ROW)
		printf("      plan: %s\n", (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
}

/* Microseconds per lookup of policy 1 for the device at T0+55. */
static double lookup_us(sqlite3 *raw, const char *sql, int64_t device)
{
	sqlite3_stmt *st = raw_prepare(raw, sql);
	double t0 = now_s(), t;
	unsigned long n = 0;

	do {
		for (int i = 0; i < 20; i++, n++) {
			sqlite3_bind_int64(st, 1, 1);
			sqlite3_bind_int64(st, 2, device);
			sqlite3_bind_int64(st, 3, T0 + 55 - 86400);
			if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_int(st, 0) != PDB_REC_ALLOW)
				die("lookup: the pass was not found", n);
			sqlite3_reset(st);
		}
		t = now_s() - t0;
	} while (t < min_time);
	sqlite3_finalize(st);
	return t * 1e6 / (double)n;
}

/* Microseconds per pdb_session_start of a new session of the device. */
static double start_us(pdb_t *db)
{
	pdb_identity_t id = { PDB_ID_USER_NAME, "client1", 7 };
	double spent = 0, t;
	unsigned long n = 0;

	pdb_set_now(db, T0 + 55);
	do {
		pdb_worklist_t wl;
		pdb_stop_t stop;
		int64_t sid;
		int rc;

		if ((rc = pdb_session_create(db, 3, &id, 1, "10.0.0.1", &sid)) < 0)
			die("session create", rc);
		t = now_s();
		rc = pdb_session_start(db, sid, DEVICE, PRODUCT, &wl);
		spent += now_s() - t;
		if (rc < 0)
			die("session start", rc);
		/* everything passed at T0 is skipped; FWDEN (max_age 0) never is */
		if (wl.n != 1 || wl.items[0].type != PDB_WI_FWDEN)
			die("session start: workitems", (long long)wl.n);
		pdb_worklist_free(&wl);
		if ((rc = pdb_session_stop(db, sid, PDB_REC_ALLOW, &stop)) < 0)
			die("session stop", rc);
		pdb_stop_free(&stop);
		n++;
	} while (spent < min_time);
	return spent * 1e6 / (double)n;
}

static void run(int n, bool swan)
{
	char dir[] = "/tmp/nea-bench-policy-XXXXXX", path[128], uri[160], aux[160];
	bool seek;
	int64_t device;
	sqlite3 *raw;
	pdb_t *db;
	int rc;

	if (!mkdtemp(dir))
		die("mkdtemp", 0);
	snprintf(path, sizeof(path), "%s/config.db", dir);
	snprintf(uri, sizeof(uri), "sqlite://%s", path);
	if ((rc = pdb_open(uri, &db)) < 0)
		die("pdb_open", rc);
	if ((rc = pdb_set_power_safe(db, false)) < 0)
		die("synchronous", rc);
	device = first_session(db);
	pdb_close(db);

	if (sqlite3_open(path, &raw) != SQLITE_OK)
		die("sqlite3_open", 0);
	raw_exec(raw, "PRAGMA synchronous = NORMAL");
	if (swan)
		for (size_t i = 0; i < sizeof(nea_objects) / sizeof(nea_objects[0]); i++)
			raw_exec(raw, nea_objects[i]);
	history(raw, device, n);

	if ((rc = pdb_open(uri, &db)) < 0)
		die("pdb_open", rc);
	if ((rc = pdb_set_power_safe(db, false)) < 0)
		die("synchronous", rc);
	{
		sqlite3_stmt *st = raw_prepare(raw, "SELECT count(*) FROM sqlite_schema WHERE name = "
						    "'results_device_policy'");

		seek = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 1;
		sqlite3_finalize(st);
	}
	if (seek && !pdb_is_native(db))
		die("database kind", seek);
	/* a nea database without the copy: this program built against a
	 * nea_policy from before schema version 2 (a "before" figure) */
	printf("  %-4s %6d  lookup %9.2f us   session start %9.1f us   (%s)\n", swan ? "swan" : "nea",
	       n, lookup_us(raw, seek ? sql_seek : sql_join, device), start_us(db),
	       seek		      ? "seek in results_device_policy"
	       : pdb_is_native(db) ? "results JOIN sessions, nea schema 1"
				   : "results JOIN sessions, strongSwan database");
	if (n == 10000)
		print_plan(raw, seek ? sql_seek : sql_join);
	pdb_close(db);
	sqlite3_close(raw);
	unlink(path);
	for (size_t i = 0; i < 2; i++) {
		snprintf(aux, sizeof(aux), "%s%s", path, i ? "-shm" : "-wal");
		unlink(aux);
	}
	rmdir(dir);
}

int main(int argc, char **argv)
{
	static const int sizes[] = { 10, 1000, 10000 };

	if (argc > 1) {
		min_time = atof(argv[1]);
		if (!isfinite(min_time) || min_time <= 0 || min_time > 60) {
			fprintf(stderr, "usage: bench_policy [seconds per figure, 0-60]\n");
			return 2;
		}
	}
	nea_log_set_default(-1);
	printf("max_age lookup (policy 1, device with N prior sessions + N other devices' passes)\n");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		run(sizes[i], false);
		run(sizes[i], true);
	}
	return 0;
}

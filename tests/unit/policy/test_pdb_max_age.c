/*
 * The max_age skip at session start ("did this device pass this policy
 * within max_age?") on a device with many sessions, and the schema
 * version 2 copy results_device_policy that makes it one index seek:
 * same answers as strongSwan's results JOIN sessions query whatever
 * writes the tables, added to existing version 1 databases by the
 * migration, absent from strongSwan's databases (which keep the join).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "nea_err.h"
#include "pdb_fixture.h"

TestSuite(pdb_max_age, .init = fx_setup, .fini = fx_teardown);

#define DEV_A "3d1219c7c4c5404aaa1f6d2a48adfda4"
#define DEV_B "a488651e36664792b306cf8be72dd630"
#define PRODUCT "Debian 12 x86_64"

/* strongSwan's query (imv_policy_manager.c) with nea's tie-break, and the
 * seek nea uses on its own databases (pdb_session.c). */
static const char sql_join[] =
	"SELECT r.rec FROM results AS r JOIN sessions AS s ON s.id = r.session "
	"WHERE r.policy = ?1 AND s.device = ?2 AND s.time > ?3 "
	"ORDER BY s.time DESC, r.id DESC LIMIT 1";
static const char sql_seek[] =
	"SELECT r.rec FROM results_device_policy AS k CROSS JOIN results AS r ON r.id = k.result "
	"WHERE k.device = ?2 AND k.policy = ?1 AND k.time > ?3 "
	"ORDER BY k.time DESC, k.result DESC LIMIT 1";

/* The nea-only objects of schema version 2. */
static const char *const v2_objects[] = {
	"DROP TRIGGER results_dp_insert", "DROP TRIGGER results_dp_update",
	"DROP TRIGGER results_dp_delete", "DROP TRIGGER sessions_dp_insert",
	"DROP TRIGGER sessions_dp_update", "DROP TRIGGER sessions_dp_delete",
	"DROP TABLE results_device_policy",
};

/* rec of the row a query answers for (policy, device, after), -1 for none */
static int answer(sqlite3 *raw, const char *sql, int64_t policy, int64_t device, int64_t after)
{
	sqlite3_stmt *st;
	int rc, rec;

	cr_assert_eq(sqlite3_prepare_v2(raw, sql, -1, &st, NULL), SQLITE_OK, "%s",
		     sqlite3_errmsg(raw));
	sqlite3_bind_int64(st, 1, policy);
	sqlite3_bind_int64(st, 2, device);
	sqlite3_bind_int64(st, 3, after);
	rc = sqlite3_step(st);
	cr_assert(rc == SQLITE_ROW || rc == SQLITE_DONE, "%s", sqlite3_errmsg(raw));
	rec = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return rec;
}

static int64_t device_id(const char *value)
{
	return fx_int("SELECT id FROM devices WHERE value = ?1", "t", value);
}

/* First session of a device: every workitem finalized as given, stopped. */
static void first_session(uint32_t conn, const char *device, int64_t t, int pckgs, int tcpop,
			  int udpop)
{
	pdb_worklist_t wl;
	pdb_stop_t stop;
	int64_t sid = fx_session(conn, "client1", "127.0.0.1", t, device, PRODUCT, &wl);

	fx_finalize(&wl, PDB_WI_PCKGS, pckgs, "packages");
	fx_finalize(&wl, PDB_WI_TCPOP, tcpop, "tcp ports");
	fx_finalize(&wl, PDB_WI_UDPOP, udpop, "udp ports");
	fx_finalize(&wl, PDB_WI_FWDEN, PDB_REC_ALLOW, "forwarding not enabled");
	cr_assert_eq(pdb_session_stop(fx.db, sid, PDB_REC_ALLOW, &stop), 0);
	pdb_stop_free(&stop);
	pdb_worklist_free(&wl);
}

/* n sessions of a device at t, t+1, ... that produced no results (as the
 * sessions that skipped everything do), written in one transaction. */
static void quiet_sessions(int64_t device, int64_t t, int n)
{
	cr_assert_eq(fx_exec("BEGIN", NULL), SQLITE_OK);
	for (int i = 0; i < n; i++)
		cr_assert_eq(fx_exec("INSERT INTO sessions (time, connection, device, product, rec) "
				     "VALUES (?1, 9, ?2, 1, 0)",
				     "ii", t + i, device),
			     SQLITE_OK);
	cr_assert_eq(fx_exec("COMMIT", NULL), SQLITE_OK);
}

/* ------------------------------------------------------------ skip semantics */

Test(pdb_max_age, many_sessions_skip_per_device_and_policy)
{
	pdb_worklist_t wl;
	int64_t a, b;

	/* A passed packages and UDP ports, failed TCP ports; B the reverse */
	first_session(1, DEV_A, FX_T0, PDB_REC_ALLOW, PDB_REC_NO_ACCESS, PDB_REC_ALLOW);
	first_session(2, DEV_B, FX_T0, PDB_REC_ISOLATE, PDB_REC_ALLOW, PDB_REC_NO_ACCESS);
	a = device_id(DEV_A);
	b = device_id(DEV_B);
	cr_assert(a > 0 && b > 0 && a != b);

	/* 3000 later sessions of A, 20 ms apart in spirit, squeezed into 50 s */
	cr_assert_eq(fx_exec("BEGIN", NULL), SQLITE_OK);
	for (int i = 0; i < 3000; i++)
		cr_assert_eq(fx_exec("INSERT INTO sessions (time, connection, device, product, rec) "
				     "VALUES (?1, 9, ?2, 1, 0)",
				     "ii", FX_T0 + 1 + i / 60, a),
			     SQLITE_OK);
	cr_assert_eq(fx_exec("COMMIT", NULL), SQLITE_OK);

	/* 55 s on: UDPOP (60 s) and PCKGS (1 day) passed and are skipped for
	 * A, TCPOP failed, FWDEN (max_age 0) always runs */
	fx_session(3, "client1", "127.0.0.1", FX_T0 + 55, DEV_A, PRODUCT, &wl);
	cr_assert_eq(fx_find(&wl, PDB_WI_PCKGS), -1);
	cr_assert_eq(fx_find(&wl, PDB_WI_UDPOP), -1);
	cr_assert_geq(fx_find(&wl, PDB_WI_TCPOP), 0);
	cr_assert_geq(fx_find(&wl, PDB_WI_FWDEN), 0);
	pdb_worklist_free(&wl);

	/* the same moment for B: only its own results count */
	fx_session(4, "client2", "127.0.0.2", FX_T0 + 55, DEV_B, PRODUCT, &wl);
	cr_assert_geq(fx_find(&wl, PDB_WI_PCKGS), 0);
	cr_assert_geq(fx_find(&wl, PDB_WI_UDPOP), 0);
	cr_assert_eq(fx_find(&wl, PDB_WI_TCPOP), -1);
	cr_assert_geq(fx_find(&wl, PDB_WI_FWDEN), 0);
	pdb_worklist_free(&wl);

	/* exactly 60 s on the window (time > now - max_age) has closed for
	 * UDPOP: expired, checked again; PCKGS still skipped */
	fx_session(5, "client1", "127.0.0.1", FX_T0 + 60, DEV_A, PRODUCT, &wl);
	cr_assert_eq(fx_find(&wl, PDB_WI_PCKGS), -1);
	cr_assert_geq(fx_find(&wl, PDB_WI_UDPOP), 0);
	pdb_worklist_free(&wl);
	fx_session(6, "client1", "127.0.0.1", FX_T0 + 59, DEV_A, PRODUCT, &wl);
	cr_assert_eq(fx_find(&wl, PDB_WI_UDPOP), -1);
	pdb_worklist_free(&wl);

	/* a day later A's packages pass has expired too */
	fx_session(7, "client1", "127.0.0.1", FX_T0 + 86400, DEV_A, PRODUCT, &wl);
	cr_assert_geq(fx_find(&wl, PDB_WI_PCKGS), 0);
	pdb_worklist_free(&wl);
	fx_session(8, "client1", "127.0.0.1", FX_T0 + 86399, DEV_A, PRODUCT, &wl);
	cr_assert_eq(fx_find(&wl, PDB_WI_PCKGS), -1);
	pdb_worklist_free(&wl);
}

Test(pdb_max_age, newest_result_decides_even_after_a_pass)
{
	pdb_worklist_t wl;
	int64_t a, sid;

	first_session(1, DEV_A, FX_T0, PDB_REC_ALLOW, PDB_REC_ALLOW, PDB_REC_ALLOW);
	a = device_id(DEV_A);
	quiet_sessions(a, FX_T0 + 1, 500);
	/* a later session of A failed packages: the pass before it no longer
	 * counts, however many sessions lie in between */
	sid = fx_session(2, "client1", NULL, FX_T0 + 600, NULL, NULL, NULL);
	cr_assert_eq(fx_exec("UPDATE sessions SET device = ?1, product = 1 WHERE id = ?2", "ii", a, sid),
		     SQLITE_OK);
	cr_assert_eq(fx_exec("INSERT INTO results (session, policy, rec, result) VALUES (?1, 1, 2, "
			     "'1 vulnerable')",
			     "i", sid),
		     SQLITE_OK);
	quiet_sessions(a, FX_T0 + 601, 500);
	fx_session(3, "client1", "127.0.0.1", FX_T0 + 1200, DEV_A, PRODUCT, &wl);
	cr_assert_geq(fx_find(&wl, PDB_WI_PCKGS), 0);
	pdb_worklist_free(&wl);

	/* two results in one session (same time): the later row wins */
	cr_assert_eq(fx_exec("INSERT INTO results (session, policy, rec, result) VALUES (?1, 1, 0, "
			     "'rechecked')",
			     "i", sid),
		     SQLITE_OK);
	fx_session(4, "client1", "127.0.0.1", FX_T0 + 1201, DEV_A, PRODUCT, &wl);
	cr_assert_eq(fx_find(&wl, PDB_WI_PCKGS), -1);
	pdb_worklist_free(&wl);

	/* the operator deletes that session: back to the failure */
	cr_assert_eq(fx_exec("DELETE FROM results WHERE session = ?1 AND rec = 0", "i", sid),
		     SQLITE_OK);
	fx_session(5, "client1", "127.0.0.1", FX_T0 + 1202, DEV_A, PRODUCT, &wl);
	cr_assert_geq(fx_find(&wl, PDB_WI_PCKGS), 0);
	pdb_worklist_free(&wl);
}

/* xorshift64 with a fixed seed: a failure is reproducible */
static uint64_t rnd_state = 0x9e3779b97f4a7c15u;

static int64_t RND(int64_t n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (int64_t)(rnd_state % (uint64_t)n);
}

/*
 * The copy against the join it replaces: random inserts, updates, REPLACEs
 * and deletes of sessions and results through a plain connection (as
 * strongTNC or attest would write), many time ties, results of sessions
 * that do not exist; after every batch both queries must give the same
 * answer for every device, policy and window.
 */
Test(pdb_max_age, copy_answers_exactly_like_the_join)
{
	sqlite3 *raw = fx_raw();
	int64_t max_session = 0, max_result = 0;
	int compared = 0, found = 0;

	for (int batch = 0; batch < 20; batch++) {
		cr_assert_eq(sqlite3_exec(raw, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
		for (int op = 0; op < 150; op++) {
			char sql[256];
			int64_t s = 1 + RND(max_session + 3), r = 1 + RND(max_result + 2);

			switch (RND(10)) {
			case 0:
			case 1:
			case 2:
				snprintf(sql, sizeof(sql),
					 "INSERT INTO sessions (time, connection, device) VALUES (%lld, 1, %lld)",
					 (long long)(FX_T0 + RND(40)), (long long)RND(4));
				max_session++;
				break;
			case 3:
			case 4:
			case 5:
				snprintf(sql, sizeof(sql),
					 "INSERT INTO results (session, policy, rec, result) VALUES "
					 "(%lld, %lld, %lld, 'r')",
					 (long long)s, (long long)(1 + RND(3)), (long long)RND(4));
				max_result++;
				break;
			case 6:
				snprintf(sql, sizeof(sql),
					 RND(2) ? "UPDATE sessions SET time = %lld WHERE id = %lld"
						: "UPDATE sessions SET device = %lld WHERE id = %lld",
					 (long long)(RND(2) ? FX_T0 + RND(40) : RND(4)), (long long)s);
				break;
			case 7:
				snprintf(sql, sizeof(sql),
					 RND(2) ? "UPDATE results SET policy = %lld WHERE id = %lld"
						: "UPDATE results SET session = %lld WHERE id = %lld",
					 (long long)(1 + RND(3)), (long long)r);
				break;
			case 8:
				snprintf(sql, sizeof(sql),
					 RND(2) ? "DELETE FROM sessions WHERE id = %lld"
						: "DELETE FROM results WHERE id = %lld",
					 (long long)(RND(2) ? s : r));
				break;
			default:
				snprintf(sql, sizeof(sql),
					 RND(2) ? "INSERT OR REPLACE INTO sessions (id, time, connection, "
						  "device) VALUES (%lld, %lld, 1, 1)"
						: "REPLACE INTO results (id, session, policy, rec, result) "
						  "VALUES (%lld, %lld, 1, 0, 'r')",
					 (long long)(RND(2) ? s : r), (long long)(RND(2) ? FX_T0 + RND(40) : s));
				break;
			}
			cr_assert_eq(sqlite3_exec(raw, sql, NULL, NULL, NULL), SQLITE_OK, "%s: %s", sql,
				     sqlite3_errmsg(raw));
		}
		cr_assert_eq(sqlite3_exec(raw, "COMMIT", NULL, NULL, NULL), SQLITE_OK);

		/* row for row the join... */
		cr_assert_eq(fx_int("SELECT count(*) FROM (SELECT r.id, s.device, r.policy, s.time "
				    "FROM results AS r JOIN sessions AS s ON s.id = r.session EXCEPT "
				    "SELECT result, device, policy, time FROM results_device_policy)",
				    NULL),
			     0, "batch %d: a joined result is missing from the copy", batch);
		cr_assert_eq(fx_int("SELECT count(*) FROM (SELECT result, device, policy, time FROM "
				    "results_device_policy EXCEPT SELECT r.id, s.device, r.policy, s.time "
				    "FROM results AS r JOIN sessions AS s ON s.id = r.session)",
				    NULL),
			     0, "batch %d: the copy holds a row the join does not", batch);
		/* ...and answer for answer */
		for (int64_t dev = 0; dev < 4; dev++)
			for (int64_t pol = 1; pol <= 3; pol++)
				for (int64_t after = FX_T0 - 1; after <= FX_T0 + 40; after += 3) {
					int j = answer(raw, sql_join, pol, dev, after);

					cr_assert_eq(answer(raw, sql_seek, pol, dev, after), j,
						     "batch %d device %lld policy %lld after %lld", batch,
						     (long long)dev, (long long)pol, (long long)after);
					compared++;
					found += j >= 0;
				}
	}
	/* the data was not degenerate: many answers, some rows, some none */
	cr_assert_gt(found, compared / 10);
	cr_assert_lt(found, compared);
}

/* ------------------------------------------------------------ schema */

Test(pdb_max_age, lookup_is_an_index_seek)
{
	char plan[1024] = "";
	sqlite3_stmt *st;
	sqlite3 *raw = fx_raw();
	char eqp[sizeof(sql_seek) + 32];

	snprintf(eqp, sizeof(eqp), "EXPLAIN QUERY PLAN %s", sql_seek);
	cr_assert_eq(sqlite3_prepare_v2(raw, eqp, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		strncat(plan, (const char *)sqlite3_column_text(st, 3), sizeof(plan) - strlen(plan) - 2);
		strcat(plan, "\n");
	}
	sqlite3_finalize(st);
	/* device and policy seek the index, the window bounds time in it, the
	 * order comes from the index (no sort), then one rowid lookup */
	cr_assert(strstr(plan, "SEARCH k USING COVERING INDEX results_device_policy_seek "
			       "(device=? AND policy=? AND time>?)"),
		  "%s", plan);
	cr_assert(strstr(plan, "SEARCH r USING INTEGER PRIMARY KEY (rowid=?)"), "%s", plan);
	cr_assert_null(strstr(plan, "TEMP B-TREE"), "%s", plan);
	cr_assert_null(strstr(plan, "SCAN"), "%s", plan);
}

Test(pdb_max_age, migration_adds_the_copy_to_a_version_1_database)
{
	pdb_worklist_t wl;
	char fresh[4096];
	int64_t a;

	/* a version 1 database with history: A passed packages, then 200
	 * sessions without results */
	first_session(1, DEV_A, FX_T0, PDB_REC_ALLOW, PDB_REC_NO_ACCESS, PDB_REC_ALLOW);
	a = device_id(DEV_A);
	quiet_sessions(a, FX_T0 + 1, 200);
	snprintf(fresh, sizeof(fresh), "%s",
		 fx_text("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema WHERE "
			 "tbl_name = 'results_device_policy' OR name LIKE '%_dp_%' ORDER BY name)",
			 NULL));
	cr_assert_gt(strlen(fresh), 100);
	pdb_close(fx.db);
	fx.db = NULL;
	for (size_t i = 0; i < sizeof(v2_objects) / sizeof(v2_objects[0]); i++)
		cr_assert_eq(fx_exec(v2_objects[i], NULL), SQLITE_OK, "%s", v2_objects[i]);
	cr_assert_eq(fx_exec("PRAGMA user_version = 1", NULL), SQLITE_OK);
	cr_assert_eq(fx_int("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'results_device%'",
			    NULL),
		     0);

	cr_assert_eq(pdb_open(fx.uri, &fx.db), 0);
	cr_assert_eq(pdb_schema_version(fx.db), 2);
	cr_assert(pdb_is_native(fx.db));
	cr_assert_eq(fx_int("PRAGMA user_version", NULL), 2);
	/* the same objects a new database gets, filled from the history */
	cr_assert_str_eq(fx_text("SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_schema "
				 "WHERE tbl_name = 'results_device_policy' OR name LIKE '%_dp_%' "
				 "ORDER BY name)",
				 NULL),
			 fresh);
	cr_assert_eq(fx_int("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = "
			    "'results_device_policy_seek'",
			    NULL),
		     1);
	cr_assert_eq(fx_int("SELECT count(*) FROM results_device_policy", NULL), 4);
	cr_assert_eq(fx_int("SELECT count(*) FROM results_device_policy WHERE device = ?1 AND time = ?2",
			    "ii", a, (int64_t)FX_T0),
		     4);
	/* and the old pass is honoured through it */
	fx_session(2, "client1", "127.0.0.1", FX_T0 + 300, DEV_A, PRODUCT, &wl);
	cr_assert_eq(fx_find(&wl, PDB_WI_PCKGS), -1);
	cr_assert_geq(fx_find(&wl, PDB_WI_TCPOP), 0);
	pdb_worklist_free(&wl);
	/* a second open has nothing left to do */
	pdb_close(fx.db);
	cr_assert_eq(pdb_open(fx.uri, &fx.db), 0);
	cr_assert_eq(fx_int("SELECT count(*) FROM results_device_policy", NULL), 4);
}

Test(pdb_max_age, copy_without_its_triggers_is_rebuilt_at_open)
{
	pdb_worklist_t wl;

	first_session(1, DEV_A, FX_T0, PDB_REC_ALLOW, PDB_REC_NO_ACCESS, PDB_REC_ALLOW);
	pdb_close(fx.db);
	fx.db = NULL;
	/* as if a tool had rebuilt sessions: a trigger gone, the copy stale */
	cr_assert_eq(fx_exec("DROP TRIGGER sessions_dp_update", NULL), SQLITE_OK);
	cr_assert_eq(fx_exec("DELETE FROM results_device_policy", NULL), SQLITE_OK);

	cr_assert_eq(pdb_open(fx.uri, &fx.db), 0);
	cr_assert_eq(fx_int("PRAGMA user_version", NULL), 2);
	cr_assert_eq(fx_int("SELECT count(*) FROM sqlite_schema WHERE name = 'sessions_dp_update'",
			    NULL),
		     1);
	cr_assert_eq(fx_int("SELECT count(*) FROM results_device_policy", NULL), 4);
	fx_session(2, "client1", "127.0.0.1", FX_T0 + 30, DEV_A, PRODUCT, &wl);
	cr_assert_eq(fx_find(&wl, PDB_WI_PCKGS), -1);
	cr_assert_eq(fx_find(&wl, PDB_WI_UDPOP), -1);
	cr_assert_geq(fx_find(&wl, PDB_WI_TCPOP), 0);
	pdb_worklist_free(&wl);
}

Test(pdb_max_age, strongswan_database_keeps_the_join_and_gets_no_copy)
{
	pdb_worklist_t wl;
	int64_t a;

	first_session(1, DEV_A, FX_T0, PDB_REC_ALLOW, PDB_REC_NO_ACCESS, PDB_REC_ALLOW);
	a = device_id(DEV_A);
	pdb_close(fx.db);
	fx.db = NULL;
	/* what strongSwan's tables.sql makes: no nea objects, user_version 0 */
	for (size_t i = 0; i < sizeof(v2_objects) / sizeof(v2_objects[0]); i++)
		cr_assert_eq(fx_exec(v2_objects[i], NULL), SQLITE_OK, "%s", v2_objects[i]);
	cr_assert_eq(fx_exec("PRAGMA user_version = 0", NULL), SQLITE_OK);
	quiet_sessions(a, FX_T0 + 1, 200);

	cr_assert_eq(pdb_open(fx.uri, &fx.db), 0);
	cr_assert_not(pdb_is_native(fx.db));
	pdb_set_now(fx.db, FX_T0);
	fx_session(2, "client1", "127.0.0.1", FX_T0 + 300, DEV_A, PRODUCT, &wl);
	cr_assert_eq(fx_find(&wl, PDB_WI_PCKGS), -1);
	cr_assert_geq(fx_find(&wl, PDB_WI_TCPOP), 0);
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_int("PRAGMA user_version", NULL), 0);
	cr_assert_eq(fx_int("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'results_device%' "
			    "OR name LIKE '%_dp_%'",
			    NULL),
		     0);
}

/*
 * Sessions across failures: nea-policyd restarted in the middle of a
 * session (the IMV host carries on), sessions an earlier run left behind,
 * an IMV host that went away, sessions nobody asks about any more.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "nea_err.h"
#include "pd_fixture.h"

TestSuite(policyd_lifecycle, .init = pf_setup, .fini = pf_teardown);

Test(policyd_lifecycle, restart_mid_session_carries_on)
{
	int64_t sid = pf_session(1, "127.0.0.1");
	uint64_t ids[8];

	for (size_t i = 0; i < 8; i++)
		ids[i] = pf.r.workitems.items[i]->id;
	pf_result(1, ids[0], PDB_REC_ALLOW, "ok");

	/* a crash: nothing is stopped, everything committed stays */
	pf_restart(PF_T0 + 5);
	cr_assert(pd_core_session_open(pf.core, sid));
	cr_assert_eq(pd_core_open_sessions(pf.core), 1);
	cr_assert_eq(pf_int("SELECT rec_final FROM workitems WHERE id = ?1", (int64_t)ids[0]),
		     PDB_REC_ALLOW);

	/* the result sent before the crash may come again (lost reply) */
	pf_result(1, ids[0], PDB_REC_ALLOW, "ok");
	cr_assert_eq(pf.r.workitems.n_items, 7);
	/* a start after the restart returns the same workitems */
	pf_start(1, (uint64_t)sid, PF_DEV, PF_PRODUCT);
	cr_assert_eq(pf.r.workitems.n_items, 8);
	cr_assert_eq(pf.r.workitems.items[0]->id, ids[0]);
	for (size_t i = 1; i < 8; i++)
		pf_result(1, ids[i], PDB_REC_ALLOW, "ok");
	cr_assert_eq(pf.r.workitems.n_items, 0);
	pf_stop(1, (uint64_t)sid, PDB_REC_ALLOW);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_SESSION_STOPPED, "%s", pf.r.message);
	cr_assert_eq(pf_int("SELECT count(*) FROM results WHERE session = ?1", sid), 8);
}

Test(policyd_lifecycle, restart_before_start_and_stopped_sessions_stay_closed)
{
	int64_t created, stopped;

	pf_create(1, 1, "jane", "10.0.0.1");
	created = (int64_t)pf.r.created.session_id;
	stopped = pf_session(2, "10.0.0.2");
	pf_stop(2, (uint64_t)stopped, PDB_REC_NO_ACCESS);

	pf_restart(PF_T0 + 1);
	cr_assert(pd_core_session_open(pf.core, created));
	cr_assert_not(pd_core_session_open(pf.core, stopped));
	pf_start(1, (uint64_t)created, PF_DEV, PF_PRODUCT);
	cr_assert_eq(pf.r.workitems.n_items, 8);
	pf_stop(2, (uint64_t)stopped, PDB_REC_ALLOW);
	pf_expect_error(NEA_ESTATE);
}

Test(policyd_lifecycle, stale_sessions_of_an_earlier_run_are_closed_out)
{
	int64_t sid = pf_session(1, "127.0.0.1");
	uint64_t wid = pf.r.workitems.items[2]->id;

	pf_result(1, wid, PDB_REC_ALLOW, "forwarding not enabled");
	/* down for longer than the session timeout */
	pf_restart(PF_T0 + pf.limits.session_timeout + 1);
	cr_assert_not(pd_core_session_open(pf.core, sid));
	cr_assert_eq(pf_int("SELECT rec FROM sessions WHERE id = ?1", sid), PDB_REC_NONE);
	cr_assert_eq(pf_int("SELECT count(*) FROM workitems", 0), 0);
	cr_assert_eq(pf_int("SELECT count(*) FROM results WHERE session = ?1", sid), 1);
	pf_result(1, wid, PDB_REC_ALLOW, "forwarding not enabled");
	pf_expect_error(NEA_ENOTFOUND);
	pf_stop(1, (uint64_t)sid, PDB_REC_ALLOW);
	pf_expect_error(NEA_ESTATE);
	cr_assert(strstr(pf.r.error.message, "no recommendation"));
}

Test(policyd_lifecycle, newest_session_of_a_connection_wins_at_restart)
{
	int64_t s1, s2;

	/* two unstopped sessions of Connection ID 1 in the database, as a
	 * strongSwan PDP or a crash between broker restarts leaves them */
	cr_assert_eq(pdb_session_create(pf.db, 1, NULL, 0, "10.0.0.1", &s1), 0);
	pf_set_time(PF_T0 + 1);
	cr_assert_eq(pdb_session_create(pf.db, 1, NULL, 0, "10.0.0.2", &s2), 0);

	pf_restart(PF_T0 + 2);
	cr_assert(pd_core_session_open(pf.core, s2));
	cr_assert_not(pd_core_session_open(pf.core, s1));
	cr_assert_eq(pd_core_open_sessions(pf.core), 1);
}

Test(policyd_lifecycle, lost_imv_host_sessions_closed_after_orphan_timeout)
{
	int64_t mine, other;

	pf.link = 7;
	mine = pf_session(1, "10.0.0.1");
	pf_result(1, pf.r.workitems.items[0]->id, PDB_REC_ALLOW, "ok");
	pf.link = 8;
	other = pf_session(2, "10.0.0.2");

	pd_core_link_lost(pf.core, 7);
	pf_set_time(PF_T0 + pf.limits.orphan_timeout - 1);
	cr_assert_eq(pd_core_housekeeping(pf.core), 0);
	cr_assert(pd_core_session_open(pf.core, mine));
	pf_set_time(PF_T0 + pf.limits.orphan_timeout);
	cr_assert_eq(pd_core_housekeeping(pf.core), 1);
	cr_assert_not(pd_core_session_open(pf.core, mine));
	cr_assert(pd_core_session_open(pf.core, other));
	cr_assert_eq(pf_int("SELECT rec FROM sessions WHERE id = ?1", mine), PDB_REC_NONE);
	cr_assert_eq(pf_int("SELECT count(*) FROM results WHERE session = ?1", mine), 1);
	cr_assert_eq(pf_int("SELECT count(*) FROM workitems WHERE session = ?1", mine), 0);
	cr_assert_eq(pf_int("SELECT count(*) FROM workitems WHERE session = ?1", other), 8);
}

Test(policyd_lifecycle, host_that_comes_back_keeps_its_sessions)
{
	int64_t sid;

	pf.link = 7;
	sid = pf_session(1, "10.0.0.1");
	pd_core_link_lost(pf.core, 7);
	/* the same host reconnected and asks again */
	pf.link = 9;
	pf_set_time(PF_T0 + 10);
	pf_result(1, pf.r.workitems.items[0]->id, PDB_REC_ALLOW, "ok");
	pf_set_time(PF_T0 + 10 + pf.limits.orphan_timeout);
	cr_assert_eq(pd_core_housekeeping(pf.core), 0);
	cr_assert(pd_core_session_open(pf.core, sid));
	/* a lost link of nobody's sessions changes nothing */
	pd_core_link_lost(pf.core, 0);
	pd_core_link_lost(pf.core, 12345);
	pf_set_time(PF_T0 + 20 + 2 * pf.limits.orphan_timeout);
	cr_assert_eq(pd_core_housekeeping(pf.core), 0);
}

Test(policyd_lifecycle, idle_sessions_closed_after_session_timeout)
{
	int64_t idle, busy;

	idle = pf_session(1, "10.0.0.1");
	busy = pf_session(2, "10.0.0.2");
	pf_set_time(PF_T0 + pf.limits.session_timeout - 10);
	pf_result(2, pf.r.workitems.items[0]->id, PDB_REC_ALLOW, "ok");
	pf_set_time(PF_T0 + pf.limits.session_timeout);
	cr_assert_eq(pd_core_housekeeping(pf.core), 1);
	cr_assert_not(pd_core_session_open(pf.core, idle));
	cr_assert(pd_core_session_open(pf.core, busy));
	pf_stop(2, (uint64_t)busy, PDB_REC_ALLOW);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_SESSION_STOPPED);
}

Test(policyd_lifecycle, housekeeping_forgets_sessions_deleted_meanwhile)
{
	int64_t sid = pf_session(1, "10.0.0.1");

	pf_admin("device", "delete", PF_DEV, NULL);
	cr_assert_eq(pf.rc, 0);
	pf_set_time(PF_T0 + pf.limits.session_timeout);
	pd_core_housekeeping(pf.core);
	cr_assert_not(pd_core_session_open(pf.core, sid));
	cr_assert_eq(pd_core_open_sessions(pf.core), 0);
}

Test(policyd_lifecycle, taken_over_sessions_nobody_asks_about_close_after_orphan_timeout)
{
	int64_t quiet = pf_session(1, "10.0.0.1");
	int64_t busy = pf_session(2, "10.0.0.2");
	uint64_t wid = pf.r.workitems.items[0]->id;

	/* nea-policyd and nea-imvd both restarted: only one session comes back */
	pf_restart(PF_T0 + 5);
	cr_assert_eq(pd_core_open_sessions(pf.core), 2);
	pf_set_time(PF_T0 + 6);
	pf_result(2, wid, PDB_REC_ALLOW, "ok");
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_WORKITEMS, "%s", pf.r.message);
	pf_set_time(PF_T0 + 5 + pf.limits.orphan_timeout - 1);
	cr_assert_eq(pd_core_housekeeping(pf.core), 0);
	pf_set_time(PF_T0 + 5 + pf.limits.orphan_timeout);
	cr_assert_eq(pd_core_housekeeping(pf.core), 1);
	cr_assert_not(pd_core_session_open(pf.core, quiet));
	cr_assert(pd_core_session_open(pf.core, busy));
	cr_assert_eq(pf_int("SELECT count(*) FROM workitems WHERE session = ?1", quiet), 0);
}

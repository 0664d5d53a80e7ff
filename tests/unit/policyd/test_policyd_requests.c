/*
 * policy.sock requests against a fresh database: the 11.3 flow of the
 * 5.9.14 capture (first contact of a Debian 12 device, 8 workitems, no
 * access because of tcp/271), then every field a hostile or confused IMV
 * host can get wrong, and requests in the wrong order.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "pd_fixture.h"

TestSuite(policyd_requests, .init = pf_setup, .fini = pf_teardown);

static const int capture_types[] = { PDB_WI_FMEAS, PDB_WI_FMEAS, PDB_WI_FWDEN, PDB_WI_FMEAS,
				     PDB_WI_FMETA, PDB_WI_PCKGS, PDB_WI_TCPOP, PDB_WI_UDPOP };

Test(policyd_requests, capture_flow_create_start_results_stop)
{
	uint64_t ids[8];
	int64_t sid;

	pf_create(1, 1, "client1", "127.0.0.1");
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_SESSION_CREATED);
	sid = (int64_t)pf.r.created.session_id;
	cr_assert_eq(sid, 1, "the first session of a new database is 1, as in the capture");
	cr_assert(pd_core_session_open(pf.core, sid));

	pf_start(1, (uint64_t)sid, PF_DEV, PF_PRODUCT);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_WORKITEMS);
	cr_assert_eq(pf.r.workitems.session_id, (uint64_t)sid);
	cr_assert(pf.r.workitems.has_device && pf.r.workitems.device > 0);
	cr_assert(pf.r.workitems.has_product && pf.r.workitems.product == 1);
	cr_assert_eq(pf.r.workitems.n_items, 8);
	for (size_t i = 0; i < 8; i++) {
		const Nea__Workitem *w = pf.r.workitems.items[i];

		cr_assert_eq(w->type, (uint32_t)capture_types[i], "workitem %zu", i);
		/* "FMEAS workitem 1" .. "UDPOP workitem 8" */
		cr_assert_eq(w->id, i + 1);
		cr_assert(w->has_enforcement && w->enforcement > 0);
		ids[i] = w->id;
	}
	cr_assert_str_eq(pf.r.workitems.items[7]->arg_str, "500 4500 10000-65000");
	cr_assert_eq(pf.r.workitems.items[6]->rec_fail, PDB_REC_NO_ACCESS);

	/* each result answers with what is still open */
	for (size_t i = 0; i < 8; i++) {
		uint32_t rec = capture_types[i] == PDB_WI_TCPOP ? PDB_REC_NO_ACCESS : PDB_REC_ALLOW;
		const char *text = capture_types[i] == PDB_WI_TCPOP ? "violating tcp ports: 271"
								    : "no violating udp ports";

		pf_result(1, ids[i], rec, text);
		cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_WORKITEMS, "%s", pf.r.message);
		cr_assert_eq(pf.r.workitems.n_items, 7 - i);
		for (size_t k = 0; k < pf.r.workitems.n_items; k++)
			cr_assert_gt(pf.r.workitems.items[k]->id, ids[i]);
	}
	cr_assert_eq(pf_int("SELECT rec_final FROM workitems WHERE id = 7", 0), PDB_REC_NO_ACCESS);

	pf_stop(1, (uint64_t)sid, PDB_REC_NO_ACCESS);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_SESSION_STOPPED, "%s", pf.r.message);
	cr_assert_eq(pf.r.stopped.session_id, (uint64_t)sid);
	cr_assert_str_eq(pf.r.stopped.summary, "recommendation for access requestor 127.0.0.1 is no access");
	cr_assert_not(pd_core_session_open(pf.core, sid));
	cr_assert_eq(pf_int("SELECT rec FROM sessions WHERE id = ?1", sid), PDB_REC_NO_ACCESS);
	cr_assert_eq(pf_int("SELECT count(*) FROM results WHERE session = ?1", sid), 8);
	cr_assert_eq(pf_int("SELECT count(*) FROM workitems", 0), 0);
	cr_assert_eq(pd_core_open_sessions(pf.core), 0);
}

Test(policyd_requests, replies_answer_every_request_and_keep_stats)
{
	pd_stats_t st;

	pf_create(0, 5, NULL, NULL);
	pf_start(0, 999, PF_DEV, PF_PRODUCT);
	pd_core_stats(pf.core, &st);
	cr_assert_eq(st.requests, 2);
	cr_assert_eq(st.refused, 1);
	cr_assert_eq(st.created, 1);
}

/* ------------------------------------------------------------ unknown ids */

Test(policyd_requests, unknown_session_ids)
{
	pf_start(0, 77, PF_DEV, PF_PRODUCT);
	pf_expect_error(NEA_ENOTFOUND);
	cr_assert(strstr(pf.r.error.message, "unknown session 77"));
	pf_stop(0, 77, PDB_REC_ALLOW);
	pf_expect_error(NEA_ENOTFOUND);
	/* ids the database can never hold */
	pf_start(0, 0, PF_DEV, PF_PRODUCT);
	pf_expect_error(NEA_EINVAL);
	pf_stop(0, (uint64_t)INT64_MAX + 1, PDB_REC_ALLOW);
	pf_expect_error(NEA_EINVAL);
	pf_stop(0, UINT64_MAX, PDB_REC_ALLOW);
	pf_expect_error(NEA_EINVAL);
	pf_result(0, UINT64_MAX, PDB_REC_ALLOW, "");
	pf_expect_error(NEA_EINVAL);
	cr_assert_eq(pf_int("SELECT count(*) FROM sessions", 0), 0);
}

Test(policyd_requests, unknown_workitem)
{
	pf_session(1, "10.0.0.1");
	pf_result(1, 4242, PDB_REC_ALLOW, "fine");
	pf_expect_error(NEA_ENOTFOUND);
	cr_assert(strstr(pf.r.error.message, "unknown workitem 4242"));
}

/* ------------------------------------------------------------ oversized */

Test(policyd_requests, oversized_strings_refused_before_use)
{
	char *big = malloc(PD_MAX_RESULT_LEN + 2);
	int64_t sid;

	cr_assert_not_null(big);
	memset(big, 'a', PD_MAX_RESULT_LEN + 1);
	big[PD_MAX_RESULT_LEN + 1] = '\0';

	/* identity value */
	big[PD_MAX_IDENTITY_LEN + 1] = '\0';
	pf_create(0, 3, big, NULL);
	pf_expect_error(NEA_ETOOBIG);
	memset(big, 'a', PD_MAX_RESULT_LEN + 1);
	/* peer address */
	big[PD_MAX_PEER_ADDR + 1] = '\0';
	pf_create(0, 3, "jane", big);
	pf_expect_error(NEA_ETOOBIG);
	memset(big, 'a', PD_MAX_RESULT_LEN + 1);
	cr_assert_eq(pf_int("SELECT count(*) FROM sessions", 0), 0);

	pf_create(0, 3, "jane", "10.1.1.1");
	sid = (int64_t)pf.r.created.session_id;
	/* device ID and product */
	big[PD_MAX_DEVICE_LEN + 1] = '\0';
	pf_start(0, (uint64_t)sid, big, PF_PRODUCT);
	pf_expect_error(NEA_ETOOBIG);
	memset(big, 'a', PD_MAX_RESULT_LEN + 1);
	big[PD_MAX_PRODUCT_LEN + 1] = '\0';
	pf_start(0, (uint64_t)sid, PF_DEV, big);
	pf_expect_error(NEA_ETOOBIG);
	memset(big, 'a', PD_MAX_RESULT_LEN + 1);
	cr_assert_eq(pf_int("SELECT count(*) FROM devices", 0), 0);
	/* exactly at the limit is fine */
	big[PD_MAX_DEVICE_LEN] = '\0';
	pf_start(0, (uint64_t)sid, big, PF_PRODUCT);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_WORKITEMS, "%s", pf.r.message);
	memset(big, 'a', PD_MAX_RESULT_LEN + 1);

	/* result text */
	pf_result(0, pf.r.workitems.items[0]->id, PDB_REC_ALLOW, big);
	pf_expect_error(NEA_ETOOBIG);
	cr_assert_eq(pf_int("SELECT count(*) FROM workitems WHERE rec_final IS NOT NULL", 0), 0);
	free(big);
}

Test(policyd_requests, too_many_identities_and_bad_identities)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__SessionCreate sc = NEA__SESSION_CREATE__INIT;
	Nea__Identity ids[PD_MAX_IDENTITIES + 1], *idp[PD_MAX_IDENTITIES + 1];

	for (size_t i = 0; i <= PD_MAX_IDENTITIES; i++) {
		nea__identity__init(&ids[i]);
		ids[i].type = PDB_ID_USER_NAME;
		ids[i].value.data = (uint8_t *)"x";
		ids[i].value.len = 1;
		idp[i] = &ids[i];
	}
	sc.connection = 1;
	sc.identities = idp;
	sc.n_identities = PD_MAX_IDENTITIES + 1;
	e.body_case = NEA__ENVELOPE__BODY_SESSION_CREATE;
	e.session_create = &sc;
	pf_send(&e, 1);
	pf_expect_error(NEA_ETOOBIG);

	sc.n_identities = 1;
	ids[0].type = 99;
	pf_send(&e, 1);
	pf_expect_error(NEA_EINVAL);
	ids[0].type = PDB_ID_USER_NAME;
	ids[0].value.len = 0;
	pf_send(&e, 1);
	pf_expect_error(NEA_EINVAL);
	ids[0].value.len = 1;
	sc.connection = 0;
	pf_send(&e, 1);
	pf_expect_error(NEA_EINVAL);
	cr_assert_eq(pf_int("SELECT count(*) FROM sessions", 0), 0);
	cr_assert_eq(pf_int("SELECT count(*) FROM identities", 0), 0);
}

Test(policyd_requests, peer_address_must_be_an_ip_address)
{
	pf_create(0, 1, "jane", "not-an-address");
	pf_expect_error(NEA_EINVAL);
	pf_create(0, 1, "jane", "127.0.0.1\n[DB] forged");
	pf_expect_error(NEA_EINVAL);
	pf_create(0, 1, "jane", "fe80::1");
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_SESSION_CREATED);
	/* an empty address is no address */
	pf_create(0, 2, "jane", "");
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_SESSION_CREATED);
}

Test(policyd_requests, recommendations_out_of_range)
{
	int64_t sid = pf_session(1, "10.0.0.1");
	uint64_t wid = pf.r.workitems.items[0]->id;

	pf_result(0, wid, 4, "x");
	pf_expect_error(NEA_EINVAL);
	pf_stop(0, (uint64_t)sid, 4);
	pf_expect_error(NEA_EINVAL);
	pf_stop(0, (uint64_t)sid, UINT32_MAX);
	pf_expect_error(NEA_EINVAL);
	cr_assert(pd_core_session_open(pf.core, sid));
}

Test(policyd_requests, empty_device_or_product)
{
	int64_t sid;

	pf_create(0, 1, "jane", NULL);
	sid = (int64_t)pf.r.created.session_id;
	pf_start(0, (uint64_t)sid, "", PF_PRODUCT);
	pf_expect_error(NEA_EINVAL);
	pf_start(0, (uint64_t)sid, PF_DEV, "");
	pf_expect_error(NEA_EINVAL);
	pf_start(0, (uint64_t)sid, NULL, PF_PRODUCT);
	pf_expect_error(NEA_EINVAL);
}

Test(policyd_requests, body_missing_or_not_a_policy_request)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;

	e.body_case = NEA__ENVELOPE__BODY_SESSION_START;
	pf_send(&e, 1);
	pf_expect_error(NEA_EINVAL);
	e.body_case = NEA__ENVELOPE__BODY_WORKITEM_RESULT;
	pf_send(&e, 1);
	pf_expect_error(NEA_EINVAL);
	e.body_case = NEA__ENVELOPE__BODY_HEALTH_REQUEST;
	pf_send(&e, 1);
	pf_expect_error(NEA_EUNSUPPORTED);
}

/* ------------------------------------------------------------ wrong order */

Test(policyd_requests, result_before_start_has_no_workitem)
{
	int64_t sid;

	pf_create(1, 1, "jane", "10.0.0.1");
	sid = (int64_t)pf.r.created.session_id;
	pf_result(1, 1, PDB_REC_ALLOW, "early");
	pf_expect_error(NEA_ENOTFOUND);
	/* the session itself is unharmed and starts normally */
	pf_start(1, (uint64_t)sid, PF_DEV, PF_PRODUCT);
	cr_assert_eq(pf.r.workitems.n_items, 8);
}

Test(policyd_requests, stop_before_start_records_the_recommendation)
{
	int64_t sid;

	pf_create(1, 1, "jane", "10.0.0.1");
	sid = (int64_t)pf.r.created.session_id;
	pf_stop(1, (uint64_t)sid, PDB_REC_ISOLATE);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_SESSION_STOPPED);
	cr_assert_str_eq(pf.r.stopped.summary, "recommendation for access requestor 10.0.0.1 is isolate");
	/* and the session cannot be started afterwards */
	pf_start(1, (uint64_t)sid, PF_DEV, PF_PRODUCT);
	pf_expect_error(NEA_ESTATE);
	cr_assert(strstr(pf.r.error.message, "stopped with 'isolate'"));
}

Test(policyd_requests, duplicate_stop_refused)
{
	int64_t sid = pf_session(1, "10.0.0.1");

	pf_stop(1, (uint64_t)sid, PDB_REC_ALLOW);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_SESSION_STOPPED);
	pf_stop(1, (uint64_t)sid, PDB_REC_NO_ACCESS);
	pf_expect_error(NEA_ESTATE);
	cr_assert(strstr(pf.r.error.message, "already") || strstr(pf.r.error.message, "not open"));
	/* the first recommendation stands */
	cr_assert_eq(pf_int("SELECT rec FROM sessions WHERE id = ?1", sid), PDB_REC_ALLOW);
}

Test(policyd_requests, result_after_stop_refused)
{
	int64_t sid = pf_session(1, "10.0.0.1");
	uint64_t wid = pf.r.workitems.items[0]->id;

	pf_stop(1, (uint64_t)sid, PDB_REC_ALLOW);
	pf_result(1, wid, PDB_REC_ALLOW, "late");
	/* stop deleted the workitems */
	pf_expect_error(NEA_ENOTFOUND);
}

Test(policyd_requests, repeated_start_returns_the_same_workitems)
{
	int64_t sid = pf_session(1, "10.0.0.1");
	uint64_t first = pf.r.workitems.items[0]->id;

	pf_start(1, (uint64_t)sid, PF_DEV, PF_PRODUCT);
	cr_assert_eq(pf.r.workitems.n_items, 8);
	cr_assert_eq(pf.r.workitems.items[0]->id, first);
	cr_assert_eq(pf_int("SELECT count(*) FROM workitems", 0), 8);
	/* but not for another device */
	pf_start(1, (uint64_t)sid, "0000000000000000000000000000beef", PF_PRODUCT);
	pf_expect_error(NEA_ESTATE);
	cr_assert_eq(pf_int("SELECT count(*) FROM devices", 0), 1);
}

/* ------------------------------------------------------------ retries, conflicts */

Test(policyd_requests, same_result_twice_is_a_retry_another_is_refused)
{
	uint64_t wid;

	pf_session(1, "10.0.0.1");
	wid = pf.r.workitems.items[2]->id;
	pf_result(1, wid, PDB_REC_ALLOW, "forwarding not enabled");
	cr_assert_eq(pf.r.workitems.n_items, 7);
	pf_result(1, wid, PDB_REC_ALLOW, "forwarding not enabled");
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_WORKITEMS);
	cr_assert_eq(pf.r.workitems.n_items, 7);
	pf_result(1, wid, PDB_REC_NO_ACCESS, "forwarding enabled");
	pf_expect_error(NEA_EEXIST);
	cr_assert_eq(pf_int("SELECT rec_final FROM workitems WHERE id = ?1", (int64_t)wid),
		     PDB_REC_ALLOW);
}

Test(policyd_requests, connection_id_must_match_the_session)
{
	int64_t sid = pf_session(1, "10.0.0.1");
	uint64_t wid = pf.r.workitems.items[0]->id;

	pf_result(2, wid, PDB_REC_ALLOW, "x");
	pf_expect_error(NEA_EPERM);
	pf_stop(2, (uint64_t)sid, PDB_REC_ALLOW);
	pf_expect_error(NEA_EPERM);
	pf_start(2, (uint64_t)sid, PF_DEV, PF_PRODUCT);
	pf_expect_error(NEA_EPERM);
	/* an envelope Connection ID that contradicts the body */
	pf_create(3, 4, "jane", NULL);
	pf_expect_error(NEA_EINVAL);
	/* no conn_id at all is accepted */
	pf_result(0, wid, PDB_REC_ALLOW, "x");
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_WORKITEMS);
	cr_assert(pd_core_session_open(pf.core, sid));
}

Test(policyd_requests, reused_connection_id_closes_the_old_session)
{
	int64_t old = pf_session(1, "10.0.0.1"), fresh;
	uint64_t wid = pf.r.workitems.items[2]->id;

	pf_result(1, wid, PDB_REC_ALLOW, "forwarding not enabled");
	/* the broker restarted and numbers from 1 again */
	pf_create(1, 1, "client2", "10.0.0.2");
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_SESSION_CREATED);
	fresh = (int64_t)pf.r.created.session_id;
	cr_assert_neq(fresh, old);
	cr_assert_not(pd_core_session_open(pf.core, old));
	cr_assert(pd_core_session_open(pf.core, fresh));
	cr_assert_eq(pd_core_open_sessions(pf.core), 1);
	/* closed out with no recommendation, the finished work kept */
	cr_assert_eq(pf_int("SELECT rec FROM sessions WHERE id = ?1", old), PDB_REC_NONE);
	cr_assert_eq(pf_int("SELECT count(*) FROM workitems WHERE session = ?1", old), 0);
	cr_assert_eq(pf_int("SELECT count(*) FROM results WHERE session = ?1", old), 1);
	pf_stop(1, (uint64_t)old, PDB_REC_ALLOW);
	pf_expect_error(NEA_ESTATE);
}

Test(policyd_requests, session_deleted_by_an_operator)
{
	int64_t sid = pf_session(1, "10.0.0.1");

	pf_admin("device", "delete", PF_DEV, NULL);
	cr_assert_eq(pf.rc, 0, "%s", pf.r.admin.error);
	pf_stop(1, (uint64_t)sid, PDB_REC_ALLOW);
	pf_expect_error(NEA_ENOTFOUND);
	cr_assert_not(pd_core_session_open(pf.core, sid));
}

Test(policyd_requests, too_many_open_sessions)
{
	pd_limits_t l = pf.limits;

	l.max_sessions = 2;
	pd_core_set_limits(pf.core, &l);
	pf_create(0, 1, "a", NULL);
	pf_create(0, 2, "b", NULL);
	pf_create(0, 3, "c", NULL);
	pf_expect_error(NEA_EAGAIN);
	cr_assert_eq(pf_int("SELECT count(*) FROM sessions", 0), 2);
}

/* ------------------------------------------------------------ packages */

Test(policyd_requests, package_check_statuses_in_order)
{
	/* openssl and telnetd (blacklisted) are in the seed data */
	pf_admin("version", "add", "openssl", "3.0.15-1~deb12u1", "--product", PF_PRODUCT,
		 "--security", NULL);
	cr_assert_eq(pf.rc, 0, "%s", pf.r.admin.error);
	pf_admin("version", "add", "openssl", "3.0.11-1~deb12u2", "--product", PF_PRODUCT,
		 "--blacklist", NULL);
	cr_assert_eq(pf.rc, 0, "%s", pf.r.admin.error);

	pf_packages(PF_PRODUCT, "openssl", "3.0.15-1~deb12u1", "openssl", "3.0.11-1~deb12u2",
		    "openssl", "3.0.9-1", "adduser", "3.134", "telnetd", "0.17-44", NULL);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_PACKAGE_STATUS, "%s", pf.r.message);
	cr_assert_eq(pf.r.packages.n_status, 5);
	cr_assert_eq(pf.r.packages.status[0], PDB_PKG_OK);
	cr_assert_eq(pf.r.packages.status[1], PDB_PKG_BLACKLIST);
	cr_assert_eq(pf.r.packages.status[2], PDB_PKG_UPDATE);
	cr_assert_eq(pf.r.packages.status[3], PDB_PKG_UNKNOWN);
	cr_assert_eq(pf.r.packages.status[4], PDB_PKG_BLACKLIST);

	/* an empty list is answered with an empty list */
	pf_packages(PF_PRODUCT, NULL);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_PACKAGE_STATUS);
	cr_assert_eq(pf.r.packages.n_status, 0);
}

Test(policyd_requests, package_check_hostile_fields)
{
	char big[PD_MAX_PACKAGE_LEN + 2];

	memset(big, 'p', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	pf_packages(PF_PRODUCT, big, "1", NULL);
	pf_expect_error(NEA_ETOOBIG);
	pf_packages(PF_PRODUCT, "ok", big, NULL);
	pf_expect_error(NEA_ETOOBIG);
	pf_packages(PF_PRODUCT, "", "1", NULL);
	pf_expect_error(NEA_EINVAL);
	pf_packages("", "a", "1", NULL);
	pf_expect_error(NEA_EINVAL);
	/* an empty version is a version */
	pf_packages(PF_PRODUCT, "a", "", NULL);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_PACKAGE_STATUS);
}

Test(policyd_requests, package_check_too_many)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__PackageCheck pc = NEA__PACKAGE_CHECK__INIT;
	Nea__Package one = NEA__PACKAGE__INIT;
	Nea__Package **many = calloc(PD_MAX_PACKAGES + 1, sizeof(*many));

	cr_assert_not_null(many);
	one.name = (char *)"a";
	one.version = (char *)"1";
	for (size_t i = 0; i <= PD_MAX_PACKAGES; i++)
		many[i] = &one;
	pc.product = (char *)PF_PRODUCT;
	pc.packages = many;
	pc.n_packages = PD_MAX_PACKAGES + 1;
	e.body_case = NEA__ENVELOPE__BODY_PACKAGE_CHECK;
	e.package_check = &pc;
	pf_send(&e, 1);
	pf_expect_error(NEA_ETOOBIG);
	free(many);
}

/* ------------------------------------------------------------ no database */

Test(policyd_requests, without_a_database_everything_is_refused)
{
	pd_core_t *bare;
	pd_reply_t r;
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__SessionStop sp = NEA__SESSION_STOP__INIT;
	Nea__AdminRequest ar = NEA__ADMIN_REQUEST__INIT;
	char *argv[] = { (char *)"sessions" };

	cr_assert_eq(pd_core_new(NULL, &pf.limits, &bare), 0);
	sp.session_id = 1;
	e.body_case = NEA__ENVELOPE__BODY_SESSION_STOP;
	e.session_stop = &sp;
	pd_reply_init(&r);
	cr_assert_eq(pd_core_policy(bare, &e, 1, &r), NEA_ECONFIG);
	cr_assert_eq(r.env.body_case, NEA__ENVELOPE__BODY_POLICY_ERROR);
	cr_assert(strstr(r.error.message, "libimcv.database"));
	pd_reply_free(&r);

	ar.argv = argv;
	ar.n_argv = 1;
	e.body_case = NEA__ENVELOPE__BODY_ADMIN_REQUEST;
	e.admin_request = &ar;
	cr_assert_eq(pd_core_admin(bare, &e, 0, &r), 3);
	cr_assert(strstr(r.admin.error, "libimcv.database"));
	pd_reply_free(&r);
	cr_assert_eq(pd_core_housekeeping(bare), 0);
	pd_core_free(bare);
}

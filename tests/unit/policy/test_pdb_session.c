/*
 * The IMV session flow against the stock data: group assignment of new
 * devices, workitems up the parent chain, max_age skipping, enforcement
 * overrides, verdicts, stop.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "nea_err.h"
#include "pdb_fixture.h"

TestSuite(pdb_session, .init = fx_setup, .fini = fx_teardown);

#define DEV "3d1219c7c4c5404aaa1f6d2a48adfda4"

Test(pdb_session, create_stores_identities_once)
{
	pdb_identity_t ids[] = { { PDB_ID_USER_NAME, "client.strongswan.org", 21 },
				 { PDB_ID_IPV4_ADDR, "192.168.0.3", 11 } };
	int64_t s1, s2;

	cr_assert_eq(pdb_session_create(fx.db, 1, ids, 2, NULL, &s1), 0);
	cr_assert_eq(pdb_session_create(fx.db, 2, ids, 2, "192.168.0.3", &s2), 0);
	cr_assert_neq(s1, s2);
	cr_assert_eq(fx_int("SELECT count(*) FROM identities", NULL), 2);
	cr_assert_eq(fx_int("SELECT count(*) FROM sessions_identities WHERE session_id = ?1", "i", s2), 2);
	/* the session's identity is the user, not the machine address */
	cr_assert_str_eq(fx_text("SELECT CAST(i.value AS TEXT) FROM sessions AS s JOIN identities AS i "
				 "ON i.id = s.identity WHERE s.id = ?1",
				 "i", s1),
			 "client.strongswan.org");
	cr_assert_eq(fx_int("SELECT time FROM sessions WHERE id = ?1", "i", s1), FX_T0);
	cr_assert_eq(fx_int("SELECT connection FROM sessions WHERE id = ?1", "i", s2), 2);
	cr_assert_eq(fx_int("SELECT rec FROM sessions WHERE id = ?1", "i", s1), PDB_REC_NONE);
	/* identity values are blobs, as strongSwan stores them */
	cr_assert_str_eq(fx_text("SELECT typeof(value) FROM identities LIMIT 1", NULL), "blob");
}

Test(pdb_session, peer_address_becomes_machine_identity)
{
	pdb_identity_t ids[] = { { PDB_ID_USER_NAME, "jane", 4 } };
	int64_t sid;

	cr_assert_eq(pdb_session_create(fx.db, 7, ids, 1, "10.3.0.1", &sid), 0);
	cr_assert_eq(fx_int("SELECT count(*) FROM sessions_identities AS si JOIN identities AS i ON "
			    "i.id = si.identity_id WHERE si.session_id = ?1 AND i.type = 1 AND "
			    "CAST(i.value AS TEXT) = '10.3.0.1'",
			    "i", sid),
		     1);
	cr_assert_eq(pdb_session_create(fx.db, 8, NULL, 0, "fe80::1", &sid), 0);
	/* without a user the address is the session's identity */
	cr_assert_eq(fx_int("SELECT i.type FROM sessions AS s JOIN identities AS i ON i.id = s.identity "
			    "WHERE s.id = ?1",
			    "i", sid),
		     PDB_ID_IPV6_ADDR);
	/* a peer_addr that is no address is not an identity */
	cr_assert_eq(pdb_session_create(fx.db, 9, NULL, 0, "not-an-ip", &sid), 0);
	cr_assert_eq(fx_int("SELECT count(*) FROM sessions_identities WHERE session_id = ?1", "i", sid), 0);
}

Test(pdb_session, new_device_without_product_default_joins_default)
{
	pdb_worklist_t wl;
	int64_t sid;

	sid = fx_session(1, "client1", "127.0.0.1", FX_T0, DEV, "Fedora 41 x86_64", &wl);
	cr_assert_eq(wl.session, sid);
	cr_assert_gt(wl.device, 0);
	/* a new product was registered */
	cr_assert_eq(wl.product, fx_int("SELECT id FROM products WHERE name = 'Fedora 41 x86_64'", NULL));
	cr_assert_eq(fx_int("SELECT group_id FROM groups_members WHERE device_id = ?1", "i", wl.device), 1);
	cr_assert_eq(fx_int("SELECT count(*) FROM groups_members WHERE device_id = ?1", "i", wl.device),
		     1);
	cr_assert_eq(fx_int("SELECT created FROM devices WHERE id = ?1", "i", wl.device), FX_T0);
	cr_assert_eq(fx_int("SELECT device FROM sessions WHERE id = ?1", "i", sid), wl.device);
	cr_assert_eq(fx_int("SELECT product FROM sessions WHERE id = ?1", "i", sid), wl.product);

	/* Default's enforcements, in enforcement order */
	cr_assert_eq(wl.n, 3);
	cr_assert_eq(wl.items[0].type, PDB_WI_PCKGS);
	cr_assert_str_eq(wl.items[0].arg_str, "");
	cr_assert_eq(wl.items[0].arg_int, 0);
	cr_assert_eq(wl.items[0].rec_fail, PDB_REC_ISOLATE);
	cr_assert_eq(wl.items[0].rec_noresult, PDB_REC_ISOLATE);
	cr_assert_eq(wl.items[1].type, PDB_WI_TCPOP);
	cr_assert_str_eq(wl.items[1].arg_str, "");
	cr_assert_eq(wl.items[1].rec_fail, PDB_REC_NO_ACCESS);
	cr_assert_eq(wl.items[2].type, PDB_WI_UDPOP);
	cr_assert_str_eq(wl.items[2].arg_str, "500 4500 10000-65000");
	cr_assert_eq(wl.items[2].rec_noresult, PDB_REC_NO_ACCESS);
	/* the rows are there for the IMVs too */
	cr_assert_eq(fx_int("SELECT count(*) FROM workitems WHERE session = ?1 AND rec_final IS NULL",
			    "i", sid),
		     3);
	cr_assert_eq(fx_int("SELECT e.max_age FROM workitems AS w JOIN enforcements AS e ON "
			    "e.id = w.enforcement WHERE w.id = ?1",
			    "i", wl.items[0].id),
		     86400);
	pdb_worklist_free(&wl);
}

Test(pdb_session, debian_device_walks_up_the_parent_chain)
{
	static const int types[] = { PDB_WI_FMEAS, PDB_WI_FMEAS, PDB_WI_FWDEN, PDB_WI_FMEAS,
				     PDB_WI_FMETA, PDB_WI_PCKGS, PDB_WI_TCPOP, PDB_WI_UDPOP };
	pdb_worklist_t wl;

	/* the first contact of the 5.9.14 capture: same workitems, same order */
	fx_session(1, "client1", "127.0.0.1", FX_T0, DEV, "Debian 12 x86_64", &wl);
	cr_assert_eq(fx_int("SELECT g.name = 'Debian x86_64' FROM groups_members AS m JOIN groups AS g "
			    "ON g.id = m.group_id WHERE m.device_id = ?1",
			    "i", wl.device),
		     1);
	cr_assert_eq(wl.n, 8);
	for (size_t i = 0; i < 8; i++) {
		cr_assert_eq(wl.items[i].type, types[i], "workitem %zu is %s", i,
			     pdb_wi_name(wl.items[i].type));
		if (i)
			cr_assert_gt(wl.items[i].id, wl.items[i - 1].id);
	}
	/* measurements carry the file id of their policy */
	cr_assert_eq(wl.items[0].arg_int,
		     fx_int("SELECT f.id FROM files AS f WHERE f.name = 'libcrypto.so.3'", NULL));
	cr_assert_eq(wl.items[1].arg_int,
		     fx_int("SELECT f.id FROM files AS f WHERE f.name = 'libssl.so.3'", NULL));
	cr_assert_eq(wl.items[4].arg_int, fx_int("SELECT id FROM files WHERE name = 'tnc_config'", NULL));
	/* FWDEN comes from Linux, PCKGS from Default */
	cr_assert_str_eq(fx_text("SELECT g.name FROM enforcements AS e JOIN groups AS g ON "
				 "g.id = e.group_id WHERE e.id = ?1",
				 "i", wl.items[2].enforcement),
			 "Linux");
	cr_assert_str_eq(fx_text("SELECT g.name FROM enforcements AS e JOIN groups AS g ON "
				 "g.id = e.group_id WHERE e.id = ?1",
				 "i", wl.items[5].enforcement),
			 "Default");
	pdb_worklist_free(&wl);
}

Test(pdb_session, finalize_and_stop_write_results)
{
	pdb_worklist_t wl;
	pdb_stop_t stop;
	int64_t sid;

	sid = fx_session(1, "client1", "127.0.0.1", FX_T0, DEV, "Debian 12 x86_64", &wl);
	fx_finalize(&wl, PDB_WI_FWDEN, PDB_REC_ALLOW, "forwarding not enabled");
	fx_finalize(&wl, PDB_WI_TCPOP, PDB_REC_NO_ACCESS, "violating tcp ports: 271");
	fx_finalize(&wl, PDB_WI_UDPOP, PDB_REC_ALLOW, "no violating udp ports");
	fx_finalize(&wl, PDB_WI_PCKGS, PDB_REC_ALLOW,
		    "processed 834 packages: 0 vulnerable, 0 blacklisted, 0 ok, 834 unknown");
	cr_assert_eq(fx_int("SELECT rec_final FROM workitems WHERE id = ?1", "i",
			    wl.items[fx_find(&wl, PDB_WI_TCPOP)].id),
		     PDB_REC_NO_ACCESS);

	cr_assert_eq(pdb_session_stop(fx.db, sid, PDB_REC_NO_ACCESS, &stop), 0);
	cr_assert_str_eq(stop.summary, "recommendation for access requestor 127.0.0.1 is no access");
	cr_assert_str_eq(stop.ip, "127.0.0.1");
	cr_assert_eq(stop.rec, PDB_REC_NO_ACCESS);
	cr_assert_eq(stop.results, 4);
	pdb_stop_free(&stop);

	cr_assert_eq(fx_int("SELECT rec FROM sessions WHERE id = ?1", "i", sid), PDB_REC_NO_ACCESS);
	cr_assert_eq(fx_int("SELECT count(*) FROM workitems", NULL), 0);
	/* one row per finalized workitem; the four unanswered ones leave none */
	cr_assert_eq(fx_int("SELECT count(*) FROM results WHERE session = ?1", "i", sid), 4);
	cr_assert_eq(fx_int("SELECT r.rec FROM results AS r JOIN policies AS p ON p.id = r.policy "
			    "WHERE p.name = 'No Open TCP Ports'",
			    NULL),
		     PDB_REC_NO_ACCESS);
	cr_assert_str_eq(fx_text("SELECT r.result FROM results AS r JOIN policies AS p ON "
				 "p.id = r.policy WHERE p.name = 'No Open TCP Ports'",
				 NULL),
			 "violating tcp ports: 271");
	cr_assert_eq(fx_int("SELECT policy FROM results WHERE result = 'forwarding not enabled'", NULL),
		     3);
	pdb_worklist_free(&wl);
}

Test(pdb_session, verdict_and_stop_errors)
{
	pdb_worklist_t wl;
	pdb_stop_t stop;
	int64_t sid;

	sid = fx_session(1, "client1", NULL, FX_T0, DEV, "Debian 12 x86_64", &wl);
	cr_assert_eq(pdb_workitem_finalize(fx.db, 9999, PDB_REC_ALLOW, "x"), NEA_ENOTFOUND);
	cr_assert_eq(pdb_workitem_finalize(fx.db, wl.items[0].id, 4, "x"), NEA_EINVAL);
	cr_assert_eq(pdb_workitem_finalize(fx.db, wl.items[0].id, -1, "x"), NEA_EINVAL);
	cr_assert_eq(pdb_workitem_finalize(fx.db, wl.items[0].id, PDB_REC_ALLOW, NULL), NEA_EINVAL);
	cr_assert_eq(pdb_session_stop(fx.db, 9999, PDB_REC_ALLOW, &stop), NEA_ENOTFOUND);
	cr_assert_eq(pdb_session_stop(fx.db, sid, 7, &stop), NEA_EINVAL);
	/* nothing changed by the failures */
	cr_assert_eq(fx_int("SELECT count(*) FROM workitems WHERE result IS NOT NULL", NULL), 0);
	/* no address known: strongSwan prints no summary */
	cr_assert_eq(pdb_session_stop(fx.db, sid, PDB_REC_ALLOW, &stop), 0);
	cr_assert_null(stop.summary);
	cr_assert_null(stop.ip);
	cr_assert_eq(stop.results, 0);
	pdb_stop_free(&stop);
	pdb_worklist_free(&wl);
}

Test(pdb_session, second_start_skips_policies_passed_within_max_age)
{
	pdb_worklist_t wl;
	pdb_stop_t stop;
	int64_t sid;

	sid = fx_session(1, "client1", "127.0.0.1", FX_T0, DEV, "Debian 12 x86_64", &wl);
	fx_finalize(&wl, PDB_WI_PCKGS, PDB_REC_ALLOW, "processed 834 packages");
	fx_finalize(&wl, PDB_WI_TCPOP, PDB_REC_NO_ACCESS, "violating tcp ports: 271");
	fx_finalize(&wl, PDB_WI_UDPOP, PDB_REC_ALLOW, "no violating udp ports");
	fx_finalize(&wl, PDB_WI_FWDEN, PDB_REC_ALLOW, "forwarding not enabled");
	cr_assert_eq(pdb_session_stop(fx.db, sid, PDB_REC_NO_ACCESS, &stop), 0);
	pdb_stop_free(&stop);
	pdb_worklist_free(&wl);

	/* 30 s later: PCKGS (86400) and UDPOP (60) passed, TCPOP failed,
	 * FWDEN has max_age 0 and is always checked */
	fx_session(2, "client1", "127.0.0.1", FX_T0 + 30, DEV, "Debian 12 x86_64", &wl);
	cr_assert_eq(fx_find(&wl, PDB_WI_PCKGS), -1);
	cr_assert_eq(fx_find(&wl, PDB_WI_UDPOP), -1);
	cr_assert_geq(fx_find(&wl, PDB_WI_TCPOP), 0);
	cr_assert_geq(fx_find(&wl, PDB_WI_FWDEN), 0);
	cr_assert_eq(wl.n, 6);
	pdb_worklist_free(&wl);

	/* 100 s later UDPOP's 60 s have run out, PCKGS's day has not */
	fx_session(3, "client1", "127.0.0.1", FX_T0 + 100, DEV, "Debian 12 x86_64", &wl);
	cr_assert_eq(fx_find(&wl, PDB_WI_PCKGS), -1);
	cr_assert_geq(fx_find(&wl, PDB_WI_UDPOP), 0);
	pdb_worklist_free(&wl);

	/* a day and a second later everything is due again */
	fx_session(4, "client1", "127.0.0.1", FX_T0 + 86401, DEV, "Debian 12 x86_64", &wl);
	cr_assert_eq(wl.n, 8);
	pdb_worklist_free(&wl);
}

Test(pdb_session, only_the_newest_result_in_the_window_counts)
{
	pdb_worklist_t wl;
	pdb_stop_t stop;
	int64_t sid;

	sid = fx_session(1, "u", "10.0.0.1", FX_T0, DEV, "Fedora 41 x86_64", &wl);
	fx_finalize(&wl, PDB_WI_PCKGS, PDB_REC_ALLOW, "ok");
	cr_assert_eq(pdb_session_stop(fx.db, sid, PDB_REC_ALLOW, &stop), 0);
	pdb_stop_free(&stop);
	pdb_worklist_free(&wl);

	/* an operator forces a new check; it fails */
	sid = fx_session(2, "u", "10.0.0.1", FX_T0 + 10, NULL, NULL, NULL);
	cr_assert_eq(fx_exec("UPDATE sessions SET device = 1, product = 1 WHERE id = ?1", "i", sid),
		     SQLITE_OK);
	cr_assert_eq(fx_exec("INSERT INTO results (session, policy, rec, result) VALUES (?1, 1, 2, "
			     "'1 vulnerable')",
			     "i", sid),
		     SQLITE_OK);
	fx_session(3, "u", "10.0.0.1", FX_T0 + 20, DEV, "Fedora 41 x86_64", &wl);
	cr_assert_geq(fx_find(&wl, PDB_WI_PCKGS), 0);
	pdb_worklist_free(&wl);
}

Test(pdb_session, device_in_several_groups_gets_each_enforcement_once)
{
	pdb_worklist_t wl;
	int64_t dev;

	fx_session(1, "u", NULL, FX_T0, DEV, "Debian 12 x86_64", &wl);
	dev = wl.device;
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_admin("group", "member", "add", "TPM IMA", DEV, NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_admin("group", "member", "add", "Linux", DEV, NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_int("SELECT count(*) FROM groups_members WHERE device_id = ?1", "i", dev), 3);

	/* known device: all its groups, each walked up; Linux and Default reached twice */
	fx_session(2, "u", NULL, FX_T0 + 1, DEV, "Debian 12 x86_64", &wl);
	cr_assert_eq(wl.n, 9);
	cr_assert_eq(fx_find(&wl, PDB_WI_TPMRA), 8);
	cr_assert_str_eq(wl.items[8].arg_str, "I");
	for (size_t i = 0; i < wl.n; i++)
		for (size_t j = i + 1; j < wl.n; j++)
			cr_assert_neq(wl.items[i].enforcement, wl.items[j].enforcement);
	/* no second default-group assignment for a known device */
	cr_assert_eq(fx_int("SELECT count(*) FROM groups_members WHERE device_id = ?1", "i", dev), 3);
	pdb_worklist_free(&wl);
}

Test(pdb_session, enforcement_overrides_rec_values)
{
	pdb_worklist_t wl;
	int i;

	/* IP forwarding on every device, isolating instead of blocking */
	cr_assert_eq(fx_admin("enforcement", "add", "IP Forwarding Enabled", "Default", "--rec-fail",
			      "isolate", NULL),
		     PDB_ADMIN_OK);
	/* UDP ports: no answer counts as no access... already the policy's; make it isolate */
	cr_assert_eq(fx_exec("UPDATE enforcements SET rec_noresult = 2 WHERE policy = 9", NULL),
		     SQLITE_OK);
	fx_session(1, "u", NULL, FX_T0, DEV, "Fedora 41 x86_64", &wl);
	i = fx_find(&wl, PDB_WI_FWDEN);
	cr_assert_geq(i, 0);
	cr_assert_eq(wl.items[i].rec_fail, PDB_REC_ISOLATE);
	cr_assert_eq(wl.items[i].rec_noresult, PDB_REC_NO_ACCESS); /* the policy's */
	i = fx_find(&wl, PDB_WI_UDPOP);
	cr_assert_eq(wl.items[i].rec_fail, PDB_REC_NO_ACCESS);
	cr_assert_eq(wl.items[i].rec_noresult, PDB_REC_ISOLATE);
	/* a stored 0 is "no override" in this schema */
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_exec("UPDATE enforcements SET rec_fail = 0 WHERE policy = 8", NULL), SQLITE_OK);
	fx_session(2, "u", NULL, FX_T0 + 1, "another-device-0001", "Fedora 41 x86_64", &wl);
	i = fx_find(&wl, PDB_WI_TCPOP);
	cr_assert_eq(wl.items[i].rec_fail, PDB_REC_NO_ACCESS);
	pdb_worklist_free(&wl);
}

Test(pdb_session, start_twice_returns_the_same_workitems)
{
	pdb_worklist_t a, b;
	int64_t sid;

	sid = fx_session(1, "u", NULL, FX_T0, DEV, "Debian 12 x86_64", &a);
	cr_assert_eq(pdb_session_start(fx.db, sid, DEV, "Debian 12 x86_64", &b), 0);
	cr_assert_eq(b.n, a.n);
	for (size_t i = 0; i < a.n; i++)
		cr_assert_eq(b.items[i].id, a.items[i].id);
	cr_assert_eq(fx_int("SELECT count(*) FROM workitems WHERE session = ?1", "i", sid), (int64_t)a.n);
	cr_assert_eq(b.device, a.device);
	pdb_worklist_free(&a);
	pdb_worklist_free(&b);
	cr_assert_eq(pdb_workitems_get(fx.db, sid, &a), 0);
	cr_assert_eq(a.n, 8);
	pdb_worklist_free(&a);
}

Test(pdb_session, start_errors)
{
	pdb_worklist_t wl;
	int64_t sid;

	cr_assert_eq(pdb_session_start(fx.db, 42, DEV, "Debian 12 x86_64", &wl), NEA_ENOTFOUND);
	cr_assert_eq(wl.n, 0);
	sid = fx_session(1, "u", NULL, FX_T0, NULL, NULL, NULL);
	cr_assert_eq(pdb_session_start(fx.db, sid, "", "Debian 12 x86_64", &wl), NEA_EINVAL);
	cr_assert_eq(pdb_session_start(fx.db, sid, DEV, NULL, &wl), NEA_EINVAL);
	cr_assert_eq(pdb_workitems_get(fx.db, 42, &wl), NEA_ENOTFOUND);
	/* the failed starts created nothing */
	cr_assert_eq(fx_int("SELECT count(*) FROM devices", NULL), 0);
}

Test(pdb_session, swima_asks_for_events_after_the_last_known)
{
	pdb_worklist_t wl;
	pdb_stop_t stop;
	int64_t sid;
	int i;

	/* Debian armv7l enforces 'SWID Tag IDs' (arg 'R') */
	sid = fx_session(1, "raspi4", NULL, FX_T0, "762872c90011671ef219b6a2a0c3c7dda875b43c",
			 "Debian 7.11 armv7l", &wl);
	i = fx_find(&wl, PDB_WI_SWIDT);
	cr_assert_geq(i, 0);
	cr_assert_str_eq(wl.items[i].arg_str, "R");
	cr_assert_eq(wl.items[i].arg_int, 0);
	cr_assert_eq(pdb_session_stop(fx.db, sid, PDB_REC_NONE, &stop), 0);
	pdb_stop_free(&stop);
	cr_assert_eq(fx_exec("INSERT INTO swid_events (device, epoch, eid, timestamp) VALUES "
			     "(?1, 1821553027, 5, '2026-11-22T22:23:09Z')",
			     "i", wl.device),
		     SQLITE_OK);
	pdb_worklist_free(&wl);
	fx_session(2, "raspi4", NULL, FX_T0 + 5, "762872c90011671ef219b6a2a0c3c7dda875b43c",
		   "Debian 7.11 armv7l", &wl);
	i = fx_find(&wl, PDB_WI_SWIDT);
	cr_assert_eq(wl.items[i].arg_int, 6);
	pdb_worklist_free(&wl);
}

Test(pdb_session, parent_loop_ends)
{
	pdb_worklist_t wl;

	/* Linux (2) under Debian x86_64 (5) under Linux: a loop made by hand */
	cr_assert_eq(fx_exec("UPDATE groups SET parent = 5 WHERE id = 2", NULL), SQLITE_OK);
	fx_session(1, "u", NULL, FX_T0, DEV, "Debian 12 x86_64", &wl);
	/* Debian x86_64 and Linux once each; Default is unreachable now */
	cr_assert_eq(wl.n, 5);
	cr_assert_eq(fx_find(&wl, PDB_WI_PCKGS), -1);
	pdb_worklist_free(&wl);
}

Test(pdb_session, upgraded_device_keeps_its_groups)
{
	pdb_worklist_t wl;
	int64_t dev;

	fx_session(1, "u", NULL, FX_T0, DEV, "Debian 11 x86_64", &wl);
	dev = wl.device;
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_admin("group", "member", "add", "TPM BIOS", DEV, NULL), PDB_ADMIN_OK);
	fx_session(2, "u", NULL, FX_T0 + 1, DEV, "Debian 12 x86_64", &wl);
	cr_assert_eq(wl.device, dev);
	cr_assert_eq(fx_int("SELECT count(*) FROM devices", NULL), 1);
	cr_assert_str_eq(fx_text("SELECT p.name FROM devices AS d JOIN products AS p ON p.id = d.product",
				 NULL),
			 "Debian 12 x86_64");
	cr_assert_geq(fx_find(&wl, PDB_WI_TPMRA), 0);
	pdb_worklist_free(&wl);
}

Test(pdb_session, operator_placed_device_is_not_new)
{
	pdb_worklist_t wl;

	/* a device the OS IMV saw but the policy manager never started */
	cr_assert_eq(fx_exec("INSERT INTO devices (value) VALUES (?1)", "t", DEV), SQLITE_OK);
	cr_assert_eq(fx_admin("group", "member", "add", "Android", DEV, NULL), PDB_ADMIN_OK);
	fx_session(1, "u", NULL, FX_T0 + 1, DEV, "Debian 12 x86_64", &wl);
	/* Android and Default only: not also put into Debian x86_64 */
	cr_assert_eq(fx_int("SELECT count(*) FROM groups_members", NULL), 1);
	cr_assert_geq(fx_find(&wl, PDB_WI_UNSRC), 0);
	cr_assert_eq(fx_find(&wl, PDB_WI_FWDEN), -1);
	pdb_worklist_free(&wl);
}

Test(pdb_session, oversized_endpoint_values_are_refused)
{
	static char big[5000];
	pdb_identity_t id = { PDB_ID_USER_NAME, big, sizeof(big) };
	pdb_worklist_t wl;
	int64_t sid;

	memset(big, 'a', sizeof(big) - 1);
	cr_assert_eq(pdb_session_create(fx.db, 1, &id, 1, NULL, &sid), NEA_ETOOBIG);
	cr_assert_eq(fx_int("SELECT count(*) FROM sessions", NULL), 0);
	sid = fx_session(1, "u", NULL, FX_T0, NULL, NULL, NULL);
	cr_assert_eq(pdb_session_start(fx.db, sid, big, "Debian 12 x86_64", &wl), NEA_ETOOBIG);
	big[600] = '\0';
	cr_assert_eq(pdb_session_start(fx.db, sid, DEV, big, &wl), NEA_ETOOBIG);
	cr_assert_eq(fx_int("SELECT count(*) FROM devices", NULL), 0);
	cr_assert_eq(fx_int("SELECT count(*) FROM products WHERE length(name) > 100", NULL), 0);
}

/*
 * The operator command engine: attest-format lists compared line by line
 * on a fixed fixture, every command with good and bad input.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pdb_fixture.h"

TestSuite(pdb_admin, .init = fx_setup, .fini = fx_teardown);

/* The two sessions of the strongSwan TNC server page (seed 000). */
#define SEED_DEV "a488651e36664792b306cf8be72dd630"
#define T1 1648535445 /* Mar 29 06:30:45 2022 UTC */
#define T2 1648545329 /* Mar 29 09:15:29 2022 UTC */

static void seed_sessions(void)
{
	pdb_worklist_t wl;
	pdb_stop_t stop;
	int64_t s;

	s = fx_session(1, "client.strongswan.org", "192.168.0.3", T1, SEED_DEV, "Ubuntu 20.04 x86_64",
		       &wl);
	fx_finalize(&wl, PDB_WI_PCKGS, PDB_REC_ALLOW,
		    "processed 112 packages: 0 vulnerable, 0 blacklisted, 0 ok, 112 unknown");
	fx_finalize(&wl, PDB_WI_TCPOP, PDB_REC_NO_ACCESS, "violating tcp ports: 22");
	cr_assert_eq(pdb_session_stop(fx.db, s, PDB_REC_NO_ACCESS, &stop), 0);
	pdb_stop_free(&stop);
	pdb_worklist_free(&wl);
	s = fx_session(2, "hacker", "192.168.0.3", T2, SEED_DEV, "Ubuntu 20.04 x86_64", &wl);
	fx_finalize(&wl, PDB_WI_TCPOP, PDB_REC_NO_ACCESS, "violating tcp ports: 22");
	cr_assert_eq(pdb_session_stop(fx.db, s, PDB_REC_NO_ACCESS, &stop), 0);
	pdb_stop_free(&stop);
	pdb_worklist_free(&wl);
}

/* ------------------------------------------------------------ attest formats */

Test(pdb_admin, sessions_in_attest_format)
{
	seed_sessions();
	/* a session that never learned its device, product or identity */
	fx_session(3, NULL, NULL, T2 + 60, NULL, NULL, NULL);
	cr_assert_eq(fx_admin("sessions", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out,
			 "   3: Mar 29 09:16:29 UTC 2022  3 -                    -                    "
			 "- - no recommendation\n"
			 "   2: Mar 29 09:15:29 UTC 2022  2 Ubuntu 20.04 x86_64  a488651e36664792b306 "
			 "hacker - no access\n"
			 "   1: Mar 29 06:30:45 UTC 2022  1 Ubuntu 20.04 x86_64  a488651e36664792b306 "
			 "client.strongswan.org - no access\n");
	cr_assert_str_eq(fx.err, "");
}

Test(pdb_admin, sessions_in_local_time)
{
	char *argv[] = { "sessions" };
	char *out, *err;

	seed_sessions();
	/* a POSIX zone string needs no tz database: local = UTC - 5h */
	setenv("TZ", "EST5", 1);
	tzset();
	cr_assert_eq(pdb_admin_run(fx.db, 1, argv, false, &out, &err), PDB_ADMIN_OK);
	fx.out = out;
	cr_assert(fx_out_has_line("   2: Mar 29 04:15:29 2022  2 Ubuntu 20.04 x86_64  "
				  "a488651e36664792b306 hacker - no access"),
		  "%s", out);
	cr_assert(fx_out_has_line("   1: Mar 29 01:30:45 2022  1 Ubuntu 20.04 x86_64  "
				  "a488651e36664792b306 client.strongswan.org - no access"));
	free(err);
	/* "--utc" among the words switches to UTC as well */
	cr_assert_eq(pdb_admin_run(fx.db, 1, (char *[]){ "--utc" }, false, &out, &err),
		     PDB_ADMIN_USAGE);
	free(out);
	free(err);
	cr_assert_eq(pdb_admin_run(fx.db, 2, (char *[]){ "sessions", "--utc" }, false, &out, &err),
		     PDB_ADMIN_OK);
	cr_assert(strstr(out, "   2: Mar 29 09:15:29 UTC 2022  2 "));
	free(out);
	free(err);
	unsetenv("TZ");
	tzset();
}

Test(pdb_admin, short_and_long_device_values_are_padded_and_cut)
{
	pdb_worklist_t wl;

	fx_session(1, "raspi4.example.com", NULL, T1, "762872c90011671ef219b6a2a0c3c7dda875b43c",
		   "Debian 7.11 armv7l", &wl);
	pdb_worklist_free(&wl);
	fx_session(2, "android", NULL, T2, "cf5e4cbcc6e6a2db", "Android 4.2.1", &wl);
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_admin("sessions", NULL), PDB_ADMIN_OK);
	cr_assert(fx_out_has_line("   2: Mar 29 09:15:29 UTC 2022  2 Android 4.2.1        "
				  "cf5e4cbcc6e6a2db     android - no recommendation"),
		  "%s", fx.out);
	cr_assert(fx_out_has_line("   1: Mar 29 06:30:45 UTC 2022  1 Debian 7.11 armv7l   "
				  "762872c90011671ef219 raspi4.example.com - no recommendation"),
		  "%s", fx.out);
}

Test(pdb_admin, devices_in_attest_format)
{
	pdb_worklist_t wl;

	seed_sessions();
	fx_session(3, "jane", NULL, T2 + 3600, "0a1b2c3d4e5f", "Debian 12 x86_64", &wl);
	pdb_worklist_free(&wl);
	/* a session without product is not listed by attest */
	fx_session(4, "ghost", NULL, T2 + 7200, NULL, NULL, NULL);
	cr_assert_eq(fx_admin("device", "trust", "0a1b2c3d4e5f", "yes", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_admin("device", "describe", "0a1b2c3d4e5f", "Jane's laptop", NULL),
		     PDB_ADMIN_OK);
	cr_assert_eq(fx_admin("devices", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out,
			 "   2: + 0a1b2c3d4e5f - Debian 12 x86_64 - Jane's laptop\n"
			 "   3:   Mar 29 10:15:29 UTC 2022 jane - no recommendation\n"
			 "   1: - a488651e36664792b306cf8be72dd630 - Ubuntu 20.04 x86_64 - \n"
			 "   2:   Mar 29 09:15:29 UTC 2022 hacker - no access\n"
			 "   1:   Mar 29 06:30:45 UTC 2022 client.strongswan.org - no access\n"
			 "2 devices found\n");
}

Test(pdb_admin, empty_lists)
{
	cr_assert_eq(fx_admin("sessions", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "");
	cr_assert_eq(fx_admin("devices", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "0 devices found\n");
	cr_assert_eq(fx_admin("results", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "0 results found\n");
}

Test(pdb_admin, terminal_control_bytes_are_masked)
{
	pdb_identity_t id = { PDB_ID_USER_NAME, "evil\x1b[2Juser", 12 };
	int64_t sid;
	pdb_worklist_t wl;

	pdb_set_now(fx.db, T1);
	cr_assert_eq(pdb_session_create(fx.db, 1, &id, 1, NULL, &sid), 0);
	cr_assert_eq(pdb_session_start(fx.db, sid, "dev\n1234", "Debian 12 x86_64", &wl), 0);
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_admin("sessions", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "   1: Mar 29 06:30:45 UTC 2022  1 Debian 12 x86_64     dev?1234"
				 "             evil?[2Juser - no recommendation\n");
}

/* ------------------------------------------------------------ devices */

Test(pdb_admin, device_show)
{
	seed_sessions();
	cr_assert_eq(fx_admin("device", "show", "a488651e", NULL), PDB_ADMIN_OK, "%s", fx.err);
	cr_assert(fx_out_has_line("device 1: " SEED_DEV), "%s", fx.out);
	cr_assert(fx_out_has_line("  product:     Ubuntu 20.04 x86_64"));
	cr_assert(fx_out_has_line("  trusted:     no"));
	cr_assert(fx_out_has_line("  created:     Mar 29 06:30:45 UTC 2022"));
	cr_assert(fx_out_has_line("  sessions:    2, last Mar 29 09:15:29 UTC 2022: no access for hacker"));
	cr_assert(fx_out_has_line("  groups:      Ubuntu x86_64"));
	cr_assert(fx_out_has_line("  inherited:   Linux, Default"));
	/* the clock is still at T2: the packages result of T1 holds for a day */
	cr_assert(fx_out_has_line("    Installed Packages on Default: last result allow, not tested next time"));
	cr_assert(fx_out_has_line("    No Open TCP Ports on Default: last result no access, tested next time"));
	cr_assert(fx_out_has_line("    IP Forwarding Enabled on Linux: last result none, tested next time"));
}

Test(pdb_admin, device_references)
{
	pdb_worklist_t wl;

	fx_session(1, "a", NULL, T1, "abcd0001", "Debian 12 x86_64", &wl);
	pdb_worklist_free(&wl);
	fx_session(2, "b", NULL, T1, "abcd0002", "Debian 12 x86_64", &wl);
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_admin("device", "trust", "2", "yes", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "device 2 is trusted\n");
	cr_assert_eq(fx_int("SELECT trusted FROM devices WHERE value = 'abcd0002'", NULL), 1);
	cr_assert_eq(fx_admin("device", "trust", "abcd0001", "no", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_admin("device", "show", "abcd", NULL), PDB_ADMIN_FAILED);
	cr_assert(strstr(fx.err, "ambiguous"), "%s", fx.err);
	cr_assert_eq(fx_admin("device", "show", "abcd0", NULL), PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("device", "show", "ffff0001", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "unknown device 'ffff0001'\n");
	cr_assert_eq(fx_admin("device", "show", "77", NULL), PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("device", "trust", "2", "maybe", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "bad trust value 'maybe' (yes or no)\n");
	cr_assert_eq(fx_admin("device", "trust", "2", NULL), PDB_ADMIN_USAGE);
	cr_assert(strstr(fx.err, "usage: device trust DEVICE yes|no"), "%s", fx.err);
	cr_assert_eq(fx_admin("device", "describe", "abcd0001", "lab box", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx_text("SELECT description FROM devices WHERE id = 1", NULL), "lab box");
}

Test(pdb_admin, device_delete_takes_its_sessions_along)
{
	pdb_worklist_t wl;

	seed_sessions();
	fx_session(3, "jane", "10.0.0.9", T2 + 1, "0a1b2c3d4e5f", "Debian 12 x86_64", &wl);
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_exec("INSERT INTO swid_events (device, epoch, eid, timestamp) VALUES "
			     "(1, 7, 1, '2022-03-29T06:00:00Z')",
			     NULL),
		     SQLITE_OK);
	cr_assert_eq(fx_admin("device", "delete", SEED_DEV, NULL), PDB_ADMIN_OK, "%s", fx.err);
	cr_assert_str_eq(fx.out, "device 1 '" SEED_DEV "' deleted with 2 sessions\n");
	cr_assert_eq(fx_int("SELECT count(*) FROM devices", NULL), 1);
	cr_assert_eq(fx_int("SELECT count(*) FROM sessions", NULL), 1);
	cr_assert_eq(fx_int("SELECT count(*) FROM results", NULL), 0);
	cr_assert_eq(fx_int("SELECT count(*) FROM groups_members", NULL), 1);
	cr_assert_eq(fx_int("SELECT count(*) FROM swid_events", NULL), 0);
	/* the other device's open session kept its workitems */
	cr_assert_eq(fx_int("SELECT count(*) FROM workitems", NULL), 8);
	cr_assert_eq(fx_admin("device", "delete", SEED_DEV, NULL), PDB_ADMIN_FAILED);
}

/* ------------------------------------------------------------ results */

Test(pdb_admin, results_per_session_and_device)
{
	seed_sessions();
	cr_assert_eq(fx_admin("results", "--session", "1", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out,
			 "session 1, Mar 29 06:30:45 UTC 2022, device " SEED_DEV
			 ", client.strongswan.org: no access\n"
			 "  Installed Packages: allow - processed 112 packages: 0 vulnerable, "
			 "0 blacklisted, 0 ok, 112 unknown\n"
			 "  No Open TCP Ports: no access - violating tcp ports: 22\n"
			 "2 results found\n");
	cr_assert_eq(fx_admin("results", "--device", "a488651e3666", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_out_lines(), 6, "%s", fx.out);
	cr_assert(strncmp(fx.out, "session 2, ", 11) == 0, "newest first: %s", fx.out);
	cr_assert(fx_out_has_line("3 results found"));
	cr_assert_eq(fx_admin("results", NULL), PDB_ADMIN_OK);
	cr_assert(fx_out_has_line("3 results found"));
	/* a session without results still answers */
	fx_session(3, "x", NULL, T2 + 5, NULL, NULL, NULL);
	cr_assert_eq(fx_admin("results", "--session", "3", NULL), PDB_ADMIN_OK);
	cr_assert(fx_out_has_line("  no results"), "%s", fx.out);
	cr_assert_eq(fx_admin("results", "--session", "99", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "unknown session '99'\n");
	cr_assert_eq(fx_admin("results", "--session", "x1", NULL), PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("results", "--session", "1", "--device", "1", NULL), PDB_ADMIN_USAGE);
}

/* ------------------------------------------------------------ groups */

Test(pdb_admin, groups_tree)
{
	seed_sessions();
	cr_assert_eq(fx_admin("groups", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_out_lines(), 17);
	cr_assert(strncmp(fx.out, "   1: Default (0 members)\n   2:   Linux (0 members)\n"
				  "   4:     Debian i686 (0 members, default for 1 product)\n",
			  strlen("   1: Default (0 members)\n   2:   Linux (0 members)\n"
				 "   4:     Debian i686 (0 members, default for 1 product)\n")) == 0,
		  "%s", fx.out);
	cr_assert(fx_out_has_line("   5:     Debian x86_64 (0 members, default for 4 products)"));
	cr_assert(fx_out_has_line("   7:     Ubuntu x86_64 (1 member, default for 5 products)"));
	cr_assert(fx_out_has_line("   3:   Android (0 members, default for 1 product)"));
	cr_assert(fx_out_has_line("   9:   Ref. Android (0 members)"));
	cr_assert(fx_out_has_line("  16: TPM TBOOT (0 members)"));
	cr_assert(fx_out_has_line("16 groups found"));
}

Test(pdb_admin, group_add_and_delete)
{
	cr_assert_eq(fx_admin("group", "add", "Servers", "--parent", "Linux", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "group 'Servers' added (id 17, parent 'Linux')\n");
	cr_assert_eq(fx_int("SELECT parent FROM groups WHERE name = 'Servers'", NULL), 2);
	cr_assert_eq(fx_admin("group", "add", "Web", "--parent=Servers", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_admin("groups", NULL), PDB_ADMIN_OK);
	cr_assert(fx_out_has_line("  17:     Servers (0 members)"), "%s", fx.out);
	cr_assert(fx_out_has_line("  18:       Web (0 members)"));

	cr_assert_eq(fx_admin("group", "add", "Servers", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "group 'Servers' already exists\n");
	cr_assert_eq(fx_admin("group", "add", "X", "--parent", "Nowhere", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "unknown group 'Nowhere'\n");
	cr_assert_eq(fx_admin("group", "add", "123456789012345678901234567890123456789012345678901",
			      NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("group", "add", NULL), PDB_ADMIN_USAGE);
	cr_assert_eq(fx_admin("group", "add", "A", "B", NULL), PDB_ADMIN_USAGE);
	cr_assert_eq(fx_admin("group", "add", "A", "--parent", NULL), PDB_ADMIN_USAGE);
	cr_assert_str_eq(fx.err, "option '--parent' needs a value\nusage: group add NAME [--parent GROUP]\n");
	cr_assert_eq(fx_admin("group", "add", "A", "--colour", "red", NULL), PDB_ADMIN_USAGE);

	cr_assert_eq(fx_admin("group", "delete", "Servers", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "group 'Servers' has child group Web; delete or move them first\n");
	cr_assert_eq(fx_admin("group", "delete", "Default", NULL), PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("group", "delete", "Nowhere", NULL), PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("enforcement", "add", "Installed Packages", "Web", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_admin("group", "delete", "Web", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "group 'Web' deleted with 0 memberships and 1 enforcement\n");
	cr_assert_eq(fx_int("SELECT count(*) FROM enforcements WHERE group_id = 18", NULL), 0);
	cr_assert_eq(fx_admin("group", "delete", "Servers", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_int("SELECT count(*) FROM groups", NULL), 16);
}

Test(pdb_admin, group_members_and_defaults)
{
	pdb_worklist_t wl;

	fx_session(1, "u", NULL, T1, "abcd0001", "Debian 12 x86_64", &wl);
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_admin("group", "member", "add", "TPM IMA", "abcd0001", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "device 1 added to group 'TPM IMA'\n");
	cr_assert_eq(fx_admin("group", "member", "add", "TPM IMA", "abcd0001", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "device 'abcd0001' is already a member of group 'TPM IMA'\n");
	cr_assert_eq(fx_admin("group", "member", "add", "TPM XYZ", "abcd0001", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "unknown group 'TPM XYZ'\n");
	cr_assert_eq(fx_admin("group", "member", "move", "TPM IMA", "abcd0001", NULL), PDB_ADMIN_USAGE);
	cr_assert_eq(fx_admin("group", "member", "delete", "TPM IMA", "abcd0001", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_admin("group", "member", "delete", "TPM IMA", "abcd0001", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "device 'abcd0001' is not a member of group 'TPM IMA'\n");

	cr_assert_eq(fx_admin("group", "add", "Kiosks", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_admin("group", "default", "Debian 12 x86_64", "Kiosks", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "new devices of 'Debian 12 x86_64' join group 'Kiosks'\n");
	cr_assert_eq(fx_int("SELECT count(*) FROM groups_product_defaults WHERE product_id = 1", NULL), 1);
	fx_session(2, "u", NULL, T1, "abcd0002", "Debian 12 x86_64", &wl);
	cr_assert_eq(wl.n, 0); /* Kiosks is a root group with no enforcements */
	cr_assert_str_eq(fx_text("SELECT g.name FROM groups_members AS m JOIN groups AS g ON "
				 "g.id = m.group_id WHERE m.device_id = ?1",
				 "i", wl.device),
			 "Kiosks");
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_admin("group", "default", "Debian 12 x86_64", "--clear", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_int("SELECT count(*) FROM groups_product_defaults WHERE product_id = 1", NULL), 0);
	cr_assert_eq(fx_admin("group", "default", "Debian 99", "Kiosks", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "unknown product 'Debian 99'\n");
	cr_assert_eq(fx_admin("group", "default", "Debian 12 x86_64", NULL), PDB_ADMIN_USAGE);
	cr_assert_eq(fx_admin("group", "default", "Debian 12 x86_64", "Kiosks", "--clear", NULL),
		     PDB_ADMIN_USAGE);
}

/* ------------------------------------------------------------ policies */

Test(pdb_admin, allowed_tcp_ports_without_sql)
{
	pdb_worklist_t wl;
	int i;

	cr_assert_eq(fx_admin("policy", "add", "Allowed TCP Ports", "--type", "TCPOP", "--argument",
			      "22 443", NULL),
		     PDB_ADMIN_OK, "%s", fx.err);
	cr_assert_str_eq(fx.out, "policy 'Allowed TCP Ports' added (id 25, type TCPOP)\n");
	cr_assert_eq(fx_admin("enforcement", "add", "Allowed TCP Ports", "Default", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "enforcement 20: 'Allowed TCP Ports' on 'Default' added (max_age 0s)\n");
	fx_session(1, "u", NULL, T1, "abcd0001", "Fedora 41 x86_64", &wl);
	cr_assert_eq(wl.n, 4);
	i = (int)wl.n - 1;
	cr_assert_eq(wl.items[i].type, PDB_WI_TCPOP);
	cr_assert_str_eq(wl.items[i].arg_str, "22 443");
	cr_assert_eq(wl.items[i].rec_fail, PDB_REC_NO_ACCESS);
	cr_assert_eq(wl.items[i].rec_noresult, PDB_REC_NO_ACCESS);
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_admin("policies", NULL), PDB_ADMIN_OK);
	cr_assert(fx_out_has_line("  25: Allowed TCP Ports"), "%s", fx.out);
	cr_assert(fx_out_has_line("        TCPOP, argument '22 443', rec_fail no access, rec_noresult no access"));
	cr_assert(fx_out_has_line("   9: Open UDP Ports"));
	cr_assert(fx_out_has_line("        UDPOP, argument '500 4500 10000-65000', rec_fail no access, "
				  "rec_noresult no access"));
	cr_assert(fx_out_has_line("        FMETA, file /etc/tnc_config, rec_fail allow, rec_noresult allow"));
	cr_assert(fx_out_has_line("        DREFM, dir /usr/sbin, rec_fail allow, rec_noresult allow"));
	cr_assert(fx_out_has_line("25 policies found"));
}

Test(pdb_admin, port_lists_are_checked)
{
	static const char *const bad[][2] = {
		{ "22 70000", "bad port list for TCPOP: port in '70000' is above 65535\n" },
		{ "443-22", "bad port list for TCPOP: range '443-22' runs backwards\n" },
		{ "22 ssh", "bad port list for TCPOP: 'ssh' is neither a port nor a range like 8000-8080\n" },
		{ "-5", "bad port list for TCPOP: '-5' is neither a port nor a range like 8000-8080\n" },
		{ "1-2-3", "bad port list for TCPOP: '1-2-3' is neither a port nor a range like 8000-8080\n" },
		{ "8000-", "bad port list for TCPOP: '8000-' is neither a port nor a range like 8000-8080\n" },
		{ "65536", "bad port list for TCPOP: port in '65536' is above 65535\n" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cr_assert_eq(fx_admin("policy", "add", "P", "--type", "TCPOP", "--argument", bad[i][0],
				      NULL),
			     PDB_ADMIN_FAILED, "%s", bad[i][0]);
		cr_assert_str_eq(fx.err, bad[i][1]);
	}
	cr_assert_eq(fx_int("SELECT count(*) FROM policies", NULL), 24);
	/* blanks and commas are separators; stored with single blanks */
	cr_assert_eq(fx_admin("policy", "add", "Web", "--type", "tcpbl", "--argument",
			      " 0,80  8000-8080 65535 ", NULL),
		     PDB_ADMIN_OK, "%s", fx.err);
	cr_assert_str_eq(fx_text("SELECT argument FROM policies WHERE name = 'Web'", NULL),
			 "0 80 8000-8080 65535");
	cr_assert_eq(fx_int("SELECT type FROM policies WHERE name = 'Web'", NULL), PDB_WI_TCPBL);
	cr_assert_eq(fx_admin("policy", "add", "U", "--type", "UDPBL", "--argument", "53 x", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert(strstr(fx.err, "bad port list for UDPBL"), "%s", fx.err);
}

Test(pdb_admin, policy_add_checks_everything)
{
	cr_assert_eq(fx_admin("policy", "add", "No Open TCP Ports", "--type", "TCPOP", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "policy 'No Open TCP Ports' already exists\n");
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "PORTS", NULL), PDB_ADMIN_FAILED);
	cr_assert(strncmp(fx.err, "unknown policy type 'PORTS' (PCKGS", 34) == 0, "%s", fx.err);
	cr_assert_eq(fx_admin("policy", "add", "P", NULL), PDB_ADMIN_USAGE);
	cr_assert(strstr(fx.err, "policy add needs --type"));
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "PCKGS", "--rec-fail", "deny", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "bad --rec-fail 'deny' (allow, no-access, isolate, none)\n");
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "PCKGS", "--rec-noresult", "5", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "PCKGS", "--argument", "x", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "policy type PCKGS takes no --argument\n");
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "FMEAS", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "policy type FMEAS needs --file PATH\n");
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "TCPOP", "--file", "/etc/x", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "FMEAS", "--file", "etc/x", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "FMEAS", "--file", "/etc/", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "DMEAS", NULL), PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "TPMRA", "--argument", "BX", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "TPMRA", "--argument", "BB", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("policy", "add", "P", "--type", "SWIDT", "--argument", "Q", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("policy", "add", "", "--type", "PCKGS", NULL), PDB_ADMIN_FAILED);
	cr_assert_eq(fx_int("SELECT count(*) FROM policies", NULL), 24);

	/* the good ones */
	cr_assert_eq(fx_admin("policy", "add", "Measure sshd", "--type", "FMEAS", "--file",
			      "/usr/sbin/sshd", "--rec-fail", "isolate", "--rec-noresult", "none", NULL),
		     PDB_ADMIN_OK, "%s", fx.err);
	cr_assert_eq(fx_int("SELECT count(*) FROM policies AS p JOIN files AS f ON f.id = p.file JOIN "
			    "directories AS d ON d.id = f.dir WHERE p.name = 'Measure sshd' AND "
			    "f.name = 'sshd' AND d.path = '/usr/sbin' AND p.rec_fail = 2 AND "
			    "p.rec_noresult = 3 AND p.dir = 0",
			    NULL),
		     1);
	/* /usr/sbin already existed: no second directory row */
	cr_assert_eq(fx_int("SELECT count(*) FROM directories WHERE path = '/usr/sbin'", NULL), 1);
	cr_assert_eq(fx_admin("policy", "add", "Get /opt", "--type", "DMEAS", "--dir", "/opt/", NULL),
		     PDB_ADMIN_OK, "%s", fx.err);
	cr_assert_eq(fx_int("SELECT count(*) FROM policies AS p JOIN directories AS d ON d.id = p.dir "
			    "WHERE p.name = 'Get /opt' AND d.path = '/opt' AND p.file = 0",
			    NULL),
		     1);
	cr_assert_eq(fx_admin("policy", "add", "TPM BT", "--type", "16", "--argument", "TB", NULL),
		     PDB_ADMIN_OK);
	cr_assert_eq(fx_admin("policy", "add", "SWID subscribe", "--type", "SWIDT", "--argument", "RS",
			      NULL),
		     PDB_ADMIN_OK);
}

Test(pdb_admin, policy_delete_takes_enforcements_and_results)
{
	seed_sessions();
	cr_assert_eq(fx_admin("policy", "delete", "No Open TCP Ports", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "policy 'No Open TCP Ports' deleted with 1 enforcement and 2 results\n");
	cr_assert_eq(fx_int("SELECT count(*) FROM enforcements WHERE policy = 8", NULL), 0);
	cr_assert_eq(fx_int("SELECT count(*) FROM results", NULL), 1);
	cr_assert_eq(fx_admin("policy", "delete", "No Open TCP Ports", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "unknown policy 'No Open TCP Ports'\n");
}

/* ------------------------------------------------------------ enforcements */

Test(pdb_admin, enforcements_list_and_changes)
{
	cr_assert_eq(fx_admin("enforcements", NULL), PDB_ADMIN_OK);
	cr_assert(fx_out_has_line("   1: Installed Packages on Default, max_age 86400s"), "%s", fx.out);
	cr_assert(fx_out_has_line("   3: IP Forwarding Enabled on Linux, max_age 0s"));
	cr_assert(fx_out_has_line("  18: TPM TBOOT Measurements on TPM TBOOT, max_age 60s"));
	cr_assert(fx_out_has_line("19 enforcements found"));

	cr_assert_eq(fx_admin("enforcement", "add", "IP Forwarding Enabled", "Android", "--max-age",
			      "3600", "--rec-fail", "isolate", "--rec-noresult", "isolate", NULL),
		     PDB_ADMIN_OK, "%s", fx.err);
	cr_assert_eq(fx_admin("enforcements", NULL), PDB_ADMIN_OK);
	cr_assert(fx_out_has_line("  20: IP Forwarding Enabled on Android, max_age 3600s, "
				  "rec_fail isolate, rec_noresult isolate"),
		  "%s", fx.out);
	cr_assert_eq(fx_int("SELECT rec_fail FROM enforcements WHERE id = 20", NULL), 2);
	/* without overrides NULL is stored, as in the seed */
	cr_assert_eq(fx_admin("enforcement", "add", "Unknown Source", "Default", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_int("SELECT rec_fail IS NULL AND rec_noresult IS NULL FROM enforcements "
			    "WHERE id = 21",
			    NULL),
		     1);

	cr_assert_eq(fx_admin("enforcement", "add", "IP Forwarding Enabled", "Android", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "policy 'IP Forwarding Enabled' is already enforced on group 'Android'\n");
	cr_assert_eq(fx_admin("enforcement", "add", "Nothing", "Android", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "unknown policy 'Nothing'\n");
	cr_assert_eq(fx_admin("enforcement", "add", "Unknown Source", "Nobody", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "unknown group 'Nobody'\n");
	cr_assert_eq(fx_admin("enforcement", "add", "Unknown Source", "Linux", "--max-age", "-1", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "bad --max-age '-1' (a number)\n");
	cr_assert_eq(fx_admin("enforcement", "add", "Unknown Source", "Linux", "--max-age",
			      "99999999999", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("enforcement", "add", "Unknown Source", "Linux", "--rec-fail", "allow",
			      NULL),
		     PDB_ADMIN_FAILED);
	cr_assert(strstr(fx.err, "--rec-fail allow cannot be stored on an enforcement"), "%s", fx.err);
	cr_assert_eq(fx_admin("enforcement", "add", "Unknown Source", "Linux", "--rec-noresult", "nope",
			      NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_eq(fx_int("SELECT count(*) FROM enforcements", NULL), 21);

	cr_assert_eq(fx_admin("enforcement", "delete", "Unknown Source", "Linux", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "policy 'Unknown Source' is not enforced on group 'Linux'\n");
	cr_assert_eq(fx_admin("enforcement", "delete", "Unknown Source", "Default", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "enforcement 21: 'Unknown Source' on 'Default' deleted\n");
	cr_assert_eq(fx_int("SELECT count(*) FROM enforcements", NULL), 20);
}

Test(pdb_admin, enforcement_delete_drops_pending_workitems)
{
	pdb_worklist_t wl;

	fx_session(1, "u", NULL, T1, "abcd0001", "Fedora 41 x86_64", &wl);
	pdb_worklist_free(&wl);
	cr_assert_eq(fx_int("SELECT count(*) FROM workitems", NULL), 3);
	cr_assert_eq(fx_admin("enforcement", "delete", "Open UDP Ports", "Default", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_int("SELECT count(*) FROM workitems", NULL), 2);
}

/* ------------------------------------------------------------ products, packages */

Test(pdb_admin, products)
{
	cr_assert_eq(fx_admin("products", NULL), PDB_ADMIN_OK);
	cr_assert(strncmp(fx.out, "  19: Android\n  18: Android 4.2.1\n   6: Debian 10 x86_64\n", 54) == 0,
		  "%s", fx.out);
	cr_assert(fx_out_has_line("   1: Debian 12 x86_64"));
	cr_assert(fx_out_has_line("19 products found"));
	cr_assert_eq(fx_admin("product", "add", "Debian 13 x86_64", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "product 'Debian 13 x86_64' added (id 20)\n");
	cr_assert_eq(fx_admin("product", "add", "Debian 13 x86_64", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "product 'Debian 13 x86_64' already exists\n");
	cr_assert_eq(fx_admin("product", "delete", "Debian 14 x86_64", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "unknown product 'Debian 14 x86_64'\n");

	seed_sessions();
	cr_assert_eq(fx_admin("product", "delete", "Ubuntu 20.04 x86_64", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "product 'Ubuntu 20.04 x86_64' is used by 1 device and 2 sessions\n");
	/* an unused product goes with its versions and default group entry */
	cr_assert_eq(fx_admin("product", "delete", "Ubuntu 14.04 x86_64", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "product 'Ubuntu 14.04 x86_64' deleted with 4 versions\n");
	cr_assert_eq(fx_int("SELECT count(*) FROM versions", NULL), 0);
	cr_assert_eq(fx_int("SELECT count(*) FROM groups_product_defaults WHERE product_id = 16", NULL),
		     0);
}

Test(pdb_admin, packages_in_attest_format)
{
	cr_assert_eq(fx_admin("packages", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "   2: libssl1.0.0\n   3: openssh-server\n   1: openssl\n"
				 "   4: telnetd [b]\n4 packages found\n");
	cr_assert_eq(fx_admin("packages", "--product", "Ubuntu 14.04 x86_64", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out,
			 "    2: libssl1.0.0, Apr 17 00:00:00 UTC 2014 (1.0.1f-1ubuntu2) [b]\n"
			 "                    Jul 01 00:00:00 UTC 2019 (1.0.1f-1ubuntu2.27) [s]\n"
			 "    3: openssh-server, Jul 01 00:00:00 UTC 2019 (1:6.6p1-2ubuntu2.13) [s]\n"
			 "    1: openssl, Jul 01 00:00:00 UTC 2019 (1.0.1f-1ubuntu2.27) [s]\n"
			 "4 packages found for product 'Ubuntu 14.04 x86_64'\n");
	cr_assert_eq(fx_admin("packages", "--product", "Ubuntu 99", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "unknown product 'Ubuntu 99'\n");
}

Test(pdb_admin, vulnerable_release_without_sql)
{
	pdb_pkg_t pkg[] = { { "xz-utils", "5.6.1-1" }, { "xz-utils", "5.4.5-0.3" } };
	uint8_t st[2];

	cr_assert_eq(fx_admin("package", "add", "xz-utils", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "package 'xz-utils' added (id 5)\n");
	cr_assert_eq(fx_admin("package", "add", "xz-utils", NULL), PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "package 'xz-utils' already exists\n");
	cr_assert_eq(fx_admin("version", "add", "xz-utils", "5.6.1-1", "--product", "Debian 12 x86_64",
			      "--blacklist", NULL),
		     PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "version '5.6.1-1' of package 'xz-utils' for 'Debian 12 x86_64' added "
				 "(blacklisted)\n");
	cr_assert_eq(fx_admin("version", "add", "xz-utils", "5.4.5-0.3", "--product", "Debian 12 x86_64",
			      "--security", NULL),
		     PDB_ADMIN_OK);
	cr_assert_eq(pdb_packages_check(fx.db, "Debian 12 x86_64", pkg, 2, st, NULL), 0);
	cr_assert_eq(st[0], PDB_PKG_BLACKLIST);
	cr_assert_eq(st[1], PDB_PKG_OK);
	cr_assert_eq(fx_admin("versions", "xz-utils", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out,
			 "   6: Debian 12 x86_64 Nov 22 22:28:40 UTC 2026 (5.4.5-0.3) [s]\n"
			 "   5: Debian 12 x86_64 Nov 22 22:28:40 UTC 2026 (5.6.1-1) [b]\n"
			 "2 versions found for package 'xz-utils'\n");
	cr_assert_eq(fx_admin("versions", "xz-utils", "--product", "Ubuntu 14.04 x86_64", NULL),
		     PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "0 versions found for package 'xz-utils'\n");

	cr_assert_eq(fx_admin("version", "add", "xz-utils", "5.6.1-1", "--product", "Debian 12 x86_64",
			      NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "version '5.6.1-1' of package 'xz-utils' for 'Debian 12 x86_64' "
				 "already exists\n");
	cr_assert_eq(fx_admin("version", "add", "xz-utils", "1", NULL), PDB_ADMIN_USAGE);
	cr_assert_eq(fx_admin("version", "add", "xz", "1", "--product", "Debian 12 x86_64", NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_str_eq(fx.err, "unknown package 'xz'\n");
	cr_assert_eq(fx_admin("version", "delete", "xz-utils", "9", "--product", "Debian 12 x86_64",
			      NULL),
		     PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("version", "delete", "xz-utils", "5.6.1-1", "--product",
			      "Debian 12 x86_64", NULL),
		     PDB_ADMIN_OK);
	cr_assert_eq(pdb_packages_check(fx.db, "Debian 12 x86_64", pkg, 2, st, NULL), 0);
	cr_assert_eq(st[0], PDB_PKG_UPDATE);

	cr_assert_eq(fx_admin("package", "delete", "xz-utils", NULL), PDB_ADMIN_OK);
	cr_assert_str_eq(fx.out, "package 'xz-utils' deleted with 1 version\n");
	cr_assert_eq(fx_admin("package", "delete", "xz-utils", NULL), PDB_ADMIN_FAILED);
	cr_assert_eq(fx_admin("package", "add", "rsh-server", "--blacklist", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_int("SELECT blacklist FROM packages WHERE name = 'rsh-server'", NULL), 1);
}

/* ------------------------------------------------------------ the engine */

Test(pdb_admin, unknown_commands_and_usage)
{
	cr_assert_eq(fx_admin("frobnicate", NULL), PDB_ADMIN_USAGE);
	cr_assert_str_eq(fx.err, "unknown command 'frobnicate'; try 'help'\n");
	cr_assert_eq(fx_admin("policy", NULL), PDB_ADMIN_USAGE);
	cr_assert_str_eq(fx.err, "incomplete command 'policy'; it takes: add delete\n");
	cr_assert_eq(fx_admin("group", "rename", "a", "b", NULL), PDB_ADMIN_USAGE);
	cr_assert_str_eq(fx.err, "unknown command 'group rename'; 'group' takes: add delete member default\n");
	cr_assert_eq(fx_admin("sessions", "extra", NULL), PDB_ADMIN_USAGE);
	cr_assert_str_eq(fx.err, "unexpected argument 'extra'\nusage: sessions\n");
	cr_assert_eq(fx_admin("devices", "--all", NULL), PDB_ADMIN_USAGE);
	cr_assert_eq(fx_admin(NULL), PDB_ADMIN_USAGE);
	cr_assert_str_eq(fx.out, "");
}

Test(pdb_admin, help_names_every_command)
{
	static const char *const words[] = {
		"sessions", "devices", "device show", "device trust", "device describe", "device delete",
		"results", "groups", "group add", "group delete", "group member", "group default",
		"policies", "policy add", "policy delete", "enforcements", "enforcement add",
		"enforcement delete", "products", "product add", "product delete", "packages",
		"package add", "package delete", "versions", "version add", "version delete",
	};

	cr_assert_eq(fx_admin("help", NULL), PDB_ADMIN_OK);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		char needle[64];

		snprintf(needle, sizeof(needle), "\n  %s", words[i]);
		cr_assert(strstr(fx.out, needle), "help lacks '%s'", words[i]);
	}
	cr_assert(strstr(fx.out, "TCPOP"));
	cr_assert_str_eq(fx.err, "");
}

Test(pdb_admin, failed_change_leaves_nothing_behind)
{
	/* group delete runs several statements; make the last one fail */
	cr_assert_eq(fx_admin("group", "add", "Temp", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_admin("enforcement", "add", "Installed Packages", "Temp", NULL), PDB_ADMIN_OK);
	cr_assert_eq(fx_exec("CREATE TRIGGER no_group_delete BEFORE DELETE ON groups "
			     "BEGIN SELECT RAISE(ABORT, 'kept'); END",
			     NULL),
		     SQLITE_OK);
	cr_assert_eq(fx_admin("group", "delete", "Temp", NULL), PDB_ADMIN_FAILED);
	cr_assert_eq(fx_int("SELECT count(*) FROM enforcements WHERE group_id = 17", NULL), 1);
	cr_assert_eq(fx_int("SELECT count(*) FROM groups WHERE name = 'Temp'", NULL), 1);
}

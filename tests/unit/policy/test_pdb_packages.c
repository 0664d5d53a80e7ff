/*
 * Installed-packages check: each classification of strongSwan's
 * imv_os_database (unknown, ok, not updated, blacklisted), wildcard and
 * exact releases, unknown products, and a list of 1000 packages.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "nea_err.h"
#include "pdb_fixture.h"

static void setup(void)
{
	fx_setup();
	/* operator-made release lists for Debian 12 ('openssl' is a seed package) */
	static const char *const cmds[][8] = {
		{ "package", "add", "libssl3", NULL },
		{ "package", "add", "xz-utils", NULL },
		{ "package", "add", "bash", NULL },
		{ "package", "add", "sudo", NULL },
		{ "version", "add", "openssl", "3.0.15-1~deb12u1", "--product", "Debian 12 x86_64", "--security", NULL },
		{ "version", "add", "openssl", "3.0.14-1~deb12u2", "--product", "Debian 12 x86_64", NULL },
		{ "version", "add", "libssl3", "3.0.15-1~deb12u1", "--product", "Debian 12 x86_64", "--security", NULL },
		{ "version", "add", "xz-utils", "5.4.1-1", "--product", "Debian 12 x86_64", NULL },
		{ "version", "add", "xz-utils", "5.6.0-0.1", "--product", "Debian 12 x86_64", "--blacklist", NULL },
		{ "version", "add", "bash", "*", "--product", "Debian 12 x86_64", NULL },
		{ "version", "add", "sudo", "*", "--product", "Debian 12 x86_64", NULL },
		{ "version", "add", "sudo", "1.9.13p3-1", "--product", "Debian 12 x86_64", "--blacklist", NULL },
	};

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		const char *const *c = cmds[i];

		cr_assert_eq(fx_admin(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]), PDB_ADMIN_OK,
			     "%s %s %s: %s", c[0], c[1], c[2], fx.err);
	}
}

TestSuite(pdb_packages, .init = setup, .fini = fx_teardown);

Test(pdb_packages, each_classification)
{
	static const struct {
		pdb_pkg_t pkg;
		int status;
	} cases[] = {
		{ { "openssl", "3.0.15-1~deb12u1" }, PDB_PKG_OK },         /* known good (security) */
		{ { "openssl", "3.0.14-1~deb12u2" }, PDB_PKG_OK },         /* known good */
		{ { "openssl", "3.0.11-1~deb12u2" }, PDB_PKG_UPDATE },     /* not in the list */
		{ { "libssl3", "3.0.9-1" }, PDB_PKG_UPDATE },
		{ { "xz-utils", "5.4.1-1" }, PDB_PKG_OK },
		{ { "xz-utils", "5.6.0-0.1" }, PDB_PKG_BLACKLIST },         /* blacklisted release */
		{ { "bash", "5.2.15-2+b7" }, PDB_PKG_OK },                  /* '*' matches any */
		{ { "sudo", "1.9.13p3-1" }, PDB_PKG_BLACKLIST },            /* exact beats '*' */
		{ { "sudo", "1.9.13p3-1+deb12u1" }, PDB_PKG_OK },
		{ { "telnetd", "0.17-44" }, PDB_PKG_BLACKLIST },            /* whole package (seed) */
		{ { "zstd", "1.5.4+dfsg2-5" }, PDB_PKG_UNKNOWN },           /* not in the database */
		{ { "openssh-server", "1:9.2p1-2" }, PDB_PKG_UNKNOWN },     /* only Ubuntu 14.04 rows */
		{ { "libssl1.0.0", "1.0.1f-1ubuntu2" }, PDB_PKG_UNKNOWN },  /* ditto */
	};
	size_t n = sizeof(cases) / sizeof(cases[0]);
	pdb_pkg_t pkgs[sizeof(cases) / sizeof(cases[0])];
	uint8_t status[sizeof(cases) / sizeof(cases[0])];
	pdb_pkg_counts_t c;

	for (size_t i = 0; i < n; i++)
		pkgs[i] = cases[i].pkg;
	cr_assert_eq(pdb_packages_check(fx.db, "Debian 12 x86_64", pkgs, n, status, &c), 0);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(status[i], cases[i].status, "%s %s: %s, want %s", pkgs[i].name,
			     pkgs[i].version, pdb_pkg_status_name(status[i]),
			     pdb_pkg_status_name(cases[i].status));
	cr_assert_eq(c.count, n);
	cr_assert_eq(c.ok, 5);
	cr_assert_eq(c.update, 2);
	cr_assert_eq(c.blacklist, 3);
	cr_assert_eq(c.unknown, 3);
	cr_assert_eq(c.ok + c.update + c.blacklist + c.unknown, c.count);
}

Test(pdb_packages, the_same_release_on_another_product)
{
	pdb_pkg_t pkgs[] = { { "libssl1.0.0", "1.0.1f-1ubuntu2.27" },
			     { "libssl1.0.0", "1.0.1f-1ubuntu2" },
			     { "libssl1.0.0", "1.0.1e-2" },
			     { "openssl", "3.0.15-1~deb12u1" } };
	uint8_t st[4];

	/* the seed's Ubuntu 14.04 list */
	cr_assert_eq(pdb_packages_check(fx.db, "Ubuntu 14.04 x86_64", pkgs, 4, st, NULL), 0);
	cr_assert_eq(st[0], PDB_PKG_OK);
	cr_assert_eq(st[1], PDB_PKG_BLACKLIST);
	cr_assert_eq(st[2], PDB_PKG_UPDATE);
	cr_assert_eq(st[3], PDB_PKG_UPDATE); /* Ubuntu 14.04 lists openssl 1.0.1f only */
}

Test(pdb_packages, unknown_product_makes_everything_unknown)
{
	pdb_pkg_t pkgs[] = { { "openssl", "3.0.15-1~deb12u1" }, { "telnetd", "1" } };
	uint8_t st[2] = { 9, 9 };
	pdb_pkg_counts_t c;

	cr_assert_eq(pdb_packages_check(fx.db, "Plan9 4 mips", pkgs, 2, st, &c), 0);
	cr_assert_eq(st[0], PDB_PKG_UNKNOWN);
	cr_assert_eq(st[1], PDB_PKG_UNKNOWN);
	cr_assert_eq(c.unknown, 2);
	/* the check registers nothing */
	cr_assert_eq(fx_int("SELECT count(*) FROM products WHERE name = 'Plan9 4 mips'", NULL), 0);
}

Test(pdb_packages, bad_input)
{
	pdb_pkg_t bad[] = { { "openssl", NULL } };
	uint8_t st[1];

	cr_assert_eq(pdb_packages_check(fx.db, "Debian 12 x86_64", bad, 1, st, NULL), NEA_EINVAL);
	cr_assert_eq(pdb_packages_check(fx.db, NULL, bad, 0, st, NULL), NEA_EINVAL);
	cr_assert_eq(pdb_packages_check(fx.db, "Debian 12 x86_64", NULL, 0, NULL, NULL), 0);
}

Test(pdb_packages, status_names)
{
	cr_assert_str_eq(pdb_pkg_status_name(PDB_PKG_UNKNOWN), "unknown");
	cr_assert_str_eq(pdb_pkg_status_name(PDB_PKG_OK), "ok");
	cr_assert_str_eq(pdb_pkg_status_name(PDB_PKG_UPDATE), "not updated");
	cr_assert_str_eq(pdb_pkg_status_name(PDB_PKG_BLACKLIST), "blacklisted");
}

Test(pdb_packages, a_thousand_packages)
{
	enum { N = 1000 };
	static char names[N][32], vers[N][32];
	static pdb_pkg_t pkgs[N];
	static uint8_t st[N];
	struct timespec t0, t1;
	pdb_pkg_counts_t c;

	for (int i = 0; i < N; i++) {
		/* every 100th is a known package, the rest unknown */
		if (i % 100 == 0)
			snprintf(names[i], sizeof(names[i]), "%s", i % 200 ? "xz-utils" : "openssl");
		else
			snprintf(names[i], sizeof(names[i]), "lib-pkg-%04d", i);
		snprintf(vers[i], sizeof(vers[i]), "%s", i % 200 ? "5.6.0-0.1" : "3.0.15-1~deb12u1");
		pkgs[i] = (pdb_pkg_t){ names[i], vers[i] };
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(pdb_packages_check(fx.db, "Debian 12 x86_64", pkgs, N, st, &c), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert_eq(c.count, N);
	cr_assert_eq(c.ok, 5);
	cr_assert_eq(c.blacklist, 5);
	cr_assert_eq(c.unknown, N - 10);
	cr_assert_eq(st[0], PDB_PKG_OK);
	cr_assert_eq(st[100], PDB_PKG_BLACKLIST);
	cr_assert_eq(st[1], PDB_PKG_UNKNOWN);
	/* a figure for the log, not an assertion */
	cr_log_info("1000 packages checked in %.2f ms",
		    (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
}

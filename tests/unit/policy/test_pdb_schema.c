/*
 * Policy database creation: file mode, journal, schema version, the seed
 * data facts of DATABASE.md section 3, reopening, URI forms, migrations
 * refused, and a database strongSwan created opened as it is.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "nea_err.h"
#include "pdb_fixture.h"
#include "pdb_int.h"

TestSuite(pdb_schema, .init = fx_setup, .fini = fx_teardown);

Test(pdb_schema, new_database_is_versioned_native_wal)
{
	cr_assert_eq(pdb_schema_version(fx.db), PDB_SCHEMA_VERSION);
	cr_assert(pdb_is_native(fx.db));
	cr_assert_eq(fx_int("PRAGMA user_version", NULL), PDB_SCHEMA_VERSION);
	cr_assert_str_eq(fx_text("PRAGMA journal_mode", NULL), "wal");
}

/* synchronous is per connection: read it on the library's own handle */
static int64_t synchronous_of(pdb_t *db)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	cr_assert_eq(sqlite3_prepare_v2(db->db, "PRAGMA synchronous", -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

Test(pdb_schema, commits_are_power_safe_unless_told_otherwise)
{
	cr_assert_eq(synchronous_of(fx.db), 2, "FULL after open");
	cr_assert_eq(pdb_set_power_safe(fx.db, false), 0);
	cr_assert_eq(synchronous_of(fx.db), 1, "NORMAL");
	cr_assert_eq(pdb_set_power_safe(fx.db, true), 0);
	cr_assert_eq(synchronous_of(fx.db), 2);
}

Test(pdb_schema, file_mode_is_0640_whatever_the_umask)
{
	struct stat st;
	pdb_t *db;
	char uri[200];
	mode_t old = umask(0);

	snprintf(uri, sizeof(uri), "sqlite://%s/second.db", fx.dir);
	cr_assert_eq(pdb_open(uri, &db), 0);
	umask(old);
	cr_assert_eq(stat(uri + strlen("sqlite://"), &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0640, "mode %o", st.st_mode & 07777);
	cr_assert_eq(stat(fx.path, &st), 0);
	cr_assert_eq(st.st_mode & 07777, 0640);
	pdb_close(db);
}

Test(pdb_schema, sixteen_groups_with_their_parents)
{
	static const struct {
		int id;
		const char *name;
		int parent;
	} g[] = {
		{ 1, "Default", 0 },        { 2, "Linux", 1 },          { 3, "Android", 1 },
		{ 4, "Debian i686", 2 },    { 5, "Debian x86_64", 2 },  { 6, "Ubuntu i686", 2 },
		{ 7, "Ubuntu x86_64", 2 },  { 8, "Reference", 0 },      { 9, "Ref. Android", 8 },
		{ 10, "Ref. Linux", 8 },    { 11, "TPM BIOS", 0 },      { 12, "TPM IMA", 0 },
		{ 13, "TPM BIOS/IMA", 0 },  { 14, "Debian armv6l", 2 }, { 15, "Debian armv7l", 2 },
		{ 16, "TPM TBOOT", 0 },
	};

	cr_assert_eq(fx_int("SELECT count(*) FROM groups", NULL), 16);
	for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
		cr_assert_str_eq(fx_text("SELECT name FROM groups WHERE id = ?1", "i", (int64_t)g[i].id),
				 g[i].name);
		cr_assert_eq(fx_int("SELECT coalesce(parent, 0) FROM groups WHERE id = ?1", "i",
				    (int64_t)g[i].id),
			     g[i].parent, "group %d", g[i].id);
	}
}

Test(pdb_schema, twenty_four_policies)
{
	static const struct {
		int type;
		const char *name, *arg;
		int fail, nores;
	} p[24] = {
		{ 1, "Installed Packages", "", 2, 2 },
		{ 2, "Unknown Source", "", 2, 2 },
		{ 3, "IP Forwarding Enabled", "", 1, 1 },
		{ 4, "Default Factory Password Enabled", "", 1, 1 },
		{ 6, NULL, "", 2, 2 },
		{ 6, NULL, "", 2, 2 },
		{ 6, "Measure /usr/bin/openssl", "", 2, 2 },
		{ 11, "No Open TCP Ports", "", 1, 1 },
		{ 13, "Open UDP Ports", "500 4500 10000-65000", 1, 1 },
		{ 7, "Metadata of /etc/tnc_config", "", 0, 0 },
		{ 8, "Get /usr/sbin", "", 0, 0 },
		{ 6, NULL, "", 2, 2 },
		{ 6, NULL, "", 2, 2 },
		{ 8, "Get /system/bin", "", 0, 0 },
		{ 8, "Get /system/lib", "", 0, 0 },
		{ 9, "Measure /usr/sbin", "", 2, 2 },
		{ 15, "SWID Tag IDs", "R", 2, 2 },
		{ 15, "SWID Tags", "", 2, 2 },
		{ 16, "TPM BIOS Measurements", "B", 2, 2 },
		{ 16, "TPM IMA Measurements", "I", 2, 2 },
		{ 16, "TPM BIOS/IMA Measurements", "BI", 2, 2 },
		{ 16, "TPM TBOOT Measurements", "T", 2, 2 },
		{ 6, NULL, "", 2, 2 },
		{ 6, NULL, "", 2, 2 },
	};
	static const char *const measured[][2] = {
		{ "5", "libcrypto.so.1.0.0" }, { "6", "libssl.so.1.0.0" }, { "12", "libcrypto.so.1.1" },
		{ "13", "libssl.so.1.1" },     { "23", "libcrypto.so.3" }, { "24", "libssl.so.3" },
	};

	cr_assert_eq(fx_int("SELECT count(*) FROM policies", NULL), 24);
	for (int i = 0; i < 24; i++) {
		int64_t id = i + 1;

		cr_assert_eq(fx_int("SELECT type FROM policies WHERE id = ?1", "i", id), p[i].type,
			     "policy %d", i + 1);
		if (p[i].name)
			cr_assert_str_eq(fx_text("SELECT name FROM policies WHERE id = ?1", "i", id),
					 p[i].name);
		cr_assert_str_eq(fx_text("SELECT argument FROM policies WHERE id = ?1", "i", id),
				 p[i].arg);
		cr_assert_eq(fx_int("SELECT rec_fail FROM policies WHERE id = ?1", "i", id), p[i].fail);
		cr_assert_eq(fx_int("SELECT rec_noresult FROM policies WHERE id = ?1", "i", id),
			     p[i].nores);
	}
	/* measurement policies point at the file they name */
	for (size_t i = 0; i < sizeof(measured) / sizeof(measured[0]); i++) {
		cr_assert_str_eq(fx_text("SELECT f.name FROM policies AS p JOIN files AS f ON "
					 "f.id = p.file WHERE p.id = ?1",
					 "t", measured[i][0]),
				 measured[i][1]);
		cr_assert(strstr(fx_text("SELECT name FROM policies WHERE id = ?1", "t", measured[i][0]),
				 measured[i][1]));
	}
	cr_assert_str_eq(fx_text("SELECT d.path FROM policies AS p JOIN directories AS d ON "
				 "d.id = p.dir WHERE p.id = 11",
				 NULL),
			 "/usr/sbin");
}

Test(pdb_schema, stock_enforcements)
{
	static const int e[][3] = {
		{ 1, 1, 86400 }, { 2, 3, 0 },   { 3, 2, 0 },   { 8, 1, 60 },  { 9, 1, 60 },
		{ 19, 11, 60 },  { 20, 12, 60 }, { 21, 13, 60 }, { 22, 16, 60 },
	};

	for (size_t i = 0; i < sizeof(e) / sizeof(e[0]); i++) {
		cr_assert_eq(fx_int("SELECT count(*) FROM enforcements WHERE policy = ?1 AND group_id = ?2",
				    "ii", (int64_t)e[i][0], (int64_t)e[i][1]),
			     1, "policy %d on group %d", e[i][0], e[i][1]);
		cr_assert_eq(fx_int("SELECT max_age FROM enforcements WHERE policy = ?1 AND group_id = ?2",
				    "ii", (int64_t)e[i][0], (int64_t)e[i][1]),
			     e[i][2]);
	}
	/* the stock set stores no overrides */
	cr_assert_eq(fx_int("SELECT count(*) FROM enforcements WHERE rec_fail IS NOT NULL OR "
			    "rec_noresult IS NOT NULL",
			    NULL),
		     0);
	/* Default: PCKGS, TCPOP, UDPOP and nothing else */
	cr_assert_eq(fx_int("SELECT count(*) FROM enforcements WHERE group_id = 1", NULL), 3);
}

Test(pdb_schema, reference_data)
{
	cr_assert_eq(fx_int("SELECT count(*) FROM algorithms", NULL), 4);
	cr_assert_str_eq(fx_text("SELECT name FROM algorithms WHERE id = 4096", NULL), "SHA512");
	cr_assert_str_eq(fx_text("SELECT name FROM algorithms WHERE id = 32768", NULL), "SHA1");
	cr_assert_eq(fx_int("SELECT count(*) FROM components WHERE vendor_id = 36906", NULL), 4);
	/* products of the seeds, and the Debian 12 default group of the capture */
	for (const char *const *p = (const char *const[]){ "Debian 12 x86_64", "Ubuntu 20.04 x86_64",
							  "Android 4.2.1", "Debian 7.11 armv7l",
							  "Ubuntu 11.10 i686", NULL };
	     *p; p++)
		cr_assert_eq(fx_int("SELECT count(*) FROM products WHERE name = ?1", "t", *p), 1, "%s",
			     *p);
	cr_assert_str_eq(fx_text("SELECT g.name FROM groups_product_defaults AS d JOIN groups AS g ON "
				 "g.id = d.group_id JOIN products AS p ON p.id = d.product_id "
				 "WHERE p.name = 'Debian 12 x86_64'",
				 NULL),
			 "Debian x86_64");
	/* no release lists for current distributions: their packages stay unknown */
	cr_assert_eq(fx_int("SELECT count(*) FROM versions AS v JOIN products AS p ON p.id = v.product "
			    "WHERE p.name IN ('Debian 12 x86_64', 'Ubuntu 20.04 x86_64')",
			    NULL),
		     0);
	cr_assert_eq(fx_int("SELECT count(*) FROM devices", NULL), 0);
	cr_assert_eq(fx_int("SELECT count(*) FROM sessions", NULL), 0);
}

Test(pdb_schema, swima_tables_present)
{
	static const char *const t[] = { "swid_entities", "swid_entityroles", "swid_tags",
					 "swid_tags_files", "swid_tags_sessions", "swid_tagstats",
					 "swid_events",   "swid_tags_events" };

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		cr_assert_eq(fx_int("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
				    "t", t[i]),
			     1, "%s", t[i]);
	cr_assert_eq(fx_int("SELECT count(*) FROM pragma_table_info('swid_tags') WHERE name IN "
			    "('version_id', 'version_str')",
			    NULL),
		     2);
	cr_assert_eq(fx_int("SELECT count(*) FROM pragma_table_info('devices') WHERE name = 'inactive'",
			    NULL),
		     1);
}

Test(pdb_schema, reopen_keeps_data_and_does_not_reseed)
{
	cr_assert_eq(fx_admin("group", "add", "Kiosks", NULL), PDB_ADMIN_OK);
	pdb_close(fx.db);
	cr_assert_eq(pdb_open(fx.uri, &fx.db), 0);
	cr_assert_eq(fx_int("SELECT count(*) FROM groups", NULL), 17);
	cr_assert_eq(fx_int("SELECT count(*) FROM policies", NULL), 24);
	cr_assert_eq(fx_int("SELECT count(*) FROM groups WHERE name = 'Kiosks' AND parent IS NULL", NULL),
		     1);
}

Test(pdb_schema, foreign_keys_enforced_in_native_database)
{
	cr_assert_eq(pdb_exec(fx.db, "INSERT INTO groups_members (group_id, device_id) VALUES (?1, ?2)",
			      "ii", (int64_t)999, (int64_t)999),
		     NEA_ESTATE);
	cr_assert_eq(pdb_exec(fx.db, "INSERT INTO groups (name) VALUES (?1)", "t", "Default"),
		     NEA_EEXIST);
}

Test(pdb_schema, uri_forms)
{
	pdb_t *db = NULL;
	char path[200];

	cr_assert_eq(pdb_open("mysql://user@host/db", &db), NEA_EUNSUPPORTED);
	cr_assert_null(db);
	cr_assert_eq(pdb_open("relative.db", &db), NEA_ECONFIG);
	cr_assert_eq(pdb_open("sqlite://relative.db", &db), NEA_ECONFIG);
	cr_assert_eq(pdb_open("", &db), NEA_ECONFIG);
	cr_assert_eq(pdb_open(NULL, &db), NEA_ECONFIG);
	/* a bare absolute path works too */
	snprintf(path, sizeof(path), "%s/bare.db", fx.dir);
	cr_assert_eq(pdb_open(path, &db), 0);
	cr_assert_eq(pdb_schema_version(db), PDB_SCHEMA_VERSION);
	pdb_close(db);
	/* a directory that does not exist */
	cr_assert_eq(pdb_open("sqlite:///nonexistent-dir-nea/x.db", &db), NEA_EIO);
}

Test(pdb_schema, newer_schema_is_refused)
{
	pdb_t *db = NULL;

	pdb_close(fx.db);
	fx.db = NULL;
	cr_assert_eq(fx_exec("PRAGMA user_version = 99", NULL), SQLITE_OK);
	sqlite3_close(fx.raw);
	fx.raw = NULL;
	cr_assert_eq(pdb_open(fx.uri, &db), NEA_EVERSION);
	cr_assert_null(db);
}

Test(pdb_schema, clock_can_be_pinned)
{
	pdb_set_now(fx.db, 1234);
	cr_assert_eq(pdb_now(fx.db), 1234);
	pdb_set_now(fx.db, 0);
	cr_assert_gt(pdb_now(fx.db), FX_T0 - 10LL * 365 * 86400);
}

/* ------------------------------------------------------------ strongSwan database */

/*
 * The shape of a config.db made with strongSwan's own tables.sql: 0 as
 * "none" in key columns, results pointing at a table that does not exist,
 * no devices.inactive column, user_version 0. Written here as a fixture,
 * only the tables the session flow touches.
 */
static const char *const swan_schema[] = {
	"CREATE TABLE products (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL)",
	"CREATE TABLE devices (id INTEGER PRIMARY KEY AUTOINCREMENT, description TEXT DEFAULT '', "
	"value TEXT NOT NULL, product INTEGER REFERENCES products(id), trusted INTEGER DEFAULT 0, "
	"created INTEGER)",
	"CREATE TABLE identities (id INTEGER PRIMARY KEY AUTOINCREMENT, type INTEGER NOT NULL, "
	"value BLOB NOT NULL, UNIQUE (type, value))",
	"CREATE TABLE groups (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(50) NOT NULL UNIQUE, "
	"parent INTEGER)",
	"CREATE TABLE groups_members (id INTEGER PRIMARY KEY AUTOINCREMENT, group_id INTEGER NOT NULL "
	"REFERENCES groups(id), device_id INTEGER NOT NULL REFERENCES devices(id), "
	"UNIQUE (group_id, device_id))",
	"CREATE TABLE groups_product_defaults (id INTEGER PRIMARY KEY AUTOINCREMENT, group_id INTEGER "
	"NOT NULL REFERENCES groups(id), product_id INTEGER NOT NULL REFERENCES products(id), "
	"UNIQUE (group_id, product_id))",
	"CREATE TABLE policies (id INTEGER PRIMARY KEY AUTOINCREMENT, type INTEGER NOT NULL, "
	"name VARCHAR(100) NOT NULL UNIQUE, argument TEXT DEFAULT '' NOT NULL, rec_fail INTEGER NOT "
	"NULL, rec_noresult INTEGER NOT NULL, file INTEGER DEFAULT 0 REFERENCES files(id), "
	"dir INTEGER DEFAULT 0 REFERENCES directories(id))",
	"CREATE TABLE enforcements (id INTEGER PRIMARY KEY AUTOINCREMENT, policy INTEGER NOT NULL "
	"REFERENCES policies(id), group_id INTEGER NOT NULL REFERENCES groups(id), rec_fail INTEGER, "
	"rec_noresult INTEGER, max_age INTEGER NOT NULL, UNIQUE (policy, group_id))",
	"CREATE TABLE sessions (id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, "
	"connection INTEGER NOT NULL, identity INTEGER DEFAULT 0 REFERENCES identities(id), "
	"device INTEGER DEFAULT 0 REFERENCES devices(id), product INTEGER DEFAULT 0 REFERENCES "
	"products(id), rec INTEGER DEFAULT 3)",
	"CREATE TABLE sessions_identities (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id INTEGER "
	"NOT NULL REFERENCES sessions(id), identity_id INTEGER NOT NULL REFERENCES identities(id), "
	"UNIQUE (session_id, identity_id))",
	"CREATE TABLE workitems (id INTEGER PRIMARY KEY AUTOINCREMENT, session INTEGER NOT NULL "
	"REFERENCES sessions(id), enforcement INTEGER NOT NULL REFERENCES enforcements(id), type "
	"INTEGER NOT NULL, arg_str TEXT, arg_int INTEGER DEFAULT 0, rec_fail INTEGER NOT NULL, "
	"rec_noresult INTEGER NOT NULL, rec_final INTEGER, result TEXT)",
	"CREATE TABLE results (id INTEGER PRIMARY KEY AUTOINCREMENT, session INTEGER NOT NULL "
	"REFERENCES measurements(id), policy INTEGER NOT NULL REFERENCES policies(id), rec INTEGER "
	"NOT NULL, result TEXT NOT NULL)",
	"INSERT INTO groups (id, name) VALUES (1, 'Default')",
	"INSERT INTO groups (id, name, parent) VALUES (2, 'Linux', 1)",
	"INSERT INTO products (id, name) VALUES (1, 'Debian 12 x86_64')",
	"INSERT INTO groups_product_defaults (group_id, product_id) VALUES (2, 1)",
	"INSERT INTO policies (id, type, name, rec_fail, rec_noresult) VALUES (1, 1, 'Installed Packages', 2, 2)",
	"INSERT INTO policies (id, type, name, rec_fail, rec_noresult) VALUES (3, 3, 'IP Forwarding Enabled', 1, 1)",
	"INSERT INTO enforcements (policy, group_id, max_age) VALUES (1, 1, 86400)",
	"INSERT INTO enforcements (policy, group_id, max_age) VALUES (3, 2, 0)",
};

Test(pdb_schema, strongswan_database_is_used_as_it_is)
{
	pdb_identity_t ids[] = { { PDB_ID_USER_NAME, "client1", 7 },
				 { PDB_ID_IPV4_ADDR, "127.0.0.1", 9 } };
	pdb_worklist_t wl;
	pdb_stop_t stop;
	int64_t sid;
	char *out, *err;
	char *argv[] = { "sessions" };
	sqlite3 *raw;
	pdb_t *db;
	char path[200], uri[220];

	snprintf(path, sizeof(path), "%s/swan.db", fx.dir);
	snprintf(uri, sizeof(uri), "sqlite://%s", path);
	cr_assert_eq(sqlite3_open(path, &raw), SQLITE_OK);
	for (size_t i = 0; i < sizeof(swan_schema) / sizeof(swan_schema[0]); i++)
		cr_assert_eq(sqlite3_exec(raw, swan_schema[i], NULL, NULL, NULL), SQLITE_OK, "%s",
			     swan_schema[i]);
	sqlite3_close(raw);

	cr_assert_eq(pdb_open(uri, &db), 0);
	cr_assert_not(pdb_is_native(db));
	cr_assert_eq(pdb_schema_version(db), 0);
	pdb_set_now(db, FX_T0);
	cr_assert_eq(pdb_session_create(db, 1, ids, 2, NULL, &sid), 0);
	cr_assert_eq(pdb_session_start(db, sid, "3d1219c7c4c5404aaa1f6d2a48adfda4", "Debian 12 x86_64",
				       &wl),
		     0);
	cr_assert_eq(wl.n, 2);
	cr_assert_eq(wl.items[0].type, PDB_WI_FWDEN);
	cr_assert_eq(wl.items[1].type, PDB_WI_PCKGS);
	cr_assert_eq(pdb_workitem_finalize(db, wl.items[0].id, PDB_REC_ALLOW, "forwarding not enabled"),
		     0);
	cr_assert_eq(pdb_session_stop(db, sid, PDB_REC_ALLOW, &stop), 0);
	cr_assert_eq(stop.results, 1);
	cr_assert_str_eq(stop.summary, "recommendation for access requestor 127.0.0.1 is allow");
	pdb_stop_free(&stop);
	pdb_worklist_free(&wl);
	cr_assert_eq(pdb_admin_run(db, 1, argv, true, &out, &err), PDB_ADMIN_OK);
	cr_assert_str_eq(out, "   1: Nov 22 22:28:40 UTC 2026  1 Debian 12 x86_64     "
			      "3d1219c7c4c5404aaa1f client1 - allow\n");
	free(out);
	free(err);
	pdb_close(db);

	/* still a strongSwan database: nothing nea-only was added */
	cr_assert_eq(sqlite3_open(path, &raw), SQLITE_OK);
	{
		sqlite3_stmt *st;

		cr_assert_eq(sqlite3_prepare_v2(raw, "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
		cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
		cr_assert_eq(sqlite3_column_int(st, 0), 0);
		sqlite3_finalize(st);
		cr_assert_eq(sqlite3_prepare_v2(raw, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND "
						"name NOT LIKE 'sqlite%'",
						-1, &st, NULL),
			     SQLITE_OK);
		cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
		cr_assert_eq(sqlite3_column_int(st, 0), 12);
		sqlite3_finalize(st);
	}
	sqlite3_close(raw);
}

Test(pdb_schema, blob_device_ids_of_strongswan_are_found)
{
	int64_t id;

	/* strongSwan's IMVs bound the Device ID as a blob */
	cr_assert_eq(fx_exec("INSERT INTO devices (value, created) VALUES (CAST(?1 AS BLOB), 1)", "t",
			     "a488651e36664792b306cf8be72dd630"),
		     SQLITE_OK);
	cr_assert_eq(pdb_device_find(fx.db, "a488651e36664792b306cf8be72dd630", &id), 0);
	cr_assert_eq(id, 1);
	cr_assert_eq(pdb_device_find(fx.db, "a488651e", &id), 0);
	cr_assert_eq(id, 0);
}

/* ------------------------------------------------------------ names */

Test(pdb_schema, names_and_formats)
{
	char buf[40], norm[64], why[128];

	cr_assert_str_eq(pdb_rec_name(PDB_REC_ALLOW), "allow");
	cr_assert_str_eq(pdb_rec_name(PDB_REC_NO_ACCESS), "no access");
	cr_assert_str_eq(pdb_rec_name(PDB_REC_ISOLATE), "isolate");
	cr_assert_str_eq(pdb_rec_name(PDB_REC_NONE), "no recommendation");
	cr_assert_str_eq(pdb_rec_name(9), "unknown");
	cr_assert_eq(pdb_rec_parse("no-access"), PDB_REC_NO_ACCESS);
	cr_assert_eq(pdb_rec_parse("No Access"), PDB_REC_NO_ACCESS);
	cr_assert_eq(pdb_rec_parse("none"), PDB_REC_NONE);
	cr_assert_eq(pdb_rec_parse("2"), PDB_REC_ISOLATE);
	cr_assert_eq(pdb_rec_parse("4"), NEA_EINVAL);
	cr_assert_eq(pdb_rec_parse("allowed"), NEA_EINVAL);

	cr_assert_str_eq(pdb_wi_name(PDB_WI_PCKGS), "PCKGS");
	cr_assert_str_eq(pdb_wi_name(PDB_WI_TPMRA), "TPMRA");
	cr_assert_null(pdb_wi_name(17));
	cr_assert_null(pdb_wi_name(0));
	cr_assert_eq(pdb_wi_parse("udpop"), PDB_WI_UDPOP);
	cr_assert_eq(pdb_wi_parse("15"), PDB_WI_SWIDT);
	cr_assert_eq(pdb_wi_parse("17"), NEA_EINVAL);
	cr_assert_eq(pdb_wi_parse("+5"), NEA_EINVAL);
	cr_assert_eq(pdb_wi_parse("TCPSC"), NEA_EINVAL);

	/* strongSwan's %T: the zone word sits between time and year */
	pdb_format_time(1795386626, true, buf, sizeof(buf));
	cr_assert_str_eq(buf, "Nov 22 22:30:26 UTC 2026");
	setenv("TZ", "UTC0", 1);
	tzset();
	pdb_format_time(1795386626, false, buf, sizeof(buf));
	cr_assert_str_eq(buf, "Nov 22 22:30:26 2026");
	unsetenv("TZ");
	tzset();

	cr_assert_eq(pdb_portlist_check("", norm, sizeof(norm), why, sizeof(why)), 0);
	cr_assert_str_eq(norm, "");
	cr_assert_eq(pdb_portlist_check("22\t443,8000-8080", norm, sizeof(norm), why, sizeof(why)), 0);
	cr_assert_str_eq(norm, "22 443 8000-8080");
	cr_assert_eq(pdb_portlist_check("7-7", norm, sizeof(norm), why, sizeof(why)), 0);
	cr_assert_eq(pdb_portlist_check("8-7", norm, sizeof(norm), why, sizeof(why)), NEA_EINVAL);
	cr_assert_eq(pdb_portlist_check("99999999999999999999", norm, sizeof(norm), why, sizeof(why)),
		     NEA_EINVAL);
	cr_assert(strstr(why, "above 65535"));
	cr_assert_eq(pdb_portlist_check("1 2 3 4 5 6 7 8 9 10", norm, 8, why, sizeof(why)), NEA_ETOOBIG);
}

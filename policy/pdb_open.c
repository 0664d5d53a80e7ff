/*
 * Opening the policy database: URI, file creation with safe permissions,
 * connection settings, first-start schema and seed data, schema versions.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pdb_int.h"
#include "pdb_sql_embed.h"

#define PDB_BUSY_TIMEOUT_MS 5000
#define PDB_STR_(x) #x
#define PDB_STR(x) PDB_STR_(x)

/*
 * Schema migrations: entry i brings a database from version i + 1 to
 * i + 2. Each is constant SQL run inside the upgrade transaction. Version 1
 * is policy/sql/tables.sql; a new database gets tables.sql and then every
 * migration, so each later object is defined once, here.
 *
 * 1 -> 2: results_device_policy, a copy of (device, policy, time) of every
 * result that joins a session, kept exact by triggers, so "the newest
 * result of this policy for this device" is one index seek instead of a
 * walk over every session of the device (see passed_recently in
 * pdb_session.c). No single index can do that: device and time live in
 * sessions, policy in results. Triggers rather than code keep it right
 * whoever writes (nea-policyd, the admin commands, strongSwan's
 * imv_policy_manager or strongTNC on a nea database). Each trigger first
 * deletes the rows it rewrites, so a REPLACE (which fires no delete
 * trigger) cannot leave a stale copy behind. The sessions triggers run
 * their bodies only when the session has results: a session is created
 * and started (device set) before it has any, and running a body cost
 * every session start (foreign keys on) even when it changed nothing.
 */
static const char pdb_migration_2[] =
	"CREATE TABLE results_device_policy ("
	" result INTEGER PRIMARY KEY," /* results.id */
	" device INTEGER,"             /* sessions.device of the result's session */
	" policy INTEGER,"             /* results.policy */
	" time INTEGER"                /* sessions.time of the result's session */
	");"
	"CREATE INDEX results_device_policy_seek ON results_device_policy (device, policy, time);"
	"CREATE TRIGGER results_dp_insert AFTER INSERT ON results BEGIN"
	" DELETE FROM results_device_policy WHERE result = NEW.id;"
	" INSERT INTO results_device_policy (result, device, policy, time)"
	"  SELECT NEW.id, s.device, NEW.policy, s.time FROM sessions AS s WHERE s.id = NEW.session;"
	" END;"
	"CREATE TRIGGER results_dp_update AFTER UPDATE OF id, session, policy ON results BEGIN"
	" DELETE FROM results_device_policy WHERE result IN (OLD.id, NEW.id);"
	" INSERT INTO results_device_policy (result, device, policy, time)"
	"  SELECT NEW.id, s.device, NEW.policy, s.time FROM sessions AS s WHERE s.id = NEW.session;"
	" END;"
	"CREATE TRIGGER results_dp_delete AFTER DELETE ON results BEGIN"
	" DELETE FROM results_device_policy WHERE result = OLD.id;"
	" END;"
	"CREATE TRIGGER sessions_dp_insert AFTER INSERT ON sessions"
	" WHEN EXISTS (SELECT 1 FROM results WHERE session = NEW.id) BEGIN"
	" DELETE FROM results_device_policy"
	"  WHERE result IN (SELECT id FROM results WHERE session = NEW.id);"
	" INSERT INTO results_device_policy (result, device, policy, time)"
	"  SELECT r.id, NEW.device, r.policy, NEW.time FROM results AS r WHERE r.session = NEW.id;"
	" END;"
	"CREATE TRIGGER sessions_dp_update AFTER UPDATE OF id, device, time ON sessions"
	" WHEN EXISTS (SELECT 1 FROM results WHERE session IN (OLD.id, NEW.id)) BEGIN"
	" DELETE FROM results_device_policy"
	"  WHERE result IN (SELECT id FROM results WHERE session IN (OLD.id, NEW.id));"
	" INSERT INTO results_device_policy (result, device, policy, time)"
	"  SELECT r.id, NEW.device, r.policy, NEW.time FROM results AS r WHERE r.session = NEW.id;"
	" END;"
	"CREATE TRIGGER sessions_dp_delete AFTER DELETE ON sessions"
	" WHEN EXISTS (SELECT 1 FROM results WHERE session = OLD.id) BEGIN"
	" DELETE FROM results_device_policy"
	"  WHERE result IN (SELECT id FROM results WHERE session = OLD.id);"
	" END;"
	/* the results already there */
	"INSERT INTO results_device_policy (result, device, policy, time)"
	" SELECT r.id, s.device, r.policy, s.time FROM results AS r JOIN sessions AS s"
	" ON s.id = r.session;";

static const char *const pdb_migrations[] = { pdb_migration_2 };

/* The copy is right only while all its triggers exist; a tool that rebuilt
 * results or sessions (new table, copy, drop, rename) would take them away
 * and leave a copy that silently goes stale. */
static const char pdb_copy_count[] =
	"SELECT count(*) FROM sqlite_schema WHERE name IN ('results_device_policy', "
	"'results_device_policy_seek', 'results_dp_insert', 'results_dp_update', "
	"'results_dp_delete', 'sessions_dp_insert', 'sessions_dp_update', 'sessions_dp_delete')";
#define PDB_COPY_OBJECTS 8
static const char pdb_copy_drop[] =
	"DROP TRIGGER IF EXISTS results_dp_insert; DROP TRIGGER IF EXISTS results_dp_update;"
	"DROP TRIGGER IF EXISTS results_dp_delete; DROP TRIGGER IF EXISTS sessions_dp_insert;"
	"DROP TRIGGER IF EXISTS sessions_dp_update; DROP TRIGGER IF EXISTS sessions_dp_delete;"
	"DROP TABLE IF EXISTS results_device_policy;";

static int uri_path(const char *uri, const char **path)
{
	static const char scheme[] = "sqlite://";

	if (!uri || !*uri)
		return NEA_ECONFIG;
	if (strncmp(uri, scheme, sizeof(scheme) - 1) == 0)
		uri += sizeof(scheme) - 1;
	else if (strstr(uri, "://")) {
		NLOG(DB, 0, "database URI '%s': only sqlite:// is supported", uri);
		return NEA_EUNSUPPORTED;
	}
	if (uri[0] != '/') {
		NLOG(DB, 0, "database URI needs an absolute path (sqlite:///path), got '%s'", uri);
		return NEA_ECONFIG;
	}
	*path = uri;
	return 0;
}

/*
 * Create the file ourselves so it is 0640 whatever the umask: SQLite
 * creates its -wal and -shm files with the database file's mode.
 * Returns 1 if created, 0 if it existed.
 */
static int create_file(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0640);

	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		NLOG(DB, 0, "cannot create database '%s': %s", path, strerror(errno));
		return NEA_EIO;
	}
	if (fchmod(fd, 0640) < 0) {
		NLOG(DB, 0, "cannot set mode of database '%s': %s", path, strerror(errno));
		close(fd);
		unlink(path);
		return NEA_EIO;
	}
	if (close(fd) < 0) {
		NLOG(DB, 0, "cannot create database '%s': %s", path, strerror(errno));
		unlink(path);
		return NEA_EIO;
	}
	return 1;
}

static int set_user_version(pdb_t *db, int version)
{
	static const char *const stmts[] = {
		"PRAGMA user_version = 0",
		"PRAGMA user_version = " PDB_STR(PDB_SCHEMA_VERSION),
	};
	int rc;

	/* PRAGMA takes no bound parameters; the value is a compile-time
	 * constant, never input. */
	if (version != 0 && version != PDB_SCHEMA_VERSION)
		return NEA_EINVAL;
	rc = pdb_exec(db, stmts[version ? 1 : 0], NULL);
	if (rc < 0)
		return rc;
	db->user_version = version;
	return 0;
}

static int create_schema(pdb_t *db)
{
	int rc = pdb_begin(db);

	if (rc < 0)
		return rc;
	rc = pdb_script(db, pdb_sql_tables, pdb_sql_tables_len, "schema");
	for (size_t i = 0; rc == 0 && i < sizeof(pdb_migrations) / sizeof(pdb_migrations[0]); i++)
		rc = pdb_script(db, pdb_migrations[i], strlen(pdb_migrations[i]), "schema");
	if (rc == 0)
		rc = pdb_script(db, pdb_sql_data, pdb_sql_data_len, "seed data");
	if (rc == 0)
		rc = set_user_version(db, PDB_SCHEMA_VERSION);
	if (rc < 0) {
		pdb_rollback(db);
		return rc;
	}
	rc = pdb_commit(db);
	if (rc == 0) {
		db->created = true;
		NLOG(DB, 1, "created policy database '%s' from the built-in schema (schema version %d)",
		     db->path, PDB_SCHEMA_VERSION);
	}
	return rc;
}

static int migrate(pdb_t *db)
{
	size_t n = sizeof(pdb_migrations) / sizeof(pdb_migrations[0]);
	int from = db->user_version, rc;

	if (from > PDB_SCHEMA_VERSION) {
		NLOG(DB, 0, "database '%s' has schema version %d, this nea knows up to %d", db->path,
		     from, PDB_SCHEMA_VERSION);
		return NEA_EVERSION;
	}
	if (from == PDB_SCHEMA_VERSION)
		return 0;
	rc = pdb_begin(db);
	if (rc < 0)
		return rc;
	for (int v = from; v < PDB_SCHEMA_VERSION; v++) {
		const char *sql = (size_t)(v - 1) < n ? pdb_migrations[v - 1] : NULL;

		if (!sql) {
			rc = NEA_EVERSION;
			break;
		}
		rc = pdb_script(db, sql, strlen(sql), "migration");
		if (rc < 0)
			break;
		NLOG(DB, 1, "database '%s' migrated to schema version %d", db->path, v + 1);
	}
	if (rc == 0)
		rc = set_user_version(db, PDB_SCHEMA_VERSION);
	if (rc < 0) {
		pdb_rollback(db);
		return rc;
	}
	return pdb_commit(db);
}

/* A schema version 2 database whose copy is incomplete gets it rebuilt
 * from results and sessions, in one transaction. */
static int check_copy(pdb_t *db)
{
	int64_t n;
	int rc;

	rc = pdb_int(db, &n, pdb_copy_count, NULL);
	if (rc < 0)
		return rc;
	if (n == PDB_COPY_OBJECTS)
		return 0;
	NLOG(DB, 0,
	     "database '%s': %lld of the %d results_device_policy objects are left (a tool "
	     "rebuilt a table?), rebuilding the copy from results and sessions",
	     db->path, (long long)n, PDB_COPY_OBJECTS);
	rc = pdb_begin(db);
	if (rc < 0)
		return rc;
	rc = pdb_script(db, pdb_copy_drop, sizeof(pdb_copy_drop) - 1, "copy rebuild");
	if (rc == 0)
		rc = pdb_script(db, pdb_migration_2, sizeof(pdb_migration_2) - 1, "copy rebuild");
	if (rc < 0) {
		pdb_rollback(db);
		return rc;
	}
	return pdb_commit(db);
}

static int configure(pdb_t *db)
{
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_busy_timeout(db->db, PDB_BUSY_TIMEOUT_MS);
	if (rc != SQLITE_OK)
		return pdb_sql_err(db, rc, "busy_timeout");
	rc = sqlite3_extended_result_codes(db->db, 1);
	if (rc != SQLITE_OK)
		return pdb_sql_err(db, rc, "extended_result_codes");
	/* journal_mode answers with a row holding the mode actually set */
	rc = pdb_query(db, &st, "PRAGMA journal_mode = WAL", NULL);
	if (rc < 0)
		return rc;
	rc = pdb_row(db, st);
	if (rc == 1 && strcmp(pdb_col_text(st, 0), "wal") != 0)
		NLOG(DB, 1, "database '%s' stays in journal mode '%s'", db->path,
		     pdb_col_text(st, 0));
	pdb_done(st);
	if (rc < 0)
		return rc;
	/* FULL: an answer nea-policyd has sent stays true after a power cut,
	 * not only after a crash of the process (which NORMAL covers in WAL). */
	rc = pdb_exec(db, "PRAGMA synchronous = FULL", NULL);
	return rc < 0 ? rc : 0;
}

static int inspect(pdb_t *db, bool *empty)
{
	int64_t v, n;
	int rc;

	rc = pdb_int(db, &v, "PRAGMA user_version", NULL);
	if (rc < 0)
		return rc;
	db->user_version = (int)v;
	rc = pdb_int(db, &n, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
		     "t", "sessions");
	if (rc < 0)
		return rc;
	*empty = n == 0;
	return 0;
}

int pdb_open(const char *uri, pdb_t **out)
{
	const char *path = NULL;
	pdb_t *db;
	bool empty;
	int rc, created = 0;

	*out = NULL;
	rc = uri_path(uri, &path);
	if (rc < 0)
		return rc;
	db = calloc(1, sizeof(*db));
	if (!db)
		return NEA_ENOMEM;
	db->path = strdup(path);
	if (!db->path) {
		rc = NEA_ENOMEM;
		goto out_free;
	}
	created = create_file(path);
	if (created < 0) {
		rc = created;
		goto out_path;
	}
	rc = sqlite3_open_v2(path, &db->db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_FULLMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = pdb_sql_err(db, rc, "open");
		goto out_close;
	}
	rc = configure(db);
	if (rc < 0)
		goto out_close;
	rc = inspect(db, &empty);
	if (rc < 0)
		goto out_close;
	if (empty) {
		if (db->user_version != 0) {
			NLOG(DB, 0, "database '%s' has schema version %d but no tables", path,
			     db->user_version);
			rc = NEA_EVERSION;
			goto out_close;
		}
		rc = create_schema(db);
		if (rc < 0)
			goto out_close;
	} else if (db->user_version != 0) {
		rc = migrate(db);
		if (rc == 0)
			rc = check_copy(db);
		if (rc < 0)
			goto out_close;
	} else {
		NLOG(DB, 1, "database '%s' was created by strongSwan; using it as it is", path);
	}
	db->native = db->user_version != 0;
	if (db->native) {
		rc = pdb_exec(db, "PRAGMA foreign_keys = ON", NULL);
		if (rc < 0)
			goto out_close;
	}
	rc = pdb_has_column(db, "devices", "inactive");
	if (rc < 0)
		goto out_close;
	db->has_inactive = rc == 1;
	*out = db;
	return 0;

out_close:
	if (sqlite3_close(db->db) != SQLITE_OK)
		NLOG(DB, 0, "database '%s' did not close cleanly", path);
	/* a half-made new database would look like a strongSwan one next time */
	if (created == 1) {
		static const char *const aux_sfx[] = { "-wal", "-shm" };

		unlink(path);
		for (size_t i = 0; i < 2; i++) {
			char aux[4096];

			if ((size_t)snprintf(aux, sizeof(aux), "%s%s", path, aux_sfx[i]) < sizeof(aux))
				unlink(aux);
		}
	}
out_path:
	free(db->path);
out_free:
	free(db);
	return rc;
}

void pdb_close(pdb_t *db)
{
	if (!db)
		return;
	if (sqlite3_close(db->db) != SQLITE_OK)
		NLOG(DB, 0, "database '%s' did not close cleanly: %s", db->path,
		     sqlite3_errmsg(db->db));
	free(db->path);
	free(db);
}

int pdb_schema_version(const pdb_t *db)
{
	return db->user_version;
}

bool pdb_is_native(const pdb_t *db)
{
	return db->native;
}

bool pdb_created(const pdb_t *db)
{
	return db->created;
}

const char *pdb_path(const pdb_t *db)
{
	return db->path;
}

int pdb_set_power_safe(pdb_t *db, bool power_safe)
{
	int rc = pdb_exec(db, power_safe ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL",
			  NULL);

	return rc < 0 ? rc : 0;
}

void pdb_set_now(pdb_t *db, int64_t now)
{
	db->fixed_now = now;
}

int64_t pdb_now(const pdb_t *db)
{
	return db->fixed_now ? db->fixed_now : (int64_t)time(NULL);
}

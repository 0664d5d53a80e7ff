/* Locating, preparing and opening nea-policyd's database (see policyd_db.h). */
#include "policyd_db.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_log.h"

#define SQLITE_SCHEME "sqlite://"

int pd_db_location(const nea_conf_t *conf, char *path, size_t len)
{
	const char *uri = nea_conf_get_str(conf, "libimcv.database", NULL);
	const char *script = nea_conf_get_str(conf, "libimcv.policy_script", NULL);
	const char *p;
	char cwd[PATH_MAX];
	int n;

	if (script && *script)
		NLOG(CFG, 1, "libimcv.policy_script '%s' is not needed: nea-policyd runs the policy "
			     "manager's start and stop itself", script);
	if (!uri || !*uri)
		return 0;
	if (strncmp(uri, SQLITE_SCHEME, sizeof(SQLITE_SCHEME) - 1) != 0) {
		NLOG(CFG, 0, "libimcv.database '%s': only sqlite:// databases are supported", uri);
		return NEA_EUNSUPPORTED;
	}
	p = uri + sizeof(SQLITE_SCHEME) - 1;
	if (!*p) {
		NLOG(CFG, 0, "libimcv.database '%s' names no file", uri);
		return NEA_ECONFIG;
	}
	if (p[0] == '/') {
		n = snprintf(path, len, "%s", p);
	} else {
		if (!getcwd(cwd, sizeof(cwd))) {
			NLOG(CFG, 0, "libimcv.database '%s' is relative and the working directory is "
				     "unknown: %s", uri, strerror(errno));
			return NEA_ECONFIG;
		}
		n = snprintf(path, len, "%s/%s", cwd, p);
	}
	if (n < 0 || (size_t)n >= len) {
		NLOG(CFG, 0, "libimcv.database '%s': path too long", uri);
		return NEA_ECONFIG;
	}
	if (path[strlen(path) - 1] == '/') {
		NLOG(CFG, 0, "libimcv.database '%s' names a directory, not a file", uri);
		return NEA_ECONFIG;
	}
	return 1;
}

static void dir_of(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (n == 0) {
		snprintf(dir, len, "/");
		return;
	}
	snprintf(dir, len, "%.*s", (int)n, path);
}

static int prepare_dir(const char *dir, bool as_root, uid_t uid, gid_t gid)
{
	struct stat st;

	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			NLOG(DB, 0, "'%s' (the directory of libimcv.database) is not a directory", dir);
			return NEA_ECONFIG;
		}
		return 0;
	}
	if (errno != ENOENT || mkdir(dir, 0750) != 0) {
		NLOG(DB, 0, "cannot create the database directory '%s': %s", dir, strerror(errno));
		return NEA_EIO;
	}
	if (as_root && chown(dir, uid, gid) != 0) {
		NLOG(DB, 0, "cannot give the database directory '%s' to uid %u: %s", dir,
		     (unsigned)uid, strerror(errno));
		return NEA_EIO;
	}
	NLOG(DB, 1, "created the database directory '%s'", dir);
	return 0;
}

int pd_db_prepare(const char *path, bool as_root, uid_t uid, gid_t gid)
{
	char dir[PATH_MAX];
	int fd, rc;

	dir_of(path, dir, sizeof(dir));
	rc = prepare_dir(dir, as_root, uid, gid);
	if (rc < 0 || !as_root)
		return rc;
	/* Made here, empty, so the file belongs to the daemon's user; pdb_open
	 * fills an empty file with the schema after the drop. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0640);
	if (fd < 0) {
		if (errno == EEXIST)
			return 0;
		NLOG(DB, 0, "cannot create database '%s': %s", path, strerror(errno));
		return NEA_EIO;
	}
	if (fchown(fd, uid, gid) != 0 || fchmod(fd, 0640) != 0) {
		NLOG(DB, 0, "cannot give database '%s' to uid %u: %s", path, (unsigned)uid,
		     strerror(errno));
		close(fd);
		unlink(path);
		return NEA_EIO;
	}
	close(fd);
	return 0;
}

/* The daemon's user must write both: SQLite creates the -wal and -shm
 * files next to the database. */
static int check_access(const char *path)
{
	char dir[PATH_MAX];
	struct stat st;

	dir_of(path, dir, sizeof(dir));
	if (access(dir, W_OK | X_OK) != 0) {
		NLOG(DB, 0, "nea-policyd (uid %u) cannot create files in '%s': %s; SQLite keeps its "
			    "-wal and -shm files next to the database, so give that directory to the "
			    "daemon's user (nea.users.policyd) or move libimcv.database",
		     (unsigned)getuid(), dir, strerror(errno));
		return NEA_EPERM;
	}
	if (lstat(path, &st) == 0 && access(path, R_OK | W_OK) != 0) {
		NLOG(DB, 0, "nea-policyd (uid %u) cannot read and write '%s' (owner uid %u, mode %03o): "
			    "chown it to the daemon's user (nea.users.policyd)",
		     (unsigned)getuid(), path, (unsigned)st.st_uid, (unsigned)(st.st_mode & 0777));
		return NEA_EPERM;
	}
	return 0;
}

int pd_db_open(const char *path, pdb_t **db)
{
	char uri[PATH_MAX + 16];
	int rc;

	*db = NULL;
	rc = check_access(path);
	if (rc < 0)
		return rc;
	snprintf(uri, sizeof(uri), SQLITE_SCHEME "%s", path);
	rc = pdb_open(uri, db);
	if (rc < 0) {
		NLOG(DB, 0, "cannot open policy database '%s': %s", path, nea_strerror(rc));
		return rc;
	}
	/* pdb_open already said "created ... from the built-in schema" */
	if (!pdb_created(*db)) {
		if (pdb_is_native(*db))
			NLOG(DB, 1, "opened policy database '%s' (schema version %d)", path,
			     pdb_schema_version(*db));
		else
			NLOG(DB, 1, "opened policy database '%s' (strongSwan schema)", path);
	}
	return 0;
}

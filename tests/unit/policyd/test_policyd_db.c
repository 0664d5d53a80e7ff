/*
 * Where nea-policyd's database lives: libimcv.database forms, the
 * directory and file made before the privilege drop, first start versus
 * later starts.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nea_conf.h"
#include "nea_err.h"
#include "policyd_db.h"

static char dir[64];

static void setup(void)
{
	strcpy(dir, "/tmp/nea-pddb-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	/* only our own mkdtemp directory */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

TestSuite(policyd_db, .init = setup, .fini = teardown);

static int location(const char *text, char *path, size_t len)
{
	nea_conf_t *c = NULL;
	char err[256];
	int rc;

	cr_assert_eq(nea_conf_load_string(text, "test", &c, err, sizeof(err)), 0, "%s", err);
	rc = pd_db_location(c, path, len);
	nea_conf_free(c);
	return rc;
}

Test(policyd_db, uri_forms)
{
	char path[PATH_MAX], cwd[PATH_MAX], want[PATH_MAX + 32];

	cr_assert_eq(location("nea { rundir = run }", path, sizeof(path)), 0);
	cr_assert_eq(location("libimcv { database = sqlite:///etc/pts/config.db }", path, sizeof(path)),
		     1);
	cr_assert_str_eq(path, "/etc/pts/config.db");
	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	snprintf(want, sizeof(want), "%s/state/config.db", cwd);
	cr_assert_eq(location("libimcv { database = sqlite://state/config.db }", path, sizeof(path)), 1);
	cr_assert_str_eq(path, want);
	/* policy_script is accepted (and only logged) */
	cr_assert_eq(location("libimcv { database = sqlite:///x.db\n"
			      "policy_script = /usr/libexec/ipsec/imv_policy_manager }",
			      path, sizeof(path)),
		     1);
	cr_assert_eq(location("libimcv { database = mysql://user:pw@host/db }", path, sizeof(path)),
		     NEA_EUNSUPPORTED);
	cr_assert_eq(location("libimcv { database = sqlite:// }", path, sizeof(path)), NEA_ECONFIG);
	cr_assert_eq(location("libimcv { database = sqlite:///var/lib/nea/ }", path, sizeof(path)),
		     NEA_ECONFIG);
	cr_assert_eq(location("libimcv { database = sqlite:///a/very/long/path.db }", path, 8),
		     NEA_ECONFIG);
}

Test(policyd_db, first_start_then_reopen)
{
	char path[128];
	pdb_t *db;
	struct stat st;

	snprintf(path, sizeof(path), "%s/state/config.db", dir);
	cr_assert_eq(pd_db_prepare(path, false, getuid(), getgid()), 0);
	cr_assert_eq(stat(path, &st) == 0 ? 0 : -1, -1, "unprivileged: pdb_open makes the file");
	cr_assert_eq(pd_db_open(path, &db), 0);
	cr_assert(pdb_created(db));
	cr_assert_str_eq(pdb_path(db), path);
	pdb_close(db);
	cr_assert_eq(pd_db_prepare(path, false, getuid(), getgid()), 0);
	cr_assert_eq(pd_db_open(path, &db), 0);
	cr_assert_not(pdb_created(db));
	cr_assert_eq(pdb_schema_version(db), PDB_SCHEMA_VERSION);
	pdb_close(db);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0640);
}

Test(policyd_db, directory_made_only_one_level_deep)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/a/b/config.db", dir);
	cr_assert_eq(pd_db_prepare(path, false, getuid(), getgid()), NEA_EIO);
	snprintf(path, sizeof(path), "%s/file", dir);
	cr_assert_eq(fclose(fopen(path, "w")), 0);
	snprintf(path, sizeof(path), "%s/file/config.db", dir);
	cr_assert_eq(pd_db_prepare(path, false, getuid(), getgid()), NEA_ECONFIG);
}

Test(policyd_db, as_root_the_file_belongs_to_the_daemon_user)
{
	struct passwd *pw = getpwnam("nobody");
	char path[128], sub[96];
	struct stat st;

	if (geteuid() != 0 || !pw)
		cr_skip_test("needs root and the user 'nobody'");
	snprintf(sub, sizeof(sub), "%s/state", dir);
	snprintf(path, sizeof(path), "%s/config.db", sub);
	cr_assert_eq(pd_db_prepare(path, true, pw->pw_uid, pw->pw_gid), 0);
	cr_assert_eq(stat(sub, &st), 0);
	cr_assert_eq(st.st_uid, pw->pw_uid);
	cr_assert_eq(st.st_mode & 0777, 0750);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_uid, pw->pw_uid);
	cr_assert_eq(st.st_gid, pw->pw_gid);
	cr_assert_eq(st.st_mode & 0777, 0640);
	cr_assert_eq(st.st_size, 0);
	/* an existing file is left alone */
	cr_assert_eq(chown(path, 0, 0), 0);
	cr_assert_eq(pd_db_prepare(path, true, pw->pw_uid, pw->pw_gid), 0);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_uid, 0);
}

Test(policyd_db, symlinked_database_refused)
{
	char path[128], target[128];
	pdb_t *db = NULL;

	snprintf(target, sizeof(target), "%s/real.db", dir);
	snprintf(path, sizeof(path), "%s/config.db", dir);
	cr_assert_eq(symlink(target, path), 0);
	cr_assert_lt(pd_db_open(path, &db), 0);
	cr_assert_null(db);
}

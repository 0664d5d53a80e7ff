/*
 * Operator commands about what is checked: policies and enforcements.
 * Arguments are validated per policy type before anything is stored, so
 * the IMVs never meet a port list or flag string they cannot parse.
 */
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "pdb_admin_int.h"

/* policies.name is declared VARCHAR(100) */
#define ADM_POLICY_NAME_MAX 100
/* ten years: anything longer is a typo, not a policy */
#define ADM_MAX_AGE_MAX (10LL * 366 * 86400)
#define ADM_PORTLIST_MAX 4096

static bool is_file_type(int t)
{
	return t == PDB_WI_FREFM || t == PDB_WI_FMEAS || t == PDB_WI_FMETA;
}

static bool is_dir_type(int t)
{
	return t == PDB_WI_DREFM || t == PDB_WI_DMEAS || t == PDB_WI_DMETA;
}

static bool is_port_type(int t)
{
	return t == PDB_WI_TCPOP || t == PDB_WI_TCPBL || t == PDB_WI_UDPOP || t == PDB_WI_UDPBL;
}

/* Letters from allowed, each at most once. */
static bool flag_letters(const char *s, const char *allowed)
{
	for (const char *p = s; *p; p++)
		if (!strchr(allowed, *p) || strchr(p + 1, *p))
			return false;
	return true;
}

static int check_argument(adm_t *a, int type, const char *arg, char *norm, size_t normlen)
{
	char why[160];

	if (is_port_type(type)) {
		if (pdb_portlist_check(arg, norm, normlen, why, sizeof(why)) < 0)
			return adm_fail(a, "bad port list for %s: %s", pdb_wi_name(type), why);
		return 0;
	}
	if (strlen(arg) >= normlen)
		return adm_fail(a, "argument is too long");
	if (type == PDB_WI_TPMRA && !flag_letters(arg, "BIT"))
		return adm_fail(a, "bad argument '%s' for TPMRA: letters B (BIOS), I (IMA), T (TBOOT)",
				arg);
	if (type == PDB_WI_SWIDT && !flag_letters(arg, "RSC"))
		return adm_fail(a,
				"bad argument '%s' for SWIDT: letters R (identifiers only), "
				"S (subscribe), C (clear subscriptions)",
				arg);
	if (type != PDB_WI_TPMRA && type != PDB_WI_SWIDT && *arg)
		return adm_fail(a, "policy type %s takes no --argument", pdb_wi_name(type));
	strcpy(norm, arg);
	return 0;
}

static int split_path(adm_t *a, const char *what, const char *path, bool file, char **dir,
		      const char **name)
{
	const char *slash;

	if (path[0] != '/' || strstr(path, "//") || strlen(path) > 4095)
		return adm_fail(a, "bad %s path '%s' (absolute, no empty parts)", what, path);
	if (!file) {
		size_t n = strlen(path);

		/* "/usr/sbin/" and "/usr/sbin" are the same directory */
		while (n > 1 && path[n - 1] == '/')
			n--;
		*dir = strndup(path, n);
		return *dir ? 0 : adm_db(a, NEA_ENOMEM, "policy add");
	}
	slash = strrchr(path, '/');
	if (!slash[1])
		return adm_fail(a, "bad file path '%s' (names a directory)", path);
	*dir = strndup(path, slash == path ? 1 : (size_t)(slash - path));
	*name = slash + 1;
	return *dir ? 0 : adm_db(a, NEA_ENOMEM, "policy add");
}

static int dir_get(pdb_t *db, const char *path, int64_t *id)
{
	int rc = pdb_int(db, id, "SELECT id FROM directories WHERE path = ?1 ORDER BY id LIMIT 1", "t",
			 path);

	if (rc != 0)
		return rc < 0 ? rc : 0;
	rc = pdb_insert(db, id, "INSERT INTO directories (path) VALUES (?1)", "t", path);
	return rc < 0 ? rc : 0;
}

static int file_get(pdb_t *db, int64_t dir, const char *name, int64_t *id)
{
	int rc = pdb_int(db, id, "SELECT id FROM files WHERE dir = ?1 AND name = ?2 ORDER BY id LIMIT 1",
			 "it", dir, name);

	if (rc != 0)
		return rc < 0 ? rc : 0;
	rc = pdb_insert(db, id, "INSERT INTO files (dir, name) VALUES (?1, ?2)", "it", dir, name);
	return rc < 0 ? rc : 0;
}

int adm_policy_add(adm_t *a, int argc, char **argv)
{
	const char *type_s = NULL, *arg = "", *fail_s = NULL, *nores_s = NULL, *file = NULL,
		   *dir = NULL, *pos[1], *fname = NULL;
	const adm_opt_t opts[] = {
		{ "type", true, &type_s, NULL },       { "argument", true, &arg, NULL },
		{ "rec-fail", true, &fail_s, NULL },   { "rec-noresult", true, &nores_s, NULL },
		{ "file", true, &file, NULL },         { "dir", true, &dir, NULL },
	};
	int type, rec_fail = PDB_REC_NO_ACCESS, rec_nores = PDB_REC_NO_ACCESS;
	int64_t id, file_id = 0, dir_id = 0, exists;
	char norm[ADM_PORTLIST_MAX], *dpath = NULL;
	int rc;

	rc = adm_args(a, argc, argv, opts, sizeof(opts) / sizeof(opts[0]), pos, 1, 1);
	if (rc)
		return rc;
	if (!*pos[0])
		return adm_fail(a, "a policy needs a name");
	if (strlen(pos[0]) > ADM_POLICY_NAME_MAX)
		return adm_fail(a, "policy name is longer than %d characters", ADM_POLICY_NAME_MAX);
	if (!type_s)
		return adm_usage(a, "policy add needs --type");
	type = pdb_wi_parse(type_s);
	if (type < 0)
		return adm_fail(a,
				"unknown policy type '%s' (PCKGS UNSRC FWDEN PWDEN FREFM FMEAS FMETA "
				"DREFM DMEAS DMETA TCPOP TCPBL UDPOP UDPBL SWIDT TPMRA)",
				type_s);
	if ((fail_s && (rc = adm_rec(a, "--rec-fail", fail_s, &rec_fail))) ||
	    (nores_s && (rc = adm_rec(a, "--rec-noresult", nores_s, &rec_nores))))
		return rc;
	if (is_file_type(type) != (file != NULL))
		return file ? adm_fail(a, "--file belongs to FREFM, FMEAS and FMETA policies only")
			    : adm_fail(a, "policy type %s needs --file PATH", pdb_wi_name(type));
	if (is_dir_type(type) != (dir != NULL))
		return dir ? adm_fail(a, "--dir belongs to DREFM, DMEAS and DMETA policies only")
			   : adm_fail(a, "policy type %s needs --dir PATH", pdb_wi_name(type));
	if ((rc = check_argument(a, type, arg, norm, sizeof(norm))))
		return rc;
	rc = pdb_int(a->db, &exists, "SELECT id FROM policies WHERE name = ?1", "t", pos[0]);
	if (rc < 0)
		return adm_db(a, rc, "policy add");
	if (rc == 1)
		return adm_fail(a, "policy '%s' already exists", pos[0]);
	if (file && (rc = split_path(a, "file", file, true, &dpath, &fname)))
		return rc;
	if (dir && (rc = split_path(a, "directory", dir, false, &dpath, &fname)))
		return rc;

	rc = pdb_begin(a->db);
	if (rc < 0) {
		free(dpath);
		return adm_db(a, rc, "policy add");
	}
	if (dpath)
		rc = dir_get(a->db, dpath, &dir_id);
	if (rc >= 0 && file) {
		rc = file_get(a->db, dir_id, fname, &file_id);
		dir_id = 0; /* a file policy names the file only */
	}
	if (rc >= 0)
		rc = pdb_insert(a->db, &id,
				"INSERT INTO policies (type, name, argument, rec_fail, rec_noresult, "
				"file, dir) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
				"IttIIii", type, pos[0], norm, rec_fail, rec_nores, file_id, dir_id);
	free(dpath);
	if (rc < 0) {
		pdb_rollback(a->db);
		if (rc == NEA_EEXIST)
			return adm_fail(a, "policy '%s' already exists", pos[0]);
		return adm_db(a, rc, "policy add");
	}
	rc = pdb_commit(a->db);
	if (rc < 0)
		return adm_db(a, rc, "policy add");
	pdb_sb_printf(&a->out, "policy '%s' added (id %lld, type %s)\n", pos[0], (long long)id,
		      pdb_wi_name(type));
	return PDB_ADMIN_OK;
}

int adm_policy_delete(adm_t *a, int argc, char **argv)
{
	static const char *const del[] = {
		"DELETE FROM workitems WHERE enforcement IN (SELECT id FROM enforcements WHERE policy = ?1)",
		"DELETE FROM enforcements WHERE policy = ?1",
		"DELETE FROM results WHERE policy = ?1",
		"DELETE FROM policies WHERE id = ?1",
	};
	int changes[sizeof(del) / sizeof(del[0])];
	const char *pos[1];
	int64_t id;
	int rc, enf = 0, res = 0;

	rc = adm_args(a, argc, argv, NULL, 0, pos, 1, 1);
	if (rc || (rc = adm_policy(a, pos[0], &id)))
		return rc;
	rc = pdb_exec_id_txn(a->db, id, del, changes, sizeof(del) / sizeof(del[0]));
	if (rc < 0)
		return adm_db(a, rc, "policy delete");
	enf = changes[1];
	res = changes[2];
	pdb_sb_printf(&a->out, "policy '%s' deleted with %d enforcement%s and %d result%s\n", pos[0],
		      enf, adm_plural(enf, "", "s"), res, adm_plural(res, "", "s"));
	return PDB_ADMIN_OK;
}

int adm_policies(adm_t *a, int argc, char **argv)
{
	sqlite3_stmt *st;
	int64_t count = 0;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, NULL, 0, 0);
	if (rc)
		return rc;
	rc = pdb_query(a->db, &st,
		       "SELECT p.id, p.name, p.type, p.argument, p.rec_fail, p.rec_noresult, "
		       "fd.path, f.name, d.path "
		       "FROM policies AS p "
		       "LEFT JOIN files AS f ON p.file > 0 AND f.id = p.file "
		       "LEFT JOIN directories AS fd ON fd.id = f.dir "
		       "LEFT JOIN directories AS d ON p.dir > 0 AND d.id = p.dir "
		       "ORDER BY p.id",
		       NULL);
	if (rc < 0)
		return adm_db(a, rc, "policies");
	while ((rc = pdb_row(a->db, st)) == 1) {
		const char *name = pdb_col_text(st, 1), *arg = pdb_col_text(st, 3);
		const char *wi = pdb_wi_name(sqlite3_column_int(st, 2));

		pdb_sb_printf(&a->out, "%4lld: ", (long long)sqlite3_column_int64(st, 0));
		adm_put_safe(&a->out, name, strlen(name));
		if (wi)
			pdb_sb_printf(&a->out, "\n        %s", wi);
		else
			pdb_sb_printf(&a->out, "\n        type %d", sqlite3_column_int(st, 2));
		if (*arg) {
			pdb_sb_puts(&a->out, ", argument '");
			adm_put_safe(&a->out, arg, strlen(arg));
			pdb_sb_puts(&a->out, "'");
		}
		if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
			const char *dp = pdb_col_text(st, 6), *fn = pdb_col_text(st, 7);

			pdb_sb_puts(&a->out, ", file ");
			adm_put_safe(&a->out, dp, strlen(dp));
			if (strcmp(dp, "/") != 0)
				pdb_sb_puts(&a->out, "/");
			adm_put_safe(&a->out, fn, strlen(fn));
		}
		if (sqlite3_column_type(st, 8) != SQLITE_NULL) {
			pdb_sb_puts(&a->out, ", dir ");
			adm_put_safe(&a->out, pdb_col_text(st, 8), strlen(pdb_col_text(st, 8)));
		}
		pdb_sb_printf(&a->out, ", rec_fail %s, rec_noresult %s\n",
			      pdb_rec_name(sqlite3_column_int(st, 4)),
			      pdb_rec_name(sqlite3_column_int(st, 5)));
		count++;
	}
	pdb_done(st);
	if (rc < 0)
		return adm_db(a, rc, "policies");
	pdb_sb_printf(&a->out, "%lld polic%s found\n", (long long)count, adm_plural(count, "y", "ies"));
	return PDB_ADMIN_OK;
}

/* ------------------------------------------------------------ enforcements */

int adm_enforcements(adm_t *a, int argc, char **argv)
{
	sqlite3_stmt *st;
	int64_t count = 0;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, NULL, 0, 0);
	if (rc)
		return rc;
	rc = pdb_query(a->db, &st,
		       "SELECT e.id, p.name, g.name, e.max_age, e.rec_fail, e.rec_noresult "
		       "FROM enforcements AS e "
		       "JOIN policies AS p ON p.id = e.policy JOIN groups AS g ON g.id = e.group_id "
		       "ORDER BY e.id",
		       NULL);
	if (rc < 0)
		return adm_db(a, rc, "enforcements");
	while ((rc = pdb_row(a->db, st)) == 1) {
		pdb_sb_printf(&a->out, "%4lld: ", (long long)sqlite3_column_int64(st, 0));
		adm_put_safe(&a->out, pdb_col_text(st, 1), strlen(pdb_col_text(st, 1)));
		pdb_sb_puts(&a->out, " on ");
		adm_put_safe(&a->out, pdb_col_text(st, 2), strlen(pdb_col_text(st, 2)));
		pdb_sb_printf(&a->out, ", max_age %llds", (long long)sqlite3_column_int64(st, 3));
		/* only a non-zero override counts in this schema */
		if (sqlite3_column_int(st, 4))
			pdb_sb_printf(&a->out, ", rec_fail %s", pdb_rec_name(sqlite3_column_int(st, 4)));
		if (sqlite3_column_int(st, 5))
			pdb_sb_printf(&a->out, ", rec_noresult %s",
				      pdb_rec_name(sqlite3_column_int(st, 5)));
		pdb_sb_puts(&a->out, "\n");
		count++;
	}
	pdb_done(st);
	if (rc < 0)
		return adm_db(a, rc, "enforcements");
	pdb_sb_printf(&a->out, "%lld enforcement%s found\n", (long long)count,
		      adm_plural(count, "", "s"));
	return PDB_ADMIN_OK;
}

static int override(adm_t *a, const char *what, const char *value, int *rec)
{
	int rc;

	if (!value) {
		*rec = 0;
		return 0;
	}
	if ((rc = adm_rec(a, what, value, rec)))
		return rc;
	/* strongSwan's policy manager reads 0 as "no override" */
	if (*rec == PDB_REC_ALLOW)
		return adm_fail(a,
				"%s allow cannot be stored on an enforcement (0 means \"use the "
				"policy's value\"); change the policy instead",
				what);
	return 0;
}

int adm_enforcement_add(adm_t *a, int argc, char **argv)
{
	const char *age_s = NULL, *fail_s = NULL, *nores_s = NULL, *pos[2];
	const adm_opt_t opts[] = {
		{ "max-age", true, &age_s, NULL },
		{ "rec-fail", true, &fail_s, NULL },
		{ "rec-noresult", true, &nores_s, NULL },
	};
	int64_t pid, gid, id, max_age = 0, exists;
	int rec_fail, rec_nores;
	int rc;

	rc = adm_args(a, argc, argv, opts, 3, pos, 2, 2);
	if (rc || (rc = adm_policy(a, pos[0], &pid)) || (rc = adm_group(a, pos[1], &gid)))
		return rc;
	if (age_s && (rc = adm_uint(a, "--max-age", age_s, ADM_MAX_AGE_MAX, &max_age)))
		return rc;
	if ((rc = override(a, "--rec-fail", fail_s, &rec_fail)) ||
	    (rc = override(a, "--rec-noresult", nores_s, &rec_nores)))
		return rc;
	rc = pdb_int(a->db, &exists, "SELECT id FROM enforcements WHERE policy = ?1 AND group_id = ?2",
		     "ii", pid, gid);
	if (rc < 0)
		return adm_db(a, rc, "enforcement add");
	if (rc == 1)
		return adm_fail(a, "policy '%s' is already enforced on group '%s'", pos[0], pos[1]);
	/* no override is stored as NULL, as the seed data does */
	rc = pdb_insert(a->db, &id,
			"INSERT INTO enforcements (policy, group_id, max_age, rec_fail, rec_noresult) "
			"VALUES (?1, ?2, ?3, nullif(?4, 0), nullif(?5, 0))",
			"iiiII", pid, gid, max_age, rec_fail, rec_nores);
	if (rc == NEA_EEXIST)
		return adm_fail(a, "policy '%s' is already enforced on group '%s'", pos[0], pos[1]);
	if (rc < 0)
		return adm_db(a, rc, "enforcement add");
	pdb_sb_printf(&a->out, "enforcement %lld: '%s' on '%s' added (max_age %llds)\n", (long long)id,
		      pos[0], pos[1], (long long)max_age);
	return PDB_ADMIN_OK;
}

int adm_enforcement_delete(adm_t *a, int argc, char **argv)
{
	static const char *const del[] = {
		"DELETE FROM workitems WHERE enforcement = ?1",
		"DELETE FROM enforcements WHERE id = ?1",
	};
	const char *pos[2];
	int64_t pid, gid, id;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, pos, 2, 2);
	if (rc || (rc = adm_policy(a, pos[0], &pid)) || (rc = adm_group(a, pos[1], &gid)))
		return rc;
	rc = pdb_int(a->db, &id, "SELECT id FROM enforcements WHERE policy = ?1 AND group_id = ?2", "ii",
		     pid, gid);
	if (rc < 0)
		return adm_db(a, rc, "enforcement delete");
	if (rc == 0)
		return adm_fail(a, "policy '%s' is not enforced on group '%s'", pos[0], pos[1]);
	rc = pdb_exec_id_txn(a->db, id, del, NULL, sizeof(del) / sizeof(del[0]));
	if (rc < 0)
		return adm_db(a, rc, "enforcement delete");
	pdb_sb_printf(&a->out, "enforcement %lld: '%s' on '%s' deleted\n", (long long)id, pos[0], pos[1]);
	return PDB_ADMIN_OK;
}

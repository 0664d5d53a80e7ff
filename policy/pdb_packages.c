/*
 * Installed-packages check for the OS IMV (strongSwan imv_os_database
 * semantics, see pdb.h). One prepared statement is rebound per package and
 * everything runs in one read transaction, so ~1000 packages cost ~1000
 * index lookups and no re-parsing.
 */
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pdb_int.h"

/*
 * Rows for one package name: the package's own blacklist flag and each
 * version row of the product (NULL columns when there is none). Exact
 * release matches sort before the '*' wildcard.
 */
static const char pkg_sql[] =
	"SELECT p.blacklist, v.id, v.release, v.blacklist "
	"FROM packages AS p LEFT JOIN versions AS v ON v.package = p.id AND v.product = ?1 "
	"WHERE p.name = ?2 "
	"ORDER BY (v.release = ?3) DESC, v.id";

static int classify(pdb_t *db, sqlite3_stmt *st, int64_t product, const pdb_pkg_t *pkg,
		    uint8_t *status)
{
	bool pkg_black = false, found = false, match = false, ver_black = false;
	int rc;

	rc = pdb_rebind(db, st, "itt", product, pkg->name, pkg->version);
	if (rc < 0)
		return rc;
	while ((rc = pdb_row(db, st)) == 1) {
		const char *release;

		if (sqlite3_column_int(st, 0))
			pkg_black = true;
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			continue;
		found = true;
		if (match)
			continue;
		release = pdb_col_text(st, 2);
		if (strcmp(release, pkg->version) == 0 || strcmp(release, "*") == 0) {
			match = true;
			ver_black = sqlite3_column_int(st, 3) != 0;
		}
	}
	if (rc < 0)
		return rc;
	if (pkg_black)
		*status = PDB_PKG_BLACKLIST;
	else if (!found)
		*status = PDB_PKG_UNKNOWN;
	else if (!match)
		*status = PDB_PKG_UPDATE;
	else
		*status = ver_black ? PDB_PKG_BLACKLIST : PDB_PKG_OK;
	return 0;
}

int pdb_packages_check(pdb_t *db, const char *product, const pdb_pkg_t *pkgs, size_t n,
		       uint8_t *status, pdb_pkg_counts_t *counts)
{
	pdb_pkg_counts_t cnt = { .count = n };
	sqlite3_stmt *st = NULL;
	int64_t pid = 0;
	int rc;

	if (!product || (n && (!pkgs || !status)))
		return NEA_EINVAL;
	for (size_t i = 0; i < n; i++)
		if (!pkgs[i].name || !pkgs[i].version)
			return NEA_EINVAL;
	if (n)
		memset(status, PDB_PKG_UNKNOWN, n);
	/* a read transaction gives one consistent snapshot for the whole list */
	rc = pdb_exec(db, "BEGIN", NULL);
	if (rc < 0)
		return rc;
	rc = pdb_product_find(db, product, &pid);
	if (rc < 0)
		goto out;
	if (!pid) {
		NLOG(DB, 1, "package check: product '%s' unknown, %zu packages unknown", product, n);
	} else {
		rc = pdb_query(db, &st, pkg_sql, NULL);
		for (size_t i = 0; rc >= 0 && i < n; i++)
			rc = classify(db, st, pid, &pkgs[i], &status[i]);
		pdb_done(st);
		if (rc < 0)
			goto out;
	}
	for (size_t i = 0; i < n; i++) {
		switch (status[i]) {
		case PDB_PKG_OK: cnt.ok++; break;
		case PDB_PKG_UPDATE: cnt.update++; break;
		case PDB_PKG_BLACKLIST: cnt.blacklist++; break;
		default: cnt.unknown++; break;
		}
	}
	if (counts)
		*counts = cnt;
	rc = 0;
out:
	if (rc < 0) {
		pdb_rollback(db);
		return rc;
	}
	return pdb_commit(db);
}

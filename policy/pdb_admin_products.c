/*
 * Operator commands about software: products, packages and the known
 * releases (versions) the OS IMV's package check compares against.
 * "package X release Y is vulnerable" is: version add X Y --product P
 * --blacklist. A release list for a product also makes every unlisted
 * installed release "not updated" (strongSwan semantics).
 */
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "pdb_admin_int.h"

/* attest's package states: update, security update, blacklisted */
static const char *version_flag(bool security, bool blacklist)
{
	return blacklist ? " [b]" : security ? " [s]" : "";
}

int adm_products(adm_t *a, int argc, char **argv)
{
	sqlite3_stmt *st;
	int64_t count = 0;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, NULL, 0, 0);
	if (rc)
		return rc;
	rc = pdb_query(a->db, &st, "SELECT id, name FROM products ORDER BY name, id", NULL);
	if (rc < 0)
		return adm_db(a, rc, "products");
	while ((rc = pdb_row(a->db, st)) == 1) {
		pdb_sb_printf(&a->out, "%4lld: ", (long long)sqlite3_column_int64(st, 0));
		adm_put_safe(&a->out, pdb_col_text(st, 1), strlen(pdb_col_text(st, 1)));
		pdb_sb_puts(&a->out, "\n");
		count++;
	}
	pdb_done(st);
	if (rc < 0)
		return adm_db(a, rc, "products");
	pdb_sb_printf(&a->out, "%lld product%s found\n", (long long)count, adm_plural(count, "", "s"));
	return PDB_ADMIN_OK;
}

int adm_product_add(adm_t *a, int argc, char **argv)
{
	const char *pos[1];
	int64_t id;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, pos, 1, 1);
	if (rc)
		return rc;
	if (!*pos[0])
		return adm_fail(a, "a product needs a name");
	rc = pdb_product_find(a->db, pos[0], &id);
	if (rc < 0)
		return adm_db(a, rc, "product add");
	if (id)
		return adm_fail(a, "product '%s' already exists", pos[0]);
	rc = pdb_insert(a->db, &id, "INSERT INTO products (name) VALUES (?1)", "t", pos[0]);
	if (rc < 0)
		return adm_db(a, rc, "product add");
	pdb_sb_printf(&a->out, "product '%s' added (id %lld)\n", pos[0], (long long)id);
	return PDB_ADMIN_OK;
}

/* SWID tags hang off versions; deleting those versions would orphan them. */
static int swid_tags_using(adm_t *a, const char *where_versions, int64_t id, int64_t *n)
{
	bool present;
	int rc;

	*n = 0;
	if ((rc = adm_has_table(a, "swid_tags", &present)) || !present)
		return rc;
	rc = pdb_int(a->db, n, where_versions, "i", id);
	return rc < 0 ? adm_db(a, rc, "SWID tag lookup") : 0;
}

/*
 * The tail product delete and package delete share: refuse while SWID tags
 * hang off the versions, then run del[] (del[1] deletes the versions) in one
 * transaction and report how many versions went. kind is "product" or
 * "package"; it names the thing in every message, what names the command
 * for adm_db.
 */
static int delete_with_versions(adm_t *a, const char *kind, const char *what, const char *name,
				int64_t id, const char *tags_sql, const char *const *del, size_t n)
{
	int changes[4];
	int64_t ntags;
	int rc, nver;

	if (n > sizeof(changes) / sizeof(changes[0]))
		return adm_db(a, NEA_EINVAL, what);
	rc = swid_tags_using(a, tags_sql, id, &ntags);
	if (rc)
		return rc;
	if (ntags)
		return adm_fail(a, "%s '%s' has %lld SWID tag%s", kind, name, (long long)ntags,
				adm_plural(ntags, "", "s"));
	rc = pdb_exec_id_txn(a->db, id, del, changes, n);
	if (rc < 0)
		return adm_db(a, rc, what);
	nver = changes[1];
	pdb_sb_printf(&a->out, "%s '%s' deleted with %d version%s\n", kind, name, nver,
		      adm_plural(nver, "", "s"));
	return PDB_ADMIN_OK;
}

int adm_product_delete(adm_t *a, int argc, char **argv)
{
	static const char *const del[] = {
		"DELETE FROM file_hashes WHERE version IN (SELECT id FROM versions WHERE product = ?1)",
		"DELETE FROM versions WHERE product = ?1",
		"DELETE FROM groups_product_defaults WHERE product_id = ?1",
		"DELETE FROM products WHERE id = ?1",
	};
	const char *pos[1];
	int64_t id, ndev, nsess;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, pos, 1, 1);
	if (rc || (rc = adm_product(a, pos[0], &id)))
		return rc;
	rc = pdb_int(a->db, &ndev, "SELECT count(*) FROM devices WHERE product = ?1", "i", id);
	if (rc >= 0)
		rc = pdb_int(a->db, &nsess, "SELECT count(*) FROM sessions WHERE product = ?1", "i", id);
	if (rc < 0)
		return adm_db(a, rc, "product delete");
	if (ndev || nsess)
		return adm_fail(a, "product '%s' is used by %lld device%s and %lld session%s", pos[0],
				(long long)ndev, adm_plural(ndev, "", "s"), (long long)nsess,
				adm_plural(nsess, "", "s"));
	return delete_with_versions(a, "product", "product delete", pos[0], id,
				    "SELECT count(*) FROM swid_tags WHERE version_id IN "
				    "(SELECT id FROM versions WHERE product = ?1)",
				    del, sizeof(del) / sizeof(del[0]));
}

/* ------------------------------------------------------------ packages */

static int list_product_packages(adm_t *a, const char *product, int64_t pid)
{
	int64_t last = 0, count = 0;
	sqlite3_stmt *st;
	int rc;

	rc = pdb_query(a->db, &st,
		       "SELECT p.id, p.name, v.release, v.security, v.blacklist, v.time "
		       "FROM packages AS p JOIN versions AS v ON v.package = p.id "
		       "WHERE v.product = ?1 ORDER BY p.name, v.release",
		       "i", pid);
	if (rc < 0)
		return adm_db(a, rc, "packages");
	while ((rc = pdb_row(a->db, st)) == 1) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *name = pdb_col_text(st, 1), *rel = pdb_col_text(st, 2);

		if (id != last) {
			pdb_sb_printf(&a->out, "%5lld: ", (long long)id);
			adm_put_safe(&a->out, name, strlen(name));
			pdb_sb_puts(&a->out, ",");
			last = id;
		} else {
			/* continuation lines line up under the first release */
			pdb_sb_printf(&a->out, "%*s", (int)(8 + strlen(name)), "");
		}
		pdb_sb_puts(&a->out, " ");
		adm_time(a, &a->out, sqlite3_column_int64(st, 5));
		pdb_sb_puts(&a->out, " (");
		adm_put_safe(&a->out, rel, strlen(rel));
		pdb_sb_printf(&a->out, ")%s\n",
			      version_flag(sqlite3_column_int(st, 3), sqlite3_column_int(st, 4)));
		count++;
	}
	pdb_done(st);
	if (rc < 0)
		return adm_db(a, rc, "packages");
	pdb_sb_printf(&a->out, "%lld package%s found for product '", (long long)count,
		      adm_plural(count, "", "s"));
	adm_put_safe(&a->out, product, strlen(product));
	pdb_sb_puts(&a->out, "'\n");
	return PDB_ADMIN_OK;
}

int adm_packages(adm_t *a, int argc, char **argv)
{
	const char *product = NULL;
	const adm_opt_t opts[] = { { "product", true, &product, NULL } };
	sqlite3_stmt *st;
	int64_t pid, count = 0;
	int rc;

	rc = adm_args(a, argc, argv, opts, 1, NULL, 0, 0);
	if (rc)
		return rc;
	if (product) {
		if ((rc = adm_product(a, product, &pid)))
			return rc;
		return list_product_packages(a, product, pid);
	}
	rc = pdb_query(a->db, &st, "SELECT id, name, blacklist FROM packages ORDER BY name, id", NULL);
	if (rc < 0)
		return adm_db(a, rc, "packages");
	while ((rc = pdb_row(a->db, st)) == 1) {
		pdb_sb_printf(&a->out, "%4lld: ", (long long)sqlite3_column_int64(st, 0));
		adm_put_safe(&a->out, pdb_col_text(st, 1), strlen(pdb_col_text(st, 1)));
		pdb_sb_puts(&a->out, sqlite3_column_int(st, 2) ? " [b]\n" : "\n");
		count++;
	}
	pdb_done(st);
	if (rc < 0)
		return adm_db(a, rc, "packages");
	pdb_sb_printf(&a->out, "%lld package%s found\n", (long long)count, adm_plural(count, "", "s"));
	return PDB_ADMIN_OK;
}

int adm_package_add(adm_t *a, int argc, char **argv)
{
	const char *pos[1];
	bool black = false;
	const adm_opt_t opts[] = { { "blacklist", false, NULL, &black } };
	int64_t id;
	int rc;

	rc = adm_args(a, argc, argv, opts, 1, pos, 1, 1);
	if (rc)
		return rc;
	if (!*pos[0])
		return adm_fail(a, "a package needs a name");
	rc = pdb_int(a->db, &id, "SELECT id FROM packages WHERE name = ?1", "t", pos[0]);
	if (rc < 0)
		return adm_db(a, rc, "package add");
	if (rc == 1)
		return adm_fail(a, "package '%s' already exists", pos[0]);
	rc = pdb_insert(a->db, &id, "INSERT INTO packages (name, blacklist) VALUES (?1, ?2)", "tI",
			pos[0], black ? 1 : 0);
	if (rc < 0)
		return adm_db(a, rc, "package add");
	pdb_sb_printf(&a->out, "package '%s' added (id %lld%s)\n", pos[0], (long long)id,
		      black ? ", blacklisted" : "");
	return PDB_ADMIN_OK;
}

int adm_package_delete(adm_t *a, int argc, char **argv)
{
	static const char *const del[] = {
		"DELETE FROM file_hashes WHERE version IN (SELECT id FROM versions WHERE package = ?1)",
		"DELETE FROM versions WHERE package = ?1",
		"DELETE FROM packages WHERE id = ?1",
	};
	const char *pos[1];
	int64_t id;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, pos, 1, 1);
	if (rc || (rc = adm_package(a, pos[0], &id)))
		return rc;
	return delete_with_versions(a, "package", "package delete", pos[0], id,
				    "SELECT count(*) FROM swid_tags WHERE version_id IN "
				    "(SELECT id FROM versions WHERE package = ?1)",
				    del, sizeof(del) / sizeof(del[0]));
}

/* ------------------------------------------------------------ versions */

int adm_versions(adm_t *a, int argc, char **argv)
{
	const char *product = NULL, *pos[1];
	const adm_opt_t opts[] = { { "product", true, &product, NULL } };
	int64_t gid, pid = 0, count = 0;
	sqlite3_stmt *st;
	int rc;

	rc = adm_args(a, argc, argv, opts, 1, pos, 1, 1);
	if (rc || (rc = adm_package(a, pos[0], &gid)) ||
	    (product && (rc = adm_product(a, product, &pid))))
		return rc;
	rc = pdb_query(a->db, &st,
		       "SELECT v.id, p.name, v.release, v.security, v.blacklist, v.time "
		       "FROM versions AS v JOIN products AS p ON p.id = v.product "
		       "WHERE v.package = ?1 AND (?2 = 0 OR v.product = ?2) "
		       "ORDER BY p.name, v.release, v.id",
		       "ii", gid, pid);
	if (rc < 0)
		return adm_db(a, rc, "versions");
	while ((rc = pdb_row(a->db, st)) == 1) {
		const char *pname = pdb_col_text(st, 1), *rel = pdb_col_text(st, 2);

		pdb_sb_printf(&a->out, "%4lld: ", (long long)sqlite3_column_int64(st, 0));
		adm_put_safe(&a->out, pname, strlen(pname));
		pdb_sb_puts(&a->out, " ");
		adm_time(a, &a->out, sqlite3_column_int64(st, 5));
		pdb_sb_puts(&a->out, " (");
		adm_put_safe(&a->out, rel, strlen(rel));
		pdb_sb_printf(&a->out, ")%s\n",
			      version_flag(sqlite3_column_int(st, 3), sqlite3_column_int(st, 4)));
		count++;
	}
	pdb_done(st);
	if (rc < 0)
		return adm_db(a, rc, "versions");
	pdb_sb_printf(&a->out, "%lld version%s found for package '%s'\n", (long long)count,
		      adm_plural(count, "", "s"), pos[0]);
	return PDB_ADMIN_OK;
}

int adm_version_add(adm_t *a, int argc, char **argv)
{
	const char *product = NULL, *pos[2];
	bool security = false, black = false;
	const adm_opt_t opts[] = {
		{ "product", true, &product, NULL },
		{ "security", false, NULL, &security },
		{ "blacklist", false, NULL, &black },
	};
	int64_t gid, pid, id;
	int rc;

	rc = adm_args(a, argc, argv, opts, 3, pos, 2, 2);
	if (rc)
		return rc;
	if (!product)
		return adm_usage(a, "version add needs --product");
	if (!*pos[1])
		return adm_fail(a, "a version needs a release string");
	if ((rc = adm_package(a, pos[0], &gid)) || (rc = adm_product(a, product, &pid)))
		return rc;
	rc = pdb_int(a->db, &id,
		     "SELECT id FROM versions WHERE package = ?1 AND product = ?2 AND release = ?3",
		     "iit", gid, pid, pos[1]);
	if (rc < 0)
		return adm_db(a, rc, "version add");
	if (rc == 1)
		return adm_fail(a, "version '%s' of package '%s' for '%s' already exists", pos[1],
				pos[0], product);
	rc = pdb_insert(a->db, &id,
			"INSERT INTO versions (package, product, release, security, blacklist, time) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			"iitIIi", gid, pid, pos[1], security ? 1 : 0, black ? 1 : 0, pdb_now(a->db));
	if (rc < 0)
		return adm_db(a, rc, "version add");
	pdb_sb_printf(&a->out, "version '%s' of package '%s' for '%s' added%s\n", pos[1], pos[0],
		      product, black ? " (blacklisted)" : security ? " (security update)" : "");
	return PDB_ADMIN_OK;
}

int adm_version_delete(adm_t *a, int argc, char **argv)
{
	static const char *const del[] = {
		"DELETE FROM file_hashes WHERE version = ?1",
		"DELETE FROM versions WHERE id = ?1",
	};
	const char *product = NULL, *pos[2];
	const adm_opt_t opts[] = { { "product", true, &product, NULL } };
	int64_t gid, pid, id, ntags;
	int rc;

	rc = adm_args(a, argc, argv, opts, 1, pos, 2, 2);
	if (rc)
		return rc;
	if (!product)
		return adm_usage(a, "version delete needs --product");
	if ((rc = adm_package(a, pos[0], &gid)) || (rc = adm_product(a, product, &pid)))
		return rc;
	rc = pdb_int(a->db, &id,
		     "SELECT id FROM versions WHERE package = ?1 AND product = ?2 AND release = ?3",
		     "iit", gid, pid, pos[1]);
	if (rc < 0)
		return adm_db(a, rc, "version delete");
	if (rc == 0)
		return adm_fail(a, "unknown version '%s' of package '%s' for '%s'", pos[1], pos[0],
				product);
	rc = swid_tags_using(a, "SELECT count(*) FROM swid_tags WHERE version_id = ?1", id, &ntags);
	if (rc)
		return rc;
	if (ntags)
		return adm_fail(a, "version '%s' has %lld SWID tag%s", pos[1], (long long)ntags,
				adm_plural(ntags, "", "s"));
	rc = pdb_exec_id_txn(a->db, id, del, NULL, sizeof(del) / sizeof(del[0]));
	if (rc < 0)
		return adm_db(a, rc, "version delete");
	pdb_sb_printf(&a->out, "version '%s' of package '%s' for '%s' deleted\n", pos[1], pos[0],
		      product);
	return PDB_ADMIN_OK;
}

/*
 * Operator commands about groups: the tree, add, delete, membership and
 * the default group of a product.
 */
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "pdb_admin_int.h"

/* groups.name is declared VARCHAR(50); strongTNC holds it to that */
#define ADM_GROUP_NAME_MAX 50

typedef struct {
	int64_t id, parent, members, defaults;
	char *name;
	bool printed;
} adm_gnode_t;

static void free_nodes(adm_gnode_t *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(g[i].name);
	free(g);
}

static int load_groups(adm_t *a, adm_gnode_t **out, size_t *n)
{
	adm_gnode_t *g = NULL;
	size_t cap = 0, cnt = 0;
	sqlite3_stmt *st;
	int rc;

	rc = pdb_query(a->db, &st,
		       "SELECT g.id, g.parent, g.name, "
		       "(SELECT count(*) FROM groups_members WHERE group_id = g.id), "
		       "(SELECT count(*) FROM groups_product_defaults WHERE group_id = g.id) "
		       "FROM groups AS g ORDER BY g.id",
		       NULL);
	if (rc < 0)
		return rc;
	while ((rc = pdb_row(a->db, st)) == 1) {
		if (cnt == cap) {
			adm_gnode_t *p = reallocarray(g, cap ? cap * 2 : 32, sizeof(*p));

			if (!p) {
				rc = NEA_ENOMEM;
				break;
			}
			g = p;
			cap = cap ? cap * 2 : 32;
		}
		g[cnt] = (adm_gnode_t){
			.id = sqlite3_column_int64(st, 0),
			.parent = sqlite3_column_int64(st, 1),
			.name = pdb_strdup(pdb_col_text(st, 2)),
			.members = sqlite3_column_int64(st, 3),
			.defaults = sqlite3_column_int64(st, 4),
		};
		if (!g[cnt].name) {
			rc = NEA_ENOMEM;
			break;
		}
		cnt++;
	}
	pdb_done(st);
	if (rc < 0) {
		free_nodes(g, cnt);
		return rc;
	}
	*out = g;
	*n = cnt;
	return 0;
}

static void print_node(adm_t *a, adm_gnode_t *g, size_t n, size_t i, int depth)
{
	g[i].printed = true;
	pdb_sb_printf(&a->out, "%4lld: %*s", (long long)g[i].id, depth * 2, "");
	adm_put_safe(&a->out, g[i].name, strlen(g[i].name));
	pdb_sb_printf(&a->out, " (%lld member%s", (long long)g[i].members,
		      adm_plural(g[i].members, "", "s"));
	if (g[i].defaults)
		pdb_sb_printf(&a->out, ", default for %lld product%s", (long long)g[i].defaults,
			      adm_plural(g[i].defaults, "", "s"));
	pdb_sb_puts(&a->out, ")\n");
	for (size_t j = 0; j < n; j++)
		if (!g[j].printed && g[j].parent == g[i].id)
			print_node(a, g, n, j, depth + 1);
}

static bool has_group(const adm_gnode_t *g, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (g[i].id == id)
			return true;
	return false;
}

int adm_groups(adm_t *a, int argc, char **argv)
{
	adm_gnode_t *g;
	size_t n;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, NULL, 0, 0);
	if (rc)
		return rc;
	rc = load_groups(a, &g, &n);
	if (rc < 0)
		return adm_db(a, rc, "groups");
	/* roots first; a parent that no longer exists makes its child a root */
	for (size_t i = 0; i < n; i++)
		if (!g[i].printed && (g[i].parent <= 0 || !has_group(g, n, g[i].parent)))
			print_node(a, g, n, i, 0);
	/* whatever is left sits in a parent loop an operator made by hand */
	for (size_t i = 0; i < n; i++)
		if (!g[i].printed)
			print_node(a, g, n, i, 0);
	pdb_sb_printf(&a->out, "%zu group%s found\n", n, adm_plural((int64_t)n, "", "s"));
	free_nodes(g, n);
	return PDB_ADMIN_OK;
}

int adm_group_add(adm_t *a, int argc, char **argv)
{
	const char *parent_name = NULL, *pos[1];
	const adm_opt_t opts[] = { { "parent", true, &parent_name, NULL } };
	int64_t parent = 0, id, dummy;
	int rc;

	rc = adm_args(a, argc, argv, opts, 1, pos, 1, 1);
	if (rc)
		return rc;
	if (!*pos[0])
		return adm_fail(a, "a group needs a name");
	if (strlen(pos[0]) > ADM_GROUP_NAME_MAX)
		return adm_fail(a, "group name '%s' is longer than %d characters", pos[0],
				ADM_GROUP_NAME_MAX);
	rc = pdb_int(a->db, &dummy, "SELECT id FROM groups WHERE name = ?1", "t", pos[0]);
	if (rc < 0)
		return adm_db(a, rc, "group add");
	if (rc == 1)
		return adm_fail(a, "group '%s' already exists", pos[0]);
	if (parent_name && (rc = adm_group(a, parent_name, &parent)))
		return rc;
	/* a root group stores NULL, as the seed data does: 0 is no group */
	if (parent)
		rc = pdb_insert(a->db, &id, "INSERT INTO groups (name, parent) VALUES (?1, ?2)", "ti",
				pos[0], parent);
	else
		rc = pdb_insert(a->db, &id, "INSERT INTO groups (name) VALUES (?1)", "t", pos[0]);
	if (rc == NEA_EEXIST)
		return adm_fail(a, "group '%s' already exists", pos[0]);
	if (rc < 0)
		return adm_db(a, rc, "group add");
	pdb_sb_printf(&a->out, "group '%s' added (id %lld", pos[0], (long long)id);
	if (parent_name)
		pdb_sb_printf(&a->out, ", parent '%s'", parent_name);
	pdb_sb_puts(&a->out, ")\n");
	return PDB_ADMIN_OK;
}

static int child_names(adm_t *a, int64_t group, pdb_sb_t *names, int64_t *count)
{
	sqlite3_stmt *st;
	int rc;

	*count = 0;
	rc = pdb_query(a->db, &st, "SELECT name FROM groups WHERE parent = ?1 AND id <> ?1 ORDER BY id",
		       "i", group);
	if (rc < 0)
		return rc;
	while ((rc = pdb_row(a->db, st)) == 1) {
		pdb_sb_puts(names, *count ? ", " : "");
		adm_put_safe(names, pdb_col_text(st, 0), strlen(pdb_col_text(st, 0)));
		(*count)++;
	}
	pdb_done(st);
	return rc < 0 ? rc : 0;
}

int adm_group_delete(adm_t *a, int argc, char **argv)
{
	static const char *const del[] = {
		"DELETE FROM workitems WHERE enforcement IN (SELECT id FROM enforcements WHERE group_id = ?1)",
		"DELETE FROM enforcements WHERE group_id = ?1",
		"DELETE FROM groups_members WHERE group_id = ?1",
		"DELETE FROM groups_product_defaults WHERE group_id = ?1",
		"DELETE FROM groups WHERE id = ?1",
	};
	int changes[sizeof(del) / sizeof(del[0])];
	const char *pos[1];
	int64_t id, nchild, members = 0, enf = 0;
	pdb_sb_t names = { 0 };
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, pos, 1, 1);
	if (rc || (rc = adm_group(a, pos[0], &id)))
		return rc;
	if (id == 1)
		return adm_fail(a, "group '%s' is the fallback group of new devices and stays", pos[0]);
	rc = child_names(a, id, &names, &nchild);
	if (rc < 0) {
		pdb_sb_free(&names);
		return adm_db(a, rc, "group delete");
	}
	if (nchild) {
		char *list = pdb_sb_take(&names);

		rc = adm_fail(a, "group '%s' has child group%s %s; delete or move them first", pos[0],
			      adm_plural(nchild, "", "s"), list ? list : "");
		free(list);
		return rc;
	}
	pdb_sb_free(&names);
	rc = pdb_exec_id_txn(a->db, id, del, changes, sizeof(del) / sizeof(del[0]));
	if (rc < 0)
		return adm_db(a, rc, "group delete");
	enf = changes[1];
	members = changes[2];
	pdb_sb_printf(&a->out, "group '%s' deleted with %lld membership%s and %lld enforcement%s\n",
		      pos[0], (long long)members, adm_plural(members, "", "s"), (long long)enf,
		      adm_plural(enf, "", "s"));
	return PDB_ADMIN_OK;
}

int adm_group_member(adm_t *a, int argc, char **argv)
{
	const char *pos[3];
	int64_t gid, did;
	bool add;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, pos, 3, 3);
	if (rc)
		return rc;
	if (strcmp(pos[0], "add") == 0)
		add = true;
	else if (strcmp(pos[0], "delete") == 0)
		add = false;
	else
		return adm_usage(a, "unknown member action '%s' (add or delete)", pos[0]);
	if ((rc = adm_group(a, pos[1], &gid)) || (rc = adm_device(a, pos[2], &did)))
		return rc;
	if (!add) {
		rc = pdb_exec(a->db, "DELETE FROM groups_members WHERE group_id = ?1 AND device_id = ?2",
			      "ii", gid, did);
		if (rc < 0)
			return adm_db(a, rc, "group member delete");
		if (rc == 0)
			return adm_fail(a, "device '%s' is not a member of group '%s'", pos[2], pos[1]);
		pdb_sb_printf(&a->out, "device %lld removed from group '%s'\n", (long long)did, pos[1]);
		return PDB_ADMIN_OK;
	}
	rc = pdb_begin(a->db);
	if (rc < 0)
		return adm_db(a, rc, "group member add");
	rc = pdb_exec(a->db, "INSERT OR IGNORE INTO groups_members (group_id, device_id) VALUES (?1, ?2)",
		      "ii", gid, did);
	if (rc == 0) {
		pdb_rollback(a->db);
		return adm_fail(a, "device '%s' is already a member of group '%s'", pos[2], pos[1]);
	}
	/* A device the operator placed must not be treated as new at its next
	 * start, or it would be put into the default group as well. */
	if (rc > 0)
		rc = pdb_exec(a->db,
			      "UPDATE devices SET created = ?1 WHERE id = ?2 AND "
			      "(created IS NULL OR created = 0)",
			      "ii", pdb_now(a->db), did);
	if (rc < 0) {
		pdb_rollback(a->db);
		return adm_db(a, rc, "group member add");
	}
	rc = pdb_commit(a->db);
	if (rc < 0)
		return adm_db(a, rc, "group member add");
	pdb_sb_printf(&a->out, "device %lld added to group '%s'\n", (long long)did, pos[1]);
	return PDB_ADMIN_OK;
}

int adm_group_default(adm_t *a, int argc, char **argv)
{
	const char *pos[2];
	bool clear = false;
	const adm_opt_t opts[] = { { "clear", false, NULL, &clear } };
	int64_t pid, gid = 0;
	int rc;

	rc = adm_args(a, argc, argv, opts, 1, pos, 1, 2);
	if (rc)
		return rc;
	if (clear == (pos[1] != NULL))
		return adm_usage(a, clear ? "--clear takes no group" : "missing group");
	if ((rc = adm_product(a, pos[0], &pid)) || (pos[1] && (rc = adm_group(a, pos[1], &gid))))
		return rc;
	rc = pdb_begin(a->db);
	if (rc < 0)
		return adm_db(a, rc, "group default");
	/* one default per product: the policy manager would take the first */
	rc = pdb_exec(a->db, "DELETE FROM groups_product_defaults WHERE product_id = ?1", "i", pid);
	if (rc >= 0 && gid)
		rc = pdb_exec(a->db,
			      "INSERT INTO groups_product_defaults (group_id, product_id) VALUES (?1, ?2)",
			      "ii", gid, pid);
	if (rc < 0) {
		pdb_rollback(a->db);
		return adm_db(a, rc, "group default");
	}
	rc = pdb_commit(a->db);
	if (rc < 0)
		return adm_db(a, rc, "group default");
	if (gid)
		pdb_sb_printf(&a->out, "new devices of '%s' join group '%s'\n", pos[0], pos[1]);
	else
		pdb_sb_printf(&a->out, "new devices of '%s' join group 'Default'\n", pos[0]);
	return PDB_ADMIN_OK;
}

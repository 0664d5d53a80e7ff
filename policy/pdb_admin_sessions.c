/*
 * Operator commands about endpoints: sessions, devices, device show/trust/
 * describe/delete, results. sessions and devices print exactly what
 * strongSwan's attest --sessions / --devices print.
 */
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "pdb_admin_int.h"

/* attest shows at most this many characters of a Device ID in --sessions */
#define ADM_DEVICE_COL 20

static void put_blob_or_dash(pdb_sb_t *sb, sqlite3_stmt *st, int col)
{
	const void *p = sqlite3_column_blob(st, col);
	int n = sqlite3_column_bytes(st, col);

	if (p && n > 0)
		adm_put_safe(sb, p, (size_t)n);
	else
		pdb_sb_puts(sb, "-");
}

int adm_sessions(adm_t *a, int argc, char **argv)
{
	sqlite3_stmt *st;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, NULL, 0, 0);
	if (rc)
		return rc;
	rc = pdb_query(a->db, &st,
		       "SELECT s.id, s.time, s.connection, s.rec, p.name, d.value, i.value "
		       "FROM sessions AS s "
		       "LEFT JOIN products AS p ON s.product = p.id "
		       "LEFT JOIN devices AS d ON s.device = d.id "
		       "LEFT JOIN identities AS i ON s.identity = i.id "
		       "ORDER BY s.time DESC, s.id DESC",
		       NULL);
	if (rc < 0)
		return adm_db(a, rc, "sessions");
	while ((rc = pdb_row(a->db, st)) == 1) {
		const char *product = sqlite3_column_type(st, 4) == SQLITE_NULL
					      ? "-" : pdb_col_text(st, 4);
		const char *device = pdb_col_text(st, 5);
		size_t dlen;

		if (!*device)
			device = "-";
		dlen = strlen(device);
		if (dlen > ADM_DEVICE_COL)
			dlen = ADM_DEVICE_COL;
		pdb_sb_printf(&a->out, "%4lld: ", (long long)sqlite3_column_int64(st, 0));
		adm_time(a, &a->out, sqlite3_column_int64(st, 1));
		pdb_sb_printf(&a->out, " %2lld ", (long long)sqlite3_column_int64(st, 2));
		/* the product pads to 20 columns, the device to 21 */
		adm_put_safe(&a->out, product, strlen(product));
		pdb_sb_printf(&a->out, "%*s", strlen(product) < 20 ? (int)(20 - strlen(product)) : 0, "");
		pdb_sb_puts(&a->out, " ");
		adm_put_safe(&a->out, device, dlen);
		pdb_sb_printf(&a->out, "%*s", (int)(ADM_DEVICE_COL - dlen + 1), " ");
		put_blob_or_dash(&a->out, st, 6);
		pdb_sb_printf(&a->out, " - %s\n", pdb_rec_name(sqlite3_column_int(st, 3)));
	}
	pdb_done(st);
	return rc < 0 ? adm_db(a, rc, "sessions") : PDB_ADMIN_OK;
}

int adm_devices(adm_t *a, int argc, char **argv)
{
	int64_t last = 0, count = 0;
	sqlite3_stmt *st;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, NULL, 0, 0);
	if (rc)
		return rc;
	/* attest lists only devices with sessions that name a product */
	rc = pdb_query(a->db, &st,
		       "SELECT d.id, d.value, d.trusted, d.description, s.id, s.time, s.rec, p.name, "
		       "i.value FROM devices AS d "
		       "JOIN sessions AS s ON d.id = s.device "
		       "JOIN products AS p ON p.id = s.product "
		       "LEFT JOIN identities AS i ON i.id = s.identity "
		       "ORDER BY d.value, s.time DESC, s.id DESC",
		       NULL);
	if (rc < 0)
		return adm_db(a, rc, "devices");
	while ((rc = pdb_row(a->db, st)) == 1) {
		int64_t id = sqlite3_column_int64(st, 0);
		const void *ident = sqlite3_column_blob(st, 8);
		int ilen = sqlite3_column_bytes(st, 8);

		if (id != last) {
			const char *v = pdb_col_text(st, 1), *p = pdb_col_text(st, 7),
				   *desc = pdb_col_text(st, 3);

			pdb_sb_printf(&a->out, "%4lld: %s ", (long long)id,
				      sqlite3_column_int(st, 2) ? "+" : "-");
			adm_put_safe(&a->out, v, strlen(v));
			pdb_sb_puts(&a->out, " - ");
			adm_put_safe(&a->out, p, strlen(p));
			pdb_sb_puts(&a->out, " - ");
			adm_put_safe(&a->out, desc, strlen(desc));
			pdb_sb_puts(&a->out, "\n");
			last = id;
			count++;
		}
		pdb_sb_printf(&a->out, "%4lld:   ", (long long)sqlite3_column_int64(st, 4));
		adm_time(a, &a->out, sqlite3_column_int64(st, 5));
		if (ident && ilen > 0) {
			pdb_sb_puts(&a->out, " ");
			adm_put_safe(&a->out, ident, (size_t)ilen);
		}
		pdb_sb_printf(&a->out, " - %s\n", pdb_rec_name(sqlite3_column_int(st, 6)));
	}
	pdb_done(st);
	if (rc < 0)
		return adm_db(a, rc, "devices");
	pdb_sb_printf(&a->out, "%lld device%s found\n", (long long)count, adm_plural(count, "", "s"));
	return PDB_ADMIN_OK;
}

/* ------------------------------------------------------------ device show */

typedef struct {
	int64_t id;
	int64_t group;
	int depth;       /* 0 = the device is a member, >0 = inherited */
} adm_grp_t;

/* The device's groups followed by their ancestors, each once. */
static int device_groups(adm_t *a, int64_t device, adm_grp_t **out, size_t *n)
{
	adm_grp_t *g = NULL;
	size_t cap = 0, cnt = 0;
	sqlite3_stmt *st;
	int rc;

	rc = pdb_query(a->db, &st,
		       "SELECT group_id FROM groups_members WHERE device_id = ?1 ORDER BY group_id", "i",
		       device);
	if (rc < 0)
		return rc;
	while ((rc = pdb_row(a->db, st)) == 1) {
		if (cnt == cap) {
			adm_grp_t *p = reallocarray(g, cap ? cap * 2 : 8, sizeof(*p));

			if (!p) {
				rc = NEA_ENOMEM;
				break;
			}
			g = p;
			cap = cap ? cap * 2 : 8;
		}
		g[cnt++] = (adm_grp_t){ .group = sqlite3_column_int64(st, 0), .depth = 0 };
	}
	pdb_done(st);
	for (size_t i = 0; rc >= 0 && i < cnt && cnt < 256; i++) {
		int64_t parent;
		bool dup = false;

		rc = pdb_int(a->db, &parent, "SELECT parent FROM groups WHERE id = ?1", "i", g[i].group);
		if (rc <= 0 || parent <= 0) {
			rc = rc < 0 ? rc : 0;
			continue;
		}
		for (size_t j = 0; j < cnt; j++)
			dup = dup || g[j].group == parent;
		if (dup)
			continue;
		if (cnt == cap) {
			adm_grp_t *p = reallocarray(g, cap ? cap * 2 : 8, sizeof(*p));

			if (!p) {
				rc = NEA_ENOMEM;
				break;
			}
			g = p;
			cap = cap ? cap * 2 : 8;
		}
		g[cnt++] = (adm_grp_t){ .group = parent, .depth = g[i].depth + 1 };
	}
	if (rc < 0) {
		free(g);
		return rc;
	}
	*out = g;
	*n = cnt;
	return 0;
}

static int show_groups(adm_t *a, const adm_grp_t *g, size_t n)
{
	for (int inherited = 0; inherited < 2; inherited++) {
		bool any = false;

		pdb_sb_puts(&a->out, inherited ? "  inherited:   " : "  groups:      ");
		for (size_t i = 0; i < n; i++) {
			char *name;
			int rc;

			if ((g[i].depth > 0) != (inherited == 1))
				continue;
			rc = pdb_text(a->db, &name, "SELECT name FROM groups WHERE id = ?1", "i", g[i].group);
			if (rc < 0)
				return rc;
			pdb_sb_printf(&a->out, "%s", any ? ", " : "");
			if (rc == 1)
				adm_put_safe(&a->out, name, strlen(name));
			else
				pdb_sb_printf(&a->out, "#%lld", (long long)g[i].group);
			free(name);
			any = true;
		}
		pdb_sb_puts(&a->out, any ? "\n" : "-\n");
	}
	return 0;
}

static int show_enforcements(adm_t *a, int64_t device, const adm_grp_t *g, size_t n)
{
	int64_t now = pdb_now(a->db);
	bool any = false;

	pdb_sb_puts(&a->out, "  enforcements:\n");
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st;
		int rc;

		/* the newest result of each policy and whether start would skip it */
		rc = pdb_query(a->db, &st,
			       "SELECT p.name, gr.name, e.max_age, "
			       "(SELECT r.rec FROM results AS r JOIN sessions AS s ON s.id = r.session "
			       " WHERE r.policy = p.id AND s.device = ?2 ORDER BY s.time DESC, r.id DESC "
			       " LIMIT 1), "
			       "(SELECT r.rec FROM results AS r JOIN sessions AS s ON s.id = r.session "
			       " WHERE r.policy = p.id AND s.device = ?2 AND s.time > ?3 - e.max_age "
			       " ORDER BY s.time DESC, r.id DESC LIMIT 1) "
			       "FROM enforcements AS e JOIN policies AS p ON p.id = e.policy "
			       "JOIN groups AS gr ON gr.id = e.group_id "
			       "WHERE e.group_id = ?1 ORDER BY e.id",
			       "iii", g[i].group, device, now);
		if (rc < 0)
			return rc;
		while ((rc = pdb_row(a->db, st)) == 1) {
			bool has_last = sqlite3_column_type(st, 3) != SQLITE_NULL;
			bool skip = sqlite3_column_type(st, 4) != SQLITE_NULL &&
				    sqlite3_column_int(st, 4) == PDB_REC_ALLOW;

			pdb_sb_puts(&a->out, "    ");
			adm_put_safe(&a->out, pdb_col_text(st, 0), strlen(pdb_col_text(st, 0)));
			pdb_sb_puts(&a->out, " on ");
			adm_put_safe(&a->out, pdb_col_text(st, 1), strlen(pdb_col_text(st, 1)));
			pdb_sb_printf(&a->out, ": last result %s, %s next time\n",
				      has_last ? pdb_rec_name(sqlite3_column_int(st, 3)) : "none",
				      skip ? "not tested" : "tested");
			any = true;
		}
		pdb_done(st);
		if (rc < 0)
			return rc;
	}
	if (!any)
		pdb_sb_puts(&a->out, "    -\n");
	return 0;
}

int adm_device_show(adm_t *a, int argc, char **argv)
{
	const char *pos[1];
	adm_grp_t *groups = NULL;
	size_t ngroups = 0;
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, pos, 1, 1);
	if (rc || (rc = adm_device(a, pos[0], &id)))
		return rc;
	rc = pdb_query(a->db, &st,
		       "SELECT d.value, d.description, p.name, d.trusted, d.created, "
		       "(SELECT count(*) FROM sessions WHERE device = d.id), "
		       "(SELECT time FROM sessions WHERE device = d.id ORDER BY time DESC, id DESC LIMIT 1), "
		       "(SELECT rec FROM sessions WHERE device = d.id ORDER BY time DESC, id DESC LIMIT 1), "
		       "(SELECT i.value FROM sessions AS s JOIN identities AS i ON i.id = s.identity "
		       " WHERE s.device = d.id ORDER BY s.time DESC, s.id DESC LIMIT 1) "
		       "FROM devices AS d LEFT JOIN products AS p ON p.id = d.product WHERE d.id = ?1",
		       "i", id);
	if (rc < 0)
		return adm_db(a, rc, "device show");
	rc = pdb_row(a->db, st);
	if (rc == 1) {
		const char *v = pdb_col_text(st, 0), *desc = pdb_col_text(st, 1),
			   *prod = pdb_col_text(st, 2);
		int64_t nsess = sqlite3_column_int64(st, 5);

		pdb_sb_printf(&a->out, "device %lld: ", (long long)id);
		adm_put_safe(&a->out, v, strlen(v));
		pdb_sb_puts(&a->out, "\n  description: ");
		adm_put_safe(&a->out, desc, strlen(desc));
		pdb_sb_puts(&a->out, "\n  product:     ");
		adm_put_safe(&a->out, *prod ? prod : "-", *prod ? strlen(prod) : 1);
		pdb_sb_printf(&a->out, "\n  trusted:     %s\n  created:     ",
			      sqlite3_column_int(st, 3) ? "yes" : "no");
		if (sqlite3_column_int64(st, 4) > 0)
			adm_time(a, &a->out, sqlite3_column_int64(st, 4));
		else
			pdb_sb_puts(&a->out, "- (not yet assigned to a group)");
		pdb_sb_printf(&a->out, "\n  sessions:    %lld", (long long)nsess);
		if (nsess > 0) {
			pdb_sb_puts(&a->out, ", last ");
			adm_time(a, &a->out, sqlite3_column_int64(st, 6));
			pdb_sb_printf(&a->out, ": %s", pdb_rec_name(sqlite3_column_int(st, 7)));
			if (sqlite3_column_bytes(st, 8) > 0) {
				pdb_sb_puts(&a->out, " for ");
				adm_put_safe(&a->out, sqlite3_column_blob(st, 8),
					     (size_t)sqlite3_column_bytes(st, 8));
			}
		}
		pdb_sb_puts(&a->out, "\n");
	}
	pdb_done(st);
	if (rc <= 0)
		return rc < 0 ? adm_db(a, rc, "device show") : adm_fail(a, "unknown device '%s'", pos[0]);
	rc = device_groups(a, id, &groups, &ngroups);
	if (rc == 0)
		rc = show_groups(a, groups, ngroups);
	if (rc == 0)
		rc = show_enforcements(a, id, groups, ngroups);
	free(groups);
	return rc < 0 ? adm_db(a, rc, "device show") : PDB_ADMIN_OK;
}

/* ------------------------------------------------------------ device changes */

int adm_device_trust(adm_t *a, int argc, char **argv)
{
	const char *pos[2];
	int64_t id;
	bool yes;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, pos, 2, 2);
	if (rc || (rc = adm_device(a, pos[0], &id)) || (rc = adm_bool(a, "trust value", pos[1], &yes)))
		return rc;
	rc = pdb_exec(a->db, "UPDATE devices SET trusted = ?1 WHERE id = ?2", "Ii", yes ? 1 : 0, id);
	if (rc < 0)
		return adm_db(a, rc, "device trust");
	pdb_sb_printf(&a->out, "device %lld is %strusted\n", (long long)id, yes ? "" : "not ");
	return PDB_ADMIN_OK;
}

int adm_device_describe(adm_t *a, int argc, char **argv)
{
	const char *pos[2];
	int64_t id;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, pos, 2, 2);
	if (rc || (rc = adm_device(a, pos[0], &id)))
		return rc;
	if (strlen(pos[1]) > 1000)
		return adm_fail(a, "description is longer than 1000 characters");
	rc = pdb_exec(a->db, "UPDATE devices SET description = ?1 WHERE id = ?2", "ti", pos[1], id);
	if (rc < 0)
		return adm_db(a, rc, "device describe");
	pdb_sb_printf(&a->out, "device %lld description set\n", (long long)id);
	return PDB_ADMIN_OK;
}

/*
 * Everything that hangs off a device, children before parents so the
 * foreign keys of a nea database hold at every step. Statements on
 * SWIMA tables run only when the table exists.
 */
static const struct {
	const char *table;  /* NULL: always present */
	const char *sql;
} device_cascade[] = {
	{ NULL, "DELETE FROM workitems WHERE session IN (SELECT id FROM sessions WHERE device = ?1)" },
	{ NULL, "DELETE FROM results WHERE session IN (SELECT id FROM sessions WHERE device = ?1)" },
	{ NULL, "DELETE FROM sessions_identities WHERE session_id IN "
		"(SELECT id FROM sessions WHERE device = ?1)" },
	{ "swid_tags_sessions", "DELETE FROM swid_tags_sessions WHERE session_id IN "
				"(SELECT id FROM sessions WHERE device = ?1)" },
	{ "swid_tagstats", "DELETE FROM swid_tagstats WHERE device_id = ?1 "
			   "OR first_seen_id IN (SELECT id FROM sessions WHERE device = ?1) "
			   "OR last_seen_id IN (SELECT id FROM sessions WHERE device = ?1)" },
	{ "swid_tags_events", "DELETE FROM swid_tags_events WHERE event_id IN "
			      "(SELECT id FROM swid_events WHERE device = ?1)" },
	{ "swid_events", "DELETE FROM swid_events WHERE device = ?1" },
	{ NULL, "DELETE FROM sessions WHERE device = ?1" },
	{ NULL, "DELETE FROM groups_members WHERE device_id = ?1" },
	{ "component_hashes", "DELETE FROM component_hashes WHERE key = ?1" },
	{ "file_hashes", "DELETE FROM file_hashes WHERE device = ?1" },
	{ NULL, "DELETE FROM devices WHERE id = ?1" },
};

int adm_device_delete(adm_t *a, int argc, char **argv)
{
	const char *pos[1];
	int64_t id, nsess = 0;
	char *value = NULL;
	int rc;

	rc = adm_args(a, argc, argv, NULL, 0, pos, 1, 1);
	if (rc || (rc = adm_device(a, pos[0], &id)))
		return rc;
	rc = pdb_begin(a->db);
	if (rc < 0)
		return adm_db(a, rc, "device delete");
	rc = pdb_text(a->db, &value, "SELECT value FROM devices WHERE id = ?1", "i", id);
	if (rc > 0)
		rc = pdb_int(a->db, &nsess, "SELECT count(*) FROM sessions WHERE device = ?1", "i", id);
	for (size_t i = 0; rc >= 0 && i < sizeof(device_cascade) / sizeof(device_cascade[0]); i++) {
		bool present = true;

		if (device_cascade[i].table) {
			int64_t n;

			rc = pdb_int(a->db, &n,
				     "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
				     "t", device_cascade[i].table);
			present = rc >= 0 && n > 0;
		}
		if (rc >= 0 && present)
			rc = pdb_exec(a->db, device_cascade[i].sql, "i", id);
	}
	if (rc < 0) {
		pdb_rollback(a->db);
		free(value);
		return adm_db(a, rc, "device delete");
	}
	rc = pdb_commit(a->db);
	if (rc < 0) {
		free(value);
		return adm_db(a, rc, "device delete");
	}
	pdb_sb_printf(&a->out, "device %lld '", (long long)id);
	adm_put_safe(&a->out, value ? value : "", value ? strlen(value) : 0);
	pdb_sb_printf(&a->out, "' deleted with %lld session%s\n", (long long)nsess,
		      adm_plural(nsess, "", "s"));
	free(value);
	return PDB_ADMIN_OK;
}

/* ------------------------------------------------------------ results */

int adm_results(adm_t *a, int argc, char **argv)
{
	const char *session_ref = NULL, *device_ref = NULL;
	const adm_opt_t opts[] = {
		{ "session", true, &session_ref, NULL },
		{ "device", true, &device_ref, NULL },
	};
	int64_t sid = 0, did = 0, last = 0, count = 0;
	sqlite3_stmt *st;
	int rc;

	rc = adm_args(a, argc, argv, opts, 2, NULL, 0, 0);
	if (rc)
		return rc;
	if (session_ref && device_ref)
		return adm_usage(a, "give --session or --device, not both");
	if (session_ref && (rc = adm_session(a, session_ref, &sid)))
		return rc;
	if (device_ref && (rc = adm_device(a, device_ref, &did)))
		return rc;
	rc = pdb_query(a->db, &st,
		       "SELECT s.id, s.time, s.rec, d.value, i.value, p.name, r.rec, r.result "
		       "FROM sessions AS s "
		       "LEFT JOIN devices AS d ON d.id = s.device "
		       "LEFT JOIN identities AS i ON i.id = s.identity "
		       "LEFT JOIN results AS r ON r.session = s.id "
		       "LEFT JOIN policies AS p ON p.id = r.policy "
		       "WHERE (?1 = 0 OR s.id = ?1) AND (?2 = 0 OR s.device = ?2) "
		       "AND (r.id IS NOT NULL OR ?1 <> 0) "
		       "ORDER BY s.time DESC, s.id DESC, r.id",
		       "ii", sid, did);
	if (rc < 0)
		return adm_db(a, rc, "results");
	while ((rc = pdb_row(a->db, st)) == 1) {
		int64_t id = sqlite3_column_int64(st, 0);

		if (id != last) {
			const char *dev = pdb_col_text(st, 3);

			pdb_sb_printf(&a->out, "session %lld, ", (long long)id);
			adm_time(a, &a->out, sqlite3_column_int64(st, 1));
			pdb_sb_puts(&a->out, ", device ");
			adm_put_safe(&a->out, *dev ? dev : "-", *dev ? strlen(dev) : 1);
			if (sqlite3_column_bytes(st, 4) > 0) {
				pdb_sb_puts(&a->out, ", ");
				adm_put_safe(&a->out, sqlite3_column_blob(st, 4),
					     (size_t)sqlite3_column_bytes(st, 4));
			}
			pdb_sb_printf(&a->out, ": %s\n", pdb_rec_name(sqlite3_column_int(st, 2)));
			last = id;
		}
		if (sqlite3_column_type(st, 6) == SQLITE_NULL) {
			pdb_sb_puts(&a->out, "  no results\n");
			continue;
		}
		pdb_sb_puts(&a->out, "  ");
		if (sqlite3_column_type(st, 5) == SQLITE_NULL)
			pdb_sb_puts(&a->out, "(deleted policy)");
		else
			adm_put_safe(&a->out, pdb_col_text(st, 5), strlen(pdb_col_text(st, 5)));
		pdb_sb_printf(&a->out, ": %s - ", pdb_rec_name(sqlite3_column_int(st, 6)));
		adm_put_safe(&a->out, pdb_col_text(st, 7), strlen(pdb_col_text(st, 7)));
		pdb_sb_puts(&a->out, "\n");
		count++;
	}
	pdb_done(st);
	if (rc < 0)
		return adm_db(a, rc, "results");
	pdb_sb_printf(&a->out, "%lld result%s found\n", (long long)count, adm_plural(count, "", "s"));
	return PDB_ADMIN_OK;
}

/*
 * The IMV session flow: session create, policy manager start (group
 * assignment, workitems), workitem verdicts, policy manager stop.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pdb_int.h"

/* Group 1 'Default' is the schema family's fixed fallback group. */
#define PDB_DEFAULT_GROUP 1
/* A parent chain longer than this is a loop an operator made by hand. */
#define PDB_MAX_GROUP_DEPTH 64
/* Values that reach us from endpoints; real ones are far shorter (a Device
 * ID is 16-64 hex digits, a product "<os> <version> <arch>"). */
#define PDB_MAX_DEVICE_LEN 1024
#define PDB_MAX_PRODUCT_LEN 512
#define PDB_MAX_IDENTITY_LEN 4096

static bool is_ip_type(uint32_t type)
{
	return type == PDB_ID_IPV4_ADDR || type == PDB_ID_IPV6_ADDR;
}

static int identity_get(pdb_t *db, uint32_t type, const void *value, size_t len, int64_t *id)
{
	int rc;

	rc = pdb_int(db, id, "SELECT id FROM identities WHERE type = ?1 AND value = ?2", "ib",
		     (int64_t)type, value, len);
	if (rc != 0)
		return rc < 0 ? rc : 0;
	rc = pdb_insert(db, id, "INSERT INTO identities (type, value) VALUES (?1, ?2)", "ib",
			(int64_t)type, value, len);
	return rc < 0 ? rc : 0;
}

static int link_identity(pdb_t *db, int64_t session, uint32_t type, const void *value, size_t len,
			 int64_t *id)
{
	int rc = identity_get(db, type, value, len, id);

	if (rc < 0)
		return rc;
	rc = pdb_exec(db,
		      "INSERT OR IGNORE INTO sessions_identities (session_id, identity_id) "
		      "VALUES (?1, ?2)",
		      "ii", session, *id);
	return rc < 0 ? rc : 0;
}

static bool ids_have(const pdb_identity_t *ids, size_t n, uint32_t type, const char *value)
{
	size_t len = strlen(value);

	for (size_t i = 0; i < n; i++)
		if (ids[i].type == type && ids[i].len == len && memcmp(ids[i].value, value, len) == 0)
			return true;
	return false;
}

int pdb_session_create(pdb_t *db, uint32_t connection, const pdb_identity_t *ids, size_t n_ids,
		       const char *peer_addr, int64_t *session_id)
{
	int64_t sid = 0, id, main_id = 0, first_id = 0;
	unsigned char addr[16];
	int rc;

	*session_id = 0;
	for (size_t i = 0; i < n_ids; i++) {
		if (!ids[i].value && ids[i].len)
			return NEA_EINVAL;
		if (ids[i].len > PDB_MAX_IDENTITY_LEN)
			return NEA_ETOOBIG;
	}
	rc = pdb_begin(db);
	if (rc < 0)
		return rc;
	rc = pdb_insert(db, &sid, "INSERT INTO sessions (time, connection, rec) VALUES (?1, ?2, ?3)",
			"iiI", pdb_now(db), (int64_t)connection, PDB_REC_NONE);
	if (rc < 0)
		goto fail;
	for (size_t i = 0; i < n_ids; i++) {
		rc = link_identity(db, sid, ids[i].type, ids[i].value, ids[i].len, &id);
		if (rc < 0)
			goto fail;
		if (!first_id)
			first_id = id;
		if (!main_id && !is_ip_type(ids[i].type))
			main_id = id;
	}
	if (peer_addr && *peer_addr) {
		uint32_t type = 0;

		if (inet_pton(AF_INET, peer_addr, addr) == 1)
			type = PDB_ID_IPV4_ADDR;
		else if (inet_pton(AF_INET6, peer_addr, addr) == 1)
			type = PDB_ID_IPV6_ADDR;
		if (type && !ids_have(ids, n_ids, type, peer_addr)) {
			rc = link_identity(db, sid, type, peer_addr, strlen(peer_addr), &id);
			if (rc < 0)
				goto fail;
			if (!first_id)
				first_id = id;
		}
	}
	if (!main_id)
		main_id = first_id;
	if (main_id) {
		rc = pdb_exec(db, "UPDATE sessions SET identity = ?1 WHERE id = ?2", "ii", main_id, sid);
		if (rc < 0)
			goto fail;
	}
	rc = pdb_commit(db);
	if (rc < 0)
		return rc;
	*session_id = sid;
	NLOG(DB, 2, "session %lld created for TNCCS connection %u", (long long)sid, connection);
	return 0;

fail:
	pdb_rollback(db);
	return rc;
}

/* ------------------------------------------------------------ worklists */

static int worklist_push(pdb_worklist_t *wl, size_t *cap, const pdb_workitem_t *wi)
{
	if (wl->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		pdb_workitem_t *p = reallocarray(wl->items, ncap, sizeof(*p));

		if (!p)
			return NEA_ENOMEM;
		wl->items = p;
		*cap = ncap;
	}
	wl->items[wl->n++] = *wi;
	return 0;
}

void pdb_worklist_free(pdb_worklist_t *wl)
{
	if (!wl)
		return;
	for (size_t i = 0; i < wl->n; i++)
		free(wl->items[i].arg_str);
	free(wl->items);
	memset(wl, 0, sizeof(*wl));
}

static int load_workitems(pdb_t *db, int64_t session, bool pending, pdb_worklist_t *wl)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if (pending)
		rc = pdb_query(db, &st,
			       "SELECT id, enforcement, type, arg_str, arg_int, rec_fail, rec_noresult "
			       "FROM workitems WHERE session = ?1 AND rec_final IS NULL ORDER BY id",
			       "i", session);
	else
		rc = pdb_query(db, &st,
			       "SELECT id, enforcement, type, arg_str, arg_int, rec_fail, rec_noresult "
			       "FROM workitems WHERE session = ?1 ORDER BY id",
			       "i", session);
	if (rc < 0)
		return rc;
	while ((rc = pdb_row(db, st)) == 1) {
		pdb_workitem_t wi = {
			.id = sqlite3_column_int64(st, 0),
			.enforcement = sqlite3_column_int64(st, 1),
			.type = sqlite3_column_int(st, 2),
			.arg_str = pdb_strdup(pdb_col_text(st, 3)),
			.arg_int = sqlite3_column_int64(st, 4),
			.rec_fail = sqlite3_column_int(st, 5),
			.rec_noresult = sqlite3_column_int(st, 6),
		};

		if (!wi.arg_str) {
			rc = NEA_ENOMEM;
			break;
		}
		rc = worklist_push(wl, &cap, &wi);
		if (rc < 0) {
			free(wi.arg_str);
			break;
		}
	}
	pdb_done(st);
	return rc < 0 ? rc : 0;
}

static int workitems_get(pdb_t *db, int64_t session, bool pending, pdb_worklist_t *out)
{
	int64_t device, product;
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = pdb_query(db, &st, "SELECT device, product FROM sessions WHERE id = ?1", "i", session);
	if (rc < 0)
		return rc;
	rc = pdb_row(db, st);
	device = rc == 1 ? sqlite3_column_int64(st, 0) : 0;
	product = rc == 1 ? sqlite3_column_int64(st, 1) : 0;
	pdb_done(st);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return NEA_ENOTFOUND;
	out->session = session;
	out->device = device;
	out->product = product;
	rc = load_workitems(db, session, pending, out);
	if (rc < 0)
		pdb_worklist_free(out);
	return rc;
}

int pdb_workitems_get(pdb_t *db, int64_t session, pdb_worklist_t *out)
{
	return workitems_get(db, session, false, out);
}

int pdb_workitems_pending(pdb_t *db, int64_t session, pdb_worklist_t *out)
{
	return workitems_get(db, session, true, out);
}

/* ------------------------------------------------------------ start */

typedef struct {
	pdb_t *db;
	int64_t session, device, now;
	int64_t *done;          /* enforcement ids already turned into workitems */
	size_t n_done, cap_done;
	size_t created, skipped;
} start_ctx_t;

static bool seen(const start_ctx_t *c, int64_t enforcement)
{
	for (size_t i = 0; i < c->n_done; i++)
		if (c->done[i] == enforcement)
			return true;
	return false;
}

static int remember(start_ctx_t *c, int64_t enforcement)
{
	if (c->n_done == c->cap_done) {
		size_t ncap = c->cap_done ? c->cap_done * 2 : 16;
		int64_t *p = reallocarray(c->done, ncap, sizeof(*p));

		if (!p)
			return NEA_ENOMEM;
		c->done = p;
		c->cap_done = ncap;
	}
	c->done[c->n_done++] = enforcement;
	return 0;
}

/*
 * Did the device pass this policy recently enough to skip it? strongSwan
 * looks only at the newest result inside the window: the result of this
 * policy in the device's session with the greatest time above now - max_age
 * (ties: the newest result), skipped only if its rec is allow.
 *
 * A nea database (schema version 2 on) answers that with one seek in
 * results_device_policy (device, policy, time), whose rows are exactly the
 * results JOIN sessions rows (triggers in pdb_open.c), so the cost does not
 * grow with the device's sessions nor with the policy's results elsewhere.
 * A strongSwan database has no such table and gets the plain join, which
 * walks the device's sessions newest first until one has a result for the
 * policy: slow once a passed policy has been skipped for many sessions.
 */
static const char sql_passed_seek[] =
	"SELECT r.rec FROM results_device_policy AS k CROSS JOIN results AS r ON r.id = k.result "
	"WHERE k.device = ?2 AND k.policy = ?1 AND k.time > ?3 "
	"ORDER BY k.time DESC, k.result DESC LIMIT 1";
static const char sql_passed_join[] =
	"SELECT r.rec FROM results AS r JOIN sessions AS s ON s.id = r.session "
	"WHERE r.policy = ?1 AND s.device = ?2 AND s.time > ?3 "
	"ORDER BY s.time DESC, r.id DESC LIMIT 1";

static int passed_recently(start_ctx_t *c, int64_t policy, int64_t max_age, bool *skip)
{
	int64_t rec;
	int rc;

	*skip = false;
	if (!c->device)
		return 0;
	rc = pdb_int(c->db, &rec, c->db->native ? sql_passed_seek : sql_passed_join, "iii", policy,
		     c->device, c->now - max_age);
	if (rc < 0)
		return rc;
	*skip = rc == 1 && rec == PDB_REC_ALLOW;
	return 0;
}

/* SWIMA: ask only for the events after the newest one already stored for
 * this device; 0 asks for the full inventory. */
static int swid_earliest_eid(start_ctx_t *c, int64_t *eid)
{
	int64_t last;
	int rc;

	*eid = 0;
	if (!c->device)
		return 0;
	rc = pdb_int(c->db, &last, "SELECT max(eid) FROM swid_events WHERE device = ?1", "i",
		     c->device);
	if (rc < 0)
		return rc;
	*eid = last > 0 ? last + 1 : 0;
	return 0;
}

static int arg_int_for(start_ctx_t *c, int type, int64_t file, int64_t dir, int64_t *arg)
{
	switch (type) {
	case PDB_WI_FREFM:
	case PDB_WI_FMEAS:
	case PDB_WI_FMETA:
		*arg = file;
		return 0;
	case PDB_WI_DREFM:
	case PDB_WI_DMEAS:
	case PDB_WI_DMETA:
		*arg = dir;
		return 0;
	case PDB_WI_SWIDT:
		return swid_earliest_eid(c, arg);
	default:
		*arg = 0;
		return 0;
	}
}

typedef struct {
	int64_t id, policy, max_age, file, dir;
	int type, p_fail, p_noresult, e_fail, e_noresult;
	char *argument;
} enf_row_t;

/* The enforcements of one group, read completely before any insert so the
 * reading statement never sees the rows it causes. */
static int group_enforcements(pdb_t *db, int64_t group, enf_row_t **rows, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*rows = NULL;
	*n = 0;
	rc = pdb_query(db, &st,
		       "SELECT e.id, e.policy, e.max_age, p.type, p.argument, p.file, p.dir, "
		       "p.rec_fail, p.rec_noresult, e.rec_fail, e.rec_noresult "
		       "FROM enforcements AS e JOIN policies AS p ON e.policy = p.id "
		       "WHERE e.group_id = ?1 ORDER BY e.id",
		       "i", group);
	if (rc < 0)
		return rc;
	while ((rc = pdb_row(db, st)) == 1) {
		enf_row_t r = {
			.id = sqlite3_column_int64(st, 0),
			.policy = sqlite3_column_int64(st, 1),
			.max_age = sqlite3_column_int64(st, 2),
			.type = sqlite3_column_int(st, 3),
			.argument = pdb_strdup(pdb_col_text(st, 4)),
			.file = sqlite3_column_int64(st, 5),
			.dir = sqlite3_column_int64(st, 6),
			.p_fail = sqlite3_column_int(st, 7),
			.p_noresult = sqlite3_column_int(st, 8),
			.e_fail = sqlite3_column_int(st, 9),
			.e_noresult = sqlite3_column_int(st, 10),
		};

		if (!r.argument) {
			rc = NEA_ENOMEM;
			break;
		}
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			enf_row_t *p = reallocarray(*rows, ncap, sizeof(*p));

			if (!p) {
				free(r.argument);
				rc = NEA_ENOMEM;
				break;
			}
			*rows = p;
			cap = ncap;
		}
		(*rows)[(*n)++] = r;
	}
	pdb_done(st);
	if (rc < 0) {
		for (size_t i = 0; i < *n; i++)
			free((*rows)[i].argument);
		free(*rows);
		*rows = NULL;
		*n = 0;
		return rc;
	}
	return 0;
}

static int add_workitem(start_ctx_t *c, const enf_row_t *r)
{
	int64_t arg_int, wid;
	bool skip;
	int rc;

	if (seen(c, r->id))
		return 0;
	rc = passed_recently(c, r->policy, r->max_age, &skip);
	if (rc < 0)
		return rc;
	if (skip) {
		NLOG(DB, 2, "session %lld: skipping enforcement %lld, policy %lld passed within %llds",
		     (long long)c->session, (long long)r->id, (long long)r->policy,
		     (long long)r->max_age);
		c->skipped++;
		return remember(c, r->id);
	}
	rc = arg_int_for(c, r->type, r->file, r->dir, &arg_int);
	if (rc < 0)
		return rc;
	/* a zero override means "use the policy's value" in this schema */
	rc = pdb_insert(c->db, &wid,
			"INSERT INTO workitems (session, enforcement, type, arg_str, arg_int, "
			"rec_fail, rec_noresult) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			"iiItiII", c->session, r->id, r->type, r->argument, arg_int,
			r->e_fail ? r->e_fail : r->p_fail,
			r->e_noresult ? r->e_noresult : r->p_noresult);
	if (rc < 0)
		return rc;
	c->created++;
	NLOG(DB, 2, "session %lld: %s workitem %lld", (long long)c->session,
	     pdb_wi_name(r->type) ? pdb_wi_name(r->type) : "unknown", (long long)wid);
	return remember(c, r->id);
}

/* The group, then its parent, and so on up to a root group. */
static int iterate_enforcements(start_ctx_t *c, int64_t group)
{
	for (int depth = 0; group > 0; depth++) {
		enf_row_t *rows;
		int64_t parent;
		size_t n;
		int rc;

		if (depth == PDB_MAX_GROUP_DEPTH) {
			NLOG(DB, 0, "group %lld: parent chain longer than %d, loop?", (long long)group,
			     PDB_MAX_GROUP_DEPTH);
			return 0;
		}
		rc = group_enforcements(c->db, group, &rows, &n);
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < n && rc == 0; i++)
			rc = add_workitem(c, &rows[i]);
		for (size_t i = 0; i < n; i++)
			free(rows[i].argument);
		free(rows);
		if (rc < 0)
			return rc;
		rc = pdb_int(c->db, &parent, "SELECT parent FROM groups WHERE id = ?1", "i", group);
		if (rc < 0)
			return rc;
		if (rc == 0)
			NLOG(DB, 1, "group %lld not found", (long long)group);
		group = rc == 1 ? parent : 0;
	}
	return 0;
}

static int member_groups(pdb_t *db, int64_t device, int64_t **groups, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	*groups = NULL;
	*n = 0;
	rc = pdb_query(db, &st,
		       "SELECT group_id FROM groups_members WHERE device_id = ?1 ORDER BY group_id",
		       "i", device);
	if (rc < 0)
		return rc;
	while ((rc = pdb_row(db, st)) == 1) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			int64_t *p = reallocarray(*groups, ncap, sizeof(*p));

			if (!p) {
				rc = NEA_ENOMEM;
				break;
			}
			*groups = p;
			cap = ncap;
		}
		(*groups)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	pdb_done(st);
	if (rc < 0) {
		free(*groups);
		*groups = NULL;
		*n = 0;
	}
	return rc < 0 ? rc : 0;
}

/* Find the device by its ID; create it for this product when new. */
static int device_get(pdb_t *db, const char *value, int64_t product, int64_t *id, int64_t *created)
{
	sqlite3_stmt *st;
	int64_t dev_product = 0;
	int rc;

	*created = 0;
	rc = pdb_device_find(db, value, id);
	if (rc < 0)
		return rc;
	if (!*id) {
		rc = pdb_insert(db, id, "INSERT INTO devices (value, product) VALUES (?1, ?2)", "ti",
				value, product);
		if (rc < 0)
			return rc;
		NLOG(DB, 1, "new device %lld '%s'", (long long)*id, value);
		return 0;
	}
	rc = pdb_query(db, &st, "SELECT created, product FROM devices WHERE id = ?1", "i", *id);
	if (rc < 0)
		return rc;
	rc = pdb_row(db, st);
	if (rc == 1) {
		*created = sqlite3_column_int64(st, 0);
		dev_product = sqlite3_column_int64(st, 1);
	}
	pdb_done(st);
	if (rc <= 0)
		return rc < 0 ? rc : NEA_ENOTFOUND;
	/* An upgraded OS keeps the device (and its groups); the product column
	 * follows the newest report. */
	if (dev_product != product) {
		rc = pdb_exec(db, "UPDATE devices SET product = ?1 WHERE id = ?2", "ii", product, *id);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int assign_new_device(pdb_t *db, int64_t device, int64_t product, int64_t *group)
{
	int64_t gid;
	int rc;

	*group = PDB_DEFAULT_GROUP;
	rc = pdb_int(db, &gid,
		     "SELECT group_id FROM groups_product_defaults WHERE product_id = ?1 "
		     "ORDER BY id LIMIT 1",
		     "i", product);
	if (rc < 0)
		return rc;
	if (rc == 1 && gid > 0)
		*group = gid;
	rc = pdb_exec(db, "INSERT OR IGNORE INTO groups_members (device_id, group_id) VALUES (?1, ?2)",
		      "ii", device, *group);
	if (rc < 0)
		return rc;
	rc = pdb_exec(db, "UPDATE devices SET created = ?1 WHERE id = ?2", "ii", pdb_now(db), device);
	if (rc < 0)
		return rc;
	NLOG(DB, 1, "device %lld assigned to group %lld", (long long)device, (long long)*group);
	return 0;
}

static int session_exists(pdb_t *db, int64_t session, int64_t *n_workitems)
{
	int64_t one;
	int rc;

	rc = pdb_int(db, &one, "SELECT 1 FROM sessions WHERE id = ?1", "i", session);
	if (rc <= 0)
		return rc < 0 ? rc : NEA_ENOTFOUND;
	rc = pdb_int(db, n_workitems, "SELECT count(*) FROM workitems WHERE session = ?1", "i",
		     session);
	return rc < 0 ? rc : 0;
}

int pdb_session_start(pdb_t *db, int64_t session, const char *device_value, const char *product,
		      pdb_worklist_t *out)
{
	start_ctx_t c = { .db = db, .session = session, .now = pdb_now(db) };
	int64_t product_id = 0, created = 0, n_items, *groups = NULL;
	size_t n_groups = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!device_value || !*device_value || !product || !*product)
		return NEA_EINVAL;
	if (strlen(device_value) > PDB_MAX_DEVICE_LEN || strlen(product) > PDB_MAX_PRODUCT_LEN)
		return NEA_ETOOBIG;
	rc = pdb_begin(db);
	if (rc < 0)
		return rc;
	rc = session_exists(db, session, &n_items);
	if (rc < 0)
		goto fail;
	if (n_items > 0) {
		/* a second start must not double the work */
		pdb_rollback(db);
		return pdb_workitems_get(db, session, out);
	}
	rc = pdb_product_get(db, product, &product_id);
	if (rc < 0)
		goto fail;
	rc = device_get(db, device_value, product_id, &c.device, &created);
	if (rc < 0)
		goto fail;
	rc = pdb_exec(db, "UPDATE sessions SET device = ?1, product = ?2 WHERE id = ?3", "iii",
		      c.device, product_id, session);
	if (rc < 0)
		goto fail;
	if (created) {
		rc = member_groups(db, c.device, &groups, &n_groups);
		if (rc < 0)
			goto fail;
		for (size_t i = 0; i < n_groups && rc == 0; i++)
			rc = iterate_enforcements(&c, groups[i]);
	} else {
		int64_t group;

		rc = assign_new_device(db, c.device, product_id, &group);
		if (rc == 0)
			rc = iterate_enforcements(&c, group);
	}
	if (rc < 0)
		goto fail;
	rc = pdb_commit(db);
	if (rc < 0)
		goto out;
	NLOG(DB, 2, "session %lld: device %lld, product '%s': %zu workitems, %zu skipped",
	     (long long)session, (long long)c.device, product, c.created, c.skipped);
	out->session = session;
	out->device = c.device;
	out->product = product_id;
	rc = load_workitems(db, session, false, out);
	if (rc < 0)
		pdb_worklist_free(out);
	goto out;

fail:
	pdb_rollback(db);
out:
	free(groups);
	free(c.done);
	return rc;
}

/* ------------------------------------------------------------ verdicts */

int pdb_workitem_finalize(pdb_t *db, int64_t workitem, int rec_final, const char *result)
{
	int rc;

	if (rec_final < PDB_REC_ALLOW || rec_final > PDB_REC_NONE || !result)
		return NEA_EINVAL;
	rc = pdb_exec(db, "UPDATE workitems SET rec_final = ?1, result = ?2 WHERE id = ?3", "Iti",
		      rec_final, result, workitem);
	if (rc < 0)
		return rc;
	return rc == 1 ? 0 : NEA_ENOTFOUND;
}

/* ------------------------------------------------------------ stop */

void pdb_stop_free(pdb_stop_t *st)
{
	if (!st)
		return;
	free(st->ip);
	free(st->summary);
	memset(st, 0, sizeof(*st));
}

static int requestor_ip(pdb_t *db, int64_t session, char **ip)
{
	sqlite3_stmt *st;
	int rc;

	*ip = NULL;
	rc = pdb_query(db, &st,
		       "SELECT i.value FROM sessions_identities AS si "
		       "JOIN identities AS i ON i.id = si.identity_id "
		       "WHERE si.session_id = ?1 AND i.type IN (?2, ?3) ORDER BY i.type, si.id LIMIT 1",
		       "iII", session, PDB_ID_IPV4_ADDR, PDB_ID_IPV6_ADDR);
	if (rc < 0)
		return rc;
	rc = pdb_row(db, st);
	if (rc == 1) {
		const void *v = sqlite3_column_blob(st, 0);
		int n = sqlite3_column_bytes(st, 0);

		*ip = malloc((size_t)n + 1);
		if (!*ip) {
			rc = NEA_ENOMEM;
		} else {
			if (n > 0)
				memcpy(*ip, v, (size_t)n);
			(*ip)[n] = '\0';
		}
	}
	pdb_done(st);
	return rc < 0 ? rc : 0;
}

int pdb_session_stop(pdb_t *db, int64_t session, int rec, pdb_stop_t *out)
{
	int64_t one;
	int rc, n;

	memset(out, 0, sizeof(*out));
	if (rec < PDB_REC_ALLOW || rec > PDB_REC_NONE)
		return NEA_EINVAL;
	rc = pdb_begin(db);
	if (rc < 0)
		return rc;
	rc = pdb_int(db, &one, "SELECT 1 FROM sessions WHERE id = ?1", "i", session);
	if (rc <= 0) {
		rc = rc < 0 ? rc : NEA_ENOTFOUND;
		goto fail;
	}
	rc = pdb_exec(db, "UPDATE sessions SET rec = ?1 WHERE id = ?2", "Ii", rec, session);
	if (rc < 0)
		goto fail;
	n = pdb_exec(db,
		     "INSERT INTO results (session, policy, rec, result) "
		     "SELECT w.session, e.policy, w.rec_final, w.result FROM workitems AS w "
		     "JOIN enforcements AS e ON e.id = w.enforcement "
		     "WHERE w.session = ?1 AND w.result IS NOT NULL ORDER BY w.id",
		     "i", session);
	if (n < 0) {
		rc = n;
		goto fail;
	}
	rc = pdb_exec(db, "DELETE FROM workitems WHERE session = ?1", "i", session);
	if (rc < 0)
		goto fail;
	rc = requestor_ip(db, session, &out->ip);
	if (rc < 0)
		goto fail;
	rc = pdb_commit(db);
	if (rc < 0)
		goto out;
	out->rec = rec;
	out->results = (size_t)n;
	if (out->ip && asprintf(&out->summary, "recommendation for access requestor %s is %s",
				out->ip, pdb_rec_name(rec)) < 0) {
		out->summary = NULL;
		rc = NEA_ENOMEM;
		goto out;
	}
	NLOG(DB, 2, "session %lld stopped: %s, %d results", (long long)session, pdb_rec_name(rec), n);
	return 0;

fail:
	pdb_rollback(db);
out:
	if (rc < 0)
		pdb_stop_free(out);
	return rc;
}

/*
 * The policy.sock requests of the IMV host (ARCHITECTURE 11.3): each is
 * checked field by field, then run against the database in one committed
 * step, then answered (see policyd_core.h for the replies).
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "policyd_core_int.h"

/* ------------------------------------------------------------ checks */

static int check_id(pd_reply_t *r, uint64_t v, const char *what, int64_t *out)
{
	if (v == 0 || v > (uint64_t)INT64_MAX)
		return pd_reply_error(r, NEA_EINVAL, "%s %llu is out of range", what,
				      (unsigned long long)v);
	*out = (int64_t)v;
	return 0;
}

static int check_str(pd_reply_t *r, const char *s, size_t min, size_t max, const char *what,
		     size_t *len)
{
	size_t n;

	if (!s)
		return pd_reply_error(r, NEA_EINVAL, "%s is missing", what);
	n = strnlen(s, max + 1);
	if (n > max)
		return pd_reply_error(r, NEA_ETOOBIG, "%s is longer than %zu bytes", what, max);
	if (n < min)
		return pd_reply_error(r, NEA_EINVAL, "%s is empty", what);
	if (len)
		*len = n;
	return 0;
}

static int check_rec(pd_reply_t *r, uint32_t rec, const char *what)
{
	if (rec > PDB_REC_NONE)
		return pd_reply_error(r, NEA_EINVAL, "%s %u is not a recommendation (0..3)", what, rec);
	return 0;
}

/* A non-zero Envelope.conn_id names the TNCCS connection the IMV host is
 * asking for; it must be the session's. */
static int check_conn(pd_reply_t *r, const Nea__Envelope *req, const pd_session_t *s)
{
	if (req->has_conn_id && req->conn_id != 0 && req->conn_id != s->connection)
		return pd_reply_error(r, NEA_EPERM,
				      "session %lld belongs to Connection ID %u, not %llu",
				      (long long)s->id, s->connection,
				      (unsigned long long)req->conn_id);
	return 0;
}

/* Why a session id is not among the open ones. */
static int not_open(pd_core_t *c, pd_reply_t *r, int64_t sid)
{
	pdb_session_info_t info;
	int rc = pdb_session_get(c->db, sid, &info);

	if (rc == NEA_ENOTFOUND)
		return pd_reply_error(r, NEA_ENOTFOUND, "unknown session %lld", (long long)sid);
	if (rc < 0)
		return pd_db_error(r, rc, "session lookup");
	if (info.rec == PDB_REC_NONE)
		return pd_reply_error(r, NEA_ESTATE,
				      "session %lld is not open (closed with no recommendation)",
				      (long long)sid);
	return pd_reply_error(r, NEA_ESTATE, "session %lld is not open (stopped with '%s')",
			      (long long)sid, pdb_rec_name(info.rec));
}

/* The open session sid, when the request's connection may use it
 * (SessionStart and SessionStop); else the error reply's code. */
static int open_session(pd_core_t *c, pd_reply_t *r, const Nea__Envelope *req, int64_t sid,
			pd_session_t **out)
{
	pd_session_t *s = pd_sessions_find(&c->open, sid);
	int rc;

	if (!s)
		return not_open(c, r, sid);
	rc = check_conn(r, req, s);
	if (rc < 0)
		return rc;
	*out = s;
	return 0;
}

/* An operator deleted the session (device delete) while it was open. */
static int vanished(pd_core_t *c, pd_reply_t *r, int64_t sid)
{
	pd_sessions_remove(&c->open, sid);
	NLOG(DB, 1, "session %lld is no longer in the database; forgetting it", (long long)sid);
	return pd_reply_error(r, NEA_ENOTFOUND, "session %lld no longer exists (deleted by an operator?)",
			      (long long)sid);
}

static void touch(pd_core_t *c, pd_session_t *s, uint64_t link)
{
	s->last_active = pd_core_now(c);
	if (link) {
		s->link = link;
		s->orphaned_at = 0;
	}
}

/* ------------------------------------------------------------ SessionCreate */

static uint32_t addr_type(const char *addr)
{
	unsigned char buf[16];

	if (inet_pton(AF_INET, addr, buf) == 1)
		return PDB_ID_IPV4_ADDR;
	if (inet_pton(AF_INET6, addr, buf) == 1)
		return PDB_ID_IPV6_ADDR;
	return PDB_ID_UNKNOWN;
}

static int check_identities(pd_reply_t *r, const Nea__SessionCreate *sc, pdb_identity_t *ids)
{
	if (sc->n_identities > PD_MAX_IDENTITIES)
		return pd_reply_error(r, NEA_ETOOBIG, "%zu identities, at most %d are accepted",
				      sc->n_identities, PD_MAX_IDENTITIES);
	for (size_t i = 0; i < sc->n_identities; i++) {
		const Nea__Identity *id = sc->identities[i];

		if (!id)
			return pd_reply_error(r, NEA_EINVAL, "identity %zu is missing", i + 1);
		if (id->type > PDB_ID_DER_ASN1_GN)
			return pd_reply_error(r, NEA_EINVAL, "identity %zu has unknown type %u", i + 1,
					      id->type);
		if (id->value.len > PD_MAX_IDENTITY_LEN)
			return pd_reply_error(r, NEA_ETOOBIG, "identity %zu is longer than %d bytes",
					      i + 1, PD_MAX_IDENTITY_LEN);
		if (id->value.len == 0 || !id->value.data)
			return pd_reply_error(r, NEA_EINVAL, "identity %zu is empty", i + 1);
		ids[i] = (pdb_identity_t){ id->type, id->value.data, id->value.len };
	}
	return 0;
}

int pd_session_create(pd_core_t *c, const Nea__Envelope *req, uint64_t link, pd_reply_t *r)
{
	const Nea__SessionCreate *sc = req->session_create;
	pdb_identity_t ids[PD_MAX_IDENTITIES];
	const char *peer = NULL;
	pd_session_t *old, s;
	int64_t sid = 0;
	char buf[128];
	int rc;

	if (!sc)
		return pd_reply_error(r, NEA_EINVAL, "SessionCreate without a body");
	if (sc->connection == 0)
		return pd_reply_error(r, NEA_EINVAL, "Connection ID 0 is not valid");
	if (req->has_conn_id && req->conn_id != 0 && req->conn_id != sc->connection)
		return pd_reply_error(r, NEA_EINVAL, "envelope Connection ID %llu differs from %u",
				      (unsigned long long)req->conn_id, sc->connection);
	rc = check_identities(r, sc, ids);
	if (rc < 0)
		return rc;
	if (sc->peer_addr && sc->peer_addr[0]) {
		rc = check_str(r, sc->peer_addr, 1, PD_MAX_PEER_ADDR, "peer address", NULL);
		if (rc < 0)
			return rc;
		if (addr_type(sc->peer_addr) == PDB_ID_UNKNOWN)
			return pd_reply_error(r, NEA_EINVAL, "peer address '%s' is not an IP address",
					      pd_safe(sc->peer_addr, PD_MAX_PEER_ADDR, buf, sizeof(buf)));
		peer = sc->peer_addr;
	}
	old = pd_sessions_find_conn(&c->open, sc->connection);
	if (old) {
		snprintf(buf, sizeof(buf), "Connection ID %u was assigned again", sc->connection);
		rc = pd_close_out(c, old, buf);
		if (rc < 0)
			return pd_db_error(r, rc, "closing the earlier session of this connection");
	}
	if (c->open.n >= c->open.max)
		return pd_reply_error(r, NEA_EAGAIN,
				      "%zu sessions are open, the most nea.policyd.max_sessions allows",
				      c->open.n);
	rc = pdb_session_create(c->db, sc->connection, ids, sc->n_identities, peer, &sid);
	if (rc < 0)
		return pd_db_error(r, rc, "session create");
	s = (pd_session_t){ .id = sid, .connection = sc->connection };
	touch(c, &s, link);
	rc = pd_sessions_add(&c->open, &s);
	if (rc < 0) {
		/* the row exists; housekeeping at the next start closes it out */
		return pd_reply_error(r, rc, "cannot track session %lld: %s", (long long)sid,
				      nea_strerror(rc));
	}
	c->stats.created++;
	NLOG(DB, 1, "assigned session ID %lld to Connection ID %u", (long long)sid, sc->connection);
	for (size_t i = 0; i < sc->n_identities; i++)
		NLOG(DB, 2, "session %lld: AR identity '%s' of type %u", (long long)sid,
		     pd_safe((const char *)ids[i].value, ids[i].len, buf, sizeof(buf)), ids[i].type);
	if (peer)
		NLOG(DB, 2, "session %lld: access requestor address %s", (long long)sid, peer);
	pd_reply_session_created(r, sid);
	return 0;
}

/* ------------------------------------------------------------ SessionStart */

/* A repeated start must be for the same device. */
static int same_device(pd_core_t *c, pd_reply_t *r, int64_t sid, const char *device)
{
	char *have = NULL, buf[128];
	int rc = pdb_session_device_value(c->db, sid, &have);

	if (rc < 0)
		return pd_db_error(r, rc, "session lookup");
	if (*have && strcmp(have, device) != 0)
		rc = pd_reply_error(r, NEA_ESTATE, "session %lld was started for device '%s'",
				    (long long)sid, pd_safe(have, strlen(have), buf, sizeof(buf)));
	free(have);
	return rc;
}

int pd_session_start(pd_core_t *c, const Nea__Envelope *req, uint64_t link, pd_reply_t *r)
{
	const Nea__SessionStart *ss = req->session_start;
	char dbuf[80], pbuf[160];
	pdb_worklist_t wl;
	pd_session_t *s = NULL;
	int64_t sid = 0;
	bool again;
	int rc;

	if (!ss)
		return pd_reply_error(r, NEA_EINVAL, "SessionStart without a body");
	rc = check_id(r, ss->session_id, "session", &sid);
	if (rc == 0)
		rc = check_str(r, ss->device_id, 1, PD_MAX_DEVICE_LEN, "device ID", NULL);
	if (rc == 0)
		rc = check_str(r, ss->product, 1, PD_MAX_PRODUCT_LEN, "product", NULL);
	if (rc < 0)
		return rc;
	rc = open_session(c, r, req, sid, &s);
	if (rc < 0)
		return rc;
	again = s->started;
	if (again) {
		rc = same_device(c, r, sid, ss->device_id);
		if (rc < 0)
			return rc;
	}
	rc = pdb_session_start(c->db, sid, ss->device_id, ss->product, &wl);
	if (rc == NEA_ENOTFOUND)
		return vanished(c, r, sid);
	if (rc < 0)
		return pd_db_error(r, rc, "session start");
	s->started = true;
	touch(c, s, link);
	pd_safe(ss->device_id, PD_MAX_DEVICE_LEN, dbuf, sizeof(dbuf));
	pd_safe(ss->product, PD_MAX_PRODUCT_LEN, pbuf, sizeof(pbuf));
	if (again)
		NLOG(DB, 2, "session %lld (Connection ID %u) started again: same %zu workitems",
		     (long long)sid, s->connection, wl.n);
	else
		NLOG(DB, 1, "session %lld (Connection ID %u): policy manager start successful for "
			    "device '%s' running '%s': %zu workitem%s", (long long)sid, s->connection,
		     dbuf, pbuf, wl.n, wl.n == 1 ? "" : "s");
	for (size_t i = 0; i < wl.n && !again; i++)
		NLOG(DB, 2, "session %lld: %s workitem %lld", (long long)sid,
		     pdb_wi_name(wl.items[i].type) ? pdb_wi_name(wl.items[i].type) : "unknown",
		     (long long)wl.items[i].id);
	rc = pd_reply_worklist(r, &wl);
	return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ WorkitemResult */

int pd_workitem_result(pd_core_t *c, const Nea__Envelope *req, uint64_t link, pd_reply_t *r)
{
	const Nea__WorkitemResult *wr = req->workitem_result;
	pdb_workitem_info_t wi;
	pdb_worklist_t pending;
	pd_session_t *s;
	char buf[160];
	const char *type;
	int64_t wid = 0;
	size_t len;
	int rc;

	if (!wr)
		return pd_reply_error(r, NEA_EINVAL, "WorkitemResult without a body");
	rc = check_id(r, wr->workitem_id, "workitem", &wid);
	if (rc == 0)
		rc = check_rec(r, wr->rec_final, "recommendation");
	if (rc == 0)
		rc = check_str(r, wr->result, 0, PD_MAX_RESULT_LEN, "result", &len);
	if (rc < 0)
		return rc;
	rc = pdb_workitem_get(c->db, wid, &wi);
	if (rc == NEA_ENOTFOUND)
		return pd_reply_error(r, NEA_ENOTFOUND,
				      "unknown workitem %lld (workitems exist only between SessionStart "
				      "and SessionStop)", (long long)wid);
	if (rc < 0)
		return pd_db_error(r, rc, "workitem lookup");
	s = pd_sessions_find(&c->open, wi.session);
	if (!s) {
		rc = pd_reply_error(r, NEA_ESTATE, "workitem %lld belongs to session %lld, which is "
						   "not open", (long long)wid, (long long)wi.session);
		goto out;
	}
	rc = check_conn(r, req, s);
	if (rc < 0)
		goto out;
	if (wi.has_result) {
		/* the same verdict again is a retry after a lost reply */
		if (wi.rec_final != (int)wr->rec_final || strcmp(wi.result, wr->result) != 0) {
			rc = pd_reply_error(r, NEA_EEXIST, "workitem %lld already has a result: %s - %s",
					    (long long)wid, pdb_rec_name(wi.rec_final),
					    pd_safe(wi.result, strlen(wi.result), buf, sizeof(buf)));
			goto out;
		}
	} else {
		rc = pdb_workitem_finalize(c->db, wid, (int)wr->rec_final, wr->result);
		if (rc == NEA_ENOTFOUND) {
			rc = pd_reply_error(r, NEA_ENOTFOUND, "workitem %lld no longer exists",
					    (long long)wid);
			goto out;
		}
		if (rc < 0) {
			rc = pd_db_error(r, rc, "workitem result");
			goto out;
		}
	}
	touch(c, s, link);
	type = pdb_wi_name(wi.type) ? pdb_wi_name(wi.type) : "unknown";
	NLOG(DB, 2, "session %lld: %s workitem %lld finalized: %s - %s", (long long)wi.session, type,
	     (long long)wid, pdb_rec_name((int)wr->rec_final), pd_safe(wr->result, len, buf, sizeof(buf)));
	rc = pdb_workitems_pending(c->db, wi.session, &pending);
	if (rc < 0) {
		rc = pd_db_error(r, rc, "workitem list");
		goto out;
	}
	rc = pd_reply_worklist(r, &pending);
out:
	pdb_workitem_info_free(&wi);
	return rc < 0 ? rc : 0;
}

/* ------------------------------------------------------------ SessionStop */

int pd_session_stop(pd_core_t *c, const Nea__Envelope *req, uint64_t link, pd_reply_t *r)
{
	const Nea__SessionStop *sp = req->session_stop;
	pd_session_t *s = NULL;
	pdb_stop_t st;
	uint32_t conn;
	int64_t sid = 0;
	int rc;

	(void)link;
	if (!sp)
		return pd_reply_error(r, NEA_EINVAL, "SessionStop without a body");
	rc = check_id(r, sp->session_id, "session", &sid);
	if (rc == 0)
		rc = check_rec(r, sp->recommendation, "recommendation");
	if (rc < 0)
		return rc;
	rc = open_session(c, r, req, sid, &s);
	if (rc < 0)
		return rc;
	conn = s->connection;
	rc = pdb_session_stop(c->db, sid, (int)sp->recommendation, &st);
	if (rc == NEA_ENOTFOUND)
		return vanished(c, r, sid);
	if (rc < 0)
		return pd_db_error(r, rc, "session stop");
	pd_sessions_remove(&c->open, sid);
	c->stats.stopped++;
	/* strongSwan's imv_policy_manager prints this line on stop */
	if (st.summary)
		NLOG(DB, 1, "policy: %s", st.summary);
	else
		NLOG(DB, 1, "policy: recommendation for session %lld (Connection ID %u, no access "
			    "requestor address) is %s", (long long)sid, conn, pdb_rec_name(st.rec));
	NLOG(DB, 2, "session %lld (Connection ID %u) stopped: %zu result%s stored", (long long)sid,
	     conn, st.results, st.results == 1 ? "" : "s");
	pd_reply_session_stopped(r, sid, st.summary);
	st.summary = NULL;
	pdb_stop_free(&st);
	return 0;
}

/* ------------------------------------------------------------ PackageCheck */

int pd_package_check(pd_core_t *c, const Nea__Envelope *req, pd_reply_t *r)
{
	const Nea__PackageCheck *pc = req->package_check;
	pdb_pkg_counts_t counts;
	pdb_pkg_t *pkgs = NULL;
	uint8_t *status = NULL;
	uint32_t *out = NULL;
	char what[48], pbuf[160];
	size_t n;
	int rc;

	if (!pc)
		return pd_reply_error(r, NEA_EINVAL, "PackageCheck without a body");
	rc = check_str(r, pc->product, 1, PD_MAX_PRODUCT_LEN, "product", NULL);
	if (rc < 0)
		return rc;
	n = pc->n_packages;
	if (n > PD_MAX_PACKAGES)
		return pd_reply_error(r, NEA_ETOOBIG, "%zu packages, at most %d are accepted", n,
				      PD_MAX_PACKAGES);
	for (size_t i = 0; i < n; i++) {
		const Nea__Package *p = pc->packages[i];

		if (!p)
			return pd_reply_error(r, NEA_EINVAL, "package %zu is missing", i + 1);
		snprintf(what, sizeof(what), "name of package %zu", i + 1);
		rc = check_str(r, p->name, 1, PD_MAX_PACKAGE_LEN, what, NULL);
		if (rc < 0)
			return rc;
		snprintf(what, sizeof(what), "version of package %zu", i + 1);
		rc = check_str(r, p->version, 0, PD_MAX_PACKAGE_LEN, what, NULL);
		if (rc < 0)
			return rc;
	}
	if (n) {
		pkgs = calloc(n, sizeof(*pkgs));
		status = calloc(n, sizeof(*status));
		out = calloc(n, sizeof(*out));
		if (!pkgs || !status || !out) {
			rc = pd_reply_error(r, NEA_ENOMEM, "out of memory for %zu packages", n);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++)
		pkgs[i] = (pdb_pkg_t){ pc->packages[i]->name, pc->packages[i]->version };
	rc = pdb_packages_check(c->db, pc->product, pkgs, n, status, &counts);
	if (rc < 0) {
		rc = pd_db_error(r, rc, "package check");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = status[i];
	/* the OS IMV's summary words */
	NLOG(DB, 2, "packages of '%s': processed %zu packages: %zu vulnerable, %zu blacklisted, "
		    "%zu ok, %zu unknown", pd_safe(pc->product, PD_MAX_PRODUCT_LEN, pbuf, sizeof(pbuf)),
	     counts.count, counts.update, counts.blacklist, counts.ok, counts.unknown);
	pd_reply_package_status(r, out, n);
	out = NULL;
	rc = 0;
out:
	free(out);
	free(status);
	free(pkgs);
	return rc;
}

/*
 * nea-policyd's core: taking over sessions at start-up, dispatching
 * requests, closing out sessions nobody will stop (see policyd_core.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nea_err.h"
#include "nea_log.h"
#include "policyd_core_int.h"

/* Sessions closed out per start-up pass; the rest go on the next start. */
#define PD_MAX_STALE_PER_PASS 10000

void pd_limits_default(pd_limits_t *l)
{
	l->session_timeout = 1800;
	l->orphan_timeout = 60;
	l->max_sessions = 4096;
}

int64_t pd_core_now(const pd_core_t *c)
{
	return c->db ? pdb_now(c->db) : (int64_t)time(NULL);
}

const char *pd_safe(const char *text, size_t len, char *buf, size_t buflen)
{
	size_t n = 0;

	if (!buflen)
		return "";
	for (size_t i = 0; i < len && text[i]; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (n + 4 >= buflen) {
			/* room for "..." and the terminator is kept back */
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		buf[n++] = ch < 0x20 || ch == 0x7f ? '?' : (char)ch;
	}
	buf[n] = '\0';
	return buf;
}

int pd_db_error(pd_reply_t *r, int rc, const char *what)
{
	if (rc == NEA_EAGAIN)
		return pd_reply_error(r, rc, "%s: the policy database is busy; try again", what);
	if (rc == NEA_ENOMEM)
		return pd_reply_error(r, rc, "%s: out of memory", what);
	NLOG(DB, 0, "%s failed: policy database error (%s)", what, nea_strerror(rc));
	return pd_reply_error(r, rc, "%s: policy database error (%s)", what, nea_strerror(rc));
}

int pd_close_out(pd_core_t *c, pd_session_t *s, const char *why)
{
	int64_t id = s->id;
	uint32_t conn = s->connection;
	pdb_stop_t st;
	int rc;

	rc = pdb_session_stop(c->db, id, PDB_REC_NONE, &st);
	if (rc == NEA_ENOTFOUND) {
		NLOG(DB, 1, "session %lld (Connection ID %u) is gone from the database (%s)",
		     (long long)id, conn, why);
		pd_sessions_remove(&c->open, id);
		return 0;
	}
	if (rc < 0) {
		NLOG(DB, 0, "session %lld (Connection ID %u) could not be closed out (%s): %s; "
			    "trying again later", (long long)id, conn, why, nea_strerror(rc));
		return rc;
	}
	NLOG(DB, 1, "session %lld (Connection ID %u) closed out with no recommendation: %s; "
		    "%zu workitem result%s kept", (long long)id, conn, why, st.results,
	     st.results == 1 ? "" : "s");
	pdb_stop_free(&st);
	pd_sessions_remove(&c->open, id);
	c->stats.closed_out++;
	return 0;
}

/* Sessions an earlier run (or strongSwan) left with neither a
 * recommendation nor a stop, older than the session timeout: nobody can
 * stop them any more. */
static int close_out_stale(pd_core_t *c, int64_t now)
{
	pdb_session_info_t *list;
	size_t n;
	int rc;

	rc = pdb_sessions_unstopped(c->db, now - (int64_t)c->limits.session_timeout, false,
				    PD_MAX_STALE_PER_PASS, &list, &n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		pdb_stop_t st;

		rc = pdb_session_stop(c->db, list[i].id, PDB_REC_NONE, &st);
		if (rc < 0) {
			NLOG(DB, 0, "session %lld (Connection ID %u) left open by an earlier run could "
				    "not be closed out: %s", (long long)list[i].id, list[i].connection,
			     nea_strerror(rc));
			continue;
		}
		NLOG(DB, 1, "session %lld (Connection ID %u) was left open by an earlier run: "
			    "closed out with no recommendation, %zu workitem result%s kept",
		     (long long)list[i].id, list[i].connection, st.results,
		     st.results == 1 ? "" : "s");
		pdb_stop_free(&st);
		c->stats.closed_out++;
	}
	free(list);
	return 0;
}

/* Younger unstopped sessions are the ones the IMV host is still working
 * on while nea-policyd was away; it continues with them. */
static int take_over(pd_core_t *c, int64_t now)
{
	pdb_session_info_t *list;
	size_t n;
	int rc;

	rc = pdb_sessions_unstopped(c->db, now - (int64_t)c->limits.session_timeout, true,
				    c->limits.max_sessions, &list, &n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		/* No IMV host has asked about it yet in this run: it counts as
		 * orphaned, so a host that restarted too (the whole system came
		 * back) does not leave it open for a full session_timeout; the
		 * first request about it clears the mark. */
		pd_session_t s = {
			.id = list[i].id,
			.connection = list[i].connection,
			.started = list[i].device != 0 || list[i].workitems > 0,
			.last_active = now,
			.orphaned_at = now,
		};

		/* a newer session of the same connection supersedes an older one;
		 * the list is newest first */
		if (pd_sessions_find_conn(&c->open, s.connection))
			continue;
		rc = pd_sessions_add(&c->open, &s);
		if (rc < 0)
			break;
		NLOG(DB, 2, "session %lld (Connection ID %u) is open again (%s, %lld of %lld "
			    "workitems done)", (long long)s.id, s.connection,
		     s.started ? "started" : "not started", (long long)list[i].finalized,
		     (long long)list[i].workitems);
	}
	free(list);
	if (c->open.n)
		NLOG(DB, 1, "carrying on with %zu open session%s of the previous run", c->open.n,
		     c->open.n == 1 ? "" : "s");
	return rc < 0 ? rc : 0;
}

int pd_core_new(pdb_t *db, const pd_limits_t *limits, pd_core_t **out)
{
	pd_core_t *c = calloc(1, sizeof(*c));
	int64_t now;
	int rc;

	*out = NULL;
	if (!c)
		return NEA_ENOMEM;
	c->db = db;
	c->limits = *limits;
	pd_sessions_init(&c->open, limits->max_sessions);
	if (db) {
		now = pd_core_now(c);
		rc = close_out_stale(c, now);
		if (rc == 0)
			rc = take_over(c, now);
		if (rc < 0) {
			pd_core_free(c);
			return rc;
		}
	}
	*out = c;
	return 0;
}

void pd_core_free(pd_core_t *c)
{
	if (!c)
		return;
	pd_sessions_free(&c->open);
	free(c);
}

void pd_core_set_limits(pd_core_t *c, const pd_limits_t *limits)
{
	c->limits = *limits;
	/* already open sessions stay open even above a lowered maximum */
	c->open.max = limits->max_sessions > c->open.n ? limits->max_sessions : c->open.n;
}

size_t pd_core_open_sessions(const pd_core_t *c)
{
	return c->open.n;
}

bool pd_core_session_open(const pd_core_t *c, int64_t session)
{
	for (size_t i = 0; i < c->open.n; i++)
		if (c->open.s[i].id == session)
			return true;
	return false;
}

void pd_core_stats(const pd_core_t *c, pd_stats_t *out)
{
	*out = c->stats;
}

static const char *request_name(int body_case)
{
	switch (body_case) {
	case NEA__ENVELOPE__BODY_SESSION_CREATE: return "SessionCreate";
	case NEA__ENVELOPE__BODY_SESSION_START: return "SessionStart";
	case NEA__ENVELOPE__BODY_WORKITEM_RESULT: return "WorkitemResult";
	case NEA__ENVELOPE__BODY_SESSION_STOP: return "SessionStop";
	case NEA__ENVELOPE__BODY_PACKAGE_CHECK: return "PackageCheck";
	default: return "request";
	}
}

int pd_core_policy(pd_core_t *c, const Nea__Envelope *req, uint64_t link, pd_reply_t *r)
{
	int rc;

	c->stats.requests++;
	if (!c->db) {
		rc = pd_reply_error(r, NEA_ECONFIG,
				    "no policy database configured (libimcv.database); %s refused",
				    request_name(req->body_case));
	} else {
		switch (req->body_case) {
		case NEA__ENVELOPE__BODY_SESSION_CREATE:
			rc = pd_session_create(c, req, link, r);
			break;
		case NEA__ENVELOPE__BODY_SESSION_START:
			rc = pd_session_start(c, req, link, r);
			break;
		case NEA__ENVELOPE__BODY_WORKITEM_RESULT:
			rc = pd_workitem_result(c, req, link, r);
			break;
		case NEA__ENVELOPE__BODY_SESSION_STOP:
			rc = pd_session_stop(c, req, link, r);
			break;
		case NEA__ENVELOPE__BODY_PACKAGE_CHECK:
			rc = pd_package_check(c, req, r);
			break;
		default:
			rc = pd_reply_error(r, NEA_EUNSUPPORTED,
					    "message case %d is not a policy request",
					    (int)req->body_case);
			break;
		}
	}
	if (rc < 0) {
		c->stats.refused++;
		NLOG(DB, 1, "%s (req %llu) refused: %s", request_name(req->body_case),
		     (unsigned long long)req->req_id, r->message);
	}
	return rc < 0 ? rc : 0;
}

void pd_core_link_lost(pd_core_t *c, uint64_t link)
{
	int64_t now = pd_core_now(c);
	size_t n = 0;

	if (!link)
		return;
	for (size_t i = 0; i < c->open.n; i++)
		if (c->open.s[i].link == link && !c->open.s[i].orphaned_at) {
			c->open.s[i].orphaned_at = now;
			n++;
		}
	if (n)
		NLOG(DB, 1, "IMV host connection lost with %zu open session%s; closing %s out in %u s "
			    "unless the host comes back for %s", n, n == 1 ? "" : "s",
		     n == 1 ? "it" : "them", c->limits.orphan_timeout, n == 1 ? "it" : "them");
}

size_t pd_core_housekeeping(pd_core_t *c)
{
	int64_t now = pd_core_now(c);
	size_t closed = 0;
	char why[128];

	if (!c->db)
		return 0;
	/* backwards: pd_close_out moves the last entry into the freed slot */
	for (size_t i = c->open.n; i-- > 0;) {
		pd_session_t *s = &c->open.s[i];

		if (s->orphaned_at && now - s->orphaned_at >= (int64_t)c->limits.orphan_timeout)
			snprintf(why, sizeof(why), "its IMV host went away %lld s ago",
				 (long long)(now - s->orphaned_at));
		else if (now - s->last_active >= (int64_t)c->limits.session_timeout)
			snprintf(why, sizeof(why), "no request about it for %lld s",
				 (long long)(now - s->last_active));
		else
			continue;
		if (pd_close_out(c, s, why) == 0)
			closed++;
	}
	return closed;
}

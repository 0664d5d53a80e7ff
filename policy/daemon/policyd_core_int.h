/*
 * policyd_core_int: what the policyd_*.c request files share (the core's
 * state and helpers); nobody outside policy/daemon sees it.
 */
#ifndef NEA_POLICYD_CORE_INT_H
#define NEA_POLICYD_CORE_INT_H

#include "policyd_core.h"
#include "policyd_sessions.h"

struct pd_core {
	pdb_t *db;
	pd_limits_t limits;
	pd_sessions_t open;
	pd_stats_t stats;
};

/* Stop a session with no recommendation and forget it; why is for the
 * log. 0, or a database error (the session stays open for a later try). */
int pd_close_out(pd_core_t *c, pd_session_t *s, const char *why);

/* Copy text into buf for a log line: control bytes become '?', long text
 * is cut with "...". Returns buf. */
const char *pd_safe(const char *text, size_t len, char *buf, size_t buflen);

/* The PolicyError for a database failure rc while doing what. */
int pd_db_error(pd_reply_t *r, int rc, const char *what);

int pd_session_create(pd_core_t *c, const Nea__Envelope *req, uint64_t link, pd_reply_t *r);
int pd_session_start(pd_core_t *c, const Nea__Envelope *req, uint64_t link, pd_reply_t *r);
int pd_workitem_result(pd_core_t *c, const Nea__Envelope *req, uint64_t link, pd_reply_t *r);
int pd_session_stop(pd_core_t *c, const Nea__Envelope *req, uint64_t link, pd_reply_t *r);
int pd_package_check(pd_core_t *c, const Nea__Envelope *req, pd_reply_t *r);

#endif

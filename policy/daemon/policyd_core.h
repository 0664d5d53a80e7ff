/*
 * policyd_core: what nea-policyd does with a request, without sockets or an
 * event loop, so the unit tests drive it in-process on a temp database.
 *
 * Contract:
 *  - pd_core_new takes the database (NULL: none configured; then every
 *    request is answered PolicyError NEA_ECONFIG and every admin command
 *    status 3) but not its ownership. With a database it first closes out
 *    what an earlier run left behind: sessions with no recommendation that
 *    are older than session_timeout and still hold workitems are stopped
 *    with "no recommendation" (finalized results become results rows);
 *    younger ones become open again, so an IMV host carries on with them
 *    after nea-policyd was restarted; until a request names them they
 *    count as orphaned (closed out after orphan_timeout).
 *  - pd_core_policy answers one policy.sock envelope (SessionCreate,
 *    SessionStart, WorkitemResult, SessionStop, PackageCheck) in *r: the
 *    success body, or PolicyError{NEA_E* code, message}. Every field is
 *    checked before use (lengths, ranges, that a session or workitem
 *    belongs to an open session and, when the envelope carries a non-zero
 *    conn_id, to that TNCCS connection). Changes are committed before it
 *    returns, so a reply never reports what a crash could still lose. The
 *    caller copies req_id and conn_id into the reply envelope.
 *  - Success bodies: SessionCreate -> SessionCreated; SessionStart ->
 *    WorkitemList (all the session's workitems; a repeated start returns
 *    the same list); WorkitemResult -> WorkitemList of the session's
 *    workitems still waiting for a result (empty: all done); SessionStop ->
 *    SessionStopped with strongSwan's summary line; PackageCheck ->
 *    PackageStatus (one status per package, in order).
 *  - A SessionCreate for a TNCCS Connection ID that an open session still
 *    has closes that session out first (the broker numbers connections
 *    anew after a restart, so the old one can never be stopped).
 *  - link is the caller's number for the connection a request came on
 *    (0: unknown). pd_core_link_lost marks the sessions last used over it;
 *    pd_core_housekeeping closes out, with no recommendation, those marked
 *    longer than orphan_timeout ago and any open session idle for
 *    session_timeout.
 *  - pd_core_admin runs one AdminRequest through pdb_admin_run.
 *  - Time is pdb_now() of the database (tests pin it), time() without one.
 */
#ifndef NEA_POLICYD_CORE_H
#define NEA_POLICYD_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea.pb-c.h"
#include "pdb.h"
#include "policyd_reply.h"

/* Request limits: values from endpoints are far shorter in practice. */
#define PD_MAX_IDENTITIES 16
#define PD_MAX_IDENTITY_LEN 4096
#define PD_MAX_PEER_ADDR 64
#define PD_MAX_DEVICE_LEN 1024
#define PD_MAX_PRODUCT_LEN 512
#define PD_MAX_RESULT_LEN 16384
#define PD_MAX_PACKAGES 100000
#define PD_MAX_PACKAGE_LEN 1024
#define PD_MAX_ADMIN_ARGS 64
#define PD_MAX_ADMIN_ARG_LEN 4096

typedef struct {
	unsigned session_timeout;  /* s without a request before an open session is closed out */
	unsigned orphan_timeout;   /* s after its IMV host's connection went away */
	size_t max_sessions;       /* open at once */
} pd_limits_t;

/* nea.policyd defaults: 30 min, 60 s, 4096 */
void pd_limits_default(pd_limits_t *l);

typedef struct pd_core pd_core_t;

int pd_core_new(pdb_t *db, const pd_limits_t *limits, pd_core_t **out);
void pd_core_free(pd_core_t *c);
void pd_core_set_limits(pd_core_t *c, const pd_limits_t *limits);

/* Returns the NEA_E* code that went into a PolicyError, or 0. */
int pd_core_policy(pd_core_t *c, const Nea__Envelope *req, uint64_t link, pd_reply_t *r);
/* Returns the AdminReply status. uid is the peer's, for the log. */
int pd_core_admin(pd_core_t *c, const Nea__Envelope *req, unsigned uid, pd_reply_t *r);

void pd_core_link_lost(pd_core_t *c, uint64_t link);
/* Returns how many sessions were closed out. */
size_t pd_core_housekeeping(pd_core_t *c);

size_t pd_core_open_sessions(const pd_core_t *c);
bool pd_core_session_open(const pd_core_t *c, int64_t session);
int64_t pd_core_now(const pd_core_t *c);

typedef struct {
	unsigned long requests, refused, created, stopped, closed_out, admin;
} pd_stats_t;
void pd_core_stats(const pd_core_t *c, pd_stats_t *out);

#endif

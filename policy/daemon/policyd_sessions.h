/*
 * policyd_sessions: the sessions nea-policyd considers open ("live"): made
 * by SessionCreate (or taken over from the database at start-up) and not
 * yet stopped by SessionStop or closed out by housekeeping. Requests that
 * name a session or one of its workitems are accepted only for these.
 *
 * Contract: a bounded array (at most the max given to pd_sessions_init);
 * pointers returned by the find functions stay valid until the next add
 * or remove. Single-threaded.
 */
#ifndef NEA_POLICYD_SESSIONS_H
#define NEA_POLICYD_SESSIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	int64_t id;              /* sessions.id */
	uint32_t connection;     /* TNCCS Connection ID */
	bool started;            /* SessionStart made (or found) its workitems */
	int64_t last_active;     /* time of the last request about it */
	uint64_t link;           /* connection of its last request, 0 unknown */
	int64_t orphaned_at;     /* when that connection went away, 0 if not */
} pd_session_t;

typedef struct {
	pd_session_t *s;
	size_t n, cap, max;
} pd_sessions_t;

void pd_sessions_init(pd_sessions_t *t, size_t max);
void pd_sessions_free(pd_sessions_t *t);
/* NEA_ETOOBIG when max sessions are open, NEA_ENOMEM. */
int pd_sessions_add(pd_sessions_t *t, const pd_session_t *s);
pd_session_t *pd_sessions_find(pd_sessions_t *t, int64_t id);
pd_session_t *pd_sessions_find_conn(pd_sessions_t *t, uint32_t connection);
void pd_sessions_remove(pd_sessions_t *t, int64_t id);

#endif

/* The table of open sessions (see policyd_sessions.h). */
#include "policyd_sessions.h"

#include <stdlib.h>
#include <string.h>

#include "nea_err.h"

void pd_sessions_init(pd_sessions_t *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max;
}

void pd_sessions_free(pd_sessions_t *t)
{
	free(t->s);
	memset(t, 0, sizeof(*t));
}

int pd_sessions_add(pd_sessions_t *t, const pd_session_t *s)
{
	if (t->n >= t->max)
		return NEA_ETOOBIG;
	if (t->n == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		pd_session_t *p;

		if (ncap > t->max)
			ncap = t->max;
		p = reallocarray(t->s, ncap, sizeof(*p));
		if (!p)
			return NEA_ENOMEM;
		t->s = p;
		t->cap = ncap;
	}
	t->s[t->n++] = *s;
	return 0;
}

pd_session_t *pd_sessions_find(pd_sessions_t *t, int64_t id)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->s[i].id == id)
			return &t->s[i];
	return NULL;
}

pd_session_t *pd_sessions_find_conn(pd_sessions_t *t, uint32_t connection)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->s[i].connection == connection)
			return &t->s[i];
	return NULL;
}

void pd_sessions_remove(pd_sessions_t *t, int64_t id)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->s[i].id == id) {
			/* order carries no meaning; the last one fills the gap */
			t->s[i] = t->s[--t->n];
			return;
		}
}

/*
 * policyd_reply: the answer nea-policyd builds for one request, with
 * everything its protobuf-c structures point to owned by it.
 *
 * Contract: pd_reply_init before use, pd_reply_free after sending (or
 * inspecting, in tests). Exactly one body is set in env. pd_reply_error
 * turns any reply into PolicyError{code, message} and returns code, so a
 * handler can end with `return pd_reply_error(r, NEA_EINVAL, "...")`.
 * Strings placed in the reply (worklist arguments, summary, admin output)
 * are owned by the reply and released by pd_reply_free.
 */
#ifndef NEA_POLICYD_REPLY_H
#define NEA_POLICYD_REPLY_H

#include "nea.pb-c.h"
#include "pdb.h"

typedef struct {
	Nea__Envelope env;
	Nea__SessionCreated created;
	Nea__WorkitemList workitems;
	Nea__SessionStopped stopped;
	Nea__PackageStatus packages;
	Nea__PolicyError error;
	Nea__AdminReply admin;
	pdb_worklist_t list;        /* what workitems.items point into */
	Nea__Workitem *items;
	Nea__Workitem **item_ptrs;
	char *owned[2];             /* summary, admin output/error */
	char message[512];          /* PolicyError.message */
} pd_reply_t;

void pd_reply_init(pd_reply_t *r);
void pd_reply_free(pd_reply_t *r);

int pd_reply_error(pd_reply_t *r, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void pd_reply_session_created(pd_reply_t *r, int64_t session);
/* Takes over list (its memory is released with the reply). */
int pd_reply_worklist(pd_reply_t *r, pdb_worklist_t *list);
/* Takes over summary (may be NULL). */
void pd_reply_session_stopped(pd_reply_t *r, int64_t session, char *summary);
/* Takes over status (n entries). */
void pd_reply_package_status(pd_reply_t *r, uint32_t *status, size_t n);
/* Takes over out and err (either may be NULL). */
void pd_reply_admin(pd_reply_t *r, int status, char *out, char *err);

#endif

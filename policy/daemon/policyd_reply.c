/* Building and releasing nea-policyd's replies (see policyd_reply.h). */
#include "policyd_reply.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"

void pd_reply_init(pd_reply_t *r)
{
	memset(r, 0, sizeof(*r));
	nea__envelope__init(&r->env);
}

void pd_reply_free(pd_reply_t *r)
{
	for (size_t i = 0; i < sizeof(r->owned) / sizeof(r->owned[0]); i++)
		free(r->owned[i]);
	free(r->packages.status);
	free(r->item_ptrs);
	free(r->items);
	pdb_worklist_free(&r->list);
	pd_reply_init(r);
}

int pd_reply_error(pd_reply_t *r, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->message, sizeof(r->message), fmt, ap);
	va_end(ap);
	nea__policy_error__init(&r->error);
	r->error.code = code;
	r->error.message = r->message;
	r->env.body_case = NEA__ENVELOPE__BODY_POLICY_ERROR;
	r->env.policy_error = &r->error;
	return code;
}

void pd_reply_session_created(pd_reply_t *r, int64_t session)
{
	nea__session_created__init(&r->created);
	r->created.session_id = (uint64_t)session;
	r->env.body_case = NEA__ENVELOPE__BODY_SESSION_CREATED;
	r->env.session_created = &r->created;
}

int pd_reply_worklist(pd_reply_t *r, pdb_worklist_t *list)
{
	size_t n = list->n;

	r->list = *list;
	memset(list, 0, sizeof(*list));
	if (n) {
		r->items = calloc(n, sizeof(*r->items));
		r->item_ptrs = calloc(n, sizeof(*r->item_ptrs));
		if (!r->items || !r->item_ptrs)
			return pd_reply_error(r, NEA_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		const pdb_workitem_t *w = &r->list.items[i];
		Nea__Workitem *o = &r->items[i];

		nea__workitem__init(o);
		o->id = (uint64_t)w->id;
		o->type = (uint32_t)w->type;
		o->arg_str = w->arg_str;
		o->has_arg_int = true;
		o->arg_int = w->arg_int;
		o->rec_fail = (uint32_t)w->rec_fail;
		o->rec_noresult = (uint32_t)w->rec_noresult;
		o->has_enforcement = true;
		o->enforcement = (uint64_t)w->enforcement;
		r->item_ptrs[i] = o;
	}
	nea__workitem_list__init(&r->workitems);
	r->workitems.session_id = (uint64_t)r->list.session;
	r->workitems.n_items = n;
	r->workitems.items = r->item_ptrs;
	r->workitems.has_device = r->list.device != 0;
	r->workitems.device = (uint64_t)r->list.device;
	r->workitems.has_product = r->list.product != 0;
	r->workitems.product = (uint64_t)r->list.product;
	r->env.body_case = NEA__ENVELOPE__BODY_WORKITEMS;
	r->env.workitems = &r->workitems;
	return 0;
}

void pd_reply_session_stopped(pd_reply_t *r, int64_t session, char *summary)
{
	r->owned[0] = summary;
	nea__session_stopped__init(&r->stopped);
	r->stopped.session_id = (uint64_t)session;
	r->stopped.summary = summary;
	r->env.body_case = NEA__ENVELOPE__BODY_SESSION_STOPPED;
	r->env.session_stopped = &r->stopped;
}

void pd_reply_package_status(pd_reply_t *r, uint32_t *status, size_t n)
{
	nea__package_status__init(&r->packages);
	r->packages.status = status;
	r->packages.n_status = n;
	r->env.body_case = NEA__ENVELOPE__BODY_PACKAGE_STATUS;
	r->env.package_status = &r->packages;
}

void pd_reply_admin(pd_reply_t *r, int status, char *out, char *err)
{
	r->owned[0] = out;
	r->owned[1] = err;
	nea__admin_reply__init(&r->admin);
	r->admin.status = status;
	r->admin.output = out;
	r->admin.error = err;
	r->env.body_case = NEA__ENVELOPE__BODY_ADMIN_REPLY;
	r->env.admin_reply = &r->admin;
}

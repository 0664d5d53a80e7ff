/*
 * The host's side of the policy.proto conversation: outstanding requests
 * by req_id, their replies, failures (send error, PolicyError, lost link,
 * timeout) and the callbacks that carry the answers to the session or to
 * an IMV. A failure is never delivered from inside the step that made the
 * request: it is recorded and handed over by the connection's pump.
 */
#include "imv_host_int.h"

#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"

static imv_req_t *req_add(imv_host_t *h)
{
	if (h->n_reqs == h->cap_reqs) {
		size_t cap = h->cap_reqs ? h->cap_reqs * 2 : 16;
		imv_req_t *n = realloc(h->reqs, cap * sizeof(*n));

		if (!n)
			return NULL;
		h->reqs = n;
		h->cap_reqs = cap;
	}
	memset(&h->reqs[h->n_reqs], 0, sizeof(h->reqs[0]));
	return &h->reqs[h->n_reqs++];
}

static ssize_t req_find(const imv_host_t *h, uint64_t req_id)
{
	for (size_t i = 0; i < h->n_reqs; i++) {
		if (h->reqs[i].req_id == req_id)
			return (ssize_t)i;
	}
	return -1;
}

static imv_req_t req_take(imv_host_t *h, size_t i)
{
	imv_req_t r = h->reqs[i];

	h->reqs[i] = h->reqs[--h->n_reqs];
	return r;
}

static int send_req(imv_host_t *h, imv_req_t *r, uint32_t conn_id, Nea__Envelope *req)
{
	req->has_req_id = true;
	req->req_id = r->req_id;
	req->has_conn_id = true;
	req->conn_id = conn_id;
	return h->io.to_policy ? h->io.to_policy(h->io.ctx, req) : NEA_ECLOSED;
}

int imv_host_request(imv_conn_t *c, Nea__Envelope *req, const char *what,
		     imv_host_reply_fn host_fn, imv_state_t *st, imv_reply_fn mod_fn, void *arg)
{
	imv_host_t *h = c->h;
	imv_req_t *r = req_add(h);
	uint64_t id;
	ssize_t i;
	int rc;

	if (!r)
		return NEA_ENOMEM;
	id = ++h->next_req;
	r->req_id = id;
	r->conn = c;
	r->conn_id = c->id;
	r->st = st;
	r->mod_fn = mod_fn;
	r->host_fn = host_fn;
	r->arg = arg;
	r->what = what;
	r->deadline = imv_host_now(h) + h->opts.policy_timeout_ms;
	c->pending++;
	rc = send_req(h, r, c->id, req);
	if (rc < 0) {
		NLOG(IMV, 1, "policy: cannot send %s of Connection ID %u to nea-policyd (%s)", what,
		     c->id, nea_strerror(rc));
		i = req_find(h, id);
		if (i >= 0)
			h->reqs[i].failed = rc;
	}
	return 0;
}

void imv_host_notify(imv_conn_t *c, Nea__Envelope *req, const char *what)
{
	imv_host_t *h = c->h;
	imv_req_t *r = req_add(h);
	int rc;

	if (!r) {
		NLOG(IMV, 1, "policy: out of memory for %s of Connection ID %u", what, c->id);
		return;
	}
	r->req_id = ++h->next_req;
	r->conn_id = c->id;
	r->what = what;
	r->deadline = imv_host_now(h) + h->opts.policy_timeout_ms;
	rc = send_req(h, r, c->id, req);
	if (rc < 0) {
		NLOG(IMV, 1, "policy: cannot send %s of Connection ID %u to nea-policyd (%s)", what,
		     c->id, nea_strerror(rc));
		h->n_reqs--; /* still the last entry: nothing was added since */
	}
}

bool imv_host_has_failed(const imv_conn_t *c)
{
	const imv_host_t *h = c->h;

	for (size_t i = 0; i < h->n_reqs; i++) {
		if (h->reqs[i].conn == c && h->reqs[i].failed)
			return true;
	}
	return false;
}

static void complete(imv_conn_t *c, imv_req_t *r, const Nea__Envelope *reply, int err)
{
	if (c->pending)
		c->pending--;
	if (r->mod_fn)
		r->mod_fn(r->st, reply, err, r->arg);
	else if (r->host_fn)
		r->host_fn(c, reply, err, r->arg);
}

size_t imv_host_deliver_failed(imv_conn_t *c)
{
	imv_host_t *h = c->h;
	size_t n = 0;

	for (size_t i = 0; i < h->n_reqs;) {
		imv_req_t r;

		if (h->reqs[i].conn != c || !h->reqs[i].failed) {
			i++;
			continue;
		}
		r = req_take(h, i);
		complete(c, &r, NULL, r.failed);
		n++;
		i = 0; /* callbacks may have added or removed requests */
	}
	return n;
}

void imv_host_cancel_requests(imv_conn_t *c)
{
	imv_host_t *h = c->h;

	for (size_t i = 0; i < h->n_reqs; i++) {
		imv_req_t *r = &h->reqs[i];

		if (r->conn != c)
			continue;
		/* keep the id so a late reply is recognised, but forget its owner */
		r->conn = NULL;
		r->st = NULL;
		r->mod_fn = NULL;
		r->host_fn = NULL;
		r->arg = NULL;
		r->failed = 0;
	}
	c->pending = 0;
}

size_t imv_host_pending_requests(const imv_host_t *h)
{
	return h->n_reqs;
}

void imv_host_policy_msg(imv_host_t *h, const Nea__Envelope *env)
{
	ssize_t i = env->has_req_id ? req_find(h, env->req_id) : -1;
	imv_req_t r;
	int err = 0;

	if (i < 0) {
		NLOG(IMV, 1, "policy: nea-policyd answered request %llu which is not outstanding "
			     "(late or unknown); ignored",
		     (unsigned long long)env->req_id);
		return;
	}
	r = req_take(h, (size_t)i);
	if (env->body_case == NEA__ENVELOPE__BODY_POLICY_ERROR) {
		err = env->policy_error->code < 0 ? env->policy_error->code : NEA_EIO;
		NLOG(IMV, 1, "policy: nea-policyd refused %s of Connection ID %u: %s (%s)", r.what,
		     r.conn_id, env->policy_error->message, nea_strerror(err));
	}
	if (!r.conn) {
		if (!err && env->body_case == NEA__ENVELOPE__BODY_SESSION_STOPPED &&
		    env->session_stopped->summary)
			NLOG(IMV, 1, "policy: %s", env->session_stopped->summary);
		return;
	}
	complete(r.conn, &r, err ? NULL : env, err);
	imv_host_pump(r.conn);
}

/* Fail the requests selected by fail(); then let their connections go on. */
static void fail_where(imv_host_t *h, bool (*fail)(const imv_req_t *r, uint64_t now), int reason)
{
	imv_conn_t **touched = NULL;
	size_t nt = 0;
	uint64_t now = imv_host_now(h);

	if (h->n_reqs)
		touched = calloc(h->n_reqs, sizeof(*touched));
	for (size_t i = 0; i < h->n_reqs;) {
		imv_req_t *r = &h->reqs[i];

		if (!fail(r, now)) {
			i++;
			continue;
		}
		if (!r->conn) {
			req_take(h, i); /* nothing waits for it */
			continue;
		}
		if (reason == NEA_EAGAIN)
			NLOG(IMV, 1, "policy: nea-policyd did not answer %s of Connection ID %u in "
				     "time", r->what, r->conn_id);
		r->failed = reason;
		if (touched) {
			bool seen = false;

			for (size_t k = 0; k < nt; k++)
				seen |= touched[k] == r->conn;
			if (!seen)
				touched[nt++] = r->conn;
		}
		i++;
	}
	/* Pumping one connection never frees another. */
	for (size_t k = 0; k < nt; k++)
		imv_host_pump(touched[k]);
	free(touched);
}

static bool any_req(const imv_req_t *r, uint64_t now)
{
	(void)now;
	return !r->failed;
}

static bool expired_req(const imv_req_t *r, uint64_t now)
{
	return !r->failed && r->deadline <= now;
}

void imv_host_policy_down(imv_host_t *h, int reason)
{
	size_t waiting = 0;

	for (size_t i = 0; i < h->n_reqs; i++)
		waiting += h->reqs[i].conn != NULL;
	if (waiting)
		NLOG(IMV, 1, "policy: lost nea-policyd with %zu request(s) outstanding; the IMVs "
			     "evaluate without a policy database",
		     waiting);
	fail_where(h, any_req, reason ? reason : NEA_ECLOSED);
}

void imv_host_tick(imv_host_t *h)
{
	fail_where(h, expired_req, NEA_EAGAIN);
	imv_host_tick_conns(h, imv_host_now(h));
}

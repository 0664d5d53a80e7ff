/*
 * nea-brokerd connection table: every assessment a front end opened, found
 * by its TNCCS Connection ID (host replies) or by (front end, front-end
 * number) (batches), each with the PB-TNC server core and a timer that
 * bounds how long the IMV host may take to answer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brokerd.h"
#include "nea_err.h"
#include "nea_log.h"
#include "tnc_names.h"
#include "tnccs_attrs.h"

static unsigned id_bucket(uint32_t id)
{
	return (id * 2654435761u) % BROKERD_BUCKETS;
}

static unsigned fe_bucket(const brokerd_front_t *fe, uint64_t fe_id)
{
	uint64_t h = (uint64_t)(uintptr_t)fe ^ (fe_id * 0x9e3779b97f4a7c15ull);

	return (unsigned)((h ^ (h >> 29)) % BROKERD_BUCKETS);
}

brokerd_conn_t *brokerd_conn_by_id(brokerd_t *b, uint32_t id)
{
	for (brokerd_conn_t *c = b->by_id[id_bucket(id)]; c; c = c->id_next)
		if (c->id == id)
			return c;
	return NULL;
}

brokerd_conn_t *brokerd_conn_by_fe(brokerd_t *b, const brokerd_front_t *fe, uint64_t fe_id)
{
	for (brokerd_conn_t *c = b->by_fe[fe_bucket(fe, fe_id)]; c; c = c->fe_hash_next)
		if (c->fe == fe && c->fe_id == fe_id)
			return c;
	return NULL;
}

/* strongSwan counts connection IDs up from 1; skip 0 and IDs still in use
 * after a wrap. */
static uint32_t assign_id(brokerd_t *b)
{
	for (;;) {
		uint32_t id = ++b->next_id;

		if (id == 0)
			continue;
		if (!brokerd_conn_by_id(b, id))
			return id;
	}
}

/* ---- what the server core asks for ----------------------------------- */

static int ops_to_host(void *arg, Nea__Envelope *env)
{
	brokerd_conn_t *c = arg;

	return brokerd_host_send(c->b, env);
}

static void ops_to_peer(void *arg, const uint8_t *batch, size_t len)
{
	brokerd_conn_t *c = arg;
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Batch bm = NEA__BATCH__INIT;

	bm.data.data = (uint8_t *)batch;
	bm.data.len = len;
	env.body_case = NEA__ENVELOPE__BODY_BATCH;
	env.batch = &bm;
	brokerd_front_send(c, &env);
}

static void ops_verdict(void *arg, const tnccs_verdict_t *v)
{
	brokerd_conn_t *c = arg;
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Verdict vm = NEA__VERDICT__INIT;

	vm.recommendation = v->recommendation;
	vm.evaluation = v->evaluation;
	vm.reason = (char *)v->reason;
	vm.reason_lang = (char *)v->reason_lang;
	vm.has_failsafe = 1;
	vm.failsafe = v->failsafe;
	env.body_case = NEA__ENVELOPE__BODY_VERDICT;
	env.verdict = &vm;
	c->b->verdicts++;
	if (v->failsafe)
		c->b->failsafe_verdicts++;
	c->verdict_sent = true;
	NLOG(TNC, 1, "Connection ID %u: verdict '%s' / '%s'%s sent to front end pid %d (its connection %llu)",
	     c->id, tnc_action_rec_name(v->recommendation) ? tnc_action_rec_name(v->recommendation) : "?",
	     tnc_eval_name(v->evaluation) ? tnc_eval_name(v->evaluation) : "?",
	     v->failsafe ? " (fail-safe)" : "", c->fe ? (int)c->fe->pid : -1,
	     (unsigned long long)c->fe_id);
	brokerd_front_send(c, &env);
}

static void on_timeout(uv_timer_t *t)
{
	brokerd_conn_t *c = t->data;

	c->timer_running = false;
	NLOG(TNC, 1, "Connection ID %u: no answer from the measurement host within %u ms", c->id,
	     c->b->host_timeout_ms);
	tnccs_server_host_timeout(c->srv);
	brokerd_conn_settle(c);
}

static void ops_wait_host(void *arg, bool waiting)
{
	brokerd_conn_t *c = arg;

	if (waiting && !c->timer_running && c->b->host_timeout_ms) {
		if (uv_timer_start(&c->timer, on_timeout, c->b->host_timeout_ms, 0) == 0)
			c->timer_running = true;
	} else if (!waiting && c->timer_running) {
		uv_timer_stop(&c->timer);
		c->timer_running = false;
	}
}

/* ---- life cycle ---------------------------------------------------------- */

static void on_timer_closed(uv_handle_t *h)
{
	free(h->data);
}

brokerd_conn_t *brokerd_conn_open(brokerd_t *b, brokerd_front_t *fe, uint64_t fe_id,
				  const Nea__ConnOpen *co)
{
	tnccs_server_ops_t ops = {
		.to_host = ops_to_host,
		.to_peer = ops_to_peer,
		.verdict = ops_verdict,
		.wait_host = ops_wait_host,
	};
	tnccs_server_opts_t o = { 0 };
	const char *why = NULL;
	brokerd_conn_t *c;
	unsigned h;
	int rc;

	if (b->n_conns >= b->max_conns) {
		NLOG(TNC, 0, "front end pid %d: connection %llu from %s refused: %zu assessments already running (nea.brokerd.max_connections)",
		     (int)fe->pid, (unsigned long long)fe_id, co->peer_addr, b->n_conns);
		return NULL;
	}
	if (co->transport != NEA__TRANSPORT__TRANSPORT_PT_TLS &&
	    co->transport != NEA__TRANSPORT__TRANSPORT_PT_EAP &&
	    co->transport != NEA__TRANSPORT__TRANSPORT_EAP_TNC) {
		NLOG(TNC, 1, "front end pid %d: connection %llu from %s names no known transport (%d); refused",
		     (int)fe->pid, (unsigned long long)fe_id, co->peer_addr, (int)co->transport);
		return NULL;
	}
	if (co->has_client_role && co->client_role) {
		NLOG(TNC, 1, "front end pid %d: connection %llu asks for the TNC client role; nea-brokerd is the TNC server only",
		     (int)fe->pid, (unsigned long long)fe_id);
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		NLOG(TNC, 0, "out of memory for connection %llu of front end pid %d",
		     (unsigned long long)fe_id, (int)fe->pid);
		return NULL;
	}
	c->b = b;
	c->fe = fe;
	c->fe_id = fe_id;
	c->id = assign_id(b);
	ops.arg = c;
	o.conn_id = c->id;
	o.transport = co->transport;
	if (tnccs_limits_from_conf(nea_daemon_conf(b->d), "charon", co->transport,
				   co->has_max_batch_size ? co->max_batch_size : 0,
				   co->has_max_msg_size ? co->max_msg_size : 0, &o.lim, &why) < 0 && why)
		NLOG(CFG, 1, "%s", why);
	o.policy = b->policy;
	o.failsafe_rec = b->failsafe_rec;
	o.peer_addr = co->peer_addr;
	o.identities = co->identities;
	o.n_identities = co->n_identities;
	o.reg = &b->reg;
	rc = uv_timer_init(b->loop, &c->timer);
	if (rc < 0) {
		NLOG(TNC, 0, "cannot create a timer for connection %llu: %s",
		     (unsigned long long)fe_id, uv_strerror(rc));
		free(c);
		return NULL;
	}
	c->timer.data = c;
	rc = tnccs_server_new(&o, &ops, &c->srv);
	if (rc < 0) {
		NLOG(TNC, 1, "front end pid %d: connection %llu from %s refused: %s (too many or too large identities?)",
		     (int)fe->pid, (unsigned long long)fe_id, co->peer_addr, nea_strerror(rc));
		c->dead = true;
		uv_close((uv_handle_t *)&c->timer, on_timer_closed);
		return NULL;
	}
	h = id_bucket(c->id);
	c->id_next = b->by_id[h];
	b->by_id[h] = c;
	h = fe_bucket(fe, fe_id);
	c->fe_hash_next = b->by_fe[h];
	b->by_fe[h] = c;
	c->fe_next = fe->conns;
	if (fe->conns)
		fe->conns->fe_pprev = &c->fe_next;
	fe->conns = c;
	c->fe_pprev = &fe->conns;
	b->n_conns++;
	NLOG(TNC, 2, "Connection ID %u is %s connection %llu of front end pid %d from %s",
	     c->id, tnccs_transport_name(co->transport), (unsigned long long)fe_id, (int)fe->pid,
	     co->peer_addr);
	return c;
}

static void unlink_conn(brokerd_conn_t *c)
{
	brokerd_t *b = c->b;
	brokerd_conn_t **pp;

	for (pp = &b->by_id[id_bucket(c->id)]; *pp; pp = &(*pp)->id_next)
		if (*pp == c) {
			*pp = c->id_next;
			break;
		}
	for (pp = &b->by_fe[fe_bucket(c->fe, c->fe_id)]; *pp; pp = &(*pp)->fe_hash_next)
		if (*pp == c) {
			*pp = c->fe_hash_next;
			break;
		}
	*c->fe_pprev = c->fe_next;
	if (c->fe_next)
		c->fe_next->fe_pprev = c->fe_pprev;
	b->n_conns--;
}

static void free_conn(brokerd_conn_t *c)
{
	if (c->dead)
		return;
	c->dead = true;
	unlink_conn(c);
	if (c->timer_running)
		uv_timer_stop(&c->timer);
	tnccs_server_free(c->srv);
	c->srv = NULL;
	uv_close((uv_handle_t *)&c->timer, on_timer_closed);
}

void brokerd_conn_settle(brokerd_conn_t *c)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnClose cc = NEA__CONN_CLOSE__INIT;

	if (c->dead || !tnccs_server_ended(c->srv))
		return;
	cc.reason = (char *)"assessment complete";
	if (!c->verdict_sent) {
		cc.reason = (char *)"assessment failed";
		cc.has_error = 1;
		cc.error = 1;
	}
	env.body_case = NEA__ENVELOPE__BODY_CONN_CLOSE;
	env.conn_close = &cc;
	brokerd_front_send(c, &env);
	free_conn(c);
}

void brokerd_conn_drop(brokerd_conn_t *c, const char *why)
{
	if (c->dead)
		return;
	if (!tnccs_server_ended(c->srv))
		NLOG(TNC, 1, "Connection ID %u ends before a verdict: %s", c->id, why);
	free_conn(c);
}

uint32_t *brokerd_conn_ids(brokerd_t *b, size_t *n)
{
	uint32_t *ids = calloc(b->n_conns ? b->n_conns : 1, sizeof(*ids));
	size_t k = 0;

	*n = 0;
	if (!ids)
		return NULL;
	for (unsigned i = 0; i < BROKERD_BUCKETS; i++)
		for (brokerd_conn_t *c = b->by_id[i]; c && k < b->n_conns; c = c->id_next)
			ids[k++] = c->id;
	*n = k;
	return ids;
}

void brokerd_conn_drop_all(brokerd_t *b)
{
	for (unsigned i = 0; i < BROKERD_BUCKETS; i++)
		while (b->by_id[i])
			brokerd_conn_drop(b->by_id[i], "nea-brokerd is stopping");
}

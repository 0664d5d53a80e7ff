/*
 * nea-brokerd front ends (nea-pttlsd, nea-iked) on broker.sock
 * (ARCHITECTURE §11.1): ConnOpen starts an assessment, every Batch is
 * handed to that connection's PB-TNC server, ConnClose ends it early. A
 * front end that goes away takes its connections with it. Envelopes that
 * break the conversation (a batch for a connection that was never opened,
 * a second ConnOpen for a number in use) are logged and answered with
 * ConnClose{error}; they never affect other connections.
 */
#include <stdlib.h>
#include <string.h>

#include "brokerd.h"
#include "nea_err.h"
#include "nea_log.h"

int brokerd_front_send(brokerd_conn_t *c, Nea__Envelope *env)
{
	int rc;

	if (!c->fe || !c->fe->link)
		return NEA_ECLOSED;
	env->conn_id = c->fe_id;
	env->has_conn_id = 1;
	rc = ipc_link_send(c->fe->link, env);
	if (rc < 0)
		NLOG(TNC, 1, "Connection ID %u: cannot reach front end pid %d: %s", c->id,
		     (int)c->fe->pid, nea_strerror(rc));
	return rc;
}

static void send_close_error(ipc_link_t *l, uint64_t fe_id, const char *reason)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnClose cc = NEA__CONN_CLOSE__INIT;

	cc.reason = (char *)reason;
	cc.has_error = 1;
	cc.error = 1;
	env.conn_id = fe_id;
	env.has_conn_id = 1;
	env.body_case = NEA__ENVELOPE__BODY_CONN_CLOSE;
	env.conn_close = &cc;
	ipc_link_send(l, &env);
}

void brokerd_front_accept(ipc_server_t *s, ipc_link_t *l, void *arg)
{
	brokerd_t *b = arg;
	brokerd_front_t *fe = calloc(1, sizeof(*fe));

	(void)s;
	if (!fe) {
		NLOG(TNC, 0, "out of memory for a front end; refusing it");
		ipc_link_close(l);
		return;
	}
	fe->b = b;
	fe->link = l;
	fe->pid = ipc_link_peer_pid(l);
	fe->next = b->fronts;
	if (b->fronts)
		b->fronts->pprev = &fe->next;
	b->fronts = fe;
	fe->pprev = &b->fronts;
	b->n_fronts++;
	ipc_link_set_data(l, fe);
	NLOG(TNC, 1, "front end pid %d connected to broker.sock", (int)fe->pid);
}

static void open_conn(brokerd_front_t *fe, uint64_t fe_id, const Nea__ConnOpen *co)
{
	brokerd_t *b = fe->b;
	brokerd_conn_t *old = brokerd_conn_by_fe(b, fe, fe_id);

	if (old) {
		NLOG(TNC, 1, "front end pid %d opened connection %llu twice; ending both",
		     (int)fe->pid, (unsigned long long)fe_id);
		brokerd_conn_drop(old, "the front end reused its connection number");
		send_close_error(fe->link, fe_id, "connection number reused");
		return;
	}
	if (!brokerd_conn_open(b, fe, fe_id, co))
		send_close_error(fe->link, fe_id, "assessment refused");
}

void brokerd_front_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	brokerd_front_t *fe = ipc_link_data(l);
	brokerd_conn_t *c;
	uint64_t fe_id = env->conn_id;

	(void)arg;
	if (!fe)
		return;
	if (!env->has_conn_id) {
		NLOG(TNC, 1, "front end pid %d: envelope case %d without a connection number ignored",
		     (int)fe->pid, (int)env->body_case);
		return;
	}
	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_CONN_OPEN:
		open_conn(fe, fe_id, env->conn_open);
		break;
	case NEA__ENVELOPE__BODY_BATCH:
		c = brokerd_conn_by_fe(fe->b, fe, fe_id);
		if (!c) {
			NLOG(TNC, 1, "front end pid %d: PB-TNC batch for connection %llu, which is not open",
			     (int)fe->pid, (unsigned long long)fe_id);
			send_close_error(l, fe_id, "no such connection");
			break;
		}
		fe->b->batches++;
		tnccs_server_recv(c->srv, env->batch->data.data, env->batch->data.len);
		brokerd_conn_settle(c);
		break;
	case NEA__ENVELOPE__BODY_CONN_CLOSE:
		c = brokerd_conn_by_fe(fe->b, fe, fe_id);
		if (!c) {
			NLOG(TNC, 2, "front end pid %d closed connection %llu, which is not open (any more)",
			     (int)fe->pid, (unsigned long long)fe_id);
			break;
		}
		NLOG(TNC, 1, "front end pid %d closed Connection ID %u%s%s", (int)fe->pid, c->id,
		     env->conn_close->reason ? ": " : "",
		     env->conn_close->reason ? env->conn_close->reason : "");
		brokerd_conn_drop(c, "the front end closed the connection");
		break;
	default:
		break; /* the link's allow-list admits nothing else */
	}
}

static void release(brokerd_front_t *fe, ipc_link_t *l, const char *why)
{
	brokerd_t *b = fe->b;

	fe->link = NULL; /* nothing more can be sent to it */
	while (fe->conns)
		brokerd_conn_drop(fe->conns, why);
	*fe->pprev = fe->next;
	if (fe->next)
		fe->next->pprev = fe->pprev;
	b->n_fronts--;
	if (l)
		ipc_link_set_data(l, NULL);
	free(fe);
}

void brokerd_front_down(ipc_link_t *l, int reason, void *arg)
{
	brokerd_front_t *fe = ipc_link_data(l);

	(void)arg;
	if (!fe)
		return;
	NLOG(TNC, 1, "front end pid %d left broker.sock (%s)%s", (int)fe->pid,
	     reason ? nea_strerror(reason) : "closed",
	     fe->conns ? "; ending its open assessments" : "");
	release(fe, l, "the front end went away");
}

void brokerd_front_release_all(brokerd_t *b)
{
	while (b->fronts)
		release(b->fronts, b->fronts->link, "nea-brokerd is stopping");
}

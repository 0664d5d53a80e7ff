/*
 * nea-pttlsd <-> nea-brokerd (transport.proto over broker.sock, §11.1):
 * ConnOpen when a connection's first batch arrives (identities, peer
 * address, the PT-TLS batch limit), one Batch per PB-TNC batch, ConnClose
 * when the connection ends on our side. From the broker: Batch (send it),
 * Verdict (log it), ConnClose (close TLS). Envelope.conn_id is our own
 * connection number.
 *
 * Fail-safe: when the link goes down every open connection is closed (the
 * broker lost their PB-TNC state) and new ones are refused until it is
 * back (pttlsd_listen.c).
 */
#include <stdlib.h>
#include <string.h>

#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"
#include "pttlsd.h"

static void on_broker_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	pttlsd_t *s = arg;
	pttlsd_conn_t *c = pttlsd_conn_find(s, env->conn_id);

	(void)l;
	if (!c) {
		NLOG(TNC, 2, "nea-brokerd: message case %d for PT-TLS connection %llu, which is "
			     "gone", (int)env->body_case, (unsigned long long)env->conn_id);
		return;
	}
	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_BATCH:
		pttlsd_conn_batch(c, env->batch->data.data, env->batch->data.len);
		break;
	case NEA__ENVELOPE__BODY_VERDICT:
		pttlsd_conn_verdict(c, env->verdict->recommendation, env->verdict->evaluation,
				    env->verdict->has_failsafe && env->verdict->failsafe);
		break;
	case NEA__ENVELOPE__BODY_CONN_CLOSE:
		pttlsd_conn_broker_closed(c, env->conn_close->reason);
		break;
	default:
		break; /* the link's allow-list admits nothing else */
	}
}

static void on_broker_up(ipc_link_t *l, void *arg)
{
	(void)arg;
	NLOG(TNC, 1, "connected to nea-brokerd (pid %d)", (int)ipc_link_peer_pid(l));
}

static void on_broker_down(ipc_link_t *l, int reason, void *arg)
{
	pttlsd_t *s = arg;

	(void)l;
	if (s->stopping)
		return;
	NLOG(TNC, 1, "lost nea-brokerd (%s); refusing PT-TLS connections until it is back",
	     reason ? nea_strerror(reason) : "closed");
	pttlsd_conn_close_all(s, "lost nea-brokerd");
}

int pttlsd_broker_connect(pttlsd_t *s)
{
	static const int allowed[] = {
		NEA__ENVELOPE__BODY_BATCH,
		NEA__ENVELOPE__BODY_CONN_CLOSE,
		NEA__ENVELOPE__BODY_VERDICT,
	};
	static const char *const peers[] = { "brokerd" };
	ipc_cbs_t cbs = { .on_msg = on_broker_msg, .on_up = on_broker_up,
			  .on_down = on_broker_down, .arg = s };
	uid_t uids[4];
	ipc_opts_t o;
	int n;

	nea_daemon_ipc_opts(s->d, &o);
	n = nea_daemon_peer_uids(s->d, peers, 1, false, uids, 4);
	if (n < 0)
		return n;
	o.name = "broker";
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = allowed;
	o.n_allowed = sizeof(allowed) / sizeof(allowed[0]);
	o.role = NEA__DAEMON_ROLE__ROLE_BROKERD;
	return nea_daemon_connect(s->d, "broker.sock", &o, &cbs, &s->broker);
}

bool pttlsd_broker_up(const pttlsd_t *s)
{
	return s->broker && ipc_link_is_up(s->broker);
}

static void fill_identity(Nea__Identity *out, const pttls_ident_t *in)
{
	nea__identity__init(out);
	out->type = in->type;
	out->value.data = (uint8_t *)in->value;
	out->value.len = in->len;
	out->subject = in->subject;
	out->auth = in->auth;
}

int pttlsd_broker_open(pttlsd_t *s, uint64_t conn_id, const char *addr, uint16_t port,
		       const pttls_ident_t *user, const pttls_ident_t *machine)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnOpen open = NEA__CONN_OPEN__INIT;
	Nea__Identity ids[2], *idp[2];
	size_t n = 0;

	/* strongSwan's order: the user identity, then the machine's address. */
	if (user) {
		fill_identity(&ids[n], user);
		idp[n] = &ids[n];
		n++;
	}
	fill_identity(&ids[n], machine);
	idp[n] = &ids[n];
	n++;
	open.transport = NEA__TRANSPORT__TRANSPORT_PT_TLS;
	open.peer_addr = (char *)addr;
	open.has_peer_port = true;
	open.peer_port = port;
	open.n_identities = n;
	open.identities = idp;
	open.has_max_batch_size = true;
	open.max_batch_size = s->conf.max_batch;
	open.has_client_role = true;
	open.client_role = false;
	env.has_conn_id = true;
	env.conn_id = conn_id;
	env.body_case = NEA__ENVELOPE__BODY_CONN_OPEN;
	env.conn_open = &open;
	return ipc_link_send(s->broker, &env);
}

int pttlsd_broker_batch(pttlsd_t *s, uint64_t conn_id, const uint8_t *p, size_t len)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Batch b = NEA__BATCH__INIT;

	b.data.data = (uint8_t *)p;
	b.data.len = len;
	env.has_conn_id = true;
	env.conn_id = conn_id;
	env.body_case = NEA__ENVELOPE__BODY_BATCH;
	env.batch = &b;
	return ipc_link_send(s->broker, &env);
}

void pttlsd_broker_close(pttlsd_t *s, uint64_t conn_id, const char *reason, bool error)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnClose cc = NEA__CONN_CLOSE__INIT;

	if (!pttlsd_broker_up(s))
		return;
	cc.reason = (char *)reason;
	cc.has_error = true;
	cc.error = error;
	env.has_conn_id = true;
	env.conn_id = conn_id;
	env.body_case = NEA__ENVELOPE__BODY_CONN_CLOSE;
	env.conn_close = &cc;
	if (ipc_link_send(s->broker, &env) < 0)
		NLOG(TNC, 1, "PT-TLS connection %llu: could not tell nea-brokerd it closed",
		     (unsigned long long)conn_id);
}

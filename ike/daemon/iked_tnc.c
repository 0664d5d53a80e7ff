/* nea-iked <-> nea-brokerd and the EAP-TTLS method; see iked_tnc.h. */
#include "iked_tnc.h"

#include <string.h>

#include "iked.h"
#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"

static iked_sa_t *sa_by_tnc(iked_t *ik, uint64_t conn)
{
	for (iked_sa_t *sa = ik->sas.all; sa; sa = sa->next_all)
		if (sa->tnc_conn == conn && sa->state != IKED_SA_DEAD)
			return sa;
	return NULL;
}

static void on_broker_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	iked_t *ik = arg;
	iked_sa_t *sa = sa_by_tnc(ik, env->conn_id);

	(void)l;
	if (!sa) {
		NLOG(TNC, 2, "nea-brokerd: message case %d for TNC connection %llu, whose IKE_SA "
			     "is gone", (int)env->body_case, (unsigned long long)env->conn_id);
		return;
	}
	NLOG(TNC, 2, "nea-brokerd: message case %d for TNC connection %llu",
	     (int)env->body_case, (unsigned long long)env->conn_id);
}

static void on_broker_up(ipc_link_t *l, void *arg)
{
	(void)arg;
	NLOG(TNC, 1, "connected to nea-brokerd (pid %d)", (int)ipc_link_peer_pid(l));
}

static void on_broker_down(ipc_link_t *l, int reason, void *arg)
{
	iked_t *ik = arg;

	(void)l;
	if (ik->stopping)
		return;
	NLOG(TNC, 1, "lost nea-brokerd (%s); reconnecting", reason ? nea_strerror(reason) : "closed");
	/* the broker's PB-TNC state of every open conversation is gone */
	for (iked_sa_t *sa = ik->sas.all; sa; sa = sa->next_all)
		sa->tnc_conn = 0;
}

int iked_tnc_start(iked_t *ik)
{
	static const int allowed[] = {
		NEA__ENVELOPE__BODY_BATCH,
		NEA__ENVELOPE__BODY_CONN_CLOSE,
		NEA__ENVELOPE__BODY_VERDICT,
	};
	static const char *const peers[] = { "brokerd" };
	ipc_cbs_t cbs = { .on_msg = on_broker_msg, .on_up = on_broker_up,
			  .on_down = on_broker_down, .arg = ik };
	uid_t uids[4];
	ipc_opts_t o;
	int n;

	nea_daemon_ipc_opts(ik->d, &o);
	n = nea_daemon_peer_uids(ik->d, peers, 1, false, uids, 4);
	if (n < 0)
		return n;
	o.name = "broker";
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = allowed;
	o.n_allowed = sizeof(allowed) / sizeof(allowed[0]);
	o.role = NEA__DAEMON_ROLE__ROLE_BROKERD;
	return nea_daemon_connect(ik->d, "broker.sock", &o, &cbs, &ik->broker);
}

void iked_tnc_stop(iked_t *ik)
{
	(void)ik; /* the skeleton closes the link */
}

bool iked_tnc_broker_up(const iked_t *ik)
{
	return ik->broker && ipc_link_is_up(ik->broker);
}

bool iked_tnc_ttls_available(void)
{
	return false;
}

eap_method_t *iked_tnc_ttls_server_new(void *eap)
{
	(void)eap;
	NLOG(IKE, 0, "EAP-TTLS is not available in this build of nea-iked");
	return NULL;
}

void iked_tnc_close(iked_sa_t *sa, const char *why)
{
	iked_t *ik = sa->ik;
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnClose cc = NEA__CONN_CLOSE__INIT;
	uint64_t conn = sa->tnc_conn;

	sa->tnc_conn = 0;
	if (!conn || !iked_tnc_broker_up(ik))
		return;
	cc.reason = (char *)why;
	cc.has_error = true;
	cc.error = false;
	env.conn_id = conn;
	env.body_case = NEA__ENVELOPE__BODY_CONN_CLOSE;
	env.conn_close = &cc;
	if (ipc_link_send(ik->broker, &env) < 0)
		NLOG(TNC, 1, "TNC connection %llu: ConnClose to nea-brokerd failed",
		     (unsigned long long)conn);
}

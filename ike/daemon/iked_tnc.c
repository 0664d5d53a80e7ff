/* nea-iked <-> nea-brokerd and the EAP-TTLS method; see iked_tnc.h. */
#include "iked_tnc.h"

#include <string.h>

#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>

#include "eap_pkt.h"
#include "eap_pteap.h"
#include "eap_ttls.h"
#include "iked.h"
#include "iked_exchange.h"
#include "nea.pb-c.h"
#include "tnccs_client.h"
#include "nea_err.h"
#include "nea_log.h"

static iked_sa_t *sa_by_tnc(iked_t *ik, uint64_t conn)
{
	for (iked_sa_t *sa = ik->sas.all; sa; sa = sa->next_all)
		if (sa->tnc_conn == conn && sa->state != IKED_SA_DEAD)
			return sa;
	return NULL;
}

static const char *peer_name(iked_sa_t *sa, char *buf, size_t len)
{
	if (sa->eap.have_identity)
		return iked_eap_identity(&sa->eap, buf, len);
	return iked_id_str(&sa->other_id, buf, len);
}

/* Hand the broker's answer to the waiting method and, when the IKE_AUTH
 * request that made it wait is still open, answer it now. */
static void resume(iked_sa_t *sa)
{
	if (sa->tnc_ready && sa->r_busy) {
		sa->tnc_ready = false;
		iked_auth_resume(sa);
	}
}

static void deliver_verdict(iked_sa_t *sa, eap_tnc_rec_t rec, const char *why)
{
	char peer[IKED_ID_STRLEN], name[64];

	if (!sa->eap.m)
		return;
	NLOG(TNC, 0, "IKE_SA %s: TNC verdict for peer '%s': %s (%s)",
	     iked_sa_name(sa, name, sizeof(name)), peer_name(sa, peer, sizeof(peer)),
	     eap_tnc_rec_name(rec), why);
	if (eap_pteap_verdict(sa->eap.m, rec) < 0)
		NLOG(TNC, 1, "IKE_SA %s: no TNC method waiting for the verdict", name);
	resume(sa);
}

static void on_broker_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	iked_t *ik = arg;
	iked_sa_t *sa = sa_by_tnc(ik, env->conn_id);
	char why[300];

	(void)l;
	if (!sa) {
		NLOG(TNC, 2, "nea-brokerd: message case %d for TNC connection %llu, whose IKE_SA "
			     "is gone", (int)env->body_case, (unsigned long long)env->conn_id);
		return;
	}
	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_BATCH:
		NLOG(TNC, 2, "TNC connection %llu: %zu byte PB-TNC batch from nea-brokerd",
		     (unsigned long long)env->conn_id, env->batch->data.len);
		if (!sa->eap.m || eap_pteap_deliver(sa->eap.m, env->batch->data.data,
						    env->batch->data.len) < 0) {
			deliver_verdict(sa, EAP_TNC_REC_NO_ACCESS, "batch could not be delivered");
			return;
		}
		resume(sa);
		break;
	case NEA__ENVELOPE__BODY_VERDICT: {
		const Nea__Verdict *v = env->verdict;
		eap_tnc_rec_t rec = v->recommendation <= EAP_TNC_REC_NO_RECOMMENDATION
					    ? (eap_tnc_rec_t)v->recommendation
					    : EAP_TNC_REC_NO_ACCESS;

		/* the reason is the verifiers' text for the operator */
		snprintf(why, sizeof(why), "%s%s%.200s%s, evaluation %u",
			 v->has_failsafe && v->failsafe ? "fail-safe, " : "",
			 v->reason ? "reason '" : "no reason", v->reason ? v->reason : "",
			 v->reason ? "'" : "", v->evaluation);
		sa->tnc_verdict = true;
		deliver_verdict(sa, rec, why);
		break;
	}
	case NEA__ENVELOPE__BODY_CONN_CLOSE:
		sa->tnc_conn = 0;
		if (!sa->tnc_verdict)
			deliver_verdict(sa, EAP_TNC_REC_NO_ACCESS,
					"nea-brokerd closed the connection without a verdict");
		break;
	default:
		break;
	}
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
	NLOG(TNC, 1, "lost nea-brokerd (%s); failing open TNC conversations safe",
	     reason ? nea_strerror(reason) : "closed");
	/* the broker's PB-TNC state of every open conversation is gone */
	for (iked_sa_t *sa = ik->sas.all; sa; sa = sa->next_all) {
		if (!sa->tnc_conn || sa->state == IKED_SA_DEAD)
			continue;
		sa->tnc_conn = 0;
		if (!sa->tnc_verdict) {
			sa->tnc_verdict = true;
			deliver_verdict(sa, EAP_TNC_REC_NO_ACCESS, "fail-safe, lost nea-brokerd");
		}
	}
}

static void link_opts(iked_t *ik, ipc_opts_t *o)
{
	static const int allowed[] = {
		NEA__ENVELOPE__BODY_BATCH,
		NEA__ENVELOPE__BODY_CONN_CLOSE,
		NEA__ENVELOPE__BODY_VERDICT,
	};

	(void)ik;
	o->name = "broker";
	o->allowed = allowed;
	o->n_allowed = sizeof(allowed) / sizeof(allowed[0]);
	o->role = NEA__DAEMON_ROLE__ROLE_BROKERD;
}

int iked_tnc_start(iked_t *ik)
{
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
	link_opts(ik, &o);
	o.uids = uids;
	o.n_uids = (size_t)n;
	return nea_daemon_connect(ik->d, "broker.sock", &o, &cbs, &ik->broker);
}

int iked_tnc_connect_path(iked_t *ik, const char *path)
{
	ipc_cbs_t cbs = { .on_msg = on_broker_msg, .on_up = on_broker_up,
			  .on_down = on_broker_down, .arg = ik };
	ipc_opts_t o;

	memset(&o, 0, sizeof(o));
	link_opts(ik, &o);
	o.reconnect_min_ms = 20;
	o.reconnect_max_ms = 200;
	return ipc_link_connect(ik->loop, path, &o, &cbs, &ik->broker);
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
	return true;
}

/* ---- the bridge (eap_tnc_bridge.h), ctx = the IKE_SA ------------------ */

static void fill_id(Nea__Identity *out, uint32_t type, const void *v, size_t len,
		    uint32_t subject, uint32_t auth)
{
	nea__identity__init(out);
	out->type = type;
	out->value.data = (uint8_t *)v;
	out->value.len = len;
	out->subject = subject;
	out->auth = auth;
}

static int br_open(void *ctx, const eap_tnc_conn_t *conn)
{
	iked_sa_t *sa = ctx;
	iked_t *ik = sa->ik;
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnOpen open = NEA__CONN_OPEN__INIT;
	Nea__Identity ids[2], *idp[2];
	char addr[IKED_ADDR_STRLEN], name[64];
	const char *id = conn->identity;
	iked_addr_t probe;
	size_t n = 0;
	int rc;

	if (!iked_tnc_broker_up(ik)) {
		NLOG(TNC, 0, "IKE_SA %s: nea-brokerd is not connected; TNC fails safe (no access)",
		     iked_sa_name(sa, name, sizeof(name)));
		return NEA_ECLOSED;
	}
	/* strongSwan's order: the user identity, then the machine address */
	if (conn->auth == EAP_TNC_AUTH_CERT && conn->cert_subject) {
		fill_id(&ids[n], 6, conn->cert_subject, strlen(conn->cert_subject), 2, 1);
		idp[n] = &ids[n];
		n++;
	} else if (id && *id) {
		uint32_t type = strchr(id, '@') ? 4 : 5;

		if (iked_addr_parse(id, 0, &probe) == 0)
			type = probe.ss_family == AF_INET ? 1 : 2;
		fill_id(&ids[n], type, id, strlen(id), type <= 2 ? 1 : 2,
			conn->auth == EAP_TNC_AUTH_PASSWORD ? 2 : conn->auth == EAP_TNC_AUTH_CERT ? 1 : 0);
		idp[n] = &ids[n];
		n++;
	}
	iked_addr_str(&sa->remote, addr, sizeof(addr));
	fill_id(&ids[n], iked_addr_family(&sa->remote) == AF_INET ? 1 : 2, addr, strlen(addr), 1, 0);
	idp[n] = &ids[n];
	n++;
	sa->tnc_conn = ++ik->next_tnc_conn;
	sa->tnc_verdict = false;
	open.transport = conn->type == EAP_TYPE_TNC ? NEA__TRANSPORT__TRANSPORT_EAP_TNC
						   : NEA__TRANSPORT__TRANSPORT_PT_EAP;
	open.peer_addr = addr;
	open.has_peer_port = true;
	open.peer_port = iked_addr_port(&sa->remote);
	open.n_identities = n;
	open.identities = idp;
	open.has_max_batch_size = true;
	open.max_batch_size = (uint32_t)conn->max_batch;
	open.has_client_role = true;
	open.client_role = false;
	env.has_conn_id = true;
	env.conn_id = sa->tnc_conn;
	env.body_case = NEA__ENVELOPE__BODY_CONN_OPEN;
	env.conn_open = &open;
	rc = ipc_link_send(ik->broker, &env);
	if (rc < 0) {
		sa->tnc_conn = 0;
		return rc;
	}
	NLOG(TNC, 1, "IKE_SA %s: TNC connection %llu opened with nea-brokerd for '%s' (%s)",
	     iked_sa_name(sa, name, sizeof(name)), (unsigned long long)sa->tnc_conn,
	     id ? id : "", conn->type == EAP_TYPE_TNC ? "EAP-TNC" : "PT-EAP");
	return 0;
}

static int br_batch_in(void *ctx, const uint8_t *batch, size_t len)
{
	iked_sa_t *sa = ctx;
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Batch b = NEA__BATCH__INIT;

	if (!sa->tnc_conn || !iked_tnc_broker_up(sa->ik))
		return NEA_ECLOSED;
	b.data.data = (uint8_t *)batch;
	b.data.len = len;
	env.has_conn_id = true;
	env.conn_id = sa->tnc_conn;
	env.body_case = NEA__ENVELOPE__BODY_BATCH;
	env.batch = &b;
	return ipc_link_send(sa->ik->broker, &env);
}

static void br_ready(void *ctx)
{
	iked_sa_t *sa = ctx;

	/* resumed by the caller of deliver/verdict (never from in here) */
	sa->tnc_ready = true;
}

static void br_close(void *ctx)
{
	iked_tnc_close(ctx, "EAP method ended");
}

static int secret_lookup(void *ctx, const char *identity, uint8_t *buf, size_t *len, bool *nt_hash)
{
	iked_sa_t *sa = ctx;
	const uint8_t *sec;
	size_t slen;

	if (nt_hash)
		*nt_hash = false;
	if (nea_swanctl_eap_secret(sa->cfg->sw, identity, strlen(identity), &sec, &slen) < 0)
		return NEA_ENOTFOUND;
	if (slen > EAP_TTLS_SECRET_MAX)
		return NEA_ETOOBIG;
	memcpy(buf, sec, slen);
	*len = slen;
	return 0;
}

eap_method_t *iked_tnc_ttls_server_new(void *eap)
{
	iked_eap_t *e = eap;
	iked_sa_t *sa = e->sa;
	const iked_conn_t *conn = sa->conn;
	eap_ttls_cfg_t cfg;
	char msg[256], outer[EAP_TTLS_ID_MAX];

	if (eap_ttls_cfg_load(&cfg, sa->ik->conf, msg, sizeof(msg)) < 0) {
		NLOG(CFG, 0, "EAP-TTLS: %s", msg);
		return NULL;
	}
	if (!conn->local.cert || !conn->local.key) {
		NLOG(CFG, 0, "connection '%s': EAP-TTLS needs the local certificate and key",
		     conn->name);
		return NULL;
	}
	cfg.cert = conn->local.cert;
	cfg.key = conn->local.key;
	cfg.ca = sa->cfg->cas;
	iked_eap_identity(e, outer, sizeof(outer));
	cfg.eap_identity = outer[0] ? outer : NULL;
	cfg.peer_label = outer[0] ? outer : NULL;
	cfg.secret_fn = secret_lookup;
	cfg.secret_ctx = sa;
	cfg.isolate_succeeds = sa->cfg->isolate_allow;
	if (cfg.phase2_tnc) {
		cfg.bridge.ctx = sa;
		cfg.bridge.open = br_open;
		cfg.bridge.batch_in = br_batch_in;
		cfg.bridge.ready = br_ready;
		cfg.bridge.close = br_close;
	}
	return eap_ttls_server_new(&cfg);
}

/* ---- the client side: PT-EAP peer <-> client broker <-> nea-imcd ------- */

struct iked_tnc_peer {
	tnccs_client_t *tc;
	pid_t imcd;
	uint8_t *out;       /* the client broker's next batch (NULL: nothing) */
	size_t out_len;
	bool have_out;
};

static void peer_free(iked_sa_t *sa)
{
	iked_tnc_peer_t *p = sa->tncp;
	const tnccs_result_t *r;
	char name[64];

	if (!p)
		return;
	sa->tncp = NULL;
	r = p->tc ? tnccs_client_result(p->tc) : NULL;
	if (r && r->have_access)
		NLOG(TNC, 0, "IKE_SA %s: the gateway's TNC recommendation for us is '%s'%s%s%s",
		     iked_sa_name(sa, name, sizeof(name)),
		     eap_tnc_rec_name(r->recommendation <= 3 ? (eap_tnc_rec_t)r->recommendation
							     : EAP_TNC_REC_NO_RECOMMENDATION),
		     r->n_reasons ? " (reason '" : "", r->n_reasons ? r->reasons[0].text : "",
		     r->n_reasons ? "')" : "");
	else if (r && r->error[0])
		NLOG(TNC, 0, "IKE_SA %s: TNC assessment failed: %s",
		     iked_sa_name(sa, name, sizeof(name)), r->error);
	tnccs_client_free(p->tc); /* closes the socket: nea-imcd exits */
	if (p->imcd > 0)
		tnccs_client_reap_imcd(p->imcd, 5000);
	free(p->out);
	free(p);
}

static void peer_take(iked_tnc_peer_t *p, int rc, uint8_t *out, size_t len)
{
	free(p->out);
	p->out = rc >= 0 ? out : NULL;
	p->out_len = rc >= 0 && out ? len : 0;
	p->have_out = rc >= 0;
	if (rc < 0)
		free(out);
}

static int pbr_open(void *ctx, const eap_tnc_conn_t *conn)
{
	iked_sa_t *sa = ctx;
	const char *cfgfile = nea_conf_get_str(sa->ik->conf, "nea.ike.client.imcd_config", NULL);
	const char *imcd = nea_conf_get_str(sa->ik->conf, "nea.ike.client.imcd", NULL);
	tnccs_client_opts_t o;
	iked_tnc_peer_t *p;
	char addr[IKED_ADDR_STRLEN], name[64];
	uint8_t *out = NULL;
	size_t len = 0;
	int fd = -1, rc;

	iked_sa_name(sa, name, sizeof(name));
	if (!cfgfile) {
		NLOG(TNC, 0, "IKE_SA %s: the gateway asks for a TNC assessment, but no TNC client "
			     "is configured (nea.ike.client.imcd_config)", name);
		return NEA_ECONFIG;
	}
	peer_free(sa);
	p = calloc(1, sizeof(*p));
	if (!p)
		return NEA_ENOMEM;
	rc = tnccs_client_spawn_imcd(imcd, cfgfile, NULL, &p->imcd, &fd);
	if (rc < 0) {
		NLOG(TNC, 0, "IKE_SA %s: starting nea-imcd failed: %s", name, nea_strerror(rc));
		free(p);
		return rc;
	}
	memset(&o, 0, sizeof(o));
	o.transport = conn->type == EAP_TYPE_TNC ? NEA__TRANSPORT__TRANSPORT_EAP_TNC
						 : NEA__TRANSPORT__TRANSPORT_PT_EAP;
	o.server_addr = iked_addr_str(&sa->remote, addr, sizeof(addr));
	o.conf = sa->ik->conf;
	o.conf_ns = "charon";
	o.max_batch = conn->max_batch;
	o.host_fd = fd;
	sa->tncp = p;
	rc = tnccs_client_new(&o, &p->tc);
	if (rc < 0) {
		NLOG(TNC, 0, "IKE_SA %s: client broker failed: %s", name, nea_strerror(rc));
		peer_free(sa);
		return rc;
	}
	rc = tnccs_client_first_batch(p->tc, &out, &len);
	peer_take(p, rc, out, len);
	if (rc < 0) {
		peer_free(sa);
		return rc;
	}
	NLOG(TNC, 1, "IKE_SA %s: TNC assessment started with %zu IMC(s)", name,
	     tnccs_client_imcs(p->tc));
	return 0;
}

static int pbr_batch_in(void *ctx, const uint8_t *batch, size_t len)
{
	iked_sa_t *sa = ctx;
	iked_tnc_peer_t *p = sa->tncp;
	uint8_t *out = NULL;
	size_t olen = 0;
	int rc;

	if (!p || !p->tc)
		return NEA_ESTATE;
	rc = tnccs_client_process(p->tc, batch, len, &out, &olen);
	peer_take(p, rc, out, olen);
	return rc < 0 ? rc : 0;
}

static void pbr_close(void *ctx)
{
	peer_free(ctx);
}

int iked_tnc_peer_feed(iked_sa_t *sa, eap_method_t *m)
{
	iked_tnc_peer_t *p = sa->tncp;
	int rc;

	if (!p || !p->have_out)
		return NEA_ESTATE;
	p->have_out = false;
	rc = eap_pteap_deliver(m, p->out, p->out ? p->out_len : 0);
	free(p->out);
	p->out = NULL;
	return rc;
}

void iked_tnc_peer_release(iked_sa_t *sa)
{
	peer_free(sa);
}

eap_method_t *iked_tnc_ttls_peer_new(void *eap)
{
	iked_eap_t *e = eap;
	iked_sa_t *sa = e->sa;
	const iked_conn_t *conn = sa->conn;
	eap_ttls_cfg_t cfg;
	const uint8_t *sec = NULL;
	size_t slen = 0;
	char msg[256], me[EAP_TTLS_ID_MAX], server[IKED_ID_STRLEN];

	if (eap_ttls_cfg_load(&cfg, sa->ik->conf, msg, sizeof(msg)) < 0) {
		NLOG(CFG, 0, "EAP-TTLS: %s", msg);
		return NULL;
	}
	iked_eap_identity(e, me, sizeof(me));
	cfg.eap_identity = me;
	cfg.ca = sa->cfg->cas;
	if (conn->remote.id_set)
		cfg.server_id = iked_id_str(&conn->remote.id, server, sizeof(server));
	if (conn->local.cert && conn->local.key) {
		cfg.cert = conn->local.cert;
		cfg.key = conn->local.key;
	}
	if (nea_swanctl_eap_secret(sa->cfg->sw, e->identity, e->identity_len, &sec, &slen) == 0) {
		cfg.secret = sec;
		cfg.secret_len = slen;
	}
	cfg.bridge.ctx = sa;
	cfg.bridge.open = pbr_open;
	cfg.bridge.batch_in = pbr_batch_in;
	cfg.bridge.ready = br_ready;
	cfg.bridge.close = pbr_close;
	return eap_ttls_peer_new(&cfg);
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
	env.has_conn_id = true;
	env.conn_id = conn;
	env.body_case = NEA__ENVELOPE__BODY_CONN_CLOSE;
	env.conn_close = &cc;
	if (ipc_link_send(ik->broker, &env) < 0)
		NLOG(TNC, 1, "TNC connection %llu: ConnClose to nea-brokerd failed",
		     (unsigned long long)conn);
}

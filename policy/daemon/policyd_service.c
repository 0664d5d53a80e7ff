/*
 * nea-policyd service callbacks. The database work (sessions, workitems,
 * admin commands) replaces the two request handlers below.
 */
#include "policyd_service.h"

#include <stdio.h>

#include "nea.pb-c.h"
#include "nea_err.h"
#include "nea_log.h"

typedef struct {
	ipc_server_t *policy;
	ipc_server_t *admin;
	unsigned long requests;
} policyd_t;

static policyd_t policyd;

static void reply(ipc_link_t *l, const Nea__Envelope *req, Nea__Envelope *out)
{
	out->conn_id = req->conn_id;
	out->has_conn_id = req->has_conn_id;
	out->req_id = req->req_id;
	out->has_req_id = req->has_req_id;
	if (ipc_link_send(l, out) < 0)
		NLOG(DB, 1, "cannot answer peer pid %d", (int)ipc_link_peer_pid(l));
}

static void on_policy_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	policyd_t *p = arg;
	Nea__Envelope out = NEA__ENVELOPE__INIT;
	Nea__PolicyError pe = NEA__POLICY_ERROR__INIT;

	p->requests++;
	NLOG(DB, 2, "policy request case %d from pid %d (req %llu)", (int)env->body_case,
	     (int)ipc_link_peer_pid(l), (unsigned long long)env->req_id);
	pe.code = NEA_EUNSUPPORTED;
	pe.message = (char *)"not implemented yet";
	out.body_case = NEA__ENVELOPE__BODY_POLICY_ERROR;
	out.policy_error = &pe;
	reply(l, env, &out);
}

static void on_admin_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	policyd_t *p = arg;
	Nea__Envelope out = NEA__ENVELOPE__INIT;
	Nea__AdminReply ar = NEA__ADMIN_REPLY__INIT;

	p->requests++;
	NLOG(DB, 1, "admin command '%s' from uid %u", env->admin_request->n_argv
		     ? env->admin_request->argv[0] : "", (unsigned)ipc_link_peer_uid(l));
	ar.status = 1;
	ar.error = (char *)"not implemented yet";
	out.body_case = NEA__ENVELOPE__BODY_ADMIN_REPLY;
	out.admin_reply = &ar;
	reply(l, env, &out);
}

static int policyd_pre_init(nea_daemon_t *d, void *ctx)
{
	static const int policy_allowed[] = {
		NEA__ENVELOPE__BODY_SESSION_CREATE,  NEA__ENVELOPE__BODY_SESSION_START,
		NEA__ENVELOPE__BODY_WORKITEM_RESULT, NEA__ENVELOPE__BODY_SESSION_STOP,
		NEA__ENVELOPE__BODY_PACKAGE_CHECK,
	};
	static const int admin_allowed[] = { NEA__ENVELOPE__BODY_ADMIN_REQUEST };
	static const char *const policy_peers[] = { "imvd", "brokerd" };
	policyd_t *p = ctx;
	uid_t uids[8];
	ipc_opts_t o;
	ipc_cbs_t cbs = { .arg = p };
	int n, rc;

	nea_daemon_ipc_opts(d, &o);
	n = nea_daemon_peer_uids(d, policy_peers, 2, false, uids, 8);
	if (n < 0)
		return n;
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = policy_allowed;
	o.n_allowed = sizeof(policy_allowed) / sizeof(policy_allowed[0]);
	cbs.on_msg = on_policy_msg;
	rc = nea_daemon_listen(d, "policy.sock", &o, &cbs, NULL, NULL, &p->policy);
	if (rc < 0)
		return rc;

	nea_daemon_ipc_opts(d, &o);
	n = nea_daemon_peer_uids(d, NULL, 0, true, uids, 8);
	if (n < 0)
		return n;
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = admin_allowed;
	o.n_allowed = 1;
	o.max_conns = 32;
	cbs.on_msg = on_admin_msg;
	return nea_daemon_listen(d, "admin.sock", &o, &cbs, NULL, NULL, &p->admin);
}

static void policyd_health(nea_daemon_t *d, void *ctx, char *buf, size_t len)
{
	policyd_t *p = ctx;

	(void)d;
	snprintf(buf, len, "%lu requests answered (database not implemented yet)", p->requests);
}

const nea_service_t policyd_service = {
	.name = "policyd",
	.role = NEA__DAEMON_ROLE__ROLE_POLICYD,
	.pre_init = policyd_pre_init,
	.health = policyd_health,
	.ctx = &policyd,
};

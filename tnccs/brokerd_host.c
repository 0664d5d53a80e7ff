/*
 * nea-brokerd's side of the IMV host (nea-imvd) on imv.sock (ARCHITECTURE
 * §11.2). One host at a time: the link that sent ModuleRegister. Its
 * replies are routed by TNCCS Connection ID to the PB-TNC server cores.
 * When it goes away every open connection gets the fail-safe
 * recommendation for the modules that had not decided yet, and new
 * connections get it until a host registers again.
 */
#include <stdio.h>
#include <stdlib.h>

#include "brokerd.h"
#include "nea_err.h"
#include "nea_log.h"

int brokerd_host_send(brokerd_t *b, Nea__Envelope *env)
{
	if (!b->host || !b->reg.attached)
		return NEA_ECLOSED;
	return ipc_link_send(b->host, env);
}

/* Every open connection learns that its host is gone. */
static void fail_all(brokerd_t *b, const char *why)
{
	size_t n;
	uint32_t *ids = brokerd_conn_ids(b, &n);

	if (!ids) {
		NLOG(TNC, 0, "out of memory while failing connections over to the fail-safe");
		return;
	}
	for (size_t i = 0; i < n; i++) {
		brokerd_conn_t *c = brokerd_conn_by_id(b, ids[i]);

		if (!c || c->dead)
			continue;
		tnccs_server_host_lost(c->srv, why);
		brokerd_conn_settle(c);
	}
	free(ids);
}

static void registered(brokerd_t *b, ipc_link_t *l, const Nea__ModuleRegister *r)
{
	const char *why = NULL;
	char by[64];

	if (b->host && b->host != l) {
		NLOG(TNC, 0, "a second IMV host (pid %d) tried to register while pid %d is attached; refused",
		     (int)ipc_link_peer_pid(l), (int)b->host_pid);
		ipc_link_close(l);
		return;
	}
	if (b->host == l && b->reg.attached) {
		/* a host that starts over has forgotten the connections it knew */
		NLOG(TNC, 1, "IMV host pid %d registered again", (int)b->host_pid);
		tnccs_registry_detach(&b->reg);
		b->host_losses++;
		fail_all(b, "the measurement host started over");
	}
	if (tnccs_registry_set(&b->reg, r, &why) < 0) {
		NLOG(TNC, 0, "IMV host pid %d sent an unusable module list (%s); closing its link",
		     (int)ipc_link_peer_pid(l), why);
		b->host = NULL;
		ipc_link_close(l);
		return;
	}
	b->host = l;
	b->host_pid = ipc_link_peer_pid(l);
	NLOG(TNC, 1, "IMV host pid %d registered %zu IMV%s", (int)b->host_pid, b->reg.n,
	     b->reg.n == 1 ? "" : "s");
	snprintf(by, sizeof(by), "nea-imvd pid %d", (int)b->host_pid);
	tnccs_registry_log(&b->reg, by);
}

void brokerd_host_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	brokerd_t *b = arg;
	brokerd_conn_t *c;

	if (env->body_case == NEA__ENVELOPE__BODY_MODULE_REGISTER) {
		registered(b, l, env->module_register);
		return;
	}
	if (l != b->host) {
		NLOG(TNC, 1, "imv.sock peer pid %d sent case %d before registering; closing its link",
		     (int)ipc_link_peer_pid(l), (int)env->body_case);
		ipc_link_close(l);
		return;
	}
	if (!env->has_conn_id || env->conn_id > UINT32_MAX ||
	    !(c = brokerd_conn_by_id(b, (uint32_t)env->conn_id))) {
		NLOG(TNC, 2, "IMV host: message case %d for Connection ID %llu, which is not open (any more)",
		     (int)env->body_case, (unsigned long long)env->conn_id);
		return;
	}
	tnccs_server_host_msg(c->srv, env);
	brokerd_conn_settle(c);
}

void brokerd_host_down(ipc_link_t *l, int reason, void *arg)
{
	brokerd_t *b = arg;

	if (l != b->host) {
		NLOG(TNC, 2, "unregistered imv.sock peer pid %d left", (int)ipc_link_peer_pid(l));
		return;
	}
	NLOG(TNC, 0, "IMV host nea-imvd (pid %d) went away (%s); %zu open connection%s continue with the fail-safe recommendation",
	     (int)b->host_pid, reason ? nea_strerror(reason) : "closed", b->n_conns,
	     b->n_conns == 1 ? "" : "s");
	b->host = NULL;
	tnccs_registry_detach(&b->reg);
	b->host_losses++;
	fail_all(b, TNCCS_FAILSAFE_REASON);
}

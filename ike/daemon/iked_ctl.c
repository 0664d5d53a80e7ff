/* Control socket iked.sock; see iked_ctl.h. */
#include "iked_ctl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "iked.h"
#include "iked_exchange.h"
#include "nea_err.h"
#include "nea_log.h"

/* Every string of a reply is malloc'd; the protobuf-c free function of
 * an unpacked message would expect its own allocator, so replies are
 * freed field by field here. */
static char *dup_str(const char *s)
{
	return strdup(s ? s : "");
}

static int add_str(char ***arr, size_t *n, const char *s)
{
	char **grown = realloc(*arr, (*n + 1) * sizeof(**arr));

	if (!grown)
		return NEA_ENOMEM;
	*arr = grown;
	if (!(grown[*n] = dup_str(s)))
		return NEA_ENOMEM;
	(*n)++;
	return 0;
}

static void free_strs(char **a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(a[i]);
	free(a);
}

static const char *auth_str(const nea_swanctl_auth_t *a, size_t n)
{
	return n ? a[0].auth : "";
}

static const char *id_or_any(const nea_swanctl_auth_t *a, size_t n)
{
	return n && a[0].id ? a[0].id : "%any";
}

static int conn_msg(const iked_conn_t *c, Nea__IkeConn **out)
{
	const nea_swanctl_conn_t *sc = c->sc;
	Nea__IkeConn *m = calloc(1, sizeof(*m));
	int rc = 0;

	if (!m)
		return NEA_ENOMEM;
	nea__ike_conn__init(m);
	*out = m;
	m->name = dup_str(c->name);
	m->local_auth = dup_str(auth_str(sc->local, sc->nlocal));
	m->local_id = dup_str(id_or_any(sc->local, sc->nlocal));
	m->remote_auth = dup_str(auth_str(sc->remote, sc->nremote));
	m->remote_id = dup_str(id_or_any(sc->remote, sc->nremote));
	if (sc->nremote && sc->remote[0].eap_id)
		m->remote_eap_id = dup_str(sc->remote[0].eap_id);
	if (!m->name || !m->local_auth || !m->local_id || !m->remote_auth || !m->remote_id)
		return NEA_ENOMEM;
	for (size_t i = 0; i < sc->nlocal_addrs && !rc; i++)
		rc = add_str(&m->local_addrs, &m->n_local_addrs, sc->local_addrs[i]);
	for (size_t i = 0; i < sc->nremote_addrs && !rc; i++)
		rc = add_str(&m->remote_addrs, &m->n_remote_addrs, sc->remote_addrs[i]);
	for (size_t i = 0; i < sc->nproposals && !rc; i++)
		rc = add_str(&m->proposals, &m->n_proposals, sc->proposals[i]);
	for (size_t i = 0; i < sc->npools && !rc; i++)
		rc = add_str(&m->pools, &m->n_pools, sc->pools[i]);
	if (rc)
		return rc;
	if (sc->nchildren) {
		m->children = calloc(sc->nchildren, sizeof(*m->children));
		if (!m->children)
			return NEA_ENOMEM;
	}
	for (size_t i = 0; i < sc->nchildren; i++) {
		const nea_swanctl_child_t *ch = &sc->children[i];
		Nea__IkeChildConn *cm = calloc(1, sizeof(*cm));

		if (!cm)
			return NEA_ENOMEM;
		nea__ike_child_conn__init(cm);
		m->children[m->n_children++] = cm;
		cm->name = dup_str(ch->name);
		cm->mode = dup_str(ch->mode == NEA_MODE_TRANSPORT ? "TRANSPORT" : "TUNNEL");
		if (!cm->name || !cm->mode)
			return NEA_ENOMEM;
		for (size_t k = 0; ch->local_ts_str && ch->local_ts_str[k] && !rc; k++)
			rc = add_str(&cm->local_ts, &cm->n_local_ts, ch->local_ts_str[k]);
		for (size_t k = 0; ch->remote_ts_str && ch->remote_ts_str[k] && !rc; k++)
			rc = add_str(&cm->remote_ts, &cm->n_remote_ts, ch->remote_ts_str[k]);
		for (size_t k = 0; k < ch->nesp_proposals && !rc; k++)
			rc = add_str(&cm->esp_proposals, &cm->n_esp_proposals, ch->esp_proposals[k]);
		if (rc)
			return rc;
	}
	return 0;
}

static char *spi_hex(const uint8_t spi[8])
{
	char buf[17];

	for (int i = 0; i < 8; i++)
		snprintf(buf + 2 * i, 3, "%02x", spi[i]);
	return strdup(buf);
}

static int child_msg(iked_sa_t *sa, const iked_child_t *c, Nea__IkeChildSa **out)
{
	Nea__IkeChildSa *m = calloc(1, sizeof(*m));
	char buf[256];
	int rc = 0;

	if (!m)
		return NEA_ENOMEM;
	nea__ike_child_sa__init(m);
	*out = m;
	m->name = dup_str(c->cfg ? c->cfg->sc->name : "?");
	m->unique = c->unique;
	m->spi_in = c->spi_in;
	m->spi_out = c->spi_out;
	m->proposal = dup_str(ike_proposal_str(c->sel.proto, c->sel.trans, c->sel.ntrans, buf,
					       sizeof(buf)));
	m->has_installed = true;
	m->installed = c->installed;
	m->has_established_s = true;
	m->established_s = iked_now(sa->ik) - c->established;
	if (!m->name || !m->proposal)
		return NEA_ENOMEM;
	for (size_t i = 0; i < c->ts_local.n && !rc; i++) {
		iked_ts_str(&c->ts_local.ts[i], buf, sizeof(buf));
		rc = add_str(&m->local_ts, &m->n_local_ts, buf);
	}
	for (size_t i = 0; i < c->ts_remote.n && !rc; i++) {
		iked_ts_str(&c->ts_remote.ts[i], buf, sizeof(buf));
		rc = add_str(&m->remote_ts, &m->n_remote_ts, buf);
	}
	return rc;
}

static int sa_msg(iked_sa_t *sa, Nea__IkeSa **out)
{
	Nea__IkeSa *m = calloc(1, sizeof(*m));
	char buf[IKED_ID_STRLEN > 256 ? IKED_ID_STRLEN : 256];
	int rc = 0;

	if (!m)
		return NEA_ENOMEM;
	nea__ike_sa__init(m);
	*out = m;
	m->conn = dup_str(sa->conn ? sa->conn->name : "(unnamed)");
	m->unique = sa->unique;
	m->state = dup_str(iked_sa_state_name(sa->state));
	m->local = dup_str(iked_addr_str_port(&sa->local, buf, sizeof(buf)));
	m->remote = dup_str(iked_addr_str_port(&sa->remote, buf, sizeof(buf)));
	m->local_id = dup_str(sa->my_id.len ? iked_id_str(&sa->my_id, buf, sizeof(buf)) : "");
	m->remote_id = dup_str(sa->other_id.len ? iked_id_str(&sa->other_id, buf, sizeof(buf))
						: "");
	m->eap_identity = dup_str(iked_eap_identity(&sa->eap, buf, sizeof(buf)));
	m->spi_i = spi_hex(sa->spi_i);
	m->spi_r = spi_hex(sa->spi_r);
	m->proposal = dup_str(sa->keyed ? ike_proposal_str(IKE_PROTO_IKE, sa->ike_sel.trans,
							  sa->ike_sel.ntrans, buf, sizeof(buf))
					: "");
	if (!m->conn || !m->state || !m->local || !m->remote || !m->local_id || !m->remote_id ||
	    !m->eap_identity || !m->spi_i || !m->spi_r || !m->proposal)
		return NEA_ENOMEM;
	if (sa->state == IKED_SA_ESTABLISHED) {
		m->has_established_s = true;
		m->established_s = (uint64_t)time(NULL) - sa->established;
	}
	m->has_initiator = true;
	m->initiator = sa->initiator;
	if (sa->tnc_conn) {
		m->has_tnc_conn = true;
		m->tnc_conn = sa->tnc_conn;
	}
	if (sa->has_vip4)
		rc = add_str(&m->vips, &m->n_vips, iked_addr_str(&sa->vip4, buf, sizeof(buf)));
	if (!rc && sa->has_vip6)
		rc = add_str(&m->vips, &m->n_vips, iked_addr_str(&sa->vip6, buf, sizeof(buf)));
	if (rc)
		return rc;
	if (sa->nchildren) {
		m->children = calloc(sa->nchildren, sizeof(*m->children));
		if (!m->children)
			return NEA_ENOMEM;
	}
	for (size_t i = 0; i < sa->nchildren && !rc; i++) {
		rc = child_msg(sa, sa->children[i], &m->children[i]);
		m->n_children = i + 1;
	}
	return rc;
}

void iked_ctl_reply_free(Nea__IkeListReply *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_conns; i++) {
		Nea__IkeConn *c = r->conns[i];

		free(c->name);
		free(c->local_auth);
		free(c->local_id);
		free(c->remote_auth);
		free(c->remote_id);
		free(c->remote_eap_id);
		free_strs(c->local_addrs, c->n_local_addrs);
		free_strs(c->remote_addrs, c->n_remote_addrs);
		free_strs(c->proposals, c->n_proposals);
		free_strs(c->pools, c->n_pools);
		for (size_t k = 0; k < c->n_children; k++) {
			Nea__IkeChildConn *ch = c->children[k];

			free(ch->name);
			free(ch->mode);
			free_strs(ch->local_ts, ch->n_local_ts);
			free_strs(ch->remote_ts, ch->n_remote_ts);
			free_strs(ch->esp_proposals, ch->n_esp_proposals);
			free(ch);
		}
		free(c->children);
		free(c);
	}
	free(r->conns);
	for (size_t i = 0; i < r->n_sas; i++) {
		Nea__IkeSa *s = r->sas[i];

		free(s->conn);
		free(s->state);
		free(s->local);
		free(s->remote);
		free(s->local_id);
		free(s->remote_id);
		free(s->eap_identity);
		free(s->spi_i);
		free(s->spi_r);
		free(s->proposal);
		free_strs(s->vips, s->n_vips);
		for (size_t k = 0; k < s->n_children; k++) {
			Nea__IkeChildSa *ch = s->children[k];

			if (!ch)
				continue;
			free(ch->name);
			free(ch->proposal);
			free_strs(ch->local_ts, ch->n_local_ts);
			free_strs(ch->remote_ts, ch->n_remote_ts);
			free(ch);
		}
		free(s->children);
		free(s);
	}
	free(r->sas);
	free(r);
}

int iked_ctl_list(iked_t *ik, bool sas, Nea__IkeListReply **out)
{
	Nea__IkeListReply *r = calloc(1, sizeof(*r));
	int rc = 0;

	if (!r)
		return NEA_ENOMEM;
	nea__ike_list_reply__init(r);
	if (!sas && ik->cfg->nconns) {
		r->conns = calloc(ik->cfg->nconns, sizeof(*r->conns));
		if (!r->conns)
			rc = NEA_ENOMEM;
		for (size_t i = 0; i < ik->cfg->nconns && !rc; i++) {
			rc = conn_msg(&ik->cfg->conns[i], &r->conns[i]);
			r->n_conns = i + 1;
		}
	} else if (sas && ik->sas.count) {
		size_t i = 0;

		r->sas = calloc(ik->sas.count, sizeof(*r->sas));
		if (!r->sas)
			rc = NEA_ENOMEM;
		for (iked_sa_t *sa = ik->sas.all; sa && !rc && i < ik->sas.count; sa = sa->next_all) {
			rc = sa_msg(sa, &r->sas[i]);
			r->n_sas = ++i;
		}
	}
	if (rc) {
		iked_ctl_reply_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

static void on_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	iked_t *ik = arg;
	Nea__Envelope rep = NEA__ENVELOPE__INIT;
	Nea__IkeListReply *r = NULL;
	bool sas = env->ike_list_request->has_sas && env->ike_list_request->sas;

	if (iked_ctl_list(ik, sas, &r) < 0) {
		NLOG(CFG, 0, "control: building the %s list failed", sas ? "SA" : "connection");
		ipc_link_close(l);
		return;
	}
	rep.has_req_id = env->has_req_id;
	rep.req_id = env->req_id;
	rep.body_case = NEA__ENVELOPE__BODY_IKE_LIST_REPLY;
	rep.ike_list_reply = r;
	if (ipc_link_send(l, &rep) < 0)
		NLOG(CFG, 1, "control: sending the reply failed");
	iked_ctl_reply_free(r);
}

int iked_ctl_bind(iked_t *ik)
{
	static const int allowed[] = { NEA__ENVELOPE__BODY_IKE_LIST_REQUEST };
	ipc_cbs_t cbs = { .on_msg = on_msg, .arg = ik };
	uid_t uids[8];
	ipc_opts_t o;
	int n;

	nea_daemon_ipc_opts(ik->d, &o);
	n = nea_daemon_peer_uids(ik->d, NULL, 0, true, uids, 8);
	if (n < 0)
		return n;
	o.name = "iked.sock";
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = allowed;
	o.n_allowed = 1;
	o.max_conns = 8;
	return nea_daemon_listen(ik->d, "iked.sock", &o, &cbs, NULL, ik, &ik->ctl);
}

int iked_ctl_start(iked_t *ik)
{
	(void)ik; /* the skeleton starts accepting after the privilege drop */
	return 0;
}

void iked_ctl_stop(iked_t *ik)
{
	(void)ik; /* the skeleton closes its listeners */
}

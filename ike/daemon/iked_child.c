/*
 * CHILD_SA negotiation inside IKE_AUTH, responder side (RFC 7296 §1.3,
 * §2.9 traffic selector narrowing, §3.3 ESP proposals, §2.17 keys).
 *
 * Narrowing as charon's child_cfg with "dynamic": our configured selectors
 * (dynamic = our address for local_ts, the peer's virtual IP or address for
 * remote_ts) intersected with each selector the peer proposed of the same
 * family; the first child configuration for which both lists are non-empty
 * and an ESP proposal matches is taken.
 */
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iked.h"
#include "iked_exchange.h"
#include "iked_msg.h"
#include "ike_dh.h"
#include "ike_names.h"
#include "nea_err.h"
#include "nea_log.h"

static size_t fam_len(uint8_t ts_type)
{
	return ts_type == IKE_TS_IPV4_ADDR_RANGE ? 4 : 16;
}

/* Configured selector -> wire selector (dynamic resolved to addr). */
static bool cfg_to_ts(const nea_ts_t *c, const iked_addr_t *dyn, ike_ts_t *out)
{
	memset(out, 0, sizeof(*out));
	out->ip_proto = c->proto;
	out->start_port = c->from_port;
	out->end_port = c->to_port;
	if (c->dynamic) {
		size_t len;
		const uint8_t *b = dyn ? iked_addr_bytes(dyn, &len) : NULL;

		if (!b)
			return false;
		out->ts_type = len == 4 ? IKE_TS_IPV4_ADDR_RANGE : IKE_TS_IPV6_ADDR_RANGE;
		memcpy(out->start, b, len);
		memcpy(out->end, b, len);
		return true;
	}
	out->ts_type = c->range.family == AF_INET ? IKE_TS_IPV4_ADDR_RANGE : IKE_TS_IPV6_ADDR_RANGE;
	memcpy(out->start, c->range.from, fam_len(out->ts_type));
	memcpy(out->end, c->range.to, fam_len(out->ts_type));
	return true;
}

/* a ∩ b, false when empty or of different families/protocols. */
static bool ts_intersect(const ike_ts_t *a, const ike_ts_t *b, ike_ts_t *out)
{
	size_t len;

	if (a->ts_type != b->ts_type ||
	    (a->ts_type != IKE_TS_IPV4_ADDR_RANGE && a->ts_type != IKE_TS_IPV6_ADDR_RANGE))
		return false;
	if (a->ip_proto && b->ip_proto && a->ip_proto != b->ip_proto)
		return false;
	len = fam_len(a->ts_type);
	memset(out, 0, sizeof(*out));
	out->ts_type = a->ts_type;
	out->ip_proto = a->ip_proto ? a->ip_proto : b->ip_proto;
	out->start_port = a->start_port > b->start_port ? a->start_port : b->start_port;
	out->end_port = a->end_port < b->end_port ? a->end_port : b->end_port;
	if (out->start_port > out->end_port)
		return false;
	memcpy(out->start, memcmp(a->start, b->start, len) > 0 ? a->start : b->start, len);
	memcpy(out->end, memcmp(a->end, b->end, len) < 0 ? a->end : b->end, len);
	return memcmp(out->start, out->end, len) <= 0;
}

static void narrow(const nea_ts_t *cfg, size_t ncfg, const iked_addr_t *dyn,
		   const ike_pl_ts_t *offered, iked_ts_list_t *out)
{
	out->n = 0;
	for (size_t i = 0; i < ncfg; i++) {
		ike_ts_t ours;

		if (!cfg_to_ts(&cfg[i], dyn, &ours))
			continue;
		for (size_t j = 0; j < offered->nts && out->n < IKED_MAX_TS; j++) {
			ike_ts_t r;
			bool dup = false;

			if (!ts_intersect(&ours, &offered->ts[j], &r))
				continue;
			for (size_t k = 0; k < out->n; k++)
				dup |= memcmp(&out->ts[k], &r, sizeof(r)) == 0;
			if (!dup)
				out->ts[out->n++] = r;
		}
	}
}

/* "10.3.0.1/32" or "10.1.0.0..10.1.0.77", with "[udp/500]" style protocol
 * and ports only when restricted, as charon prints selectors. */
void iked_ts_str(const ike_ts_t *t, char *buf, size_t len)
{
	size_t alen = fam_len(t->ts_type), used;
	iked_addr_t a, b;
	char s1[IKED_ADDR_STRLEN], s2[IKED_ADDR_STRLEN];
	int prefix = -1;

	iked_addr_from_bytes(&a, t->start, alen, 0);
	iked_addr_from_bytes(&b, t->end, alen, 0);
	/* a prefix when start..end is exactly one aligned block */
	for (int p = 0; p <= (int)alen * 8 && prefix < 0; p++) {
		bool ok = true;

		for (size_t bit = 0; bit < alen * 8 && ok; bit++) {
			int sb = (t->start[bit / 8] >> (7 - bit % 8)) & 1;
			int eb = (t->end[bit / 8] >> (7 - bit % 8)) & 1;

			ok = (int)bit < p ? sb == eb : (sb == 0 && eb == 1);
		}
		if (ok)
			prefix = p;
	}
	if (prefix >= 0)
		snprintf(buf, len, "%s/%d", iked_addr_str(&a, s1, sizeof(s1)), prefix);
	else
		snprintf(buf, len, "%s..%s", iked_addr_str(&a, s1, sizeof(s1)),
			 iked_addr_str(&b, s2, sizeof(s2)));
	used = strlen(buf);
	if ((t->ip_proto || t->start_port != 0 || t->end_port != 65535) && used < len) {
		if (t->start_port == 0 && t->end_port == 65535)
			snprintf(buf + used, len - used, "[%u]", t->ip_proto);
		else if (t->start_port == t->end_port)
			snprintf(buf + used, len - used, "[%u/%u]", t->ip_proto, t->start_port);
		else
			snprintf(buf + used, len - used, "[%u/%u-%u]", t->ip_proto, t->start_port,
				 t->end_port);
	}
}

static void list_str(const iked_ts_list_t *l, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < l->n && used + 2 < len; i++) {
		if (i)
			buf[used++] = ' ';
		iked_ts_str(&l->ts[i], buf + used, len - used);
		used += strlen(buf + used);
	}
}

void iked_child_log_established(iked_sa_t *sa, const iked_child_t *c)
{
	char l[256], r[256], name[64];

	list_str(&c->ts_local, l, sizeof(l));
	list_str(&c->ts_remote, r, sizeof(r));
	NLOG(IKE, 0, "CHILD_SA %s{%u} established with SPIs %08x_i %08x_o and TS %s === %s",
	     c->cfg->sc->name, c->unique, c->spi_in, c->spi_out, l, r);
	NLOG(CHD, 2, "CHILD_SA %s{%u} belongs to IKE_SA %s", c->cfg->sc->name, c->unique,
	     iked_sa_name(sa, name, sizeof(name)));
}

int iked_child_respond(iked_sa_t *sa, const ike_msg_t *m, iked_child_wire_t *w, ike_payload_t *pl,
		       size_t *n, size_t max)
{
	const ike_payload_t *sap = ike_msg_get(m, IKE_PL_SA);
	const ike_payload_t *tsi = ike_msg_get(m, IKE_PL_TSI);
	const ike_payload_t *tsr = ike_msg_get(m, IKE_PL_TSR);
	bool transport = ike_msg_get_notify(m, IKE_N_USE_TRANSPORT_MODE) != NULL;
	const iked_addr_t *rdyn = sa->has_vip4 ? &sa->vip4 : sa->has_vip6 ? &sa->vip6 : &sa->remote;
	const iked_conn_t *conn = sa->conn;
	bool ts_found = false;
	iked_child_t *c;
	ike_child_keys_t keys;
	char ps[256];
	int rc;

	if (!sap || !tsi || !tsr) {
		NLOG(CHD, 1, "IKE_AUTH request without SA/TSi/TSr: no CHILD_SA (childless)");
		return 0;
	}
	if (*n + 3 > max)
		return NEA_ETOOBIG;
	if (sa->nchildren >= IKED_MAX_CHILDREN)
		return IKE_N_NO_ADDITIONAL_SAS;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NEA_ENOMEM;
	for (size_t i = 0; i < conn->nchildren; i++) {
		const iked_child_cfg_t *cc = &conn->children[i];
		const nea_swanctl_child_t *sc = cc->sc;

		narrow(sc->local_ts, sc->nlocal_ts, &sa->local, &tsr->u.ts, &c->ts_local);
		narrow(sc->remote_ts, sc->nremote_ts, rdyn, &tsi->u.ts, &c->ts_remote);
		if (!c->ts_local.n || !c->ts_remote.n)
			continue;
		ts_found = true;
		if (ike_proposal_select(cc->esp, cc->nesp, &sap->u.sa, true, &c->sel) < 0)
			continue;
		c->cfg = cc;
		break;
	}
	if (!c->cfg) {
		free(c);
		if (!ts_found) {
			NLOG(CHD, 1, "no acceptable traffic selectors found, sending TS_UNACCEPTABLE");
			return IKE_N_TS_UNACCEPTABLE;
		}
		for (size_t i = 0; i < sap->u.sa.nprops; i++)
			NLOG(CFG, 1, "received proposals: %s",
			     ike_proposal_str(sap->u.sa.props[i].proto, sap->u.sa.props[i].trans,
					      sap->u.sa.props[i].ntrans, ps, sizeof(ps)));
		NLOG(CHD, 1, "no acceptable proposal found for CHILD_SA, sending "
			     "NO_PROPOSAL_CHOSEN");
		return IKE_N_NO_PROPOSAL_CHOSEN;
	}
	if (c->sel.proto != IKE_PROTO_ESP || c->sel.spi_len != 4) {
		free(c);
		return IKE_N_NO_PROPOSAL_CHOSEN;
	}
	NLOG(CFG, 1, "selected proposal: %s",
	     ike_proposal_str(c->sel.proto, c->sel.trans, c->sel.ntrans, ps, sizeof(ps)));
	c->tunnel = !(transport && c->cfg->sc->mode == NEA_MODE_TRANSPORT);
	c->spi_out = nea_get_u32(c->sel.spi);
	c->spi_in = iked_sa_new_child_spi(sa->ik);
	if (!c->spi_in) {
		free(c);
		return NEA_ECRYPTO;
	}
	c->unique = ++sa->ik->next_child_unique;
	c->reqid = ++sa->ik->next_reqid;
	c->encap = sa->natt && (sa->nat_here || sa->nat_there);
	c->established = iked_now(sa->ik);
	rc = ike_child_keys_derive(&keys, &c->sel.suite, sa->ike_sel.suite.prf,
				   ike_chunk(sa->keys.sk_d, sa->keys.d_len), ike_chunk(NULL, 0),
				   ike_chunk(sa->ni, sa->ni_len), ike_chunk(sa->nr, sa->nr_len));
	if (rc < 0) {
		NLOG(CHD, 0, "deriving CHILD_SA keys failed: %s", nea_strerror(rc));
		free(c);
		return rc;
	}
	rc = iked_kernel_add_child(&sa->ik->kernel, sa, c, &keys);
	ike_child_keys_wipe(&keys);
	if (rc < 0) {
		/* as charon: the IKE_SA stays, the CHILD_SA is refused */
		free(c);
		return IKE_N_NO_PROPOSAL_CHOSEN;
	}
	sa->children[sa->nchildren++] = c;

	nea_put_u32(w->spi, c->spi_in);
	ike_selected_to_wire(&c->sel, w->spi, 4, &w->prop);
	if (!c->tunnel)
		iked_pl_notify(&pl[(*n)++], IKE_N_USE_TRANSPORT_MODE, NULL, 0);
	pl[*n].type = IKE_PL_SA;
	pl[*n].u.sa.nprops = 1;
	pl[(*n)++].u.sa.props = &w->prop;
	pl[*n].type = IKE_PL_TSI;
	pl[*n].u.ts.nts = c->ts_remote.n;
	pl[(*n)++].u.ts.ts = c->ts_remote.ts;
	pl[*n].type = IKE_PL_TSR;
	pl[*n].u.ts.nts = c->ts_local.n;
	pl[(*n)++].u.ts.ts = c->ts_local.ts;
	sa->ik->stats.child_established++;
	iked_child_log_established(sa, c);
	return 0;
}

/* ---- initiator ---------------------------------------------------------- */

/* Our configured selectors as proposed: dynamic local_ts with a virtual IP
 * requested is "any" of the family (the responder narrows it to the VIP,
 * as charon proposes 0.0.0.0/0). */
static void propose_list(const nea_ts_t *cfg, size_t n, const iked_addr_t *dyn, bool vip,
			 iked_ts_list_t *out)
{
	out->n = 0;
	for (size_t i = 0; i < n && out->n < IKED_MAX_TS; i++) {
		ike_ts_t t;

		if (cfg[i].dynamic && vip) {
			memset(&t, 0, sizeof(t));
			t.ts_type = IKE_TS_IPV4_ADDR_RANGE;
			t.ip_proto = cfg[i].proto;
			t.start_port = cfg[i].from_port;
			t.end_port = cfg[i].to_port;
			memset(t.end, 0xff, 4);
		} else if (!cfg_to_ts(&cfg[i], dyn, &t)) {
			continue;
		}
		out->ts[out->n++] = t;
	}
}

int iked_child_propose(iked_sa_t *sa, iked_child_wire_t *w, ike_proposal_t *props,
		       ike_pl_ts_t *tsi, ike_pl_ts_t *tsr, ike_payload_t *pl, size_t *n,
		       size_t max)
{
	const iked_conn_t *conn = sa->conn;
	const iked_child_cfg_t *cc;
	iked_child_t *c;

	if (!conn->nchildren)
		return 0; /* childless */
	if (*n + 4 > max)
		return NEA_ETOOBIG;
	cc = &conn->children[0];
	c = calloc(1, sizeof(*c));
	if (!c)
		return NEA_ENOMEM;
	c->cfg = cc;
	c->exch_initiator = true;
	c->spi_in = iked_sa_new_child_spi(sa->ik);
	if (!c->spi_in) {
		free(c);
		return NEA_ECRYPTO;
	}
	propose_list(cc->sc->local_ts, cc->sc->nlocal_ts, &sa->local, conn->vip4, &c->ts_local);
	propose_list(cc->sc->remote_ts, cc->sc->nremote_ts, &sa->remote, false, &c->ts_remote);
	c->tunnel = cc->sc->mode != NEA_MODE_TRANSPORT;
	free(sa->pending_child);
	sa->pending_child = c;
	nea_put_u32(w->spi, c->spi_in);
	for (size_t i = 0; i < cc->nesp; i++)
		ike_proposal_to_wire(&cc->esp[i], i, w->spi, 4, &props[i]);
	if (!c->tunnel)
		iked_pl_notify(&pl[(*n)++], IKE_N_USE_TRANSPORT_MODE, NULL, 0);
	pl[*n].type = IKE_PL_SA;
	pl[*n].u.sa.nprops = cc->nesp;
	pl[(*n)++].u.sa.props = props;
	tsi->nts = c->ts_local.n;
	tsi->ts = c->ts_local.ts;
	tsr->nts = c->ts_remote.n;
	tsr->ts = c->ts_remote.ts;
	pl[*n].type = IKE_PL_TSI;
	pl[(*n)++].u.ts = *tsi;
	pl[*n].type = IKE_PL_TSR;
	pl[(*n)++].u.ts = *tsr;
	return 0;
}

/* The responder's selectors must lie within what we proposed. */
static bool ts_within(const ike_pl_ts_t *got, const iked_ts_list_t *proposed, iked_ts_list_t *out)
{
	out->n = 0;
	for (size_t i = 0; i < got->nts && out->n < IKED_MAX_TS; i++) {
		bool ok = false;

		for (size_t k = 0; k < proposed->n && !ok; k++) {
			ike_ts_t x;

			ok = ts_intersect(&got->ts[i], &proposed->ts[k], &x) &&
			     memcmp(&x, &got->ts[i], offsetof(ike_ts_t, raw)) == 0;
		}
		if (!ok)
			return false;
		out->ts[out->n++] = got->ts[i];
	}
	return out->n > 0;
}

int iked_child_complete(iked_sa_t *sa, const ike_msg_t *m)
{
	const ike_payload_t *sap = ike_msg_get(m, IKE_PL_SA);
	const ike_payload_t *tsi = ike_msg_get(m, IKE_PL_TSI);
	const ike_payload_t *tsr = ike_msg_get(m, IKE_PL_TSR);
	iked_child_t *c = sa->pending_child;
	iked_ts_list_t li, re;
	ike_child_keys_t keys;
	char ps[256];
	int rc;

	if (!c)
		return 0;
	if (!sap || !tsi || !tsr) {
		const ike_payload_t *nf = ike_msg_get(m, IKE_PL_NOTIFY);

		NLOG(CHD, 1, "no CHILD_SA built: the responder answered %s",
		     nf && ike_notify_name(nf->u.notify.type) ? ike_notify_name(nf->u.notify.type)
							     : "without SA/TS");
		return NEA_ENOTFOUND;
	}
	if (ike_proposal_verify(c->cfg->esp, c->cfg->nesp, &sap->u.sa, true, &c->sel) < 0 ||
	    c->sel.spi_len != 4) {
		NLOG(CHD, 1, "the responder's CHILD_SA proposal is not one we offered");
		return NEA_EINVAL;
	}
	if (!ts_within(&tsi->u.ts, &c->ts_local, &li) || !ts_within(&tsr->u.ts, &c->ts_remote, &re)) {
		NLOG(CHD, 1, "the responder's traffic selectors are not within ours");
		return NEA_EINVAL;
	}
	c->ts_local = li;
	c->ts_remote = re;
	NLOG(CFG, 1, "selected proposal: %s",
	     ike_proposal_str(c->sel.proto, c->sel.trans, c->sel.ntrans, ps, sizeof(ps)));
	c->spi_out = nea_get_u32(c->sel.spi);
	c->unique = ++sa->ik->next_child_unique;
	c->reqid = ++sa->ik->next_reqid;
	c->encap = sa->natt && (sa->nat_here || sa->nat_there);
	c->established = iked_now(sa->ik);
	rc = ike_child_keys_derive(&keys, &c->sel.suite, sa->ike_sel.suite.prf,
				   ike_chunk(sa->keys.sk_d, sa->keys.d_len), ike_chunk(NULL, 0),
				   ike_chunk(sa->ni, sa->ni_len), ike_chunk(sa->nr, sa->nr_len));
	if (rc < 0)
		return rc;
	if (sa->nchildren >= IKED_MAX_CHILDREN) {
		ike_child_keys_wipe(&keys);
		return NEA_ETOOBIG;
	}
	rc = iked_kernel_add_child(&sa->ik->kernel, sa, c, &keys);
	ike_child_keys_wipe(&keys);
	if (rc < 0)
		return rc;
	sa->children[sa->nchildren++] = c;
	sa->pending_child = NULL;
	sa->ik->stats.child_established++;
	iked_child_log_established(sa, c);
	return 0;
}

/* ---- CREATE_CHILD_SA: rekeying a CHILD_SA (RFC 7296 §1.3.3) or creating
 * another one (§1.3.1) --------------------------------------------------- */

static iked_child_t *child_by_spi_out(iked_sa_t *sa, uint32_t spi)
{
	for (size_t i = 0; i < sa->nchildren; i++)
		if (sa->children[i]->spi_out == spi)
			return sa->children[i];
	return NULL;
}

void iked_child_create_request(iked_sa_t *sa, const ike_msg_t *m)
{
	const ike_payload_t *rk = ike_msg_get_notify(m, IKE_N_REKEY_SA);
	const ike_payload_t *sap = ike_msg_get(m, IKE_PL_SA);
	const ike_payload_t *nip = ike_msg_get(m, IKE_PL_NONCE);
	const ike_payload_t *kep = ike_msg_get(m, IKE_PL_KE);
	const ike_payload_t *tsi = ike_msg_get(m, IKE_PL_TSI);
	const ike_payload_t *tsr = ike_msg_get(m, IKE_PL_TSR);
	/* "dynamic": the virtual IP where there is one - the peer's when we
	 * handed it out (responder), ours when we received it (initiator) */
	const iked_addr_t *vip = sa->has_vip4 ? &sa->vip4 : sa->has_vip6 ? &sa->vip6 : NULL;
	const iked_addr_t *rdyn = vip && !sa->vip_ours ? vip : &sa->remote;
	const iked_addr_t *ldyn = vip && sa->vip_ours ? vip : &sa->local;
	iked_child_t *old, *c = NULL;
	ike_dh_t *dh = NULL;
	uint8_t nr[32], pub[IKE_DH_MAX_PUB], gir[IKE_DH_MAX_SECRET], grp[2];
	size_t gir_len = 0, publen = 0, n = 0;
	ike_child_keys_t keys;
	iked_child_wire_t w;
	ike_payload_t pl[8];
	char ps[256];
	int rc;

	if (sap && sap->u.sa.nprops && sap->u.sa.props[0].proto == IKE_PROTO_IKE) {
		iked_rekey_ike_request(sa, m);
		return;
	}
	if (!sap || !nip || !tsi || !tsr ||
	    (rk && (rk->u.notify.proto != IKE_PROTO_ESP || rk->u.notify.spi.len != 4))) {
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_INVALID_SYNTAX);
		return;
	}
	old = rk ? child_by_spi_out(sa, nea_get_u32(rk->u.notify.spi.ptr)) : NULL;
	if (rk && !old) {
		NLOG(CHD, 1, "CHILD_SA with SPI %08x to rekey not found",
		     nea_get_u32(rk->u.notify.spi.ptr));
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_CHILD_SA_NOT_FOUND);
		return;
	}
	if (sa->nchildren >= IKED_MAX_CHILDREN) {
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_NO_ADDITIONAL_SAS);
		return;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return;
	if (old) {
		NLOG(CHD, 1, "rekeying CHILD_SA %s{%u} (SPIs %08x_i %08x_o)", old->cfg->sc->name,
		     old->unique, old->spi_in, old->spi_out);
		c->cfg = old->cfg;
		c->tunnel = old->tunnel;
	} else {
		/* another CHILD_SA (charon re-creating one that expired): the
		 * first child configuration whose selectors fit */
		for (size_t i = 0; i < sa->conn->nchildren && !c->cfg; i++) {
			const nea_swanctl_child_t *sc = sa->conn->children[i].sc;

			narrow(sc->local_ts, sc->nlocal_ts, ldyn, &tsr->u.ts, &c->ts_local);
			narrow(sc->remote_ts, sc->nremote_ts, rdyn, &tsi->u.ts, &c->ts_remote);
			if (c->ts_local.n && c->ts_remote.n)
				c->cfg = &sa->conn->children[i];
		}
		if (!c->cfg) {
			free(c);
			iked_msg_respond_notify(sa, &m->hdr, IKE_N_TS_UNACCEPTABLE);
			return;
		}
		c->tunnel = !(ike_msg_get_notify(m, IKE_N_USE_TRANSPORT_MODE) &&
			      c->cfg->sc->mode == NEA_MODE_TRANSPORT);
		NLOG(CHD, 1, "creating CHILD_SA %s in CREATE_CHILD_SA", c->cfg->sc->name);
	}
	if (ike_proposal_select(c->cfg->esp, c->cfg->nesp, &sap->u.sa, false, &c->sel) < 0 ||
	    c->sel.spi_len != 4) {
		NLOG(CHD, 1, "no acceptable proposal for the rekeyed CHILD_SA");
		free(c);
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_NO_PROPOSAL_CHOSEN);
		return;
	}
	if (c->sel.suite.dh && (!kep || kep->u.ke.group != c->sel.suite.dh)) {
		nea_put_u16(grp, c->sel.suite.dh);
		free(c);
		NLOG(CHD, 1, "rekeying needs the PFS group of the selected proposal, sending "
			     "INVALID_KE_PAYLOAD");
		{
			ike_payload_t p;

			iked_pl_notify(&p, IKE_N_INVALID_KE_PAYLOAD, grp, 2);
			iked_msg_respond(sa, &m->hdr, &p, 1);
		}
		return;
	}
	narrow(c->cfg->sc->local_ts, c->cfg->sc->nlocal_ts, ldyn, &tsr->u.ts, &c->ts_local);
	narrow(c->cfg->sc->remote_ts, c->cfg->sc->nremote_ts, rdyn, &tsi->u.ts, &c->ts_remote);
	if (!c->ts_local.n || !c->ts_remote.n) {
		free(c);
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_TS_UNACCEPTABLE);
		return;
	}
	if (RAND_bytes(nr, sizeof(nr)) != 1)
		goto internal;
	if (c->sel.suite.dh) {
		publen = ike_dh_pub_len(c->sel.suite.dh);
		if (ike_dh_new(c->sel.suite.dh, &dh) < 0 || ike_dh_public(dh, pub, publen) < 0 ||
		    ike_dh_derive(dh, kep->u.ke.data.ptr, kep->u.ke.data.len, gir, sizeof(gir),
				  &gir_len) < 0) {
			ike_dh_free(dh);
			OPENSSL_cleanse(gir, sizeof(gir));
			free(c);
			iked_msg_respond_notify(sa, &m->hdr, IKE_N_INVALID_SYNTAX);
			return;
		}
		ike_dh_free(dh);
	}
	c->spi_out = nea_get_u32(c->sel.spi);
	c->spi_in = iked_sa_new_child_spi(sa->ik);
	c->unique = ++sa->ik->next_child_unique;
	c->reqid = old ? old->reqid : ++sa->ik->next_reqid;
	c->encap = sa->natt && (sa->nat_here || sa->nat_there);
	c->established = iked_now(sa->ik);
	rc = c->spi_in ? ike_child_keys_derive(&keys, &c->sel.suite, sa->ike_sel.suite.prf,
					       ike_chunk(sa->keys.sk_d, sa->keys.d_len),
					       ike_chunk(gir, gir_len),
					       ike_chunk(nip->u.nonce.data.ptr, nip->u.nonce.data.len),
					       ike_chunk(nr, sizeof(nr)))
		       : NEA_ECRYPTO;
	OPENSSL_cleanse(gir, sizeof(gir));
	if (rc < 0)
		goto internal;
	rc = iked_kernel_add_child(&sa->ik->kernel, sa, c, &keys);
	ike_child_keys_wipe(&keys);
	if (rc < 0) {
		free(c);
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_NO_PROPOSAL_CHOSEN);
		return;
	}
	sa->children[sa->nchildren++] = c;
	NLOG(CFG, 1, "selected proposal: %s",
	     ike_proposal_str(c->sel.proto, c->sel.trans, c->sel.ntrans, ps, sizeof(ps)));
	memset(pl, 0, sizeof(pl));
	memset(&w, 0, sizeof(w));
	nea_put_u32(w.spi, c->spi_in);
	ike_selected_to_wire(&c->sel, w.spi, 4, &w.prop);
	if (!c->tunnel)
		iked_pl_notify(&pl[n++], IKE_N_USE_TRANSPORT_MODE, NULL, 0);
	pl[n].type = IKE_PL_SA;
	pl[n].u.sa.nprops = 1;
	pl[n++].u.sa.props = &w.prop;
	pl[n].type = IKE_PL_NONCE;
	pl[n++].u.nonce.data = ike_chunk(nr, sizeof(nr));
	if (publen) {
		pl[n].type = IKE_PL_KE;
		pl[n].u.ke.group = c->sel.suite.dh;
		pl[n++].u.ke.data = ike_chunk(pub, publen);
	}
	pl[n].type = IKE_PL_TSI;
	pl[n].u.ts.nts = c->ts_remote.n;
	pl[n++].u.ts.ts = c->ts_remote.ts;
	pl[n].type = IKE_PL_TSR;
	pl[n].u.ts.nts = c->ts_local.n;
	pl[n++].u.ts.ts = c->ts_local.ts;
	iked_msg_respond(sa, &m->hdr, pl, n);
	sa->ik->stats.child_established++;
	iked_child_log_established(sa, c);
	if (old)
		NLOG(CHD, 1, "CHILD_SA %s{%u} rekeyed to {%u}; the old one goes with the peer's "
			     "Delete", old->cfg->sc->name, old->unique, c->unique);
	return;
internal:
	free(c);
	iked_msg_respond_notify(sa, &m->hdr, IKE_N_TEMPORARY_FAILURE);
}

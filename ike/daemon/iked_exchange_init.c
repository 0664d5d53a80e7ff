/*
 * IKE_SA_INIT, both roles (RFC 7296 §1.2, §2.6 cookies, §2.7 proposals,
 * §1.2/§3.4 INVALID_KE_PAYLOAD, §2.23 NAT detection, RFC 7383 FRAG_SUP,
 * RFC 7427 SIGNATURE_HASH_ALGORITHMS).
 *
 * As responder nothing is allocated before the request passed the DoS
 * checks (cookie, per-source and total half-open limits), the proposal
 * selection and the KE group check: the answers to those failures are
 * stateless notifies.
 */
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#include "iked.h"
#include "iked_cert.h"
#include "iked_exchange.h"
#include "iked_msg.h"
#include "ike_names.h"
#include "ike_natd.h"
#include "ike_sigalg.h"
#include "nea_err.h"
#include "nea_log.h"

#define NONCE_LEN 32

static const uint16_t hash_algs[] = { IKE_HASH_SHA2_256, IKE_HASH_SHA2_384, IKE_HASH_SHA2_512 };

static void log_proposals(const ike_pl_sa_t *offered, const iked_conn_t *conn)
{
	char buf[256];

	for (size_t i = 0; i < offered->nprops; i++)
		NLOG(CFG, 1, "received proposals: %s",
		     ike_proposal_str(offered->props[i].proto, offered->props[i].trans,
				      offered->props[i].ntrans, buf, sizeof(buf)));
	if (conn)
		for (size_t i = 0; i < conn->nike; i++)
			NLOG(CFG, 1, "configured proposals: %s",
			     ike_proposal_str(IKE_PROTO_IKE, conn->ike[i].trans, conn->ike[i].ntrans,
					      buf, sizeof(buf)));
}

/* NATD_S_IP / NATD_D_IP data for an address. */
static int natd(const iked_sa_t *sa, const uint8_t *spi_r, const iked_addr_t *a,
		uint8_t out[IKE_NATD_LEN])
{
	size_t len;
	const uint8_t *b = iked_addr_bytes(a, &len);

	return ike_natd_hash(sa->spi_i, spi_r, b, len, iked_addr_port(a), out);
}

/* Did any NAT_DETECTION_* notify of this kind match addr? */
static bool natd_matches(const ike_msg_t *m, uint16_t type, const uint8_t *spi_i,
			 const uint8_t *spi_r, const iked_addr_t *addr, bool *present)
{
	size_t len;
	const uint8_t *b = iked_addr_bytes(addr, &len);

	*present = false;
	for (size_t i = 0; i < m->npl; i++) {
		const ike_payload_t *p = &m->pl[i];

		if (p->type != IKE_PL_NOTIFY || p->u.notify.type != type)
			continue;
		*present = true;
		if (ike_natd_check(spi_i, spi_r, b, len, iked_addr_port(addr), p->u.notify.data.ptr,
				   p->u.notify.data.len))
			return true;
	}
	return false;
}

static void detect_nat(iked_sa_t *sa, const ike_msg_t *m, const uint8_t *spi_r)
{
	bool s_present, d_present, s_ok, d_ok;

	s_ok = natd_matches(m, IKE_N_NAT_DETECTION_SOURCE_IP, sa->spi_i, spi_r, &sa->remote,
			    &s_present);
	d_ok = natd_matches(m, IKE_N_NAT_DETECTION_DESTINATION_IP, sa->spi_i, spi_r, &sa->local,
			    &d_present);
	if (!s_present || !d_present)
		return;
	sa->nat_there = !s_ok;
	sa->nat_here = !d_ok;
	if (sa->nat_here)
		NLOG(IKE, 1, "local host is behind NAT, sending keep alives");
	if (sa->nat_there)
		NLOG(IKE, 1, "remote host is behind NAT");
}

static void peer_notifies(iked_sa_t *sa, const ike_msg_t *m)
{
	const ike_payload_t *p;

	if (ike_msg_get_notify(m, IKE_N_IKEV2_FRAGMENTATION_SUPPORTED))
		sa->peer_frag = true;
	p = ike_msg_get_notify(m, IKE_N_SIGNATURE_HASH_ALGORITHMS);
	if (p && p->u.notify.data.len <= sizeof(sa->hash_algs)) {
		memcpy(sa->hash_algs, p->u.notify.data.ptr, p->u.notify.data.len);
		sa->hash_algs_len = p->u.notify.data.len;
	}
}

/* The connection whose addresses match and whose proposals we can agree
 * on (charon picks the IKE config by address). */
static const iked_conn_t *select_conn(iked_t *ik, const iked_addr_t *local,
				      const iked_addr_t *remote, const ike_pl_sa_t *offered,
				      ike_selected_t *sel, bool *addr_match)
{
	*addr_match = false;
	for (size_t i = 0; i < ik->cfg->nconns; i++) {
		const iked_conn_t *c = &ik->cfg->conns[i];

		if (!iked_addr_cfg_match(c->local_addrs, c->nlocal_addrs, local) ||
		    !iked_addr_cfg_match(c->remote_addrs, c->nremote_addrs, remote))
			continue;
		*addr_match = true;
		if (ike_proposal_select(c->ike, c->nike, offered, false, sel) == 0)
			return c;
	}
	return NULL;
}

static bool cookie_needed(iked_t *ik, const iked_addr_t *remote)
{
	const iked_cfg_t *c = ik->cfg;

	if (!c->dos_protection)
		return false;
	return ik->sas.half_open >= c->cookie_threshold ||
	       iked_sa_half_open_from(ik, remote) >= c->cookie_threshold_ip;
}

/* false: answered with a COOKIE (or dropped); nothing else to do. */
static bool check_cookie(iked_t *ik, const iked_addr_t *local, const iked_addr_t *remote,
			 const ike_msg_t *m, const ike_pl_nonce_t *ni)
{
	const ike_payload_t *ck = ike_msg_get_notify(m, IKE_N_COOKIE);
	uint8_t cookie[IKE_COOKIE_LEN];
	size_t alen;
	const uint8_t *a = iked_addr_bytes(remote, &alen);
	char buf[IKED_ADDR_STRLEN];

	if (!cookie_needed(ik, remote))
		return true;
	if (ck && ike_cookie_verify(&ik->cookie, ni->data.ptr, ni->data.len, a, alen, m->hdr.spi_i,
				    ck->u.notify.data.ptr, ck->u.notify.data.len))
		return true;
	if (ck)
		NLOG(IKE, 1, "received invalid COOKIE from %s, sending a new one",
		     iked_addr_str(remote, buf, sizeof(buf)));
	if (ike_cookie_make(&ik->cookie, ni->data.ptr, ni->data.len, a, alen, m->hdr.spi_i,
			    cookie) < 0)
		return false;
	ik->stats.cookies_sent++;
	NLOG(IKE, 2, "sending COOKIE to %s (%zu half-open IKE_SAs, %u from this address)",
	     iked_addr_str(remote, buf, sizeof(buf)), ik->sas.half_open,
	     iked_sa_half_open_from(ik, remote));
	iked_msg_init_notify(ik, local, remote, &m->hdr, IKE_N_COOKIE, cookie, sizeof(cookie));
	return false;
}

void iked_init_request(iked_t *ik, const iked_addr_t *local, const iked_addr_t *remote,
		       ike_msg_t *m)
{
	const ike_payload_t *sap, *kep, *nip;
	const iked_conn_t *conn;
	ike_selected_t sel;
	iked_sa_t *sa;
	ike_dh_t *dh = NULL;
	uint8_t gir[IKE_DH_MAX_SECRET], pub[IKE_DH_MAX_PUB], nr[NONCE_LEN];
	uint8_t natd_s[IKE_NATD_LEN], natd_d[IKE_NATD_LEN], grp[2];
	nea_wr_t algs, creq;
	ike_payload_t pl[12];
	ike_proposal_t prop;
	size_t gir_len = 0, n = 0, publen;
	char buf[IKED_ADDR_STRLEN], name[64];
	bool addr_match;
	int rc;

	if (m->hdr.msg_id != 0) {
		NLOG(ENC, 1, "IKE_SA_INIT request with message ID %u, dropped", m->hdr.msg_id);
		return;
	}
	sa = iked_sa_find_peer(ik, m->hdr.spi_i, remote);
	if (sa) {
		/* the same request again: answer from the cache, never twice
		 * the work (a different request with the same SPI is dropped) */
		if (sa->r_have_resp && sa->r_resp_id == 0 && sa->init_i &&
		    sa->init_i_len == m->raw.len &&
		    CRYPTO_memcmp(sa->init_i, m->raw.ptr, m->raw.len) == 0) {
			NLOG(IKE, 1, "received retransmit of request with ID 0, retransmitting "
				     "response");
			for (size_t i = 0; i < sa->r_nresp; i++)
				iked_msg_send_raw(ik, &sa->local, &sa->remote, sa->r_resp[i].data,
						  sa->r_resp[i].len);
		} else {
			NLOG(IKE, 1, "IKE_SA_INIT request from %s for an existing IKE_SA, dropped",
			     iked_addr_str(remote, buf, sizeof(buf)));
		}
		return;
	}
	iked_msg_log("parsed", &m->hdr, m->pl, m->npl);
	sap = ike_msg_get(m, IKE_PL_SA);
	kep = ike_msg_get(m, IKE_PL_KE);
	nip = ike_msg_get(m, IKE_PL_NONCE);
	if (!sap || !kep || !nip) {
		NLOG(ENC, 1, "IKE_SA_INIT request lacks %s, sending INVALID_SYNTAX",
		     !sap ? "SA" : !kep ? "KE" : "Nonce");
		iked_msg_init_notify(ik, local, remote, &m->hdr, IKE_N_INVALID_SYNTAX, NULL, 0);
		return;
	}
	if (!check_cookie(ik, local, remote, m, &nip->u.nonce))
		return;
	NLOG(IKE, 1, "%s is initiating an IKE_SA", iked_addr_str(remote, buf, sizeof(buf)));
	if (ik->cfg->dos_protection &&
	    iked_sa_half_open_from(ik, remote) >= ik->cfg->block_threshold) {
		ik->stats.init_blocked++;
		NLOG(IKE, 1, "ignoring IKE_SA setup from %s, per-IP half-open IKE_SA limit of %u "
			     "reached", buf, ik->cfg->block_threshold);
		return;
	}
	if (ik->sas.half_open >= ik->cfg->max_half_open || ik->sas.count >= ik->cfg->max_sas) {
		ik->stats.init_blocked++;
		NLOG(IKE, 1, "ignoring IKE_SA setup from %s, IKE_SA limit reached (%zu half-open, "
			     "%zu in total)", buf, ik->sas.half_open, ik->sas.count);
		return;
	}
	conn = select_conn(ik, local, remote, &sap->u.sa, &sel, &addr_match);
	if (!conn) {
		if (!addr_match) {
			char l[IKED_ADDR_STRLEN];

			NLOG(IKE, 1, "no IKE config found for %s...%s, sending NO_PROPOSAL_CHOSEN",
			     iked_addr_str(local, l, sizeof(l)), buf);
		} else {
			log_proposals(&sap->u.sa, NULL);
			NLOG(IKE, 1, "no acceptable proposal found");
		}
		iked_msg_init_notify(ik, local, remote, &m->hdr, IKE_N_NO_PROPOSAL_CHOSEN, NULL, 0);
		return;
	}
	{
		char ps[256];

		NLOG(CFG, 1, "selected proposal: %s",
		     ike_proposal_str(sel.proto, sel.trans, sel.ntrans, ps, sizeof(ps)));
	}
	if (kep->u.ke.group != sel.suite.dh) {
		const char *have = ike_transform_name(IKE_TRANS_DH, kep->u.ke.group);
		const char *want = ike_transform_name(IKE_TRANS_DH, sel.suite.dh);

		NLOG(IKE, 1, "DH group %s unacceptable, requesting %s", have ? have : "?",
		     want ? want : "?");
		nea_put_u16(grp, sel.suite.dh);
		iked_msg_init_notify(ik, local, remote, &m->hdr, IKE_N_INVALID_KE_PAYLOAD, grp, 2);
		return;
	}
	rc = ike_dh_new(sel.suite.dh, &dh);
	if (rc == 0)
		rc = ike_dh_derive(dh, kep->u.ke.data.ptr, kep->u.ke.data.len, gir, sizeof(gir),
				   &gir_len);
	if (rc < 0) {
		NLOG(IKE, 1, "applying DH public value of %s failed: %s, sending INVALID_SYNTAX", buf,
		     nea_strerror(rc));
		ike_dh_free(dh);
		OPENSSL_cleanse(gir, sizeof(gir));
		iked_msg_init_notify(ik, local, remote, &m->hdr, IKE_N_INVALID_SYNTAX, NULL, 0);
		return;
	}
	rc = iked_sa_create(ik, false, local, remote, m->hdr.spi_i, &sa);
	if (rc < 0) {
		NLOG(IKE, 1, "creating IKE_SA for %s failed: %s", buf, nea_strerror(rc));
		ike_dh_free(dh);
		OPENSSL_cleanse(gir, sizeof(gir));
		return;
	}
	sa->conn = conn;
	sa->dh = dh;
	sa->dh_group = sel.suite.dh;
	sa->ike_sel = sel;
	sa->natt = iked_net_is_natt(&ik->net, iked_addr_port(local));
	sa->ni_len = nip->u.nonce.data.len;
	memcpy(sa->ni, nip->u.nonce.data.ptr, sa->ni_len);
	sa->init_i = malloc(m->raw.len);
	if (!sa->init_i || RAND_bytes(nr, sizeof(nr)) != 1) {
		rc = NEA_ENOMEM;
		goto fail;
	}
	memcpy(sa->init_i, m->raw.ptr, m->raw.len);
	sa->init_i_len = m->raw.len;
	memcpy(sa->nr, nr, sizeof(nr));
	sa->nr_len = sizeof(nr);
	rc = ike_keys_derive(&sa->keys, &sel.suite, ike_chunk(sa->ni, sa->ni_len),
			     ike_chunk(sa->nr, sa->nr_len), ike_chunk(gir, gir_len), sa->spi_i,
			     sa->spi_r);
	OPENSSL_cleanse(gir, sizeof(gir));
	if (rc == 0)
		rc = ike_sk_init(&sa->sk, &sa->keys, false);
	if (rc < 0)
		goto fail;
	sa->keyed = true;
	peer_notifies(sa, m);
	if (!conn->fragmentation)
		sa->peer_frag = false;
	detect_nat(sa, m, (const uint8_t *)"\0\0\0\0\0\0\0\0");

	/* response: SA KE No [CERTREQ] N(NATD_S_IP) N(NATD_D_IP) [N(FRAG_SUP)] [N(HASH_ALG)] */
	publen = ike_dh_pub_len(sel.suite.dh);
	if ((rc = ike_dh_public(dh, pub, publen)) < 0)
		goto fail;
	memset(pl, 0, sizeof(pl));
	ike_selected_to_wire(&sel, NULL, 0, &prop);
	pl[n].type = IKE_PL_SA;
	pl[n].u.sa.nprops = 1;
	pl[n++].u.sa.props = &prop;
	pl[n].type = IKE_PL_KE;
	pl[n].u.ke.group = sel.suite.dh;
	pl[n++].u.ke.data = ike_chunk(pub, publen);
	pl[n].type = IKE_PL_NONCE;
	pl[n++].u.nonce.data = ike_chunk(sa->nr, sa->nr_len);
	nea_wr_init(&creq, 4096);
	if (conn->sc->send_certreq && conn->remote.cls == NEA_AUTH_PUBKEY &&
	    iked_certreq_build(sa->cfg, &creq) == 0 && creq.len) {
		pl[n].type = IKE_PL_CERTREQ;
		pl[n].u.cert.encoding = IKE_CERT_X509_SIG;
		pl[n++].u.cert.data = ike_chunk(creq.ptr, creq.len);
	}
	natd(sa, sa->spi_r, &sa->local, natd_s);
	natd(sa, sa->spi_r, &sa->remote, natd_d);
	iked_pl_notify(&pl[n++], IKE_N_NAT_DETECTION_SOURCE_IP, natd_s, sizeof(natd_s));
	iked_pl_notify(&pl[n++], IKE_N_NAT_DETECTION_DESTINATION_IP, natd_d, sizeof(natd_d));
	if (sa->peer_frag)
		iked_pl_notify(&pl[n++], IKE_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
	nea_wr_init(&algs, 64);
	if (sa->hash_algs_len &&
	    ike_hash_algs_build(hash_algs, sizeof(hash_algs) / sizeof(hash_algs[0]), &algs) == 0)
		iked_pl_notify(&pl[n++], IKE_N_SIGNATURE_HASH_ALGORITHMS, algs.ptr, algs.len);
	rc = iked_msg_respond(sa, &m->hdr, pl, n);
	nea_wr_free(&algs);
	nea_wr_free(&creq);
	if (rc < 0)
		goto fail;
	/* AUTH signs our IKE_SA_INIT response as sent */
	sa->init_r = malloc(sa->r_resp[0].len);
	if (!sa->init_r) {
		rc = NEA_ENOMEM;
		goto fail;
	}
	memcpy(sa->init_r, sa->r_resp[0].data, sa->r_resp[0].len);
	sa->init_r_len = sa->r_resp[0].len;
	sa->r_next_id = 1;
	ike_dh_free(sa->dh);
	sa->dh = NULL;
	return;
fail:
	NLOG(IKE, 0, "IKE_SA %s with %s failed: %s", iked_sa_name(sa, name, sizeof(name)), buf,
	     nea_strerror(rc));
	iked_sa_destroy(sa, "IKE_SA_INIT failed");
}

/* ---- initiator --------------------------------------------------------- */

int iked_init_start(iked_sa_t *sa)
{
	const iked_conn_t *conn = sa->conn;
	ike_proposal_t props[IKED_MAX_PROPOSALS];
	uint8_t pub[IKE_DH_MAX_PUB], natd_s[IKE_NATD_LEN], natd_d[IKE_NATD_LEN];
	static const uint8_t zero[IKE_SPI_LEN];
	ike_payload_t pl[10];
	nea_wr_t algs;
	size_t n = 0, publen;
	int rc;

	ike_dh_free(sa->dh);
	sa->dh = NULL;
	if (!sa->dh_group)
		for (size_t i = 0; i < conn->ike[0].ntrans && !sa->dh_group; i++)
			if (conn->ike[0].trans[i].type == IKE_TRANS_DH)
				sa->dh_group = conn->ike[0].trans[i].id;
	rc = ike_dh_new(sa->dh_group, &sa->dh);
	if (rc < 0)
		return rc;
	publen = ike_dh_pub_len(sa->dh_group);
	if ((rc = ike_dh_public(sa->dh, pub, publen)) < 0)
		return rc;
	if (!sa->ni_len) {
		if (RAND_bytes(sa->ni, NONCE_LEN) != 1)
			return NEA_ECRYPTO;
		sa->ni_len = NONCE_LEN;
	}
	memset(pl, 0, sizeof(pl));
	if (sa->cookie)
		iked_pl_notify(&pl[n++], IKE_N_COOKIE, sa->cookie, sa->cookie_len);
	for (size_t i = 0; i < conn->nike; i++)
		ike_proposal_to_wire(&conn->ike[i], i, NULL, 0, &props[i]);
	pl[n].type = IKE_PL_SA;
	pl[n].u.sa.nprops = conn->nike;
	pl[n++].u.sa.props = props;
	pl[n].type = IKE_PL_KE;
	pl[n].u.ke.group = sa->dh_group;
	pl[n++].u.ke.data = ike_chunk(pub, publen);
	pl[n].type = IKE_PL_NONCE;
	pl[n++].u.nonce.data = ike_chunk(sa->ni, sa->ni_len);
	natd(sa, zero, &sa->local, natd_s);
	natd(sa, zero, &sa->remote, natd_d);
	iked_pl_notify(&pl[n++], IKE_N_NAT_DETECTION_SOURCE_IP, natd_s, sizeof(natd_s));
	iked_pl_notify(&pl[n++], IKE_N_NAT_DETECTION_DESTINATION_IP, natd_d, sizeof(natd_d));
	if (conn->fragmentation)
		iked_pl_notify(&pl[n++], IKE_N_IKEV2_FRAGMENTATION_SUPPORTED, NULL, 0);
	nea_wr_init(&algs, 64);
	if (ike_hash_algs_build(hash_algs, sizeof(hash_algs) / sizeof(hash_algs[0]), &algs) == 0)
		iked_pl_notify(&pl[n++], IKE_N_SIGNATURE_HASH_ALGORITHMS, algs.ptr, algs.len);
	sa->i_next_id = 0;
	rc = iked_msg_request(sa, IKE_EXCH_SA_INIT, pl, n);
	nea_wr_free(&algs);
	return rc;
}

/* COOKIE or INVALID_KE_PAYLOAD: start over with what the responder asked
 * for (RFC 7296 §2.6, §1.2). true when the exchange was restarted. */
static bool restart_init(iked_sa_t *sa, const ike_msg_t *m)
{
	const ike_payload_t *ck = ike_msg_get_notify(m, IKE_N_COOKIE);
	const ike_payload_t *ike = ike_msg_get_notify(m, IKE_N_INVALID_KE_PAYLOAD);

	if (!ck && !ike)
		return false;
	if (++sa->init_retries > 5) {
		NLOG(IKE, 1, "IKE_SA_INIT restarted too often, giving up");
		iked_sa_destroy(sa, "too many IKE_SA_INIT restarts");
		return true;
	}
	if (ck) {
		uint8_t *c;

		if (ck->u.notify.data.len == 0 || ck->u.notify.data.len > IKE_COOKIE_MAX) {
			NLOG(IKE, 1, "received invalid COOKIE notify, ignored");
			return true;
		}
		c = malloc(ck->u.notify.data.len);
		if (!c) {
			iked_sa_destroy(sa, "out of memory");
			return true;
		}
		memcpy(c, ck->u.notify.data.ptr, ck->u.notify.data.len);
		free(sa->cookie);
		sa->cookie = c;
		sa->cookie_len = ck->u.notify.data.len;
		NLOG(IKE, 2, "received COOKIE, restarting IKE_SA_INIT");
	} else {
		uint16_t group;
		bool ours = false;
		const char *have, *want;

		if (ike->u.notify.data.len != 2) {
			NLOG(IKE, 1, "received invalid INVALID_KE_PAYLOAD notify, ignored");
			return true;
		}
		group = nea_get_u16(ike->u.notify.data.ptr);
		for (size_t i = 0; i < sa->conn->nike; i++)
			for (size_t j = 0; j < sa->conn->ike[i].ntrans; j++)
				if (sa->conn->ike[i].trans[j].type == IKE_TRANS_DH &&
				    sa->conn->ike[i].trans[j].id == group)
					ours = true;
		have = ike_transform_name(IKE_TRANS_DH, sa->dh_group);
		want = ike_transform_name(IKE_TRANS_DH, group);
		NLOG(IKE, 1, "peer didn't accept DH group %s, it requested %s", have ? have : "?",
		     want ? want : "?");
		if (!ours || group == sa->dh_group) {
			iked_sa_destroy(sa, "requested DH group not configured");
			return true;
		}
		sa->dh_group = group;
	}
	sa->i_pending = false;
	iked_sa_stop_rtx(sa);
	if (iked_init_start(sa) < 0)
		iked_sa_destroy(sa, "restarting IKE_SA_INIT failed");
	return true;
}

void iked_init_response(iked_sa_t *sa, ike_msg_t *m)
{
	const ike_payload_t *sap, *kep, *nrp;
	iked_t *ik = sa->ik;
	ike_selected_t sel;
	uint8_t gir[IKE_DH_MAX_SECRET];
	size_t gir_len = 0;
	char ps[256];
	int rc;

	if (!sa->i_pending || sa->i_exchange != IKE_EXCH_SA_INIT || m->hdr.msg_id != 0)
		return;
	iked_msg_log("parsed", &m->hdr, m->pl, m->npl);
	if (restart_init(sa, m))
		return;
	for (size_t i = 0; i < m->npl; i++) {
		const ike_payload_t *p = &m->pl[i];

		if (p->type == IKE_PL_NOTIFY && p->u.notify.type <= IKE_N_ERROR_MAX) {
			const char *nm = ike_notify_name(p->u.notify.type);

			NLOG(IKE, 1, "received %s notify error", nm ? nm : "unknown");
			ik->stats.sa_failed++;
			iked_sa_destroy(sa, "IKE_SA_INIT refused");
			return;
		}
	}
	sap = ike_msg_get(m, IKE_PL_SA);
	kep = ike_msg_get(m, IKE_PL_KE);
	nrp = ike_msg_get(m, IKE_PL_NONCE);
	if (!sap || !kep || !nrp || !memcmp(m->hdr.spi_r, "\0\0\0\0\0\0\0\0", 8)) {
		NLOG(IKE, 1, "IKE_SA_INIT response incomplete, giving up");
		iked_sa_destroy(sa, "invalid IKE_SA_INIT response");
		return;
	}
	if (ike_proposal_verify(sa->conn->ike, sa->conn->nike, &sap->u.sa, false, &sel) < 0) {
		NLOG(IKE, 1, "peer's proposal selection invalid");
		iked_sa_destroy(sa, "invalid proposal selected");
		return;
	}
	NLOG(CFG, 1, "selected proposal: %s",
	     ike_proposal_str(sel.proto, sel.trans, sel.ntrans, ps, sizeof(ps)));
	if (kep->u.ke.group != sel.suite.dh || sel.suite.dh != sa->dh_group) {
		NLOG(IKE, 1, "DH group in KE payload does not match the selected proposal");
		iked_sa_destroy(sa, "KE mismatch");
		return;
	}
	sa->i_pending = false;
	iked_sa_stop_rtx(sa);
	ike_packets_free(sa->i_req, sa->i_nreq);
	sa->i_req = NULL;
	sa->i_nreq = 0;
	memcpy(sa->spi_r, m->hdr.spi_r, IKE_SPI_LEN);
	sa->nr_len = nrp->u.nonce.data.len;
	memcpy(sa->nr, nrp->u.nonce.data.ptr, sa->nr_len);
	rc = ike_dh_derive(sa->dh, kep->u.ke.data.ptr, kep->u.ke.data.len, gir, sizeof(gir),
			   &gir_len);
	if (rc == 0)
		rc = ike_keys_derive(&sa->keys, &sel.suite, ike_chunk(sa->ni, sa->ni_len),
				     ike_chunk(sa->nr, sa->nr_len), ike_chunk(gir, gir_len),
				     sa->spi_i, sa->spi_r);
	OPENSSL_cleanse(gir, sizeof(gir));
	if (rc == 0)
		rc = ike_sk_init(&sa->sk, &sa->keys, true);
	if (rc < 0) {
		NLOG(IKE, 1, "key derivation failed: %s", nea_strerror(rc));
		iked_sa_destroy(sa, "key derivation failed");
		return;
	}
	ike_dh_free(sa->dh);
	sa->dh = NULL;
	sa->keyed = true;
	sa->ike_sel = sel;
	sa->init_r = malloc(m->raw.len);
	if (!sa->init_r) {
		iked_sa_destroy(sa, "out of memory");
		return;
	}
	memcpy(sa->init_r, m->raw.ptr, m->raw.len);
	sa->init_r_len = m->raw.len;
	peer_notifies(sa, m);
	if (!sa->conn->fragmentation)
		sa->peer_frag = false;
	detect_nat(sa, m, sa->spi_r);
	if (sa->nat_here || sa->nat_there) {
		/* RFC 7296 §2.23: continue on port 4500 */
		iked_addr_set_port(&sa->local, ik->net.port_natt);
		if (iked_addr_port(&sa->remote) == 500)
			iked_addr_set_port(&sa->remote, 4500);
		sa->natt = true;
	}
	iked_sa_set_state(sa, IKED_SA_AUTHENTICATING);
	if (iked_auth_start(sa) < 0)
		iked_sa_destroy(sa, "IKE_AUTH could not be started");
}

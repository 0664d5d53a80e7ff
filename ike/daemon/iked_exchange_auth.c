/*
 * IKE_AUTH, responder (RFC 7296 §1.2, §2.15, §2.16; RFC 5998), as charon
 * answers an EAP client with certificate server authentication:
 *
 *   request 1  IDi [CERTREQ] [IDr] [CP(REQUEST)] SA TSi TSr, no AUTH
 *   response 1 IDr CERT AUTH(signature) EAP(Request), or with local
 *              auth = eap-ttls and the client's EAP_ONLY_AUTHENTICATION
 *              (RFC 5998) IDr EAP(Request) only: the gateway proves itself
 *              inside EAP-TTLS and with the MSK
 *   request n  EAP(Response)  ->  response n  EAP(Request | Success | Failure)
 *   request    AUTH(MSK)      ->  response   AUTH(MSK) [CP(REPLY)] SA TSi TSr
 *
 * The peer configuration is the one IKE_SA_INIT chose by address and
 * proposal, re-checked against IDi here. The first request is kept (its
 * IDi body signs the peer's AUTH, its CP/SA/TS make the CHILD_SA at the
 * end). Every failure answers with a notify (AUTHENTICATION_FAILED,
 * INVALID_SYNTAX) or EAP-Failure and leaves the SA to die after a short
 * grace period, so a retransmitted request still gets the cached answer.
 */
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eap_pkt.h"
#include "iked.h"
#include "iked_cert.h"
#include "iked_exchange.h"
#include "iked_msg.h"
#include "iked_tnc.h"
#include "ike_auth.h"
#include "ike_names.h"
#include "nea_err.h"
#include "nea_log.h"

#define MAX_PL 16

/* The peer gets FAILED answers from cache this long, then the SA goes. */
#define FAILED_GRACE_MS 10000

static void sa_failed(iked_sa_t *sa, const char *why)
{
	char name[64];

	NLOG(IKE, 1, "IKE_SA %s failed: %s", iked_sa_name(sa, name, sizeof(name)), why);
	sa->ik->stats.sa_failed++;
	sa->failed = true;
	iked_sa_expire(sa, FAILED_GRACE_MS);
}

static void respond_failed(iked_sa_t *sa, const ike_hdr_t *h, uint16_t notify, const char *why)
{
	iked_msg_respond_notify(sa, h, notify);
	sa_failed(sa, why);
}

/* A configuration for this peer identity: the one IKE_SA_INIT chose if it
 * fits, otherwise another one reachable from the same addresses whose
 * IKE proposals contain what was negotiated. */
static const iked_conn_t *select_peer_cfg(iked_sa_t *sa)
{
	const iked_cfg_t *c = sa->cfg;

	if (iked_id_match(&sa->conn->remote.id, &sa->other_id))
		return sa->conn;
	for (size_t i = 0; i < c->nconns; i++) {
		const iked_conn_t *conn = &c->conns[i];

		if (conn == sa->conn || !iked_id_match(&conn->remote.id, &sa->other_id))
			continue;
		if (conn->nlocal_addrs &&
		    !iked_addr_cfg_match(conn->local_addrs, conn->nlocal_addrs, &sa->local))
			continue;
		if (conn->nremote_addrs &&
		    !iked_addr_cfg_match(conn->remote_addrs, conn->nremote_addrs, &sa->remote))
			continue;
		for (size_t j = 0; j < conn->nike; j++) {
			ike_pl_sa_t offered;
			ike_proposal_t prop;
			ike_selected_t sel;

			ike_selected_to_wire(&sa->ike_sel, NULL, 0, &prop);
			offered.nprops = 1;
			offered.props = &prop;
			if (ike_proposal_select(&conn->ike[j], 1, &offered, false, &sel) == 0)
				return conn;
		}
	}
	return NULL;
}

static int sign_auth(iked_sa_t *sa, ike_payload_t *p, nea_wr_t *sig)
{
	const iked_auth_cfg_t *l = &sa->conn->local;
	nea_wr_t oct;
	ike_sigalg_t alg;
	uint8_t method;
	int rc;

	nea_wr_init(&oct, IKE_MSG_MAX * 2);
	rc = ike_auth_octets(sa->ike_sel.suite.prf, ike_chunk(sa->keys.sk_pr, sa->keys.p_len),
			     ike_chunk(sa->init_r, sa->init_r_len), ike_chunk(sa->ni, sa->ni_len),
			     ike_chunk(sa->my_id_body, sa->my_id_body_len), &oct);
	if (rc == 0)
		rc = nea_wr_error(&oct);
	if (rc < 0)
		goto out;
	if (sa->hash_algs_len &&
	    ike_auth_pick_sigalg(l->key, ike_chunk(sa->hash_algs, sa->hash_algs_len), false,
				 &alg) == 0) {
		method = IKE_AUTH_DIGITAL_SIG;
		rc = ike_auth_sign(l->key, method, &alg, ike_chunk(oct.ptr, oct.len), sig);
	} else {
		rc = ike_auth_classic_method(l->key, &method);
		if (rc == 0)
			rc = ike_auth_sign(l->key, method, NULL, ike_chunk(oct.ptr, oct.len), sig);
	}
	if (rc == 0)
		rc = nea_wr_error(sig);
	if (rc == 0) {
		char me[IKED_ID_STRLEN];

		memset(p, 0, sizeof(*p));
		p->type = IKE_PL_AUTH;
		p->u.auth.method = method;
		p->u.auth.data = ike_chunk(sig->ptr, sig->len);
		NLOG(IKE, 1, "authentication of '%s' (myself) with %s successful",
		     iked_id_str(&sa->my_id, me, sizeof(me)),
		     method == IKE_AUTH_DIGITAL_SIG ? "RFC 7427 signature" : "signature");
	}
out:
	nea_wr_free(&oct);
	return rc;
}

static void respond_eap(iked_sa_t *sa, const ike_hdr_t *h, ike_payload_t *pl, size_t n,
			const nea_wr_t *eap)
{
	pl[n].type = IKE_PL_EAP;
	pl[n++].u.eap.pkt = ike_chunk(eap->ptr, eap->len);
	iked_msg_respond(sa, h, pl, n);
}

/* After iked_eap_*: answer with the EAP packet and account the outcome. */
static void eap_outcome(iked_sa_t *sa, const ike_hdr_t *h, int rc, nea_wr_t *eap)
{
	ike_payload_t pl[1];

	memset(pl, 0, sizeof(pl));
	switch (rc) {
	case IKED_EAP_PENDING:
		sa->r_busy = true;
		sa->r_busy_hdr = *h;
		return;
	case IKED_EAP_SEND:
		respond_eap(sa, h, pl, 0, eap);
		return;
	case IKED_EAP_SUCCESS:
		respond_eap(sa, h, pl, 0, eap);
		iked_eap_release(&sa->eap);
		return;
	case IKED_EAP_FAILURE:
	default:
		respond_eap(sa, h, pl, 0, eap);
		iked_eap_release(&sa->eap);
		sa_failed(sa, "EAP authentication failed");
		return;
	}
}

static void first_request(iked_sa_t *sa, ike_msg_t *m)
{
	const ike_payload_t *idi = ike_msg_get(m, IKE_PL_IDI);
	const ike_payload_t *cp = ike_msg_get(m, IKE_PL_CP);
	const iked_conn_t *conn;
	ike_payload_t pl[MAX_PL];
	nea_wr_t cert, sig, eap;
	char l[IKED_ADDR_STRLEN], r[IKED_ADDR_STRLEN], me[IKED_ID_STRLEN], other[IKED_ID_STRLEN];
	size_t n = 0;
	int rc;

	if (!idi) {
		NLOG(ENC, 1, "IKE_AUTH request without IDi, sending INVALID_SYNTAX");
		respond_failed(sa, &m->hdr, IKE_N_INVALID_SYNTAX, "no IDi");
		return;
	}
	if (iked_id_from_payload(idi->u.id.id_type, idi->u.id.data.ptr, idi->u.id.data.len,
				 &sa->other_id) < 0) {
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "unusable IDi");
		return;
	}
	sa->peer_eap_only = ike_msg_get_notify(m, IKE_N_EAP_ONLY_AUTHENTICATION) != NULL;
	sa->peer_initial_contact = ike_msg_get_notify(m, IKE_N_INITIAL_CONTACT) != NULL;
	NLOG(CFG, 1, "looking for peer configs matching %s[%%any]...%s[%s]",
	     iked_addr_str(&sa->local, l, sizeof(l)), iked_addr_str(&sa->remote, r, sizeof(r)),
	     iked_id_str(&sa->other_id, other, sizeof(other)));
	conn = select_peer_cfg(sa);
	if (!conn) {
		NLOG(CFG, 1, "no matching peer config found");
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "no peer config");
		return;
	}
	sa->conn = conn;
	NLOG(CFG, 1, "selected peer config '%s'", conn->name);
	if (ike_msg_get(m, IKE_PL_AUTH) || conn->remote.cls != NEA_AUTH_EAP) {
		/* nea-iked authenticates clients with EAP only */
		NLOG(IKE, 1, "peer %s authenticates with %s, but '%s' requires EAP",
		     other, ike_msg_get(m, IKE_PL_AUTH) ? "an AUTH payload" : "nothing",
		     conn->name);
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "not an EAP client");
		return;
	}
	if (conn->local.cls == NEA_AUTH_EAP) {
		/* RFC 5998: we authenticate inside a mutual EAP method (EAP-TTLS
		 * with our certificate) and only with the MSK, if the client
		 * offered that */
		if (!sa->peer_eap_only || conn->remote.eap_type != NEA_EAP_TTLS) {
			NLOG(IKE, 1, "peer %s did not send EAP_ONLY_AUTHENTICATION (or the method "
				     "is not EAP-TTLS), but '%s' authenticates us with EAP only",
			     other, conn->name);
			respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "EAP-only refused");
			return;
		}
		sa->eap_only = true;
	} else if (conn->local.cls != NEA_AUTH_PUBKEY || !conn->local.key) {
		NLOG(CFG, 0, "connection '%s': local authentication must be pubkey with a key, "
			     "or eap-ttls (EAP-only)", conn->name);
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "no local credentials");
		return;
	}
	if (cp && cp->u.cp.cfg_type == IKE_CFG_REQUEST)
		for (size_t i = 0; i < cp->u.cp.nattrs; i++) {
			uint16_t t = cp->u.cp.attrs[i].type;

			sa->want_vip4 |= t == IKE_CA_INTERNAL_IP4_ADDRESS;
			sa->want_vip6 |= t == IKE_CA_INTERNAL_IP6_ADDRESS;
			sa->want_dns |= t == IKE_CA_INTERNAL_IP4_DNS || t == IKE_CA_INTERNAL_IP6_DNS;
		}

	/* keep the request: IDi signs the peer's AUTH, CP/SA/TS make the
	 * CHILD_SA once EAP succeeded */
	sa->auth1 = malloc(sizeof(*sa->auth1));
	if (!sa->auth1) {
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "out of memory");
		return;
	}
	*sa->auth1 = *m;
	ike_msg_init(m);
	m = sa->auth1;
	iked_sa_set_state(sa, IKED_SA_AUTHENTICATING);

	sa->my_id = conn->local.id;
	if (iked_id_body(&sa->my_id, &sa->my_id_body, &sa->my_id_body_len) < 0) {
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "out of memory");
		return;
	}
	memset(pl, 0, sizeof(pl));
	nea_wr_init(&cert, IKE_MSG_MAX);
	nea_wr_init(&sig, 4096);
	nea_wr_init(&eap, EAP_MAX_LEN);
	pl[n].type = IKE_PL_IDR;
	pl[n].u.id.id_type = sa->my_id.type;
	pl[n++].u.id.data = ike_chunk(sa->my_id.data, sa->my_id.len);
	if (sa->eap_only) {
		NLOG(IKE, 1, "EAP-only authentication (RFC 5998): no CERT/AUTH before EAP");
		goto eap;
	}
	if (conn->local.cert && conn->sc->send_cert != NEA_SEND_CERT_NEVER &&
	    iked_cert_der(conn->local.cert, &cert) == 0 && nea_wr_error(&cert) == 0) {
		pl[n].type = IKE_PL_CERT;
		pl[n].u.cert.encoding = IKE_CERT_X509_SIG;
		pl[n++].u.cert.data = ike_chunk(cert.ptr, cert.len);
		NLOG(IKE, 1, "sending end entity cert \"%s\"",
		     iked_id_str(&sa->my_id, me, sizeof(me)));
	}
	rc = sign_auth(sa, &pl[n], &sig);
	if (rc < 0) {
		NLOG(IKE, 0, "creating our AUTH payload failed: %s", nea_strerror(rc));
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "signing failed");
		goto out;
	}
	n++;
eap:
	rc = iked_eap_server_start(&sa->eap, &eap);
	if (rc != IKED_EAP_SEND || nea_wr_error(&eap)) {
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "EAP did not start");
		goto out;
	}
	respond_eap(sa, &m->hdr, pl, n, &eap);
out:
	nea_wr_free(&cert);
	nea_wr_free(&sig);
	nea_wr_free(&eap);
}

static void eap_request(iked_sa_t *sa, ike_msg_t *m)
{
	const ike_payload_t *e = ike_msg_get(m, IKE_PL_EAP);
	nea_wr_t out;
	int rc;

	if (!e) {
		NLOG(IKE, 1, "IKE_AUTH request without EAP payload during EAP, sending "
			     "AUTHENTICATION_FAILED");
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "EAP payload missing");
		return;
	}
	nea_wr_init(&out, EAP_MAX_LEN);
	rc = iked_eap_server_process(&sa->eap, e->u.eap.pkt.ptr, e->u.eap.pkt.len, &out);
	if (rc < 0) {
		/* IKE has no silent discard after the message ID was taken: a
		 * response the method cannot use ends the conversation */
		nea_wr_free(&out);
		nea_wr_init(&out, 16);
		eap_status_build(&out, EAP_CODE_FAILURE, e->u.eap.id);
		rc = IKED_EAP_FAILURE;
	}
	eap_outcome(sa, &m->hdr, rc, &out);
	nea_wr_free(&out);
}

void iked_auth_resume(iked_sa_t *sa)
{
	ike_hdr_t h = sa->r_busy_hdr;
	nea_wr_t out;
	int rc;

	if (!sa->r_busy || sa->state == IKED_SA_DEAD)
		return;
	sa->r_busy = false;
	nea_wr_init(&out, EAP_MAX_LEN);
	rc = iked_eap_server_resume(&sa->eap, &out);
	if (rc < 0) {
		nea_wr_free(&out);
		nea_wr_init(&out, 16);
		eap_status_build(&out, EAP_CODE_FAILURE, 0);
		rc = IKED_EAP_FAILURE;
	}
	eap_outcome(sa, &h, rc, &out);
	nea_wr_free(&out);
}

/* Virtual IP for a CP request, from the connection's pools in order. */
static bool assign_vip(iked_sa_t *sa, char *owner)
{
	const iked_conn_t *conn = sa->conn;
	char a[IKED_ADDR_STRLEN];

	if (!sa->want_vip4 && !sa->want_vip6)
		return true;
	NLOG(IKE, 1, "peer requested virtual IP %%any%s", sa->want_vip6 ? " and %any6" : "");
	for (size_t i = 0; i < conn->npools; i++) {
		if (sa->want_vip4 && !sa->has_vip4 &&
		    iked_pool_acquire(&sa->ik->pools, conn->pools[i]->name, owner, AF_INET,
				      &sa->vip4) == 0)
			sa->has_vip4 = true;
		if (sa->want_vip6 && !sa->has_vip6 &&
		    iked_pool_acquire(&sa->ik->pools, conn->pools[i]->name, owner, AF_INET6,
				      &sa->vip6) == 0)
			sa->has_vip6 = true;
	}
	if (sa->has_vip4)
		NLOG(IKE, 1, "assigning virtual IP %s to peer '%s'",
		     iked_addr_str(&sa->vip4, a, sizeof(a)), owner);
	if (sa->has_vip6)
		NLOG(IKE, 1, "assigning virtual IP %s to peer '%s'",
		     iked_addr_str(&sa->vip6, a, sizeof(a)), owner);
	if (!sa->has_vip4 && !sa->has_vip6) {
		NLOG(IKE, 1, "no virtual IP found for %%any requested by '%s'", owner);
		return false;
	}
	return true;
}

static void final_auth(iked_sa_t *sa, ike_msg_t *m)
{
	const ike_payload_t *auth = ike_msg_get(m, IKE_PL_AUTH);
	const ike_payload_t *idi = ike_msg_get(sa->auth1, IKE_PL_IDI);
	uint8_t mine[IKE_MAX_PRF_LEN];
	uint8_t addr4[4], addr6[17];
	ike_cp_attr_t attrs[2 + 8];
	ike_payload_t pl[MAX_PL];
	iked_child_wire_t cw;
	const uint8_t *msk;
	size_t msk_len, mine_len = 0, n = 0, nattrs = 0;
	char owner[IKED_ID_STRLEN], me[IKED_ID_STRLEN], other[IKED_ID_STRLEN], name[64];
	char l[IKED_ADDR_STRLEN], r[IKED_ADDR_STRLEN];
	nea_wr_t oct;
	int rc;

	if (!auth) {
		NLOG(IKE, 1, "IKE_AUTH request after EAP without AUTH payload");
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "AUTH missing");
		return;
	}
	msk = iked_eap_msk(&sa->eap, &msk_len);
	nea_wr_init(&oct, IKE_MSG_MAX * 2);
	rc = ike_auth_octets(sa->ike_sel.suite.prf, ike_chunk(sa->keys.sk_pi, sa->keys.p_len),
			     ike_chunk(sa->init_i, sa->init_i_len), ike_chunk(sa->nr, sa->nr_len),
			     idi->body, &oct);
	if (rc == 0)
		rc = nea_wr_error(&oct);
	if (rc == 0)
		rc = auth->u.auth.method == IKE_AUTH_SHARED_KEY
			     ? ike_auth_psk_verify(sa->ike_sel.suite.prf,
						   ike_auth_eap_secret(ike_chunk(msk, msk_len),
								       ike_chunk(sa->keys.sk_pi,
										 sa->keys.p_len)),
						   ike_chunk(oct.ptr, oct.len), auth->u.auth.data)
			     : NEA_EAUTH;
	nea_wr_free(&oct);
	if (rc < 0) {
		NLOG(IKE, 1, "verification of AUTH payload with EAP MSK failed");
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "MSK AUTH invalid");
		return;
	}
	NLOG(IKE, 1, "authentication of '%s' with EAP successful",
	     iked_id_str(&sa->other_id, other, sizeof(other)));

	nea_wr_init(&oct, IKE_MSG_MAX * 2);
	rc = ike_auth_octets(sa->ike_sel.suite.prf, ike_chunk(sa->keys.sk_pr, sa->keys.p_len),
			     ike_chunk(sa->init_r, sa->init_r_len), ike_chunk(sa->ni, sa->ni_len),
			     ike_chunk(sa->my_id_body, sa->my_id_body_len), &oct);
	if (rc == 0)
		rc = nea_wr_error(&oct);
	if (rc == 0)
		rc = ike_auth_psk(sa->ike_sel.suite.prf,
				  ike_auth_eap_secret(ike_chunk(msk, msk_len),
						      ike_chunk(sa->keys.sk_pr, sa->keys.p_len)),
				  ike_chunk(oct.ptr, oct.len), mine, sizeof(mine), &mine_len);
	nea_wr_free(&oct);
	if (rc < 0) {
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED, "AUTH computation failed");
		return;
	}
	NLOG(IKE, 1, "authentication of '%s' (myself) with EAP",
	     iked_id_str(&sa->my_id, me, sizeof(me)));
	memset(pl, 0, sizeof(pl));
	pl[n].type = IKE_PL_AUTH;
	pl[n].u.auth.method = IKE_AUTH_SHARED_KEY;
	pl[n++].u.auth.data = ike_chunk(mine, mine_len);

	iked_sa_set_state(sa, IKED_SA_ESTABLISHED);
	sa->ik->stats.sa_established++;
	NLOG(IKE, 0, "IKE_SA %s established between %s[%s]...%s[%s]",
	     iked_sa_name(sa, name, sizeof(name)), iked_addr_str(&sa->local, l, sizeof(l)), me,
	     iked_addr_str(&sa->remote, r, sizeof(r)), other);

	if (sa->eap.have_identity)
		iked_eap_identity(&sa->eap, owner, sizeof(owner));
	else
		snprintf(owner, sizeof(owner), "%s", other);
	if (!assign_vip(sa, owner)) {
		iked_pl_notify(&pl[n++], IKE_N_INTERNAL_ADDRESS_FAILURE, NULL, 0);
		NLOG(CHD, 1, "no CHILD_SA without the requested virtual IP");
		goto send;
	}
	if (sa->has_vip4 || sa->has_vip6) {
		size_t len;

		if (sa->has_vip4) {
			memcpy(addr4, iked_addr_bytes(&sa->vip4, &len), 4);
			attrs[nattrs].type = IKE_CA_INTERNAL_IP4_ADDRESS;
			attrs[nattrs++].value = ike_chunk(addr4, 4);
		}
		if (sa->has_vip6) {
			memcpy(addr6, iked_addr_bytes(&sa->vip6, &len), 16);
			addr6[16] = 128; /* prefix length */
			attrs[nattrs].type = IKE_CA_INTERNAL_IP6_ADDRESS;
			attrs[nattrs++].value = ike_chunk(addr6, 17);
		}
		for (size_t i = 0; sa->want_dns && i < sa->conn->npools; i++) {
			const nea_swanctl_pool_t *p = sa->conn->pools[i];

			for (size_t j = 0; j < p->ndns && nattrs < sizeof(attrs) / sizeof(attrs[0]);
			     j++) {
				bool v4 = p->dns[j].family == AF_INET;

				attrs[nattrs].type =
					v4 ? IKE_CA_INTERNAL_IP4_DNS : IKE_CA_INTERNAL_IP6_DNS;
				attrs[nattrs++].value = ike_chunk(p->dns[j].from, v4 ? 4 : 16);
			}
		}
		pl[n].type = IKE_PL_CP;
		pl[n].u.cp.cfg_type = IKE_CFG_REPLY;
		pl[n].u.cp.nattrs = nattrs;
		pl[n++].u.cp.attrs = attrs;
	}
	memset(&cw, 0, sizeof(cw));
	rc = iked_child_respond(sa, sa->auth1, &cw, pl, &n, MAX_PL);
	if (rc > 0)
		iked_pl_notify(&pl[n++], (uint16_t)rc, NULL, 0);
	else if (rc < 0)
		NLOG(CHD, 0, "CHILD_SA negotiation failed: %s", nea_strerror(rc));
send:
	iked_msg_respond(sa, &m->hdr, pl, n);
	OPENSSL_cleanse(mine, sizeof(mine));
	/* the first request is no longer needed; its decrypted content holds
	 * EAP and identity data */
	ike_msg_free(sa->auth1);
	free(sa->auth1);
	sa->auth1 = NULL;
}

void iked_auth_request(iked_sa_t *sa, ike_msg_t *m)
{
	if (sa->initiator) {
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_INVALID_SYNTAX);
		return;
	}
	if (sa->failed) {
		/* authentication already failed: answer, but decide nothing */
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED);
		return;
	}
	if (++sa->auth_exchanges > sa->cfg->max_auth_exchanges) {
		respond_failed(sa, &m->hdr, IKE_N_AUTHENTICATION_FAILED,
			       "too many IKE_AUTH exchanges");
		return;
	}
	switch (sa->state) {
	case IKED_SA_HALF_OPEN:
		first_request(sa, m);
		break;
	case IKED_SA_AUTHENTICATING:
		if (!sa->eap.complete)
			eap_request(sa, m);
		else
			final_auth(sa, m);
		break;
	default:
		NLOG(IKE, 1, "IKE_AUTH request on an established IKE_SA, sending INVALID_SYNTAX");
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_INVALID_SYNTAX);
		break;
	}
}


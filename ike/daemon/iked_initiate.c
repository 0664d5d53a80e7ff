/*
 * The initiator role (RFC 7296 §1.2, §2.16) as a charon EAP client does it:
 *
 *   IKE_SA_INIT (iked_exchange_init.c), then
 *   request 1  IDi [IDr] CERTREQ [CP(REQUEST)] SA TSi TSr, no AUTH
 *   response   IDr CERT AUTH(signature) EAP   -> certificate path to one
 *              of our CAs, the remote id in it, the signature verified
 *   EAP rounds with the peer method of the local auth (eap-md5,
 *   eap-mschapv2, eap-ttls; EAP-Identity answered with eap_id or id)
 *   request    AUTH(MSK or SK_pi)  ->  AUTH(MSK) [CP(REPLY)] SA TSi TSr
 *
 * Started at start-up for every connection with a child whose
 * start_action is start (iked_initiate_all). Any failure destroys the SA
 * with one log line saying why; a peer that stops answering is given up
 * after charon's retransmission schedule. The peer side of PT-EAP (a
 * client broker driven by nea-imcd) is not wired in: a gateway that runs
 * TNC inside EAP-TTLS fails the method.
 */
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "eap_pkt.h"
#include "iked.h"
#include "iked_cert.h"
#include "iked_exchange.h"
#include "iked_msg.h"
#include "ike_auth.h"
#include "ike_names.h"
#include "nea_err.h"
#include "nea_log.h"

#define MAX_PL 16

static void fail(iked_sa_t *sa, const char *why)
{
	char name[64];

	NLOG(IKE, 0, "establishing IKE_SA %s failed: %s", iked_sa_name(sa, name, sizeof(name)),
	     why);
	sa->ik->stats.sa_failed++;
	iked_sa_destroy(sa, why);
}

/* The local address the kernel would use towards remote (a connected UDP
 * socket sends nothing), so NAT-D hashes and the TS name it. */
static int route_source(const iked_addr_t *remote, uint16_t port, iked_addr_t *local)
{
	socklen_t alen = sizeof(*local);
	int fd = socket(remote->ss_family, SOCK_DGRAM, 0);
	int rc = NEA_EIO;

	if (fd < 0)
		return NEA_EIO;
	if (connect(fd, (const struct sockaddr *)remote,
		    remote->ss_family == AF_INET ? sizeof(struct sockaddr_in)
						 : sizeof(struct sockaddr_in6)) == 0 &&
	    getsockname(fd, (struct sockaddr *)local, &alen) == 0) {
		iked_addr_set_port(local, port);
		rc = 0;
	}
	close(fd);
	return rc;
}

int iked_initiate(iked_t *ik, const iked_conn_t *conn)
{
	const nea_swanctl_conn_t *sc = conn->sc;
	iked_addr_t remote, local;
	iked_sa_t *sa;
	char r[IKED_ADDR_STRLEN];
	int rc;

	if (!sc->nremote_addrs ||
	    iked_addr_parse(sc->remote_addrs[0], sc->remote_port ? sc->remote_port : 500, &remote) < 0) {
		NLOG(CFG, 0, "connection '%s': initiating needs a numeric remote_addrs",
		     conn->name);
		return NEA_ECONFIG;
	}
	if (conn->local.cls != NEA_AUTH_EAP ||
	    (conn->remote.cls != NEA_AUTH_PUBKEY &&
	     !(conn->remote.cls == NEA_AUTH_EAP && conn->remote.eap_type == NEA_EAP_TTLS))) {
		NLOG(CFG, 0, "connection '%s': nea-iked initiates with local EAP and remote "
			     "pubkey (or eap-ttls, EAP-only) authentication only", conn->name);
		return NEA_EUNSUPPORTED;
	}
	if ((rc = route_source(&remote, ik->net.port, &local)) < 0) {
		NLOG(IKE, 0, "connection '%s': no route to %s", conn->name,
		     iked_addr_str(&remote, r, sizeof(r)));
		return rc;
	}
	rc = iked_sa_create(ik, true, &local, &remote, NULL, &sa);
	if (rc < 0)
		return rc;
	sa->conn = conn;
	sa->eap.server = false;
	NLOG(IKE, 0, "initiating IKE_SA %s[%u] to %s", conn->name, sa->unique,
	     iked_addr_str_port(&remote, r, sizeof(r)));
	rc = iked_init_start(sa);
	if (rc < 0)
		fail(sa, "IKE_SA_INIT could not be sent");
	return rc;
}

void iked_initiate_all(iked_t *ik)
{
	for (size_t i = 0; i < ik->cfg->nconns; i++)
		if (ik->cfg->conns[i].start)
			iked_initiate(ik, &ik->cfg->conns[i]);
}

int iked_auth_start(iked_sa_t *sa)
{
	const iked_conn_t *conn = sa->conn;
	ike_payload_t pl[MAX_PL];
	ike_proposal_t props[IKED_MAX_PROPOSALS];
	iked_child_wire_t cw;
	ike_pl_ts_t tsi, tsr;
	ike_cp_attr_t attr = { .type = IKE_CA_INTERNAL_IP4_ADDRESS };
	nea_wr_t creq;
	size_t n = 0;
	int rc;

	if (conn->local.id_set) {
		sa->my_id = conn->local.id;
	} else {
		size_t alen;
		const uint8_t *a = iked_addr_bytes(&sa->local, &alen);

		iked_id_from_addr(a, alen, &sa->my_id);
	}
	if ((rc = iked_id_body(&sa->my_id, &sa->my_id_body, &sa->my_id_body_len)) < 0)
		return rc;
	memset(pl, 0, sizeof(pl));
	pl[n].type = IKE_PL_IDI;
	pl[n].u.id.id_type = sa->my_id.type;
	pl[n++].u.id.data = ike_chunk(sa->my_id.data, sa->my_id.len);
	nea_wr_init(&creq, 4096);
	if (iked_certreq_build(sa->cfg, &creq) == 0 && creq.len && !nea_wr_error(&creq)) {
		pl[n].type = IKE_PL_CERTREQ;
		pl[n].u.cert.encoding = IKE_CERT_X509_SIG;
		pl[n++].u.cert.data = ike_chunk(creq.ptr, creq.len);
	}
	if (conn->remote.id_set) {
		pl[n].type = IKE_PL_IDR;
		pl[n].u.id.id_type = conn->remote.id.type;
		pl[n++].u.id.data = ike_chunk(conn->remote.id.data, conn->remote.id.len);
	}
	if (conn->remote.cls == NEA_AUTH_EAP) {
		/* RFC 5998: the gateway may prove itself inside EAP-TTLS */
		sa->eap_only = true;
		iked_pl_notify(&pl[n++], IKE_N_EAP_ONLY_AUTHENTICATION, NULL, 0);
	}
	if (conn->vip4) {
		pl[n].type = IKE_PL_CP;
		pl[n].u.cp.cfg_type = IKE_CFG_REQUEST;
		pl[n].u.cp.nattrs = 1;
		pl[n++].u.cp.attrs = &attr;
	}
	memset(&cw, 0, sizeof(cw));
	rc = iked_child_propose(sa, &cw, props, &tsi, &tsr, pl, &n, MAX_PL);
	if (rc == 0) {
		NLOG(IKE, 1, "establishing %s as '%s' with EAP",
		     sa->pending_child ? "IKE_SA and CHILD_SA" : "IKE_SA", conn->name);
		rc = iked_msg_request(sa, IKE_EXCH_AUTH, pl, n);
	}
	nea_wr_free(&creq);
	return rc;
}

static int send_eap(iked_sa_t *sa, const nea_wr_t *eap)
{
	ike_payload_t p;

	memset(&p, 0, sizeof(p));
	p.type = IKE_PL_EAP;
	p.u.eap.pkt = ike_chunk(eap->ptr, eap->len);
	return iked_msg_request(sa, IKE_EXCH_AUTH, &p, 1);
}

/* First response: the gateway's certificate and signature. */
static int verify_gateway(iked_sa_t *sa, const ike_msg_t *m)
{
	const ike_payload_t *idr = ike_msg_get(m, IKE_PL_IDR);
	const ike_payload_t *auth = ike_msg_get(m, IKE_PL_AUTH);
	const iked_conn_t *conn = sa->conn;
	STACK_OF(X509) *chain = sk_X509_new_null();
	X509 *cert = NULL;
	nea_perr_t err;
	nea_wr_t oct;
	char id[IKED_ID_STRLEN];
	int rc = NEA_EAUTH;

	memset(&err, 0, sizeof(err));
	if (!idr || !auth || !chain) {
		NLOG(IKE, 1, "IKE_AUTH response without IDr/AUTH");
		goto out;
	}
	if (iked_id_from_payload(idr->u.id.id_type, idr->u.id.data.ptr, idr->u.id.data.len,
				 &sa->other_id) < 0)
		goto out;
	iked_id_str(&sa->other_id, id, sizeof(id));
	if (conn->remote.id_set && !iked_id_match(&conn->remote.id, &sa->other_id)) {
		NLOG(IKE, 1, "gateway identity '%s' does not match the configured remote id", id);
		goto out;
	}
	for (size_t i = 0; i < m->npl; i++) {
		const ike_payload_t *p = &m->pl[i];
		X509 *x = NULL;

		if (p->type != IKE_PL_CERT || !p->encrypted || p->u.cert.encoding != IKE_CERT_X509_SIG)
			continue;
		if (iked_cert_parse(p->u.cert.data.ptr, p->u.cert.data.len, &x) < 0) {
			NLOG(IKE, 1, "unparsable certificate from the gateway");
			goto out;
		}
		if (!cert) {
			cert = x;
			NLOG(IKE, 1, "received end entity cert");
		} else if (!sk_X509_push(chain, x)) {
			X509_free(x);
			rc = NEA_ENOMEM;
			goto out;
		}
	}
	if (!cert) {
		NLOG(IKE, 1, "no certificate from gateway '%s' (nea-iked needs it in CERT)", id);
		goto out;
	}
	if (iked_cert_verify(sa->cfg, cert, chain) < 0 || !iked_cert_has_id(cert, &sa->other_id)) {
		NLOG(IKE, 1, "certificate of gateway '%s' not trusted or not for that identity", id);
		goto out;
	}
	nea_wr_init(&oct, IKE_MSG_MAX * 2);
	rc = ike_auth_octets(sa->ike_sel.suite.prf, ike_chunk(sa->keys.sk_pr, sa->keys.p_len),
			     ike_chunk(sa->init_r, sa->init_r_len), ike_chunk(sa->ni, sa->ni_len),
			     idr->body, &oct);
	if (rc == 0)
		rc = nea_wr_error(&oct);
	if (rc == 0)
		rc = ike_auth_verify(X509_get0_pubkey(cert), auth->u.auth.method, auth->u.auth.data,
				     ike_chunk(oct.ptr, oct.len), &err);
	nea_wr_free(&oct);
	if (rc < 0) {
		NLOG(IKE, 1, "signature AUTH of '%s' invalid: %s", id, nea_strerror(rc));
		goto out;
	}
	NLOG(IKE, 1, "authentication of '%s' with signature successful", id);
	sa->other_id_body = malloc(idr->body.len);
	if (!sa->other_id_body) {
		rc = NEA_ENOMEM;
		goto out;
	}
	memcpy(sa->other_id_body, idr->body.ptr, idr->body.len);
	sa->other_id_body_len = idr->body.len;
	X509_free(sa->peer_cert);
	sa->peer_cert = cert;
	cert = NULL;
	sa->other_auth_done = true;
	rc = 0;
out:
	X509_free(cert);
	if (chain)
		sk_X509_pop_free(chain, X509_free);
	return rc;
}

static int send_msk_auth(iked_sa_t *sa)
{
	const uint8_t *msk;
	size_t msk_len, alen = 0;
	uint8_t mac[IKE_MAX_PRF_LEN];
	ike_payload_t p;
	nea_wr_t oct;
	int rc;

	msk = iked_eap_msk(&sa->eap, &msk_len);
	nea_wr_init(&oct, IKE_MSG_MAX * 2);
	rc = ike_auth_octets(sa->ike_sel.suite.prf, ike_chunk(sa->keys.sk_pi, sa->keys.p_len),
			     ike_chunk(sa->init_i, sa->init_i_len), ike_chunk(sa->nr, sa->nr_len),
			     ike_chunk(sa->my_id_body, sa->my_id_body_len), &oct);
	if (rc == 0)
		rc = nea_wr_error(&oct);
	if (rc == 0)
		rc = ike_auth_psk(sa->ike_sel.suite.prf,
				  ike_auth_eap_secret(ike_chunk(msk, msk_len),
						      ike_chunk(sa->keys.sk_pi, sa->keys.p_len)),
				  ike_chunk(oct.ptr, oct.len), mac, sizeof(mac), &alen);
	nea_wr_free(&oct);
	if (rc < 0)
		return rc;
	memset(&p, 0, sizeof(p));
	p.type = IKE_PL_AUTH;
	p.u.auth.method = IKE_AUTH_SHARED_KEY;
	p.u.auth.data = ike_chunk(mac, alen);
	rc = iked_msg_request(sa, IKE_EXCH_AUTH, &p, 1);
	OPENSSL_cleanse(mac, sizeof(mac));
	sa->my_auth_done = rc == 0;
	return rc;
}

static void established(iked_sa_t *sa, const ike_msg_t *m)
{
	const ike_payload_t *auth = ike_msg_get(m, IKE_PL_AUTH);
	const ike_payload_t *cp = ike_msg_get(m, IKE_PL_CP);
	const uint8_t *msk;
	size_t msk_len;
	nea_wr_t oct;
	char me[IKED_ID_STRLEN], other[IKED_ID_STRLEN], l[IKED_ADDR_STRLEN], r[IKED_ADDR_STRLEN];
	char name[64];
	int rc;

	if (!auth) {
		fail(sa, "last IKE_AUTH response without AUTH");
		return;
	}
	msk = iked_eap_msk(&sa->eap, &msk_len);
	nea_wr_init(&oct, IKE_MSG_MAX * 2);
	rc = ike_auth_octets(sa->ike_sel.suite.prf, ike_chunk(sa->keys.sk_pr, sa->keys.p_len),
			     ike_chunk(sa->init_r, sa->init_r_len), ike_chunk(sa->ni, sa->ni_len),
			     ike_chunk(sa->other_id_body, sa->other_id_body_len), &oct);
	if (rc == 0)
		rc = nea_wr_error(&oct);
	if (rc == 0)
		rc = ike_auth_psk_verify(sa->ike_sel.suite.prf,
					 ike_auth_eap_secret(ike_chunk(msk, msk_len),
							     ike_chunk(sa->keys.sk_pr, sa->keys.p_len)),
					 ike_chunk(oct.ptr, oct.len), auth->u.auth.data);
	nea_wr_free(&oct);
	if (rc < 0) {
		fail(sa, "the gateway's EAP AUTH does not verify");
		return;
	}
	NLOG(IKE, 1, "authentication of '%s' with EAP successful",
	     iked_id_str(&sa->other_id, other, sizeof(other)));
	iked_sa_set_state(sa, IKED_SA_ESTABLISHED);
	sa->ik->stats.sa_established++;
	NLOG(IKE, 0, "IKE_SA %s established between %s[%s]...%s[%s]",
	     iked_sa_name(sa, name, sizeof(name)), iked_addr_str(&sa->local, l, sizeof(l)),
	     iked_id_str(&sa->my_id, me, sizeof(me)), iked_addr_str(&sa->remote, r, sizeof(r)),
	     other);
	if (cp && cp->u.cp.cfg_type == IKE_CFG_REPLY)
		for (size_t i = 0; i < cp->u.cp.nattrs; i++) {
			const ike_cp_attr_t *a = &cp->u.cp.attrs[i];

			if (a->type == IKE_CA_INTERNAL_IP4_ADDRESS && a->value.len == 4) {
				iked_addr_from_bytes(&sa->vip4, a->value.ptr, 4, 0);
				sa->has_vip4 = true;
				sa->vip_ours = true;
				NLOG(IKE, 0, "received virtual IP %s (not installed: nea-iked "
					     "leaves addresses to the system)",
				     iked_addr_str(&sa->vip4, l, sizeof(l)));
			}
		}
	if (sa->conn->vip4 && !sa->has_vip4)
		NLOG(IKE, 1, "virtual IP requested but none received");
	iked_child_complete(sa, m);
}

void iked_auth_response(iked_sa_t *sa, ike_msg_t *m)
{
	const ike_payload_t *e;
	nea_wr_t out;
	int rc;

	for (size_t i = 0; i < m->npl; i++) {
		const ike_payload_t *p = &m->pl[i];

		if (p->type == IKE_PL_NOTIFY && p->encrypted && p->u.notify.type <= IKE_N_ERROR_MAX &&
		    p->u.notify.type != IKE_N_TS_UNACCEPTABLE &&
		    p->u.notify.type != IKE_N_NO_PROPOSAL_CHOSEN &&
		    p->u.notify.type != IKE_N_INTERNAL_ADDRESS_FAILURE) {
			const char *nm = ike_notify_name(p->u.notify.type);
			char why[96];

			snprintf(why, sizeof(why), "received %s notify error", nm ? nm : "unknown");
			fail(sa, why);
			return;
		}
	}
	if (sa->my_auth_done) {
		established(sa, m);
		return;
	}
	if (!sa->other_auth_done && sa->eap_only && !ike_msg_get(m, IKE_PL_AUTH)) {
		/* EAP-only: the gateway's identity is checked by EAP-TTLS against
		 * its certificate (server_id) and its AUTH with the MSK */
		const ike_payload_t *idr = ike_msg_get(m, IKE_PL_IDR);

		if (!idr || iked_id_from_payload(idr->u.id.id_type, idr->u.id.data.ptr,
						 idr->u.id.data.len, &sa->other_id) < 0 ||
		    (sa->conn->remote.id_set && !iked_id_match(&sa->conn->remote.id, &sa->other_id)) ||
		    !(sa->other_id_body = malloc(idr->body.len))) {
			fail(sa, "IDr missing or not the configured gateway identity");
			return;
		}
		memcpy(sa->other_id_body, idr->body.ptr, idr->body.len);
		sa->other_id_body_len = idr->body.len;
		sa->other_auth_done = true;
		NLOG(IKE, 1, "EAP-only authentication of the gateway (RFC 5998)");
	}
	if (!sa->other_auth_done && verify_gateway(sa, m) < 0) {
		fail(sa, "gateway authentication failed");
		return;
	}
	e = ike_msg_get(m, IKE_PL_EAP);
	if (!e) {
		fail(sa, "IKE_AUTH response without EAP");
		return;
	}
	nea_wr_init(&out, EAP_MAX_LEN);
	rc = iked_eap_peer_process(&sa->eap, e->u.eap.pkt.ptr, e->u.eap.pkt.len, &out);
	switch (rc) {
	case IKED_EAP_SEND:
		if (send_eap(sa, &out) < 0)
			fail(sa, "sending the EAP response failed");
		break;
	case IKED_EAP_SUCCESS:
		iked_eap_release(&sa->eap);
		if (send_msk_auth(sa) < 0)
			fail(sa, "sending AUTH failed");
		break;
	case IKED_EAP_PENDING:
		iked_eap_release(&sa->eap);
		fail(sa, "the gateway runs TNC, and nea-iked has no TNC client yet");
		break;
	default:
		fail(sa, rc == IKED_EAP_FAILURE ? "EAP authentication failed"
						: "unusable EAP request from the gateway");
		break;
	}
	nea_wr_free(&out);
}

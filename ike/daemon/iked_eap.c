/* EAP inside IKE_AUTH on the nea_eap methods; see iked_eap.h. */
#include "iked_eap.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <string.h>

#include "eap_identity_method.h"
#include "eap_md5.h"
#include "eap_mschapv2.h"
#include "eap_pkt.h"
#include "iked.h"
#include "iked_tnc.h"
#include "nea_err.h"
#include "nea_log.h"

void iked_eap_init(iked_eap_t *e, struct iked_sa *sa, bool server)
{
	memset(e, 0, sizeof(*e));
	e->sa = sa;
	e->server = server;
}

void iked_eap_reset(iked_eap_t *e)
{
	struct iked_sa *sa = e->sa;
	bool server = e->server;

	eap_method_free(e->m);
	OPENSSL_cleanse(e, sizeof(*e));
	e->sa = sa;
	e->server = server;
}

void iked_eap_release(iked_eap_t *e)
{
	eap_method_free(e->m);
	e->m = NULL;
}

const char *iked_eap_identity(const iked_eap_t *e, char *buf, size_t len)
{
	if (!e->have_identity) {
		if (len)
			buf[0] = '\0';
		return buf;
	}
	return iked_id_text(e->identity, e->identity_len, buf, len);
}

const uint8_t *iked_eap_msk(const iked_eap_t *e, size_t *len)
{
	*len = e->msk_len;
	return e->msk_len ? e->msk : NULL;
}

/* Reuse a writer for a new packet (its buffer stays allocated). */
static void nea_wr_reset(nea_wr_t *w)
{
	w->len = 0;
	w->err = 0;
}

static bool method_supported(int type)
{
	if (type == NEA_EAP_MD5 || type == NEA_EAP_MSCHAPV2)
		return true;
	return type == NEA_EAP_TTLS && iked_tnc_ttls_available();
}

/* An IKE identity as EAP identity: the bytes of a name-like ID (FQDN,
 * RFC822, KEY_ID), the printed form otherwise (charon's identification_t
 * as EAP identity). */
static void identity_set(iked_eap_t *e, const iked_id_t *id)
{
	char buf[IKED_ID_STRLEN];
	size_t n;

	if (id->type == 2 || id->type == 3 || id->type == 11) {
		n = id->len < sizeof(e->identity) ? id->len : sizeof(e->identity);
		memcpy(e->identity, id->data, n);
	} else {
		iked_id_str(id, buf, sizeof(buf));
		n = strlen(buf);
		memcpy(e->identity, buf, n);
	}
	e->identity_len = n;
	e->have_identity = true;
}

/* The EAP identity the IKE identity gives when no EAP-Identity round runs. */
static void identity_from_ike(iked_eap_t *e)
{
	identity_set(e, &e->sa->other_id);
}

/* Next type for eap-dynamic: the configured order, skipping what we cannot
 * run and (after a Nak) what the peer does not want. */
static int next_dynamic(iked_eap_t *e)
{
	const iked_cfg_t *c = e->sa->cfg;

	while (e->dyn_next < c->ndynamic_methods) {
		int t = c->dynamic_methods[e->dyn_next++];
		bool wanted = e->nnaked == 0;

		for (size_t i = 0; i < e->nnaked; i++)
			wanted |= e->naked[i] == t;
		if (wanted && method_supported(t))
			return t;
	}
	return 0;
}

/* Create and start the server method of this type with identifier id. */
static int start_method(iked_eap_t *e, int type, uint8_t id, nea_wr_t *out)
{
	const iked_cfg_t *c = e->sa->cfg;
	const uint8_t *sec = NULL;
	uint8_t dummy[16];
	size_t slen = 0;
	char who[IKED_ID_STRLEN];
	int rc;

	eap_method_free(e->m);
	e->m = NULL;
	if (type == NEA_EAP_TTLS) {
		/* the outer identity may be anonymous: TTLS looks secrets up
		 * by the inner identity itself */
		e->m = iked_tnc_ttls_server_new(e);
		if (!e->m)
			return NEA_ECONFIG;
		e->method_type = type;
		if ((rc = eap_method_start(e->m, id, out)) < 0)
			return rc;
		NLOG(IKE, 1, "initiating %s method (id 0x%02X)", iked_eap_type_name(type), id);
		return 0;
	}
	/* an unknown identity runs the method against a random secret, so it
	 * fails exactly like a wrong password (no user enumeration) */
	if (nea_swanctl_eap_secret(c->sw, e->identity, e->identity_len, &sec, &slen) < 0) {
		NLOG(IKE, 1, "no EAP key found for '%s'",
		     iked_eap_identity(e, who, sizeof(who)));
		if (RAND_bytes(dummy, sizeof(dummy)) != 1)
			return NEA_ECRYPTO;
		sec = dummy;
		slen = sizeof(dummy);
	}
	switch (type) {
	case NEA_EAP_MD5:
		e->m = eap_md5_server_new(sec, slen);
		break;
	case NEA_EAP_MSCHAPV2:
		e->m = eap_mschapv2_server_new(e->identity, e->identity_len, sec, slen, false);
		break;
	default:
		break;
	}
	OPENSSL_cleanse(dummy, sizeof(dummy));
	if (!e->m)
		return NEA_ENOMEM;
	e->method_type = type;
	rc = eap_method_start(e->m, id, out);
	if (rc < 0)
		return rc;
	NLOG(IKE, 1, "initiating %s method (id 0x%02X)", iked_eap_type_name(type), id);
	return 0;
}

static uint8_t random_id(void)
{
	uint8_t id = 0;

	if (RAND_bytes(&id, 1) != 1)
		id = (uint8_t)(uintptr_t)&id;
	return id;
}

iked_eap_rc_t iked_eap_server_start(iked_eap_t *e, nea_wr_t *out)
{
	const iked_conn_t *conn = e->sa->conn;
	int type = conn->remote.eap_type;
	int rc;

	e->conf_type = type;
	if (conn->remote.eap_id_set) {
		/* charon: an eap_id on the remote side (typically %any) asks the
		 * client for its EAP identity first */
		e->m = eap_identity_method_server_new();
		if (!e->m || eap_method_start(e->m, 0, out) < 0)
			return IKED_EAP_FAILURE;
		e->identity_phase = true;
		e->method_type = NEA_EAP_IDENTITY;
		NLOG(IKE, 1, "initiating EAP_IDENTITY method (id 0x00)");
		return IKED_EAP_SEND;
	}
	identity_from_ike(e);
	if (type == NEA_EAP_DYNAMIC)
		type = next_dynamic(e);
	if (!type || (rc = start_method(e, type, random_id(), out)) < 0) {
		NLOG(IKE, 0, "starting EAP method %s failed", iked_eap_type_name(e->conf_type));
		return IKED_EAP_FAILURE;
	}
	return IKED_EAP_SEND;
}

static iked_eap_rc_t fail(iked_eap_t *e, uint8_t id, nea_wr_t *out)
{
	char who[IKED_ID_STRLEN];

	nea_wr_reset(out);
	eap_status_build(out, EAP_CODE_FAILURE, id);
	NLOG(IKE, 1, "EAP method %s failed for peer %s", iked_eap_type_name(e->method_type),
	     e->have_identity ? iked_eap_identity(e, who, sizeof(who))
			      : iked_id_str(&e->sa->other_id, who, sizeof(who)));
	e->complete = true;
	return IKED_EAP_FAILURE;
}

/* Map a method's result after process()/resume(). */
static int method_result(iked_eap_t *e, int rc, uint8_t last_id, nea_wr_t *out)
{
	char who[IKED_ID_STRLEN];
	const uint8_t *msk;
	size_t msk_len;

	switch (rc) {
	case EAP_M_SEND:
		return IKED_EAP_SEND;
	case EAP_M_PENDING:
		return IKED_EAP_PENDING;
	case EAP_M_SUCCESS:
		msk = eap_method_msk(e->m, &msk_len);
		if (msk && msk_len) {
			e->msk_len = msk_len > sizeof(e->msk) ? sizeof(e->msk) : msk_len;
			memcpy(e->msk, msk, e->msk_len);
		}
		nea_wr_reset(out);
		eap_status_build(out, EAP_CODE_SUCCESS, last_id);
		NLOG(IKE, 1, "EAP method %s succeeded, %sMSK established",
		     iked_eap_type_name(e->method_type), e->msk_len ? "" : "no ");
		NLOG(IKE, 2, "EAP identity '%s' authenticated",
		     iked_eap_identity(e, who, sizeof(who)));
		e->complete = true;
		return IKED_EAP_SUCCESS;
	case EAP_M_FAILURE:
	default:
		return fail(e, last_id, out);
	}
}

int iked_eap_server_process(iked_eap_t *e, const uint8_t *pkt, size_t len, nea_wr_t *out)
{
	char who[IKED_ID_STRLEN];
	nea_perr_t err;
	eap_pkt_t p;
	int rc;

	if (e->complete || !e->m)
		return NEA_ESTATE;
	memset(&err, 0, sizeof(err));
	if (eap_pkt_parse(pkt, len, &p, &err) < 0) {
		NLOG(IKE, 1, "malformed EAP packet discarded: %s at offset %zu", err.msg, err.offset);
		return NEA_EINVAL;
	}
	e->rounds++;
	if (p.code != EAP_CODE_RESPONSE) {
		/* a peer sending Requests/Success/Failure to the authenticator
		 * is not following the method: end it (charon does the same) */
		NLOG(IKE, 1, "received EAP code %u from the peer instead of a Response", p.code);
		return fail(e, p.id, out);
	}
	if (p.type == EAP_TYPE_NAK && !e->identity_phase) {
		const uint8_t *types;
		size_t n;
		int next;

		if (p.id != eap_method_last_id(e->m))
			return NEA_EINVAL;
		if (eap_nak_parse(&p, &types, &n, &err) < 0)
			return fail(e, p.id, out);
		NLOG(IKE, 1, "received %s, peer asks for %s", "EAP_NAK",
		     iked_eap_type_name(n ? types[0] : 0));
		if (e->conf_type != NEA_EAP_DYNAMIC)
			return fail(e, p.id, out);
		e->nnaked = n < sizeof(e->naked) ? n : sizeof(e->naked);
		memcpy(e->naked, types, e->nnaked);
		e->dyn_next = 0;
		next = next_dynamic(e);
		if (!next || start_method(e, next, (uint8_t)(p.id + 1), out) < 0)
			return fail(e, p.id, out);
		return IKED_EAP_SEND;
	}
	nea_wr_reset(out);
	rc = eap_method_process(e->m, pkt, len, out, &err);
	if (rc < 0) {
		NLOG(IKE, 1, "EAP %s response discarded: %s", iked_eap_type_name(e->method_type),
		     err.msg[0] ? err.msg : nea_strerror(rc));
		return rc;
	}
	if (e->identity_phase) {
		const uint8_t *id;
		size_t idlen;
		int type = e->conf_type;

		if (rc != EAP_M_SUCCESS || !(id = eap_identity_method_get(e->m, &idlen)))
			return fail(e, p.id, out);
		if (idlen > sizeof(e->identity))
			idlen = sizeof(e->identity);
		memcpy(e->identity, id, idlen);
		e->identity_len = idlen;
		e->have_identity = true;
		e->identity_phase = false;
		NLOG(IKE, 1, "received EAP identity '%s'", iked_eap_identity(e, who, sizeof(who)));
		if (type == NEA_EAP_DYNAMIC)
			type = next_dynamic(e);
		if (!type || start_method(e, type, random_id(), out) < 0)
			return fail(e, p.id, out);
		return IKED_EAP_SEND;
	}
	return method_result(e, rc, eap_method_last_id(e->m), out);
}

int iked_eap_server_resume(iked_eap_t *e, nea_wr_t *out)
{
	int rc;

	if (e->complete || !e->m)
		return NEA_ESTATE;
	nea_wr_reset(out);
	rc = eap_method_resume(e->m, out);
	if (rc < 0)
		return fail(e, eap_method_last_id(e->m), out);
	return method_result(e, rc, eap_method_last_id(e->m), out);
}

/* Peer: the identity we show (eap_id, else the IKE identity as text). */
static void peer_identity(iked_eap_t *e)
{
	const iked_auth_cfg_t *l = &e->sa->conn->local;
	const iked_id_t *id = l->eap_id_set ? &l->eap_id : &e->sa->my_id;

	if (e->have_identity)
		return;
	identity_set(e, id);
}

static eap_method_t *peer_method(iked_eap_t *e, int type)
{
	const iked_cfg_t *c = e->sa->cfg;
	const uint8_t *sec = NULL;
	size_t slen = 0;
	char who[IKED_ID_STRLEN];

	if (type != NEA_EAP_TTLS &&
	    nea_swanctl_eap_secret(c->sw, e->identity, e->identity_len, &sec, &slen) < 0) {
		NLOG(IKE, 0, "no EAP key found for '%s'", iked_eap_identity(e, who, sizeof(who)));
		return NULL;
	}
	switch (type) {
	case NEA_EAP_MD5:
		return eap_md5_peer_new(sec, slen);
	case NEA_EAP_MSCHAPV2:
		return eap_mschapv2_peer_new(e->identity, e->identity_len, sec, slen, false);
	case NEA_EAP_TTLS:
		return iked_tnc_ttls_peer_new(e);
	default:
		return NULL;
	}
}

int iked_eap_peer_process(iked_eap_t *e, const uint8_t *pkt, size_t len, nea_wr_t *out)
{
	int conf = e->sa->conn->local.eap_type;
	char who[IKED_ID_STRLEN];
	nea_perr_t err;
	eap_pkt_t p;
	int rc;

	if (e->complete)
		return NEA_ESTATE;
	memset(&err, 0, sizeof(err));
	if (eap_pkt_parse(pkt, len, &p, &err) < 0) {
		NLOG(IKE, 1, "malformed EAP packet from the server: %s at offset %zu", err.msg,
		     err.offset);
		return NEA_EINVAL;
	}
	e->rounds++;
	peer_identity(e);
	nea_wr_reset(out);
	if (p.code == EAP_CODE_FAILURE) {
		NLOG(IKE, 1, "received EAP_FAILURE, EAP authentication failed");
		e->complete = true;
		return IKED_EAP_FAILURE;
	}
	if (p.code == EAP_CODE_REQUEST && p.type == EAP_TYPE_IDENTITY) {
		NLOG(IKE, 1, "server requested EAP_IDENTITY (id 0x%02X), sending '%s'", p.id,
		     iked_eap_identity(e, who, sizeof(who)));
		eap_identity_build(out, EAP_CODE_RESPONSE, p.id, e->identity, e->identity_len);
		return nea_wr_error(out) ? NEA_ENOMEM : IKED_EAP_SEND;
	}
	if (p.code == EAP_CODE_REQUEST && !e->m) {
		uint8_t want = (uint8_t)(conf == NEA_EAP_DYNAMIC || conf == NEA_EAP_ANY ? p.type : conf);

		if (p.type != want || !(e->m = peer_method(e, p.type))) {
			NLOG(IKE, 1, "server requested %s, sending EAP_NAK for %s",
			     iked_eap_type_name(p.type), iked_eap_type_name(want));
			eap_nak_build(out, p.id, &want, 1);
			return nea_wr_error(out) ? NEA_ENOMEM : IKED_EAP_SEND;
		}
		e->method_type = p.type;
		NLOG(IKE, 1, "server requested %s authentication (id 0x%02X)",
		     iked_eap_type_name(p.type), p.id);
	}
	if (!e->m) {
		NLOG(IKE, 1, "EAP %s from the server before any method, failing",
		     p.code == EAP_CODE_SUCCESS ? "Success" : "packet");
		e->complete = true;
		return IKED_EAP_FAILURE;
	}
	rc = eap_method_process(e->m, pkt, len, out, &err);
	if (rc < 0) {
		NLOG(IKE, 1, "EAP %s request discarded: %s", iked_eap_type_name(e->method_type),
		     err.msg[0] ? err.msg : nea_strerror(rc));
		return rc;
	}
	/* PT-EAP inside EAP-TTLS: the client broker answered synchronously */
	while (rc == EAP_M_PENDING && iked_tnc_peer_feed(e->sa, e->m) == 0)
		rc = eap_method_resume(e->m, out);
	switch (rc) {
	case EAP_M_SEND:
	case EAP_M_DONE:
		return IKED_EAP_SEND;
	case EAP_M_PENDING:
		return IKED_EAP_PENDING;
	case EAP_M_SUCCESS: {
		const uint8_t *msk;
		size_t msk_len;

		msk = eap_method_msk(e->m, &msk_len);
		if (msk && msk_len) {
			e->msk_len = msk_len > sizeof(e->msk) ? sizeof(e->msk) : msk_len;
			memcpy(e->msk, msk, e->msk_len);
		}
		NLOG(IKE, 1, "EAP method %s succeeded, %sMSK established",
		     iked_eap_type_name(e->method_type), e->msk_len ? "" : "no ");
		e->complete = true;
		return IKED_EAP_SUCCESS;
	}
	default:
		NLOG(IKE, 1, "EAP method %s failed", iked_eap_type_name(e->method_type));
		e->complete = true;
		return IKED_EAP_FAILURE;
	}
}

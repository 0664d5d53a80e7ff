#include <string.h>

#include "eap_identity_method.h"
#include "eap_md5.h"
#include "eap_mschapv2.h"
#include "eap_names.h"
#include "eap_pkt.h"
#include "eap_pteap.h"
#include "eap_ttls_int.h"
#include "nea_log.h"

/*
 * Phase 2 of the EAP-TTLS peer as strongSwan's eap_ttls_peer.c: answer
 * whatever the server asks inside the tunnel with a method of that type,
 * and - when the server did not piggyback a request on its Finished -
 * open phase 2 with an unsolicited EAP-Identity response.
 */

static int send_result(ttls_t *t, int rc, nea_wr_t *w, const nea_perr_t *err)
{
	uint8_t type = eap_method_type(t->inner);

	switch (rc) {
	case EAP_M_SEND:
	case EAP_M_DONE:
		if (ttls_send_inner(t, w->ptr, w->len))
			return ttls_fail(t, "%s method failed", eap_type_long_name(type));
		return 0;
	case EAP_M_PENDING:
		return EAP_M_PENDING;
	case EAP_M_SUCCESS:
		ttls_free_inner(t);
		return 0;
	default:
		break;
	}
	if (rc < 0 && err && err->msg[0])
		NLOG(IKE, 2, "%s: %s", eap_type_long_name(type), err->msg);
	return ttls_fail(t, "%s method failed", eap_type_long_name(type));
}

/* The types this peer could run, for a Nak. */
static size_t supported(const ttls_t *t, uint8_t *types)
{
	size_t n = 0;

	if (t->secret_len) {
		types[n++] = EAP_TYPE_MD5;
		types[n++] = EAP_TYPE_MSCHAPV2;
	}
	if (t->bridge.batch_in) {
		types[n++] = EAP_TYPE_PT_EAP;
		types[n++] = EAP_TYPE_TNC;
	}
	return n;
}

static eap_method_t *create(ttls_t *t, uint8_t type)
{
	const uint8_t *id = (const uint8_t *)t->res.eap_identity;
	size_t id_len = strlen(t->res.eap_identity);
	eap_tnc_cfg_t c;

	switch (type) {
	case EAP_TYPE_IDENTITY:
		return eap_identity_method_peer_new(id, id_len);
	case EAP_TYPE_MD5:
		return t->secret_len ? eap_md5_peer_new(t->secret, t->secret_len) : NULL;
	case EAP_TYPE_MSCHAPV2:
		return t->secret_len ? eap_mschapv2_peer_new(id, id_len, t->secret, t->secret_len,
							     false)
				     : NULL;
	case EAP_TYPE_PT_EAP:
	case EAP_TYPE_TNC:
		if (!t->bridge.batch_in)
			return NULL;
		memset(&c, 0, sizeof(c));
		c.bridge = t->bridge;
		c.conn.type = type;
		c.conn.identity = t->res.eap_identity;
		c.conn.cert_subject = t->res.cert_subject[0] ? t->res.cert_subject : NULL;
		c.conn.max_batch = TTLS_TNC_MAX_BATCH;
		c.max_message_count = t->tnc_max_count;
		t->res.tnc_ran = true;
		return eap_pteap_peer_new(type, &c);
	}
	return NULL;
}

int ttls_peer_phase2(ttls_t *t, const uint8_t *eap, size_t len)
{
	nea_perr_t err = { 0 };
	uint8_t types[4];
	size_t n;
	eap_pkt_t p;
	nea_wr_t w;
	int rc;

	if (!eap) {
		if (t->start_phase2 && !t->inner) {
			/* no request came with the server's Finished */
			t->start_phase2 = false;
			nea_wr_init(&w, EAP_MAX_LEN);
			rc = eap_identity_build(&w, EAP_CODE_RESPONSE, 0,
						(const uint8_t *)t->res.eap_identity,
						strlen(t->res.eap_identity));
			if (!rc)
				rc = ttls_send_inner(t, w.ptr, w.len);
			nea_wr_free(&w);
			if (rc)
				return ttls_fail(t, "EAP_IDENTITY method failed");
		}
		return 0;
	}
	if (eap_pkt_parse(eap, len, &p, &err))
		return ttls_fail(t, "invalid tunneled EAP packet: %s", err.msg);
	NLOG(IKE, 1, "received tunneled EAP-TTLS AVP [EAP/%s/%s]", eap_code_short(p.code),
	     eap_type_short(p.type));
	if (p.code != EAP_CODE_REQUEST)
		return ttls_fail(t, "%s expected", eap_code_long_name(EAP_CODE_REQUEST));
	t->start_phase2 = false;
	if (t->inner && eap_method_type(t->inner) != p.type)
		ttls_free_inner(t);
	if (!t->inner) {
		NLOG(IKE, 1, "server requested %s authentication (id 0x%02X)",
		     eap_type_long_name(p.type), p.id);
		t->inner = create(t, p.type);
		if (!t->inner) {
			NLOG(IKE, 1, "EAP method not supported");
			n = supported(t, types);
			if (!n)
				types[n++] = 0; /* RFC 3748 §5.3.1: no alternative */
			nea_wr_init(&w, 16);
			rc = eap_nak_build(&w, p.id, types, n);
			if (!rc)
				rc = ttls_send_inner(t, w.ptr, w.len);
			nea_wr_free(&w);
			return rc ? ttls_fail(t, "cannot send EAP Nak") : 0;
		}
	}
	nea_wr_init(&w, EAP_MAX_LEN);
	rc = eap_method_process(t->inner, eap, len, &w, &err);
	rc = send_result(t, rc, &w, &err);
	nea_wr_free(&w);
	return rc;
}

int ttls_peer_resume(ttls_t *t)
{
	nea_wr_t w;
	int rc;

	nea_wr_init(&w, EAP_MAX_LEN);
	rc = eap_method_resume(t->inner, &w);
	rc = send_result(t, rc, &w, NULL);
	nea_wr_free(&w);
	return rc;
}

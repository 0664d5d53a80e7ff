#include <openssl/crypto.h>
#include <openssl/rand.h>
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
 * Phase 2 of the EAP-TTLS server in the order of strongSwan's
 * eap_ttls_server.c: tunneled EAP-Identity (requested, piggybacked on the
 * Finished flight, or sent unsolicited by the peer), then either the
 * password method or - with a client certificate - straight to TNC, then
 * PT-EAP/EAP-TNC when phase2_tnc is set. Every inner failure closes the
 * tunnel (TTLS_CLOSE); the success of the last method is the success of
 * EAP-TTLS.
 */

/* Start a server method with the next inner identifier and send its
 * first request through the tunnel. */
static int start_inner(ttls_t *t, eap_method_t *method, uint8_t type)
{
	nea_wr_t w;
	int rc;

	if (!method)
		return ttls_fail_close(t, "%s method not available", eap_type_long_name(type));
	nea_wr_init(&w, EAP_MAX_LEN);
	rc = eap_method_start(method, t->inner_id, &w);
	if (!rc)
		rc = ttls_send_inner(t, w.ptr, w.len);
	nea_wr_free(&w);
	if (rc) {
		eap_method_free(method);
		return ttls_fail_close(t, "%s method failed", eap_type_long_name(type));
	}
	t->inner = method;
	return 0;
}

/* The identity the TNC connection is opened for, and how it was proven. */
static eap_tnc_auth_t tnc_auth(ttls_t *t, uint8_t auth_type)
{
	X509 *cert;

	if (auth_type == EAP_TYPE_MD5 || auth_type == EAP_TYPE_MSCHAPV2)
		return EAP_TNC_AUTH_PASSWORD;
	if (auth_type != EAP_TYPE_TLS || !t->tls.peer_cert_ok)
		return EAP_TNC_AUTH_UNKNOWN;
	/* strongSwan labels the inner identity "authenticated by certificate"
	 * whatever it is; nea only when the certificate is valid for it */
	cert = SSL_get0_peer_certificate(t->tls.ssl);
	if (strcmp(t->res.inner_identity, t->res.eap_identity) == 0 ||
	    ttls_cert_matches(cert, t->res.inner_identity))
		return EAP_TNC_AUTH_CERT;
	NLOG(IKE, 1, "tunneled identity '%s' is not in the TLS peer certificate '%s'",
	     t->res.inner_identity, t->res.cert_subject);
	return EAP_TNC_AUTH_UNKNOWN;
}

/* strongSwan's start_phase2_tnc(): TNC if configured, else done. */
static int start_tnc(ttls_t *t, uint8_t auth_type)
{
	eap_tnc_cfg_t c;

	if (!t->start_phase2_tnc || !t->phase2_tnc) {
		t->phase2_done = true;
		return EAP_M_SUCCESS;
	}
	t->start_phase2_tnc = false;
	NLOG(IKE, 1, "phase2 method %s selected", eap_type_long_name(t->tnc_method));
	memset(&c, 0, sizeof(c));
	c.bridge = t->bridge;
	c.conn.type = t->tnc_method;
	c.conn.identity = t->res.inner_identity[0] ? t->res.inner_identity : t->res.eap_identity;
	c.conn.auth = tnc_auth(t, auth_type);
	c.conn.auth_method = c.conn.auth == EAP_TNC_AUTH_UNKNOWN ? 0 : auth_type;
	c.conn.cert_subject = t->res.cert_subject[0] ? t->res.cert_subject : NULL;
	c.conn.max_batch = TTLS_TNC_MAX_BATCH;
	c.max_message_count = t->tnc_max_count;
	c.isolate_succeeds = t->isolate_succeeds;
	c.peer_label = t->peer_label[0] ? t->peer_label : t->res.eap_identity;
	t->res.tnc_ran = true;
	return start_inner(t, eap_pteap_server_new(t->tnc_method, &c), t->tnc_method);
}

/* strongSwan's start_phase2_auth(): the password method for the inner
 * identity. An identity without a secret still gets its challenge (and
 * fails like a wrong password), so the exchange does not tell which
 * identities exist. */
static int start_auth(ttls_t *t)
{
	uint8_t secret[EAP_TTLS_SECRET_MAX];
	size_t len = sizeof(secret);
	bool nt_hash = false;
	eap_method_t *method = NULL;
	uint8_t type = t->phase2_method;
	int rc = NEA_ENOTFOUND;

	NLOG(IKE, 1, "phase2 method %s selected", eap_type_long_name(type));
	if (t->secret_fn)
		rc = t->secret_fn(t->secret_ctx, t->res.inner_identity, secret, &len, &nt_hash);
	if (rc || len > sizeof(secret) || (nt_hash && len != 16)) {
		t->no_secret = true;
		/* MSCHAPv2 gets a random NT hash: random bytes are rarely a
		 * valid UTF-8 password, and refusing to start would tell the
		 * peer that the identity does not exist */
		nt_hash = type == EAP_TYPE_MSCHAPV2;
		len = nt_hash ? 16 : 32;
		if (RAND_bytes(secret, (int)len) != 1) {
			OPENSSL_cleanse(secret, sizeof(secret));
			return ttls_fail_close(t, "%s method failed", eap_type_long_name(type));
		}
	}
	if (type == EAP_TYPE_MD5 && !nt_hash)
		method = eap_md5_server_new(secret, len);
	else if (type == EAP_TYPE_MSCHAPV2)
		method = eap_mschapv2_server_new((const uint8_t *)t->res.inner_identity,
						 strlen(t->res.inner_identity), secret, len, nt_hash);
	OPENSSL_cleanse(secret, sizeof(secret));
	return start_inner(t, method, type);
}

/* What an inner server method said about a response (or a resume). */
static int inner_result(ttls_t *t, int rc, nea_wr_t *w, const nea_perr_t *err)
{
	uint8_t type = eap_method_type(t->inner);
	const char *name = eap_type_long_name(type);

	switch (rc) {
	case EAP_M_SEND:
		if (ttls_send_inner(t, w->ptr, w->len))
			return ttls_fail_close(t, "%s method failed", name);
		return 0;
	case EAP_M_PENDING:
		return EAP_M_PENDING;
	case EAP_M_SUCCESS:
		NLOG(IKE, 1, "EAP_TTLS phase2 authentication of '%s' with %s successful",
		     t->res.inner_identity, name);
		if (type == EAP_TYPE_PT_EAP || type == EAP_TYPE_TNC) {
			t->res.tnc_rec = eap_pteap_rec(t->inner);
		} else {
			t->res.auth = EAP_TNC_AUTH_PASSWORD;
			t->res.auth_method = type;
		}
		t->inner_id = (uint8_t)(eap_method_last_id(t->inner) + 1);
		ttls_free_inner(t);
		return start_tnc(t, type);
	default:
		break;
	}
	if (type == EAP_TYPE_PT_EAP || type == EAP_TYPE_TNC) {
		int rec = eap_pteap_rec(t->inner);

		t->res.tnc_rec = rec;
		NLOG(IKE, 1, "%s method failed", name);
		snprintf(t->res.reason, sizeof(t->res.reason), "%s method failed%s%s%s", name,
			 rec >= 0 ? " (recommendation '" : "",
			 rec >= 0 ? eap_tnc_rec_name((eap_tnc_rec_t)rec) : "", rec >= 0 ? "')" : "");
		return TTLS_CLOSE;
	}
	if (t->no_secret)
		NLOG(IKE, 1, "no EAP key found for '%s'", t->res.inner_identity);
	NLOG(IKE, 1, "%s method failed", name);
	if (rc < 0 && err && err->msg[0])
		NLOG(IKE, 2, "%s: %s", name, err->msg);
	/* the reason for the caller, logged above in strongSwan's words */
	snprintf(t->res.reason, sizeof(t->res.reason),
		 "EAP_TTLS phase2 authentication of '%.100s' with %s failed", t->res.inner_identity,
		 name);
	return TTLS_CLOSE;
}

/* A tunneled Identity response: keep the identity, choose what follows. */
static int on_identity(ttls_t *t, const uint8_t *eap, size_t len, uint8_t id)
{
	nea_perr_t err = { 0 };
	const uint8_t *ident;
	size_t ilen = 0;
	nea_wr_t w;
	int rc;

	if (!t->inner) {
		/* an Identity response without our request (no piggyback):
		 * run the Identity method as if we had asked */
		t->inner = eap_identity_method_server_new();
		if (!t->inner)
			return ttls_fail_close(t, "EAP_IDENTITY method not available");
		nea_wr_init(&w, 16);
		rc = eap_method_start(t->inner, id, &w);
		nea_wr_free(&w);
		if (rc)
			return ttls_fail_close(t, "EAP_IDENTITY method failed");
	}
	nea_wr_init(&w, 16);
	rc = eap_method_process(t->inner, eap, len, &w, &err);
	nea_wr_free(&w);
	ident = rc == EAP_M_SUCCESS ? eap_identity_method_get(t->inner, &ilen) : NULL;
	if (!ident)
		return ttls_fail_close(t, "EAP_IDENTITY method failed%s%s", err.msg[0] ? ": " : "",
				       err.msg);
	ttls_copy_id(t->res.inner_identity, sizeof(t->res.inner_identity), ident, ilen);
	NLOG(IKE, 1, "received EAP identity '%s'", t->res.inner_identity);
	t->inner_id = (uint8_t)(id + 1);
	ttls_free_inner(t);
	if (t->request_peer_auth)
		return start_tnc(t, EAP_TYPE_TLS);
	return start_auth(t);
}

int ttls_server_phase2(ttls_t *t, const uint8_t *eap, size_t len)
{
	nea_perr_t err = { 0 };
	eap_pkt_t p;
	nea_wr_t w;
	int rc;

	if (!eap) {
		if (!t->inner && t->start_phase2 && t->piggyback) {
			/* the Identity request rides with the TLS Finished */
			t->start_phase2 = false;
			return start_inner(t, eap_identity_method_server_new(), EAP_TYPE_IDENTITY);
		}
		return 0;
	}
	if (eap_pkt_parse(eap, len, &p, &err))
		return ttls_fail_close(t, "invalid tunneled EAP packet: %s", err.msg);
	NLOG(IKE, 1, "received tunneled EAP-TTLS AVP [EAP/%s/%s]", eap_code_short(p.code),
	     eap_type_short(p.type));
	if (p.code != EAP_CODE_RESPONSE)
		return ttls_fail_close(t, "%s expected", eap_code_long_name(EAP_CODE_RESPONSE));
	t->start_phase2 = false;
	if (t->inner && p.type != eap_method_type(t->inner)) {
		if (p.type == EAP_TYPE_NAK)
			return ttls_fail_close(t, "peer does not support %s",
					       eap_type_long_name(eap_method_type(t->inner)));
		return ttls_fail_close(t, "received invalid EAP response");
	}
	if (p.type == EAP_TYPE_IDENTITY)
		return on_identity(t, eap, len, p.id);
	if (!t->inner)
		return ttls_fail_close(t, "no EAP_TTLS phase2 method installed");
	nea_wr_init(&w, EAP_MAX_LEN);
	rc = eap_method_process(t->inner, eap, len, &w, &err);
	rc = inner_result(t, rc, &w, &err);
	nea_wr_free(&w);
	return rc;
}

int ttls_server_resume(ttls_t *t)
{
	nea_wr_t w;
	int rc;

	nea_wr_init(&w, EAP_MAX_LEN);
	rc = eap_method_resume(t->inner, &w);
	rc = inner_result(t, rc, &w, NULL);
	nea_wr_free(&w);
	return rc;
}

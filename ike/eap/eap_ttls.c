#include "eap_ttls.h"

#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eap_names.h"
#include "eap_pkt.h"
#include "eap_pteap.h"
#include "eap_ttls_avp.h"
#include "eap_ttls_int.h"
#include "nea_log.h"

/*
 * The EAP-TTLS method object: the driver that runs one received packet
 * through record layer -> TLS -> AVPs -> phase 2 and back out again.
 */

static void set_reason(ttls_t *t, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static void set_reason(ttls_t *t, const char *fmt, va_list ap)
{
	char buf[sizeof(t->res.reason)];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	memcpy(t->res.reason, buf, sizeof(buf));
}

int ttls_fail(ttls_t *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(t, fmt, ap);
	va_end(ap);
	NLOG(IKE, 1, "%s", t->res.reason);
	t->phase = TTLS_CLOSED;
	t->m.peer_done = false;
	/* a running TNC method ends with us: its bridge closes now, not
	 * whenever the caller gets round to freeing the method */
	ttls_free_inner(t);
	return EAP_M_FAILURE;
}

int ttls_fail_close(ttls_t *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_reason(t, fmt, ap);
	va_end(ap);
	NLOG(IKE, 1, "%s", t->res.reason);
	return TTLS_CLOSE;
}

void ttls_copy_id(char *dst, size_t cap, const uint8_t *src, size_t len)
{
	size_t n = len < cap - 1 ? len : cap - 1;

	for (size_t i = 0; i < n; i++)
		dst[i] = (src[i] < 0x20 || src[i] == 0x7f) ? '?' : (char)src[i];
	dst[n] = '\0';
}

void ttls_free_inner(ttls_t *t)
{
	eap_method_free(t->inner);
	t->inner = NULL;
}

int ttls_send_inner(ttls_t *t, const uint8_t *eap, size_t len)
{
	nea_wr_t w;
	int rc;

	if (len < EAP_HDR_LEN + 1)
		return NEA_EINVAL;
	NLOG(IKE, 1, "sending tunneled EAP-TTLS AVP [EAP/%s/%s]", eap_code_short(eap[0]),
	     eap_type_short(eap[4]));
	nea_wr_init(&w, EAP_MAX_LEN + EAP_TTLS_AVP_HDR_LEN + 3);
	rc = eap_ttls_eap_message_build(&w, eap, len, 0);
	if (!rc)
		rc = ttls_tls_write(&t->tls, w.ptr, w.len);
	if (w.ptr)
		OPENSSL_cleanse(w.ptr, w.len);
	nea_wr_free(&w);
	return rc;
}

int ttls_take_inner(ttls_t *t, uint8_t **eap, size_t *len)
{
	nea_perr_t err = { 0 };
	nea_wr_t app;
	int rc;

	*eap = NULL;
	*len = 0;
	nea_wr_init(&app, TTLS_APP_MAX);
	rc = ttls_tls_read(&t->tls, &app);
	if (rc == 1) {
		if (app.ptr)
			OPENSSL_cleanse(app.ptr, app.len);
		nea_wr_free(&app);
		return 1;
	}
	if (rc < 0) {
		nea_wr_free(&app);
		return ttls_fail(t, "%s", t->res.reason);
	}
	if (app.len)
		rc = eap_ttls_eap_message_collect(app.ptr, app.len, EAP_MAX_LEN, eap, len, &err);
	if (app.ptr)
		OPENSSL_cleanse(app.ptr, app.len);
	nea_wr_free(&app);
	if (rc)
		return ttls_fail(t, "invalid EAP-TTLS AVP data: %s (offset %zu)", err.msg,
				 err.offset);
	return 0;
}

int ttls_close(ttls_t *t, nea_wr_t *out)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	ttls_free_inner(t);
	t->m.peer_done = false;
	if (ttls_tls_close_notify(&t->tls) == 0 && !t->tx_active &&
	    ttls_tls_take_output(&t->tls, &buf, &len) == 0 && len) {
		rc = eap_frag_tx_init(&t->tx, EAP_TYPE_TTLS, t->frag_size, t->include_length, buf,
				      len);
		if (rc == 0) {
			t->tx_buf = buf;
			t->tx_len = len;
			t->tx_active = true;
			t->phase = TTLS_CLOSING;
			rc = eap_frag_tx_next(&t->tx, t->m.server ? EAP_CODE_REQUEST
								 : EAP_CODE_RESPONSE,
					      t->m.server ? ++t->m.id : t->m.id, out);
			if (rc == EAP_FRAG_DONE) {
				free(t->tx_buf);
				t->tx_buf = NULL;
				t->tx_active = false;
			}
			if (rc >= 0)
				return EAP_M_SEND;
		}
		free(buf);
	}
	/* nothing could be sent: fail now (the reason was logged already) */
	t->phase = TTLS_CLOSED;
	return EAP_M_FAILURE;
}

static void on_handshake(ttls_t *t)
{
	X509 *peer;

	t->phase = TTLS_P2;
	ttls_tls_describe(&t->tls, t->res.tls_version, sizeof(t->res.tls_version), t->res.suite,
			  sizeof(t->res.suite));
	if (ttls_tls_export(&t->tls, t->keymat) == 0) {
		t->have_keymat = true;
		memcpy(t->m.msk, t->keymat, EAP_MSK_LEN);
		t->m.msk_len = EAP_MSK_LEN;
	}
	peer = SSL_get0_peer_certificate(t->tls.ssl);
	if (peer && t->tls.peer_cert_ok)
		ttls_dn_string(X509_get_subject_name(peer), t->res.cert_subject,
			       sizeof(t->res.cert_subject));
	if (!t->m.server) {
		/* the server is authenticated: its EAP-Success may be believed */
		t->m.peer_done = true;
		return;
	}
	if (t->request_peer_auth && t->tls.peer_cert_ok) {
		if (!t->res.eap_identity[0])
			snprintf(t->res.eap_identity, sizeof(t->res.eap_identity), "%s",
				 t->res.cert_subject);
		t->res.auth = EAP_TNC_AUTH_CERT;
		t->res.auth_method = EAP_TYPE_TLS;
	}
}

/* TLS has new input: advance the handshake, then phase 2, then send. */
static int step(ttls_t *t, nea_wr_t *out)
{
	uint8_t *eap = NULL;
	size_t len = 0;
	int rc;

	if (!t->tls.hs_done) {
		rc = ttls_tls_handshake(&t->tls);
		if (rc < 0) {
			NLOG(TLS, 1, "%s", t->res.reason);
			return ttls_close(t, out);
		}
		if (rc == 1)
			on_handshake(t);
	}
	if (t->tls.hs_done) {
		rc = ttls_take_inner(t, &eap, &len);
		if (rc == 1) {
			if (t->m.server)
				return ttls_fail(t, "received TLS close notify from the peer");
			NLOG(TLS, 1, "received TLS close notify");
			if (!t->res.reason[0])
				snprintf(t->res.reason, sizeof(t->res.reason),
					 "server closed the EAP-TTLS tunnel");
			rc = ttls_close(t, out);
			t->phase = TTLS_CLOSED;
			return rc;
		}
		if (rc)
			return rc;
		rc = t->m.server ? ttls_server_phase2(t, eap, len) : ttls_peer_phase2(t, eap, len);
		if (eap)
			OPENSSL_cleanse(eap, len);
		free(eap);
		if (rc == TTLS_CLOSE)
			return ttls_close(t, out);
		if (rc)
			return rc;
	}
	return ttls_rec_flush(t, out);
}

static int ttls_start(eap_method_t *m, nea_wr_t *out)
{
	return eap_tls_start_build(out, EAP_TYPE_TTLS, m->id);
}

static int ttls_process_raw(eap_method_t *m, const eap_pkt_t *in, const uint8_t *raw,
			    size_t raw_len, nea_wr_t *out, nea_perr_t *err)
{
	ttls_t *t = (ttls_t *)m;
	eap_tls_pkt_t p;
	uint8_t *msg = NULL;
	size_t msg_len = 0;
	int rc;

	(void)in;
	(void)err;
	if (t->phase == TTLS_CLOSING && !t->tx_active) {
		/* the peer's answer to our close notify or alert ends it */
		t->phase = TTLS_CLOSED;
		return EAP_M_FAILURE;
	}
	if (t->phase == TTLS_CLOSED)
		return ttls_fail(t, "EAP_TTLS request after the tunnel was closed");
	rc = ttls_rec_accept(t, raw, raw_len, &p);
	if (rc)
		return rc;
	if (p.start) {
		if (m->server)
			return ttls_fail(t, "received unexpected EAP_TTLS start from client");
		if (t->conversation_started)
			return ttls_fail(t, "received a second EAP_TTLS start");
		NLOG(TLS, 1, "EAP_TTLS version is v%u", p.version);
		t->conversation_started = true;
		return step(t, out);
	}
	if (eap_tls_pkt_is_ack(&p)) {
		if (t->tx_active)
			return ttls_rec_next(t, out);
		if (m->server && !t->conversation_started)
			return ttls_fail(t, "received EAP_TTLS acknowledgment packet before EAP "
					    "conversation started");
		/* nothing pending: answer in kind, as strongSwan does */
		return ttls_rec_ack(t, out);
	}
	if (t->tx_active)
		return ttls_fail(t, "received EAP_TTLS data while our fragments were pending");
	if (!t->conversation_started && !m->server)
		return ttls_fail(t, "received EAP_TTLS data before the start");
	rc = ttls_rec_collect(t, &p, out, &msg, &msg_len);
	if (rc != TTLS_REC_MSG)
		return rc;
	t->conversation_started = true;
	rc = ttls_tls_feed(&t->tls, msg, msg_len);
	free(msg);
	if (rc)
		return ttls_fail(t, "cannot buffer TLS input: %s", nea_strerror(rc));
	return step(t, out);
}

static int ttls_resume(eap_method_t *m, nea_wr_t *out)
{
	ttls_t *t = (ttls_t *)m;
	int rc;

	if (!t->inner)
		return ttls_fail(t, "EAP_TTLS resumed without a waiting phase2 method");
	rc = m->server ? ttls_server_resume(t) : ttls_peer_resume(t);
	if (rc == TTLS_CLOSE)
		return ttls_close(t, out);
	if (rc)
		return rc;
	return ttls_rec_flush(t, out);
}

static void ttls_destroy(eap_method_t *m)
{
	ttls_t *t = (ttls_t *)m;

	ttls_free_inner(t);
	ttls_tls_free(&t->tls);
	eap_frag_rx_free(&t->rx);
	free(t->tx_buf);
	OPENSSL_cleanse(t, sizeof(*t));
	free(t);
}

static const eap_method_ops_t ttls_ops = {
	.name = "TTLS",
	.start = ttls_start,
	.destroy = ttls_destroy,
	.resume = ttls_resume,
	.process_raw = ttls_process_raw,
};

static bool cfg_ok(const eap_ttls_cfg_t *c, bool server)
{
	const char *why = NULL;

	if (c->fragment_size <= EAP_TLS_HDR_LEN + 4 || c->fragment_size > EAP_MAX_LEN)
		why = "fragment_size must be 11..65535";
	else if (c->max_message_count < 0 || c->tnc_max_message_count < 0)
		why = "max_message_count must not be negative";
	else if (c->phase2_method != EAP_TYPE_MD5 && c->phase2_method != EAP_TYPE_MSCHAPV2)
		why = "phase2_method must be md5 or mschapv2";
	else if (c->phase2_tnc_method != EAP_TYPE_PT_EAP && c->phase2_tnc_method != EAP_TYPE_TNC)
		why = "phase2_tnc_method must be pt or tnc";
	else if (c->secret_len > EAP_TTLS_SECRET_MAX || (c->secret_len && !c->secret))
		why = "phase2 secret too long";
	else if (server && c->phase2_tnc && !c->bridge.batch_in)
		why = "phase2_tnc needs a TNC bridge";
	else if (!server && (!c->eap_identity || !*c->eap_identity))
		why = "the peer needs its EAP identity";
	if (why)
		NLOG(IKE, 1, "EAP_TTLS: %s", why);
	return !why;
}

static eap_method_t *ttls_new(const eap_ttls_cfg_t *cfg, bool server)
{
	const char *expect;
	ttls_t *t;

	if (!cfg || !cfg_ok(cfg, server))
		return NULL;
	if ((cfg->eap_identity && strlen(cfg->eap_identity) >= EAP_TTLS_ID_MAX) ||
	    (cfg->peer_label && strlen(cfg->peer_label) >= EAP_TTLS_ID_MAX))
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	eap_method_init(&t->m, &ttls_ops, EAP_TYPE_TTLS, server);
	t->frag_size = cfg->fragment_size;
	t->max_count = cfg->max_message_count;
	t->include_length = cfg->include_length;
	t->request_peer_auth = cfg->request_peer_auth;
	t->phase2_method = cfg->phase2_method;
	t->piggyback = cfg->phase2_piggyback;
	t->phase2_tnc = cfg->phase2_tnc;
	t->tnc_method = cfg->phase2_tnc_method;
	t->tnc_max_count = cfg->tnc_max_message_count;
	t->isolate_succeeds = cfg->isolate_succeeds;
	t->secret_fn = cfg->secret_fn;
	t->secret_ctx = cfg->secret_ctx;
	t->bridge = cfg->bridge;
	if (cfg->secret_len)
		memcpy(t->secret, cfg->secret, cfg->secret_len);
	t->secret_len = cfg->secret_len;
	if (cfg->peer_label)
		strcpy(t->peer_label, cfg->peer_label);
	if (cfg->eap_identity)
		strcpy(t->res.eap_identity, cfg->eap_identity);
	t->res.tnc_rec = -1;
	t->start_phase2 = true;
	t->start_phase2_tnc = true;
	eap_frag_rx_init(&t->rx, EAP_TLS_MAX_MESSAGE_LEN);
	/* strongSwan hands the TLS server the EAP identity as the peer only
	 * with request_peer_auth; the peer checks the server's identity */
	expect = server ? (cfg->request_peer_auth ? cfg->eap_identity : NULL) : cfg->server_id;
	if (ttls_tls_init(&t->tls, cfg, server, expect)) {
		NLOG(TLS, 1, "EAP_TTLS: %s", t->res.reason[0] ? t->res.reason : "TLS setup failed");
		ttls_destroy(&t->m);
		return NULL;
	}
	return &t->m;
}

eap_method_t *eap_ttls_server_new(const eap_ttls_cfg_t *cfg)
{
	return ttls_new(cfg, true);
}

eap_method_t *eap_ttls_peer_new(const eap_ttls_cfg_t *cfg)
{
	return ttls_new(cfg, false);
}

void eap_ttls_result(const eap_method_t *m, eap_ttls_result_t *out)
{
	const ttls_t *t = (const ttls_t *)m;

	memset(out, 0, sizeof(*out));
	if (!m || m->type != EAP_TYPE_TTLS)
		return;
	*out = t->res;
	out->done = m->finished;
	out->success = m->succeeded;
	if (out->success)
		out->reason[0] = '\0';
}

int eap_ttls_key_material(const eap_method_t *m, uint8_t out[EAP_TTLS_KEY_MATERIAL_LEN])
{
	const ttls_t *t = (const ttls_t *)m;

	if (!m || m->type != EAP_TYPE_TTLS || !t->have_keymat)
		return NEA_ESTATE;
	memcpy(out, t->keymat, EAP_TTLS_KEY_MATERIAL_LEN);
	return 0;
}

/* For eap_pteap_deliver()/verdict(): the running TNC method, if any. */
eap_method_t *eap_ttls_tnc_inner(eap_method_t *m)
{
	ttls_t *t = (ttls_t *)m;

	if (!m || m->type != EAP_TYPE_TTLS || !t->inner)
		return NULL;
	if (t->inner->type != EAP_TYPE_PT_EAP && t->inner->type != EAP_TYPE_TNC)
		return NULL;
	return t->inner;
}

#include "eap_pteap.h"

#include <openssl/crypto.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eap_method_int.h"
#include "eap_names.h"
#include "eap_pkt.h"
#include "eap_tls_pkt.h"
#include "eap_ttls_frag.h"
#include "nea_log.h"

/*
 * PT-EAP (RFC 7171) and EAP-TNC (TCG IF-T for Tunneled EAP 1.1) as
 * eap_method_t: the EAP side of strongSwan's tls_eap.c with a tnccs stack
 * behind it, where the tnccs stack is whatever answers through the bridge
 * (nea-brokerd on a gateway, the client broker on an endpoint).
 *
 * The method never looks inside a batch. Per turn it does: packet in ->
 * batch_in() -> EAP_M_PENDING -> deliver()/verdict() -> ready() ->
 * resume() -> packet out (or the end, on the server, with the verdict).
 */

/* PB-TNC batches we accept from EAP-TNC fragments: what one EAP-TTLS
 * message can carry at most (nothing larger could reach us anyway). */
#define TNC_RX_MAX EAP_TLS_MAX_MESSAGE_LEN
/* strongSwan's fixed EAP-TNC fragment size (no setting in 5.9.14). */
#define TNC_FRAG_SIZE 65535u
#define PT_ID_MAX 256

typedef struct {
	eap_method_t m;
	eap_tnc_bridge_t bridge;
	eap_tnc_conn_t conn; /* strings point into the buffers below */
	char identity[PT_ID_MAX];
	char cert_subject[PT_ID_MAX];
	char peer_label[PT_ID_MAX];
	int max_count;
	int processed;
	bool isolate_succeeds;
	size_t max_batch; /* largest batch deliver() takes */

	bool start_seen; /* peer: the server's Start arrived */
	bool opened;     /* open() succeeded: close() is owed */
	bool close_done;
	bool awaiting;   /* batch_in()/open() called; the broker has not answered */
	bool have_batch; /* deliver() handed in the answer */
	uint8_t *batch;
	size_t batch_len;
	bool have_verdict;
	int rec; /* the verdict the server ended with, -1 */
	int held_rec;

	/* EAP-TNC framing only */
	eap_frag_rx_t rx;
	eap_frag_tx_t tx;
	uint8_t *tx_buf;
	bool tx_active;
} pteap_t;

const char *eap_tnc_rec_name(eap_tnc_rec_t rec)
{
	switch (rec) {
	case EAP_TNC_REC_ALLOW: return "allow";
	case EAP_TNC_REC_NO_ACCESS: return "no access";
	case EAP_TNC_REC_ISOLATE: return "isolate";
	case EAP_TNC_REC_NO_RECOMMENDATION: return "no recommendation";
	}
	return "unknown";
}

static const char *mname(const pteap_t *t)
{
	return eap_type_long_name(t->m.type);
}

static void drop_batch(pteap_t *t)
{
	if (t->batch)
		OPENSSL_cleanse(t->batch, t->batch_len);
	free(t->batch);
	t->batch = NULL;
	t->batch_len = 0;
	t->have_batch = false;
}

/* close() exactly once after a successful open(), when the method ends. */
static void bridge_close(pteap_t *t)
{
	if (t->opened && !t->close_done) {
		t->close_done = true;
		if (t->bridge.close)
			t->bridge.close(t->bridge.ctx);
	}
}

static int fail(pteap_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(pteap_t *t, const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	NLOG(IKE, 1, "%s", buf);
	drop_batch(t);
	t->awaiting = false;
	bridge_close(t);
	return EAP_M_FAILURE;
}

/* Server: the verdict ends the method (strongSwan's enforce step). */
static int finish(pteap_t *t)
{
	eap_tnc_rec_t rec = (eap_tnc_rec_t)t->held_rec;
	bool ok = rec == EAP_TNC_REC_ALLOW || (rec == EAP_TNC_REC_ISOLATE && t->isolate_succeeds);

	t->rec = t->held_rec;
	NLOG(TNC, 1, "policy enforced on peer '%s' is '%s'",
	     t->peer_label[0] ? t->peer_label : t->identity, eap_tnc_rec_name(rec));
	drop_batch(t);
	t->awaiting = false;
	bridge_close(t);
	return ok ? EAP_M_SUCCESS : EAP_M_FAILURE;
}

static uint8_t own_code(const pteap_t *t)
{
	return t->m.server ? EAP_CODE_REQUEST : EAP_CODE_RESPONSE;
}

/* The server numbers its requests; the peer echoes the last one. */
static uint8_t next_id(pteap_t *t)
{
	if (t->m.server)
		t->m.id++;
	return t->m.id;
}

static int send_ack(pteap_t *t, nea_wr_t *out)
{
	int rc = eap_tls_ack_build(out, own_code(t), t->m.type, next_id(t));

	return rc ? fail(t, "cannot build %s acknowledgement: %s", mname(t), nea_strerror(rc))
		  : EAP_M_SEND;
}

static int tnc_next(pteap_t *t, nea_wr_t *out)
{
	int rc = eap_frag_tx_next(&t->tx, own_code(t), next_id(t), out);

	if (rc < 0)
		return fail(t, "cannot build %s fragment: %s", mname(t), nea_strerror(rc));
	if (rc == EAP_FRAG_DONE) {
		free(t->tx_buf);
		t->tx_buf = NULL;
		t->tx_active = false;
	}
	return EAP_M_SEND;
}

/* Send the delivered batch: one PT-EAP message, or EAP-TNC fragments. */
static int send_batch(pteap_t *t, nea_wr_t *out)
{
	eap_tls_pkt_t p = { 0 };
	int rc;

	NLOG(TNC, 2, "sending PB-TNC batch (%zu bytes) over %s", t->batch_len, mname(t));
	if (t->m.type == EAP_TYPE_TNC) {
		rc = eap_frag_tx_init(&t->tx, EAP_TYPE_TNC, TNC_FRAG_SIZE, false, t->batch,
				      t->batch_len);
		if (rc)
			return fail(t, "cannot send a %zu-byte batch: %s", t->batch_len,
				    nea_strerror(rc));
		/* the fragmenter reads from the buffer until the last fragment */
		t->tx_buf = t->batch;
		t->batch = NULL;
		t->batch_len = 0;
		t->have_batch = false;
		t->tx_active = true;
		return tnc_next(t, out);
	}
	p.code = own_code(t);
	p.id = next_id(t);
	p.type = EAP_TYPE_PT_EAP;
	p.data = t->batch;
	p.data_len = t->batch_len;
	rc = eap_tls_pkt_build(out, &p);
	drop_batch(t);
	return rc ? fail(t, "cannot build a PT-EAP message: %s", nea_strerror(rc)) : EAP_M_SEND;
}

/* The broker's answer is in (or not): what this turn produces. */
static int answer(pteap_t *t, nea_wr_t *out)
{
	if (t->have_batch) {
		t->awaiting = false;
		/* peer: "nothing to send" after a CLOSE is an empty response */
		if (!t->batch_len) {
			t->have_batch = false;
			return send_ack(t, out);
		}
		return send_batch(t, out);
	}
	if (t->m.server && t->have_verdict) {
		t->awaiting = false;
		return finish(t);
	}
	return EAP_M_PENDING;
}

static int hand_batch(pteap_t *t, const uint8_t *batch, size_t len, nea_wr_t *out)
{
	int rc;

	NLOG(TNC, 2, "received PB-TNC batch (%zu bytes) over %s", len, mname(t));
	t->awaiting = true;
	rc = t->bridge.batch_in(t->bridge.ctx, batch, len);
	if (rc)
		return fail(t, "%s: the TNC broker refused the batch (%s)", mname(t),
			    nea_strerror(rc));
	/* a broker that answered from inside batch_in() needs no resume */
	return answer(t, out);
}

static int pt_start(eap_method_t *m, nea_wr_t *out)
{
	pteap_t *t = (pteap_t *)m;
	int rc;

	rc = t->bridge.open(t->bridge.ctx, &t->conn);
	if (rc) {
		NLOG(TNC, 1, "%s: the TNC broker refused the connection for '%s' (%s)", mname(t),
		     t->identity, nea_strerror(rc));
		return rc < 0 ? rc : NEA_ECLOSED;
	}
	t->opened = true;
	rc = eap_tls_start_build(out, m->type, m->id);
	if (rc)
		bridge_close(t);
	return rc;
}

static int pt_process_raw(eap_method_t *m, const eap_pkt_t *in, const uint8_t *raw,
			  size_t raw_len, nea_wr_t *out, nea_perr_t *err)
{
	pteap_t *t = (pteap_t *)m;
	const uint8_t *batch;
	uint8_t *msg = NULL;
	size_t batch_len;
	eap_tls_pkt_t p;
	int rc;

	(void)in;
	if (t->max_count && ++t->processed > t->max_count)
		return fail(t, "%s packet count exceeded (%d > %d)", mname(t), t->processed,
			    t->max_count);
	rc = eap_tls_pkt_parse(raw, raw_len, m->type, &p, err);
	if (rc == NEA_EVERSION)
		return fail(t, "%s: received packet with unsupported version v%u", mname(t),
			    p.version);
	if (rc)
		return fail(t, "%s: invalid packet: %s (offset %zu)", mname(t), err->msg,
			    err->offset);
	if (m->type == EAP_TYPE_PT_EAP && (p.flags & EAP_TLS_FLAG_M))
		return fail(t, "PT-EAP message with a fragment flag: RFC 7171 has no fragments");
	if (p.start) {
		if (m->server || t->start_seen)
			return fail(t, "%s: received unexpected start", mname(t));
		t->start_seen = true;
		rc = t->bridge.open(t->bridge.ctx, &t->conn);
		if (rc)
			return fail(t, "%s: the TNC client broker refused the connection (%s)",
				    mname(t), nea_strerror(rc));
		t->opened = true;
		t->awaiting = true;
		return answer(t, out);
	}
	if (!m->server && !t->start_seen)
		return fail(t, "%s: data before the start", mname(t));
	if (t->tx_active) {
		/* EAP-TNC: only acknowledgements while our fragments go out */
		if (!eap_tls_pkt_is_ack(&p))
			return fail(t, "%s: data while our fragments were pending", mname(t));
		return tnc_next(t, out);
	}
	if (m->server && t->have_verdict && !t->awaiting) {
		/* the peer's answer to our last batch (CLOSE) ends it */
		return finish(t);
	}
	if (t->awaiting)
		return fail(t, "%s: packet while the TNC broker has not answered", mname(t));
	if (eap_tls_pkt_is_ack(&p) && !t->rx.active) {
		if (!m->server)
			return send_ack(t, out);
		/* the peer has nothing to say: wait for the broker's verdict */
		t->awaiting = true;
		return answer(t, out);
	}
	if (m->type == EAP_TYPE_TNC) {
		rc = eap_frag_rx_add(&t->rx, &p, err);
		if (rc == EAP_FRAG_MORE)
			return send_ack(t, out);
		if (rc < 0)
			return fail(t, "%s: invalid fragment: %s", mname(t), err->msg);
		msg = eap_frag_rx_take(&t->rx, &batch_len);
		if (!msg)
			return fail(t, "%s: out of memory for a %zu-byte batch", mname(t),
				    batch_len);
		batch = msg;
	} else {
		batch = p.data;
		batch_len = p.data_len;
	}
	rc = hand_batch(t, batch, batch_len, out);
	if (msg)
		OPENSSL_cleanse(msg, batch_len);
	free(msg);
	return rc;
}

static int pt_resume(eap_method_t *m, nea_wr_t *out)
{
	return answer((pteap_t *)m, out);
}

static void pt_destroy(eap_method_t *m)
{
	pteap_t *t = (pteap_t *)m;

	bridge_close(t);
	drop_batch(t);
	eap_frag_rx_free(&t->rx);
	free(t->tx_buf);
	OPENSSL_cleanse(t, sizeof(*t));
	free(t);
}

static const eap_method_ops_t pt_ops = {
	.name = "PT",
	.start = pt_start,
	.destroy = pt_destroy,
	.resume = pt_resume,
	.process_raw = pt_process_raw,
};

static const eap_method_ops_t tnc_ops = {
	.name = "TNC",
	.start = pt_start,
	.destroy = pt_destroy,
	.resume = pt_resume,
	.process_raw = pt_process_raw,
};

static void copy_str(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

static eap_method_t *pt_new(uint8_t type, const eap_tnc_cfg_t *cfg, bool server)
{
	pteap_t *t;

	if ((type != EAP_TYPE_PT_EAP && type != EAP_TYPE_TNC) || !cfg || !cfg->bridge.open ||
	    !cfg->bridge.batch_in)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	eap_method_init(&t->m, type == EAP_TYPE_PT_EAP ? &pt_ops : &tnc_ops, type, server);
	t->bridge = cfg->bridge;
	copy_str(t->identity, sizeof(t->identity), cfg->conn.identity);
	copy_str(t->cert_subject, sizeof(t->cert_subject), cfg->conn.cert_subject);
	copy_str(t->peer_label, sizeof(t->peer_label), cfg->peer_label);
	t->conn = cfg->conn;
	t->conn.type = type;
	t->conn.identity = cfg->conn.identity ? t->identity : NULL;
	t->conn.cert_subject = cfg->conn.cert_subject ? t->cert_subject : NULL;
	t->max_batch = type == EAP_TYPE_PT_EAP ? EAP_PTEAP_MAX_BATCH : TNC_RX_MAX;
	if (!t->conn.max_batch || t->conn.max_batch > t->max_batch)
		t->conn.max_batch = t->max_batch;
	t->max_count = cfg->max_message_count < 0 ? EAP_TNC_DEFAULT_MAX_MESSAGE_COUNT
						  : cfg->max_message_count;
	t->isolate_succeeds = cfg->isolate_succeeds;
	t->rec = -1;
	t->held_rec = -1;
	eap_frag_rx_init(&t->rx, TNC_RX_MAX);
	return &t->m;
}

eap_method_t *eap_pteap_server_new(uint8_t type, const eap_tnc_cfg_t *cfg)
{
	return pt_new(type, cfg, true);
}

eap_method_t *eap_pteap_peer_new(uint8_t type, const eap_tnc_cfg_t *cfg)
{
	return pt_new(type, cfg, false);
}

int eap_pteap_rec(const eap_method_t *m)
{
	if (!m || (m->type != EAP_TYPE_PT_EAP && m->type != EAP_TYPE_TNC) || !m->server)
		return -1;
	return ((const pteap_t *)m)->rec;
}

/* The TNC method behind m: itself, or the one EAP-TTLS runs. */
eap_method_t *eap_ttls_tnc_inner(eap_method_t *m);

static pteap_t *resolve(eap_method_t *m)
{
	if (m && m->type == EAP_TYPE_TTLS)
		m = eap_ttls_tnc_inner(m);
	if (!m || (m->type != EAP_TYPE_PT_EAP && m->type != EAP_TYPE_TNC) || m->finished)
		return NULL;
	return (pteap_t *)m;
}

int eap_pteap_deliver(eap_method_t *m, const uint8_t *batch, size_t len)
{
	pteap_t *t = resolve(m);
	bool first;

	if (!t || !t->awaiting || t->have_batch)
		return NEA_ESTATE;
	if (len > t->max_batch)
		return NEA_ETOOBIG;
	if (len && !batch)
		return NEA_EINVAL;
	/* only the peer may answer "nothing to send" */
	if (!len && t->m.server)
		return NEA_EINVAL;
	if (len) {
		t->batch = malloc(len);
		if (!t->batch)
			return NEA_ENOMEM;
		memcpy(t->batch, batch, len);
	}
	t->batch_len = len;
	first = !t->have_verdict;
	t->have_batch = true;
	if (t->m.pending && first && t->bridge.ready)
		t->bridge.ready(t->bridge.ctx);
	return 0;
}

int eap_pteap_verdict(eap_method_t *m, eap_tnc_rec_t rec)
{
	pteap_t *t = resolve(m);
	bool first;

	if (!t || !t->m.server || t->have_verdict)
		return NEA_ESTATE;
	if (rec < EAP_TNC_REC_ALLOW || rec > EAP_TNC_REC_NO_RECOMMENDATION)
		return NEA_EINVAL;
	first = !t->have_batch;
	t->have_verdict = true;
	t->held_rec = (int)rec;
	NLOG(TNC, 2, "TNC verdict '%s' for peer '%s' handed to %s", eap_tnc_rec_name(rec),
	     t->peer_label[0] ? t->peer_label : t->identity, mname(t));
	if (t->awaiting && t->m.pending && first && t->bridge.ready)
		t->bridge.ready(t->bridge.ctx);
	return 0;
}

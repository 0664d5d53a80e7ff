/*
 * libFuzzer target: the EAP-TTLS server's input path (ike/eap eap_ttls*),
 * the bytes nea-iked hands it from an IKE_AUTH EAP payload.
 *
 * Byte 0 picks the scenario and configuration:
 *   bit 0     0: raw  - every record is one EAP packet straight into a
 *                      fresh server (envelope, record layer, reassembly,
 *                      the TLS handshake parser);
 *             1: tunnel - a real OpenSSL client completes the handshake
 *                      first, then every record is TLS application data it
 *                      encrypts and sends (Diameter AVPs, the inner EAP
 *                      packets, phase 2: Identity, MD5/MSCHAPv2, PT-EAP or
 *                      EAP-TNC behind a scripted broker)
 *   bit 1     phase2_piggyback      bit 2  phase2_method MSCHAPv2
 *   bit 3     phase2_tnc            bit 4  phase2_tnc_method EAP-TNC
 *   bits 5-6  fragment_size 1024 / 64 / 300 / 4096
 *   bit 7     target the EAP-TTLS peer instead (what an nea endpoint
 *             accepts from a gateway): raw packets into a fresh peer, or
 *             (bit 0) a tunnel to nea's own server whose TLS then carries
 *             the records as the server's application data
 * then records of a 2-byte big-endian length and that many bytes. In the
 * tunnel scenario an empty record means "answer the server's last inner
 * request correctly" (Identity 'carol', the MD5 response for secret
 * 'sesame', a small PB-TNC batch for PT-EAP), so mutations reach the later
 * phase-2 states that random bytes cannot (the MD5 challenge is random).
 *
 * In the peer's tunnel an empty record sends a well-formed inner request
 * instead (Identity, MD5, PT-EAP start, a PT-EAP batch, in turn).
 *
 * Invariants (abort() on violation): a status is one of the five; after
 * SUCCESS/FAILURE the method takes nothing more; an MSK exists only after
 * SUCCESS; no output exceeds fragment_size; the broker's close() follows
 * its open() exactly once by the time the method is freed.
 */
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eap_md5.h"
#include "eap_method.h"
#include "eap_pkt.h"
#include "eap_pteap.h"
#include "eap_tls_pkt.h"
#include "eap_ttls.h"
#include "eap_ttls_avp.h"
#include "eap_ttls_frag.h"
#include "eap_ttls_int.h"
#include "nea_log.h"

static EVP_PKEY *key;
static X509 *cert;
static X509_STORE *store;

static X509 *self_signed(EVP_PKEY *k)
{
	X509 *c = X509_new();
	X509_NAME *n = X509_NAME_new();

	if (!c || !n)
		abort();
	X509_set_version(c, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(c), 1);
	X509_gmtime_adj(X509_getm_notBefore(c), -3600);
	X509_gmtime_adj(X509_getm_notAfter(c), 86400 * 365);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)"gw.nea.test", -1,
				   -1, 0);
	X509_set_subject_name(c, n);
	X509_set_issuer_name(c, n);
	X509_set_pubkey(c, k);
	if (X509_sign(c, k, EVP_sha256()) <= 0)
		abort();
	X509_NAME_free(n);
	return c;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* FUZZ_LOG=1 shows the method's log lines when replaying an input */
	if (!getenv("FUZZ_LOG"))
		nea_log_set_default(-1);
	key = EVP_EC_gen("P-256");
	if (!key)
		abort();
	cert = self_signed(key);
	store = X509_STORE_new();
	if (!store || X509_STORE_add_cert(store, cert) != 1)
		abort();
	return 0;
}

/* --- a broker that answers at once ------------------------------------- */

typedef struct {
	int opens, closes, batches;
	bool owe;
} fbroker_t;

static int fb_open(void *ctx, const eap_tnc_conn_t *conn)
{
	(void)conn;
	((fbroker_t *)ctx)->opens++;
	return 0;
}

static int fb_batch_in(void *ctx, const uint8_t *batch, size_t len)
{
	fbroker_t *b = ctx;

	(void)batch;
	(void)len;
	b->batches++;
	b->owe = true;
	return 0;
}

static void fb_ready(void *ctx)
{
	(void)ctx;
}

static void fb_close(void *ctx)
{
	((fbroker_t *)ctx)->closes++;
}

static int lookup(void *ctx, const char *identity, uint8_t *buf, size_t *len, bool *nt_hash)
{
	(void)ctx;
	(void)nt_hash;
	if (strcmp(identity, "carol") != 0)
		return NEA_ENOTFOUND;
	memcpy(buf, "sesame", 6);
	*len = 6;
	return 0;
}

/* Resolve EAP_M_PENDING: two batches, then a verdict. */
static int settle(eap_method_t *m, fbroker_t *b, int rc, nea_wr_t *out)
{
	static const uint8_t batch[] = { 2, 0x80, 0, 2, 0, 0, 0, 8 };

	for (int i = 0; rc == EAP_M_PENDING && i < 3; i++) {
		if (!b->owe)
			abort(); /* pending without having asked the broker */
		b->owe = false;
		if (b->batches <= 2) {
			if (eap_pteap_deliver(m, batch, sizeof(batch)))
				abort();
		} else if (eap_pteap_verdict(m, EAP_TNC_REC_ALLOW)) {
			abort();
		}
		rc = eap_method_resume(m, out);
	}
	return rc;
}

typedef struct {
	eap_method_t *m;
	fbroker_t b;
	size_t frag;
	bool over;
} fsrv_t;

/* One packet into the server, with the invariants. */
static int feed(fsrv_t *s, const uint8_t *pkt, size_t len, nea_wr_t *out)
{
	nea_perr_t err = { 0 };
	size_t msk_len;
	int rc;

	nea_wr_free(out);
	nea_wr_init(out, 0);
	rc = eap_method_process(s->m, pkt, len, out, &err);
	if (s->over && rc != NEA_ESTATE)
		abort();
	rc = settle(s->m, &s->b, rc, out);
	if (rc > EAP_M_PENDING)
		abort();
	if (rc == EAP_M_SEND && (out->len < 6 || out->len > s->frag))
		abort();
	if (rc == EAP_M_SUCCESS || rc == EAP_M_FAILURE)
		s->over = true;
	eap_method_msk(s->m, &msk_len);
	if (msk_len && rc != EAP_M_SUCCESS && !s->over)
		abort();
	if (rc == EAP_M_FAILURE && msk_len)
		abort();
	return rc;
}

static eap_method_t *make_server(uint8_t sel, fsrv_t *s)
{
	static const size_t frags[] = { 1024, 64, 300, 4096 };
	eap_ttls_cfg_t c;

	eap_ttls_cfg_defaults(&c);
	c.cert = cert;
	c.key = key;
	c.ca = store;
	c.eap_identity = "carol";
	c.secret_fn = lookup;
	c.max_message_count = 0;
	c.phase2_piggyback = sel & 2;
	c.phase2_method = (sel & 4) ? EAP_TYPE_MSCHAPV2 : EAP_TYPE_MD5;
	c.phase2_tnc = sel & 8;
	c.phase2_tnc_method = (sel & 16) ? EAP_TYPE_TNC : EAP_TYPE_PT_EAP;
	c.fragment_size = frags[(sel >> 5) & 3];
	c.bridge.ctx = &s->b;
	c.bridge.open = fb_open;
	c.bridge.batch_in = fb_batch_in;
	c.bridge.ready = fb_ready;
	c.bridge.close = fb_close;
	s->frag = c.fragment_size;
	return eap_ttls_server_new(&c);
}

/* --- the OpenSSL client of the tunnel scenario -------------------------- */

typedef struct {
	SSL_CTX *ctx;
	SSL *ssl;
	BIO *rb, *wb;
} fcli_t;

static bool cli_init(fcli_t *c)
{
	memset(c, 0, sizeof(*c));
	c->ctx = SSL_CTX_new(TLS_client_method());
	if (!c->ctx)
		return false;
	SSL_CTX_set_max_proto_version(c->ctx, TLS1_2_VERSION);
	c->ssl = SSL_new(c->ctx);
	c->rb = BIO_new(BIO_s_mem());
	c->wb = BIO_new(BIO_s_mem());
	if (!c->ssl || !c->rb || !c->wb) {
		BIO_free(c->rb);
		BIO_free(c->wb);
		return false;
	}
	BIO_set_mem_eof_return(c->rb, -1);
	SSL_set_bio(c->ssl, c->rb, c->wb);
	SSL_set_connect_state(c->ssl);
	return true;
}

static void cli_free(fcli_t *c)
{
	SSL_free(c->ssl);
	SSL_CTX_free(c->ctx);
}

/* What the client's TLS wrote, as one response (split with M when it
 * does not fit one packet; the server acknowledges). */
static int cli_send(fcli_t *c, fsrv_t *s, nea_wr_t *req)
{
	size_t n = BIO_ctrl_pending(c->wb);
	uint8_t *buf = malloc(n ? n : 1);
	eap_frag_tx_t tx;
	nea_wr_t pkt;
	int rc = EAP_M_SEND, frc;

	if (!buf)
		return -1;
	if (n && BIO_read(c->wb, buf, (int)n) != (int)n)
		abort();
	nea_wr_init(&pkt, 0);
	if (!n) {
		eap_tls_ack_build(&pkt, EAP_CODE_RESPONSE, EAP_TYPE_TTLS, req->ptr[1]);
		rc = feed(s, pkt.ptr, pkt.len, req);
	} else if (eap_frag_tx_init(&tx, EAP_TYPE_TTLS, 1024, true, buf, n) == 0) {
		do {
			nea_wr_free(&pkt);
			nea_wr_init(&pkt, 0);
			frc = eap_frag_tx_next(&tx, EAP_CODE_RESPONSE, req->ptr[1], &pkt);
			if (frc < 0)
				break;
			rc = feed(s, pkt.ptr, pkt.len, req);
		} while (frc == EAP_FRAG_MORE && rc == EAP_M_SEND);
	}
	nea_wr_free(&pkt);
	free(buf);
	return rc;
}

/* Take the server's request (acknowledging its fragments) into TLS. */
static int cli_take(fcli_t *c, fsrv_t *s, nea_wr_t *req)
{
	nea_perr_t err;
	eap_tls_pkt_t p;
	nea_wr_t ack;
	int rc = EAP_M_SEND;

	nea_wr_init(&ack, 0);
	for (int i = 0; i < 200 && rc == EAP_M_SEND; i++) {
		if (eap_tls_pkt_parse(req->ptr, req->len, EAP_TYPE_TTLS, &p, &err))
			break;
		if (p.data_len && BIO_write(c->rb, p.data, (int)p.data_len) != (int)p.data_len)
			abort();
		if (!p.more)
			break;
		nea_wr_free(&ack);
		nea_wr_init(&ack, 0);
		eap_tls_ack_build(&ack, EAP_CODE_RESPONSE, EAP_TYPE_TTLS, p.id);
		rc = feed(s, ack.ptr, ack.len, req);
	}
	nea_wr_free(&ack);
	return rc;
}

/* The correct answer to the inner request in app (decrypted AVPs). */
static size_t auto_answer(const uint8_t *app, size_t app_len, uint8_t *out, size_t cap)
{
	static const uint8_t batch[] = { 2, 0, 0, 1, 0, 0, 0, 8 };
	uint8_t *eap = NULL, val[16];
	size_t eap_len = 0, n = 0;
	nea_perr_t err;
	nea_wr_t w, avp;
	eap_pkt_t p;

	if (eap_ttls_eap_message_collect(app, app_len, 0, &eap, &eap_len, &err))
		return 0;
	nea_wr_init(&w, 0);
	nea_wr_init(&avp, cap);
	if (eap_pkt_parse(eap, eap_len, &p, &err) == 0 && p.code == EAP_CODE_REQUEST) {
		switch (p.type) {
		case EAP_TYPE_IDENTITY:
			eap_identity_build(&w, EAP_CODE_RESPONSE, p.id, (const uint8_t *)"carol", 5);
			break;
		case EAP_TYPE_MD5:
			if (p.data_len >= 1 && p.data[0] && p.data[0] < p.data_len &&
			    eap_md5_response(p.id, (const uint8_t *)"sesame", 6, p.data + 1,
					     p.data[0], val) == 0) {
				uint8_t td[17];

				td[0] = 16;
				memcpy(td + 1, val, 16);
				eap_pkt_build(&w, EAP_CODE_RESPONSE, p.id, EAP_TYPE_MD5, td, sizeof(td));
			}
			break;
		case EAP_TYPE_PT_EAP:
		case EAP_TYPE_TNC: {
			eap_tls_pkt_t r = { .code = EAP_CODE_RESPONSE, .id = p.id,
					    .type = p.type, .data = batch,
					    .data_len = sizeof(batch) };

			eap_tls_pkt_build(&w, &r);
			break;
		}
		}
	}
	if (w.len && eap_ttls_eap_message_build(&avp, w.ptr, w.len, 0) == 0 && avp.len <= cap) {
		memcpy(out, avp.ptr, avp.len);
		n = avp.len;
	}
	nea_wr_free(&w);
	nea_wr_free(&avp);
	free(eap);
	return n;
}

static void run_tunnel(fsrv_t *s, const uint8_t *data, size_t size)
{
	nea_wr_t req;
	fcli_t c;
	int rc = EAP_M_SEND, hs = 0;
	uint8_t sink[4096], answer[256];
	size_t sink_len = 0;

	if (!cli_init(&c))
		return;
	nea_wr_init(&req, 0);
	if (eap_method_start(s->m, 1, &req))
		abort();
	/* the handshake: start -> CH -> flight -> CKE/Fin -> Fin */
	for (int i = 0; i < 8 && rc == EAP_M_SEND && hs != 1; i++) {
		rc = cli_take(&c, s, &req);
		if (rc != EAP_M_SEND)
			break;
		hs = SSL_do_handshake(c.ssl);
		if (hs != 1 && SSL_get_error(c.ssl, hs) != SSL_ERROR_WANT_READ)
			break;
		if (hs == 1 && BIO_ctrl_pending(c.wb) == 0)
			break;
		rc = cli_send(&c, s, &req);
	}
	/* a piggybacked Identity request came with the Finished */
	for (int n; hs == 1 && sink_len < sizeof(sink) &&
		    (n = SSL_read(c.ssl, sink + sink_len, (int)(sizeof(sink) - sink_len))) > 0;)
		sink_len += (size_t)n;
	/* phase 2: every record is application data */
	while (hs == 1 && rc == EAP_M_SEND && size >= 2) {
		size_t len = (size_t)data[0] << 8 | data[1];

		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		if (len > 16000)
			len = 16000;
		if (len) {
			if (SSL_write(c.ssl, data, (int)len) != (int)len)
				break;
		} else {
			size_t n = auto_answer(sink, sink_len, answer, sizeof(answer));

			if (n && SSL_write(c.ssl, answer, (int)n) != (int)n)
				break;
		}
		data += len;
		size -= len;
		rc = cli_send(&c, s, &req);
		if (rc == EAP_M_SEND)
			rc = cli_take(&c, s, &req);
		/* what the server tunneled back (one inner request) */
		sink_len = 0;
		for (int n; sink_len < sizeof(sink) &&
			    (n = SSL_read(c.ssl, sink + sink_len, (int)(sizeof(sink) - sink_len))) > 0;)
			sink_len += (size_t)n;
	}
	nea_wr_free(&req);
	cli_free(&c);
}

static void run_raw(fsrv_t *s, const uint8_t *data, size_t size)
{
	nea_wr_t out;

	nea_wr_init(&out, 0);
	if (eap_method_start(s->m, 1, &out))
		abort();
	while (size >= 2) {
		size_t len = (size_t)data[0] << 8 | data[1];

		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		feed(s, data, len, &out);
		data += len;
		size -= len;
	}
	nea_wr_free(&out);
}

/* --- the peer ------------------------------------------------------------ */

static int peer_settle(eap_method_t *m, fbroker_t *b, int rc, nea_wr_t *out)
{
	static const uint8_t batch[] = { 2, 0, 0, 1, 0, 0, 0, 8 };

	for (int i = 0; rc == EAP_M_PENDING && i < 3; i++) {
		if (!b->owe)
			abort();
		b->owe = false;
		if (eap_pteap_deliver(m, (b->batches & 1) ? NULL : batch,
				      (b->batches & 1) ? 0 : sizeof(batch)))
			abort();
		rc = eap_method_resume(m, out);
	}
	return rc;
}

static int fb_open_peer(void *ctx, const eap_tnc_conn_t *conn)
{
	fbroker_t *b = ctx;

	(void)conn;
	b->opens++;
	b->owe = true;
	return 0;
}

static eap_method_t *make_peer(uint8_t sel, fsrv_t *s)
{
	static const size_t frags[] = { 1024, 64, 300, 4096 };
	eap_ttls_cfg_t c;

	eap_ttls_cfg_defaults(&c);
	c.ca = store;
	c.eap_identity = "carol";
	c.secret = (const uint8_t *)"sesame";
	c.secret_len = 6;
	c.max_message_count = 0;
	c.fragment_size = frags[(sel >> 5) & 3];
	c.bridge.ctx = &s->b;
	c.bridge.open = fb_open_peer;
	c.bridge.batch_in = fb_batch_in;
	c.bridge.ready = fb_ready;
	c.bridge.close = fb_close;
	s->frag = c.fragment_size;
	return eap_ttls_peer_new(&c);
}

static int feed_peer(fsrv_t *s, const uint8_t *pkt, size_t len, nea_wr_t *out)
{
	nea_perr_t err = { 0 };
	size_t msk_len;
	int rc;

	nea_wr_free(out);
	nea_wr_init(out, 0);
	rc = eap_method_process(s->m, pkt, len, out, &err);
	if (s->over && rc != NEA_ESTATE)
		abort();
	rc = peer_settle(s->m, &s->b, rc, out);
	if (rc > EAP_M_PENDING)
		abort();
	if (rc == EAP_M_SEND && (out->len < 6 || out->len > s->frag))
		abort();
	if (rc == EAP_M_SUCCESS || rc == EAP_M_FAILURE)
		s->over = true;
	eap_method_msk(s->m, &msk_len);
	if (msk_len && rc != EAP_M_SUCCESS)
		abort();
	return rc;
}

static void run_peer_raw(fsrv_t *s, const uint8_t *data, size_t size)
{
	nea_wr_t out;

	nea_wr_init(&out, 0);
	while (size >= 2) {
		size_t len = (size_t)data[0] << 8 | data[1];

		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		feed_peer(s, data, len, &out);
		data += len;
		size -= len;
	}
	nea_wr_free(&out);
}

/* A well-formed inner request, by turn. */
static size_t inner_request(int turn, uint8_t id, uint8_t *out)
{
	static const uint8_t batch[] = { 2, 0x80, 0, 2, 0, 0, 0, 8 };
	size_t n = 0;

	switch (turn % 4) {
	case 0: /* Identity */
		memcpy(out, (const uint8_t[]){ 1, id, 0, 5, 1 }, 5);
		n = 5;
		break;
	case 1: /* MD5, 16-byte challenge */
		memcpy(out, (const uint8_t[]){ 1, id, 0, 22, 4, 16 }, 6);
		memset(out + 6, 0x42, 16);
		n = 22;
		break;
	case 2: /* PT-EAP start */
		memcpy(out, (const uint8_t[]){ 1, id, 0, 6, 54, 0x81 }, 6);
		n = 6;
		break;
	default: /* PT-EAP batch */
		memcpy(out, (const uint8_t[]){ 1, id, 0, 14, 54, 0x01 }, 6);
		memcpy(out + 6, batch, sizeof(batch));
		n = 14;
		break;
	}
	return n;
}

static void run_peer_tunnel(fsrv_t *s, const uint8_t *data, size_t size)
{
	fsrv_t srv;
	ttls_t *st, *pt = (ttls_t *)s->m;
	nea_wr_t req, resp, avp;
	nea_perr_t err = { 0 };
	uint8_t inner[32];
	int rc = EAP_M_SEND, turn = 0;

	memset(&srv, 0, sizeof(srv));
	srv.m = make_server(0x60, &srv); /* 4096-byte fragments, MD5, no TNC */
	if (!srv.m)
		abort();
	st = (ttls_t *)srv.m;
	nea_wr_init(&req, 0);
	nea_wr_init(&resp, 0);
	nea_wr_init(&avp, 0);
	if (eap_method_start(srv.m, 1, &req))
		abort();
	/* both ends through the handshake; the peer's first phase-2 answer
	 * is dropped: from here on the input speaks for the server */
	for (int i = 0; i < 20 && !pt->tls.hs_done; i++) {
		if (feed_peer(s, req.ptr, req.len, &resp) != EAP_M_SEND)
			goto out;
		if (pt->tls.hs_done)
			break;
		nea_wr_free(&req);
		nea_wr_init(&req, 0);
		if (eap_method_process(srv.m, resp.ptr, resp.len, &req, &err) != EAP_M_SEND)
			goto out;
	}
	if (!pt->tls.hs_done || !st->tls.hs_done)
		goto out;
	while (rc == EAP_M_SEND && size >= 2) {
		size_t len = (size_t)data[0] << 8 | data[1];

		data += 2;
		size -= 2;
		if (len > size)
			len = size;
		if (len > 16000)
			len = 16000;
		nea_wr_free(&avp);
		nea_wr_init(&avp, 0);
		if (len) {
			nea_wr_bytes(&avp, data, len);
		} else {
			size_t n = inner_request(turn, (uint8_t)(0x10 + turn), inner);

			turn++;
			eap_ttls_eap_message_build(&avp, inner, n, 0);
		}
		data += len;
		size -= len;
		if (!avp.len || ttls_tls_write(&st->tls, avp.ptr, avp.len))
			break;
		nea_wr_free(&req);
		nea_wr_init(&req, 0);
		if (ttls_rec_flush(st, &req) != EAP_M_SEND)
			break;
		/* 4096-byte fragments: acknowledge the server's until the last */
		for (int i = 0; i < 8 && (req.ptr[5] & EAP_TLS_FLAG_M); i++) {
			if (ttls_rec_next(st, &req) != EAP_M_SEND)
				break;
		}
		rc = feed_peer(s, req.ptr, req.len, &resp);
	}
out:
	nea_wr_free(&req);
	nea_wr_free(&resp);
	nea_wr_free(&avp);
	eap_method_free(srv.m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fsrv_t s;
	uint8_t sel;

	if (size < 1)
		return 0;
	memset(&s, 0, sizeof(s));
	sel = data[0];
	if (sel & 0x80) {
		s.m = make_peer(sel, &s);
		if (!s.m)
			abort();
		if (sel & 1)
			run_peer_tunnel(&s, data + 1, size - 1);
		else
			run_peer_raw(&s, data + 1, size - 1);
		eap_method_free(s.m);
		if (s.b.closes != s.b.opens)
			abort();
		return 0;
	}
	s.m = make_server(sel, &s);
	if (!s.m)
		abort();
	if (sel & 1)
		run_tunnel(&s, data + 1, size - 1);
	else
		run_raw(&s, data + 1, size - 1);
	eap_method_free(s.m);
	if (s.b.closes != s.b.opens)
		abort();
	return 0;
}

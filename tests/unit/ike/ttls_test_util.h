/*
 * Helpers for the EAP-TTLS / PT-EAP suites: an in-memory PKI (CA, server
 * and client certificates made with OpenSSL at test time), scripted TNC
 * brokers behind eap_tnc_bridge_t, and a driver that runs an EAP-TTLS
 * server against an EAP-TTLS peer packet by packet, the way nea-iked and
 * its IKE peer would, answering EAP_M_PENDING from the brokers.
 */
#ifndef TTLS_TEST_UTIL_H
#define TTLS_TEST_UTIL_H

#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eap_method.h"
#include "eap_pkt.h"
#include "eap_pteap.h"
#include "eap_tls_pkt.h"
#include "eap_ttls.h"

/* --- PKI ------------------------------------------------------------- */

typedef struct {
	EVP_PKEY *ca_key, *srv_key, *cli_key, *rogue_key;
	X509 *ca, *srv, *cli, *rogue_ca, *rogue_cli;
	X509_STORE *store; /* trusts ca only */
} pki_t;

static inline void add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *ext;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, cert, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	cr_assert_not_null(ext, "extension %d=%s", nid, value);
	cr_assert_eq(X509_add_ext(cert, ext, -1), 1);
	X509_EXTENSION_free(ext);
}

/* issuer NULL: self-signed CA. san: "DNS:x" or NULL. */
static inline X509 *make_cert(const char *cn, const char *san, EVP_PKEY *key, X509 *issuer,
			      EVP_PKEY *issuer_key)
{
	X509 *c = X509_new();
	X509_NAME *n = X509_NAME_new();
	static long serial = 1;

	cr_assert(c && n);
	X509_set_version(c, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(c), serial++);
	X509_gmtime_adj(X509_getm_notBefore(c), -3600);
	X509_gmtime_adj(X509_getm_notAfter(c), 86400);
	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC, (const unsigned char *)"CH", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_ASC, (const unsigned char *)"nea", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(c, n);
	X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : n);
	X509_set_pubkey(c, key);
	if (!issuer) {
		add_ext(c, c, NID_basic_constraints, "critical,CA:TRUE");
		add_ext(c, c, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else {
		add_ext(c, issuer, NID_basic_constraints, "CA:FALSE");
	}
	if (san)
		add_ext(c, issuer ? issuer : c, NID_subject_alt_name, san);
	cr_assert(X509_sign(c, issuer ? issuer_key : key, EVP_sha256()) > 0);
	X509_NAME_free(n);
	return c;
}

static inline void pki_init(pki_t *p)
{
	memset(p, 0, sizeof(*p));
	p->ca_key = EVP_EC_gen("P-256");
	p->srv_key = EVP_EC_gen("P-256");
	p->cli_key = EVP_EC_gen("P-256");
	p->rogue_key = EVP_EC_gen("P-256");
	cr_assert(p->ca_key && p->srv_key && p->cli_key && p->rogue_key);
	p->ca = make_cert("nea Test Root CA", NULL, p->ca_key, NULL, NULL);
	p->srv = make_cert("gw.nea.test", "DNS:gw.nea.test", p->srv_key, p->ca, p->ca_key);
	p->cli = make_cert("client.nea.test", "DNS:client.nea.test", p->cli_key, p->ca, p->ca_key);
	p->rogue_ca = make_cert("Rogue CA", NULL, p->rogue_key, NULL, NULL);
	p->rogue_cli = make_cert("client.nea.test", "DNS:client.nea.test", p->cli_key, p->rogue_ca,
				 p->rogue_key);
	p->store = X509_STORE_new();
	cr_assert_not_null(p->store);
	cr_assert_eq(X509_STORE_add_cert(p->store, p->ca), 1);
}

static inline void pki_free(pki_t *p)
{
	X509_STORE_free(p->store);
	X509_free(p->ca);
	X509_free(p->srv);
	X509_free(p->cli);
	X509_free(p->rogue_ca);
	X509_free(p->rogue_cli);
	EVP_PKEY_free(p->ca_key);
	EVP_PKEY_free(p->srv_key);
	EVP_PKEY_free(p->cli_key);
	EVP_PKEY_free(p->rogue_key);
}

/* --- scripted TNC brokers --------------------------------------------- */

#define BROKER_MAX 8

typedef struct {
	bool server;
	int opens, closes, readies, batches_in;
	char identity[256];
	eap_tnc_auth_t auth;
	uint8_t auth_method;
	size_t max_batch;
	/* what arrived, in order */
	uint8_t *rx[BROKER_MAX];
	size_t rx_len[BROKER_MAX];
	/* what to answer: the peer hands tx[0] in at open, tx[i+1] after
	 * batch i (none left: "nothing to send"); the server answers batch i
	 * with tx[i], and with its verdict once the script is used up (or
	 * together with its last batch when verdict_with_last) */
	const uint8_t *tx[BROKER_MAX];
	size_t tx_len[BROKER_MAX];
	int n_tx;
	int next_tx;
	eap_tnc_rec_t verdict;
	bool verdict_with_last;
	bool verdict_given;
	bool owe_answer; /* open()/batch_in() happened, not answered yet */
	int refuse_open; /* open() returns this */
} broker_t;

static inline int broker_open(void *ctx, const eap_tnc_conn_t *conn)
{
	broker_t *b = ctx;

	b->opens++;
	snprintf(b->identity, sizeof(b->identity), "%s", conn->identity ? conn->identity : "");
	b->auth = conn->auth;
	b->auth_method = conn->auth_method;
	b->max_batch = conn->max_batch;
	if (b->refuse_open)
		return b->refuse_open;
	if (!b->server)
		b->owe_answer = true;
	return 0;
}

static inline int broker_batch_in(void *ctx, const uint8_t *batch, size_t len)
{
	broker_t *b = ctx;

	cr_assert_lt(b->batches_in, BROKER_MAX);
	b->rx[b->batches_in] = malloc(len ? len : 1);
	cr_assert_not_null(b->rx[b->batches_in]);
	memcpy(b->rx[b->batches_in], batch, len);
	b->rx_len[b->batches_in] = len;
	b->batches_in++;
	b->owe_answer = true;
	return 0;
}

static inline void broker_ready(void *ctx)
{
	((broker_t *)ctx)->readies++;
}

static inline void broker_close(void *ctx)
{
	((broker_t *)ctx)->closes++;
}

static inline eap_tnc_bridge_t broker_bridge(broker_t *b)
{
	eap_tnc_bridge_t br = { .ctx = b,
				.open = broker_open,
				.batch_in = broker_batch_in,
				.ready = broker_ready,
				.close = broker_close };
	return br;
}

/* Hand the method what the script says for this turn. */
static inline void broker_answer(broker_t *b, eap_method_t *m)
{
	cr_assert(b->owe_answer, "method pending but the broker owes nothing");
	b->owe_answer = false;
	if (!b->server) {
		if (b->next_tx < b->n_tx) {
			cr_assert_eq(eap_pteap_deliver(m, b->tx[b->next_tx], b->tx_len[b->next_tx]), 0);
			b->next_tx++;
		} else {
			cr_assert_eq(eap_pteap_deliver(m, NULL, 0), 0);
		}
		return;
	}
	if (b->next_tx < b->n_tx) {
		cr_assert_eq(eap_pteap_deliver(m, b->tx[b->next_tx], b->tx_len[b->next_tx]), 0);
		b->next_tx++;
		if (b->next_tx == b->n_tx && b->verdict_with_last) {
			cr_assert_eq(eap_pteap_verdict(m, b->verdict), 0);
			b->verdict_given = true;
		}
		return;
	}
	if (!b->verdict_given) {
		cr_assert_eq(eap_pteap_verdict(m, b->verdict), 0);
		b->verdict_given = true;
	}
}

static inline void broker_free(broker_t *b)
{
	for (int i = 0; i < b->batches_in; i++)
		free(b->rx[i]);
}

/* --- the driver -------------------------------------------------------- */

typedef struct {
	int srv_rc, peer_rc;     /* final statuses */
	int packets;             /* EAP packets exchanged */
	int srv_frags, peer_frags; /* packets with M set, per sender */
	int srv_pending, peer_pending;
	size_t largest;          /* largest EAP packet seen */
} run_t;

static inline void count_pkt(const nea_wr_t *w, int *frags, run_t *r)
{
	if (w->len > r->largest)
		r->largest = w->len;
	if (w->len >= 6 && w->ptr[4] == EAP_TYPE_TTLS && (w->ptr[5] & EAP_TLS_FLAG_M))
		(*frags)++;
	r->packets++;
}

static inline void reset_wr(nea_wr_t *w)
{
	nea_wr_free(w);
	nea_wr_init(w, 0);
}

/* Run server against peer from the Start to EAP-Success/Failure. */
static inline run_t ttls_run(eap_method_t *srv, eap_method_t *peer, broker_t *sb, broker_t *pb)
{
	nea_wr_t req, resp;
	nea_perr_t err = { 0 };
	run_t r = { 0 };
	int rc;

	nea_wr_init(&req, 0);
	nea_wr_init(&resp, 0);
	cr_assert_eq(eap_method_start(srv, 0x2a, &req), 0);
	for (int round = 0; round < 400; round++) {
		count_pkt(&req, &r.srv_frags, &r);
		reset_wr(&resp);
		rc = eap_method_process(peer, req.ptr, req.len, &resp, &err);
		cr_assert_geq(rc, 0, "peer: %s (%s)", nea_strerror(rc), err.msg);
		while (rc == EAP_M_PENDING) {
			r.peer_pending++;
			cr_assert_not_null(pb);
			broker_answer(pb, peer);
			rc = eap_method_resume(peer, &resp);
		}
		if (rc == EAP_M_FAILURE) {
			r.peer_rc = rc;
			r.srv_rc = EAP_M_FAILURE; /* the server never heard back */
			goto out;
		}
		cr_assert(rc == EAP_M_SEND || rc == EAP_M_DONE, "peer status %d", rc);
		count_pkt(&resp, &r.peer_frags, &r);
		reset_wr(&req);
		rc = eap_method_process(srv, resp.ptr, resp.len, &req, &err);
		cr_assert_geq(rc, 0, "server: %s (%s)", nea_strerror(rc), err.msg);
		while (rc == EAP_M_PENDING) {
			r.srv_pending++;
			cr_assert_not_null(sb);
			broker_answer(sb, srv);
			rc = eap_method_resume(srv, &req);
		}
		if (rc == EAP_M_SUCCESS || rc == EAP_M_FAILURE) {
			r.srv_rc = rc;
			reset_wr(&req);
			cr_assert_eq(eap_status_build(&req, rc == EAP_M_SUCCESS ? EAP_CODE_SUCCESS
										: EAP_CODE_FAILURE,
						      eap_method_last_id(srv)),
				     0);
			reset_wr(&resp);
			r.peer_rc = eap_method_process(peer, req.ptr, req.len, &resp, &err);
			goto out;
		}
		cr_assert_eq(rc, EAP_M_SEND, "server status %d", rc);
	}
	cr_assert_fail("no end after 400 rounds");
out:
	nea_wr_free(&req);
	nea_wr_free(&resp);
	return r;
}

/* A recognisable batch: a PB-TNC-like 8-byte header, then a pattern. */
static inline uint8_t *make_batch(size_t len, uint8_t tag)
{
	uint8_t *b = malloc(len);

	cr_assert_not_null(b);
	for (size_t i = 0; i < len; i++)
		b[i] = (uint8_t)(i * 31u + tag);
	if (len >= 8) {
		b[0] = 2;
		b[1] = 0x80;
		b[2] = 0;
		b[3] = tag;
		b[4] = (uint8_t)(len >> 24);
		b[5] = (uint8_t)(len >> 16);
		b[6] = (uint8_t)(len >> 8);
		b[7] = (uint8_t)len;
	}
	return b;
}

#endif

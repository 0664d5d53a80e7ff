/*
 * eap_ttls_int: what the EAP-TTLS files share; not for callers.
 *
 *   eap_ttls.c         method object, ops, result, deliver/verdict routing
 *   eap_ttls_tls.c     OpenSSL: contexts, suites, certificate checks, I/O
 *   eap_ttls_rec.c     EAP-TTLS record layer: fragments, ACKs, counting
 *   eap_ttls_server.c  phase 2 as strongSwan's eap_ttls_server.c
 *   eap_ttls_peer.c    phase 2 as strongSwan's eap_ttls_peer.c
 *   eap_ttls_conf.c    defaults and strongswan.conf keys
 *
 * Contract: the TLS engine (ttls_tls_t) never sees EAP; the record layer
 * never sees AVPs; phase 2 code sees one inner EAP packet at a time. Every
 * failure goes through ttls_fail(), which logs once and records the
 * reason the result reports.
 */
#ifndef EAP_TTLS_INT_H
#define EAP_TTLS_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eap_method_int.h"
#include "eap_ttls.h"
#include "eap_ttls_frag.h"

/* Decrypted application data of one EAP-TTLS message: at most what the
 * records of a 73 728-byte message can hold. */
#define TTLS_APP_MAX EAP_TLS_MAX_MESSAGE_LEN

/* The largest PB-TNC batch offered to the broker inside EAP-TTLS: what
 * strongSwan's tnccs announces for its EAP transports, four TLS records
 * less the 8-byte AVP and 6-byte PT-EAP headers (PROTOCOLS.md §3). */
#define TTLS_TNC_MAX_BATCH (4u * 16384u - 14u)

/* Internal results beside the eap_m_status_t values. */
#define TTLS_REC_MSG 16 /* a whole EAP-TTLS message was reassembled */
#define TTLS_CLOSE 17   /* phase 2 failed: close the tunnel, fail at the next response */

typedef struct {
	SSL_CTX *ctx;
	SSL *ssl;
	BIO *rbio, *wbio;
	bool server;
	bool hs_done;
	bool logged_suite;
	bool logged_cert;
	bool closed;            /* close notify sent */
	char expect_id[EAP_TTLS_ID_MAX]; /* identity the peer's certificate must match */
	bool take_subject;      /* no expected identity: the subject becomes it */
	char peer_subject[EAP_TTLS_ID_MAX];
	bool peer_cert_ok;      /* the peer presented a certificate that verified */
} ttls_tls_t;

typedef enum {
	TTLS_P1 = 0,   /* TLS handshake */
	TTLS_P2,       /* tunnel up, phase 2 */
	TTLS_CLOSING,  /* close notify / alert sent; the next response ends it */
	TTLS_CLOSED,   /* peer: answered the server's close notify */
} ttls_phase_t;

typedef struct {
	eap_method_t m;
	ttls_tls_t tls;
	ttls_phase_t phase;

	/* configuration kept */
	size_t frag_size;
	int max_count;
	bool include_length;
	bool request_peer_auth;
	uint8_t phase2_method;
	bool piggyback;
	bool phase2_tnc;
	uint8_t tnc_method;
	int tnc_max_count;
	bool isolate_succeeds;
	char peer_label[EAP_TTLS_ID_MAX];
	eap_ttls_secret_fn secret_fn;
	void *secret_ctx;
	uint8_t secret[EAP_TTLS_SECRET_MAX]; /* peer */
	size_t secret_len;
	eap_tnc_bridge_t bridge;

	/* record layer */
	int processed;
	bool conversation_started;
	eap_frag_rx_t rx;
	eap_frag_tx_t tx;
	uint8_t *tx_buf;
	size_t tx_len;
	bool tx_active;

	/* phase 2 */
	eap_method_t *inner;
	uint8_t inner_id;       /* server: identifier of the next inner method's first request */
	bool start_phase2;      /* server: Identity not requested yet; peer: not answered yet */
	bool start_phase2_tnc;
	bool phase2_done;       /* server: every phase-2 method succeeded */
	bool no_secret;         /* server: no secret for the inner identity */

	eap_ttls_result_t res;
	uint8_t keymat[EAP_TTLS_KEY_MATERIAL_LEN];
	bool have_keymat;
} ttls_t;

/* eap_ttls_tls.c */
int ttls_tls_init(ttls_tls_t *t, const eap_ttls_cfg_t *cfg, bool server, const char *expect_id);
void ttls_tls_free(ttls_tls_t *t);
int ttls_tls_feed(ttls_tls_t *t, const uint8_t *data, size_t len);
/* 1 handshake complete, 0 needs more input, NEA_ECRYPTO failed (an alert
 * may wait in the output) */
int ttls_tls_handshake(ttls_tls_t *t);
/* Append decrypted data to app (bounded by its limit). 0, 1 = the peer
 * sent close notify, NEA_ECRYPTO / NEA_ETOOBIG on failure. */
int ttls_tls_read(ttls_tls_t *t, nea_wr_t *app);
int ttls_tls_write(ttls_tls_t *t, const uint8_t *data, size_t len);
int ttls_tls_close_notify(ttls_tls_t *t);
/* Drain the bytes TLS wants to send (NULL, 0 when none). */
int ttls_tls_take_output(ttls_tls_t *t, uint8_t **buf, size_t *len);
int ttls_tls_export(ttls_tls_t *t, uint8_t out[EAP_TTLS_KEY_MATERIAL_LEN]);
void ttls_tls_describe(ttls_tls_t *t, char *version, size_t vlen, char *suite, size_t slen);
/* "C=CH, O=Cyber, CN=server.strongswan.org" */
void ttls_dn_string(X509_NAME *name, char *out, size_t len);
bool ttls_cert_matches(X509 *cert, const char *id);
/* The last OpenSSL error as text (and the queue cleared). */
void ttls_ssl_error(char *out, size_t len);

/* eap_ttls_rec.c */
/* Count a received packet and parse its EAP-TTLS header. <0: failed (logged). */
int ttls_rec_accept(ttls_t *t, const uint8_t *raw, size_t len, eap_tls_pkt_t *p);
/* Feed a data packet to the reassembler: EAP_FRAG_MORE (ACK sent into
 * out), EAP_FRAG_DONE (*msg, *msg_len: the whole message, caller frees),
 * or a failure status. */
int ttls_rec_collect(ttls_t *t, const eap_tls_pkt_t *p, nea_wr_t *out, uint8_t **msg,
		     size_t *msg_len);
/* Send what TLS produced: the first fragment, or an ACK when there is
 * nothing. Returns EAP_M_SEND or a failure status. */
int ttls_rec_flush(ttls_t *t, nea_wr_t *out);
/* The next fragment after the peer's ACK. */
int ttls_rec_next(ttls_t *t, nea_wr_t *out);
int ttls_rec_ack(ttls_t *t, nea_wr_t *out);

/* eap_ttls.c */
/* Log (once), record the reason and return EAP_M_FAILURE. */
int ttls_fail(ttls_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The same for a failure that first closes the tunnel: returns TTLS_CLOSE. */
int ttls_fail_close(ttls_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Copy an identity for logs and results: control characters become '?'. */
void ttls_copy_id(char *dst, size_t cap, const uint8_t *src, size_t len);
/* Wrap one inner EAP packet in an EAP-Message AVP and write it into TLS;
 * logs "sending tunneled EAP-TTLS AVP [EAP/x/y]". */
int ttls_send_inner(ttls_t *t, const uint8_t *eap, size_t len);
/* Read the application data TLS holds and return the one EAP packet the
 * AVPs carry (*eap NULL when there was no application data). */
int ttls_take_inner(ttls_t *t, uint8_t **eap, size_t *len);
/* Send the close notify (or a pending alert) and wait for the last
 * response: EAP_M_SEND or a failure status. */
int ttls_close(ttls_t *t, nea_wr_t *out);
void ttls_free_inner(ttls_t *t);
/* The running PT-EAP/EAP-TNC method of an EAP-TTLS method, or NULL. */
eap_method_t *eap_ttls_tnc_inner(eap_method_t *m);

/* eap_ttls_server.c / eap_ttls_peer.c: one inner EAP packet from the
 * tunnel (NULL: none arrived in this message) after the handshake step.
 * Returns 0 to go on flushing TLS output, or a final status
 * (EAP_M_SUCCESS, EAP_M_FAILURE, EAP_M_PENDING). */
int ttls_server_phase2(ttls_t *t, const uint8_t *eap, size_t len);
int ttls_server_resume(ttls_t *t);
int ttls_peer_phase2(ttls_t *t, const uint8_t *eap, size_t len);
int ttls_peer_resume(ttls_t *t);

#endif

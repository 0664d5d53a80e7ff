/*
 * One PT-TLS connection of nea-pttlsd: TCP on libuv, TLS through a pair of
 * memory BIOs (so OpenSSL never blocks and one loop serves every
 * connection), the PT-TLS state machine (pttls_srv) above it, and the
 * broker conversation for its batches.
 *
 * Bounds: ciphertext is read only while less than RBIO_MAX bytes wait in
 * the TLS input BIO, plaintext is pulled from TLS only as far as the state
 * machine takes it (one message at a time, none while a batch is with the
 * broker), and a peer that does not read what we send is cut off once
 * WRITE_MAX bytes are queued. So a connection costs at most one PT-TLS
 * message plus a few TLS records, whatever the peer claims or withholds.
 *
 * Timers: until the data transport phase the handshake deadline; then the
 * idle timeout while the client has the turn, the broker timeout while
 * the broker has it; a closing connection gets LINGER_MS to drain.
 *
 * Life cycle: start -> TLS -> PTTLS -> CLOSING (close_notify and queued
 * data drain) -> CLOSED (handles closing; freed by the last close
 * callback). A connection that had a broker session always tells the
 * broker (ConnClose) unless the broker ended it or the link is gone.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/x509.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pttls_ident.h"
#include "pttls_suites.h"
#include "pttls_tlsctx.h"
#include "pttlsd.h"

#define RBIO_MAX (64 * 1024)
#define LINGER_MS 5000
#define PT_READ_CHUNK (16 * 1024)

typedef enum { C_TLS, C_PTTLS, C_CLOSING, C_CLOSED } cstate_t;

struct pttlsd_conn {
	pttlsd_t *s;
	pttlsd_conn_t *prev, *next;
	uint64_t id;
	uv_tcp_t *tcp;
	uv_timer_t timer;
	int open_handles;
	SSL *ssl;
	BIO *rbio, *wbio;
	pttls_srv_t *srv;
	cstate_t state;
	char addr[INET6_ADDRSTRLEN];
	uint16_t port;
	char name[96];
	bool reading;
	bool peer_eof;
	bool no_close_notify; /* the TLS session never came up */
	bool broker_open;   /* ConnOpen sent, no ConnClose either way yet */
	bool broker_turn;   /* a batch is with the broker */
	bool verdict;
	bool in_pump;
	size_t queued;      /* bytes handed to uv_write, not yet written */
	size_t write_max;
	uint64_t deadline;  /* handshake deadline (loop time, ms) */
};

typedef struct {
	uv_write_t req;
	pttlsd_conn_t *c;
	size_t len;
	char data[];
} wreq_t;

static void pump(pttlsd_conn_t *c);
static void conn_close(pttlsd_conn_t *c, const char *why, bool failed);

/* ---- teardown ----------------------------------------------------------------- */

static void on_closed(uv_handle_t *h)
{
	pttlsd_conn_t *c = h->data;

	if (h != (uv_handle_t *)&c->timer)
		free(h);
	if (--c->open_handles > 0)
		return;
	pttls_srv_free(c->srv);
	SSL_free(c->ssl); /* frees both BIOs */
	free(c);
}

/* Close the handles now; queued writes are cancelled. */
static void conn_destroy(pttlsd_conn_t *c)
{
	pttlsd_t *s = c->s;

	if (c->state == C_CLOSED)
		return;
	c->state = C_CLOSED;
	if (c->prev)
		c->prev->next = c->next;
	else
		s->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	s->nconns--;
	uv_close((uv_handle_t *)c->tcp, on_closed);
	uv_close((uv_handle_t *)&c->timer, on_closed);
}

/* ---- writing ------------------------------------------------------------------ */

static void on_written(uv_write_t *req, int status)
{
	wreq_t *w = (wreq_t *)req;
	pttlsd_conn_t *c = w->c;

	c->queued -= w->len;
	free(w);
	if (c->state == C_CLOSED)
		return;
	if (status < 0) {
		if (status != UV_ECANCELED)
			NLOG(NET, 1, "%s: sending failed: %s", c->name, uv_strerror(status));
		conn_destroy(c);
		return;
	}
	if (c->state == C_CLOSING && c->queued == 0)
		conn_destroy(c);
}

/* Move what TLS produced to the socket. */
static int flush(pttlsd_conn_t *c)
{
	size_t pending;

	while ((pending = BIO_ctrl_pending(c->wbio)) > 0) {
		wreq_t *w;
		uv_buf_t b;
		int n;

		if (c->queued + pending > c->write_max) {
			NLOG(NET, 1, "%s: peer does not read (%zu bytes queued); closing", c->name,
			     c->queued);
			return NEA_EAGAIN;
		}
		w = malloc(sizeof(*w) + pending);
		if (!w)
			return NEA_ENOMEM;
		n = BIO_read(c->wbio, w->data, (int)pending);
		if (n <= 0) {
			free(w);
			return NEA_EIO;
		}
		w->c = c;
		w->len = (size_t)n;
		b = uv_buf_init(w->data, (unsigned)n);
		if (uv_write(&w->req, (uv_stream_t *)c->tcp, &b, 1, on_written) != 0) {
			free(w);
			return NEA_EIO;
		}
		c->queued += w->len;
	}
	return 0;
}

/* ---- timers ------------------------------------------------------------------- */

static void on_timer(uv_timer_t *t)
{
	pttlsd_conn_t *c = t->data;
	char why[120];

	switch (c->state) {
	case C_CLOSING:
		conn_destroy(c);
		return;
	case C_TLS:
		snprintf(why, sizeof(why), "TLS handshake not complete after %u ms",
			 c->s->conf.handshake_timeout_ms);
		break;
	default:
		if (!pttls_srv_in_transport(c->srv))
			snprintf(why, sizeof(why), "PT-TLS negotiation not complete after %u ms",
				 c->s->conf.handshake_timeout_ms);
		else if (c->broker_turn)
			snprintf(why, sizeof(why), "no answer from nea-brokerd within %u ms",
				 c->s->conf.broker_timeout_ms);
		else
			snprintf(why, sizeof(why), "client idle for %u ms",
				 c->s->conf.idle_timeout_ms);
		break;
	}
	NLOG(TNC, 1, "%s: %s; closing", c->name, why);
	conn_close(c, why, true);
}

static void arm_timer(pttlsd_conn_t *c)
{
	uint64_t now = uv_now(c->s->loop), ms;

	if (c->state == C_CLOSING)
		ms = LINGER_MS;
	else if (c->state == C_TLS || !pttls_srv_in_transport(c->srv))
		ms = c->deadline > now ? c->deadline - now : 0;
	else if (c->broker_turn)
		ms = c->s->conf.broker_timeout_ms;
	else
		ms = c->s->conf.idle_timeout_ms;
	uv_timer_start(&c->timer, on_timer, ms, 0);
}

/* ---- closing ------------------------------------------------------------------ */

static void conn_close(pttlsd_conn_t *c, const char *why, bool failed)
{
	pttlsd_t *s = c->s;

	if (c->state >= C_CLOSING)
		return;
	if (c->broker_open) {
		c->broker_open = false;
		pttlsd_broker_close(s, c->id, why, failed);
	}
	if (failed)
		s->failed++;
	else if (c->verdict)
		s->served++;
	NLOG(TNC, 1, "%s: PT-TLS connection terminates (%s)", c->name, why);
	if (c->srv)
		pttls_srv_finish(c->srv);
	if (c->reading) {
		uv_read_stop((uv_stream_t *)c->tcp);
		c->reading = false;
	}
	if (c->state == C_PTTLS && !c->peer_eof && !c->no_close_notify) {
		ERR_clear_error();
		if (SSL_shutdown(c->ssl) >= 0)
			NLOG(TLS, 2, "%s: sending TLS close notify", c->name);
		ERR_clear_error();
	}
	c->state = C_CLOSING;
	if (flush(c) < 0 || c->queued == 0 || c->peer_eof) {
		conn_destroy(c);
		return;
	}
	arm_timer(c);
}

/* ---- pttls_srv callbacks ---------------------------------------------------------- */

static int srv_send(void *arg, const uint8_t *p, size_t len)
{
	pttlsd_conn_t *c = arg;
	int n;

	if (len > INT32_MAX)
		return NEA_ETOOBIG;
	ERR_clear_error();
	n = SSL_write(c->ssl, p, (int)len);
	if (n <= 0 || (size_t)n != len) {
		char e[160];

		NLOG(TLS, 1, "%s: TLS write failed: %s", c->name, pttls_ssl_err(e, sizeof(e)));
		return NEA_EIO;
	}
	return 0;
}

static void srv_ready(void *arg)
{
	pttlsd_conn_t *c = arg;

	arm_timer(c);
}

static void srv_batch(void *arg, const uint8_t *p, size_t len)
{
	pttlsd_conn_t *c = arg;
	pttlsd_t *s = c->s;
	int rc;

	if (!pttlsd_broker_up(s)) {
		NLOG(TNC, 1, "%s: nea-brokerd is not connected; closing (fail-safe)", c->name);
		conn_close(c, "broker link down", true);
		return;
	}
	if (!c->broker_open) {
		pttls_ident_t machine;
		const pttls_ident_t *user = pttls_srv_user(c->srv);

		if (pttls_ident_addr(&machine, c->addr) < 0) {
			conn_close(c, "peer address unusable", true);
			return;
		}
		rc = pttlsd_broker_open(s, c->id, c->addr, c->port, user, &machine);
		if (rc < 0) {
			NLOG(TNC, 1, "%s: cannot open a broker session: %s; closing (fail-safe)",
			     c->name, nea_strerror(rc));
			conn_close(c, "broker unavailable", true);
			return;
		}
		c->broker_open = true;
	}
	rc = pttlsd_broker_batch(s, c->id, p, len);
	if (rc < 0) {
		NLOG(TNC, 1, "%s: cannot pass a %zu-byte batch to nea-brokerd: %s; closing "
			     "(fail-safe)", c->name, len, nea_strerror(rc));
		conn_close(c, "broker unavailable", true);
		return;
	}
	c->broker_turn = true;
	arm_timer(c);
}

static int srv_secret(void *arg, const uint8_t *id, size_t idlen, const uint8_t **secret,
		      size_t *len)
{
	pttlsd_conn_t *c = arg;

	return nea_swanctl_eap_secret(c->s->secrets, id, idlen, secret, len);
}

/* ---- TLS ------------------------------------------------------------------------ */

static int tls_established(pttlsd_conn_t *c)
{
	pttls_srv_cbs_t cbs = { .send = srv_send, .ready = srv_ready, .batch = srv_batch,
				.secret = srv_secret, .arg = c };
	pttls_srv_cfg_t cfg = { .auth = c->s->conf.auth, .max_msg = c->s->conf.max_msg,
				.name = c->name };
	char dn[512];
	X509 *peer;

	NLOG(TLS, 1, "%s: negotiated %s using suite %s", c->name, pttls_version_name(c->ssl),
	     pttls_suite_name(c->ssl));
	peer = SSL_get1_peer_certificate(c->ssl);
	if (peer) {
		/* With SSL_VERIFY_PEER an unverifiable certificate already failed
		 * the handshake; check anyway, it decides who the client is. */
		if (SSL_get_verify_result(c->ssl) == X509_V_OK) {
			pttls_dn_str(X509_get_subject_name(peer), dn, sizeof(dn));
			NLOG(TLS, 1, "%s: received TLS peer certificate '%s'", c->name, dn);
			cfg.peer_dn = dn;
		}
		X509_free(peer);
	}
	if (pttls_srv_new(&cfg, &cbs, &c->srv) < 0)
		return NEA_ENOMEM;
	c->state = C_PTTLS;
	return 0;
}

static const char *tls_failure(pttlsd_conn_t *c, int ret, char *buf, size_t len)
{
	int e = SSL_get_error(c->ssl, ret);

	if (e == SSL_ERROR_SSL)
		return pttls_ssl_err(buf, len);
	if (e == SSL_ERROR_ZERO_RETURN)
		return "peer sent close notify";
	snprintf(buf, len, "TLS error %d", e);
	return buf;
}

static void handshake(pttlsd_conn_t *c)
{
	char e[200];
	int r;

	ERR_clear_error();
	r = SSL_do_handshake(c->ssl);
	if (r == 1) {
		if (tls_established(c) < 0)
			conn_close(c, "out of memory", true);
		return;
	}
	switch (SSL_get_error(c->ssl, r)) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		return;
	default:
		/* The alert OpenSSL queued still goes out before we close. */
		NLOG(TLS, 1, "%s: TLS handshake failed: %s", c->name,
		     tls_failure(c, r, e, sizeof(e)));
		c->no_close_notify = true;
		conn_close(c, "TLS handshake failed", true);
	}
}

/* Pull plaintext as far as the state machine takes it. */
static void read_plaintext(pttlsd_conn_t *c)
{
	uint8_t buf[PT_READ_CHUNK];
	char e[200];
	size_t want;
	int n, rc;

	while (c->state == C_PTTLS && (want = pttls_srv_want(c->srv)) > 0) {
		ERR_clear_error();
		n = SSL_read(c->ssl, buf, (int)(want < sizeof(buf) ? want : sizeof(buf)));
		if (n > 0) {
			rc = pttls_srv_feed(c->srv, buf, (size_t)n);
			OPENSSL_cleanse(buf, (size_t)n);
			if (rc < 0) {
				conn_close(c, rc == NEA_EAUTH ? "client authentication failed"
							      : "PT-TLS protocol error", true);
				return;
			}
			continue;
		}
		switch (SSL_get_error(c->ssl, n)) {
		case SSL_ERROR_WANT_READ:
			if (c->peer_eof) {
				NLOG(TNC, 1, "%s: connection closed by peer", c->name);
				conn_close(c, "closed by peer", !c->verdict);
			}
			return;
		case SSL_ERROR_ZERO_RETURN:
			NLOG(TLS, 2, "%s: received TLS close notify", c->name);
			conn_close(c, "closed by peer", !c->verdict);
			return;
		default:
			NLOG(TLS, 1, "%s: TLS failure: %s", c->name, tls_failure(c, n, e, sizeof(e)));
			c->no_close_notify = true;
			conn_close(c, "TLS failure", true);
			return;
		}
	}
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	pttlsd_conn_t *c = h->data;

	(void)suggested;
	*buf = uv_buf_init(c->s->rdbuf, sizeof(c->s->rdbuf));
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf);

static void update_reading(pttlsd_conn_t *c)
{
	bool want = c->state < C_CLOSING && !c->peer_eof && BIO_ctrl_pending(c->rbio) < RBIO_MAX;

	if (want && !c->reading) {
		if (uv_read_start((uv_stream_t *)c->tcp, on_alloc, on_read) == 0)
			c->reading = true;
	} else if (!want && c->reading) {
		uv_read_stop((uv_stream_t *)c->tcp);
		c->reading = false;
	}
}

static void pump(pttlsd_conn_t *c)
{
	/* Callbacks (broker answers, closes) may re-enter; one level does it. */
	if (c->in_pump)
		return;
	c->in_pump = true;
	if (c->state == C_TLS)
		handshake(c);
	if (c->state == C_PTTLS)
		read_plaintext(c);
	if (c->state == C_TLS && c->peer_eof) {
		NLOG(TLS, 1, "%s: peer closed the connection during the TLS handshake", c->name);
		conn_close(c, "closed by peer", true);
	}
	if (c->state < C_CLOSING) {
		if (flush(c) < 0) {
			c->peer_eof = true;
			conn_close(c, "peer does not read", true);
		} else {
			update_reading(c);
		}
	}
	c->in_pump = false;
}

static void on_read(uv_stream_t *st, ssize_t n, const uv_buf_t *buf)
{
	pttlsd_conn_t *c = st->data;

	if (c->state >= C_CLOSING)
		return;
	if (n < 0) {
		if (n != UV_EOF)
			NLOG(NET, 1, "%s: receiving failed: %s", c->name, uv_strerror((int)n));
		c->peer_eof = true;
		uv_read_stop(st);
		c->reading = false;
	} else if (n > 0) {
		if (BIO_write(c->rbio, buf->base, (int)n) != (int)n) {
			conn_close(c, "out of memory", true);
			return;
		}
		if (c->state == C_PTTLS && pttls_srv_in_transport(c->srv) && !c->broker_turn)
			arm_timer(c);
	}
	pump(c);
}

/* ---- start --------------------------------------------------------------------------- */

static void peer_of(uv_tcp_t *t, char *addr, size_t len, uint16_t *port)
{
	struct sockaddr_storage ss;
	int sl = sizeof(ss);

	snprintf(addr, len, "?");
	*port = 0;
	if (uv_tcp_getpeername(t, (struct sockaddr *)&ss, &sl) != 0)
		return;
	if (ss.ss_family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&ss;

		uv_ip4_name(in, addr, len);
		*port = ntohs(in->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

		*port = ntohs(in6->sin6_port);
		/* A dual-stack socket shows IPv4 peers as ::ffff:a.b.c.d; the
		 * identity is the IPv4 address. */
		if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
			inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], addr, (socklen_t)len);
		else
			uv_ip6_name(in6, addr, len);
	}
}

static void free_tcp(uv_handle_t *h)
{
	free(h);
}

int pttlsd_conn_start(pttlsd_t *s, uv_tcp_t *tcp)
{
	pttlsd_conn_t *c = calloc(1, sizeof(*c));

	if (!c) {
		NLOG(TNC, 0, "accepting PT-TLS stream failed: out of memory");
		uv_close((uv_handle_t *)tcp, free_tcp);
		return NEA_ENOMEM;
	}
	c->s = s;
	c->tcp = tcp;
	c->id = ++s->next_id;
	c->state = C_TLS;
	tcp->data = c;
	uv_timer_init(s->loop, &c->timer);
	c->timer.data = c;
	c->open_handles = 2;
	c->next = s->conns;
	if (s->conns)
		s->conns->prev = c;
	s->conns = c;
	s->nconns++;
	/* One batch and its TLS records may be in flight, never more. */
	c->write_max = s->conf.max_msg + 2 * RBIO_MAX;
	peer_of(tcp, c->addr, sizeof(c->addr), &c->port);
	snprintf(c->name, sizeof(c->name), "PT-TLS connection %llu from %s",
		 (unsigned long long)c->id, c->addr);
	NLOG(TNC, 1, "accepting PT-TLS stream from %s port %u (PT-TLS connection %llu)", c->addr,
	     c->port, (unsigned long long)c->id);
	/* Each PT-TLS message is a request the peer waits for: Nagle plus
	 * delayed ACKs would stall every exchange (strongSwan's ~40 ms). */
	uv_tcp_nodelay(tcp, 1);
	c->ssl = SSL_new(s->ctx);
	c->rbio = BIO_new(BIO_s_mem());
	c->wbio = BIO_new(BIO_s_mem());
	if (!c->ssl || !c->rbio || !c->wbio) {
		BIO_free(c->rbio);
		BIO_free(c->wbio);
		c->rbio = c->wbio = NULL;
		NLOG(TNC, 0, "%s: cannot create a TLS session", c->name);
		c->peer_eof = true;
		conn_close(c, "out of memory", true);
		return NEA_ENOMEM;
	}
	/* An empty memory BIO reports "retry", not EOF. */
	BIO_set_mem_eof_return(c->rbio, -1);
	SSL_set_bio(c->ssl, c->rbio, c->wbio);
	SSL_set_accept_state(c->ssl);
	c->deadline = uv_now(s->loop) + s->conf.handshake_timeout_ms;
	arm_timer(c);
	NLOG(TNC, 1, "%s: entering PT-TLS negotiation phase", c->name);
	pump(c);
	return 0;
}

/* ---- from the broker ------------------------------------------------------------------ */

pttlsd_conn_t *pttlsd_conn_find(pttlsd_t *s, uint64_t id)
{
	for (pttlsd_conn_t *c = s->conns; c; c = c->next)
		if (c->id == id)
			return c;
	return NULL;
}

void pttlsd_conn_batch(pttlsd_conn_t *c, const uint8_t *p, size_t len)
{
	int rc;

	if (c->state != C_PTTLS || !pttls_srv_in_transport(c->srv)) {
		NLOG(TNC, 2, "%s: dropping a batch from nea-brokerd: connection is ending", c->name);
		return;
	}
	rc = pttls_srv_send_batch(c->srv, p, len);
	if (rc < 0) {
		NLOG(TNC, 1, "%s: cannot send the broker's %zu-byte batch: %s; closing (fail-safe)",
		     c->name, len, nea_strerror(rc));
		conn_close(c, "batch not sendable", true);
		return;
	}
	c->broker_turn = false;
	arm_timer(c);
	pump(c);
}

static const char *rec_name(uint32_t rec)
{
	static const char *const n[] = { "allow", "no access", "isolate", "no recommendation" };

	return rec < 4 ? n[rec] : "unknown";
}

static const char *eval_name(uint32_t ev)
{
	static const char *const n[] = { "compliant", "non-compliant minor", "non-compliant major",
					 "error", "don't know" };

	return ev < 5 ? n[ev] : "unknown";
}

void pttlsd_conn_verdict(pttlsd_conn_t *c, uint32_t rec, uint32_t eval, bool failsafe)
{
	c->verdict = true;
	NLOG(TNC, 1, "%s: %srecommendation is '%s' and evaluation is '%s'", c->name,
	     failsafe ? "fail-safe " : "final ", rec_name(rec), eval_name(eval));
}

void pttlsd_conn_broker_closed(pttlsd_conn_t *c, const char *reason)
{
	c->broker_open = false;
	conn_close(c, reason && *reason ? reason : "assessment finished", false);
}

void pttlsd_conn_close_all(pttlsd_t *s, const char *why)
{
	pttlsd_conn_t *c = s->conns, *next;

	for (; c; c = next) {
		next = c->next;
		if (c->state >= C_CLOSING) {
			conn_destroy(c);
			continue;
		}
		NLOG(TNC, 1, "%s: %s; closing (fail-safe)", c->name, why);
		c->broker_open = false;
		conn_close(c, why, true);
		if (s->stopping)
			conn_destroy(c);
	}
}

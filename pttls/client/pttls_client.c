/*
 * pttls_client: blocking PT-TLS client (see pttls_client.h for the
 * contract). The socket is non-blocking underneath so that every wait,
 * including the TCP connect and the TLS handshake, is a poll() bounded by
 * timeout_ms; OpenSSL talks to the socket directly.
 */
#include "pttls_client.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"
#include "pttls_error.h"
#include "pttls_msg.h"
#include "pttls_names.h"
#include "pttls_sasl.h"
#include "pttls_sasl_plain.h"
#include "pttls_suites.h"
#include "pttls_tlsctx.h"
#include "pttls_version.h"
#include "tnc_names.h"

#define DEFAULT_TIMEOUT_MS 30000u
/* How many SASL rounds (mechanism lists, challenges) before giving up on a
 * server that never finishes authentication. */
#define MAX_SASL_ROUNDS 8
/* Vendor-specific messages skipped while waiting for one we understand. */
#define MAX_SKIPPED 16

struct pttls_client {
	pttls_client_opts_t o;
	char *host, *cacert, *cert, *key, *client_id, *suites, *vmin, *vmax;
	uint8_t *secret;
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
	uint32_t next_id;
	bool connected;
	bool closed;
	pttls_client_info_t info;
	char err[512];
};

static int failf(pttls_client_t *c, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Record the reason (first one wins: it is the cause, later ones are
 * consequences) and return rc. */
static int failf(pttls_client_t *c, int rc, const char *fmt, ...)
{
	va_list ap;

	if (c->err[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(c->err, sizeof(c->err), fmt, ap);
		va_end(ap);
	}
	return rc;
}

static char *dup_opt(const char *s, bool *fail)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*fail = true;
	return d;
}

pttls_client_t *pttls_client_new(const pttls_client_opts_t *o)
{
	pttls_client_t *c = calloc(1, sizeof(*c));
	bool fail = false;

	if (!c)
		return NULL;
	c->fd = -1;
	c->o = *o;
	c->host = dup_opt(o->host, &fail);
	/* "[::1]" as in URLs: the address is what is inside the brackets. */
	if (c->host && c->host[0] == '[') {
		size_t n = strlen(c->host);

		if (n > 2 && c->host[n - 1] == ']') {
			memmove(c->host, c->host + 1, n - 2);
			c->host[n - 2] = '\0';
		}
	}
	c->cacert = dup_opt(o->cacert, &fail);
	c->cert = dup_opt(o->cert, &fail);
	c->key = dup_opt(o->key, &fail);
	c->client_id = dup_opt(o->client_id, &fail);
	c->suites = dup_opt(o->suites, &fail);
	c->vmin = dup_opt(o->vmin, &fail);
	c->vmax = dup_opt(o->vmax, &fail);
	if (o->secret && o->secret_len) {
		c->secret = malloc(o->secret_len);
		if (c->secret)
			memcpy(c->secret, o->secret, o->secret_len);
		else
			fail = true;
	}
	c->o.host = c->host;
	c->o.cacert = c->cacert;
	c->o.cert = c->cert;
	c->o.key = c->key;
	c->o.client_id = c->client_id;
	c->o.secret = c->secret;
	c->o.suites = c->suites;
	c->o.vmin = c->vmin;
	c->o.vmax = c->vmax;
	if (c->o.port == 0)
		c->o.port = PTTLS_PORT;
	if (c->o.timeout_ms == 0)
		c->o.timeout_ms = DEFAULT_TIMEOUT_MS;
	if (c->o.max_msg == 0 || c->o.max_msg > PTTLS_MAX_MESSAGE_LEN)
		c->o.max_msg = PTTLS_MAX_MESSAGE_LEN;
	if (fail) {
		pttls_client_free(c);
		return NULL;
	}
	return c;
}

void pttls_client_free(pttls_client_t *c)
{
	if (!c)
		return;
	SSL_free(c->ssl);
	SSL_CTX_free(c->ctx);
	if (c->fd >= 0)
		close(c->fd);
	if (c->secret)
		OPENSSL_cleanse(c->secret, c->o.secret_len);
	free(c->secret);
	free(c->host);
	free(c->cacert);
	free(c->cert);
	free(c->key);
	free(c->client_id);
	free(c->suites);
	free(c->vmin);
	free(c->vmax);
	free(c);
}

const char *pttls_client_error(const pttls_client_t *c)
{
	return c->err[0] ? c->err : "no error";
}

const pttls_client_info_t *pttls_client_info(const pttls_client_t *c)
{
	return &c->info;
}

/* ---- waiting ------------------------------------------------------------- */

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* Wait until fd is readable (events POLLIN) or writable; 0, or NEA_EIO on
 * timeout or poll failure (reason recorded). */
static int wait_fd(pttls_client_t *c, short events, uint64_t deadline, const char *what)
{
	for (;;) {
		struct pollfd p = { .fd = c->fd, .events = events };
		uint64_t now = now_ms();
		int n;

		if (now >= deadline)
			return failf(c, NEA_EIO, "%s port %u: no answer within %u ms while %s",
				     c->info.addr, c->o.port, c->o.timeout_ms, what);
		n = poll(&p, 1, (int)(deadline - now));
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return failf(c, NEA_EIO, "poll: %s", strerror(errno));
	}
}

/* ---- TCP ----------------------------------------------------------------- */

static int connect_one(pttls_client_t *c, const struct addrinfo *ai, uint64_t deadline)
{
	int fd, one = 1, soerr = 0;
	socklen_t sl = sizeof(soerr);

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    ai->ai_protocol);
	if (fd < 0)
		return failf(c, NEA_EIO, "socket: %s", strerror(errno));
	c->fd = fd;
	/* Every PT-TLS message is a request the other side waits for: no
	 * Nagle delay (strongSwan's PDP loses ~40 ms per exchange to it). */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
		return 0;
	if (errno != EINPROGRESS)
		goto fail;
	if (wait_fd(c, POLLOUT, deadline, "connecting") < 0)
		goto fail_quiet;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0)
		goto fail;
	if (soerr == 0)
		return 0;
	errno = soerr;
fail:
	failf(c, NEA_EIO, "cannot connect to %s port %u: %s", c->info.addr, c->o.port,
	      strerror(errno));
fail_quiet:
	close(fd);
	c->fd = -1;
	return NEA_EIO;
}

static int tcp_connect(pttls_client_t *c, uint64_t deadline)
{
	/* No AI_ADDRCONFIG: a host with only loopback addresses must still
	 * resolve "localhost". */
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL, *ai;
	char port[8];
	int rc;

	if (!c->o.host || !*c->o.host)
		return failf(c, NEA_EINVAL, "no server given");
	snprintf(port, sizeof(port), "%u", c->o.port);
	rc = getaddrinfo(c->o.host, port, &hints, &res);
	if (rc != 0)
		return failf(c, NEA_ENOTFOUND, "cannot resolve '%s': %s", c->o.host,
			     gai_strerror(rc));
	rc = NEA_EIO;
	for (ai = res; ai; ai = ai->ai_next) {
		if (getnameinfo(ai->ai_addr, ai->ai_addrlen, c->info.addr, sizeof(c->info.addr),
				NULL, 0, NI_NUMERICHOST) != 0)
			snprintf(c->info.addr, sizeof(c->info.addr), "%s", c->o.host);
		/* A later address may work; report the last failure only. */
		c->err[0] = '\0';
		rc = connect_one(c, ai, deadline);
		if (rc == 0)
			break;
	}
	freeaddrinfo(res);
	if (rc == 0) {
		c->info.port = c->o.port;
		NLOG(TNC, 1, "connected to PT-TLS server %s (%s) port %u", c->o.host, c->info.addr,
		     c->o.port);
	}
	return rc;
}

/* ---- TLS ----------------------------------------------------------------- */

static bool is_ip_literal(const char *h)
{
	unsigned char b[16];

	return inet_pton(AF_INET, h, b) == 1 || inet_pton(AF_INET6, h, b) == 1;
}

/* Drive an SSL call that may want I/O until it completes. r is its return
 * value; on WANT_* wait and ask the caller to retry (1), 0 when done,
 * negative on failure (with ssl_err set). */
static int ssl_wait(pttls_client_t *c, int r, uint64_t deadline, const char *what, int *ssl_err)
{
	int e = SSL_get_error(c->ssl, r);

	*ssl_err = e;
	switch (e) {
	case SSL_ERROR_NONE:
		return 0;
	case SSL_ERROR_WANT_READ:
		return wait_fd(c, POLLIN, deadline, what) < 0 ? NEA_EIO : 1;
	case SSL_ERROR_WANT_WRITE:
		return wait_fd(c, POLLOUT, deadline, what) < 0 ? NEA_EIO : 1;
	case SSL_ERROR_ZERO_RETURN:
		return NEA_ECLOSED;
	default:
		return NEA_ECRYPTO;
	}
}

static const char *verify_reason(pttls_client_t *c)
{
	long v = SSL_get_verify_result(c->ssl);

	return v == X509_V_OK ? NULL : X509_verify_cert_error_string(v);
}

static int tls_connect(pttls_client_t *c, uint64_t deadline)
{
	pttls_ctx_opts_t o = {
		.server = false,
		.cert = c->o.cert,
		.key = c->o.key,
		.cacert = c->o.cacert,
		.suites = c->o.suites,
		.vmin = c->o.vmin,
		.vmax = c->o.vmax,
	};
	char err[512];
	X509 *peer;
	int rc, r, e;

	rc = pttls_ctx_new(&o, &c->ctx, err, sizeof(err));
	if (rc < 0)
		return failf(c, rc, "%s", err);
	c->ssl = SSL_new(c->ctx);
	if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1)
		return failf(c, NEA_ENOMEM, "cannot create a TLS session");
	/* The server must prove the name or address we connected to, as
	 * strongSwan's client checks the server identity against it. */
	if (is_ip_literal(c->o.host)) {
		if (X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(c->ssl), c->o.host) != 1)
			return failf(c, NEA_EINVAL, "bad address '%s'", c->o.host);
	} else {
		if (SSL_set1_host(c->ssl, c->o.host) != 1 ||
		    SSL_set_tlsext_host_name(c->ssl, c->o.host) != 1)
			return failf(c, NEA_EINVAL, "bad server name '%s'", c->o.host);
	}
	ERR_clear_error();
	for (;;) {
		r = SSL_connect(c->ssl);
		if (r == 1)
			break;
		rc = ssl_wait(c, r, deadline, "in the TLS handshake", &e);
		if (rc == 1)
			continue;
		if (rc == NEA_EIO)
			return rc;
		{
			const char *why = verify_reason(c);
			char e2[200];

			if (why)
				return failf(c, NEA_ECRYPTO, "TLS handshake with %s port %u failed: "
					     "server certificate not accepted (%s)", c->info.addr,
					     c->o.port, why);
			if (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)
				return failf(c, NEA_ECRYPTO, "TLS handshake with %s port %u failed: "
					     "the server closed the connection", c->info.addr,
					     c->o.port);
			return failf(c, NEA_ECRYPTO, "TLS handshake with %s port %u failed: %s",
				     c->info.addr, c->o.port, pttls_ssl_err(e2, sizeof(e2)));
		}
	}
	snprintf(c->info.tls_version, sizeof(c->info.tls_version), "%s",
		 pttls_version_name(c->ssl));
	snprintf(c->info.suite, sizeof(c->info.suite), "%s", pttls_suite_name(c->ssl));
	peer = SSL_get1_peer_certificate(c->ssl);
	if (peer) {
		pttls_dn_str(X509_get_subject_name(peer), c->info.server_dn,
			     sizeof(c->info.server_dn));
		X509_free(peer);
	}
	c->info.client_cert = c->o.cert && SSL_get_certificate(c->ssl) != NULL;
	NLOG(TLS, 1, "negotiated %s using suite %s with server '%s'", c->info.tls_version,
	     c->info.suite, c->info.server_dn);
	return 0;
}

/* ---- PT-TLS messages --------------------------------------------------------- */

/* Move exactly len bytes through the TLS session in one direction
 * (wr: SSL_write of wp, else SSL_read into rp), waiting up to the
 * configured timeout. The loop is shared; only how an ended stream is
 * told apart from a TLS failure differs by direction:
 *  - writing: any EOF/syscall error means the server closed (NEA_ECLOSED);
 *  - reading: a syscall error counts as a close only with an empty OpenSSL
 *    error queue; NEA_ECLOSED when the server ends the stream (close notify
 *    or FIN) before the first byte of a message (first), NEA_ETRUNC in the
 *    middle. */
static int xfer_all(pttls_client_t *c, bool wr, const uint8_t *wp, uint8_t *rp, size_t len,
		    bool first)
{
	uint64_t deadline = now_ms() + c->o.timeout_ms;
	size_t off = 0;
	int r, rc, e;

	while (off < len) {
		size_t chunk = len - off > INT32_MAX ? INT32_MAX : len - off;
		bool closed;
		char e2[200];

		ERR_clear_error();
		r = wr ? SSL_write(c->ssl, wp + off, (int)chunk)
		       : SSL_read(c->ssl, rp + off, (int)chunk);
		if (r > 0) {
			off += (size_t)r;
			continue;
		}
		rc = ssl_wait(c, r, deadline, wr ? "sending" : "waiting for the server", &e);
		if (rc == 1)
			continue;
		if (rc == NEA_EIO)
			return rc;
		closed = rc == NEA_ECLOSED ||
			 (e == SSL_ERROR_SYSCALL && (wr || ERR_peek_error() == 0));
		if (closed) {
			c->closed = true;
			if (wr || (first && off == 0))
				return failf(c, NEA_ECLOSED, "%s port %u closed the connection",
					     c->info.addr, c->o.port);
			return failf(c, NEA_ETRUNC, "%s port %u closed the connection in the "
				     "middle of a PT-TLS message", c->info.addr, c->o.port);
		}
		return failf(c, NEA_ECRYPTO, "TLS %s %s failed: %s", wr ? "write to" : "read from",
			     c->info.addr, pttls_ssl_err(e2, sizeof(e2)));
	}
	return 0;
}

static int write_all(pttls_client_t *c, const uint8_t *p, size_t len)
{
	return xfer_all(c, true, p, NULL, len, false);
}

/* Read exactly len bytes; see xfer_all for how a close is reported. */
static int read_all(pttls_client_t *c, uint8_t *p, size_t len, bool first)
{
	return xfer_all(c, false, NULL, p, len, first);
}

static int send_msg(pttls_client_t *c, uint32_t type, const uint8_t *v, size_t len)
{
	nea_wr_t w;
	int rc;

	nea_wr_init(&w, PTTLS_MAX_MESSAGE_LEN);
	rc = pttls_msg_build(&w, 0, type, c->next_id, v, len);
	if (rc == 0)
		rc = nea_wr_error(&w);
	if (rc < 0) {
		nea_wr_free(&w);
		return failf(c, rc, "cannot build a PT-TLS '%s' message of %zu bytes: %s",
			     pttls_type_name(0, type), len, nea_strerror(rc));
	}
	NLOG(TNC, 2, "sending PT-TLS message #%u of type '%s' (%zu bytes)", c->next_id,
	     pttls_type_name(0, type), w.len);
	c->next_id++;
	rc = write_all(c, w.ptr, w.len);
	/* A SASL PLAIN message carries the password. */
	if (w.ptr)
		OPENSSL_cleanse(w.ptr, w.len);
	nea_wr_free(&w);
	return rc;
}

static int send_built(pttls_client_t *c, uint32_t type, nea_wr_t *v)
{
	int rc = nea_wr_error(v);

	if (rc == 0)
		rc = send_msg(c, type, v->ptr, v->len);
	else
		failf(c, rc, "cannot build a PT-TLS '%s' message", pttls_type_name(0, type));
	if (v->ptr)
		OPENSSL_cleanse(v->ptr, v->len);
	nea_wr_free(v);
	return rc;
}

typedef struct {
	pttls_hdr_t hdr;
	uint8_t *buf; /* whole message; value at buf + 16 */
	size_t len;
} rmsg_t;

static void rmsg_free(rmsg_t *m)
{
	free(m->buf);
	m->buf = NULL;
}

static const uint8_t *rmsg_value(const rmsg_t *m, size_t *len)
{
	*len = m->len - PTTLS_HDR_LEN;
	return m->buf + PTTLS_HDR_LEN;
}

/* Log a received PT-TLS Error and turn it into the failure reason. */
static int peer_error(pttls_client_t *c, const rmsg_t *m)
{
	pttls_error_t e;
	nea_perr_t perr = { 0 };
	size_t vlen;
	const uint8_t *v = rmsg_value(m, &vlen);

	if (pttls_error_parse(v, vlen, &e, &perr) < 0)
		return failf(c, NEA_EINVAL, "%s sent a malformed PT-TLS error", c->info.addr);
	NLOG(TNC, 1, "received PT-TLS error '%s' from %s", pttls_error_name(e.vendor, e.code),
	     c->info.addr);
	return failf(c, NEA_EINVAL, "%s sent PT-TLS error '%s' (code %u)", c->info.addr,
		     pttls_error_name(e.vendor, e.code), e.code);
}

/* The next IETF message; vendor messages are skipped (RFC 6876 §3.5 lets
 * us ignore them), PT-TLS Errors end the exchange. */
static int recv_msg(pttls_client_t *c, rmsg_t *m, bool first)
{
	uint8_t hdr[PTTLS_HDR_LEN];
	nea_perr_t perr = { 0 };
	unsigned skipped = 0;
	int rc;

	memset(m, 0, sizeof(*m));
	for (;;) {
		rc = read_all(c, hdr, sizeof(hdr), first);
		if (rc < 0)
			return rc;
		rc = pttls_hdr_parse(hdr, sizeof(hdr), c->o.max_msg, &m->hdr, &perr);
		if (rc < 0)
			return failf(c, NEA_EINVAL, "%s sent a malformed PT-TLS message header: %s",
				     c->info.addr, perr.msg);
		m->len = m->hdr.length;
		/* Bounded by max_msg in pttls_hdr_parse before this allocation. */
		m->buf = malloc(m->len);
		if (!m->buf)
			return failf(c, NEA_ENOMEM, "out of memory for a %zu-byte message", m->len);
		memcpy(m->buf, hdr, sizeof(hdr));
		rc = read_all(c, m->buf + PTTLS_HDR_LEN, m->len - PTTLS_HDR_LEN, false);
		if (rc < 0) {
			rmsg_free(m);
			return rc;
		}
		NLOG(TNC, 2, "received PT-TLS message #%u of type '%s' (%u bytes)",
		     m->hdr.identifier, pttls_type_name(m->hdr.vendor, m->hdr.type), m->hdr.length);
		if (m->hdr.vendor == 0 && m->hdr.type == PTTLS_ERROR) {
			rc = peer_error(c, m);
			rmsg_free(m);
			return rc;
		}
		if (m->hdr.vendor == 0)
			return 0;
		NLOG(TNC, 1, "ignoring vendor-specific PT-TLS message 0x%06x/0x%08x",
		     m->hdr.vendor, m->hdr.type);
		rmsg_free(m);
		if (++skipped > MAX_SKIPPED)
			return failf(c, NEA_EINVAL, "%s sends nothing but vendor-specific PT-TLS "
				     "messages", c->info.addr);
	}
}

static int expect(pttls_client_t *c, const rmsg_t *m, uint32_t type)
{
	if (m->hdr.type == type)
		return 0;
	return failf(c, NEA_EINVAL, "%s sent PT-TLS '%s' where '%s' was expected", c->info.addr,
		     pttls_type_name(0, m->hdr.type), pttls_type_name(0, type));
}

/* ---- negotiation and SASL ------------------------------------------------------ */

static int negotiate_version(pttls_client_t *c)
{
	pttls_version_req_t req = { .min = PTTLS_VERSION, .max = PTTLS_VERSION,
				    .pref = PTTLS_VERSION };
	nea_perr_t perr = { 0 };
	const uint8_t *v;
	size_t vlen;
	uint8_t ver;
	nea_wr_t w;
	rmsg_t m;
	int rc;

	nea_wr_init(&w, 0);
	pttls_version_req_build(&w, &req);
	rc = send_built(c, PTTLS_VERSION_REQUEST, &w);
	if (rc < 0)
		return rc;
	rc = recv_msg(c, &m, true);
	if (rc < 0)
		return rc;
	rc = expect(c, &m, PTTLS_VERSION_RESPONSE);
	if (rc == 0) {
		v = rmsg_value(&m, &vlen);
		if (pttls_version_resp_parse(v, vlen, &ver, &perr) < 0)
			rc = failf(c, NEA_EINVAL, "malformed PT-TLS Version Response: %s", perr.msg);
		else if (ver != PTTLS_VERSION)
			rc = failf(c, NEA_EVERSION, "server selected PT-TLS version %u, we offered %u",
				   ver, PTTLS_VERSION);
		else
			NLOG(TNC, 1, "negotiated PT-TLS version %u", ver);
	}
	rmsg_free(&m);
	return rc;
}

static int plain_message(pttls_client_t *c, nea_wr_t *w)
{
	pttls_sasl_plain_t pl = {
		.authcid = (const uint8_t *)c->o.client_id,
		.authcid_len = strlen(c->o.client_id),
		.passwd = c->o.secret,
		.passwd_len = c->o.secret_len,
	};

	nea_wr_init(w, 0);
	return pttls_sasl_plain_build(w, &pl);
}

/* One SASL PLAIN attempt after the server offered it: 1 on success (the
 * server then sends the next mechanism list), negative on failure. */
static int sasl_plain(pttls_client_t *c)
{
	nea_perr_t perr = { 0 };
	const uint8_t *v, *data;
	size_t vlen, dlen;
	uint8_t code;
	nea_wr_t pl, sel;
	rmsg_t m;
	int rc;

	NLOG(TNC, 1, "starting SASL PLAIN authentication as '%s'", c->o.client_id);
	rc = plain_message(c, &pl);
	if (rc < 0 || nea_wr_error(&pl)) {
		nea_wr_free(&pl);
		return failf(c, NEA_EINVAL, "SASL PLAIN: identity or secret longer than %d bytes",
			     PTTLS_SASL_PLAIN_MAX_PART);
	}
	/* strongSwan sends the PLAIN message as initial response. */
	nea_wr_init(&sel, 0);
	pttls_sasl_select_build(&sel, PTTLS_SASL_PLAIN_NAME, pl.ptr, pl.len);
	rc = send_built(c, PTTLS_SASL_MECH_SELECTION, &sel);
	if (rc < 0)
		goto out;
	for (int round = 0; round < MAX_SASL_ROUNDS; round++) {
		rc = recv_msg(c, &m, false);
		if (rc < 0)
			goto out;
		if (m.hdr.type == PTTLS_SASL_AUTH_DATA) {
			/* An empty challenge: a server that wants the PLAIN
			 * message on its own (RFC 4422 §5). */
			nea_wr_t again;

			rmsg_free(&m);
			nea_wr_init(&again, 0);
			nea_wr_bytes(&again, pl.ptr, pl.len);
			rc = send_built(c, PTTLS_SASL_AUTH_DATA, &again);
			if (rc < 0)
				goto out;
			continue;
		}
		rc = expect(c, &m, PTTLS_SASL_RESULT);
		if (rc == 0) {
			v = rmsg_value(&m, &vlen);
			if (pttls_sasl_result_parse(v, vlen, &code, &data, &dlen, &perr) < 0)
				rc = failf(c, NEA_EINVAL, "malformed SASL Result: %s", perr.msg);
			else if (code == PTTLS_SASL_SUCCESS)
				rc = 1;
			else
				rc = failf(c, NEA_EAUTH, "%s refused SASL PLAIN authentication as "
					   "'%s' (SASL result '%s')", c->info.addr, c->o.client_id,
					   pttls_sasl_result_name(code) ? pttls_sasl_result_name(code)
									: "unknown");
		}
		rmsg_free(&m);
		if (rc == 1)
			NLOG(TNC, 1, "SASL PLAIN authentication successful");
		goto out;
	}
	rc = failf(c, NEA_EINVAL, "%s does not finish SASL authentication", c->info.addr);
out:
	if (pl.ptr)
		OPENSSL_cleanse(pl.ptr, pl.len);
	nea_wr_free(&pl);
	return rc;
}

static int authenticate(pttls_client_t *c)
{
	pttls_sasl_mech_t mechs[16];
	nea_perr_t perr = { 0 };
	const uint8_t *v;
	size_t vlen, n;
	rmsg_t m;
	int rc;

	for (int round = 0; round < MAX_SASL_ROUNDS; round++) {
		rc = recv_msg(c, &m, false);
		if (rc < 0)
			return rc;
		rc = expect(c, &m, PTTLS_SASL_MECHS);
		if (rc < 0) {
			rmsg_free(&m);
			return rc;
		}
		v = rmsg_value(&m, &vlen);
		if (vlen == 0) {
			/* An empty list: authentication is complete. */
			rmsg_free(&m);
			NLOG(TNC, 1, "entering PT-TLS data transport phase");
			return 0;
		}
		rc = pttls_sasl_mechs_parse(v, vlen, mechs, sizeof(mechs) / sizeof(mechs[0]), &n,
					    &perr);
		if (rc < 0) {
			rmsg_free(&m);
			return failf(c, NEA_EINVAL, "malformed SASL Mechanisms: %s", perr.msg);
		}
		if (!pttls_sasl_mechs_has(mechs, n, PTTLS_SASL_PLAIN_NAME)) {
			rmsg_free(&m);
			return failf(c, NEA_EAUTH, "%s offers no SASL mechanism nea supports "
				     "(only PLAIN is)", c->info.addr);
		}
		rmsg_free(&m);
		if (!c->o.client_id || !*c->o.client_id || !c->o.secret)
			return failf(c, NEA_EAUTH, "%s requires SASL PLAIN authentication: give a "
				     "client identity and its secret (--client ID --secret PW)%s",
				     c->info.addr, c->o.cert ? " or a certificate the server accepts"
							     : " or a client certificate");
		rc = sasl_plain(c);
		if (rc < 0)
			return rc;
		snprintf(c->info.sasl, sizeof(c->info.sasl), "PLAIN");
	}
	return failf(c, NEA_EINVAL, "%s does not finish SASL authentication", c->info.addr);
}

int pttls_client_connect(pttls_client_t *c)
{
	uint64_t deadline = now_ms() + c->o.timeout_ms;
	int rc;

	if (c->connected || c->fd >= 0)
		return failf(c, NEA_ESTATE, "already connected");
	rc = tcp_connect(c, deadline);
	if (rc < 0)
		return rc;
	rc = tls_connect(c, deadline);
	if (rc < 0)
		return rc;
	rc = negotiate_version(c);
	if (rc < 0)
		return rc;
	rc = authenticate(c);
	if (rc < 0)
		return rc;
	c->connected = true;
	return 0;
}

int pttls_client_send_batch(pttls_client_t *c, const uint8_t *p, size_t len)
{
	size_t total;

	if (!c->connected)
		return failf(c, NEA_ESTATE, "not connected");
	if (!nea_add_size(len, PTTLS_HDR_LEN, &total) || total > c->o.max_msg)
		return failf(c, NEA_ETOOBIG, "a %zu-byte batch does not fit one PT-TLS message",
			     len);
	return send_msg(c, PTTLS_PB_TNC_BATCH, p, len);
}

int pttls_client_recv_batch(pttls_client_t *c, uint8_t **p, size_t *len)
{
	rmsg_t m;
	int rc;

	*p = NULL;
	*len = 0;
	if (!c->connected)
		return failf(c, NEA_ESTATE, "not connected");
	rc = recv_msg(c, &m, true);
	if (rc < 0)
		return rc;
	rc = expect(c, &m, PTTLS_PB_TNC_BATCH);
	if (rc < 0) {
		rmsg_free(&m);
		return rc;
	}
	*len = m.len - PTTLS_HDR_LEN;
	memmove(m.buf, m.buf + PTTLS_HDR_LEN, *len);
	*p = m.buf;
	return 0;
}

void pttls_client_shutdown(pttls_client_t *c)
{
	if (!c->ssl || c->closed)
		return;
	/* One attempt: the socket is non-blocking and we do not wait for the
	 * server's own close notify. */
	ERR_clear_error();
	SSL_shutdown(c->ssl);
	ERR_clear_error();
	c->closed = true;
}

/*
 * pttls_client against a scripted PT-TLS server (OpenSSL in a thread on
 * loopback, the example server certificate): what a hostile or broken
 * server can send is refused with a readable reason and nothing is
 * allocated on its say-so: a 4 GiB length claim, a wrong version, a
 * mechanism list without PLAIN, a PT-TLS Error, a SASL Abort, a batch
 * before authentication, and an orderly close before the first batch.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"
#include "pttls_client.h"
#include "pttls_msg.h"

static const char *src_dir(void)
{
	const char *s = getenv("NEA_SOURCE_DIR");

	return s && *s ? s : NEA_TEST_SOURCE_DIR;
}

typedef struct {
	int lfd, port;
	pthread_t th;
	const uint8_t *script; /* sent after the client's Version Request */
	size_t script_len;
	bool close_after;      /* close notify right after the script */
	uint8_t got[4096];     /* what the client sent */
	size_t got_len;
} srv_t;

static srv_t srv;

static void *serve(void *arg)
{
	srv_t *s = arg;
	char path[512];
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	SSL *ssl;
	int fd, n;

	snprintf(path, sizeof(path), "%s/deploy/examples/pki/serverCert.pem", src_dir());
	SSL_CTX_use_certificate_chain_file(ctx, path);
	snprintf(path, sizeof(path), "%s/deploy/examples/pki/serverKey.pem", src_dir());
	SSL_CTX_use_PrivateKey_file(ctx, path, SSL_FILETYPE_PEM);
	fd = accept(s->lfd, NULL, NULL);
	ssl = SSL_new(ctx);
	SSL_set_fd(ssl, fd);
	if (SSL_accept(ssl) == 1) {
		/* The Version Request (20 bytes), then the script. */
		size_t have = 0;

		while (have < 20 && (n = SSL_read(ssl, s->got + have, (int)(20 - have))) > 0)
			have += (size_t)n;
		s->got_len = have;
		if (s->script_len)
			SSL_write(ssl, s->script, (int)s->script_len);
		if (s->close_after) {
			/* Take what the client answers for a moment, then close. */
			struct timeval tv = { .tv_usec = 300000 };

			setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
			while ((n = SSL_read(ssl, s->got + s->got_len,
					     (int)(sizeof(s->got) - s->got_len))) > 0)
				s->got_len += (size_t)n;
			SSL_shutdown(ssl);
		} else {
			while ((n = SSL_read(ssl, s->got + s->got_len,
					     (int)(sizeof(s->got) - s->got_len))) > 0)
				s->got_len += (size_t)n;
		}
	}
	SSL_free(ssl);
	close(fd);
	SSL_CTX_free(ctx);
	return NULL;
}

static void srv_start(const uint8_t *script, size_t len, bool close_after)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t sl = sizeof(sin);

	signal(SIGPIPE, SIG_IGN);
	nea_log_set_default(-1);
	memset(&srv, 0, sizeof(srv));
	srv.script = script;
	srv.script_len = len;
	srv.close_after = close_after;
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	srv.lfd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(srv.lfd, 0);
	cr_assert_eq(bind(srv.lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	cr_assert_eq(listen(srv.lfd, 4), 0);
	cr_assert_eq(getsockname(srv.lfd, (struct sockaddr *)&sin, &sl), 0);
	srv.port = ntohs(sin.sin_port);
	cr_assert_eq(pthread_create(&srv.th, NULL, serve, &srv), 0);
}

static void srv_stop(void)
{
	pthread_join(srv.th, NULL);
	close(srv.lfd);
}

static uint8_t *m(uint8_t *buf, size_t *off, uint32_t type, uint32_t id, const void *v,
		  size_t vlen)
{
	nea_wr_t w;
	size_t n;
	uint8_t *p;

	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_msg_build(&w, 0, type, id, v, vlen), 0);
	p = nea_wr_detach(&w, &n);
	memcpy(buf + *off, p, n);
	*off += n;
	free(p);
	return buf;
}

static int run(const uint8_t *script, size_t len, bool close_after, const char *id,
	       const char *pw, char *err, size_t errlen)
{
	char ca[512];
	pttls_client_opts_t o = { .host = "127.0.0.1", .cacert = ca, .client_id = id,
				  .secret = (const uint8_t *)pw, .secret_len = pw ? strlen(pw) : 0,
				  .timeout_ms = 10000 };
	pttls_client_t *c;
	int rc;

	snprintf(ca, sizeof(ca), "%s/deploy/examples/pki/caCert.pem", src_dir());
	srv_start(script, len, close_after);
	o.port = (uint16_t)srv.port;
	c = pttls_client_new(&o);
	cr_assert_not_null(c);
	rc = pttls_client_connect(c);
	if (rc == 0) {
		uint8_t *in = NULL;
		size_t inlen = 0;

		rc = pttls_client_recv_batch(c, &in, &inlen);
		free(in);
	}
	snprintf(err, errlen, "%s", pttls_client_error(c));
	pttls_client_free(c);
	srv_stop();
	return rc;
}

static const uint8_t VRESP[] = { 0, 0, 0, 1 };

Test(pttls_client, sends_strongswans_version_request)
{
	uint8_t s[256];
	size_t off = 0;
	char err[512];
	static const uint8_t expect[20] = { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 20,
					    0, 0, 0, 0, 0, 1, 1, 1 };

	m(s, &off, PTTLS_VERSION_RESPONSE, 0, VRESP, 4);
	m(s, &off, PTTLS_SASL_MECHS, 1, NULL, 0);
	cr_assert_eq(run(s, off, true, NULL, NULL, err, sizeof(err)), NEA_ECLOSED, "%s", err);
	cr_assert_eq(srv.got_len, 20);
	cr_assert_eq(memcmp(srv.got, expect, 20), 0);
}

Test(pttls_client, sasl_plain_as_strongswan)
{
	uint8_t s[256];
	size_t off = 0;
	char err[512];
	static const uint8_t mech[] = { 5, 'P', 'L', 'A', 'I', 'N' };
	static const uint8_t ok[] = { 0 };
	/* Mechanism Selection #1: PLAIN + "\0jane\0pw" as initial response. */
	static const uint8_t sel[] = { 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 31, 0, 0, 0, 1,
				       5, 'P', 'L', 'A', 'I', 'N', 0, 'j', 'a', 'n', 'e', 0,
				       'p', 'w', '!' };

	m(s, &off, PTTLS_VERSION_RESPONSE, 0, VRESP, 4);
	m(s, &off, PTTLS_SASL_MECHS, 1, mech, sizeof(mech));
	m(s, &off, PTTLS_SASL_RESULT, 2, ok, 1);
	m(s, &off, PTTLS_SASL_MECHS, 3, NULL, 0);
	cr_assert_eq(run(s, off, true, "jane", "pw!", err, sizeof(err)), NEA_ECLOSED, "%s", err);
	cr_assert_eq(srv.got_len, 20 + sizeof(sel));
	cr_assert_eq(memcmp(srv.got + 20, sel, sizeof(sel)), 0);
}

Test(pttls_client, hostile_or_broken_servers)
{
	static const uint8_t mech_other[] = { 8, 'C', 'R', 'A', 'M', '-', 'M', 'D', '5' };
	static const uint8_t mech[] = { 5, 'P', 'L', 'A', 'I', 'N' };
	static const uint8_t abort_[] = { 2 };
	static const uint8_t v2[] = { 0, 0, 0, 2 };
	static const uint8_t perr[] = { 0, 0, 0, 0, 0, 0, 0, 4 };
	uint8_t s[256];
	size_t off;
	char err[512];

	/* A 4 GiB length claim. */
	{
		static const uint8_t huge[16] = { 0, 0, 0, 0, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xf0 };

		cr_assert_eq(run(huge, sizeof(huge), false, NULL, NULL, err, sizeof(err)),
			     NEA_EINVAL);
		cr_assert(strstr(err, "malformed PT-TLS message header"), "%s", err);
	}
	/* Another version than offered. */
	off = 0;
	m(s, &off, PTTLS_VERSION_RESPONSE, 0, v2, 4);
	cr_assert_eq(run(s, off, false, NULL, NULL, err, sizeof(err)), NEA_EVERSION, "%s", err);
	/* SASL required but only a mechanism nea lacks. */
	off = 0;
	m(s, &off, PTTLS_VERSION_RESPONSE, 0, VRESP, 4);
	m(s, &off, PTTLS_SASL_MECHS, 1, mech_other, sizeof(mech_other));
	cr_assert_eq(run(s, off, false, "jane", "pw", err, sizeof(err)), NEA_EAUTH);
	cr_assert(strstr(err, "offers no SASL mechanism"), "%s", err);
	/* PLAIN offered, no identity given. */
	off = 0;
	m(s, &off, PTTLS_VERSION_RESPONSE, 0, VRESP, 4);
	m(s, &off, PTTLS_SASL_MECHS, 1, mech, sizeof(mech));
	cr_assert_eq(run(s, off, false, NULL, NULL, err, sizeof(err)), NEA_EAUTH);
	cr_assert(strstr(err, "requires SASL PLAIN"), "%s", err);
	/* Abort: refused. */
	off = 0;
	m(s, &off, PTTLS_VERSION_RESPONSE, 0, VRESP, 4);
	m(s, &off, PTTLS_SASL_MECHS, 1, mech, sizeof(mech));
	m(s, &off, PTTLS_SASL_RESULT, 2, abort_, 1);
	cr_assert_eq(run(s, off, false, "jane", "pw", err, sizeof(err)), NEA_EAUTH);
	cr_assert(strstr(err, "SASL result 'Abort'"), "%s", err);
	/* A PT-TLS Error instead of the version. */
	off = 0;
	m(s, &off, PTTLS_ERROR, 0, perr, sizeof(perr));
	cr_assert_eq(run(s, off, false, NULL, NULL, err, sizeof(err)), NEA_EINVAL);
	cr_assert(strstr(err, "PT-TLS error 'Invalid Message'"), "%s", err);
	/* A batch where the mechanisms belong. */
	off = 0;
	m(s, &off, PTTLS_VERSION_RESPONSE, 0, VRESP, 4);
	m(s, &off, PTTLS_PB_TNC_BATCH, 1, "x", 1);
	cr_assert_eq(run(s, off, false, NULL, NULL, err, sizeof(err)), NEA_EINVAL);
	cr_assert(strstr(err, "where 'SASL Mechanisms' was expected"), "%s", err);
	/* Closed in the middle of a message. */
	off = 0;
	m(s, &off, PTTLS_VERSION_RESPONSE, 0, VRESP, 4);
	cr_assert_eq(run(s, off - 2, true, NULL, NULL, err, sizeof(err)), NEA_ETRUNC, "%s", err);
}

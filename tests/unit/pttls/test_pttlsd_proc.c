/*
 * nea-pttlsd as a real process: started standalone from $NEA_BIN_DIR with
 * a configuration in a temp dir (port 0 on 127.0.0.1, the example PKI and
 * swanctl secrets), a fake nea-brokerd on the real <rundir>/broker.sock
 * (lib/ipc on its own libuv loop in a thread), and TLS clients over
 * loopback: the PT-TLS client library for well-behaved peers, a raw TLS
 * writer for malformed input.
 *
 * The fake broker answers each Batch with "R:" + the batch, and a batch
 * starting with "CLOSE" with a Verdict (allow) and a ConnClose, which makes
 * nea-pttlsd close the TLS connection: the shape of a real assessment.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>

#include "nea.pb-c.h"
#include "nea_buf.h"
#include "nea_err.h"
#include "nea_ipc.h"
#include "nea_log.h"
#include "pttls_client.h"
#include "pttls_error.h"
#include "pttls_msg.h"
#include "vec.h"

#define WAIT_MS 20000

static const char *src_dir(void)
{
	const char *s = getenv("NEA_SOURCE_DIR");

	return s && *s ? s : NEA_TEST_SOURCE_DIR;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- the fake broker ---------------------------------------------------------- */

typedef struct {
	uint32_t type, subject, auth;
	char value[256];
} seen_id_t;

typedef struct {
	pthread_t th;
	uv_loop_t loop;
	uv_async_t wake;
	ipc_server_t *srv;
	char path[256];
	pthread_mutex_t mu;
	bool started, stop, running;
	int opens, batches, closes_in;
	seen_id_t ids[4];
	size_t n_ids;
	uint32_t transport;
	char peer_addr[64];
	bool drop_links; /* close every accepted link (broker "crash") */
	bool pause, resume; /* stop / start listening on broker.sock */
	uint8_t *result;  /* non-NULL: answer the first batch with this RESULT */
	size_t result_len;
	ipc_link_t *links[16];
	size_t n_links;
} fake_t;

static fake_t fake;

static void fb_send(ipc_link_t *l, uint64_t conn, Nea__Envelope *env)
{
	env->version = NEA_PROTO_VERSION;
	env->has_conn_id = true;
	env->conn_id = conn;
	cr_assert_eq(ipc_link_send(l, env), 0);
}

static void fb_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	fake_t *f = arg;

	pthread_mutex_lock(&f->mu);
	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_CONN_OPEN: {
		const Nea__ConnOpen *o = env->conn_open;

		f->opens++;
		f->transport = o->transport;
		snprintf(f->peer_addr, sizeof(f->peer_addr), "%s", o->peer_addr);
		f->n_ids = 0;
		for (size_t i = 0; i < o->n_identities && i < 4; i++) {
			seen_id_t *s = &f->ids[f->n_ids++];
			size_t n = o->identities[i]->value.len;

			s->type = o->identities[i]->type;
			s->subject = o->identities[i]->subject;
			s->auth = o->identities[i]->auth;
			if (n >= sizeof(s->value))
				n = sizeof(s->value) - 1;
			memcpy(s->value, o->identities[i]->value.data, n);
			s->value[n] = '\0';
		}
		break;
	}
	case NEA__ENVELOPE__BODY_BATCH: {
		const ProtobufCBinaryData *d = &env->batch->data;

		f->batches++;
		if (d->len >= 6 && memcmp(d->data, "SILENT", 6) == 0)
			break; /* a broker that never answers */
		/* "CLOSE" (our test clients) or a PB-TNC CLOSE batch (type 6). */
		if ((d->len >= 5 && memcmp(d->data, "CLOSE", 5) == 0) ||
		    (f->result && d->len >= 8 && d->data[0] == 2 && (d->data[3] & 0x0f) == 6)) {
			Nea__Envelope v = NEA__ENVELOPE__INIT, c = NEA__ENVELOPE__INIT;
			Nea__Verdict vd = NEA__VERDICT__INIT;
			Nea__ConnClose cc = NEA__CONN_CLOSE__INIT;

			vd.recommendation = 0;
			vd.evaluation = 0;
			v.body_case = NEA__ENVELOPE__BODY_VERDICT;
			v.verdict = &vd;
			fb_send(l, env->conn_id, &v);
			cc.reason = "assessment finished";
			c.body_case = NEA__ENVELOPE__BODY_CONN_CLOSE;
			c.conn_close = &cc;
			fb_send(l, env->conn_id, &c);
		} else if (f->result) {
			Nea__Envelope r = NEA__ENVELOPE__INIT;
			Nea__Batch b = NEA__BATCH__INIT;

			b.data.data = f->result;
			b.data.len = f->result_len;
			r.body_case = NEA__ENVELOPE__BODY_BATCH;
			r.batch = &b;
			fb_send(l, env->conn_id, &r);
		} else {
			Nea__Envelope r = NEA__ENVELOPE__INIT;
			Nea__Batch b = NEA__BATCH__INIT;
			uint8_t *p = malloc(d->len + 2);

			cr_assert_not_null(p);
			p[0] = 'R';
			p[1] = ':';
			memcpy(p + 2, d->data, d->len);
			b.data.data = p;
			b.data.len = d->len + 2;
			r.body_case = NEA__ENVELOPE__BODY_BATCH;
			r.batch = &b;
			fb_send(l, env->conn_id, &r);
			free(p);
		}
		break;
	}
	case NEA__ENVELOPE__BODY_CONN_CLOSE:
		f->closes_in++;
		break;
	default:
		break;
	}
	pthread_mutex_unlock(&f->mu);
}

static void fb_down(ipc_link_t *l, int reason, void *arg)
{
	fake_t *f = arg;

	(void)reason;
	for (size_t i = 0; i < f->n_links; i++)
		if (f->links[i] == l)
			f->links[i] = f->links[--f->n_links];
}

static void fb_accept(ipc_server_t *s, ipc_link_t *l, void *arg)
{
	fake_t *f = arg;

	(void)s;
	if (f->n_links < 16)
		f->links[f->n_links++] = l;
}

static void fb_bind(fake_t *f)
{
	static const int allowed[] = { NEA__ENVELOPE__BODY_CONN_OPEN, NEA__ENVELOPE__BODY_BATCH,
				       NEA__ENVELOPE__BODY_CONN_CLOSE };
	ipc_opts_t o = { .name = "broker.sock", .allowed = allowed, .n_allowed = 3,
			 .role = NEA__DAEMON_ROLE__ROLE_BROKERD };
	ipc_cbs_t cbs = { .on_msg = fb_msg, .on_down = fb_down, .arg = f };

	cr_assert_eq(ipc_server_bind(&f->loop, f->path, &o, &cbs, fb_accept, f, &f->srv), 0);
	cr_assert_eq(ipc_server_start(f->srv), 0);
}

static void fb_wake(uv_async_t *a)
{
	fake_t *f = a->data;
	bool stop, drop, pause, resume;

	pthread_mutex_lock(&f->mu);
	stop = f->stop;
	drop = f->drop_links;
	pause = f->pause;
	resume = f->resume;
	f->drop_links = f->pause = f->resume = false;
	pthread_mutex_unlock(&f->mu);
	if (drop || stop || pause)
		while (f->n_links > 0)
			ipc_link_close(f->links[--f->n_links]);
	if ((stop || pause) && f->srv) {
		ipc_server_close(f->srv);
		f->srv = NULL;
		unlink(f->path);
	}
	if (resume && !f->srv)
		fb_bind(f);
	if (stop)
		uv_close((uv_handle_t *)&f->wake, NULL);
}

static void *fb_main(void *arg)
{
	fake_t *f = arg;

	uv_run(&f->loop, UV_RUN_DEFAULT);
	return NULL;
}

static void fake_start(const char *rundir)
{
	memset(&fake, 0, sizeof(fake));
	pthread_mutex_init(&fake.mu, NULL);
	snprintf(fake.path, sizeof(fake.path), "%s/broker.sock", rundir);
	cr_assert_eq(uv_loop_init(&fake.loop), 0);
	cr_assert_eq(uv_async_init(&fake.loop, &fake.wake, fb_wake), 0);
	fake.wake.data = &fake;
	fb_bind(&fake);
	cr_assert_eq(pthread_create(&fake.th, NULL, fb_main, &fake), 0);
	fake.running = true;
}

static void fake_stop(void)
{
	if (!fake.running)
		return;
	pthread_mutex_lock(&fake.mu);
	fake.stop = true;
	pthread_mutex_unlock(&fake.mu);
	uv_async_send(&fake.wake);
	pthread_join(fake.th, NULL);
	uv_run(&fake.loop, UV_RUN_NOWAIT);
	uv_loop_close(&fake.loop);
	free(fake.result);
	fake.result = NULL;
	fake.running = false;
}

static int fake_get(int *field)
{
	int v;

	pthread_mutex_lock(&fake.mu);
	v = *field;
	pthread_mutex_unlock(&fake.mu);
	return v;
}

/* ---- nea-pttlsd ----------------------------------------------------------------- */

static char tmpdir[128], rundir[192], logpath[192], confpath[192];
static pid_t daemon_pid = -1;
static int port;

static char *read_log(void)
{
	FILE *f = fopen(logpath, "r");
	char *buf;
	long n;

	if (!f)
		return strdup("");
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	cr_assert_not_null(buf);
	if (n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n)
		buf[0] = '\0';
	fclose(f);
	return buf;
}

/* Wait for a log line containing needle (count-th occurrence). */
static bool wait_log(const char *needle, int count)
{
	uint64_t end = now_ms() + WAIT_MS;

	while (now_ms() < end) {
		char *log = read_log();
		int seen = 0;

		for (const char *p = log; (p = strstr(p, needle)) != NULL; p++)
			seen++;
		free(log);
		if (seen >= count)
			return true;
		usleep(20000);
	}
	return false;
}

static const char *top_extra;
static const char *swanctl_path; /* NULL: the example's */
static const char *listen_addr;  /* NULL: 127.0.0.1; "": every address */

static void write_conf(const char *extra)
{
	FILE *f = fopen(confpath, "w");

	cr_assert_not_null(f);
	fprintf(f,
		"nea {\n"
		"  rundir = %s\n"
		"  swanctl = %s%s\n"
		"  users { pttlsd = root\n brokerd = root }\n"
		"  group = root\n"
		"  ipc { reconnect_delay_ms = 50\n reconnect_delay_max_ms = 200 }\n"
		"  log { default = 1\n tnc = 2 }\n"
		"  pttls {\n"
		"    %s%s\n"
		"    port = 0\n"
		"    cert = %s/deploy/examples/pki/serverCert.pem\n"
		"    key = %s/deploy/examples/pki/serverKey.pem\n"
		"    cacert = %s/deploy/examples/pki/caCert.pem\n"
		"    auth = tls_or_sasl\n"
		"    %s\n"
		"  }\n"
		"}\n"
		"%s\n",
		rundir, swanctl_path ? "" : src_dir(),
		swanctl_path ? swanctl_path : "/deploy/examples/swanctl.conf",
		listen_addr && !*listen_addr ? "" : "address = ",
		listen_addr ? listen_addr : "127.0.0.1", src_dir(), src_dir(), src_dir(),
		extra ? extra : "",
		top_extra ? top_extra : "");
	fclose(f);
}

static void start_daemon(const char *extra)
{
	const char *bin = getenv("NEA_BIN_DIR");
	char exe[512];
	char *log, *p;

	cr_assert_not_null(bin, "NEA_BIN_DIR is not set");
	snprintf(exe, sizeof(exe), "%s/nea-pttlsd", bin);
	write_conf(extra);
	daemon_pid = fork();
	cr_assert_geq(daemon_pid, 0);
	if (daemon_pid == 0) {
		int fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);

		if (fd < 0)
			_exit(127);
		dup2(fd, 2);
		dup2(fd, 1);
		unsetenv("NEA_MASTER_FD");
		execl(exe, exe, "--config", confpath, "--foreground", (char *)NULL);
		_exit(127);
	}
	cr_assert(wait_log("PT-TLS server listening on ", 1), "nea-pttlsd did not start:\n%s",
		  (p = read_log()));
	log = read_log();
	p = strstr(log, "PT-TLS server listening on ");
	p = strstr(p, " port ");
	cr_assert_not_null(p);
	port = atoi(p + strlen(" port "));
	free(log);
	cr_assert_gt(port, 0);
}

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/nea-pttlsd-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
	chmod(tmpdir, 0755);
	snprintf(rundir, sizeof(rundir), "%s/run", tmpdir);
	snprintf(logpath, sizeof(logpath), "%s/pttlsd.log", tmpdir);
	snprintf(confpath, sizeof(confpath), "%s/nea.conf", tmpdir);
	cr_assert_eq(mkdir(rundir, 0750), 0);
	nea_log_set_default(-1);
	signal(SIGPIPE, SIG_IGN);
	top_extra = NULL;
	swanctl_path = NULL;
	listen_addr = NULL;
	fake_start(rundir);
}

static void teardown(void)
{
	char cmd[300];
	int st;

	if (daemon_pid > 0) {
		kill(daemon_pid, SIGTERM);
		waitpid(daemon_pid, &st, 0);
		daemon_pid = -1;
	}
	fake_stop();
	if (getenv("NEA_KEEP_TMP") == NULL) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
}

/* ---- clients ---------------------------------------------------------------------- */

static pttls_client_t *client(const char *id, const char *pw, const char *cert,
			      const char *key, const char *vmax)
{
	static char ca[512], c[512], k[512];
	pttls_client_opts_t o = { .host = "127.0.0.1", .port = (uint16_t)port, .cacert = ca,
				  .client_id = id, .secret = (const uint8_t *)pw,
				  .secret_len = pw ? strlen(pw) : 0, .vmax = vmax,
				  .timeout_ms = WAIT_MS };
	pttls_client_t *cl;

	snprintf(ca, sizeof(ca), "%s/deploy/examples/pki/caCert.pem", src_dir());
	if (cert) {
		snprintf(c, sizeof(c), "%s/deploy/examples/pki/%s", src_dir(), cert);
		snprintf(k, sizeof(k), "%s/deploy/examples/pki/%s", src_dir(), key);
		o.cert = c;
		o.key = k;
	}
	cl = pttls_client_new(&o);
	cr_assert_not_null(cl);
	return cl;
}

/* One request/answer through the fake broker. */
static void exchange(pttls_client_t *cl, const char *text)
{
	uint8_t *in = NULL;
	size_t len = 0;
	size_t n = strlen(text);

	cr_assert_eq(pttls_client_send_batch(cl, (const uint8_t *)text, n), 0, "%s",
		     pttls_client_error(cl));
	cr_assert_eq(pttls_client_recv_batch(cl, &in, &len), 0, "%s", pttls_client_error(cl));
	cr_assert_eq(len, n + 2);
	cr_assert_eq(memcmp(in, "R:", 2), 0);
	cr_assert_eq(memcmp(in + 2, text, n), 0);
	free(in);
}

/* The CLOSE batch: the broker ends the connection, the server closes TLS. */
static void finish(pttls_client_t *cl)
{
	uint8_t *in = NULL;
	size_t len = 0;

	cr_assert_eq(pttls_client_send_batch(cl, (const uint8_t *)"CLOSE", 5), 0);
	cr_assert_eq(pttls_client_recv_batch(cl, &in, &len), NEA_ECLOSED, "%s",
		     pttls_client_error(cl));
	cr_assert_null(in);
}

/* A TLS connection that writes raw bytes and reads everything until the
 * server closes: for the malformed input no well-behaved client sends. */
typedef struct {
	int fd;
	SSL_CTX *ctx;
	SSL *ssl;
} raw_t;

static void raw_open(raw_t *r)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	char ca[512];

	snprintf(ca, sizeof(ca), "%s/deploy/examples/pki/caCert.pem", src_dir());
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	r->fd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(r->fd, 0);
	cr_assert_eq(connect(r->fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	r->ctx = SSL_CTX_new(TLS_client_method());
	cr_assert_not_null(r->ctx);
	cr_assert_eq(SSL_CTX_load_verify_locations(r->ctx, ca, NULL), 1);
	SSL_CTX_set_verify(r->ctx, SSL_VERIFY_PEER, NULL);
	r->ssl = SSL_new(r->ctx);
	SSL_set_fd(r->ssl, r->fd);
	cr_assert_eq(SSL_connect(r->ssl), 1, "raw TLS handshake failed");
}

static void raw_write(raw_t *r, const void *p, size_t n)
{
	cr_assert_eq(SSL_write(r->ssl, p, (int)n), (int)n);
}

/* Everything until EOF (bounded). */
static size_t raw_read_all(raw_t *r, uint8_t *buf, size_t cap)
{
	struct timeval tv = { .tv_sec = WAIT_MS / 1000 };
	size_t have = 0;
	int n;

	setsockopt(r->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	while (have < cap && (n = SSL_read(r->ssl, buf + have, (int)(cap - have))) > 0)
		have += (size_t)n;
	return have;
}

static void raw_close(raw_t *r)
{
	SSL_free(r->ssl);
	SSL_CTX_free(r->ctx);
	close(r->fd);
}

static uint8_t *pt_msg(uint32_t type, uint32_t id, const void *v, size_t vlen, size_t *len)
{
	nea_wr_t w;

	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_msg_build(&w, 0, type, id, v, vlen), 0);
	return nea_wr_detach(&w, len);
}

/* The messages in buf: the last one must be a PT-TLS Error with code. */
static void expect_error_then_close(const uint8_t *buf, size_t len, uint32_t code)
{
	size_t off = 0, last = SIZE_MAX;
	pttls_msg_t m;
	nea_perr_t perr = { 0 };
	pttls_error_t e;

	while (off < len) {
		pttls_hdr_t h;

		cr_assert_eq(pttls_hdr_parse(buf + off, len - off, 0, &h, &perr), 0,
			     "unparsable answer at %zu: %s", off, perr.msg);
		cr_assert_leq(h.length, len - off, "truncated answer at %zu", off);
		last = off;
		off += h.length;
	}
	cr_assert_neq(last, SIZE_MAX, "the server answered nothing");
	cr_assert_eq(pttls_msg_parse(buf + last, len - last, 0, &m, &perr), 0, "%s", perr.msg);
	cr_assert_eq(m.hdr.type, PTTLS_ERROR, "last message has type %u", m.hdr.type);
	cr_assert_eq(pttls_error_parse(m.value, m.value_len, &e, &perr), 0);
	cr_assert_eq(e.code, code, "PT-TLS error %u, expected %u", e.code, code);
}

/* ---- tests -------------------------------------------------------------------------- */

TestSuite(pttlsd_proc, .init = setup, .fini = teardown, .timeout = 120);

Test(pttlsd_proc, sasl_plain_assessment_through_the_broker)
{
	pttls_client_t *cl;
	const pttls_client_info_t *info;

	start_daemon(NULL);
	cr_assert(wait_log("connected to nea-brokerd", 1));
	cl = client("jane", "3s9RFGdWE5EW", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	info = pttls_client_info(cl);
	cr_assert_str_eq(info->sasl, "PLAIN");
	cr_assert_str_eq(info->tls_version, "TLS 1.3");
	cr_assert_str_eq(info->server_dn, "C=CH, O=nea Test, CN=server.strongswan.org");
	exchange(cl, "CDATA one");
	exchange(cl, "CDATA two");
	finish(cl);
	pttls_client_free(cl);
	cr_assert_eq(fake_get(&fake.opens), 1);
	cr_assert_eq(fake_get(&fake.batches), 3);
	pthread_mutex_lock(&fake.mu);
	cr_assert_eq(fake.transport, NEA__TRANSPORT__TRANSPORT_PT_TLS);
	cr_assert_str_eq(fake.peer_addr, "127.0.0.1");
	cr_assert_eq(fake.n_ids, 2);
	cr_assert_str_eq(fake.ids[0].value, "jane");
	cr_assert_eq(fake.ids[0].type, 5);    /* username */
	cr_assert_eq(fake.ids[0].subject, 2); /* user */
	cr_assert_eq(fake.ids[0].auth, 2);    /* password */
	cr_assert_str_eq(fake.ids[1].value, "127.0.0.1");
	cr_assert_eq(fake.ids[1].type, 1);    /* IPv4 */
	cr_assert_eq(fake.ids[1].subject, 1); /* machine */
	pthread_mutex_unlock(&fake.mu);
	cr_assert(wait_log("final recommendation is 'allow'", 1));
}

Test(pttlsd_proc, wrong_password_refused_and_logged)
{
	pttls_client_t *cl;

	start_daemon(NULL);
	cr_assert(wait_log("connected to nea-brokerd", 1));
	cl = client("jane", "wrong", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), NEA_EAUTH, "%s", pttls_client_error(cl));
	cr_assert(strstr(pttls_client_error(cl), "refused SASL PLAIN") != NULL, "%s",
		  pttls_client_error(cl));
	pttls_client_free(cl);
	cr_assert(wait_log("SASL PLAIN authentication failed for 'jane'", 1));
	cr_assert_eq(fake_get(&fake.opens), 0, "no broker session for a refused client");
	/* Without credentials the client says what is missing. */
	cl = client(NULL, NULL, NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), NEA_EAUTH);
	cr_assert(strstr(pttls_client_error(cl), "requires SASL PLAIN") != NULL);
	pttls_client_free(cl);
}

Test(pttlsd_proc, client_certificate_login_over_tls12)
{
	pttls_client_t *cl;
	const pttls_client_info_t *info;

	start_daemon(NULL);
	cr_assert(wait_log("connected to nea-brokerd", 1));
	cl = client(NULL, NULL, "janeCert.pem", "janeKey.pem", "1.2");
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	info = pttls_client_info(cl);
	cr_assert_str_eq(info->sasl, "", "no SASL after a certificate login");
	cr_assert(info->client_cert);
	cr_assert_str_eq(info->tls_version, "TLS 1.2");
	exchange(cl, "hello");
	finish(cl);
	pttls_client_free(cl);
	pthread_mutex_lock(&fake.mu);
	cr_assert_eq(fake.n_ids, 2);
	cr_assert_str_eq(fake.ids[0].value, "C=CH, O=nea Test, CN=jane");
	cr_assert_eq(fake.ids[0].type, 6); /* X.500 DN */
	cr_assert_eq(fake.ids[0].auth, 1); /* certificate */
	pthread_mutex_unlock(&fake.mu);
	cr_assert(wait_log("received TLS peer certificate 'C=CH, O=nea Test, CN=jane'", 1));
}

Test(pttlsd_proc, server_identity_is_checked)
{
	pttls_client_t *cl;
	pttls_client_opts_t o = { .timeout_ms = WAIT_MS };
	char ca[512];

	start_daemon(NULL);
	/* The certificate names 127.0.0.1 and localhost: connecting by name
	 * works too. */
	snprintf(ca, sizeof(ca), "%s/deploy/examples/pki/caCert.pem", src_dir());
	o.cacert = ca;
	o.host = "localhost";
	o.port = (uint16_t)port;
	o.client_id = "jane";
	o.secret = (const uint8_t *)"3s9RFGdWE5EW";
	o.secret_len = 12;
	cl = pttls_client_new(&o);
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	pttls_client_free(cl);
	/* No CA: the system store does not know the test CA. */
	o.cacert = NULL;
	o.host = "127.0.0.1";
	cl = pttls_client_new(&o);
	cr_assert_eq(pttls_client_connect(cl), NEA_ECRYPTO);
	cr_assert(strstr(pttls_client_error(cl), "server certificate not accepted") != NULL, "%s",
		  pttls_client_error(cl));
	pttls_client_free(cl);
}

Test(pttlsd_proc, malformed_messages_get_errors_while_a_good_client_goes_on)
{
	static const uint8_t vreq[] = { 0, 1, 1, 1 };
	pttls_client_t *good;
	uint8_t buf[4096];
	size_t n, len;
	uint8_t *m;
	raw_t r;

	start_daemon(NULL);
	cr_assert(wait_log("connected to nea-brokerd", 1));
	good = client("hacker", "K8FW9/N0VIAJ", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(good), 0, "%s", pttls_client_error(good));
	exchange(good, "first");

	/* 1. A header whose length is below 16: Malformed Message, closed. */
	raw_open(&r);
	{
		static const uint8_t bad[16] = { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0 };

		raw_write(&r, bad, sizeof(bad));
	}
	n = raw_read_all(&r, buf, sizeof(buf));
	expect_error_then_close(buf, n, PTTLS_ERR_MALFORMED_MESSAGE);
	raw_close(&r);

	/* 2. Version 2 only: Version Not Supported. */
	raw_open(&r);
	{
		static const uint8_t v2[] = { 0, 2, 2, 2 };

		m = pt_msg(PTTLS_VERSION_REQUEST, 0, v2, sizeof(v2), &len);
		raw_write(&r, m, len);
		free(m);
	}
	n = raw_read_all(&r, buf, sizeof(buf));
	expect_error_then_close(buf, n, PTTLS_ERR_VERSION_NOT_SUPPORTED);
	raw_close(&r);

	/* 3. A batch before authentication: Invalid Message after the
	 *    Version Response and the mechanism list. */
	raw_open(&r);
	m = pt_msg(PTTLS_VERSION_REQUEST, 0, vreq, sizeof(vreq), &len);
	raw_write(&r, m, len);
	free(m);
	m = pt_msg(PTTLS_PB_TNC_BATCH, 1, "x", 1, &len);
	raw_write(&r, m, len);
	free(m);
	n = raw_read_all(&r, buf, sizeof(buf));
	expect_error_then_close(buf, n, PTTLS_ERR_INVALID_MESSAGE);
	raw_close(&r);

	/* 4. Plain garbage instead of TLS: the handshake fails, nothing else. */
	{
		struct sockaddr_in sin = { .sin_family = AF_INET,
					   .sin_port = htons((uint16_t)port) };
		int fd = socket(AF_INET, SOCK_STREAM, 0);
		char junk[64];

		memset(junk, 'A', sizeof(junk));
		inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
		cr_assert_eq(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
		cr_assert_eq(write(fd, junk, sizeof(junk)), (ssize_t)sizeof(junk));
		while (read(fd, junk, sizeof(junk)) > 0)
			;
		close(fd);
	}

	/* The good client never noticed. */
	exchange(good, "second");
	finish(good);
	pttls_client_free(good);
	cr_assert(wait_log("sending PT-TLS error 'Malformed Message' and closing", 1));
	cr_assert(wait_log("sending PT-TLS error 'Version Not Supported' and closing", 1));
	cr_assert(wait_log("sending PT-TLS error 'Invalid Message' and closing", 1));
	cr_assert(wait_log("TLS handshake failed", 1));
	cr_assert_eq(fake_get(&fake.opens), 1, "only the good client reached the broker");
}

Test(pttlsd_proc, broker_loss_fails_open_connections_and_refuses_new_ones)
{
	pttls_client_t *cl;
	uint8_t *in = NULL;
	size_t len = 0;
	int rc;

	start_daemon(NULL);
	cr_assert(wait_log("connected to nea-brokerd", 1));
	cl = client("jane", "3s9RFGdWE5EW", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	exchange(cl, "before");
	/* The broker goes away: the open connection is closed. */
	pthread_mutex_lock(&fake.mu);
	fake.drop_links = true;
	pthread_mutex_unlock(&fake.mu);
	uv_async_send(&fake.wake);
	cr_assert(wait_log("lost nea-brokerd (", 1));
	rc = pttls_client_send_batch(cl, (const uint8_t *)"after", 5);
	if (rc == 0)
		rc = pttls_client_recv_batch(cl, &in, &len);
	cr_assert_lt(rc, 0, "the connection survived the broker's loss");
	cr_assert_null(in);
	pttls_client_free(cl);
	/* It comes back (the link reconnects) and serves again. */
	cr_assert(wait_log("connected to nea-brokerd", 2));
	/* Gone for longer: new connections are refused until it is back. */
	pthread_mutex_lock(&fake.mu);
	fake.pause = true;
	pthread_mutex_unlock(&fake.mu);
	uv_async_send(&fake.wake);
	cr_assert(wait_log("lost nea-brokerd (", 2));
	cl = client("jane", "3s9RFGdWE5EW", NULL, NULL, NULL);
	cr_assert_lt(pttls_client_connect(cl), 0, "admitted without a broker");
	pttls_client_free(cl);
	cr_assert(wait_log("refusing PT-TLS stream from 127.0.0.1: nea-brokerd is not connected", 1));
	pthread_mutex_lock(&fake.mu);
	fake.resume = true;
	pthread_mutex_unlock(&fake.mu);
	uv_async_send(&fake.wake);
	cr_assert(wait_log("connected to nea-brokerd", 3));
	cl = client("jane", "3s9RFGdWE5EW", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	exchange(cl, "again");
	finish(cl);
	pttls_client_free(cl);
}

Test(pttlsd_proc, many_concurrent_connections)
{
	enum { N = 24 };
	pttls_client_t *cl[N];

	start_daemon(NULL);
	cr_assert(wait_log("connected to nea-brokerd", 1));
	for (int i = 0; i < N; i++) {
		cl[i] = client(i % 2 ? "jane" : NULL, i % 2 ? "3s9RFGdWE5EW" : NULL,
			       i % 2 ? NULL : "janeCert.pem", i % 2 ? NULL : "janeKey.pem", NULL);
		cr_assert_eq(pttls_client_connect(cl[i]), 0, "%d: %s", i,
			     pttls_client_error(cl[i]));
	}
	/* Interleaved: every connection has its own conversation. */
	for (int i = N - 1; i >= 0; i--) {
		char t[32];

		snprintf(t, sizeof(t), "batch of %d", i);
		exchange(cl[i], t);
	}
	for (int i = 0; i < N; i++) {
		finish(cl[i]);
		pttls_client_free(cl[i]);
	}
	cr_assert_eq(fake_get(&fake.opens), N);
}

Test(pttlsd_proc, libtls_suites_restrict_the_handshake)
{
	pttls_client_t *cl;
	const pttls_client_info_t *info;

	/* Only one TLS 1.2 suite: TLS 1.3 is off, that suite is chosen. */
	top_extra = "libtls { suites = TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 }";
	start_daemon(NULL);
	cl = client("jane", "3s9RFGdWE5EW", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	info = pttls_client_info(cl);
	cr_assert_str_eq(info->tls_version, "TLS 1.2");
	cr_assert_str_eq(info->suite, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
	pttls_client_free(cl);
}

Test(pttlsd_proc, unknown_suite_name_stops_the_daemon)
{
	int st;
	uint64_t end = now_ms() + WAIT_MS;
	const char *bin = getenv("NEA_BIN_DIR");
	char exe[512];

	top_extra = "libtls { suites = TLS_NO_SUCH_SUITE }";
	write_conf(NULL);
	snprintf(exe, sizeof(exe), "%s/nea-pttlsd", bin);
	daemon_pid = fork();
	if (daemon_pid == 0) {
		int fd = open(logpath, O_WRONLY | O_CREAT | O_APPEND, 0600);

		dup2(fd, 2);
		execl(exe, exe, "--config", confpath, "--foreground", (char *)NULL);
		_exit(127);
	}
	while (waitpid(daemon_pid, &st, WNOHANG) == 0) {
		cr_assert_lt(now_ms(), end, "nea-pttlsd kept running with a bad suite");
		usleep(20000);
	}
	daemon_pid = -1;
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) != 0);
	cr_assert(wait_log("unknown TLS cipher suite 'TLS_NO_SUCH_SUITE'", 1));
}

/* `nea pt-tls-client` with the real nea-imcd and its IMCs against a server
 * whose broker answers with the RESULT batch strongSwan's PDP sent in the
 * captured run 2: the verdict, reason and the Scanner IMV's remediation
 * instructions are printed and the exit status says "no access". */
Test(pttlsd_proc, cli_prints_the_captured_strongswan_verdict)
{
	const char *bin = getenv("NEA_BIN_DIR");
	char cmd[2048], cconf[256], line[512], out[16384];
	size_t have = 0;
	FILE *p, *f;
	vec_t v;
	int st;

	cr_assert(vec_load("captures/run2_password_warmdb_02_pdp_sent_RESULT.hex", &v));
	pthread_mutex_lock(&fake.mu);
	fake.result = v.data;
	fake.result_len = v.len;
	pthread_mutex_unlock(&fake.mu);
	start_daemon(NULL);
	cr_assert(wait_log("connected to nea-brokerd", 1));
	snprintf(cconf, sizeof(cconf), "%s/client.conf", tmpdir);
	f = fopen(cconf, "w");
	cr_assert_not_null(f);
	fprintf(f, "nea { tnc_config = %s/deploy/examples/tnc_config.client\n log { default = 0 } }\n",
		src_dir());
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "NEA_PT_TLS_SECRET=3s9RFGdWE5EW '%s/nea' pt-tls-client --connect 127.0.0.1 "
		 "--port %d --client jane --cacert '%s/deploy/examples/pki/caCert.pem' "
		 "--config '%s' 2>>'%s/client.err'",
		 bin, port, src_dir(), cconf, tmpdir);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	while (fgets(line, sizeof(line), p) && have + strlen(line) < sizeof(out)) {
		memcpy(out + have, line, strlen(line));
		have += strlen(line);
	}
	out[have] = '\0';
	st = pclose(p);
	cr_log_info("nea pt-tls-client printed:\n%s", out);
	cr_assert(WIFEXITED(st), "%s", out);
	cr_assert_eq(WEXITSTATUS(st), 3, "exit %d, expected 3 (no access):\n%s", WEXITSTATUS(st),
		     out);
	cr_assert(strstr(out, "client authentication: SASL PLAIN as 'jane'\n"), "%s", out);
	cr_assert(strstr(out, "IMCs: 2\n"), "%s", out);
	cr_assert(strstr(out, "recommendation: no access\n"), "%s", out);
	cr_assert(strstr(out, "evaluation: non-compliant minor\n"), "%s", out);
	cr_assert(strstr(out, "reason: Open server ports were detected [en]\n"), "%s", out);
	cr_assert(strstr(out, "from IMV 2 (IETF/Firewall):\n"), "%s", out);
	cr_assert(strstr(out, "assessment result: non-compliant minor\n"), "%s", out);
	cr_assert(strstr(out, "Open Server Ports"), "%s", out);
	cr_assert(strstr(out, "verdict: no access\n"), "%s", out);
	/* The CDATA of the real IMCs reached the broker, then the CLOSE. */
	cr_assert_eq(fake_get(&fake.batches), 2, "%s", out);
	cr_assert(wait_log("final recommendation is 'allow'", 1));
}

/* SIGHUP (standalone) re-reads the EAP secrets: a changed password takes
 * effect for new connections without a restart. */
Test(pttlsd_proc, reload_swaps_the_secrets)
{
	static char path[256];
	pttls_client_t *cl;
	FILE *f;

	snprintf(path, sizeof(path), "%s/swanctl.conf", tmpdir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "secrets { eap-jane { id = jane\n secret = first-secret } }\n");
	fclose(f);
	swanctl_path = path;
	start_daemon(NULL);
	cr_assert(wait_log("connected to nea-brokerd", 1));
	cl = client("jane", "first-secret", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	pttls_client_free(cl);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "secrets { eap-jane { id = jane\n secret = second-secret } }\n");
	fclose(f);
	cr_assert_eq(kill(daemon_pid, SIGHUP), 0);
	cr_assert(wait_log("loaded 1 EAP secret from", 2), "no reload:\n%s", read_log());
	cl = client("jane", "first-secret", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), NEA_EAUTH, "the old password still works");
	pttls_client_free(cl);
	cl = client("jane", "second-secret", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	pttls_client_free(cl);
}

/* Without nea.pttls.address: an IPv4 and an IPv6-only socket on one port;
 * an IPv6 peer is a machine identity of type IPv6 address. */
Test(pttlsd_proc, ipv6_peer_over_the_dual_listener)
{
	pttls_client_opts_t o = { .host = "[::1]", .client_id = "jane",
				  .secret = (const uint8_t *)"3s9RFGdWE5EW", .secret_len = 12,
				  .timeout_ms = WAIT_MS };
	pttls_client_t *cl;
	char ca[512];
	int fd = socket(AF_INET6, SOCK_STREAM, 0);
	struct sockaddr_in6 probe = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };

	if (fd < 0 || bind(fd, (struct sockaddr *)&probe, sizeof(probe)) != 0) {
		if (fd >= 0)
			close(fd);
		cr_skip_test("no IPv6 loopback here");
	}
	close(fd);
	listen_addr = "";
	start_daemon(NULL);
	cr_assert(wait_log("PT-TLS server listening on 0.0.0.0 and :: port", 1), "%s", read_log());
	cr_assert(wait_log("connected to nea-brokerd", 1));
	snprintf(ca, sizeof(ca), "%s/deploy/examples/pki/caCert.pem", src_dir());
	o.cacert = ca;
	o.port = (uint16_t)port;
	cl = pttls_client_new(&o);
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	cr_assert_str_eq(pttls_client_info(cl)->addr, "::1");
	exchange(cl, "over IPv6");
	finish(cl);
	pttls_client_free(cl);
	/* And IPv4 on the same port. */
	cl = client("jane", "3s9RFGdWE5EW", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	pttls_client_free(cl);
	pthread_mutex_lock(&fake.mu);
	cr_assert_str_eq(fake.peer_addr, "::1");
	cr_assert_eq(fake.n_ids, 2);
	cr_assert_str_eq(fake.ids[1].value, "::1");
	cr_assert_eq(fake.ids[1].type, 2); /* IPv6 address */
	pthread_mutex_unlock(&fake.mu);
}

/* The timers: a peer that never finishes the handshake, a client that
 * falls silent while it has the turn, and a broker that never answers
 * (which is told the connection failed). */
Test(pttlsd_proc, timeouts_close_stuck_connections)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	pttls_client_t *cl;
	uint8_t *in = NULL;
	size_t len = 0;
	char junk[16];
	int fd;

	start_daemon("handshake_timeout_ms = 300\n idle_timeout_ms = 300\n broker_timeout_ms = 300");
	cr_assert(wait_log("connected to nea-brokerd", 1));
	/* 1. TCP only, no ClientHello. */
	sin.sin_port = htons((uint16_t)port);
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_eq(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	{
		struct timeval tv = { .tv_sec = WAIT_MS / 1000 };

		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	cr_assert_eq(read(fd, junk, sizeof(junk)), 0, "the server kept a silent peer");
	close(fd);
	cr_assert(wait_log("TLS handshake not complete after 300 ms", 1));
	/* 2. Authenticated, then silent while the client has the turn. */
	cl = client("jane", "3s9RFGdWE5EW", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	cr_assert(wait_log("client idle for 300 ms", 1));
	cr_assert_eq(pttls_client_recv_batch(cl, &in, &len), NEA_ECLOSED);
	pttls_client_free(cl);
	/* 3. The broker keeps the batch and never answers. */
	cl = client("jane", "3s9RFGdWE5EW", NULL, NULL, NULL);
	cr_assert_eq(pttls_client_connect(cl), 0, "%s", pttls_client_error(cl));
	cr_assert_eq(pttls_client_send_batch(cl, (const uint8_t *)"SILENT", 6), 0);
	cr_assert_eq(pttls_client_recv_batch(cl, &in, &len), NEA_ECLOSED, "%s",
		     pttls_client_error(cl));
	pttls_client_free(cl);
	cr_assert(wait_log("no answer from nea-brokerd within 300 ms", 1));
	{
		uint64_t end = now_ms() + WAIT_MS;

		while (fake_get(&fake.closes_in) < 1 && now_ms() < end)
			usleep(20000);
	}
	cr_assert_eq(fake_get(&fake.closes_in), 1, "the broker was not told");
}

/*
 * The real nea-imcd. One-shot mode (`nea-imcd --broker-fd 3 --config F`,
 * as nea pt-tls-client's client broker starts it) behind a fake client
 * broker on a socketpair: ModuleRegister first, the captured first CDATA's
 * PA-TNC messages (all but their random message IDs) on HANDSHAKE, the
 * server's assessment and outcome in the log, exit 0 when the broker hangs
 * up; refusals of a bad descriptor and of a broker breaking the protocol.
 * Daemon mode: imc.sock in the run directory serving two brokers at once,
 * each with its own connections, and SIGTERM.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "imc_fixture.h"
#include "imc_file.h"
#include "nea.pb-c.h"
#include "nea_buf.h"
#include "nea_hex.h"
#include "nea_ipc.h"

typedef struct {
	char dir[256];
	char conf[512];
	char log[512];
	pid_t pid;
	int fd;
} imcd_t;

static imcd_t d;

static void write_config(const char *extra)
{
	char fx[4096], text[8192], tnc[600];
	int n;

	imcf_path(fx, sizeof(fx), "debian12");
	snprintf(tnc, sizeof(tnc), "%s/tnc_config", d.dir);
	imcf_write(d.dir, "tnc_config",
		   "IMC \"OS\" /usr/lib/ipsec/imcvs/imc-os.so\n"
		   "IMC \"Scanner\" /usr/lib/ipsec/imcvs/imc-scanner.so\n",
		   strlen("IMC \"OS\" /usr/lib/ipsec/imcvs/imc-os.so\n"
			  "IMC \"Scanner\" /usr/lib/ipsec/imcvs/imc-scanner.so\n"));
	n = snprintf(text, sizeof(text),
		     "nea {\n"
		     "  tnc_config = %s\n"
		     "  log { default = 2 }\n"
		     "  imcd {\n"
		     "    os_release = %s/etc/os-release\n"
		     "    proc = %s/proc\n"
		     "    dpkg_status = %s/var/lib/dpkg/status\n"
		     "    machine_id = %s/etc/machine-id\n"
		     "    machine = x86_64\n"
		     "  }\n"
		     "}\n%s",
		     tnc, fx, fx, fx, fx, extra ? extra : "");
	cr_assert(n > 0 && (size_t)n < sizeof(text));
	imcf_write(d.dir, "nea.conf", text, (size_t)n);
	snprintf(d.conf, sizeof(d.conf), "%s/nea.conf", d.dir);
}

/* Start nea-imcd: with our socket as fd 3 (or the given argument), or
 * without fd_arg in daemon mode. */
static void spawn(const char *fd_arg)
{
	const char *bin = getenv("NEA_BIN_DIR");
	char exe[1024];
	int sv[2];

	cr_assert_not_null(bin, "NEA_BIN_DIR not set");
	snprintf(exe, sizeof(exe), "%s/nea-imcd", bin);
	snprintf(d.log, sizeof(d.log), "%s/imcd.log", d.dir);
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	d.pid = fork();
	cr_assert_geq(d.pid, 0);
	if (d.pid == 0) {
		int log = open(d.log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		/* dup2 onto itself would keep close-on-exec: clear it explicitly. */
		if (log < 0 || dup2(log, 2) < 0 || (sv[1] != 3 && dup2(sv[1], 3) < 0) ||
		    fcntl(3, F_SETFD, 0) < 0)
			_exit(126);
		if (fd_arg)
			execl(exe, exe, "--broker-fd", fd_arg, "--config", d.conf, "--foreground",
			      (char *)NULL);
		else
			execl(exe, exe, "--config", d.conf, "--foreground", (char *)NULL);
		_exit(127);
	}
	close(sv[1]);
	d.fd = sv[0];
}

static void init(void)
{
	memset(&d, 0, sizeof(d));
	d.fd = -1;
	d.pid = -1;
	imcf_tmpdir(d.dir, sizeof(d.dir));
	write_config(NULL);
}

static int wait_exit(unsigned ms)
{
	int status;

	for (unsigned waited = 0; waited < ms; waited += 10) {
		pid_t r = waitpid(d.pid, &status, WNOHANG);

		if (r == d.pid) {
			d.pid = -1;
			return status;
		}
		usleep(10000);
	}
	return -1;
}

static void fini(void)
{
	const char *keep = getenv("NEA_TEST_KEEP_LOG");
	char cmd[1200];

	/* NEA_TEST_KEEP_LOG=FILE keeps nea-imcd's log of the last test. */
	if (keep && *keep) {
		snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", d.log, keep);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot keep %s\n", d.log);
	}
	if (d.fd >= 0)
		close(d.fd);
	if (d.pid > 0) {
		kill(d.pid, SIGKILL);
		waitpid(d.pid, NULL, 0);
	}
	imcf_rmtree(d.dir);
}

TestSuite(imcd_oneshot, .init = init, .fini = fini, .timeout = 30);
TestSuite(imcd_daemon, .init = init, .fini = fini, .timeout = 30);

/* The end of nea-imcd's log, for failure messages. */
static const char *log_tail(void)
{
	static char tail[2048];
	char *text = NULL;
	size_t len = 0;

	tail[0] = '\0';
	if (imc_file_read(d.log, 16u << 20, &text, &len) == 0) {
		snprintf(tail, sizeof(tail), "%s", len > 2000 ? text + len - 2000 : text);
		free(text);
	}
	return tail;
}

static void read_full(int fd, uint8_t *buf, size_t n)
{
	size_t have = 0;

	while (have < n) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t r;

		cr_assert_eq(poll(&p, 1, 10000), 1, "nea-imcd sent nothing for 10 s:\n%s", log_tail());
		r = read(fd, buf + have, n - have);
		cr_assert_gt(r, 0, "nea-imcd closed the link:\n%s", log_tail());
		have += (size_t)r;
	}
}

static Nea__Envelope *recv_on(int fd)
{
	static const int any[] = {
		NEA__ENVELOPE__BODY_MODULE_REGISTER, NEA__ENVELOPE__BODY_PA_MESSAGE,
		NEA__ENVELOPE__BODY_BATCH_ENDING,    NEA__ENVELOPE__BODY_RECOMMENDATION,
		NEA__ENVELOPE__BODY_RETRY,
	};
	uint8_t hdr[4], *body;
	Nea__Envelope *env;
	const char *why = NULL;
	uint32_t n;

	read_full(fd, hdr, 4);
	n = nea_get_u32(hdr);
	cr_assert_leq(n, 4u << 20);
	body = malloc(n ? n : 1);
	cr_assert_not_null(body);
	read_full(fd, body, n);
	cr_assert_eq(ipc_frame_unpack(body, n, any, sizeof(any) / sizeof(any[0]), &env, &why), 0,
		     "bad frame from nea-imcd: %s", why ? why : "?");
	free(body);
	return env;
}

static Nea__Envelope *recv_env(void)
{
	return recv_on(d.fd);
}

static void send_on(int fd, Nea__Envelope *env)
{
	uint8_t *frame;
	size_t len;

	cr_assert_eq(ipc_frame_pack(env, 0, &frame, &len), 0);
	cr_assert_eq(write(fd, frame, len), (ssize_t)len);
	free(frame);
}

static void send_env(Nea__Envelope *env)
{
	send_on(d.fd, env);
}

static void state_on(int fd, uint64_t conn, Nea__ConnState st)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnStateChange cs = NEA__CONN_STATE_CHANGE__INIT;
	Nea__ConnAttributes a = NEA__CONN_ATTRIBUTES__INIT;

	cs.state = st;
	if (st == NEA__CONN_STATE__CONN_CREATE) {
		a.has_transport = true;
		a.transport = NEA__TRANSPORT__TRANSPORT_PT_TLS;
		a.has_max_msg_size = true;
		a.max_msg_size = 2097104;
		cs.attrs = &a;
	}
	env.has_conn_id = true;
	env.conn_id = conn;
	env.body_case = NEA__ENVELOPE__BODY_CONN_STATE;
	env.conn_state = &cs;
	send_on(fd, &env);
}

static void send_state(uint64_t conn, Nea__ConnState st)
{
	state_on(d.fd, conn, st);
}

static bool log_has(const char *needle)
{
	char *text;
	size_t len;
	bool found;

	cr_assert_eq(imc_file_read(d.log, 16u << 20, &text, &len), 0);
	found = strstr(text, needle) != NULL;
	free(text);
	return found;
}

/* The captured batch's PB-PA bodies (independent walker, no codec). */
static size_t captured_pa(const char *rel, const uint8_t **bodies, size_t *lens, uint8_t **keep)
{
	char path[4096];
	size_t tlen, n = 0, blen = 0, off = 8;
	char *text;
	uint8_t *b;
	int hi = -1;

	snprintf(path, sizeof(path), "%s/tests/vectors/captures/%s", getenv("NEA_SOURCE_DIR"),
		 rel);
	cr_assert_eq(imc_file_read(path, 1u << 20, &text, &tlen), 0);
	b = malloc(tlen / 2 + 1);
	cr_assert_not_null(b);
	for (size_t i = 0; i < tlen; i++) {
		char c = text[i];
		int v = nea_hex_digit((unsigned char)c);

		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			b[blen++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	free(text);
	while (off + 12 <= blen && n < 4) {
		uint32_t type = nea_get_u32(b + off + 4), len = nea_get_u32(b + off + 8);

		cr_assert_geq(len, 12);
		cr_assert_leq(len, blen - off);
		if (type == 1) {
			bodies[n] = b + off + 24;
			lens[n++] = len - 24;
		}
		off += len;
	}
	*keep = b;
	return n;
}

Test(imcd_oneshot, assessment_round_trip)
{
	const uint8_t *want[4];
	size_t want_len[4];
	uint8_t *keep;
	Nea__Envelope *env;
	int status;

	cr_assert_eq(captured_pa("run1_password_freshdb_01_pdp_recv_CDATA.hex", want, want_len,
				 &keep),
		     3);
	spawn("3");
	env = recv_env();
	cr_assert_eq(env->body_case, NEA__ENVELOPE__BODY_MODULE_REGISTER);
	cr_assert_eq(env->module_register->n_modules, 2);
	cr_assert_str_eq(env->module_register->modules[0]->name, "OS");
	cr_assert_str_eq(env->module_register->modules[1]->name, "Scanner");
	nea__envelope__free_unpacked(env, NULL);

	send_state(1, NEA__CONN_STATE__CONN_CREATE);
	send_state(1, NEA__CONN_STATE__CONN_HANDSHAKE);
	for (size_t i = 0; i < 2; i++) {
		const Nea__PaMessage *pa;

		env = recv_env();
		cr_assert_eq(env->body_case, NEA__ENVELOPE__BODY_PA_MESSAGE);
		cr_assert_eq(env->conn_id, 1);
		pa = env->pa_message;
		cr_assert_eq(pa->src_id, i + 1);
		cr_assert_eq(pa->dst_id, 0xffff);
		cr_assert_not(pa->exclusive);
		/* The captured message but for its random message ID (bytes 4..7). */
		cr_assert_eq(pa->body.len, want_len[i]);
		cr_assert_arr_eq(pa->body.data, want[i], 4);
		cr_assert_arr_eq(pa->body.data + 8, want[i] + 8, want_len[i] - 8);
		nea__envelope__free_unpacked(env, NULL);
	}
	env = recv_env();
	cr_assert_eq(env->body_case, NEA__ENVELOPE__BODY_BATCH_ENDING);
	nea__envelope__free_unpacked(env, NULL);
	free(keep);

	/* The server's SDATA: the Scanner IMV's assessment with remediation. */
	cr_assert_eq(captured_pa("run1_password_freshdb_02_pdp_sent_SDATA.hex", want, want_len,
				 &keep),
		     4);
	{
		Nea__Envelope e = NEA__ENVELOPE__INIT;
		Nea__PaMessage pa = NEA__PA_MESSAGE__INIT;
		Nea__BatchEnding be = NEA__BATCH_ENDING__INIT;

		pa.vendor = 0;
		pa.subtype = 5;
		pa.src_id = 2;
		pa.dst_id = 0xffff;
		pa.body.data = (uint8_t *)want[2];
		pa.body.len = want_len[2];
		e.has_conn_id = true;
		e.conn_id = 1;
		e.body_case = NEA__ENVELOPE__BODY_PA_MESSAGE;
		e.pa_message = &pa;
		send_env(&e);
		e.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
		e.batch_ending = &be;
		send_env(&e);
	}
	free(keep);
	env = recv_env();
	cr_assert_eq(env->body_case, NEA__ENVELOPE__BODY_BATCH_ENDING, "nothing to answer");
	nea__envelope__free_unpacked(env, NULL);
	{
		Nea__Envelope e = NEA__ENVELOPE__INIT;
		Nea__AssessmentOutcome o = NEA__ASSESSMENT_OUTCOME__INIT;
		char text[] = "Close tcp/271\nthen \x1b[1mretry", *rem[] = { text };

		o.recommendation = 2; /* PB-TNC: Access Denied */
		o.evaluation = 1;     /* non-compliant minor */
		o.reason = "Open server ports were detected";
		o.reason_lang = "en";
		o.n_remediation = 1;
		o.remediation = rem;
		e.has_conn_id = true;
		e.conn_id = 1;
		e.body_case = NEA__ENVELOPE__BODY_OUTCOME;
		e.outcome = &o;
		send_env(&e);
	}
	send_state(1, NEA__CONN_STATE__CONN_ACCESS_NONE);
	send_state(1, NEA__CONN_STATE__CONN_DELETE);
	close(d.fd);
	d.fd = -1;
	status = wait_exit(10000);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit status 0x%x", status);
	/* The operator's story, as strongSwan's client tells it. */
	cr_assert(log_has("IMC 1 \"OS\" initialized"));
	cr_assert(log_has("operating system version is '12 x86_64'"));
	cr_assert(log_has("device ID is 3d1219c7c4c5404aaa1f6d2a48adfda4"));
	cr_assert(log_has("***** assessment of IMC 2 \"Scanner\" from IMV 2 *****"));
	cr_assert(log_has("assessment result is 'non-compliant minor'"));
	cr_assert(log_has("Open Server Ports"));
	cr_assert(log_has("      tcp/271"));
	cr_assert(log_has("reason string is 'Open server ports were detected' [en]"));
	cr_assert(log_has("changed state of Connection ID 1 to 'None'"));
	/* Relayed remediation: line by line, the escape character defused. */
	cr_assert(log_has("[IMC]   Close tcp/271\n"));
	cr_assert(log_has("[IMC]   then ?[1mretry\n"));
}

Test(imcd_oneshot, broker_breaking_the_protocol_is_cut_off)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT, *got;
	Nea__Recommendation r = NEA__RECOMMENDATION__INIT;
	int status;

	spawn("3");
	got = recv_env();
	cr_assert_eq(got->body_case, NEA__ENVELOPE__BODY_MODULE_REGISTER);
	nea__envelope__free_unpacked(got, NULL);
	/* A Recommendation is host -> broker only. */
	env.body_case = NEA__ENVELOPE__BODY_RECOMMENDATION;
	env.recommendation = &r;
	send_env(&env);
	status = wait_exit(10000);
	cr_assert(WIFEXITED(status), "nea-imcd did not exit (0x%x)", status);
}

Test(imcd_oneshot, bad_descriptor_refused)
{
	int status;

	spawn("abc");
	status = wait_exit(10000);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 2, "exit status 0x%x", status);
	cr_assert(log_has("is not a descriptor number"));
	spawn("77"); /* a number, but nothing open there */
	status = wait_exit(10000);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) != 0, "exit status 0x%x", status);
}

Test(imcd_oneshot, missing_tnc_config_fails_start)
{
	int status;

	write_config("nea { tnc_config = /nonexistent/tnc_config }\n");
	spawn("3");
	status = wait_exit(10000);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) != 0, "exit status 0x%x", status);
	cr_assert(log_has("cannot load the IMC list"));
}

/* ---- daemon mode ---------------------------------------------------------- */

static int connect_imc_sock(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	for (int tries = 0; tries < 1000; tries++) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		cr_assert_geq(fd, 0);
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		close(fd);
		usleep(10000);
	}
	cr_assert_fail("%s never accepted a connection:\n%s", path, log_tail());
	return -1;
}

static void expect_handshake(int fd, uint64_t conn)
{
	Nea__Envelope *env;

	state_on(fd, conn, NEA__CONN_STATE__CONN_CREATE);
	state_on(fd, conn, NEA__CONN_STATE__CONN_HANDSHAKE);
	for (uint32_t id = 1; id <= 2; id++) {
		env = recv_on(fd);
		cr_assert_eq(env->body_case, NEA__ENVELOPE__BODY_PA_MESSAGE);
		cr_assert_eq(env->conn_id, conn);
		cr_assert_eq(env->pa_message->src_id, id);
		nea__envelope__free_unpacked(env, NULL);
	}
	env = recv_on(fd);
	cr_assert_eq(env->body_case, NEA__ENVELOPE__BODY_BATCH_ENDING);
	nea__envelope__free_unpacked(env, NULL);
}

Test(imcd_daemon, two_brokers_on_imc_sock)
{
	char extra[600], sock[600];
	Nea__Envelope *env, be = NEA__ENVELOPE__INIT;
	Nea__BatchEnding b = NEA__BATCH_ENDING__INIT;
	int a, c, status;

	snprintf(extra, sizeof(extra), "nea { rundir = %s/run }\n", d.dir);
	write_config(extra);
	snprintf(sock, sizeof(sock), "%s/run/imc.sock", d.dir);
	spawn(NULL);
	a = connect_imc_sock(sock);
	c = connect_imc_sock(sock);
	for (int i = 0; i < 2; i++) {
		env = recv_on(i ? c : a);
		cr_assert_eq(env->body_case, NEA__ENVELOPE__BODY_MODULE_REGISTER);
		cr_assert_eq(env->module_register->n_modules, 2);
		nea__envelope__free_unpacked(env, NULL);
	}
	/* The same Connection ID on two links: two connections. */
	expect_handshake(a, 1);
	expect_handshake(c, 1);
	close(a);
	be.has_conn_id = true;
	be.conn_id = 1;
	be.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
	be.batch_ending = &b;
	send_on(c, &be);
	env = recv_on(c);
	cr_assert_eq(env->body_case, NEA__ENVELOPE__BODY_BATCH_ENDING, "still serving:\n%s",
		     log_tail());
	nea__envelope__free_unpacked(env, NULL);
	close(c);
	cr_assert_eq(kill(d.pid, SIGTERM), 0);
	status = wait_exit(10000);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "exit status 0x%x", status);
	cr_assert(log_has("client broker pid"));
	cr_assert(log_has("disconnected"));
}

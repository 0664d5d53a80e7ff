/*
 * The server side of an assessment with the real daemons: nea-policyd
 * (fresh database from the seed), nea-brokerd and nea-imvd, started
 * standalone in a temp dir; this test is the front end on broker.sock
 * (what nea-pttlsd does after TLS and SASL) and replays the strongSwan
 * client's captured CDATA batches. The Default group of the seed database
 * gives the capture's workitems, so the verdict must be strongSwan's:
 * no access / non-compliant minor / "Open server ports were detected";
 * with the policy allowing TCP 271 the same endpoint gets allow. `nea
 * sessions` and `nea devices` then show both sessions.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_hex.h"
#include "nea_ipc.h"
#include "pbtnc_batch.h"

#define WAIT_MS 15000
#define CAP "captures/run1_password_freshdb_"

static struct {
	char dir[32], conf[64], run[64];
	pid_t pid[3];
	int fe;
} sv;

static const char *const daemons[] = { "nea-policyd", "nea-brokerd", "nea-imvd" };

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 4 << 20);
	size_t n = 0;

	cr_assert_not_null(buf);
	if (f) {
		n = fread(buf, 1, (4 << 20) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static bool log_has(const char *daemon, const char *what)
{
	char path[96];
	char *s;
	bool found;

	snprintf(path, sizeof(path), "%s/%s.log", sv.dir, daemon);
	s = slurp(path);
	found = strstr(s, what) != NULL;
	free(s);
	return found;
}

static void wait_log(const char *daemon, const char *what)
{
	for (int i = 0; i < WAIT_MS / 20; i++) {
		if (log_has(daemon, what))
			return;
		usleep(20000);
	}
	cr_assert_fail("%s never logged '%s' (see %s)", daemon, what, sv.dir);
}

static pid_t spawn(const char *name)
{
	const char *bd = getenv("NEA_BIN_DIR");
	char bin[512], log[96];
	pid_t pid;

	cr_assert_not_null(bd, "NEA_BIN_DIR is not set (run through ctest)");
	snprintf(bin, sizeof(bin), "%s/%s", bd, name);
	snprintf(log, sizeof(log), "%s/%s.log", sv.dir, name);
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int out = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);

		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		unsetenv("NEA_MASTER_FD");
		execl(bin, name, "--config", sv.conf, "--foreground", (char *)NULL);
		_exit(127);
	}
	return pid;
}

static void setup(void)
{
	char text[2048], path[96];
	bool root = geteuid() == 0;

	signal(SIGPIPE, SIG_IGN);
	memset(&sv, 0, sizeof(sv));
	strcpy(sv.dir, "/tmp/nea-imvs-XXXXXX");
	cr_assert_not_null(mkdtemp(sv.dir));
	chmod(sv.dir, 0755);
	snprintf(sv.conf, sizeof(sv.conf), "%s/nea.conf", sv.dir);
	snprintf(sv.run, sizeof(sv.run), "%s/run", sv.dir);
	snprintf(path, sizeof(path), "%s/tnc_config", sv.dir);
	write_file(path, "IMV \"OS\"      /usr/lib/ipsec/imcvs/imv-os.so\n"
			 "IMV \"Scanner\" /usr/lib/ipsec/imcvs/imv-scanner.so\n");
	snprintf(text, sizeof(text),
		 "nea {\n  rundir = %s\n  tnc_config = %s/tnc_config\n%s"
		 "  ipc {\n    reconnect_delay_ms = 50\n    reconnect_delay_max_ms = 200\n  }\n"
		 "  log {\n    default = 1\n    imv = 2\n  }\n}\n"
		 "libimcv {\n  database = sqlite://%s/db/config.db\n}\n",
		 sv.run, sv.dir,
		 root ? "  users {\n    policyd = root\n    brokerd = root\n    imvd = root\n"
			"    pttlsd = root\n    iked = root\n  }\n  group = root\n"
		      : "",
		 sv.dir);
	write_file(sv.conf, text);
	for (size_t i = 0; i < 3; i++) {
		sv.pid[i] = spawn(daemons[i]);
		if (i == 0)
			wait_log("nea-policyd", "ready");
		if (i == 1)
			wait_log("nea-brokerd", "ready");
	}
	/* the broker names the IMVs once nea-imvd has registered them */
	wait_log("nea-brokerd", "IMV 2 supports 1 message type: 'IETF/Firewall'");
	wait_log("nea-imvd", "connected to nea-policyd");
	snprintf(path, sizeof(path), "%s/broker.sock", sv.run);
	cr_assert_eq(ipc_sync_connect(path, &sv.fe), 0, "cannot reach broker.sock");
}

static void teardown(void)
{
	char cmd[96];

	if (sv.fe > 0)
		close(sv.fe);
	for (size_t i = 3; i-- > 0;) {
		int status = -1;

		if (sv.pid[i] <= 0)
			continue;
		kill(sv.pid[i], SIGTERM);
		for (int k = 0; k < 500; k++) {
			if (waitpid(sv.pid[i], &status, WNOHANG) == sv.pid[i])
				break;
			usleep(10000);
		}
		if (status == -1) {
			kill(sv.pid[i], SIGKILL);
			waitpid(sv.pid[i], &status, 0);
		}
		cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			  "%s did not stop cleanly (status %d)", daemons[i], status);
	}
	if (!getenv("NEA_KEEP_TMP")) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", sv.dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", sv.dir);
	}
}

TestSuite(imv_server, .init = setup, .fini = teardown, .timeout = 120);

/* ------------------------------------------------------------ front end */

static uint8_t *load(const char *rel, size_t *len)
{
	char path[512];
	const char *src = getenv("NEA_SOURCE_DIR");
	char *hex;
	uint8_t *out;
	size_t n = 0;
	int hi = -1;

	cr_assert_not_null(src);
	snprintf(path, sizeof(path), "%s/tests/vectors/%s", src, rel);
	hex = slurp(path);
	out = malloc(strlen(hex) / 2 + 1);
	cr_assert_not_null(out);
	for (char *p = hex; *p; p++) {
		int v = nea_hex_digit((unsigned char)*p);

		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			out[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	free(hex);
	cr_assert_gt(n, 0, "empty vector %s", rel);
	*len = n;
	return out;
}

static void fe_send(Nea__Envelope *env, uint32_t conn)
{
	env->has_conn_id = true;
	env->conn_id = conn;
	cr_assert_eq(ipc_sync_send(sv.fe, env, IPC_MAX_FRAME_DEFAULT, ipc_sync_now_ms() + WAIT_MS),
		     0);
}

static Nea__Envelope *fe_recv(void)
{
	static const int cases[] = { NEA__ENVELOPE__BODY_BATCH, NEA__ENVELOPE__BODY_VERDICT,
				     NEA__ENVELOPE__BODY_CONN_CLOSE };
	Nea__Envelope *env = NULL;
	const char *why = NULL;
	int rc = ipc_sync_recv(sv.fe, cases, 3, IPC_MAX_FRAME_DEFAULT, ipc_sync_now_ms() + WAIT_MS,
			       &env, &why);

	cr_assert_eq(rc, 0, "nea-brokerd said nothing usable (%s%s%s; see %s)", nea_strerror(rc),
		     why ? ": " : "", why ? why : "", sv.dir);
	return env;
}

static void fe_open(uint32_t conn)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnOpen co = NEA__CONN_OPEN__INIT;
	Nea__Identity id = NEA__IDENTITY__INIT, *idp = &id;

	id.type = 5;
	id.subject = 2;
	id.auth = 2;
	id.value.data = (uint8_t *)"client1";
	id.value.len = 7;
	co.transport = NEA__TRANSPORT__TRANSPORT_PT_TLS;
	co.peer_addr = (char *)"127.0.0.1";
	co.n_identities = 1;
	co.identities = &idp;
	env.body_case = NEA__ENVELOPE__BODY_CONN_OPEN;
	env.conn_open = &co;
	fe_send(&env, conn);
}

/* Send a captured batch; returns the broker's answer batch (parsed as the
 * client parses it) in *b, the raw reply envelope as the return value. */
static Nea__Envelope *exchange(uint32_t conn, const char *rel, pbtnc_batch_t *b)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT, *rep;
	Nea__Batch bt = NEA__BATCH__INIT;
	pbtnc_recv_opts_t o = { .is_server = false };
	pbtnc_error_t perr;
	nea_perr_t err;
	size_t len;
	uint8_t *data = load(rel, &len);

	bt.data.data = data;
	bt.data.len = len;
	env.body_case = NEA__ENVELOPE__BODY_BATCH;
	env.batch = &bt;
	fe_send(&env, conn);
	free(data);
	rep = fe_recv();
	cr_assert_eq(rep->body_case, NEA__ENVELOPE__BODY_BATCH, "broker answered case %d",
		     (int)rep->body_case);
	memset(b, 0, sizeof(*b));
	memset(&err, 0, sizeof(err));
	cr_assert_eq(pbtnc_batch_parse(rep->batch->data.data, rep->batch->data.len, &o, b, &perr,
				       &err),
		     0, "broker batch refused at %zu: %s", err.offset, err.msg);
	return rep;
}

/* The client's empty CLOSE after the RESULT; returns the Verdict. */
static Nea__Envelope *close_for_verdict(uint32_t conn)
{
	static uint8_t close_batch[] = { 2, 0, 0, 6, 0, 0, 0, 8 };
	Nea__Envelope env = NEA__ENVELOPE__INIT, *v;
	Nea__Batch bt = NEA__BATCH__INIT;

	bt.data.data = close_batch;
	bt.data.len = sizeof(close_batch);
	env.body_case = NEA__ENVELOPE__BODY_BATCH;
	env.batch = &bt;
	fe_send(&env, conn);
	v = fe_recv();
	cr_assert_eq(v->body_case, NEA__ENVELOPE__BODY_VERDICT);
	return v;
}

static const pbtnc_msg_t *find_kind(const pbtnc_batch_t *b, pbtnc_kind_t k)
{
	for (size_t i = 0; i < b->n_msgs; i++) {
		if (b->msgs[i].kind == k)
			return &b->msgs[i];
	}
	return NULL;
}

static char *cli(const char *args)
{
	char cmd[1024], out[128];
	int st;

	snprintf(out, sizeof(out), "%s/cli.out", sv.dir);
	snprintf(cmd, sizeof(cmd), "%s/nea %s --config %s > %s 2>&1", getenv("NEA_BIN_DIR"), args,
		 sv.conf, out);
	st = system(cmd);
	cr_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0, "nea %s failed: %s", args, slurp(out));
	return slurp(out);
}

/* One assessment of the captured endpoint; returns the RESULT's access
 * recommendation (1 allowed, 2 denied, 3 isolated). */
static uint16_t assess(uint32_t conn, uint32_t *eval, char *reason, size_t rlen)
{
	Nea__Envelope *rep, *v;
	pbtnc_batch_t b;
	const pbtnc_msg_t *m;
	uint16_t access;

	fe_open(conn);
	rep = exchange(conn, CAP "01_pdp_recv_CDATA.hex", &b);
	if (b.hdr.type == PBTNC_BATCH_SDATA) {
		/* the OS IMV asks for Installed Packages: the capture's second CDATA */
		pbtnc_batch_free(&b);
		nea__envelope__free_unpacked(rep, NULL);
		rep = exchange(conn, CAP "03_pdp_recv_CDATA.hex", &b);
	}
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_RESULT, "batch type %u", b.hdr.type);
	m = find_kind(&b, PBTNC_KIND_ACCESS_RECOMMENDATION);
	cr_assert_not_null(m);
	access = m->u.access;
	m = find_kind(&b, PBTNC_KIND_ASSESSMENT_RESULT);
	cr_assert_not_null(m);
	*eval = m->u.assessment;
	m = find_kind(&b, PBTNC_KIND_REASON_STRING);
	reason[0] = '\0';
	if (m)
		snprintf(reason, rlen, "%.*s", (int)m->u.reason.reason_len,
			 (const char *)m->u.reason.reason);
	pbtnc_batch_free(&b);
	nea__envelope__free_unpacked(rep, NULL);

	v = close_for_verdict(conn);
	cr_assert_eq(v->verdict->failsafe, false, "fail-safe verdict (see %s)", sv.dir);
	cr_assert_eq(v->verdict->recommendation, access == 1 ? 0u : access == 3 ? 2u : 1u);
	nea__envelope__free_unpacked(v, NULL);
	/* ARCHITECTURE 11.1: Verdict, then ConnClose */
	v = fe_recv();
	cr_assert_eq(v->body_case, NEA__ENVELOPE__BODY_CONN_CLOSE);
	nea__envelope__free_unpacked(v, NULL);
	return access;
}

Test(imv_server, open_tcp_port_denied_then_allowed_by_policy)
{
	uint32_t eval;
	char reason[256], *out;

	cr_assert_eq(assess(1, &eval, reason, sizeof(reason)), 2);
	cr_assert_eq(eval, 1);
	cr_assert_str_eq(reason, "Open server ports were detected");
	wait_log("nea-imvd", "policy: recommendation for access requestor 127.0.0.1 is no access");
	cr_assert(log_has("nea-imvd", "IMV 1 handled PCKGS workitem"));
	cr_assert(log_has("nea-imvd", "processed 834 packages: 0 vulnerable, 0 blacklisted, "));
	cr_assert(log_has("nea-imvd", "violating tcp ports: 271"));

	free(cli("policy add 'TCP 271' --type TCPOP --argument '271'"));
	free(cli("enforcement delete 'No Open TCP Ports' Default"));
	free(cli("enforcement add 'TCP 271' Default --max-age 0"));
	cr_assert_eq(assess(2, &eval, reason, sizeof(reason)), 1, "reason '%s'", reason);

	out = cli("sessions");
	cr_assert_not_null(strstr(out, "3d1219c7c4c5404aaa1f client1 - no access"), "%s", out);
	cr_assert_not_null(strstr(out, "client1 - allow"), "%s", out);
	free(out);
	out = cli("devices");
	cr_assert_not_null(strstr(out, "3d1219c7c4c5404aaa1f6d2a48adfda4"), "%s", out);
	free(out);
}

/* Killing nea-imvd mid-assessment: that connection ends with the fail-safe
 * verdict, the broker keeps running, and once nea-imvd is back (as
 * nea-master would restart it) the next assessment is decided normally. */
Test(imv_server, imvd_killed_mid_assessment_fails_safe_then_recovers)
{
	Nea__Envelope *rep, *v;
	pbtnc_batch_t b;
	const pbtnc_msg_t *m;
	uint32_t eval;
	char reason[256];
	int status;

	fe_open(1);
	rep = exchange(1, CAP "01_pdp_recv_CDATA.hex", &b);
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_SDATA);
	pbtnc_batch_free(&b);
	nea__envelope__free_unpacked(rep, NULL);

	kill(sv.pid[2], SIGKILL);
	waitpid(sv.pid[2], &status, 0);
	sv.pid[2] = 0;
	wait_log("nea-brokerd", "went away");

	rep = exchange(1, CAP "03_pdp_recv_CDATA.hex", &b);
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_RESULT);
	m = find_kind(&b, PBTNC_KIND_ACCESS_RECOMMENDATION);
	cr_assert_not_null(m);
	cr_assert_eq(m->u.access, 2, "fail-safe is no access");
	pbtnc_batch_free(&b);
	nea__envelope__free_unpacked(rep, NULL);
	v = close_for_verdict(1);
	cr_assert(v->verdict->failsafe, "verdict without the fail-safe mark");
	nea__envelope__free_unpacked(v, NULL);
	v = fe_recv();
	nea__envelope__free_unpacked(v, NULL);

	/* nea-imvd comes back and registers again */
	sv.pid[2] = spawn("nea-imvd");
	for (int i = 0; i < WAIT_MS / 20; i++) {
		char path[96];
		char *s;
		char *last;

		snprintf(path, sizeof(path), "%s/nea-brokerd.log", sv.dir);
		s = slurp(path);
		last = strstr(s, "went away");
		if (last && strstr(last, "IMV 2 \"Scanner\" registered")) {
			free(s);
			break;
		}
		free(s);
		usleep(20000);
	}
	wait_log("nea-imvd", "connected to nea-policyd");
	cr_assert_eq(assess(2, &eval, reason, sizeof(reason)), 2);
	cr_assert_eq(eval, 1);
	cr_assert_str_eq(reason, "Open server ports were detected");
}

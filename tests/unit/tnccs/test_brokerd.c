/*
 * nea-brokerd as a real process: a fake front end on broker.sock and a fake
 * IMV host on imv.sock (both over real Unix sockets) drive one assessment
 * with the captured strongSwan batches, then the crash of the host (the
 * connection gets the fail-safe verdict, the broker keeps running), a
 * connection while no host is attached, the host coming back, and a host
 * that does not answer within nea.brokerd.host_timeout_ms.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"
#include "nea_ipc.h"

#define C01 "run1_password_freshdb_01_pdp_recv_CDATA.hex"
#define S02 "run1_password_freshdb_02_pdp_sent_SDATA.hex"
#define C03 "run1_password_freshdb_03_pdp_recv_CDATA.hex"
#define R04 "run1_password_freshdb_04_pdp_sent_RESULT.hex"
#define MAXF (4u * 1024 * 1024)

static char dir[64], logpath[128];
static pid_t brokerd = -1;

static const int fe_cases[] = { NEA__ENVELOPE__BODY_BATCH, NEA__ENVELOPE__BODY_VERDICT,
				NEA__ENVELOPE__BODY_CONN_CLOSE };
static const int host_cases[] = { NEA__ENVELOPE__BODY_CONN_STATE,
				  NEA__ENVELOPE__BODY_PA_MESSAGE,
				  NEA__ENVELOPE__BODY_BATCH_ENDING, NEA__ENVELOPE__BODY_SOLICIT };

static bool log_has(const char *needle)
{
	FILE *f = fopen(logpath, "r");
	char line[4096];
	bool found = false;

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

static void start_brokerd(void)
{
	char conf[128], bin[512], sock[128];
	const char *bindir = getenv("NEA_BIN_DIR");
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/nea-brokerd-test-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(conf, sizeof(conf), "%s/nea.conf", dir);
	snprintf(logpath, sizeof(logpath), "%s/brokerd.log", dir);
	f = fopen(conf, "w");
	cr_assert_not_null(f);
	/* as root, every daemon of the test is root (no users are needed) */
	fprintf(f, "nea {\n  rundir = %s/run\n  group = root\n"
		   "  users {\n    brokerd = root\n    pttlsd = root\n    iked = root\n"
		   "    imvd = root\n  }\n  brokerd {\n    host_timeout_ms = 700\n  }\n}\n"
		   "charon {\n  plugins {\n    tnc-imv {\n      recommendation_policy = default\n"
		   "    }\n  }\n}\n",
		dir);
	fclose(f);
	snprintf(bin, sizeof(bin), "%s/nea-brokerd", bindir ? bindir : "bin");
	brokerd = fork();
	cr_assert_geq(brokerd, 0);
	if (brokerd == 0) {
		FILE *lf = freopen(logpath, "w", stderr);

		(void)lf;
		unsetenv("NEA_MASTER_FD");
		execl(bin, bin, "--config", conf, "--foreground", "--debug", "tnc=2", (char *)NULL);
		_exit(127);
	}
	snprintf(sock, sizeof(sock), "%s/run/imv.sock", dir);
	for (int i = 0; i < 500; i++) {
		struct stat st;
		int fd;

		if (stat(sock, &st) == 0 && ipc_sync_connect(sock, &fd) == 0) {
			close(fd);
			return;
		}
		usleep(10000);
	}
	cr_assert_fail("nea-brokerd did not come up (%s)", bin);
}

static void stop_brokerd(void)
{
	int status;

	if (brokerd <= 0)
		return;
	kill(brokerd, SIGTERM);
	cr_assert_eq(waitpid(brokerd, &status, 0), brokerd);
	cr_assert(WIFEXITED(status), "nea-brokerd died of a signal");
	cr_assert_eq(WEXITSTATUS(status), 0);
	brokerd = -1;
}

/* The temporary directory goes when the test passed; a failure keeps it
 * (and brokerd.log) for a look. */
static void remove_dir(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

static int connect_sock(const char *name)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/run/%s", dir, name);
	cr_assert_eq(ipc_sync_connect(path, &fd), 0, "connect %s", path);
	return fd;
}

static void send_env(int fd, Nea__Envelope *env)
{
	cr_assert_eq(ipc_sync_send(fd, env, MAXF, ipc_sync_now_ms() + 5000), 0);
}

static Nea__Envelope *recv_env(int fd, const int *cases, size_t n)
{
	Nea__Envelope *env = NULL;
	const char *why = NULL;
	int rc = ipc_sync_recv(fd, cases, n, MAXF, ipc_sync_now_ms() + 5000, &env, &why);

	cr_assert_eq(rc, 0, "receive: %s %s", nea_strerror(rc), why ? why : "");
	return env;
}

static Nea__Envelope *fe_recv(int fd)
{
	return recv_env(fd, fe_cases, 3);
}

static Nea__Envelope *host_recv(int fd)
{
	return recv_env(fd, host_cases, 4);
}

static void to_sock(void *arg, Nea__Envelope *env)
{
	send_env(*(const int *)arg, env);
}

static int host_attach(void)
{
	int fd = connect_sock("imv.sock");

	h_register("1:OS:0/1,2:Scanner:0/5", to_sock, &fd);
	return fd;
}

static void fe_open(int fd, uint64_t id)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnOpen co = NEA__CONN_OPEN__INIT;
	Nea__Identity ident = NEA__IDENTITY__INIT, *ip = &ident;

	ident.type = 5;
	ident.subject = 2;
	ident.auth = 2;
	ident.value.data = (uint8_t *)"client1";
	ident.value.len = 7;
	co.transport = NEA__TRANSPORT__TRANSPORT_PT_TLS;
	co.peer_addr = (char *)"127.0.0.1";
	co.identities = &ip;
	co.n_identities = 1;
	env.has_conn_id = 1;
	env.conn_id = id;
	env.body_case = NEA__ENVELOPE__BODY_CONN_OPEN;
	env.conn_open = &co;
	send_env(fd, &env);
}

static void fe_batch(int fd, uint64_t id, const uint8_t *b, size_t len)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Batch bm = NEA__BATCH__INIT;

	bm.data.data = (uint8_t *)b;
	bm.data.len = len;
	env.has_conn_id = 1;
	env.conn_id = id;
	env.body_case = NEA__ENVELOPE__BODY_BATCH;
	env.batch = &bm;
	send_env(fd, &env);
}

static void fe_capture(int fd, uint64_t id, const char *name)
{
	size_t len;
	uint8_t *b = h_capture(name, &len);

	fe_batch(fd, id, b, len);
	free(b);
}

/* Host reads until (and including) the BatchEnding; returns the conn id. */
static uint64_t host_until_be(int fd, size_t *n_pa)
{
	for (;;) {
		Nea__Envelope *e = host_recv(fd);
		uint64_t id = e->conn_id;
		bool be = e->body_case == NEA__ENVELOPE__BODY_BATCH_ENDING;

		if (n_pa && e->body_case == NEA__ENVELOPE__BODY_PA_MESSAGE)
			(*n_pa)++;
		nea__envelope__free_unpacked(e, NULL);
		if (be)
			return id;
	}
}

static void host_pa_from(int fd, uint64_t conn, const char *capture, const size_t *idx, size_t n)
{
	h_capture_pa(capture, idx, n, (uint32_t)conn, true, to_sock, &fd);
}

static void host_rec(int fd, uint64_t conn, uint32_t id, uint32_t rec, uint32_t eval,
		     const char *reason)
{
	Nea__Envelope env;
	Nea__Recommendation r;

	h_env_rec(&env, &r, (uint32_t)conn, id, rec, eval, reason, reason ? "en" : NULL);
	send_env(fd, &env);
}

static void host_be(int fd, uint64_t conn)
{
	Nea__Envelope env;
	Nea__BatchEnding be;

	h_env_be(&env, &be, (uint32_t)conn);
	send_env(fd, &env);
}

static const uint8_t empty_close[] = { 2, 0, 0, 6, 0, 0, 0, 8 };

/* FE: the batch it must send on; checks type; returns its length. */
static size_t fe_expect_batch(int fd, uint64_t id, uint8_t type, uint8_t **copy)
{
	Nea__Envelope *e = fe_recv(fd);
	size_t len;

	cr_assert_eq(e->body_case, NEA__ENVELOPE__BODY_BATCH, "case %d", e->body_case);
	cr_assert_eq(e->conn_id, id);
	cr_assert_geq(e->batch->data.len, 8);
	cr_assert_eq(e->batch->data.data[3], type, "batch type %u want %u",
		     e->batch->data.data[3], type);
	len = e->batch->data.len;
	if (copy) {
		*copy = malloc(len);
		memcpy(*copy, e->batch->data.data, len);
	}
	nea__envelope__free_unpacked(e, NULL);
	return len;
}

static void fe_expect_verdict(int fd, uint64_t id, uint32_t rec, uint32_t eval, bool failsafe)
{
	Nea__Envelope *e = fe_recv(fd);

	cr_assert_eq(e->body_case, NEA__ENVELOPE__BODY_VERDICT, "case %d", e->body_case);
	cr_assert_eq(e->conn_id, id);
	cr_assert_eq(e->verdict->recommendation, rec);
	cr_assert_eq(e->verdict->evaluation, eval);
	cr_assert_eq(e->verdict->failsafe, failsafe);
	nea__envelope__free_unpacked(e, NULL);
	e = fe_recv(fd);
	cr_assert_eq(e->body_case, NEA__ENVELOPE__BODY_CONN_CLOSE);
	cr_assert_eq(e->conn_id, id);
	nea__envelope__free_unpacked(e, NULL);
}

Test(brokerd, assessment_failsafe_and_recovery_over_real_sockets, .timeout = 60)
{
	static const size_t sdata[] = { 1, 2 }, result[] = { 0 };
	uint8_t *got, *want;
	size_t len, want_len, n_pa = 0;
	uint64_t conn;
	int host, fe;

	start_brokerd();
	host = host_attach();
	fe = connect_sock("broker.sock");

	/* 1: the captured assessment, RESULT byte for byte */
	fe_open(fe, 42);
	fe_capture(fe, 42, C01);
	conn = host_until_be(host, &n_pa);
	cr_assert_eq(n_pa, 2, "OS and Firewall; SWIMA dropped");
	host_pa_from(host, conn, S02, sdata, 2);
	host_rec(host, conn, 2, 1, 1, "Open server ports were detected");
	host_be(host, conn);
	len = fe_expect_batch(fe, 42, PBTNC_BATCH_SDATA, NULL);
	cr_assert_eq(len, 8 + 72 + 430);
	fe_capture(fe, 42, C03);
	host_until_be(host, NULL);
	host_pa_from(host, conn, R04, result, 1);
	host_rec(host, conn, 1, 0, 0, NULL);
	host_be(host, conn);
	len = fe_expect_batch(fe, 42, PBTNC_BATCH_RESULT, &got);
	want = h_capture(R04, &want_len);
	cr_assert_eq(len, want_len);
	cr_assert_eq(memcmp(got, want, len), 0, "RESULT as strongSwan's");
	free(got);
	free(want);
	fe_batch(fe, 42, empty_close, sizeof(empty_close));
	fe_expect_verdict(fe, 42, 1, 1, false);

	/* 2: the host crashes in the middle of an assessment */
	fe_open(fe, 43);
	fe_capture(fe, 43, C01);
	host_until_be(host, NULL);
	close(host);
	fe_expect_batch(fe, 43, PBTNC_BATCH_RESULT, NULL);
	fe_batch(fe, 43, empty_close, sizeof(empty_close));
	fe_expect_verdict(fe, 43, 1, 3, true);

	/* 3: no host at all */
	fe_open(fe, 44);
	fe_capture(fe, 44, C01);
	fe_expect_batch(fe, 44, PBTNC_BATCH_RESULT, NULL);
	fe_batch(fe, 44, empty_close, sizeof(empty_close));
	fe_expect_verdict(fe, 44, 1, 3, true);

	/* 4: the host is back; assessments work again */
	host = host_attach();
	usleep(100000);
	fe_open(fe, 45);
	fe_capture(fe, 45, C01);
	conn = host_until_be(host, NULL);
	host_rec(host, conn, 1, 0, 0, NULL);
	host_rec(host, conn, 2, 0, 0, NULL);
	host_be(host, conn);
	fe_expect_batch(fe, 45, PBTNC_BATCH_RESULT, NULL);
	fe_batch(fe, 45, empty_close, sizeof(empty_close));
	fe_expect_verdict(fe, 45, 0, 0, false);

	/* 5: the host does not answer in time (host_timeout_ms = 700) */
	fe_open(fe, 46);
	fe_capture(fe, 46, C01);
	host_until_be(host, NULL);
	fe_expect_batch(fe, 46, PBTNC_BATCH_RESULT, NULL);
	fe_batch(fe, 46, empty_close, sizeof(empty_close));
	fe_expect_verdict(fe, 46, 1, 3, true);

	/* 6: a malformed batch gets a PB-Error; the broker keeps serving */
	fe_open(fe, 47);
	fe_batch(fe, 47, empty_close, 3);
	len = fe_expect_batch(fe, 47, PBTNC_BATCH_CLOSE, NULL);
	cr_assert_eq(len, 32);
	fe_expect_verdict(fe, 47, 1, 3, true);

	close(fe);
	close(host);
	usleep(100000);
	cr_assert(log_has("assigned TNCCS Connection ID 1"));
	cr_assert(log_has("IMV 1 supports 1 message type: 'IETF/Operating System' 0x000000/0x00000001"));
	cr_assert(log_has("received TNCCS batch (366 bytes)"));
	cr_assert(log_has("message type 0x000000/0x00000009 not supported by any IMV"));
	cr_assert(log_has("final recommendation is 'no access' and evaluation is 'non-compliant minor'"));
	cr_assert(log_has("went away"));
	cr_assert(log_has("no measurement host is attached"));
	cr_assert(log_has("no answer from the measurement host within 700 ms"));
	cr_assert(log_has("verdict 'no access' / 'non-compliant minor' sent to front end"));
	stop_brokerd();
	remove_dir();
}

/*
 * nea-imvd as a real process ($NEA_BIN_DIR/nea-imvd, standalone) against a
 * fake nea-brokerd (imv.sock) and a fake nea-policyd (policy.sock) that
 * this test listens on itself: module registration with tnc_config IDs
 * (an IMV line nea has no IMV for is skipped), the captured strongSwan
 * conversation driven over the real sockets with the policy requests
 * answered in between, the seccomp sandbox, re-registration after the
 * broker link drops, evaluation without database when nea-policyd goes
 * away, and a clean stop on SIGTERM.
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
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "imv_harness.h"
#include "nea_buf.h"
#include "nea_ipc.h"

#define WAIT_MS 10000

static struct {
	char dir[32], conf[64], run[64], log[64];
	int lb, lp;   /* listeners */
	int b, p;     /* accepted connections of nea-imvd */
	pid_t pid;
} px;

static const ih_wi_t capture_wis[] = {
	{ 6, "", 1, 0 },  { 6, "", 1, 0 }, { 3, "", 1, 0 },	      { 6, "", 1, 0 },
	{ 7, "", 1, 0 },  { 1, "", 1, 0 }, { 11, "", 1, 0 }, { 13, "500 4500 10000-65000", 1, 0 },
};
static bool policy_gone;
static uint32_t stop_rec = 99;
static size_t pkgs_checked;

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
}

static int listen_on(const char *name)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	cr_assert_geq(fd, 0);
	snprintf(a.sun_path, sizeof(a.sun_path), "%s/%s", px.run, name);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0, "bind %s: %s", a.sun_path,
		     strerror(errno));
	cr_assert_eq(listen(fd, 4), 0);
	return fd;
}

static int accept_within(int lfd)
{
	struct pollfd p = { .fd = lfd, .events = POLLIN };

	cr_assert_eq(poll(&p, 1, WAIT_MS), 1, "nea-imvd did not connect; see %s", px.log);
	return accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
}

static bool read_full(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&p, 1, WAIT_MS) != 1)
			return false;
		n = read(fd, buf + got, len - got);
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	return true;
}

/* What nea-imvd may send: module.proto host -> broker, policy requests. */
static const int imvd_cases[] = {
	NEA__ENVELOPE__BODY_MODULE_REGISTER, NEA__ENVELOPE__BODY_PA_MESSAGE,
	NEA__ENVELOPE__BODY_RECOMMENDATION,  NEA__ENVELOPE__BODY_BATCH_ENDING,
	NEA__ENVELOPE__BODY_RETRY,	     NEA__ENVELOPE__BODY_SESSION_CREATE,
	NEA__ENVELOPE__BODY_SESSION_START,   NEA__ENVELOPE__BODY_WORKITEM_RESULT,
	NEA__ENVELOPE__BODY_PACKAGE_CHECK,   NEA__ENVELOPE__BODY_SESSION_STOP,
};

static Nea__Envelope *recv_env(int fd)
{
	uint8_t hdr[4], *body;
	Nea__Envelope *env = NULL;
	const char *why = NULL;
	uint32_t len;

	if (!read_full(fd, hdr, 4))
		return NULL;
	len = nea_get_u32(hdr);
	cr_assert_leq(len, 4u << 20);
	body = malloc(len ? len : 1);
	cr_assert_not_null(body);
	cr_assert(read_full(fd, body, len));
	cr_assert_eq(ipc_frame_unpack(body, len, imvd_cases,
				      sizeof(imvd_cases) / sizeof(imvd_cases[0]), &env, &why), 0, "bad frame: %s",
		     why ? why : "?");
	free(body);
	return env;
}

static void send_env(int fd, Nea__Envelope *env)
{
	uint8_t *frame;
	size_t len;

	cr_assert_eq(ipc_frame_pack(env, 0, &frame, &len), 0);
	cr_assert_eq(write(fd, frame, len), (ssize_t)len);
	free(frame);
}

/* ------------------------------------------------------------ fake policyd */

static void answer(const Nea__Envelope *req)
{
	Nea__Envelope rep = NEA__ENVELOPE__INIT;
	Nea__SessionCreated sc = NEA__SESSION_CREATED__INIT;
	Nea__WorkitemList wl = NEA__WORKITEM_LIST__INIT;
	Nea__Workitem w[8], *wp[8];
	Nea__PackageStatus ps = NEA__PACKAGE_STATUS__INIT;
	Nea__SessionStopped ss = NEA__SESSION_STOPPED__INIT;
	uint32_t *st = NULL;

	rep.has_req_id = true;
	rep.req_id = req->req_id;
	rep.has_conn_id = req->has_conn_id;
	rep.conn_id = req->conn_id;
	switch (req->body_case) {
	case NEA__ENVELOPE__BODY_SESSION_CREATE:
		sc.session_id = 41;
		rep.body_case = NEA__ENVELOPE__BODY_SESSION_CREATED;
		rep.session_created = &sc;
		break;
	case NEA__ENVELOPE__BODY_SESSION_START:
		cr_assert_str_eq(req->session_start->product, "Debian 12 x86_64");
		cr_assert_str_eq(req->session_start->device_id, "3d1219c7c4c5404aaa1f6d2a48adfda4");
		for (size_t i = 0; i < 8; i++) {
			nea__workitem__init(&w[i]);
			w[i].id = i + 1;
			w[i].type = capture_wis[i].type;
			w[i].arg_str = (char *)capture_wis[i].arg;
			w[i].rec_fail = capture_wis[i].rec_fail;
			w[i].rec_noresult = capture_wis[i].rec_noresult;
			wp[i] = &w[i];
		}
		wl.session_id = 41;
		wl.n_items = 8;
		wl.items = wp;
		rep.body_case = NEA__ENVELOPE__BODY_WORKITEMS;
		rep.workitems = &wl;
		break;
	case NEA__ENVELOPE__BODY_WORKITEM_RESULT:
		wl.session_id = 41;
		rep.body_case = NEA__ENVELOPE__BODY_WORKITEMS;
		rep.workitems = &wl;
		break;
	case NEA__ENVELOPE__BODY_PACKAGE_CHECK:
		st = calloc(req->package_check->n_packages + 1, sizeof(*st));
		cr_assert_not_null(st);
		pkgs_checked += req->package_check->n_packages;
		ps.n_status = req->package_check->n_packages;
		ps.status = st;
		rep.body_case = NEA__ENVELOPE__BODY_PACKAGE_STATUS;
		rep.package_status = &ps;
		break;
	case NEA__ENVELOPE__BODY_SESSION_STOP:
		stop_rec = req->session_stop->recommendation;
		ss.session_id = 41;
		ss.summary = (char *)"recommendation for access requestor 127.0.0.1 is no access";
		rep.body_case = NEA__ENVELOPE__BODY_SESSION_STOPPED;
		rep.session_stopped = &ss;
		break;
	default:
		cr_assert_fail("unexpected policy request %d", (int)req->body_case);
	}
	send_env(px.p, &rep);
	free(st);
}

/* Collect what nea-imvd sends the broker until it answers with BatchEnding
 * (or until its SessionStop has been answered when stop_only), answering
 * policy requests meanwhile. Returned envelopes go into out. */
static size_t converse(Nea__Envelope **out, size_t max, bool until_stop)
{
	size_t n = 0;

	for (;;) {
		struct pollfd p[2] = { { .fd = px.b, .events = POLLIN },
				       { .fd = policy_gone ? -1 : px.p, .events = POLLIN } };
		Nea__Envelope *e;

		cr_assert_gt(poll(p, 2, WAIT_MS), 0, "nea-imvd went quiet; see %s", px.log);
		if (p[1].revents) {
			e = recv_env(px.p);
			cr_assert_not_null(e, "policy link closed");
			answer(e);
			if (until_stop && e->body_case == NEA__ENVELOPE__BODY_SESSION_STOP) {
				nea__envelope__free_unpacked(e, NULL);
				return n;
			}
			nea__envelope__free_unpacked(e, NULL);
			continue;
		}
		e = recv_env(px.b);
		cr_assert_not_null(e, "broker link closed");
		cr_assert_lt(n, max);
		out[n++] = e;
		if (e->body_case == NEA__ENVELOPE__BODY_BATCH_ENDING)
			return n;
	}
}

static void free_all(Nea__Envelope **e, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nea__envelope__free_unpacked(e[i], NULL);
}

static const Nea__Recommendation *find_rec(Nea__Envelope **e, size_t n, uint32_t id)
{
	for (size_t i = 0; i < n; i++) {
		if (e[i]->body_case == NEA__ENVELOPE__BODY_RECOMMENDATION &&
		    e[i]->recommendation->module_id == id)
			return e[i]->recommendation;
	}
	return NULL;
}

/* ------------------------------------------------------------ process */

static void start(void)
{
	char bin[512], text[2048];
	const char *bd = getenv("NEA_BIN_DIR");
	bool root = geteuid() == 0;

	cr_assert_not_null(bd, "NEA_BIN_DIR is not set (run through ctest)");
	signal(SIGPIPE, SIG_IGN);
	strcpy(px.dir, "/tmp/nea-imvd-XXXXXX");
	cr_assert_not_null(mkdtemp(px.dir));
	chmod(px.dir, 0755);
	snprintf(px.conf, sizeof(px.conf), "%s/nea.conf", px.dir);
	snprintf(px.run, sizeof(px.run), "%s/run", px.dir);
	snprintf(px.log, sizeof(px.log), "%s/imvd.log", px.dir);
	cr_assert_eq(mkdir(px.run, 0750), 0);
	snprintf(text, sizeof(text),
		 "# the IMVs of the capture's PDP: SWIMA is not built into nea-imvd\n"
		 "IMV \"OS\"      /usr/lib/ipsec/imcvs/imv-os.so\n"
		 "IMV \"SWIMA\"   /usr/lib/ipsec/imcvs/imv-swima.so\n"
		 "IMV \"Scanner\" /usr/lib/ipsec/imcvs/imv-scanner.so\n");
	snprintf(bin, sizeof(bin), "%s/tnc_config", px.dir);
	write_file(bin, text);
	snprintf(text, sizeof(text),
		 "nea {\n  rundir = %s\n  tnc_config = %s/tnc_config\n  %s\n"
		 "  ipc {\n    reconnect_delay_ms = 50\n    reconnect_delay_max_ms = 200\n  }\n"
		 "  log {\n    default = 1\n    imv = 2\n  }\n}\n",
		 px.run, px.dir,
		 root ? "users {\n    imvd = root\n    brokerd = root\n    policyd = root\n  }\n"
			"  group = root"
		      : "");
	write_file(px.conf, text);
	px.lb = listen_on("imv.sock");
	px.lp = listen_on("policy.sock");

	snprintf(bin, sizeof(bin), "%s/nea-imvd", bd);
	px.pid = fork();
	cr_assert_geq(px.pid, 0);
	if (px.pid == 0) {
		int out = open(px.log, O_WRONLY | O_CREAT | O_APPEND, 0644);

		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		unsetenv("NEA_MASTER_FD");
		execl(bin, "nea-imvd", "--config", px.conf, "--foreground", (char *)NULL);
		_exit(127);
	}
	px.b = accept_within(px.lb);
	px.p = accept_within(px.lp);
	policy_gone = false;
	stop_rec = 99;
	pkgs_checked = 0;
}

static char *read_log(void)
{
	FILE *f = fopen(px.log, "r");
	char *buf = calloc(1, 1 << 20);
	size_t n;

	cr_assert_not_null(f);
	cr_assert_not_null(buf);
	n = fread(buf, 1, (1 << 20) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void stop(void)
{
	int status = -1;

	if (px.pid > 0) {
		kill(px.pid, SIGTERM);
		for (int i = 0; i < WAIT_MS / 10; i++) {
			if (waitpid(px.pid, &status, WNOHANG) == px.pid)
				break;
			usleep(10000);
		}
		if (status == -1) {
			kill(px.pid, SIGKILL);
			waitpid(px.pid, &status, 0);
		}
		cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
			  "nea-imvd did not exit 0 on SIGTERM (status %d); see %s", status, px.log);
		px.pid = 0;
	}
	close(px.b);
	if (px.p >= 0)
		close(px.p);
	close(px.lb);
	close(px.lp);
	{
		char cmd[160];

		snprintf(cmd, sizeof(cmd), "rm -rf %s", px.dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", px.dir);
	}
}

static void check_register(int fd)
{
	Nea__Envelope *e = recv_env(fd);
	const Nea__ModuleRegister *r;

	cr_assert_not_null(e);
	cr_assert_eq(e->body_case, NEA__ENVELOPE__BODY_MODULE_REGISTER);
	r = e->module_register;
	cr_assert_eq(r->n_modules, 2);
	cr_assert_eq(r->modules[0]->id, 1);
	cr_assert_str_eq(r->modules[0]->name, "OS");
	cr_assert_eq(r->modules[0]->n_subscriptions, 1);
	cr_assert_eq(r->modules[0]->subscriptions[0]->vendor, 0);
	cr_assert_eq(r->modules[0]->subscriptions[0]->subtype, 1);
	cr_assert_eq(r->modules[1]->id, 2, "SWIMA is skipped and takes no ID");
	cr_assert_str_eq(r->modules[1]->name, "Scanner");
	cr_assert_eq(r->modules[1]->subscriptions[0]->subtype, 5);
	nea__envelope__free_unpacked(e, NULL);
}

static void open_conn(uint32_t id)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnStateChange sc = NEA__CONN_STATE_CHANGE__INIT;
	Nea__ConnAttributes a = NEA__CONN_ATTRIBUTES__INIT;

	a.has_transport = true;
	a.transport = NEA__TRANSPORT__TRANSPORT_PT_TLS;
	a.has_max_msg_size = true;
	a.max_msg_size = 2097104;
	a.preferred_language = (char *)"en";
	a.peer_addr = (char *)"127.0.0.1";
	sc.state = NEA__CONN_STATE__CONN_CREATE;
	sc.attrs = &a;
	env.has_conn_id = true;
	env.conn_id = id;
	env.body_case = NEA__ENVELOPE__BODY_CONN_STATE;
	env.conn_state = &sc;
	send_env(px.b, &env);
	sc.state = NEA__CONN_STATE__CONN_HANDSHAKE;
	sc.attrs = NULL;
	send_env(px.b, &env);
}

static void conn_state(uint32_t id, Nea__ConnState s)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnStateChange sc = NEA__CONN_STATE_CHANGE__INIT;

	sc.state = s;
	env.has_conn_id = true;
	env.conn_id = id;
	env.body_case = NEA__ENVELOPE__BODY_CONN_STATE;
	env.conn_state = &sc;
	send_env(px.b, &env);
}

/* Forward a captured CDATA's PB-PA messages (IMV IDs as the broker would
 * address them) and the BatchEnding. */
static void send_batch(uint32_t id, const char *rel)
{
	size_t len, pl;
	uint8_t *batch = ih_load(rel, &len);
	const uint8_t *body;
	uint32_t sub;

	for (size_t i = 0; (body = ih_batch_pa(batch, len, i, &pl, &sub)); i++) {
		Nea__Envelope env = NEA__ENVELOPE__INIT;
		Nea__PaMessage pa = NEA__PA_MESSAGE__INIT;

		pa.vendor = 0;
		pa.subtype = sub;
		pa.src_id = sub == 1 ? 1 : sub == 5 ? 2 : 3; /* the client's IMC IDs */
		pa.dst_id = i == 0 && strstr(rel, "_03_") ? 1 : 0xffff;
		pa.exclusive = strstr(rel, "_03_") != NULL;
		pa.body.data = (uint8_t *)body;
		pa.body.len = pl;
		env.has_conn_id = true;
		env.conn_id = id;
		env.body_case = NEA__ENVELOPE__BODY_PA_MESSAGE;
		env.pa_message = &pa;
		send_env(px.b, &env);
	}
	free(batch);
	{
		Nea__Envelope env = NEA__ENVELOPE__INIT;
		Nea__BatchEnding be = NEA__BATCH_ENDING__INIT;

		env.has_conn_id = true;
		env.conn_id = id;
		env.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
		env.batch_ending = &be;
		send_env(px.b, &env);
	}
}

TestSuite(imvd_process, .timeout = 60);

Test(imvd_process, capture_conversation_over_real_sockets)
{
	Nea__Envelope *out[64];
	const Nea__Recommendation *rec;
	size_t n;
	char *log, path[160], status[4096];
	FILE *f;

	start();
	check_register(px.b);

	/* sandboxed: a seccomp filter is in force */
	snprintf(path, sizeof(path), "/proc/%d/status", (int)px.pid);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	n = fread(status, 1, sizeof(status) - 1, f);
	status[n] = '\0';
	fclose(f);
	cr_assert_not_null(strstr(status, "Seccomp:\t2"), "nea-imvd runs without seccomp");
	cr_assert_not_null(strstr(status, "NoNewPrivs:\t1"));

	open_conn(1);
	send_batch(1, "captures/run1_password_freshdb_01_pdp_recv_CDATA.hex");
	n = converse(out, 64, false);
	rec = find_rec(out, n, 2);
	cr_assert_not_null(rec, "no Scanner recommendation");
	cr_assert_eq(rec->recommendation, 1);
	cr_assert_eq(rec->evaluation, 1);
	cr_assert_str_eq(rec->reason, "Open server ports were detected");
	cr_assert_null(find_rec(out, n, 1));
	free_all(out, n);

	send_batch(1, "captures/run1_password_freshdb_03_pdp_recv_CDATA.hex");
	n = converse(out, 64, false);
	rec = find_rec(out, n, 1);
	cr_assert_not_null(rec, "no OS recommendation");
	cr_assert_eq(rec->recommendation, 0);
	cr_assert_eq(rec->evaluation, 0);
	cr_assert_eq(pkgs_checked, 834);
	free_all(out, n);

	conn_state(1, NEA__CONN_STATE__CONN_ACCESS_NONE);
	converse(out, 64, true);
	cr_assert_eq(stop_rec, 1);
	conn_state(1, NEA__CONN_STATE__CONN_DELETE);
	usleep(100000);

	log = read_log();
	cr_assert_not_null(strstr(log, "IMV 2 handled TCPOP workitem 7: no access - violating tcp "
				       "ports: 271"), "%s", log);
	cr_assert_not_null(strstr(log, "IMV 1 handled PCKGS workitem 6: allow - processed 834 "
				       "packages: 0 vulnerable, 0 blacklisted, 0 ok, 834 unknown"));
	cr_assert_not_null(strstr(log, "IMV \"SWIMA\" in tnc_config"));
	cr_assert_not_null(strstr(log, "policy: recommendation for access requestor 127.0.0.1 is "
				       "no access"));
	free(log);
	stop();
}

Test(imvd_process, broker_reconnect_and_policy_loss)
{
	Nea__Envelope *out[64];
	const Nea__Recommendation *rec;
	size_t n;

	start();
	check_register(px.b);

	/* the broker goes away: nea-imvd comes back and registers again */
	close(px.b);
	px.b = accept_within(px.lb);
	check_register(px.b);

	/* nea-policyd goes away: the IMVs decide without a database */
	close(px.p);
	close(px.lp);
	{
		char sock[128];

		snprintf(sock, sizeof(sock), "%s/policy.sock", px.run);
		unlink(sock);
	}
	px.p = -1;
	policy_gone = true;
	usleep(100000);
	open_conn(5);
	send_batch(5, "captures/run1_password_freshdb_01_pdp_recv_CDATA.hex");
	n = converse(out, 64, false);
	rec = find_rec(out, n, 1);
	cr_assert_not_null(rec);
	cr_assert_eq(rec->recommendation, 0);
	cr_assert_eq(rec->evaluation, 4);
	rec = find_rec(out, n, 2);
	cr_assert_not_null(rec);
	cr_assert_eq(rec->recommendation, 0);
	cr_assert_eq(rec->evaluation, 4);
	free_all(out, n);
	/* ... and reconnects to it once it is back */
	px.lp = listen_on("policy.sock");
	px.p = accept_within(px.lp);
	stop();
}

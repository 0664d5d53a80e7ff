/* The real nea-policyd in a temp dir, reached over its sockets (see pd_proc.h). */
#include "pd_proc.h"

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

#include "nea_ipc.h"
#include "pdb.h"

#define PP_WAIT_MS 10000
#define PP_MAX_FRAME (4u << 20)

pp_t pp;

static uint64_t next_req = 1;

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "cannot write %s", path);
	fputs(text, f);
	fclose(f);
}

static void setup(const char *sync, unsigned orphan)
{
	char text[1024];
	bool root = geteuid() == 0;

	memset(&pp, 0, sizeof(pp));
	strcpy(pp.dir, "/tmp/nea-ppd-XXXXXX");
	cr_assert_not_null(mkdtemp(pp.dir));
	/* the daemon user (root here, or us) must reach the files */
	chmod(pp.dir, 0755);
	snprintf(pp.conf, sizeof(pp.conf), "%s/nea.conf", pp.dir);
	snprintf(pp.rundir, sizeof(pp.rundir), "%s/run", pp.dir);
	snprintf(pp.dbpath, sizeof(pp.dbpath), "%s/db/config.db", pp.dir);
	snprintf(pp.log, sizeof(pp.log), "%s/policyd.log", pp.dir);
	snprintf(text, sizeof(text),
		 "nea {\n"
		 "  rundir = %s\n"
		 "  %s\n"
		 "  policyd {\n"
		 "    housekeeping_interval_ms = 100\n"
		 "    orphan_timeout = %u\n"
		 "    synchronous = %s\n"
		 "  }\n"
		 "  log {\n    default = 1\n    db = 2\n  }\n"
		 "}\n"
		 "libimcv {\n  database = sqlite://%s\n}\n",
		 pp.rundir,
		 root ? "users {\n    policyd = root\n    imvd = root\n  }\n  group = root" : "",
		 orphan, sync, pp.dbpath);
	write_file(pp.conf, text);
	pp_start();
}

/* Long enough that a slow (sanitizer) run never closes out a session
 * the test is still working on. */
#define PP_ORPHAN_TIMEOUT 60

void pp_setup(void)
{
	setup("full", PP_ORPHAN_TIMEOUT);
}

void pp_setup_nosync(void)
{
	setup("normal", PP_ORPHAN_TIMEOUT);
}

void pp_setup_orphan(void)
{
	setup("full", 1);
}

static void rm_rf(const char *path)
{
	char cmd[256];

	/* paths are ours: /tmp/nea-ppd-XXXXXX */
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", path);
}

void pp_teardown(void)
{
	if (pp.pid > 0)
		pp_stop(SIGTERM);
	if (pp.dir[0])
		rm_rf(pp.dir);
	memset(&pp, 0, sizeof(pp));
}

static const char *bin_dir(void)
{
	const char *b = getenv("NEA_BIN_DIR");

	cr_assert_not_null(b, "NEA_BIN_DIR is not set (run through ctest)");
	return b;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static char *slurp_fd(FILE *f);

/* The child may not have opened its log yet. */
static bool log_has(const char *text)
{
	FILE *f = fopen(pp.log, "r");
	char *log;
	bool yes;

	if (!f)
		return false;
	log = slurp_fd(f);
	fclose(f);
	yes = strstr(log, text) != NULL;
	free(log);
	return yes;
}

void pp_start(void)
{
	char bin[512];
	char ready[64];
	pid_t pid;

	snprintf(bin, sizeof(bin), "%s/nea-policyd", bin_dir());
	pid = fork();
	cr_assert_geq(pid, 0);
	if (pid == 0) {
		int out = open(pp.log, O_WRONLY | O_CREAT | O_APPEND, 0644);

		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		unsetenv("NEA_MASTER_FD");
		execl(bin, "nea-policyd", "--config", pp.conf, "--foreground", (char *)NULL);
		_exit(127);
	}
	pp.pid = pid;
	snprintf(ready, sizeof(ready), "ready (pid %d)", (int)pid);
	for (int waited = 0; waited < PP_WAIT_MS; waited += 20) {
		int a = pp_connect("admin.sock");
		int p = a >= 0 ? pp_connect("policy.sock") : -1;

		if (a >= 0)
			close(a);
		if (p >= 0)
			close(p);
		/* listening comes before the database is open; "ready" after */
		if (p >= 0 && log_has(ready))
			return;
		cr_assert_eq(waitpid(pid, NULL, WNOHANG), 0, "nea-policyd exited at start; see %s",
			     pp.log);
		sleep_ms(20);
	}
	cr_assert_fail("nea-policyd did not open its sockets within %d ms; see %s", PP_WAIT_MS,
		       pp.log);
}

void pp_stop(int sig)
{
	int status = 0;

	if (pp.pid <= 0)
		return;
	kill(pp.pid, sig);
	for (int waited = 0; waited < PP_WAIT_MS; waited += 10) {
		if (waitpid(pp.pid, &status, WNOHANG) == pp.pid) {
			pp.pid = 0;
			if (sig == SIGTERM)
				cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
					  "nea-policyd did not exit 0 on SIGTERM (status %d)", status);
			return;
		}
		sleep_ms(10);
	}
	kill(pp.pid, SIGKILL);
	waitpid(pp.pid, &status, 0);
	pp.pid = 0;
	cr_assert_fail("nea-policyd ignored signal %d", sig);
}

int pp_connect(const char *name)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	cr_assert_lt(strlen(pp.rundir) + 1 + strlen(name), sizeof(sa.sun_path));
	memcpy(sa.sun_path, pp.rundir, strlen(pp.rundir));
	sa.sun_path[strlen(pp.rundir)] = '/';
	memcpy(sa.sun_path + strlen(pp.rundir) + 1, name, strlen(name));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	cr_assert_geq(fd, 0);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

void pp_send_raw(int fd, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		cr_assert_gt(n, 0, "send: %s", strerror(errno));
		p += n;
		len -= (size_t)n;
	}
}

/* Exactly len bytes within the deadline; false on EOF or timeout. */
static bool read_full(int fd, uint8_t *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (poll(&pfd, 1, PP_WAIT_MS) <= 0)
			return false;
		n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		got += (size_t)n;
	}
	return true;
}

Nea__Envelope *pp_call(int fd, Nea__Envelope *req)
{
	uint8_t *frame = NULL, hdr[4], *body;
	size_t len;
	uint32_t blen;
	Nea__Envelope *rep;

	req->has_req_id = true;
	req->req_id = next_req++;
	cr_assert_eq(ipc_frame_pack(req, PP_MAX_FRAME, &frame, &len), 0);
	pp_send_raw(fd, frame, len);
	free(frame);
	if (!read_full(fd, hdr, 4))
		return NULL;
	blen = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 | hdr[3];
	cr_assert_leq(blen, PP_MAX_FRAME);
	body = malloc(blen ? blen : 1);
	cr_assert_not_null(body);
	cr_assert(read_full(fd, body, blen), "reply body cut short");
	rep = nea__envelope__unpack(NULL, blen, body);
	free(body);
	cr_assert_not_null(rep, "reply does not unpack");
	cr_assert_eq(rep->version, NEA_PROTO_VERSION);
	cr_assert_eq(rep->req_id, req->req_id, "reply to another request");
	return rep;
}

bool pp_closed_by_peer(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	uint8_t b[256];

	for (;;) {
		ssize_t n;

		if (poll(&pfd, 1, 5000) <= 0)
			return false;
		n = read(fd, b, sizeof(b));
		if (n == 0 || (n < 0 && errno == ECONNRESET))
			return true;
		if (n < 0 && errno != EINTR)
			return false;
	}
}

Nea__Envelope *pp_create(int fd, uint32_t connection, const char *user, const char *ip)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__SessionCreate sc = NEA__SESSION_CREATE__INIT;
	Nea__Identity id = NEA__IDENTITY__INIT, *idp = &id;

	if (user) {
		id.type = PDB_ID_USER_NAME;
		id.value.data = (uint8_t *)user;
		id.value.len = strlen(user);
		id.subject = 2;
		id.auth = 2;
		sc.n_identities = 1;
		sc.identities = &idp;
	}
	sc.connection = connection;
	sc.peer_addr = (char *)ip;
	e.has_conn_id = true;
	e.conn_id = connection;
	e.body_case = NEA__ENVELOPE__BODY_SESSION_CREATE;
	e.session_create = &sc;
	return pp_call(fd, &e);
}

Nea__Envelope *pp_start_session(int fd, uint64_t session, const char *device, const char *product)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__SessionStart ss = NEA__SESSION_START__INIT;

	ss.session_id = session;
	ss.device_id = (char *)device;
	ss.product = (char *)product;
	e.body_case = NEA__ENVELOPE__BODY_SESSION_START;
	e.session_start = &ss;
	return pp_call(fd, &e);
}

Nea__Envelope *pp_result(int fd, uint64_t workitem, uint32_t rec, const char *text)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__WorkitemResult wr = NEA__WORKITEM_RESULT__INIT;

	wr.workitem_id = workitem;
	wr.rec_final = rec;
	wr.result = (char *)text;
	e.body_case = NEA__ENVELOPE__BODY_WORKITEM_RESULT;
	e.workitem_result = &wr;
	return pp_call(fd, &e);
}

Nea__Envelope *pp_stop_session(int fd, uint64_t session, uint32_t rec)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__SessionStop sp = NEA__SESSION_STOP__INIT;

	sp.session_id = session;
	sp.recommendation = rec;
	e.body_case = NEA__ENVELOPE__BODY_SESSION_STOP;
	e.session_stop = &sp;
	return pp_call(fd, &e);
}

static char *slurp_fd(FILE *f)
{
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);

	cr_assert_not_null(buf);
	for (;;) {
		size_t got;

		if (n + 1 >= cap) {
			char *nb = realloc(buf, cap *= 2);

			cr_assert_not_null(nb);
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n - 1, f);
		if (got == 0)
			break;
		n += got;
	}
	buf[n] = '\0';
	return buf;
}

int pp_cli(const char *args, char **out)
{
	char cmd[2048];
	FILE *f;
	int st;

	snprintf(cmd, sizeof(cmd), "'%s/nea' %s --config '%s' 2>&1", bin_dir(), args, pp.conf);
	f = popen(cmd, "r");
	cr_assert_not_null(f);
	*out = slurp_fd(f);
	st = pclose(f);
	cr_assert(WIFEXITED(st), "nea %s did not exit normally", args);
	return WEXITSTATUS(st);
}

char *pp_log(void)
{
	FILE *f = fopen(pp.log, "r");
	char *s;

	cr_assert_not_null(f);
	s = slurp_fd(f);
	fclose(f);
	return s;
}

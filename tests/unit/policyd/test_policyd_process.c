/*
 * The real nea-policyd process over its real Unix sockets (pd_proc.c):
 * nea-imvd's conversation on policy.sock (ARCHITECTURE 11.3), the nea CLI
 * on admin.sock, hostile frames, a SIGKILL in the middle of a session, and
 * the CLI's answer when nobody listens.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_ipc.h"
#include "pd_proc.h"
#include "pdb.h"

#define DEV "3d1219c7c4c5404aaa1f6d2a48adfda4"
#define PRODUCT "Debian 12 x86_64"

TestSuite(policyd_process, .init = pp_setup, .fini = pp_teardown, .timeout = 120);

static const Nea__Workitem *find_type(const Nea__WorkitemList *wl, uint32_t type)
{
	for (size_t i = 0; i < wl->n_items; i++)
		if (wl->items[i]->type == type)
			return wl->items[i];
	return NULL;
}

static size_t count_type(const Nea__WorkitemList *wl, uint32_t type)
{
	size_t n = 0;

	for (size_t i = 0; i < wl->n_items; i++)
		n += wl->items[i]->type == type;
	return n;
}

/* SessionCreate + SessionStart for DEV; the WorkitemList reply. */
static Nea__Envelope *started(int fd, uint32_t conn, const char *user, uint64_t *sid)
{
	Nea__Envelope *r = pp_create(fd, conn, user, "127.0.0.1");

	cr_assert_not_null(r);
	cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_SESSION_CREATED, "case %d: %s",
		     r->body_case, r->policy_error ? r->policy_error->message : "");
	*sid = r->session_created->session_id;
	cr_assert_gt(*sid, 0);
	nea__envelope__free_unpacked(r, NULL);
	r = pp_start_session(fd, *sid, DEV, PRODUCT);
	cr_assert_not_null(r);
	cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_WORKITEMS, "case %d: %s", r->body_case,
		     r->policy_error ? r->policy_error->message : "");
	cr_assert_eq(r->workitems->session_id, *sid);
	return r;
}

/* Finalize every workitem of wl: TCPOP with rec_tcp, the rest allow. */
static void finish_all(int fd, const Nea__WorkitemList *wl, uint32_t rec_tcp)
{
	for (size_t i = 0; i < wl->n_items; i++) {
		bool tcp = wl->items[i]->type == PDB_WI_TCPOP;
		Nea__Envelope *r = pp_result(fd, wl->items[i]->id, tcp ? rec_tcp : PDB_REC_ALLOW,
					     tcp ? "violating tcp ports: 38953" : "ok");

		cr_assert_not_null(r);
		cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_WORKITEMS, "workitem %llu: %s",
			     (unsigned long long)wl->items[i]->id,
			     r->policy_error ? r->policy_error->message : "");
		/* the reply lists what is still to do */
		cr_assert_eq(r->workitems->n_items, wl->n_items - i - 1);
		nea__envelope__free_unpacked(r, NULL);
	}
}

static void expect_error(Nea__Envelope *r, int code, const char *words)
{
	cr_assert_not_null(r, "no answer");
	cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_POLICY_ERROR, "case %d, not PolicyError",
		     r->body_case);
	cr_assert_eq(r->policy_error->code, code, "code %d (%s)", r->policy_error->code,
		     r->policy_error->message);
	cr_assert_not_null(strstr(r->policy_error->message, words), "message '%s' lacks '%s'",
			   r->policy_error->message, words);
	nea__envelope__free_unpacked(r, NULL);
}

static void cli_ok(const char *args, const char *expect)
{
	char *out;
	int st = pp_cli(args, &out);

	cr_assert_eq(st, 0, "nea %s: exit %d: %s", args, st, out);
	if (expect)
		cr_assert_not_null(strstr(out, expect), "nea %s printed:\n%s\nwithout '%s'", args,
				   out, expect);
	free(out);
}

static void cli_fails(const char *args, int status, const char *expect)
{
	char *out;
	int st = pp_cli(args, &out);

	cr_assert_eq(st, status, "nea %s: exit %d (want %d): %s", args, st, status, out);
	cr_assert_not_null(strstr(out, expect), "nea %s printed:\n%s\nwithout '%s'", args, out,
			   expect);
	free(out);
}

Test(policyd_process, session_lifecycle_for_a_device_in_the_default_group)
{
	int fd = pp_connect("policy.sock");
	Nea__Envelope *r;
	uint64_t sid;
	char *log;
	struct stat st;

	cr_assert_geq(fd, 0);
	r = started(fd, 1, "jane", &sid);
	/* a new Debian 12 x86_64 device joins Debian x86_64 < Linux < Default */
	cr_assert_eq(count_type(r->workitems, PDB_WI_PCKGS), 1);
	cr_assert_eq(count_type(r->workitems, PDB_WI_TCPOP), 1);
	cr_assert_eq(count_type(r->workitems, PDB_WI_UDPOP), 1);
	cr_assert_eq(count_type(r->workitems, PDB_WI_FWDEN), 1);
	cr_assert_str_eq(find_type(r->workitems, PDB_WI_UDPOP)->arg_str, "500 4500 10000-65000");
	cr_assert_eq(find_type(r->workitems, PDB_WI_TCPOP)->rec_fail, PDB_REC_NO_ACCESS);
	finish_all(fd, r->workitems, PDB_REC_NO_ACCESS);
	nea__envelope__free_unpacked(r, NULL);

	r = pp_stop_session(fd, sid, PDB_REC_NO_ACCESS);
	cr_assert_not_null(r);
	cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_SESSION_STOPPED);
	cr_assert_eq(r->session_stopped->session_id, sid);
	cr_assert_str_eq(r->session_stopped->summary,
			 "recommendation for access requestor 127.0.0.1 is no access");
	nea__envelope__free_unpacked(r, NULL);
	/* a second stop is refused, the first one stands */
	expect_error(pp_stop_session(fd, sid, PDB_REC_ALLOW), NEA_ESTATE, "stopped with 'no access'");
	close(fd);

	/* the operator's view, through the real CLI and admin.sock */
	cli_ok("sessions", "Debian 12 x86_64     3d1219c7c4c5404aaa1f jane - no access");
	cli_ok("devices", DEV " - Debian 12 x86_64 - ");
	cli_ok("devices", "jane - no access");
	cli_ok("devices", "1 device found");
	cli_ok("results", "violating tcp ports: 38953");

	log = pp_log();
	cr_assert_not_null(strstr(log, "created policy database"));
	cr_assert_not_null(strstr(log, "assigned session ID"));
	cr_assert_not_null(strstr(log, "policy: recommendation for access requestor 127.0.0.1 is no "
				       "access"));
	free(log);
	cr_assert_eq(stat(pp.dbpath, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0640, "database mode %o", st.st_mode & 0777);
}

Test(policyd_process, operator_allows_tcp_22_and_443_without_sql)
{
	int fd = pp_connect("policy.sock");
	const Nea__Workitem *tcp;
	Nea__Envelope *r;
	uint64_t sid;

	cli_ok("policy add 'TCP 22 443' --type TCPOP --argument '22 443'", "policy 'TCP 22 443' added");
	cli_ok("enforcement delete 'No Open TCP Ports' Default", "deleted");
	cli_ok("enforcement add 'TCP 22 443' Default --max-age 0", "added");
	cli_ok("enforcements", "TCP 22 443 on Default");
	cli_ok("policies", "TCPOP, argument '22 443', rec_fail no access");

	cr_assert_geq(fd, 0);
	r = started(fd, 7, "jane", &sid);
	cr_assert_eq(count_type(r->workitems, PDB_WI_TCPOP), 1, "only the new TCP policy");
	tcp = find_type(r->workitems, PDB_WI_TCPOP);
	cr_assert_str_eq(tcp->arg_str, "22 443");
	cr_assert_eq(tcp->rec_fail, PDB_REC_NO_ACCESS);
	nea__envelope__free_unpacked(r, NULL);
	close(fd);

	/* bad values and unknown names: exit 1 naming the culprit */
	cli_fails("policy add bad --type TCPOP --argument '22 70000'", 1, "70000");
	cli_fails("policy add bad --type NOSUCH", 1, "unknown policy type 'NOSUCH'");
	cli_fails("enforcement add nosuch Default", 1, "unknown policy 'nosuch'");
	cli_fails("enforcement add 'TCP 22 443' nosuchgroup", 1, "nosuchgroup");
	cli_fails("policy add 'TCP 22 443' --type TCPOP", 1, "TCP 22 443");
	cli_fails("policy frobnicate", 2, "takes: add delete");
	cli_ok("policy --help", "usage: nea policy add NAME --type CODE");
}

/* Every port and setting policy type an operator adds reaches the IMV host
 * as a workitem with its argument and recommendations. */
Test(policyd_process, operator_policies_of_every_scanner_and_os_type)
{
	static const struct {
		const char *name, *args;
		uint32_t type;
		const char *arg;
		uint32_t rec_fail, rec_noresult;
	} pol[] = {
		{ "Blocked TCP", "--type TCPBL --argument '23 2323'", PDB_WI_TCPBL, "23 2323",
		  PDB_REC_NO_ACCESS, PDB_REC_NO_ACCESS },
		{ "Blocked UDP", "--type UDPBL --argument 69 --rec-fail isolate", PDB_WI_UDPBL, "69",
		  PDB_REC_ISOLATE, PDB_REC_NO_ACCESS },
		{ "Default Password", "--type PWDEN --rec-noresult allow", PDB_WI_PWDEN, "",
		  PDB_REC_NO_ACCESS, PDB_REC_ALLOW },
		{ "Unknown Sources", "--type UNSRC", PDB_WI_UNSRC, "", PDB_REC_NO_ACCESS,
		  PDB_REC_NO_ACCESS },
	};
	int fd = pp_connect("policy.sock");
	Nea__Envelope *r;
	uint64_t sid;
	char cmd[256];

	for (size_t i = 0; i < 4; i++) {
		snprintf(cmd, sizeof(cmd), "policy add '%s' %s", pol[i].name, pol[i].args);
		cli_ok(cmd, "added");
		snprintf(cmd, sizeof(cmd), "enforcement add '%s' Default", pol[i].name);
		cli_ok(cmd, "added");
	}
	cr_assert_geq(fd, 0);
	r = started(fd, 2, "jane", &sid);
	for (size_t i = 0; i < 4; i++) {
		const Nea__Workitem *w = find_type(r->workitems, pol[i].type);

		cr_assert_not_null(w, "no %s workitem", pol[i].name);
		cr_expect_str_eq(w->arg_str ? w->arg_str : "", pol[i].arg, "%s", pol[i].name);
		cr_expect_eq(w->rec_fail, pol[i].rec_fail, "%s rec_fail", pol[i].name);
		cr_expect_eq(w->rec_noresult, pol[i].rec_noresult, "%s rec_noresult", pol[i].name);
	}
	/* the stock ones are still there */
	cr_assert_not_null(find_type(r->workitems, PDB_WI_TCPOP));
	cr_assert_not_null(find_type(r->workitems, PDB_WI_UDPOP));
	cr_assert_not_null(find_type(r->workitems, PDB_WI_FWDEN));
	cr_assert_not_null(find_type(r->workitems, PDB_WI_PCKGS));
	nea__envelope__free_unpacked(r, NULL);
	close(fd);
}

Test(policyd_process, package_checks)
{
	int fd = pp_connect("policy.sock");
	Nea__Envelope e = NEA__ENVELOPE__INIT, *r;
	Nea__PackageCheck pc = NEA__PACKAGE_CHECK__INIT;
	Nea__Package pk[5], *pkp[5];
	static const char *const pkgs[5][2] = {
		{ "nea-test-lib", "3.0.11-1~deb12u2" },  /* the security release: ok */
		{ "nea-test-lib", "3.0.9-1" },           /* anything else: not updated */
		{ "nea-test-lib", "1.0.0-1" },           /* blacklisted release */
		{ "nea-test-telnetd", "0.17-44" },       /* blacklisted package */
		{ "nea-test-unknown", "1.0" },           /* no versions known */
	};
	static const uint32_t want[5] = { PDB_PKG_OK, PDB_PKG_UPDATE, PDB_PKG_BLACKLIST,
					  PDB_PKG_BLACKLIST, PDB_PKG_UNKNOWN };

	cli_ok("package add nea-test-lib", "added");
	cli_ok("version add nea-test-lib 3.0.11-1~deb12u2 --product 'Debian 12 x86_64' --security",
	       "added");
	cli_ok("version add nea-test-lib 1.0.0-1 --product 'Debian 12 x86_64' --blacklist", "added");
	cli_ok("package add nea-test-telnetd --blacklist", "added");
	cli_ok("versions nea-test-lib", "3.0.11-1~deb12u2");
	cli_fails("version add nea-test-lib 2.0 --product 'No Such OS 1'", 1, "No Such OS 1");
	cli_fails("version add nea-test-nothere 2.0 --product 'Debian 12 x86_64'", 1,
		  "nea-test-nothere");

	cr_assert_geq(fd, 0);
	for (size_t i = 0; i < 5; i++) {
		nea__package__init(&pk[i]);
		pk[i].name = (char *)pkgs[i][0];
		pk[i].version = (char *)pkgs[i][1];
		pkp[i] = &pk[i];
	}
	pc.product = (char *)PRODUCT;
	pc.n_packages = 5;
	pc.packages = pkp;
	e.body_case = NEA__ENVELOPE__BODY_PACKAGE_CHECK;
	e.package_check = &pc;
	r = pp_call(fd, &e);
	cr_assert_not_null(r);
	cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_PACKAGE_STATUS);
	cr_assert_eq(r->package_status->n_status, 5);
	for (size_t i = 0; i < 5; i++)
		cr_expect_eq(r->package_status->status[i], want[i], "%s %s: status %u, want %u",
			     pkgs[i][0], pkgs[i][1], r->package_status->status[i], want[i]);
	nea__envelope__free_unpacked(r, NULL);

	/* an unknown product: every package unknown, not an error */
	pc.product = (char *)"Plan 9 4th edition";
	r = pp_call(fd, &e);
	cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_PACKAGE_STATUS);
	for (size_t i = 0; i < 5; i++)
		cr_expect_eq(r->package_status->status[i], PDB_PKG_UNKNOWN);
	nea__envelope__free_unpacked(r, NULL);
	close(fd);
}

Test(policyd_process, bad_requests_get_policy_errors_and_the_link_survives)
{
	int fd = pp_connect("policy.sock"), fd2;
	Nea__Envelope e = NEA__ENVELOPE__INIT, *r;
	Nea__SessionStart ss = NEA__SESSION_START__INIT;
	Nea__AdminRequest ar = NEA__ADMIN_REQUEST__INIT;
	static const uint8_t huge[4] = { 0xff, 0xff, 0xff, 0xf0 };
	uint64_t sid;

	cr_assert_geq(fd, 0);
	expect_error(pp_start_session(fd, 999, DEV, PRODUCT), NEA_ENOTFOUND, "unknown session 999");
	expect_error(pp_result(fd, 12345, PDB_REC_ALLOW, "ok"), NEA_ENOTFOUND, "unknown workitem");
	expect_error(pp_stop_session(fd, 0, PDB_REC_ALLOW), NEA_EINVAL, "out of range");
	expect_error(pp_create(fd, 0, "jane", "127.0.0.1"), NEA_EINVAL, "Connection ID 0");
	expect_error(pp_create(fd, 3, "jane", "not-an-address"), NEA_EINVAL, "not an IP address");
	r = started(fd, 3, "jane", &sid);
	nea__envelope__free_unpacked(r, NULL);
	expect_error(pp_start_session(fd, sid, "another-device", PRODUCT), NEA_ESTATE,
		     "was started for device");
	expect_error(pp_result(fd, 1, 7, "ok"), NEA_EINVAL, "not a recommendation");
	/* SessionStart without a product: required field left out */
	ss.session_id = sid;
	ss.device_id = (char *)DEV;
	ss.product = (char *)"";
	e.body_case = NEA__ENVELOPE__BODY_SESSION_START;
	e.session_start = &ss;
	expect_error(pp_call(fd, &e), NEA_EINVAL, "product is empty");
	/* still the same connection, still working */
	r = pp_stop_session(fd, sid, PDB_REC_ALLOW);
	cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_SESSION_STOPPED);
	nea__envelope__free_unpacked(r, NULL);

	/* an admin command on policy.sock is not a case that link accepts */
	e.body_case = NEA__ENVELOPE__BODY_ADMIN_REQUEST;
	e.admin_request = &ar;
	cr_assert_null(pp_call(fd, &e), "policy.sock answered an AdminRequest");
	close(fd);
	/* a 4 GiB length prefix: closed before anything is allocated */
	fd2 = pp_connect("policy.sock");
	cr_assert_geq(fd2, 0);
	pp_send_raw(fd2, huge, sizeof(huge));
	cr_assert(pp_closed_by_peer(fd2));
	close(fd2);
	/* garbage on admin.sock */
	fd2 = pp_connect("admin.sock");
	cr_assert_geq(fd2, 0);
	pp_send_raw(fd2, "\x00\x00\x00\x05hello", 9);
	cr_assert(pp_closed_by_peer(fd2));
	close(fd2);

	/* the daemon carries on */
	fd = pp_connect("policy.sock");
	cr_assert_geq(fd, 0);
	r = pp_create(fd, 4, "jane", "127.0.0.1");
	cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_SESSION_CREATED);
	nea__envelope__free_unpacked(r, NULL);
	close(fd);
	cli_ok("sessions", " - allow");
}

static void crash_loses_nothing(void)
{
	int fd = pp_connect("policy.sock");
	Nea__Envelope *r, *list;
	uint64_t sid;

	cli_ok("group add Servers --parent Linux", "added");
	cr_assert_geq(fd, 0);
	list = started(fd, 1, "jane", &sid);
	cr_assert_gt(list->workitems->n_items, 1);
	/* the first result is answered, then the daemon dies */
	r = pp_result(fd, list->workitems->items[0]->id, PDB_REC_ALLOW, "ok");
	cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_WORKITEMS);
	nea__envelope__free_unpacked(r, NULL);
	close(fd);
	pp_stop(SIGKILL);

	pp_start();
	cli_ok("groups", "Servers");
	fd = pp_connect("policy.sock");
	cr_assert_geq(fd, 0);
	/* the first result is still there: a retry with the same verdict is
	 * accepted, a different one refused */
	r = pp_result(fd, list->workitems->items[0]->id, PDB_REC_ALLOW, "ok");
	cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_WORKITEMS, "%s",
		     r->policy_error ? r->policy_error->message : "");
	cr_assert_eq(r->workitems->n_items, list->workitems->n_items - 1);
	nea__envelope__free_unpacked(r, NULL);
	expect_error(pp_result(fd, list->workitems->items[0]->id, PDB_REC_NO_ACCESS, "bad"),
		     NEA_EEXIST, "already has a result");
	/* the session carries on where it was */
	for (size_t i = 1; i < list->workitems->n_items; i++) {
		r = pp_result(fd, list->workitems->items[i]->id, PDB_REC_ALLOW, "ok");
		cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_WORKITEMS);
		nea__envelope__free_unpacked(r, NULL);
	}
	r = pp_stop_session(fd, sid, PDB_REC_ALLOW);
	cr_assert_eq(r->body_case, NEA__ENVELOPE__BODY_SESSION_STOPPED);
	nea__envelope__free_unpacked(r, NULL);
	nea__envelope__free_unpacked(list, NULL);
	close(fd);
	cli_ok("sessions", "jane - allow");
	cli_ok("device show " DEV, "sessions:    1");

	/* a clean stop and start too */
	pp_stop(SIGTERM);
	pp_start();
	cli_ok("sessions", "jane - allow");
}

Test(policyd_process, a_crash_loses_nothing_committed)
{
	char *log = pp_log();

	cr_assert_not_null(strstr(log, "database commits are synced to disk"));
	free(log);
	crash_loses_nothing();
}

/* Without an fsync per commit a crash of the process still loses nothing:
 * the committed WAL frames are in the kernel's page cache. */
TestSuite(policyd_process_nosync, .init = pp_setup_nosync, .fini = pp_teardown, .timeout = 120);

Test(policyd_process_nosync, a_crash_loses_nothing_committed)
{
	char *log = pp_log();

	cr_assert_not_null(strstr(log, "database commits are written without fsync"));
	free(log);
	crash_loses_nothing();
}

TestSuite(policyd_process_orphan, .init = pp_setup_orphan, .fini = pp_teardown, .timeout = 120);

Test(policyd_process_orphan, session_of_a_vanished_imv_host_is_closed_out)
{
	int fd = pp_connect("policy.sock");
	Nea__Envelope *r;
	uint64_t sid;
	char *log = NULL;
	bool closed = false;

	cr_assert_geq(fd, 0);
	r = started(fd, 5, "jane", &sid);
	nea__envelope__free_unpacked(r, NULL);
	close(fd); /* nea-imvd died: orphan_timeout is 1 s in this suite */
	for (int i = 0; i < 100 && !closed; i++) {
		struct timespec ts = { 0, 100000000L };

		nanosleep(&ts, NULL);
		free(log);
		log = pp_log();
		closed = strstr(log, "closed out with no recommendation: its IMV host went away");
	}
	free(log);
	cr_assert(closed, "session not closed out");
	fd = pp_connect("policy.sock");
	expect_error(pp_stop_session(fd, sid, PDB_REC_ALLOW), NEA_ESTATE, "not open");
	close(fd);
	cli_ok("sessions", "jane - no recommendation");
}

/* In a child that became nobody: 0 when the daemon hung up on a request
 * sent to sock without answering it, 10 + step otherwise. */
static int stranger_is_cut_off(const char *sock, Nea__Envelope *req)
{
	uint8_t *frame = NULL, b[64];
	size_t len;
	ssize_t n;
	int fd;

	if (setgid(65534) != 0 || setuid(65534) != 0)
		return 11;
	fd = pp_connect(sock);
	if (fd < 0)
		return 12;
	if (ipc_frame_pack(req, 1 << 20, &frame, &len) != 0)
		return 13;
	if (send(fd, frame, len, MSG_NOSIGNAL) < 0)
		return 0; /* already closed */
	free(frame);
	do
		n = read(fd, b, sizeof(b));
	while (n < 0 && errno == EINTR);
	close(fd);
	return n == 0 || (n < 0 && errno == ECONNRESET) ? 0 : 14;
}

static void expect_stranger_cut_off(const char *sock, Nea__Envelope *req)
{
	int status = 0;
	pid_t pid = fork();

	cr_assert_geq(pid, 0);
	if (pid == 0)
		_exit(stranger_is_cut_off(sock, req));
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		  "%s: a stranger's request was not cut off (child status %d)", sock, status);
}

/* The socket files are opened up so only the daemon's uid check stands
 * between a stranger and the database. */
Test(policyd_process, strangers_are_refused_on_both_sockets)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__AdminRequest ar = NEA__ADMIN_REQUEST__INIT;
	Nea__SessionCreate sc = NEA__SESSION_CREATE__INIT;
	char *argv[] = { (char *)"sessions" }, path[256], *log;

	if (geteuid() != 0)
		cr_skip_test("needs root to become another user");
	chmod(pp.dir, 0755);
	chmod(pp.rundir, 0755);
	snprintf(path, sizeof(path), "%s/admin.sock", pp.rundir);
	cr_assert_eq(chmod(path, 0666), 0);
	snprintf(path, sizeof(path), "%s/policy.sock", pp.rundir);
	cr_assert_eq(chmod(path, 0666), 0);

	ar.n_argv = 1;
	ar.argv = argv;
	e.body_case = NEA__ENVELOPE__BODY_ADMIN_REQUEST;
	e.admin_request = &ar;
	e.has_req_id = true;
	e.req_id = 1;
	expect_stranger_cut_off("admin.sock", &e);
	sc.connection = 1;
	e.body_case = NEA__ENVELOPE__BODY_SESSION_CREATE;
	e.session_create = &sc;
	expect_stranger_cut_off("policy.sock", &e);

	log = pp_log();
	cr_assert_not_null(strstr(log, "admin.sock: refusing pid"), "%s", log);
	cr_assert_not_null(strstr(log, "uid 65534"), "%s", log);
	cr_assert_null(strstr(log, "admin command 'sessions' from uid 65534"));
	cr_assert_null(strstr(log, "assigned session ID"));
	free(log);
	/* root still gets in */
	cli_ok("sessions", NULL);
}

Test(policyd_process, cli_says_when_policyd_is_not_running)
{
	pp_stop(SIGTERM);
	cli_fails("sessions", 1, "cannot reach nea-policyd");
	cli_fails("sessions", 1, "admin.sock");
}

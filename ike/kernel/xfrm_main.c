/*
 * nea-xfrm: the privileged XFRM helper nea-iked starts over a socketpair.
 *
 *   nea-xfrm --fd N [--uid U --gid G] [--max-children N] [--reqid-base N]
 *            [--debug LEVEL]
 *
 * Order: keep only the socketpair (moved to fd 3) and stdio, open the
 * NETLINK_XFRM socket and the tables, drop every capability but
 * CAP_NET_ADMIN (and the uid when told), install the seccomp filter, say
 * READY, then answer one request per packet. End of file on the socketpair,
 * SIGTERM or the parent's death remove everything this helper installed,
 * then it exits 0. Exit 1: it could not set itself up (logged).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"
#include "xfrm_helper.h"
#include "xfrm_nl.h"
#include "xfrm_req.h"
#include "xfrm_sandbox.h"

#define HELPER_FD 3

#ifdef NEA_SANITIZE_BUILD
/* LeakSanitizer inspects the process from a ptrace()ing thread at exit,
 * which the helper's capability drop and seccomp filter rule out (it
 * spins); AddressSanitizer's checks stay on. The helper's one allocation
 * (the table) is freed before exit. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}
#endif

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static int nl_kernel(void *ctx, uint8_t *msg, size_t len, int *kerr, char *ktext, size_t cap)
{
	return xfrm_nl_call(*(int *)ctx, msg, len, kerr, ktext, cap);
}

static bool parse_num(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s)
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

static void usage(void)
{
	fprintf(stderr, "usage: nea-xfrm --fd N [--uid U --gid G] [--max-children N] "
			"[--reqid-base N] [--debug LEVEL]\n");
}

static int send_answer(int fd, const xfrm_ans_t *a)
{
	uint8_t out[XFRM_ANS_LEN];

	xfrm_ans_encode(a, out);
	return send(fd, out, sizeof(out), MSG_NOSIGNAL) == (ssize_t)sizeof(out) ? 0 : NEA_EIO;
}

/* The socketpair becomes fd 3; every other inherited descriptor is closed. */
static int settle_fds(int fd)
{
	int type = 0;
	socklen_t tl = sizeof(type);

	if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) < 0 || type != SOCK_SEQPACKET) {
		NLOG(KNL, 0, "fd %d is not a SOCK_SEQPACKET socket", fd);
		return NEA_EINVAL;
	}
	if (fd != HELPER_FD) {
		if (dup2(fd, HELPER_FD) < 0)
			return NEA_EIO;
		close(fd);
	}
	if (fcntl(HELPER_FD, F_SETFD, FD_CLOEXEC) < 0)
		return NEA_EIO;
	/* nea-iked's sockets and keys have no business here */
	if (close_range(HELPER_FD + 1, ~0u, 0) < 0) {
		long max = sysconf(_SC_OPEN_MAX);

		for (long i = HELPER_FD + 1; i < (max > 0 ? max : 65536); i++)
			(void)close((int)i);
	}
	return 0;
}

static int helper_main(int argc, char **argv)
{
	unsigned long fd = (unsigned long)-1, uid = 0, gid = 0, maxc = XFRM_HELPER_DEFAULT_CHILDREN;
	unsigned long base = 1, level = 1;
	bool have_uid = false, have_gid = false;
	struct sigaction sa;
	xfrm_helper_t h;
	xfrm_ans_t ready = {.type = XFRM_REQ_READY};
	int nl;

	nea_log_init("nea-xfrm", false);
	for (int i = 1; i < argc; i += 2) { /* every option takes one value */
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		bool ok;

		if (!strcmp(argv[i], "--fd"))
			ok = parse_num(v, 65535, &fd);
		else if (!strcmp(argv[i], "--uid"))
			ok = have_uid = parse_num(v, 0xfffffffe, &uid);
		else if (!strcmp(argv[i], "--gid"))
			ok = have_gid = parse_num(v, 0xfffffffe, &gid);
		else if (!strcmp(argv[i], "--max-children"))
			ok = parse_num(v, XFRM_HELPER_MAX_CHILDREN, &maxc) && maxc > 0;
		else if (!strcmp(argv[i], "--reqid-base"))
			ok = parse_num(v, 0xfffffff0, &base) && base > 0;
		else if (!strcmp(argv[i], "--debug"))
			ok = parse_num(v, 4, &level);
		else
			ok = false;
		if (!ok) {
			usage();
			return 2;
		}
	}
	if (fd == (unsigned long)-1 || have_uid != have_gid) {
		usage();
		return 2;
	}
	nea_log_set_level(NEA_LG_KNL, (int)level);
	nea_log_set_level(NEA_LG_DMN, (int)level);
	tzset(); /* the log's local time must not open files under seccomp */

	if (settle_fds((int)fd) < 0)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: recv returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	(void)prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0);
	if (getppid() == 1 && getpid() != 1)
		stop_signal = SIGTERM; /* the parent died before PDEATHSIG was armed */

	nl = xfrm_nl_open();
	if (nl < 0) {
		NLOG(KNL, 0, "cannot open the NETLINK_XFRM socket: %s", strerror(errno));
		ready.status = NEA_EIO;
		ready.kerrno = (uint32_t)errno;
		(void)send_answer(HELPER_FD, &ready);
		return 1;
	}
	if (xfrm_helper_init(&h, maxc, (uint32_t)base, nl_kernel, &nl) < 0) {
		NLOG(KNL, 0, "cannot allocate tables for %lu CHILD_SAs", maxc);
		ready.status = NEA_ENOMEM;
		(void)send_answer(HELPER_FD, &ready);
		return 1;
	}
	if (xfrm_sandbox_caps(have_uid, (uid_t)uid, (gid_t)gid) < 0 ||
	    xfrm_sandbox_seccomp() < 0) {
		ready.status = NEA_EPERM;
		(void)send_answer(HELPER_FD, &ready);
		return 1;
	}
	NLOG(KNL, 1, "XFRM helper ready (uid %u, CAP_NET_ADMIN only, seccomp), at most %lu "
		     "CHILD_SAs, reqids from %lu", (unsigned)getuid(), maxc, base);
	ready.value = (uint32_t)maxc;
	if (send_answer(HELPER_FD, &ready) < 0)
		stop_signal = SIGPIPE;

	while (!stop_signal) {
		uint8_t buf[XFRM_REQ_MAX];
		xfrm_ans_t ans;
		ssize_t n = recv(HELPER_FD, buf, sizeof(buf), MSG_TRUNC);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			NLOG(KNL, 0, "reading requests failed: %s", strerror(errno));
			break;
		}
		if (n == 0) {
			NLOG(KNL, 1, "nea-iked closed the request socket");
			break;
		}
		if ((size_t)n > sizeof(buf)) {
			memset(&ans, 0, sizeof(ans));
			ans.type = buf[1] <= XFRM_REQ_TYPE_MAX ? buf[1] : 0;
			ans.seq = nea_get_u32(buf + 4);
			ans.status = NEA_ETOOBIG;
			NLOG(KNL, 0, "refused a request of %zd bytes (limit %d)", n, XFRM_REQ_MAX);
			h.refused++;
		} else {
			xfrm_helper_handle(&h, buf, (size_t)n, &ans);
		}
		explicit_bzero(buf, sizeof(buf));
		if (send_answer(HELPER_FD, &ans) < 0) {
			NLOG(KNL, 0, "cannot answer nea-iked: %s", strerror(errno));
			break;
		}
	}
	if (stop_signal && stop_signal != SIGPIPE)
		NLOG(KNL, 1, "stopping on signal %d", (int)stop_signal);
	(void)xfrm_helper_flush(&h);
	NLOG(KNL, 1, "XFRM helper exits: %lu requests done, %lu refused, %lu failed in the "
		     "kernel", h.done, h.refused, h.failed);
	xfrm_helper_free(&h);
	close(nl);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = helper_main(argc, argv);

#ifdef NEA_SANITIZE_BUILD
	/* ASAN_OPTIONS from the environment can switch LeakSanitizer back on,
	 * and its exit-time scan cannot run without ptrace and capabilities
	 * (it spins until nea-iked kills us). Leave without atexit handlers;
	 * AddressSanitizer reports errors when they happen, not at exit. */
	fflush(stderr);
	_exit(rc);
#endif
	return rc;
}

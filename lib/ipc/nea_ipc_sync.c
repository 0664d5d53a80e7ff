/*
 * Blocking request/reply over an ipc socket, for short-lived tools that
 * have no event loop (the nea CLI), and its send/receive halves for the
 * client broker's nea-imcd link. Same framing and checks as the libuv
 * links: the length prefix is bounded before allocation, the reply must
 * unpack, carry our version and the one body case the caller expects.
 */
#include "nea_ipc.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"

int ipc_sync_connect(const char *path, int *fd)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int s;

	if (strlen(path) >= sizeof(sa.sun_path))
		return NEA_ETOOBIG;
	strcpy(sa.sun_path, path);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return NEA_EIO;
	if (connect(s, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		int e = errno;

		close(s);
		return e == EACCES || e == EPERM ? NEA_EPERM : NEA_ECLOSED;
	}
	*fd = s;
	return 0;
}

long long ipc_sync_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for fd to become ready for events until the deadline. */
static int wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		long long left = deadline - ipc_sync_now_ms();
		struct pollfd p = { .fd = fd, .events = events };
		int n;

		if (left <= 0)
			return NEA_EAGAIN;
		n = poll(&p, 1, (int)(left > 60000 ? 60000 : left));
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return NEA_EIO;
	}
}

static int write_all(int fd, const uint8_t *p, size_t n, long long deadline)
{
	while (n > 0) {
		ssize_t w;
		int rc = wait_fd(fd, POLLOUT, deadline);

		if (rc < 0)
			return rc;
		w = send(fd, p, n, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return NEA_ECLOSED;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int read_all(int fd, uint8_t *p, size_t n, long long deadline)
{
	while (n > 0) {
		ssize_t r;
		int rc = wait_fd(fd, POLLIN, deadline);

		if (rc < 0)
			return rc;
		r = recv(fd, p, n, MSG_DONTWAIT);
		if (r == 0)
			return NEA_ECLOSED;
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return NEA_ECLOSED;
		}
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int ipc_sync_send(int fd, Nea__Envelope *env, size_t max_frame, long long deadline)
{
	uint8_t *frame = NULL;
	size_t len;
	int rc = ipc_frame_pack(env, max_frame, &frame, &len);

	if (rc < 0)
		return rc;
	rc = write_all(fd, frame, len, deadline);
	free(frame);
	return rc;
}

/* ipc_sync_recv; *announced: the length prefix read (for the log line) */
static int recv_frame(int fd, const int *allowed, size_t n_allowed, size_t max_frame,
		      long long deadline, Nea__Envelope **out, const char **why,
		      size_t *announced)
{
	uint8_t hdr[4], *body;
	size_t blen;
	int rc;

	*out = NULL;
	*why = NULL;
	rc = read_all(fd, hdr, sizeof(hdr), deadline);
	if (rc < 0)
		return rc;
	blen = nea_get_u32(hdr);
	*announced = blen;
	/* bounded before anything is allocated */
	if (blen > max_frame) {
		*why = "frame larger than the limit";
		return NEA_ETOOBIG;
	}
	body = malloc(blen ? blen : 1);
	if (!body)
		return NEA_ENOMEM;
	rc = read_all(fd, body, blen, deadline);
	if (rc == 0)
		rc = ipc_frame_unpack(body, blen, allowed, n_allowed, out, why);
	free(body);
	return rc;
}

int ipc_sync_recv(int fd, const int *allowed, size_t n_allowed, size_t max_frame,
		  long long deadline, Nea__Envelope **out, const char **why)
{
	size_t announced;

	return recv_frame(fd, allowed, n_allowed, max_frame, deadline, out, why, &announced);
}

int ipc_sync_call(int fd, Nea__Envelope *req, int expect_case, size_t max_frame,
		  unsigned timeout_ms, Nea__Envelope **reply)
{
	long long deadline = ipc_sync_now_ms() + timeout_ms;
	const char *why = NULL;
	size_t announced = 0;
	int rc;

	*reply = NULL;
	if (!max_frame)
		max_frame = IPC_MAX_FRAME_DEFAULT;
	rc = ipc_sync_send(fd, req, max_frame, deadline);
	if (rc < 0)
		return rc;
	rc = recv_frame(fd, &expect_case, 1, max_frame, deadline, reply, &why, &announced);
	if (rc == NEA_ETOOBIG)
		NLOG(IPC, 0, "reply announces a %zu-byte frame, limit is %zu", announced, max_frame);
	else if (rc < 0 && why)
		NLOG(IPC, 0, "reply rejected: %s", why);
	return rc;
}

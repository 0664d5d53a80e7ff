/*
 * Blocking request/reply over an ipc socket, for short-lived tools that
 * have no event loop (the nea CLI). Same framing and checks as the libuv
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

static long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for fd to become ready for events until the deadline. */
static int wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		long long left = deadline - ms_now();
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

int ipc_sync_call(int fd, Nea__Envelope *req, int expect_case, size_t max_frame,
		  unsigned timeout_ms, Nea__Envelope **reply)
{
	long long deadline = ms_now() + timeout_ms;
	uint8_t hdr[4], *frame = NULL, *body = NULL;
	const char *why = "";
	size_t len, blen;
	int rc;

	*reply = NULL;
	if (!max_frame)
		max_frame = IPC_MAX_FRAME_DEFAULT;
	rc = ipc_frame_pack(req, max_frame, &frame, &len);
	if (rc < 0)
		return rc;
	rc = write_all(fd, frame, len, deadline);
	free(frame);
	if (rc < 0)
		return rc;
	rc = read_all(fd, hdr, sizeof(hdr), deadline);
	if (rc < 0)
		return rc;
	blen = nea_get_u32(hdr);
	if (blen > max_frame) {
		NLOG(IPC, 0, "reply announces a %zu-byte frame, limit is %zu", blen, max_frame);
		return NEA_ETOOBIG;
	}
	body = malloc(blen ? blen : 1);
	if (!body)
		return NEA_ENOMEM;
	rc = read_all(fd, body, blen, deadline);
	if (rc == 0) {
		rc = ipc_frame_unpack(body, blen, &expect_case, 1, reply, &why);
		if (rc < 0)
			NLOG(IPC, 0, "reply rejected: %s", why);
	}
	free(body);
	return rc;
}

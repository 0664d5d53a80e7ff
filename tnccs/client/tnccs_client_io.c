/* Blocking frames for the client broker; see tnccs_client_io.h. */
#include "tnccs_client_io.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "nea_ipc.h"

long long tcio_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_fd(int fd, short events, long long deadline)
{
	for (;;) {
		long long left = deadline - tcio_now_ms();
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

int tcio_send(int fd, Nea__Envelope *env, size_t max_frame, long long deadline)
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

int tcio_recv(int fd, const int *allowed, size_t n_allowed, size_t max_frame,
	      long long deadline, Nea__Envelope **out, const char **why)
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
	/* bounded before anything is allocated */
	if (blen > max_frame) {
		*why = "frame larger than the limit";
		return NEA_ETOOBIG;
	}
	body = malloc(blen ? blen : 1);
	if (!body)
		return NEA_ENOMEM;
	rc = read_all(fd, body, blen, deadline);
	if (rc == 0) {
		rc = ipc_frame_unpack(body, blen, allowed, n_allowed, out, why);
		if (rc < 0)
			rc = NEA_EINVAL;
	}
	free(body);
	return rc;
}

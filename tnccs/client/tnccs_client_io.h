/*
 * tnccs_client_io: blocking module.proto frames on one stream socket for the
 * client broker (no event loop in `nea pt-tls-client`). Same framing and
 * checks as lib/ipc links: the 4-byte length is bounded by max_frame before
 * anything is allocated, the body must unpack, carry NEA_PROTO_VERSION and
 * one of the allowed body cases. Every call is bounded by a deadline
 * (monotonic milliseconds, tcio_now_ms() + timeout).
 *
 * Returns 0, NEA_EAGAIN (deadline passed), NEA_ECLOSED (peer hung up),
 * NEA_ETOOBIG (frame over max_frame), NEA_EINVAL (frame refused; *why says
 * why), NEA_EIO, NEA_ENOMEM. Writes use MSG_NOSIGNAL: no SIGPIPE.
 */
#ifndef TNCCS_CLIENT_IO_H
#define TNCCS_CLIENT_IO_H

#include <stddef.h>

#include "nea.pb-c.h"

long long tcio_now_ms(void);
int tcio_send(int fd, Nea__Envelope *env, size_t max_frame, long long deadline);
/* *out is freed with nea__envelope__free_unpacked(*out, NULL). */
int tcio_recv(int fd, const int *allowed, size_t n_allowed, size_t max_frame,
	      long long deadline, Nea__Envelope **out, const char **why);

#endif

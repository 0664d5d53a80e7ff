/*
 * ipc: nea.Envelope frames over Unix stream sockets on libuv.
 *
 * Wire: one frame = 4-byte big-endian length + one serialized Envelope.
 *
 * Contract:
 *  - A link never allocates more than its max_frame for a frame body: the
 *    length prefix is checked before any allocation, and a larger claim
 *    closes the link with a log line (reason NEA_ETOOBIG).
 *  - Every received envelope is checked before the owner sees it: it must
 *    unpack, carry version NEA_PROTO_VERSION and a body case from the link's
 *    allow-list. Anything else closes the link with a log line naming the
 *    fault; the owner's on_msg never sees a rejected envelope.
 *  - When an expected-uid set is given, the peer's SO_PEERCRED uid must be
 *    in it (both on accept and on connect); otherwise the socket is closed
 *    before a single byte is read.
 *  - Back-pressure: when the bytes not yet handed to the kernel exceed the
 *    link's high-water mark, the link stops reading from that peer (a peer
 *    that does not read its replies may not send more requests) and resumes
 *    once the queue has drained below half the mark. ipc_link_send refuses
 *    (NEA_EAGAIN) a frame that would push the queue past max_queue.
 *  - Client links (ipc_link_connect) keep their handle across connections:
 *    a lost or refused connection is retried after an exponentially growing
 *    delay (reconnect_min_ms doubling up to reconnect_max_ms, back to the
 *    minimum after a successful connect).
 *  - Handles are freed asynchronously (libuv close callbacks), so a handle
 *    stays valid for the rest of the callback in which it was closed. After
 *    ipc_link_close/ipc_server_close no callback fires for that handle.
 *  - Single-threaded: every call on the loop's thread.
 *
 * Errors are negative NEA_E* codes.
 */
#ifndef NEA_IPC_H
#define NEA_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <uv.h>

#include "nea.pb-c.h"

/* The only Envelope.version a receiver accepts. */
#define NEA_PROTO_VERSION 1u
#define IPC_MAX_FRAME_DEFAULT (4u * 1024u * 1024u)

typedef struct ipc_link ipc_link_t;
typedef struct ipc_server ipc_server_t;

/* Per-link (or per-listener, copied into each accepted link) settings. All
 * pointers are copied; the caller's arrays may go away after the call. */
typedef struct {
	const char *name;          /* in log lines: "broker.sock", "master" */
	size_t max_frame;          /* largest body accepted/sent; 0: IPC_MAX_FRAME_DEFAULT */
	size_t high_water;         /* pause reading above this many queued bytes; 0: 256 KiB */
	size_t max_queue;          /* refuse sends beyond this; 0: 4 * high_water + max_frame */
	const int *allowed;        /* Nea__Envelope__BodyCase values accepted from the peer */
	size_t n_allowed;
	const uid_t *uids;         /* expected peer uids; n_uids == 0: no check */
	size_t n_uids;
	unsigned reconnect_min_ms; /* client links; 0: 100 */
	unsigned reconnect_max_ms; /* client links; 0: 5000 */
	unsigned max_conns;        /* listeners: concurrent accepted links; 0: 256 */
	int role;                  /* Nea__DaemonRole the peers have (ipc_link_role) */
} ipc_opts_t;

typedef struct {
	/* A checked envelope arrived; it is freed when the callback returns. */
	void (*on_msg)(ipc_link_t *l, const Nea__Envelope *env, void *arg);
	/* Client links: a connection is established (first or again). */
	void (*on_up)(ipc_link_t *l, void *arg);
	/* The connection is gone: reason 0 (orderly EOF) or NEA_E*. A client
	 * link then retries on its own; an accepted or fd link is freed once
	 * this returns. */
	void (*on_down)(ipc_link_t *l, int reason, void *arg);
	void *arg;
} ipc_cbs_t;

/* An accepted link, already credential-checked and reading. The callee may
 * attach state with ipc_link_set_data or refuse it with ipc_link_close. */
typedef void (*ipc_accept_cb)(ipc_server_t *s, ipc_link_t *l, void *arg);

/* Listener: bind (creating the socket file, replacing a stale socket but
 * never another kind of file; mode 0660) now, listen() on ipc_server_start.
 * The split lets a daemon started as root create its sockets in a
 * root-owned directory and start accepting only after dropping privileges,
 * so peers see the unprivileged uid in SO_PEERCRED. */
int ipc_server_bind(uv_loop_t *loop, const char *path, const ipc_opts_t *opts,
		    const ipc_cbs_t *cbs, ipc_accept_cb on_accept, void *accept_arg,
		    ipc_server_t **out);
int ipc_server_start(ipc_server_t *s);
/* Stop listening, close every accepted link (without callbacks), unlink. */
void ipc_server_close(ipc_server_t *s);
const char *ipc_server_path(const ipc_server_t *s);
size_t ipc_server_conn_count(const ipc_server_t *s);

/* Client link to a listening path; connects at once and reconnects. */
int ipc_link_connect(uv_loop_t *loop, const char *path, const ipc_opts_t *opts,
		     const ipc_cbs_t *cbs, ipc_link_t **out);
/* Link over an already connected socket (a socketpair end); takes the fd.
 * No reconnect: when it goes down, on_down fires and the link is freed. */
int ipc_link_open_fd(uv_loop_t *loop, int fd, const ipc_opts_t *opts,
		     const ipc_cbs_t *cbs, ipc_link_t **out);
/* Close for good (no further callbacks). NULL is ignored. */
void ipc_link_close(ipc_link_t *l);

/* Serialize env (its version is set here) and queue it. NEA_ECLOSED when
 * the link is down, NEA_ETOOBIG when the frame exceeds max_frame,
 * NEA_EAGAIN when the write queue is full, NEA_ENOMEM. */
int ipc_link_send(ipc_link_t *l, Nea__Envelope *env);

bool ipc_link_is_up(const ipc_link_t *l);
const char *ipc_link_name(const ipc_link_t *l);
/* Client links: times the link came back up after having been up. */
unsigned ipc_link_reconnects(const ipc_link_t *l);
/* Client links: failed connection attempts since the last success, and
 * the delay before the next attempt. */
unsigned ipc_link_failed_attempts(const ipc_link_t *l);
unsigned ipc_link_retry_delay_ms(const ipc_link_t *l);
uint64_t ipc_link_up_since(const ipc_link_t *l);    /* unix seconds; 0 when down */
bool ipc_link_reading_paused(const ipc_link_t *l);
size_t ipc_link_queued(const ipc_link_t *l);        /* bytes not yet in the kernel */
/* The role given in the opts of the link or of the listener that accepted
 * it, so one set of callbacks can serve several listeners. */
int ipc_link_role(const ipc_link_t *l);
uid_t ipc_link_peer_uid(const ipc_link_t *l);
pid_t ipc_link_peer_pid(const ipc_link_t *l);
void ipc_link_set_data(ipc_link_t *l, void *data);
void *ipc_link_data(const ipc_link_t *l);

/* Frame body allocator, replaceable for tests and accounting (frame bodies
 * are the only allocation whose size the peer chooses). */
typedef struct {
	void *(*alloc)(size_t n);
	void (*free)(void *p);
} ipc_allocator_t;
void ipc_set_body_allocator(const ipc_allocator_t *a); /* NULL: malloc/free */

/* Serialize env (version set) into a freshly allocated frame. */
int ipc_frame_pack(Nea__Envelope *env, size_t max_frame, uint8_t **frame, size_t *len);
/* Check and unpack one frame body (no length prefix). On failure *why
 * says what was wrong. */
int ipc_frame_unpack(const uint8_t *body, size_t len, const int *allowed, size_t n_allowed,
		     Nea__Envelope **out, const char **why);

/* Blocking helpers for short-lived tools (the nea CLI): connect to a
 * listener, and one request/reply exchange with a deadline. The reply must
 * carry expect_case (anything else fails with NEA_EPERM); NEA_EAGAIN when
 * the deadline passes, NEA_ECLOSED when the peer hangs up. */
int ipc_sync_connect(const char *path, int *fd);
int ipc_sync_call(int fd, Nea__Envelope *req, int expect_case, size_t max_frame,
		  unsigned timeout_ms, Nea__Envelope **reply);
/* The two halves of ipc_sync_call for blocking peers that are not plain
 * request/reply (the client broker and its nea-imcd link). deadline is in
 * ipc_sync_now_ms() milliseconds (monotonic). ipc_sync_recv bounds the
 * length prefix by max_frame before allocating (NEA_ETOOBIG), then unpacks
 * with ipc_frame_unpack (its NEA_EINVAL/NEA_EVERSION/NEA_EPERM, *why says
 * why); *out is freed with nea__envelope__free_unpacked(*out, NULL). Both
 * return NEA_EAGAIN past the deadline, NEA_ECLOSED when the peer hangs up;
 * writes use MSG_NOSIGNAL. */
long long ipc_sync_now_ms(void);
int ipc_sync_send(int fd, Nea__Envelope *env, size_t max_frame, long long deadline);
int ipc_sync_recv(int fd, const int *allowed, size_t n_allowed, size_t max_frame,
		  long long deadline, Nea__Envelope **out, const char **why);

/* Resident set size of this process in KiB (0 if unknown). */
uint64_t ipc_self_rss_kb(void);

#endif

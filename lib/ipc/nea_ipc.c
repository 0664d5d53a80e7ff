/*
 * ipc links and listeners on libuv. See nea_ipc.h for the contract.
 *
 * A link's memory is released only from libuv close callbacks, counted in
 * pending_closes, so every callback that closes a link can keep using it
 * until it returns.
 */
#include "nea_ipc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"

#define IPC_READ_CHUNK 65536
#define IPC_HIGH_WATER_DEFAULT (256u * 1024u)
#define IPC_RECONNECT_MIN_DEFAULT 100u
#define IPC_RECONNECT_MAX_DEFAULT 5000u
#define IPC_MAX_CONNS_DEFAULT 256u

enum link_kind { LK_ACCEPTED, LK_CLIENT, LK_FD };
enum link_state { LS_DOWN, LS_CONNECTING, LS_UP, LS_DROPPING, LS_CLOSED };

struct ipc_link {
	uv_loop_t *loop;
	enum link_kind kind;
	enum link_state state;
	uv_pipe_t pipe;
	bool pipe_open;
	uv_timer_t timer;
	bool timer_open;
	uv_connect_t creq;
	int pending_closes;
	ipc_server_t *server;
	ipc_link_t *next;
	ipc_link_t **pprev;

	char name[64];
	char *path;
	size_t max_frame, high_water, max_queue;
	int *allowed;
	size_t n_allowed;
	uid_t *uids;
	size_t n_uids;
	unsigned rmin, rmax;
	int role;
	ipc_cbs_t cbs;
	void *data;

	uint8_t hdr[4];
	size_t hdr_got;
	uint8_t *body;
	size_t body_len, body_got;
	char *rbuf;
	bool reading, paused;

	unsigned reconnects, failed, delay, wait;
	bool ever_up;
	uint64_t up_since;
	uid_t peer_uid;
	pid_t peer_pid;
};

struct ipc_server {
	uv_loop_t *loop;
	uv_pipe_t pipe;
	char *path;
	ipc_opts_t opts;       /* arrays point into the copies below */
	int *allowed;
	uid_t *uids;
	char name[64];
	ipc_cbs_t cbs;
	ipc_accept_cb on_accept;
	void *accept_arg;
	ipc_link_t *links;
	size_t nlinks;
	unsigned max_conns;
	bool closing;
};

typedef struct {
	uv_write_t req;
	ipc_link_t *link;
	size_t len;
	uint8_t *data;
} ipc_wreq_t;

static void *default_alloc(size_t n)
{
	return malloc(n);
}

static void default_free(void *p)
{
	free(p);
}

static ipc_allocator_t body_allocator = { default_alloc, default_free };

void ipc_set_body_allocator(const ipc_allocator_t *a)
{
	if (a && a->alloc && a->free)
		body_allocator = *a;
	else
		body_allocator = (ipc_allocator_t){ default_alloc, default_free };
}

static void reconnect_later(ipc_link_t *l);
static void start_reading(ipc_link_t *l);

/* ---- frames ---------------------------------------------------------- */

int ipc_frame_pack(Nea__Envelope *env, size_t max_frame, uint8_t **frame, size_t *len)
{
	size_t n, total;
	uint8_t *buf;

	if (!max_frame)
		max_frame = IPC_MAX_FRAME_DEFAULT;
	env->version = NEA_PROTO_VERSION;
	n = protobuf_c_message_get_packed_size(&env->base);
	if (n > max_frame || n > UINT32_MAX)
		return NEA_ETOOBIG;
	if (!nea_add_size(n, 4, &total))
		return NEA_ETOOBIG;
	buf = malloc(total);
	if (!buf)
		return NEA_ENOMEM;
	nea_put_u32(buf, (uint32_t)n);
	protobuf_c_message_pack(&env->base, buf + 4);
	*frame = buf;
	*len = total;
	return 0;
}

int ipc_frame_unpack(const uint8_t *body, size_t len, const int *allowed, size_t n_allowed,
		     Nea__Envelope **out, const char **why)
{
	Nea__Envelope *env;
	bool ok = false;

	*out = NULL;
	env = nea__envelope__unpack(NULL, len, body);
	if (!env) {
		*why = "not a valid nea.Envelope";
		return NEA_EINVAL;
	}
	if (env->version != NEA_PROTO_VERSION) {
		nea__envelope__free_unpacked(env, NULL);
		*why = "wrong envelope version";
		return NEA_EVERSION;
	}
	for (size_t i = 0; i < n_allowed; i++)
		if ((int)env->body_case == allowed[i])
			ok = true;
	if (!ok) {
		nea__envelope__free_unpacked(env, NULL);
		*why = "body case not allowed on this link";
		return NEA_EPERM;
	}
	*out = env;
	return 0;
}

/* ---- link life cycle ------------------------------------------------- */

static void link_free(ipc_link_t *l)
{
	if (l->body)
		body_allocator.free(l->body);
	free(l->rbuf);
	free(l->allowed);
	free(l->uids);
	free(l->path);
	free(l);
}

static void reset_read_state(ipc_link_t *l)
{
	if (l->body)
		body_allocator.free(l->body);
	l->body = NULL;
	l->body_len = l->body_got = 0;
	l->hdr_got = 0;
	l->reading = l->paused = false;
}

static void on_handle_closed(uv_handle_t *h)
{
	ipc_link_t *l = h->data;

	if (h == (uv_handle_t *)&l->pipe) {
		reset_read_state(l);
		/* Any write still queued was cancelled before this callback. */
		if (l->state == LS_DROPPING && l->kind == LK_CLIENT) {
			l->state = LS_DOWN;
			reconnect_later(l);
		}
	}
	if (--l->pending_closes == 0 && l->state == LS_CLOSED)
		link_free(l);
}

static void close_pipe(ipc_link_t *l)
{
	if (!l->pipe_open)
		return;
	l->pipe_open = false;
	l->pending_closes++;
	uv_close((uv_handle_t *)&l->pipe, on_handle_closed);
}

static void unlist(ipc_link_t *l)
{
	if (!l->server)
		return;
	*l->pprev = l->next;
	if (l->next)
		l->next->pprev = l->pprev;
	l->server->nlinks--;
	l->server = NULL;
}

void ipc_link_close(ipc_link_t *l)
{
	if (!l || l->state == LS_CLOSED)
		return;
	l->state = LS_CLOSED;
	unlist(l);
	close_pipe(l);
	if (l->timer_open) {
		l->timer_open = false;
		l->pending_closes++;
		uv_close((uv_handle_t *)&l->timer, on_handle_closed);
	}
	if (l->pending_closes == 0)
		link_free(l);
}

/* The connection is over: tell the owner, then close the socket. A client
 * link reconnects from the close callback; other links are freed. */
static void link_drop(ipc_link_t *l, int reason)
{
	if (l->state == LS_CLOSED || l->state == LS_DROPPING || l->state == LS_DOWN)
		return;
	bool was_up = l->state == LS_UP;

	l->state = LS_DROPPING;
	l->up_since = 0;
	if (was_up && l->cbs.on_down)
		l->cbs.on_down(l, reason, l->cbs.arg);
	if (l->state == LS_CLOSED) /* the owner closed it from on_down */
		return;
	if (l->kind != LK_CLIENT) {
		ipc_link_close(l);
		return;
	}
	close_pipe(l);
}

#define LINK_LOG(l, lvl, fmt, ...) \
	NLOG(IPC, lvl, "link %s: " fmt, (l)->name, ##__VA_ARGS__)

/* ---- reading --------------------------------------------------------- */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	ipc_link_t *l = h->data;

	(void)suggested;
	buf->base = l->rbuf;
	buf->len = IPC_READ_CHUNK;
}

static void deliver(ipc_link_t *l)
{
	Nea__Envelope *env;
	const char *why = "";
	int rc = ipc_frame_unpack(l->body, l->body_len, l->allowed, l->n_allowed, &env, &why);

	body_allocator.free(l->body);
	l->body = NULL;
	l->body_len = l->body_got = 0;
	l->hdr_got = 0;
	if (rc < 0) {
		LINK_LOG(l, 0, "%s from peer pid %d; closing", why, (int)l->peer_pid);
		link_drop(l, rc);
		return;
	}
	LINK_LOG(l, 3, "received envelope case %d (conn %llu)", (int)env->body_case,
		 (unsigned long long)env->conn_id);
	if (l->cbs.on_msg)
		l->cbs.on_msg(l, env, l->cbs.arg);
	nea__envelope__free_unpacked(env, NULL);
}

static void on_read(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	ipc_link_t *l = s->data;
	const uint8_t *p = (const uint8_t *)buf->base;
	size_t left;

	if (nread < 0) {
		if (nread == UV_EOF)
			LINK_LOG(l, 2, "peer closed the connection");
		else
			LINK_LOG(l, 1, "read failed: %s", uv_strerror((int)nread));
		link_drop(l, nread == UV_EOF ? 0 : NEA_EIO);
		return;
	}
	left = (size_t)nread;
	/* A read may carry the tail of one frame and any number of others. */
	while (left > 0 && l->state == LS_UP) {
		if (l->hdr_got < 4) {
			size_t n = 4 - l->hdr_got < left ? 4 - l->hdr_got : left;

			memcpy(l->hdr + l->hdr_got, p, n);
			l->hdr_got += n;
			p += n;
			left -= n;
			if (l->hdr_got < 4)
				break;
			l->body_len = nea_get_u32(l->hdr);
			if (l->body_len > l->max_frame) {
				LINK_LOG(l, 0, "peer pid %d announced a %zu-byte frame, limit is %zu; closing",
					 (int)l->peer_pid, l->body_len, l->max_frame);
				l->body_len = 0;
				link_drop(l, NEA_ETOOBIG);
				return;
			}
			l->body = body_allocator.alloc(l->body_len ? l->body_len : 1);
			if (!l->body) {
				LINK_LOG(l, 0, "out of memory for a %zu-byte frame; closing", l->body_len);
				link_drop(l, NEA_ENOMEM);
				return;
			}
			l->body_got = 0;
		}
		size_t want = l->body_len - l->body_got;
		size_t n = want < left ? want : left;

		memcpy(l->body + l->body_got, p, n);
		l->body_got += n;
		p += n;
		left -= n;
		if (l->body_got == l->body_len)
			deliver(l);
	}
}

static void start_reading(ipc_link_t *l)
{
	if (l->reading || l->paused || l->state != LS_UP)
		return;
	if (uv_read_start((uv_stream_t *)&l->pipe, on_alloc, on_read) == 0)
		l->reading = true;
}

/* ---- writing --------------------------------------------------------- */

static void on_written(uv_write_t *req, int status)
{
	ipc_wreq_t *w = (ipc_wreq_t *)req;
	ipc_link_t *l = w->link;

	free(w->data);
	free(w);
	if (status < 0) {
		if (status != UV_ECANCELED)
			LINK_LOG(l, 1, "write failed: %s", uv_strerror(status));
		link_drop(l, NEA_EIO);
		return;
	}
	if (l->paused && l->state == LS_UP &&
	    uv_stream_get_write_queue_size((uv_stream_t *)&l->pipe) <= l->high_water / 2) {
		l->paused = false;
		LINK_LOG(l, 2, "write queue drained; reading from peer again");
		start_reading(l);
	}
}

int ipc_link_send(ipc_link_t *l, Nea__Envelope *env)
{
	ipc_wreq_t *w;
	uint8_t *frame;
	size_t len, queued;
	uv_buf_t b;
	int rc;

	if (!l || l->state != LS_UP)
		return NEA_ECLOSED;
	rc = ipc_frame_pack(env, l->max_frame, &frame, &len);
	if (rc < 0) {
		LINK_LOG(l, 1, "refusing to send envelope case %d: %s", (int)env->body_case,
			 nea_strerror(rc));
		return rc;
	}
	queued = uv_stream_get_write_queue_size((uv_stream_t *)&l->pipe);
	if (queued + len > l->max_queue) {
		free(frame);
		LINK_LOG(l, 1, "write queue full (%zu bytes pending); peer is not reading", queued);
		return NEA_EAGAIN;
	}
	w = calloc(1, sizeof(*w));
	if (!w) {
		free(frame);
		return NEA_ENOMEM;
	}
	w->link = l;
	w->data = frame;
	w->len = len;
	b = uv_buf_init((char *)frame, (unsigned)len);
	rc = uv_write(&w->req, (uv_stream_t *)&l->pipe, &b, 1, on_written);
	if (rc < 0) {
		free(frame);
		free(w);
		LINK_LOG(l, 1, "write failed: %s", uv_strerror(rc));
		return NEA_EIO;
	}
	if (!l->paused &&
	    uv_stream_get_write_queue_size((uv_stream_t *)&l->pipe) > l->high_water) {
		l->paused = true;
		if (l->reading) {
			uv_read_stop((uv_stream_t *)&l->pipe);
			l->reading = false;
		}
		LINK_LOG(l, 2, "peer is not reading its replies; pausing input");
	}
	return 0;
}

/* ---- credentials ----------------------------------------------------- */

static int check_peer(ipc_link_t *l)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);
	uv_os_fd_t fd;

	if (uv_fileno((uv_handle_t *)&l->pipe, &fd) != 0 ||
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0) {
		LINK_LOG(l, 0, "cannot read peer credentials: %s", strerror(errno));
		return NEA_EPERM;
	}
	l->peer_uid = cred.uid;
	l->peer_pid = cred.pid;
	if (l->n_uids == 0)
		return 0;
	for (size_t i = 0; i < l->n_uids; i++)
		if (l->uids[i] == cred.uid)
			return 0;
	LINK_LOG(l, 0, "rejecting peer pid %d uid %u: not an expected uid", (int)cred.pid,
		 (unsigned)cred.uid);
	return NEA_EPERM;
}

/* ---- construction ---------------------------------------------------- */

static int copy_opts(ipc_link_t *l, const ipc_opts_t *o)
{
	snprintf(l->name, sizeof(l->name), "%s", o && o->name ? o->name : "?");
	l->max_frame = o && o->max_frame ? o->max_frame : IPC_MAX_FRAME_DEFAULT;
	l->high_water = o && o->high_water ? o->high_water : IPC_HIGH_WATER_DEFAULT;
	l->max_queue = o && o->max_queue ? o->max_queue : 4 * l->high_water + l->max_frame;
	l->rmin = o && o->reconnect_min_ms ? o->reconnect_min_ms : IPC_RECONNECT_MIN_DEFAULT;
	l->rmax = o && o->reconnect_max_ms ? o->reconnect_max_ms : IPC_RECONNECT_MAX_DEFAULT;
	if (l->rmax < l->rmin)
		l->rmax = l->rmin;
	l->role = o ? o->role : 0;
	l->delay = l->wait = l->rmin;
	if (o && o->n_allowed) {
		l->allowed = calloc(o->n_allowed, sizeof(int));
		if (!l->allowed)
			return NEA_ENOMEM;
		memcpy(l->allowed, o->allowed, o->n_allowed * sizeof(int));
		l->n_allowed = o->n_allowed;
	}
	if (o && o->n_uids) {
		l->uids = calloc(o->n_uids, sizeof(uid_t));
		if (!l->uids)
			return NEA_ENOMEM;
		memcpy(l->uids, o->uids, o->n_uids * sizeof(uid_t));
		l->n_uids = o->n_uids;
	}
	return 0;
}

static ipc_link_t *link_new(uv_loop_t *loop, enum link_kind kind, const ipc_opts_t *opts,
			    const ipc_cbs_t *cbs)
{
	ipc_link_t *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->loop = loop;
	l->kind = kind;
	l->state = LS_DOWN;
	l->peer_pid = -1;
	l->peer_uid = (uid_t)-1;
	if (cbs)
		l->cbs = *cbs;
	l->rbuf = malloc(IPC_READ_CHUNK);
	if (!l->rbuf || copy_opts(l, opts) < 0) {
		link_free(l);
		return NULL;
	}
	return l;
}

static uint64_t now_unix(void)
{
	return (uint64_t)time(NULL);
}

static void link_became_up(ipc_link_t *l)
{
	l->state = LS_UP;
	l->up_since = now_unix();
	start_reading(l);
}

int ipc_link_open_fd(uv_loop_t *loop, int fd, const ipc_opts_t *opts, const ipc_cbs_t *cbs,
		     ipc_link_t **out)
{
	ipc_link_t *l = link_new(loop, LK_FD, opts, cbs);
	int rc;

	if (!l) {
		close(fd);
		return NEA_ENOMEM;
	}
	uv_pipe_init(loop, &l->pipe, 0);
	l->pipe.data = l;
	l->pipe_open = true;
	rc = uv_pipe_open(&l->pipe, fd);
	if (rc < 0) {
		NLOG(IPC, 0, "link %s: cannot use fd %d: %s", l->name, fd, uv_strerror(rc));
		close(fd);
		ipc_link_close(l);
		return NEA_EIO;
	}
	if (check_peer(l) < 0) {
		ipc_link_close(l);
		return NEA_EPERM;
	}
	l->ever_up = true;
	link_became_up(l);
	*out = l;
	return 0;
}

static void attempt_failed(ipc_link_t *l);

static void on_connected(uv_connect_t *req, int status)
{
	ipc_link_t *l = req->data;

	if (l->state != LS_CONNECTING)
		return; /* closed meanwhile; the pipe close is already under way */
	if (status < 0 || check_peer(l) < 0) {
		attempt_failed(l);
		if (status < 0)
			LINK_LOG(l, l->failed == 1 ? 1 : 2, "cannot connect to %s: %s; retrying in %u ms",
				 l->path, uv_strerror(status), l->wait);
		l->state = LS_DROPPING;
		close_pipe(l);
		return;
	}
	if (l->ever_up) {
		l->reconnects++;
		LINK_LOG(l, 1, "connected to %s again (reconnect %u)", l->path, l->reconnects);
	} else {
		LINK_LOG(l, 2, "connected to %s", l->path);
	}
	l->ever_up = true;
	l->failed = 0;
	l->delay = l->wait = l->rmin;
	link_became_up(l);
	if (l->cbs.on_up)
		l->cbs.on_up(l, l->cbs.arg);
}

static void try_connect(ipc_link_t *l)
{
	uv_pipe_init(l->loop, &l->pipe, 0);
	l->pipe.data = l;
	l->pipe_open = true;
	l->state = LS_CONNECTING;
	l->creq.data = l;
	uv_pipe_connect(&l->creq, &l->pipe, l->path, on_connected);
}

static void on_retry_timer(uv_timer_t *t)
{
	ipc_link_t *l = t->data;

	if (l->state == LS_DOWN)
		try_connect(l);
}

/* A failed attempt waits the current delay, which then doubles up to the
 * cap; both are updated together so an observer always sees a consistent
 * pair. A dropped established connection retries after the minimum. */
static void attempt_failed(ipc_link_t *l)
{
	l->failed++;
	l->wait = l->delay;
	l->delay = l->delay > l->rmax / 2 ? l->rmax : l->delay * 2;
}

/* Called from the pipe's close callback. */
static void reconnect_later(ipc_link_t *l)
{
	uv_timer_start(&l->timer, on_retry_timer, l->wait, 0);
}

int ipc_link_connect(uv_loop_t *loop, const char *path, const ipc_opts_t *opts,
		     const ipc_cbs_t *cbs, ipc_link_t **out)
{
	ipc_link_t *l = link_new(loop, LK_CLIENT, opts, cbs);

	if (!l)
		return NEA_ENOMEM;
	l->path = strdup(path);
	if (!l->path) {
		link_free(l);
		return NEA_ENOMEM;
	}
	uv_timer_init(loop, &l->timer);
	l->timer.data = l;
	l->timer_open = true;
	try_connect(l);
	*out = l;
	return 0;
}

/* ---- accessors ------------------------------------------------------- */

bool ipc_link_is_up(const ipc_link_t *l)
{
	return l && l->state == LS_UP;
}

const char *ipc_link_name(const ipc_link_t *l)
{
	return l->name;
}

unsigned ipc_link_reconnects(const ipc_link_t *l)
{
	return l->reconnects;
}

unsigned ipc_link_failed_attempts(const ipc_link_t *l)
{
	return l->failed;
}

unsigned ipc_link_retry_delay_ms(const ipc_link_t *l)
{
	return l->wait;
}

uint64_t ipc_link_up_since(const ipc_link_t *l)
{
	return l->up_since;
}

bool ipc_link_reading_paused(const ipc_link_t *l)
{
	return l->paused;
}

size_t ipc_link_queued(const ipc_link_t *l)
{
	return l->pipe_open ? uv_stream_get_write_queue_size((const uv_stream_t *)&l->pipe) : 0;
}

int ipc_link_role(const ipc_link_t *l)
{
	return l->role;
}

uid_t ipc_link_peer_uid(const ipc_link_t *l)
{
	return l->peer_uid;
}

pid_t ipc_link_peer_pid(const ipc_link_t *l)
{
	return l->peer_pid;
}

void ipc_link_set_data(ipc_link_t *l, void *data)
{
	l->data = data;
}

void *ipc_link_data(const ipc_link_t *l)
{
	return l->data;
}

/* ---- listeners ------------------------------------------------------- */

static void server_free(ipc_server_t *s)
{
	free(s->allowed);
	free(s->uids);
	free(s->path);
	free(s);
}

static void on_server_closed(uv_handle_t *h)
{
	server_free(h->data);
}

static void on_connection(uv_stream_t *ls, int status)
{
	ipc_server_t *s = ls->data;
	ipc_link_t *l;

	if (status < 0) {
		NLOG(IPC, 1, "listener %s: accept failed: %s", s->name, uv_strerror(status));
		return;
	}
	l = link_new(s->loop, LK_ACCEPTED, &s->opts, &s->cbs);
	if (!l) {
		/* Take the connection off the backlog and drop it. */
		uv_os_fd_t lfd;

		NLOG(IPC, 0, "listener %s: out of memory; dropping a connection", s->name);
		if (uv_fileno((uv_handle_t *)ls, &lfd) == 0) {
			int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);

			if (fd >= 0)
				close(fd);
		}
		return;
	}
	uv_pipe_init(s->loop, &l->pipe, 0);
	l->pipe.data = l;
	l->pipe_open = true;
	if (uv_accept(ls, (uv_stream_t *)&l->pipe) != 0 || check_peer(l) < 0) {
		ipc_link_close(l);
		return;
	}
	if (s->nlinks >= s->max_conns) {
		NLOG(IPC, 0, "listener %s: %zu connections already; refusing peer pid %d", s->name,
		     s->nlinks, (int)l->peer_pid);
		ipc_link_close(l);
		return;
	}
	l->server = s;
	l->next = s->links;
	if (s->links)
		s->links->pprev = &l->next;
	l->pprev = &s->links;
	s->links = l;
	s->nlinks++;
	l->ever_up = true;
	link_became_up(l);
	NLOG(IPC, 2, "listener %s: accepted peer pid %d uid %u", s->name, (int)l->peer_pid,
	     (unsigned)l->peer_uid);
	if (s->on_accept)
		s->on_accept(s, l, s->accept_arg);
}

int ipc_server_bind(uv_loop_t *loop, const char *path, const ipc_opts_t *opts,
		    const ipc_cbs_t *cbs, ipc_accept_cb on_accept, void *accept_arg,
		    ipc_server_t **out)
{
	ipc_server_t *s = calloc(1, sizeof(*s));
	struct stat st;
	int rc;

	if (!s)
		return NEA_ENOMEM;
	s->loop = loop;
	if (opts)
		s->opts = *opts;
	snprintf(s->name, sizeof(s->name), "%s", opts && opts->name ? opts->name : path);
	s->opts.name = s->name;
	s->max_conns = opts && opts->max_conns ? opts->max_conns : IPC_MAX_CONNS_DEFAULT;
	if (cbs)
		s->cbs = *cbs;
	s->on_accept = on_accept;
	s->accept_arg = accept_arg;
	s->path = strdup(path);
	if (!s->path)
		goto nomem;
	if (opts && opts->n_allowed) {
		s->allowed = calloc(opts->n_allowed, sizeof(int));
		if (!s->allowed)
			goto nomem;
		memcpy(s->allowed, opts->allowed, opts->n_allowed * sizeof(int));
		s->opts.allowed = s->allowed;
	}
	if (opts && opts->n_uids) {
		s->uids = calloc(opts->n_uids, sizeof(uid_t));
		if (!s->uids)
			goto nomem;
		memcpy(s->uids, opts->uids, opts->n_uids * sizeof(uid_t));
		s->opts.uids = s->uids;
	}
	/* A stale socket from a killed predecessor would make bind fail; any
	 * other kind of file at that path is not ours to remove. */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			NLOG(IPC, 0, "listener %s: %s exists and is not a socket", s->name, path);
			server_free(s);
			return NEA_EEXIST;
		}
		unlink(path);
	}
	uv_pipe_init(loop, &s->pipe, 0);
	s->pipe.data = s;
	rc = uv_pipe_bind(&s->pipe, path);
	if (rc == 0 && chmod(path, 0660) != 0)
		rc = uv_translate_sys_error(errno);
	if (rc < 0) {
		NLOG(IPC, 0, "listener %s: cannot bind %s: %s", s->name, path, uv_strerror(rc));
		uv_close((uv_handle_t *)&s->pipe, on_server_closed);
		return NEA_EIO;
	}
	*out = s;
	return 0;
nomem:
	server_free(s);
	return NEA_ENOMEM;
}

int ipc_server_start(ipc_server_t *s)
{
	int rc = uv_listen((uv_stream_t *)&s->pipe, 64, on_connection);

	if (rc < 0) {
		NLOG(IPC, 0, "listener %s: cannot listen on %s: %s", s->name, s->path,
		     uv_strerror(rc));
		return NEA_EIO;
	}
	NLOG(IPC, 2, "listener %s: listening on %s", s->name, s->path);
	return 0;
}

void ipc_server_close(ipc_server_t *s)
{
	if (!s || s->closing)
		return;
	s->closing = true;
	while (s->links)
		ipc_link_close(s->links);
	unlink(s->path);
	uv_close((uv_handle_t *)&s->pipe, on_server_closed);
}

const char *ipc_server_path(const ipc_server_t *s)
{
	return s->path;
}

size_t ipc_server_conn_count(const ipc_server_t *s)
{
	return s->nlinks;
}

/* ---- misc ------------------------------------------------------------ */

uint64_t ipc_self_rss_kb(void)
{
	unsigned long long size, resident;
	FILE *f = fopen("/proc/self/statm", "re");
	long page = sysconf(_SC_PAGESIZE);
	int n;

	if (!f)
		return 0;
	n = fscanf(f, "%llu %llu", &size, &resident);
	fclose(f);
	if (n != 2 || page <= 0)
		return 0;
	return resident * (unsigned long long)page / 1024;
}

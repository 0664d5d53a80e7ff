/*
 * Framing, checks, back-pressure and reconnect of lib/ipc, over real Unix
 * sockets: one side is an ipc link on a libuv loop, the other a raw fd the
 * test writes crafted bytes to (or another ipc handle).
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "nea_ipc.h"

#define MAXMSG 256

typedef struct {
	int msgs;
	uint64_t conn_ids[MAXMSG];
	int downs;
	int last_reason;
	int ups;
	int accepts;
	ipc_link_t *accepted;
	bool reply;       /* server side: answer every frame */
} rx_t;

static void on_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	rx_t *rx = arg;

	if (rx->msgs < MAXMSG)
		rx->conn_ids[rx->msgs] = env->conn_id;
	rx->msgs++;
	if (rx->reply) {
		Nea__Envelope out = NEA__ENVELOPE__INIT;
		Nea__Ready ready = NEA__READY__INIT;

		out.conn_id = env->conn_id + 1000;
		out.has_conn_id = true;
		out.body_case = NEA__ENVELOPE__BODY_READY;
		out.ready = &ready;
		cr_assert_eq(ipc_link_send(l, &out), 0);
	}
}

static void on_down(ipc_link_t *l, int reason, void *arg)
{
	rx_t *rx = arg;

	(void)l;
	rx->downs++;
	rx->last_reason = reason;
	if (rx->accepted == l)
		rx->accepted = NULL;
}

static void on_up(ipc_link_t *l, void *arg)
{
	rx_t *rx = arg;

	(void)l;
	rx->ups++;
}

static void on_accept(ipc_server_t *s, ipc_link_t *l, void *arg)
{
	rx_t *rx = arg;

	(void)s;
	rx->accepts++;
	rx->accepted = l;
}

static const int allowed_ready[] = { NEA__ENVELOPE__BODY_READY };

static ipc_opts_t opts_ready(void)
{
	ipc_opts_t o = { .name = "test", .allowed = allowed_ready, .n_allowed = 1 };

	return o;
}

/* A heartbeat timer keeps UV_RUN_ONCE from blocking forever, so a broken
 * implementation fails the test (after many iterations) instead of hanging. */
static uv_timer_t heartbeat;
static void on_heartbeat(uv_timer_t *t)
{
	(void)t;
}

static void loop_setup(uv_loop_t *loop)
{
	cr_assert_eq(uv_loop_init(loop), 0);
	uv_timer_init(loop, &heartbeat);
	uv_timer_start(&heartbeat, on_heartbeat, 10, 10);
}

static void loop_teardown(uv_loop_t *loop)
{
	uv_close((uv_handle_t *)&heartbeat, NULL);
	uv_run(loop, UV_RUN_DEFAULT);
	cr_assert_eq(uv_loop_close(loop), 0, "handles left open");
}

#define PUMP_UNTIL(loop, cond)                                                 \
	do {                                                                   \
		for (int i_ = 0; i_ < 3000 && !(cond); i_++)                   \
			uv_run((loop), UV_RUN_ONCE);                            \
		cr_assert((cond), "condition never became true: %s", #cond);   \
	} while (0)

static void write_all(int fd, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n > 0) {
		ssize_t w = write(fd, b, n);

		cr_assert(w > 0 || errno == EINTR, "write: %s", strerror(errno));
		if (w > 0) {
			b += w;
			n -= (size_t)w;
		}
	}
}

static uint8_t *ready_frame(uint64_t conn_id, size_t *len)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Ready ready = NEA__READY__INIT;
	uint8_t *f;

	env.conn_id = conn_id;
	env.has_conn_id = true;
	env.body_case = NEA__ENVELOPE__BODY_READY;
	env.ready = &ready;
	cr_assert_eq(ipc_frame_pack(&env, 0, &f, len), 0);
	return f;
}

static void pair(int sv[2])
{
	cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
}

Test(ipc, frames_split_one_byte_at_a_time)
{
	uv_loop_t loop;
	rx_t rx = { 0 };
	ipc_cbs_t cbs = { .on_msg = on_msg, .on_down = on_down, .arg = &rx };
	ipc_opts_t o = opts_ready();
	ipc_link_t *l;
	int sv[2];

	loop_setup(&loop);
	pair(sv);
	cr_assert_eq(ipc_link_open_fd(&loop, sv[0], &o, &cbs, &l), 0);
	for (uint64_t id = 1; id <= 3; id++) {
		size_t len;
		uint8_t *f = ready_frame(id, &len);

		for (size_t i = 0; i < len; i++) {
			write_all(sv[1], f + i, 1);
			/* Wait until the link has consumed the byte. */
			for (int k = 0; k < 1000; k++) {
				struct pollfd p = { .fd = sv[0], .events = POLLIN };

				uv_run(&loop, UV_RUN_NOWAIT);
				if (poll(&p, 1, 0) == 0)
					break;
				usleep(1000);
			}
			if (i + 1 < len)
				cr_assert_eq(rx.msgs, (int)id - 1, "frame %d delivered early", (int)id);
		}
		free(f);
		PUMP_UNTIL(&loop, rx.msgs == (int)id);
	}
	cr_assert_eq(rx.conn_ids[0], 1);
	cr_assert_eq(rx.conn_ids[1], 2);
	cr_assert_eq(rx.conn_ids[2], 3);
	cr_assert(ipc_link_is_up(l));
	cr_assert_eq(rx.downs, 0);
	ipc_link_close(l);
	close(sv[1]);
	loop_teardown(&loop);
}

Test(ipc, many_frames_in_one_read)
{
	uv_loop_t loop;
	rx_t rx = { 0 };
	ipc_cbs_t cbs = { .on_msg = on_msg, .on_down = on_down, .arg = &rx };
	ipc_opts_t o = opts_ready();
	ipc_link_t *l;
	uint8_t buf[100 * 32];
	size_t off = 0;
	int sv[2];

	loop_setup(&loop);
	pair(sv);
	cr_assert_eq(ipc_link_open_fd(&loop, sv[0], &o, &cbs, &l), 0);
	for (uint64_t id = 0; id < 100; id++) {
		size_t len;
		uint8_t *f = ready_frame(id, &len);

		cr_assert(off + len <= sizeof(buf));
		memcpy(buf + off, f, len);
		off += len;
		free(f);
	}
	write_all(sv[1], buf, off);
	PUMP_UNTIL(&loop, rx.msgs == 100);
	for (int i = 0; i < 100; i++)
		cr_assert_eq(rx.conn_ids[i], (uint64_t)i);
	cr_assert(ipc_link_is_up(l));
	ipc_link_close(l);
	close(sv[1]);
	loop_teardown(&loop);
}

static size_t alloc_count, alloc_max;
static void *counting_alloc(size_t n)
{
	alloc_count++;
	if (n > alloc_max)
		alloc_max = n;
	return malloc(n);
}

static void counting_free(void *p)
{
	free(p);
}

/* Reads until EOF; true when the peer closed the connection. */
static bool peer_sees_eof(int fd)
{
	char b[256];

	for (int i = 0; i < 1000; i++) {
		struct pollfd p = { .fd = fd, .events = POLLIN };

		if (poll(&p, 1, 10) == 1) {
			ssize_t r = read(fd, b, sizeof(b));

			if (r == 0 || (r < 0 && errno == ECONNRESET))
				return true;
		}
	}
	return false;
}

Test(ipc, oversized_length_prefix_closes_without_allocating)
{
	uv_loop_t loop;
	rx_t rx = { 0 };
	ipc_cbs_t cbs = { .on_msg = on_msg, .on_down = on_down, .arg = &rx };
	ipc_opts_t o = opts_ready();
	ipc_allocator_t a = { counting_alloc, counting_free };
	uint8_t hdr[8];
	ipc_link_t *l;
	int sv[2];

	ipc_set_body_allocator(&a);
	alloc_count = alloc_max = 0;
	loop_setup(&loop);
	pair(sv);
	o.max_frame = 65536;
	cr_assert_eq(ipc_link_open_fd(&loop, sv[0], &o, &cbs, &l), 0);
	/* One valid frame first, so we know the allocator is in use. */
	{
		size_t len;
		uint8_t *f = ready_frame(7, &len);

		write_all(sv[1], f, len);
		free(f);
	}
	PUMP_UNTIL(&loop, rx.msgs == 1);
	cr_assert_eq(alloc_count, 1);
	nea_put_u32(hdr, 0xFFFFFFF0u);
	memset(hdr + 4, 0xAB, 4);
	write_all(sv[1], hdr, sizeof(hdr));
	PUMP_UNTIL(&loop, rx.downs == 1);
	cr_assert_eq(rx.last_reason, NEA_ETOOBIG);
	cr_assert_eq(alloc_count, 1, "a body was allocated for the oversized claim");
	cr_assert(alloc_max < 65536);
	cr_assert_eq(rx.msgs, 1);
	cr_assert(peer_sees_eof(sv[1]));
	close(sv[1]);
	loop_teardown(&loop);
	ipc_set_body_allocator(NULL);
}

/* Sends one frame with the given body bytes and expects the link to close
 * with reason. */
static void expect_rejected(const uint8_t *body, size_t n, int reason)
{
	uv_loop_t loop;
	rx_t rx = { 0 };
	ipc_cbs_t cbs = { .on_msg = on_msg, .on_down = on_down, .arg = &rx };
	ipc_opts_t o = opts_ready();
	uint8_t hdr[4];
	ipc_link_t *l;
	int sv[2];

	loop_setup(&loop);
	pair(sv);
	cr_assert_eq(ipc_link_open_fd(&loop, sv[0], &o, &cbs, &l), 0);
	nea_put_u32(hdr, (uint32_t)n);
	write_all(sv[1], hdr, 4);
	write_all(sv[1], body, n);
	PUMP_UNTIL(&loop, rx.downs == 1);
	cr_assert_eq(rx.msgs, 0, "a rejected envelope reached the owner");
	cr_assert_eq(rx.last_reason, reason, "reason %d, expected %d", rx.last_reason, reason);
	cr_assert(peer_sees_eof(sv[1]));
	close(sv[1]);
	loop_teardown(&loop);
}

static size_t pack_env(Nea__Envelope *env, uint8_t *buf, size_t cap)
{
	size_t n = protobuf_c_message_get_packed_size(&env->base);

	cr_assert(n <= cap);
	protobuf_c_message_pack(&env->base, buf);
	return n;
}

Test(ipc, garbage_is_rejected)
{
	static const uint8_t junk[] = { 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01, 0x02, 0x03, 0x99 };
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Ready ready = NEA__READY__INIT;
	Nea__Shutdown sd = NEA__SHUTDOWN__INIT;
	uint8_t buf[64];
	size_t n;

	expect_rejected(junk, sizeof(junk), NEA_EINVAL);
	/* Empty body: the required version is missing. */
	expect_rejected(junk, 0, NEA_EINVAL);

	env.version = NEA_PROTO_VERSION + 1;
	env.body_case = NEA__ENVELOPE__BODY_READY;
	env.ready = &ready;
	n = pack_env(&env, buf, sizeof(buf));
	expect_rejected(buf, n, NEA_EVERSION);

	env.version = NEA_PROTO_VERSION;
	env.body_case = NEA__ENVELOPE__BODY_SHUTDOWN;
	env.shutdown = &sd;
	n = pack_env(&env, buf, sizeof(buf));
	expect_rejected(buf, n, NEA_EPERM);

	/* No body at all is not on any allow-list either. */
	env.body_case = NEA__ENVELOPE__BODY__NOT_SET;
	n = pack_env(&env, buf, sizeof(buf));
	expect_rejected(buf, n, NEA_EPERM);
}

Test(ipc, sending_a_frame_over_the_limit_is_refused)
{
	uv_loop_t loop;
	rx_t rx = { 0 };
	ipc_cbs_t cbs = { .on_msg = on_msg, .on_down = on_down, .arg = &rx };
	ipc_opts_t o = opts_ready();
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Batch batch = NEA__BATCH__INIT;
	static uint8_t data[2048];
	ipc_link_t *l;
	int sv[2];

	loop_setup(&loop);
	pair(sv);
	o.max_frame = 1024;
	cr_assert_eq(ipc_link_open_fd(&loop, sv[0], &o, &cbs, &l), 0);
	batch.data.data = data;
	batch.data.len = sizeof(data);
	env.body_case = NEA__ENVELOPE__BODY_BATCH;
	env.batch = &batch;
	cr_assert_eq(ipc_link_send(l, &env), NEA_ETOOBIG);
	cr_assert(ipc_link_is_up(l));
	ipc_link_close(l);
	cr_assert_eq(ipc_link_send(l, &env), NEA_ECLOSED);
	close(sv[1]);
	loop_teardown(&loop);
}

static void make_tmpdir(char *dir, size_t len)
{
	snprintf(dir, len, "/tmp/nea-ipc-test-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

Test(ipc, listener_rejects_unexpected_uid)
{
	uv_loop_t loop;
	rx_t rx = { 0 };
	ipc_cbs_t cbs = { .on_msg = on_msg, .on_down = on_down, .arg = &rx };
	ipc_opts_t o = opts_ready();
	ipc_server_t *s;
	char dir[64], path[128];
	uid_t expect;
	pid_t pid;
	int status = -1;

	make_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/t.sock", dir);
	loop_setup(&loop);
	/* As root: a child that becomes nobody (65534) is the stranger and we
	 * expect root. Otherwise: we are the stranger to a listener expecting
	 * a uid that is not ours. */
	expect = getuid() == 0 ? 0 : getuid() + 1;
	o.uids = &expect;
	o.n_uids = 1;
	cr_assert_eq(ipc_server_bind(&loop, path, &o, &cbs, on_accept, &rx, &s), 0);
	cr_assert_eq(ipc_server_start(s), 0);
	if (getuid() == 0) {
		cr_assert_eq(chmod(dir, 0755), 0);
		cr_assert_eq(chmod(path, 0666), 0);
	}
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		int fd;
		size_t len;
		uint8_t *f;

		if (getuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
			_exit(10);
		if (ipc_sync_connect(path, &fd) != 0)
			_exit(11);
		f = ready_frame(1, &len);
		(void)!send(fd, f, len, MSG_NOSIGNAL);
		free(f);
		_exit(peer_sees_eof(fd) ? 0 : 12);
	}
	for (int i = 0; i < 3000 && waitpid(pid, &status, WNOHANG) == 0; i++)
		uv_run(&loop, UV_RUN_ONCE);
	cr_assert(WIFEXITED(status), "child did not finish");
	cr_assert_eq(WEXITSTATUS(status), 0, "child status %d", WEXITSTATUS(status));
	cr_assert_eq(rx.accepts, 0, "a stranger was accepted");
	cr_assert_eq(rx.msgs, 0);
	cr_assert_eq(ipc_server_conn_count(s), 0);
	ipc_server_close(s);
	loop_teardown(&loop);
	cr_assert_eq(access(path, F_OK), -1, "socket file left behind");
	rmdir(dir);
}

Test(ipc, fd_link_checks_peer_uid)
{
	uv_loop_t loop;
	rx_t rx = { 0 };
	ipc_cbs_t cbs = { .on_msg = on_msg, .on_down = on_down, .arg = &rx };
	ipc_opts_t o = opts_ready();
	uid_t other = getuid() + 1, mine = getuid();
	ipc_link_t *l = NULL;
	int sv[2];

	loop_setup(&loop);
	pair(sv);
	o.uids = &other;
	o.n_uids = 1;
	cr_assert_eq(ipc_link_open_fd(&loop, sv[0], &o, &cbs, &l), NEA_EPERM);
	close(sv[1]);
	pair(sv);
	o.uids = &mine;
	cr_assert_eq(ipc_link_open_fd(&loop, sv[0], &o, &cbs, &l), 0);
	cr_assert_eq(ipc_link_peer_uid(l), getuid());
	cr_assert_eq(ipc_link_peer_pid(l), getpid());
	ipc_link_close(l);
	close(sv[1]);
	loop_teardown(&loop);
}

Test(ipc, back_pressure_pauses_reading_a_peer_that_does_not_read)
{
	uv_loop_t loop;
	rx_t rx = { 0 };
	ipc_cbs_t cbs = { .on_msg = on_msg, .on_down = on_down, .arg = &rx };
	ipc_opts_t o = opts_ready();
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Batch batch = NEA__BATCH__INIT;
	static uint8_t data[16384];
	ipc_link_t *l;
	int sv[2], sent = 0, rc = 0, got = 0;
	size_t len;
	uint8_t *f;

	loop_setup(&loop);
	pair(sv);
	o.high_water = 64 * 1024;
	o.max_queue = 256 * 1024;
	o.max_frame = 32 * 1024;
	cr_assert_eq(ipc_link_open_fd(&loop, sv[0], &o, &cbs, &l), 0);
	batch.data.data = data;
	batch.data.len = sizeof(data);
	env.body_case = NEA__ENVELOPE__BODY_BATCH;
	env.batch = &batch;
	/* The raw peer never reads: the kernel buffer fills, then our queue. */
	while ((rc = ipc_link_send(l, &env)) == 0 && sent < 10000) {
		sent++;
		uv_run(&loop, UV_RUN_NOWAIT);
	}
	cr_assert_eq(rc, NEA_EAGAIN, "send never refused (rc %d after %d)", rc, sent);
	cr_assert(ipc_link_reading_paused(l));
	cr_assert(ipc_link_queued(l) > o.high_water);
	cr_assert(ipc_link_queued(l) <= o.max_queue);
	/* While paused, the peer's requests wait in the socket. */
	f = ready_frame(42, &len);
	write_all(sv[1], f, len);
	free(f);
	for (int i = 0; i < 20; i++)
		uv_run(&loop, UV_RUN_NOWAIT);
	cr_assert_eq(rx.msgs, 0, "read from a paused peer");
	/* The peer drains everything; every accepted frame arrives intact. */
	{
		uint8_t hdr[4];
		static uint8_t body[32 * 1024];

		while (got < sent) {
			size_t need = 4, have = 0;

			while (have < need) {
				struct pollfd p = { .fd = sv[1], .events = POLLIN };
				ssize_t r;

				uv_run(&loop, UV_RUN_NOWAIT);
				if (poll(&p, 1, 10) != 1)
					continue;
				r = read(sv[1], hdr + have, need - have);
				cr_assert(r > 0);
				have += (size_t)r;
			}
			need = nea_get_u32(hdr);
			cr_assert(need <= sizeof(body));
			have = 0;
			while (have < need) {
				struct pollfd p = { .fd = sv[1], .events = POLLIN };
				ssize_t r;

				uv_run(&loop, UV_RUN_NOWAIT);
				if (poll(&p, 1, 10) != 1)
					continue;
				r = read(sv[1], body + have, need - have);
				cr_assert(r > 0);
				have += (size_t)r;
			}
			Nea__Envelope *e = nea__envelope__unpack(NULL, need, body);

			cr_assert_not_null(e);
			cr_assert_eq(e->body_case, NEA__ENVELOPE__BODY_BATCH);
			cr_assert_eq(e->batch->data.len, sizeof(data));
			nea__envelope__free_unpacked(e, NULL);
			got++;
		}
	}
	PUMP_UNTIL(&loop, !ipc_link_reading_paused(l) && rx.msgs == 1);
	cr_assert_eq(rx.conn_ids[0], 42);
	cr_assert_eq(ipc_link_queued(l), 0);
	cr_assert(ipc_link_is_up(l));
	ipc_link_close(l);
	close(sv[1]);
	loop_teardown(&loop);
}

Test(ipc, client_link_reconnects_with_backoff)
{
	uv_loop_t loop;
	rx_t crx = { 0 }, srx = { .reply = true };
	ipc_cbs_t ccbs = { .on_msg = on_msg, .on_up = on_up, .on_down = on_down, .arg = &crx };
	ipc_cbs_t scbs = { .on_msg = on_msg, .on_down = on_down, .arg = &srx };
	ipc_opts_t o = opts_ready();
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Ready ready = NEA__READY__INIT;
	ipc_server_t *s;
	ipc_link_t *l;
	char dir[64], path[128];
	unsigned seen_max = 0;

	make_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/peer.sock", dir);
	loop_setup(&loop);
	o.reconnect_min_ms = 5;
	o.reconnect_max_ms = 40;
	o.role = NEA__DAEMON_ROLE__ROLE_PTTLSD;
	cr_assert_eq(ipc_link_connect(&loop, path, &o, &ccbs, &l), 0);
	/* Nobody listens: every observation must show the doubling delay. */
	for (int i = 0; i < 3000 && ipc_link_failed_attempts(l) < 6; i++) {
		unsigned f, want;

		uv_run(&loop, UV_RUN_ONCE);
		f = ipc_link_failed_attempts(l);
		if (f == 0)
			continue;
		want = f - 1 >= 3 ? 40 : 5u << (f - 1);
		cr_assert_eq(ipc_link_retry_delay_ms(l), want, "after %u failures delay %u, want %u",
			     f, ipc_link_retry_delay_ms(l), want);
		if (ipc_link_retry_delay_ms(l) > seen_max)
			seen_max = ipc_link_retry_delay_ms(l);
	}
	cr_assert(ipc_link_failed_attempts(l) >= 6);
	cr_assert_eq(seen_max, 40);
	cr_assert_not(ipc_link_is_up(l));

	/* The peer appears: the link comes up; a first connection is not a
	 * reconnect, and the back-off starts over. */
	cr_assert_eq(ipc_server_bind(&loop, path, &o, &scbs, on_accept, &srx, &s), 0);
	cr_assert_eq(ipc_server_start(s), 0);
	PUMP_UNTIL(&loop, ipc_link_is_up(l) && srx.accepts == 1);
	cr_assert_eq(crx.ups, 1);
	cr_assert_eq(ipc_link_role(srx.accepted), NEA__DAEMON_ROLE__ROLE_PTTLSD);
	cr_assert_eq(ipc_link_reconnects(l), 0);
	cr_assert_eq(ipc_link_failed_attempts(l), 0);
	cr_assert_eq(ipc_link_retry_delay_ms(l), 5);
	cr_assert_neq(ipc_link_up_since(l), 0);
	env.body_case = NEA__ENVELOPE__BODY_READY;
	env.ready = &ready;
	env.conn_id = 9;
	env.has_conn_id = true;
	cr_assert_eq(ipc_link_send(l, &env), 0);
	PUMP_UNTIL(&loop, crx.msgs == 1);
	cr_assert_eq(crx.conn_ids[0], 1009);

	/* The peer restarts: the link notices, reconnects, counts it. */
	ipc_server_close(s);
	PUMP_UNTIL(&loop, crx.downs == 1);
	cr_assert_not(ipc_link_is_up(l));
	srx.accepts = 0;
	cr_assert_eq(ipc_server_bind(&loop, path, &o, &scbs, on_accept, &srx, &s), 0);
	cr_assert_eq(ipc_server_start(s), 0);
	PUMP_UNTIL(&loop, ipc_link_is_up(l) && srx.accepts == 1);
	cr_assert_eq(crx.ups, 2);
	cr_assert_eq(ipc_link_reconnects(l), 1);
	cr_assert_eq(ipc_server_conn_count(s), 1);
	cr_assert_eq(ipc_link_send(l, &env), 0);
	PUMP_UNTIL(&loop, crx.msgs == 2);

	ipc_link_close(l);
	PUMP_UNTIL(&loop, ipc_server_conn_count(s) == 0);
	ipc_server_close(s);
	loop_teardown(&loop);
	rmdir(dir);
}

Test(ipc, sync_call_round_trip)
{
	uv_loop_t loop;
	rx_t srx = { .reply = true };
	ipc_cbs_t scbs = { .on_msg = on_msg, .on_down = on_down, .arg = &srx };
	ipc_opts_t o = opts_ready();
	ipc_server_t *s;
	char dir[64], path[128];
	int status = -1;
	pid_t pid;

	make_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/sync.sock", dir);
	loop_setup(&loop);
	cr_assert_eq(ipc_server_bind(&loop, path, &o, &scbs, on_accept, &srx, &s), 0);
	cr_assert_eq(ipc_server_start(s), 0);
	pid = fork();
	cr_assert(pid >= 0);
	if (pid == 0) {
		Nea__Envelope env = NEA__ENVELOPE__INIT, *rep = NULL;
		Nea__Ready ready = NEA__READY__INIT;
		int fd, rc;

		if (ipc_sync_connect(path, &fd) != 0)
			_exit(10);
		env.body_case = NEA__ENVELOPE__BODY_READY;
		env.ready = &ready;
		env.conn_id = 5;
		env.has_conn_id = true;
		rc = ipc_sync_call(fd, &env, NEA__ENVELOPE__BODY_READY, 0, 10000, &rep);
		if (rc != 0)
			_exit(11);
		if (rep->conn_id != 1005)
			_exit(12);
		nea__envelope__free_unpacked(rep, NULL);
		/* A reply of another case than expected is refused. */
		rc = ipc_sync_call(fd, &env, NEA__ENVELOPE__BODY_HELLO, 0, 10000, &rep);
		_exit(rc == NEA_EPERM && !rep ? 0 : 13);
	}
	for (int i = 0; i < 3000 && waitpid(pid, &status, WNOHANG) == 0; i++)
		uv_run(&loop, UV_RUN_ONCE);
	cr_assert(WIFEXITED(status));
	cr_assert_eq(WEXITSTATUS(status), 0, "child status %d", WEXITSTATUS(status));
	cr_assert_eq(srx.msgs, 2);
	PUMP_UNTIL(&loop, ipc_server_conn_count(s) == 0);
	ipc_server_close(s);
	loop_teardown(&loop);
	rmdir(dir);
}

Test(ipc, bind_refuses_to_replace_a_regular_file)
{
	uv_loop_t loop;
	ipc_opts_t o = opts_ready();
	ipc_server_t *s = NULL;
	char dir[64], path[128];
	FILE *f;

	make_tmpdir(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/not-a-socket", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fclose(f);
	loop_setup(&loop);
	cr_assert_eq(ipc_server_bind(&loop, path, &o, NULL, NULL, NULL, &s), NEA_EEXIST);
	cr_assert_eq(access(path, F_OK), 0);
	loop_teardown(&loop);
	unlink(path);
	rmdir(dir);
}

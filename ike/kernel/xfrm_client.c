/* nea-iked's end of the XFRM helper; see xfrm_client.h. */
#include "xfrm_client.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"

#define DEFAULT_TIMEOUT_MS 1000
#define DEFAULT_START_MS 5000

void xfrm_client_init(xfrm_client_t *c)
{
	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->pid = -1;
	c->timeout_ms = DEFAULT_TIMEOUT_MS;
}

bool xfrm_client_running(const xfrm_client_t *c)
{
	return c->fd >= 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reap the helper: wait up to ms, then SIGKILL. */
static void reap(xfrm_client_t *c, int ms)
{
	int64_t end = now_ms() + ms;
	int st;

	if (c->pid <= 0)
		return;
	for (;;) {
		pid_t r = waitpid(c->pid, &st, WNOHANG);

		if (r == c->pid || (r < 0 && errno != EINTR))
			break;
		if (now_ms() >= end) {
			NLOG(KNL, 0, "XFRM helper (pid %d) did not exit; killing it", (int)c->pid);
			kill(c->pid, SIGKILL);
			(void)waitpid(c->pid, &st, 0);
			break;
		}
		usleep(10000);
	}
	c->pid = -1;
}

static void lost(xfrm_client_t *c, const char *why)
{
	NLOG(KNL, 0, "XFRM helper (pid %d) lost: %s; CHILD_SAs are no longer installed in the "
		     "kernel", (int)c->pid, why);
	close(c->fd);
	c->fd = -1;
	reap(c, 200);
}

/* Wait for the answer to seq; answers to older requests are skipped. */
static int wait_answer(xfrm_client_t *c, uint32_t seq, int ms, xfrm_ans_t *ans)
{
	int64_t end = now_ms() + ms;

	for (;;) {
		struct pollfd p = {.fd = c->fd, .events = POLLIN};
		int64_t left = end - now_ms();
		uint8_t buf[XFRM_ANS_LEN + 1];
		ssize_t n;
		int rc;

		if (left <= 0)
			return NEA_EAGAIN;
		rc = poll(&p, 1, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0) {
			lost(c, strerror(errno));
			return NEA_ECLOSED;
		}
		if (rc == 0)
			return NEA_EAGAIN;
		n = recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			lost(c, n == 0 ? "it closed the socket" : strerror(errno));
			return NEA_ECLOSED;
		}
		if (xfrm_ans_decode(ans, buf, (size_t)n) < 0) {
			lost(c, "it sent a malformed answer");
			return NEA_ECLOSED;
		}
		if (ans->seq == seq)
			return 0;
		NLOG(KNL, 2, "skipping the XFRM helper's late answer to request %u", ans->seq);
	}
}

static int default_path(char *out, size_t cap)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0)
		return NEA_EIO;
	exe[n] = '\0';
	if ((size_t)snprintf(out, cap, "%s/nea-xfrm", dirname(exe)) >= cap)
		return NEA_ETOOBIG;
	return 0;
}

int xfrm_client_spawn(xfrm_client_t *c, const xfrm_client_opts_t *o)
{
	char path[PATH_MAX], a_max[16], a_base[16], a_dbg[16], a_uid[16], a_gid[16];
	const char *argv[16];
	xfrm_ans_t ready;
	int sv[2], argc = 0, rc;
	sigset_t all;

	xfrm_client_init(c);
	if (o->timeout_ms > 0)
		c->timeout_ms = o->timeout_ms;
	if (o->path) {
		if ((size_t)snprintf(path, sizeof(path), "%s", o->path) >= sizeof(path))
			return NEA_ETOOBIG;
	} else if ((rc = default_path(path, sizeof(path))) < 0) {
		return rc;
	}
	if (access(path, X_OK) < 0) {
		NLOG(KNL, 0, "XFRM helper %s cannot be run: %s", path, strerror(errno));
		return NEA_EIO;
	}
	snprintf(a_max, sizeof(a_max), "%u", o->max_children);
	snprintf(a_base, sizeof(a_base), "%u", o->reqid_base);
	snprintf(a_dbg, sizeof(a_dbg), "%d", o->debug > 0 ? (o->debug > 4 ? 4 : o->debug) : 1);
	snprintf(a_uid, sizeof(a_uid), "%u", (unsigned)o->uid);
	snprintf(a_gid, sizeof(a_gid), "%u", (unsigned)o->gid);
	argv[argc++] = "nea-xfrm";
	argv[argc++] = "--fd";
	argv[argc++] = "3";
	argv[argc++] = "--debug";
	argv[argc++] = a_dbg;
	if (o->max_children) {
		argv[argc++] = "--max-children";
		argv[argc++] = a_max;
	}
	if (o->reqid_base) {
		argv[argc++] = "--reqid-base";
		argv[argc++] = a_base;
	}
	if (o->set_user) {
		argv[argc++] = "--uid";
		argv[argc++] = a_uid;
		argv[argc++] = "--gid";
		argv[argc++] = a_gid;
	}
	argv[argc] = NULL;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
		NLOG(KNL, 0, "socketpair for the XFRM helper failed: %s", strerror(errno));
		return NEA_EIO;
	}
	c->pid = fork();
	if (c->pid < 0) {
		NLOG(KNL, 0, "fork for the XFRM helper failed: %s", strerror(errno));
		close(sv[0]);
		close(sv[1]);
		c->pid = -1;
		return NEA_EIO;
	}
	if (c->pid == 0) {
		/* async-signal-safe only from here to exec */
		sigemptyset(&all);
		sigprocmask(SIG_SETMASK, &all, NULL);
		if (sv[1] == 3) {
			if (fcntl(3, F_SETFD, 0) < 0)
				_exit(127);
		} else if (dup2(sv[1], 3) < 0) {
			_exit(127);
		}
		execv(path, (char *const *)argv);
		_exit(127);
	}
	close(sv[1]);
	c->fd = sv[0];
	rc = wait_answer(c, 0, o->start_timeout_ms > 0 ? o->start_timeout_ms : DEFAULT_START_MS,
			 &ready);
	if (rc == NEA_EAGAIN) {
		NLOG(KNL, 0, "XFRM helper %s (pid %d) did not report ready in time", path,
		     (int)c->pid);
		kill(c->pid, SIGKILL);
		lost(c, "not ready");
		return NEA_EAGAIN;
	}
	if (rc < 0)
		return rc; /* lost() logged and reaped */
	if (ready.type != XFRM_REQ_READY || ready.status < 0) {
		NLOG(KNL, 0, "XFRM helper %s could not set itself up: %s%s%s", path,
		     nea_strerror(ready.status), ready.kerrno ? ": " : "",
		     ready.kerrno ? strerror((int)ready.kerrno) : "");
		close(c->fd);
		c->fd = -1;
		reap(c, 1000);
		return ready.status < 0 ? ready.status : NEA_EIO;
	}
	c->max_children = ready.value;
	NLOG(KNL, 1, "XFRM helper %s started (pid %d, up to %u CHILD_SAs)", path, (int)c->pid,
	     c->max_children);
	return 0;
}

void xfrm_client_stop(xfrm_client_t *c)
{
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
	reap(c, 1000);
}

int xfrm_client_raw(xfrm_client_t *c, const uint8_t *pkt, size_t len, xfrm_ans_t *ans)
{
	uint32_t seq = len >= XFRM_REQ_HDR_LEN ? nea_get_u32(pkt + 4) : 0;
	ssize_t n;

	if (c->fd < 0)
		return NEA_ECLOSED;
	n = send(c->fd, pkt, len, MSG_NOSIGNAL);
	if (n != (ssize_t)len) {
		if (n < 0 && errno == EMSGSIZE)
			return NEA_ETOOBIG;
		lost(c, n < 0 ? strerror(errno) : "short send");
		return NEA_ECLOSED;
	}
	return wait_answer(c, seq, c->timeout_ms, ans);
}

/* Build, send, wait; the request buffer (keys) is wiped in every case. */
static int call(xfrm_client_t *c, xfrm_req_t *req, uint32_t *value)
{
	uint8_t buf[XFRM_REQ_MAX];
	xfrm_ans_t ans;
	int len, rc;

	c->last_kerrno = 0;
	if (c->fd < 0) {
		xfrm_req_wipe(req);
		return NEA_ECLOSED;
	}
	req->seq = ++c->seq;
	if (req->seq == 0)
		req->seq = c->seq = 1; /* 0 is READY's */
	len = xfrm_req_build(req, buf, sizeof(buf));
	xfrm_req_wipe(req);
	if (len < 0)
		return len;
	rc = xfrm_client_raw(c, buf, (size_t)len, &ans);
	explicit_bzero(buf, sizeof(buf));
	if (rc == NEA_EAGAIN) {
		NLOG(KNL, 0, "XFRM helper (pid %d) did not answer within %d ms", (int)c->pid,
		     c->timeout_ms);
		return rc;
	}
	if (rc < 0)
		return rc;
	c->last_kerrno = ans.kerrno;
	if (ans.status == 0 && value)
		*value = ans.value;
	return ans.status;
}

int xfrm_client_alloc_reqid(xfrm_client_t *c, uint32_t *reqid)
{
	xfrm_req_t req = {.type = XFRM_REQ_ALLOC_REQID};

	return call(c, &req, reqid);
}

static void set_key(uint8_t *dst, size_t *dlen, const uint8_t *src, size_t n)
{
	*dlen = n;
	if (src && n)
		memcpy(dst, src, n);
}

int xfrm_client_add_sa_pair(xfrm_client_t *c, const xfrm_sa_pair_t *p)
{
	xfrm_req_t req = {.type = XFRM_REQ_ADD_SA};

	if (p->ekey_len > XFRM_KEY_MAX || p->ikey_len > XFRM_KEY_MAX)
		return NEA_ETOOBIG;
	req.present = XFRM_AT_BIT(XFRM_AT_REQID) | XFRM_AT_BIT(XFRM_AT_LOCAL) |
		      XFRM_AT_BIT(XFRM_AT_REMOTE) | XFRM_AT_BIT(XFRM_AT_SPI_IN) |
		      XFRM_AT_BIT(XFRM_AT_SPI_OUT) | XFRM_AT_BIT(XFRM_AT_ENCR) |
		      XFRM_AT_BIT(XFRM_AT_ENCR_KEY_IN) | XFRM_AT_BIT(XFRM_AT_ENCR_KEY_OUT);
	req.reqid = p->reqid;
	req.local = p->local;
	req.remote = p->remote;
	req.spi_in = p->spi_in;
	req.spi_out = p->spi_out;
	req.encr = p->encr;
	req.encr_keylen = p->encr_keylen;
	set_key(req.ekey_in, &req.ekey_in_len, p->ekey_in, p->ekey_len);
	set_key(req.ekey_out, &req.ekey_out_len, p->ekey_out, p->ekey_len);
	if (p->integ) {
		req.present |= XFRM_AT_BIT(XFRM_AT_INTEG) | XFRM_AT_BIT(XFRM_AT_INTEG_KEY_IN) |
			       XFRM_AT_BIT(XFRM_AT_INTEG_KEY_OUT);
		req.integ = p->integ;
		set_key(req.ikey_in, &req.ikey_in_len, p->ikey_in, p->ikey_len);
		set_key(req.ikey_out, &req.ikey_out_len, p->ikey_out, p->ikey_len);
	}
	if (p->encap_local || p->encap_remote) {
		req.present |= XFRM_AT_BIT(XFRM_AT_ENCAP);
		req.encap_local = p->encap_local;
		req.encap_remote = p->encap_remote;
	}
	return call(c, &req, NULL);
}

int xfrm_client_add_policies(xfrm_client_t *c, uint32_t reqid, const xfrm_ip_t *local,
			     const xfrm_ip_t *remote, const xfrm_ts_t *ts_local,
			     const xfrm_ts_t *ts_remote)
{
	xfrm_req_t req = {.type = XFRM_REQ_ADD_POLICY};

	req.present = XFRM_AT_BIT(XFRM_AT_REQID) | XFRM_AT_BIT(XFRM_AT_LOCAL) |
		      XFRM_AT_BIT(XFRM_AT_REMOTE) | XFRM_AT_BIT(XFRM_AT_TS_LOCAL) |
		      XFRM_AT_BIT(XFRM_AT_TS_REMOTE);
	req.reqid = reqid;
	req.local = *local;
	req.remote = *remote;
	req.ts_local = *ts_local;
	req.ts_remote = *ts_remote;
	return call(c, &req, NULL);
}

static int reqid_call(xfrm_client_t *c, uint8_t type, uint32_t reqid)
{
	xfrm_req_t req = {.type = type, .present = XFRM_AT_BIT(XFRM_AT_REQID), .reqid = reqid};

	return call(c, &req, NULL);
}

int xfrm_client_del_sa_pair(xfrm_client_t *c, uint32_t reqid)
{
	return reqid_call(c, XFRM_REQ_DEL_SA, reqid);
}

int xfrm_client_del_policies(xfrm_client_t *c, uint32_t reqid)
{
	return reqid_call(c, XFRM_REQ_DEL_POLICY, reqid);
}

int xfrm_client_release(xfrm_client_t *c, uint32_t reqid)
{
	return reqid_call(c, XFRM_REQ_RELEASE, reqid);
}

int xfrm_client_flush(xfrm_client_t *c)
{
	xfrm_req_t req = {.type = XFRM_REQ_FLUSH};

	return call(c, &req, NULL);
}

int xfrm_ip_from_bytes(int af, const uint8_t *bytes, xfrm_ip_t *out)
{
	memset(out, 0, sizeof(*out));
	if (af == AF_INET) {
		out->family = 4;
		memcpy(out->addr, bytes, 4);
	} else if (af == AF_INET6) {
		out->family = 6;
		memcpy(out->addr, bytes, 16);
	} else {
		return NEA_EINVAL;
	}
	return 0;
}

int xfrm_ip_from_sockaddr(const struct sockaddr_storage *ss, xfrm_ip_t *out)
{
	if (ss->ss_family == AF_INET)
		return xfrm_ip_from_bytes(AF_INET,
					  (const uint8_t *)&((const struct sockaddr_in *)ss)->sin_addr,
					  out);
	if (ss->ss_family == AF_INET6)
		return xfrm_ip_from_bytes(
			AF_INET6, (const uint8_t *)&((const struct sockaddr_in6 *)ss)->sin6_addr, out);
	memset(out, 0, sizeof(*out));
	return NEA_EINVAL;
}

typedef unsigned __int128 u128;

static u128 load_ip(const uint8_t *b, size_t n)
{
	u128 v = 0;

	for (size_t i = 0; i < n; i++)
		v = (v << 8) | b[i];
	return v;
}

static void store_ip(u128 v, uint8_t *b, size_t n)
{
	for (size_t i = n; i-- > 0;) {
		b[i] = (uint8_t)v;
		v >>= 8;
	}
}

int xfrm_ts_from_range(uint8_t family, const uint8_t *start, const uint8_t *end, uint8_t proto,
		       uint16_t start_port, uint16_t end_port, xfrm_ts_t *out, size_t cap,
		       size_t *n)
{
	size_t alen = xfrm_ip_len(family);
	unsigned bits = (unsigned)alen * 8;
	uint16_t port;
	u128 s, e;

	*n = 0;
	if (!alen)
		return NEA_EINVAL;
	if (start_port == 0 && end_port == 65535)
		port = 0;
	else if (start_port == end_port && start_port != 0 &&
		 (proto == IPPROTO_TCP || proto == IPPROTO_UDP || proto == IPPROTO_SCTP))
		port = start_port;
	else
		return NEA_EUNSUPPORTED;
	s = load_ip(start, alen);
	e = load_ip(end, alen);
	if (s > e)
		return NEA_EINVAL;
	for (;;) {
		unsigned k;
		u128 mask = 0;

		/* the largest aligned block starting at s that ends <= e */
		for (k = bits;; k--) {
			mask = k == 128 ? ~(u128)0 : (((u128)1 << k) - 1);
			if ((s & mask) == 0 && (s | mask) <= e)
				break;
		}
		if (*n >= cap)
			return NEA_ETOOBIG;
		memset(&out[*n], 0, sizeof(out[*n]));
		out[*n].net.family = family;
		store_ip(s, out[*n].net.addr, alen);
		out[*n].plen = (uint8_t)(bits - k);
		out[*n].proto = proto;
		out[*n].port = port;
		(*n)++;
		if ((s | mask) == e)
			return 0;
		s = (s | mask) + 1;
	}
}

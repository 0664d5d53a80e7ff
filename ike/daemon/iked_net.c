/* nea-iked's UDP sockets; see iked_net.h. */
#include "iked_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/xfrm.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ike_types.h"
#include "nea_err.h"
#include "nea_log.h"

/* A flooding peer gets at most this many datagrams per loop iteration. */
#define RX_BURST 64

/* ---- addresses --------------------------------------------------------- */

const uint8_t *iked_addr_bytes(const iked_addr_t *a, size_t *len)
{
	if (a->ss_family == AF_INET) {
		*len = 4;
		return (const uint8_t *)&((const struct sockaddr_in *)a)->sin_addr;
	}
	if (a->ss_family == AF_INET6) {
		*len = 16;
		return (const uint8_t *)&((const struct sockaddr_in6 *)a)->sin6_addr;
	}
	*len = 0;
	return NULL;
}

uint16_t iked_addr_port(const iked_addr_t *a)
{
	if (a->ss_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)a)->sin_port);
	if (a->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)a)->sin6_port);
	return 0;
}

void iked_addr_set_port(iked_addr_t *a, uint16_t port)
{
	if (a->ss_family == AF_INET)
		((struct sockaddr_in *)a)->sin_port = htons(port);
	else if (a->ss_family == AF_INET6)
		((struct sockaddr_in6 *)a)->sin6_port = htons(port);
}

int iked_addr_family(const iked_addr_t *a)
{
	return a->ss_family;
}

bool iked_addr_ip_eq(const iked_addr_t *a, const iked_addr_t *b)
{
	size_t la, lb;
	const uint8_t *pa = iked_addr_bytes(a, &la), *pb = iked_addr_bytes(b, &lb);

	return pa && pb && la == lb && memcmp(pa, pb, la) == 0;
}

bool iked_addr_eq(const iked_addr_t *a, const iked_addr_t *b)
{
	return iked_addr_ip_eq(a, b) && iked_addr_port(a) == iked_addr_port(b);
}

bool iked_addr_is_any(const iked_addr_t *a)
{
	size_t len;
	const uint8_t *p = iked_addr_bytes(a, &len);

	if (!p)
		return true;
	for (size_t i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

const char *iked_addr_str(const iked_addr_t *a, char *buf, size_t len)
{
	size_t alen;
	const uint8_t *p = iked_addr_bytes(a, &alen);

	if (!p || !inet_ntop(a->ss_family, p, buf, (socklen_t)len))
		snprintf(buf, len, "%%any");
	return buf;
}

const char *iked_addr_str_port(const iked_addr_t *a, char *buf, size_t len)
{
	char ip[IKED_ADDR_STRLEN];

	snprintf(buf, len, "%s[%u]", iked_addr_str(a, ip, sizeof(ip)), iked_addr_port(a));
	return buf;
}

int iked_addr_parse(const char *s, uint16_t port, iked_addr_t *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, s, &((struct sockaddr_in *)out)->sin_addr) == 1) {
		out->ss_family = AF_INET;
	} else if (inet_pton(AF_INET6, s, &((struct sockaddr_in6 *)out)->sin6_addr) == 1) {
		out->ss_family = AF_INET6;
	} else {
		return NEA_EINVAL;
	}
	iked_addr_set_port(out, port);
	return 0;
}

void iked_addr_from_bytes(iked_addr_t *out, const uint8_t *b, size_t len, uint16_t port)
{
	memset(out, 0, sizeof(*out));
	if (len == 4) {
		out->ss_family = AF_INET;
		memcpy(&((struct sockaddr_in *)out)->sin_addr, b, 4);
	} else if (len == 16) {
		out->ss_family = AF_INET6;
		memcpy(&((struct sockaddr_in6 *)out)->sin6_addr, b, 16);
	}
	iked_addr_set_port(out, port);
}

/* ---- sockets ----------------------------------------------------------- */

static int conf_port(const nea_conf_t *c, const char *nea_key, const char *charon_key,
		     long long def, uint16_t *out)
{
	long long v;

	if (nea_conf_get_int(c, charon_key, def, &v) < 0 ||
	    nea_conf_get_int(c, nea_key, v, &v) < 0 || v < 1 || v > 65535) {
		NLOG(CFG, 0, "%s: not a port number", nea_key);
		return NEA_ECONFIG;
	}
	*out = (uint16_t)v;
	return 0;
}

/* Exempt IKE traffic from the IPsec policies nea-iked itself installs. */
static int bypass_policy(int fd, int family)
{
	struct xfrm_userpolicy_info pol;
	int level = family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6;
	int opt = family == AF_INET ? IP_XFRM_POLICY : IPV6_XFRM_POLICY;

	memset(&pol, 0, sizeof(pol));
	pol.action = XFRM_POLICY_ALLOW;
	pol.sel.family = (uint16_t)family;
	for (int dir = XFRM_POLICY_IN; dir <= XFRM_POLICY_OUT; dir++) {
		pol.dir = (uint8_t)dir;
		if (setsockopt(fd, level, opt, &pol, sizeof(pol)) < 0)
			return NEA_EIO;
	}
	return 0;
}

static int open_one(iked_net_t *n, int family, const char *addr, uint16_t port, bool natt,
		    bool kernel_ipsec)
{
	iked_addr_t sa;
	iked_sock_t *s;
	char buf[IKED_ADDR_STRLEN + 8];
	int fd, on = 1;

	if (n->nsocks >= IKED_NET_MAX_SOCKS)
		return NEA_ETOOBIG;
	memset(&sa, 0, sizeof(sa));
	if (addr) {
		if (iked_addr_parse(addr, port, &sa) < 0 || sa.ss_family != family)
			return NEA_EINVAL;
	} else {
		sa.ss_family = (sa_family_t)family;
		iked_addr_set_port(&sa, port);
	}
	fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0)
		return NEA_EIO;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
	if (family == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on)) < 0)
			goto fail;
	} else if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on)) < 0) {
		goto fail;
	}
	if (bind(fd, (struct sockaddr *)&sa, family == AF_INET ? sizeof(struct sockaddr_in)
							      : sizeof(struct sockaddr_in6)) < 0)
		goto fail;
	if (kernel_ipsec) {
		if (natt) {
			int type = UDP_ENCAP_ESPINUDP;

			if (setsockopt(fd, IPPROTO_UDP, UDP_ENCAP, &type, sizeof(type)) < 0)
				NLOG(NET, 0, "enabling UDP decapsulation for %s failed: %s",
				     iked_addr_str_port(&sa, buf, sizeof(buf)), strerror(errno));
		}
		if (bypass_policy(fd, family) < 0)
			NLOG(NET, 0, "unable to set IPsec bypass policy on %s: %s",
			     iked_addr_str_port(&sa, buf, sizeof(buf)), strerror(errno));
	}
	s = &n->socks[n->nsocks++];
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->family = family;
	s->port = port;
	s->natt = natt;
	s->net = n;
	NLOG(NET, 2, "listening on %s", iked_addr_str_port(&sa, buf, sizeof(buf)));
	return 0;
fail:
	{
		int e = errno;

		close(fd);
		errno = e;
	}
	return NEA_EIO;
}

int iked_net_open(iked_net_t *n, const nea_conf_t *c, bool kernel_ipsec)
{
	static const int families[2] = { AF_INET, AF_INET6 };
	const char *addrs = nea_conf_get_str(c, "nea.ike.address", NULL);
	char **list = NULL;
	size_t nlist = 0;
	int rc;

	memset(n, 0, sizeof(*n));
	rc = conf_port(c, "nea.ike.port", "charon.port", 500, &n->port);
	if (rc == 0)
		rc = conf_port(c, "nea.ike.port_nat_t", "charon.port_nat_t", 4500, &n->port_natt);
	if (rc < 0)
		return rc;
	if (n->port == n->port_natt) {
		NLOG(CFG, 0, "nea.ike.port and nea.ike.port_nat_t must differ");
		return NEA_ECONFIG;
	}
	if (addrs && nea_conf_split_list(addrs, &list, &nlist) < 0)
		return NEA_ENOMEM;
	for (int natt = 0; natt < 2; natt++) {
		uint16_t port = natt ? n->port_natt : n->port;

		for (size_t f = 0; f < 2; f++) {
			const char *a = NULL;
			char buf[IKED_ADDR_STRLEN];
			iked_addr_t probe;

			/* nea.ike.address names at most one address per family */
			if (list) {
				for (size_t i = 0; i < nlist; i++)
					if (iked_addr_parse(list[i], 0, &probe) == 0 &&
					    probe.ss_family == families[f])
						a = list[i];
				if (!a)
					continue;
			}
			rc = open_one(n, families[f], a, port, natt, kernel_ipsec);
			if (rc < 0)
				NLOG(NET, families[f] == AF_INET6 && !a ? 1 : 0,
				     "could not open %s socket on %s port %u: %s",
				     families[f] == AF_INET ? "IPv4" : "IPv6",
				     a ? a : (families[f] == AF_INET ? "0.0.0.0" : "::"), port,
				     rc == NEA_EIO ? strerror(errno) : nea_strerror(rc));
			(void)buf;
		}
	}
	nea_conf_list_free(list);
	if (n->nsocks == 0) {
		NLOG(NET, 0, "could not open any IKE socket");
		return NEA_EIO;
	}
	n->bufsize = IKE_MSG_MAX + IKED_NON_ESP_MARKER_LEN;
	n->buf = malloc(n->bufsize);
	if (!n->buf) {
		for (size_t i = 0; i < n->nsocks; i++)
			close(n->socks[i].fd);
		n->nsocks = 0;
		return NEA_ENOMEM;
	}
	return 0;
}

static void get_local(struct msghdr *mh, iked_sock_t *s, iked_addr_t *local)
{
	memset(local, 0, sizeof(*local));
	local->ss_family = (sa_family_t)s->family;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(mh); c; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			memcpy(&((struct sockaddr_in *)local)->sin_addr, &pi.ipi_addr, 4);
		} else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			memcpy(&((struct sockaddr_in6 *)local)->sin6_addr, &pi.ipi6_addr, 16);
		}
	}
	iked_addr_set_port(local, s->port);
}

/* charon's rule (sender.c/receiver.c): an IKE datagram carries the
 * Non-ESP marker exactly when neither port is 500, which on the standard
 * ports is "on port 4500" (RFC 3948) and also holds for test set-ups on
 * other ports. */
static bool needs_marker(uint16_t local_port, const iked_addr_t *remote)
{
	return local_port != 500 && iked_addr_port(remote) != 500;
}

static void on_readable(uv_poll_t *h, int status, int events)
{
	iked_sock_t *s = h->data;
	iked_net_t *n = s->net;

	if (status < 0 || !(events & UV_READABLE))
		return;
	for (int i = 0; i < RX_BURST; i++) {
		union {
			struct cmsghdr align;
			uint8_t buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		} ctl;
		iked_addr_t remote, local;
		struct iovec iov = { n->buf, n->bufsize };
		struct msghdr mh = { .msg_name = &remote, .msg_namelen = sizeof(remote),
				     .msg_iov = &iov, .msg_iovlen = 1,
				     .msg_control = ctl.buf, .msg_controllen = sizeof(ctl.buf) };
		const uint8_t *data = n->buf;
		ssize_t len = recvmsg(s->fd, &mh, MSG_TRUNC);

		if (len < 0)
			return;
		if ((size_t)len > n->bufsize || (mh.msg_flags & MSG_TRUNC)) {
			n->rx_dropped++;
			continue;
		}
		get_local(&mh, s, &local);
		if (needs_marker(s->port, &remote)) {
			/* ESP (non-zero SPI) is the kernel's; an ESP-in-UDP
			 * keepalive is one 0xff byte. */
			if (len < IKED_NON_ESP_MARKER_LEN || data[0] || data[1] || data[2] ||
			    data[3]) {
				char a[IKED_ADDR_STRLEN + 8];

				n->rx_dropped++;
				NLOG(NET, 1, "datagram of %zd bytes from %s without Non-ESP marker, "
					     "dropped", len, iked_addr_str_port(&remote, a, sizeof(a)));
				continue;
			}
			data += IKED_NON_ESP_MARKER_LEN;
			len -= IKED_NON_ESP_MARKER_LEN;
		}
		n->rx(n->arg, &local, &remote, data, (size_t)len);
	}
}

int iked_net_start(iked_net_t *n, uv_loop_t *loop, iked_net_rx_cb cb, void *arg)
{
	n->rx = cb;
	n->arg = arg;
	for (size_t i = 0; i < n->nsocks; i++) {
		iked_sock_t *s = &n->socks[i];

		if (uv_poll_init(loop, &s->poll, s->fd) < 0)
			return NEA_EIO;
		s->poll.data = s;
		s->polling = true;
		if (uv_poll_start(&s->poll, UV_READABLE, on_readable) < 0)
			return NEA_EIO;
	}
	return 0;
}

int iked_net_send(iked_net_t *n, const iked_addr_t *from, const iked_addr_t *to,
		  const uint8_t *data, size_t len)
{
	static const uint8_t marker[IKED_NON_ESP_MARKER_LEN] = { 0 };
	iked_sock_t *s = NULL;
	uint16_t port = iked_addr_port(from);
	union {
		struct cmsghdr align;
		uint8_t buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
	} ctl;
	struct iovec iov[2];
	struct msghdr mh;
	struct cmsghdr *c;
	size_t niov = 0;

	for (size_t i = 0; i < n->nsocks; i++)
		if (n->socks[i].family == to->ss_family && n->socks[i].port == port)
			s = &n->socks[i];
	if (!s)
		return NEA_ENOTFOUND;
	if (needs_marker(s->port, to)) {
		iov[niov].iov_base = (void *)marker;
		iov[niov++].iov_len = sizeof(marker);
	}
	iov[niov].iov_base = (void *)data;
	iov[niov++].iov_len = len;
	memset(&mh, 0, sizeof(mh));
	memset(&ctl, 0, sizeof(ctl));
	mh.msg_name = (void *)to;
	mh.msg_namelen = to->ss_family == AF_INET ? sizeof(struct sockaddr_in)
						  : sizeof(struct sockaddr_in6);
	mh.msg_iov = iov;
	mh.msg_iovlen = niov;
	if (!iked_addr_is_any(from)) {
		mh.msg_control = ctl.buf;
		c = (struct cmsghdr *)ctl.buf;
		if (to->ss_family == AF_INET) {
			struct in_pktinfo pi;

			memset(&pi, 0, sizeof(pi));
			memcpy(&pi.ipi_spec_dst, &((const struct sockaddr_in *)from)->sin_addr, 4);
			mh.msg_controllen = CMSG_SPACE(sizeof(pi));
			c->cmsg_level = IPPROTO_IP;
			c->cmsg_type = IP_PKTINFO;
			c->cmsg_len = CMSG_LEN(sizeof(pi));
			memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		} else {
			struct in6_pktinfo pi;

			memset(&pi, 0, sizeof(pi));
			memcpy(&pi.ipi6_addr, &((const struct sockaddr_in6 *)from)->sin6_addr, 16);
			mh.msg_controllen = CMSG_SPACE(sizeof(pi));
			c->cmsg_level = IPPROTO_IPV6;
			c->cmsg_type = IPV6_PKTINFO;
			c->cmsg_len = CMSG_LEN(sizeof(pi));
			memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		}
	}
	if (sendmsg(s->fd, &mh, 0) < 0) {
		char b[IKED_ADDR_STRLEN + 8];

		NLOG(NET, 1, "error writing to socket: %s (to %s)", strerror(errno),
		     iked_addr_str_port(to, b, sizeof(b)));
		return NEA_EIO;
	}
	return 0;
}

static void on_closed(uv_handle_t *h)
{
	iked_sock_t *s = h->data;

	close(s->fd);
	s->fd = -1;
}

void iked_net_close(iked_net_t *n)
{
	for (size_t i = 0; i < n->nsocks; i++) {
		iked_sock_t *s = &n->socks[i];

		if (s->polling) {
			s->polling = false;
			uv_poll_stop(&s->poll);
			uv_close((uv_handle_t *)&s->poll, on_closed);
		} else if (s->fd >= 0) {
			close(s->fd);
			s->fd = -1;
		}
	}
	n->nsocks = 0;
	free(n->buf);
	n->buf = NULL;
}

/*
 * nea-pttlsd TCP listeners. Bound while privileged (port 271), listening
 * after the privilege drop. Without nea.pttls.address there is one IPv4
 * and one IPv6-only socket, as strongSwan's PDP opens them, so peer
 * addresses never appear as IPv4-mapped IPv6 addresses; either may be
 * missing on a host without that family.
 *
 * Port 0 (nea.pttls.port = 0) takes the port the kernel picks for the first
 * socket and binds the second one to the same port; the "listening" line
 * names it, which is how tests running side by side find the server.
 *
 * Admission: a connection is refused (accepted and closed at once, with a
 * log line) while the broker link is down or the connection limit is
 * reached, so the daemon never starts work it cannot finish.
 */
#include <arpa/inet.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pttlsd.h"

static int bind_one(pttlsd_t *s, const char *addr, bool only_v6)
{
	struct sockaddr_storage ss;
	uv_tcp_t *t = &s->listeners[s->nlisteners];
	int rc;

	memset(&ss, 0, sizeof(ss));
	if (uv_ip4_addr(addr, s->bound_port, (struct sockaddr_in *)&ss) != 0 &&
	    uv_ip6_addr(addr, s->bound_port, (struct sockaddr_in6 *)&ss) != 0) {
		NLOG(CFG, 0, "nea.pttls.address = %s: not a numeric IPv4 or IPv6 address", addr);
		return NEA_ECONFIG;
	}
	rc = uv_tcp_init(s->loop, t);
	if (rc != 0)
		return NEA_EIO;
	t->data = s;
	rc = uv_tcp_bind(t, (const struct sockaddr *)&ss, only_v6 ? UV_TCP_IPV6ONLY : 0);
	if (rc != 0) {
		NLOG(NET, 0, "could not open PT-TLS socket %s port %d: %s", addr, s->bound_port,
		     uv_strerror(rc));
		uv_close((uv_handle_t *)t, NULL);
		return NEA_EIO;
	}
	s->nlisteners++;
	if (s->bound_port == 0) {
		struct sockaddr_storage got;
		int len = sizeof(got);

		if (uv_tcp_getsockname(t, (struct sockaddr *)&got, &len) != 0)
			return NEA_EIO;
		s->bound_port = got.ss_family == AF_INET
					? ntohs(((struct sockaddr_in *)&got)->sin_port)
					: ntohs(((struct sockaddr_in6 *)&got)->sin6_port);
	}
	return 0;
}

int pttlsd_listen_bind(pttlsd_t *s)
{
	int rc4, rc6;

	s->bound_port = s->conf.port;
	if (s->conf.address)
		return bind_one(s, s->conf.address, false);
	rc4 = bind_one(s, "0.0.0.0", false);
	if (rc4 < 0)
		NLOG(NET, 1, "could not open IPv4 PT-TLS socket, IPv4 disabled");
	rc6 = bind_one(s, "::", true);
	if (rc6 < 0)
		NLOG(NET, 1, "could not open IPv6 PT-TLS socket, IPv6 disabled");
	if (s->nlisteners == 0) {
		NLOG(NET, 0, "could not create any PT-TLS sockets");
		return NEA_EIO;
	}
	return 0;
}

static void free_refused(uv_handle_t *h)
{
	free(h);
}

static void refuse(pttlsd_t *s, uv_tcp_t *t, const char *why)
{
	struct sockaddr_storage ss;
	char addr[INET6_ADDRSTRLEN] = "?";
	int len = sizeof(ss);

	if (uv_tcp_getpeername(t, (struct sockaddr *)&ss, &len) == 0) {
		if (ss.ss_family == AF_INET)
			uv_ip4_name((struct sockaddr_in *)&ss, addr, sizeof(addr));
		else
			uv_ip6_name((struct sockaddr_in6 *)&ss, addr, sizeof(addr));
	}
	s->refused++;
	NLOG(TNC, 1, "refusing PT-TLS stream from %s: %s", addr, why);
	uv_close((uv_handle_t *)t, free_refused);
}

static void on_connection(uv_stream_t *server, int status)
{
	pttlsd_t *s = server->data;
	uv_tcp_t *t;

	if (status < 0) {
		NLOG(TNC, 1, "accepting PT-TLS stream failed: %s", uv_strerror(status));
		return;
	}
	t = malloc(sizeof(*t));
	if (!t || uv_tcp_init(s->loop, t) != 0) {
		free(t);
		NLOG(TNC, 0, "accepting PT-TLS stream failed: out of memory");
		return;
	}
	if (uv_accept(server, (uv_stream_t *)t) != 0) {
		uv_close((uv_handle_t *)t, free_refused);
		return;
	}
	if (s->stopping) {
		refuse(s, t, "nea-pttlsd is stopping");
		return;
	}
	if (!pttlsd_broker_up(s)) {
		refuse(s, t, "nea-brokerd is not connected");
		return;
	}
	if (s->nconns >= s->conf.max_conns) {
		refuse(s, t, "connection limit (nea.pttls.max_connections) reached");
		return;
	}
	/* From here on the connection owns t. */
	pttlsd_conn_start(s, t);
}

int pttlsd_listen_start(pttlsd_t *s)
{
	for (int i = 0; i < s->nlisteners; i++) {
		/* A burst of clients (hundreds connecting at once) must not
		 * overflow the accept queue: dropped SYNs cost a client a
		 * second each. The kernel caps this at net.core.somaxconn. */
		int rc = uv_listen((uv_stream_t *)&s->listeners[i], SOMAXCONN, on_connection);

		if (rc != 0) {
			NLOG(NET, 0, "could not listen on the PT-TLS port %d: %s", s->bound_port,
			     uv_strerror(rc));
			return NEA_EIO;
		}
	}
	NLOG(TNC, 1, "PT-TLS server listening on %s port %d", s->conf.address
		     ? s->conf.address : (s->nlisteners == 2 ? "0.0.0.0 and ::" : "any address"),
	     s->bound_port);
	return 0;
}

void pttlsd_listen_close(pttlsd_t *s)
{
	for (int i = 0; i < s->nlisteners; i++)
		if (!uv_is_closing((uv_handle_t *)&s->listeners[i]))
			uv_close((uv_handle_t *)&s->listeners[i], NULL);
}

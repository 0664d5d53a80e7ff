/*
 * iked_net: nea-iked's UDP sockets (IKE port and NAT-T port, IPv4 and
 * IPv6) on libuv, and the address helpers the rest of the daemon uses.
 *
 * Contract:
 *  - iked_net_open() runs in the skeleton's privileged pre_init: it creates
 *    and binds every socket (ports below 1024 need root), asks the kernel
 *    for the destination address of each datagram (IP_PKTINFO /
 *    IPV6_RECVPKTINFO) so replies leave from the address the peer used and
 *    NAT-D hashes name it, and, when kernel IPsec is on, marks the NAT-T
 *    socket for ESP-in-UDP decapsulation and every socket as bypassing
 *    IPsec policies (both need CAP_NET_ADMIN, hence here). A family whose
 *    socket cannot be created (no IPv6) is skipped with a log line; no
 *    socket at all is NEA_EIO.
 *  - iked_net_start() (after the privilege drop) polls the sockets. Each
 *    readable socket is drained up to a bounded number of datagrams per
 *    wake-up so one flooding peer cannot starve the loop; every datagram is
 *    handed to the callback with local and remote address. When neither
 *    port is 500 (charon's rule; on the standard ports: port 4500) the
 *    4-byte non-ESP marker is checked and stripped (datagrams without it
 *    are ESP for the kernel or garbage: dropped).
 *  - iked_net_send() picks the socket by the local port, prepends the
 *    marker by the same rule and sets the source address explicitly.
 *  - iked_net_close() stops polling and closes the sockets (async close;
 *    the struct must stay valid until the loop has run once more).
 */
#ifndef IKED_NET_H
#define IKED_NET_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <uv.h>

#include "nea_conf.h"

typedef struct sockaddr_storage iked_addr_t;

#define IKED_ADDR_STRLEN 64
#define IKED_NET_MAX_SOCKS 4
#define IKED_NON_ESP_MARKER_LEN 4

/* Raw address bytes (4 or 16) and their length; NULL for other families. */
const uint8_t *iked_addr_bytes(const iked_addr_t *a, size_t *len);
uint16_t iked_addr_port(const iked_addr_t *a);
void iked_addr_set_port(iked_addr_t *a, uint16_t port);
int iked_addr_family(const iked_addr_t *a);
/* Same IP (ports ignored) / same IP and port. */
bool iked_addr_ip_eq(const iked_addr_t *a, const iked_addr_t *b);
bool iked_addr_eq(const iked_addr_t *a, const iked_addr_t *b);
bool iked_addr_is_any(const iked_addr_t *a);
/* "192.168.0.3" */
const char *iked_addr_str(const iked_addr_t *a, char *buf, size_t len);
/* "192.168.0.3[500]" as charon prints hosts with ports */
const char *iked_addr_str_port(const iked_addr_t *a, char *buf, size_t len);
/* Numeric address (v4 or v6) with a port. 0 or NEA_EINVAL. */
int iked_addr_parse(const char *s, uint16_t port, iked_addr_t *out);
/* Address from raw bytes (4 or 16). */
void iked_addr_from_bytes(iked_addr_t *out, const uint8_t *b, size_t len, uint16_t port);

typedef void (*iked_net_rx_cb)(void *arg, const iked_addr_t *local, const iked_addr_t *remote,
			       const uint8_t *data, size_t len);

typedef struct {
	int fd;
	int family;
	uint16_t port;
	bool natt;
	bool polling;
	uv_poll_t poll;
	void *net; /* back pointer for the poll callback */
} iked_sock_t;

typedef struct {
	iked_sock_t socks[IKED_NET_MAX_SOCKS];
	size_t nsocks;
	uint16_t port;
	uint16_t port_natt;
	iked_net_rx_cb rx;
	void *arg;
	uint8_t *buf; /* one datagram + room for the marker */
	size_t bufsize;
	uint64_t rx_dropped;
} iked_net_t;

/* ports: nea.ike.port / nea.ike.port_nat_t (charon.port / charon.port_nat_t
 * as fallbacks); addresses: nea.ike.address (list, default any). */
int iked_net_open(iked_net_t *n, const nea_conf_t *c, bool kernel_ipsec);
int iked_net_start(iked_net_t *n, uv_loop_t *loop, iked_net_rx_cb cb, void *arg);
int iked_net_send(iked_net_t *n, const iked_addr_t *from, const iked_addr_t *to,
		  const uint8_t *data, size_t len);
void iked_net_close(iked_net_t *n);
/* Is this local port our NAT-T port? */
static inline bool iked_net_is_natt(const iked_net_t *n, uint16_t port)
{
	return port == n->port_natt;
}

#endif

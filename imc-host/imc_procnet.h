/*
 * imc_procnet: the server ports of this endpoint, read from the kernel's
 * socket tables /proc/net/{tcp,tcp6,udp,udp6} (what `netstat -lnp46 --inet`
 * shows, which strongSwan's Scanner IMC runs).
 *
 * Each table is text: a header line, then one socket per line
 *     "  sl  local_address rem_address   st tx_queue:rx_queue ..."
 *     "   0: 00000000:010F 00000000:0000 0A 00000000:00000000 ..."
 * Addresses are the kernel's 32-bit words printed in host byte order (one
 * word for IPv4, four for IPv6), ports and state in hex.
 *
 * Contract:
 *  - A server socket is a TCP socket in state LISTEN (0A) or a UDP socket
 *    in state 07 whose remote address and port are all zero (unconnected),
 *    as netstat -l reports them.
 *  - Sockets bound to 127.0.0.1, 127.0.1.1 or ::1 are not reported, exactly
 *    the addresses strongSwan's Scanner IMC leaves out.
 *  - The result holds each (protocol, port) once however many sockets and
 *    address families share it, in the order strongSwan's Scanner IMC
 *    reports them: the order netstat prints, i.e. the tables tcp, tcp6,
 *    udp, udp6 in that order, lines in file order, first occurrence kept.
 *  - The tables can be influenced by any local user (by opening sockets),
 *    so the parser accepts any bytes: a line it cannot read is counted in
 *    `malformed` and skipped, never trusted partially, and nothing is read
 *    outside [text, text + len). Memory grows with the sockets found only.
 */
#ifndef NEA_IMC_PROCNET_H
#define NEA_IMC_PROCNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IMC_PROTO_TCP 6
#define IMC_PROTO_UDP 17
/* Largest socket table read (a busy host has ~150 bytes per socket). */
#define IMC_PROCNET_MAX_FILE (64u * 1024 * 1024)

typedef struct {
	uint8_t protocol; /* IMC_PROTO_TCP or IMC_PROTO_UDP */
	uint16_t port;
} imc_port_t;

typedef struct {
	imc_port_t *ports;
	size_t count;
	size_t cap;
} imc_ports_t;

typedef struct {
	size_t sockets;   /* socket lines read */
	size_t servers;   /* of which server sockets (loopback included) */
	size_t loopback;  /* server sockets on loopback, not reported */
	size_t malformed; /* lines that could not be read, skipped */
} imc_procnet_stats_t;

/* One server socket as found, for the operator's netstat-like log lines. */
typedef struct {
	uint8_t protocol;
	bool v6;
	uint8_t addr[16]; /* network byte order; 4 bytes used for IPv4 */
	uint16_t port;
	uint32_t tx_queue;
	uint32_t rx_queue;
	bool loopback;
} imc_sock_t;

typedef void (*imc_procnet_cb)(void *arg, const imc_sock_t *s);

/*
 * Add the server ports of one table (protocol and family say which) to
 * *ports, unsorted and possibly repeated; cb (may be NULL) sees every
 * server socket. Counters in *st are added to. 0 or NEA_ENOMEM.
 */
int imc_procnet_parse(const char *text, size_t len, uint8_t protocol, bool v6,
		      imc_ports_t *ports, imc_procnet_stats_t *st, imc_procnet_cb cb, void *arg);
/* Each (protocol, port) once, first occurrence kept, order unchanged. */
void imc_ports_normalize(imc_ports_t *ports);
void imc_ports_free(imc_ports_t *ports);

/*
 * Read <proc>/net/{tcp,tcp6,udp,udp6} and return the normalized port list.
 * A missing tcp6/udp6 (kernel without IPv6) is not an error; a missing or
 * unreadable tcp/udp is (NEA_ENOTFOUND / NEA_EIO) and *failed names it.
 */
int imc_procnet_collect(const char *proc, imc_ports_t *out, imc_procnet_stats_t *st,
			imc_procnet_cb cb, void *arg, const char **failed);

/* "0.0.0.0:271" / "[::]:271" style text for a log line. */
void imc_sock_format(const imc_sock_t *s, char *buf, size_t len);

#endif

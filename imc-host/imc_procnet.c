/*
 * Server ports from the kernel's socket tables; see imc_procnet.h.
 */
#include "imc_procnet.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imc_file.h"
#include "nea_buf.h"
#include "nea_err.h"
#include "nea_hex.h"

#define TCP_LISTEN 0x0a
#define UDP_UNCONNECTED 0x07 /* TCP_CLOSE: a UDP socket without a peer */

/* A view of the bytes left on one line. */
typedef struct {
	const char *p;
	const char *end;
} cur_t;

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Next blank-separated token of the line; false at the end of the line. */
static bool next_token(cur_t *c, const char **tok, size_t *n)
{
	while (c->p < c->end && is_blank(*c->p))
		c->p++;
	if (c->p >= c->end)
		return false;
	*tok = c->p;
	while (c->p < c->end && !is_blank(*c->p))
		c->p++;
	*n = (size_t)(c->p - *tok);
	return true;
}

/*
 * "ADDR:PORT" with ADDR 8 (IPv4) or 32 (IPv6) hex digits. The kernel prints
 * each 32-bit word of the network-order address as a host-order number, so
 * copying the number back into memory restores the original bytes on the
 * machine that wrote the table.
 */
static bool parse_endpoint(const char *tok, size_t n, bool v6, uint8_t addr[16], uint16_t *port)
{
	size_t alen = v6 ? 32 : 8, words = v6 ? 4 : 1;
	uint32_t w, p;

	if (n != alen + 1 + 4 || tok[alen] != ':')
		return false;
	memset(addr, 0, 16);
	for (size_t i = 0; i < words; i++) {
		if (!nea_hex_u32(tok + 8 * i, 8, &w))
			return false;
		memcpy(addr + 4 * i, &w, 4);
	}
	if (!nea_hex_u32(tok + alen + 1, 4, &p))
		return false;
	*port = (uint16_t)p;
	return true;
}

/* The loopback addresses strongSwan's Scanner IMC leaves out. */
static bool is_loopback(const uint8_t a[16], bool v6)
{
	static const uint8_t lo6[16] = { [15] = 1 };

	if (v6)
		return memcmp(a, lo6, 16) == 0;
	return a[0] == 127 && a[1] == 0 && (a[2] == 0 || a[2] == 1) && a[3] == 1;
}

static bool all_zero(const uint8_t *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i])
			return false;
	return true;
}

static int ports_add(imc_ports_t *ports, uint8_t protocol, uint16_t port)
{
	imc_port_t *p;
	size_t cap, bytes;

	if (ports->count == ports->cap) {
		if (!nea_mul_size(ports->cap ? ports->cap : 8, 2, &cap) ||
		    !nea_mul_size(cap, sizeof(*p), &bytes))
			return NEA_ENOMEM;
		p = realloc(ports->ports, bytes);
		if (!p)
			return NEA_ENOMEM;
		ports->ports = p;
		ports->cap = cap;
	}
	ports->ports[ports->count].protocol = protocol;
	ports->ports[ports->count].port = port;
	ports->count++;
	return 0;
}

/*
 * One socket line. 1: a server socket (filled in *s), 0: some other socket,
 * -1: unreadable.
 */
static int parse_line(const char *line, size_t n, bool v6, uint8_t protocol, imc_sock_t *s)
{
	cur_t c = { line, line + n };
	uint8_t remote[16];
	uint16_t rport;
	uint32_t st, q;
	const char *tok;
	size_t tl;

	/* "sl:" slot number */
	if (!next_token(&c, &tok, &tl) || tl < 2 || tok[tl - 1] != ':')
		return -1;
	for (size_t i = 0; i + 1 < tl; i++)
		if (tok[i] < '0' || tok[i] > '9')
			return -1;
	memset(s, 0, sizeof(*s));
	s->protocol = protocol;
	s->v6 = v6;
	if (!next_token(&c, &tok, &tl) || !parse_endpoint(tok, tl, v6, s->addr, &s->port))
		return -1;
	if (!next_token(&c, &tok, &tl) || !parse_endpoint(tok, tl, v6, remote, &rport))
		return -1;
	if (!next_token(&c, &tok, &tl) || tl != 2 || !nea_hex_u32(tok, 2, &st))
		return -1;
	if (!next_token(&c, &tok, &tl) || tl != 17 || tok[8] != ':' || !nea_hex_u32(tok, 8, &q))
		return -1;
	s->tx_queue = q;
	if (!nea_hex_u32(tok + 9, 8, &q))
		return -1;
	s->rx_queue = q;
	if (protocol == IMC_PROTO_TCP)
		return st == TCP_LISTEN;
	return st == UDP_UNCONNECTED && rport == 0 && all_zero(remote, v6 ? 16 : 4);
}

int imc_procnet_parse(const char *text, size_t len, uint8_t protocol, bool v6,
		      imc_ports_t *ports, imc_procnet_stats_t *st, imc_procnet_cb cb, void *arg)
{
	const char *p = text, *end = text + len, *nl;
	imc_sock_t s;
	bool first = true;
	int rc;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (first) {
			/* The column header ("  sl  local_address ...") */
			first = false;
			p = nl < end ? nl + 1 : end;
			continue;
		}
		if (nl > p) {
			st->sockets++;
			rc = parse_line(p, (size_t)(nl - p), v6, protocol, &s);
			if (rc < 0) {
				st->malformed++;
			} else if (rc > 0) {
				st->servers++;
				s.loopback = is_loopback(s.addr, v6);
				if (cb)
					cb(arg, &s);
				if (s.loopback) {
					st->loopback++;
				} else if (ports_add(ports, protocol, s.port) < 0) {
					return NEA_ENOMEM;
				}
			}
		}
		p = nl < end ? nl + 1 : end;
	}
	return 0;
}

void imc_ports_normalize(imc_ports_t *ports)
{
	/* One bit per (protocol, port): seen already. 16 KiB, no sorting, so
	 * the order stays the tables' order, as netstat prints it. */
	static const size_t words = 2u * 65536u / 64u;
	uint64_t seen[2u * 65536u / 64u];
	size_t out = 0;

	memset(seen, 0, sizeof(seen));
	for (size_t i = 0; i < ports->count; i++) {
		size_t bit = (ports->ports[i].protocol == IMC_PROTO_TCP ? 0u : 65536u) +
			     ports->ports[i].port;
		uint64_t mask = (uint64_t)1 << (bit % 64);

		if (bit / 64 >= words || (seen[bit / 64] & mask))
			continue;
		seen[bit / 64] |= mask;
		ports->ports[out++] = ports->ports[i];
	}
	ports->count = out;
}

void imc_ports_free(imc_ports_t *ports)
{
	free(ports->ports);
	memset(ports, 0, sizeof(*ports));
}

int imc_procnet_collect(const char *proc, imc_ports_t *out, imc_procnet_stats_t *st,
			imc_procnet_cb cb, void *arg, const char **failed)
{
	static const struct {
		const char *file;
		uint8_t protocol;
		bool v6;
		bool optional;
	} tables[] = {
		{ "net/tcp", IMC_PROTO_TCP, false, false },
		{ "net/tcp6", IMC_PROTO_TCP, true, true },
		{ "net/udp", IMC_PROTO_UDP, false, false },
		{ "net/udp6", IMC_PROTO_UDP, true, true },
	};
	char path[4096];
	char *text;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(st, 0, sizeof(*st));
	*failed = NULL;
	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		rc = imc_file_join(path, sizeof(path), proc, tables[i].file);
		if (rc == 0)
			rc = imc_file_read(path, IMC_PROCNET_MAX_FILE, &text, &len);
		if (rc == NEA_ENOTFOUND && tables[i].optional)
			continue;
		if (rc < 0) {
			*failed = tables[i].file;
			imc_ports_free(out);
			return rc;
		}
		rc = imc_procnet_parse(text, len, tables[i].protocol, tables[i].v6, out, st, cb, arg);
		free(text);
		if (rc < 0) {
			*failed = tables[i].file;
			imc_ports_free(out);
			return rc;
		}
	}
	imc_ports_normalize(out);
	return 0;
}

void imc_sock_format(const imc_sock_t *s, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN] = "?";

	inet_ntop(s->v6 ? AF_INET6 : AF_INET, s->addr, a, sizeof(a));
	snprintf(buf, len, "%s:%u", a, s->port);
}

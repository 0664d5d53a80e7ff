/*
 * libFuzzer target for the Scanner IMC's socket table reader
 * (imc_procnet.h): any local user shapes /proc/net/{tcp,udp}{,6} by
 * opening sockets, so the parser takes any bytes.
 *
 * Byte 0 picks the table (bit 0: UDP, bit 1: IPv6); the rest is the table
 * text. Invariants: a server socket is a socket line, loopback ones are
 * servers; every reported port came from a server line; after normalizing
 * each (protocol, port) appears once and the relative order of first
 * occurrences is kept.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imc_procnet.h"

typedef struct {
	size_t servers;
} seen_t;

static void count(void *arg, const imc_sock_t *s)
{
	seen_t *v = arg;

	if (s->protocol != IMC_PROTO_TCP && s->protocol != IMC_PROTO_UDP)
		__builtin_trap();
	v->servers++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	imc_ports_t ports = { 0 }, before;
	imc_procnet_stats_t st = { 0 };
	seen_t seen = { 0 };
	uint8_t proto;
	bool v6;

	if (size < 1)
		return 0;
	proto = data[0] & 1 ? IMC_PROTO_UDP : IMC_PROTO_TCP;
	v6 = data[0] & 2;
	if (imc_procnet_parse((const char *)data + 1, size - 1, proto, v6, &ports, &st, count,
			      &seen) < 0)
		return 0; /* out of memory only */
	if (st.servers > st.sockets || st.loopback > st.servers || st.malformed > st.sockets ||
	    seen.servers != st.servers || ports.count != st.servers - st.loopback)
		__builtin_trap();
	for (size_t i = 0; i < ports.count; i++)
		if (ports.ports[i].protocol != proto)
			__builtin_trap();
	before = ports;
	before.ports = malloc(ports.count ? ports.count * sizeof(*ports.ports) : 1);
	if (!before.ports) {
		imc_ports_free(&ports);
		return 0;
	}
	if (ports.count)
		memcpy(before.ports, ports.ports, ports.count * sizeof(*ports.ports));
	imc_ports_normalize(&ports);
	/* Unique, and the i-th kept entry is the i-th distinct one seen. */
	for (size_t i = 0, k = 0; i < before.count; i++) {
		bool dup = false;

		for (size_t j = 0; j < i && !dup; j++)
			dup = before.ports[j].port == before.ports[i].port;
		if (dup)
			continue;
		if (k >= ports.count || ports.ports[k].port != before.ports[i].port)
			__builtin_trap();
		k++;
		if (i + 1 == before.count && k != ports.count)
			__builtin_trap();
	}
	free(before.ports);
	imc_ports_free(&ports);
	return 0;
}

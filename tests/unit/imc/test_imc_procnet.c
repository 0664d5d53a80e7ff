/*
 * imc_procnet: the Scanner IMC's reading of /proc/net/{tcp,tcp6,udp,udp6}
 * on the fixture host (the captured strongSwan client: tcp/271, udp/42364
 * and udp/52576 served on IPv4 and IPv6 plus loopback-only and connected
 * sockets), malformed lines, and every prefix of the tables.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imc_fixture.h"
#include "imc_procnet.h"
#include "nea_err.h"

typedef struct {
	char lines[32][96];
	size_t n;
} seen_t;

static void remember(void *arg, const imc_sock_t *s)
{
	seen_t *v = arg;
	char addr[64];

	imc_sock_format(s, addr, sizeof(addr));
	if (v->n < 32)
		snprintf(v->lines[v->n++], sizeof(v->lines[0]), "%s%s %s%s",
			 s->protocol == IMC_PROTO_TCP ? "tcp" : "udp", s->v6 ? "6" : "", addr,
			 s->loopback ? " lo" : "");
}

static bool saw(const seen_t *v, const char *line)
{
	for (size_t i = 0; i < v->n; i++)
		if (strcmp(v->lines[i], line) == 0)
			return true;
	return false;
}

Test(imc_procnet, fixture_host_ports_in_netstat_order)
{
	char proc[4096];
	imc_ports_t ports;
	imc_procnet_stats_t st;
	const char *failed = "x";
	seen_t seen = { .n = 0 };

	cr_assert_eq(imc_procnet_collect(imcf_path(proc, sizeof(proc), "debian12/proc"), &ports,
					 &st, remember, &seen, &failed),
		     0);
	cr_assert_null(failed);
	/* strongSwan's port filter of that host: tcp/271, udp/42364, udp/52576 */
	cr_assert_eq(ports.count, 3);
	cr_assert_eq(ports.ports[0].protocol, IMC_PROTO_TCP);
	cr_assert_eq(ports.ports[0].port, 271);
	cr_assert_eq(ports.ports[1].protocol, IMC_PROTO_UDP);
	cr_assert_eq(ports.ports[1].port, 42364);
	cr_assert_eq(ports.ports[2].protocol, IMC_PROTO_UDP);
	cr_assert_eq(ports.ports[2].port, 52576);
	cr_assert_eq(st.sockets, 13);
	cr_assert_eq(st.servers, 11);
	cr_assert_eq(st.loopback, 5);
	cr_assert_eq(st.malformed, 0);
	/* Addresses decode to what netstat -n prints. */
	cr_assert(saw(&seen, "tcp 0.0.0.0:271"));
	cr_assert(saw(&seen, "tcp 127.0.0.1:631 lo"));
	cr_assert(saw(&seen, "tcp 127.0.1.1:53 lo"));
	cr_assert(saw(&seen, "tcp6 :::271"));
	cr_assert(saw(&seen, "tcp6 ::1:25 lo"));
	cr_assert(saw(&seen, "udp 0.0.0.0:42364"));
	cr_assert(saw(&seen, "udp 127.0.0.1:323 lo"));
	cr_assert(saw(&seen, "udp6 ::1:323 lo"));
	/* Connected sockets are not servers. */
	cr_assert_not(saw(&seen, "tcp 10.0.0.5:271"));
	cr_assert_not(saw(&seen, "udp 10.0.0.5:40000"));
	imc_ports_free(&ports);
}

static const char hdr[] = "  sl  local_address rem_address   st tx_queue rx_queue tr\n";
static const char rest[] = "00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0";

static void parse_text(const char *text, uint8_t proto, bool v6, imc_ports_t *ports,
		       imc_procnet_stats_t *st)
{
	memset(ports, 0, sizeof(*ports));
	memset(st, 0, sizeof(*st));
	cr_assert_eq(imc_procnet_parse(text, strlen(text), proto, v6, ports, st, NULL, NULL), 0);
}

Test(imc_procnet, order_of_the_table_kept_and_duplicates_dropped)
{
	char text[2048];
	imc_ports_t ports;
	imc_procnet_stats_t st;

	snprintf(text, sizeof(text),
		 "%s"
		 "   0: 00000000:1F90 00000000:0000 0A %s\n"  /* 8080 */
		 "   1: 00000000:0016 00000000:0000 0A %s\n"  /* 22 */
		 "   2: 0500000A:1F90 00000000:0000 0A %s\n"  /* 8080 again, other address */
		 "   3: 00000000:01BB 00000000:0000 0A %s\n", /* 443 */
		 hdr, rest, rest, rest, rest);
	parse_text(text, IMC_PROTO_TCP, false, &ports, &st);
	cr_assert_eq(ports.count, 4);
	imc_ports_normalize(&ports);
	cr_assert_eq(ports.count, 3);
	cr_assert_eq(ports.ports[0].port, 8080);
	cr_assert_eq(ports.ports[1].port, 22);
	cr_assert_eq(ports.ports[2].port, 443);
	imc_ports_free(&ports);
}

Test(imc_procnet, same_port_number_tcp_and_udp_are_two_entries)
{
	imc_ports_t ports = { 0 };
	imc_procnet_stats_t st = { 0 };
	char text[1024];

	snprintf(text, sizeof(text), "%s   0: 00000000:0035 00000000:0000 0A %s\n", hdr, rest);
	cr_assert_eq(imc_procnet_parse(text, strlen(text), IMC_PROTO_TCP, false, &ports, &st, NULL,
				       NULL),
		     0);
	snprintf(text, sizeof(text), "%s   0: 00000000:0035 00000000:0000 07 %s\n", hdr, rest);
	cr_assert_eq(imc_procnet_parse(text, strlen(text), IMC_PROTO_UDP, false, &ports, &st, NULL,
				       NULL),
		     0);
	imc_ports_normalize(&ports);
	cr_assert_eq(ports.count, 2);
	cr_assert_eq(ports.ports[0].protocol, IMC_PROTO_TCP);
	cr_assert_eq(ports.ports[1].protocol, IMC_PROTO_UDP);
	imc_ports_free(&ports);
}

Test(imc_procnet, malformed_lines_skipped_and_counted)
{
	static const char *const bad[] = {
		"   0: 0000000:010F 00000000:0000 0A ",            /* 7-digit address */
		"   0: 0000000G:010F 00000000:0000 0A ",           /* not hex */
		"   0: 00000000-010F 00000000:0000 0A ",           /* no colon */
		"   0: 00000000:10F 00000000:0000 0A ",            /* 3-digit port */
		"   0: 00000000:010F 00000000:0000 A ",            /* 1-digit state */
		"   0: 00000000:010F 00000000:0000 0AA ",          /* 3-digit state */
		"   0: 00000000:010F 00000000:0000",               /* no state */
		"   0: 00000000:010F",                             /* no remote */
		"   x: 00000000:010F 00000000:0000 0A ",           /* slot not a number */
		"   0 00000000:010F 00000000:0000 0A ",            /* slot without colon */
		"   0: 00000000000000000000000000000000:010F 00000000:0000 0A ", /* v6 in v4 */
		"garbage",
		"   0: 00000000:010F 00000000:0000 0A 0000000:00000000", /* short queues */
	};
	char text[4096];
	imc_ports_t ports;
	imc_procnet_stats_t st;
	size_t off;

	off = (size_t)snprintf(text, sizeof(text), "%s", hdr);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		/* Lines that already end get the usual columns appended. */
		off += (size_t)snprintf(text + off, sizeof(text) - off, "%s%s\n", bad[i],
					bad[i][strlen(bad[i]) - 1] == ' ' ? rest : "");
	}
	off += (size_t)snprintf(text + off, sizeof(text) - off,
				"   9: 00000000:0016 00000000:0000 0A %s\n", rest);
	parse_text(text, IMC_PROTO_TCP, false, &ports, &st);
	cr_assert_eq(st.malformed, sizeof(bad) / sizeof(bad[0]));
	cr_assert_eq(st.sockets, sizeof(bad) / sizeof(bad[0]) + 1);
	/* The good line after the bad ones still counts. */
	cr_assert_eq(ports.count, 1);
	cr_assert_eq(ports.ports[0].port, 22);
	imc_ports_free(&ports);
}

Test(imc_procnet, nul_bytes_and_missing_final_newline)
{
	char text[1024];
	size_t n;
	imc_ports_t ports = { 0 };
	imc_procnet_stats_t st = { 0 };

	/* A NUL inside the first address; the last line has no newline. */
	n = strlen(hdr);
	memcpy(text, hdr, n);
	memcpy(text + n, "   0: 0000\0", 11);
	n += 11;
	n += (size_t)sprintf(text + n, "000:0016 00000000:0000 0A %s\n", rest);
	n += (size_t)sprintf(text + n, "   1: 00000000:0017 00000000:0000 0A %s", rest);
	cr_assert_eq(imc_procnet_parse(text, n, IMC_PROTO_TCP, false, &ports, &st, NULL, NULL), 0);
	cr_assert_eq(st.malformed, 1);
	cr_assert_eq(ports.count, 1);
	cr_assert_eq(ports.ports[0].port, 23);
	imc_ports_free(&ports);
}

Test(imc_procnet, udp_connected_and_v4_mapped)
{
	char text[2048];
	imc_ports_t ports;
	imc_procnet_stats_t st;

	snprintf(text, sizeof(text),
		 "%s"
		 /* ::ffff:127.0.0.1 is not one of the addresses strongSwan leaves out */
		 "   0: 0000000000000000FFFF00000100007F:0202 00000000000000000000000000000000:0000 07 %s\n"
		 /* connected: remote address set */
		 "   1: 00000000000000000000000000000000:0203 20010DB8000000000000000000000001:0035 01 %s\n",
		 hdr, rest, rest);
	parse_text(text, IMC_PROTO_UDP, true, &ports, &st);
	cr_assert_eq(ports.count, 1);
	cr_assert_eq(ports.ports[0].port, 514);
	cr_assert_eq(st.loopback, 0);
	imc_ports_free(&ports);
}

Test(imc_procnet, every_prefix_of_the_tables)
{
	static const char *const files[] = { "debian12/proc/net/tcp", "debian12/proc/net/tcp6",
					     "debian12/proc/net/udp", "debian12/proc/net/udp6" };

	for (size_t f = 0; f < 4; f++) {
		size_t len, full_ports = 0;
		char *text = imcf_read(files[f], &len);
		uint8_t proto = f < 2 ? IMC_PROTO_TCP : IMC_PROTO_UDP;
		bool v6 = f % 2;

		for (size_t cut = len + 1; cut-- > 0;) {
			/* An exact-size copy, so a read past the end is ASan's to see. */
			char *copy = malloc(cut ? cut : 1);
			imc_ports_t ports = { 0 };
			imc_procnet_stats_t st = { 0 };

			cr_assert_not_null(copy);
			memcpy(copy, text, cut);
			cr_assert_eq(imc_procnet_parse(copy, cut, proto, v6, &ports, &st, NULL, NULL),
				     0);
			if (cut == len)
				full_ports = ports.count;
			cr_assert_leq(ports.count, full_ports);
			cr_assert_leq(st.malformed, st.sockets);
			imc_ports_free(&ports);
			free(copy);
		}
		cr_assert_gt(full_ports, 0, "%s", files[f]);
		free(text);
	}
}

Test(imc_procnet, missing_tables)
{
	char dir[256];
	imc_ports_t ports;
	imc_procnet_stats_t st;
	const char *failed;
	char line[256];
	int n;

	imcf_tmpdir(dir, sizeof(dir));
	/* Nothing there: tcp is required. */
	cr_assert_eq(imc_procnet_collect(dir, &ports, &st, NULL, NULL, &failed), NEA_ENOTFOUND);
	cr_assert_str_eq(failed, "net/tcp");
	/* A kernel without IPv6 has no tcp6/udp6: fine. */
	n = snprintf(line, sizeof(line), "%s   0: 00000000:0016 00000000:0000 0A %s\n", hdr, rest);
	imcf_write(dir, "net/tcp", line, (size_t)n);
	cr_assert_eq(imc_procnet_collect(dir, &ports, &st, NULL, NULL, &failed), NEA_ENOTFOUND);
	cr_assert_str_eq(failed, "net/udp");
	imcf_write(dir, "net/udp", hdr, strlen(hdr));
	cr_assert_eq(imc_procnet_collect(dir, &ports, &st, NULL, NULL, &failed), 0);
	cr_assert_eq(ports.count, 1);
	cr_assert_eq(ports.ports[0].port, 22);
	imc_ports_free(&ports);
	imcf_rmtree(dir);
}

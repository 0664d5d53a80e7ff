/*
 * nea_swanctl_addr: IPv4/IPv6 addresses, CIDR blocks, ranges and traffic
 * selectors in swanctl's spelling. Text is copied into fixed buffers of
 * checked length before inet_pton sees it.
 */
#include "nea_swanctl.h"
#include "nea_swanctl_int.h"
#include "nea_err.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

bool sw_parse_addr(const char *s, size_t len, int *family, uint8_t out[16])
{
	char buf[INET6_ADDRSTRLEN + 1];

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(out, 0, 16);
	if (memchr(buf, ':', len)) {
		*family = AF_INET6;
		return inet_pton(AF_INET6, buf, out) == 1;
	}
	*family = AF_INET;
	return inet_pton(AF_INET, buf, out) == 1;
}

static bool parse_uint(const char *s, size_t len, unsigned long max, unsigned long *out)
{
	unsigned long v = 0;

	if (len == 0 || len > 10)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

bool sw_parse_cidr(const char *s, int *family, uint8_t base[16], int *prefix)
{
	const char *slash = strchr(s, '/');
	unsigned long bits;

	if (!slash || !sw_parse_addr(s, (size_t)(slash - s), family, base))
		return false;
	if (!parse_uint(slash + 1, strlen(slash + 1), *family == AF_INET ? 32 : 128, &bits))
		return false;
	*prefix = (int)bits;
	return true;
}

static void apply_prefix(const uint8_t base[16], int alen, int prefix, uint8_t lo[16],
			 uint8_t hi[16])
{
	memset(lo, 0, 16);
	memset(hi, 0, 16);
	for (int i = 0; i < alen; i++) {
		int bits = prefix - i * 8;
		uint8_t mask = bits >= 8 ? 0xff : bits <= 0 ? 0 : (uint8_t)(0xff << (8 - bits));

		lo[i] = base[i] & mask;
		hi[i] = (uint8_t)(lo[i] | (uint8_t)~mask);
	}
}

int nea_addr_range_parse(const char *s, nea_addr_range_t *out)
{
	const char *dash;
	int fam2, prefix;
	uint8_t base[16];

	if (!s || !out)
		return NEA_EINVAL;
	memset(out, 0, sizeof(*out));
	if (strchr(s, '/')) {
		if (!sw_parse_cidr(s, &out->family, base, &prefix))
			return NEA_EINVAL;
		apply_prefix(base, out->family == AF_INET ? 4 : 16, prefix, out->from, out->to);
		return 0;
	}
	dash = strchr(s, '-');
	if (dash) {
		if (!sw_parse_addr(s, (size_t)(dash - s), &out->family, out->from) ||
		    !sw_parse_addr(dash + 1, strlen(dash + 1), &fam2, out->to) ||
		    fam2 != out->family || memcmp(out->from, out->to, 16) > 0)
			return NEA_EINVAL;
		return 0;
	}
	if (!sw_parse_addr(s, strlen(s), &out->family, out->from))
		return NEA_EINVAL;
	memcpy(out->to, out->from, 16);
	return 0;
}

static bool parse_proto(const char *s, size_t len, uint8_t *out)
{
	static const struct {
		const char *name;
		uint8_t num;
	} names[] = {
		{ "%any", 0 }, { "icmp", 1 }, { "tcp", 6 }, { "udp", 17 }, { "ipv6-icmp", 58 },
		{ "icmpv6", 58 }, { "sctp", 132 },
	};
	unsigned long v;

	if (len == 0) {
		*out = 0;
		return true;
	}
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i].name) == len && strncasecmp(s, names[i].name, len) == 0) {
			*out = names[i].num;
			return true;
		}
	}
	if (!parse_uint(s, len, 255, &v))
		return false;
	*out = (uint8_t)v;
	return true;
}

static bool parse_ports(const char *s, size_t len, uint16_t *from, uint16_t *to)
{
	const char *dash = memchr(s, '-', len);
	unsigned long a, b;

	if (len == 4 && memcmp(s, "%any", 4) == 0) {
		*from = 0;
		*to = 65535;
		return true;
	}
	if (!dash) {
		if (!parse_uint(s, len, 65535, &a))
			return false;
		*from = *to = (uint16_t)a;
		return true;
	}
	if (!parse_uint(s, (size_t)(dash - s), 65535, &a) ||
	    !parse_uint(dash + 1, len - (size_t)(dash - s) - 1, 65535, &b) || a > b)
		return false;
	*from = (uint16_t)a;
	*to = (uint16_t)b;
	return true;
}

int nea_ts_parse(const char *s, nea_ts_t *out)
{
	const char *br;
	size_t alen;
	char addr[128];

	if (!s || !out)
		return NEA_EINVAL;
	memset(out, 0, sizeof(*out));
	out->to_port = 65535;
	br = strchr(s, '[');
	alen = br ? (size_t)(br - s) : strlen(s);
	if (alen == 0 || alen >= sizeof(addr))
		return NEA_EINVAL;
	memcpy(addr, s, alen);
	addr[alen] = '\0';
	if (strcmp(addr, "dynamic") == 0)
		out->dynamic = true;
	else if (nea_addr_range_parse(addr, &out->range) != 0)
		return NEA_EINVAL;
	if (br) {
		const char *in = br + 1, *close = strchr(in, ']'), *slash;

		if (!close || close[1] != '\0')
			return NEA_EINVAL;
		slash = memchr(in, '/', (size_t)(close - in));
		if (!parse_proto(in, (size_t)((slash ? slash : close) - in), &out->proto))
			return NEA_EINVAL;
		if (slash && !parse_ports(slash + 1, (size_t)(close - slash - 1), &out->from_port,
					  &out->to_port))
			return NEA_EINVAL;
	}
	return 0;
}

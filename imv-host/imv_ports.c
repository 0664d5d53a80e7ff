/* Port list parsing for the Scanner IMV (see imv_ports.h). */
#include "imv_ports.h"

#include <stdio.h>
#include <string.h>

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A decimal number of at most 5 digits and value <= 65535 at s[*i..). */
static bool number(const char *s, size_t len, size_t *i, uint16_t *out)
{
	uint32_t v = 0;
	size_t start = *i;

	while (*i < len && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10u + (uint32_t)(s[*i] - '0');
		if (v > 65535u)
			return false;
		(*i)++;
	}
	if (*i == start)
		return false;
	*out = (uint16_t)v;
	return true;
}

static int bad(nea_perr_t *err, size_t off, int code, const char *what)
{
	if (err) {
		err->code = code;
		err->offset = off;
		snprintf(err->msg, sizeof(err->msg), "%s", what);
	}
	return code;
}

int imv_ports_parse(const char *s, size_t len, imv_ports_t *out, nea_perr_t *err)
{
	size_t i = 0;

	out->n = 0;
	for (;;) {
		imv_port_range_t r;
		size_t item;

		while (i < len && blank(s[i]))
			i++;
		if (i >= len || !s[i])
			break;
		item = i;
		if (!number(s, len, &i, &r.start))
			return bad(err, item, NEA_EINVAL, "port number expected (0..65535)");
		r.stop = r.start;
		if (i < len && s[i] == '-') {
			i++;
			if (!number(s, len, &i, &r.stop))
				return bad(err, item, NEA_EINVAL, "port range without an end");
			if (r.stop < r.start)
				return bad(err, item, NEA_EINVAL, "port range ends before it starts");
		}
		if (i < len && s[i] && !blank(s[i]))
			return bad(err, item, NEA_EINVAL, "unexpected character in port list");
		if (out->n >= IMV_PORTS_MAX)
			return bad(err, item, NEA_ETOOBIG, "too many port list items");
		out->r[out->n++] = r;
	}
	return 0;
}

bool imv_ports_contains(const imv_ports_t *p, uint16_t port)
{
	for (size_t i = 0; i < p->n; i++) {
		if (port >= p->r[i].start && port <= p->r[i].stop)
			return true;
	}
	return false;
}

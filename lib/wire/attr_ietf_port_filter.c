#include "attr_ietf_port_filter.h"

#include "attr_common.h"
#include "attr_types.h"

#define ENTRY_LEN 4

/*
 * IETF Port Filter value (RFC 5792 4.2.6), repeated per port:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Reserved  |B|    Protocol   |         Port Number           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_ietf_port_filter_parse(const uint8_t *v, size_t len, attr_ietf_port_filter_t *out,
				nea_perr_t *err)
{
	nea_rd_t r;
	size_t i, n;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len % ENTRY_LEN)
		return nea_perr(err, NEA_EINVAL, 0, "port filter of %zu bytes is not a multiple of %d",
				len, ENTRY_LEN);
	n = len / ENTRY_LEN;
	rc = attr_alloc_array((void **)&out->entries, n, sizeof(*out->entries), ENTRY_LEN, len, 0,
			      err, "port entries");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	for (i = 0; i < n; i++) {
		uint8_t b;

		if (!nea_rd_u8(&r, &b) || !nea_rd_u8(&r, &out->entries[i].protocol) ||
		    !nea_rd_u16(&r, &out->entries[i].port)) {
			attr_ietf_port_filter_release(out);
			return nea_perr(err, NEA_ETRUNC, r.off, "port entry cut short");
		}
		out->entries[i].blocked = b & 0x01;
	}
	out->count = n;
	return 0;
}

int attr_ietf_port_filter_build(const attr_ietf_port_filter_t *in, nea_wr_t *w)
{
	size_t i;

	for (i = 0; i < in->count; i++) {
		nea_wr_u8(w, in->entries[i].blocked ? 0x01 : 0x00);
		nea_wr_u8(w, in->entries[i].protocol);
		nea_wr_u16(w, in->entries[i].port);
	}
	return nea_wr_error(w);
}

void attr_ietf_port_filter_print(const attr_ietf_port_filter_t *in, nea_wr_t *o)
{
	size_t i;

	patnc_pr(o, "  %zu port%s\n", in->count, in->count == 1 ? "" : "s");
	for (i = 0; i < in->count; i++) {
		const attr_ietf_port_entry_t *e = &in->entries[i];
		const char *proto = e->protocol == 6 ? "tcp" : e->protocol == 17 ? "udp" : NULL;

		if (proto)
			patnc_pr(o, "  %s port %5u %s\n", proto, e->port,
				 e->blocked ? "blocked" : "open");
		else
			patnc_pr(o, "  protocol %u port %5u %s\n", e->protocol, e->port,
				 e->blocked ? "blocked" : "open");
	}
}

void attr_ietf_port_filter_release(attr_ietf_port_filter_t *a)
{
	free(a->entries);
	a->entries = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_ietf_port_filter_t, attr_ietf_port_filter_release)
PATNC_CODEC_DEFINE(attr_ietf_port_filter_codec, attr_ietf_port_filter_t, PEN_IETF,
		   IETF_ATTR_PORT_FILTER, attr_ietf_port_filter, rel);

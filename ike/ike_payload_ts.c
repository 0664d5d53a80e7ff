/* Traffic Selector payloads TSi and TSr (RFC 7296 §3.13). */
#include "ike_payload.h"

#include <string.h>

/*
 *   Payload body:
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Number of TSs |                 RESERVED                      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                       <Traffic Selectors>                     ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Traffic selector (§3.13.1):
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   TS Type     |IP Protocol ID*|       Selector Length         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |           Start Port*         |           End Port*           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                         Starting Address*                     ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                         Ending Address*                       ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Selector Length is 16 for TS_IPV4_ADDR_RANGE and 40 for
 *   TS_IPV6_ADDR_RANGE. Selectors of other types are kept raw (their
 *   length field lets the parser step over them) for the daemon to refuse.
 */
#define TS_HDR_LEN 4

static size_t addr_len(uint8_t type)
{
	switch (type) {
	case IKE_TS_IPV4_ADDR_RANGE: return 4;
	case IKE_TS_IPV6_ADDR_RANGE: return 16;
	default: return 0;
	}
}

static int parse_one(ike_ts_t *t, nea_rd_t *r, size_t base, nea_perr_t *err)
{
	size_t at = r->off, alen;
	uint16_t slen;
	nea_rd_t s;

	if (!nea_rd_u8(r, &t->ts_type) || !nea_rd_u8(r, &t->ip_proto) || !nea_rd_u16(r, &slen))
		return nea_perr(err, NEA_ETRUNC, base + at, "traffic selector header truncated");
	if (slen < TS_HDR_LEN)
		return nea_perr(err, NEA_EINVAL, base + at + 2, "selector length %u too short", slen);
	if (!nea_rd_sub(r, slen - TS_HDR_LEN, &s))
		return nea_perr(err, NEA_ETRUNC, base + at + 2,
				"selector length %u exceeds the payload", slen);
	alen = addr_len(t->ts_type);
	if (!alen) {
		t->raw.len = nea_rd_left(&s);
		nea_rd_bytes(&s, t->raw.len, &t->raw.ptr);
		return 0;
	}
	if (slen != TS_HDR_LEN + 4 + 2 * alen)
		return nea_perr(err, NEA_EINVAL, base + at + 2,
				"selector length %u, type %u needs %zu", slen, t->ts_type,
				TS_HDR_LEN + 4 + 2 * alen);
	nea_rd_u16(&s, &t->start_port);
	nea_rd_u16(&s, &t->end_port);
	nea_rd_copy(&s, t->start, alen);
	nea_rd_copy(&s, t->end, alen);
	return 0;
}

int ike_pl_ts_parse(ike_pl_ts_t *ts, nea_rd_t *r, size_t base, ike_arena_t *a, unsigned flags,
		    nea_perr_t *err)
{
	uint8_t n;
	const uint8_t *res;
	int rc;

	if (!nea_rd_u8(r, &n) || !nea_rd_bytes(r, 3, &res))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "TS payload needs 4 bytes");
	if ((flags & IKE_PARSE_STRICT) && (res[0] | res[1] | res[2]))
		return nea_perr(err, NEA_EINVAL, base + 1, "reserved TS octets set");
	if (n == 0)
		return nea_perr(err, NEA_EINVAL, base, "TS payload without selectors");
	ts->ts = ike_arena_array(a, n, sizeof(*ts->ts));
	if (!ts->ts)
		return NEA_ENOMEM;
	for (ts->nts = 0; ts->nts < n; ts->nts++) {
		rc = parse_one(&ts->ts[ts->nts], r, base, err);
		if (rc)
			return rc;
	}
	if (nea_rd_left(r))
		return IKE_PERR(err, NEA_EINVAL, r, base, "%zu bytes after %u traffic selectors",
				nea_rd_left(r), n);
	return 0;
}

int ike_pl_ts_build(const ike_pl_ts_t *ts, nea_wr_t *w)
{
	if (ts->nts == 0 || ts->nts > 255)
		return NEA_EINVAL;
	nea_wr_u8(w, (uint8_t)ts->nts);
	nea_wr_zeros(w, 3);
	for (size_t i = 0; i < ts->nts; i++) {
		const ike_ts_t *t = &ts->ts[i];
		size_t alen = addr_len(t->ts_type);

		nea_wr_u8(w, t->ts_type);
		nea_wr_u8(w, t->ip_proto);
		if (!alen) {
			if (t->raw.len > UINT16_MAX - TS_HDR_LEN)
				return NEA_EINVAL;
			nea_wr_u16(w, (uint16_t)(TS_HDR_LEN + t->raw.len));
			nea_wr_bytes(w, t->raw.ptr, t->raw.len);
			continue;
		}
		nea_wr_u16(w, (uint16_t)(TS_HDR_LEN + 4 + 2 * alen));
		nea_wr_u16(w, t->start_port);
		nea_wr_u16(w, t->end_port);
		nea_wr_bytes(w, t->start, alen);
		nea_wr_bytes(w, t->end, alen);
	}
	return nea_wr_error(w);
}

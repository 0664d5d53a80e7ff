#include "attr_swima_req.h"

#include "attr_common.h"
#include "attr_types.h"

#define FIXED_LEN 12

/*
 * SWIMA Request value (RFC 8412 5.7):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |C|S|R|Reserved |          Software Identifier Count            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Request ID                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Earliest EID                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Software Identifier Length  | Software Identifier (Var Len) |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_swima_req_read(nea_rd_t *r, attr_swima_req_t *out, nea_perr_t *err)
{
	size_t start = r->off;
	uint32_t count, i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (nea_rd_left(r) < FIXED_LEN)
		return nea_perr(err, NEA_ETRUNC, start, "SWIMA request needs %d bytes, %zu left",
				FIXED_LEN, nea_rd_left(r));
	if (!nea_rd_u8(r, &out->flags) || !nea_rd_u24(r, &count) ||
	    !nea_rd_u32(r, &out->request_id) || !nea_rd_u32(r, &out->earliest_eid))
		return nea_perr(err, NEA_ETRUNC, start, "SWIMA request header cut short");
	out->flags &= SWIMA_REQ_FLAGS;
	rc = attr_alloc_array((void **)&out->ids, count, sizeof(*out->ids), 2, nea_rd_left(r),
			      r->off, err, "software identifiers");
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		rc = attr_rd_data16(r, &out->ids[i].id, &out->ids[i].len, err,
				    "software identifier");
		if (rc) {
			attr_swima_req_release(out);
			return rc;
		}
	}
	out->count = count;
	return 0;
}

int attr_swima_req_parse(const uint8_t *v, size_t len, attr_swima_req_t *out, nea_perr_t *err)
{
	nea_rd_t r;
	int rc;

	if (len < FIXED_LEN) {
		memset(out, 0, sizeof(*out));
		return nea_perr(err, NEA_ETRUNC, 0, "SWIMA request needs %d bytes, got %zu",
				FIXED_LEN, len);
	}
	nea_rd_init(&r, v, len);
	rc = attr_swima_req_read(&r, out, err);
	if (rc)
		return rc;
	if (nea_rd_left(&r)) {
		size_t at = r.off;

		attr_swima_req_release(out);
		return nea_perr(err, NEA_EINVAL, at, "%zu bytes after the software identifiers",
				len - at);
	}
	return 0;
}

void attr_swima_req_write(const attr_swima_req_t *in, nea_wr_t *w)
{
	size_t i;

	nea_wr_u8(w, in->flags & SWIMA_REQ_FLAGS);
	nea_wr_u24(w, (uint32_t)in->count);
	nea_wr_u32(w, in->request_id);
	nea_wr_u32(w, in->earliest_eid);
	for (i = 0; i < in->count; i++) {
		nea_wr_u16(w, (uint16_t)in->ids[i].len);
		nea_wr_bytes(w, in->ids[i].id, in->ids[i].len);
	}
}

int attr_swima_req_build(const attr_swima_req_t *in, nea_wr_t *w)
{
	size_t i;

	if (in->count > 0xffffff)
		return NEA_EINVAL;
	for (i = 0; i < in->count; i++)
		if (in->ids[i].len > 0xffff)
			return NEA_EINVAL;
	attr_swima_req_write(in, w);
	return nea_wr_error(w);
}

void attr_swima_req_print(const attr_swima_req_t *in, nea_wr_t *o)
{
	size_t i;

	patnc_pr(o, "  request %u, %s%s%s, %s\n", in->request_id,
		 (in->flags & SWIMA_REQ_FLAG_SW_ID_ONLY) ? "software identifiers"
							 : "software inventory",
		 (in->flags & SWIMA_REQ_FLAG_SUBSCRIBE) ? ", subscribe" : "",
		 (in->flags & SWIMA_REQ_FLAG_CLEAR) ? ", clear subscriptions" : "",
		 in->earliest_eid ? "events" : "inventory");
	if (in->earliest_eid)
		patnc_pr(o, "  earliest EID %u\n", in->earliest_eid);
	for (i = 0; i < in->count; i++) {
		patnc_pr(o, "  target ");
		patnc_pr_str(o, in->ids[i].id, in->ids[i].len);
		patnc_pr(o, "\n");
	}
}

void attr_swima_req_release(attr_swima_req_t *a)
{
	free(a->ids);
	a->ids = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_swima_req_t, attr_swima_req_release)
PATNC_CODEC_DEFINE(attr_swima_req_codec, attr_swima_req_t, PEN_IETF, IETF_ATTR_SWIMA_REQUEST,
		   attr_swima_req, rel);

#include "attr_pts_req_func_comp_evid.h"

#include "attr_common.h"
#include "attr_names.h"
#include "attr_types.h"

#define ENTRY_LEN 12

/*
 * Request Functional Component Evidence value, repeated per component:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Flags     |               Sub-component Depth             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Component Functional Name Vendor ID        |Fam| Q |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Component Functional Name                   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_req_func_comp_evid_parse(const uint8_t *v, size_t len,
				      attr_pts_req_func_comp_evid_t *out, nea_perr_t *err)
{
	nea_rd_t r;
	size_t i, n;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, ENTRY_LEN, err, "functional component evidence request");
	if (rc)
		return rc;
	if (len % ENTRY_LEN)
		return nea_perr(err, NEA_ETRUNC, len - len % ENTRY_LEN,
				"incomplete component entry of %zu bytes", len % ENTRY_LEN);
	n = len / ENTRY_LEN;
	rc = attr_alloc_array((void **)&out->entries, n, sizeof(*out->entries), ENTRY_LEN, len, 0,
			      err, "component entries");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	for (i = 0; i < n; i++) {
		attr_pts_comp_req_t *e = &out->entries[i];

		if (!nea_rd_u8(&r, &e->flags) || !nea_rd_u24(&r, &e->depth) ||
		    !nea_rd_u24(&r, &e->vendor) || !nea_rd_u8(&r, &e->fam_qual) ||
		    !nea_rd_u32(&r, &e->name)) {
			attr_pts_req_func_comp_evid_release(out);
			return nea_perr(err, NEA_ETRUNC, r.off, "component entry cut short");
		}
	}
	out->count = n;
	return 0;
}

int attr_pts_req_func_comp_evid_build(const attr_pts_req_func_comp_evid_t *in, nea_wr_t *w)
{
	size_t i;

	if (!in->count)
		return NEA_EINVAL;
	for (i = 0; i < in->count; i++) {
		const attr_pts_comp_req_t *e = &in->entries[i];

		if (e->depth > 0xffffff || e->vendor > 0xffffff)
			return NEA_EINVAL;
		nea_wr_u8(w, e->flags);
		nea_wr_u24(w, e->depth);
		nea_wr_u24(w, e->vendor);
		nea_wr_u8(w, e->fam_qual);
		nea_wr_u32(w, e->name);
	}
	return nea_wr_error(w);
}

void attr_pts_req_func_comp_evid_print(const attr_pts_req_func_comp_evid_t *in, nea_wr_t *o)
{
	size_t i;

	for (i = 0; i < in->count; i++) {
		const attr_pts_comp_req_t *e = &in->entries[i];
		const char *vn = attr_pen_name(e->vendor);

		patnc_pr(o, "  component %s/%u qualifier 0x%02x depth %u flags %s%s%s%s\n",
			 vn ? vn : "?", e->name, e->fam_qual & 0x3f, e->depth,
			 (e->flags & PTS_REQ_FUNC_COMP_TTC) ? "T" : ".",
			 (e->flags & PTS_REQ_FUNC_COMP_VER) ? "V" : ".",
			 (e->flags & PTS_REQ_FUNC_COMP_CURR) ? "C" : ".",
			 (e->flags & PTS_REQ_FUNC_COMP_PCR) ? "P" : ".");
	}
}

void attr_pts_req_func_comp_evid_release(attr_pts_req_func_comp_evid_t *a)
{
	free(a->entries);
	a->entries = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_pts_req_func_comp_evid_t, attr_pts_req_func_comp_evid_release)
PATNC_CODEC_DEFINE(attr_pts_req_func_comp_evid_codec, attr_pts_req_func_comp_evid_t, PEN_TCG,
		   TCG_PTS_REQ_FUNC_COMP_EVID, attr_pts_req_func_comp_evid, rel);

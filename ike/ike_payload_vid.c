/* Vendor ID payload (RFC 7296 §3.12). */
#include "ike_payload.h"

/*
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                        Vendor ID (VID)                        ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int ike_pl_vid_parse(ike_pl_vid_t *v, nea_rd_t *r, size_t base, nea_perr_t *err)
{
	v->data.len = nea_rd_left(r);
	if (!v->data.len)
		return nea_perr(err, NEA_EINVAL, base, "empty vendor ID");
	nea_rd_bytes(r, v->data.len, &v->data.ptr);
	return 0;
}

int ike_pl_vid_build(const ike_pl_vid_t *v, nea_wr_t *w)
{
	if (!v->data.len)
		return NEA_EINVAL;
	nea_wr_bytes(w, v->data.ptr, v->data.len);
	return nea_wr_error(w);
}

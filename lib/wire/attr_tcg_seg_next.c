#include "attr_tcg_seg_next.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * TCG Next Segment value (flag placement as strongSwan 5.9.14 uses it):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |T|  Reserved |C|                 Base Message ID               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  T: cancel bit of the TCG drawing (0x80), C: strongSwan's cancel (0x01)
 */
int attr_tcg_seg_next_parse(const uint8_t *v, size_t len, attr_tcg_seg_next_t *out,
			    nea_perr_t *err)
{
	uint8_t flags;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_exact(len, 4, err, "next segment");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &flags) || !nea_rd_u24(&r, &out->base_id))
		return nea_perr(err, NEA_ETRUNC, r.off, "next segment cut short");
	out->cancel = (flags & (SEG_NEXT_FLAG_CANCEL | SEG_NEXT_FLAG_CANCEL_TCG)) != 0;
	return 0;
}

int attr_tcg_seg_next_build(const attr_tcg_seg_next_t *in, nea_wr_t *w)
{
	if (in->base_id > 0xffffffu)
		return NEA_EINVAL;
	nea_wr_u8(w, in->cancel ? SEG_NEXT_FLAG_CANCEL : 0x00);
	nea_wr_u24(w, in->base_id);
	return nea_wr_error(w);
}

void attr_tcg_seg_next_print(const attr_tcg_seg_next_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  %s base message ID %u\n", in->cancel ? "cancel" : "next segment for",
		 in->base_id);
}

PATNC_CODEC_DEFINE(attr_tcg_seg_next_codec, attr_tcg_seg_next_t, PEN_TCG, TCG_SEG_NEXT_SEGMENT,
		   attr_tcg_seg_next, NULL);

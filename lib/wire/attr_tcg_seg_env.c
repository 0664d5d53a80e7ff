#include "attr_tcg_seg_env.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * TCG Segment Envelope value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |M|S| Reserved  |                 Base Message ID               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Segment Value (Variable Length)                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_tcg_seg_env_parse(const uint8_t *v, size_t len, attr_tcg_seg_env_t *out,
			   nea_perr_t *err)
{
	nea_rd_t r;

	memset(out, 0, sizeof(*out));
	nea_rd_init(&r, v, len);
	/* A too short envelope is reported at offset 0, as strongSwan does. */
	if (!nea_rd_u8(&r, &out->flags) || !nea_rd_u24(&r, &out->base_id))
		return nea_perr(err, NEA_ETRUNC, 0, "segment envelope needs %d bytes, got %zu",
				SEG_ENV_HDR_LEN, len);
	out->segment_len = nea_rd_left(&r);
	if (!nea_rd_bytes(&r, out->segment_len, &out->segment))
		return nea_perr(err, NEA_ETRUNC, r.off, "segment cut short");
	return 0;
}

int attr_tcg_seg_env_build(const attr_tcg_seg_env_t *in, nea_wr_t *w)
{
	if (in->base_id > SEG_BASE_ID_MAX)
		return NEA_EINVAL;
	nea_wr_u8(w, in->flags);
	nea_wr_u24(w, in->base_id);
	nea_wr_bytes(w, in->segment, in->segment_len);
	return nea_wr_error(w);
}

void attr_tcg_seg_env_print(const attr_tcg_seg_env_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  %s segment for base message ID %u (%zu bytes)%s\n",
		 (in->flags & SEG_ENV_FLAG_START) ? "first"
		 : (in->flags & SEG_ENV_FLAG_MORE) ? "next"
						   : "last",
		 in->base_id, in->segment_len, (in->flags & SEG_ENV_FLAG_MORE) ? ", more" : "");
}

PATNC_CODEC_DEFINE(attr_tcg_seg_env_codec, attr_tcg_seg_env_t, PEN_TCG, TCG_SEG_ENVELOPE,
		   attr_tcg_seg_env, NULL);

#include "attr_pts_caps.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * (Request) PTS Protocol Capabilities value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Reserved           |                   |C|V|D|T|X|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_caps_parse(uint32_t type, const uint8_t *v, size_t len, attr_pts_caps_t *out,
			nea_perr_t *err)
{
	uint16_t reserved;
	nea_rd_t r;
	int rc;

	(void)type;
	memset(out, 0, sizeof(*out));
	rc = attr_exact(len, 4, err, "PTS protocol capabilities");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u16(&r, &reserved) || !nea_rd_u16(&r, &out->flags))
		return nea_perr(err, NEA_ETRUNC, 0, "PTS protocol capabilities cut short");
	return 0;
}

int attr_pts_caps_build(uint32_t type, const attr_pts_caps_t *in, nea_wr_t *w)
{
	(void)type;
	nea_wr_u16(w, 0);
	nea_wr_u16(w, in->flags);
	return nea_wr_error(w);
}

void attr_pts_caps_print(uint32_t type, const attr_pts_caps_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  %s: %s%s%s%s%s(0x%04x)\n",
		 type == TCG_PTS_REQ_PROTO_CAPS ? "requested" : "supported",
		 (in->flags & PTS_CAP_CURRENT) ? "C" : ".", (in->flags & PTS_CAP_VERIFY) ? "V" : ".",
		 (in->flags & PTS_CAP_DH_NONCE) ? "D" : ".", (in->flags & PTS_CAP_TPM) ? "T" : ".",
		 (in->flags & PTS_CAP_XML) ? "X " : ". ", in->flags);
}

PATNC_CODEC_DEFINE_T(attr_pts_req_caps_codec, attr_pts_caps_t, PEN_TCG, TCG_PTS_REQ_PROTO_CAPS,
		     attr_pts_caps, NULL);
PATNC_CODEC_DEFINE_T(attr_pts_caps_codec, attr_pts_caps_t, PEN_TCG, TCG_PTS_PROTO_CAPS,
		     attr_pts_caps, NULL);

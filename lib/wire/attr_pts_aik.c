#include "attr_pts_aik.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * Attestation Identity Key value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |C|   Reserved  |  Attestation Identity Key (Variable Length)   ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_aik_parse(const uint8_t *v, size_t len, attr_pts_aik_t *out, nea_perr_t *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, 2, err, "attestation identity key");
	if (rc)
		return rc;
	out->is_cert = (v[0] & PTS_AIK_FLAG_CERT) != 0;
	out->aik = v + 1;
	out->len = len - 1;
	return 0;
}

int attr_pts_aik_build(const attr_pts_aik_t *in, nea_wr_t *w)
{
	if (!in->len)
		return NEA_EINVAL;
	nea_wr_u8(w, in->is_cert ? PTS_AIK_FLAG_CERT : 0);
	nea_wr_bytes(w, in->aik, in->len);
	return nea_wr_error(w);
}

void attr_pts_aik_print(const attr_pts_aik_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  AIK %s of %zu bytes\n", in->is_cert ? "certificate" : "public key",
		 in->len);
}

PATNC_CODEC_DEFINE(attr_pts_aik_codec, attr_pts_aik_t, PEN_TCG, TCG_PTS_AIK, attr_pts_aik, NULL);

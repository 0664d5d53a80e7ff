#include "attr_pts_simple_req.h"

#include "attr_common.h"
#include "attr_names.h"
#include "attr_types.h"

/*
 * Get TPM Version Information / Get AIK / Generate Attestation Evidence:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                            Reserved                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_simple_req_parse(uint32_t type, const uint8_t *v, size_t len,
			      attr_pts_simple_req_t *out, nea_perr_t *err)
{
	nea_rd_t r;
	int rc;

	(void)type;
	memset(out, 0, sizeof(*out));
	rc = attr_exact(len, 4, err, "PTS request");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u32(&r, &out->reserved))
		return nea_perr(err, NEA_ETRUNC, 0, "PTS request cut short");
	return 0;
}

int attr_pts_simple_req_build(uint32_t type, const attr_pts_simple_req_t *in, nea_wr_t *w)
{
	(void)type;
	(void)in;
	nea_wr_u32(w, 0);
	return nea_wr_error(w);
}

void attr_pts_simple_req_print(uint32_t type, const attr_pts_simple_req_t *in, nea_wr_t *o)
{
	(void)in;
	patnc_pr(o, "  %s\n", attr_type_name(PEN_TCG, type));
}

PATNC_CODEC_DEFINE_T(attr_pts_get_tpm_version_codec, attr_pts_simple_req_t, PEN_TCG,
		     TCG_PTS_GET_TPM_VERSION_INFO, attr_pts_simple_req, NULL);
PATNC_CODEC_DEFINE_T(attr_pts_get_aik_codec, attr_pts_simple_req_t, PEN_TCG, TCG_PTS_GET_AIK,
		     attr_pts_simple_req, NULL);
PATNC_CODEC_DEFINE_T(attr_pts_gen_attest_evid_codec, attr_pts_simple_req_t, PEN_TCG,
		     TCG_PTS_GEN_ATTEST_EVID, attr_pts_simple_req, NULL);

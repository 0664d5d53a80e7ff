#include "attr_pts_meas_algo.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * PTS Measurement Algorithm Request / Selection value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Reserved           |       Hash Algorithm Set      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_meas_algo_parse(uint32_t type, const uint8_t *v, size_t len,
			     attr_pts_meas_algo_t *out, nea_perr_t *err)
{
	uint16_t reserved;
	nea_rd_t r;
	int rc;

	(void)type;
	memset(out, 0, sizeof(*out));
	rc = attr_exact(len, 4, err, "PTS measurement algorithm");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u16(&r, &reserved) || !nea_rd_u16(&r, &out->algorithms))
		return nea_perr(err, NEA_ETRUNC, 0, "PTS measurement algorithm cut short");
	return 0;
}

int attr_pts_meas_algo_build(uint32_t type, const attr_pts_meas_algo_t *in, nea_wr_t *w)
{
	(void)type;
	nea_wr_u16(w, 0);
	nea_wr_u16(w, in->algorithms);
	return nea_wr_error(w);
}

void attr_pts_print_algos(uint16_t set, nea_wr_t *o)
{
	if (!set)
		patnc_pr(o, " none");
	if (set & PTS_MEAS_SHA1)
		patnc_pr(o, " sha1");
	if (set & PTS_MEAS_SHA256)
		patnc_pr(o, " sha256");
	if (set & PTS_MEAS_SHA384)
		patnc_pr(o, " sha384");
	if (set & PTS_MEAS_SHA512)
		patnc_pr(o, " sha512");
	if (set & 0x0fff)
		patnc_pr(o, " 0x%04x", set & 0x0fff);
}

void attr_pts_meas_algo_print(uint32_t type, const attr_pts_meas_algo_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  %s:", type == TCG_PTS_MEAS_ALGO ? "offered" : "selected");
	attr_pts_print_algos(in->algorithms, o);
	patnc_pr(o, "\n");
}

PATNC_CODEC_DEFINE_T(attr_pts_meas_algo_req_codec, attr_pts_meas_algo_t, PEN_TCG,
		     TCG_PTS_MEAS_ALGO, attr_pts_meas_algo, NULL);
PATNC_CODEC_DEFINE_T(attr_pts_meas_algo_sel_codec, attr_pts_meas_algo_t, PEN_TCG,
		     TCG_PTS_MEAS_ALGO_SELECTION, attr_pts_meas_algo, NULL);

#include "pbtnc_msg_assess.h"

/*
 *   PB-Assessment-Result value (RFC 5793 §4.6)
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                       Assessment Result                       |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int pbtnc_assess_parse(const uint8_t *v, size_t len, uint32_t *result, nea_perr_t *err)
{
	nea_rd_t r;

	nea_rd_init(&r, v, len);
	if (!nea_rd_u32(&r, result))
		return nea_perr(err, NEA_ETRUNC, len, "PB-Assessment-Result needs 4 bytes, has %zu",
				len);
	if (nea_rd_left(&r))
		return nea_perr(err, NEA_EINVAL, PBTNC_ASSESS_LEN,
				"PB-Assessment-Result must be exactly 4 bytes, has %zu", len);
	if (*result > TNC_EVAL_DONT_KNOW)
		return nea_perr(err, NEA_EINVAL, 0, "invalid assessment result (%u)", *result);
	return 0;
}

int pbtnc_assess_build(nea_wr_t *w, uint32_t result)
{
	if (result > TNC_EVAL_DONT_KNOW)
		return NEA_EINVAL;
	nea_wr_u32(w, result);
	return nea_wr_error(w);
}

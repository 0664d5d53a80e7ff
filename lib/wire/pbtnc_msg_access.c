#include "pbtnc_msg_access.h"

/*
 *   PB-Access-Recommendation value (RFC 5793 §4.7)
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |          Reserved             |   Access Recommendation Code  |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int pbtnc_access_parse(const uint8_t *v, size_t len, uint16_t *rec, nea_perr_t *err)
{
	nea_rd_t r;
	uint16_t reserved;

	nea_rd_init(&r, v, len);
	if (!nea_rd_u16(&r, &reserved) || !nea_rd_u16(&r, rec))
		return nea_perr(err, NEA_ETRUNC, len,
				"PB-Access-Recommendation needs 4 bytes, has %zu", len);
	if (nea_rd_left(&r))
		return nea_perr(err, NEA_EINVAL, PBTNC_ACCESS_LEN,
				"PB-Access-Recommendation must be exactly 4 bytes, has %zu", len);
	if (*rec < PBTNC_ACCESS_ALLOWED || *rec > PBTNC_ACCESS_QUARANTINED)
		return nea_perr(err, NEA_EINVAL, 2, "invalid access recommendation code (%u)",
				*rec);
	return 0;
}

int pbtnc_access_build(nea_wr_t *w, uint16_t rec)
{
	if (rec < PBTNC_ACCESS_ALLOWED || rec > PBTNC_ACCESS_QUARANTINED)
		return NEA_EINVAL;
	nea_wr_u16(w, 0);
	nea_wr_u16(w, rec);
	return nea_wr_error(w);
}

uint16_t pbtnc_access_from_imv(uint32_t imv_action_recommendation)
{
	switch (imv_action_recommendation) {
	case TNC_REC_ALLOW:
		return PBTNC_ACCESS_ALLOWED;
	case TNC_REC_ISOLATE:
		return PBTNC_ACCESS_QUARANTINED;
	default:
		return PBTNC_ACCESS_DENIED;
	}
}

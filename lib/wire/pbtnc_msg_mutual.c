#include "pbtnc_msg_mutual.h"

/*
 *   ITA PB-Mutual-Capability value
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |H|F|                      Reserved                             |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int pbtnc_mutual_parse(const uint8_t *v, size_t len, uint32_t *protocols, nea_perr_t *err)
{
	nea_rd_t r;

	nea_rd_init(&r, v, len);
	if (!nea_rd_u32(&r, protocols))
		return nea_perr(err, NEA_ETRUNC, len, "PB-Mutual-Capability needs 4 bytes, has %zu",
				len);
	return 0;
}

int pbtnc_mutual_build(nea_wr_t *w, uint32_t protocols)
{
	nea_wr_u32(w, protocols);
	return nea_wr_error(w);
}

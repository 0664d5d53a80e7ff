/* Key Exchange payload (RFC 7296 §3.4). */
#include "ike_payload.h"

/*
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   Diffie-Hellman Group Num    |           RESERVED            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                       Key Exchange Data                       ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   The data's length and value are checked by ike_dh (it knows the group);
 *   here it only has to be present.
 */
int ike_pl_ke_parse(ike_pl_ke_t *ke, nea_rd_t *r, size_t base, unsigned flags, nea_perr_t *err)
{
	uint16_t res;

	if (!nea_rd_u16(r, &ke->group) || !nea_rd_u16(r, &res))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "KE payload needs 4 bytes");
	if ((flags & IKE_PARSE_STRICT) && res)
		return nea_perr(err, NEA_EINVAL, base + 2, "reserved KE octets set");
	if (!nea_rd_left(r))
		return IKE_PERR(err, NEA_EINVAL, r, base, "KE payload without key exchange data");
	ke->data.len = nea_rd_left(r);
	nea_rd_bytes(r, ke->data.len, &ke->data.ptr);
	return 0;
}

int ike_pl_ke_build(const ike_pl_ke_t *ke, nea_wr_t *w)
{
	if (!ke->data.len)
		return NEA_EINVAL;
	nea_wr_u16(w, ke->group);
	nea_wr_u16(w, 0);
	nea_wr_bytes(w, ke->data.ptr, ke->data.len);
	return nea_wr_error(w);
}

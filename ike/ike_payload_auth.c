/* Authentication payload (RFC 7296 §3.8). */
#include "ike_payload.h"

/*
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Auth Method   |                RESERVED                       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                      Authentication Data                      ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   The data's structure depends on the method (ike_auth.h verifies it).
 */
int ike_pl_auth_parse(ike_pl_auth_t *a, nea_rd_t *r, size_t base, unsigned flags,
		      nea_perr_t *err)
{
	const uint8_t *res;

	if (!nea_rd_u8(r, &a->method) || !nea_rd_bytes(r, 3, &res))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "AUTH payload needs 4 bytes");
	if ((flags & IKE_PARSE_STRICT) && (res[0] | res[1] | res[2]))
		return nea_perr(err, NEA_EINVAL, base + 1, "reserved AUTH octets set");
	if (!nea_rd_left(r))
		return IKE_PERR(err, NEA_EINVAL, r, base, "AUTH payload without data");
	a->data.len = nea_rd_left(r);
	nea_rd_bytes(r, a->data.len, &a->data.ptr);
	return 0;
}

int ike_pl_auth_build(const ike_pl_auth_t *a, nea_wr_t *w)
{
	if (!a->data.len)
		return NEA_EINVAL;
	nea_wr_u8(w, a->method);
	nea_wr_zeros(w, 3);
	nea_wr_bytes(w, a->data.ptr, a->data.len);
	return nea_wr_error(w);
}

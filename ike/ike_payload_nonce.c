/* Nonce payload (RFC 7296 §3.9). */
#include "ike_payload.h"

/*
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                            Nonce Data                         ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   "The size of the Nonce Data MUST be between 16 and 256 octets".
 */
int ike_pl_nonce_parse(ike_pl_nonce_t *n, nea_rd_t *r, size_t base, nea_perr_t *err)
{
	n->data.len = nea_rd_left(r);
	if (n->data.len < IKE_NONCE_MIN || n->data.len > IKE_NONCE_MAX)
		return nea_perr(err, NEA_EINVAL, base, "nonce of %zu bytes, must be %d..%d",
				n->data.len, IKE_NONCE_MIN, IKE_NONCE_MAX);
	nea_rd_bytes(r, n->data.len, &n->data.ptr);
	return 0;
}

int ike_pl_nonce_build(const ike_pl_nonce_t *n, nea_wr_t *w)
{
	if (n->data.len < IKE_NONCE_MIN || n->data.len > IKE_NONCE_MAX)
		return NEA_EINVAL;
	nea_wr_bytes(w, n->data.ptr, n->data.len);
	return nea_wr_error(w);
}

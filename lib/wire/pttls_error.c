#include "pttls_error.h"

/*
 *   PT-TLS Error value (RFC 6876 §3.9)
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |    Reserved   |            Error Code Vendor ID               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                          Error Code                           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                Copy of Original Message (Variable Length)     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int pttls_error_parse(const uint8_t *v, size_t len, pttls_error_t *out, nea_perr_t *err)
{
	nea_rd_t r;
	uint8_t reserved;

	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &reserved) || !nea_rd_u24(&r, &out->vendor) ||
	    !nea_rd_u32(&r, &out->code))
		return nea_perr(err, NEA_ETRUNC, len, "PT-TLS Error needs %d bytes, has %zu",
				PTTLS_ERROR_HDR_LEN, len);
	out->orig = v + r.off;
	out->orig_len = nea_rd_left(&r);
	return 0;
}

int pttls_error_build(nea_wr_t *w, const pttls_error_t *in)
{
	if (in->vendor > 0xffffff || (in->orig_len && !in->orig))
		return NEA_EINVAL;
	nea_wr_u8(w, 0);
	nea_wr_u24(w, in->vendor);
	nea_wr_u32(w, in->code);
	nea_wr_bytes(w, in->orig, in->orig_len);
	return nea_wr_error(w);
}

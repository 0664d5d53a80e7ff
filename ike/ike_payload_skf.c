/* Encrypted Fragment payload header (RFC 7383 §2.5). */
#include "ike_payload.h"

/*
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Next Payload  |C|  RESERVED   |         Payload Length        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |        Fragment Number        |        Total Fragments        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                     Initialization Vector                     |
 *   ~                      Encrypted content                        ~
 *   |               Integrity Checksum Data (ICV)                   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Fragments are numbered from 1; Total Fragments is at least 1 and not
 *   smaller than the number. The generic header is handled by ike_msg.c.
 */
int ike_pl_skf_parse(ike_pl_skf_t *f, nea_rd_t *r, size_t base, nea_perr_t *err)
{
	if (!nea_rd_u16(r, &f->num) || !nea_rd_u16(r, &f->total))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "encrypted fragment header truncated");
	if (f->num == 0 || f->total == 0 || f->num > f->total)
		return nea_perr(err, NEA_EINVAL, base, "fragment %u of %u", f->num, f->total);
	f->body.len = nea_rd_left(r);
	nea_rd_bytes(r, f->body.len, &f->body.ptr);
	return 0;
}

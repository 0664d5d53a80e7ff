#include "pbtnc_msg_pa.h"

#include "tnc_names.h"

/*
 *   PB-PA message value (RFC 5793 §4.5)
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |    Flags      |               PA Message Vendor ID            |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                           PA Subtype                          |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |  Posture Collector Identifier | Posture Validator Identifier  |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                 PA Message Body (Variable Length)             |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Flags: EXCL = 0x80, other bits reserved (ignored on receipt).
 */
int pbtnc_pa_parse(const uint8_t *v, size_t len, pbtnc_pa_t *out, nea_perr_t *err)
{
	nea_rd_t r;
	uint8_t flags;

	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &flags) || !nea_rd_u24(&r, &out->vendor) ||
	    !nea_rd_u32(&r, &out->subtype) || !nea_rd_u16(&r, &out->collector) ||
	    !nea_rd_u16(&r, &out->validator))
		return nea_perr(err, NEA_ETRUNC, len, "PB-PA value needs %d bytes, has %zu",
				PBTNC_PA_HDR_LEN, len);
	out->excl = (flags & PBTNC_PA_FLAG_EXCL) != 0;
	out->body_len = nea_rd_left(&r);
	out->body = v + r.off;
	if (out->vendor == TNC_PEN_RESERVED)
		return nea_perr(err, NEA_EINVAL, 1, "PA Message Vendor ID 0x%06x is reserved",
				TNC_PEN_RESERVED);
	if (out->subtype == PBTNC_PA_RESERVED_SUBTYPE)
		return nea_perr(err, NEA_EINVAL, 4, "PA Subtype 0x%08x is reserved",
				PBTNC_PA_RESERVED_SUBTYPE);
	return 0;
}

int pbtnc_pa_build(nea_wr_t *w, const pbtnc_pa_t *in)
{
	if (in->vendor > 0xffffff || (in->body_len && !in->body))
		return NEA_EINVAL;
	nea_wr_u8(w, in->excl ? PBTNC_PA_FLAG_EXCL : 0);
	nea_wr_u24(w, in->vendor);
	nea_wr_u32(w, in->subtype);
	nea_wr_u16(w, in->collector);
	nea_wr_u16(w, in->validator);
	nea_wr_bytes(w, in->body, in->body_len);
	return nea_wr_error(w);
}

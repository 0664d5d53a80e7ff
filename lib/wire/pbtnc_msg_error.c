#include "pbtnc_msg_error.h"

#include <string.h>

#include "tnc_names.h"

#define PBTNC_VERSION_2 2

/*
 *   PB-Error value (RFC 5793 §4.9)
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |    Flags      |              Error Code Vendor ID             |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |           Error Code          |           Reserved            |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                Error Parameters (Variable Length)             |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Flags: FATAL = 0x80. Parameters: Offset(4) for most codes; for code 4
 *   Bad Version(1) Max Version(1) Min Version(1) Reserved(1).
 */
int pbtnc_error_parse(const uint8_t *v, size_t len, pbtnc_error_t *out, nea_perr_t *err)
{
	nea_rd_t r;
	uint8_t flags;
	uint16_t reserved;

	memset(out, 0, sizeof(*out));
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &flags) || !nea_rd_u24(&r, &out->vendor) ||
	    !nea_rd_u16(&r, &out->code) || !nea_rd_u16(&r, &reserved))
		return nea_perr(err, NEA_ETRUNC, 0,
				"PB-Error message is shorter than header size of %d bytes",
				PBTNC_ERROR_HDR_LEN);
	out->fatal = (flags & PBTNC_ERROR_FLAG_FATAL) != 0;
	out->params = v + r.off;
	out->params_len = nea_rd_left(&r);
	if (out->vendor == TNC_PEN_IETF && out->params_len == 4) {
		if (out->code == PBTNC_ERR_VERSION_NOT_SUPPORTED) {
			out->has_version = true;
			out->bad_version = out->params[0];
			out->max_version = out->params[1];
			out->min_version = out->params[2];
		} else {
			out->has_offset = true;
			out->offset = nea_get_u32(out->params);
		}
	}
	return 0;
}

int pbtnc_error_build(nea_wr_t *w, const pbtnc_error_t *in)
{
	if (in->vendor > 0xffffff)
		return NEA_EINVAL;
	nea_wr_u8(w, in->fatal ? PBTNC_ERROR_FLAG_FATAL : 0);
	nea_wr_u24(w, in->vendor);
	nea_wr_u16(w, in->code);
	nea_wr_u16(w, 0);
	if (in->code == PBTNC_ERR_VERSION_NOT_SUPPORTED) {
		nea_wr_u8(w, in->bad_version);
		nea_wr_u8(w, in->max_version);
		nea_wr_u8(w, in->min_version);
		nea_wr_u8(w, 0);
	} else {
		nea_wr_u32(w, in->offset);
	}
	return nea_wr_error(w);
}

void pbtnc_error_set(pbtnc_error_t *e, uint16_t code, uint32_t offset)
{
	memset(e, 0, sizeof(*e));
	e->fatal = true;
	e->vendor = TNC_PEN_IETF;
	e->code = code;
	e->has_offset = code != PBTNC_ERR_VERSION_NOT_SUPPORTED;
	e->offset = offset;
}

void pbtnc_error_set_version(pbtnc_error_t *e, uint8_t bad_version)
{
	pbtnc_error_set(e, PBTNC_ERR_VERSION_NOT_SUPPORTED, 0);
	e->has_version = true;
	e->bad_version = bad_version;
	e->max_version = PBTNC_VERSION_2;
	e->min_version = PBTNC_VERSION_2;
}

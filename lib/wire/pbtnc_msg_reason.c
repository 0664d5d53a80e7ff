#include "pbtnc_msg_reason.h"

#include <string.h>

/*
 *   PB-Reason-String value (RFC 5793 §4.11)
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                     Reason String Length                      |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                Reason String (Variable Length)                |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     | Lang Code Len |   Reason String Language Code (Variable Len)  |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int pbtnc_reason_parse(const uint8_t *v, size_t len, pbtnc_reason_t *out, nea_perr_t *err)
{
	nea_rd_t r;
	uint32_t reason_len;
	uint8_t lang_len;

	memset(out, 0, sizeof(*out));
	nea_rd_init(&r, v, len);
	if (!nea_rd_u32(&r, &reason_len) || !nea_rd_bytes(&r, reason_len, &out->reason))
		return nea_perr(err, NEA_ETRUNC, 0, "could not parse reason string");
	out->reason_len = reason_len;
	if (reason_len && out->reason[reason_len - 1] == '\0')
		return nea_perr(err, NEA_EINVAL, 3 + out->reason_len,
				"reason string must not be null terminated");
	if (!nea_rd_u8(&r, &lang_len) || !nea_rd_bytes(&r, lang_len, &out->lang))
		return nea_perr(err, NEA_ETRUNC, 4 + out->reason_len,
				"could not parse language code");
	out->lang_len = lang_len;
	if (lang_len && out->lang[lang_len - 1] == '\0')
		return nea_perr(err, NEA_EINVAL, 4 + out->reason_len + out->lang_len,
				"language code must not be null terminated");
	return 0;
}

int pbtnc_reason_build(nea_wr_t *w, const pbtnc_reason_t *in)
{
	if (in->reason_len > UINT32_MAX || in->lang_len > UINT8_MAX ||
	    (in->reason_len && in->reason[in->reason_len - 1] == '\0') ||
	    (in->lang_len && in->lang[in->lang_len - 1] == '\0'))
		return NEA_EINVAL;
	nea_wr_u32(w, (uint32_t)in->reason_len);
	nea_wr_bytes(w, in->reason, in->reason_len);
	nea_wr_u8(w, (uint8_t)in->lang_len);
	nea_wr_bytes(w, in->lang, in->lang_len);
	return nea_wr_error(w);
}

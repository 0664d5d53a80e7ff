#include "pbtnc_msg_remed.h"

#include <string.h>

#include "tnc_names.h"

/*
 *   PB-Remediation-Parameters value (RFC 5793 §4.8)
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |    Reserved   |       Remediation Parameters Vendor ID        |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                  Remediation Parameters Type                  |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |            Remediation Parameters (Variable Length)           |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   IETF Remediation String parameters (§4.8.2):
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                 Remediation String Length                     |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                Remediation String (Variable Length)           |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     | Lang Code Len |  Remediation String Lang Code (Variable Len)  |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int pbtnc_remed_parse(const uint8_t *v, size_t len, pbtnc_remed_t *out, nea_perr_t *err)
{
	nea_rd_t r;
	uint8_t reserved, lang_len;
	uint32_t str_len;
	const uint8_t *nul;

	memset(out, 0, sizeof(*out));
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &reserved) || !nea_rd_u24(&r, &out->vendor) ||
	    !nea_rd_u32(&r, &out->type))
		return nea_perr(err, NEA_ETRUNC, len,
				"PB-Remediation-Parameters needs 8 bytes, has %zu", len);
	out->params = v + r.off;
	out->params_len = nea_rd_left(&r);
	if (out->vendor != TNC_PEN_IETF)
		return 0;
	if (out->type == PBTNC_REMED_URI) {
		out->str = out->params;
		out->str_len = out->params_len;
		return 0;
	}
	if (out->type != PBTNC_REMED_STRING)
		return 0;
	if (!nea_rd_u32(&r, &str_len))
		return nea_perr(err, NEA_ETRUNC, 8, "insufficient data for remediation string");
	if (!nea_rd_bytes(&r, str_len, &out->str))
		return nea_perr(err, NEA_ETRUNC, 8, "remediation string length %u exceeds %zu bytes",
				str_len, nea_rd_left(&r));
	out->str_len = str_len;
	nul = str_len ? memchr(out->str, 0, str_len) : NULL;
	if (nul)
		return nea_perr(err, NEA_EINVAL, 12 + (size_t)(nul - out->str),
				"nul termination in remediation string");
	if (!nea_rd_u8(&r, &lang_len) || !nea_rd_bytes(&r, lang_len, &out->lang))
		return nea_perr(err, NEA_ETRUNC, 12 + out->str_len,
				"insufficient data for remediation string lang code");
	out->lang_len = lang_len;
	nul = lang_len ? memchr(out->lang, 0, lang_len) : NULL;
	if (nul)
		return nea_perr(err, NEA_EINVAL, 13 + out->str_len + (size_t)(nul - out->lang),
				"nul termination in remediation string lang code");
	return 0;
}

int pbtnc_remed_build(nea_wr_t *w, const pbtnc_remed_t *in)
{
	if (in->vendor > 0xffffff)
		return NEA_EINVAL;
	nea_wr_u8(w, 0);
	nea_wr_u24(w, in->vendor);
	nea_wr_u32(w, in->type);
	if (in->vendor == TNC_PEN_IETF && in->type == PBTNC_REMED_URI) {
		nea_wr_bytes(w, in->str, in->str_len);
	} else if (in->vendor == TNC_PEN_IETF && in->type == PBTNC_REMED_STRING) {
		if (in->str_len > UINT32_MAX || in->lang_len > UINT8_MAX ||
		    (in->str_len && memchr(in->str, 0, in->str_len)) ||
		    (in->lang_len && memchr(in->lang, 0, in->lang_len)))
			return NEA_EINVAL;
		nea_wr_u32(w, (uint32_t)in->str_len);
		nea_wr_bytes(w, in->str, in->str_len);
		nea_wr_u8(w, (uint8_t)in->lang_len);
		nea_wr_bytes(w, in->lang, in->lang_len);
	} else {
		nea_wr_bytes(w, in->params, in->params_len);
	}
	return nea_wr_error(w);
}

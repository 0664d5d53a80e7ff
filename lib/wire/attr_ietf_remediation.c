#include "attr_ietf_remediation.h"

#include "attr_common.h"
#include "attr_names.h"
#include "attr_types.h"

#define FIXED_LEN 8

/*
 * IETF Remediation Instructions value (RFC 5792 4.2.10):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Reserved   |       Remediation Parameters Vendor ID        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                  Remediation Parameters Type                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Remediation Parameters (Variable Length)           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * IETF String parameters (type 2):
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Remediation String Length                   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Remediation String (Variable Length)           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Lang Code Len |  Remediation String Lang Code (Variable Len)  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_ietf_remediation_parse(const uint8_t *v, size_t len, attr_ietf_remediation_t *out,
				nea_perr_t *err)
{
	uint8_t reserved, lang_len;
	uint32_t slen;
	nea_rd_t r;
	long z;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, FIXED_LEN, err, "remediation instructions");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &reserved) || !nea_rd_u24(&r, &out->vendor) ||
	    !nea_rd_u32(&r, &out->type))
		return nea_perr(err, NEA_ETRUNC, r.off, "remediation header cut short");
	out->params = v + FIXED_LEN;
	out->params_len = len - FIXED_LEN;
	if (out->vendor != PEN_IETF)
		return 0;
	if (out->type == REMEDIATION_URI) {
		out->uri = out->params;
		out->uri_len = out->params_len;
		return 0;
	}
	if (out->type != REMEDIATION_STRING)
		return 0;
	if (!nea_rd_u32(&r, &slen))
		return nea_perr(err, NEA_ETRUNC, FIXED_LEN, "remediation string length missing");
	if (!nea_rd_bytes(&r, slen, &out->string))
		return nea_perr(err, NEA_ETRUNC, FIXED_LEN,
				"remediation string of %u bytes exceeds the value", slen);
	out->string_len = slen;
	z = attr_nul_at(out->string, out->string_len);
	if (z >= 0)
		return nea_perr(err, NEA_EINVAL, FIXED_LEN + 4 + (size_t)z,
				"NUL inside remediation string");
	if (!nea_rd_u8(&r, &lang_len))
		return nea_perr(err, NEA_ETRUNC, r.off, "remediation language code missing");
	if (!nea_rd_bytes(&r, lang_len, &out->lang))
		return nea_perr(err, NEA_ETRUNC, r.off - 1,
				"language code of %u bytes exceeds the value", lang_len);
	out->lang_len = lang_len;
	if (nea_rd_left(&r))
		return nea_perr(err, NEA_EINVAL, r.off, "%zu bytes after the language code",
				nea_rd_left(&r));
	return 0;
}

int attr_ietf_remediation_build(const attr_ietf_remediation_t *in, nea_wr_t *w)
{
	if (in->vendor > 0xffffffu)
		return NEA_EINVAL;
	nea_wr_u8(w, 0);
	nea_wr_u24(w, in->vendor);
	nea_wr_u32(w, in->type);
	if (in->vendor == PEN_IETF && in->type == REMEDIATION_URI) {
		nea_wr_bytes(w, in->uri, in->uri_len);
	} else if (in->vendor == PEN_IETF && in->type == REMEDIATION_STRING) {
		if (in->string_len > 0xffffffffu || in->lang_len > 255)
			return NEA_EINVAL;
		nea_wr_u32(w, (uint32_t)in->string_len);
		nea_wr_bytes(w, in->string, in->string_len);
		nea_wr_u8(w, (uint8_t)in->lang_len);
		nea_wr_bytes(w, in->lang, in->lang_len);
	} else {
		nea_wr_bytes(w, in->params, in->params_len);
	}
	return nea_wr_error(w);
}

void attr_ietf_remediation_print(const attr_ietf_remediation_t *in, nea_wr_t *o)
{
	if (in->vendor == PEN_IETF && in->type == REMEDIATION_URI) {
		patnc_pr(o, "  remediation URI ");
		patnc_pr_str(o, in->uri, in->uri_len);
		patnc_pr(o, "\n");
	} else if (in->vendor == PEN_IETF && in->type == REMEDIATION_STRING) {
		patnc_pr(o, "  remediation string [");
		patnc_pr_str(o, in->lang, in->lang_len);
		patnc_pr(o, "] ");
		patnc_pr_str(o, in->string, in->string_len);
		patnc_pr(o, "\n");
	} else {
		patnc_pr(o, "  remediation parameters 0x%06x/0x%08x: ", in->vendor, in->type);
		patnc_pr_hex(o, in->params, in->params_len, 256);
		patnc_pr(o, "\n");
	}
}

PATNC_CODEC_DEFINE(attr_ietf_remediation_codec, attr_ietf_remediation_t, PEN_IETF,
		   IETF_ATTR_REMEDIATION, attr_ietf_remediation, NULL);

#include "attr_ietf_u32.h"

#include "attr_common.h"
#include "attr_types.h"

static uint32_t max_value(uint32_t type)
{
	switch (type) {
	case IETF_ATTR_ASSESSMENT_RESULT: return ATTR_EVAL_DONT_KNOW;
	case IETF_ATTR_FORWARDING_ENABLED: return ATTR_FWD_UNKNOWN;
	default: return 1;
	}
}

/*
 * Assessment Result, Forwarding Enabled, Factory Default Password Enabled
 * values (RFC 5792 4.2.9, 4.2.11, 4.2.12):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Assessment Result / Forwarding / Password           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_ietf_u32_parse(uint32_t type, const uint8_t *v, size_t len, attr_ietf_u32_t *out,
			nea_perr_t *err)
{
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_exact(len, 4, err, "32-bit attribute");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u32(&r, &out->value))
		return nea_perr(err, NEA_ETRUNC, 0, "32-bit value cut short");
	if (out->value > max_value(type))
		return nea_perr(err, NEA_EINVAL, 0, "value %u undefined for this attribute",
				out->value);
	return 0;
}

int attr_ietf_u32_build(uint32_t type, const attr_ietf_u32_t *in, nea_wr_t *w)
{
	if (in->value > max_value(type))
		return NEA_EINVAL;
	nea_wr_u32(w, in->value);
	return nea_wr_error(w);
}

const char *attr_eval_name(uint32_t eval)
{
	static const char *const n[] = { "compliant", "non-compliant minor",
					  "non-compliant major", "error", "don't know" };

	return eval <= ATTR_EVAL_DONT_KNOW ? n[eval] : "undefined";
}

void attr_ietf_u32_print(uint32_t type, const attr_ietf_u32_t *in, nea_wr_t *o)
{
	static const char *const fwd[] = { "disabled", "enabled", "unknown" };

	switch (type) {
	case IETF_ATTR_ASSESSMENT_RESULT:
		patnc_pr(o, "  assessment result %u (%s)\n", in->value, attr_eval_name(in->value));
		break;
	case IETF_ATTR_FORWARDING_ENABLED:
		patnc_pr(o, "  forwarding %s\n", in->value <= 2 ? fwd[in->value] : "undefined");
		break;
	default:
		patnc_pr(o, "  factory default password %s\n",
			 in->value == 0 ? "disabled" : in->value == 1 ? "enabled" : "undefined");
		break;
	}
}

PATNC_CODEC_DEFINE_T(attr_ietf_assessment_result_codec, attr_ietf_u32_t, PEN_IETF,
		     IETF_ATTR_ASSESSMENT_RESULT, attr_ietf_u32, NULL);
PATNC_CODEC_DEFINE_T(attr_ietf_fwd_enabled_codec, attr_ietf_u32_t, PEN_IETF,
		     IETF_ATTR_FORWARDING_ENABLED, attr_ietf_u32, NULL);
PATNC_CODEC_DEFINE_T(attr_ietf_default_pwd_codec, attr_ietf_u32_t, PEN_IETF,
		     IETF_ATTR_DEFAULT_PWD_ENABLED, attr_ietf_u32, NULL);

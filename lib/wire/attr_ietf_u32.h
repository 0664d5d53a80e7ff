/*
 * attr_ietf_u32: the IETF attributes whose value is one 32-bit number:
 * Assessment Result (RFC 5792 4.2.9, type 9), Forwarding Enabled (4.2.11,
 * type 11) and Factory Default Password Enabled (4.2.12, type 12).
 *
 * Contract: value exactly 4 bytes. Forwarding Enabled accepts 0 disabled,
 * 1 enabled, 2 unknown; Factory Default Password Enabled 0 or 1; Assessment
 * Result 0..4 (TNC IF-IMV evaluation results). Other values are rejected at
 * offset 0, as are they by the builder.
 */
#ifndef NEA_ATTR_IETF_U32_H
#define NEA_ATTR_IETF_U32_H

#include "patnc_attr.h"

enum {
	ATTR_EVAL_COMPLIANT = 0,
	ATTR_EVAL_NONCOMPLIANT_MINOR = 1,
	ATTR_EVAL_NONCOMPLIANT_MAJOR = 2,
	ATTR_EVAL_ERROR = 3,
	ATTR_EVAL_DONT_KNOW = 4,
};

enum {
	ATTR_FWD_DISABLED = 0,
	ATTR_FWD_ENABLED = 1,
	ATTR_FWD_UNKNOWN = 2,
};

typedef struct {
	uint32_t value;
} attr_ietf_u32_t;

/* type: IETF_ATTR_ASSESSMENT_RESULT, _FORWARDING_ENABLED or _DEFAULT_PWD_ENABLED */
int attr_ietf_u32_parse(uint32_t type, const uint8_t *v, size_t len, attr_ietf_u32_t *out,
			nea_perr_t *err);
int attr_ietf_u32_build(uint32_t type, const attr_ietf_u32_t *in, nea_wr_t *w);
void attr_ietf_u32_print(uint32_t type, const attr_ietf_u32_t *in, nea_wr_t *o);
const char *attr_eval_name(uint32_t eval);

extern const patnc_codec_t attr_ietf_assessment_result_codec;
extern const patnc_codec_t attr_ietf_fwd_enabled_codec;
extern const patnc_codec_t attr_ietf_default_pwd_codec;

#endif

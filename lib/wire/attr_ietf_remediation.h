/*
 * attr_ietf_remediation: IETF Remediation Instructions (RFC 5792 4.2.10,
 * type 10), the same parameter layout as PB-Remediation-Parameters.
 *
 * Contract: parameters type IETF/1 is a URI (the rest of the value), IETF/2
 * a String: 32-bit length, UTF-8 text without NUL, 1-byte language code
 * length and language code. Other parameter types are kept raw in params.
 * All byte fields are borrowed. strongSwan's imv_scanner sends IETF/2 with
 * an XML text and language "en".
 */
#ifndef NEA_ATTR_IETF_REMEDIATION_H
#define NEA_ATTR_IETF_REMEDIATION_H

#include "patnc_attr.h"

#define REMEDIATION_URI 1u
#define REMEDIATION_STRING 2u

typedef struct {
	uint32_t vendor; /* parameters type vendor, 24 bits */
	uint32_t type;   /* parameters type */
	/* IETF/1 */
	const uint8_t *uri;
	size_t uri_len;
	/* IETF/2 */
	const uint8_t *string;
	size_t string_len;
	const uint8_t *lang;
	size_t lang_len;
	/* any other parameters type: the raw parameters */
	const uint8_t *params;
	size_t params_len;
} attr_ietf_remediation_t;

int attr_ietf_remediation_parse(const uint8_t *v, size_t len, attr_ietf_remediation_t *out,
				nea_perr_t *err);
int attr_ietf_remediation_build(const attr_ietf_remediation_t *in, nea_wr_t *w);
void attr_ietf_remediation_print(const attr_ietf_remediation_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_ietf_remediation_codec;

#endif

/*
 * attr_ietf_numeric_version: IETF Numeric Version (RFC 5792 4.2.3, type 3).
 *
 * Contract: fixed 16-byte value; no pointers, nothing to release.
 */
#ifndef NEA_ATTR_IETF_NUMERIC_VERSION_H
#define NEA_ATTR_IETF_NUMERIC_VERSION_H

#include "patnc_attr.h"

typedef struct {
	uint32_t major;
	uint32_t minor;
	uint32_t build;
	uint16_t sp_major;
	uint16_t sp_minor;
} attr_ietf_numeric_version_t;

int attr_ietf_numeric_version_parse(const uint8_t *v, size_t len,
				    attr_ietf_numeric_version_t *out, nea_perr_t *err);
int attr_ietf_numeric_version_build(const attr_ietf_numeric_version_t *in, nea_wr_t *w);
void attr_ietf_numeric_version_print(const attr_ietf_numeric_version_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_ietf_numeric_version_codec;

#endif

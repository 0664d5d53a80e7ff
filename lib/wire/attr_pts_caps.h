/*
 * attr_pts_caps: TCG PTS Request PTS Protocol Capabilities (0x01000000) and
 * PTS Protocol Capabilities (0x02000000).
 *
 * Contract: value exactly 4 bytes: Reserved(2) Flags(2); the defined flags
 * sit in the last byte (X XML 0x01, T TPM 0x02, D DH nonce 0x04,
 * V verification 0x08, C current measurements 0x10). Reserved bits are
 * kept as received so a value re-encodes identically.
 */
#ifndef NEA_ATTR_PTS_CAPS_H
#define NEA_ATTR_PTS_CAPS_H

#include "patnc_attr.h"

#define PTS_CAP_XML 0x01
#define PTS_CAP_TPM 0x02
#define PTS_CAP_DH_NONCE 0x04
#define PTS_CAP_VERIFY 0x08
#define PTS_CAP_CURRENT 0x10

typedef struct {
	uint16_t flags;
} attr_pts_caps_t;

int attr_pts_caps_parse(uint32_t type, const uint8_t *v, size_t len, attr_pts_caps_t *out,
			nea_perr_t *err);
int attr_pts_caps_build(uint32_t type, const attr_pts_caps_t *in, nea_wr_t *w);
void attr_pts_caps_print(uint32_t type, const attr_pts_caps_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_pts_req_caps_codec;
extern const patnc_codec_t attr_pts_caps_codec;

#endif

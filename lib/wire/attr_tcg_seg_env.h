/*
 * attr_tcg_seg_env: TCG Segment Envelope (0x23), one piece of a segmented
 * PA-TNC attribute.
 *
 * Contract: Flags(1: M=0x80 more segments follow, S=0x40 first segment;
 * other bits ignored), Base Message ID (24 bits), then the segment bytes
 * (borrowed). The value is 4 + segment length bytes. Reassembly is in
 * seg_env.h / seg_contract.h.
 */
#ifndef NEA_ATTR_TCG_SEG_ENV_H
#define NEA_ATTR_TCG_SEG_ENV_H

#include "patnc_attr.h"

#define SEG_ENV_FLAG_MORE 0x80
#define SEG_ENV_FLAG_START 0x40
#define SEG_ENV_HDR_LEN 4
#define SEG_BASE_ID_MAX 0xffffffu

typedef struct {
	uint8_t flags;
	uint32_t base_id; /* 24 bits */
	const uint8_t *segment;
	size_t segment_len;
} attr_tcg_seg_env_t;

int attr_tcg_seg_env_parse(const uint8_t *v, size_t len, attr_tcg_seg_env_t *out,
			   nea_perr_t *err);
int attr_tcg_seg_env_build(const attr_tcg_seg_env_t *in, nea_wr_t *w);
void attr_tcg_seg_env_print(const attr_tcg_seg_env_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_tcg_seg_env_codec;

#endif

/*
 * attr_tcg_seg_contract: TCG Segmentation Contract Request (0x21) and
 * Response (0x22), TCG IF-M Segmentation 1.0.
 *
 * Contract: value exactly 8 bytes, Max Message Size then Max Segment Size.
 * 0xffffffff means "no message size limit" resp. "no segmentation"; both
 * together make a null contract. The values themselves are interpreted by
 * seg_contract.h.
 */
#ifndef NEA_ATTR_TCG_SEG_CONTRACT_H
#define NEA_ATTR_TCG_SEG_CONTRACT_H

#include "patnc_attr.h"

typedef struct {
	uint32_t max_msg_size;
	uint32_t max_seg_size;
} attr_tcg_seg_contract_t;

/* type: TCG_SEG_CONTRACT_REQ or TCG_SEG_CONTRACT_RESP */
int attr_tcg_seg_contract_parse(uint32_t type, const uint8_t *v, size_t len,
				attr_tcg_seg_contract_t *out, nea_perr_t *err);
int attr_tcg_seg_contract_build(uint32_t type, const attr_tcg_seg_contract_t *in, nea_wr_t *w);
void attr_tcg_seg_contract_print(uint32_t type, const attr_tcg_seg_contract_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_tcg_seg_contract_req_codec;
extern const patnc_codec_t attr_tcg_seg_contract_resp_codec;

#endif

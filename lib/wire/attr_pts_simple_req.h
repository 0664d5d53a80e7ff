/*
 * attr_pts_simple_req: the TCG PTS requests whose value is 4 reserved
 * bytes: Get TPM Version Information (0x08000000), Get Attestation Identity
 * Key (0x0d000000) and Generate Attestation Evidence (0x00200000).
 *
 * Contract: value exactly 4 bytes, written as zeros, ignored on receipt.
 */
#ifndef NEA_ATTR_PTS_SIMPLE_REQ_H
#define NEA_ATTR_PTS_SIMPLE_REQ_H

#include "patnc_attr.h"

typedef struct {
	uint32_t reserved; /* as received */
} attr_pts_simple_req_t;

int attr_pts_simple_req_parse(uint32_t type, const uint8_t *v, size_t len,
			      attr_pts_simple_req_t *out, nea_perr_t *err);
int attr_pts_simple_req_build(uint32_t type, const attr_pts_simple_req_t *in, nea_wr_t *w);
void attr_pts_simple_req_print(uint32_t type, const attr_pts_simple_req_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_pts_get_tpm_version_codec;
extern const patnc_codec_t attr_pts_get_aik_codec;
extern const patnc_codec_t attr_pts_gen_attest_evid_codec;

#endif

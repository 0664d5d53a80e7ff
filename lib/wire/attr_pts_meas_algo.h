/*
 * attr_pts_meas_algo: TCG PTS Measurement Algorithm Request (0x06000000)
 * and Selection (0x07000000).
 *
 * Contract: value exactly 4 bytes: Reserved(2) Hash Algorithm Set(2) with
 * SHA1 0x8000, SHA256 0x4000, SHA384 0x2000, SHA512 0x1000 (strongSwan
 * 5.9.14 has no SM3 bit). A Selection carries one bit.
 */
#ifndef NEA_ATTR_PTS_MEAS_ALGO_H
#define NEA_ATTR_PTS_MEAS_ALGO_H

#include "patnc_attr.h"

#define PTS_MEAS_SHA1 0x8000
#define PTS_MEAS_SHA256 0x4000
#define PTS_MEAS_SHA384 0x2000
#define PTS_MEAS_SHA512 0x1000

/* DH groups offered in DH Nonce Parameters Request */
#define PTS_DH_GROUP_IKE2 0x8000
#define PTS_DH_GROUP_IKE5 0x4000
#define PTS_DH_GROUP_IKE14 0x2000
#define PTS_DH_GROUP_IKE19 0x1000
#define PTS_DH_GROUP_IKE20 0x0800

typedef struct {
	uint16_t algorithms;
} attr_pts_meas_algo_t;

int attr_pts_meas_algo_parse(uint32_t type, const uint8_t *v, size_t len,
			     attr_pts_meas_algo_t *out, nea_perr_t *err);
int attr_pts_meas_algo_build(uint32_t type, const attr_pts_meas_algo_t *in, nea_wr_t *w);
void attr_pts_meas_algo_print(uint32_t type, const attr_pts_meas_algo_t *in, nea_wr_t *o);
/* Append "sha1 sha256 ..." for a hash algorithm set. */
void attr_pts_print_algos(uint16_t set, nea_wr_t *o);

extern const patnc_codec_t attr_pts_meas_algo_req_codec;
extern const patnc_codec_t attr_pts_meas_algo_sel_codec;

#endif

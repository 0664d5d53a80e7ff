/*
 * attr_pts_dh_nonce: the TCG PTS DH nonce exchange: DH Nonce Parameters
 * Request (0x03000000), Response (0x04000000) and Finish (0x05000000).
 *
 * Contract:
 *   Request:  Reserved(1) Min Nonce Len(1) DH Group Set(2), exactly 4 bytes.
 *   Response: Reserved(3) Nonce Len(1) Selected DH Group(2) Hash Algorithm
 *             Set(2) Responder Nonce(Nonce Len) Responder DH Public Value
 *             (the rest).
 *   Finish:   Reserved(1) Nonce Len(1) Selected Hash Algorithm(2) Initiator
 *             DH Public Value (the rest minus the nonce) Initiator Nonce
 *             (Nonce Len, at the end).
 * Nonces and public values are borrowed. Group and hash bits are in
 * attr_pts_meas_algo.h.
 */
#ifndef NEA_ATTR_PTS_DH_NONCE_H
#define NEA_ATTR_PTS_DH_NONCE_H

#include "patnc_attr.h"

typedef struct {
	uint8_t min_nonce_len;
	uint16_t dh_groups;
} attr_pts_dh_req_t;

typedef struct {
	uint16_t dh_group;
	uint16_t hash_algos;
	const uint8_t *nonce;
	size_t nonce_len; /* at most 255 */
	const uint8_t *pub;
	size_t pub_len;
} attr_pts_dh_resp_t;

typedef struct {
	uint16_t hash_algo;
	const uint8_t *pub;
	size_t pub_len;
	const uint8_t *nonce;
	size_t nonce_len; /* at most 255 */
} attr_pts_dh_finish_t;

int attr_pts_dh_req_parse(const uint8_t *v, size_t len, attr_pts_dh_req_t *out, nea_perr_t *err);
int attr_pts_dh_req_build(const attr_pts_dh_req_t *in, nea_wr_t *w);
void attr_pts_dh_req_print(const attr_pts_dh_req_t *in, nea_wr_t *o);
int attr_pts_dh_resp_parse(const uint8_t *v, size_t len, attr_pts_dh_resp_t *out,
			   nea_perr_t *err);
int attr_pts_dh_resp_build(const attr_pts_dh_resp_t *in, nea_wr_t *w);
void attr_pts_dh_resp_print(const attr_pts_dh_resp_t *in, nea_wr_t *o);
int attr_pts_dh_finish_parse(const uint8_t *v, size_t len, attr_pts_dh_finish_t *out,
			     nea_perr_t *err);
int attr_pts_dh_finish_build(const attr_pts_dh_finish_t *in, nea_wr_t *w);
void attr_pts_dh_finish_print(const attr_pts_dh_finish_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_pts_dh_req_codec;
extern const patnc_codec_t attr_pts_dh_resp_codec;
extern const patnc_codec_t attr_pts_dh_finish_codec;

#endif

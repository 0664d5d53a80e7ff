/*
 * attr_pts_aik: TCG PTS Attestation Identity Key (0x0e000000).
 *
 * Contract: Flags(1: C=0x80 the AIK is an X.509 certificate, else a bare
 * public key blob; other bits ignored) then the AIK (rest, borrowed, not
 * empty). Decoding the certificate or key is the caller's job.
 */
#ifndef NEA_ATTR_PTS_AIK_H
#define NEA_ATTR_PTS_AIK_H

#include "patnc_attr.h"

#define PTS_AIK_FLAG_CERT 0x80

typedef struct {
	bool is_cert;
	const uint8_t *aik;
	size_t len;
} attr_pts_aik_t;

int attr_pts_aik_parse(const uint8_t *v, size_t len, attr_pts_aik_t *out, nea_perr_t *err);
int attr_pts_aik_build(const attr_pts_aik_t *in, nea_wr_t *w);
void attr_pts_aik_print(const attr_pts_aik_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_pts_aik_codec;

#endif

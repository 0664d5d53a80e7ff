/*
 * attr_pts_tpm_version: TCG PTS TPM Version Information (0x09000000).
 *
 * Contract: the value is one opaque blob (a TPM 1.2 TPM_CAP_VERSION_INFO or
 * the TPM 2.0 version information strongSwan sends), borrowed; it must not
 * be empty.
 */
#ifndef NEA_ATTR_PTS_TPM_VERSION_H
#define NEA_ATTR_PTS_TPM_VERSION_H

#include "patnc_attr.h"

typedef struct {
	const uint8_t *info;
	size_t len;
} attr_pts_tpm_version_t;

int attr_pts_tpm_version_parse(const uint8_t *v, size_t len, attr_pts_tpm_version_t *out,
			       nea_perr_t *err);
int attr_pts_tpm_version_build(const attr_pts_tpm_version_t *in, nea_wr_t *w);
void attr_pts_tpm_version_print(const attr_pts_tpm_version_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_pts_tpm_version_codec;

#endif

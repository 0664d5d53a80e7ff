#include "attr_pts_tpm_version.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * TPM Version Information value:
 *
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        TPM Version Information (Variable Length)              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_tpm_version_parse(const uint8_t *v, size_t len, attr_pts_tpm_version_t *out,
			       nea_perr_t *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, 1, err, "TPM version information");
	if (rc)
		return rc;
	out->info = v;
	out->len = len;
	return 0;
}

int attr_pts_tpm_version_build(const attr_pts_tpm_version_t *in, nea_wr_t *w)
{
	if (!in->len)
		return NEA_EINVAL;
	nea_wr_bytes(w, in->info, in->len);
	return nea_wr_error(w);
}

void attr_pts_tpm_version_print(const attr_pts_tpm_version_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  TPM version information ");
	patnc_pr_hex(o, in->info, in->len, 64);
	patnc_pr(o, "\n");
}

PATNC_CODEC_DEFINE(attr_pts_tpm_version_codec, attr_pts_tpm_version_t, PEN_TCG,
		   TCG_PTS_TPM_VERSION_INFO, attr_pts_tpm_version, NULL);

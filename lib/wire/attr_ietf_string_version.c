#include "attr_ietf_string_version.h"

#include "attr_common.h"
#include "attr_types.h"

#define MIN_LEN 3

/*
 * IETF String Version value (RFC 5792 4.2.4):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Version Len  |   Product Version Number (Variable Length)    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Build Num Len   |   Internal Build Number (Variable Length) |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Config. Len  | Configuration Version Number (Variable Length)|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_ietf_string_version_parse(const uint8_t *v, size_t len, attr_ietf_string_version_t *out,
				   nea_perr_t *err)
{
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	/* An empty value is malformed, reported at offset 0 like strongSwan. */
	if (len < MIN_LEN)
		return nea_perr(err, NEA_ETRUNC, 0, "string version needs at least %d bytes, got %zu",
				MIN_LEN, len);
	nea_rd_init(&r, v, len);
	rc = attr_rd_str8(&r, &out->version, &out->version_len, err, "product version");
	if (!rc)
		rc = attr_rd_str8(&r, &out->build, &out->build_len, err, "build number");
	if (!rc)
		rc = attr_rd_str8(&r, &out->config, &out->config_len, err, "configuration version");
	if (rc)
		return rc;
	if (nea_rd_left(&r))
		return nea_perr(err, NEA_EINVAL, r.off, "%zu bytes after the string version",
				nea_rd_left(&r));
	return 0;
}

int attr_ietf_string_version_build(const attr_ietf_string_version_t *in, nea_wr_t *w)
{
	if (in->version_len > 255 || in->build_len > 255 || in->config_len > 255)
		return NEA_EINVAL;
	nea_wr_u8(w, (uint8_t)in->version_len);
	nea_wr_bytes(w, in->version, in->version_len);
	nea_wr_u8(w, (uint8_t)in->build_len);
	nea_wr_bytes(w, in->build, in->build_len);
	nea_wr_u8(w, (uint8_t)in->config_len);
	nea_wr_bytes(w, in->config, in->config_len);
	return nea_wr_error(w);
}

void attr_ietf_string_version_print(const attr_ietf_string_version_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  version ");
	patnc_pr_str(o, in->version, in->version_len);
	patnc_pr(o, ", build ");
	patnc_pr_str(o, in->build, in->build_len);
	patnc_pr(o, ", configuration ");
	patnc_pr_str(o, in->config, in->config_len);
	patnc_pr(o, "\n");
}

PATNC_CODEC_DEFINE(attr_ietf_string_version_codec, attr_ietf_string_version_t, PEN_IETF,
		   IETF_ATTR_STRING_VERSION, attr_ietf_string_version, NULL);

#include "attr_ietf_numeric_version.h"

#include "attr_common.h"
#include "attr_types.h"

#define VALUE_LEN 16

/*
 * IETF Numeric Version value (RFC 5792 4.2.3):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Major Version Number                   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Minor Version Number                   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Build Number                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Service Pack Major       |      Service Pack Minor       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_ietf_numeric_version_parse(const uint8_t *v, size_t len,
				    attr_ietf_numeric_version_t *out, nea_perr_t *err)
{
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_exact(len, VALUE_LEN, err, "numeric version");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u32(&r, &out->major) || !nea_rd_u32(&r, &out->minor) ||
	    !nea_rd_u32(&r, &out->build) || !nea_rd_u16(&r, &out->sp_major) ||
	    !nea_rd_u16(&r, &out->sp_minor))
		return nea_perr(err, NEA_ETRUNC, r.off, "numeric version cut short");
	return 0;
}

int attr_ietf_numeric_version_build(const attr_ietf_numeric_version_t *in, nea_wr_t *w)
{
	nea_wr_u32(w, in->major);
	nea_wr_u32(w, in->minor);
	nea_wr_u32(w, in->build);
	nea_wr_u16(w, in->sp_major);
	nea_wr_u16(w, in->sp_minor);
	return nea_wr_error(w);
}

void attr_ietf_numeric_version_print(const attr_ietf_numeric_version_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  version %u.%u, build %u, service pack %u.%u\n", in->major, in->minor,
		 in->build, in->sp_major, in->sp_minor);
}

PATNC_CODEC_DEFINE(attr_ietf_numeric_version_codec, attr_ietf_numeric_version_t, PEN_IETF,
		   IETF_ATTR_NUMERIC_VERSION, attr_ietf_numeric_version, NULL);

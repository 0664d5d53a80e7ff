#include "attr_ietf_product_info.h"

#include "attr_common.h"
#include "attr_names.h"
#include "attr_types.h"

#define FIXED_LEN 5

/*
 * IETF Product Information value (RFC 5792 4.2.2):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               Product Vendor ID               |  Product ID   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Product ID   |         Product Name (Variable Length)        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_ietf_product_info_parse(const uint8_t *v, size_t len, attr_ietf_product_info_t *out,
				 nea_perr_t *err)
{
	nea_rd_t r;
	long z;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, FIXED_LEN, err, "product information");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u24(&r, &out->vendor) || !nea_rd_u16(&r, &out->id))
		return nea_perr(err, NEA_ETRUNC, r.off, "product information header cut short");
	if (out->vendor == 0 && out->id != 0)
		return nea_perr(err, NEA_EINVAL, 3, "product vendor 0 with product id %u", out->id);
	out->name_len = nea_rd_left(&r);
	if (!nea_rd_bytes(&r, out->name_len, &out->name))
		return nea_perr(err, NEA_ETRUNC, r.off, "product name cut short");
	z = attr_nul_at(out->name, out->name_len);
	if (z >= 0)
		return nea_perr(err, NEA_EINVAL, FIXED_LEN + (size_t)z, "NUL inside product name");
	return 0;
}

int attr_ietf_product_info_build(const attr_ietf_product_info_t *in, nea_wr_t *w)
{
	if (in->vendor > 0xffffffu || (in->vendor == 0 && in->id != 0))
		return NEA_EINVAL;
	nea_wr_u24(w, in->vendor);
	nea_wr_u16(w, in->id);
	nea_wr_bytes(w, in->name, in->name_len);
	return nea_wr_error(w);
}

void attr_ietf_product_info_print(const attr_ietf_product_info_t *in, nea_wr_t *o)
{
	const char *vn = attr_pen_name(in->vendor);

	patnc_pr(o, "  product vendor %u (%s), id %u, name ", in->vendor, vn ? vn : "unknown",
		 in->id);
	patnc_pr_str(o, in->name, in->name_len);
	patnc_pr(o, "\n");
}

PATNC_CODEC_DEFINE(attr_ietf_product_info_codec, attr_ietf_product_info_t, PEN_IETF,
		   IETF_ATTR_PRODUCT_INFO, attr_ietf_product_info, NULL);

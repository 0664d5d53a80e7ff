/*
 * attr_ietf_product_info: IETF Product Information (RFC 5792 4.2.2, type 2).
 *
 * Contract: name borrows from the input (parse) or the caller (build); it
 * is UTF-8 without a length field or NUL. Vendor 0 with a non-zero product
 * id is rejected at value offset 3, as strongSwan does.
 */
#ifndef NEA_ATTR_IETF_PRODUCT_INFO_H
#define NEA_ATTR_IETF_PRODUCT_INFO_H

#include "patnc_attr.h"

typedef struct {
	uint32_t vendor; /* product vendor PEN, 24 bits */
	uint16_t id;
	const uint8_t *name;
	size_t name_len;
} attr_ietf_product_info_t;

int attr_ietf_product_info_parse(const uint8_t *v, size_t len, attr_ietf_product_info_t *out,
				 nea_perr_t *err);
int attr_ietf_product_info_build(const attr_ietf_product_info_t *in, nea_wr_t *w);
void attr_ietf_product_info_print(const attr_ietf_product_info_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_ietf_product_info_codec;

#endif

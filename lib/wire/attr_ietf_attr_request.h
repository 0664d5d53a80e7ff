/*
 * attr_ietf_attr_request: IETF Attribute Request (RFC 5792 4.2.1, type 1).
 *
 * Contract: the value is a list of 8-byte (reserved, vendor, type) entries;
 * a parsed struct owns its entries array (release with
 * attr_ietf_attr_request_release), a struct built by a caller points at the
 * caller's array. The reserved byte is written as 0 and ignored on receipt.
 */
#ifndef NEA_ATTR_IETF_ATTR_REQUEST_H
#define NEA_ATTR_IETF_ATTR_REQUEST_H

#include "patnc_attr.h"

typedef struct {
	uint32_t vendor; /* 24 bits */
	uint32_t type;
} attr_ietf_attr_request_entry_t;

typedef struct {
	attr_ietf_attr_request_entry_t *entries;
	size_t count;
} attr_ietf_attr_request_t;

int attr_ietf_attr_request_parse(const uint8_t *v, size_t len, attr_ietf_attr_request_t *out,
				 nea_perr_t *err);
int attr_ietf_attr_request_build(const attr_ietf_attr_request_t *in, nea_wr_t *w);
void attr_ietf_attr_request_print(const attr_ietf_attr_request_t *in, nea_wr_t *o);
void attr_ietf_attr_request_release(attr_ietf_attr_request_t *a);

extern const patnc_codec_t attr_ietf_attr_request_codec;

#endif

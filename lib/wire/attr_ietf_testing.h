/*
 * attr_ietf_testing: IETF Testing (RFC 5792 4.2.0, type 0), an opaque
 * value reserved for tests. strongSwan 5.9.14 does not implement it (it
 * treats it as an unknown type); nea decodes it so tests and `nea dump`
 * can show it.
 *
 * Contract: data borrows the whole value.
 */
#ifndef NEA_ATTR_IETF_TESTING_H
#define NEA_ATTR_IETF_TESTING_H

#include "patnc_attr.h"

typedef struct {
	const uint8_t *data;
	size_t len;
} attr_ietf_testing_t;

int attr_ietf_testing_parse(const uint8_t *v, size_t len, attr_ietf_testing_t *out,
			    nea_perr_t *err);
int attr_ietf_testing_build(const attr_ietf_testing_t *in, nea_wr_t *w);
void attr_ietf_testing_print(const attr_ietf_testing_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_ietf_testing_codec;

#endif

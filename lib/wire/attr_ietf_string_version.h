/*
 * attr_ietf_string_version: IETF String Version (RFC 5792 4.2.4, type 4).
 *
 * Contract: three 1-byte-length-prefixed UTF-8 strings (version, build,
 * configuration), each at most 255 bytes, none containing NUL; the three
 * length bytes are always present. Strings are borrowed.
 */
#ifndef NEA_ATTR_IETF_STRING_VERSION_H
#define NEA_ATTR_IETF_STRING_VERSION_H

#include "patnc_attr.h"

typedef struct {
	const uint8_t *version;
	size_t version_len;
	const uint8_t *build;
	size_t build_len;
	const uint8_t *config;
	size_t config_len;
} attr_ietf_string_version_t;

int attr_ietf_string_version_parse(const uint8_t *v, size_t len, attr_ietf_string_version_t *out,
				   nea_perr_t *err);
int attr_ietf_string_version_build(const attr_ietf_string_version_t *in, nea_wr_t *w);
void attr_ietf_string_version_print(const attr_ietf_string_version_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_ietf_string_version_codec;

#endif

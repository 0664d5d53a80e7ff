/*
 * pbtnc_msg_remed: the PB-Remediation-Parameters value (RFC 5793 §4.8),
 * IETF type 4.
 *
 * Contract: Reserved(1) Vendor(3) Type(4) then the parameters. For IETF
 * type 1 (URI) the parameters are the URI bytes. For IETF type 2 (String)
 * they are String Length(4) String Lang-Length(1) Lang; a NUL anywhere in
 * the string or the language code, or a missing length, fails with
 * strongSwan's offsets (8 for a missing string length, 12 + position of the
 * NUL, 12 + string length for a missing language length, 13 + string length
 * + position for a NUL in the language). Bytes after the language code are
 * ignored as strongSwan does. Other types are kept as opaque parameters.
 * All pointers aim into the input.
 */
#ifndef PBTNC_MSG_REMED_H
#define PBTNC_MSG_REMED_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PBTNC_REMED_HDR_LEN 8

enum {
	PBTNC_REMED_URI = 1,
	PBTNC_REMED_STRING = 2,
};

typedef struct {
	uint32_t vendor; /* Remediation Parameters Vendor ID, 24 bits */
	uint32_t type;   /* Remediation Parameters Type */
	const uint8_t *params; /* everything after the 8-byte header */
	size_t params_len;
	/* IETF/URI: the URI (= params). IETF/String: the string. */
	const uint8_t *str;
	size_t str_len;
	/* IETF/String only: the language code. */
	const uint8_t *lang;
	size_t lang_len;
} pbtnc_remed_t;

int pbtnc_remed_parse(const uint8_t *v, size_t len, pbtnc_remed_t *out, nea_perr_t *err);
/*
 * Build from the typed fields: IETF/URI writes str, IETF/String writes
 * str + lang (lang at most 255 bytes, neither may contain NUL); any other
 * vendor/type writes params verbatim.
 */
int pbtnc_remed_build(nea_wr_t *w, const pbtnc_remed_t *in);

#endif

/*
 * pbtnc_msg_error: the PB-Error value (RFC 5793 §4.9), IETF type 5, and the
 * PB-Error codes.
 *
 * Contract: parse() accepts any value of at least 8 bytes, as strongSwan
 * does. The 4 parameter bytes are decoded only when the vendor is IETF and
 * exactly 4 bytes follow the 8-byte header: as Bad/Max/Min Version for
 * code 4 (Version Not Supported), as an Offset otherwise; anything else is
 * kept as opaque params. build() writes strongSwan's form: always exactly
 * 8 + 4 bytes, the version triple for code 4 and a 4-byte offset for every
 * other code. The same struct describes the PB-Error that pbtnc_batch_parse
 * asks the caller to send back.
 */
#ifndef PBTNC_MSG_ERROR_H
#define PBTNC_MSG_ERROR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PBTNC_ERROR_HDR_LEN 8
#define PBTNC_ERROR_FLAG_FATAL 0x80

/* IETF PB-Error codes */
enum {
	PBTNC_ERR_UNEXPECTED_BATCH_TYPE = 0,
	PBTNC_ERR_INVALID_PARAMETER = 1,
	PBTNC_ERR_LOCAL_ERROR = 2,
	PBTNC_ERR_UNSUPPORTED_MANDATORY_MSG = 3,
	PBTNC_ERR_VERSION_NOT_SUPPORTED = 4,
};

typedef struct {
	bool fatal;
	uint32_t vendor; /* Error Code Vendor ID, 24 bits */
	uint16_t code;
	bool has_offset;  /* offset decoded (parse) */
	uint32_t offset;
	bool has_version; /* version triple decoded (parse) */
	uint8_t bad_version, max_version, min_version;
	const uint8_t *params; /* raw Error Parameters (parse only) */
	size_t params_len;
} pbtnc_error_t;

int pbtnc_error_parse(const uint8_t *v, size_t len, pbtnc_error_t *out, nea_perr_t *err);
int pbtnc_error_build(nea_wr_t *w, const pbtnc_error_t *in);

/* Fill *e with a fatal IETF error as strongSwan creates it. */
void pbtnc_error_set(pbtnc_error_t *e, uint16_t code, uint32_t offset);
void pbtnc_error_set_version(pbtnc_error_t *e, uint8_t bad_version);

#endif

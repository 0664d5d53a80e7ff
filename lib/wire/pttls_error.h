/*
 * pttls_error: the PT-TLS Error message value (RFC 6876 §3.9) and the IANA
 * PT-TLS error codes.
 *
 * Contract: Reserved(1, ignored on receipt) Error Code Vendor ID(3) Error
 * Code(4) then a copy of the offending message (possibly empty, pointing
 * into the input). Fewer than 8 bytes is NEA_ETRUNC. strongSwan only logs a
 * received error and never sends one; nea may send one before closing.
 */
#ifndef PTTLS_ERROR_H
#define PTTLS_ERROR_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PTTLS_ERROR_HDR_LEN 8

enum {
	PTTLS_ERR_RESERVED = 0,
	PTTLS_ERR_MALFORMED_MESSAGE = 1,
	PTTLS_ERR_VERSION_NOT_SUPPORTED = 2,
	PTTLS_ERR_TYPE_NOT_SUPPORTED = 3,
	PTTLS_ERR_INVALID_MESSAGE = 4,
	PTTLS_ERR_SASL_MECH_ERROR = 5,
	PTTLS_ERR_INVALID_PARAMETER = 6,
};

typedef struct {
	uint32_t vendor; /* 24 bits */
	uint32_t code;
	const uint8_t *orig; /* copy of the original message */
	size_t orig_len;
} pttls_error_t;

int pttls_error_parse(const uint8_t *v, size_t len, pttls_error_t *out, nea_perr_t *err);
int pttls_error_build(nea_wr_t *w, const pttls_error_t *in);

#endif

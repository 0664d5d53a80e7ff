/*
 * attr_ietf_op_status: IETF Operational Status (RFC 5792 4.2.5, type 5).
 *
 * Contract: fixed 24-byte value. last_use is kept as the 20 wire characters
 * plus a NUL (no pointers); attr_time.h converts it. Status and result above
 * their defined ranges are rejected (offsets 0 and 1), a malformed time at
 * offset 4.
 */
#ifndef NEA_ATTR_IETF_OP_STATUS_H
#define NEA_ATTR_IETF_OP_STATUS_H

#include "attr_time.h"
#include "patnc_attr.h"

enum {
	OP_STATUS_UNKNOWN = 0,
	OP_STATUS_NOT_INSTALLED = 1,
	OP_STATUS_INSTALLED = 2, /* installed, not operational */
	OP_STATUS_OPERATIONAL = 3,
};

enum {
	OP_RESULT_UNKNOWN = 0,
	OP_RESULT_SUCCESS = 1,
	OP_RESULT_ERRORS = 2, /* successful with errors */
	OP_RESULT_FAILED = 3,
};

typedef struct {
	uint8_t status;
	uint8_t result;
	char last_use[ATTR_TIME_LEN + 1]; /* "YYYY-MM-DDTHH:MM:SSZ" */
} attr_ietf_op_status_t;

int attr_ietf_op_status_parse(const uint8_t *v, size_t len, attr_ietf_op_status_t *out,
			      nea_perr_t *err);
int attr_ietf_op_status_build(const attr_ietf_op_status_t *in, nea_wr_t *w);
void attr_ietf_op_status_print(const attr_ietf_op_status_t *in, nea_wr_t *o);
const char *attr_ietf_op_status_name(uint8_t status);
const char *attr_ietf_op_result_name(uint8_t result);

extern const patnc_codec_t attr_ietf_op_status_codec;

#endif

/*
 * pbtnc_msg_assess: the PB-Assessment-Result value (RFC 5793 §4.6), IETF
 * type 2.
 *
 * Contract: the value is exactly 4 bytes holding a TNC IF-IMV Evaluation
 * Result (0 compliant .. 4 don't know); the PB-TNC message table enforces
 * the exact length before parse() runs. A value outside 0..4 fails with
 * offset 0 as strongSwan's pb_assessment_result_msg does.
 */
#ifndef PBTNC_MSG_ASSESS_H
#define PBTNC_MSG_ASSESS_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PBTNC_ASSESS_LEN 4

/* TNC IF-IMV Evaluation Result */
enum {
	TNC_EVAL_COMPLIANT = 0,
	TNC_EVAL_NONCOMPLIANT_MINOR = 1,
	TNC_EVAL_NONCOMPLIANT_MAJOR = 2,
	TNC_EVAL_ERROR = 3,
	TNC_EVAL_DONT_KNOW = 4,
};

int pbtnc_assess_parse(const uint8_t *v, size_t len, uint32_t *result, nea_perr_t *err);
int pbtnc_assess_build(nea_wr_t *w, uint32_t result);

#endif

/*
 * pbtnc_msg_reason: the PB-Reason-String value (RFC 5793 §4.11), IETF
 * type 7.
 *
 * Contract: Reason String Length(4) Reason String(UTF-8) Lang Code
 * Length(1) Lang Code. Like strongSwan's pb_reason_string_msg: a missing or
 * overlong string fails at offset 0, a string whose last byte is NUL at the
 * offset of that byte, a missing language code at 4 + string length, a
 * language code ending in NUL at the offset of that byte; trailing bytes
 * after the language code are ignored. Pointers aim into the input.
 */
#ifndef PBTNC_MSG_REASON_H
#define PBTNC_MSG_REASON_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

typedef struct {
	const uint8_t *reason;
	size_t reason_len;
	const uint8_t *lang;
	size_t lang_len; /* at most 255 */
} pbtnc_reason_t;

int pbtnc_reason_parse(const uint8_t *v, size_t len, pbtnc_reason_t *out, nea_perr_t *err);
int pbtnc_reason_build(nea_wr_t *w, const pbtnc_reason_t *in);

#endif

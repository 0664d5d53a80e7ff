/*
 * pbtnc_msg_pa: the PB-PA message value (RFC 5793 §4.5), IETF type 1.
 *
 * Contract: parse() reads a PB-PA value (the bytes after the 12-byte PB-TNC
 * message header) into a view whose body pointer aims into the input, so
 * the input must outlive the struct. Failures carry the offset relative to
 * the start of the value, exactly as strongSwan's pb_pa_msg process()
 * reports it (reserved PA vendor -> 1, reserved subtype -> 4). build()
 * appends the value to a writer. No allocation, no I/O.
 */
#ifndef PBTNC_MSG_PA_H
#define PBTNC_MSG_PA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PBTNC_PA_HDR_LEN 12
#define PBTNC_PA_FLAG_EXCL 0x80
#define PBTNC_PA_RESERVED_SUBTYPE 0xffffffffu
/* TNC_IMCID_ANY / TNC_IMVID_ANY */
#define PBTNC_PA_ID_ANY 0xffff

typedef struct {
	bool excl;
	uint32_t vendor;   /* PA Message Vendor ID, 24 bits */
	uint32_t subtype;  /* PA Subtype */
	uint16_t collector; /* Posture Collector (IMC) ID */
	uint16_t validator; /* Posture Validator (IMV) ID */
	const uint8_t *body; /* the PA-TNC message */
	size_t body_len;
} pbtnc_pa_t;

int pbtnc_pa_parse(const uint8_t *v, size_t len, pbtnc_pa_t *out, nea_perr_t *err);
int pbtnc_pa_build(nea_wr_t *w, const pbtnc_pa_t *in);

#endif

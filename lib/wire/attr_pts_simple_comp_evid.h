/*
 * attr_pts_simple_comp_evid: TCG PTS Simple Component Evidence (0x00300000).
 *
 * Contract: fixed 40-byte part (flags, depth, component functional name,
 * measurement type which must be 0x80 (else offset 12), extended PCR, hash
 * algorithm, PCR transform, 20-character measurement time (malformed ->
 * offset 20; "0000-00-00T00:00:00Z" means undefined)), then:
 *   validation FAILED (0x40) or PASSED (0x60): Policy URI Len(2) URI;
 *   PCR flag (0x80): PCR Len(2) PCR-Before(len) PCR-After(len);
 *   the measurement (the rest).
 * Validation values: 0x00 none, 0x20 unable to validate, 0x40 failed,
 * 0x60 passed (strongSwan 5.9.14). Byte fields are borrowed.
 */
#ifndef NEA_ATTR_PTS_SIMPLE_COMP_EVID_H
#define NEA_ATTR_PTS_SIMPLE_COMP_EVID_H

#include "attr_time.h"
#include "patnc_attr.h"

#define PTS_EVID_FLAG_PCR 0x80
#define PTS_EVID_VALIDATION_MASK 0x60
#define PTS_EVID_VALIDATION_NONE 0x00
#define PTS_EVID_VALIDATION_UNABLE 0x20
#define PTS_EVID_VALIDATION_FAILED 0x40
#define PTS_EVID_VALIDATION_PASSED 0x60
#define PTS_EVID_MEAS_TYPE 0x80

enum {
	PTS_PCR_TRANSFORM_NO = 0,
	PTS_PCR_TRANSFORM_MATCH = 1,
	PTS_PCR_TRANSFORM_SHORT = 2,
	PTS_PCR_TRANSFORM_LONG = 3,
};

typedef struct {
	uint8_t flags;       /* PCR flag and validation bits */
	uint32_t depth;      /* 24 bits */
	uint32_t vendor;     /* component functional name vendor, 24 bits */
	uint8_t fam_qual;
	uint32_t name;
	uint32_t extended_pcr; /* 24 bits */
	uint16_t hash_algo;
	uint8_t transform;
	char time[ATTR_TIME_LEN + 1];
	const uint8_t *policy_uri; /* validation failed/passed only */
	size_t policy_uri_len;
	const uint8_t *pcr_before; /* PCR flag only, pcr_len bytes each */
	const uint8_t *pcr_after;
	size_t pcr_len;
	const uint8_t *measurement;
	size_t measurement_len;
} attr_pts_simple_comp_evid_t;

int attr_pts_simple_comp_evid_parse(const uint8_t *v, size_t len,
				    attr_pts_simple_comp_evid_t *out, nea_perr_t *err);
int attr_pts_simple_comp_evid_build(const attr_pts_simple_comp_evid_t *in, nea_wr_t *w);
void attr_pts_simple_comp_evid_print(const attr_pts_simple_comp_evid_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_pts_simple_comp_evid_codec;

#endif

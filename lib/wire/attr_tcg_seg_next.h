/*
 * attr_tcg_seg_next: TCG Next Segment (0x24), the receiver's request for
 * the next piece of a segmented attribute, or its cancellation.
 *
 * Contract: value exactly 4 bytes: Flags(1), Base Message ID (24 bits).
 * The TCG drawing puts the Cancel bit at 0x80, but strongSwan 5.9.14 writes
 * 0x01 and tests only bit 0; nea therefore writes 0x01 for a cancel (0x00
 * otherwise) and reads either 0x01 or 0x80 as cancel.
 */
#ifndef NEA_ATTR_TCG_SEG_NEXT_H
#define NEA_ATTR_TCG_SEG_NEXT_H

#include "patnc_attr.h"

#define SEG_NEXT_FLAG_CANCEL 0x01      /* what strongSwan writes and reads */
#define SEG_NEXT_FLAG_CANCEL_TCG 0x80  /* the TCG drawing's bit, accepted */

typedef struct {
	bool cancel;
	uint32_t base_id; /* 24 bits */
} attr_tcg_seg_next_t;

int attr_tcg_seg_next_parse(const uint8_t *v, size_t len, attr_tcg_seg_next_t *out,
			    nea_perr_t *err);
int attr_tcg_seg_next_build(const attr_tcg_seg_next_t *in, nea_wr_t *w);
void attr_tcg_seg_next_print(const attr_tcg_seg_next_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_tcg_seg_next_codec;

#endif

/*
 * pbtnc_msg_mutual: the ITA PB-Mutual-Capability value (strongSwan
 * extension, vendor ITA-HSR 0x00902a, type 1).
 *
 * Contract: 4 bytes of capability bits, H (half duplex) = 0x80000000,
 * F (full duplex) = 0x40000000, the rest reserved. strongSwan accepts a
 * longer value and reads only the first 4 bytes; parse() does the same
 * (the PB-TNC table guarantees at least 4).
 */
#ifndef PBTNC_MSG_MUTUAL_H
#define PBTNC_MSG_MUTUAL_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PBTNC_MUTUAL_HALF_DUPLEX 0x80000000u
#define PBTNC_MUTUAL_FULL_DUPLEX 0x40000000u

int pbtnc_mutual_parse(const uint8_t *v, size_t len, uint32_t *protocols, nea_perr_t *err);
int pbtnc_mutual_build(nea_wr_t *w, uint32_t protocols);

#endif

/*
 * attr_ita_angel: ITA-HSR Start Angel (type 5) and Stop Angel (type 6),
 * attributes with an empty value that bracket a SWID-angel session.
 *
 * Contract: the value must be empty (bytes are rejected at offset 0).
 */
#ifndef NEA_ATTR_ITA_ANGEL_H
#define NEA_ATTR_ITA_ANGEL_H

#include "patnc_attr.h"

typedef struct {
	bool start; /* filled from the type by parse, informational */
} attr_ita_angel_t;

int attr_ita_angel_parse(uint32_t type, const uint8_t *v, size_t len, attr_ita_angel_t *out,
			 nea_perr_t *err);
int attr_ita_angel_build(uint32_t type, const attr_ita_angel_t *in, nea_wr_t *w);
void attr_ita_angel_print(uint32_t type, const attr_ita_angel_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_ita_start_angel_codec;
extern const patnc_codec_t attr_ita_stop_angel_codec;

#endif

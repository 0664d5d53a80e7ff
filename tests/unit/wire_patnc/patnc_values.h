/*
 * One valid value per PA-TNC attribute codec of lib/wire (hex text, the
 * layouts the wire_patnc suites check), shared by the bounded-input suite
 * (every prefix parses or fails cleanly) and the `nea dump` suite (every
 * attribute dumps under its name). patnc_values_cover_codecs() tells
 * whether the table has a value for every codec, so a new codec cannot be
 * forgotten by either suite.
 */
#ifndef PATNC_VALUES_H
#define PATNC_VALUES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint32_t vendor, type;
	const char *hex; /* whitespace between digits allowed */
} patnc_value_t;

extern const patnc_value_t patnc_values[];
extern const size_t patnc_values_n;

/* true if every codec has a value; else false and the first codec
 * without one in *vendor / *type. */
bool patnc_values_cover_codecs(uint32_t *vendor, uint32_t *type);

#endif

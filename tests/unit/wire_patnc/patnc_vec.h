/*
 * Test helpers for the PA-TNC suites: load .hex vectors from
 * $NEA_SOURCE_DIR/tests/vectors and locate PB-PA bodies inside captured
 * PB-TNC batches (a small independent walker, so these suites do not
 * depend on the PB-TNC codec under test elsewhere).
 */
#ifndef PATNC_VEC_H
#define PATNC_VEC_H

#include <stddef.h>
#include <stdint.h>

/* Bytes of tests/vectors/<rel>; aborts the test on failure. Caller frees. */
uint8_t *pv_load(const char *rel, size_t *len);
/* Bytes of a hex string (whitespace ignored). Caller frees. */
uint8_t *pv_hex(const char *hex, size_t *len);

typedef struct {
	uint8_t flags; /* PB-PA EXCL = 0x80 */
	uint32_t pa_vendor;
	uint32_t pa_subtype;
	uint16_t imc, imv;
	const uint8_t *body; /* the PA-TNC message */
	size_t len;
} pv_pa_t;

/* PB-PA messages of a PB-TNC batch, in order; returns how many (<= max). */
size_t pv_pb_pa(const uint8_t *batch, size_t len, pv_pa_t *out, size_t max);

#endif

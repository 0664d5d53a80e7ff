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

/* Round trip of one attribute struct through its codec (see patnc_vec.c). */
typedef struct {
	uint8_t *buf; /* whole encoded attribute */
	size_t len;
	const void *c; /* const patnc_codec_t * */
	void *data;    /* decoded struct, borrows from buf */
} pv_rt_t;

/*
 * Encode in as (vendor, type), require the value to equal want_hex, decode
 * it, re-encode the decoded struct to identical bytes and print it.
 */
void pv_roundtrip(pv_rt_t *rt, uint32_t vendor, uint32_t type, const void *in,
		  const char *want_hex);
void pv_rt_free(pv_rt_t *rt);
/* Decoding value hex must fail with code at the value-relative offset. */
void pv_reject(uint32_t vendor, uint32_t type, const char *hex, int code, size_t offset);

#endif

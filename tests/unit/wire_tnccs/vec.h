/*
 * Test support: load a .hex vector from tests/vectors/ (relative to
 * $NEA_SOURCE_DIR, falling back to the compiled-in source dir). Format:
 * optional "# comment" lines, then hex digits (whitespace ignored).
 */
#ifndef WIRE_TNCCS_VEC_H
#define WIRE_TNCCS_VEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	uint8_t *data;
	size_t len;
	char comment[512];
} vec_t;

/* rel: path below tests/vectors/, e.g. "spec/pbtnc_result_allow.hex" */
bool vec_load(const char *rel, vec_t *v);
void vec_free(vec_t *v);
/* Read a whole text file below tests/vectors/ (NUL-terminated, caller frees). */
char *vec_read_text(const char *rel, size_t *len);
/* Decode a hex string (no spaces) into a malloc'ed buffer. */
uint8_t *vec_unhex(const char *hex, size_t *len);
/* Full path below tests/vectors/ into buf. */
const char *vec_path(const char *rel, char *buf, size_t size);

#endif

/*
 * Helpers of the `nea dump` suites: vectors loaded by a reader independent
 * of the dump's own hex reader, the decoder run into a NUL-terminated text,
 * and line lookups that ignore the tree's indentation.
 */
#ifndef DUMP_VEC_H
#define DUMP_VEC_H

#include <stddef.h>
#include <stdint.h>

#include "cmd_dump.h"

/* Bytes of tests/vectors/<rel> (a .hex file); aborts the test on failure. Caller frees. */
uint8_t *dv_load(const char *rel, size_t *len);
/* Raw text of tests/vectors/<rel>. Caller frees. */
char *dv_text(const char *rel, size_t *len);
/* Bytes of a hex string (whitespace ignored). Caller frees. */
uint8_t *dv_hex(const char *hex, size_t *len);

typedef struct {
	int rc;
	nea_perr_t err;
	char *text; /* NUL-terminated output, caller frees (dv_free) */
	size_t len;
} dv_out_t;

/* dump_bytes on a fresh copy of exactly len bytes (so ASan sees overreads). */
void dv_dump(dv_out_t *o, const uint8_t *buf, size_t len, dump_as_t as, dump_role_t role);
/* dump_input (hex detection included) likewise. */
void dv_input(dv_out_t *o, const uint8_t *buf, size_t len, const dump_opts_t *opts);
void dv_free(dv_out_t *o);

/* The first line whose text after its indentation starts with prefix, else NULL. */
const char *dv_line(const char *text, const char *prefix);
/* How many such lines. */
size_t dv_count(const char *text, const char *prefix);
/* Indentation (spaces) of the line at p. */
size_t dv_indent(const char *text, const char *p);

/* Assert a line starting with prefix exists (message shows the dump). */
#define dv_assert_line(out, prefix)                                                    \
	cr_assert_not_null(dv_line((out)->text, (prefix)), "no line '%s' in:\n%s", (prefix), \
			   (out)->text)

#endif

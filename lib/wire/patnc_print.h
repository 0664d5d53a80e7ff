/*
 * patnc_print: text rendering helpers for decoded PA-TNC attributes.
 *
 * Contract: every function appends to a nea_wr_t used as a growable text
 * buffer (no NUL terminator is kept; call patnc_pr_cstr() to get one). Peer
 * supplied bytes are never copied raw into log text: patnc_pr_str() escapes
 * everything outside printable ASCII as \xNN, so a decoded attribute can be
 * logged without letting the peer inject line breaks or terminal controls.
 * Errors are the writer's sticky errors; these helpers never fail loudly.
 */
#ifndef NEA_PATNC_PRINT_H
#define NEA_PATNC_PRINT_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"

/* printf-style append. */
void patnc_pr(nea_wr_t *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Quoted, escaped string: 'abc\x0a'. */
void patnc_pr_str(nea_wr_t *o, const uint8_t *s, size_t n);
/* Lowercase hex without separators; longer than max bytes ends in "...". */
void patnc_pr_hex(nea_wr_t *o, const uint8_t *s, size_t n, size_t max);
/*
 * NUL-terminate the text and return it (the terminator is not counted in
 * o->len). Returns "" (static) when the writer is in an error state.
 */
const char *patnc_pr_cstr(nea_wr_t *o);

#endif

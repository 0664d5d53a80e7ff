/*
 * cmd_dump_int: what the cmd_dump_*.c decoders share (internal to `nea
 * dump`).
 *
 * Contract: every decoder gets the bytes of one element, `base` = the
 * offset of those bytes in the context's coordinates and the nesting
 * depth. Offsets are turned into input offsets by dump_abs(): the identity,
 * or - for an EAP packet reassembled from several EAP-Message AVPs - a map
 * of the pieces, so an error inside a reassembled packet still names the
 * input byte. dump_fail() records the first error and returns its code.
 */
#ifndef NEA_CMD_DUMP_INT_H
#define NEA_CMD_DUMP_INT_H

#include <stdbool.h>

#include "cmd_dump.h"

/* A piece of a reassembled buffer: bytes [at, at+len) came from input byte abs. */
typedef struct {
	size_t at;
	size_t abs;
	size_t len;
} dump_span_t;

typedef struct {
	nea_wr_t *out;
	nea_perr_t *err;
	dump_role_t role;
	const dump_span_t *spans; /* NULL: offsets are input offsets */
	size_t nspans;
	/*
	 * The next batch or PA-TNC message header is synthetic (a bare
	 * fragment, see dump_bare): the decoder that meets it does not print
	 * it and clears the flag, so nested elements print normally.
	 */
	bool bare;
} dump_ctx_t;

size_t dump_abs(const dump_ctx_t *c, size_t off);
int dump_fail(dump_ctx_t *c, int code, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Indentation for depth, then printf text; dump_end() closes the line. */
void dump_begin(dump_ctx_t *c, int depth, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void dump_end(dump_ctx_t *c);
/* Peer text without quotes, escaped like patnc_pr_str (\xNN outside printable ASCII). */
void dump_esc(dump_ctx_t *c, const uint8_t *s, size_t n);
/* One whole line. */
void dump_line(dump_ctx_t *c, int depth, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Re-indent a block of lines (a codec's print output) to depth. */
void dump_block(dump_ctx_t *c, int depth, const uint8_t *text, size_t len);
/* "<what> (N bytes): <hex of the first 64 bytes>..." */
void dump_hex_line(dump_ctx_t *c, int depth, const char *what, const uint8_t *p, size_t n);

int dump_pttls(dump_ctx_t *c, const uint8_t *buf, size_t len, size_t base, int depth);
int dump_eap(dump_ctx_t *c, const uint8_t *buf, size_t len, size_t base, int depth);
int dump_ttls_avps(dump_ctx_t *c, const uint8_t *buf, size_t len, size_t base, int depth);
int dump_pbtnc(dump_ctx_t *c, const uint8_t *buf, size_t len, size_t base, int depth);
int dump_patnc(dump_ctx_t *c, const uint8_t *buf, size_t len, size_t base, int depth);

#endif

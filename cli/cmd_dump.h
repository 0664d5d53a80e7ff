/*
 * cmd_dump: the decoder behind `nea dump`, usable as a library (the unit
 * tests call it directly).
 *
 * Contract:
 *  - dump_bytes() decodes one input - a PT-TLS message stream, an EAP
 *    packet (PT-EAP, EAP-TNC, EAP-TTLS, Identity, Nak, ...), a stream of
 *    EAP-TTLS phase-2 Diameter AVPs, a PB-TNC batch or a PA-TNC message -
 *    and appends a text tree to `out`, nested all the way down (PT-TLS ->
 *    PB-TNC batch -> PB-TNC messages -> PB-PA -> PA-TNC message ->
 *    attributes and their fields). Lines name elements the way strongSwan
 *    5.9.14 logs them ("PB-TNC CDATA batch (366 bytes)", "IETF/PB-PA
 *    message (219 bytes)", "PB-PA message type 'IETF/Operating System'
 *    0x000000/0x00000001", "PA-TNC message with ID 0x2698cf93", "PA-TNC
 *    attribute type 'IETF/Product Information' 0x000000/0x00000002"),
 *    followed by " at byte N" (offset in the input) and the details. Each
 *    nesting level indents by two spaces. Peer bytes are escaped
 *    (patnc_pr_str), so the text is one line per item.
 *  - The lib/wire parsers decide what is valid, with strongSwan's receiver
 *    rules; the dump never accepts what they refuse. The first error ends
 *    the dump: the return value is the negative NEA_E* code, err->offset
 *    the byte offset in the input (the byte at fault, not a PB-Error's
 *    header-relative offset) and err->msg the reason. Everything decoded
 *    before the error stays in `out`.
 *  - DUMP_AS_AUTO guesses the format from the first bytes (dump_guess())
 *    and starts the text with a "guess: ..." line saying what was taken.
 *  - The role only affects PB-TNC: DUMP_ROLE_SERVER checks a batch as the
 *    PB-TNC server receives it (it must come from the client, RESULT-only
 *    messages are refused), DUMP_ROLE_CLIENT as the client does; the
 *    default accepts either direction and marks RESULT-only messages outside
 *    RESULT as a client would skip them.
 *  - Nothing here does I/O; memory use is bounded by a small multiple of
 *    the input and the text produced.
 *
 *  - DUMP_AS_PBMSG and DUMP_AS_PAATTR take a bare sequence of PB-TNC
 *    messages or PA-TNC attributes (a fragment cut out of a batch or a
 *    message, e.g. the first-segment vectors). The decoder wraps them in a
 *    synthetic RESULT batch (CDATA for DUMP_ROLE_SERVER) or a PA-TNC
 *    message with ID 0 so the same lib/wire judges apply; the synthetic
 *    header is not printed and offsets still name input bytes.
 *
 * dump_hex_decode() reads the text form of tests/vectors/ (*.hex): hex
 * digit pairs; whitespace is ignored and '#' starts a comment that runs to
 * the end of the line. Errors name line, column and offset.
 */
#ifndef NEA_CMD_DUMP_H
#define NEA_CMD_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

typedef enum {
	DUMP_AS_AUTO = 0,
	DUMP_AS_PTTLS,
	DUMP_AS_EAP,      /* an EAP packet: PT-EAP, EAP-TNC, EAP-TTLS, ... */
	DUMP_AS_EAP_TTLS, /* EAP-TTLS phase-2 data: Diameter AVPs */
	DUMP_AS_PBTNC,
	DUMP_AS_PATNC,
	DUMP_AS_PBMSG,  /* PB-TNC messages without their batch header */
	DUMP_AS_PAATTR, /* PA-TNC attributes without their message header */
} dump_as_t;

typedef enum {
	DUMP_ROLE_ANY = 0,
	DUMP_ROLE_CLIENT,
	DUMP_ROLE_SERVER,
} dump_role_t;

typedef enum {
	DUMP_HEX_AUTO = 0, /* dump_input(): hex text if dump_is_hex_text() says so */
	DUMP_HEX_ON,
	DUMP_HEX_OFF,
} dump_hex_t;

typedef struct {
	dump_as_t as;
	dump_role_t role;
	dump_hex_t hex; /* only dump_input() looks at it */
} dump_opts_t;

/*
 * "pt-tls", "pt-eap" (or "eap", "eap-tnc"), "eap-ttls", "pb-tnc", "pa-tnc",
 * "pb-msg", "pa-attr"; NEA_EINVAL otherwise.
 */
int dump_as_parse(const char *name, dump_as_t *as);
/* Human name of a format: "PT-TLS message stream", "PB-TNC batch", ... */
const char *dump_as_name(dump_as_t as);

/*
 * The format the first bytes suggest, DUMP_AS_AUTO if none fits. why (may
 * be NULL) receives the evidence ("version 2 header, batch length 366 =
 * input size").
 */
dump_as_t dump_guess(const uint8_t *buf, size_t len, char *why, size_t why_len);

/* See the contract above. 0 or a negative NEA_E* code with *err filled. */
int dump_bytes(const uint8_t *buf, size_t len, const dump_opts_t *opts, nea_wr_t *out,
	       nea_perr_t *err);

/*
 * What `nea dump` runs on a file's contents: opts->hex decides whether they
 * are hex text (DUMP_HEX_AUTO: when dump_is_hex_text() holds, announced by
 * an "input: hex text ..." line), then dump_bytes(). A hex text error is
 * returned like a decoding error, err->offset being the offset in the text
 * and err->msg naming line and column; offsets of decoding errors count
 * decoded bytes.
 */
int dump_input(const uint8_t *in, size_t len, const dump_opts_t *opts, nea_wr_t *out,
	       nea_perr_t *err);

typedef struct {
	size_t line;   /* 1-based */
	size_t col;    /* 1-based */
	size_t offset; /* 0-based offset of the character in the text */
	char msg[96];
} dump_hex_err_t;

/* Hex text -> bytes (*out malloc'ed, caller frees; never NULL on success). */
int dump_hex_decode(const char *text, size_t len, uint8_t **out, size_t *out_len,
		    dump_hex_err_t *err);

/*
 * Is this clearly hex text rather than binary wire bytes? True when the
 * input is not empty, holds at least one hex digit and, outside '#'
 * comments, nothing but hex digits and whitespace. No binary input of the
 * supported formats qualifies: each starts with a byte below 0x20 or with
 * 0x80 (a NOSKIP flag), never with '#', a hex digit or whitespace. The
 * digit count is not checked, so an odd count is reported as a hex error
 * instead of being decoded as binary.
 */
bool dump_is_hex_text(const uint8_t *in, size_t len);

#endif

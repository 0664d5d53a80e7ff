/*
 * seg_env: one attribute travelling in TCG IF-M Segment Envelopes, seen
 * from the sender (seg_tx_t, the splitter) or the receiver (seg_rx_t, the
 * reassembler). seg_contract.h keeps many of these per contract.
 *
 * Contract (strongSwan 5.9.14 seg_env.c behaviour, byte for byte):
 *  - The byte stream is the WHOLE encoded attribute, its 12-byte header
 *    included. The first envelope (flags M|S) carries the first
 *    max_seg_size bytes, so the header is never split; each later one
 *    carries min(max_seg_size, rest) bytes with flags M, the last one 0.
 *    An envelope value is 4 + segment bytes. An attribute is segmentable
 *    only if 12 <= max_seg_size < its total length.
 *  - The receiver checks the embedded header as soon as the first segment
 *    arrives: fewer than 12 bytes -> Invalid Parameter (offset 0), length
 *    below 12 -> offset 8, vendor 0xffffff -> offset 1, type 0xffffffff ->
 *    offset 4, unknown type with NOSKIP -> Attribute Type Not Supported,
 *    unknown without NOSKIP -> skipped silently. The declared length must
 *    fit the receiver's memory bound (else Invalid Parameter, offset 8).
 *    When all declared bytes are in, the value is parsed by its codec; a
 *    malformed value -> Invalid Parameter at 12 + value offset, except for
 *    a PA-TNC Error attribute, which is never answered. A last segment
 *    (no M flag) that leaves the attribute incomplete -> Invalid Parameter
 *    offset 8; bytes beyond the declared length -> Invalid Parameter at the
 *    declared length. Every error attribute's message info is ff ff ff ff
 *    followed by the 32-bit base message id.
 *  - Buffers grow with the data actually received, never to a length the
 *    peer merely claims.
 */
#ifndef NEA_SEG_ENV_H
#define NEA_SEG_ENV_H

#include "attr_tcg_seg_env.h"
#include "patnc_attr.h"
#include "patnc_msg.h"

typedef struct {
	uint32_t base_id;
	uint8_t *data; /* owned copy of the encoded attribute */
	size_t len;
	size_t off;    /* bytes already handed out */
	uint32_t max_seg;
	uint64_t touched;
} seg_tx_t;

/* NEA_EINVAL when the attribute is not segmentable with max_seg. */
int seg_tx_init(seg_tx_t *tx, uint32_t base_id, const uint8_t *attr, size_t len,
		uint32_t max_seg);
/* First envelope (flags M|S); env borrows from tx. */
void seg_tx_first(seg_tx_t *tx, attr_tcg_seg_env_t *env);
/* Next envelope; *last set for the final one; NEA_ENOTFOUND when done. */
int seg_tx_next(seg_tx_t *tx, attr_tcg_seg_env_t *env, bool *last);
bool seg_tx_done(const seg_tx_t *tx);
void seg_tx_free(seg_tx_t *tx);

typedef enum {
	SEG_MORE = 0,    /* buffered: ask for the next segment */
	SEG_DONE = 1,    /* the attribute is complete */
	SEG_SKIPPED = 2, /* unknown type without NOSKIP: dropped without an error */
} seg_status_t;

/* A reassembled attribute. */
typedef struct {
	uint8_t *buf;     /* owned: whole attribute, header included */
	size_t len;
	patnc_attr_t attr; /* value borrows from buf; data owned (decoded) */
} seg_attr_t;

void seg_attr_free(seg_attr_t *a);

typedef struct {
	uint32_t base_id;
	uint8_t msg_info[PA_ERROR_MSG_INFO_LEN]; /* ff ff ff ff + base id */
	uint8_t flags;
	uint32_t vendor;
	uint32_t type;
	uint32_t declared; /* attribute length from the embedded header */
	uint8_t *buf;
	size_t len;
	size_t cap;
	size_t segments;
	bool awaiting; /* a Next Segment was requested; one envelope may come */
	uint64_t touched;
} seg_rx_t;

/*
 * Start from a first segment. limit is the largest attribute (header
 * included) this receiver accepts. Returns a seg_status_t or a negative
 * NEA_E* code with *fault telling what to send back. On SEG_DONE *out
 * holds the attribute and rx is empty; on SEG_MORE rx holds the state.
 */
int seg_rx_start(seg_rx_t *rx, uint32_t base_id, const uint8_t *seg, size_t len, size_t limit,
		 seg_attr_t *out, patnc_fault_t *fault);
/* Add a later segment (more = the envelope's M flag). Same results. */
int seg_rx_add(seg_rx_t *rx, const uint8_t *seg, size_t len, bool more, seg_attr_t *out,
	       patnc_fault_t *fault);
void seg_rx_free(seg_rx_t *rx);

#endif

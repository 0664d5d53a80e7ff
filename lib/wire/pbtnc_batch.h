/*
 * pbtnc_batch: PB-TNC batches (RFC 5793 §4.1): the receiver that applies
 * strongSwan's rules and the sender that packs messages up to a size limit.
 *
 * Receiving, pbtnc_batch_parse(): checks, in strongSwan's order, header
 * length, version, direction, batch type, size limit, batch length, then
 * (if the caller passes its state) the state machine, then every message:
 * reserved vendor/type, length, known/unknown, NOSKIP, table length,
 * RESULT-only placement, and the value itself. The first failure stops the
 * parse; it returns a negative NEA_E* code, err->offset = the PB-Error
 * offset, and *reply = the fatal PB-Error strongSwan would put into the
 * CLOSE batch it sends in answer:
 *
 *   failure                                       PB-Error             offset
 *   fewer than 8 bytes                            Invalid Parameter    0
 *   version != 2                                  Version Not Supp.    (bad version echoed)
 *   D bit equal to the receiver's own role        Invalid Parameter    1
 *   batch type (low 4 bits of byte 3) > 6         Invalid Parameter    3
 *   batch larger than max_batch_size              Invalid Parameter    4  (nea's own limit)
 *   batch length != bytes received                Invalid Parameter    4
 *   batch type not allowed in the state           Unexpected Batch Type 0
 *   batch type 0 (legal in no state)              Unexpected Batch Type 0
 *   fewer than 12 bytes left for a message header Invalid Parameter    msg
 *   message length > bytes left                   Invalid Parameter    msg+8
 *   message vendor 0xffffff                       Invalid Parameter    msg+1
 *   message type 0xffffffff                       Invalid Parameter    msg+4
 *   IETF PB-Experimental with NOSKIP              Unsupported Mand.    msg
 *   unknown type, length < 12                     Invalid Parameter    msg+8
 *   unknown type with NOSKIP                      Unsupported Mand.    msg
 *   known type with the wrong NOSKIP flag         Invalid Parameter    msg
 *   known type shorter than / not its table size  Invalid Parameter    msg
 *   RESULT-only message outside RESULT, server    Invalid Parameter    msg
 *   bad message value                             Invalid Parameter    msg + value offset
 *
 * "msg" is the offset of the message header in the batch. For a bad value
 * strongSwan adds the value-relative offset to the header offset (not to
 * the value start); nea reproduces that, so a PB-PA with a reserved PA
 * vendor is reported at msg+1. Unknown types without NOSKIP and (for a
 * client) RESULT-only messages outside RESULT are kept with skip = true.
 *
 * The result is a view: messages point into buf, which must outlive it;
 * pbtnc_batch_free() releases the message array only.
 *
 * Sending, pbtnc_batch_builder_*: messages are appended in order while
 * header + messages stay within max_batch_size; a message that does not
 * fit is refused with NEA_ETOOBIG and leaves the batch unchanged, so the
 * caller keeps it (and everything after it, as strongSwan does) for the
 * next batch.
 */
#ifndef PBTNC_BATCH_H
#define PBTNC_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "pbtnc_msg.h"
#include "pbtnc_state.h"

#define PBTNC_VERSION 2
#define PBTNC_BATCH_HDR_LEN 8
#define PBTNC_BATCH_FLAG_D 0x80

/* strongSwan tnccs_20.c defaults */
#define PBTNC_MAX_BATCH_PTTLS 2097136u /* 128 * 16384 - 16 */
#define PBTNC_MAX_BATCH_EAP 65522u     /* 4 * 16384 - 14 */

typedef enum {
	PBTNC_BATCH_NONE = 0,
	PBTNC_BATCH_CDATA = 1,
	PBTNC_BATCH_SDATA = 2,
	PBTNC_BATCH_RESULT = 3,
	PBTNC_BATCH_CRETRY = 4,
	PBTNC_BATCH_SRETRY = 5,
	PBTNC_BATCH_CLOSE = 6,
} pbtnc_batch_type_t;

typedef struct {
	uint8_t version;
	bool from_server; /* D bit */
	uint8_t type;     /* low 4 bits of byte 3 */
	uint32_t length;
} pbtnc_batch_hdr_t;

typedef struct {
	bool is_server;       /* the receiver's own role */
	bool ignore_direction; /* mutual mode: do not check D against the role */
	size_t max_batch_size; /* 0 = PBTNC_MAX_BATCH_PTTLS */
	const pbtnc_state_t *state; /* if set, check the batch type against it */
} pbtnc_recv_opts_t;

typedef struct {
	pbtnc_batch_hdr_t hdr;
	pbtnc_msg_t *msgs;
	size_t n_msgs;
	bool empty;  /* nothing after the header (strongSwan's "empty CDATA") */
	pbtnc_state_t next_state; /* when opts->state was given */
} pbtnc_batch_t;

/* Decode the 8-byte header without judging it (for dumps and logs). */
int pbtnc_batch_hdr_parse(const uint8_t *buf, size_t len, pbtnc_batch_hdr_t *h, nea_perr_t *err);

int pbtnc_batch_parse(const uint8_t *buf, size_t len, const pbtnc_recv_opts_t *opts,
		      pbtnc_batch_t *out, pbtnc_error_t *reply, nea_perr_t *err);
void pbtnc_batch_free(pbtnc_batch_t *b);

typedef struct {
	nea_wr_t w;
	size_t max;
	size_t n_msgs;
} pbtnc_batch_builder_t;

/* max_batch_size 0 = PBTNC_MAX_BATCH_PTTLS; at least 8. */
int pbtnc_batch_builder_init(pbtnc_batch_builder_t *b, bool is_server, uint8_t type,
			     size_t max_batch_size);
/* 0 = added; NEA_ETOOBIG = does not fit (batch unchanged); other errors. */
int pbtnc_batch_builder_add(pbtnc_batch_builder_t *b, const pbtnc_msg_t *m);
/* The finished batch (caller frees), NULL on error; the builder is reset. */
uint8_t *pbtnc_batch_builder_finish(pbtnc_batch_builder_t *b, size_t *len);
void pbtnc_batch_builder_free(pbtnc_batch_builder_t *b);

/*
 * One-shot: add msgs[0..n) in order until one does not fit; *n_added says
 * how many went in (the rest stay with the caller for the next batch).
 */
int pbtnc_batch_build(bool is_server, uint8_t type, const pbtnc_msg_t *msgs, size_t n,
		      size_t max_batch_size, uint8_t **out, size_t *out_len, size_t *n_added);

#endif

/*
 * patnc_msg: PA-TNC messages (RFC 5792 section 4): the 8-byte message
 * header, iteration over attributes, a size-limited builder and the
 * receiver that applies strongSwan's rules.
 *
 * Contract:
 *  - Pure functions over byte buffers; decoded attributes borrow from the
 *    message buffer, which must outlive them.
 *  - Every length is checked before use. Iteration stops at the first
 *    malformed attribute header and reports the byte offset inside the
 *    message where strongSwan would: the attribute start when fewer than 12
 *    bytes remain, +8 (the length field) when the length is below 12 or
 *    runs past the message, +1 for the reserved vendor 0xffffff, +4 for the
 *    reserved type 0xffffffff.
 *  - patnc_msg_process() decides what to send back, as a patnc_fault_t:
 *      message shorter than 8 bytes         NEA_ETRUNC, nothing to send
 *      version != 1                         Version Not Supported
 *      malformed attribute header           Invalid Parameter (offset above)
 *      unknown type with NOSKIP             Attribute Type Not Supported
 *                                           (flags, vendor, type echoed)
 *      unknown type without NOSKIP          kept raw (codec NULL), skipped
 *      known type with a malformed value    Invalid Parameter at header
 *                                           offset + 12 + value offset
 *      malformed PA-TNC Error attribute     dropped silently: an error is
 *                                           never answered with an error
 *    Every error attribute carries the first 8 bytes of the message.
 *    Processing stops at the first fault, as strongSwan's does; the
 *    attributes decoded before it are kept but callers should drop the
 *    message.
 *  - The builder never emits a message longer than its limit: an attribute
 *    that does not fit is refused with NEA_ETOOBIG and leaves the message
 *    unchanged, so the caller can put it into the next one.
 */
#ifndef NEA_PATNC_MSG_H
#define NEA_PATNC_MSG_H

#include "attr_ietf_pa_tnc_error.h"
#include "patnc_attr.h"

#define PATNC_VERSION 1
#define PATNC_MSG_HDR_LEN 8

typedef struct {
	uint8_t version;
	uint32_t reserved; /* 24 bits, ignored */
	uint32_t msg_id;
	uint8_t raw[PATNC_MSG_HDR_LEN]; /* the first 8 bytes, for error attributes */
} patnc_msg_hdr_t;

/* NEA_ETRUNC if len < 8; NEA_EVERSION (hdr filled) if the version is not 1. */
int patnc_msg_hdr_parse(const uint8_t *msg, size_t len, patnc_msg_hdr_t *hdr, nea_perr_t *err);

typedef struct {
	nea_rd_t rd; /* over the whole message, positioned at the next attribute */
} patnc_iter_t;

/* Start after the message header (len must be >= 8). */
void patnc_iter_init(patnc_iter_t *it, const uint8_t *msg, size_t len);
/*
 * Next attribute header and borrowed value into *a (codec and data NULL):
 * 1 when an attribute was read, 0 at the end, negative NEA_E* with err's
 * offset relative to the message start.
 */
int patnc_iter_next(patnc_iter_t *it, patnc_attr_t *a, nea_perr_t *err);

/* What a receiver must send back after a fault. */
typedef struct {
	bool has_error;                 /* send `error` as an IETF PA-TNC Error */
	attr_ietf_pa_tnc_error_t error; /* holds no pointers for codes 1..3 */
	nea_perr_t perr;                /* code, byte offset in the message, reason */
} patnc_fault_t;

typedef struct {
	patnc_msg_hdr_t hdr;
	patnc_attr_t *attrs; /* in message order; unknown skipped ones have codec NULL */
	size_t count;
	size_t cap;
	size_t skipped;    /* unknown attributes without NOSKIP */
	size_t suppressed; /* malformed PA-TNC Error attributes dropped */
	patnc_fault_t fault;
} patnc_rx_t;

/*
 * Decode a received message. 0 when every attribute was accepted; else the
 * negative code of the fault, with rx->fault saying what (if anything) to
 * send back. rx must be released with patnc_rx_free in both cases.
 */
int patnc_msg_process(const uint8_t *msg, size_t len, patnc_rx_t *rx);
void patnc_rx_free(patnc_rx_t *rx);
/* First attribute of (vendor, type) in rx, or NULL. */
const patnc_attr_t *patnc_rx_find(const patnc_rx_t *rx, uint32_t vendor, uint32_t type);

typedef struct {
	nea_wr_t w;
	size_t max; /* message size limit */
	size_t count;
} patnc_builder_t;

/* max_msg_len 0 means no limit below 2^32-1. Writes the header. */
int patnc_builder_init(patnc_builder_t *b, uint32_t msg_id, size_t max_msg_len);
/* Add an attribute built by its codec; NEA_ETOOBIG if it does not fit. */
int patnc_builder_add(patnc_builder_t *b, uint8_t flags, uint32_t vendor, uint32_t type,
		      const void *data);
int patnc_builder_add_raw(patnc_builder_t *b, uint8_t flags, uint32_t vendor, uint32_t type,
			  const uint8_t *value, size_t len);
/* Bytes still available for attributes (headers included). */
size_t patnc_builder_space(const patnc_builder_t *b);
/* Take the encoded message (caller frees); NULL on a sticky writer error. */
uint8_t *patnc_builder_finish(patnc_builder_t *b, size_t *len);
void patnc_builder_free(patnc_builder_t *b);

/* A complete PA-TNC message carrying the fault's error attribute. */
int patnc_fault_to_msg(const patnc_fault_t *f, uint32_t msg_id, uint8_t **out, size_t *len);

/*
 * Human-readable dump of a whole message (for logs and `nea dump`): header
 * line, every attribute with its decoded fields, and the fault if any.
 * Returns what patnc_msg_process returned.
 */
int patnc_msg_dump(const uint8_t *msg, size_t len, nea_wr_t *o);

#endif

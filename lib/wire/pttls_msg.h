/*
 * pttls_msg: PT-TLS message framing (RFC 6876 §3.5): the 16-byte header,
 * the IETF message types, and a splitter that finds whole messages in the
 * decrypted TLS byte stream.
 *
 * Contract: pttls_msg_parse() takes exactly one message (as the splitter
 * delimited it) and returns a view whose value points into the input.
 * A Message Length below 16 or above the limit (PTTLS_MAX_MESSAGE_LEN,
 * 2 097 136, or a smaller caller limit) is an error at offset 8, as is a
 * length that disagrees with the bytes given. The Reserved byte is ignored
 * on receipt (RFC 6876: "ignored on receipt"; strongSwan does not check it)
 * and written as zero. Vendor-specific types are framed like IETF ones;
 * the caller decides to ignore them, as strongSwan does.
 *
 * pttls_stream_next() never allocates and never trusts a length beyond the
 * limit: it returns 0 with the whole message length when buf starts with a
 * complete message, NEA_EAGAIN when more bytes are needed (*need = total
 * bytes needed so far: 16 until the header is complete, then the message
 * length), or the header error.
 *
 * Value codecs live in pttls_version.c, pttls_sasl.c, pttls_sasl_plain.c
 * and pttls_error.c; their error offsets are relative to the value, so a
 * front end adds PTTLS_HDR_LEN when it reports a message offset.
 */
#ifndef PTTLS_MSG_H
#define PTTLS_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PTTLS_HDR_LEN 16
#define PTTLS_MAX_MESSAGE_LEN 2097136u /* 128 * 16384 - 16 (pt_tls.h) */
#define PTTLS_VERSION 1
#define PTTLS_PORT 271

typedef enum {
	PTTLS_EXPERIMENTAL = 0,
	PTTLS_VERSION_REQUEST = 1,
	PTTLS_VERSION_RESPONSE = 2,
	PTTLS_SASL_MECHS = 3,
	PTTLS_SASL_MECH_SELECTION = 4,
	PTTLS_SASL_AUTH_DATA = 5,
	PTTLS_SASL_RESULT = 6,
	PTTLS_PB_TNC_BATCH = 7,
	PTTLS_ERROR = 8,
} pttls_type_t;
#define PTTLS_RESERVED_TYPE 0xffffffffu

typedef struct {
	uint32_t vendor; /* Message Type Vendor ID, 24 bits */
	uint32_t type;
	uint32_t length; /* including the header */
	uint32_t identifier;
} pttls_hdr_t;

typedef struct {
	pttls_hdr_t hdr;
	const uint8_t *value;
	size_t value_len;
} pttls_msg_t;

/* Decode and check a header from the first 16 bytes of buf. max_len 0 =
 * PTTLS_MAX_MESSAGE_LEN; a larger max_len is clamped to it. */
int pttls_hdr_parse(const uint8_t *buf, size_t len, size_t max_len, pttls_hdr_t *h,
		    nea_perr_t *err);

/* Parse exactly one whole message (len must equal its Message Length). */
int pttls_msg_parse(const uint8_t *buf, size_t len, size_t max_len, pttls_msg_t *m,
		    nea_perr_t *err);

/* Append header + value; NEA_ETOOBIG if it would exceed PTTLS_MAX_MESSAGE_LEN. */
int pttls_msg_build(nea_wr_t *w, uint32_t vendor, uint32_t type, uint32_t identifier,
		    const uint8_t *value, size_t value_len);

/* See the contract above. */
int pttls_stream_next(const uint8_t *buf, size_t len, size_t max_len, size_t *need,
		      nea_perr_t *err);

#endif

/*
 * attr_swima_req: IETF SWIMA Request (RFC 8412 5.7, IETF type 13).
 *
 * Contract: Flags (C=0x80 clear subscriptions, S=0x40 subscribe, R=0x20
 * result type: software identifiers only; the other bits are reserved and
 * dropped on receipt, as strongSwan does), a 24-bit Software Identifier
 * Count, Request ID, Earliest EID (0 = inventory, else events since that
 * EID), then Count 2-byte-length-prefixed software identifiers, ending
 * exactly with the value. Identifiers are borrowed; a parsed struct owns
 * its array (attr_swima_req_release). Example from the captures, policy
 * 'SWID Tag IDs': 20 000000 00000035 00000001.
 */
#ifndef NEA_ATTR_SWIMA_REQ_H
#define NEA_ATTR_SWIMA_REQ_H

#include "patnc_attr.h"

#define SWIMA_REQ_FLAG_CLEAR 0x80
#define SWIMA_REQ_FLAG_SUBSCRIBE 0x40
#define SWIMA_REQ_FLAG_SW_ID_ONLY 0x20
#define SWIMA_REQ_FLAGS 0xe0

typedef struct {
	const uint8_t *id;
	size_t len;
} attr_swima_sw_id_t;

typedef struct {
	uint8_t flags;
	uint32_t request_id;
	uint32_t earliest_eid;
	attr_swima_sw_id_t *ids;
	size_t count; /* at most 2^24-1 */
} attr_swima_req_t;

int attr_swima_req_parse(const uint8_t *v, size_t len, attr_swima_req_t *out, nea_perr_t *err);
int attr_swima_req_build(const attr_swima_req_t *in, nea_wr_t *w);
void attr_swima_req_print(const attr_swima_req_t *in, nea_wr_t *o);
void attr_swima_req_release(attr_swima_req_t *a);

/*
 * The request body without its attribute framing, shared with the
 * Subscription Status Response (each subscription repeats it): reads one
 * Flags/Count/ID/EID/identifiers block from r.
 */
int attr_swima_req_read(nea_rd_t *r, attr_swima_req_t *out, nea_perr_t *err);
void attr_swima_req_write(const attr_swima_req_t *in, nea_wr_t *w);

extern const patnc_codec_t attr_swima_req_codec;

#endif

/*
 * attr_ietf_port_filter: IETF Port Filter (RFC 5792 4.2.6, type 6).
 *
 * Contract: a list of 4-byte (blocked, protocol, port) entries. The 7
 * reserved bits next to Blocked are written as 0 and ignored on receipt. A
 * parsed struct owns its entries array (attr_ietf_port_filter_release).
 * strongSwan's imc_scanner sends this attribute with NOSKIP set.
 */
#ifndef NEA_ATTR_IETF_PORT_FILTER_H
#define NEA_ATTR_IETF_PORT_FILTER_H

#include "patnc_attr.h"

typedef struct {
	bool blocked;
	uint8_t protocol; /* 6 TCP, 17 UDP */
	uint16_t port;
} attr_ietf_port_entry_t;

typedef struct {
	attr_ietf_port_entry_t *entries;
	size_t count;
} attr_ietf_port_filter_t;

int attr_ietf_port_filter_parse(const uint8_t *v, size_t len, attr_ietf_port_filter_t *out,
				nea_perr_t *err);
int attr_ietf_port_filter_build(const attr_ietf_port_filter_t *in, nea_wr_t *w);
void attr_ietf_port_filter_print(const attr_ietf_port_filter_t *in, nea_wr_t *o);
void attr_ietf_port_filter_release(attr_ietf_port_filter_t *a);

extern const patnc_codec_t attr_ietf_port_filter_codec;

#endif

/*
 * pbtnc_msg_pdp: the TCG PB-PDP-Referral value (TCG PDP Discovery and
 * Validation 1.0 §3.1.1.1), vendor TCG 0x005597, type 1.
 *
 * Contract: Reserved(1) Identifier Vendor(3) Identifier Type(4) then the
 * identifier. For TCG types 0 (FQDN), 1 (IPv4) and 2 (IPv6) the identifier
 * is Reserved(1) Protocol(1, 0 = PT-TLS) Port(2) followed by the FQDN bytes,
 * a 4-byte or a 16-byte address. As strongSwan: a TCG FQDN identifier of
 * 4 bytes or less fails at offset 8; IPv4/IPv6 identifiers are not checked
 * by strongSwan, so one of the wrong size is accepted and only its raw
 * bytes are returned (typed = false). Pointers aim into the input.
 */
#ifndef PBTNC_MSG_PDP_H
#define PBTNC_MSG_PDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PBTNC_PDP_HDR_LEN 8
#define PBTNC_PDP_ID_HDR_LEN 4

enum {
	PBTNC_PDP_ID_FQDN = 0,
	PBTNC_PDP_ID_IPV4 = 1,
	PBTNC_PDP_ID_IPV6 = 2,
};
#define PBTNC_PDP_PROTOCOL_PT_TLS 0

typedef struct {
	uint32_t id_vendor; /* PDP Identifier Vendor ID, 24 bits */
	uint32_t id_type;
	const uint8_t *id;  /* the whole identifier */
	size_t id_len;
	/* TCG FQDN/IPv4/IPv6 with a well-formed identifier: */
	bool typed;
	uint8_t protocol;
	uint16_t port;
	const uint8_t *addr; /* FQDN bytes, or 4 / 16 address bytes */
	size_t addr_len;
} pbtnc_pdp_t;

int pbtnc_pdp_parse(const uint8_t *v, size_t len, pbtnc_pdp_t *out, nea_perr_t *err);
/*
 * For a TCG FQDN/IPv4/IPv6 type with typed = true the identifier is built
 * from protocol, port and addr (addr_len must be 4 / 16 for IPv4 / IPv6);
 * otherwise id is written verbatim.
 */
int pbtnc_pdp_build(nea_wr_t *w, const pbtnc_pdp_t *in);

#endif

/* Configuration payload (RFC 7296 §3.15). */
#include "ike_payload.h"

/*
 *   Payload body:
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   CFG Type    |                    RESERVED                   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                   Configuration Attributes                    ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Configuration attribute (§3.15.1):
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |R|         Attribute Type      |            Length             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                             Value                             ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   A request carries empty values ("give me an address"); a reply the
 *   value, whose size the attribute type fixes (an IPv6 address with its
 *   prefix length is 17 bytes, an IPv4 subnet address+mask 8).
 */
#define ATTR_HDR_LEN 4

/* Allowed non-zero value size, 0 = any size, SIZE_MAX = must be empty. */
static size_t value_len(uint16_t type)
{
	switch (type) {
	case IKE_CA_INTERNAL_IP4_ADDRESS:
	case IKE_CA_INTERNAL_IP4_NETMASK:
	case IKE_CA_INTERNAL_IP4_DNS:
	case IKE_CA_INTERNAL_IP4_NBNS:
	case IKE_CA_INTERNAL_IP4_DHCP:
	case IKE_CA_INTERNAL_ADDRESS_EXPIRY:
	case IKE_CA_P_CSCF_IP4_ADDRESS:
		return 4;
	case IKE_CA_INTERNAL_IP4_SUBNET:
		return 8;
	case IKE_CA_INTERNAL_IP6_DNS:
	case IKE_CA_INTERNAL_IP6_NBNS:
	case IKE_CA_INTERNAL_IP6_DHCP:
	case IKE_CA_P_CSCF_IP6_ADDRESS:
		return 16;
	case IKE_CA_INTERNAL_IP6_ADDRESS:
	case IKE_CA_INTERNAL_IP6_SUBNET:
		return 17;
	default:
		return 0;
	}
}

static int value_ok(uint16_t type, size_t len)
{
	size_t want = value_len(type);

	if (type == IKE_CA_SUPPORTED_ATTRIBUTES)
		return len % 2 == 0;
	return len == 0 || want == 0 || len == want;
}

int ike_pl_cp_parse(ike_pl_cp_t *cp, nea_rd_t *r, size_t base, ike_arena_t *a, unsigned flags,
		    nea_perr_t *err)
{
	const uint8_t *res;
	nea_rd_t scan;
	size_t n = 0;

	if (!nea_rd_u8(r, &cp->cfg_type) || !nea_rd_bytes(r, 3, &res))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "CP payload needs 4 bytes");
	if ((flags & IKE_PARSE_STRICT) && (res[0] | res[1] | res[2]))
		return nea_perr(err, NEA_EINVAL, base + 1, "reserved CP octets set");
	/* validate and count, then fill */
	scan = *r;
	while (nea_rd_left(&scan)) {
		size_t at = scan.off;
		uint16_t type, len;

		if (!nea_rd_u16(&scan, &type) || !nea_rd_u16(&scan, &len))
			return nea_perr(err, NEA_ETRUNC, base + at, "CP attribute header truncated");
		if ((flags & IKE_PARSE_STRICT) && (type & IKE_CA_RESERVED_BIT))
			return nea_perr(err, NEA_EINVAL, base + at, "reserved CP attribute bit set");
		type &= (uint16_t)~IKE_CA_RESERVED_BIT;
		if (!nea_rd_skip(&scan, len))
			return nea_perr(err, NEA_ETRUNC, base + at + 2,
					"CP attribute length %u exceeds the payload", len);
		if (!value_ok(type, len))
			return nea_perr(err, NEA_EINVAL, base + at + 2,
					"CP attribute %u with a %u-byte value", type, len);
		n++;
	}
	cp->nattrs = 0;
	cp->attrs = NULL;
	if (!n)
		return 0;
	cp->attrs = ike_arena_array(a, n, sizeof(*cp->attrs));
	if (!cp->attrs)
		return NEA_ENOMEM;
	for (; cp->nattrs < n; cp->nattrs++) {
		ike_cp_attr_t *at = &cp->attrs[cp->nattrs];
		uint16_t len;

		nea_rd_u16(r, &at->type);
		at->type &= (uint16_t)~IKE_CA_RESERVED_BIT;
		nea_rd_u16(r, &len);
		at->value.len = len;
		nea_rd_bytes(r, len, &at->value.ptr);
	}
	return 0;
}

int ike_pl_cp_build(const ike_pl_cp_t *cp, nea_wr_t *w)
{
	nea_wr_u8(w, cp->cfg_type);
	nea_wr_zeros(w, 3);
	for (size_t i = 0; i < cp->nattrs; i++) {
		const ike_cp_attr_t *at = &cp->attrs[i];

		if ((at->type & IKE_CA_RESERVED_BIT) || at->value.len > UINT16_MAX ||
		    !value_ok(at->type, at->value.len))
			return NEA_EINVAL;
		nea_wr_u16(w, at->type);
		nea_wr_u16(w, (uint16_t)at->value.len);
		nea_wr_bytes(w, at->value.ptr, at->value.len);
	}
	return nea_wr_error(w);
}

/* Extensible Authentication payload (RFC 7296 §3.16). */
#include "ike_payload.h"

/*
 *   The body is exactly one EAP packet (RFC 3748 §4):
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Code      | Identifier    |           Length              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      | Type_Data ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Length covers the whole EAP packet and must equal the body length;
 *   Success/Failure are 4 bytes, Request/Response at least 5; an expanded
 *   type (254) is followed by a 3-byte vendor ID and a 4-byte vendor type.
 */
#define EAP_HDR_LEN 4

int ike_pl_eap_parse(ike_pl_eap_t *e, nea_rd_t *r, size_t base, nea_perr_t *err)
{
	nea_rd_t all = *r;
	uint16_t len;

	e->pkt.len = nea_rd_left(&all);
	nea_rd_bytes(&all, e->pkt.len, &e->pkt.ptr);
	e->eap_type = 0;
	e->vendor = e->vendor_type = 0;
	if (!nea_rd_u8(r, &e->code) || !nea_rd_u8(r, &e->id) || !nea_rd_u16(r, &len))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "EAP packet needs 4 bytes");
	if (len != e->pkt.len)
		return nea_perr(err, NEA_EINVAL, base + 2,
				"EAP length %u differs from the payload's %zu bytes", len, e->pkt.len);
	switch (e->code) {
	case IKE_EAP_SUCCESS:
	case IKE_EAP_FAILURE:
		if (len != EAP_HDR_LEN)
			return nea_perr(err, NEA_EINVAL, base + 2,
					"EAP Success/Failure of %u bytes", len);
		return 0;
	case IKE_EAP_REQUEST:
	case IKE_EAP_RESPONSE:
		break;
	default:
		return nea_perr(err, NEA_EINVAL, base, "unknown EAP code %u", e->code);
	}
	if (!nea_rd_u8(r, &e->eap_type))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "EAP %s without a type",
				e->code == IKE_EAP_REQUEST ? "request" : "response");
	if (e->eap_type == IKE_EAP_T_EXPANDED &&
	    (!nea_rd_u24(r, &e->vendor) || !nea_rd_u32(r, &e->vendor_type)))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "expanded EAP type truncated");
	nea_rd_skip(r, nea_rd_left(r));
	return 0;
}

int ike_pl_eap_build(const ike_pl_eap_t *e, nea_wr_t *w)
{
	nea_rd_t r;
	nea_perr_t err;
	ike_pl_eap_t chk;

	/* The packet comes from an EAP method; check its framing so a broken
	 * method cannot make us send a malformed payload. */
	nea_rd_init(&r, e->pkt.ptr, e->pkt.len);
	if (ike_pl_eap_parse(&chk, &r, 0, &err))
		return NEA_EINVAL;
	nea_wr_bytes(w, e->pkt.ptr, e->pkt.len);
	return nea_wr_error(w);
}

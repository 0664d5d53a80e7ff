#include "pbtnc_msg_pdp.h"

#include <string.h>

#include "tnc_names.h"

/*
 *   TCG PB-PDP-Referral value
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |   Reserved    |         PDP Identifier Vendor ID              |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                      PDP Identifier Type                      |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |             PDP Identifier Value (Variable Length)            |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   TCG FQDN / IPv4 / IPv6 identifier value:
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |   Reserved    |   Protocol    |        Port Number            |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |   FQDN (variable) | IPv4 address (4) | IPv6 address (16)      |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int pbtnc_pdp_parse(const uint8_t *v, size_t len, pbtnc_pdp_t *out, nea_perr_t *err)
{
	nea_rd_t r, id;
	uint8_t reserved;
	size_t want;

	memset(out, 0, sizeof(*out));
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &reserved) || !nea_rd_u24(&r, &out->id_vendor) ||
	    !nea_rd_u32(&r, &out->id_type))
		return nea_perr(err, NEA_ETRUNC, len, "PB-PDP-Referral needs 8 bytes, has %zu", len);
	out->id = v + r.off;
	out->id_len = nea_rd_left(&r);
	if (out->id_vendor != TNC_PEN_TCG || out->id_type > PBTNC_PDP_ID_IPV6)
		return 0;
	if (out->id_type == PBTNC_PDP_ID_FQDN && out->id_len <= PBTNC_PDP_ID_HDR_LEN)
		return nea_perr(err, NEA_EINVAL, PBTNC_PDP_HDR_LEN,
				"PDP FQDN identifier of %zu bytes is too short", out->id_len);
	want = out->id_type == PBTNC_PDP_ID_IPV4 ? 4 : out->id_type == PBTNC_PDP_ID_IPV6 ? 16 : 0;
	if (want && out->id_len != PBTNC_PDP_ID_HDR_LEN + want)
		return 0; /* strongSwan does not check IP identifiers: keep raw */
	nea_rd_init(&id, out->id, out->id_len);
	if (!nea_rd_u8(&id, &reserved) || !nea_rd_u8(&id, &out->protocol) ||
	    !nea_rd_u16(&id, &out->port))
		return 0;
	out->addr = out->id + id.off;
	out->addr_len = nea_rd_left(&id);
	out->typed = true;
	return 0;
}

int pbtnc_pdp_build(nea_wr_t *w, const pbtnc_pdp_t *in)
{
	if (in->id_vendor > 0xffffff)
		return NEA_EINVAL;
	nea_wr_u8(w, 0);
	nea_wr_u24(w, in->id_vendor);
	nea_wr_u32(w, in->id_type);
	if (in->typed && in->id_vendor == TNC_PEN_TCG && in->id_type <= PBTNC_PDP_ID_IPV6) {
		if ((in->id_type == PBTNC_PDP_ID_FQDN && in->addr_len == 0) ||
		    (in->id_type == PBTNC_PDP_ID_IPV4 && in->addr_len != 4) ||
		    (in->id_type == PBTNC_PDP_ID_IPV6 && in->addr_len != 16))
			return NEA_EINVAL;
		nea_wr_u8(w, 0);
		nea_wr_u8(w, in->protocol);
		nea_wr_u16(w, in->port);
		nea_wr_bytes(w, in->addr, in->addr_len);
	} else {
		nea_wr_bytes(w, in->id, in->id_len);
	}
	return nea_wr_error(w);
}

/* Identification payloads IDi and IDr (RFC 7296 §3.5). */
#include "ike_payload.h"

/*
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   ID Type     |                 RESERVED                      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                   Identification Data                         ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   IPv4 data is 4 bytes, IPv6 16, ID_NULL (RFC 7619) empty; every other
 *   type (FQDN, RFC822, DER DN, KEY_ID, ...) at least one byte.
 */
static int check_len(uint8_t type, size_t len)
{
	switch (type) {
	case IKE_ID_IPV4_ADDR: return len == 4;
	case IKE_ID_IPV6_ADDR: return len == 16;
	case IKE_ID_NULL: return len == 0;
	default: return len > 0;
	}
}

int ike_pl_id_parse(ike_pl_id_t *id, nea_rd_t *r, size_t base, unsigned flags, nea_perr_t *err)
{
	if (!nea_rd_u8(r, &id->id_type) || !nea_rd_copy(r, id->reserved, 3))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "ID payload needs 4 bytes");
	if ((flags & IKE_PARSE_STRICT) && (id->reserved[0] | id->reserved[1] | id->reserved[2]))
		return nea_perr(err, NEA_EINVAL, base + 1, "reserved ID octets set");
	id->data.len = nea_rd_left(r);
	nea_rd_bytes(r, id->data.len, &id->data.ptr);
	if (!check_len(id->id_type, id->data.len))
		return nea_perr(err, NEA_EINVAL, base + 4, "ID type %u with %zu bytes of data",
				id->id_type, id->data.len);
	return 0;
}

int ike_pl_id_build(const ike_pl_id_t *id, nea_wr_t *w)
{
	if (!check_len(id->id_type, id->data.len))
		return NEA_EINVAL;
	nea_wr_u8(w, id->id_type);
	/* Written as given: AUTH covers these octets, so a reply must be
	 * able to reproduce exactly what it signs. */
	nea_wr_bytes(w, id->reserved, 3);
	nea_wr_bytes(w, id->data.ptr, id->data.len);
	return nea_wr_error(w);
}

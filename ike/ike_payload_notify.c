/* Notify payload (RFC 7296 §3.10). */
#include "ike_payload.h"

/*
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Protocol ID  |   SPI Size    |      Notify Message Type      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                Security Parameter Index (SPI)                 ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                       Notification Data                       ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Data lengths fixed by the defining RFCs are checked here for the types
 *   whose data the daemon uses (a NAT detection hash, a cookie, a group) and
 *   the error types strongSwan checks; status flags with stray data are
 *   tolerated, as charon does, since the flag alone carries the meaning.
 */
static const char *check_data(uint16_t type, size_t len)
{
	switch (type) {
	case IKE_N_NAT_DETECTION_SOURCE_IP:
	case IKE_N_NAT_DETECTION_DESTINATION_IP:
		return len == 20 ? NULL : "NAT detection hash must be 20 bytes (SHA-1)";
	case IKE_N_INVALID_KE_PAYLOAD:
		return len == 2 ? NULL : "INVALID_KE_PAYLOAD must carry a 2-byte group";
	case IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD:
		return len == 1 ? NULL : "UNSUPPORTED_CRITICAL_PAYLOAD must carry 1 byte";
	case IKE_N_COOKIE:
		return len >= 1 && len <= IKE_COOKIE_MAX ? NULL : "COOKIE must be 1..64 bytes";
	case IKE_N_SIGNATURE_HASH_ALGORITHMS:
		return len % 2 == 0 ? NULL : "hash algorithm list of odd length";
	case IKE_N_ADDITIONAL_IP4_ADDRESS:
		return len == 4 ? NULL : "ADDITIONAL_IP4_ADDRESS must be 4 bytes";
	case IKE_N_ADDITIONAL_IP6_ADDRESS:
		return len == 16 ? NULL : "ADDITIONAL_IP6_ADDRESS must be 16 bytes";
	case IKE_N_AUTH_LIFETIME:
		return len == 4 ? NULL : "AUTH_LIFETIME must be 4 bytes";
	case IKE_N_IPCOMP_SUPPORTED:
		return len == 3 ? NULL : "IPCOMP_SUPPORTED must be 3 bytes";
	case IKE_N_INVALID_SYNTAX:
	case IKE_N_INVALID_MAJOR_VERSION:
	case IKE_N_NO_PROPOSAL_CHOSEN:
		return len == 0 ? NULL : "notify must not carry data";
	default:
		return NULL;
	}
}

int ike_pl_notify_parse(ike_pl_notify_t *n, nea_rd_t *r, size_t base, nea_perr_t *err)
{
	uint8_t spi_len;
	const char *why;

	if (!nea_rd_u8(r, &n->proto) || !nea_rd_u8(r, &spi_len) || !nea_rd_u16(r, &n->type))
		return IKE_PERR(err, NEA_ETRUNC, r, base, "notify payload needs 4 bytes");
	if (n->proto > IKE_PROTO_ESP)
		return nea_perr(err, NEA_EINVAL, base, "notify for unknown protocol %u", n->proto);
	n->spi.len = spi_len;
	if (!nea_rd_bytes(r, spi_len, &n->spi.ptr))
		return nea_perr(err, NEA_ETRUNC, base + 1, "notify SPI size %u exceeds the payload",
				spi_len);
	n->data.len = nea_rd_left(r);
	nea_rd_bytes(r, n->data.len, &n->data.ptr);
	why = check_data(n->type, n->data.len);
	if (why)
		return nea_perr(err, NEA_EINVAL, base + 4 + spi_len, "%s (got %zu)", why,
				n->data.len);
	return 0;
}

int ike_pl_notify_build(const ike_pl_notify_t *n, nea_wr_t *w)
{
	if (n->proto > IKE_PROTO_ESP || n->spi.len > 255 || check_data(n->type, n->data.len))
		return NEA_EINVAL;
	nea_wr_u8(w, n->proto);
	nea_wr_u8(w, (uint8_t)n->spi.len);
	nea_wr_u16(w, n->type);
	nea_wr_bytes(w, n->spi.ptr, n->spi.len);
	nea_wr_bytes(w, n->data.ptr, n->data.len);
	return nea_wr_error(w);
}

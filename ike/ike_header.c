#include "ike_header.h"

#include <string.h>

/*
 *   IKE header (RFC 7296 §3.1)
 *
 *                        1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                       IKE SA Initiator's SPI                  |
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                       IKE SA Responder's SPI                  |
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                          Message ID                           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                            Length                             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Flags: X X R V I X X X (R 0x20 response, V 0x10 version, I 0x08
 *   original initiator).
 */
int ike_hdr_parse(ike_hdr_t *h, const uint8_t *msg, size_t msg_len, unsigned flags,
		  nea_perr_t *err)
{
	static const uint8_t zero_spi[IKE_SPI_LEN];
	nea_rd_t r;
	uint8_t ver;

	memset(h, 0, sizeof(*h));
	nea_rd_init(&r, msg, msg_len);
	if (!nea_rd_copy(&r, h->spi_i, IKE_SPI_LEN) || !nea_rd_copy(&r, h->spi_r, IKE_SPI_LEN) ||
	    !nea_rd_u8(&r, &h->next_payload) || !nea_rd_u8(&r, &ver) ||
	    !nea_rd_u8(&r, &h->exchange) || !nea_rd_u8(&r, &h->flags) ||
	    !nea_rd_u32(&r, &h->msg_id) || !nea_rd_u32(&r, &h->length))
		return nea_perr(err, NEA_ETRUNC, msg_len, "IKE header needs %d bytes, got %zu",
				IKE_HDR_LEN, msg_len);
	h->major = ver >> 4;
	h->minor = ver & 0x0f;
	if (h->major != IKE_MAJOR_VERSION)
		return nea_perr(err, NEA_EVERSION, 17, "IKE major version %u, expected %d",
				h->major, IKE_MAJOR_VERSION);
	if (memcmp(h->spi_i, zero_spi, IKE_SPI_LEN) == 0)
		return nea_perr(err, NEA_EINVAL, 0, "initiator SPI is zero");
	if ((flags & IKE_PARSE_STRICT) && (h->flags & IKE_FLAG_RESERVED))
		return nea_perr(err, NEA_EINVAL, 19, "reserved header flags 0x%02x set",
				h->flags & IKE_FLAG_RESERVED);
	if (h->length < IKE_HDR_LEN)
		return nea_perr(err, NEA_EINVAL, 24, "IKE length %u is shorter than the header",
				h->length);
	if (h->length > msg_len)
		return nea_perr(err, NEA_ETRUNC, msg_len,
				"IKE length %u exceeds the %zu bytes received", h->length, msg_len);
	if (h->length < msg_len)
		return nea_perr(err, NEA_EINVAL, h->length,
				"%zu bytes follow the IKE message of length %u",
				msg_len - h->length, h->length);
	return 0;
}

void ike_hdr_build(const ike_hdr_t *h, nea_wr_t *w)
{
	nea_wr_bytes(w, h->spi_i, IKE_SPI_LEN);
	nea_wr_bytes(w, h->spi_r, IKE_SPI_LEN);
	nea_wr_u8(w, h->next_payload);
	nea_wr_u8(w, (IKE_MAJOR_VERSION << 4) | IKE_MINOR_VERSION);
	nea_wr_u8(w, h->exchange);
	nea_wr_u8(w, h->flags & (uint8_t)~IKE_FLAG_RESERVED);
	nea_wr_u32(w, h->msg_id);
	nea_wr_u32(w, 0);
}

void ike_hdr_set_length(nea_wr_t *w, size_t at)
{
	if (nea_wr_error(w))
		return;
	if (w->len < at || w->len - at > UINT32_MAX) {
		w->err = NEA_ETOOBIG;
		return;
	}
	nea_wr_put_u32_at(w, at + 24, (uint32_t)(w->len - at));
}

#include "pttls_msg.h"

/*
 *   PT-TLS Message (RFC 6876 §3.5)
 *
 *                        1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |    Reserved   |           Message Type Vendor ID              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                          Message Type                         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                         Message Length                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                       Message Identifier                      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                Message Value (e.g. PB-TNC Batch) . . .        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Message Length counts the 16-byte header.
 */
static size_t limit_of(size_t max_len)
{
	return (max_len == 0 || max_len > PTTLS_MAX_MESSAGE_LEN) ? PTTLS_MAX_MESSAGE_LEN : max_len;
}

int pttls_hdr_parse(const uint8_t *buf, size_t len, size_t max_len, pttls_hdr_t *h,
		    nea_perr_t *err)
{
	size_t limit = limit_of(max_len);
	nea_rd_t r;
	uint8_t reserved;

	nea_rd_init(&r, buf, len);
	if (!nea_rd_u8(&r, &reserved) || !nea_rd_u24(&r, &h->vendor) ||
	    !nea_rd_u32(&r, &h->type) || !nea_rd_u32(&r, &h->length) ||
	    !nea_rd_u32(&r, &h->identifier))
		return nea_perr(err, NEA_ETRUNC, len, "PT-TLS header needs %d bytes, has %zu",
				PTTLS_HDR_LEN, len);
	if (h->length < PTTLS_HDR_LEN)
		return nea_perr(err, NEA_EINVAL, 8, "received short PT-TLS header (%u bytes)",
				h->length);
	if (h->length > limit)
		return nea_perr(err, NEA_ETOOBIG, 8,
				"PT-TLS message of %u bytes exceeds limit of %zu bytes", h->length,
				limit);
	return 0;
}

int pttls_msg_parse(const uint8_t *buf, size_t len, size_t max_len, pttls_msg_t *m,
		    nea_perr_t *err)
{
	int rc = pttls_hdr_parse(buf, len, max_len, &m->hdr, err);

	if (rc)
		return rc;
	if (len != m->hdr.length)
		return nea_perr(err, len < m->hdr.length ? NEA_ETRUNC : NEA_EINVAL, 8,
				"PT-TLS message length %u differs from %zu bytes received",
				m->hdr.length, len);
	m->value = buf + PTTLS_HDR_LEN;
	m->value_len = len - PTTLS_HDR_LEN;
	return 0;
}

int pttls_msg_build(nea_wr_t *w, uint32_t vendor, uint32_t type, uint32_t identifier,
		    const uint8_t *value, size_t value_len)
{
	size_t total;

	if (vendor > 0xffffff || (value_len && !value))
		return NEA_EINVAL;
	if (!nea_add_size(PTTLS_HDR_LEN, value_len, &total) || total > PTTLS_MAX_MESSAGE_LEN)
		return NEA_ETOOBIG;
	nea_wr_u8(w, 0);
	nea_wr_u24(w, vendor);
	nea_wr_u32(w, type);
	nea_wr_u32(w, (uint32_t)total);
	nea_wr_u32(w, identifier);
	nea_wr_bytes(w, value, value_len);
	return nea_wr_error(w);
}

int pttls_stream_next(const uint8_t *buf, size_t len, size_t max_len, size_t *need,
		      nea_perr_t *err)
{
	pttls_hdr_t h;
	int rc;

	*need = PTTLS_HDR_LEN;
	if (len < PTTLS_HDR_LEN)
		return NEA_EAGAIN;
	rc = pttls_hdr_parse(buf, len, max_len, &h, err);
	if (rc)
		return rc;
	*need = h.length;
	return len >= h.length ? 0 : NEA_EAGAIN;
}

#include "eap_pkt.h"

/*
 *   EAP packet (RFC 3748 §4)
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Code      |  Identifier   |            Length             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      |  Type-Data ...      (Request and Response only)
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Code 1 Request, 2 Response, 3 Success, 4 Failure. Length counts the
 *   whole packet. Identity Type-Data = the identity (no NUL); Nak
 *   Type-Data = one byte per desired type.
 */
int eap_pkt_parse(const uint8_t *buf, size_t len, eap_pkt_t *p, nea_perr_t *err)
{
	nea_rd_t r;

	nea_rd_init(&r, buf, len);
	if (!nea_rd_u8(&r, &p->code) || !nea_rd_u8(&r, &p->id) || !nea_rd_u16(&r, &p->length))
		return nea_perr(err, NEA_ETRUNC, len, "EAP header needs 4 bytes, has %zu", len);
	if (p->length != len)
		return nea_perr(err, p->length > len ? NEA_ETRUNC : NEA_EINVAL, 2,
				"EAP length %u differs from %zu bytes received", p->length, len);
	p->type = 0;
	p->data = NULL;
	p->data_len = 0;
	switch (p->code) {
	case EAP_CODE_REQUEST:
	case EAP_CODE_RESPONSE:
		if (!nea_rd_u8(&r, &p->type))
			return nea_perr(err, NEA_ETRUNC, 4, "EAP %s without a type",
					p->code == EAP_CODE_REQUEST ? "request" : "response");
		p->data = buf + r.off;
		p->data_len = nea_rd_left(&r);
		return 0;
	case EAP_CODE_SUCCESS:
	case EAP_CODE_FAILURE:
		if (len != EAP_HDR_LEN)
			return nea_perr(err, NEA_EINVAL, 2, "EAP %s must be 4 bytes, has %zu",
					p->code == EAP_CODE_SUCCESS ? "success" : "failure", len);
		return 0;
	}
	return nea_perr(err, NEA_EINVAL, 0, "unknown EAP code %u", p->code);
}

int eap_pkt_build(nea_wr_t *w, uint8_t code, uint8_t id, uint8_t type, const uint8_t *data,
		  size_t data_len)
{
	if ((code != EAP_CODE_REQUEST && code != EAP_CODE_RESPONSE) || (data_len && !data))
		return NEA_EINVAL;
	if (data_len > EAP_MAX_LEN - EAP_HDR_LEN - 1)
		return NEA_ETOOBIG;
	nea_wr_u8(w, code);
	nea_wr_u8(w, id);
	nea_wr_u16(w, (uint16_t)(EAP_HDR_LEN + 1 + data_len));
	nea_wr_u8(w, type);
	nea_wr_bytes(w, data, data_len);
	return nea_wr_error(w);
}

int eap_status_build(nea_wr_t *w, uint8_t code, uint8_t id)
{
	if (code != EAP_CODE_SUCCESS && code != EAP_CODE_FAILURE)
		return NEA_EINVAL;
	nea_wr_u8(w, code);
	nea_wr_u8(w, id);
	nea_wr_u16(w, EAP_HDR_LEN);
	return nea_wr_error(w);
}

int eap_identity_build(nea_wr_t *w, uint8_t code, uint8_t id, const uint8_t *identity,
		       size_t len)
{
	return eap_pkt_build(w, code, id, EAP_TYPE_IDENTITY, identity, len);
}

int eap_nak_parse(const eap_pkt_t *p, const uint8_t **types, size_t *n, nea_perr_t *err)
{
	if (p->code != EAP_CODE_RESPONSE || p->type != EAP_TYPE_NAK)
		return nea_perr(err, NEA_EINVAL, 4, "not an EAP Nak");
	if (p->data_len == 0)
		return nea_perr(err, NEA_ETRUNC, 5, "EAP Nak without a desired type");
	*types = p->data;
	*n = p->data_len;
	return 0;
}

int eap_nak_build(nea_wr_t *w, uint8_t id, const uint8_t *types, size_t n)
{
	if (n == 0)
		return NEA_EINVAL;
	return eap_pkt_build(w, EAP_CODE_RESPONSE, id, EAP_TYPE_NAK, types, n);
}

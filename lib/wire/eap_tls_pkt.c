#include "eap_tls_pkt.h"

#include "eap_pkt.h"

/*
 *   EAP-TTLS / EAP-TNC packet (RFC 5281 §9.1, TCG IF-T Tunneled EAP 1.1)
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Code      |   Identifier  |            Length             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      |L M S R R| Ver |        Message Length
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *         Message Length (if L)     |             Data ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   PT-EAP packet (RFC 7171 §4.1)
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Code      |   Identifier  |            Length             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   Type (54)   |S|  Rsvd | Ver |  PB-TNC batch ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int eap_tls_version_of(uint8_t type)
{
	switch (type) {
	case EAP_TYPE_TTLS: return EAP_TTLS_VERSION;
	case EAP_TYPE_TNC: return EAP_TNC_VERSION;
	case EAP_TYPE_PT_EAP: return EAP_PT_EAP_VERSION;
	}
	return -1;
}

int eap_tls_pkt_parse(const uint8_t *buf, size_t len, uint8_t type, eap_tls_pkt_t *p,
		      nea_perr_t *err)
{
	int want = eap_tls_version_of(type);
	eap_pkt_t e;
	nea_rd_t r;
	int rc;

	if (want < 0)
		return nea_perr(err, NEA_EINVAL, 4, "EAP type %u is not a TLS-style method", type);
	rc = eap_pkt_parse(buf, len, &e, err);
	if (rc)
		return rc;
	if (e.code != EAP_CODE_REQUEST && e.code != EAP_CODE_RESPONSE)
		return nea_perr(err, NEA_EINVAL, 0, "EAP code %u where a method packet was expected",
				e.code);
	if (e.type != type)
		return nea_perr(err, NEA_EINVAL, 4, "EAP type %u where %u was expected", e.type, type);
	p->code = e.code;
	p->id = e.id;
	p->type = e.type;
	nea_rd_init(&r, e.data, e.data_len);
	if (!nea_rd_u8(&r, &p->flags))
		return nea_perr(err, NEA_ETRUNC, 5, "EAP method packet without flags");
	p->version = p->flags & EAP_TLS_VERSION_MASK;
	if (p->version != want)
		return nea_perr(err, NEA_EVERSION, 5, "received EAP type %u packet with version v%u",
				type, p->version);
	p->has_length = false;
	p->msg_len = 0;
	if (type == EAP_TYPE_PT_EAP) {
		p->start = (p->flags & EAP_PT_FLAG_S) != 0;
		p->more = false;
	} else {
		p->start = (p->flags & EAP_TLS_FLAG_S) != 0;
		p->more = (p->flags & EAP_TLS_FLAG_M) != 0;
		if (p->flags & EAP_TLS_FLAG_L) {
			p->has_length = true;
			if (!nea_rd_u32(&r, &p->msg_len))
				return nea_perr(err, NEA_ETRUNC, 6, "EAP packet too short for L flag");
			if (p->msg_len > EAP_TLS_MAX_MESSAGE_LEN)
				return nea_perr(err, NEA_ETOOBIG, 6,
						"invalid EAP message length (%u bytes)", p->msg_len);
			if (p->msg_len < nea_rd_left(&r))
				return nea_perr(err, NEA_EINVAL, 6,
						"EAP message length %u smaller than the %zu bytes of this packet",
						p->msg_len, nea_rd_left(&r));
		}
	}
	p->data = e.data + r.off;
	p->data_len = nea_rd_left(&r);
	return 0;
}

int eap_tls_pkt_build(nea_wr_t *w, const eap_tls_pkt_t *p)
{
	int version = eap_tls_version_of(p->type);
	uint8_t flags;
	size_t total = EAP_TLS_HDR_LEN + (p->has_length ? 4 : 0);

	if (version < 0 || (p->code != EAP_CODE_REQUEST && p->code != EAP_CODE_RESPONSE) ||
	    (p->data_len && !p->data))
		return NEA_EINVAL;
	flags = (uint8_t)version;
	if (p->type == EAP_TYPE_PT_EAP) {
		if (p->more || p->has_length)
			return NEA_EINVAL;
		flags |= p->start ? EAP_PT_FLAG_S : 0;
	} else {
		flags |= p->start ? EAP_TLS_FLAG_S : 0;
		flags |= p->more ? EAP_TLS_FLAG_M : 0;
		flags |= p->has_length ? EAP_TLS_FLAG_L : 0;
	}
	if (!nea_add_size(total, p->data_len, &total) || total > EAP_MAX_LEN)
		return NEA_ETOOBIG;
	nea_wr_u8(w, p->code);
	nea_wr_u8(w, p->id);
	nea_wr_u16(w, (uint16_t)total);
	nea_wr_u8(w, p->type);
	nea_wr_u8(w, flags);
	if (p->has_length)
		nea_wr_u32(w, p->msg_len);
	nea_wr_bytes(w, p->data, p->data_len);
	return nea_wr_error(w);
}

int eap_tls_start_build(nea_wr_t *w, uint8_t type, uint8_t id)
{
	eap_tls_pkt_t p = { .code = EAP_CODE_REQUEST, .id = id, .type = type, .start = true };

	return eap_tls_pkt_build(w, &p);
}

int eap_tls_ack_build(nea_wr_t *w, uint8_t code, uint8_t type, uint8_t id)
{
	eap_tls_pkt_t p = { .code = code, .id = id, .type = type };

	return eap_tls_pkt_build(w, &p);
}

bool eap_tls_pkt_is_ack(const eap_tls_pkt_t *p)
{
	return !p->start && !p->has_length && p->data_len == 0;
}

#include "ike_msg.h"

#include <stdlib.h>
#include <string.h>

#include "ike_payload.h"

/*
 *   Generic payload header (RFC 7296 §3.2), in front of every payload:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Next Payload  |C|  RESERVED   |         Payload Length        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Payload Length includes these 4 bytes. The chain starts with the IKE
 *   header's Next Payload and ends with Next Payload 0, except that SK and
 *   SKF are always last and their Next Payload names the first payload of
 *   the encrypted content.
 */

bool ike_pl_known(uint8_t type)
{
	return (type >= IKE_PL_SA && type <= IKE_PL_EAP) || type == IKE_PL_SKF;
}

int ike_pl_parse(ike_payload_t *p, ike_arena_t *a, size_t base, unsigned flags, nea_perr_t *err)
{
	nea_rd_t r;

	nea_rd_init(&r, p->body.ptr, p->body.len);
	switch (p->type) {
	case IKE_PL_SA: return ike_pl_sa_parse(&p->u.sa, &r, base, a, flags, err);
	case IKE_PL_KE: return ike_pl_ke_parse(&p->u.ke, &r, base, flags, err);
	case IKE_PL_IDI:
	case IKE_PL_IDR: return ike_pl_id_parse(&p->u.id, &r, base, flags, err);
	case IKE_PL_CERT: return ike_pl_cert_parse(&p->u.cert, false, &r, base, err);
	case IKE_PL_CERTREQ: return ike_pl_cert_parse(&p->u.cert, true, &r, base, err);
	case IKE_PL_AUTH: return ike_pl_auth_parse(&p->u.auth, &r, base, flags, err);
	case IKE_PL_NONCE: return ike_pl_nonce_parse(&p->u.nonce, &r, base, err);
	case IKE_PL_NOTIFY: return ike_pl_notify_parse(&p->u.notify, &r, base, err);
	case IKE_PL_DELETE: return ike_pl_delete_parse(&p->u.del, &r, base, err);
	case IKE_PL_VID: return ike_pl_vid_parse(&p->u.vid, &r, base, err);
	case IKE_PL_TSI:
	case IKE_PL_TSR: return ike_pl_ts_parse(&p->u.ts, &r, base, a, flags, err);
	case IKE_PL_CP: return ike_pl_cp_parse(&p->u.cp, &r, base, a, flags, err);
	case IKE_PL_EAP: return ike_pl_eap_parse(&p->u.eap, &r, base, err);
	case IKE_PL_SKF: return ike_pl_skf_parse(&p->u.skf, &r, base, err);
	case IKE_PL_SK:
		p->u.sk.body = p->body;
		return 0;
	default:
		return 0;
	}
}

int ike_pl_build(const ike_payload_t *p, nea_wr_t *w)
{
	switch (p->type) {
	case IKE_PL_SA: return ike_pl_sa_build(&p->u.sa, w);
	case IKE_PL_KE: return ike_pl_ke_build(&p->u.ke, w);
	case IKE_PL_IDI:
	case IKE_PL_IDR: return ike_pl_id_build(&p->u.id, w);
	case IKE_PL_CERT: return ike_pl_cert_build(&p->u.cert, false, w);
	case IKE_PL_CERTREQ: return ike_pl_cert_build(&p->u.cert, true, w);
	case IKE_PL_AUTH: return ike_pl_auth_build(&p->u.auth, w);
	case IKE_PL_NONCE: return ike_pl_nonce_build(&p->u.nonce, w);
	case IKE_PL_NOTIFY: return ike_pl_notify_build(&p->u.notify, w);
	case IKE_PL_DELETE: return ike_pl_delete_build(&p->u.del, w);
	case IKE_PL_VID: return ike_pl_vid_build(&p->u.vid, w);
	case IKE_PL_TSI:
	case IKE_PL_TSR: return ike_pl_ts_build(&p->u.ts, w);
	case IKE_PL_CP: return ike_pl_cp_build(&p->u.cp, w);
	case IKE_PL_EAP: return ike_pl_eap_build(&p->u.eap, w);
	case IKE_PL_SK:
	case IKE_PL_SKF:
		/* encrypted payloads are produced by ike_sk / ike_frag */
		return NEA_EINVAL;
	default:
		nea_wr_bytes(w, p->body.ptr, p->body.len);
		return nea_wr_error(w);
	}
}

void ike_msg_init(ike_msg_t *m)
{
	memset(m, 0, sizeof(*m));
	m->sk = IKE_NO_SK;
	/* Everything a message allocates is bounded by a small multiple of
	 * its size; this cap only stops a parser bug from running away. */
	ike_arena_init(&m->arena, 64u * IKE_MSG_MAX);
}

void ike_msg_free(ike_msg_t *m)
{
	free(m->pl);
	ike_arena_free(&m->arena);
	ike_msg_init(m);
}

static ike_payload_t *append(ike_msg_t *m)
{
	ike_payload_t *pl;
	size_t cap;

	if (m->npl == m->cap) {
		cap = m->cap ? m->cap * 2 : 16;
		if (cap > IKE_MAX_PAYLOADS)
			cap = IKE_MAX_PAYLOADS;
		if (cap <= m->npl)
			return NULL;
		pl = realloc(m->pl, cap * sizeof(*pl));
		if (!pl)
			return NULL;
		m->pl = pl;
		m->cap = cap;
	}
	pl = &m->pl[m->npl++];
	memset(pl, 0, sizeof(*pl));
	return pl;
}

static int parse_chain(ike_msg_t *m, uint8_t first, const uint8_t *buf, size_t len,
		       size_t start, bool inner, nea_perr_t *err)
{
	uint8_t type = first;
	nea_rd_t r;
	int rc;

	m->err_inner = inner;
	nea_rd_init(&r, buf, len);
	if (!nea_rd_skip(&r, start))
		return nea_perr(err, NEA_ETRUNC, len, "payloads start beyond the message");
	while (type != IKE_PL_NONE) {
		size_t at = r.off;
		uint8_t next, cflags;
		uint16_t plen;
		nea_rd_t body;
		ike_payload_t *p;

		if (!nea_rd_u8(&r, &next) || !nea_rd_u8(&r, &cflags) || !nea_rd_u16(&r, &plen))
			return nea_perr(err, NEA_ETRUNC, at, "payload %u: header needs 4 bytes, %zu left",
					type, len - at);
		if (plen < IKE_GENERIC_HDR_LEN)
			return nea_perr(err, NEA_EINVAL, at + 2,
					"payload %u: length %u is shorter than its header", type, plen);
		if (!nea_rd_sub(&r, plen - IKE_GENERIC_HDR_LEN, &body))
			return nea_perr(err, NEA_ETRUNC, at + 2,
					"payload %u: length %u exceeds the %zu bytes left", type, plen,
					len - at);
		if ((m->flags & IKE_PARSE_STRICT) && (cflags & ~IKE_CRITICAL))
			return nea_perr(err, NEA_EINVAL, at + 1, "payload %u: reserved bits set", type);
		p = append(m);
		if (!p) {
			if (m->npl >= IKE_MAX_PAYLOADS)
				return nea_perr(err, NEA_ETOOBIG, at, "more than %d payloads",
						IKE_MAX_PAYLOADS);
			return NEA_ENOMEM;
		}
		p->type = type;
		p->critical = (cflags & IKE_CRITICAL) != 0;
		p->encrypted = inner;
		p->offset = at;
		p->body.len = nea_rd_left(&body);
		nea_rd_bytes(&body, p->body.len, &p->body.ptr);
		if (!ike_pl_known(type)) {
			if (p->critical) {
				m->crit_type = type;
				return nea_perr(err, NEA_EUNSUPPORTED, at,
						"unsupported critical payload type %u", type);
			}
			type = next;
			continue;
		}
		rc = ike_pl_parse(p, &m->arena, at + IKE_GENERIC_HDR_LEN, m->flags, err);
		if (rc)
			return rc;
		if (type == IKE_PL_SK || type == IKE_PL_SKF) {
			if (inner)
				return nea_perr(err, NEA_EINVAL, at,
						"encrypted payload inside an encrypted payload");
			if (nea_rd_left(&r))
				return nea_perr(err, NEA_EINVAL, r.off,
						"%zu bytes follow the encrypted payload", nea_rd_left(&r));
			if (type == IKE_PL_SK)
				p->u.sk.first = next;
			else
				p->u.skf.first = next;
			m->sk = m->npl - 1;
			return 0;
		}
		type = next;
	}
	if (nea_rd_left(&r))
		return nea_perr(err, NEA_EINVAL, r.off, "%zu bytes after the last payload",
				nea_rd_left(&r));
	return 0;
}

int ike_msg_parse(ike_msg_t *m, const uint8_t *data, size_t len, unsigned flags, nea_perr_t *err)
{
	uint8_t *copy;
	int rc;

	ike_msg_init(m);
	m->flags = flags;
	if (len > IKE_MSG_MAX)
		return nea_perr(err, NEA_ETOOBIG, IKE_MSG_MAX, "IKE message of %zu bytes", len);
	rc = ike_hdr_parse(&m->hdr, data, len, flags, err);
	if (rc)
		return rc;
	copy = ike_arena_dup(&m->arena, data, len);
	if (!copy)
		return NEA_ENOMEM;
	m->raw.ptr = copy;
	m->raw.len = len;
	return parse_chain(m, m->hdr.next_payload, copy, len, IKE_HDR_LEN, false, err);
}

int ike_msg_parse_inner(ike_msg_t *m, uint8_t first, const uint8_t *plain, size_t len,
			nea_perr_t *err)
{
	int rc;

	if (m->decrypted)
		return NEA_ESTATE;
	rc = parse_chain(m, first, plain, len, 0, true, err);
	if (rc == 0)
		m->decrypted = true;
	return rc;
}

const ike_payload_t *ike_msg_get(const ike_msg_t *m, uint8_t type)
{
	for (size_t i = 0; i < m->npl; i++)
		if (m->pl[i].type == type)
			return &m->pl[i];
	return NULL;
}

const ike_payload_t *ike_msg_get_notify(const ike_msg_t *m, uint16_t notify_type)
{
	for (size_t i = 0; i < m->npl; i++)
		if (m->pl[i].type == IKE_PL_NOTIFY && m->pl[i].u.notify.type == notify_type)
			return &m->pl[i];
	return NULL;
}

size_t ike_msg_count(const ike_msg_t *m, uint8_t type)
{
	size_t n = 0;

	for (size_t i = 0; i < m->npl; i++)
		n += m->pl[i].type == type;
	return n;
}

uint16_t ike_msg_err_notify(int code)
{
	switch (code) {
	case 0:
	case NEA_ENOMEM:
	case NEA_EAUTH:
	case NEA_ECRYPTO:
		/* nothing to say: our problem, or an unauthenticated message
		 * that RFC 7296 §2.21.2 says to drop silently */
		return 0;
	case NEA_EVERSION: return IKE_N_INVALID_MAJOR_VERSION;
	case NEA_EUNSUPPORTED: return IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD;
	default: return IKE_N_INVALID_SYNTAX;
	}
}

int ike_payloads_build(const ike_payload_t *pl, size_t n, nea_wr_t *w)
{
	int rc;

	for (size_t i = 0; i < n; i++) {
		size_t start = w->len, len;

		nea_wr_u8(w, i + 1 < n ? pl[i + 1].type : IKE_PL_NONE);
		nea_wr_u8(w, pl[i].critical ? IKE_CRITICAL : 0);
		nea_wr_u16(w, 0);
		rc = ike_pl_build(&pl[i], w);
		if (rc)
			return rc;
		if (nea_wr_error(w))
			return nea_wr_error(w);
		len = w->len - start;
		if (len > UINT16_MAX)
			return NEA_ETOOBIG;
		nea_wr_put_u16_at(w, start + 2, (uint16_t)len);
	}
	return nea_wr_error(w);
}

int ike_msg_build(const ike_hdr_t *h, const ike_payload_t *pl, size_t n, nea_wr_t *w)
{
	ike_hdr_t hdr = *h;
	size_t start = w->len;
	int rc;

	hdr.next_payload = n ? pl[0].type : IKE_PL_NONE;
	ike_hdr_build(&hdr, w);
	rc = ike_payloads_build(pl, n, w);
	if (rc)
		return rc;
	ike_hdr_set_length(w, start);
	return nea_wr_error(w);
}

/* Security Association payload (RFC 7296 §3.3). */
#include "ike_payload.h"

#include <string.h>

/*
 *   Proposal substructure (RFC 7296 §3.3.1)
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Last Substruc |   RESERVED    |         Proposal Length       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                        SPI (variable)                         ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                        <Transforms>                           ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Transform substructure (§3.3.2)
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | Last Substruc |   RESERVED    |        Transform Length       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Transform Type |   RESERVED    |          Transform ID         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   ~                      Transform Attributes                     ~
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Transform attribute (§3.3.5): AF=1 -> 2-byte value in place of the
 *   length (TV); AF=0 -> length and value follow (TLV).
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |A|       Attribute Type        |    AF=0  Attribute Length     |
 *   |F|                             |    AF=1  Attribute Value      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                   AF=0  Attribute Value                       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   The SA payload body is one or more proposals; "Last Substruc" is 2 on
 *   every proposal but the last (0), 3 on every transform but the last (0).
 */

#define PROP_HDR_LEN 8
#define TRANS_HDR_LEN 8

static int parse_attrs(ike_transform_t *t, nea_rd_t *r, size_t base, nea_perr_t *err)
{
	bool have_keylen = false;

	while (nea_rd_left(r)) {
		size_t at = r->off;
		uint16_t af_type, v;

		if (!nea_rd_u16(r, &af_type) || !nea_rd_u16(r, &v))
			return nea_perr(err, NEA_ETRUNC, base + at,
					"transform attribute needs 4 bytes");
		if ((af_type & 0x7fff) == IKE_ATTR_KEY_LENGTH) {
			if (!(af_type & IKE_ATTR_AF))
				return nea_perr(err, NEA_EINVAL, base + at,
						"key length attribute must use the TV format");
			if (have_keylen)
				return nea_perr(err, NEA_EINVAL, base + at,
						"duplicate key length attribute");
			have_keylen = true;
			t->keylen = v;
			continue;
		}
		/* RFC 7296 §3.3.6: a transform with an attribute we do not know
		 * cannot be selected, but the proposal stays parseable. */
		t->unknown_attr = true;
		if (!(af_type & IKE_ATTR_AF) && !nea_rd_skip(r, v))
			return nea_perr(err, NEA_ETRUNC, base + at,
					"attribute length %u exceeds the transform", v);
	}
	return 0;
}

static int parse_transform(ike_transform_t *t, nea_rd_t *r, size_t base, bool last,
			   unsigned flags, nea_perr_t *err)
{
	size_t at = r->off;
	uint8_t lastsub, res1, res2;
	uint16_t tlen;
	nea_rd_t body;

	if (!nea_rd_u8(r, &lastsub) || !nea_rd_u8(r, &res1) || !nea_rd_u16(r, &tlen))
		return nea_perr(err, NEA_ETRUNC, base + at, "transform header truncated");
	if (tlen < TRANS_HDR_LEN)
		return nea_perr(err, NEA_EINVAL, base + at + 2,
				"transform length %u is shorter than its header", tlen);
	if (!nea_rd_sub(r, tlen - 4, &body))
		return nea_perr(err, NEA_ETRUNC, base + at + 2,
				"transform length %u exceeds the proposal", tlen);
	if (lastsub != (last ? IKE_LAST : IKE_MORE_TRANSFORMS))
		return nea_perr(err, NEA_EINVAL, base + at,
				"transform 'last substructure' is %u, expected %u", lastsub,
				last ? IKE_LAST : IKE_MORE_TRANSFORMS);
	if (!nea_rd_u8(&body, &t->type) || !nea_rd_u8(&body, &res2) || !nea_rd_u16(&body, &t->id))
		return nea_perr(err, NEA_ETRUNC, base + at + 4, "transform header truncated");
	if ((flags & IKE_PARSE_STRICT) && (res1 || res2))
		return nea_perr(err, NEA_EINVAL, base + at + (res1 ? 1 : 5),
				"reserved transform octet set");
	return parse_attrs(t, &body, base + at + 4, err);
}

static int parse_proposal(ike_proposal_t *p, nea_rd_t *r, size_t base, ike_arena_t *a,
			  unsigned flags, nea_perr_t *err)
{
	size_t at = r->off;
	uint8_t lastsub, res;
	uint16_t plen;
	nea_rd_t body;
	int rc;

	if (!nea_rd_u8(r, &lastsub) || !nea_rd_u8(r, &res) || !nea_rd_u16(r, &plen))
		return nea_perr(err, NEA_ETRUNC, base + at, "proposal header truncated");
	if (plen < PROP_HDR_LEN)
		return nea_perr(err, NEA_EINVAL, base + at + 2,
				"proposal length %u is shorter than its header", plen);
	if (!nea_rd_sub(r, plen - 4, &body))
		return nea_perr(err, NEA_ETRUNC, base + at + 2,
				"proposal length %u exceeds the SA payload", plen);
	if (lastsub != (nea_rd_left(r) ? IKE_MORE_PROPOSALS : IKE_LAST))
		return nea_perr(err, NEA_EINVAL, base + at,
				"proposal 'last substructure' is %u but %s", lastsub,
				nea_rd_left(r) ? "more proposals follow" : "none follow");
	if ((flags & IKE_PARSE_STRICT) && res)
		return nea_perr(err, NEA_EINVAL, base + at + 1, "reserved proposal octet set");
	base += at + 4;
	if (!nea_rd_u8(&body, &p->num) || !nea_rd_u8(&body, &p->proto) ||
	    !nea_rd_u8(&body, &p->spi_len) || !nea_rd_u8(&body, &p->ntrans))
		return nea_perr(err, NEA_ETRUNC, base, "proposal header truncated");
	if (p->spi_len != 0 && p->spi_len != 4 && p->spi_len != 8)
		return nea_perr(err, NEA_EINVAL, base + 2, "SPI size %u is not 0, 4 or 8",
				p->spi_len);
	if (!nea_rd_copy(&body, p->spi, p->spi_len))
		return IKE_PERR(err, NEA_ETRUNC, &body, base, "SPI exceeds the proposal");
	if (p->ntrans == 0)
		return nea_perr(err, NEA_EINVAL, base + 3, "proposal without transforms");
	p->trans = ike_arena_array(a, p->ntrans, sizeof(*p->trans));
	if (!p->trans)
		return NEA_ENOMEM;
	for (unsigned i = 0; i < p->ntrans; i++) {
		if (!nea_rd_left(&body))
			return IKE_PERR(err, NEA_ETRUNC, &body, base,
					"proposal announces %u transforms, holds %u", p->ntrans, i);
		rc = parse_transform(&p->trans[i], &body, base, i + 1u == p->ntrans, flags, err);
		if (rc)
			return rc;
	}
	if (nea_rd_left(&body))
		return IKE_PERR(err, NEA_EINVAL, &body, base,
				"%zu bytes after the last transform", nea_rd_left(&body));
	return 0;
}

int ike_pl_sa_parse(ike_pl_sa_t *sa, nea_rd_t *r, size_t base, ike_arena_t *a, unsigned flags,
		    nea_perr_t *err)
{
	nea_rd_t scan = *r;
	size_t n = 0;
	int rc;

	/* Count first so the array is allocated once; the real parse below
	 * validates what the scan skips over. */
	while (nea_rd_left(&scan)) {
		uint16_t plen;

		if (!nea_rd_skip(&scan, 2) || !nea_rd_u16(&scan, &plen) || plen < PROP_HDR_LEN ||
		    !nea_rd_skip(&scan, plen - 4))
			break;
		n++;
	}
	if (!nea_rd_left(r))
		return IKE_PERR(err, NEA_EINVAL, r, base, "SA payload without proposals");
	/* a malformed tail gets a slot so its parse reports the exact error */
	if (nea_rd_left(&scan))
		n++;
	sa->props = ike_arena_array(a, n, sizeof(*sa->props));
	if (!sa->props)
		return NEA_ENOMEM;
	sa->nprops = 0;
	while (nea_rd_left(r)) {
		/* Proposal Num is one octet: more than 255 cannot be answered */
		if (sa->nprops == 255)
			return IKE_PERR(err, NEA_ETOOBIG, r, base, "more than 255 proposals");
		if (sa->nprops == n)
			return IKE_PERR(err, NEA_EINVAL, r, base, "malformed proposal");
		rc = parse_proposal(&sa->props[sa->nprops], r, base, a, flags, err);
		if (rc)
			return rc;
		sa->nprops++;
	}
	return 0;
}

int ike_pl_sa_build(const ike_pl_sa_t *sa, nea_wr_t *w)
{
	if (sa->nprops == 0 || sa->nprops > 255)
		return NEA_EINVAL;
	for (size_t i = 0; i < sa->nprops; i++) {
		const ike_proposal_t *p = &sa->props[i];
		size_t start = w->len, len;

		if ((p->spi_len != 0 && p->spi_len != 4 && p->spi_len != 8) || p->ntrans == 0)
			return NEA_EINVAL;
		nea_wr_u8(w, i + 1 == sa->nprops ? IKE_LAST : IKE_MORE_PROPOSALS);
		nea_wr_u8(w, 0);
		nea_wr_u16(w, 0);
		nea_wr_u8(w, p->num);
		nea_wr_u8(w, p->proto);
		nea_wr_u8(w, p->spi_len);
		nea_wr_u8(w, p->ntrans);
		nea_wr_bytes(w, p->spi, p->spi_len);
		for (unsigned j = 0; j < p->ntrans; j++) {
			const ike_transform_t *t = &p->trans[j];

			nea_wr_u8(w, j + 1u == p->ntrans ? IKE_LAST : IKE_MORE_TRANSFORMS);
			nea_wr_u8(w, 0);
			nea_wr_u16(w, t->keylen ? TRANS_HDR_LEN + 4 : TRANS_HDR_LEN);
			nea_wr_u8(w, t->type);
			nea_wr_u8(w, 0);
			nea_wr_u16(w, t->id);
			if (t->keylen) {
				nea_wr_u16(w, IKE_ATTR_AF | IKE_ATTR_KEY_LENGTH);
				nea_wr_u16(w, t->keylen);
			}
		}
		if (nea_wr_error(w))
			return nea_wr_error(w);
		len = w->len - start;
		if (len > UINT16_MAX)
			return NEA_ETOOBIG;
		nea_wr_put_u16_at(w, start + 2, (uint16_t)len);
	}
	return nea_wr_error(w);
}

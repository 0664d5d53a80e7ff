#include "eap_ttls_avp.h"

#include <stdlib.h>
#include <string.h>

#include "eap_pkt.h"

/*
 *   Diameter AVP in EAP-TTLS (RFC 5281 §10.1)
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                           AVP Code                            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |V M r r r r r r|                  AVP Length                   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                        Vendor-ID (opt, if V)                  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |    Data ...
 *   +-+-+-+-+-+-+-+-+
 *
 *   AVP Length counts header (+ Vendor-ID) + Data, not the zero padding
 *   that brings the next AVP to a 4-byte boundary.
 */
static size_t pad4(size_t n)
{
	return (4 - (n & 3)) & 3;
}

/* Header checks shared by parse and stream_need; *avp_len out. */
static int check_hdr(const uint8_t *buf, size_t len, uint32_t *code, uint8_t *flags,
		     uint32_t *avp_len, nea_perr_t *err)
{
	nea_rd_t r;
	size_t hdr;

	nea_rd_init(&r, buf, len);
	if (!nea_rd_u32(&r, code) || !nea_rd_u8(&r, flags) || !nea_rd_u24(&r, avp_len))
		return nea_perr(err, NEA_ETRUNC, 0, "AVP header needs 8 bytes, has %zu", len);
	hdr = (*flags & EAP_TTLS_AVP_FLAG_V) ? EAP_TTLS_AVP_VENDOR_HDR_LEN : EAP_TTLS_AVP_HDR_LEN;
	if (*avp_len < hdr)
		return nea_perr(err, NEA_EINVAL, 5, "AVP length %u shorter than its %zu-byte header",
				*avp_len, hdr);
	return 0;
}

int eap_ttls_avp_parse(const uint8_t *buf, size_t len, eap_ttls_avp_t *avp, nea_perr_t *err)
{
	uint32_t avp_len;
	size_t padded;
	nea_rd_t r;
	int rc;

	memset(avp, 0, sizeof(*avp));
	rc = check_hdr(buf, len, &avp->code, &avp->flags, &avp_len, err);
	if (rc)
		return rc;
	if (avp_len > len)
		return nea_perr(err, NEA_ETOOBIG, 5, "AVP length %u exceeds the %zu bytes left",
				avp_len, len);
	padded = (size_t)avp_len + pad4(avp_len);
	if (padded > len)
		return nea_perr(err, NEA_ETRUNC, avp_len, "AVP padding missing (%zu of %zu bytes)",
				len, padded);
	nea_rd_init(&r, buf, avp_len);
	nea_rd_skip(&r, EAP_TTLS_AVP_HDR_LEN);
	if ((avp->flags & EAP_TTLS_AVP_FLAG_V) && !nea_rd_u32(&r, &avp->vendor))
		return nea_perr(err, NEA_ETRUNC, 8, "AVP vendor ID missing"); /* checked above */
	avp->data = buf + r.off;
	avp->data_len = nea_rd_left(&r);
	avp->padded_len = padded;
	return 0;
}

int eap_ttls_avp_next(nea_rd_t *r, eap_ttls_avp_t *avp, nea_perr_t *err)
{
	size_t at = r->off;
	int rc;

	if (!nea_rd_left(r))
		return 0;
	rc = eap_ttls_avp_parse(r->ptr + at, nea_rd_left(r), avp, err);
	if (rc) {
		if (err)
			err->offset += at;
		return rc;
	}
	nea_rd_skip(r, avp->padded_len);
	return 1;
}

int eap_ttls_avp_stream_need(const uint8_t *buf, size_t len, size_t *need, nea_perr_t *err)
{
	uint32_t code, avp_len;
	uint8_t flags;
	int rc;

	*need = EAP_TTLS_AVP_HDR_LEN;
	if (len < EAP_TTLS_AVP_HDR_LEN)
		return NEA_EAGAIN;
	rc = check_hdr(buf, len, &code, &flags, &avp_len, err);
	if (rc)
		return rc;
	*need = (size_t)avp_len + pad4(avp_len);
	return len >= *need ? 0 : NEA_EAGAIN;
}

int eap_ttls_avp_build(nea_wr_t *w, uint32_t code, uint8_t flags, uint32_t vendor,
		       const uint8_t *data, size_t len)
{
	size_t hdr = (flags & EAP_TTLS_AVP_FLAG_V) ? EAP_TTLS_AVP_VENDOR_HDR_LEN
						   : EAP_TTLS_AVP_HDR_LEN;
	size_t total;

	if (len && !data)
		return NEA_EINVAL;
	if (!nea_add_size(hdr, len, &total) || total > EAP_TTLS_AVP_MAX_LEN)
		return NEA_ETOOBIG;
	flags &= EAP_TTLS_AVP_FLAG_V | EAP_TTLS_AVP_FLAG_M;
	nea_wr_u32(w, code);
	nea_wr_u8(w, flags);
	nea_wr_u24(w, (uint32_t)total);
	if (flags & EAP_TTLS_AVP_FLAG_V)
		nea_wr_u32(w, vendor);
	nea_wr_bytes(w, data, len);
	nea_wr_zeros(w, pad4(total));
	return nea_wr_error(w);
}

int eap_ttls_eap_message_build(nea_wr_t *w, const uint8_t *eap, size_t len,
			       size_t max_avp_data)
{
	size_t max = EAP_TTLS_AVP_MAX_LEN - EAP_TTLS_AVP_HDR_LEN, off = 0;
	int rc;

	if (len == 0 || !eap)
		return NEA_EINVAL;
	if (max_avp_data && max_avp_data < max)
		max = max_avp_data;
	while (off < len) {
		size_t chunk = len - off < max ? len - off : max;

		rc = eap_ttls_avp_build(w, EAP_TTLS_AVP_EAP_MESSAGE, EAP_TTLS_AVP_FLAG_M, 0,
					eap + off, chunk);
		if (rc)
			return rc;
		off += chunk;
	}
	return nea_wr_error(w);
}

int eap_ttls_eap_message_collect(const uint8_t *buf, size_t len, size_t max_total,
				 uint8_t **out, size_t *out_len, nea_perr_t *err)
{
	nea_rd_t r;
	nea_wr_t w;
	eap_ttls_avp_t avp;
	bool found = false;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (!max_total || max_total > EAP_MAX_LEN)
		max_total = EAP_MAX_LEN;
	nea_wr_init(&w, max_total);
	nea_rd_init(&r, buf, len);
	for (;;) {
		size_t at = r.off;

		rc = eap_ttls_avp_next(&r, &avp, err);
		if (rc == 0)
			break;
		if (rc < 0)
			goto fail;
		if (avp.code == EAP_TTLS_AVP_EAP_MESSAGE && !(avp.flags & EAP_TTLS_AVP_FLAG_V)) {
			found = true;
			nea_wr_bytes(&w, avp.data, avp.data_len);
			rc = nea_wr_error(&w);
			if (rc) {
				nea_perr(err, rc, at + 5, "EAP message exceeds %zu bytes", max_total);
				goto fail;
			}
		} else if (avp.flags & EAP_TTLS_AVP_FLAG_M) {
			rc = nea_perr(err, NEA_EUNSUPPORTED, at, "unsupported mandatory AVP %u (vendor %u)",
				      avp.code, avp.vendor);
			goto fail;
		}
	}
	if (!found) {
		rc = nea_perr(err, NEA_ENOTFOUND, 0, "no EAP-Message AVP");
		goto fail;
	}
	if (w.len < EAP_HDR_LEN || nea_get_u16(w.ptr + 2) != w.len) {
		rc = nea_perr(err, w.len < EAP_HDR_LEN ? NEA_ETRUNC : NEA_EINVAL, 0,
			      "EAP-Message AVPs hold %zu bytes, not one EAP packet", w.len);
		goto fail;
	}
	*out = nea_wr_detach(&w, out_len);
	return *out ? 0 : NEA_ENOMEM;
fail:
	nea_wr_free(&w);
	return rc;
}

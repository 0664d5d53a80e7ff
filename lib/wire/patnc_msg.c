#include "patnc_msg.h"

#include <stdlib.h>
#include <string.h>

#include "attr_names.h"
#include "attr_types.h"
#include "patnc_print.h"

/*
 * PA-TNC message header (RFC 5792 4.1):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Version    |                    Reserved                   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Message Identifier                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int patnc_msg_hdr_parse(const uint8_t *msg, size_t len, patnc_msg_hdr_t *hdr, nea_perr_t *err)
{
	nea_rd_t r;

	memset(hdr, 0, sizeof(*hdr));
	nea_rd_init(&r, msg, len);
	if (!nea_rd_copy(&r, hdr->raw, PATNC_MSG_HDR_LEN))
		return nea_perr(err, NEA_ETRUNC, len, "%zu bytes cannot hold a PA-TNC header", len);
	hdr->version = hdr->raw[0];
	hdr->reserved = nea_get_u24(hdr->raw + 1);
	hdr->msg_id = nea_get_u32(hdr->raw + 4);
	if (hdr->version != PATNC_VERSION)
		return nea_perr(err, NEA_EVERSION, 0, "PA-TNC version %u not supported",
				hdr->version);
	return 0;
}

void patnc_iter_init(patnc_iter_t *it, const uint8_t *msg, size_t len)
{
	nea_rd_init(&it->rd, msg, len);
	if (!nea_rd_skip(&it->rd, PATNC_MSG_HDR_LEN))
		it->rd.off = len; /* nothing to iterate */
}

/*
 * PA-TNC attribute header (RFC 5792 4.2):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Flags     |          PA-TNC Attribute Vendor ID           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     PA-TNC Attribute Type                     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    PA-TNC Attribute Length                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Attribute Value (Variable Length)             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  Flags: NOSKIP = 0x80. Length includes the 12-byte header.
 */
int patnc_iter_next(patnc_iter_t *it, patnc_attr_t *a, nea_perr_t *err)
{
	nea_rd_t *r = &it->rd;
	size_t start = r->off;
	uint32_t length;

	memset(a, 0, sizeof(*a));
	if (!nea_rd_left(r))
		return 0;
	if (nea_rd_left(r) < PATNC_ATTR_HDR_LEN)
		return nea_perr(err, NEA_ETRUNC, start, "%zu bytes cannot hold an attribute header",
				nea_rd_left(r));
	if (!nea_rd_u8(r, &a->flags) || !nea_rd_u24(r, &a->vendor) || !nea_rd_u32(r, &a->type) ||
	    !nea_rd_u32(r, &length)) {
		r->off = start;
		return nea_perr(err, NEA_ETRUNC, start, "attribute header cut short");
	}
	a->offset = start;
	if (length < PATNC_ATTR_HDR_LEN) {
		r->off = start;
		return nea_perr(err, NEA_EINVAL, start + 8, "attribute length %u below 12", length);
	}
	a->value_len = length - PATNC_ATTR_HDR_LEN;
	if (!nea_rd_bytes(r, a->value_len, &a->value)) {
		r->off = start;
		return nea_perr(err, NEA_ETRUNC, start + 8,
				"attribute length %u runs %zu bytes past the message", length,
				a->value_len - nea_rd_left(r));
	}
	if (a->vendor == PEN_RESERVED) {
		r->off = start;
		return nea_perr(err, NEA_EINVAL, start + 1, "reserved attribute vendor 0xffffff");
	}
	if (a->type == PATNC_TYPE_RESERVED) {
		r->off = start;
		return nea_perr(err, NEA_EINVAL, start + 4, "reserved attribute type 0xffffffff");
	}
	return 1;
}

static int rx_push(patnc_rx_t *rx, const patnc_attr_t *a)
{
	if (rx->count == rx->cap) {
		size_t cap = rx->cap ? rx->cap * 2 : 8, bytes;
		patnc_attr_t *p;

		if (!nea_mul_size(cap, sizeof(*p), &bytes))
			return NEA_ENOMEM;
		p = realloc(rx->attrs, bytes);
		if (!p)
			return NEA_ENOMEM;
		rx->attrs = p;
		rx->cap = cap;
	}
	rx->attrs[rx->count++] = *a;
	return 0;
}

static int fault_invalid(patnc_rx_t *rx, int code)
{
	rx->fault.has_error = true;
	attr_ietf_pa_tnc_error_invalid_param(&rx->fault.error, rx->hdr.raw,
					     (uint32_t)rx->fault.perr.offset);
	return code;
}

int patnc_msg_process(const uint8_t *msg, size_t len, patnc_rx_t *rx)
{
	nea_perr_t *perr = &rx->fault.perr;
	patnc_iter_t it;
	patnc_attr_t a;
	int rc;

	memset(rx, 0, sizeof(*rx));
	rc = patnc_msg_hdr_parse(msg, len, &rx->hdr, perr);
	if (rc == NEA_EVERSION) {
		rx->fault.has_error = true;
		attr_ietf_pa_tnc_error_version(&rx->fault.error, rx->hdr.raw);
	}
	if (rc)
		return rc;

	patnc_iter_init(&it, msg, len);
	while ((rc = patnc_iter_next(&it, &a, perr)) == 1) {
		nea_perr_t verr = { 0 };

		a.codec = patnc_codec_find(a.vendor, a.type);
		if (!a.codec) {
			if (a.flags & PATNC_ATTR_NOSKIP) {
				rx->fault.has_error = true;
				attr_ietf_pa_tnc_error_unsupported(&rx->fault.error, rx->hdr.raw,
								   a.flags, a.vendor, a.type);
				return nea_perr(perr, NEA_EUNSUPPORTED, a.offset,
						"unsupported attribute 0x%06x/0x%08x with NOSKIP",
						a.vendor, a.type);
			}
			rx->skipped++;
			rc = rx_push(rx, &a);
			if (rc)
				return nea_perr(perr, rc, a.offset, "no memory for attribute list");
			continue;
		}
		rc = patnc_attr_decode(a.codec, a.value, a.value_len, &a.data, &verr);
		if (rc == NEA_ENOMEM)
			return nea_perr(perr, rc, a.offset, "%s", verr.msg);
		if (rc) {
			if (a.vendor == PEN_IETF && a.type == IETF_ATTR_PA_TNC_ERROR) {
				/* never answer an error with an error */
				rx->suppressed++;
				continue;
			}
			nea_perr(perr, rc, a.offset + PATNC_ATTR_HDR_LEN + verr.offset, "%s",
				 verr.msg);
			return fault_invalid(rx, rc);
		}
		rc = rx_push(rx, &a);
		if (rc) {
			patnc_attr_clear(&a);
			return nea_perr(perr, rc, a.offset, "no memory for attribute list");
		}
	}
	if (rc < 0)
		return fault_invalid(rx, rc);
	return 0;
}

void patnc_rx_free(patnc_rx_t *rx)
{
	size_t i;

	for (i = 0; i < rx->count; i++)
		patnc_attr_clear(&rx->attrs[i]);
	free(rx->attrs);
	rx->attrs = NULL;
	rx->count = rx->cap = 0;
}

const patnc_attr_t *patnc_rx_find(const patnc_rx_t *rx, uint32_t vendor, uint32_t type)
{
	size_t i;

	for (i = 0; i < rx->count; i++)
		if (rx->attrs[i].vendor == vendor && rx->attrs[i].type == type)
			return &rx->attrs[i];
	return NULL;
}

int patnc_builder_init(patnc_builder_t *b, uint32_t msg_id, size_t max_msg_len)
{
	nea_wr_init(&b->w, 0);
	b->max = max_msg_len && max_msg_len < 0xffffffffu ? max_msg_len : 0xffffffffu;
	b->count = 0;
	if (b->max < PATNC_MSG_HDR_LEN)
		return NEA_EINVAL;
	nea_wr_u8(&b->w, PATNC_VERSION);
	nea_wr_u24(&b->w, 0);
	nea_wr_u32(&b->w, msg_id);
	return nea_wr_error(&b->w);
}

static int builder_check(patnc_builder_t *b, size_t mark, int rc)
{
	if (rc)
		return rc;
	if (b->w.len > b->max) {
		b->w.len = mark; /* roll back: the attribute goes into the next message */
		return NEA_ETOOBIG;
	}
	b->count++;
	return 0;
}

int patnc_builder_add(patnc_builder_t *b, uint8_t flags, uint32_t vendor, uint32_t type,
		      const void *data)
{
	size_t mark = b->w.len;

	return builder_check(b, mark, patnc_attr_encode(flags, vendor, type, data, &b->w));
}

int patnc_builder_add_raw(patnc_builder_t *b, uint8_t flags, uint32_t vendor, uint32_t type,
			  const uint8_t *value, size_t len)
{
	size_t mark = b->w.len, need;

	/* Refuse before copying a value that cannot fit anyway. */
	if (!nea_add_size(len, PATNC_ATTR_HDR_LEN, &need) || need > b->max - b->w.len)
		return NEA_ETOOBIG;
	return builder_check(b, mark,
			     patnc_attr_encode_raw(flags, vendor, type, value, len, &b->w));
}

size_t patnc_builder_space(const patnc_builder_t *b)
{
	return b->w.len < b->max ? b->max - b->w.len : 0;
}

uint8_t *patnc_builder_finish(patnc_builder_t *b, size_t *len)
{
	return nea_wr_detach(&b->w, len);
}

void patnc_builder_free(patnc_builder_t *b)
{
	nea_wr_free(&b->w);
}

int patnc_fault_to_msg(const patnc_fault_t *f, uint32_t msg_id, uint8_t **out, size_t *len)
{
	patnc_builder_t b;
	int rc;

	*out = NULL;
	*len = 0;
	if (!f->has_error)
		return NEA_ENOTFOUND;
	rc = patnc_builder_init(&b, msg_id, 0);
	if (!rc)
		rc = patnc_builder_add(&b, 0, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &f->error);
	if (rc) {
		patnc_builder_free(&b);
		return rc;
	}
	*out = patnc_builder_finish(&b, len);
	return *out ? 0 : NEA_ENOMEM;
}

int patnc_msg_dump(const uint8_t *msg, size_t len, nea_wr_t *o)
{
	patnc_rx_t rx;
	size_t i;
	int rc;

	rc = patnc_msg_process(msg, len, &rx);
	if (len >= PATNC_MSG_HDR_LEN)
		patnc_pr(o, "PA-TNC message version %u, ID 0x%08x, %zu bytes\n", rx.hdr.version,
			 rx.hdr.msg_id, len);
	for (i = 0; i < rx.count; i++)
		patnc_attr_print(&rx.attrs[i], o);
	if (rx.suppressed)
		patnc_pr(o, "%zu malformed PA-TNC Error attribute(s) ignored\n", rx.suppressed);
	if (rc) {
		patnc_pr(o, "error at offset %zu: %s (%s)\n", rx.fault.perr.offset,
			 rx.fault.perr.msg, nea_strerror(rc));
		if (rx.fault.has_error)
			attr_ietf_pa_tnc_error_print(&rx.fault.error, o);
	}
	patnc_rx_free(&rx);
	return rc;
}

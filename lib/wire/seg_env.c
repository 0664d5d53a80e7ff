#include "seg_env.h"

#include <stdlib.h>
#include <string.h>

#include "attr_names.h"
#include "attr_types.h"

int seg_tx_init(seg_tx_t *tx, uint32_t base_id, const uint8_t *attr, size_t len,
		uint32_t max_seg)
{
	memset(tx, 0, sizeof(*tx));
	/* the header must not be split and at least one next segment must follow */
	if (max_seg < PATNC_ATTR_HDR_LEN || max_seg >= len || base_id > SEG_BASE_ID_MAX)
		return NEA_EINVAL;
	tx->data = malloc(len);
	if (!tx->data)
		return NEA_ENOMEM;
	memcpy(tx->data, attr, len);
	tx->len = len;
	tx->base_id = base_id;
	tx->max_seg = max_seg;
	return 0;
}

void seg_tx_first(seg_tx_t *tx, attr_tcg_seg_env_t *env)
{
	env->flags = SEG_ENV_FLAG_MORE | SEG_ENV_FLAG_START;
	env->base_id = tx->base_id;
	env->segment = tx->data;
	env->segment_len = tx->max_seg;
	tx->off = tx->max_seg;
}

int seg_tx_next(seg_tx_t *tx, attr_tcg_seg_env_t *env, bool *last)
{
	size_t n;

	if (tx->off == 0 || tx->off >= tx->len)
		return NEA_ENOTFOUND;
	n = tx->len - tx->off;
	if (n > tx->max_seg)
		n = tx->max_seg;
	env->base_id = tx->base_id;
	env->segment = tx->data + tx->off;
	env->segment_len = n;
	tx->off += n;
	*last = tx->off == tx->len;
	env->flags = *last ? 0 : SEG_ENV_FLAG_MORE;
	return 0;
}

bool seg_tx_done(const seg_tx_t *tx)
{
	return tx->off >= tx->len;
}

void seg_tx_free(seg_tx_t *tx)
{
	free(tx->data);
	memset(tx, 0, sizeof(*tx));
}

void seg_attr_free(seg_attr_t *a)
{
	patnc_attr_clear(&a->attr);
	free(a->buf);
	memset(a, 0, sizeof(*a));
}

void seg_rx_free(seg_rx_t *rx)
{
	free(rx->buf);
	memset(rx, 0, sizeof(*rx));
}

static int fault_ip(const seg_rx_t *rx, patnc_fault_t *f, int code, uint32_t offset,
		    const char *why)
{
	f->has_error = true;
	attr_ietf_pa_tnc_error_invalid_param(&f->error, rx->msg_info, offset);
	nea_perr(&f->perr, code, offset, "base message ID %u: %s", rx->base_id, why);
	return code;
}

static int append(seg_rx_t *rx, const uint8_t *seg, size_t len)
{
	size_t need;

	if (!nea_add_size(rx->len, len, &need))
		return NEA_ETOOBIG;
	if (need > rx->cap) {
		size_t cap = rx->cap ? rx->cap : 256;
		uint8_t *p;

		while (cap < need)
			cap = cap > SIZE_MAX / 2 ? need : cap * 2;
		if (cap > rx->declared)
			cap = rx->declared; /* never beyond what the header declared */
		p = realloc(rx->buf, cap);
		if (!p)
			return NEA_ENOMEM;
		rx->buf = p;
		rx->cap = cap;
	}
	if (len)
		memcpy(rx->buf + rx->len, seg, len);
	rx->len = need;
	return 0;
}

/* All declared bytes are in: decode and hand the attribute over. */
static int complete(seg_rx_t *rx, seg_attr_t *out, patnc_fault_t *fault)
{
	const patnc_codec_t *c = patnc_codec_find(rx->vendor, rx->type);
	nea_perr_t verr = { 0 };
	patnc_attr_t *a = &out->attr;
	int rc;

	memset(out, 0, sizeof(*out));
	a->flags = rx->flags;
	a->vendor = rx->vendor;
	a->type = rx->type;
	a->offset = 0;
	a->value = rx->buf + PATNC_ATTR_HDR_LEN;
	a->value_len = rx->len - PATNC_ATTR_HDR_LEN;
	a->codec = c;
	rc = patnc_attr_decode(c, a->value, a->value_len, &a->data, &verr);
	if (rc == NEA_ENOMEM)
		return nea_perr(&fault->perr, rc, 0, "%s", verr.msg);
	if (rc) {
		if (rx->vendor == PEN_IETF && rx->type == IETF_ATTR_PA_TNC_ERROR)
			return nea_perr(&fault->perr, rc, PATNC_ATTR_HDR_LEN + verr.offset,
					"malformed segmented PA-TNC error ignored: %s", verr.msg);
		return fault_ip(rx, fault, rc, (uint32_t)(PATNC_ATTR_HDR_LEN + verr.offset),
				verr.msg);
	}
	out->buf = rx->buf;
	out->len = rx->len;
	rx->buf = NULL;
	rx->len = rx->cap = 0;
	return SEG_DONE;
}

int seg_rx_start(seg_rx_t *rx, uint32_t base_id, const uint8_t *seg, size_t len, size_t limit,
		 seg_attr_t *out, patnc_fault_t *fault)
{
	const patnc_codec_t *c;
	uint32_t length;
	int rc;

	memset(rx, 0, sizeof(*rx));
	memset(fault, 0, sizeof(*fault));
	memset(out, 0, sizeof(*out));
	rx->base_id = base_id;
	memset(rx->msg_info, 0xff, 4);
	nea_put_u32(rx->msg_info + 4, base_id);
	rx->segments = 1;

	/*
	 * The first segment starts with the embedded attribute header (see
	 * patnc_msg.c for the drawing); it is checked in strongSwan's order.
	 */
	if (len < PATNC_ATTR_HDR_LEN)
		return fault_ip(rx, fault, NEA_ETRUNC, 0, "first segment shorter than a header");
	rx->flags = seg[0];
	rx->vendor = nea_get_u24(seg + 1);
	rx->type = nea_get_u32(seg + 4);
	length = nea_get_u32(seg + 8);
	if (length < PATNC_ATTR_HDR_LEN)
		return fault_ip(rx, fault, NEA_EINVAL, 8, "attribute length below 12");
	if (rx->vendor == PEN_RESERVED)
		return fault_ip(rx, fault, NEA_EINVAL, 1, "reserved attribute vendor");
	if (rx->type == PATNC_TYPE_RESERVED)
		return fault_ip(rx, fault, NEA_EINVAL, 4, "reserved attribute type");
	c = patnc_codec_find(rx->vendor, rx->type);
	if (!c) {
		if (!(rx->flags & PATNC_ATTR_NOSKIP)) {
			nea_perr(&fault->perr, NEA_EUNSUPPORTED, 0,
				 "unknown segmented attribute 0x%06x/0x%08x skipped", rx->vendor,
				 rx->type);
			return SEG_SKIPPED;
		}
		fault->has_error = true;
		attr_ietf_pa_tnc_error_unsupported(&fault->error, rx->msg_info, rx->flags,
						   rx->vendor, rx->type);
		return nea_perr(&fault->perr, NEA_EUNSUPPORTED, 0,
				"unsupported segmented attribute 0x%06x/0x%08x with NOSKIP",
				rx->vendor, rx->type);
	}
	if (length > limit)
		return fault_ip(rx, fault, NEA_ETOOBIG, 8, "attribute longer than allowed");
	if (len > length)
		return fault_ip(rx, fault, NEA_EINVAL, length, "segment beyond attribute length");
	rx->declared = length;
	rc = append(rx, seg, len);
	if (rc)
		return nea_perr(&fault->perr, rc, 0, "no memory for a segmented attribute");
	if (rx->len == rx->declared)
		return complete(rx, out, fault);
	return SEG_MORE;
}

int seg_rx_add(seg_rx_t *rx, const uint8_t *seg, size_t len, bool more, seg_attr_t *out,
	       patnc_fault_t *fault)
{
	int rc;

	memset(fault, 0, sizeof(*fault));
	memset(out, 0, sizeof(*out));
	rx->segments++;
	if (len > rx->declared - rx->len)
		return fault_ip(rx, fault, NEA_EINVAL, rx->declared,
				"segment beyond attribute length");
	rc = append(rx, seg, len);
	if (rc)
		return nea_perr(&fault->perr, rc, 0, "no memory for a segmented attribute");
	if (rx->len == rx->declared)
		return complete(rx, out, fault);
	if (!more)
		return fault_ip(rx, fault, NEA_ETRUNC, 8, "last segment leaves attribute incomplete");
	return SEG_MORE;
}

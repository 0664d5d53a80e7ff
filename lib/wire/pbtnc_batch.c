#include "pbtnc_batch.h"

#include <stdlib.h>
#include <string.h>

#include "tnc_names.h"

/*
 *   PB-Batch Header (RFC 5793 §4.1)
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |    Version    |D|     Reserved                        | B-Type|
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                       Batch Length                            |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Version = 2. D = 1 when sent by the PB-TNC server. Reserved bits are
 *   ignored on receipt (strongSwan masks the type with 0x0F). Batch Length
 *   counts the whole batch including this header; PB-TNC messages
 *   (pbtnc_msg.c) follow back to back.
 */
int pbtnc_batch_hdr_parse(const uint8_t *buf, size_t len, pbtnc_batch_hdr_t *h, nea_perr_t *err)
{
	nea_rd_t r;
	uint8_t flags, reserved, type;

	nea_rd_init(&r, buf, len);
	if (!nea_rd_u8(&r, &h->version) || !nea_rd_u8(&r, &flags) || !nea_rd_u8(&r, &reserved) ||
	    !nea_rd_u8(&r, &type) || !nea_rd_u32(&r, &h->length))
		return nea_perr(err, NEA_ETRUNC, 0,
				"%zu bytes insufficient to parse PB-TNC batch header", len);
	h->from_server = (flags & PBTNC_BATCH_FLAG_D) != 0;
	h->type = type & 0x0f;
	return 0;
}

static int fail(pbtnc_error_t *reply, nea_perr_t *err, int code, uint16_t pb_code, size_t off,
		const char *what)
{
	pbtnc_error_set(reply, pb_code, (uint32_t)off);
	return nea_perr(err, code, off, "%s", what);
}

static int grow(pbtnc_batch_t *b, size_t *cap)
{
	size_t ncap, bytes;
	pbtnc_msg_t *p;

	if (b->n_msgs < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	if (!nea_mul_size(ncap, sizeof(*p), &bytes))
		return NEA_ENOMEM;
	p = realloc(b->msgs, bytes);
	if (!p)
		return NEA_ENOMEM;
	b->msgs = p;
	*cap = ncap;
	return 0;
}

/* One message at offset off; *msg_len receives its length. */
static int parse_msg(const uint8_t *buf, size_t len, size_t off, const pbtnc_recv_opts_t *opts,
		     uint8_t batch_type, pbtnc_msg_t *m, uint32_t *msg_len,
		     pbtnc_error_t *reply, nea_perr_t *err)
{
	const pbtnc_msg_info_t *info;
	char name[64];
	nea_rd_t r;
	bool noskip;
	nea_perr_t inner;
	int rc;

	memset(m, 0, sizeof(*m));
	m->offset = off;
	nea_rd_init(&r, buf + off, len - off);
	if (!nea_rd_u8(&r, &m->flags) || !nea_rd_u24(&r, &m->vendor) ||
	    !nea_rd_u32(&r, &m->type) || !nea_rd_u32(&r, msg_len)) {
		pbtnc_error_set(reply, PBTNC_ERR_INVALID_PARAMETER, (uint32_t)off);
		return nea_perr(err, NEA_ETRUNC, off,
				"%zu bytes insufficient to parse PB-TNC message header", len - off);
	}
	noskip = (m->flags & PBTNC_MSG_FLAG_NOSKIP) != 0;
	if (*msg_len > len - off) {
		pbtnc_error_set(reply, PBTNC_ERR_INVALID_PARAMETER, (uint32_t)(off + 8));
		return nea_perr(err, NEA_ETOOBIG, off + 8,
				"PB-TNC message length %u exceeds the %zu bytes left", *msg_len,
				len - off);
	}
	if (m->vendor == TNC_PEN_RESERVED)
		return fail(reply, err, NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, off + 1,
			    "PB-TNC message vendor ID 0xffffff is reserved");
	if (m->type == PBTNC_RESERVED_MSG_TYPE)
		return fail(reply, err, NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, off + 4,
			    "PB-TNC message type 0xffffffff is reserved");
	if (m->vendor == TNC_PEN_IETF && m->type == PBTNC_MSG_EXPERIMENTAL && noskip)
		return fail(reply, err, NEA_EUNSUPPORTED, PBTNC_ERR_UNSUPPORTED_MANDATORY_MSG, off,
			    "reject IETF/PB-Experimental message with NOSKIP flag set");
	info = pbtnc_msg_info(m->vendor, m->type);
	pbtnc_msg_type_str(name, sizeof(name), m->vendor, m->type);
	if (!info) {
		if (*msg_len < PBTNC_MSG_HDR_LEN) {
			pbtnc_error_set(reply, PBTNC_ERR_INVALID_PARAMETER, (uint32_t)(off + 8));
			return nea_perr(err, NEA_EINVAL, off + 8,
					"%u bytes too small for PB-TNC message length", *msg_len);
		}
		if (noskip) {
			pbtnc_error_set(reply, PBTNC_ERR_UNSUPPORTED_MANDATORY_MSG, (uint32_t)off);
			return nea_perr(err, NEA_EUNSUPPORTED, off,
					"reject PB-TNC message (%s) with NOSKIP flag set", name);
		}
		m->kind = PBTNC_KIND_UNKNOWN;
		m->skip = true;
		m->value = buf + off + PBTNC_MSG_HDR_LEN;
		m->value_len = *msg_len - PBTNC_MSG_HDR_LEN;
		return 0;
	}
	if (info->noskip != PBTNC_NOSKIP_ANY && (info->noskip == PBTNC_NOSKIP_SET) != noskip) {
		pbtnc_error_set(reply, PBTNC_ERR_INVALID_PARAMETER, (uint32_t)off);
		return nea_perr(err, NEA_EINVAL, off, "%s message must%s have NOSKIP flag set",
				name, info->noskip == PBTNC_NOSKIP_SET ? "" : " not");
	}
	if (*msg_len < info->min_len || (info->exact && *msg_len != info->min_len)) {
		pbtnc_error_set(reply, PBTNC_ERR_INVALID_PARAMETER, (uint32_t)off);
		return nea_perr(err, *msg_len < info->min_len ? NEA_ETRUNC : NEA_EINVAL, off,
				"%s message length must be %s %u bytes but is %u bytes", name,
				info->exact ? "exactly" : "at least", info->min_len, *msg_len);
	}
	m->kind = info->kind;
	m->value = buf + off + PBTNC_MSG_HDR_LEN;
	m->value_len = *msg_len - PBTNC_MSG_HDR_LEN;
	if (info->result_only && batch_type != PBTNC_BATCH_RESULT) {
		if (opts->is_server) {
			pbtnc_error_set(reply, PBTNC_ERR_INVALID_PARAMETER, (uint32_t)off);
			return nea_perr(err, NEA_EINVAL, off,
					"reject %s message received from a PB-TNC client", name);
		}
		m->skip = true; /* a client ignores it */
		return 0;
	}
	rc = pbtnc_msg_value_parse(m, &inner);
	if (rc) {
		size_t at = off + inner.offset;

		pbtnc_error_set(reply, PBTNC_ERR_INVALID_PARAMETER, (uint32_t)at);
		return nea_perr(err, rc, at, "%s: %s", name, inner.msg);
	}
	return 0;
}

int pbtnc_batch_parse(const uint8_t *buf, size_t len, const pbtnc_recv_opts_t *opts,
		      pbtnc_batch_t *out, pbtnc_error_t *reply, nea_perr_t *err)
{
	size_t max, off, cap = 0;
	pbtnc_error_t scratch;
	uint32_t msg_len;
	int rc;

	if (!reply)
		reply = &scratch;
	memset(out, 0, sizeof(*out));
	memset(reply, 0, sizeof(*reply));
	if (!opts) {
		pbtnc_error_set(reply, PBTNC_ERR_LOCAL_ERROR, 0);
		return nea_perr(err, NEA_EINVAL, 0, "no receiver options");
	}
	max = opts->max_batch_size ? opts->max_batch_size : PBTNC_MAX_BATCH_PTTLS;
	rc = pbtnc_batch_hdr_parse(buf, len, &out->hdr, err);
	if (rc) {
		pbtnc_error_set(reply, PBTNC_ERR_INVALID_PARAMETER, 0);
		return rc;
	}
	if (out->hdr.version != PBTNC_VERSION) {
		pbtnc_error_set_version(reply, out->hdr.version);
		return nea_perr(err, NEA_EVERSION, 0, "unsupported TNCCS batch version 0x%02x",
				out->hdr.version);
	}
	if (!opts->ignore_direction && out->hdr.from_server == opts->is_server)
		return fail(reply, err, NEA_EINVAL, PBTNC_ERR_INVALID_PARAMETER, 1,
			    out->hdr.from_server ? "wrong Directionality: batch is from a PB-TNC server"
						 : "wrong Directionality: batch is from a PB-TNC client");
	if (out->hdr.type > PBTNC_BATCH_CLOSE) {
		pbtnc_error_set(reply, PBTNC_ERR_INVALID_PARAMETER, 3);
		return nea_perr(err, NEA_EINVAL, 3, "unknown PB-TNC batch type: %d", out->hdr.type);
	}
	if (len > max || out->hdr.length > max) {
		pbtnc_error_set(reply, PBTNC_ERR_INVALID_PARAMETER, 4);
		return nea_perr(err, NEA_ETOOBIG, 4, "PB-TNC batch of %zu bytes exceeds limit of %zu",
				len > out->hdr.length ? len : (size_t)out->hdr.length, max);
	}
	if (len != out->hdr.length) {
		pbtnc_error_set(reply, PBTNC_ERR_INVALID_PARAMETER, 4);
		return nea_perr(err, len < out->hdr.length ? NEA_ETRUNC : NEA_EINVAL, 4,
				"%zu bytes of data is not equal to batch length of %u bytes", len,
				out->hdr.length);
	}
	if (opts->state || out->hdr.type == PBTNC_BATCH_NONE) {
		/* type 0 is legal in no state, so it fails even without one */
		rc = opts->state ? pbtnc_state_next(*opts->state, out->hdr.type,
						    out->hdr.from_server, &out->next_state)
				 : NEA_EINVAL;
		if (rc) {
			pbtnc_error_set(reply, PBTNC_ERR_UNEXPECTED_BATCH_TYPE, 0);
			return nea_perr(err, NEA_ESTATE, 0, "unexpected PB-TNC batch type: %u",
					out->hdr.type);
		}
	}
	out->empty = len == PBTNC_BATCH_HDR_LEN;
	for (off = PBTNC_BATCH_HDR_LEN; off < len; off += msg_len) {
		rc = grow(out, &cap);
		if (rc) {
			pbtnc_error_set(reply, PBTNC_ERR_LOCAL_ERROR, 0);
			nea_perr(err, rc, off, "out of memory");
			goto fail;
		}
		rc = parse_msg(buf, len, off, opts, out->hdr.type, &out->msgs[out->n_msgs], &msg_len,
			       reply, err);
		if (rc)
			goto fail;
		out->n_msgs++;
	}
	return 0;
fail:
	pbtnc_batch_free(out);
	return rc;
}

void pbtnc_batch_free(pbtnc_batch_t *b)
{
	free(b->msgs);
	b->msgs = NULL;
	b->n_msgs = 0;
}

int pbtnc_batch_builder_init(pbtnc_batch_builder_t *b, bool is_server, uint8_t type,
			     size_t max_batch_size)
{
	size_t max = max_batch_size ? max_batch_size : PBTNC_MAX_BATCH_PTTLS;

	memset(b, 0, sizeof(*b));
	if (max < PBTNC_BATCH_HDR_LEN || max > UINT32_MAX || type < PBTNC_BATCH_CDATA ||
	    type > PBTNC_BATCH_CLOSE)
		return NEA_EINVAL;
	b->max = max;
	nea_wr_init(&b->w, max);
	/* strongSwan writes the type as a 16-bit field after the D byte */
	nea_wr_u8(&b->w, PBTNC_VERSION);
	nea_wr_u8(&b->w, is_server ? PBTNC_BATCH_FLAG_D : 0);
	nea_wr_u16(&b->w, type);
	nea_wr_u32(&b->w, 0);
	return nea_wr_error(&b->w);
}

int pbtnc_batch_builder_add(pbtnc_batch_builder_t *b, const pbtnc_msg_t *m)
{
	nea_wr_t tmp;
	int rc;

	if (nea_wr_error(&b->w))
		return nea_wr_error(&b->w);
	/* Room left in the batch is the hard limit of the scratch writer. */
	nea_wr_init(&tmp, b->max - b->w.len ? b->max - b->w.len : 1);
	rc = pbtnc_msg_build(&tmp, m);
	if (!rc && tmp.len > b->max - b->w.len)
		rc = NEA_ETOOBIG;
	if (!rc) {
		nea_wr_bytes(&b->w, tmp.ptr, tmp.len);
		rc = nea_wr_error(&b->w);
		if (!rc)
			b->n_msgs++;
	}
	nea_wr_free(&tmp);
	return rc;
}

uint8_t *pbtnc_batch_builder_finish(pbtnc_batch_builder_t *b, size_t *len)
{
	uint8_t *p;

	nea_wr_put_u32_at(&b->w, 4, (uint32_t)b->w.len);
	p = nea_wr_detach(&b->w, len);
	b->n_msgs = 0;
	return p;
}

void pbtnc_batch_builder_free(pbtnc_batch_builder_t *b)
{
	nea_wr_free(&b->w);
	b->n_msgs = 0;
}

int pbtnc_batch_build(bool is_server, uint8_t type, const pbtnc_msg_t *msgs, size_t n,
		      size_t max_batch_size, uint8_t **out, size_t *out_len, size_t *n_added)
{
	pbtnc_batch_builder_t b;
	size_t i;
	int rc;

	*out = NULL;
	*out_len = 0;
	*n_added = 0;
	rc = pbtnc_batch_builder_init(&b, is_server, type, max_batch_size);
	if (rc)
		goto out;
	for (i = 0; i < n; i++) {
		rc = pbtnc_batch_builder_add(&b, &msgs[i]);
		if (rc == NEA_ETOOBIG)
			break;
		if (rc)
			goto out;
	}
	*n_added = b.n_msgs;
	*out = pbtnc_batch_builder_finish(&b, out_len);
	rc = *out ? 0 : NEA_ENOMEM;
out:
	pbtnc_batch_builder_free(&b);
	return rc;
}

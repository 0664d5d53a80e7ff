/*
 * `nea dump`: a PA-TNC message and its attributes, each with the fields its
 * lib/wire codec prints.
 *
 * patnc_msg_process() is the judge (strongSwan's receiver rules); the
 * attributes are listed by walking the headers with patnc_iter_next() so
 * that what the receiver leaves out of its list - a malformed PA-TNC Error
 * it drops silently, the attribute it stopped at - still shows in order.
 */
#include <string.h>

#include "attr_ietf_pa_tnc_error.h"
#include "attr_ietf_product_info.h"
#include "attr_ietf_string_version.h"
#include "attr_names.h"
#include "attr_tcg_seg_env.h"
#include "attr_types.h"
#include "cmd_dump_int.h"
#include "patnc_msg.h"
#include "patnc_print.h"

/* Print a decoded attribute's fields (the codec's own text) at depth. */
static void fields(dump_ctx_t *c, const patnc_codec_t *codec, const void *data, int depth)
{
	nea_wr_t t;

	nea_wr_init(&t, 0);
	codec->print(data, &t);
	if (nea_wr_error(&t))
		c->out->err = c->out->err ? c->out->err : nea_wr_error(&t);
	else
		dump_block(c, depth, t.ptr, t.len);
	nea_wr_free(&t);
}

/*
 * A first Segment Envelope begins with the header of the attribute it
 * carries: name it (the dump shows segments, it does not reassemble them).
 */
static void first_segment(dump_ctx_t *c, const patnc_attr_t *a, const void *data, int depth)
{
	const attr_tcg_seg_env_t *env = data;
	uint32_t vendor, type, len;
	uint8_t flags;
	char name[96];
	nea_rd_t r;

	if (a->vendor != PEN_TCG || a->type != TCG_SEG_ENVELOPE || !(env->flags & SEG_ENV_FLAG_START))
		return;
	nea_rd_init(&r, env->segment, env->segment_len);
	if (!nea_rd_u8(&r, &flags) || !nea_rd_u24(&r, &vendor) || !nea_rd_u32(&r, &type) ||
	    !nea_rd_u32(&r, &len)) {
		dump_line(c, depth, "embedded attribute header cut off: %zu of %d bytes",
			  env->segment_len, PATNC_ATTR_HDR_LEN);
		return;
	}
	dump_line(c, depth, "carries attribute type '%s' 0x%06x/0x%08x (%u bytes), flags 0x%02x%s",
		  attr_full_name(vendor, type, name, sizeof(name)), vendor, type, len, flags,
		  (flags & PATNC_ATTR_NOSKIP) ? " NOSKIP" : "");
}

/* rx_data: the receiver's decoded struct for this attribute, or NULL. */
static void print_attr(dump_ctx_t *c, const patnc_attr_t *a, const void *rx_data, size_t base,
		       int depth)
{
	const patnc_codec_t *codec = patnc_codec_find(a->vendor, a->type);
	bool noskip = (a->flags & PATNC_ATTR_NOSKIP) != 0;
	nea_perr_t verr;
	void *data = NULL;
	char name[96];
	int rc;

	dump_line(c, depth, "PA-TNC attribute type '%s' 0x%06x/0x%08x (%zu bytes) at byte %zu, "
		  "flags 0x%02x%s",
		  attr_full_name(a->vendor, a->type, name, sizeof(name)), a->vendor, a->type,
		  a->value_len + PATNC_ATTR_HDR_LEN, dump_abs(c, base + a->offset), a->flags,
		  noskip ? " NOSKIP" : "");
	if (!codec) {
		dump_hex_line(c, depth + 1, noskip ? "unknown type with NOSKIP, value"
						   : "unknown type, skipped; value",
			      a->value, a->value_len);
		return;
	}
	if (rx_data) {
		fields(c, codec, rx_data, depth);
		first_segment(c, a, rx_data, depth + 1);
		return;
	}
	rc = patnc_attr_decode(codec, a->value, a->value_len, &data, &verr);
	if (rc == 0) {
		fields(c, codec, data, depth);
		first_segment(c, a, data, depth + 1);
		patnc_attr_data_free(codec, data);
		return;
	}
	if (rc == NEA_ENOMEM) {
		c->out->err = c->out->err ? c->out->err : rc;
		return;
	}
	dump_line(c, depth + 1, "malformed value at byte %zu: %s%s",
		  dump_abs(c, base + a->offset + PATNC_ATTR_HDR_LEN + verr.offset), verr.msg,
		  a->vendor == PEN_IETF && a->type == IETF_ATTR_PA_TNC_ERROR
			  ? " (ignored: an error is never answered with an error)" : "");
}

/*
 * The product the OS IMV files the endpoint under: Product Information's
 * name and String Version's version joined by a space ("Debian 12 x86_64",
 * strongSwan's "processing installed 'Debian 12 x86_64' packages"; the
 * policy database's products table holds the same string).
 */
static void product_line(dump_ctx_t *c, const patnc_rx_t *rx, int depth)
{
	const patnc_attr_t *pi = patnc_rx_find(rx, PEN_IETF, IETF_ATTR_PRODUCT_INFO);
	const patnc_attr_t *sv = patnc_rx_find(rx, PEN_IETF, IETF_ATTR_STRING_VERSION);
	const attr_ietf_product_info_t *p;
	const attr_ietf_string_version_t *v;

	if (!pi || !sv || !pi->data || !sv->data)
		return;
	p = pi->data;
	v = sv->data;
	dump_begin(c, depth, "product '");
	dump_esc(c, p->name, p->name_len);
	patnc_pr(c->out, " ");
	dump_esc(c, v->version, v->version_len);
	patnc_pr(c->out, "' (Product Information name and String Version, as the OS IMV names it)");
	dump_end(c);
}

int dump_patnc(dump_ctx_t *c, const uint8_t *msg, size_t len, size_t base, int depth)
{
	size_t j = 0, fault_at;
	patnc_iter_t it;
	patnc_attr_t a;
	patnc_rx_t rx;
	nea_perr_t e;
	nea_wr_t t;
	int rc;

	/* a synthetic header (bare attributes) is neither printed nor a level */
	const bool bare = c->bare;
	const int inner = bare ? depth : depth + 1;

	c->bare = false;
	rc = patnc_msg_process(msg, len, &rx);
	fault_at = rx.fault.perr.offset;
	if (len >= PATNC_MSG_HDR_LEN && !bare)
		dump_line(c, depth, "PA-TNC message with ID 0x%08x (%zu bytes) at byte %zu, version %u",
			  rx.hdr.msg_id, len, dump_abs(c, base), rx.hdr.version);
	if (len >= PATNC_MSG_HDR_LEN && rx.hdr.version == PATNC_VERSION) {
		patnc_iter_init(&it, msg, len);
		while (patnc_iter_next(&it, &a, &e) == 1) {
			const void *rx_data = NULL;

			if (rc && a.offset > fault_at)
				break;
			while (j < rx.count && rx.attrs[j].offset < a.offset)
				j++;
			if (j < rx.count && rx.attrs[j].offset == a.offset)
				rx_data = rx.attrs[j].data;
			print_attr(c, &a, rx_data, base, inner);
		}
	}
	if (!rc)
		product_line(c, &rx, inner);
	if (rc) {
		if (rx.fault.has_error) {
			dump_line(c, depth, "refused: a PA-TNC peer answers with this PA-TNC Error%s:",
				  bare ? " (its offsets count an 8-byte message header)" : "");
			nea_wr_init(&t, 0);
			attr_ietf_pa_tnc_error_print(&rx.fault.error, &t);
			dump_block(c, depth, t.ptr, t.len);
			nea_wr_free(&t);
		}
		rc = dump_fail(c, rc, base + fault_at, "%s", rx.fault.perr.msg);
	}
	patnc_rx_free(&rx);
	return rc;
}

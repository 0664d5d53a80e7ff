/*
 * `nea dump`: an EAP packet (PT-EAP and EAP-TNC carry a PB-TNC batch,
 * decoded in place) and a stream of EAP-TTLS phase-2 Diameter AVPs whose
 * EAP-Message AVPs carry such packets.
 *
 * An EAP packet split over consecutive EAP-Message AVPs (RFC 5281 allows
 * it; strongSwan never does it) is reassembled into a copy whose pieces
 * are mapped back to the input, so offsets still name input bytes.
 * EAP-TTLS outer packets carry encrypted TLS records: only their header is
 * decoded. An EAP-TNC fragment is shown, not reassembled.
 */
#include "cmd_dump_int.h"
#include "eap_pkt.h"
#include "eap_tls_pkt.h"
#include "eap_ttls_avp.h"
#include "patnc_print.h"
#include "tnc_names.h"

#define MAX_PIECES 256

static const char *method_name(uint8_t type)
{
	switch (type) {
	case EAP_TYPE_TTLS: return "EAP-TTLS";
	case EAP_TYPE_TNC: return "EAP-TNC";
	default: return "PT-EAP";
	}
}

static int method(dump_ctx_t *c, const uint8_t *buf, size_t len, uint8_t type, size_t base,
		  int depth)
{
	eap_tls_pkt_t t;
	nea_perr_t e;
	int rc;

	rc = eap_tls_pkt_parse(buf, len, type, &t, &e);
	if (rc)
		return dump_fail(c, rc, base + e.offset, "%s: %s", method_name(type), e.msg);
	dump_begin(c, depth, "%s flags 0x%02x: version %u", method_name(type), t.flags, t.version);
	if (t.has_length)
		patnc_pr(c->out, ", message length %u", t.msg_len);
	if (t.more)
		patnc_pr(c->out, ", more fragments");
	if (t.start)
		patnc_pr(c->out, ", start");
	dump_end(c);
	if (!t.data_len) {
		dump_line(c, depth, "%s", t.start ? "no data" : "acknowledgement (no data)");
		return 0;
	}
	if (type == EAP_TYPE_TTLS) {
		dump_hex_line(c, depth, "TLS records (encrypted; dump the decrypted phase 2 AVPs "
			      "with --as eap-ttls)", t.data, t.data_len);
		return 0;
	}
	if (t.more || (t.has_length && t.msg_len != t.data_len)) {
		dump_begin(c, depth, "fragment of a %u-byte PB-TNC batch, not decoded: ",
			   t.has_length ? t.msg_len : 0);
		patnc_pr_hex(c->out, t.data, t.data_len, 64);
		dump_end(c);
		return 0;
	}
	return dump_pbtnc(c, t.data, t.data_len, base + (size_t)(t.data - buf), depth);
}

static void nak(dump_ctx_t *c, const eap_pkt_t *p, int depth)
{
	const uint8_t *types;
	size_t n, i;
	nea_perr_t e;

	if (eap_nak_parse(p, &types, &n, &e)) {
		dump_hex_line(c, depth, "malformed Nak", p->data, p->data_len);
		return;
	}
	dump_begin(c, depth, "desired types:");
	for (i = 0; i < n; i++) {
		const char *name = eap_type_name(types[i]);

		patnc_pr(c->out, " %s (%u)", name ? name : "unknown", types[i]);
	}
	dump_end(c);
}

int dump_eap(dump_ctx_t *c, const uint8_t *buf, size_t len, size_t base, int depth)
{
	const char *code, *type;
	eap_pkt_t p;
	nea_perr_t e;
	int rc;

	rc = eap_pkt_parse(buf, len, &p, &e);
	if (rc)
		return dump_fail(c, rc, base + e.offset, "EAP: %s", e.msg);
	code = eap_code_name(p.code);
	type = eap_type_name(p.type);
	dump_begin(c, depth, "%s packet (%u bytes) at byte %zu, identifier %u", code, p.length,
		   dump_abs(c, base), p.id);
	if (p.code == EAP_CODE_REQUEST || p.code == EAP_CODE_RESPONSE)
		patnc_pr(c->out, ", type %s (%u)", type ? type : "unknown", p.type);
	dump_end(c);
	if (p.code != EAP_CODE_REQUEST && p.code != EAP_CODE_RESPONSE)
		return 0;
	switch (p.type) {
	case EAP_TYPE_IDENTITY:
	case EAP_TYPE_NOTIFICATION:
		dump_begin(c, depth + 1, "%s ", p.type == EAP_TYPE_IDENTITY ? "identity" : "notification");
		patnc_pr_str(c->out, p.data, p.data_len);
		dump_end(c);
		return 0;
	case EAP_TYPE_NAK:
		nak(c, &p, depth + 1);
		return 0;
	case EAP_TYPE_TTLS:
	case EAP_TYPE_TNC:
	case EAP_TYPE_PT_EAP:
		return method(c, buf, len, p.type, base, depth + 1);
	default:
		dump_hex_line(c, depth + 1, "type data", p.data, p.data_len);
		return 0;
	}
}

/* EAP-Message pieces of one split EAP packet. */
typedef struct {
	nea_wr_t w;
	dump_span_t spans[MAX_PIECES];
	size_t n;
	size_t want; /* EAP length from the first piece */
} pieces_t;

static int piece(dump_ctx_t *c, pieces_t *pc, const eap_ttls_avp_t *avp, size_t data_at,
		 int depth)
{
	dump_ctx_t child = *c;
	int rc;

	if (pc->n == MAX_PIECES)
		return dump_fail(c, NEA_ETOOBIG, data_at, "EAP packet split over more than %d AVPs",
				 MAX_PIECES);
	pc->spans[pc->n].at = pc->w.len;
	pc->spans[pc->n].abs = dump_abs(c, data_at);
	pc->spans[pc->n].len = avp->data_len;
	pc->n++;
	nea_wr_bytes(&pc->w, avp->data, avp->data_len);
	if (nea_wr_error(&pc->w))
		return dump_fail(c, nea_wr_error(&pc->w), data_at, "no memory for the EAP packet");
	if (pc->w.len > pc->want)
		return dump_fail(c, NEA_EINVAL, data_at + avp->data_len - (pc->w.len - pc->want),
				 "EAP-Message AVPs carry more than the EAP packet's %zu bytes",
				 pc->want);
	if (pc->w.len < pc->want)
		return 0;
	child.spans = pc->spans;
	child.nspans = pc->n;
	dump_line(c, depth, "EAP packet of %zu bytes reassembled from %zu EAP-Message AVPs",
		  pc->w.len, pc->n);
	rc = dump_eap(&child, pc->w.ptr, pc->w.len, 0, depth);
	pc->n = 0;
	pc->w.len = 0;
	return rc;
}

int dump_ttls_avps(dump_ctx_t *c, const uint8_t *buf, size_t len, size_t base, int depth)
{
	eap_ttls_avp_t avp;
	pieces_t pc = { .n = 0 };
	nea_perr_t e;
	nea_rd_t r;
	int rc;

	if (!len)
		return dump_fail(c, NEA_ETRUNC, base, "no AVP in an empty input");
	nea_wr_init(&pc.w, EAP_MAX_LEN);
	nea_rd_init(&r, buf, len);
	while ((rc = eap_ttls_avp_next(&r, &avp, &e)) == 1) {
		size_t at = r.off - avp.padded_len, data_at = (size_t)(avp.data - buf);
		bool eap_msg = avp.code == EAP_TTLS_AVP_EAP_MESSAGE && !(avp.flags & EAP_TTLS_AVP_FLAG_V);
		nea_rd_t d;
		uint16_t eap_len = 0;

		dump_begin(c, depth, "Diameter AVP code %u%s (%zu bytes) at byte %zu, flags 0x%02x%s%s",
			   avp.code, eap_msg ? " EAP-Message" : "", avp.padded_len,
			   dump_abs(c, base + at), avp.flags,
			   (avp.flags & EAP_TTLS_AVP_FLAG_V) ? " V" : "",
			   (avp.flags & EAP_TTLS_AVP_FLAG_M) ? " M" : "");
		if (avp.flags & EAP_TTLS_AVP_FLAG_V)
			patnc_pr(c->out, ", vendor %u", avp.vendor);
		dump_end(c);
		if (!eap_msg) {
			if (pc.n)
				rc = dump_fail(c, NEA_EINVAL, base + at,
					       "split EAP packet interrupted by AVP code %u", avp.code);
			else {
				dump_hex_line(c, depth + 1, "value", avp.data, avp.data_len);
				rc = 0;
			}
		} else if (pc.n) {
			rc = piece(c, &pc, &avp, base + data_at, depth + 1);
		} else {
			nea_rd_init(&d, avp.data, avp.data_len);
			if (nea_rd_skip(&d, 2) && nea_rd_u16(&d, &eap_len) && eap_len > avp.data_len) {
				pc.want = eap_len;
				rc = piece(c, &pc, &avp, base + data_at, depth + 1);
			} else {
				rc = dump_eap(c, avp.data, avp.data_len, base + data_at, depth + 1);
			}
		}
		if (rc)
			break;
	}
	if (rc < 0 && !c->err->code)
		rc = dump_fail(c, rc, base + e.offset, "EAP-TTLS AVP: %s", e.msg);
	else if (!rc && pc.n)
		rc = dump_fail(c, NEA_ETRUNC, base + len,
			       "EAP packet cut off: %zu of its %zu bytes in the EAP-Message AVPs",
			       pc.w.len, pc.want);
	nea_wr_free(&pc.w);
	return rc;
}

/*
 * `nea dump`: a PB-TNC batch and its messages, down to the PA-TNC message
 * inside each PB-PA.
 *
 * pbtnc_batch_parse() is the judge. When it refuses the batch it keeps no
 * messages, so the messages before the fault are walked again here with
 * the same lib/wire pieces (header fields, pbtnc_msg_info,
 * pbtnc_msg_value_parse) to keep the partial output; the failing message's
 * header line is printed when it is readable. The error names the byte at
 * fault: strongSwan reports a bad value at header offset + value offset (a
 * quirk nea's PB-Error reproduces), the dump at value start + value offset.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "cmd_dump_int.h"
#include "patnc_print.h"
#include "pbtnc_batch.h"
#include "tnc_names.h"

static const char *pen_str(uint32_t pen, char *buf, size_t len)
{
	const char *n = tnc_pen_name(pen);

	if (n)
		return n;
	snprintf(buf, len, "0x%06x", pen);
	return buf;
}

static void str_line(dump_ctx_t *c, int depth, const char *what, const uint8_t *s, size_t n)
{
	dump_begin(c, depth, "%s ", what);
	patnc_pr_str(c->out, s, n);
	dump_end(c);
}

static void remed_value(dump_ctx_t *c, const pbtnc_remed_t *r, int depth)
{
	char name[96];

	dump_line(c, depth, "remediation parameters type '%s' 0x%06x/0x%08x",
		  tnc_pen_type_str(name, sizeof(name), r->vendor,
				   pbtnc_remed_type_name(r->vendor, r->type), r->type),
		  r->vendor, r->type);
	if (r->vendor == TNC_PEN_IETF && r->type == PBTNC_REMED_URI) {
		str_line(c, depth, "URI", r->str, r->str_len);
	} else if (r->vendor == TNC_PEN_IETF && r->type == PBTNC_REMED_STRING) {
		dump_begin(c, depth, "string ");
		patnc_pr_str(c->out, r->str, r->str_len);
		patnc_pr(c->out, " language ");
		patnc_pr_str(c->out, r->lang, r->lang_len);
		dump_end(c);
	} else {
		dump_hex_line(c, depth, "parameters", r->params, r->params_len);
	}
}

static void error_value(dump_ctx_t *c, const pbtnc_error_t *e, int depth)
{
	const char *name = pbtnc_error_code_name(e->vendor, e->code);
	char pen[16];

	dump_begin(c, depth, "error code %u '%s' of vendor %s, %s", e->code, name ? name : "unknown",
		   pen_str(e->vendor, pen, sizeof(pen)), e->fatal ? "fatal" : "not fatal");
	if (e->has_version)
		patnc_pr(c->out, ", bad version %u, max version %u, min version %u", e->bad_version,
			 e->max_version, e->min_version);
	else if (e->has_offset)
		patnc_pr(c->out, ", offset %u", e->offset);
	dump_end(c);
	if (!e->has_version && !e->has_offset && e->params_len)
		dump_hex_line(c, depth, "error parameters", e->params, e->params_len);
}

static void pdp_value(dump_ctx_t *c, const pbtnc_pdp_t *p, int depth)
{
	static const char *const kinds[] = { "FQDN", "IPv4", "IPv6" };
	char addr[INET6_ADDRSTRLEN], pen[16];

	if (p->id_vendor != TNC_PEN_TCG || p->id_type > PBTNC_PDP_ID_IPV6) {
		dump_line(c, depth, "PDP identifier type %s/0x%08x", pen_str(p->id_vendor, pen, 16),
			  p->id_type);
		dump_hex_line(c, depth, "identifier", p->id, p->id_len);
		return;
	}
	dump_line(c, depth, "PDP identifier type TCG/%s (%u)", kinds[p->id_type], p->id_type);
	if (!p->typed) {
		dump_hex_line(c, depth, "identifier of unexpected size", p->id, p->id_len);
		return;
	}
	dump_begin(c, depth, "protocol %u%s, port %u, ", p->protocol,
		   p->protocol == PBTNC_PDP_PROTOCOL_PT_TLS ? " (PT-TLS)" : "", p->port);
	if (p->id_type == PBTNC_PDP_ID_FQDN) {
		patnc_pr(c->out, "FQDN ");
		patnc_pr_str(c->out, p->addr, p->addr_len);
	} else if (inet_ntop(p->id_type == PBTNC_PDP_ID_IPV4 ? AF_INET : AF_INET6, p->addr, addr,
			     sizeof(addr))) {
		patnc_pr(c->out, "address %s", addr);
	}
	dump_end(c);
}

/* The decoded value of m; vbase = context offset of the value. */
static int msg_value(dump_ctx_t *c, const pbtnc_msg_t *m, size_t vbase, int depth)
{
	char name[96];

	switch (m->kind) {
	case PBTNC_KIND_PA:
		dump_line(c, depth, "PB-PA message type '%s' 0x%06x/0x%08x, collector %u%s, "
			  "validator %u%s%s",
			  pa_subtype_str(name, sizeof(name), m->u.pa.vendor, m->u.pa.subtype),
			  m->u.pa.vendor, m->u.pa.subtype, m->u.pa.collector,
			  m->u.pa.collector == PBTNC_PA_ID_ANY ? " (any)" : "", m->u.pa.validator,
			  m->u.pa.validator == PBTNC_PA_ID_ANY ? " (any)" : "",
			  m->u.pa.excl ? ", EXCL" : "");
		return dump_patnc(c, m->u.pa.body, m->u.pa.body_len, vbase + PBTNC_PA_HDR_LEN,
				  depth);
	case PBTNC_KIND_ASSESSMENT_RESULT:
		dump_line(c, depth, "assessment result is '%s' (%u)",
			  tnc_eval_name(m->u.assessment) ? tnc_eval_name(m->u.assessment) : "unknown",
			  m->u.assessment);
		return 0;
	case PBTNC_KIND_ACCESS_RECOMMENDATION:
		dump_line(c, depth, "access recommendation is '%s' (%u)",
			  pbtnc_access_name(m->u.access) ? pbtnc_access_name(m->u.access) : "unknown",
			  m->u.access);
		return 0;
	case PBTNC_KIND_REMEDIATION_PARAMETERS:
		remed_value(c, &m->u.remed, depth);
		return 0;
	case PBTNC_KIND_ERROR:
		error_value(c, &m->u.error, depth);
		return 0;
	case PBTNC_KIND_LANGUAGE_PREFERENCE:
		str_line(c, depth, "Accept-Language:", m->u.lang.lang, m->u.lang.lang_len);
		return 0;
	case PBTNC_KIND_REASON_STRING:
		/* strongSwan: "reason string is 'Open server ports were detected' [en]" */
		dump_begin(c, depth, "reason string is ");
		patnc_pr_str(c->out, m->u.reason.reason, m->u.reason.reason_len);
		patnc_pr(c->out, " [");
		dump_esc(c, m->u.reason.lang, m->u.reason.lang_len);
		patnc_pr(c->out, "]");
		dump_end(c);
		return 0;
	case PBTNC_KIND_PDP_REFERRAL:
		pdp_value(c, &m->u.pdp, depth);
		return 0;
	case PBTNC_KIND_MUTUAL_CAPABILITY:
		dump_line(c, depth, "protocols 0x%08x%s%s", m->u.mutual,
			  (m->u.mutual & PBTNC_MUTUAL_HALF_DUPLEX) ? " half-duplex" : "",
			  (m->u.mutual & PBTNC_MUTUAL_FULL_DUPLEX) ? " full-duplex" : "");
		return 0;
	default:
		dump_hex_line(c, depth, "value", m->value, m->value_len);
		return 0;
	}
}

static void msg_header(dump_ctx_t *c, const pbtnc_msg_t *m, uint32_t msg_len, size_t base,
		       int depth)
{
	char name[96];

	dump_line(c, depth, "%s message (%u bytes) at byte %zu, 0x%06x/0x%08x, flags 0x%02x%s%s",
		  pbtnc_msg_type_str(name, sizeof(name), m->vendor, m->type), msg_len,
		  dump_abs(c, base + m->offset), m->vendor, m->type, m->flags,
		  (m->flags & PBTNC_MSG_FLAG_NOSKIP) ? " NOSKIP" : "",
		  !m->skip ? ""
		  : m->kind == PBTNC_KIND_UNKNOWN ? ", unknown type: skipped"
						  : ", only allowed in RESULT: a client skips it");
}

static int print_msg(dump_ctx_t *c, const pbtnc_msg_t *m, size_t base, int depth)
{
	msg_header(c, m, (uint32_t)(m->value_len + PBTNC_MSG_HDR_LEN), base, depth);
	if (m->skip) {
		dump_hex_line(c, depth + 1, "value", m->value, m->value_len);
		return 0;
	}
	return msg_value(c, m, base + m->offset + PBTNC_MSG_HDR_LEN, depth + 1);
}

/* The message header at off (12 bytes known to be there). */
static void read_header(const uint8_t *buf, size_t len, size_t off, pbtnc_msg_t *m,
			uint32_t *msg_len)
{
	nea_rd_t r;

	memset(m, 0, sizeof(*m));
	m->offset = off;
	nea_rd_init(&r, buf, len);
	(void)(nea_rd_skip(&r, off) && nea_rd_u8(&r, &m->flags) && nea_rd_u24(&r, &m->vendor) &&
	       nea_rd_u32(&r, &m->type) && nea_rd_u32(&r, msg_len));
}

/* Does pbtnc_batch_parse get as far as the value of this message? */
static bool value_judged(const pbtnc_msg_t *m, uint32_t msg_len, uint8_t batch_type)
{
	const pbtnc_msg_info_t *info = pbtnc_msg_info(m->vendor, m->type);
	bool noskip = (m->flags & PBTNC_MSG_FLAG_NOSKIP) != 0;

	if (!info || (m->vendor == TNC_PEN_IETF && m->type == PBTNC_MSG_EXPERIMENTAL && noskip))
		return false;
	if (info->noskip != PBTNC_NOSKIP_ANY && (info->noskip == PBTNC_NOSKIP_SET) != noskip)
		return false;
	if (msg_len < info->min_len || (info->exact && msg_len != info->min_len))
		return false;
	return !(info->result_only && batch_type != PBTNC_BATCH_RESULT);
}

/*
 * Re-walk a refused batch: print the messages before the failing one,
 * then its header line. *at is the library's error offset on entry and
 * the byte at fault on return; *why may be replaced by a clearer reason.
 */
static int walk_refused(dump_ctx_t *c, const uint8_t *buf, size_t len, size_t base, int depth,
			uint8_t batch_type, size_t *at, char *why, size_t why_len)
{
	const pbtnc_msg_info_t *info;
	size_t off = PBTNC_BATCH_HDR_LEN;
	nea_perr_t inner;
	uint32_t msg_len = 0;
	pbtnc_msg_t m;
	int rc;

	while (len - off >= PBTNC_MSG_HDR_LEN) {
		read_header(buf, len, off, &m, &msg_len);
		info = pbtnc_msg_info(m.vendor, m.type);
		m.kind = info ? info->kind : PBTNC_KIND_UNKNOWN;
		m.skip = !info || (info->result_only && batch_type != PBTNC_BATCH_RESULT);
		if (msg_len < PBTNC_MSG_HDR_LEN || msg_len > len - off || off + msg_len > *at)
			break;
		m.value = buf + off + PBTNC_MSG_HDR_LEN;
		m.value_len = msg_len - PBTNC_MSG_HDR_LEN;
		if (!m.skip && pbtnc_msg_value_parse(&m, &inner))
			break; /* cannot happen for a message the judge accepted */
		rc = print_msg(c, &m, base, depth);
		if (rc)
			return rc;
		off += msg_len;
	}
	if (len - off < PBTNC_MSG_HDR_LEN)
		return 0;
	m.value = buf + off + PBTNC_MSG_HDR_LEN;
	m.value_len = msg_len >= PBTNC_MSG_HDR_LEN && msg_len <= len - off
			      ? msg_len - PBTNC_MSG_HDR_LEN : 0;
	m.skip = false;
	msg_header(c, &m, msg_len, base, depth);
	if (msg_len >= PBTNC_MSG_HDR_LEN && msg_len <= len - off)
		dump_hex_line(c, depth + 1, "refused value", m.value, m.value_len);
	if (msg_len < PBTNC_MSG_HDR_LEN) {
		*at = off + 8;
		snprintf(why, why_len, "PB-TNC message length %u shorter than its %d-byte header",
			 msg_len, PBTNC_MSG_HDR_LEN);
	} else if (msg_len <= len - off && value_judged(&m, msg_len, batch_type) &&
		   pbtnc_msg_value_parse(&m, &inner) &&
		   *at == off + inner.offset) {
		/* a bad value: name its byte, not strongSwan's header-relative offset */
		*at = off + PBTNC_MSG_HDR_LEN + inner.offset;
	}
	return 0;
}

int dump_pbtnc(dump_ctx_t *c, const uint8_t *buf, size_t len, size_t base, int depth)
{
	pbtnc_recv_opts_t o = {
		.is_server = c->role == DUMP_ROLE_SERVER,
		.ignore_direction = c->role == DUMP_ROLE_ANY,
	};
	pbtnc_batch_hdr_t h;
	pbtnc_error_t reply;
	pbtnc_batch_t b;
	nea_perr_t e;
	char why[sizeof(e.msg)];
	const char *code;
	size_t i, at;
	bool hdr_ok;
	int rc;

	/* a synthetic header (bare messages) is neither printed nor a level */
	const bool bare = c->bare;
	const int inner = bare ? depth : depth + 1;

	c->bare = false;
	hdr_ok = pbtnc_batch_hdr_parse(buf, len, &h, &e) == 0;
	if (hdr_ok && !bare)
		dump_line(c, depth, "PB-TNC %s batch (%u bytes) at byte %zu, version %u, %s",
			  pbtnc_batch_type_name(h.type) ? pbtnc_batch_type_name(h.type) : "unknown",
			  h.length, dump_abs(c, base), h.version,
			  h.from_server ? "server to client" : "client to server");
	rc = pbtnc_batch_parse(buf, len, &o, &b, &reply, &e);
	if (!rc) {
		for (i = 0; i < b.n_msgs && !rc; i++)
			rc = print_msg(c, &b.msgs[i], base, inner);
		pbtnc_batch_free(&b);
		return rc;
	}
	at = e.offset;
	snprintf(why, sizeof(why), "%s", e.msg);
	if (at >= PBTNC_BATCH_HDR_LEN && len >= PBTNC_BATCH_HDR_LEN) {
		int wrc = walk_refused(c, buf, len, base, inner, h.type, &at, why, sizeof(why));

		if (wrc)
			return wrc;
	} else if (hdr_ok && h.length > len && len > PBTNC_BATCH_HDR_LEN) {
		/*
		 * A cut-off batch is refused by its length alone; still show the
		 * messages that arrived whole, which is what one wants to see.
		 */
		size_t cut = len;
		char ignored[sizeof(e.msg)];
		int wrc;

		dump_line(c, inner, "cut off after %zu of its %u bytes; the messages that arrived:",
			  len, h.length);
		wrc = walk_refused(c, buf, len, base, inner, h.type, &cut, ignored, sizeof(ignored));
		if (wrc)
			return wrc;
	}
	code = pbtnc_error_code_name(reply.vendor, reply.code);
	if (bare)
		dump_line(c, depth, "refused: a PB-TNC peer answers with PB-Error '%s'",
			  code ? code : "unknown");
	else
		dump_line(c, depth, "refused: a PB-TNC peer answers with PB-Error '%s', offset %u",
			  code ? code : "unknown", reply.offset);
	return dump_fail(c, rc, base + at, "%s", why);
}

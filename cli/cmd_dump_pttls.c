/*
 * `nea dump`: a stream of PT-TLS messages (as the decrypted TLS byte
 * stream carries them), each with its value; a PB-TNC Batch message
 * decodes the batch inside.
 *
 * SASL credentials are never printed: a PLAIN message shows its authzid
 * and authcid and only the length of the password, other SASL data only
 * its length.
 */
#include "cmd_dump_int.h"
#include "patnc_print.h"
#include "pttls_error.h"
#include "pttls_msg.h"
#include "pttls_sasl.h"
#include "pttls_sasl_plain.h"
#include "pttls_version.h"
#include "tnc_names.h"

#define MAX_MECHS 32

static void sasl_data(dump_ctx_t *c, const char *what, const uint8_t *p, size_t n, int depth)
{
	pttls_sasl_plain_t plain;
	nea_perr_t e;

	if (n && pttls_sasl_plain_parse(p, n, &plain, &e) == 0) {
		dump_begin(c, depth, "%s: SASL PLAIN authzid ", what);
		patnc_pr_str(c->out, plain.authzid, plain.authzid_len);
		patnc_pr(c->out, " authcid ");
		patnc_pr_str(c->out, plain.authcid, plain.authcid_len);
		patnc_pr(c->out, " password (%zu bytes, not shown)", plain.passwd_len);
		dump_end(c);
	} else {
		dump_line(c, depth, "%s: %zu bytes (not shown)", what, n);
	}
}

static int mechs(dump_ctx_t *c, const pttls_msg_t *m, size_t vbase, int depth)
{
	pttls_sasl_mech_t list[MAX_MECHS];
	size_t n, i;
	nea_perr_t e;
	int rc;

	rc = pttls_sasl_mechs_parse(m->value, m->value_len, list, MAX_MECHS, &n, &e);
	if (rc)
		return dump_fail(c, rc, vbase + e.offset, "SASL Mechanisms: %s", e.msg);
	if (!n) {
		dump_line(c, depth, "no mechanisms: SASL authentication complete");
		return 0;
	}
	dump_begin(c, depth, "mechanisms");
	for (i = 0; i < n; i++) {
		patnc_pr(c->out, " ");
		patnc_pr_str(c->out, list[i].name, list[i].len);
	}
	dump_end(c);
	return 0;
}

static int value(dump_ctx_t *c, const pttls_msg_t *m, size_t vbase, int depth)
{
	const uint8_t *data;
	pttls_version_req_t req;
	pttls_sasl_mech_t mech;
	pttls_error_t perr;
	size_t data_len;
	nea_perr_t e;
	uint8_t v;
	int rc;

	switch (m->hdr.vendor == TNC_PEN_IETF ? m->hdr.type : PTTLS_RESERVED_TYPE) {
	case PTTLS_VERSION_REQUEST:
		rc = pttls_version_req_parse(m->value, m->value_len, &req, &e);
		if (!rc)
			dump_line(c, depth, "min version %u, max version %u, preferred version %u",
				  req.min, req.max, req.pref);
		break;
	case PTTLS_VERSION_RESPONSE:
		rc = pttls_version_resp_parse(m->value, m->value_len, &v, &e);
		if (!rc)
			dump_line(c, depth, "selected version %u", v);
		break;
	case PTTLS_SASL_MECHS:
		return mechs(c, m, vbase, depth);
	case PTTLS_SASL_MECH_SELECTION:
		rc = pttls_sasl_select_parse(m->value, m->value_len, &mech, &data, &data_len, &e);
		if (!rc) {
			dump_begin(c, depth, "mechanism ");
			patnc_pr_str(c->out, mech.name, mech.len);
			dump_end(c);
			if (data_len)
				sasl_data(c, "initial response", data, data_len, depth);
		}
		break;
	case PTTLS_SASL_AUTH_DATA:
		sasl_data(c, "authentication data", m->value, m->value_len, depth);
		return 0;
	case PTTLS_SASL_RESULT:
		rc = pttls_sasl_result_parse(m->value, m->value_len, &v, &data, &data_len, &e);
		if (!rc) {
			dump_line(c, depth, "result '%s' (%u)", pttls_sasl_result_name(v), v);
			if (data_len)
				dump_line(c, depth, "result data: %zu bytes (not shown)", data_len);
		}
		break;
	case PTTLS_PB_TNC_BATCH:
		return dump_pbtnc(c, m->value, m->value_len, vbase, depth);
	case PTTLS_ERROR:
		rc = pttls_error_parse(m->value, m->value_len, &perr, &e);
		if (!rc) {
			const char *n = pttls_error_code_name(perr.vendor, perr.code);

			dump_line(c, depth, "error code %u '%s' of vendor 0x%06x", perr.code,
				  n ? n : "unknown", perr.vendor);
			dump_hex_line(c, depth, "copy of the offending message", perr.orig,
				      perr.orig_len);
		}
		break;
	default:
		dump_hex_line(c, depth, "value", m->value, m->value_len);
		return 0;
	}
	if (rc)
		return dump_fail(c, rc, vbase + e.offset, "PT-TLS %s: %s",
				 pttls_msg_type_name(m->hdr.vendor, m->hdr.type), e.msg);
	return 0;
}

int dump_pttls(dump_ctx_t *c, const uint8_t *buf, size_t len, size_t base, int depth)
{
	size_t off = 0, need;
	pttls_msg_t m;
	nea_perr_t e;
	int rc;

	if (!len)
		return dump_fail(c, NEA_ETRUNC, base, "no PT-TLS message in an empty input");
	while (off < len) {
		const char *tn;
		char name[64];

		rc = pttls_hdr_parse(buf + off, len - off, 0, &m.hdr, &e);
		if (rc == NEA_ETRUNC)
			return dump_fail(c, rc, base + len,
					 "PT-TLS message header at byte %zu cut off: %d bytes needed, "
					 "%zu left", dump_abs(c, base + off), PTTLS_HDR_LEN, len - off);
		if (rc)
			return dump_fail(c, rc, base + off + e.offset, "%s", e.msg);
		tn = pttls_msg_type_name(m.hdr.vendor, m.hdr.type);
		dump_line(c, depth, "PT-TLS message #%u of type '%s' (%u bytes) at byte %zu, "
			  "0x%06x/0x%08x",
			  m.hdr.identifier, tn ? tn : tnc_pen_type_str(name, sizeof(name), m.hdr.vendor,
								 NULL, m.hdr.type),
			  m.hdr.length, dump_abs(c, base + off), m.hdr.vendor, m.hdr.type);
		rc = pttls_stream_next(buf + off, len - off, 0, &need, &e);
		if (rc == NEA_EAGAIN)
			return dump_fail(c, NEA_ETRUNC, base + off + 8,
					 "PT-TLS message length %zu exceeds the %zu bytes left", need,
					 len - off);
		if (!rc)
			rc = pttls_msg_parse(buf + off, need, 0, &m, &e);
		if (rc)
			return dump_fail(c, rc, base + off + e.offset, "%s", e.msg);
		rc = value(c, &m, base + off + PTTLS_HDR_LEN, depth + 1);
		if (rc)
			return rc;
		off += need;
	}
	return 0;
}

/*
 * `nea dump`: entry points of the decoder (dump_input, dump_bytes), the
 * format names, the synthetic wrappers of bare fragments and the text
 * helpers.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd_dump_int.h"
#include "patnc_msg.h"
#include "patnc_print.h"
#include "pbtnc_batch.h"

static const struct {
	const char *name;
	dump_as_t as;
} as_names[] = {
	{ "pt-tls", DUMP_AS_PTTLS },   { "pt-eap", DUMP_AS_EAP },     { "eap", DUMP_AS_EAP },
	{ "eap-tnc", DUMP_AS_EAP },    { "eap-ttls", DUMP_AS_EAP_TTLS }, { "pb-tnc", DUMP_AS_PBTNC },
	{ "pa-tnc", DUMP_AS_PATNC },   { "pb-msg", DUMP_AS_PBMSG },   { "pa-attr", DUMP_AS_PAATTR },
};

int dump_as_parse(const char *name, dump_as_t *as)
{
	for (size_t i = 0; i < sizeof(as_names) / sizeof(as_names[0]); i++)
		if (strcmp(name, as_names[i].name) == 0) {
			*as = as_names[i].as;
			return 0;
		}
	return NEA_EINVAL;
}

const char *dump_as_name(dump_as_t as)
{
	switch (as) {
	case DUMP_AS_PTTLS: return "PT-TLS message stream";
	case DUMP_AS_EAP: return "EAP packet";
	case DUMP_AS_EAP_TTLS: return "EAP-TTLS phase 2 AVPs";
	case DUMP_AS_PBTNC: return "PB-TNC batch";
	case DUMP_AS_PATNC: return "PA-TNC message";
	case DUMP_AS_PBMSG: return "PB-TNC messages";
	case DUMP_AS_PAATTR: return "PA-TNC attributes";
	default: return "unknown";
	}
}

size_t dump_abs(const dump_ctx_t *c, size_t off)
{
	size_t i;

	if (!c->spans)
		return off;
	/* bytes before the first piece: a synthetic header, charged to its start */
	if (c->nspans && off < c->spans[0].at)
		return c->spans[0].abs;
	for (i = 0; i < c->nspans; i++)
		if (off < c->spans[i].at + c->spans[i].len)
			return c->spans[i].abs + (off - c->spans[i].at);
	/* one past the end: just after the last piece */
	return c->nspans ? c->spans[c->nspans - 1].abs + c->spans[c->nspans - 1].len : off;
}

int dump_fail(dump_ctx_t *c, int code, size_t off, const char *fmt, ...)
{
	va_list ap;

	c->err->code = code;
	c->err->offset = dump_abs(c, off);
	va_start(ap, fmt);
	vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
	va_end(ap);
	return code;
}

static void indent(dump_ctx_t *c, int depth)
{
	static const char sp[] = "                                ";
	size_t n = (size_t)depth * 2;

	while (n > 0) {
		size_t k = n < sizeof(sp) - 1 ? n : sizeof(sp) - 1;

		nea_wr_bytes(c->out, sp, k);
		n -= k;
	}
}

__attribute__((format(printf, 2, 0))) static void vappend(dump_ctx_t *c, const char *fmt,
							   va_list ap)
{
	char small[512];
	int n = vsnprintf(small, sizeof(small), fmt, ap);

	/* Our own format strings carry no peer text, so 512 bytes always hold them. */
	if (n > 0)
		nea_wr_bytes(c->out, small, (size_t)n < sizeof(small) ? (size_t)n : sizeof(small) - 1);
}

void dump_begin(dump_ctx_t *c, int depth, const char *fmt, ...)
{
	va_list ap;

	indent(c, depth);
	va_start(ap, fmt);
	vappend(c, fmt, ap);
	va_end(ap);
}

void dump_end(dump_ctx_t *c)
{
	nea_wr_u8(c->out, '\n');
}

void dump_esc(dump_ctx_t *c, const uint8_t *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] >= 0x20 && s[i] < 0x7f && s[i] != '\\') {
			nea_wr_u8(c->out, s[i]);
		} else {
			uint8_t e[4] = { '\\', 'x', (uint8_t)hex[s[i] >> 4], (uint8_t)hex[s[i] & 15] };

			nea_wr_bytes(c->out, e, sizeof(e));
		}
	}
}

void dump_line(dump_ctx_t *c, int depth, const char *fmt, ...)
{
	va_list ap;

	indent(c, depth);
	va_start(ap, fmt);
	vappend(c, fmt, ap);
	va_end(ap);
	nea_wr_u8(c->out, '\n');
}

void dump_block(dump_ctx_t *c, int depth, const uint8_t *text, size_t len)
{
	size_t start = 0, i;

	for (i = 0; i <= len; i++) {
		if (i < len && text[i] != '\n')
			continue;
		if (i > start) {
			indent(c, depth);
			nea_wr_bytes(c->out, text + start, i - start);
			nea_wr_u8(c->out, '\n');
		}
		start = i + 1;
	}
}

void dump_hex_line(dump_ctx_t *c, int depth, const char *what, const uint8_t *p, size_t n)
{
	dump_begin(c, depth, "%s (%zu bytes)%s", what, n, n ? ": " : "");
	patnc_pr_hex(c->out, p, n, 64);
	dump_end(c);
}

/*
 * A bare fragment inside a synthetic header, so the lib/wire judge of the
 * enclosing format sees it exactly as it would inside a real one. The
 * header is not printed (c->bare) and the span maps offsets back.
 */
static int dump_bare(dump_ctx_t *c, const uint8_t *buf, size_t len, dump_as_t as)
{
	const bool pb = as == DUMP_AS_PBMSG;
	const size_t hdr = pb ? PBTNC_BATCH_HDR_LEN : PATNC_MSG_HDR_LEN;
	dump_span_t span = { .at = hdr, .abs = 0, .len = len };
	uint8_t *w;
	int rc;

	if (!len)
		return dump_fail(c, NEA_ETRUNC, 0, "no %s in an empty input", pb ? "PB-TNC message"
									    : "PA-TNC attribute");
	if (len > UINT32_MAX - hdr)
		return dump_fail(c, NEA_ETOOBIG, 0, "%zu bytes exceed a 32-bit length field", len);
	w = malloc(hdr + len);
	if (!w)
		return dump_fail(c, NEA_ENOMEM, 0, "no memory for %zu bytes", len);
	memcpy(w + hdr, buf, len);
	if (pb) {
		/* RESULT admits every message kind; a server only receives CDATA */
		w[0] = PBTNC_VERSION;
		w[1] = c->role == DUMP_ROLE_CLIENT ? PBTNC_BATCH_FLAG_D : 0;
		w[2] = 0;
		w[3] = c->role == DUMP_ROLE_SERVER ? PBTNC_BATCH_CDATA : PBTNC_BATCH_RESULT;
		nea_put_u32(w + 4, (uint32_t)(hdr + len));
	} else {
		memset(w, 0, hdr);
		w[0] = PATNC_VERSION;
	}
	c->spans = &span;
	c->nspans = 1;
	c->bare = true;
	rc = pb ? dump_pbtnc(c, w, hdr + len, 0, 0) : dump_patnc(c, w, hdr + len, 0, 0);
	c->spans = NULL;
	c->nspans = 0;
	free(w);
	return rc;
}

int dump_bytes(const uint8_t *buf, size_t len, const dump_opts_t *opts, nea_wr_t *out,
	       nea_perr_t *err)
{
	dump_ctx_t c = { .out = out, .err = err, .role = opts->role };
	dump_as_t as = opts->as;
	char why[160];
	int rc;

	memset(err, 0, sizeof(*err));
	if (as == DUMP_AS_AUTO) {
		as = dump_guess(buf, len, why, sizeof(why));
		if (as == DUMP_AS_AUTO)
			return dump_fail(&c, NEA_EINVAL, 0, "%s%s", why,
					 strstr(why, "--as") ? "" : "; say which with --as");
		dump_line(&c, 0, "guess: %s (%s)", dump_as_name(as), why);
	}
	switch (as) {
	case DUMP_AS_PTTLS: rc = dump_pttls(&c, buf, len, 0, 0); break;
	case DUMP_AS_EAP: rc = dump_eap(&c, buf, len, 0, 0); break;
	case DUMP_AS_EAP_TTLS: rc = dump_ttls_avps(&c, buf, len, 0, 0); break;
	case DUMP_AS_PBTNC: rc = dump_pbtnc(&c, buf, len, 0, 0); break;
	case DUMP_AS_PATNC: rc = dump_patnc(&c, buf, len, 0, 0); break;
	case DUMP_AS_PBMSG:
	case DUMP_AS_PAATTR: rc = dump_bare(&c, buf, len, as); break;
	default: return dump_fail(&c, NEA_EINVAL, 0, "unknown input format");
	}
	if (!rc && nea_wr_error(out))
		return dump_fail(&c, nea_wr_error(out), len, "cannot hold the output text");
	return rc;
}

int dump_input(const uint8_t *in, size_t len, const dump_opts_t *opts, nea_wr_t *out,
	       nea_perr_t *err)
{
	bool hex = opts->hex == DUMP_HEX_ON ||
		   (opts->hex == DUMP_HEX_AUTO && dump_is_hex_text(in, len));
	dump_hex_err_t herr;
	uint8_t *bytes;
	size_t n;
	int rc;

	if (!hex)
		return dump_bytes(in, len, opts, out, err);
	memset(err, 0, sizeof(*err));
	rc = dump_hex_decode((const char *)in, len, &bytes, &n, &herr);
	if (rc) {
		err->code = rc;
		err->offset = herr.offset;
		snprintf(err->msg, sizeof(err->msg), "hex text line %zu column %zu: %s", herr.line,
			 herr.col, herr.msg);
		return rc;
	}
	if (opts->hex == DUMP_HEX_AUTO) {
		dump_ctx_t c = { .out = out, .err = err };

		dump_line(&c, 0, "input: hex text, %zu bytes decoded ('#' comments and whitespace "
			  "ignored; offsets count decoded bytes)", n);
	}
	rc = dump_bytes(bytes, n, opts, out, err);
	free(bytes);
	return rc;
}

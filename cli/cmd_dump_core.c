/* `nea dump`: entry point of the decoder, formats and the text helpers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd_dump_int.h"
#include "patnc_print.h"

static const struct {
	const char *name;
	dump_as_t as;
} as_names[] = {
	{ "pt-tls", DUMP_AS_PTTLS },   { "pt-eap", DUMP_AS_EAP },     { "eap", DUMP_AS_EAP },
	{ "eap-tnc", DUMP_AS_EAP },    { "eap-ttls", DUMP_AS_EAP_TTLS }, { "pb-tnc", DUMP_AS_PBTNC },
	{ "pa-tnc", DUMP_AS_PATNC },
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
	default: return "unknown";
	}
}

size_t dump_abs(const dump_ctx_t *c, size_t off)
{
	size_t i;

	if (!c->spans)
		return off;
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

static void vappend(dump_ctx_t *c, const char *fmt, va_list ap)
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
			return dump_fail(&c, NEA_EINVAL, 0, "%s; say which with --as", why);
		dump_line(&c, 0, "guess: %s (%s)", dump_as_name(as), why);
	}
	switch (as) {
	case DUMP_AS_PTTLS: rc = dump_pttls(&c, buf, len, 0, 0); break;
	case DUMP_AS_EAP: rc = dump_eap(&c, buf, len, 0, 0); break;
	case DUMP_AS_EAP_TTLS: rc = dump_ttls_avps(&c, buf, len, 0, 0); break;
	case DUMP_AS_PBTNC: rc = dump_pbtnc(&c, buf, len, 0, 0); break;
	case DUMP_AS_PATNC: rc = dump_patnc(&c, buf, len, 0, 0); break;
	default: return dump_fail(&c, NEA_EINVAL, 0, "unknown input format");
	}
	if (!rc && nea_wr_error(out))
		return dump_fail(&c, nea_wr_error(out), len, "cannot hold the output text");
	return rc;
}

/*
 * Remediation text for the log; see imc_remed.h.
 */
#include "imc_remed.h"

#include <stdbool.h>
#include <string.h>

typedef struct {
	imc_line_fn fn;
	void *arg;
	size_t lines;
	bool cut;
} out_t;

/*
 * Length of the UTF-8 sequence at s if it may be shown as it is: printable
 * ASCII, or a well-formed multi-byte sequence of a character that is not a
 * C1 control (8-bit terminals read U+009B as CSI), a line or paragraph
 * separator or a bidirectional override (text that reads differently from
 * what it is). 0 for anything else.
 */
static size_t shown_as_is(const uint8_t *s, size_t n)
{
	uint8_t c = s[0];
	uint32_t cp;
	size_t len;

	if (c >= 0x20 && c < 0x7f)
		return 1;
	if (c < 0xc2 || c > 0xf4) /* controls, DEL, stray continuations, overlong C0/C1 */
		return 0;
	len = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (n < len)
		return 0;
	cp = c & (0x7fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0; /* overlong, out of range, surrogate */
	if (cp <= 0x9f || (cp >= 0x2028 && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;
	return len;
}

void imc_log_safe(const uint8_t *s, size_t n, char *out, size_t size)
{
	size_t o = 0, i = 0, len;
	bool cut = false;

	if (!size)
		return;
	while (i < n) {
		len = shown_as_is(s + i, n - i);
		if (o + (len ? len : 1) >= size) {
			cut = true;
			break;
		}
		if (len) {
			memcpy(out + o, s + i, len);
			o += len;
			i += len;
		} else {
			out[o++] = '?';
			i++;
		}
	}
	if (cut && size > 4) {
		/* Drop whole characters until "..." fits. */
		while (o + 4 > size) {
			o--;
			while (o > 0 && ((uint8_t)out[o] & 0xc0) == 0x80)
				o--;
		}
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

static void emit(out_t *o, int indent, const uint8_t *s, size_t n)
{
	char line[IMC_REMED_LINE_MAX];
	size_t ind = indent < 0 ? 0 : indent > 8 ? 8 : (size_t)indent;

	if (o->cut)
		return;
	if (o->lines >= IMC_REMED_MAX_LINES) {
		o->fn(o->arg, "  ...");
		o->cut = true;
		return;
	}
	memset(line, ' ', ind);
	imc_log_safe(s, n, line + ind, sizeof(line) - ind);
	o->fn(o->arg, line);
	o->lines++;
}

static bool is_space(uint8_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Each non-blank line of s, trimmed, at the given indentation. */
static void emit_lines(out_t *o, int indent, const uint8_t *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t start = i, end;

		while (i < n && s[i] != '\n')
			i++;
		end = i;
		if (i < n)
			i++;
		while (start < end && is_space(s[start]))
			start++;
		while (end > start && is_space(s[end - 1]))
			end--;
		if (end > start)
			emit(o, indent, s + start, end - start);
	}
}

/* Decode the five predefined XML entities and numeric ASCII references. */
static size_t decode(const uint8_t *s, size_t n, uint8_t *out, size_t size)
{
	static const struct {
		const char *ent;
		char c;
	} ents[] = { { "&lt;", '<' }, { "&gt;", '>' }, { "&amp;", '&' },
		     { "&quot;", '"' }, { "&apos;", '\'' } };
	size_t o = 0, i = 0;

	while (i < n && o < size) {
		bool done = false;

		if (s[i] == '&') {
			for (size_t k = 0; k < sizeof(ents) / sizeof(ents[0]) && !done; k++) {
				size_t el = strlen(ents[k].ent);

				if (n - i >= el && memcmp(s + i, ents[k].ent, el) == 0) {
					out[o++] = (uint8_t)ents[k].c;
					i += el;
					done = true;
				}
			}
			if (!done && n - i >= 4 && s[i + 1] == '#') {
				unsigned v = 0;
				size_t j = i + 2;

				while (j < n && j < i + 6 && s[j] >= '0' && s[j] <= '9')
					v = v * 10 + (unsigned)(s[j++] - '0');
				if (j < n && s[j] == ';' && j > i + 2 && v >= 0x20 && v < 0x7f) {
					out[o++] = (uint8_t)v;
					i = j + 1;
					done = true;
				}
			}
		}
		if (!done)
			out[o++] = s[i++];
	}
	return o;
}

static int indent_for(const char *elem)
{
	if (strcmp(elem, "title") == 0)
		return 2;
	if (strcmp(elem, "item") == 0)
		return 6;
	return 4;
}

/*
 * strongSwan's remediation XML as indented text. false when the text is not
 * that XML (the caller then shows it line by line).
 */
static bool render_xml(out_t *o, const uint8_t *s, size_t n)
{
	char elem[32] = "";
	bool root = false;
	size_t i = 0;

	while (i < n && is_space(s[i]))
		i++;
	if (i == n || s[i] != '<')
		return false;
	while (i < n) {
		if (s[i] == '<') {
			const uint8_t *gt = memchr(s + i, '>', n - i);
			size_t start = i + 1, nl = 0;
			bool closing = false;

			if (!gt)
				return root; /* unterminated tag: keep what was shown */
			if (start < n && (s[start] == '?' || s[start] == '!')) {
				i = (size_t)(gt - s) + 1; /* declaration or comment */
				continue;
			}
			if (start < n && s[start] == '/') {
				closing = true;
				start++;
			}
			while (start + nl < (size_t)(gt - s) && !is_space(s[start + nl]) &&
			       s[start + nl] != '/')
				nl++;
			if (closing || nl == 0 || nl >= sizeof(elem)) {
				elem[0] = '\0';
			} else {
				memcpy(elem, s + start, nl);
				elem[nl] = '\0';
				if (strcmp(elem, "remediationinstructions") == 0)
					root = true;
			}
			i = (size_t)(gt - s) + 1;
			continue;
		}
		{
			const uint8_t *lt = memchr(s + i, '<', n - i);
			size_t end = lt ? (size_t)(lt - s) : n;
			uint8_t text[1024];
			size_t tl;

			bool blank = true;

			for (size_t k = i; k < end && blank; k++)
				blank = is_space(s[k]);
			if (blank) {
				i = end;
				continue;
			}
			if (!root)
				return false;
			tl = decode(s + i, end - i, text, sizeof(text));
			if (elem[0])
				emit_lines(o, indent_for(elem), text, tl);
			i = end;
		}
	}
	return root;
}

void imc_remed_render(const uint8_t *text, size_t len, imc_line_fn fn, void *arg)
{
	out_t o = { fn, arg, 0, false };

	render_xml(&o, text, len);
	if (!o.lines)
		emit_lines(&o, 2, text, len);
}

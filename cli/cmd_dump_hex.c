/*
 * `nea dump --hex`: the text form of tests/vectors/ (*.hex) to bytes, and
 * the test that tells such text from binary input when --hex is not given.
 * The text is untrusted input: it is read through nea_rd_t only, the output
 * buffer is sized from the text length before the loop (two digits per
 * byte, so len / 2 + 1 always suffices) and every error names the
 * character's line, column and offset.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmd_dump.h"
#include "nea_hex.h"

static bool is_space(uint8_t ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n' || ch == '\f' || ch == '\v';
}

static int hex_fail(dump_hex_err_t *err, size_t line, size_t col, size_t offset, int code,
		    const char *what, uint8_t ch)
{
	err->line = line;
	err->col = col;
	err->offset = offset;
	if (ch >= 0x21 && ch < 0x7f)
		snprintf(err->msg, sizeof(err->msg), "%s '%c'", what, ch);
	else
		snprintf(err->msg, sizeof(err->msg), "%s (byte 0x%02x)", what, ch);
	return code;
}

int dump_hex_decode(const char *text, size_t len, uint8_t **out, size_t *out_len,
		    dump_hex_err_t *err)
{
	/* whitespace and comments only shrink the text, so len / 2 + 1 always suffices */
	uint8_t *buf = malloc(len / 2 + 1);
	size_t n = 0, line = 1, col = 0, hi_line = 0, hi_col = 0, hi_off = 0;
	bool comment = false;
	int hi = -1;
	nea_rd_t r;
	uint8_t ch, hi_ch = 0;

	*out = NULL;
	*out_len = 0;
	if (!buf)
		return hex_fail(err, 0, 0, 0, NEA_ENOMEM, "no memory for the decoded bytes", ' ');
	nea_rd_init(&r, text, len);
	while (nea_rd_u8(&r, &ch)) {
		int v;

		col++;
		if (ch == '\n') {
			line++;
			col = 0;
			comment = false;
			continue;
		}
		if (comment || is_space(ch))
			continue;
		if (ch == '#') {
			comment = true;
			continue;
		}
		v = nea_hex_digit(ch);
		if (v < 0) {
			free(buf);
			return hex_fail(err, line, col, r.off - 1, NEA_EINVAL, "not a hex digit:", ch);
		}
		if (hi < 0) {
			hi = v;
			hi_line = line;
			hi_col = col;
			hi_off = r.off - 1;
			hi_ch = ch;
		} else {
			buf[n++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0) {
		free(buf);
		return hex_fail(err, hi_line, hi_col, hi_off, NEA_ETRUNC,
				"odd number of hex digits: no partner for", hi_ch);
	}
	*out = buf;
	*out_len = n;
	return 0;
}

bool dump_is_hex_text(const uint8_t *in, size_t len)
{
	bool comment = false, digit = false;
	nea_rd_t r;
	uint8_t ch;

	nea_rd_init(&r, in, len);
	while (nea_rd_u8(&r, &ch)) {
		if (ch == '\n')
			comment = false;
		else if (comment)
			continue;
		else if (ch == '#')
			comment = true;
		else if (nea_hex_digit(ch) >= 0)
			digit = true;
		else if (!is_space(ch))
			return false;
	}
	return digit;
}

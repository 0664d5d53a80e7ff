/*
 * The hex text reader of `nea dump` and its detection: comments,
 * whitespace, both cases, errors naming line, column and text offset, and
 * dump_input() taking hex text without being told.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dump_vec.h"

static int decode(const char *text, uint8_t **out, size_t *len, dump_hex_err_t *err)
{
	return dump_hex_decode(text, strlen(text), out, len, err);
}

Test(hex, comments_whitespace_and_case)
{
	const char *t = "# PB-TNC CLOSE\n02 00 00 06  # header\r\n\t0000 0008\n#0102\n";
	dump_hex_err_t err;
	uint8_t *b;
	size_t n;

	cr_assert_eq(decode(t, &b, &n, &err), 0, "%s", err.msg);
	cr_assert_eq(n, 8);
	cr_assert_eq(memcmp(b, "\x02\x00\x00\x06\x00\x00\x00\x08", 8), 0);
	free(b);

	cr_assert_eq(decode("aBcD\nEf", &b, &n, &err), 0);
	cr_assert_eq(n, 3);
	cr_assert_eq(memcmp(b, "\xab\xcd\xef", 3), 0);
	free(b);

	/* empty and comment-only texts decode to nothing, with a valid pointer */
	cr_assert_eq(decode("# nothing\n", &b, &n, &err), 0);
	cr_assert_eq(n, 0);
	cr_assert_not_null(b);
	free(b);
}

Test(hex, odd_digit_count_names_the_lonely_digit)
{
	dump_hex_err_t err;
	uint8_t *b = (uint8_t *)"x";
	size_t n = 99;

	/* line 3, column 5, text offset 16: the '7' without a partner */
	cr_assert_eq(decode("# c\n0102\n0304 7\n", &b, &n, &err), NEA_ETRUNC);
	cr_assert_null(b);
	cr_assert_eq(n, 0);
	cr_assert_eq(err.line, 3);
	cr_assert_eq(err.col, 6);
	cr_assert_eq(err.offset, 14);
	cr_assert_not_null(strstr(err.msg, "odd number of hex digits"), "%s", err.msg);
	cr_assert_not_null(strstr(err.msg, "'7'"), "%s", err.msg);
	/* split across a comment: the digits pair up ignoring it */
	cr_assert_eq(decode("0#x\n1", &b, &n, &err), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(b[0], 0x01);
	free(b);
}

Test(hex, bad_character)
{
	dump_hex_err_t err;
	uint8_t *b;
	size_t n;

	cr_assert_eq(decode("0102\n03g4\n", &b, &n, &err), NEA_EINVAL);
	cr_assert_eq(err.line, 2);
	cr_assert_eq(err.col, 3);
	cr_assert_eq(err.offset, 7);
	cr_assert_not_null(strstr(err.msg, "'g'"), "%s", err.msg);
	cr_assert_eq(dump_hex_decode("01\x00" "2", 4, &b, &n, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 2);
	cr_assert_not_null(strstr(err.msg, "0x00"), "%s", err.msg);
}

Test(hex, detection)
{
	static const uint8_t batch[] = { 0x02, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x08 };

	cr_assert(dump_is_hex_text((const uint8_t *)"# x\n0200 0006\n", 14));
	cr_assert(dump_is_hex_text((const uint8_t *)"020", 3)); /* odd: reported, not binary */
	cr_assert_not(dump_is_hex_text((const uint8_t *)"# only a comment\n", 17));
	cr_assert_not(dump_is_hex_text((const uint8_t *)"", 0));
	cr_assert_not(dump_is_hex_text((const uint8_t *)"0102 zz", 7));
	cr_assert_not(dump_is_hex_text(batch, sizeof(batch)));
}

Test(hex, dump_input_takes_hex_text_untold)
{
	size_t tlen;
	char *text = dv_text("spec/pbtnc_result_allow.hex", &tlen);
	dump_opts_t auto_opts = { 0 }, bin = { .hex = DUMP_HEX_OFF }, hex = { .hex = DUMP_HEX_ON };
	dv_out_t o;

	dv_input(&o, (const uint8_t *)text, tlen, &auto_opts);
	cr_assert_eq(o.rc, 0, "%s", o.err.msg);
	dv_assert_line(&o, "input: hex text, 40 bytes decoded");
	dv_assert_line(&o, "access recommendation is 'Access Allowed' (1)");
	dv_free(&o);

	/* told it is hex: no announcement, same tree */
	dv_input(&o, (const uint8_t *)text, tlen, &hex);
	cr_assert_eq(o.rc, 0);
	cr_assert_null(dv_line(o.text, "input:"));
	dv_assert_line(&o, "access recommendation is 'Access Allowed' (1)");
	dv_free(&o);

	/* told it is binary: the '#' is no format */
	dv_input(&o, (const uint8_t *)text, tlen, &bin);
	cr_assert_eq(o.rc, NEA_EINVAL);
	cr_assert_not_null(strstr(o.err.msg, "first bytes 23 20"), "%s", o.err.msg);
	dv_free(&o);
	free(text);

	/* a hex text error is the text's offset, line and column */
	dv_input(&o, (const uint8_t *)"# x\n02000", 9, &auto_opts);
	cr_assert_eq(o.rc, NEA_ETRUNC);
	cr_assert_eq(o.err.offset, 8);
	cr_assert_not_null(strstr(o.err.msg, "line 2 column 5"), "%s", o.err.msg);
	dv_free(&o);
}

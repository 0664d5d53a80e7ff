#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "nea_hex.h"

Test(hex, digit_takes_every_hex_digit_and_nothing_else)
{
	for (int c = -128; c < 256; c++) {
		int want = -1;

		if (c >= '0' && c <= '9')
			want = c - '0';
		else if (c >= 'a' && c <= 'f')
			want = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			want = c - 'A' + 10;
		cr_assert_eq(nea_hex_digit(c), want, "character %d", c);
	}
	cr_assert_eq(nea_hex_digit('g'), -1);
	cr_assert_eq(nea_hex_digit(' '), -1);
	cr_assert_eq(nea_hex_digit('x'), -1);
}

Test(hex, u32_reads_exactly_n_digits)
{
	uint32_t v = 0;

	cr_assert(nea_hex_u32("0100007F", 8, &v));
	cr_assert_eq(v, 0x0100007fu);
	cr_assert(nea_hex_u32("ffffffff", 8, &v));
	cr_assert_eq(v, 0xffffffffu);
	/* only the first n characters are read: "0A" of "0A:1F90" */
	cr_assert(nea_hex_u32("0A:1F90", 2, &v));
	cr_assert_eq(v, 0x0a);
	cr_assert(nea_hex_u32("1F90", 4, &v));
	cr_assert_eq(v, 8080);
}

Test(hex, u32_refuses_bad_lengths_and_digits_and_keeps_the_value)
{
	uint32_t v = 0x5a5a5a5a;
	/* no NUL after the digits: a read past n would be caught by ASan */
	const char nine[9] = { '1', '2', '3', '4', '5', '6', '7', '8', '9' };

	cr_assert_not(nea_hex_u32("1", 0, &v));
	cr_assert_not(nea_hex_u32(nine, 9, &v));
	cr_assert_not(nea_hex_u32("12 4", 4, &v));
	cr_assert_not(nea_hex_u32("-123", 4, &v));
	cr_assert_not(nea_hex_u32("0x12", 4, &v));
	cr_assert_eq(v, 0x5a5a5a5au);
	cr_assert(nea_hex_u32(nine, 8, &v));
	cr_assert_eq(v, 0x12345678u);
}

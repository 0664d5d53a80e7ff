/*
 * nea_hex: hexadecimal digits of text, the one place that reads them for
 * swanctl secrets (0x...), /proc/net tables (nea-imcd) and the text form
 * of test vectors (nea dump --hex, tests).
 *
 * Contract: nea_hex_digit() accepts 0-9, a-f, A-F and nothing else
 * (no signs, no blanks, no 0x prefix). nea_hex_u32() reads exactly n
 * (1..8) digits, never more, so the value cannot overflow; on failure *v
 * is left alone. No allocation, no I/O.
 */
#ifndef NEA_HEX_H
#define NEA_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The value (0..15) of one hex digit, -1 for any other character. */
int nea_hex_digit(int c);

/* Exactly n (1..8) hex digits at s into *v. */
bool nea_hex_u32(const char *s, size_t n, uint32_t *v);

#endif

#include <criterion/criterion.h>
#include <stdlib.h>

#include "nea_buf.h"
#include "nea_err.h"

Test(buf, reads_big_endian_fields)
{
	const uint8_t b[] = { 1, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a };
	nea_rd_t r;
	uint8_t u8;
	uint16_t u16;
	uint32_t u24, u32;

	nea_rd_init(&r, b, sizeof(b));
	cr_assert(nea_rd_u8(&r, &u8));
	cr_assert_eq(u8, 1);
	cr_assert(nea_rd_u16(&r, &u16));
	cr_assert_eq(u16, 0x0203);
	cr_assert(nea_rd_u24(&r, &u24));
	cr_assert_eq(u24, 0x040506);
	cr_assert(nea_rd_u32(&r, &u32));
	cr_assert_eq(u32, 0x0708090a);
	cr_assert_eq(nea_rd_left(&r), 0);
}

Test(buf, failed_read_does_not_advance)
{
	const uint8_t b[] = { 1, 2, 3 };
	nea_rd_t r, sub;
	uint32_t v;
	const uint8_t *p;

	nea_rd_init(&r, b, sizeof(b));
	cr_assert_not(nea_rd_u32(&r, &v));
	cr_assert_eq(r.off, 0);
	cr_assert_not(nea_rd_bytes(&r, 4, &p));
	cr_assert_not(nea_rd_sub(&r, SIZE_MAX, &sub));
	cr_assert_eq(r.off, 0);
	cr_assert(nea_rd_sub(&r, 2, &sub));
	cr_assert_eq(sub.len, 2);
	cr_assert_eq(nea_rd_left(&r), 1);
}

Test(buf, writer_backpatches_and_detaches)
{
	nea_wr_t w;
	size_t len;
	uint8_t *p;

	nea_wr_init(&w, 0);
	nea_wr_u8(&w, 0xaa);
	nea_wr_u32(&w, 0);
	nea_wr_u24(&w, 0x010203);
	nea_wr_put_u32_at(&w, 1, 0xdeadbeef);
	p = nea_wr_detach(&w, &len);
	cr_assert_not_null(p);
	cr_assert_eq(len, 8);
	cr_assert_eq(p[1], 0xde);
	cr_assert_eq(p[4], 0xef);
	cr_assert_eq(p[7], 0x03);
	free(p);
}

Test(buf, writer_limit_is_sticky)
{
	nea_wr_t w;
	size_t len;

	nea_wr_init(&w, 4);
	nea_wr_u32(&w, 1);
	cr_assert_eq(nea_wr_error(&w), 0);
	nea_wr_u8(&w, 1);
	cr_assert_eq(nea_wr_error(&w), NEA_ETOOBIG);
	nea_wr_u8(&w, 1);
	cr_assert_eq(w.len, 4);
	cr_assert_null(nea_wr_detach(&w, &len));
}

Test(buf, checked_arithmetic_detects_overflow)
{
	size_t out;

	cr_assert_not(nea_add_size(SIZE_MAX, 1, &out));
	cr_assert(nea_add_size(1, 2, &out));
	cr_assert_eq(out, 3);
	cr_assert_not(nea_mul_size(SIZE_MAX / 2 + 1, 2, &out));
}

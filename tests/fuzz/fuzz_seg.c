/*
 * libFuzzer target for IF-M segmentation (seg_contract.h / seg_env.h).
 *
 * Byte 0 even: a receiving contract driven by a fuzzer-chosen sequence of
 * operations; each record is op(1) then arguments:
 *   op%5 == 0  envelope: flags(1) base id(1) length(2) segment(length)
 *   op%5 == 1  request the next segment for base id(1)
 *   op%5 == 2  cancel base id(1)
 *   op%5 == 3  advance the clock by(1) and expire streams idle > 8
 *   op%5 == 4  contract max sizes: msg(2) seg(1)
 * The memory bound must hold after every step and completed attributes
 * must decode.
 * Byte 0 odd: byte 1 is a segment size, the rest one attribute value sent
 * through a TX contract and reassembled by an RX contract; the result must
 * equal the input byte for byte.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attr_types.h"
#include "seg_contract.h"

#define RX_LIMIT 4096

static void drive(const uint8_t *p, size_t n)
{
	seg_contract_t c;
	uint64_t now = 0;
	size_t i = 0;

	if (seg_contract_init(&c, PEN_IETF, 9, SEG_DIR_RX, SEG_NO_LIMIT, 64))
		__builtin_trap();
	seg_contract_set_rx_limit(&c, RX_LIMIT);
	while (i < n) {
		uint8_t op = p[i++];
		attr_tcg_seg_next_t next;

		switch (op % 5) {
		case 0: {
			attr_tcg_seg_env_t env;
			seg_attr_t out;
			patnc_fault_t f;
			size_t l;
			int rc;

			if (n - i < 4)
				goto out;
			env.flags = p[i];
			env.base_id = p[i + 1];
			l = (size_t)(p[i + 2] << 8 | p[i + 3]);
			i += 4;
			if (l > n - i)
				l = n - i;
			env.segment = p + i;
			env.segment_len = l;
			i += l;
			rc = seg_contract_add(&c, &env, now, &out, &f);
			if (rc == SEG_DONE) {
				if (!out.attr.codec || !out.attr.data || out.len < 12 ||
				    nea_get_u32(out.buf + 8) != out.len)
					__builtin_trap();
				seg_attr_free(&out);
			} else if (rc > SEG_SKIPPED || (rc < 0 && f.has_error &&
							f.error.code > PA_ERROR_ATTR_TYPE_NOT_SUPPORTED)) {
				__builtin_trap();
			}
			break;
		}
		case 1:
			if (i < n)
				(void)seg_contract_request_next(&c, p[i++], &next);
			break;
		case 2:
			if (i < n)
				(void)seg_contract_cancel(&c, p[i++], &next);
			break;
		case 3:
			if (i < n)
				now += p[i++];
			(void)seg_contract_expire(&c, now, 8);
			break;
		default:
			if (n - i < 3)
				goto out;
			seg_contract_set(&c, (uint32_t)(p[i] << 8 | p[i + 1]), p[i + 2]);
			i += 3;
			break;
		}
		if (c.rx_reserved > RX_LIMIT || c.nrx > SEG_RX_MAX_PENDING)
			__builtin_trap();
	}
out:
	seg_contract_free(&c);
}

static void round_trip(uint8_t max_seg, const uint8_t *v, size_t n)
{
	seg_contract_t tx, rx;
	attr_tcg_seg_env_t env;
	attr_tcg_seg_next_t next;
	patnc_fault_t f;
	seg_attr_t out;
	nea_wr_t w;
	bool last = false;
	int rc;

	/* an ITA Echo attribute carries any value */
	nea_wr_init(&w, 0);
	if (patnc_attr_encode_raw(0, PEN_ITA, ITA_ATTR_ECHO, v, n, &w))
		__builtin_trap();
	seg_contract_init(&tx, PEN_ITA, 1, SEG_DIR_TX, SEG_NO_LIMIT, max_seg);
	seg_contract_init(&rx, PEN_ITA, 1, SEG_DIR_RX, SEG_NO_LIMIT, max_seg);
	rc = seg_contract_first(&tx, w.ptr, w.len, 0, &env);
	if (rc) {
		if (max_seg >= 12 && max_seg < w.len)
			__builtin_trap(); /* segmentable but refused */
		goto done;
	}
	rc = seg_contract_add(&rx, &env, 0, &out, &f);
	while (rc == SEG_MORE) {
		if (seg_contract_request_next(&rx, env.base_id, &next) ||
		    seg_contract_next(&tx, &next, 0, &env, &last))
			__builtin_trap();
		rc = seg_contract_add(&rx, &env, 0, &out, &f);
	}
	if (rc != SEG_DONE || !last || out.len != w.len || memcmp(out.buf, w.ptr, w.len))
		__builtin_trap();
	seg_attr_free(&out);
done:
	seg_contract_free(&tx);
	seg_contract_free(&rx);
	nea_wr_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	if (data[0] & 1)
		round_trip(data[1], data + 2, size - 2);
	else
		drive(data + 1, size - 1);
	return 0;
}

/*
 * TCG IF-M segmentation: contract values, splitting (the strongSwan
 * test_imcv_seg.c table from the vectors README), reassembly driven by
 * Next Segment requests, the seven seg_first_*.hex vectors, and clean
 * refusals for stray, duplicate, oversize and abandoned segments.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "attr_ita_blob.h"
#include "attr_types.h"
#include "seg_contract.h"
#include "patnc_vec.h"

static const char command[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/* The ITA Command attribute of the vectors README: 12 + 36 = 48 bytes. */
static uint8_t *command_attr(size_t *len, uint8_t flags)
{
	attr_ita_blob_t b = { (const uint8_t *)command, 36 };
	nea_wr_t w;

	nea_wr_init(&w, 0);
	cr_assert_eq(patnc_attr_encode(flags, PEN_ITA, ITA_ATTR_COMMAND, &b, &w), 0);
	cr_assert_eq(w.len, 48);
	return nea_wr_detach(&w, len);
}

static const struct {
	uint32_t max_seg, next_segs, last_size;
} table[] = {
	{ 0, 0, 0 },   { 11, 0, 0 },  { 12, 3, 12 }, { 13, 3, 9 },  { 15, 3, 3 },  { 16, 2, 16 },
	{ 17, 2, 14 }, { 23, 2, 2 },  { 24, 1, 24 }, { 25, 1, 23 }, { 47, 1, 1 },  { 48, 0, 0 },
};

Test(patnc_seg, split_table_from_strongswan)
{
	size_t i, len;
	uint8_t *attr = command_attr(&len, 0);

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		attr_tcg_seg_env_t env;
		seg_tx_t tx;
		uint32_t n = 0;
		size_t pos;
		bool last = false;
		nea_wr_t w;

		if (table[i].next_segs == 0) {
			cr_assert_eq(seg_tx_init(&tx, 0x123456, attr, len, table[i].max_seg),
				     NEA_EINVAL, "S=%u must not be segmentable", table[i].max_seg);
			continue;
		}
		cr_assert_eq(seg_tx_init(&tx, 0x123456, attr, len, table[i].max_seg), 0);
		seg_tx_first(&tx, &env);
		cr_assert_eq(env.flags, SEG_ENV_FLAG_MORE | SEG_ENV_FLAG_START);
		cr_assert_eq(env.base_id, 0x123456);
		cr_assert_eq(env.segment_len, table[i].max_seg);
		cr_assert_arr_eq(env.segment, attr, table[i].max_seg);
		/* envelope value = 4 + segment */
		nea_wr_init(&w, 0);
		cr_assert_eq(attr_tcg_seg_env_build(&env, &w), 0);
		cr_assert_eq(w.len, 4 + env.segment_len);
		cr_assert_eq(w.ptr[0], 0xc0);
		cr_assert_eq(nea_get_u24(w.ptr + 1), 0x123456);
		nea_wr_free(&w);
		pos = env.segment_len;
		while (!last) {
			cr_assert_eq(seg_tx_next(&tx, &env, &last), 0);
			n++;
			cr_assert_arr_eq(env.segment, attr + pos, env.segment_len);
			pos += env.segment_len;
			if (last) {
				cr_assert_eq(env.flags, 0);
				cr_assert_eq(env.segment_len, table[i].last_size, "S=%u last size",
					     table[i].max_seg);
			} else {
				cr_assert_eq(env.flags, SEG_ENV_FLAG_MORE);
				cr_assert_eq(env.segment_len, table[i].max_seg);
			}
		}
		cr_assert_eq(n, table[i].next_segs, "S=%u: %u next segments", table[i].max_seg, n);
		cr_assert_eq(pos, len);
		cr_assert_eq(seg_tx_next(&tx, &env, &last), NEA_ENOTFOUND);
		seg_tx_free(&tx);
	}
	free(attr);
}

Test(patnc_seg, contract_round_trip_for_every_size)
{
	size_t i, len;
	uint8_t *attr = command_attr(&len, 0);

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		seg_contract_t snd, rcv;
		attr_tcg_seg_env_t env;
		attr_tcg_seg_next_t next;
		seg_attr_t out;
		patnc_fault_t fault;
		const attr_ita_blob_t *cmd;
		bool last = false;
		int rc;

		cr_assert_eq(seg_contract_init(&snd, PEN_ITA, 1, SEG_DIR_TX, 1000, table[i].max_seg), 0);
		cr_assert_eq(seg_contract_init(&rcv, PEN_ITA, 1, SEG_DIR_RX, 1000, table[i].max_seg), 0);
		rc = seg_contract_first(&snd, attr, len, 0, &env);
		if (table[i].next_segs == 0) {
			cr_assert_eq(rc, NEA_EINVAL);
			seg_contract_free(&snd);
			seg_contract_free(&rcv);
			continue;
		}
		cr_assert_eq(rc, 0);
		cr_assert_eq(env.base_id, 1, "base message ids start at 1");
		cr_assert_eq(seg_contract_add(&rcv, &env, 0, &out, &fault), SEG_MORE);
		while (!last) {
			cr_assert_eq(seg_contract_request_next(&rcv, 1, &next), 0);
			cr_assert_not(next.cancel);
			cr_assert_eq(seg_contract_next(&snd, &next, 1, &env, &last), 0);
			rc = seg_contract_add(&rcv, &env, 1, &out, &fault);
			cr_assert_eq(rc, last ? SEG_DONE : SEG_MORE, "S=%u rc %d: %s",
				     table[i].max_seg, rc, fault.perr.msg);
		}
		cr_assert_eq(out.attr.vendor, PEN_ITA);
		cr_assert_eq(out.attr.type, ITA_ATTR_COMMAND);
		cmd = out.attr.data;
		cr_assert_eq(cmd->len, 36);
		cr_assert_arr_eq(cmd->data, command, 36);
		cr_assert_eq(out.len, len);
		cr_assert_arr_eq(out.buf, attr, len);
		cr_assert_eq(seg_contract_pending(&rcv), 0);
		cr_assert_eq(seg_contract_pending(&snd), 0);
		cr_assert_eq(seg_contract_next(&snd, &next, 2, &env, &last), NEA_ENOTFOUND);
		seg_attr_free(&out);
		seg_contract_free(&snd);
		seg_contract_free(&rcv);
	}
	free(attr);
}

Test(patnc_seg, contract_values)
{
	seg_contract_t c;
	attr_tcg_seg_contract_t a;
	bool over;
	char text[128];

	cr_assert_eq(seg_max_seg_for_msg(32722), 32698);
	cr_assert_eq(seg_max_seg_for_msg(2097104), 2097080);
	cr_assert_eq(seg_max_seg_for_msg(SEG_NO_LIMIT), SEG_NO_LIMIT);
	cr_assert_eq(seg_max_seg_for_msg(24), 0);

	/* strongSwan test_imcv_seg_contract_special with a 141-byte Dummy attribute */
	cr_assert_eq(seg_contract_init(&c, PEN_ITA, 1, SEG_DIR_TX, SEG_NO_LIMIT, SEG_NO_LIMIT), 0);
	cr_assert(seg_contract_is_null(&c));
	cr_assert_eq(seg_contract_check(&c, 141, &over), 0);
	cr_assert_not(over);
	seg_contract_set(&c, 1000, SEG_NO_LIMIT);
	cr_assert_not(seg_contract_is_null(&c));
	cr_assert_eq(seg_contract_check(&c, 141, &over), 0);
	cr_assert_not(over);
	seg_contract_set(&c, SEG_NO_LIMIT, 141);
	cr_assert_eq(seg_contract_check(&c, 141, &over), 0);
	cr_assert_not(over);
	seg_contract_set(&c, 140, 47);
	cr_assert_eq(seg_contract_check(&c, 141, &over), 0);
	cr_assert(over);
	seg_contract_set(&c, 141, 47);
	cr_assert_eq(seg_contract_check(&c, 141, &over), 1);
	cr_assert_not(over);

	seg_contract_set(&c, SEG_NO_LIMIT, seg_max_seg_for_msg(2097104));
	seg_contract_to_attr(&c, &a);
	cr_assert_eq(a.max_msg_size, 0xffffffffu);
	cr_assert_eq(a.max_seg_size, 0x001fffb8u);
	seg_contract_describe(&c, text, sizeof(text));
	cr_assert_str_eq(text, "no message size limit, maximum segment size of 2097080 bytes");
	seg_contract_free(&c);
}

Test(patnc_seg, base_ids_increment_and_streams_interleave)
{
	seg_contract_t snd, rcv;
	attr_tcg_seg_env_t e1, e2;
	attr_tcg_seg_next_t n1, n2;
	seg_attr_t out;
	patnc_fault_t f;
	nea_wr_t w;
	uint8_t *cmd, *dummy;
	size_t clen, dlen;
	bool last;

	cmd = command_attr(&clen, 0);
	nea_wr_init(&w, 0);
	/* Dummy attribute of 129 filler bytes: 141 bytes in all */
	nea_wr_u8(&w, 0);
	nea_wr_u24(&w, PEN_ITA);
	nea_wr_u32(&w, ITA_ATTR_DUMMY);
	nea_wr_u32(&w, 141);
	cr_assert_eq(attr_ita_dummy_fill(129, &w), 0);
	dummy = nea_wr_detach(&w, &dlen);
	cr_assert_eq(dlen, 141);

	cr_assert_eq(seg_contract_init(&snd, PEN_ITA, 1, SEG_DIR_TX, 141, 47), 0);
	cr_assert_eq(seg_contract_init(&rcv, PEN_ITA, 1, SEG_DIR_RX, 141, 47), 0);
	cr_assert_eq(seg_contract_first(&snd, cmd, clen, 0, &e1), 0);
	cr_assert_eq(e1.base_id, 1);
	cr_assert_eq(seg_contract_add(&rcv, &e1, 0, &out, &f), SEG_MORE);
	cr_assert_eq(seg_contract_first(&snd, dummy, dlen, 0, &e2), 0);
	cr_assert_eq(e2.base_id, 2);
	cr_assert_eq(seg_contract_add(&rcv, &e2, 0, &out, &f), SEG_MORE);
	cr_assert_eq(seg_contract_pending(&rcv), 2);

	/* a second first segment for a busy id is refused, nothing changes */
	cr_assert_eq(seg_contract_first(&snd, cmd, clen, 0, &e1), 0);
	e1.base_id = 1;
	cr_assert_eq(seg_contract_add(&rcv, &e1, 0, &out, &f), NEA_EEXIST);
	cr_assert_not(f.has_error);

	cr_assert_eq(seg_contract_request_next(&rcv, 1, &n1), 0);
	cr_assert_eq(seg_contract_request_next(&rcv, 1, &n1), NEA_ESTATE);
	cr_assert_eq(seg_contract_request_next(&rcv, 2, &n2), 0);
	/* answer 2 before 1 */
	cr_assert_eq(seg_contract_next(&snd, &n2, 1, &e2, &last), 0);
	cr_assert_not(last);
	cr_assert_eq(seg_contract_add(&rcv, &e2, 1, &out, &f), SEG_MORE);
	cr_assert_eq(seg_contract_next(&snd, &n1, 1, &e1, &last), 0);
	cr_assert(last);
	cr_assert_eq(seg_contract_add(&rcv, &e1, 1, &out, &f), SEG_DONE);
	cr_assert_eq(out.attr.type, ITA_ATTR_COMMAND);
	seg_attr_free(&out);
	/* the same envelope again: the stream is gone */
	cr_assert_eq(seg_contract_add(&rcv, &e1, 1, &out, &f), NEA_ENOTFOUND);
	cr_assert_not(f.has_error);

	cr_assert_eq(seg_contract_request_next(&rcv, 2, &n2), 0);
	cr_assert_eq(seg_contract_next(&snd, &n2, 2, &e2, &last), 0);
	cr_assert(last);
	cr_assert_eq(e2.segment_len, 141 - 47 - 47);
	cr_assert_eq(seg_contract_add(&rcv, &e2, 2, &out, &f), SEG_DONE);
	cr_assert_eq(out.attr.type, ITA_ATTR_DUMMY);
	cr_assert_eq(((const attr_ita_blob_t *)out.attr.data)->len, 129);
	seg_attr_free(&out);

	seg_contract_free(&snd);
	seg_contract_free(&rcv);
	free(cmd);
	free(dummy);
}

static const uint8_t info_123456[8] = { 0xff, 0xff, 0xff, 0xff, 0x00, 0x12, 0x34, 0x56 };

static int first_vector(const char *file, seg_rx_t *rx, seg_attr_t *out, patnc_fault_t *f)
{
	uint8_t *seg;
	size_t len;
	int rc;

	seg = pv_load(file, &len);
	cr_assert_eq(len, 12);
	rc = seg_rx_start(rx, 0x123456, seg, len, SEG_RX_LIMIT_DEFAULT, out, f);
	free(seg);
	return rc;
}

static void expect_ip(const patnc_fault_t *f, uint32_t offset)
{
	cr_assert(f->has_error);
	cr_assert_eq(f->error.vendor, PEN_IETF);
	cr_assert_eq(f->error.code, PA_ERROR_INVALID_PARAMETER);
	cr_assert_arr_eq(f->error.msg_info, info_123456, 8);
	cr_assert_eq(f->error.offset, offset, "offset %u, want %u", f->error.offset, offset);
}

Test(patnc_seg, first_segment_vectors)
{
	seg_rx_t rx;
	seg_attr_t out;
	patnc_fault_t f;
	nea_wr_t w;
	int rc;

	rc = first_vector("spec/seg_first_invalid_len_short.hex", &rx, &out, &f);
	cr_assert_eq(rc, NEA_EINVAL);
	expect_ip(&f, 8);
	seg_rx_free(&rx);

	rc = first_vector("spec/seg_first_reserved_vendor.hex", &rx, &out, &f);
	cr_assert_eq(rc, NEA_EINVAL);
	expect_ip(&f, 1);
	seg_rx_free(&rx);

	rc = first_vector("spec/seg_first_reserved_type.hex", &rx, &out, &f);
	cr_assert_eq(rc, NEA_EINVAL);
	expect_ip(&f, 4);
	seg_rx_free(&rx);

	rc = first_vector("spec/seg_first_unknown_noskip.hex", &rx, &out, &f);
	cr_assert_eq(rc, NEA_EUNSUPPORTED);
	cr_assert(f.has_error);
	cr_assert_eq(f.error.code, PA_ERROR_ATTR_TYPE_NOT_SUPPORTED);
	cr_assert_arr_eq(f.error.msg_info, info_123456, 8);
	cr_assert_eq(f.error.unsup_flags, 0x80);
	cr_assert_eq(f.error.unsup_vendor, PEN_ITA);
	cr_assert_eq(f.error.unsup_type, 0xfffffffe);
	/* the error attribute strongSwan would send, byte for byte */
	nea_wr_init(&w, 0);
	cr_assert_eq(patnc_attr_encode(0, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &f.error, &w), 0);
	{
		size_t n;
		uint8_t *want = pv_hex("00000000 00000008 00000024 00000000 00000003"
				       "ffffffff 00123456 8000902a fffffffe",
				       &n);

		cr_assert_eq(w.len, n);
		cr_assert_arr_eq(w.ptr, want, n);
		free(want);
	}
	nea_wr_free(&w);
	seg_rx_free(&rx);

	rc = first_vector("spec/seg_first_unknown_skip.hex", &rx, &out, &f);
	cr_assert_eq(rc, SEG_SKIPPED);
	cr_assert_not(f.has_error);
	cr_assert_null(out.buf);
	seg_rx_free(&rx);

	rc = first_vector("spec/seg_first_ietf_pa_tnc_error_len12.hex", &rx, &out, &f);
	cr_assert_lt(rc, 0);
	cr_assert_not(f.has_error, "errors about error attributes are suppressed");
	seg_rx_free(&rx);

	rc = first_vector("spec/seg_first_ietf_string_version_len12.hex", &rx, &out, &f);
	cr_assert_lt(rc, 0);
	expect_ip(&f, 12);
	seg_rx_free(&rx);

	/* strongSwan's first case: an empty segment */
	rc = seg_rx_start(&rx, 0x123456, NULL, 0, SEG_RX_LIMIT_DEFAULT, &out, &f);
	cr_assert_eq(rc, NEA_ETRUNC);
	expect_ip(&f, 0);
	seg_rx_free(&rx);
}

/* A 48-byte ITA Command sent as 20 + 20 + 8 with base id 7. */
static void envs(attr_tcg_seg_env_t e[3], const uint8_t *attr)
{
	e[0] = (attr_tcg_seg_env_t){ SEG_ENV_FLAG_MORE | SEG_ENV_FLAG_START, 7, attr, 20 };
	e[1] = (attr_tcg_seg_env_t){ SEG_ENV_FLAG_MORE, 7, attr + 20, 20 };
	e[2] = (attr_tcg_seg_env_t){ 0, 7, attr + 40, 8 };
}

Test(patnc_seg, stray_duplicate_and_reordered_segments)
{
	attr_tcg_seg_env_t e[3];
	attr_tcg_seg_next_t n;
	seg_contract_t c;
	seg_attr_t out;
	patnc_fault_t f;
	size_t len;
	uint8_t *attr = command_attr(&len, 0);

	envs(e, attr);
	cr_assert_eq(seg_contract_init(&c, PEN_ITA, 1, SEG_DIR_RX, SEG_NO_LIMIT, 20), 0);
	/* a later segment before the first */
	cr_assert_eq(seg_contract_add(&c, &e[1], 0, &out, &f), NEA_ENOTFOUND);
	cr_assert_not(f.has_error);
	cr_assert_eq(seg_contract_add(&c, &e[0], 0, &out, &f), SEG_MORE);
	/* unrequested: refused, state unchanged */
	cr_assert_eq(seg_contract_add(&c, &e[1], 0, &out, &f), NEA_ESTATE);
	cr_assert_not(f.has_error);
	cr_assert_eq(seg_contract_request_next(&c, 7, &n), 0);
	cr_assert_eq(seg_contract_add(&c, &e[1], 0, &out, &f), SEG_MORE);
	/* the same segment delivered twice: the second copy was not asked for */
	cr_assert_eq(seg_contract_add(&c, &e[1], 0, &out, &f), NEA_ESTATE);
	cr_assert_eq(seg_contract_request_next(&c, 7, &n), 0);
	cr_assert_eq(seg_contract_add(&c, &e[2], 0, &out, &f), SEG_DONE);
	cr_assert_arr_eq(out.buf, attr, len);
	seg_attr_free(&out);
	seg_contract_free(&c);
	free(attr);
}

Test(patnc_seg, incomplete_overlong_and_oversize)
{
	attr_tcg_seg_env_t e[3], big;
	attr_tcg_seg_next_t n;
	seg_contract_t c;
	seg_attr_t out;
	patnc_fault_t f;
	uint8_t extra[30] = { 0 };
	size_t len;
	uint8_t *attr = command_attr(&len, 0);

	envs(e, attr);
	cr_assert_eq(seg_contract_init(&c, PEN_ITA, 1, SEG_DIR_RX, SEG_NO_LIMIT, 20), 0);

	/* last segment arrives while 8 bytes are still missing */
	cr_assert_eq(seg_contract_add(&c, &e[0], 0, &out, &f), SEG_MORE);
	cr_assert_eq(seg_contract_request_next(&c, 7, &n), 0);
	e[1].flags = 0;
	cr_assert_eq(seg_contract_add(&c, &e[1], 0, &out, &f), NEA_ETRUNC);
	cr_assert(f.has_error);
	cr_assert_eq(f.error.offset, 8);
	cr_assert_eq(nea_get_u32(f.error.msg_info + 4), 7);
	cr_assert_eq(seg_contract_pending(&c), 0);

	/* more bytes than the header declared */
	cr_assert_eq(seg_contract_add(&c, &e[0], 0, &out, &f), SEG_MORE);
	cr_assert_eq(seg_contract_request_next(&c, 7, &n), 0);
	big = (attr_tcg_seg_env_t){ 0, 7, extra, sizeof(extra) };
	cr_assert_eq(seg_contract_add(&c, &big, 0, &out, &f), NEA_EINVAL);
	cr_assert(f.has_error);
	cr_assert_eq(f.error.offset, 48);
	cr_assert_eq(seg_contract_pending(&c), 0);

	/* declared length above the contract's max message size */
	seg_contract_set(&c, 40, 20);
	cr_assert_eq(seg_contract_add(&c, &e[0], 0, &out, &f), NEA_ETOOBIG);
	cr_assert(f.has_error);
	cr_assert_eq(f.error.offset, 8);
	/* ... or above the memory bound of an unlimited contract */
	seg_contract_set(&c, SEG_NO_LIMIT, 20);
	seg_contract_set_rx_limit(&c, 47);
	cr_assert_eq(seg_contract_add(&c, &e[0], 0, &out, &f), NEA_ETOOBIG);
	seg_contract_set_rx_limit(&c, 48);
	cr_assert_eq(seg_contract_add(&c, &e[0], 0, &out, &f), SEG_MORE);
	/* the budget is reserved: a second stream does not fit */
	e[0].base_id = 8;
	cr_assert_eq(seg_contract_add(&c, &e[0], 0, &out, &f), NEA_ETOOBIG);
	seg_contract_free(&c);
	free(attr);
}

Test(patnc_seg, expire_and_cancel)
{
	attr_tcg_seg_env_t e[3], env;
	attr_tcg_seg_next_t n;
	seg_contract_t rcv, snd;
	seg_attr_t out;
	patnc_fault_t f;
	size_t len, i;
	bool last;
	uint8_t *attr = command_attr(&len, 0);

	envs(e, attr);
	cr_assert_eq(seg_contract_init(&rcv, PEN_ITA, 1, SEG_DIR_RX, SEG_NO_LIMIT, 20), 0);
	cr_assert_eq(seg_contract_add(&rcv, &e[0], 100, &out, &f), SEG_MORE);
	e[0].base_id = 9;
	cr_assert_eq(seg_contract_add(&rcv, &e[0], 150, &out, &f), SEG_MORE);
	cr_assert_eq(rcv.rx_reserved, 96);
	cr_assert_eq(seg_contract_expire(&rcv, 200, 60), 1); /* id 7 idle 100 > 60 */
	cr_assert_eq(seg_contract_pending(&rcv), 1);
	cr_assert_eq(rcv.rx_reserved, 48);
	cr_assert_eq(seg_contract_cancel(&rcv, 9, &n), 0);
	cr_assert(n.cancel);
	cr_assert_eq(n.base_id, 9);
	cr_assert_eq(seg_contract_pending(&rcv), 0);
	cr_assert_eq(rcv.rx_reserved, 0);
	cr_assert_eq(seg_contract_cancel(&rcv, 9, &n), NEA_ENOTFOUND);

	/* too many concurrent reassemblies */
	for (i = 0; i < SEG_RX_MAX_PENDING; i++) {
		e[0].base_id = (uint32_t)(100 + i);
		cr_assert_eq(seg_contract_add(&rcv, &e[0], 0, &out, &f), SEG_MORE);
	}
	e[0].base_id = 1000;
	cr_assert_eq(seg_contract_add(&rcv, &e[0], 0, &out, &f), NEA_EAGAIN);
	cr_assert_not(f.has_error);
	cr_assert_eq(seg_contract_expire(&rcv, 10, 5), SEG_RX_MAX_PENDING);
	seg_contract_free(&rcv);

	/* the sender drops a stream the receiver cancels */
	cr_assert_eq(seg_contract_init(&snd, PEN_ITA, 1, SEG_DIR_TX, SEG_NO_LIMIT, 20), 0);
	cr_assert_eq(seg_contract_first(&snd, attr, len, 0, &env), 0);
	n = (attr_tcg_seg_next_t){ true, env.base_id };
	cr_assert_eq(seg_contract_next(&snd, &n, 1, &env, &last), 1);
	n.cancel = false;
	cr_assert_eq(seg_contract_next(&snd, &n, 1, &env, &last), NEA_ENOTFOUND);
	cr_assert_eq(seg_contract_first(&snd, attr, len, 0, &env), 0);
	cr_assert_eq(env.base_id, 2);
	cr_assert_eq(seg_contract_expire(&snd, 100, 10), 1);
	seg_contract_free(&snd);
	free(attr);
}

Test(patnc_seg, next_segment_cancel_bits)
{
	static const uint8_t ss_cancel[] = { 0x01, 0x00, 0x00, 0x05 };
	static const uint8_t tcg_cancel[] = { 0x80, 0x00, 0x00, 0x05 };
	static const uint8_t plain[] = { 0x00, 0x00, 0x00, 0x05 };
	attr_tcg_seg_next_t n;
	nea_perr_t err;
	nea_wr_t w;

	cr_assert_eq(attr_tcg_seg_next_parse(ss_cancel, 4, &n, &err), 0);
	cr_assert(n.cancel);
	cr_assert_eq(n.base_id, 5);
	cr_assert_eq(attr_tcg_seg_next_parse(tcg_cancel, 4, &n, &err), 0);
	cr_assert(n.cancel);
	cr_assert_eq(attr_tcg_seg_next_parse(plain, 4, &n, &err), 0);
	cr_assert_not(n.cancel);
	/* towards strongSwan a cancel is written as 0x01 */
	n.cancel = true;
	nea_wr_init(&w, 0);
	cr_assert_eq(attr_tcg_seg_next_build(&n, &w), 0);
	cr_assert_arr_eq(w.ptr, ss_cancel, 4);
	nea_wr_free(&w);
	cr_assert_eq(attr_tcg_seg_next_parse(plain, 3, &n, &err), NEA_ETRUNC);
	cr_assert_eq(attr_tcg_seg_next_parse(ss_cancel, 5, &n, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 4);
}

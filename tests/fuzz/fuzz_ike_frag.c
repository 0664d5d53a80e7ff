/*
 * libFuzzer target: RFC 7383 reassembly (ike_frag.c). Random bytes never
 * carry a valid ICV, so the input is a script the harness turns into
 * authentic fragments under a fixed key: records of
 *     msg_id (1) | num (1) | total (1) | ctl (1) | len (1) | len bytes
 * where ctl selects the exchange, the response flag, a first-payload type
 * for fragment 1, and whether to flip a byte of the sealed fragment (a
 * forgery). The fragments go through ike_msg_parse() and ike_reasm_add()
 * with small limits; completed messages are finished and summarised.
 * The whole input is also offered once as a raw datagram.
 *
 * Invariants (abort() on violation): the collector never holds more than
 * max_bytes or max_frags, received <= total, and a forged fragment is
 * rejected with NEA_EAUTH without changing the collector.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ike_frag.h"

#define MAX_BYTES 2048
#define MAX_FRAGS 12

static ike_sk_key_t k_out, k_in;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const uint8_t ekey[36] = { 7, 7, 7 };

	(void)argc;
	(void)argv;
	if (ike_sk_key_init(&k_out, IKE_ENCR_AES_GCM_16, 256, 0, ekey, 36, NULL, 0) ||
	    ike_sk_key_init(&k_in, IKE_ENCR_AES_GCM_16, 256, 0, ekey, 36, NULL, 0))
		abort();
	return 0;
}

static bool same(const ike_reasm_t *a, const ike_reasm_t *b)
{
	return a->active == b->active && a->msg_id == b->msg_id && a->total == b->total &&
	       a->received == b->received && a->bytes == b->bytes && a->frags == b->frags &&
	       a->first == b->first;
}

static void check(const ike_reasm_t *r)
{
	if (r->bytes > r->max_bytes || r->total > r->max_frags || r->received > r->total)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t firsts[4] = { IKE_PL_EAP, IKE_PL_IDI, IKE_PL_NOTIFY, 99 };
	ike_reasm_t r;
	nea_rd_t in;
	ike_msg_t m;
	nea_perr_t err;
	char sum[256];

	ike_reasm_init(&r, MAX_BYTES, MAX_FRAGS);
	/* raw: the datagram as is (parse + authentication failure paths) */
	if (ike_msg_parse(&m, data, size, 0, &err) == 0 && m.sk != IKE_NO_SK &&
	    m.pl[m.sk].type == IKE_PL_SKF) {
		int rc = ike_reasm_add(&r, &k_in, &m, &err);

		/* nobody can forge the fixed key's tag: refused one way or another */
		if (rc == 0 || rc == NEA_EAGAIN || r.received)
			abort();
	}
	ike_msg_free(&m);

	nea_rd_init(&in, data, size);
	for (;;) {
		uint8_t mid, num, total, ctl, len;
		const uint8_t *plain;
		ike_hdr_t h = { .spi_i = { 1 }, .spi_r = { 2 } };
		ike_skf_pos_t pos;
		nea_wr_t w;
		ike_reasm_t before;
		int rc;

		if (!nea_rd_u8(&in, &mid) || !nea_rd_u8(&in, &num) || !nea_rd_u8(&in, &total) ||
		    !nea_rd_u8(&in, &ctl) || !nea_rd_u8(&in, &len) || !nea_rd_bytes(&in, len, &plain))
			break;
		h.msg_id = mid % 4;
		h.exchange = ctl & 1 ? IKE_EXCH_INFORMATIONAL : IKE_EXCH_AUTH;
		h.flags = ctl & 2 ? IKE_FLAG_RESPONSE : IKE_FLAG_INITIATOR;
		pos.num = num;
		pos.total = total;
		nea_wr_init(&w, 0);
		if (ike_sk_seal(&k_out, &h, pos.num == 1 ? firsts[(ctl >> 2) & 3] : 0, &pos, plain,
				len, &w) != 0)
			abort();
		if (ctl & 0x80)
			w.ptr[w.len - 1 - (ctl & 0x0f) % w.len] ^= 0x01;
		rc = ike_msg_parse(&m, w.ptr, w.len, 0, &err);
		nea_wr_free(&w);
		if (rc) {
			/* only numbering the SKF parser refuses */
			if (num != 0 && total != 0 && num <= total)
				abort();
			ike_msg_free(&m);
			continue;
		}
		before = r;
		rc = ike_reasm_add(&r, &k_in, &m, &err);
		check(&r);
		if (ctl & 0x80) {
			if (rc != NEA_EAUTH || !same(&before, &r))
				abort();
		} else if (rc == 0) {
			if (ike_reasm_finish(&r, &m, &err) == 0)
				ike_msg_summary(&m, sum, sizeof(sum));
			if (r.active)
				abort();
		} else if (rc != NEA_EAGAIN && rc != NEA_ETOOBIG && rc != NEA_EINVAL) {
			abort();
		}
		ike_msg_free(&m);
	}
	ike_reasm_reset(&r);
	return 0;
}

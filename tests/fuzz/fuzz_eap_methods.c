/*
 * libFuzzer target: the EAP method state machines (ike/eap). The first byte
 * picks a scenario:
 *   0-5   one method (Identity, MD5, MSCHAPv2 as server or peer) fed raw
 *         packets from the input: records of length (2) | packet;
 *   6-8   server and peer of one method talking to each other with fixed
 *         random sources, the input deciding per packet whether to pass it,
 *         flip a byte, truncate it or replace it with input bytes, so the
 *         fuzzer reaches the later states (Success Request, EAP-Success)
 *         that raw packets cannot.
 * Invariants (abort() on violation): a negative return leaves the method
 * usable; a status is one of the four; an MSK only exists after
 * EAP_M_SUCCESS and only for MSCHAPv2; an unmodified pair of methods always
 * ends in success on both sides.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eap_identity_method.h"
#include "eap_md5.h"
#include "eap_method.h"
#include "eap_mschapv2.h"
#include "eap_pkt.h"
#include "nea_log.h"

static int fixed_rand(void *ctx, uint8_t *buf, size_t len)
{
	memset(buf, *(uint8_t *)ctx, len);
	(*(uint8_t *)ctx)++;
	return 0;
}

static eap_method_t *make(int which, bool server)
{
	static const uint8_t id[] = "jane", pw[] = "3s9RFGdWE5EW";

	switch (which) {
	case 0:
		return server ? eap_identity_method_server_new()
			      : eap_identity_method_peer_new(id, 4);
	case 1:
		return server ? eap_md5_server_new(pw, 12) : eap_md5_peer_new(pw, 12);
	default:
		return server ? eap_mschapv2_server_new(id, 4, pw, 12, false)
			      : eap_mschapv2_peer_new(id, 4, pw, 12, false);
	}
}

static void check_status(eap_method_t *m, int rc)
{
	size_t len;
	const uint8_t *msk;

	if (rc > EAP_M_FAILURE)
		abort();
	msk = eap_method_msk(m, &len);
	if (msk && (rc != EAP_M_SUCCESS || eap_method_type(m) != EAP_TYPE_MSCHAPV2 ||
		    len != EAP_MSK_LEN))
		abort();
}

static void raw(int which, bool server, nea_rd_t *in)
{
	uint8_t seed = 1;
	eap_method_t *m = make(which, server);
	nea_wr_t out;
	uint16_t len;
	const uint8_t *pkt;

	if (!m)
		abort();
	eap_method_set_rand(m, fixed_rand, &seed);
	nea_wr_init(&out, 0);
	if (server && eap_method_start(m, 1, &out) != 0)
		abort();
	while (nea_rd_u16(in, &len) && nea_rd_bytes(in, len, &pkt)) {
		nea_perr_t err;
		int rc;

		nea_wr_free(&out);
		nea_wr_init(&out, 0);
		rc = eap_method_process(m, pkt, len, &out, &err);
		if (rc >= 0)
			check_status(m, rc);
	}
	nea_wr_free(&out);
	eap_method_free(m);
}

/* Apply the input's verdict to a packet in flight. */
static void tamper(nea_rd_t *in, nea_wr_t *pkt, bool *touched)
{
	uint8_t op = 0, a = 0, b = 0;
	const uint8_t *repl;

	(void)nea_rd_u8(in, &op);
	switch (op % 4) {
	case 0:
		return;
	case 1:
		if (nea_rd_u8(in, &a) && nea_rd_u8(in, &b) && pkt->len) {
			pkt->ptr[a % pkt->len] ^= b | 1;
			*touched = true;
		}
		return;
	case 2:
		if (nea_rd_u8(in, &a) && a < pkt->len) {
			pkt->len = a;
			*touched = true;
		}
		return;
	default:
		if (nea_rd_u8(in, &a) && nea_rd_bytes(in, a, &repl)) {
			pkt->len = 0;
			nea_wr_bytes(pkt, repl, a);
			*touched = true;
		}
		return;
	}
}

static void pair(int which, nea_rd_t *in)
{
	uint8_t s1 = 1, s2 = 100;
	eap_method_t *srv = make(which, true), *peer = make(which, false);
	nea_wr_t a, b;
	bool touched = false;
	int rs = -1, rp = -1;

	if (!srv || !peer)
		abort();
	eap_method_set_rand(srv, fixed_rand, &s1);
	eap_method_set_rand(peer, fixed_rand, &s2);
	nea_wr_init(&a, 0);
	nea_wr_init(&b, 0);
	if (eap_method_start(srv, 9, &a) != 0)
		abort();
	for (int round = 0; round < 4; round++) {
		nea_perr_t err;

		tamper(in, &a, &touched);
		nea_wr_free(&b);
		nea_wr_init(&b, 0);
		rp = eap_method_process(peer, a.ptr, a.len, &b, &err);
		if (rp < 0)
			break;
		check_status(peer, rp);
		if (rp != EAP_M_SEND && rp != EAP_M_DONE)
			break;
		tamper(in, &b, &touched);
		nea_wr_free(&a);
		nea_wr_init(&a, 0);
		rs = eap_method_process(srv, b.ptr, b.len, &a, &err);
		if (rs < 0)
			break;
		check_status(srv, rs);
		if (rs == EAP_M_SUCCESS) {
			nea_wr_free(&a);
			nea_wr_init(&a, 0);
			if (eap_status_build(&a, EAP_CODE_SUCCESS, eap_method_last_id(srv)))
				abort();
			tamper(in, &a, &touched);
			nea_wr_free(&b);
			nea_wr_init(&b, 0);
			rp = eap_method_process(peer, a.ptr, a.len, &b, &err);
			if (rp >= 0)
				check_status(peer, rp);
			break;
		}
		if (rs != EAP_M_SEND)
			break;
	}
	/* an undisturbed run must succeed on both sides, with equal MSKs */
	if (!touched) {
		size_t l1, l2;
		const uint8_t *k1 = eap_method_msk(srv, &l1), *k2 = eap_method_msk(peer, &l2);

		if (rs != EAP_M_SUCCESS || (which != 0 && rp != EAP_M_SUCCESS) || l1 != l2 ||
		    (l1 && memcmp(k1, k2, l1) != 0))
			abort();
	}
	nea_wr_free(&a);
	nea_wr_free(&b);
	eap_method_free(srv);
	eap_method_free(peer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nea_rd_t in;
	uint8_t sel;

	nea_rd_init(&in, data, size);
	if (!nea_rd_u8(&in, &sel))
		return 0;
	sel %= 9;
	if (sel < 6)
		raw(sel / 2, sel % 2 == 0, &in);
	else
		pair(sel - 6, &in);
	return 0;
}

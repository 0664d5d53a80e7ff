/* RFC 7383 fragmentation: charon's sizing, reassembly and its limits. */
#include <criterion/criterion.h>
#include <string.h>

#include "ike_frag.h"
#include "ike_test_util.h"
#include "nea_err.h"

static const uint8_t spi_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t spi_r[8] = { 9, 9, 9, 9, 9, 9, 9, 9 };

typedef struct {
	ike_sk_t ini, res;
} pair_t;

static void keys(pair_t *p, const ike_suite_t *s)
{
	uint8_t ni[32] = { 1 }, nr[32] = { 2 }, gir[32] = { 3 };
	ike_keys_t k;

	cr_assert_eq(ike_keys_derive(&k, s, ike_chunk(ni, 32), ike_chunk(nr, 32), ike_chunk(gir, 32),
				     spi_i, spi_r),
		     0);
	cr_assert_eq(ike_sk_init(&p->ini, &k, true), 0);
	cr_assert_eq(ike_sk_init(&p->res, &k, false), 0);
	ike_keys_wipe(&k);
}

static const ike_suite_t cbc = { IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128,
				 IKE_PRF_HMAC_SHA2_256, 0, 0 };
static const ike_suite_t gcm = { IKE_ENCR_AES_GCM_16, 256, 0, IKE_PRF_HMAC_SHA2_256, 0, 0 };

/* An IKE_AUTH request carrying one EAP-Response of eap_len bytes. */
static uint8_t eap_pkt[4000];

static void make_eap(size_t eap_len, ike_payload_t *pl)
{
	eap_pkt[0] = IKE_EAP_RESPONSE;
	eap_pkt[1] = 0x45;
	eap_pkt[2] = (uint8_t)(eap_len >> 8);
	eap_pkt[3] = (uint8_t)eap_len;
	eap_pkt[4] = IKE_EAP_T_TTLS;
	for (size_t i = 5; i < eap_len; i++)
		eap_pkt[i] = (uint8_t)(i * 7);
	memset(pl, 0, sizeof(*pl));
	pl->type = IKE_PL_EAP;
	pl->u.eap.pkt = ike_chunk(eap_pkt, eap_len);
}

static ike_hdr_t hdr(uint32_t msg_id)
{
	ike_hdr_t h = { .exchange = IKE_EXCH_AUTH, .flags = IKE_FLAG_INITIATOR, .msg_id = msg_id };

	memcpy(h.spi_i, spi_i, 8);
	memcpy(h.spi_r, spi_r, 8);
	return h;
}

static void parse(ike_msg_t *m, const ike_packet_t *p)
{
	nea_perr_t err;

	cr_assert_eq(ike_msg_parse(m, p->data, p->len, 0, &err), 0, "%s", err.msg);
}

static int add(ike_reasm_t *r, pair_t *k, const ike_packet_t *p, ike_msg_t *keep)
{
	ike_msg_t m;
	nea_perr_t err;
	int rc;

	parse(&m, p);
	rc = ike_reasm_add(r, &k->res.in, &m, &err);
	if (keep)
		*keep = m;
	else
		ike_msg_free(&m);
	return rc;
}

static void check_complete(ike_reasm_t *r, ike_msg_t *last, size_t eap_len)
{
	nea_perr_t err;
	char sum[128];
	const ike_payload_t *e;

	cr_assert_eq(ike_reasm_finish(r, last, &err), 0, "%s", err.msg);
	cr_assert_str_eq(ike_msg_summary(last, sum, sizeof(sum)), "IKE_AUTH request 1 [ EAP/RES/TTLS ]");
	e = ike_msg_get(last, IKE_PL_EAP);
	cr_assert_not_null(e);
	assert_bytes_eq(e->u.eap.pkt.ptr, e->u.eap.pkt.len, eap_pkt, eap_len);
	cr_assert_not(r->active);
	ike_msg_free(last);
}

Test(ike_frag, chunk_size_follows_charon)
{
	pair_t k;

	keys(&k, &cbc);
	/* 1280 - 20 - 8 - 4 - 28 - 16 - 16 - 8 = 1180 -> 1168 (blocks) - 1 */
	cr_assert_eq(ike_frag_chunk_len(&k.ini.out, 1280, false, true), 1167);
	/* IPv6, port 500: 1280 - 40 - 8 - 28 - 16 - 16 - 8 = 1164 -> 1152 - 1 */
	cr_assert_eq(ike_frag_chunk_len(&k.ini.out, 1280, true, false), 1151);
	keys(&k, &gcm);
	/* 1248 - 28 - 8 - 16 - 8 = 1188, no blocks, - 1 */
	cr_assert_eq(ike_frag_chunk_len(&k.ini.out, 1280, false, true), 1187);
	/* absurdly small datagrams still make progress or refuse */
	cr_assert_eq(ike_frag_chunk_len(&k.ini.out, 60, false, true), 0);
}

Test(ike_frag, small_message_is_not_fragmented)
{
	pair_t k;
	ike_payload_t pl;
	ike_packet_t *pkts;
	size_t n;
	ike_hdr_t h = hdr(1);
	ike_msg_t m;
	nea_perr_t err;

	keys(&k, &cbc);
	make_eap(200, &pl);
	cr_assert_eq(ike_frag_split(&k.ini.out, &h, &pl, 1, 1280, false, true, &pkts, &n), 0);
	cr_assert_eq(n, 1);
	parse(&m, &pkts[0]);
	cr_assert_eq(m.pl[m.sk].type, IKE_PL_SK);
	cr_assert_eq(ike_sk_decrypt(&k.res.in, &m, &err), 0);
	ike_msg_free(&m);
	ike_packets_free(pkts, n);
}

static void split_and_reassemble(const ike_suite_t *s, size_t eap_len, bool ipv6, bool reverse)
{
	pair_t k;
	ike_payload_t pl;
	ike_packet_t *pkts;
	size_t n, maxlen = 1280 - (ipv6 ? 40 : 20) - 8 - 4;
	ike_hdr_t h = hdr(1);
	ike_reasm_t r;
	ike_msg_t m, last;
	int rc;

	keys(&k, s);
	make_eap(eap_len, &pl);
	cr_assert_eq(ike_frag_split(&k.ini.out, &h, &pl, 1, 1280, ipv6, true, &pkts, &n), 0);
	cr_assert(n > 1);
	for (size_t i = 0; i < n; i++) {
		cr_assert(pkts[i].len <= maxlen, "fragment %zu of %zu bytes", i + 1, pkts[i].len);
		parse(&m, &pkts[i]);
		cr_assert_eq(m.hdr.next_payload, IKE_PL_SKF);
		cr_assert_eq(m.pl[m.sk].u.skf.num, i + 1);
		cr_assert_eq(m.pl[m.sk].u.skf.total, n);
		cr_assert_eq(m.pl[m.sk].u.skf.first, i == 0 ? IKE_PL_EAP : IKE_PL_NONE);
		ike_msg_free(&m);
	}
	ike_reasm_init(&r, 0, 0);
	for (size_t j = 0; j < n; j++) {
		size_t i = reverse ? n - 1 - j : j;

		rc = add(&r, &k, &pkts[i], j + 1 == n ? &last : NULL);
		cr_assert_eq(rc, j + 1 == n ? 0 : NEA_EAGAIN, "fragment %zu: %d", i + 1, rc);
	}
	check_complete(&r, &last, eap_len);
	ike_reasm_reset(&r);
	ike_packets_free(pkts, n);
}

Test(ike_frag, round_trips_in_and_out_of_order)
{
	split_and_reassemble(&cbc, 3000, false, false);
	split_and_reassemble(&cbc, 3000, true, true);
	split_and_reassemble(&gcm, 3999, false, true);
	/* exactly two full chunks of plaintext (4-byte payload header) */
	split_and_reassemble(&cbc, 2 * 1167 - 4, false, false);
}

Test(ike_frag, duplicates_and_forgeries_change_nothing)
{
	pair_t k;
	ike_payload_t pl;
	ike_packet_t *pkts;
	size_t n;
	ike_hdr_t h = hdr(1);
	ike_reasm_t r;
	ike_msg_t last;

	keys(&k, &cbc);
	make_eap(3000, &pl);
	cr_assert_eq(ike_frag_split(&k.ini.out, &h, &pl, 1, 1280, false, true, &pkts, &n), 0);
	cr_assert_eq(n, 3);
	ike_reasm_init(&r, 0, 0);
	cr_assert_eq(add(&r, &k, &pkts[0], NULL), NEA_EAGAIN);
	cr_assert_eq(add(&r, &k, &pkts[0], NULL), NEA_EAGAIN);
	cr_assert_eq(r.received, 1);
	/* a corrupted copy of fragment 2 */
	pkts[1].data[pkts[1].len - 1] ^= 1;
	cr_assert_eq(add(&r, &k, &pkts[1], NULL), NEA_EAUTH);
	pkts[1].data[pkts[1].len - 1] ^= 1;
	cr_assert_eq(r.received, 1);
	cr_assert_eq(add(&r, &k, &pkts[1], NULL), NEA_EAGAIN);
	{
		ike_msg_t m;
		nea_perr_t err;

		cr_assert_eq(ike_msg_parse(&m, pkts[1].data, pkts[1].len, 0, &err), 0);
		cr_assert_eq(ike_reasm_finish(&r, &m, &err), NEA_ESTATE);
		ike_msg_free(&m);
	}
	cr_assert_eq(add(&r, &k, &pkts[2], &last), 0);
	check_complete(&r, &last, 3000);
	ike_packets_free(pkts, n);
}

Test(ike_frag, new_message_id_or_larger_total_restarts)
{
	pair_t k;
	ike_payload_t pl;
	ike_packet_t *big, *small, *other;
	size_t nb, ns, no;
	ike_hdr_t h1 = hdr(1), h2 = hdr(2);
	ike_reasm_t r;
	ike_msg_t last;

	keys(&k, &cbc);
	make_eap(3000, &pl);
	/* the same message split for two path MTUs */
	cr_assert_eq(ike_frag_split(&k.ini.out, &h1, &pl, 1, 1280, false, true, &small, &ns), 0);
	cr_assert_eq(ike_frag_split(&k.ini.out, &h1, &pl, 1, 576, false, true, &big, &nb), 0);
	cr_assert_eq(ike_frag_split(&k.ini.out, &h2, &pl, 1, 1280, false, true, &other, &no), 0);
	cr_assert(nb > ns);
	ike_reasm_init(&r, 0, 0);
	cr_assert_eq(add(&r, &k, &small[0], NULL), NEA_EAGAIN);
	cr_assert_eq(r.total, ns);
	/* re-fragmented into more pieces: start over */
	cr_assert_eq(add(&r, &k, &big[0], NULL), NEA_EAGAIN);
	cr_assert_eq(r.total, nb);
	cr_assert_eq(r.received, 1);
	/* late pieces of the coarser split are ignored */
	cr_assert_eq(add(&r, &k, &small[1], NULL), NEA_EAGAIN);
	cr_assert_eq(r.received, 1);
	/* a different message ID restarts too */
	cr_assert_eq(add(&r, &k, &other[1], NULL), NEA_EAGAIN);
	cr_assert_eq(r.msg_id, 2);
	cr_assert_eq(r.received, 1);
	ike_reasm_reset(&r);
	for (size_t i = 0; i < nb; i++)
		cr_assert_eq(add(&r, &k, &big[i], i + 1 == nb ? &last : NULL),
			     i + 1 == nb ? 0 : NEA_EAGAIN);
	check_complete(&r, &last, 3000);
	ike_packets_free(big, nb);
	ike_packets_free(small, ns);
	ike_packets_free(other, no);
}

Test(ike_frag, limits_on_count_and_size)
{
	pair_t k;
	ike_payload_t pl;
	ike_packet_t *pkts;
	size_t n;
	ike_hdr_t h = hdr(1);
	ike_reasm_t r;

	keys(&k, &cbc);
	make_eap(3000, &pl);
	cr_assert_eq(ike_frag_split(&k.ini.out, &h, &pl, 1, 576, false, true, &pkts, &n), 0);
	cr_assert(n >= 6);
	/* too many fragments announced */
	ike_reasm_init(&r, 0, 4);
	cr_assert_eq(add(&r, &k, &pkts[0], NULL), NEA_ETOOBIG);
	cr_assert_not(r.active);
	/* too many bytes in total */
	ike_reasm_init(&r, 1000, 0);
	cr_assert_eq(add(&r, &k, &pkts[0], NULL), NEA_EAGAIN);
	cr_assert_eq(add(&r, &k, &pkts[1], NULL), NEA_EAGAIN);
	cr_assert_eq(add(&r, &k, &pkts[2], NULL), NEA_ETOOBIG);
	cr_assert_not(r.active);
	cr_assert_eq(r.received, 0);
	ike_reasm_reset(&r);
	ike_packets_free(pkts, n);
}

Test(ike_frag, fragments_of_another_exchange_are_refused)
{
	pair_t k;
	ike_payload_t pl;
	ike_packet_t *a, *b;
	size_t na, nb;
	ike_hdr_t h1 = hdr(1), h2 = hdr(1);
	ike_reasm_t r;

	keys(&k, &cbc);
	make_eap(3000, &pl);
	h2.exchange = IKE_EXCH_INFORMATIONAL;
	cr_assert_eq(ike_frag_split(&k.ini.out, &h1, &pl, 1, 1280, false, true, &a, &na), 0);
	cr_assert_eq(ike_frag_split(&k.ini.out, &h2, &pl, 1, 1280, false, true, &b, &nb), 0);
	ike_reasm_init(&r, 0, 0);
	cr_assert_eq(add(&r, &k, &a[0], NULL), NEA_EAGAIN);
	cr_assert_eq(add(&r, &k, &b[1], NULL), NEA_EINVAL);
	cr_assert_eq(r.received, 1);
	ike_reasm_reset(&r);
	ike_packets_free(a, na);
	ike_packets_free(b, nb);
}

Test(ike_frag, unfragmented_message_is_refused_by_reassembly)
{
	pair_t k;
	ike_payload_t pl;
	ike_packet_t *pkts;
	size_t n;
	ike_hdr_t h = hdr(1);
	ike_reasm_t r;

	keys(&k, &cbc);
	make_eap(100, &pl);
	cr_assert_eq(ike_frag_split(&k.ini.out, &h, &pl, 1, 1280, false, true, &pkts, &n), 0);
	ike_reasm_init(&r, 0, 0);
	cr_assert_eq(add(&r, &k, &pkts[0], NULL), NEA_EINVAL);
	ike_packets_free(pkts, n);
}

/* Found by fuzz_ike_frag: the fragment-count limit used to be checked
 * before authentication, so a forged fragment announcing many fragments
 * could throw away an honest collection in progress. */
Test(ike_frag, forged_fragment_cannot_reset_collection)
{
	pair_t k, other;
	ike_payload_t pl;
	ike_packet_t *pkts, *forged;
	size_t n, nf;
	ike_hdr_t h = hdr(1);
	ike_reasm_t r;
	ike_msg_t last;

	keys(&k, &cbc);
	keys(&other, &cbc);
	other.ini.out.akey[0] ^= 1; /* the forger's integrity key is wrong */
	make_eap(3000, &pl);
	cr_assert_eq(ike_frag_split(&k.ini.out, &h, &pl, 1, 1280, false, true, &pkts, &n), 0);
	/* many small fragments under a key the receiver does not have */
	cr_assert_eq(ike_frag_split(&other.ini.out, &h, &pl, 1, 200, false, true, &forged, &nf), 0);
	cr_assert(nf > 8);
	ike_reasm_init(&r, 0, 8);
	cr_assert_eq(add(&r, &k, &pkts[0], NULL), NEA_EAGAIN);
	cr_assert_eq(add(&r, &k, &forged[0], NULL), NEA_EAUTH);
	cr_assert(r.active);
	cr_assert_eq(r.received, 1);
	for (size_t i = 1; i < n; i++)
		cr_assert_eq(add(&r, &k, &pkts[i], i + 1 == n ? &last : NULL),
			     i + 1 == n ? 0 : NEA_EAGAIN);
	check_complete(&r, &last, 3000);
	ike_packets_free(pkts, n);
	ike_packets_free(forged, nf);
}

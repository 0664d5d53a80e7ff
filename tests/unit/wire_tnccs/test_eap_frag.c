#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "eap_pkt.h"
#include "eap_tls_pkt.h"
#include "eap_ttls_frag.h"
#include "nea_buf.h"
#include "nea_err.h"

typedef struct {
	uint8_t *pkt[256];
	size_t len[256];
	size_t n;
} frags_t;

static void frag_all(uint8_t type, size_t frag_size, bool incl, const uint8_t *d, size_t len,
		     frags_t *out)
{
	eap_frag_tx_t f;
	int rc;

	memset(out, 0, sizeof(*out));
	cr_assert_eq(eap_frag_tx_init(&f, type, frag_size, incl, d, len), 0);
	do {
		nea_wr_t w;

		nea_wr_init(&w, 0);
		rc = eap_frag_tx_next(&f, EAP_CODE_REQUEST, (uint8_t)(10 + out->n), &w);
		cr_assert_geq(rc, 0);
		cr_assert_lt(out->n, 256);
		out->pkt[out->n] = nea_wr_detach(&w, &out->len[out->n]);
		out->n++;
	} while (rc == EAP_FRAG_MORE);
	{
		nea_wr_t w;

		nea_wr_init(&w, 0);
		cr_assert_eq(eap_frag_tx_next(&f, EAP_CODE_REQUEST, 0, &w), NEA_ESTATE);
		nea_wr_free(&w);
	}
}

static void frags_free(frags_t *fr)
{
	size_t i;

	for (i = 0; i < fr->n; i++)
		free(fr->pkt[i]);
}

/* Reassemble fragments and compare with the original stream. */
static void reassemble(uint8_t type, const frags_t *fr, const uint8_t *d, size_t len)
{
	eap_frag_rx_t r;
	size_t i, got_len;
	uint8_t *got;

	eap_frag_rx_init(&r, 0);
	for (i = 0; i < fr->n; i++) {
		eap_tls_pkt_t p;
		nea_perr_t err;
		int rc;

		cr_assert_eq(eap_tls_pkt_parse(fr->pkt[i], fr->len[i], type, &p, &err), 0, "%s",
			     err.msg);
		rc = eap_frag_rx_add(&r, &p, &err);
		cr_assert_eq(rc, i + 1 == fr->n ? EAP_FRAG_DONE : EAP_FRAG_MORE, "frag %zu: %s", i,
			     err.msg);
	}
	got = eap_frag_rx_take(&r, &got_len);
	cr_assert_eq(got_len, len);
	cr_assert_eq(memcmp(got, d, len), 0);
	free(got);
	eap_frag_rx_free(&r);
}

static uint8_t *pattern(size_t len)
{
	uint8_t *d = malloc(len);
	size_t i;

	for (i = 0; i < len; i++)
		d[i] = (uint8_t)(i * 7 + 3);
	return d;
}

/* strongSwan's default fragment_size 1024 counts the whole EAP packet. */
Test(eap_frag, default_1024_boundaries)
{
	static const struct {
		size_t len, n, first, last;
		bool first_l;
	} cases[] = {
		/* fits the first packet (1024 - 10 = 1014 data bytes) */
		{ 1, 1, 1 + 10, 1 + 10, true },
		{ 1013, 1, 1023, 1023, true },
		{ 1014, 1, 1024, 1024, true },
		/* one more byte: L|M 1014 + last 1 */
		{ 1015, 2, 1024, 7, true },
		/* first 1014, then 1018 per fragment */
		{ 1014 + 1018, 2, 1024, 1024, true },
		{ 1014 + 1018 + 1, 3, 1024, 7, true },
		{ 16384 + 5, 17, 1024, 6 + (16389 - 1014 - 15 * 1018), true },
	};
	size_t c;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		uint8_t *d = pattern(cases[c].len);
		frags_t fr;
		size_t i;

		frag_all(EAP_TYPE_TTLS, 1024, true, d, cases[c].len, &fr);
		cr_assert_eq(fr.n, cases[c].n, "len %zu: %zu fragments", cases[c].len, fr.n);
		cr_assert_eq(fr.len[0], cases[c].first, "len %zu first %zu", cases[c].len, fr.len[0]);
		cr_assert_eq(fr.len[fr.n - 1], cases[c].last, "len %zu", cases[c].len);
		/* flags: L (and M if more) on the first, M in the middle, none last */
		cr_assert_eq(fr.pkt[0][5] & EAP_TLS_FLAG_L, EAP_TLS_FLAG_L);
		cr_assert_eq(nea_get_u32(fr.pkt[0] + 6), cases[c].len, "L carries the stream length");
		for (i = 0; i < fr.n; i++) {
			cr_assert_leq(fr.len[i], 1024);
			cr_assert_eq(nea_get_u16(fr.pkt[i] + 2), fr.len[i]);
			cr_assert_eq(fr.pkt[i][4], EAP_TYPE_TTLS);
			cr_assert_eq(!!(fr.pkt[i][5] & EAP_TLS_FLAG_M), i + 1 < fr.n);
			if (i > 0)
				cr_assert_eq(fr.pkt[i][5] & EAP_TLS_FLAG_L, 0);
			cr_assert_eq(fr.pkt[i][5] & EAP_TLS_VERSION_MASK, 0);
		}
		reassemble(EAP_TYPE_TTLS, &fr, d, cases[c].len);
		frags_free(&fr);
		free(d);
	}
}

Test(eap_frag, include_length_no_still_reserves_room_on_the_first_packet)
{
	uint8_t *d = pattern(2000);
	frags_t fr;

	/* fits: no L, at most 1014 data bytes -> a 1020-byte packet */
	frag_all(EAP_TYPE_TTLS, 1024, false, d, 1014, &fr);
	cr_assert_eq(fr.n, 1);
	cr_assert_eq(fr.len[0], 1020);
	cr_assert_eq(fr.pkt[0][5], 0x00);
	reassemble(EAP_TYPE_TTLS, &fr, d, 1014);
	frags_free(&fr);
	/* 1015 bytes: fragmented, and a fragmented message always gets L */
	frag_all(EAP_TYPE_TTLS, 1024, false, d, 1015, &fr);
	cr_assert_eq(fr.n, 2);
	cr_assert_eq(fr.pkt[0][5], EAP_TLS_FLAG_L | EAP_TLS_FLAG_M);
	reassemble(EAP_TYPE_TTLS, &fr, d, 1015);
	frags_free(&fr);
	free(d);
}

Test(eap_frag, eap_tnc_never_sets_l)
{
	uint8_t *d = pattern(300);
	frags_t fr;
	size_t i;

	frag_all(EAP_TYPE_TNC, 106, true, d, 300, &fr);
	cr_assert_eq(fr.n, 3);
	for (i = 0; i < fr.n; i++) {
		cr_assert_eq(fr.pkt[i][5] & EAP_TLS_FLAG_L, 0);
		cr_assert_eq(fr.pkt[i][5] & EAP_TLS_VERSION_MASK, 1);
	}
	cr_assert_eq(fr.len[0], 106);
	cr_assert_eq(fr.len[2], 6 + 100);
	reassemble(EAP_TYPE_TNC, &fr, d, 300);
	frags_free(&fr);
	free(d);
}

Test(eap_frag, sender_parameter_checks)
{
	eap_frag_tx_t f;
	uint8_t b[4] = { 0 };

	cr_assert_eq(eap_frag_tx_init(&f, EAP_TYPE_PT_EAP, 1024, true, b, 4), NEA_EINVAL);
	cr_assert_eq(eap_frag_tx_init(&f, EAP_TYPE_TTLS, 10, true, b, 4), NEA_EINVAL);
	cr_assert_eq(eap_frag_tx_init(&f, EAP_TYPE_TTLS, 11, true, b, 4), 0);
	cr_assert_eq(eap_frag_tx_init(&f, EAP_TYPE_TTLS, 65536, true, b, 4), NEA_EINVAL);
	cr_assert_eq(eap_frag_tx_init(&f, EAP_TYPE_TTLS, 1024, true, b, 0), NEA_EINVAL);
	cr_assert_eq(eap_frag_tx_init(&f, EAP_TYPE_TTLS, 1024, true, NULL, 4), NEA_EINVAL);
}

Test(eap_frag, smallest_fragment_size_one_byte_each)
{
	uint8_t *d = pattern(5);
	frags_t fr;

	frag_all(EAP_TYPE_TTLS, 11, true, d, 5, &fr);
	/* frag_size 11: 1 data byte in the first (L|M), then up to 5 per fragment */
	cr_assert_eq(fr.n, 2);
	cr_assert_eq(fr.len[0], 11);
	cr_assert_eq(fr.len[1], 6 + 4);
	reassemble(EAP_TYPE_TTLS, &fr, d, 5);
	frags_free(&fr);
	free(d);
}

/* ---- receiver rules ---- */

static eap_tls_pkt_t frag(bool l, uint32_t msg_len, bool m, const uint8_t *d, size_t n)
{
	eap_tls_pkt_t p = { .code = EAP_CODE_RESPONSE, .type = EAP_TYPE_TTLS, .has_length = l,
			    .msg_len = msg_len, .more = m, .data = d, .data_len = n };
	return p;
}

Test(eap_frag, declared_length_over_the_bound)
{
	eap_frag_rx_t r;
	nea_perr_t err;
	eap_tls_pkt_t p;
	static uint8_t d[10];

	eap_frag_rx_init(&r, 100);
	p = frag(true, 101, true, d, 10);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), NEA_ETOOBIG);
	cr_assert_eq(err.offset, 6);
	cr_assert_eq(r.buf.cap, 0, "nothing allocated for the claimed size");
	p = frag(true, 100, true, d, 10);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_MORE);
	eap_frag_rx_free(&r);
	/* the default bound is strongSwan's 73728 */
	eap_frag_rx_init(&r, 0);
	p = frag(true, EAP_TLS_MAX_MESSAGE_LEN + 1, true, d, 10);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), NEA_ETOOBIG);
	eap_frag_rx_free(&r);
}

Test(eap_frag, fragment_overrunning_the_declared_length)
{
	eap_frag_rx_t r;
	nea_perr_t err;
	eap_tls_pkt_t p;
	static uint8_t d[10];

	eap_frag_rx_init(&r, 0);
	p = frag(true, 15, true, d, 10);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_MORE);
	p = frag(false, 0, false, d, 6);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), NEA_EINVAL);
	/* after an error the reassembler starts afresh */
	p = frag(true, 15, true, d, 10);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_MORE);
	p = frag(false, 0, false, d, 5);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_DONE);
	{
		size_t n;
		uint8_t *m = eap_frag_rx_take(&r, &n);

		cr_assert_eq(n, 15);
		free(m);
	}
	eap_frag_rx_free(&r);
}

Test(eap_frag, last_fragment_short_of_the_declared_length)
{
	eap_frag_rx_t r;
	nea_perr_t err;
	eap_tls_pkt_t p;
	static uint8_t d[10];

	eap_frag_rx_init(&r, 0);
	p = frag(true, 30, true, d, 10);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_MORE);
	p = frag(false, 0, false, d, 10);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), NEA_ETRUNC);
	eap_frag_rx_free(&r);
}

Test(eap_frag, m_without_l_on_the_first_fragment_is_tolerated_but_bounded)
{
	eap_frag_rx_t r;
	nea_perr_t err;
	eap_tls_pkt_t p;
	static uint8_t d[40];
	size_t n;
	uint8_t *m;

	eap_frag_rx_init(&r, 50);
	p = frag(false, 0, true, d, 20);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_MORE);
	p = frag(false, 0, false, d, 20);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_DONE);
	m = eap_frag_rx_take(&r, &n);
	cr_assert_eq(n, 40);
	free(m);
	/* ... but max_total still holds */
	p = frag(false, 0, true, d, 40);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_MORE);
	p = frag(false, 0, true, d, 11);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), NEA_ETOOBIG);
	eap_frag_rx_free(&r);
}

Test(eap_frag, l_on_a_later_fragment)
{
	eap_frag_rx_t r;
	nea_perr_t err;
	eap_tls_pkt_t p;
	static uint8_t d[10];

	eap_frag_rx_init(&r, 0);
	p = frag(true, 25, true, d, 10);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_MORE);
	p = frag(true, 25, true, d, 10); /* repeats the declared length: fine */
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_MORE);
	p = frag(true, 26, false, d, 5); /* changes it: refused */
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 6);
	eap_frag_rx_free(&r);
}

Test(eap_frag, message_must_be_taken_before_the_next)
{
	eap_frag_rx_t r;
	nea_perr_t err;
	eap_tls_pkt_t p;
	static uint8_t d[4];
	size_t n;

	eap_frag_rx_init(&r, 0);
	p = frag(true, 4, false, d, 4);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_DONE);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), NEA_ESTATE);
	free(eap_frag_rx_take(&r, &n));
	cr_assert_eq(n, 4);
	cr_assert_eq(eap_frag_rx_add(&r, &p, &err), EAP_FRAG_DONE);
	free(eap_frag_rx_take(&r, &n));
	eap_frag_rx_free(&r);
}

/*
 * TCG IF-M segmentation of the OS IMC's Installed Packages (the captured
 * host's 834 packages, 21186 bytes with the attribute header): the IMV's
 * Segmentation Contract Request is answered, the attribute goes out as a
 * first Segment Envelope and the rest follows one envelope per Next
 * Segment request, reassembled here by lib/wire's receiving contract
 * (the IMV's side) into the captured attribute.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "attr_tcg_seg_contract.h"
#include "attr_tcg_seg_env.h"
#include "attr_tcg_seg_next.h"
#include "attr_types.h"
#include "imc_host_fixture.h"
#include "imc_pa.h"
#include "nea.pb-c.h"
#include "patnc_vec.h"
#include "seg_contract.h"

#define MAX_MSG 2097104u
#define PKGS_ATTR_LEN 21186u /* 12 + 21174 as captured */

static ih_t ih;
static uint32_t ids[64];

static void init(void)
{
	for (uint32_t i = 0; i < 64; i++)
		ids[i] = 0x1000 + i;
}

static void fini(void)
{
	ih_teardown(&ih);
}

TestSuite(imc_segment, .init = init, .fini = fini);

/* The captured attribute (header included) from the captured CDATA. */
static uint8_t *captured_packages(size_t *len)
{
	size_t blen;
	uint8_t *batch = pv_load("captures/run1_password_freshdb_03_pdp_recv_CDATA.hex", &blen);
	pv_pa_t pa;
	uint8_t *out;

	cr_assert_eq(pv_pb_pa(batch, blen, &pa, 1), 1);
	/* PA-TNC header (8), Contract Response (12 + 8), then the packages. */
	cr_assert_eq(pa.len, 8 + 20 + PKGS_ATTR_LEN);
	out = malloc(PKGS_ATTR_LEN);
	cr_assert_not_null(out);
	memcpy(out, pa.body + 28, PKGS_ATTR_LEN);
	*len = PKGS_ATTR_LEN;
	free(batch);
	return out;
}

static void connect_host(uint32_t max_msg)
{
	ih_setup(&ih, NULL, NULL);
	ih_msg_ids(&ih, ids, 64);
	ih_state(&ih, 1, NEA__CONN_STATE__CONN_CREATE, max_msg);
	ih_state(&ih, 1, NEA__CONN_STATE__CONN_HANDSHAKE, 0);
	ih_clear(&ih);
}

/* IMV 1's first message: contract request and Attribute Request. */
static void request_packages(uint32_t max_msg, uint32_t max_seg)
{
	static const uint32_t req[] = { PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES };
	attr_tcg_seg_contract_t c = { max_msg, max_seg };
	ipa_t m;
	uint8_t *body;
	size_t len;

	ipa_init(&m, 0x77);
	ipa_add(&m, 0, PEN_TCG, TCG_SEG_CONTRACT_REQ, &c);
	ipa_request(&m, 1, req);
	body = ipa_finish(&m, &len);
	ih_pa(&ih, 1, 1, 1, 0xffff, false, body, len);
	free(body);
}

static void send_next(const attr_tcg_seg_next_t *next)
{
	ipa_t m;
	uint8_t *body;
	size_t len;

	ipa_init(&m, 0x78);
	ipa_add(&m, 0, PEN_TCG, TCG_SEG_NEXT_SEGMENT, next);
	body = ipa_finish(&m, &len);
	ih_pa(&ih, 1, 1, 1, 0xffff, false, body, len);
	free(body);
}

/* The one Segment Envelope in the host's last message (rx kept for env). */
static const attr_tcg_seg_env_t *last_envelope(patnc_rx_t *rx)
{
	const patnc_attr_t *a;

	cr_assert_gt(ih.nsent, 0);
	cr_assert_eq(ih.sent[ih.nsent - 1].body_case, NEA__ENVELOPE__BODY_PA_MESSAGE);
	cr_assert(ih.sent[ih.nsent - 1].excl);
	cr_assert_eq(ih.sent[ih.nsent - 1].dst, 1);
	ipa_parse(ih.sent[ih.nsent - 1].body, ih.sent[ih.nsent - 1].len, rx);
	a = patnc_rx_find(rx, PEN_TCG, TCG_SEG_ENVELOPE);
	cr_assert_not_null(a, "no Segment Envelope in the host's message");
	return a->data;
}

static size_t receive_all(uint32_t max_seg, seg_attr_t *done)
{
	seg_contract_t rxc;
	patnc_rx_t rx;
	patnc_fault_t fault;
	const attr_tcg_seg_env_t *env;
	attr_tcg_seg_next_t next;
	size_t rounds = 0;
	int rc;

	cr_assert_eq(seg_contract_init(&rxc, PEN_IETF, 1, SEG_DIR_RX, SEG_NO_LIMIT, max_seg), 0);
	env = last_envelope(&rx);
	cr_assert_eq(env->flags & SEG_ENV_FLAG_START, SEG_ENV_FLAG_START);
	for (;;) {
		cr_assert_leq(env->segment_len, max_seg);
		rc = seg_contract_add(&rxc, env, 0, done, &fault);
		cr_assert_geq(rc, 0, "envelope %zu refused (%d)", rounds, rc);
		rounds++;
		if (rc == SEG_DONE)
			break;
		cr_assert_eq(rc, SEG_MORE);
		cr_assert_eq(env->flags & SEG_ENV_FLAG_MORE, SEG_ENV_FLAG_MORE);
		cr_assert_eq(seg_contract_request_next(&rxc, env->base_id, &next), 0);
		patnc_rx_free(&rx);
		ih_clear(&ih);
		send_next(&next);
		cr_assert_eq(ih.nsent, 1, "one message per Next Segment");
		env = last_envelope(&rx);
		cr_assert_eq(env->flags & SEG_ENV_FLAG_START, 0);
		cr_assert_lt(rounds, 1000);
	}
	cr_assert_eq(env->flags & SEG_ENV_FLAG_MORE, 0, "the last envelope has M clear");
	patnc_rx_free(&rx);
	seg_contract_free(&rxc);
	return rounds;
}

Test(imc_segment, installed_packages_in_segments_reassemble_to_capture)
{
	seg_attr_t done;
	patnc_rx_t rx;
	const attr_tcg_seg_contract_t *resp;
	size_t want_len, rounds;
	uint8_t *want = captured_packages(&want_len);

	connect_host(MAX_MSG);
	request_packages(SEG_NO_LIMIT, 2000);
	cr_assert_eq(ih.nsent, 1);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	/* Contract Response first, then the first segment instead of the attribute. */
	cr_assert_eq(rx.count, 2);
	cr_assert_eq(rx.attrs[0].type, TCG_SEG_CONTRACT_RESP);
	resp = rx.attrs[0].data;
	cr_assert_eq(resp->max_msg_size, SEG_NO_LIMIT);
	cr_assert_eq(resp->max_seg_size, 2000);
	cr_assert_eq(rx.attrs[1].type, TCG_SEG_ENVELOPE);
	patnc_rx_free(&rx);

	rounds = receive_all(2000, &done);
	cr_assert_eq(rounds, (PKGS_ATTR_LEN + 1999) / 2000);
	cr_assert_eq(done.len, want_len);
	cr_assert_arr_eq(done.buf, want, want_len);
	cr_assert_eq(done.attr.type, IETF_ATTR_INSTALLED_PACKAGES);
	seg_attr_free(&done);
	free(want);
	/* Nothing more to ask for. */
	{
		attr_tcg_seg_next_t again = { false, 1 };

		ih_clear(&ih);
		send_next(&again);
		cr_assert_eq(ih.nsent, 0);
	}
}

Test(imc_segment, segment_size_lowered_to_what_the_connection_carries)
{
	seg_attr_t done;
	patnc_rx_t rx;
	const attr_tcg_seg_contract_t *resp;
	size_t want_len;
	uint8_t *want = captured_packages(&want_len);
	uint32_t mine = seg_max_seg_for_msg(4000);

	cr_assert_eq(mine, 4000 - 24);
	connect_host(4000);
	request_packages(SEG_NO_LIMIT, 65536);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	resp = rx.attrs[0].data;
	cr_assert_eq(resp->max_seg_size, mine);
	cr_assert_leq(ih.sent[0].len, 4000);
	patnc_rx_free(&rx);
	receive_all(mine, &done);
	cr_assert_eq(done.len, want_len);
	cr_assert_arr_eq(done.buf, want, want_len);
	seg_attr_free(&done);
	free(want);
}

Test(imc_segment, cancel_stops_the_stream)
{
	patnc_rx_t rx;
	const attr_tcg_seg_env_t *env;
	attr_tcg_seg_next_t cancel;

	connect_host(MAX_MSG);
	request_packages(SEG_NO_LIMIT, 5000);
	env = last_envelope(&rx);
	cancel.cancel = true;
	cancel.base_id = env->base_id;
	patnc_rx_free(&rx);
	ih_clear(&ih);
	send_next(&cancel);
	cr_assert_eq(ih.nsent, 0);
	cancel.cancel = false;
	send_next(&cancel);
	cr_assert_eq(ih.nsent, 0, "a cancelled stream sends no more segments");
}

Test(imc_segment, attribute_beyond_the_contract_message_size_not_sent)
{
	patnc_rx_t rx;

	connect_host(MAX_MSG);
	request_packages(10000, 2000);
	cr_assert_eq(ih.nsent, 1);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	cr_assert_eq(rx.count, 1);
	cr_assert_eq(rx.attrs[0].type, TCG_SEG_CONTRACT_RESP);
	patnc_rx_free(&rx);
}

Test(imc_segment, without_contract_too_large_for_the_connection)
{
	static const uint32_t req[] = { PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES,
					PEN_IETF, IETF_ATTR_FORWARDING_ENABLED };
	ipa_t m;
	uint8_t *body;
	size_t len;
	patnc_rx_t rx;

	connect_host(4000);
	ipa_init(&m, 0x79);
	ipa_request(&m, 2, req);
	body = ipa_finish(&m, &len);
	ih_pa(&ih, 1, 1, 1, 0xffff, false, body, len);
	free(body);
	/* The packages cannot go (strongSwan deletes such an attribute); the
	 * forwarding state still does. */
	cr_assert_eq(ih.nsent, 1);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	cr_assert_eq(rx.count, 1);
	cr_assert_eq(rx.attrs[0].type, IETF_ATTR_FORWARDING_ENABLED);
	patnc_rx_free(&rx);
}

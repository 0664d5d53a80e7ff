/*
 * The PB-TNC server core (tnccs_server) as pure logic: the captured
 * strongSwan 5.9.14 client batches go in, a scripted fake IMV host answers
 * with the PA messages and recommendations the captured PDP's IMVs gave,
 * and the batches the core builds are compared with the PDP's captured
 * batches byte for byte.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "nea_log.h"
#include "pbtnc_msg.h"
#include "tnc_names.h"
#include "tnccs_limits.h"

#define ANY 0xffff

typedef struct {
	harness_t h;
	tnccs_registry_t reg;
	tnccs_server_t *s;
	Nea__Identity id;
	Nea__Identity *ids[1];
} fix_t;

static void fix_start(fix_t *f, const char *modules, Nea__Transport t, tnccs_policy_t pol,
		      long long conf_batch)
{
	tnccs_server_opts_t o = { 0 };
	tnccs_server_ops_t ops;

	memset(f, 0, sizeof(*f));
	h_init(&f->h);
	if (modules)
		h_registry(&f->reg, "IMV", modules);
	else
		tnccs_registry_init(&f->reg, "IMV");
	nea__identity__init(&f->id);
	f->id.type = 5;    /* user name */
	f->id.subject = 2; /* user */
	f->id.auth = 2;    /* password */
	f->id.value.data = (uint8_t *)"client1";
	f->id.value.len = 7;
	f->ids[0] = &f->id;
	o.conn_id = 1;
	o.transport = t;
	tnccs_limits_compute(t, conf_batch, -1, 0, 0, &o.lim, NULL);
	o.policy = pol;
	o.failsafe_rec = TNC_REC_NO_ACCESS;
	o.peer_addr = "127.0.0.1";
	o.identities = f->ids;
	o.n_identities = 1;
	o.reg = &f->reg;
	ops = h_server_ops(&f->h);
	cr_assert_eq(tnccs_server_new(&o, &ops, &f->s), 0);
}

static void fix_end(fix_t *f)
{
	tnccs_server_free(f->s);
	tnccs_registry_free(&f->reg);
	h_free(&f->h);
}

static void feed_capture(fix_t *f, const char *name)
{
	size_t len;
	uint8_t *b = h_capture(name, &len);

	tnccs_server_recv(f->s, b, len);
	free(b);
}

static void host_be(fix_t *f)
{
	Nea__Envelope env;
	Nea__BatchEnding be;

	h_env_be(&env, &be, 1);
	tnccs_server_host_msg(f->s, &env);
}

static void host_rec(fix_t *f, uint32_t id, uint32_t rec, uint32_t eval, const char *reason)
{
	Nea__Envelope env;
	Nea__Recommendation r;

	h_env_rec(&env, &r, 1, id, rec, eval, reason, reason ? "en" : NULL);
	tnccs_server_host_msg(f->s, &env);
}

static void to_server(void *arg, Nea__Envelope *env)
{
	tnccs_server_host_msg(((fix_t *)arg)->s, env);
}

/* The host sends the PB-PA messages idx[] of a captured server batch. */
static void host_pa_from(fix_t *f, const char *capture, const size_t *idx, size_t n)
{
	h_capture_pa(capture, idx, n, 1, true, to_server, f);
}

/* Expected server batch: header + the raw messages idx[] of a capture. */
static uint8_t *expected_from(const char *capture, uint8_t type, const size_t *idx, size_t n,
			      size_t *out_len)
{
	size_t len, total = PBTNC_BATCH_HDR_LEN, off;
	uint8_t *b = h_capture(capture, &len), *out;
	pbtnc_batch_t pb;

	h_parse(b, len, true, &pb);
	for (size_t i = 0; i < n; i++)
		total += PBTNC_MSG_HDR_LEN + pb.msgs[idx[i]].value_len;
	out = malloc(total);
	cr_assert_not_null(out);
	out[0] = 2;
	out[1] = 0x80;
	out[2] = 0;
	out[3] = type;
	nea_put_u32(out + 4, (uint32_t)total);
	off = PBTNC_BATCH_HDR_LEN;
	for (size_t i = 0; i < n; i++) {
		size_t ml;
		const uint8_t *raw = h_msg_raw(b, &pb, idx[i], &ml);

		memcpy(out + off, raw, ml);
		off += ml;
	}
	pbtnc_batch_free(&pb);
	free(b);
	*out_len = total;
	return out;
}

static void assert_batch_eq(const harness_t *h, size_t k, const uint8_t *want, size_t want_len)
{
	cr_assert_gt(h->n_peer, k, "no batch %zu sent", k);
	cr_assert_eq(h->peer_len[k], want_len, "batch %zu: %zu bytes, want %zu", k, h->peer_len[k],
		     want_len);
	for (size_t i = 0; i < want_len; i++)
		cr_assert_eq(h->peer[k][i], want[i], "batch %zu differs at byte %zu: %02x want %02x",
			     k, i, h->peer[k][i], want[i]);
}

static void assert_capture_sent(const harness_t *h, size_t k, const char *capture)
{
	size_t len;
	uint8_t *b = h_capture(capture, &len);

	assert_batch_eq(h, k, b, len);
	free(b);
}

/* ---- run 1 of the captures: SDATA, then RESULT after the package list --- */

Test(tnccs_server, run1_pdp_batches_byte_for_byte)
{
	static const size_t sdata_idx[] = { 1, 2 }; /* OS and Firewall; no SWIMA IMV here */
	static const size_t result_pa[] = { 0 };
	fix_t f;
	const Nea__Envelope *e;
	uint8_t *want;
	size_t want_len;
	int be_idx;

	h_log_capture();
	fix_start(&f, "1:OS:0/1,2:Scanner:0/5", NEA__TRANSPORT__TRANSPORT_PT_TLS,
		  TNCCS_POLICY_DEFAULT, -1);
	feed_capture(&f, "run1_password_freshdb_01_pdp_recv_CDATA.hex");

	/* CREATE with the connection attributes, HANDSHAKE, two PA, BatchEnding */
	cr_assert_eq(f.h.n_host, 5, "host got %zu envelopes", f.h.n_host);
	e = f.h.host[0];
	cr_assert_eq(e->body_case, NEA__ENVELOPE__BODY_CONN_STATE);
	cr_assert_eq(e->conn_id, 1);
	cr_assert_eq(e->conn_state->state, NEA__CONN_STATE__CONN_CREATE);
	cr_assert_not_null(e->conn_state->attrs);
	cr_assert_str_eq(e->conn_state->attrs->preferred_language, "en");
	cr_assert_str_eq(e->conn_state->attrs->ift_protocol, "IF-T for TLS");
	cr_assert_str_eq(e->conn_state->attrs->ift_version, "2.0");
	cr_assert_eq(e->conn_state->attrs->max_msg_size, 2097104); /* strongSwan's log */
	cr_assert_str_eq(e->conn_state->attrs->peer_addr, "127.0.0.1");
	cr_assert_eq(e->conn_state->attrs->n_identities, 1);
	cr_assert_eq(e->conn_state->attrs->identities[0]->value.len, 7);
	cr_assert_eq(memcmp(e->conn_state->attrs->identities[0]->value.data, "client1", 7), 0);
	cr_assert_eq(e->conn_state->attrs->identities[0]->auth, 2);
	cr_assert_eq(f.h.host[1]->conn_state->state, NEA__CONN_STATE__CONN_HANDSHAKE);
	e = f.h.host[2];
	cr_assert_eq(e->body_case, NEA__ENVELOPE__BODY_PA_MESSAGE);
	cr_assert_eq(e->pa_message->subtype, 1);
	cr_assert_eq(e->pa_message->src_id, 1);
	cr_assert_eq(e->pa_message->dst_id, ANY);
	cr_assert_eq(e->pa_message->body.len, 195);
	cr_assert_eq(f.h.host[3]->pa_message->subtype, 5);
	cr_assert_eq(f.h.host[3]->pa_message->src_id, 2);
	cr_assert_eq(f.h.host[3]->pa_message->body.len, 32);
	cr_assert_eq(f.h.host[4]->body_case, NEA__ENVELOPE__BODY_BATCH_ENDING);
	cr_assert(f.h.waiting);
	cr_assert_eq(f.h.n_peer, 0, "no batch before the host's BatchEnding");

	/* the IMVs answer as the captured PDP's did */
	host_pa_from(&f, "run1_password_freshdb_02_pdp_sent_SDATA.hex", sdata_idx, 2);
	host_rec(&f, 2, TNC_REC_NO_ACCESS, TNC_EVAL_NONCOMPLIANT_MINOR,
		 "Open server ports were detected");
	host_be(&f);
	want = expected_from("run1_password_freshdb_02_pdp_sent_SDATA.hex", PBTNC_BATCH_SDATA,
			     sdata_idx, 2, &want_len);
	assert_batch_eq(&f.h, 0, want, want_len);
	free(want);
	cr_assert_eq(tnccs_server_state(f.s), PBTNC_STATE_CLIENT_WORKING);

	/* the 21 246-byte Installed Packages batch */
	feed_capture(&f, "run1_password_freshdb_03_pdp_recv_CDATA.hex");
	e = h_nth(&f.h, NEA__ENVELOPE__BODY_PA_MESSAGE, 2);
	cr_assert_not_null(e);
	cr_assert_eq(e->pa_message->src_id, 1);
	cr_assert_eq(e->pa_message->dst_id, 1);
	cr_assert_eq(e->pa_message->body.len, 21214);
	host_pa_from(&f, "run1_password_freshdb_04_pdp_sent_RESULT.hex", result_pa, 1);
	host_rec(&f, 1, TNC_REC_ALLOW, TNC_EVAL_COMPLIANT, NULL);
	be_idx = (int)f.h.n_host;
	host_be(&f);
	/* the IMVs learn the outcome before the RESULT goes out */
	cr_assert_geq(h_find(&f.h, NEA__ENVELOPE__BODY_CONN_STATE, (size_t)be_idx), 0);
	e = f.h.host[h_find(&f.h, NEA__ENVELOPE__BODY_CONN_STATE, (size_t)be_idx)];
	cr_assert_eq(e->conn_state->state, NEA__CONN_STATE__CONN_ACCESS_NONE);
	assert_capture_sent(&f.h, 1, "run1_password_freshdb_04_pdp_sent_RESULT.hex");
	cr_assert_eq(tnccs_server_state(f.s), PBTNC_STATE_DECIDED);
	cr_assert_eq(f.h.n_verdicts, 0);

	feed_capture(&f, "run1_password_freshdb_05_pdp_recv_CLOSE.hex");
	cr_assert(tnccs_server_ended(f.s));
	cr_assert_eq(f.h.n_peer, 2, "a CLOSE is not answered");
	cr_assert_eq(f.h.n_verdicts, 1);
	cr_assert_eq(f.h.verdict.recommendation, TNC_REC_NO_ACCESS);
	cr_assert_eq(f.h.verdict.evaluation, TNC_EVAL_NONCOMPLIANT_MINOR);
	cr_assert_str_eq(f.h.verdict.reason, "Open server ports were detected");
	cr_assert_not(f.h.verdict.failsafe);

	/* SWIMA went to no IMV */
	for (size_t i = 0; i < h_count(&f.h, NEA__ENVELOPE__BODY_PA_MESSAGE); i++)
		cr_assert_neq(h_nth(&f.h, NEA__ENVELOPE__BODY_PA_MESSAGE, i)->pa_message->subtype, 9);
	fix_end(&f);
	cr_assert_eq(f.h.n_host, 0); /* freed */

	cr_assert(h_log_contains("assigned TNCCS Connection ID 1"));
	cr_assert(h_log_contains("received TNCCS batch (366 bytes)"));
	cr_assert(h_log_contains("processing PB-TNC CDATA batch for Connection ID 1"));
	cr_assert(h_log_contains("message type 0x000000/0x00000009 not supported by any IMV"));
	cr_assert(h_log_contains(
		"IMV 2 provides recommendation 'no access' and evaluation 'non-compliant minor'"));
	cr_assert(h_log_contains("sending PB-TNC RESULT batch (138 bytes) for Connection ID 1"));
	cr_assert(h_log_contains(
		"final recommendation is 'no access' and evaluation is 'non-compliant minor'"));
	cr_assert(h_log_contains("removed TNCCS Connection ID 1"));
}

Test(tnccs_server, delete_sent_to_host_at_free)
{
	fix_t f;
	size_t n;

	fix_start(&f, "1:OS:0/1,2:Scanner:0/5", NEA__TRANSPORT__TRANSPORT_PT_TLS,
		  TNCCS_POLICY_DEFAULT, -1);
	feed_capture(&f, "run1_password_freshdb_01_pdp_recv_CDATA.hex");
	n = f.h.n_host;
	tnccs_server_free(f.s);
	f.s = NULL;
	cr_assert_eq(f.h.n_host, n + 1);
	cr_assert_eq(f.h.host[n]->conn_state->state, NEA__CONN_STATE__CONN_DELETE);
	tnccs_registry_free(&f.reg);
	h_free(&f.h);
}

/* ---- runs 2 and 3: RESULT right after the first CDATA --------------------- */

#define THREE_IMVS "1:OS:0/1,2:Scanner:0/5,3:SWIMA:0/9"

/* The three IMVs of runs 2 and 3 answer the client's first CDATA of a
 * capture (<run>_01_pdp_recv_CDATA) with the PA messages of the PDP's
 * RESULT (<run>_02_pdp_sent_RESULT) and either the recommendations the
 * captured PDP gave or three compliant allows. */
static void three_imvs_answer(fix_t *f, const char *run, bool captured_recs)
{
	static const size_t pa[] = { 0, 1, 2, 3 };
	char name[96];

	snprintf(name, sizeof(name), "%s_01_pdp_recv_CDATA.hex", run);
	feed_capture(f, name);
	snprintf(name, sizeof(name), "%s_02_pdp_sent_RESULT.hex", run);
	host_pa_from(f, name, pa, 4);
	host_rec(f, 1, TNC_REC_ALLOW, TNC_EVAL_COMPLIANT, NULL);
	if (captured_recs) {
		host_rec(f, 2, TNC_REC_NO_ACCESS, TNC_EVAL_NONCOMPLIANT_MINOR,
			 "Open server ports were detected");
		host_rec(f, 3, TNC_REC_ALLOW, TNC_EVAL_DONT_KNOW, NULL);
	} else {
		host_rec(f, 2, TNC_REC_ALLOW, TNC_EVAL_COMPLIANT, NULL);
		host_rec(f, 3, TNC_REC_ALLOW, TNC_EVAL_COMPLIANT, NULL);
	}
	host_be(f);
}

Test(tnccs_server, run2_result_byte_for_byte)
{
	fix_t f;

	fix_start(&f, THREE_IMVS, NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	three_imvs_answer(&f, "run2_password_warmdb", true);
	/* the client's three PA messages went to the IMVs */
	cr_assert_eq(h_count(&f.h, NEA__ENVELOPE__BODY_PA_MESSAGE), 3);
	cr_assert_eq(f.h.n_peer, 1);
	assert_capture_sent(&f.h, 0, "run2_password_warmdb_02_pdp_sent_RESULT.hex");
	feed_capture(&f, "run2_password_warmdb_03_pdp_recv_CLOSE.hex");
	cr_assert_eq(f.h.n_verdicts, 1);
	cr_assert_eq(f.h.verdict.recommendation, TNC_REC_NO_ACCESS);
	cr_assert_eq(f.h.verdict.evaluation, TNC_EVAL_NONCOMPLIANT_MINOR);
	fix_end(&f);
}

Test(tnccs_server, run3_cert_result_byte_for_byte)
{
	fix_t f;

	fix_start(&f, THREE_IMVS, NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	three_imvs_answer(&f, "run3_cert_warmdb", true);
	assert_capture_sent(&f.h, 0, "run3_cert_warmdb_02_pdp_sent_RESULT.hex");
	fix_end(&f);
}

/* ---- next-batch rule ------------------------------------------------------- */

static const uint8_t empty_cdata[] = { 2, 0, 0, 1, 0, 0, 0, 8 };
static const uint8_t empty_close[] = { 2, 0, 0, 6, 0, 0, 0, 8 };
static const uint8_t empty_cretry[] = { 2, 0, 0, 4, 0, 0, 0, 8 };

Test(tnccs_server, nothing_to_say_empty_sdata_then_solicit_after_empty_cdata)
{
	static const uint8_t empty_sdata[] = { 2, 0x80, 0, 2, 0, 0, 0, 8 };
	fix_t f;
	const Nea__Envelope *e;
	pbtnc_batch_t b;

	fix_start(&f, "1:OS:0/1,2:Scanner:0/5", NEA__TRANSPORT__TRANSPORT_PT_TLS,
		  TNCCS_POLICY_DEFAULT, -1);
	feed_capture(&f, "run1_password_freshdb_01_pdp_recv_CDATA.hex");
	host_be(&f); /* no message, no recommendation */
	assert_batch_eq(&f.h, 0, empty_sdata, sizeof(empty_sdata));

	tnccs_server_recv(f.s, empty_cdata, sizeof(empty_cdata));
	host_be(&f);
	/* the client had nothing to say either: the IMVs are asked */
	e = f.h.host[f.h.n_host - 1];
	cr_assert_eq(e->body_case, NEA__ENVELOPE__BODY_SOLICIT);
	cr_assert_eq(f.h.n_peer, 1);
	host_rec(&f, 1, TNC_REC_ALLOW, TNC_EVAL_COMPLIANT, NULL);
	host_rec(&f, 2, TNC_REC_ISOLATE, TNC_EVAL_NONCOMPLIANT_MAJOR, "firewall off");
	host_be(&f);
	cr_assert_eq(f.h.n_peer, 2);
	h_parse(f.h.peer[1], f.h.peer_len[1], true, &b);
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_RESULT);
	cr_assert_eq(b.n_msgs, 3);
	cr_assert_eq(b.msgs[0].u.assessment, TNC_EVAL_NONCOMPLIANT_MAJOR);
	cr_assert_eq(b.msgs[1].u.access, PBTNC_ACCESS_QUARANTINED);
	cr_assert_eq(b.msgs[2].u.reason.reason_len, 12);
	pbtnc_batch_free(&b);
	e = h_nth(&f.h, NEA__ENVELOPE__BODY_CONN_STATE, 2);
	cr_assert_eq(e->conn_state->state, NEA__CONN_STATE__CONN_ACCESS_ISOLATED);
	tnccs_server_recv(f.s, empty_close, sizeof(empty_close));
	cr_assert_eq(f.h.verdict.recommendation, TNC_REC_ISOLATE);
	cr_assert_str_eq(f.h.verdict.reason, "firewall off");
	fix_end(&f);
}

Test(tnccs_server, no_imvs_registered_result_no_recommendation)
{
	fix_t f;
	pbtnc_batch_t b;

	/* a host that registered no IMV at all: strongSwan's "no IMVs" rule */
	fix_start(&f, NULL, NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	{
		Nea__ModuleRegister r = NEA__MODULE_REGISTER__INIT;
		const char *why;

		cr_assert_eq(tnccs_registry_set(&f.reg, &r, &why), 0);
	}
	feed_capture(&f, "run1_password_freshdb_01_pdp_recv_CDATA.hex");
	cr_assert_eq(h_count(&f.h, NEA__ENVELOPE__BODY_PA_MESSAGE), 0);
	host_be(&f);
	h_parse(f.h.peer[0], f.h.peer_len[0], true, &b);
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_RESULT);
	cr_assert_eq(b.msgs[0].u.assessment, TNC_EVAL_DONT_KNOW);
	cr_assert_eq(b.msgs[1].u.access, PBTNC_ACCESS_DENIED);
	pbtnc_batch_free(&b);
	fix_end(&f);
}

/* ---- state table and receiver checks --------------------------------------- */

static void assert_close_with_error(const harness_t *h, size_t k, uint16_t code, uint32_t offset)
{
	pbtnc_batch_t b;

	cr_assert_gt(h->n_peer, k);
	h_parse(h->peer[k], h->peer_len[k], true, &b);
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_CLOSE);
	cr_assert_eq(b.n_msgs, 1);
	cr_assert_eq(b.msgs[0].kind, PBTNC_KIND_ERROR);
	cr_assert(b.msgs[0].u.error.fatal);
	cr_assert_eq(b.msgs[0].u.error.code, code, "PB-Error code %u want %u",
		     b.msgs[0].u.error.code, code);
	if (code != PBTNC_ERR_VERSION_NOT_SUPPORTED)
		cr_assert_eq(b.msgs[0].u.error.offset, offset, "offset %u want %u",
			     b.msgs[0].u.error.offset, offset);
	/* strongSwan writes 8 bytes + a 4-byte offset or version triple */
	cr_assert_eq(h->peer_len[k], 8 + 12 + 12, "CLOSE of %zu bytes", h->peer_len[k]);
	pbtnc_batch_free(&b);
}

Test(tnccs_server, wrong_direction_gets_pb_error_and_failsafe_verdict)
{
	static const uint8_t sdata_from_client[] = { 2, 0x80, 0, 2, 0, 0, 0, 8 };
	fix_t f;

	fix_start(&f, "1:OS:0/1", NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	tnccs_server_recv(f.s, sdata_from_client, sizeof(sdata_from_client));
	assert_close_with_error(&f.h, 0, PBTNC_ERR_INVALID_PARAMETER, 1);
	cr_assert(tnccs_server_ended(f.s));
	cr_assert_eq(f.h.n_verdicts, 1);
	cr_assert_eq(f.h.verdict.recommendation, TNC_REC_NO_ACCESS);
	cr_assert(f.h.verdict.failsafe);
	fix_end(&f);
}

Test(tnccs_server, cdata_after_result_is_unexpected_batch_type)
{
	fix_t f;

	fix_start(&f, THREE_IMVS, NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	three_imvs_answer(&f, "run2_password_warmdb", false);
	cr_assert_eq(tnccs_server_state(f.s), PBTNC_STATE_DECIDED);
	/* Decided + CDATA is not in RFC 5793's table */
	tnccs_server_recv(f.s, empty_cdata, sizeof(empty_cdata));
	assert_close_with_error(&f.h, 1, PBTNC_ERR_UNEXPECTED_BATCH_TYPE, 0);
	cr_assert_eq(tnccs_server_state(f.s), PBTNC_STATE_END);
	cr_assert_eq(f.h.n_verdicts, 1);
	cr_assert(f.h.verdict.failsafe, "a fatal error never yields the verifiers' allow");
	cr_assert_eq(f.h.verdict.recommendation, TNC_REC_NO_ACCESS);
	fix_end(&f);
}

Test(tnccs_server, bad_version_and_truncated_batches)
{
	static const uint8_t v1[] = { 1, 0, 0, 1, 0, 0, 0, 8 };
	static const uint8_t shortb[] = { 2, 0, 0 };
	static const uint8_t badlen[] = { 2, 0, 0, 1, 0, 0, 0, 9 };
	fix_t f;

	fix_start(&f, "1:OS:0/1", NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	tnccs_server_recv(f.s, v1, sizeof(v1));
	assert_close_with_error(&f.h, 0, PBTNC_ERR_VERSION_NOT_SUPPORTED, 0);
	fix_end(&f);
	fix_start(&f, "1:OS:0/1", NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	tnccs_server_recv(f.s, shortb, sizeof(shortb));
	assert_close_with_error(&f.h, 0, PBTNC_ERR_INVALID_PARAMETER, 0);
	fix_end(&f);
	fix_start(&f, "1:OS:0/1", NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	tnccs_server_recv(f.s, badlen, sizeof(badlen));
	assert_close_with_error(&f.h, 0, PBTNC_ERR_INVALID_PARAMETER, 4);
	fix_end(&f);
}

Test(tnccs_server, every_prefix_of_the_first_cdata_is_refused_cleanly)
{
	size_t len;
	uint8_t *b = h_capture("run1_password_freshdb_01_pdp_recv_CDATA.hex", &len);

	for (size_t n = 0; n < len; n++) {
		fix_t f;

		fix_start(&f, "1:OS:0/1", NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
		tnccs_server_recv(f.s, b, n);
		cr_assert_eq(f.h.n_peer, 1, "prefix %zu", n);
		cr_assert(tnccs_server_ended(f.s));
		cr_assert(f.h.verdict.failsafe);
		fix_end(&f);
	}
	free(b);
}

/* ---- limits ------------------------------------------------------------------ */

Test(tnccs_server, batch_over_transport_limit_gets_pb_error)
{
	fix_t f;
	size_t len = PBTNC_MAX_BATCH_EAP + 1;
	uint8_t *b = calloc(1, len);

	cr_assert_not_null(b);
	/* a well-formed CDATA carrying one PB-Experimental, one byte too large
	 * for the EAP transports */
	b[0] = 2;
	b[3] = PBTNC_BATCH_CDATA;
	nea_put_u32(b + 4, (uint32_t)len);
	nea_put_u32(b + 16, (uint32_t)(len - 8)); /* flags, vendor, type 0 */
	fix_start(&f, "1:OS:0/1", NEA__TRANSPORT__TRANSPORT_PT_EAP, TNCCS_POLICY_DEFAULT, 32754);
	tnccs_server_recv(f.s, b, len);
	assert_close_with_error(&f.h, 0, PBTNC_ERR_INVALID_PARAMETER, 4);
	fix_end(&f);
	free(b);
}

Test(tnccs_server, configured_batch_limit_splits_imv_messages)
{
	fix_t f;
	uint8_t body[2000];
	pbtnc_pa_t pa = { .vendor = 0, .subtype = 1, .collector = ANY, .validator = 1,
			  .body = body, .body_len = sizeof(body) };
	pbtnc_batch_t b;

	memset(body, 0x41, sizeof(body));
	/* 2 * 2024-byte messages do not fit a 3000-byte batch together */
	fix_start(&f, "1:OS:0/1", NEA__TRANSPORT__TRANSPORT_PT_EAP, TNCCS_POLICY_DEFAULT, 3000);
	feed_capture(&f, "run1_password_freshdb_01_pdp_recv_CDATA.hex");
	for (int i = 0; i < 2; i++) {
		Nea__Envelope env;
		Nea__PaMessage pm;

		h_env_pa(&env, &pm, 1, &pa, true);
		tnccs_server_host_msg(f.s, &env);
	}
	host_be(&f);
	h_parse(f.h.peer[0], f.h.peer_len[0], true, &b);
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_SDATA);
	cr_assert_eq(b.n_msgs, 1, "the second PA waits for the next SDATA");
	cr_assert_leq(f.h.peer_len[0], 3000);
	pbtnc_batch_free(&b);

	tnccs_server_recv(f.s, empty_cdata, sizeof(empty_cdata));
	host_be(&f);
	/* the queued PA goes out before anything else is decided */
	h_parse(f.h.peer[1], f.h.peer_len[1], true, &b);
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_SDATA);
	cr_assert_eq(b.n_msgs, 1);
	cr_assert_eq(b.msgs[0].u.pa.body_len, sizeof(body));
	pbtnc_batch_free(&b);
	fix_end(&f);
}

Test(tnccs_server, limits_follow_strongswan)
{
	tnccs_limits_t l;
	const char *why;

	cr_assert_eq(tnccs_limits_compute(NEA__TRANSPORT__TRANSPORT_PT_TLS, -1, -1, 0, 0, &l, &why), 0);
	cr_assert_eq(l.max_batch, 2097136);
	cr_assert_eq(l.max_msg, 2097104);
	cr_assert_eq(tnccs_limits_compute(NEA__TRANSPORT__TRANSPORT_PT_EAP, -1, -1, 0, 0, &l, &why), 0);
	cr_assert_eq(l.max_batch, 65522);
	cr_assert_eq(l.max_msg, 65490);
	/* the seeds' values */
	cr_assert_eq(tnccs_limits_compute(NEA__TRANSPORT__TRANSPORT_PT_EAP, 32754, 32722, 0, 0, &l,
					  &why), 0);
	cr_assert_eq(l.max_batch, 32754);
	cr_assert_eq(l.max_msg, 32722);
	cr_assert_eq(l.max_recv, 65522);
	/* only lowered (strongSwan's min()) */
	cr_assert_eq(tnccs_limits_compute(NEA__TRANSPORT__TRANSPORT_PT_EAP, 100000, 99999, 0, 0, &l,
					  &why), 0);
	cr_assert_eq(l.max_batch, 65522);
	cr_assert_eq(l.max_msg, 65490);
	cr_assert_eq(tnccs_limits_compute(NEA__TRANSPORT__TRANSPORT_PT_EAP, 10, -1, 0, 0, &l, &why),
		     NEA_ECONFIG);
	cr_assert_eq(l.max_batch, 65522);
	cr_assert_not_null(why);
	/* a front end that carries less is believed */
	cr_assert_eq(tnccs_limits_compute(NEA__TRANSPORT__TRANSPORT_PT_TLS, -1, -1, 4000, 0, &l,
					  &why), 0);
	cr_assert_eq(l.max_batch, 4000);
	cr_assert_eq(l.max_msg, 3968);
}

/* ---- fail-safe ------------------------------------------------------------------ */

static void assert_result(const harness_t *h, size_t k, uint32_t eval, uint16_t access,
			  const char *reason)
{
	pbtnc_batch_t b;
	bool found = reason == NULL;

	cr_assert_gt(h->n_peer, k);
	h_parse(h->peer[k], h->peer_len[k], true, &b);
	cr_assert_eq(b.hdr.type, PBTNC_BATCH_RESULT, "batch type %u", b.hdr.type);
	for (size_t i = 0; i < b.n_msgs; i++) {
		if (b.msgs[i].kind == PBTNC_KIND_ASSESSMENT_RESULT)
			cr_assert_eq(b.msgs[i].u.assessment, eval);
		if (b.msgs[i].kind == PBTNC_KIND_ACCESS_RECOMMENDATION)
			cr_assert_eq(b.msgs[i].u.access, access);
		if (reason && b.msgs[i].kind == PBTNC_KIND_REASON_STRING &&
		    b.msgs[i].u.reason.reason_len == strlen(reason) &&
		    memcmp(b.msgs[i].u.reason.reason, reason, strlen(reason)) == 0)
			found = true;
	}
	cr_assert(found, "reason '%s' missing", reason);
	pbtnc_batch_free(&b);
}

Test(tnccs_server, no_host_attached_failsafe_result)
{
	fix_t f;

	h_log_capture();
	fix_start(&f, "1:OS:0/1,2:Scanner:0/5", NEA__TRANSPORT__TRANSPORT_PT_TLS,
		  TNCCS_POLICY_DEFAULT, -1);
	tnccs_registry_detach(&f.reg); /* nea-imvd went away before this connection */
	feed_capture(&f, "run1_password_freshdb_01_pdp_recv_CDATA.hex");
	cr_assert_eq(f.h.n_host, 0);
	assert_result(&f.h, 0, TNC_EVAL_ERROR, PBTNC_ACCESS_DENIED, TNCCS_FAILSAFE_REASON);
	tnccs_server_recv(f.s, empty_close, sizeof(empty_close));
	cr_assert_eq(f.h.n_verdicts, 1);
	cr_assert(f.h.verdict.failsafe);
	cr_assert_eq(f.h.verdict.recommendation, TNC_REC_NO_ACCESS);
	cr_assert_eq(f.h.verdict.evaluation, TNC_EVAL_ERROR);
	fix_end(&f);
	cr_assert(h_log_contains("Connection ID 1 (PT-TLS 127.0.0.1): no measurement host is attached; fail-safe recommendation 'no access'"));
}

Test(tnccs_server, host_lost_mid_assessment_keeps_given_recommendations)
{
	fix_t f;

	fix_start(&f, "1:OS:0/1,2:Scanner:0/5", NEA__TRANSPORT__TRANSPORT_PT_TLS,
		  TNCCS_POLICY_DEFAULT, -1);
	feed_capture(&f, "run1_password_freshdb_01_pdp_recv_CDATA.hex");
	host_rec(&f, 2, TNC_REC_ALLOW, TNC_EVAL_COMPLIANT, NULL);
	/* the host dies before its BatchEnding */
	tnccs_registry_detach(&f.reg);
	tnccs_server_host_lost(f.s, "measurement host failed");
	cr_assert_not(f.h.waiting);
	assert_result(&f.h, 0, TNC_EVAL_ERROR, PBTNC_ACCESS_DENIED, TNCCS_FAILSAFE_REASON);
	/* messages from a host that is gone are ignored */
	host_be(&f);
	cr_assert_eq(f.h.n_peer, 1);
	tnccs_server_recv(f.s, empty_close, sizeof(empty_close));
	cr_assert(f.h.verdict.failsafe);
	cr_assert_eq(f.h.verdict.recommendation, TNC_REC_NO_ACCESS);
	fix_end(&f);
}

Test(tnccs_server, host_timeout_failsafe_and_allow_failsafe_setting)
{
	tnccs_server_opts_t o = { 0 };
	tnccs_server_ops_t ops;
	tnccs_registry_t reg;
	harness_t h;
	tnccs_server_t *s;
	size_t len;
	uint8_t *b = h_capture("run1_password_freshdb_01_pdp_recv_CDATA.hex", &len);

	h_init(&h);
	h_registry(&reg, "IMV", "1:OS:0/1");
	o.conn_id = 7;
	o.transport = NEA__TRANSPORT__TRANSPORT_PT_TLS;
	tnccs_limits_compute(o.transport, -1, -1, 0, 0, &o.lim, NULL);
	o.failsafe_rec = TNC_REC_ALLOW; /* failsafe_recommendation = allow */
	o.reg = &reg;
	ops = h_server_ops(&h);
	cr_assert_eq(tnccs_server_new(&o, &ops, &s), 0);
	tnccs_server_recv(s, b, len);
	cr_assert(tnccs_server_waiting(s));
	tnccs_server_host_timeout(s);
	cr_assert_not(tnccs_server_waiting(s));
	assert_result(&h, 0, TNC_EVAL_ERROR, PBTNC_ACCESS_ALLOWED, TNCCS_FAILSAFE_REASON);
	tnccs_server_recv(s, empty_close, sizeof(empty_close));
	cr_assert_eq(h.verdict.recommendation, TNC_REC_ALLOW);
	cr_assert(h.verdict.failsafe);
	tnccs_server_free(s);
	tnccs_registry_free(&reg);
	h_free(&h);
	free(b);
}

Test(tnccs_server, new_connection_works_after_host_reregisters)
{
	fix_t f;

	fix_start(&f, THREE_IMVS, NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	tnccs_server_free(f.s);
	tnccs_registry_detach(&f.reg);
	tnccs_registry_free(&f.reg);
	h_free(&f.h);
	/* host back: a new registration, a new connection */
	fix_start(&f, THREE_IMVS, NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	three_imvs_answer(&f, "run2_password_warmdb", true);
	assert_capture_sent(&f.h, 0, "run2_password_warmdb_02_pdp_sent_RESULT.hex");
	fix_end(&f);
}

Test(tnccs_server, host_unreachable_on_send_is_failsafe)
{
	fix_t f;

	fix_start(&f, "1:OS:0/1", NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	f.h.host_down = true;
	feed_capture(&f, "run1_password_freshdb_01_pdp_recv_CDATA.hex");
	assert_result(&f.h, 0, TNC_EVAL_ERROR, PBTNC_ACCESS_DENIED, TNCCS_FAILSAFE_REASON);
	fix_end(&f);
}

/* ---- retry ------------------------------------------------------------------------ */

Test(tnccs_server, cretry_answered_with_sretry_and_handshake)
{
	static const uint8_t sretry[] = { 2, 0x80, 0, 5, 0, 0, 0, 8 };
	fix_t f;
	size_t before;

	fix_start(&f, "1:OS:0/1,2:Scanner:0/5", NEA__TRANSPORT__TRANSPORT_PT_TLS,
		  TNCCS_POLICY_DEFAULT, -1);
	feed_capture(&f, "run1_password_freshdb_01_pdp_recv_CDATA.hex");
	host_rec(&f, 2, TNC_REC_NO_ACCESS, TNC_EVAL_NONCOMPLIANT_MINOR, "ports");
	host_be(&f); /* SDATA: IMV 1 has not decided */
	cr_assert_eq(tnccs_server_state(f.s), PBTNC_STATE_CLIENT_WORKING);
	before = f.h.n_host;
	tnccs_server_recv(f.s, empty_cretry, sizeof(empty_cretry));
	cr_assert_eq(f.h.host[before]->body_case, NEA__ENVELOPE__BODY_CONN_STATE);
	cr_assert_eq(f.h.host[before]->conn_state->state, NEA__CONN_STATE__CONN_HANDSHAKE);
	host_be(&f);
	assert_batch_eq(&f.h, 1, sretry, sizeof(sretry));
	cr_assert_eq(tnccs_server_state(f.s), PBTNC_STATE_CLIENT_WORKING);
	/* the earlier recommendations are forgotten: a full round is needed */
	tnccs_server_recv(f.s, empty_cdata, sizeof(empty_cdata));
	host_rec(&f, 1, TNC_REC_ALLOW, TNC_EVAL_COMPLIANT, NULL);
	host_be(&f);
	cr_assert_eq(f.h.n_peer, 2, "IMV 2 must decide again");
	cr_assert_eq(f.h.host[f.h.n_host - 1]->body_case, NEA__ENVELOPE__BODY_SOLICIT);
	host_rec(&f, 2, TNC_REC_ALLOW, TNC_EVAL_COMPLIANT, NULL);
	host_be(&f);
	assert_result(&f.h, 2, TNC_EVAL_COMPLIANT, PBTNC_ACCESS_ALLOWED, NULL);
	fix_end(&f);
}

/* ---- half duplex ---------------------------------------------------------------- */

Test(tnccs_server, batch_while_host_works_is_held_then_handled)
{
	fix_t f;

	fix_start(&f, "1:OS:0/1", NEA__TRANSPORT__TRANSPORT_PT_TLS, TNCCS_POLICY_DEFAULT, -1);
	feed_capture(&f, "run1_password_freshdb_01_pdp_recv_CDATA.hex");
	/* the client breaks half duplex: an empty CDATA before our answer */
	tnccs_server_recv(f.s, empty_cdata, sizeof(empty_cdata));
	cr_assert_eq(f.h.n_peer, 0);
	cr_assert_eq(h_count(&f.h, NEA__ENVELOPE__BODY_BATCH_ENDING), 1);
	/* SDATA goes out, then the held CDATA is processed like any other */
	host_be(&f);
	cr_assert_eq(f.h.n_peer, 1);
	cr_assert_eq(h_count(&f.h, NEA__ENVELOPE__BODY_BATCH_ENDING), 2);
	cr_assert_eq(tnccs_server_state(f.s), PBTNC_STATE_SERVER_WORKING);
	/* two more while the host works: the second ends the connection */
	tnccs_server_recv(f.s, empty_cdata, sizeof(empty_cdata));
	cr_assert_not(tnccs_server_ended(f.s));
	tnccs_server_recv(f.s, empty_cdata, sizeof(empty_cdata));
	cr_assert(tnccs_server_ended(f.s));
	cr_assert_eq(f.h.n_verdicts, 1);
	cr_assert(f.h.verdict.failsafe);
	fix_end(&f);
}

/* ---- recommendation policies through a connection ------------------------------ */

static void two_imvs(tnccs_policy_t pol, uint32_t want_rec, uint32_t want_eval, uint16_t access)
{
	fix_t f;

	fix_start(&f, "1:OS:0/1,2:Scanner:0/5", NEA__TRANSPORT__TRANSPORT_PT_TLS, pol, -1);
	feed_capture(&f, "run1_password_freshdb_01_pdp_recv_CDATA.hex");
	host_rec(&f, 1, TNC_REC_ALLOW, TNC_EVAL_COMPLIANT, NULL);
	host_rec(&f, 2, TNC_REC_NO_ACCESS, TNC_EVAL_NONCOMPLIANT_MINOR,
		 "Open server ports were detected");
	host_be(&f);
	/* the reason of IMV 2 is reported whatever the policy made of it */
	assert_result(&f.h, 0, want_eval, access, "Open server ports were detected");
	tnccs_server_recv(f.s, empty_close, sizeof(empty_close));
	cr_assert_eq(f.h.verdict.recommendation, want_rec);
	cr_assert_eq(f.h.verdict.evaluation, want_eval);
	cr_assert_not(f.h.verdict.failsafe);
	fix_end(&f);
}

Test(tnccs_server, recommendation_policies_decide_the_result)
{
	two_imvs(TNCCS_POLICY_DEFAULT, TNC_REC_NO_ACCESS, TNC_EVAL_NONCOMPLIANT_MINOR,
		 PBTNC_ACCESS_DENIED);
	two_imvs(TNCCS_POLICY_ANY, TNC_REC_ALLOW, TNC_EVAL_COMPLIANT, PBTNC_ACCESS_ALLOWED);
	two_imvs(TNCCS_POLICY_ALL, TNC_REC_NO_RECOMMENDATION, TNC_EVAL_DONT_KNOW,
		 PBTNC_ACCESS_DENIED);
}

Test(tnccs_server, every_flipped_bit_of_the_first_cdata_is_handled)
{
	size_t len;
	uint8_t *b = h_capture("run1_password_freshdb_01_pdp_recv_CDATA.hex", &len);

	for (size_t bit = 0; bit < len * 8; bit++) {
		fix_t f;

		b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		fix_start(&f, "1:OS:0/1,2:Scanner:0/5", NEA__TRANSPORT__TRANSPORT_PT_TLS,
			  TNCCS_POLICY_DEFAULT, -1);
		tnccs_server_recv(f.s, b, len);
		/* either refused with a CLOSE, or handed to the host for a reply */
		if (f.h.n_peer == 0) {
			cr_assert(f.h.waiting, "bit %zu: neither answered nor waiting", bit);
			host_be(&f);
			cr_assert_eq(f.h.n_peer, 1, "bit %zu", bit);
		} else {
			cr_assert_eq(f.h.n_peer, 1, "bit %zu", bit);
			cr_assert_eq(f.h.peer[0][3], PBTNC_BATCH_CLOSE, "bit %zu", bit);
		}
		fix_end(&f);
		b[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	free(b);
}

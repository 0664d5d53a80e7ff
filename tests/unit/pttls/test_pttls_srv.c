/*
 * pttls_srv: the PT-TLS server state machine fed with bytes (no TLS, no
 * sockets). The server's answers are compared with the messages strongSwan
 * 5.9.14's PDP sent in the captured run (tests/vectors/captures/pttls_run1_*),
 * and every error path checks the PT-TLS Error that goes out (RFC 6876
 * §3.9) and that the machine takes nothing more afterwards.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "pttls_error.h"
#include "pttls_msg.h"
#include "pttls_sasl.h"
#include "pttls_srv.h"
#include "vec.h"

#define MAX_OUT 32

typedef struct {
	uint8_t *msg[MAX_OUT];
	size_t len[MAX_OUT];
	size_t n;
	int ready;
	uint8_t *batch;
	size_t batch_len;
	int batches;
	int send_fail_after; /* 0: never */
} sink_t;

static sink_t sink;

static int cb_send(void *arg, const uint8_t *p, size_t len)
{
	sink_t *s = arg;

	cr_assert_lt(s->n, MAX_OUT);
	if (s->send_fail_after && (int)s->n >= s->send_fail_after)
		return NEA_EIO;
	s->msg[s->n] = malloc(len);
	cr_assert_not_null(s->msg[s->n]);
	memcpy(s->msg[s->n], p, len);
	s->len[s->n] = len;
	s->n++;
	return 0;
}

static void cb_ready(void *arg)
{
	((sink_t *)arg)->ready++;
}

static void cb_batch(void *arg, const uint8_t *p, size_t len)
{
	sink_t *s = arg;

	free(s->batch);
	s->batch = malloc(len ? len : 1);
	cr_assert_not_null(s->batch);
	memcpy(s->batch, p, len);
	s->batch_len = len;
	s->batches++;
}

static int cb_secret(void *arg, const uint8_t *id, size_t idlen, const uint8_t **secret,
		     size_t *len)
{
	static const struct {
		const char *id, *secret;
	} tab[] = { { "jane", "3s9RFGdWE5EW" }, { "hacker", "K8FW9/N0VIAJ" } };

	(void)arg;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (idlen == strlen(tab[i].id) && memcmp(id, tab[i].id, idlen) == 0) {
			*secret = (const uint8_t *)tab[i].secret;
			*len = strlen(tab[i].secret);
			return 0;
		}
	return NEA_ENOTFOUND;
}

static void sink_reset(void)
{
	for (size_t i = 0; i < sink.n; i++)
		free(sink.msg[i]);
	free(sink.batch);
	memset(&sink, 0, sizeof(sink));
}

static pttls_srv_t *mk(pttls_srv_auth_t auth, const char *peer_dn, size_t max_msg)
{
	pttls_srv_cfg_t cfg = { .auth = auth, .name = "PT-TLS connection 1 from 127.0.0.1",
				.peer_dn = peer_dn, .max_msg = max_msg, .max_ignored = 3 };
	pttls_srv_cbs_t cbs = { .send = cb_send, .ready = cb_ready, .batch = cb_batch,
				.secret = cb_secret, .arg = &sink };
	pttls_srv_t *s = NULL;

	sink_reset();
	cr_assert_eq(pttls_srv_new(&cfg, &cbs, &s), 0);
	return s;
}

/* One PT-TLS message from the client. */
static uint8_t *msg(uint32_t vendor, uint32_t type, uint32_t id, const void *v, size_t vlen,
		    size_t *len)
{
	nea_wr_t w;

	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_msg_build(&w, vendor, type, id, v, vlen), 0);
	return nea_wr_detach(&w, len);
}

/* Feed everything the machine takes; the return of the last feed. */
static int feed(pttls_srv_t *s, const uint8_t *p, size_t n)
{
	int rc = 0;

	while (n > 0) {
		size_t want = pttls_srv_want(s);

		if (want == 0)
			return NEA_ESTATE; /* the machine refuses more input */
		if (want > n)
			want = n;
		rc = pttls_srv_feed(s, p, want);
		if (rc < 0)
			return rc;
		p += want;
		n -= want;
	}
	return rc;
}

static int feed_msg(pttls_srv_t *s, uint32_t type, uint32_t id, const void *v, size_t vlen)
{
	size_t len;
	uint8_t *m = msg(0, type, id, v, vlen, &len);
	int rc = feed(s, m, len);

	free(m);
	return rc;
}

static void expect_vec(size_t i, const char *rel)
{
	vec_t v;

	cr_assert(vec_load(rel, &v), "cannot load %s", rel);
	cr_assert_gt(sink.n, i, "only %zu messages sent, expected %s", sink.n, rel);
	cr_assert_eq(sink.len[i], v.len, "%s: %zu bytes, expected %zu", rel, sink.len[i], v.len);
	cr_assert_eq(memcmp(sink.msg[i], v.data, v.len), 0, "%s differs", rel);
	vec_free(&v);
}

/* Sent message i: header fields and value. */
static void sent(size_t i, uint32_t *type, uint32_t *id, const uint8_t **v, size_t *vlen)
{
	pttls_msg_t m;
	nea_perr_t perr = { 0 };

	cr_assert_gt(sink.n, i);
	cr_assert_eq(pttls_msg_parse(sink.msg[i], sink.len[i], 0, &m, &perr), 0);
	*type = m.hdr.type;
	*id = m.hdr.identifier;
	*v = m.value;
	*vlen = m.value_len;
}

/* Message i is a PT-TLS Error with this code whose copy starts with orig. */
static void expect_error(size_t i, uint32_t code, const uint8_t *orig, size_t olen)
{
	const uint8_t *v;
	size_t vlen;
	uint32_t type, id;
	pttls_error_t e;
	nea_perr_t perr = { 0 };

	sent(i, &type, &id, &v, &vlen);
	cr_assert_eq(type, PTTLS_ERROR, "message %zu has type %u, not PT-TLS Error", i, type);
	cr_assert_eq(pttls_error_parse(v, vlen, &e, &perr), 0);
	cr_assert_eq(e.vendor, 0);
	cr_assert_eq(e.code, code, "error code %u, expected %u", e.code, code);
	if (orig) {
		size_t n = olen < 1024 ? olen : 1024;

		cr_assert_eq(e.orig_len, n);
		cr_assert_eq(memcmp(e.orig, orig, n), 0);
	}
}

static const uint8_t VREQ[] = { 0x00, 0x01, 0x01, 0x01 };

/* strongSwan's client Mechanism Selection: PLAIN + "\0id\0secret". */
static uint8_t *plain_select(const char *id, const char *pw, size_t *len)
{
	size_t il = strlen(id), pl = strlen(pw);
	uint8_t *p = malloc(1 + 5 + 1 + il + 1 + pl);

	cr_assert_not_null(p);
	p[0] = 5;
	memcpy(p + 1, "PLAIN", 5);
	p[6] = 0;
	memcpy(p + 7, id, il);
	p[7 + il] = 0;
	memcpy(p + 8 + il, pw, pl);
	*len = 8 + il + pl;
	return p;
}

static uint8_t *plain_msg(const char *id, const char *pw, size_t *len)
{
	size_t il = strlen(id), pl = strlen(pw);
	uint8_t *p = malloc(2 + il + pl);

	cr_assert_not_null(p);
	p[0] = 0;
	memcpy(p + 1, id, il);
	p[1 + il] = 0;
	memcpy(p + 2 + il, pw, pl);
	*len = 2 + il + pl;
	return p;
}

/* Version, then SASL PLAIN as jane: the captured server messages. */
static pttls_srv_t *authenticated(void)
{
	pttls_srv_t *s = mk(PTTLS_SRV_AUTH_TLS_OR_SASL, NULL, 0);
	size_t sl;
	uint8_t *sel = plain_select("jane", "3s9RFGdWE5EW", &sl);

	cr_assert_eq(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
	cr_assert_eq(feed_msg(s, PTTLS_SASL_MECH_SELECTION, 1, sel, sl), 0);
	free(sel);
	return s;
}

TestSuite(pttls_srv, .fini = sink_reset);

Test(pttls_srv, sasl_plain_matches_strongswan_capture)
{
	pttls_srv_t *s = authenticated();
	const pttls_ident_t *u;

	cr_assert_eq(sink.n, 4);
	expect_vec(0, "captures/pttls_run1_version_response.hex");
	expect_vec(1, "captures/pttls_run1_sasl_mechanisms.hex");
	expect_vec(2, "captures/pttls_run1_sasl_result.hex");
	expect_vec(3, "captures/pttls_run1_sasl_mechanisms_empty.hex");
	cr_assert_eq(sink.ready, 1);
	cr_assert(pttls_srv_in_transport(s));
	u = pttls_srv_user(s);
	cr_assert_not_null(u);
	cr_assert_str_eq(u->value, "jane");
	cr_assert_eq(u->type, PTTLS_ID_USERNAME);
	cr_assert_eq(u->subject, PTTLS_SUBJECT_USER);
	cr_assert_eq(u->auth, PTTLS_AUTH_PASSWORD);
	cr_assert_eq(pttls_srv_want(s), PTTLS_HDR_LEN);
	pttls_srv_free(s);
}

Test(pttls_srv, batches_are_half_duplex)
{
	pttls_srv_t *s = authenticated();
	static const uint8_t batch[] = { 0x02, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08 };
	static const uint8_t reply[] = { 0x02, 0x80, 0x00, 0x02, 0x00, 0x00, 0x00, 0x08 };
	const uint8_t *v;
	size_t vlen;
	uint32_t type, id;

	cr_assert_eq(feed_msg(s, PTTLS_PB_TNC_BATCH, 2, batch, sizeof(batch)), 0);
	cr_assert_eq(sink.batches, 1);
	cr_assert_eq(sink.batch_len, sizeof(batch));
	cr_assert_eq(memcmp(sink.batch, batch, sizeof(batch)), 0);
	/* The batch is with the broker: no input until its answer. */
	cr_assert(pttls_srv_holding(s));
	cr_assert_eq(pttls_srv_want(s), 0);
	cr_assert_eq(pttls_srv_feed(s, batch, 1), NEA_ETOOBIG);
	cr_assert_eq(pttls_srv_send_batch(s, reply, sizeof(reply)), 0);
	cr_assert_eq(sink.n, 5);
	sent(4, &type, &id, &v, &vlen);
	cr_assert_eq(type, PTTLS_PB_TNC_BATCH);
	cr_assert_eq(id, 4, "identifiers count on from the SASL messages");
	cr_assert_eq(vlen, sizeof(reply));
	cr_assert_eq(memcmp(v, reply, vlen), 0);
	cr_assert_not(pttls_srv_holding(s));
	cr_assert_eq(pttls_srv_want(s), PTTLS_HDR_LEN);
	/* An empty batch message is still a batch (the broker judges it). */
	cr_assert_eq(feed_msg(s, PTTLS_PB_TNC_BATCH, 3, NULL, 0), 0);
	cr_assert_eq(sink.batches, 2);
	cr_assert_eq(sink.batch_len, 0);
	pttls_srv_release(s);
	cr_assert_eq(pttls_srv_want(s), PTTLS_HDR_LEN);
	pttls_srv_free(s);
}

Test(pttls_srv, byte_by_byte_gives_the_same_answers)
{
	pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
	size_t l1, l2, sl;
	uint8_t *sel = plain_select("jane", "3s9RFGdWE5EW", &sl);
	uint8_t *m1 = msg(0, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ), &l1);
	uint8_t *m2 = msg(0, PTTLS_SASL_MECH_SELECTION, 1, sel, sl, &l2);

	for (size_t i = 0; i < l1; i++)
		cr_assert_eq(pttls_srv_feed(s, m1 + i, 1), 0);
	for (size_t i = 0; i < l2; i++)
		cr_assert_eq(pttls_srv_feed(s, m2 + i, 1), 0);
	expect_vec(0, "captures/pttls_run1_version_response.hex");
	expect_vec(1, "captures/pttls_run1_sasl_mechanisms.hex");
	expect_vec(2, "captures/pttls_run1_sasl_result.hex");
	expect_vec(3, "captures/pttls_run1_sasl_mechanisms_empty.hex");
	cr_assert(pttls_srv_in_transport(s));
	cr_assert_eq(pttls_srv_offset(s), l1 + l2);
	free(m1);
	free(m2);
	free(sel);
	pttls_srv_free(s);
}

Test(pttls_srv, wrong_password_is_aborted)
{
	pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
	size_t sl;
	uint8_t *sel = plain_select("jane", "3s9RFGdWE5EX", &sl);
	const uint8_t *v;
	size_t vlen;
	uint32_t type, id;

	cr_assert_eq(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
	cr_assert_eq(feed_msg(s, PTTLS_SASL_MECH_SELECTION, 1, sel, sl), NEA_EAUTH);
	cr_assert_eq(sink.n, 3);
	sent(2, &type, &id, &v, &vlen);
	cr_assert_eq(type, PTTLS_SASL_RESULT);
	/* strongSwan's 1-byte result: Abort, no retry on this connection. */
	cr_assert_eq(vlen, 1);
	cr_assert_eq(v[0], PTTLS_SASL_ABORT);
	cr_assert(pttls_srv_done(s));
	cr_assert_null(pttls_srv_user(s));
	cr_assert_eq(sink.ready, 0);
	cr_assert_eq(pttls_srv_want(s), 0);
	cr_assert_eq(pttls_srv_feed(s, VREQ, 1), NEA_ECLOSED);
	free(sel);
	pttls_srv_free(s);
}

Test(pttls_srv, unknown_user_and_shorter_password_are_refused)
{
	static const char *const bad[][2] = {
		{ "nobody", "3s9RFGdWE5EW" }, { "jane", "3s9RFGdWE5E" },
		{ "jane", "3s9RFGdWE5EWx" }, { "jane", "" }, { "hacker", "3s9RFGdWE5EW" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
		size_t sl;
		uint8_t *sel = plain_select(bad[i][0], bad[i][1], &sl);

		cr_assert_eq(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
		cr_assert_eq(feed_msg(s, PTTLS_SASL_MECH_SELECTION, 1, sel, sl), NEA_EAUTH,
			     "'%s' with a wrong password was accepted", bad[i][0]);
		cr_assert_eq(sink.msg[2][16], PTTLS_SASL_ABORT);
		free(sel);
		pttls_srv_free(s);
	}
}

Test(pttls_srv, sasl_without_initial_response_gets_an_empty_challenge)
{
	pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
	static const uint8_t sel[] = { 5, 'P', 'L', 'A', 'I', 'N' };
	size_t pl;
	uint8_t *plain = plain_msg("hacker", "K8FW9/N0VIAJ", &pl);
	const uint8_t *v;
	size_t vlen;
	uint32_t type, id;

	cr_assert_eq(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
	cr_assert_eq(feed_msg(s, PTTLS_SASL_MECH_SELECTION, 1, sel, sizeof(sel)), 0);
	sent(2, &type, &id, &v, &vlen);
	cr_assert_eq(type, PTTLS_SASL_AUTH_DATA);
	cr_assert_eq(vlen, 0);
	cr_assert_eq(feed_msg(s, PTTLS_SASL_AUTH_DATA, 2, plain, pl), 0);
	sent(3, &type, &id, &v, &vlen);
	cr_assert_eq(type, PTTLS_SASL_RESULT);
	cr_assert_eq(v[0], PTTLS_SASL_SUCCESS);
	cr_assert(pttls_srv_in_transport(s));
	cr_assert_str_eq(pttls_srv_user(s)->value, "hacker");
	free(plain);
	pttls_srv_free(s);
}

Test(pttls_srv, version_not_supported)
{
	pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
	static const uint8_t v2[] = { 0x00, 0x02, 0x03, 0x02 };
	size_t len;
	uint8_t *m = msg(0, PTTLS_VERSION_REQUEST, 0, v2, sizeof(v2), &len);

	cr_assert_lt(feed(s, m, len), 0);
	cr_assert_eq(sink.n, 1);
	expect_error(0, PTTLS_ERR_VERSION_NOT_SUPPORTED, m, len);
	cr_assert(pttls_srv_done(s));
	free(m);
	pttls_srv_free(s);
}

Test(pttls_srv, malformed_header_and_values)
{
	/* Message Length below the header. */
	{
		pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
		uint8_t m[16] = { 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 15, 0, 0, 0, 0 };

		cr_assert_lt(feed(s, m, sizeof(m)), 0);
		expect_error(0, PTTLS_ERR_MALFORMED_MESSAGE, m, sizeof(m));
		cr_assert(pttls_srv_done(s));
		pttls_srv_free(s);
	}
	/* A 4 GiB claim is refused on its header: nothing waits for the value. */
	{
		pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
		uint8_t m[16] = { 0, 0, 0, 0, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xf0, 0, 0, 0, 0 };

		cr_assert_lt(feed(s, m, sizeof(m)), 0);
		expect_error(0, PTTLS_ERR_MALFORMED_MESSAGE, NULL, 0);
		cr_assert_eq(pttls_srv_want(s), 0);
		pttls_srv_free(s);
	}
	/* Above the configured limit (but below the protocol's). */
	{
		pttls_srv_t *s = mk(PTTLS_SRV_AUTH_NONE, NULL, 4096);
		uint8_t m[16] = { 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0x10, 0x01, 0, 0, 0, 2 };
		size_t n0;

		cr_assert_eq(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
		n0 = sink.n;
		cr_assert_lt(feed(s, m, sizeof(m)), 0);
		expect_error(n0, PTTLS_ERR_MALFORMED_MESSAGE, NULL, 0);
		pttls_srv_free(s);
	}
	/* A Version Request value of the wrong size. */
	{
		pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
		static const uint8_t v[] = { 0x00, 0x01, 0x01 };

		cr_assert_lt(feed_msg(s, PTTLS_VERSION_REQUEST, 0, v, sizeof(v)), 0);
		expect_error(0, PTTLS_ERR_MALFORMED_MESSAGE, NULL, 0);
		pttls_srv_free(s);
	}
	/* A Mechanism Selection whose length byte runs past the value. */
	{
		pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
		static const uint8_t sel[] = { 9, 'P', 'L' };

		cr_assert_eq(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
		cr_assert_lt(feed_msg(s, PTTLS_SASL_MECH_SELECTION, 1, sel, sizeof(sel)), 0);
		expect_error(2, PTTLS_ERR_MALFORMED_MESSAGE, NULL, 0);
		pttls_srv_free(s);
	}
}

Test(pttls_srv, out_of_phase_is_invalid_message)
{
	static const uint8_t batch[] = { 0x02, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08 };
	pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
	size_t len;
	uint8_t *m = msg(0, PTTLS_PB_TNC_BATCH, 0, batch, sizeof(batch), &len);

	/* A batch before version negotiation and authentication. */
	cr_assert_lt(feed(s, m, len), 0);
	expect_error(0, PTTLS_ERR_INVALID_MESSAGE, m, len);
	cr_assert_eq(sink.batches, 0);
	pttls_srv_free(s);
	free(m);
	/* A second Version Request in the data transport phase. */
	s = authenticated();
	cr_assert_lt(feed_msg(s, PTTLS_VERSION_REQUEST, 2, VREQ, sizeof(VREQ)), 0);
	expect_error(4, PTTLS_ERR_INVALID_MESSAGE, NULL, 0);
	pttls_srv_free(s);
}

Test(pttls_srv, mechanism_not_offered)
{
	pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
	static const uint8_t sel[] = { 8, 'C', 'R', 'A', 'M', '-', 'M', 'D', '5' };

	cr_assert_eq(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
	cr_assert_lt(feed_msg(s, PTTLS_SASL_MECH_SELECTION, 1, sel, sizeof(sel)), 0);
	expect_error(2, PTTLS_ERR_SASL_MECH_ERROR, NULL, 0);
	cr_assert(pttls_srv_done(s));
	pttls_srv_free(s);
}

Test(pttls_srv, vendor_types_are_answered_and_ignored_up_to_a_limit)
{
	pttls_srv_t *s = mk(PTTLS_SRV_AUTH_NONE, NULL, 0);
	static const uint8_t junk[] = { 1, 2, 3 };
	size_t len;
	uint8_t *m = msg(0x902a, 17, 0, junk, sizeof(junk), &len);

	/* max_ignored = 3: three are answered, the fourth ends the connection. */
	for (int i = 0; i < 3; i++) {
		cr_assert_eq(feed(s, m, len), 0);
		expect_error((size_t)i, PTTLS_ERR_TYPE_NOT_SUPPORTED, m, len);
	}
	cr_assert_eq(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0,
		     "the connection goes on after an ignored message");
	cr_assert(pttls_srv_in_transport(s));
	cr_assert_lt(feed(s, m, len), 0);
	cr_assert(pttls_srv_done(s));
	free(m);
	/* An unassigned IETF type is the same. */
	pttls_srv_free(s);
	s = mk(PTTLS_SRV_AUTH_NONE, NULL, 0);
	cr_assert_eq(feed_msg(s, 9, 0, junk, sizeof(junk)), 0);
	expect_error(0, PTTLS_ERR_TYPE_NOT_SUPPORTED, NULL, 0);
	pttls_srv_free(s);
}

Test(pttls_srv, received_error_ends_without_reply)
{
	pttls_srv_t *s = authenticated();
	static const uint8_t err[] = { 0, 0, 0, 0, 0, 0, 0, 1 };
	size_t n0 = sink.n;

	cr_assert_lt(feed_msg(s, PTTLS_ERROR, 2, err, sizeof(err)), 0);
	cr_assert_eq(sink.n, n0, "an error is never answered with an error");
	cr_assert(pttls_srv_done(s));
	pttls_srv_free(s);
}

Test(pttls_srv, auth_modes_and_certificates)
{
	const uint8_t *v;
	size_t vlen;
	uint32_t type, id;
	pttls_srv_t *s;

	/* none: the empty mechanism list right after the version. */
	s = mk(PTTLS_SRV_AUTH_NONE, NULL, 0);
	cr_assert_eq(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
	cr_assert_eq(sink.n, 2);
	sent(1, &type, &id, &v, &vlen);
	cr_assert_eq(type, PTTLS_SASL_MECHS);
	cr_assert_eq(vlen, 0);
	cr_assert(pttls_srv_in_transport(s));
	cr_assert_null(pttls_srv_user(s));
	pttls_srv_free(s);

	/* tls_or_sasl with a verified certificate: SASL skipped, the DN is the user. */
	s = mk(PTTLS_SRV_AUTH_TLS_OR_SASL, "C=CH, O=nea Test, CN=jane", 0);
	cr_assert_eq(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
	sent(1, &type, &id, &v, &vlen);
	cr_assert_eq(type, PTTLS_SASL_MECHS);
	cr_assert_eq(vlen, 0);
	cr_assert(pttls_srv_in_transport(s));
	cr_assert_str_eq(pttls_srv_user(s)->value, "C=CH, O=nea Test, CN=jane");
	cr_assert_eq(pttls_srv_user(s)->type, PTTLS_ID_X500_DN);
	cr_assert_eq(pttls_srv_user(s)->auth, PTTLS_AUTH_CERT);
	pttls_srv_free(s);

	/* tls without a certificate: refused after the version. */
	s = mk(PTTLS_SRV_AUTH_TLS, NULL, 0);
	cr_assert_lt(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
	cr_assert(pttls_srv_done(s));
	cr_assert_eq(sink.ready, 0);
	pttls_srv_free(s);

	/* tls_and_sasl: certificate and SASL; SASL's identity wins. */
	s = mk(PTTLS_SRV_AUTH_TLS_AND_SASL, "C=CH, O=nea Test, CN=jane", 0);
	{
		size_t sl;
		uint8_t *sel = plain_select("jane", "3s9RFGdWE5EW", &sl);

		cr_assert_eq(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
		expect_vec(1, "captures/pttls_run1_sasl_mechanisms.hex");
		cr_assert_eq(feed_msg(s, PTTLS_SASL_MECH_SELECTION, 1, sel, sl), 0);
		free(sel);
	}
	cr_assert(pttls_srv_in_transport(s));
	cr_assert_eq(pttls_srv_user(s)->auth, PTTLS_AUTH_PASSWORD);
	pttls_srv_free(s);
}

Test(pttls_srv, send_failure_ends_the_connection)
{
	pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);

	sink.send_fail_after = 1; /* the Version Response goes, the mechanisms fail */
	cr_assert_lt(feed_msg(s, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ)), 0);
	cr_assert(pttls_srv_done(s));
	pttls_srv_free(s);
}

Test(pttls_srv, state_checks_of_the_broker_side)
{
	pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
	static const uint8_t b[8] = { 2 };

	cr_assert_eq(pttls_srv_send_batch(s, b, sizeof(b)), NEA_ESTATE);
	pttls_srv_free(s);
	s = authenticated();
	cr_assert_eq(pttls_srv_send_batch(s, b, PTTLS_MAX_MESSAGE_LEN), NEA_ETOOBIG);
	pttls_srv_finish(s);
	cr_assert(pttls_srv_done(s));
	cr_assert_eq(pttls_srv_send_batch(s, b, sizeof(b)), NEA_ESTATE);
	pttls_srv_free(s);
}

/* Bounded input: every prefix of a whole client conversation is taken
 * without an answer beyond what the complete messages earn, and every
 * single-byte corruption either goes on or ends with one PT-TLS Error or
 * SASL Result (never a crash, never a read past the input). */
Test(pttls_srv, every_prefix_and_every_flipped_byte)
{
	size_t l1, l2, l3, sl;
	uint8_t *sel = plain_select("jane", "3s9RFGdWE5EW", &sl);
	static const uint8_t batch[] = { 0x02, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x08 };
	uint8_t *m1 = msg(0, PTTLS_VERSION_REQUEST, 0, VREQ, sizeof(VREQ), &l1);
	uint8_t *m2 = msg(0, PTTLS_SASL_MECH_SELECTION, 1, sel, sl, &l2);
	uint8_t *m3 = msg(0, PTTLS_PB_TNC_BATCH, 2, batch, sizeof(batch), &l3);
	size_t total = l1 + l2 + l3;
	uint8_t *all = malloc(total);

	cr_assert_not_null(all);
	memcpy(all, m1, l1);
	memcpy(all + l1, m2, l2);
	memcpy(all + l1 + l2, m3, l3);
	for (size_t n = 0; n <= total; n++) {
		pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
		size_t expect_out = n >= l1 + l2 ? 4 : n >= l1 ? 2 : 0;

		cr_assert_eq(feed(s, all, n), 0, "prefix of %zu bytes", n);
		cr_assert_eq(sink.n, expect_out, "prefix of %zu bytes: %zu messages", n, sink.n);
		cr_assert_eq(sink.batches, n == total ? 1 : 0);
		pttls_srv_free(s);
	}
	for (size_t i = 0; i < total; i++) {
		for (int bit = 0; bit < 8; bit++) {
			pttls_srv_t *s = mk(PTTLS_SRV_AUTH_SASL, NULL, 0);
			int rc;

			all[i] ^= (uint8_t)(1u << bit);
			rc = feed(s, all, total);
			if (rc < 0 && rc != NEA_ESTATE) {
				uint32_t type, id;
				const uint8_t *v;
				size_t vlen;

				cr_assert(pttls_srv_done(s));
				cr_assert_gt(sink.n, 0, "byte %zu bit %d: closed without a word", i,
					     bit);
				sent(sink.n - 1, &type, &id, &v, &vlen);
				cr_assert(type == PTTLS_ERROR || type == PTTLS_SASL_RESULT,
					  "byte %zu bit %d: last message type %u", i, bit, type);
			}
			all[i] ^= (uint8_t)(1u << bit);
			pttls_srv_free(s);
		}
	}
	free(all);
	free(m1);
	free(m2);
	free(m3);
	free(sel);
}

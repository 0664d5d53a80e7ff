/*
 * libFuzzer target: nea-pttlsd's intake, the PT-TLS server state machine
 * (pttls/pttls_srv) fed with a client's decrypted byte stream.
 *
 * Input: byte 0 picks the client authentication mode (and whether a
 * verified certificate subject is present), byte 1 the feeding pattern
 * (chunk size 1..16, or "as much as wanted"), the rest is the stream.
 * Batches handed to the "broker" are answered alternately with a batch and
 * a release, so the data transport phase is exercised both ways.
 *
 * Invariants checked (abort on violation):
 *  - pttls_srv_want() never asks beyond the current message and is 0
 *    while a batch is held and after the end;
 *  - a negative feed ends the machine (done, want 0) and nothing is sent
 *    afterwards;
 *  - every message the server sends is a well-formed PT-TLS message with
 *    identifiers counting up from 0 by one, never larger than the limit;
 *  - a protocol fault (NEA_EINVAL) was answered with a PT-TLS Error, a
 *    refused login (NEA_EAUTH) with a SASL Result or, when a certificate
 *    was required, with nothing after the Version Response.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pttls_msg.h"
#include "pttls_srv.h"

typedef struct {
	uint32_t next_id;
	uint32_t last_type;
	size_t sent;
	bool ended;
	bool have_batch;
	unsigned batches;
} st_t;

static int on_send(void *arg, const uint8_t *p, size_t len)
{
	st_t *s = arg;
	pttls_msg_t m;
	nea_perr_t perr;

	if (s->ended)
		abort();
	if (pttls_msg_parse(p, len, 0, &m, &perr) < 0 || m.hdr.length != len)
		abort();
	if (m.hdr.identifier != s->next_id)
		abort();
	s->next_id++;
	s->last_type = m.hdr.type;
	s->sent++;
	return 0;
}

static void on_ready(void *arg)
{
	(void)arg;
}

static void on_batch(void *arg, const uint8_t *p, size_t len)
{
	st_t *s = arg;

	(void)p;
	(void)len;
	if (s->have_batch)
		abort(); /* half duplex: one at a time */
	s->have_batch = true;
	s->batches++;
}

static int on_secret(void *arg, const uint8_t *id, size_t idlen, const uint8_t **secret,
		     size_t *len)
{
	(void)arg;
	if (idlen == 4 && memcmp(id, "jane", 4) == 0) {
		*secret = (const uint8_t *)"3s9RFGdWE5EW";
		*len = 12;
		return 0;
	}
	return NEA_ENOTFOUND;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	nea_log_set_default(-1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t reply[] = { 2, 0x80, 0, 2, 0, 0, 0, 8 };
	pttls_srv_cfg_t cfg = { .max_ignored = 4, .name = "fuzz" };
	st_t st = { 0 };
	pttls_srv_cbs_t cbs = { .send = on_send, .ready = on_ready, .batch = on_batch,
				.secret = on_secret, .arg = &st };
	pttls_srv_t *s;
	size_t chunk, off = 2;

	if (size < 2)
		return 0;
	cfg.auth = (pttls_srv_auth_t)(data[0] % 5);
	cfg.peer_dn = data[0] & 0x80 ? "C=CH, O=nea Test, CN=jane" : NULL;
	/* Small limits too, so the size checks are reached cheaply. */
	cfg.max_msg = data[0] & 0x40 ? 64 : 0;
	chunk = data[1] & 0x0f ? (size_t)(data[1] & 0x0f) : SIZE_MAX;
	if (pttls_srv_new(&cfg, &cbs, &s) < 0)
		return 0;
	while (off < size) {
		size_t want = pttls_srv_want(s), n;
		int rc;

		if (want == 0) {
			if (pttls_srv_done(s))
				break;
			if (!pttls_srv_holding(s) || !st.have_batch)
				abort(); /* want 0 only while holding or at the end */
			st.have_batch = false;
			if (st.batches % 2) {
				if (pttls_srv_send_batch(s, reply, sizeof(reply)) < 0)
					abort();
			} else {
				pttls_srv_release(s);
			}
			continue;
		}
		if (want > PTTLS_MAX_MESSAGE_LEN)
			abort();
		n = size - off;
		if (n > want)
			n = want;
		if (n > chunk)
			n = chunk;
		rc = pttls_srv_feed(s, data + off, n);
		off += n;
		if (rc < 0) {
			if (!pttls_srv_done(s) || pttls_srv_want(s) != 0)
				abort();
			/* A protocol fault is answered with a PT-TLS Error; a
			 * refused login with a SASL Result (or, when a
			 * certificate was required, right after the version). */
			if (rc == NEA_EINVAL && st.last_type != PTTLS_ERROR)
				abort();
			if (rc == NEA_EAUTH && st.last_type != PTTLS_SASL_RESULT &&
			    st.last_type != PTTLS_VERSION_RESPONSE)
				abort();
			st.ended = true;
			break;
		}
	}
	pttls_srv_free(s);
	return 0;
}

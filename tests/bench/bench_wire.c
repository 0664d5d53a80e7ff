/*
 * bench_wire: throughput of the lib/wire codecs on the sizes nea meets.
 *
 *  1. A maximum-size PB-TNC CDATA batch full of PB-PA messages, for
 *     max_batch_size 32754 (strongSwan's recommendation for EAP: two TLS
 *     records) and 65522 (the EAP ceiling), with two PA-TNC bodies: the
 *     captured 195-byte OS message (7 attributes) and a 24-byte Assessment
 *     Result message (many small messages). Figures: building the batch
 *     from prepared messages, parsing it as the server does, and parsing
 *     it plus decoding every PA-TNC message inside (the broker's and the
 *     IMV host's work together).
 *  2. A 1 MiB IETF Installed Packages attribute segmented and reassembled
 *     under the 32722/32698 contract (PA-TNC messages of at most 32722
 *     bytes, segments of 32698 bytes; Max Message Size "no limit" as
 *     strongSwan's imv_os announces it, since a limit of 32722 would make
 *     the attribute oversize - the program shows that too). One round is
 *     the whole conversation in memory: every envelope and every Next
 *     Segment request built into its PA-TNC message and processed by the
 *     other side, ending with the decoded 40k-package list.
 *
 * Every operation's result is checked (a wrong result aborts): the figures
 * are for work that was really done. Each figure runs for at least the
 * given time (default 0.5 s). It is a program, not a test: it prints and
 * asserts nothing about speed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attr_tcg_seg_env.h"
#include "attr_tcg_seg_next.h"
#include "attr_types.h"
#include "patnc_attr.h"
#include "patnc_msg.h"
#include "pbtnc_batch.h"
#include "seg_contract.h"

static double min_time = 0.5;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, int rc)
{
	fprintf(stderr, "bench_wire: %s failed (%d)\n", what, rc);
	exit(1);
}

/* Run op until min_time has passed; print ops/s, MB/s and the time of one op. */
static void measure(const char *label, size_t bytes, void (*op)(void *), void *arg)
{
	double t0 = now_s(), t;
	unsigned long n = 0;

	do {
		for (int i = 0; i < 8; i++)
			op(arg);
		n += 8;
		t = now_s() - t0;
	} while (t < min_time);
	printf("  %-34s %11.1f /s %9.1f MB/s %10.3f ms each\n", label, (double)n / t,
	       (double)n * (double)bytes / t / 1e6, t / (double)n * 1e3);
}

/* The OS IMC's PA-TNC message of the captured first CDATA (ID 0x2698cf93, 195 bytes). */
static const char os_msg_hex[] =
	"010000002698cf93000000000000000200000017002572000044656269616e00"
	"0000000000000400000018093132207838365f36340000000000000000000300"
	"00001c0000000c00000000000000000000000000000000000000050000002403"
	"010000323032362d31312d32325432303a30323a34355a000000000000000b00"
	"00001000000000000000000000000c00000010000000000000902a0000000800"
	"00002c3364313231396337633463353430346161613166366432613438616466"
	"646134";
/* An Assessment Result (compliant) PA-TNC message, 24 bytes. */
static const char small_msg_hex[] = "0100000011223344000000000000000900000010" "00000000";

static uint8_t *from_hex(const char *hex, size_t *len)
{
	size_t n = strlen(hex) / 2;
	uint8_t *b = malloc(n);

	if (!b)
		die("malloc", NEA_ENOMEM);
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			die("hex constant", NEA_EINVAL);
		b[i] = (uint8_t)v;
	}
	*len = n;
	return b;
}

typedef struct {
	size_t max;
	pbtnc_msg_t *msgs;
	size_t n;     /* messages that fit */
	uint8_t *batch;
	size_t len;
} batch_case_t;

static void op_build(void *arg)
{
	batch_case_t *bc = arg;
	uint8_t *out;
	size_t len, added;
	int rc = pbtnc_batch_build(false, PBTNC_BATCH_CDATA, bc->msgs, bc->n, bc->max, &out, &len,
				   &added);

	if (rc || added != bc->n || len != bc->len)
		die("pbtnc_batch_build", rc);
	free(out);
}

static void op_parse(void *arg)
{
	batch_case_t *bc = arg;
	pbtnc_recv_opts_t o = { .is_server = true, .max_batch_size = bc->max };
	pbtnc_batch_t b;
	pbtnc_error_t reply;
	nea_perr_t err;
	int rc = pbtnc_batch_parse(bc->batch, bc->len, &o, &b, &reply, &err);

	if (rc || b.n_msgs != bc->n)
		die("pbtnc_batch_parse", rc);
	pbtnc_batch_free(&b);
}

static void op_parse_deep(void *arg)
{
	batch_case_t *bc = arg;
	pbtnc_recv_opts_t o = { .is_server = true, .max_batch_size = bc->max };
	pbtnc_batch_t b;
	pbtnc_error_t reply;
	nea_perr_t err;
	int rc = pbtnc_batch_parse(bc->batch, bc->len, &o, &b, &reply, &err);

	if (rc || b.n_msgs != bc->n)
		die("pbtnc_batch_parse", rc);
	for (size_t i = 0; i < b.n_msgs; i++) {
		patnc_rx_t rx;

		rc = patnc_msg_process(b.msgs[i].u.pa.body, b.msgs[i].u.pa.body_len, &rx);
		if (rc || rx.count == 0)
			die("patnc_msg_process", rc);
		patnc_rx_free(&rx);
	}
	pbtnc_batch_free(&b);
}

static void bench_batch(size_t max, const char *body_hex, const char *body_name)
{
	batch_case_t bc = { .max = max };
	size_t body_len, cap, added;
	uint8_t *body = from_hex(body_hex, &body_len);
	int rc;

	/* more messages than can fit; the builder stops at max_batch_size */
	cap = max / (PBTNC_MSG_HDR_LEN + PBTNC_PA_HDR_LEN + body_len) + 2;
	bc.msgs = calloc(cap, sizeof(*bc.msgs));
	if (!bc.msgs)
		die("calloc", NEA_ENOMEM);
	for (size_t i = 0; i < cap; i++) {
		pbtnc_msg_init(&bc.msgs[i], PBTNC_KIND_PA);
		bc.msgs[i].flags = PBTNC_MSG_FLAG_NOSKIP;
		bc.msgs[i].u.pa.vendor = 0;
		bc.msgs[i].u.pa.subtype = 1; /* IETF/Operating System */
		bc.msgs[i].u.pa.collector = (uint16_t)(1 + i % 3);
		bc.msgs[i].u.pa.validator = PBTNC_PA_ID_ANY;
		bc.msgs[i].u.pa.body = body;
		bc.msgs[i].u.pa.body_len = body_len;
	}
	rc = pbtnc_batch_build(false, PBTNC_BATCH_CDATA, bc.msgs, cap, max, &bc.batch, &bc.len,
			       &added);
	if (rc || added == 0 || added == cap)
		die("filling a batch", rc);
	bc.n = added;
	printf("max_batch_size %zu, %s: %zu PB-PA messages of %zu bytes, batch %zu bytes\n", max,
	       body_name, bc.n, PBTNC_MSG_HDR_LEN + PBTNC_PA_HDR_LEN + body_len, bc.len);
	measure("build batch", bc.len, op_build, &bc);
	measure("parse batch (server)", bc.len, op_parse, &bc);
	measure("parse batch + every PA-TNC message", bc.len, op_parse_deep, &bc);
	free(bc.batch);
	free(bc.msgs);
	free(body);
}

/* ---- segmentation ------------------------------------------------------ */

#define SEG_MSG_MAX 32722u

typedef struct {
	uint8_t *attr; /* the whole encoded attribute */
	size_t len;
	size_t segments; /* envelopes of the last round */
	size_t wire;     /* PA-TNC message bytes of the last round, both directions */
} seg_case_t;

/* One attribute of (vendor, type) built into a PA-TNC message of at most SEG_MSG_MAX. */
static uint8_t *one_attr_msg(uint32_t id, uint32_t type, const void *data, size_t *len)
{
	patnc_builder_t b;
	uint8_t *m;
	int rc;

	rc = patnc_builder_init(&b, id, SEG_MSG_MAX);
	if (!rc)
		rc = patnc_builder_add(&b, 0, PEN_TCG, type, data);
	if (rc)
		die("building a segmentation PA-TNC message", rc);
	m = patnc_builder_finish(&b, len);
	patnc_builder_free(&b);
	if (!m)
		die("patnc_builder_finish", NEA_ENOMEM);
	return m;
}

/* The receiving side's decoded attribute of a one-attribute message. */
static const void *received(const uint8_t *m, size_t len, patnc_rx_t *rx, uint32_t type)
{
	int rc = patnc_msg_process(m, len, rx);

	if (rc || rx->count != 1 || rx->attrs[0].type != type || !rx->attrs[0].data)
		die("patnc_msg_process of a segmentation message", rc);
	return rx->attrs[0].data;
}

static void op_segment_round(void *arg)
{
	seg_case_t *sc = arg;
	seg_contract_t tx, rxc;
	attr_tcg_seg_env_t env;
	attr_tcg_seg_next_t next;
	seg_attr_t out;
	patnc_fault_t fault;
	bool last = false;
	uint32_t id = 1;
	int rc, st;

	if (seg_contract_init(&tx, 0, 1, SEG_DIR_TX, SEG_NO_LIMIT, seg_max_seg_for_msg(SEG_MSG_MAX)) ||
	    seg_contract_init(&rxc, 0, 1, SEG_DIR_RX, SEG_NO_LIMIT, seg_max_seg_for_msg(SEG_MSG_MAX)))
		die("seg_contract_init", NEA_EINVAL);
	sc->segments = 0;
	sc->wire = 0;
	rc = seg_contract_first(&tx, sc->attr, sc->len, 0, &env);
	if (rc)
		die("seg_contract_first", rc);
	for (;;) {
		size_t mlen;
		uint8_t *m = one_attr_msg(id++, TCG_SEG_ENVELOPE, &env, &mlen);
		patnc_rx_t rx;

		sc->segments++;
		sc->wire += mlen;
		st = seg_contract_add(&rxc, received(m, mlen, &rx, TCG_SEG_ENVELOPE), 0, &out, &fault);
		patnc_rx_free(&rx);
		free(m);
		if (st == SEG_DONE)
			break;
		if (st != SEG_MORE || last)
			die("seg_contract_add", st);
		rc = seg_contract_request_next(&rxc, env.base_id, &next);
		if (rc)
			die("seg_contract_request_next", rc);
		m = one_attr_msg(id++, TCG_SEG_NEXT_SEGMENT, &next, &mlen);
		sc->wire += mlen;
		rc = seg_contract_next(&tx, received(m, mlen, &rx, TCG_SEG_NEXT_SEGMENT), 0, &env,
				       &last);
		patnc_rx_free(&rx);
		free(m);
		if (rc)
			die("seg_contract_next", rc);
	}
	if (out.len != sc->len || memcmp(out.buf, sc->attr, sc->len) != 0 || !out.attr.data)
		die("reassembled attribute differs", NEA_EINVAL);
	seg_attr_free(&out);
	seg_contract_free(&tx);
	seg_contract_free(&rxc);
}

static void bench_segmentation(void)
{
	seg_case_t sc = { 0 };
	seg_contract_t strict;
	nea_wr_t v, a;
	unsigned n = 0;
	bool oversize = false;
	char line[32];

	/* IETF Installed Packages: reserved, count, then (name, version) pairs */
	nea_wr_init(&v, 0);
	nea_wr_u16(&v, 0);
	nea_wr_u16(&v, 0);
	while (v.len < 1024 * 1024 - PATNC_ATTR_HDR_LEN - 32) {
		int k = snprintf(line, sizeof(line), "package-%05u", n);

		nea_wr_u8(&v, (uint8_t)k);
		nea_wr_bytes(&v, line, (size_t)k);
		k = snprintf(line, sizeof(line), "1.%u.%u-%u", n / 100, n % 100, n % 7);
		nea_wr_u8(&v, (uint8_t)k);
		nea_wr_bytes(&v, line, (size_t)k);
		n++;
	}
	if (nea_wr_error(&v) || n > 0xffff)
		die("building the package list", nea_wr_error(&v));
	nea_put_u16(v.ptr + 2, (uint16_t)n);
	nea_wr_init(&a, 0);
	if (patnc_attr_encode_raw(0, PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, v.ptr, v.len, &a))
		die("patnc_attr_encode_raw", nea_wr_error(&a));
	sc.attr = a.ptr;
	sc.len = a.len;

	/* with Max Message Size 32722 the attribute may not be sent at all */
	if (seg_contract_init(&strict, 0, 1, SEG_DIR_TX, SEG_MSG_MAX, seg_max_seg_for_msg(SEG_MSG_MAX)))
		die("seg_contract_init", NEA_EINVAL);
	seg_contract_check(&strict, sc.len, &oversize);
	seg_contract_free(&strict);

	op_segment_round(&sc);
	printf("segmentation: IETF Installed Packages attribute of %zu bytes (%u packages)\n", sc.len,
	       n);
	printf("  contract: no message size limit, maximum segment size of %u bytes (PA-TNC "
	       "messages <= %u bytes)\n", seg_max_seg_for_msg(SEG_MSG_MAX), SEG_MSG_MAX);
	printf("  (with Max Message Size %u the attribute is %s)\n", SEG_MSG_MAX,
	       oversize ? "oversize and not sent, as strongSwan's check_size decides"
			: "accepted");
	printf("  one round: %zu envelopes + %zu Next Segment requests, %zu PA-TNC message bytes\n",
	       sc.segments, sc.segments - 1, sc.wire);
	measure("segment + reassemble 1 MiB", sc.len, op_segment_round, &sc);
	nea_wr_free(&a);
	nea_wr_free(&v);
}

int main(int argc, char **argv)
{
	static const size_t maxes[] = { 32754, PBTNC_MAX_BATCH_EAP };

	if (argc > 1) {
		min_time = atof(argv[1]);
		if (min_time <= 0 || min_time > 60) {
			fprintf(stderr, "usage: %s [seconds per figure, default 0.5]\n", argv[0]);
			return 2;
		}
	}
	for (size_t i = 0; i < sizeof(maxes) / sizeof(maxes[0]); i++) {
		bench_batch(maxes[i], os_msg_hex, "195-byte OS PA-TNC message (7 attributes)");
		bench_batch(maxes[i], small_msg_hex, "24-byte Assessment Result PA-TNC message");
	}
	bench_segmentation();
	return 0;
}

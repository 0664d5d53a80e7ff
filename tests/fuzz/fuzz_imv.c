/*
 * fuzz_imv: the IMV host with the OS and Scanner IMVs fed attacker-chosen
 * PA-TNC messages, as nea-brokerd would forward them from an endpoint,
 * against an in-process fake nea-policyd (every workitem type, package
 * statuses cycling through all values); plus the Scanner's port-list
 * parser (byte 0 == 0).
 *
 * Input: byte 0 selects the mode (0 ports, 1 PT-TLS limit, 2 a 4096-byte
 * PA-TNC limit so segmentation runs), then records of
 *   [1 byte: bit0 Scanner (IETF/5) else OS (IETF/1); bit1 batch ending after;
 *    bit2 exclusive; bit3 solicit after] [2 bytes length] [body].
 * Invariants: no crash or leak, every BatchEnding/Solicit answered with
 * exactly one BatchEnding, and the connection is gone after DELETE.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imv_host.h"
#include "imv_ports.h"
#include "nea_log.h"

#define MAXQ 4096

typedef struct {
	imv_host_t *h;
	Nea__Envelope *q[MAXQ];
	size_t nq;
	size_t batch_endings;
} fz_t;

static Nea__Envelope *copy_env(const Nea__Envelope *env)
{
	size_t len = nea__envelope__get_packed_size(env);
	uint8_t *buf = malloc(len ? len : 1);
	Nea__Envelope *c;

	if (!buf)
		abort();
	nea__envelope__pack(env, buf);
	c = nea__envelope__unpack(NULL, len, buf);
	free(buf);
	if (!c)
		abort(); /* the host built an envelope that does not unpack */
	return c;
}

static int to_broker(void *ctx, Nea__Envelope *env)
{
	fz_t *f = ctx;

	if (env->body_case == NEA__ENVELOPE__BODY_BATCH_ENDING)
		f->batch_endings++;
	if (env->body_case == NEA__ENVELOPE__BODY_PA_MESSAGE) {
		Nea__Envelope *c = copy_env(env); /* proves it packs and unpacks */

		nea__envelope__free_unpacked(c, NULL);
	}
	return 0;
}

static int to_policy(void *ctx, Nea__Envelope *env)
{
	fz_t *f = ctx;

	if (f->nq >= MAXQ)
		return -5; /* refused like a full link */
	f->q[f->nq++] = copy_env(env);
	return 0;
}

static void reply(fz_t *f, const Nea__Envelope *req, Nea__Envelope *rep)
{
	rep->has_req_id = true;
	rep->req_id = req->req_id;
	imv_host_policy_msg(f->h, rep);
}

static void answer(fz_t *f, const Nea__Envelope *req)
{
	Nea__Envelope rep = NEA__ENVELOPE__INIT;

	switch (req->body_case) {
	case NEA__ENVELOPE__BODY_SESSION_CREATE: {
		Nea__SessionCreated sc = NEA__SESSION_CREATED__INIT;

		sc.session_id = 9;
		rep.body_case = NEA__ENVELOPE__BODY_SESSION_CREATED;
		rep.session_created = &sc;
		reply(f, req, &rep);
		break;
	}
	case NEA__ENVELOPE__BODY_SESSION_START: {
		static const struct {
			uint32_t type;
			const char *arg;
		} wi[] = { { 1, "" },	   { 2, "" },	 { 3, "" },   { 4, "" },
			   { 11, "22 443" }, { 12, "80" }, { 13, "" }, { 14, "53 1000-2000" },
			   { 6, "/etc" } };
		Nea__WorkitemList wl = NEA__WORKITEM_LIST__INIT;
		Nea__Workitem w[9], *wp[9];

		for (size_t i = 0; i < 9; i++) {
			nea__workitem__init(&w[i]);
			w[i].id = i + 1;
			w[i].type = wi[i].type;
			w[i].arg_str = (char *)wi[i].arg;
			w[i].rec_fail = 1;
			w[i].rec_noresult = 0;
			wp[i] = &w[i];
		}
		wl.session_id = 9;
		wl.n_items = 9;
		wl.items = wp;
		rep.body_case = NEA__ENVELOPE__BODY_WORKITEMS;
		rep.workitems = &wl;
		reply(f, req, &rep);
		break;
	}
	case NEA__ENVELOPE__BODY_PACKAGE_CHECK: {
		Nea__PackageStatus ps = NEA__PACKAGE_STATUS__INIT;
		size_t n = req->package_check->n_packages;
		uint32_t *st = calloc(n + 1, sizeof(*st));

		if (!st)
			abort();
		for (size_t i = 0; i < n; i++)
			st[i] = (uint32_t)(i % 5); /* 4: a value policyd never sends */
		ps.n_status = n;
		ps.status = st;
		rep.body_case = NEA__ENVELOPE__BODY_PACKAGE_STATUS;
		rep.package_status = &ps;
		reply(f, req, &rep);
		free(st);
		break;
	}
	default: {
		Nea__PolicyError pe = NEA__POLICY_ERROR__INIT;

		pe.code = -2;
		pe.message = (char *)"fuzz";
		rep.body_case = NEA__ENVELOPE__BODY_POLICY_ERROR;
		rep.policy_error = &pe;
		reply(f, req, &rep);
		break;
	}
	}
}

static void run_policy(fz_t *f)
{
	for (size_t i = 0; i < f->nq; i++) {
		answer(f, f->q[i]);
		nea__envelope__free_unpacked(f->q[i], NULL);
		f->q[i] = NULL;
	}
	f->nq = 0;
}

static void drain(fz_t *f)
{
	while (f->nq) {
		Nea__Envelope *q[MAXQ];
		size_t n = f->nq;

		memcpy(q, f->q, n * sizeof(*q));
		f->nq = 0;
		for (size_t i = 0; i < n; i++) {
			answer(f, q[i]);
			nea__envelope__free_unpacked(q[i], NULL);
		}
	}
}

static void broker(fz_t *f, Nea__Envelope *env)
{
	env->has_conn_id = true;
	env->conn_id = 1;
	imv_host_broker_msg(f->h, env);
	drain(f);
}

static void state(fz_t *f, Nea__ConnState s, uint32_t max_msg)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnStateChange sc = NEA__CONN_STATE_CHANGE__INIT;
	Nea__ConnAttributes a = NEA__CONN_ATTRIBUTES__INIT;

	sc.state = s;
	if (s == NEA__CONN_STATE__CONN_CREATE) {
		a.has_max_msg_size = true;
		a.max_msg_size = max_msg;
		a.preferred_language = (char *)"de, en";
		a.peer_addr = (char *)"127.0.0.1";
		sc.attrs = &a;
	}
	env.body_case = NEA__ENVELOPE__BODY_CONN_STATE;
	env.conn_state = &sc;
	broker(f, &env);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const mods[] = { "OS", "Scanner" };
	imv_host_io_t io = { .to_broker = to_broker, .to_policy = to_policy };
	fz_t f;
	size_t off = 1, expect_be = 0;

	nea_log_set_default(-1);
	if (size < 1)
		return 0;
	if (data[0] % 3 == 0) {
		static imv_ports_t p;
		nea_perr_t err;

		if (imv_ports_parse((const char *)data + 1, size - 1, &p, &err) == 0 && p.n > 0)
			(void)imv_ports_contains(&p, (uint16_t)p.r[0].start);
		return 0;
	}
	memset(&f, 0, sizeof(f));
	io.ctx = &f;
	if (imv_host_new(&io, NULL, &f.h) < 0)
		return 0;
	for (size_t i = 0; i < 2; i++)
		imv_host_add_module(f.h, mods[i], "fuzz");
	state(&f, NEA__CONN_STATE__CONN_CREATE, data[0] % 3 == 1 ? 2097104 : 4096);
	state(&f, NEA__CONN_STATE__CONN_HANDSHAKE, 0);
	while (off + 3 <= size) {
		uint8_t ctl = data[off];
		size_t len = (size_t)data[off + 1] << 8 | data[off + 2];
		Nea__Envelope env = NEA__ENVELOPE__INIT;
		Nea__PaMessage pa = NEA__PA_MESSAGE__INIT;

		off += 3;
		if (len > size - off)
			len = size - off;
		pa.vendor = 0;
		pa.subtype = ctl & 1 ? 5 : 1;
		pa.src_id = ctl & 1 ? 2 : 1;
		pa.dst_id = ctl & 4 ? (ctl & 1 ? 2 : 1) : 0xffff;
		pa.exclusive = (ctl & 4) != 0;
		pa.body.data = (uint8_t *)data + off;
		pa.body.len = len;
		env.body_case = NEA__ENVELOPE__BODY_PA_MESSAGE;
		env.pa_message = &pa;
		broker(&f, &env);
		off += len;
		if (ctl & 2) {
			Nea__Envelope e2 = NEA__ENVELOPE__INIT;
			Nea__BatchEnding be = NEA__BATCH_ENDING__INIT;

			e2.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
			e2.batch_ending = &be;
			broker(&f, &e2);
			expect_be++;
		}
		if (ctl & 8) {
			Nea__Envelope e3 = NEA__ENVELOPE__INIT;
			Nea__SolicitRecommendation so = NEA__SOLICIT_RECOMMENDATION__INIT;

			e3.body_case = NEA__ENVELOPE__BODY_SOLICIT;
			e3.solicit = &so;
			broker(&f, &e3);
			expect_be++;
		}
	}
	if (f.batch_endings != expect_be)
		abort();
	state(&f, NEA__CONN_STATE__CONN_ACCESS_NONE, 0);
	state(&f, NEA__CONN_STATE__CONN_DELETE, 0);
	if (imv_host_conn_count(f.h) != 0)
		abort();
	imv_host_tick(f.h);
	run_policy(&f);
	imv_host_free(f.h);
	return 0;
}

#include "imv_harness.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "nea_hex.h"
#include "pbtnc_batch.h"

/* A deep copy: pack what the host built on its stack, unpack it again. */
static Nea__Envelope *copy_env(const Nea__Envelope *env)
{
	size_t len = nea__envelope__get_packed_size(env);
	uint8_t *buf = malloc(len ? len : 1);
	Nea__Envelope *c;

	cr_assert_not_null(buf);
	nea__envelope__pack(env, buf);
	c = nea__envelope__unpack(NULL, len, buf);
	free(buf);
	cr_assert_not_null(c, "the host built an envelope that does not unpack");
	return c;
}

static int to_broker(void *ctx, Nea__Envelope *env)
{
	ih_t *t = ctx;

	cr_assert_lt(t->n_broker, IH_MAX_OUT);
	t->to_broker[t->n_broker++] = copy_env(env);
	return 0;
}

static int to_policy(void *ctx, Nea__Envelope *env)
{
	ih_t *t = ctx;

	cr_assert_lt(t->n_policy, IH_MAX_OUT);
	cr_assert(env->has_req_id, "policy request without req_id");
	t->to_policy[t->n_policy++] = copy_env(env);
	return 0;
}

static uint64_t now_ms(void *ctx)
{
	return ((ih_t *)ctx)->now;
}

void ih_init(ih_t *t, const char *const *mods)
{
	imv_host_io_t io = { .to_broker = to_broker, .to_policy = to_policy, .now_ms = now_ms };
	imv_host_opts_t opts = { 0 };

	memset(t, 0, sizeof(*t));
	t->now = 1000;
	io.ctx = t;
	cr_assert_eq(imv_host_new(&io, &opts, &t->h), 0);
	for (size_t i = 0; mods[i]; i++)
		cr_assert_gt(imv_host_add_module(t->h, mods[i], "built-in"), 0);
}

void ih_fini(ih_t *t)
{
	imv_host_free(t->h);
	for (size_t i = 0; i < t->n_broker; i++)
		nea__envelope__free_unpacked(t->to_broker[i], NULL);
	for (size_t i = 0; i < t->n_policy; i++)
		nea__envelope__free_unpacked(t->to_policy[i], NULL);
	free(t->start_device);
	free(t->start_product);
}

static void send_env(ih_t *t, uint32_t conn, Nea__Envelope *env)
{
	env->has_conn_id = true;
	env->conn_id = conn;
	imv_host_broker_msg(t->h, env);
	ih_policy_run(t);
}

void ih_state(ih_t *t, uint32_t conn, Nea__ConnState state)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnStateChange sc = NEA__CONN_STATE_CHANGE__INIT;

	sc.state = state;
	env.body_case = NEA__ENVELOPE__BODY_CONN_STATE;
	env.conn_state = &sc;
	send_env(t, conn, &env);
}

void ih_open(ih_t *t, uint32_t conn, const char *lang)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnStateChange sc = NEA__CONN_STATE_CHANGE__INIT;
	Nea__ConnAttributes a = NEA__CONN_ATTRIBUTES__INIT;
	Nea__Identity id = NEA__IDENTITY__INIT, *idp = &id;

	id.type = 5;    /* username */
	id.subject = 2; /* user */
	id.auth = 2;    /* password */
	id.value.data = (uint8_t *)"client1";
	id.value.len = 7;
	a.has_transport = true;
	a.transport = NEA__TRANSPORT__TRANSPORT_PT_TLS;
	a.has_max_msg_size = true;
	a.max_msg_size = t->max_msg ? t->max_msg : 2097104;
	a.preferred_language = (char *)lang;
	a.n_identities = 1;
	a.identities = &idp;
	a.peer_addr = (char *)"127.0.0.1";
	a.has_has_long_types = true;
	a.has_long_types = true;
	a.has_has_exclusive = true;
	a.has_exclusive = true;
	sc.state = NEA__CONN_STATE__CONN_CREATE;
	sc.attrs = &a;
	env.body_case = NEA__ENVELOPE__BODY_CONN_STATE;
	env.conn_state = &sc;
	send_env(t, conn, &env);
	ih_state(t, conn, NEA__CONN_STATE__CONN_HANDSHAKE);
}

void ih_pa(ih_t *t, uint32_t conn, uint32_t vendor, uint32_t subtype, uint32_t src, uint32_t dst,
	   bool excl, const uint8_t *body, size_t len)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__PaMessage pa = NEA__PA_MESSAGE__INIT;

	pa.vendor = vendor;
	pa.subtype = subtype;
	pa.src_id = src;
	pa.dst_id = dst;
	pa.exclusive = excl;
	pa.body.data = (uint8_t *)body;
	pa.body.len = len;
	env.body_case = NEA__ENVELOPE__BODY_PA_MESSAGE;
	env.pa_message = &pa;
	send_env(t, conn, &env);
}

void ih_batch_end(ih_t *t, uint32_t conn)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__BatchEnding be = NEA__BATCH_ENDING__INIT;

	env.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
	env.batch_ending = &be;
	send_env(t, conn, &env);
}

void ih_solicit(ih_t *t, uint32_t conn)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__SolicitRecommendation sr = NEA__SOLICIT_RECOMMENDATION__INIT;

	env.body_case = NEA__ENVELOPE__BODY_SOLICIT;
	env.solicit = &sr;
	send_env(t, conn, &env);
}

size_t ih_feed_batch(ih_t *t, uint32_t conn, const uint8_t *batch, size_t len)
{
	pbtnc_recv_opts_t o = { .is_server = true };
	pbtnc_batch_t b;
	pbtnc_error_t reply;
	nea_perr_t err;
	size_t n = 0;

	memset(&b, 0, sizeof(b));
	memset(&err, 0, sizeof(err));
	cr_assert_eq(pbtnc_batch_parse(batch, len, &o, &b, &reply, &err), 0,
		     "captured batch refused at %zu: %s", err.offset, err.msg);
	for (size_t i = 0; i < b.n_msgs; i++) {
		const pbtnc_pa_t *pa = &b.msgs[i].u.pa;

		if (b.msgs[i].kind != PBTNC_KIND_PA || b.msgs[i].skip)
			continue;
		ih_pa(t, conn, pa->vendor, pa->subtype, pa->collector, pa->validator, pa->excl,
		      pa->body, pa->body_len);
		n++;
	}
	pbtnc_batch_free(&b);
	ih_batch_end(t, conn);
	return n;
}

/* ------------------------------------------------------------ fake policyd */

static void reply(ih_t *t, const Nea__Envelope *req, Nea__Envelope *rep)
{
	rep->has_req_id = true;
	rep->req_id = req->req_id;
	rep->has_conn_id = req->has_conn_id;
	rep->conn_id = req->conn_id;
	imv_host_policy_msg(t->h, rep);
}

static void answer(ih_t *t, const Nea__Envelope *req)
{
	Nea__Envelope rep = NEA__ENVELOPE__INIT;

	if (t->policy_down) {
		Nea__PolicyError pe = NEA__POLICY_ERROR__INIT;

		pe.code = NEA_EIO;
		pe.message = (char *)"no database";
		rep.body_case = NEA__ENVELOPE__BODY_POLICY_ERROR;
		rep.policy_error = &pe;
		reply(t, req, &rep);
		return;
	}
	switch (req->body_case) {
	case NEA__ENVELOPE__BODY_SESSION_CREATE: {
		Nea__SessionCreated sc = NEA__SESSION_CREATED__INIT;

		sc.session_id = 1;
		rep.body_case = NEA__ENVELOPE__BODY_SESSION_CREATED;
		rep.session_created = &sc;
		reply(t, req, &rep);
		break;
	}
	case NEA__ENVELOPE__BODY_SESSION_START: {
		Nea__WorkitemList wl = NEA__WORKITEM_LIST__INIT;
		Nea__Workitem w[IH_MAX_WI], *wp[IH_MAX_WI];

		free(t->start_device);
		free(t->start_product);
		t->start_device = strdup(req->session_start->device_id);
		t->start_product = strdup(req->session_start->product);
		for (size_t i = 0; i < t->n_wis; i++) {
			nea__workitem__init(&w[i]);
			w[i].id = i + 1;
			w[i].type = t->wis[i].type;
			w[i].arg_str = (char *)(t->wis[i].arg ? t->wis[i].arg : "");
			w[i].rec_fail = t->wis[i].rec_fail;
			w[i].rec_noresult = t->wis[i].rec_noresult;
			wp[i] = &w[i];
		}
		wl.session_id = req->session_start->session_id;
		wl.n_items = t->n_wis;
		wl.items = wp;
		rep.body_case = NEA__ENVELOPE__BODY_WORKITEMS;
		rep.workitems = &wl;
		reply(t, req, &rep);
		break;
	}
	case NEA__ENVELOPE__BODY_PACKAGE_CHECK: {
		const Nea__PackageCheck *pc = req->package_check;
		Nea__PackageStatus ps = NEA__PACKAGE_STATUS__INIT;
		uint32_t *st = calloc(pc->n_packages + 1, sizeof(*st));

		cr_assert_not_null(st);
		for (size_t i = 0; i < pc->n_packages; i++) {
			for (size_t k = 0; k < t->n_pkgs; k++) {
				if (strcmp(t->pkgs[k].name, pc->packages[i]->name) == 0 &&
				    strcmp(t->pkgs[k].version, pc->packages[i]->version) == 0)
					st[i] = t->pkgs[k].status;
			}
		}
		t->packages_checked += pc->n_packages;
		ps.n_status = pc->n_packages;
		ps.status = st;
		rep.body_case = NEA__ENVELOPE__BODY_PACKAGE_STATUS;
		rep.package_status = &ps;
		reply(t, req, &rep);
		free(st);
		break;
	}
	case NEA__ENVELOPE__BODY_WORKITEM_RESULT: {
		/* nea-policyd answers with the workitems still pending */
		Nea__WorkitemList wl = NEA__WORKITEM_LIST__INIT;

		wl.session_id = 1;
		rep.body_case = NEA__ENVELOPE__BODY_WORKITEMS;
		rep.workitems = &wl;
		reply(t, req, &rep);
		break;
	}
	case NEA__ENVELOPE__BODY_SESSION_STOP: {
		Nea__SessionStopped ss = NEA__SESSION_STOPPED__INIT;

		t->stop_rec = req->session_stop->recommendation;
		t->stopped = true;
		ss.session_id = req->session_stop->session_id;
		ss.summary = (char *)"recommendation for access requestor 127.0.0.1 is no access";
		rep.body_case = NEA__ENVELOPE__BODY_SESSION_STOPPED;
		rep.session_stopped = &ss;
		reply(t, req, &rep);
		break;
	}
	default:
		cr_assert_fail("unexpected policy request case %d", (int)req->body_case);
	}
}

void ih_policy_release(ih_t *t)
{
	t->policy_hold = false;
	ih_policy_run(t);
}

void ih_policy_run(ih_t *t)
{
	if (t->policy_hold)
		return;
	while (t->policy_done < t->n_policy)
		answer(t, t->to_policy[t->policy_done++]);
}

/* ------------------------------------------------------------ lookups */

const Nea__PaMessage *ih_next_pa(ih_t *t, size_t *from, uint32_t src_imv)
{
	for (; *from < t->n_broker; (*from)++) {
		const Nea__Envelope *e = t->to_broker[*from];

		if (e->body_case == NEA__ENVELOPE__BODY_PA_MESSAGE &&
		    e->pa_message->src_id == src_imv) {
			(*from)++;
			return e->pa_message;
		}
	}
	return NULL;
}

const Nea__Recommendation *ih_rec(ih_t *t, uint32_t imv)
{
	const Nea__Recommendation *r = NULL;

	for (size_t i = 0; i < t->n_broker; i++) {
		const Nea__Envelope *e = t->to_broker[i];

		if (e->body_case == NEA__ENVELOPE__BODY_RECOMMENDATION &&
		    e->recommendation->module_id == imv)
			r = e->recommendation;
	}
	return r;
}

size_t ih_count_case(ih_t *t, int body_case)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_broker; i++)
		n += (int)t->to_broker[i]->body_case == body_case;
	for (size_t i = 0; i < t->n_policy; i++)
		n += (int)t->to_policy[i]->body_case == body_case;
	return n;
}

const Nea__WorkitemResult *ih_result(ih_t *t, uint32_t type)
{
	for (size_t i = 0; i < t->n_policy; i++) {
		const Nea__Envelope *e = t->to_policy[i];

		if (e->body_case != NEA__ENVELOPE__BODY_WORKITEM_RESULT)
			continue;
		if (e->workitem_result->workitem_id >= 1 &&
		    e->workitem_result->workitem_id <= t->n_wis &&
		    t->wis[e->workitem_result->workitem_id - 1].type == type)
			return e->workitem_result;
	}
	return NULL;
}

/* ------------------------------------------------------------ vectors */

uint8_t *ih_load(const char *rel, size_t *len)
{
	const char *src = getenv("NEA_SOURCE_DIR");
	char path[1024];
	uint8_t *out;
	size_t n = 0, cap = 1 << 16;
	int c, hi = -1;
	FILE *f;

	cr_assert_not_null(src, "NEA_SOURCE_DIR not set");
	snprintf(path, sizeof(path), "%s/tests/vectors/%s", src, rel);
	f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	out = malloc(cap);
	cr_assert_not_null(out);
	while ((c = fgetc(f)) != EOF) {
		int v = nea_hex_digit(c);

		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap) {
			cap *= 2;
			out = realloc(out, cap);
			cr_assert_not_null(out);
		}
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	fclose(f);
	*len = n;
	return out;
}

const uint8_t *ih_batch_pa(const uint8_t *batch, size_t len, size_t n, size_t *pa_len,
			   uint32_t *subtype)
{
	size_t off = 8, seen = 0;

	while (off + 12 <= len) {
		uint32_t type = nea_get_u32(batch + off + 4);
		uint32_t mlen = nea_get_u32(batch + off + 8);

		cr_assert_geq(mlen, 12);
		cr_assert_leq(off + mlen, len);
		if (type == 1 && (batch[off + 1] | batch[off + 2] | batch[off + 3]) == 0) {
			if (seen++ == n) {
				*subtype = nea_get_u32(batch + off + 16);
				*pa_len = mlen - 24;
				return batch + off + 24;
			}
		}
		off += mlen;
	}
	return NULL;
}

const uint8_t *ih_attr(const uint8_t *msg, size_t len, uint32_t vendor, uint32_t type,
		       size_t *vlen)
{
	size_t off = 8;

	while (off + 12 <= len) {
		uint32_t v = nea_get_u32(msg + off) & 0xffffff;
		uint32_t ty = nea_get_u32(msg + off + 4);
		uint32_t alen = nea_get_u32(msg + off + 8);

		if (alen < 12 || off + alen > len)
			return NULL;
		if (v == vendor && ty == type) {
			*vlen = alen - 12;
			return msg + off + 12;
		}
		off += alen;
	}
	return NULL;
}

size_t ih_attr_count(const uint8_t *msg, size_t len)
{
	size_t off = 8, n = 0;

	while (off + 12 <= len) {
		uint32_t alen = nea_get_u32(msg + off + 8);

		if (alen < 12 || off + alen > len)
			break;
		off += alen;
		n++;
	}
	return n;
}

/* ------------------------------------------------------------ messages */

#include "attr_ietf_installed_packages.h"
#include "attr_ietf_numeric_version.h"
#include "attr_ietf_op_status.h"
#include "attr_ietf_port_filter.h"
#include "attr_ietf_product_info.h"
#include "attr_ietf_string_version.h"
#include "attr_ietf_u32.h"
#include "attr_ita_blob.h"
#include "attr_names.h"
#include "attr_types.h"
#include "patnc_msg.h"

static void add(patnc_builder_t *b, uint8_t flags, uint32_t vendor, uint32_t type, const void *d)
{
	cr_assert_eq(patnc_builder_add(b, flags, vendor, type, d), 0);
}

uint8_t *ih_os_msg(const ih_os_t *os, size_t *len)
{
	patnc_builder_t b;
	uint8_t *m;

	cr_assert_eq(patnc_builder_init(&b, 0x2698cf93, 0), 0);
	if (os->name) {
		attr_ietf_product_info_t p = { PEN_DEBIAN, 0, (const uint8_t *)os->name,
					       strlen(os->name) };

		add(&b, 0, PEN_IETF, IETF_ATTR_PRODUCT_INFO, &p);
	}
	if (os->version) {
		attr_ietf_string_version_t v = { (const uint8_t *)os->version, strlen(os->version),
						 NULL, 0, NULL, 0 };

		add(&b, 0, PEN_IETF, IETF_ATTR_STRING_VERSION, &v);
	}
	if (os->numeric_and_status) {
		attr_ietf_numeric_version_t nv = { 12, 0, 0, 0, 0 };
		attr_ietf_op_status_t st = { 3, 1, "2026-11-22T20:02:45Z" };

		add(&b, 0, PEN_IETF, IETF_ATTR_NUMERIC_VERSION, &nv);
		add(&b, 0, PEN_IETF, IETF_ATTR_OP_STATUS, &st);
	}
	if (os->fwd >= 0) {
		attr_ietf_u32_t f = { (uint32_t)os->fwd };

		add(&b, 0, PEN_IETF, IETF_ATTR_FORWARDING_ENABLED, &f);
	}
	if (os->pwd >= 0) {
		attr_ietf_u32_t f = { (uint32_t)os->pwd };

		add(&b, 0, PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED, &f);
	}
	if (os->device) {
		attr_ita_blob_t d = { (const uint8_t *)os->device, strlen(os->device) };

		add(&b, 0, PEN_ITA, ITA_ATTR_DEVICE_ID, &d);
	}
	m = patnc_builder_finish(&b, len);
	cr_assert_not_null(m);
	return m;
}

uint8_t *ih_ports_msg(const ih_port_t *p, size_t n, size_t *len)
{
	attr_ietf_port_entry_t e[64];
	attr_ietf_port_filter_t pf = { e, n };
	patnc_builder_t b;
	uint8_t *m;

	cr_assert_leq(n, 64);
	for (size_t i = 0; i < n; i++)
		e[i] = (attr_ietf_port_entry_t){ p[i].blocked, p[i].proto, p[i].port };
	cr_assert_eq(patnc_builder_init(&b, 0xf8ef22d4, 0), 0);
	add(&b, PATNC_ATTR_NOSKIP, PEN_IETF, IETF_ATTR_PORT_FILTER, &pf);
	m = patnc_builder_finish(&b, len);
	cr_assert_not_null(m);
	return m;
}

uint8_t *ih_pkgs_msg(const char *const *nv, size_t *len)
{
	attr_ietf_package_t e[64];
	attr_ietf_installed_packages_t ip = { e, 0 };
	patnc_builder_t b;
	uint8_t *m;

	for (size_t i = 0; nv[2 * i]; i++) {
		cr_assert_lt(i, 64);
		e[i] = (attr_ietf_package_t){ (const uint8_t *)nv[2 * i], strlen(nv[2 * i]),
					      (const uint8_t *)nv[2 * i + 1], strlen(nv[2 * i + 1]) };
		ip.count++;
	}
	cr_assert_eq(patnc_builder_init(&b, 0xf5d993a4, 0), 0);
	add(&b, 0, PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, &ip);
	m = patnc_builder_finish(&b, len);
	cr_assert_not_null(m);
	return m;
}

uint8_t *ih_one_attr_msg(uint8_t flags, uint32_t vendor, uint32_t type, const void *data,
			 size_t *len)
{
	patnc_builder_t b;
	uint8_t *m;

	cr_assert_eq(patnc_builder_init(&b, 0x01020304, 0), 0);
	add(&b, flags, vendor, type, data);
	m = patnc_builder_finish(&b, len);
	cr_assert_not_null(m);
	return m;
}

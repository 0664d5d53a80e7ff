#include "harness.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nea_buf.h"
#include "nea_ipc.h"
#include "vec.h"

void h_init(harness_t *h)
{
	memset(h, 0, sizeof(*h));
}

void h_free(harness_t *h)
{
	for (size_t i = 0; i < h->n_host; i++)
		nea__envelope__free_unpacked(h->host[i], NULL);
	for (size_t i = 0; i < h->n_peer; i++)
		free(h->peer[i]);
	memset(h, 0, sizeof(*h));
}

static int to_host(void *arg, Nea__Envelope *env)
{
	harness_t *h = arg;
	uint8_t *buf;
	size_t len;

	if (h->host_down)
		return NEA_ECLOSED;
	cr_assert_lt(h->n_host, H_MAX_ENV);
	env->version = NEA_PROTO_VERSION;
	len = nea__envelope__get_packed_size(env);
	buf = malloc(len ? len : 1);
	cr_assert_not_null(buf);
	nea__envelope__pack(env, buf);
	h->host[h->n_host] = nea__envelope__unpack(NULL, len, buf);
	cr_assert_not_null(h->host[h->n_host], "the core sent an envelope that does not decode");
	h->n_host++;
	free(buf);
	return 0;
}

static void to_peer(void *arg, const uint8_t *batch, size_t len)
{
	harness_t *h = arg;

	cr_assert_lt(h->n_peer, H_MAX_BATCH);
	h->peer[h->n_peer] = malloc(len ? len : 1);
	cr_assert_not_null(h->peer[h->n_peer]);
	memcpy(h->peer[h->n_peer], batch, len);
	h->peer_len[h->n_peer] = len;
	h->n_peer++;
}

static void verdict(void *arg, const tnccs_verdict_t *v)
{
	harness_t *h = arg;

	h->n_verdicts++;
	h->verdict = *v;
	snprintf(h->vreason, sizeof(h->vreason), "%s", v->reason ? v->reason : "");
	snprintf(h->vlang, sizeof(h->vlang), "%s", v->reason_lang ? v->reason_lang : "");
	h->verdict.reason = h->vreason;
	h->verdict.reason_lang = h->vlang;
}

static void wait_host(void *arg, bool waiting)
{
	harness_t *h = arg;

	if (waiting)
		h->waits++;
	h->waiting = waiting;
}

tnccs_server_ops_t h_server_ops(harness_t *h)
{
	tnccs_server_ops_t ops = {
		.to_host = to_host, .to_peer = to_peer, .verdict = verdict,
		.wait_host = wait_host, .arg = h,
	};
	return ops;
}

static void done(void *arg, int error)
{
	harness_t *h = arg;

	h->n_done++;
	h->done_err = error;
}

tnccs_cc_ops_t h_client_ops(harness_t *h)
{
	tnccs_cc_ops_t ops = {
		.to_host = to_host, .to_peer = to_peer, .done = done, .wait_host = wait_host,
		.arg = h,
	};
	return ops;
}

void h_register(const char *spec, h_send_fn send, void *arg)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Module mods[8], *mp[8];
	Nea__Subscription subs[8][4], *sp[8][4];
	Nea__ModuleRegister reg = NEA__MODULE_REGISTER__INIT;
	char names[8][32], buf[256], *save = NULL, *tok;
	size_t n = 0;

	snprintf(buf, sizeof(buf), "%s", spec ? spec : "");
	for (tok = strtok_r(buf, ",", &save); tok && n < 8; tok = strtok_r(NULL, ",", &save)) {
		unsigned id, v, s;
		char name[32];

		cr_assert_eq(sscanf(tok, "%u:%31[^:]:%u/%u", &id, name, &v, &s), 4, "spec %s", tok);
		nea__module__init(&mods[n]);
		nea__subscription__init(&subs[n][0]);
		snprintf(names[n], sizeof(names[n]), "%s", name);
		mods[n].id = id;
		mods[n].name = names[n];
		subs[n][0].vendor = v;
		subs[n][0].subtype = s;
		sp[n][0] = &subs[n][0];
		mods[n].subscriptions = sp[n];
		mods[n].n_subscriptions = 1;
		mp[n] = &mods[n];
		n++;
	}
	reg.modules = mp;
	reg.n_modules = n;
	env.body_case = NEA__ENVELOPE__BODY_MODULE_REGISTER;
	env.module_register = &reg;
	send(arg, &env);
}

static void set_registry(void *arg, Nea__Envelope *env)
{
	const char *why = NULL;

	cr_assert_eq(tnccs_registry_set(arg, env->module_register, &why), 0, "registry: %s",
		     why ? why : "");
}

void h_registry(tnccs_registry_t *r, const char *kind, const char *spec)
{
	tnccs_registry_init(r, kind);
	h_register(spec, set_registry, r);
}

void h_capture_pa(const char *capture, const size_t *idx, size_t n, uint32_t conn,
		  bool from_server, h_send_fn send, void *arg)
{
	size_t len;
	uint8_t *b = h_capture(capture, &len);
	pbtnc_batch_t pb;

	h_parse(b, len, from_server, &pb);
	for (size_t i = 0; i < n; i++) {
		Nea__Envelope env;
		Nea__PaMessage pm;

		cr_assert_lt(idx[i], pb.n_msgs, "%s has no message %zu", capture, idx[i]);
		cr_assert_eq(pb.msgs[idx[i]].kind, PBTNC_KIND_PA);
		h_env_pa(&env, &pm, conn, &pb.msgs[idx[i]].u.pa, from_server);
		send(arg, &env);
	}
	pbtnc_batch_free(&pb);
	free(b);
}

size_t h_count(const harness_t *h, int body_case)
{
	size_t n = 0;

	for (size_t i = 0; i < h->n_host; i++)
		if ((int)h->host[i]->body_case == body_case)
			n++;
	return n;
}

const Nea__Envelope *h_nth(const harness_t *h, int body_case, size_t k)
{
	for (size_t i = 0; i < h->n_host; i++)
		if ((int)h->host[i]->body_case == body_case && k-- == 0)
			return h->host[i];
	return NULL;
}

int h_find(const harness_t *h, int body_case, size_t from)
{
	for (size_t i = from; i < h->n_host; i++)
		if ((int)h->host[i]->body_case == body_case)
			return (int)i;
	return -1;
}

void h_env_pa(Nea__Envelope *env, Nea__PaMessage *pm, uint32_t conn, const pbtnc_pa_t *pa,
	      bool from_imv)
{
	nea__envelope__init(env);
	nea__pa_message__init(pm);
	pm->vendor = pa->vendor;
	pm->subtype = pa->subtype;
	/* host -> broker: src = the module, dst = the peer's module */
	pm->src_id = from_imv ? pa->validator : pa->collector;
	pm->dst_id = from_imv ? pa->collector : pa->validator;
	pm->exclusive = pa->excl;
	pm->body.data = (uint8_t *)pa->body;
	pm->body.len = pa->body_len;
	env->has_conn_id = 1;
	env->conn_id = conn;
	env->body_case = NEA__ENVELOPE__BODY_PA_MESSAGE;
	env->pa_message = pm;
}

void h_env_rec(Nea__Envelope *env, Nea__Recommendation *r, uint32_t conn, uint32_t id,
	       uint32_t rec, uint32_t eval, const char *reason, const char *lang)
{
	nea__envelope__init(env);
	nea__recommendation__init(r);
	r->module_id = id;
	r->recommendation = rec;
	r->evaluation = eval;
	r->reason = (char *)reason;
	r->reason_lang = (char *)lang;
	env->has_conn_id = 1;
	env->conn_id = conn;
	env->body_case = NEA__ENVELOPE__BODY_RECOMMENDATION;
	env->recommendation = r;
}

void h_env_be(Nea__Envelope *env, Nea__BatchEnding *be, uint32_t conn)
{
	nea__envelope__init(env);
	nea__batch_ending__init(be);
	env->has_conn_id = 1;
	env->conn_id = conn;
	env->body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
	env->batch_ending = be;
}

uint8_t *h_capture(const char *name, size_t *len)
{
	char rel[256];
	vec_t v;

	snprintf(rel, sizeof(rel), "captures/%s", name);
	cr_assert(vec_load(rel, &v), "cannot load %s", rel);
	*len = v.len;
	return v.data; /* vec_free only frees data */
}

void h_parse(const uint8_t *b, size_t len, bool from_server, pbtnc_batch_t *out)
{
	pbtnc_recv_opts_t o = { .is_server = !from_server };
	nea_perr_t err = { 0 };

	cr_assert_eq(pbtnc_batch_parse(b, len, &o, out, NULL, &err), 0, "batch: %s", err.msg);
}

const uint8_t *h_msg_raw(const uint8_t *batch, const pbtnc_batch_t *b, size_t i, size_t *len)
{
	cr_assert_lt(i, b->n_msgs);
	*len = PBTNC_MSG_HDR_LEN + b->msgs[i].value_len;
	return batch + b->msgs[i].offset;
}

static char log_path[64];

static void remove_log(void)
{
	if (log_path[0])
		unlink(log_path);
}

void h_log_capture(void)
{
	int fd;

	snprintf(log_path, sizeof(log_path), "/tmp/nea-tnccs-test-XXXXXX");
	fd = mkstemp(log_path);
	cr_assert_geq(fd, 0);
	atexit(remove_log);
	fflush(stderr);
	dup2(fd, 2);
	close(fd);
}

bool h_log_contains(const char *needle)
{
	FILE *f;
	char line[4096];
	bool found = false;

	fflush(stderr);
	f = fopen(log_path, "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, needle) != NULL;
	fclose(f);
	return found;
}

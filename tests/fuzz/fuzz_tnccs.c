/*
 * fuzz_tnccs: the PB-TNC server and client cores (tnccs/) driven by a
 * script of peer batches and measurement-host envelopes taken from the
 * input. The batch parser itself is fuzz_pbtnc's; this target looks for
 * broken state handling around it: every batch a core sends must be one
 * strongSwan's receiver accepts (or a CLOSE with a PB-Error) and fit the
 * batch limit, the server's verdict fires at most once, and nothing leaks
 * or crashes whatever order the host and the peer choose.
 *
 * Input: records of op(1) len(2, big-endian) data(len).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nea_log.h"
#include "pbtnc_batch.h"
#include "tnccs_client_core.h"
#include "tnccs_limits.h"
#include "tnccs_registry.h"
#include "tnccs_server.h"

typedef struct {
	bool is_server;
	size_t max_batch;
	int verdicts;
	int dones;
} ctx_t;

static int to_host(void *arg, Nea__Envelope *env)
{
	(void)arg;
	/* what crosses module.proto must encode */
	env->version = 1;
	if (nea__envelope__get_packed_size(env) == 0)
		abort();
	return 0;
}

static void to_peer(void *arg, const uint8_t *b, size_t len)
{
	ctx_t *c = arg;
	pbtnc_recv_opts_t o = { .is_server = !c->is_server };
	pbtnc_batch_t pb;

	if (len > c->max_batch)
		abort();
	if (pbtnc_batch_parse(b, len, &o, &pb, NULL, NULL) != 0)
		abort(); /* we built something a peer would refuse */
	pbtnc_batch_free(&pb);
}

static void verdict(void *arg, const tnccs_verdict_t *v)
{
	ctx_t *c = arg;

	(void)v;
	if (++c->verdicts > 1)
		abort();
}

static void done(void *arg, int err)
{
	ctx_t *c = arg;

	(void)err;
	if (++c->dones > 1)
		abort();
}

static void registry(tnccs_registry_t *r)
{
	Nea__Module m[3], *mp[3] = { &m[0], &m[1], &m[2] };
	Nea__Subscription s[3], *sp[3] = { &s[0], &s[1], &s[2] };
	Nea__ModuleRegister reg = NEA__MODULE_REGISTER__INIT;
	static const uint32_t sub[] = { 1, 5, 0xff };
	static const uint32_t ven[] = { 0, 0, 0xffffff };
	const char *why;

	tnccs_registry_init(r, "IMV");
	for (int i = 0; i < 3; i++) {
		nea__module__init(&m[i]);
		nea__subscription__init(&s[i]);
		m[i].id = (uint32_t)i + 1;
		m[i].name = (char *)"M";
		s[i].vendor = ven[i];
		s[i].subtype = sub[i];
		m[i].subscriptions = &sp[i];
		m[i].n_subscriptions = 1;
	}
	reg.modules = mp;
	reg.n_modules = 3;
	tnccs_registry_set(r, &reg, &why);
}

static void host_env(const uint8_t *d, size_t n, uint8_t op, Nea__Envelope *env,
		     Nea__PaMessage *pm, Nea__Recommendation *rec, Nea__BatchEnding *be,
		     Nea__HandshakeRetry *rt)
{
	nea__envelope__init(env);
	env->has_conn_id = 1;
	env->conn_id = 1;
	switch (op % 4) {
	case 0:
		nea__batch_ending__init(be);
		env->body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
		env->batch_ending = be;
		break;
	case 1:
		nea__pa_message__init(pm);
		pm->vendor = n > 0 ? d[0] : 0;
		pm->subtype = n > 1 ? d[1] : 1;
		pm->src_id = n > 2 ? d[2] % 5 : 1;
		pm->dst_id = n > 3 ? (d[3] == 0xff ? 0xffff : d[3]) : 0xffff;
		pm->exclusive = n > 4 && (d[4] & 1);
		pm->body.data = (uint8_t *)(n > 5 ? d + 5 : d);
		pm->body.len = n > 5 ? n - 5 : 0;
		env->body_case = NEA__ENVELOPE__BODY_PA_MESSAGE;
		env->pa_message = pm;
		break;
	case 2:
		nea__recommendation__init(rec);
		rec->module_id = n > 0 ? d[0] % 5 : 1;
		rec->recommendation = n > 1 ? d[1] % 6 : 0;
		rec->evaluation = n > 2 ? d[2] % 7 : 0;
		rec->reason = (char *)(n > 3 && (d[3] & 1) ? "reason" : NULL);
		rec->reason_lang = (char *)"en";
		env->body_case = NEA__ENVELOPE__BODY_RECOMMENDATION;
		env->recommendation = rec;
		break;
	default:
		nea__handshake_retry__init(rt);
		rt->module_id = 1;
		env->body_case = NEA__ENVELOPE__BODY_RETRY;
		env->retry = rt;
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool quiet;
	tnccs_registry_t reg;
	tnccs_server_t *srv = NULL;
	tnccs_cc_t *cc = NULL;
	ctx_t sctx = { .is_server = true }, cctx = { .is_server = false };
	tnccs_server_ops_t sops = { to_host, to_peer, verdict, NULL, &sctx };
	tnccs_cc_ops_t cops = { to_host, to_peer, done, NULL, &cctx };
	tnccs_server_opts_t so = { .conn_id = 1, .transport = NEA__TRANSPORT__TRANSPORT_PT_EAP,
				   .failsafe_rec = 1, .peer_addr = "10.0.0.1", .reg = &reg };
	tnccs_cc_opts_t co = { .transport = NEA__TRANSPORT__TRANSPORT_PT_EAP, .reg = &reg };
	size_t off = 0;

	if (!quiet) {
		nea_log_set_default(-1);
		quiet = true;
	}
	registry(&reg);
	/* a small batch limit makes the split-across-batches paths reachable */
	tnccs_limits_compute(so.transport, size > 0 ? 64 + data[0] * 16 : -1, -1, 0, 0, &so.lim,
			     NULL);
	co.lim = so.lim;
	sctx.max_batch = cctx.max_batch = so.lim.max_batch;
	if (tnccs_server_new(&so, &sops, &srv) < 0 || tnccs_cc_new(&co, &cops, &cc) < 0)
		goto out;
	tnccs_cc_start(cc);
	if (size > 0)
		off = 1;
	while (off + 3 <= size) {
		uint8_t op = data[off];
		size_t n = ((size_t)data[off + 1] << 8) | data[off + 2];
		const uint8_t *d = data + off + 3;
		Nea__Envelope env;
		Nea__PaMessage pm;
		Nea__Recommendation rec;
		Nea__BatchEnding be;
		Nea__HandshakeRetry rt;

		off += 3;
		if (n > size - off)
			n = size - off;
		off += n;
		switch (op % 10) {
		case 0:
			tnccs_server_recv(srv, d, n);
			break;
		case 1:
		case 2:
			host_env(d, n, op / 10, &env, &pm, &rec, &be, &rt);
			tnccs_server_host_msg(srv, &env);
			break;
		case 3:
			tnccs_server_host_lost(srv, "fuzz");
			break;
		case 4:
			tnccs_server_host_timeout(srv);
			break;
		case 5:
			tnccs_cc_recv(cc, d, n);
			break;
		case 6:
		case 7:
			host_env(d, n, op / 10, &env, &pm, &rec, &be, &rt);
			tnccs_cc_host_msg(cc, &env);
			break;
		case 8:
			tnccs_cc_host_timeout(cc);
			break;
		default:
			tnccs_registry_detach(&reg);
			tnccs_cc_host_lost(cc, "fuzz");
			break;
		}
	}
out:
	tnccs_server_free(srv);
	tnccs_cc_free(cc);
	tnccs_registry_free(&reg);
	return 0;
}

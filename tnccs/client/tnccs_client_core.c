#include "tnccs_client_core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pbtnc_batch.h"
#include "tnc_names.h"
#include "tnccs_attrs.h"
#include "tnccs_conn.h"
#include "tnccs_turn.h"

struct tnccs_cc {
	tnccs_conn_t c;
	tnccs_cc_ops_t ops;
	tnccs_registry_t *reg;
	tnccs_peer_t peer;
	char lang[TNCCS_MAX_LANG + 1];
	tnccs_result_t result;
	uint64_t gen;
	bool started;
	bool created;
	bool host_ok;
	tnccs_turn_t t;           /* host_wait, ended, the held batch */
	bool retry_requested;
};

static void answer(tnccs_cc_t *cc);

static bool host_current(const tnccs_cc_t *cc)
{
	return cc->reg->attached && cc->reg->generation == cc->gen;
}

static int to_host(tnccs_cc_t *cc, Nea__Envelope *env)
{
	int rc;

	if (!cc->host_ok)
		return NEA_ECLOSED;
	env->conn_id = cc->c.id;
	env->has_conn_id = 1;
	rc = cc->ops.to_host(cc->ops.arg, env);
	if (rc < 0) {
		NLOG(TNC, 1, "Connection ID %u: cannot reach the IMC host (%s); going on without IMCs",
		     cc->c.id, nea_strerror(rc));
		cc->host_ok = false;
	}
	return rc;
}

static int host_state(tnccs_cc_t *cc, Nea__ConnState st, Nea__ConnAttributes *attrs)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnStateChange csc = NEA__CONN_STATE_CHANGE__INIT;

	csc.state = st;
	csc.attrs = attrs;
	env.body_case = NEA__ENVELOPE__BODY_CONN_STATE;
	env.conn_state = &csc;
	return to_host(cc, &env);
}

/* Ask the host for its answer: BatchEnding (or HANDSHAKE) then wait. */
static bool ask_host(tnccs_cc_t *cc, Nea__Envelope *env)
{
	if (!cc->host_ok || to_host(cc, env) < 0)
		return false;
	tnccs_turn_set_waiting(&cc->t, cc->t.host_wait + 1);
	return true;
}

static bool ask_batch_ending(tnccs_cc_t *cc)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__BatchEnding be = NEA__BATCH_ENDING__INIT;

	env.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
	env.batch_ending = &be;
	return ask_host(cc, &env);
}

static bool ask_handshake(tnccs_cc_t *cc)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnStateChange csc = NEA__CONN_STATE_CHANGE__INIT;

	csc.state = NEA__CONN_STATE__CONN_HANDSHAKE;
	env.body_case = NEA__ENVELOPE__BODY_CONN_STATE;
	env.conn_state = &csc;
	return ask_host(cc, &env);
}

static void end_connection(tnccs_cc_t *cc, int error, const char *why)
{
	if (cc->t.ended)
		return;
	cc->t.ended = true;
	tnccs_turn_set_waiting(&cc->t, 0);
	if (cc->c.fatal)
		NLOG(TNC, 1, "a fatal PB-TNC error occurred, terminating connection");
	if (!error && cc->result.have_result && !cc->c.fatal) {
		cc->result.complete = true;
	} else {
		if (!error)
			error = NEA_ECLOSED;
		snprintf(cc->result.error, sizeof(cc->result.error), "%s",
			 why ? why : "the assessment ended without a result");
		NLOG(TNC, 1, "Connection ID %u: %s", cc->c.id, cc->result.error);
	}
	if (cc->ops.done)
		cc->ops.done(cc->ops.arg, error);
}

static void send_batch(tnccs_cc_t *cc)
{
	uint8_t *out;
	size_t len;
	int rc;

	NLOG(TNC, 2, "TNC client is handling outbound connection");
	rc = tnccs_conn_build(&cc->c, &out, &len);
	if (rc < 0) {
		cc->c.fatal = true;
		end_connection(cc, rc, "no PB-TNC batch could be built");
		return;
	}
	cc->ops.to_peer(cc->ops.arg, out, len);
	free(out);
	if (cc->c.state == PBTNC_STATE_END)
		end_connection(cc, cc->c.fatal ? NEA_EINVAL : 0,
			       cc->c.fatal ? "PB-TNC protocol error" : NULL);
}

/* strongSwan's tnccs_20_client build(). */
static void answer(tnccs_cc_t *cc)
{
	if (cc->t.ended)
		return;
	if (cc->retry_requested) {
		if (cc->c.state != PBTNC_STATE_INIT && cc->c.batch_type != PBTNC_BATCH_CRETRY)
			tnccs_conn_set_type(&cc->c, PBTNC_BATCH_CRETRY);
		cc->retry_requested = false;
	}
	if (cc->c.state == PBTNC_STATE_DECIDED && cc->c.batch_type == PBTNC_BATCH_CDATA) {
		/* nothing but CLOSE or CRETRY may follow a RESULT */
		tnccs_conn_set_type(&cc->c, PBTNC_BATCH_NONE);
	}
	if (cc->c.batch_type == PBTNC_BATCH_NONE) {
		if (cc->c.state == PBTNC_STATE_CLIENT_WORKING) {
			NLOG(TNC, 2, "no client data to send, sending empty PB-TNC CDATA batch");
			cc->c.batch_type = PBTNC_BATCH_CDATA;
		} else if (cc->c.state == PBTNC_STATE_DECIDED) {
			cc->c.batch_type = PBTNC_BATCH_CLOSE;
		}
	}
	send_batch(cc);
}

static void host_failed(tnccs_cc_t *cc, const char *why)
{
	if (!cc->host_ok && !cc->t.host_wait)
		return;
	if (cc->host_ok)
		NLOG(TNC, 1, "Connection ID %u: %s; going on without IMCs", cc->c.id, why);
	cc->host_ok = false;
	if (cc->t.host_wait) {
		tnccs_turn_set_waiting(&cc->t, 0);
		answer(cc);
		tnccs_turn_drain(&cc->t);
	}
}

/* ---- receiving ---------------------------------------------------------- */

static void deliver_pa(tnccs_cc_t *cc, const pbtnc_pa_t *pa, uint8_t batch_type)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__PaMessage pm = NEA__PA_MESSAGE__INIT;
	tnccs_pa_rec_t rec = {
		.vendor = pa->vendor, .subtype = pa->subtype, .imc_id = pa->collector,
		.imv_id = pa->validator, .excl = pa->excl, .batch_type = batch_type,
		.body = (uint8_t *)pa->body, .len = pa->body_len,
	};
	char name[96];

	pa_subtype_str(name, sizeof(name), pa->vendor, pa->subtype);
	NLOG(TNC, 2, "handling PB-PA message type '%s' 0x%06x/0x%08x", name, pa->vendor,
	     pa->subtype);
	if (tnccs_result_add_pa(&cc->result, &rec) < 0)
		NLOG(TNC, 2, "Connection ID %u: PA message not kept for display (limit reached)",
		     cc->c.id);
	if (!cc->host_ok)
		return;
	if (!tnccs_registry_routes(cc->reg, pa->vendor, pa->subtype, pa->excl, pa->collector)) {
		NLOG(TNC, 2, "message type 0x%06x/0x%08x not supported by any IMC", pa->vendor,
		     pa->subtype);
		return;
	}
	tnccs_pa_to_host(pa, false, &env, &pm);
	to_host(cc, &env);
}

static void record_remediation(tnccs_cc_t *cc, const pbtnc_remed_t *r)
{
	const uint8_t *text = NULL, *lang = NULL;
	size_t tlen = 0, llen = 0;

	if (r->vendor == TNC_PEN_IETF && r->type == PBTNC_REMED_URI) {
		text = r->str;
		tlen = r->str_len;
		NLOG(TNC, 1, "remediation uri: %.*s", (int)(tlen > 1024 ? 1024 : tlen),
		     (const char *)text);
	} else if (r->vendor == TNC_PEN_IETF && r->type == PBTNC_REMED_STRING) {
		text = r->str;
		tlen = r->str_len;
		lang = r->lang;
		llen = r->lang_len;
		NLOG(TNC, 1, "remediation string: [%.*s]\n%.*s", (int)llen, (const char *)lang,
		     (int)(tlen > 4096 ? 4096 : tlen), (const char *)text);
	} else {
		NLOG(TNC, 1, "remediation parameters 0x%06x/0x%08x: %zu bytes", r->vendor, r->type,
		     r->params_len);
	}
	if (tnccs_result_add_remediation(&cc->result, r->vendor, r->type, text, tlen, lang, llen,
					 r->params, r->params_len) < 0)
		NLOG(TNC, 1, "Connection ID %u: remediation parameters not kept (limit reached)",
		     cc->c.id);
}

static void handle_msgs(tnccs_cc_t *cc, const pbtnc_batch_t *b)
{
	for (size_t i = 0; i < b->n_msgs; i++) {
		const pbtnc_msg_t *m = &b->msgs[i];
		const char *n;

		if (m->skip)
			continue;
		switch (m->kind) {
		case PBTNC_KIND_PA:
			deliver_pa(cc, &m->u.pa, b->hdr.type);
			break;
		case PBTNC_KIND_ASSESSMENT_RESULT:
			n = tnc_eval_name(m->u.assessment);
			NLOG(TNC, 1, "PB-TNC assessment result is '%s'", n ? n : "unknown");
			cc->result.have_evaluation = true;
			cc->result.evaluation = m->u.assessment;
			break;
		case PBTNC_KIND_ACCESS_RECOMMENDATION:
			n = pbtnc_access_name(m->u.access);
			NLOG(TNC, 1, "PB-TNC access recommendation is '%s'", n ? n : "unknown");
			cc->result.have_access = true;
			cc->result.access = m->u.access;
			cc->result.recommendation =
				m->u.access == PBTNC_ACCESS_ALLOWED ? TNC_REC_ALLOW :
				m->u.access == PBTNC_ACCESS_QUARANTINED ? TNC_REC_ISOLATE :
									 TNC_REC_NO_ACCESS;
			break;
		case PBTNC_KIND_REMEDIATION_PARAMETERS:
			record_remediation(cc, &m->u.remed);
			break;
		case PBTNC_KIND_ERROR:
			tnccs_conn_log_error(&cc->c, &m->u.error);
			break;
		case PBTNC_KIND_REASON_STRING:
			NLOG(TNC, 1, "reason string is '%.*s' [%.*s]",
			     (int)(m->u.reason.reason_len > 4096 ? 4096 : m->u.reason.reason_len),
			     (const char *)m->u.reason.reason, (int)m->u.reason.lang_len,
			     (const char *)m->u.reason.lang);
			if (tnccs_result_add_reason(&cc->result, m->u.reason.reason,
						    m->u.reason.reason_len, m->u.reason.lang,
						    m->u.reason.lang_len) < 0)
				NLOG(TNC, 1, "Connection ID %u: reason string not kept (limit reached)",
				     cc->c.id);
			break;
		case PBTNC_KIND_PDP_REFERRAL:
			if (m->u.pdp.typed && m->u.pdp.id_type == 0 && m->u.pdp.protocol == 0)
				NLOG(TNC, 1, "PDP server '%.*s' is listening on port %u",
				     (int)(m->u.pdp.addr_len > 255 ? 255 : m->u.pdp.addr_len),
				     (const char *)m->u.pdp.addr, m->u.pdp.port);
			break;
		default:
			break;
		}
	}
}

/* After a RESULT: what the server decided, for the IMCs to show. */
static void tell_outcome(tnccs_cc_t *cc)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__AssessmentOutcome ao = NEA__ASSESSMENT_OUTCOME__INIT;
	char *rem[TNCCS_RESULT_MAX_REMEDIATIONS];
	const tnccs_result_t *r = &cc->result;
	Nea__ConnState st;

	ao.recommendation = r->have_access ? r->access : PBTNC_ACCESS_DENIED;
	ao.evaluation = r->have_evaluation ? r->evaluation : TNC_EVAL_DONT_KNOW;
	if (r->n_reasons) {
		ao.reason = r->reasons[0].text;
		ao.reason_lang = r->reasons[0].lang;
	}
	for (size_t i = 0; i < r->n_remediations; i++)
		rem[i] = r->remediations[i].text;
	ao.n_remediation = r->n_remediations;
	ao.remediation = r->n_remediations ? rem : NULL;
	env.body_case = NEA__ENVELOPE__BODY_OUTCOME;
	env.outcome = &ao;
	to_host(cc, &env);
	st = r->recommendation == TNC_REC_ALLOW ? NEA__CONN_STATE__CONN_ACCESS_ALLOWED :
	     r->recommendation == TNC_REC_ISOLATE ? NEA__CONN_STATE__CONN_ACCESS_ISOLATED :
						    NEA__CONN_STATE__CONN_ACCESS_NONE;
	host_state(cc, st, NULL);
}

static void recv_batch(tnccs_cc_t *cc, const uint8_t *data, size_t len)
{
	pbtnc_batch_t b;
	uint8_t type;
	bool empty;

	if (tnccs_conn_recv(&cc->c, data, len, &b) < 0) {
		send_batch(cc); /* the CLOSE with the PB-Error */
		return;
	}
	type = b.hdr.type;
	empty = b.n_msgs == 0;
	if (type == PBTNC_BATCH_SRETRY && cc->host_ok)
		ask_handshake(cc); /* the IMCs start over */
	if (type == PBTNC_BATCH_RESULT)
		cc->result.have_result = true;
	handle_msgs(cc, &b);
	pbtnc_batch_free(&b);
	if (type == PBTNC_BATCH_CLOSE) {
		if (!empty)
			cc->c.fatal = true;
		end_connection(cc, empty && !cc->c.fatal ? 0 : NEA_EINVAL,
			       empty ? "the server closed the connection before a result"
				     : "the server closed the connection with an error");
		return;
	}
	if (type == PBTNC_BATCH_RESULT && cc->host_ok)
		tell_outcome(cc);
	if (ask_batch_ending(cc))
		return; /* answer when the host is done */
	if (!cc->t.host_wait)
		answer(cc);
}

static void handle_batch(void *arg, const uint8_t *data, size_t len)
{
	recv_batch(arg, data, len);
}

void tnccs_cc_recv(tnccs_cc_t *cc, const uint8_t *data, size_t len)
{
	int rc;

	if (cc->t.ended) {
		NLOG(TNC, 1, "Connection ID %u: PB-TNC batch after the end of the connection ignored",
		     cc->c.id);
		return;
	}
	/* before tnccs_cc_start() no batch is expected at all */
	rc = cc->started ? tnccs_turn_recv(&cc->t, data, len) : NEA_ESTATE;
	if (rc == NEA_ESTATE) {
		NLOG(TNC, 1, "Connection ID %u: PB-TNC batch from the server out of turn; terminating connection",
		     cc->c.id);
		cc->c.fatal = true;
		end_connection(cc, NEA_ESTATE, "the server broke PB-TNC half-duplex order");
	} else if (rc < 0) {
		end_connection(cc, NEA_ENOMEM, "out of memory");
	}
}

/* ---- the IMC host ---------------------------------------------------------- */

static void host_pa(tnccs_cc_t *cc, const Nea__PaMessage *pm)
{
	pbtnc_msg_t m;
	char name[96];

	if (!cc->t.host_wait) {
		NLOG(TNC, 1, "IMC %u not allowed to call SendMessage()", pm->src_id);
		return;
	}
	if (!tnccs_pa_from_host_ok(pm) || !tnccs_registry_find(cc->reg, pm->src_id)) {
		NLOG(TNC, 1,
		     "Connection ID %u: PA message from IMC %u with vendor 0x%x, subtype 0x%x, IMV %u refused",
		     cc->c.id, pm->src_id, pm->vendor, pm->subtype, pm->dst_id);
		return;
	}
	pa_subtype_str(name, sizeof(name), pm->vendor, pm->subtype);
	NLOG(TNC, 2, "creating PB-PA message type '%s' 0x%06x/0x%08x", name, pm->vendor,
	     pm->subtype);
	if (cc->c.batch_type == PBTNC_BATCH_NONE)
		cc->c.batch_type = PBTNC_BATCH_CDATA;
	if (cc->c.batch_type != PBTNC_BATCH_CDATA) {
		NLOG(TNC, 2, "Connection ID %u: PB-PA message from IMC %u dropped: a %s batch is due",
		     cc->c.id, pm->src_id, pbtnc_batch_type_name(cc->c.batch_type));
		return;
	}
	tnccs_pa_from_host(pm, false, &m);
	if (tnccs_conn_add(&cc->c, &m) < 0)
		NLOG(TNC, 1, "Connection ID %u: PB-PA message from IMC %u dropped: too much queued",
		     cc->c.id, pm->src_id);
}

void tnccs_cc_host_msg(tnccs_cc_t *cc, const Nea__Envelope *env)
{
	if (cc->t.ended || !cc->host_ok || !host_current(cc)) {
		NLOG(TNC, 2, "Connection ID %u: late message from the IMC host ignored", cc->c.id);
		return;
	}
	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_PA_MESSAGE:
		host_pa(cc, env->pa_message);
		break;
	case NEA__ENVELOPE__BODY_RETRY:
		NLOG(TNC, 1, "IMC %u requests a handshake retry for Connection ID %u%s%s",
		     env->retry->module_id, cc->c.id, env->retry->reason ? ": " : "",
		     env->retry->reason ? env->retry->reason : "");
		cc->retry_requested = true;
		break;
	case NEA__ENVELOPE__BODY_BATCH_ENDING:
		if (!cc->t.host_wait) {
			NLOG(TNC, 1, "Connection ID %u: unexpected BatchEnding from the IMC host",
			     cc->c.id);
			break;
		}
		tnccs_turn_set_waiting(&cc->t, cc->t.host_wait - 1);
		if (cc->t.host_wait)
			break;
		answer(cc);
		tnccs_turn_drain(&cc->t);
		break;
	default:
		NLOG(TNC, 1, "Connection ID %u: message case %d from the IMC host ignored", cc->c.id,
		     (int)env->body_case);
		break;
	}
}

void tnccs_cc_host_lost(tnccs_cc_t *cc, const char *why)
{
	if (!cc->t.ended)
		host_failed(cc, why ? why : "the IMC host went away");
}

void tnccs_cc_host_timeout(tnccs_cc_t *cc)
{
	if (!cc->t.ended && cc->t.host_wait)
		host_failed(cc, "the IMC host did not answer in time");
}

/* ---- life cycle ------------------------------------------------------------- */

int tnccs_cc_new(const tnccs_cc_opts_t *o, const tnccs_cc_ops_t *ops, tnccs_cc_t **out)
{
	tnccs_cc_t *cc = calloc(1, sizeof(*cc));
	const char *lang = o->language ? o->language : TNCCS_DEFAULT_LANG;
	int rc;

	*out = NULL;
	if (!cc)
		return NEA_ENOMEM;
	if (strlen(lang) > TNCCS_MAX_LANG || strchr(lang, '\n') || strchr(lang, '\r')) {
		free(cc);
		return NEA_EINVAL;
	}
	rc = tnccs_peer_init(&cc->peer, o->transport, o->server_addr, o->identities,
			     o->n_identities, o->lim.max_msg);
	if (rc < 0) {
		free(cc);
		return rc;
	}
	snprintf(cc->lang, sizeof(cc->lang), "%s", lang);
	tnccs_conn_init(&cc->c, false, o->conn_id ? o->conn_id : 1, &o->lim, 0);
	cc->ops = *ops;
	cc->t.handle = handle_batch;
	cc->t.arg = cc;
	cc->t.wait_host = ops->wait_host;
	cc->t.wait_arg = ops->arg;
	cc->reg = o->reg;
	*out = cc;
	return 0;
}

int tnccs_cc_start(tnccs_cc_t *cc)
{
	Nea__ConnAttributes attrs;
	Nea__Identity idbuf[TNCCS_MAX_IDENTITIES], *idptrs[TNCCS_MAX_IDENTITIES];
	pbtnc_msg_t m;
	int rc;

	if (cc->started)
		return NEA_ESTATE;
	cc->started = true;
	NLOG(TNC, 2, "TNC client is handling outbound connection");
	NLOG(TNC, 1, "assigned TNCCS Connection ID %u", cc->c.id);
	pbtnc_msg_init(&m, PBTNC_KIND_LANGUAGE_PREFERENCE);
	m.u.lang.lang = (const uint8_t *)cc->lang;
	m.u.lang.lang_len = strlen(cc->lang);
	rc = tnccs_conn_add(&cc->c, &m);
	if (rc < 0)
		return rc;
	cc->gen = cc->reg->generation;
	cc->host_ok = cc->reg->attached;
	if (!cc->host_ok) {
		NLOG(TNC, 1, "Connection ID %u: no IMC host attached; assessing without IMCs",
		     cc->c.id);
		send_batch(cc);
		return 0;
	}
	cc->created = true;
	tnccs_attrs_fill(&cc->peer, cc->lang, &attrs, idbuf, idptrs);
	if (host_state(cc, NEA__CONN_STATE__CONN_CREATE, &attrs) < 0 || !ask_handshake(cc)) {
		send_batch(cc);
		return 0;
	}
	return 0; /* the first CDATA goes out at the host's BatchEnding */
}

bool tnccs_cc_waiting(const tnccs_cc_t *cc)
{
	return cc->t.host_wait > 0;
}

bool tnccs_cc_ended(const tnccs_cc_t *cc)
{
	return cc->t.ended;
}

bool tnccs_cc_started(const tnccs_cc_t *cc)
{
	return cc->started;
}

uint32_t tnccs_cc_id(const tnccs_cc_t *cc)
{
	return cc->c.id;
}

pbtnc_state_t tnccs_cc_state(const tnccs_cc_t *cc)
{
	return cc->c.state;
}

const tnccs_result_t *tnccs_cc_result(const tnccs_cc_t *cc)
{
	return &cc->result;
}

void tnccs_cc_free(tnccs_cc_t *cc)
{
	if (!cc)
		return;
	if (cc->created && cc->host_ok && host_current(cc))
		host_state(cc, NEA__CONN_STATE__CONN_DELETE, NULL);
	if (cc->started)
		NLOG(TNC, 1, "removed TNCCS Connection ID %u", cc->c.id);
	tnccs_turn_free(&cc->t);
	tnccs_result_free(&cc->result);
	tnccs_peer_free(&cc->peer);
	tnccs_conn_free(&cc->c);
	free(cc);
}

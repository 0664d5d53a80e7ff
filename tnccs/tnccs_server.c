#include "tnccs_server.h"

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

struct tnccs_server {
	tnccs_conn_t c;
	tnccs_server_ops_t ops;
	tnccs_registry_t *reg;
	tnccs_peer_t peer;
	char desc[96];            /* "PT-TLS 127.0.0.1" for log lines */
	tnccs_recs_t recs;
	tnccs_policy_t policy;
	uint32_t failsafe_rec;
	uint64_t gen;             /* registry generation of the host told CREATE */
	bool created;             /* the host was told CREATE */
	bool host_ok;             /* the host takes part in this connection */
	tnccs_turn_t t;           /* host_wait, ended, the held batch */
	bool soliciting;
	bool retry_requested;
};

static void next_batch(tnccs_server_t *s);

Nea__ConnState tnccs_access_state(uint32_t rec)
{
	switch (rec) {
	case TNC_REC_ALLOW: return NEA__CONN_STATE__CONN_ACCESS_ALLOWED;
	case TNC_REC_ISOLATE: return NEA__CONN_STATE__CONN_ACCESS_ISOLATED;
	default: return NEA__CONN_STATE__CONN_ACCESS_NONE;
	}
}

static const char *rec_name(uint32_t rec)
{
	const char *n = tnc_action_rec_name(rec);

	return n ? n : "unknown";
}

static const char *eval_name(uint32_t eval)
{
	const char *n = tnc_eval_name(eval);

	return n ? n : "unknown";
}

static const char *module_name(const tnccs_server_t *s, uint32_t id)
{
	const tnccs_module_t *m = tnccs_registry_find(s->reg, id);

	return m ? m->name : "?";
}

/* ---- talking to the host --------------------------------------------- */

static bool host_current(const tnccs_server_t *s)
{
	return s->reg->attached && s->reg->generation == s->gen;
}

static int to_host(tnccs_server_t *s, Nea__Envelope *env)
{
	int rc;

	env->conn_id = s->c.id;
	env->has_conn_id = 1;
	rc = s->ops.to_host(s->ops.arg, env);
	if (rc < 0 && s->host_ok) {
		NLOG(TNC, 1, "Connection ID %u (%s): cannot reach the measurement host: %s",
		     s->c.id, s->desc, nea_strerror(rc));
	}
	return rc;
}

static int host_state(tnccs_server_t *s, Nea__ConnState st, Nea__ConnAttributes *attrs)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ConnStateChange csc = NEA__CONN_STATE_CHANGE__INIT;

	csc.state = st;
	csc.attrs = attrs;
	env.body_case = NEA__ENVELOPE__BODY_CONN_STATE;
	env.conn_state = &csc;
	return to_host(s, &env);
}

/* Every module still without a recommendation gets the fail-safe one. */
static void impose_failsafe(tnccs_server_t *s, const char *why)
{
	char names[512];
	size_t off = 0;
	bool any = false;

	names[0] = '\0';
	for (size_t i = 0; i < s->recs.n; i++) {
		tnccs_rec_t *e = &s->recs.e[i];
		int w;

		if (e->have)
			continue;
		tnccs_recs_provide(&s->recs, e->id, s->failsafe_rec, TNC_EVAL_ERROR, true);
		if (tnccs_recs_set_reason(&s->recs, e->id, TNCCS_FAILSAFE_REASON,
					  strlen(TNCCS_FAILSAFE_REASON), "en", 2) < 0)
			NLOG(TNC, 0, "Connection ID %u: out of memory for a reason string", s->c.id);
		if (e->id)
			w = snprintf(names + off, sizeof(names) - off, "%sIMV %u \"%s\"",
				     any ? ", " : "", e->id, module_name(s, e->id));
		else
			w = snprintf(names + off, sizeof(names) - off, "%sthe measurement host",
				     any ? ", " : "");
		if (w > 0 && (size_t)w < sizeof(names) - off)
			off += (size_t)w;
		any = true;
	}
	if (any)
		NLOG(TNC, 1,
		     "Connection ID %u (%s): %s; fail-safe recommendation '%s' and evaluation 'error' for %s",
		     s->c.id, s->desc, why, rec_name(s->failsafe_rec), names);
}

static void host_failed(tnccs_server_t *s, const char *why)
{
	if (!s->host_ok)
		return;
	s->host_ok = false;
	impose_failsafe(s, why);
	if (s->t.host_wait) {
		s->soliciting = false;
		tnccs_turn_set_waiting(&s->t, 0);
		next_batch(s);
		tnccs_turn_drain(&s->t);
	}
}

/* strongSwan creates its server, and so the IMV states, on the first batch. */
static void announce(tnccs_server_t *s, const uint8_t *data, size_t len)
{
	Nea__ConnAttributes attrs;
	Nea__Identity idbuf[TNCCS_MAX_IDENTITIES], *idptrs[TNCCS_MAX_IDENTITIES];
	pbtnc_state_t init = PBTNC_STATE_INIT;
	pbtnc_recv_opts_t o = { .is_server = true, .state = &init };
	pbtnc_batch_t b;
	char lang[TNCCS_MAX_LANG + 1] = TNCCS_DEFAULT_LANG;
	uint32_t ids[TNCCS_MAX_MODULES];
	size_t n = 0;

	s->created = true;
	/* the language is part of CREATE: peek at the first batch for it */
	if (pbtnc_batch_parse(data, len, &o, &b, NULL, NULL) == 0) {
		for (size_t i = 0; i < b.n_msgs; i++)
			if (b.msgs[i].kind == PBTNC_KIND_LANGUAGE_PREFERENCE &&
			    b.msgs[i].u.lang.lang_len < sizeof(lang)) {
				memcpy(lang, b.msgs[i].u.lang.lang, b.msgs[i].u.lang.lang_len);
				lang[b.msgs[i].u.lang.lang_len] = '\0';
			}
		pbtnc_batch_free(&b);
	}
	for (size_t i = 0; i < s->reg->n && i < TNCCS_MAX_MODULES; i++)
		ids[n++] = s->reg->mods[i].id;
	if (!s->reg->attached && n == 0)
		ids[n++] = 0; /* stands for the host that never registered */
	if (tnccs_recs_init(&s->recs, ids, n) < 0)
		NLOG(TNC, 0, "Connection ID %u: out of memory for recommendations", s->c.id);
	s->gen = s->reg->generation;
	if (!s->reg->attached) {
		s->host_ok = false;
		impose_failsafe(s, "no measurement host is attached");
		return;
	}
	s->host_ok = true;
	if (s->reg->n == 0)
		NLOG(TNC, 1, "there are no IMVs to make a recommendation");
	tnccs_attrs_fill(&s->peer, lang, &attrs, idbuf, idptrs);
	if (host_state(s, NEA__CONN_STATE__CONN_CREATE, &attrs) < 0 ||
	    host_state(s, NEA__CONN_STATE__CONN_HANDSHAKE, NULL) < 0)
		host_failed(s, TNCCS_FAILSAFE_REASON);
}

/* ---- building batches -------------------------------------------------- */

static void end_connection(tnccs_server_t *s, bool complete, const char *why)
{
	tnccs_verdict_t v = { .recommendation = TNC_REC_NO_ACCESS, .evaluation = TNC_EVAL_ERROR };
	uint32_t rec, eval;

	if (s->t.ended)
		return;
	s->t.ended = true;
	tnccs_turn_set_waiting(&s->t, 0);
	if (s->c.fatal)
		NLOG(TNC, 1, "a fatal PB-TNC error occurred, terminating connection");
	if (complete && !s->c.fatal && tnccs_recs_have(&s->recs, s->policy, &rec, &eval)) {
		v.recommendation = rec;
		v.evaluation = eval;
		v.failsafe = tnccs_recs_any_failsafe(&s->recs);
		for (size_t i = 0; i < s->recs.n; i++)
			if (s->recs.e[i].reason) {
				v.reason = s->recs.e[i].reason;
				v.reason_lang = s->recs.e[i].lang;
				break;
			}
	} else {
		v.failsafe = true;
		v.reason = why ? why : "assessment incomplete";
		v.reason_lang = "en";
		NLOG(TNC, 1, "Connection ID %u (%s): no verdict from the verifiers (%s); access is refused",
		     s->c.id, s->desc, v.reason);
	}
	NLOG(TNC, 1, "final recommendation is '%s' and evaluation is '%s'",
	     rec_name(v.recommendation), eval_name(v.evaluation));
	if (s->ops.verdict)
		s->ops.verdict(s->ops.arg, &v);
}

static void send_batch(tnccs_server_t *s)
{
	uint8_t *out;
	size_t len;
	int rc;

	NLOG(TNC, 2, "TNC server is handling outbound connection");
	rc = tnccs_conn_build(&s->c, &out, &len);
	if (rc < 0) {
		NLOG(TNC, 1, "Connection ID %u (%s): no PB-TNC batch to answer with (%s)", s->c.id,
		     s->desc, nea_strerror(rc));
		s->c.fatal = true;
		end_connection(s, false, "PB-TNC server error");
		return;
	}
	s->ops.to_peer(s->ops.arg, out, len);
	free(out);
	if (s->c.state == PBTNC_STATE_END)
		end_connection(s, false, "PB-TNC protocol error");
}

static void build_retry(tnccs_server_t *s)
{
	if (s->c.batch_type == PBTNC_BATCH_SRETRY)
		return;
	tnccs_conn_set_type(&s->c, PBTNC_BATCH_SRETRY);
	tnccs_recs_clear(&s->recs);
	if (s->host_ok) {
		if (host_state(s, NEA__CONN_STATE__CONN_HANDSHAKE, NULL) < 0)
			host_failed(s, TNCCS_FAILSAFE_REASON);
	} else {
		impose_failsafe(s, "the measurement host is gone");
	}
}

static int add_msg(tnccs_server_t *s, const pbtnc_msg_t *m)
{
	char name[64];
	int rc = tnccs_conn_add(&s->c, m);

	if (rc < 0)
		NLOG(TNC, 1, "Connection ID %u: cannot queue %s message: %s", s->c.id,
		     tnccs_msg_name(name, sizeof(name), m), nea_strerror(rc));
	return rc;
}

/* strongSwan's check_and_build_recommendation, after any solicitation. */
static void build_result(tnccs_server_t *s)
{
	uint32_t rec, eval;
	pbtnc_msg_t m;

	if (!tnccs_recs_have(&s->recs, s->policy, &rec, &eval)) {
		impose_failsafe(s, "a verifier gave no recommendation when asked");
		tnccs_recs_have(&s->recs, s->policy, &rec, &eval);
	}
	s->c.batch_type = PBTNC_BATCH_RESULT; /* queued PB-PA stay in front */
	pbtnc_msg_init(&m, PBTNC_KIND_ASSESSMENT_RESULT);
	m.u.assessment = eval;
	add_msg(s, &m);
	if (s->host_ok && host_state(s, tnccs_access_state(rec), NULL) < 0)
		s->host_ok = false; /* the recommendations are complete already */
	pbtnc_msg_init(&m, PBTNC_KIND_ACCESS_RECOMMENDATION);
	m.u.access = pbtnc_access_from_imv(rec);
	add_msg(s, &m);
	for (size_t i = 0; i < s->recs.n; i++) {
		const tnccs_rec_t *e = &s->recs.e[i];

		if (!e->reason)
			continue;
		pbtnc_msg_init(&m, PBTNC_KIND_REASON_STRING);
		m.u.reason.reason = (const uint8_t *)e->reason;
		m.u.reason.reason_len = strlen(e->reason);
		m.u.reason.lang = (const uint8_t *)e->lang;
		m.u.reason.lang_len = strlen(e->lang);
		if (m.u.reason.lang_len > 255)
			m.u.reason.lang_len = 0;
		add_msg(s, &m);
	}
}

static void next_batch(tnccs_server_t *s)
{
	if (s->t.ended)
		return;
	if (s->retry_requested) {
		if (s->c.state != PBTNC_STATE_INIT)
			build_retry(s);
		s->retry_requested = false;
	}
	if (s->c.state == PBTNC_STATE_SERVER_WORKING && tnccs_recs_have(&s->recs, s->policy, NULL, NULL))
		build_result(s);
	if (s->c.batch_type == PBTNC_BATCH_NONE && s->c.state == PBTNC_STATE_SERVER_WORKING) {
		if (s->c.empty_cdata) {
			if (s->host_ok) {
				Nea__Envelope env = NEA__ENVELOPE__INIT;
				Nea__SolicitRecommendation sol = NEA__SOLICIT_RECOMMENDATION__INIT;

				env.body_case = NEA__ENVELOPE__BODY_SOLICIT;
				env.solicit = &sol;
				if (to_host(s, &env) == 0) {
					s->soliciting = true;
					tnccs_turn_set_waiting(&s->t, s->t.host_wait + 1);
					return; /* build_result once the host answered */
				}
				s->host_ok = false;
				impose_failsafe(s, TNCCS_FAILSAFE_REASON);
			}
			build_result(s);
		} else {
			NLOG(TNC, 2, "no recommendation available yet, sending empty PB-TNC SDATA batch");
			s->c.batch_type = PBTNC_BATCH_SDATA;
		}
	}
	send_batch(s);
}

/* ---- receiving -------------------------------------------------------- */

static void forward_pa(tnccs_server_t *s, const pbtnc_pa_t *pa)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__PaMessage pm = NEA__PA_MESSAGE__INIT;
	char name[96];

	pa_subtype_str(name, sizeof(name), pa->vendor, pa->subtype);
	NLOG(TNC, 2, "handling PB-PA message type '%s' 0x%06x/0x%08x", name, pa->vendor,
	     pa->subtype);
	if (!s->host_ok) {
		NLOG(TNC, 2, "Connection ID %u: PB-PA message type '%s' dropped: no measurement host",
		     s->c.id, name);
		return;
	}
	if (!tnccs_registry_routes(s->reg, pa->vendor, pa->subtype, pa->excl, pa->validator)) {
		/* strongSwan clients send SWIMA even when no IMV wants it */
		NLOG(TNC, 1, "message type 0x%06x/0x%08x not supported by any IMV; dropped for Connection ID %u",
		     pa->vendor, pa->subtype, s->c.id);
		return;
	}
	tnccs_pa_to_host(pa, true, &env, &pm);
	if (to_host(s, &env) < 0) {
		s->host_ok = false;
		impose_failsafe(s, TNCCS_FAILSAFE_REASON);
	}
}

static void handle_msgs(tnccs_server_t *s, const pbtnc_batch_t *b)
{
	for (size_t i = 0; i < b->n_msgs; i++) {
		const pbtnc_msg_t *m = &b->msgs[i];

		if (m->skip)
			continue;
		switch (m->kind) {
		case PBTNC_KIND_PA:
			forward_pa(s, &m->u.pa);
			break;
		case PBTNC_KIND_ERROR:
			tnccs_conn_log_error(&s->c, &m->u.error);
			break;
		case PBTNC_KIND_LANGUAGE_PREFERENCE:
			if (m->u.lang.lang_len <= TNCCS_MAX_LANG) {
				memcpy(s->c.lang, m->u.lang.lang, m->u.lang.lang_len);
				s->c.lang[m->u.lang.lang_len] = '\0';
				s->c.have_lang = true;
			}
			NLOG(TNC, 2, "setting language preference to '%.*s'",
			     (int)(m->u.lang.lang_len > 255 ? 255 : m->u.lang.lang_len),
			     (const char *)m->u.lang.lang);
			break;
		default:
			break; /* experimental, mutual capability (not enabled), PDP referral */
		}
	}
}

static void recv_batch(tnccs_server_t *s, const uint8_t *data, size_t len)
{
	pbtnc_batch_t b;
	uint8_t type;
	bool empty;

	if (!s->created)
		announce(s, data, len);
	if (tnccs_conn_recv(&s->c, data, len, &b) < 0) {
		send_batch(s); /* the CLOSE with the PB-Error */
		return;
	}
	type = b.hdr.type;
	empty = b.n_msgs == 0;
	if (type == PBTNC_BATCH_CRETRY)
		build_retry(s);
	handle_msgs(s, &b);
	pbtnc_batch_free(&b);
	if (type == PBTNC_BATCH_CLOSE) {
		/* strongSwan: only an empty CLOSE is a successful end */
		if (!empty)
			s->c.fatal = true;
		end_connection(s, empty, "the client closed the connection before a recommendation");
		return;
	}
	if (s->host_ok) {
		Nea__Envelope env = NEA__ENVELOPE__INIT;
		Nea__BatchEnding be = NEA__BATCH_ENDING__INIT;

		env.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
		env.batch_ending = &be;
		if (to_host(s, &env) == 0) {
			tnccs_turn_set_waiting(&s->t, s->t.host_wait + 1);
			return; /* next_batch when the host answered */
		}
		s->host_ok = false;
		impose_failsafe(s, TNCCS_FAILSAFE_REASON);
	}
	next_batch(s);
}

static void handle_batch(void *arg, const uint8_t *data, size_t len)
{
	recv_batch(arg, data, len);
}

void tnccs_server_recv(tnccs_server_t *s, const uint8_t *data, size_t len)
{
	int rc;

	if (s->t.ended) {
		NLOG(TNC, 1, "Connection ID %u (%s): PB-TNC batch after the end of the connection ignored",
		     s->c.id, s->desc);
		return;
	}
	rc = tnccs_turn_recv(&s->t, data, len);
	if (rc == NEA_ESTATE) {
		NLOG(TNC, 1,
		     "Connection ID %u (%s): another PB-TNC batch arrived while two were unanswered; terminating connection",
		     s->c.id, s->desc);
		s->c.fatal = true;
		end_connection(s, false, "PB-TNC half-duplex violation");
	} else if (rc < 0) {
		s->c.fatal = true;
		end_connection(s, false, "out of memory");
	} else if (rc == 1) {
		NLOG(TNC, 2, "Connection ID %u: PB-TNC batch held until the previous one is answered",
		     s->c.id);
	}
}

/* ---- what the host says ------------------------------------------------ */

static void host_pa(tnccs_server_t *s, const Nea__PaMessage *pm)
{
	pbtnc_msg_t m;
	char name[96];

	if (!s->t.host_wait) {
		NLOG(TNC, 1, "IMV %u not allowed to call SendMessage()", pm->src_id);
		return;
	}
	if (!tnccs_pa_from_host_ok(pm) || !tnccs_recs_find(&s->recs, pm->src_id)) {
		NLOG(TNC, 1,
		     "Connection ID %u: PA message from IMV %u with vendor 0x%x, subtype 0x%x, IMC %u refused",
		     s->c.id, pm->src_id, pm->vendor, pm->subtype, pm->dst_id);
		return;
	}
	pa_subtype_str(name, sizeof(name), pm->vendor, pm->subtype);
	NLOG(TNC, 2, "creating PB-PA message type '%s' 0x%06x/0x%08x", name, pm->vendor,
	     pm->subtype);
	/* strongSwan: PA messages go into SDATA only (a RESULT keeps them) */
	if (s->c.batch_type == PBTNC_BATCH_NONE)
		s->c.batch_type = PBTNC_BATCH_SDATA;
	if (s->c.batch_type != PBTNC_BATCH_SDATA) {
		NLOG(TNC, 2, "Connection ID %u: PB-PA message from IMV %u dropped: a %s batch is due",
		     s->c.id, pm->src_id, pbtnc_batch_type_name(s->c.batch_type));
		return;
	}
	tnccs_pa_from_host(pm, true, &m);
	add_msg(s, &m);
}

static bool text_ok(const char *s, size_t max)
{
	return s && strlen(s) <= max;
}

static void host_rec(tnccs_server_t *s, const Nea__Recommendation *r)
{
	tnccs_rec_t *e = tnccs_recs_find(&s->recs, r->module_id);
	int rc;

	if (!e || r->module_id == 0) {
		NLOG(TNC, 1, "Connection ID %u: recommendation from unknown IMV %u ignored", s->c.id,
		     r->module_id);
		return;
	}
	if (r->reason && r->reason[0]) {
		const char *lang = r->reason_lang ? r->reason_lang : "";

		NLOG(TNC, 2, "IMV %u is setting reason string to '%s'", r->module_id, r->reason);
		NLOG(TNC, 2, "IMV %u is setting reason language to '%s'", r->module_id, lang);
		if (!text_ok(r->reason, 65535) || !text_ok(lang, 255) ||
		    tnccs_recs_set_reason(&s->recs, r->module_id, r->reason, strlen(r->reason), lang,
					  strlen(lang)) < 0)
			NLOG(TNC, 1, "Connection ID %u: reason string of IMV %u refused", s->c.id,
			     r->module_id);
	}
	rc = tnccs_recs_provide(&s->recs, r->module_id, r->recommendation, r->evaluation, false);
	if (rc == NEA_EINVAL) {
		NLOG(TNC, 1,
		     "Connection ID %u: IMV %u gave recommendation %u / evaluation %u, which IF-IMV does not define; using the fail-safe recommendation",
		     s->c.id, r->module_id, r->recommendation, r->evaluation);
		tnccs_recs_provide(&s->recs, r->module_id, s->failsafe_rec, TNC_EVAL_ERROR, true);
		return;
	}
	NLOG(TNC, 1, "IMV %u provides recommendation '%s' and evaluation '%s'", r->module_id,
	     rec_name(r->recommendation), eval_name(r->evaluation));
}

void tnccs_server_host_msg(tnccs_server_t *s, const Nea__Envelope *env)
{
	if (s->t.ended || !s->host_ok || !host_current(s)) {
		NLOG(TNC, 2, "Connection ID %u: late message from the measurement host ignored",
		     s->c.id);
		return;
	}
	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_PA_MESSAGE:
		host_pa(s, env->pa_message);
		break;
	case NEA__ENVELOPE__BODY_RECOMMENDATION:
		host_rec(s, env->recommendation);
		break;
	case NEA__ENVELOPE__BODY_RETRY:
		NLOG(TNC, 1, "IMV %u requests a handshake retry for Connection ID %u%s%s",
		     env->retry->module_id, s->c.id, env->retry->reason ? ": " : "",
		     env->retry->reason ? env->retry->reason : "");
		s->retry_requested = true;
		break;
	case NEA__ENVELOPE__BODY_BATCH_ENDING:
		if (!s->t.host_wait) {
			NLOG(TNC, 1, "Connection ID %u: unexpected BatchEnding from the measurement host",
			     s->c.id);
			break;
		}
		tnccs_turn_set_waiting(&s->t, s->t.host_wait - 1);
		if (s->t.host_wait)
			break;
		if (s->soliciting) {
			s->soliciting = false;
			build_result(s);
			send_batch(s);
		} else {
			next_batch(s);
		}
		tnccs_turn_drain(&s->t);
		break;
	default:
		NLOG(TNC, 1, "Connection ID %u: message case %d from the measurement host ignored",
		     s->c.id, (int)env->body_case);
		break;
	}
}

void tnccs_server_host_lost(tnccs_server_t *s, const char *why)
{
	if (s->t.ended)
		return;
	host_failed(s, why ? why : TNCCS_FAILSAFE_REASON);
}

void tnccs_server_host_timeout(tnccs_server_t *s)
{
	if (s->t.ended || !s->t.host_wait)
		return;
	host_failed(s, "the measurement host did not answer in time");
}

/* ---- life cycle ---------------------------------------------------------- */

int tnccs_server_new(const tnccs_server_opts_t *o, const tnccs_server_ops_t *ops,
		     tnccs_server_t **out)
{
	tnccs_server_t *s = calloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	if (!s)
		return NEA_ENOMEM;
	rc = tnccs_peer_init(&s->peer, o->transport, o->peer_addr, o->identities, o->n_identities,
			     o->lim.max_msg);
	if (rc < 0) {
		free(s);
		return rc;
	}
	tnccs_conn_init(&s->c, true, o->conn_id, &o->lim, 0);
	s->ops = *ops;
	s->t.handle = handle_batch;
	s->t.arg = s;
	s->t.wait_host = ops->wait_host;
	s->t.wait_arg = ops->arg;
	s->reg = o->reg;
	s->policy = o->policy;
	s->failsafe_rec = o->failsafe_rec;
	snprintf(s->desc, sizeof(s->desc), "%s %s", tnccs_transport_name(o->transport),
		 s->peer.addr[0] ? s->peer.addr : "?");
	NLOG(TNC, 1, "assigned TNCCS Connection ID %u", o->conn_id);
	*out = s;
	return 0;
}

bool tnccs_server_waiting(const tnccs_server_t *s)
{
	return s->t.host_wait > 0;
}

bool tnccs_server_ended(const tnccs_server_t *s)
{
	return s->t.ended;
}

uint32_t tnccs_server_id(const tnccs_server_t *s)
{
	return s->c.id;
}

pbtnc_state_t tnccs_server_state(const tnccs_server_t *s)
{
	return s->c.state;
}

void tnccs_server_free(tnccs_server_t *s)
{
	if (!s)
		return;
	if (s->created && host_current(s))
		host_state(s, NEA__CONN_STATE__CONN_DELETE, NULL);
	NLOG(TNC, 1, "removed TNCCS Connection ID %u", s->c.id);
	tnccs_turn_free(&s->t);
	tnccs_recs_free(&s->recs);
	tnccs_peer_free(&s->peer);
	tnccs_conn_free(&s->c);
	free(s);
}

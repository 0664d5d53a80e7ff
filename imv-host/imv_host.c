/*
 * The IMV host: modules, connections and the per-connection queue of
 * broker envelopes (see imv_host.h). A connection's queue advances step by
 * step (one step = one IMV's part of one envelope); a step that started a
 * policy request parks the queue until the answer is in, so the IMVs see
 * the conversation in the order the broker sent it, as strongSwan's
 * synchronous IF-IMV calls would.
 */
#include "imv_host_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attr_names.h"
#include "nea_err.h"
#include "nea_log.h"

uint64_t imv_host_now(const imv_host_t *h)
{
	struct timespec ts;

	if (h->io.now_ms)
		return h->io.now_ms(h->io.ctx);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

int imv_host_to_broker(imv_host_t *h, uint32_t conn_id, Nea__Envelope *env)
{
	int rc;

	env->has_conn_id = true;
	env->conn_id = conn_id;
	rc = h->io.to_broker ? h->io.to_broker(h->io.ctx, env) : NEA_ECLOSED;
	if (rc < 0)
		NLOG(IMV, 1, "cannot pass a message of Connection ID %u to nea-brokerd (%s)", conn_id,
		     nea_strerror(rc));
	return rc;
}

void imv_printable(const uint8_t *s, size_t len, char *buf, size_t buflen)
{
	size_t i, n = len < buflen - 1 ? len : buflen - 1;

	for (i = 0; i < n; i++)
		buf[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? (char)s[i] : '?';
	buf[i] = '\0';
}

/* ------------------------------------------------------------ set-up */

int imv_host_new(const imv_host_io_t *io, const imv_host_opts_t *opts, imv_host_t **out)
{
	imv_host_t *h = calloc(1, sizeof(*h));

	if (!h)
		return NEA_ENOMEM;
	h->io = *io;
	if (opts)
		h->opts = *opts;
	if (!h->opts.policy_timeout_ms)
		h->opts.policy_timeout_ms = IMV_HOST_POLICY_TIMEOUT_MS;
	if (!h->opts.seg_idle_ms)
		h->opts.seg_idle_ms = IMV_HOST_SEG_IDLE_MS;
	*out = h;
	return 0;
}

void imv_host_set_conf(imv_host_t *h, const nea_conf_t *conf)
{
	h->opts.conf = conf;
}

static void conn_free(imv_conn_t *c);

void imv_host_free(imv_host_t *h)
{
	if (!h)
		return;
	for (size_t i = h->n_conns; i-- > 0;) {
		imv_host_cancel_requests(h->conns[i]);
		conn_free(h->conns[i]);
	}
	free(h->conns);
	free(h->reqs);
	free(h);
}

int imv_host_add_module(imv_host_t *h, const char *name, const char *path)
{
	const imv_class_t *cls = imv_class_find(name);
	char types[256];
	size_t pos = 0;
	imv_mod_t *m;

	if (!cls) {
		NLOG(IMV, 0, "IMV \"%s\" in tnc_config ('%s') is not built into nea-imvd; skipped", name,
		     path ? path : "");
		return NEA_ENOTFOUND;
	}
	if (h->n_mods >= IMV_HOST_MAX_MODULES)
		return NEA_ETOOBIG;
	m = &h->mods[h->n_mods];
	m->cls = cls;
	/* like an IMV library strongSwan cannot load, a name nea has no IMV
	 * for takes no ID: IDs stay dense, as nea-imcd numbers its IMCs */
	m->id = ++h->ids_seen;
	snprintf(m->name, sizeof(m->name), "%s", cls->name);
	h->n_mods++;

	NLOG(IMV, 1, "IMV %u \"%s\" initialized", m->id, m->name);
	types[0] = '\0';
	for (size_t i = 0; i < cls->n_subs && pos < sizeof(types); i++) {
		char n[96];
		int w = snprintf(types + pos, sizeof(types) - pos, "%s'%s' 0x%06x/0x%08x",
				 i ? ", " : "",
				 attr_pa_subtype_full_name(cls->subs[i].vendor, cls->subs[i].subtype,
							   n, sizeof(n)),
				 cls->subs[i].vendor, cls->subs[i].subtype);
		if (w < 0)
			break;
		pos += (size_t)w;
	}
	NLOG(TNC, 1, "IMV %u supports %zu message type%s: %s", m->id, cls->n_subs,
	     cls->n_subs == 1 ? "" : "s", types);
	NLOG(TNC, 1, "IMV %u \"%s\" built into nea-imvd (tnc_config names '%s')", m->id, m->name,
	     path ? path : "");
	return (int)m->id;
}

size_t imv_host_module_count(const imv_host_t *h)
{
	return h->n_mods;
}

int imv_host_register(imv_host_t *h)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ModuleRegister reg = NEA__MODULE_REGISTER__INIT;
	Nea__Module m[IMV_HOST_MAX_MODULES], *mp[IMV_HOST_MAX_MODULES];
	Nea__Subscription s[IMV_HOST_MAX_MODULES][4], *sp[IMV_HOST_MAX_MODULES][4];

	for (size_t i = 0; i < h->n_mods; i++) {
		const imv_class_t *cls = h->mods[i].cls;
		size_t ns = cls->n_subs < 4 ? cls->n_subs : 4;

		nea__module__init(&m[i]);
		m[i].id = h->mods[i].id;
		m[i].name = h->mods[i].name;
		for (size_t k = 0; k < ns; k++) {
			nea__subscription__init(&s[i][k]);
			s[i][k].vendor = cls->subs[k].vendor;
			s[i][k].subtype = cls->subs[k].subtype;
			sp[i][k] = &s[i][k];
		}
		m[i].n_subscriptions = ns;
		m[i].subscriptions = sp[i];
		mp[i] = &m[i];
	}
	reg.n_modules = h->n_mods;
	reg.modules = mp;
	env.body_case = NEA__ENVELOPE__BODY_MODULE_REGISTER;
	env.module_register = &reg;
	return h->io.to_broker ? h->io.to_broker(h->io.ctx, &env) : NEA_ECLOSED;
}

/* ------------------------------------------------------------ connections */

static imv_conn_t *conn_find(const imv_host_t *h, uint32_t id)
{
	for (size_t i = 0; i < h->n_conns; i++) {
		if (h->conns[i]->id == id)
			return h->conns[i];
	}
	return NULL;
}

static void job_free(imv_job_t *j)
{
	free(j->body);
	free(j);
}

static void conn_free(imv_conn_t *c)
{
	imv_host_t *h = c->h;
	imv_job_t *j;

	for (size_t i = 0; i < h->n_mods; i++) {
		if (c->st[i])
			imv_state_free(c->st[i]);
	}
	while ((j = c->jobs)) {
		c->jobs = j->next;
		job_free(j);
	}
	imv_session_clear(c);
	for (size_t i = 0; i < c->n_ids; i++)
		free(c->ids[i].value);
	free(c->ids);
	free(c->peer_addr);
	free(c->tnccs_version);
	free(c->tnccs_proto);
	free(c->ift_version);
	free(c->ift_proto);
	free(c->langs);
	for (size_t i = 0; i < h->n_conns; i++) {
		if (h->conns[i] == c) {
			h->conns[i] = h->conns[--h->n_conns];
			break;
		}
	}
	free(c);
}

static int set_str(char **dst, const char *src)
{
	char *n = strdup(src);

	if (!n)
		return NEA_ENOMEM;
	free(*dst);
	*dst = n;
	return 0;
}

static const char *transport_ift(Nea__Transport t, const char **version)
{
	switch (t) {
	case NEA__TRANSPORT__TRANSPORT_PT_TLS:
		*version = "2.0";
		return "IF-T for TLS";
	case NEA__TRANSPORT__TRANSPORT_PT_EAP:
		*version = "2.0";
		return "IF-T for Tunneled EAP";
	case NEA__TRANSPORT__TRANSPORT_EAP_TNC:
		*version = "1.1";
		return "IF-T for Tunneled EAP";
	default:
		*version = "?";
		return "?";
	}
}

/* Take what the broker tells about the connection; later ConnStateChanges
 * may repeat attributes (e.g. the language preference once it is known). */
static int conn_apply_attrs(imv_conn_t *c, const Nea__ConnAttributes *a)
{
	int rc = 0;

	if (a->has_transport && !a->ift_protocol) {
		const char *v, *p = transport_ift(a->transport, &v);

		rc |= set_str(&c->ift_proto, p);
		rc |= set_str(&c->ift_version, v);
	}
	if (a->ift_protocol)
		rc |= set_str(&c->ift_proto, a->ift_protocol);
	if (a->ift_version)
		rc |= set_str(&c->ift_version, a->ift_version);
	if (a->tnccs_protocol)
		rc |= set_str(&c->tnccs_proto, a->tnccs_protocol);
	if (a->tnccs_version)
		rc |= set_str(&c->tnccs_version, a->tnccs_version);
	if (a->preferred_language)
		rc |= set_str(&c->langs, a->preferred_language);
	if (a->peer_addr)
		rc |= set_str(&c->peer_addr, a->peer_addr);
	if (a->has_max_msg_size)
		c->max_msg_len = a->max_msg_size;
	if (a->has_has_long_types)
		c->has_long = a->has_long_types;
	if (a->has_has_exclusive)
		c->has_excl = a->has_exclusive;
	if (a->has_has_soh)
		c->has_soh = a->has_soh;
	if (rc)
		return NEA_ENOMEM;
	if (a->n_identities) {
		imv_identity_t *ids = calloc(a->n_identities, sizeof(*ids));

		if (!ids)
			return NEA_ENOMEM;
		for (size_t i = 0; i < a->n_identities; i++) {
			const Nea__Identity *id = a->identities[i];

			ids[i].type = id->type;
			ids[i].subject = id->subject;
			ids[i].auth = id->auth;
			ids[i].len = id->value.len;
			ids[i].value = malloc(id->value.len ? id->value.len : 1);
			if (!ids[i].value) {
				for (size_t k = 0; k < i; k++)
					free(ids[k].value);
				free(ids);
				return NEA_ENOMEM;
			}
			if (id->value.len)
				memcpy(ids[i].value, id->value.data, id->value.len);
		}
		for (size_t i = 0; i < c->n_ids; i++)
			free(c->ids[i].value);
		free(c->ids);
		c->ids = ids;
		c->n_ids = a->n_identities;
	}
	return 0;
}

static imv_conn_t *conn_new(imv_host_t *h, uint32_t id)
{
	imv_conn_t *c;

	if (h->n_conns >= IMV_HOST_MAX_CONNS) {
		NLOG(IMV, 0, "Connection ID %u refused: %u connections are open already", id,
		     IMV_HOST_MAX_CONNS);
		return NULL;
	}
	if (h->n_conns == h->cap_conns) {
		size_t cap = h->cap_conns ? h->cap_conns * 2 : 16;
		imv_conn_t **n = realloc(h->conns, cap * sizeof(*n));

		if (!n)
			return NULL;
		h->conns = n;
		h->cap_conns = cap;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->h = h;
	c->id = id;
	c->has_long = true;
	c->has_excl = true;
	if (set_str(&c->tnccs_proto, "IF-TNCCS") || set_str(&c->tnccs_version, "2.0") ||
	    set_str(&c->ift_proto, "?") || set_str(&c->ift_version, "?")) {
		conn_free(c);
		return NULL;
	}
	h->conns[h->n_conns++] = c;
	return c;
}

size_t imv_host_conn_count(const imv_host_t *h)
{
	return h->n_conns;
}

/* ------------------------------------------------------------ jobs */

static size_t job_steps(const imv_conn_t *c, const imv_job_t *j)
{
	size_t n = c->h->n_mods;

	if (j->kind == IMV_JOB_STATE &&
	    (j->state == IMV_CONN_CREATE || j->state == IMV_CONN_ALLOWED ||
	     j->state == IMV_CONN_ISOLATED || j->state == IMV_CONN_NONE))
		return n + 1;
	return n;
}

static const char *subject_name(uint32_t s)
{
	static const char *const n[] = { "unknown", "machine", "user" };

	return s < 3 ? n[s] : "unknown";
}

static const char *id_type_name(uint32_t t)
{
	static const char *const n[] = { "unknown",     "IPv4 address", "IPv6 address",
					  "FQDN",        "RFC822 address", "username",
					  "DER ASN1 DN", "DER ASN1 GN" };

	return t < 8 ? n[t] : "unknown";
}

static const char *auth_name(uint32_t a)
{
	static const char *const n[] = { "unknown method", "certificate", "password", "SIM card" };

	return a < 4 ? n[a] : "unknown method";
}

static void log_identities(const imv_conn_t *c)
{
	bool peer_listed = false;

	for (size_t i = 0; i < c->n_ids; i++) {
		char v[256];

		imv_printable(c->ids[i].value, c->ids[i].len, v, sizeof(v));
		if (c->peer_addr && strcmp(v, c->peer_addr) == 0)
			peer_listed = true;
		NLOG(IMV, 2, "  %s AR identity '%s' of type %s authenticated by %s",
		     subject_name(c->ids[i].subject), v, id_type_name(c->ids[i].type),
		     auth_name(c->ids[i].auth));
	}
	/* strongSwan's front ends list the peer address as the machine identity */
	if (c->peer_addr && *c->peer_addr && !peer_listed)
		NLOG(IMV, 2, "  machine AR identity '%s' of type %s authenticated by unknown method",
		     c->peer_addr, strchr(c->peer_addr, ':') ? "IPv6 address" : "IPv4 address");
}

static int step_create(imv_conn_t *c, size_t i)
{
	imv_state_t *st;

	if (i == c->h->n_mods) {
		imv_session_begin(c);
		return IMV_DONE;
	}
	st = imv_state_new(c, &c->h->mods[i]);
	if (!st) {
		NLOG(IMV, 0, "IMV %u \"%s\" cannot create a state for Connection ID %u: out of memory",
		     c->h->mods[i].id, c->h->mods[i].name, c->id);
		return IMV_DONE;
	}
	c->st[i] = st;
	NLOG(IMV, 2, "IMV %u \"%s\" created a state for %s %s Connection ID %u: %slong %sexcl %ssoh",
	     st->imv_id, st->name, c->tnccs_proto, c->tnccs_version, c->id, c->has_long ? "+" : "-",
	     c->has_excl ? "+" : "-", c->has_soh ? "+" : "-");
	NLOG(IMV, 2, "  over %s %s with maximum PA-TNC message size of %u bytes", c->ift_proto,
	     c->ift_version, c->max_msg_len);
	if (i == 0)
		log_identities(c);
	return IMV_DONE;
}

static void change_state(imv_conn_t *c, size_t i, uint32_t state)
{
	imv_state_t *st = c->st[i];
	uint32_t old;

	if (!st)
		return;
	old = st->conn_state;
	st->conn_state = state;
	NLOG(IMV, 2, "IMV %u \"%s\" changed state of Connection ID %u to '%s'", st->imv_id,
	     st->name, c->id, imv_conn_state_name(state));
	if (state == IMV_CONN_HANDSHAKE && old != IMV_CONN_CREATE) {
		imv_state_reset(st);
		NLOG(IMV, 2, "IMV %u \"%s\" reset state of Connection ID %u", st->imv_id, st->name,
		     c->id);
	}
}

static bool subscribed(const imv_class_t *cls, uint32_t vendor, uint32_t subtype)
{
	for (size_t k = 0; k < cls->n_subs; k++) {
		if (cls->subs[k].vendor == vendor && cls->subs[k].subtype == subtype)
			return true;
	}
	return false;
}

static int step_result(imv_state_t *st, const char *what, int rc)
{
	if (rc < 0) {
		NLOG(IMV, 1, "IMV %u \"%s\" failed in %s for Connection ID %u: %s", st->imv_id,
		     st->name, what, st->conn_id, nea_strerror(rc));
		return IMV_DONE;
	}
	return rc == IMV_WAIT ? IMV_WAIT : IMV_DONE;
}

static int job_step(imv_conn_t *c, imv_job_t *j, size_t i)
{
	imv_state_t *st = i < c->h->n_mods ? c->st[i] : NULL;

	switch (j->kind) {
	case IMV_JOB_STATE:
		switch (j->state) {
		case IMV_CONN_CREATE:
			return step_create(c, i);
		case IMV_CONN_HANDSHAKE:
			change_state(c, i, j->state);
			return IMV_DONE;
		case IMV_CONN_ALLOWED:
		case IMV_CONN_ISOLATED:
		case IMV_CONN_NONE:
			if (i == 0)
				imv_session_stop(c, j->state);
			else
				change_state(c, i - 1, j->state);
			return IMV_DONE;
		case IMV_CONN_DELETE:
			if (st) {
				NLOG(IMV, 2, "IMV %u \"%s\" deleted the state of Connection ID %u",
				     st->imv_id, st->name, c->id);
				imv_state_free(st);
				c->st[i] = NULL;
			}
			return IMV_DONE;
		default:
			return IMV_DONE;
		}
	case IMV_JOB_PA:
		if (!st || !subscribed(st->cls, j->pa_vendor, j->pa_subtype) ||
		    (j->excl && j->dst != st->imv_id))
			return IMV_DONE;
		j->delivered++;
		return step_result(st, "receiving a message", imv_msg_deliver(st, j));
	case IMV_JOB_BATCH_END:
		if (!st || !st->cls->batch_ending)
			return IMV_DONE;
		return step_result(st, "batch ending", st->cls->batch_ending(st));
	case IMV_JOB_SOLICIT:
		if (!st)
			return IMV_DONE;
		if (st->cls->solicit)
			return step_result(st, "solicit recommendation", st->cls->solicit(st));
		return step_result(st, "providing a recommendation", imv_provide_recommendation(st));
	}
	return IMV_DONE;
}

static void send_batch_ending(imv_host_t *h, uint32_t conn_id)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__BatchEnding be = NEA__BATCH_ENDING__INIT;

	env.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
	env.batch_ending = &be;
	imv_host_to_broker(h, conn_id, &env);
}

static void job_finish(imv_conn_t *c, imv_job_t *j)
{
	char n[96];

	switch (j->kind) {
	case IMV_JOB_PA:
		if (!j->delivered)
			NLOG(IMV, 1, "no IMV takes PA message type '%s' 0x%06x/0x%08x from IMC %u "
				     "on Connection ID %u; dropped",
			     attr_pa_subtype_full_name(j->pa_vendor, j->pa_subtype, n, sizeof(n)),
			     j->pa_vendor, j->pa_subtype, j->src, c->id);
		break;
	case IMV_JOB_BATCH_END:
	case IMV_JOB_SOLICIT:
		send_batch_ending(c->h, c->id);
		break;
	case IMV_JOB_STATE:
		if (j->state == IMV_CONN_DELETE)
			c->dead = true;
		break;
	}
}

static bool blocked(const imv_conn_t *c)
{
	return c->pending || imv_host_has_failed(c);
}

/* Run j until it needs an answer from nea-policyd; true when it is done. */
static bool job_run(imv_conn_t *c, imv_job_t *j)
{
	size_t n = job_steps(c, j);

	while (j->cursor < n) {
		int rc = job_step(c, j, j->cursor);

		if (rc == IMV_WAIT) {
			if (blocked(c))
				return false;
			/* everything it waited for is in already: step again */
			if (++j->spins < 4)
				continue;
			NLOG(IMV, 1, "IMV step %zu of Connection ID %u keeps waiting for nothing; "
				     "moving on", j->cursor, c->id);
		}
		j->spins = 0;
		j->cursor++;
		if (blocked(c))
			return false;
	}
	job_finish(c, j);
	return true;
}

/* Advance c's queue as far as it goes. May free c. */
static void pump(imv_conn_t *c)
{
	if (c->running)
		return;
	c->running = true;
	for (;;) {
		imv_job_t *j;

		imv_host_deliver_failed(c);
		if (c->pending || c->dead)
			break;
		j = c->jobs;
		if (!j)
			break;
		if (job_run(c, j)) {
			c->jobs = j->next;
			if (!c->jobs)
				c->jobs_tail = NULL;
			c->n_jobs--;
			c->queued_bytes -= j->len;
			job_free(j);
		}
	}
	c->running = false;
	if (c->dead) {
		imv_host_cancel_requests(c);
		conn_free(c);
	}
}

void imv_host_pump(imv_conn_t *c)
{
	pump(c);
}

static int enqueue(imv_conn_t *c, imv_job_t *j)
{
	if (c->n_jobs >= IMV_HOST_MAX_JOBS ||
	    j->len > IMV_HOST_MAX_QUEUED_BYTES - c->queued_bytes) {
		NLOG(IMV, 0, "Connection ID %u has %zu unprocessed messages (%zu bytes); dropping one",
		     c->id, c->n_jobs, c->queued_bytes);
		job_free(j);
		return NEA_ETOOBIG;
	}
	c->queued_bytes += j->len;
	if (c->jobs_tail)
		c->jobs_tail->next = j;
	else
		c->jobs = j;
	c->jobs_tail = j;
	c->n_jobs++;
	return 0;
}

/* ------------------------------------------------------------ broker input */

static void on_state(imv_host_t *h, uint32_t id, const Nea__ConnStateChange *sc)
{
	imv_conn_t *c = conn_find(h, id);
	imv_job_t *j;

	if (sc->state > NEA__CONN_STATE__CONN_DELETE) {
		NLOG(IMV, 1, "Connection ID %u: unknown connection state %d ignored", id,
		     (int)sc->state);
		return;
	}
	if (sc->state == NEA__CONN_STATE__CONN_CREATE) {
		if (c) {
			NLOG(IMV, 1, "Connection ID %u created again; its old state is dropped", id);
			imv_host_cancel_requests(c);
			conn_free(c);
		}
		c = conn_new(h, id);
		if (!c)
			return;
	} else if (!c) {
		NLOG(IMV, 1, "no state for Connection ID %u; '%s' ignored", id,
		     imv_conn_state_name((uint32_t)sc->state));
		return;
	}
	if (sc->attrs && conn_apply_attrs(c, sc->attrs) < 0)
		NLOG(IMV, 0, "Connection ID %u: out of memory for its attributes", id);
	j = calloc(1, sizeof(*j));
	if (!j)
		return;
	j->kind = IMV_JOB_STATE;
	j->state = (uint32_t)sc->state;
	if (enqueue(c, j) == 0)
		pump(c);
}

static void on_pa(imv_host_t *h, uint32_t id, const Nea__PaMessage *pa)
{
	imv_conn_t *c = conn_find(h, id);
	imv_job_t *j;

	if (!c) {
		NLOG(IMV, 1, "no state for Connection ID %u; PA message from IMC %u dropped", id,
		     pa->src_id);
		return;
	}
	j = calloc(1, sizeof(*j));
	if (!j)
		return;
	j->kind = IMV_JOB_PA;
	j->pa_vendor = pa->vendor;
	j->pa_subtype = pa->subtype;
	j->src = pa->src_id;
	j->dst = pa->dst_id;
	j->excl = pa->exclusive;
	j->len = pa->body.len;
	j->body = malloc(j->len ? j->len : 1);
	if (!j->body) {
		free(j);
		return;
	}
	if (j->len)
		memcpy(j->body, pa->body.data, j->len);
	if (enqueue(c, j) == 0)
		pump(c);
}

static void on_batch(imv_host_t *h, uint32_t id, imv_job_kind_t kind)
{
	imv_conn_t *c = conn_find(h, id);
	imv_job_t *j;

	if (!c) {
		/* the broker waits for an answer even when we know nothing */
		NLOG(IMV, 1, "no state for Connection ID %u; answering its %s with nothing", id,
		     kind == IMV_JOB_SOLICIT ? "recommendation request" : "batch ending");
		send_batch_ending(h, id);
		return;
	}
	j = calloc(1, sizeof(*j));
	if (!j) {
		send_batch_ending(h, id);
		return;
	}
	j->kind = kind;
	if (enqueue(c, j) == 0)
		pump(c);
	else
		send_batch_ending(h, id);
}

void imv_host_broker_msg(imv_host_t *h, const Nea__Envelope *env)
{
	uint32_t id = (uint32_t)env->conn_id;

	if (!env->has_conn_id || env->conn_id > UINT32_MAX) {
		NLOG(IMV, 1, "nea-brokerd sent message case %d without a Connection ID; ignored",
		     (int)env->body_case);
		return;
	}
	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_CONN_STATE:
		on_state(h, id, env->conn_state);
		break;
	case NEA__ENVELOPE__BODY_PA_MESSAGE:
		on_pa(h, id, env->pa_message);
		break;
	case NEA__ENVELOPE__BODY_BATCH_ENDING:
		on_batch(h, id, IMV_JOB_BATCH_END);
		break;
	case NEA__ENVELOPE__BODY_SOLICIT:
		on_batch(h, id, IMV_JOB_SOLICIT);
		break;
	default:
		NLOG(IMV, 1, "nea-brokerd sent unexpected message case %d for Connection ID %u",
		     (int)env->body_case, id);
		break;
	}
}

void imv_host_broker_down(imv_host_t *h)
{
	if (h->n_conns)
		NLOG(IMV, 1, "lost nea-brokerd: dropping the state of %zu connection(s)",
		     h->n_conns);
	while (h->n_conns) {
		imv_conn_t *c = h->conns[h->n_conns - 1];

		for (size_t i = 0; i < h->n_mods; i++) {
			if (c->st[i])
				NLOG(IMV, 2, "IMV %u \"%s\" deleted the state of Connection ID %u",
				     c->st[i]->imv_id, c->st[i]->name, c->id);
		}
		imv_host_cancel_requests(c);
		conn_free(c);
	}
}

void imv_host_tick_conns(imv_host_t *h, uint64_t now)
{
	for (size_t i = 0; i < h->n_conns; i++) {
		for (size_t k = 0; k < h->n_mods; k++) {
			if (h->conns[i]->st[k])
				imv_contracts_expire(h->conns[i]->st[k], now, h->opts.seg_idle_ms);
		}
	}
}

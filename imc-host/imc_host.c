/*
 * The IMC framework: IMCs, client broker peers and connection states, and
 * the dispatch of module.proto envelopes (ARCHITECTURE.md 11.2, client
 * side). Sending is in imc_msg.c, receiving in imc_recv.c.
 */
#include "imc_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "attr_names.h"
#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"

/* strongSwan's TNC_Connection_State names. */
static const char *state_name(Nea__ConnState s)
{
	switch (s) {
	case NEA__CONN_STATE__CONN_CREATE: return "Create";
	case NEA__CONN_STATE__CONN_HANDSHAKE: return "Handshake";
	case NEA__CONN_STATE__CONN_ACCESS_ALLOWED: return "Allowed";
	case NEA__CONN_STATE__CONN_ACCESS_ISOLATED: return "Isolated";
	case NEA__CONN_STATE__CONN_ACCESS_NONE: return "None";
	case NEA__CONN_STATE__CONN_DELETE: return "Delete";
	default: return "unknown";
	}
}

char *imc_pa_type_str(char *buf, size_t len, uint32_t vendor, uint32_t subtype)
{
	char name[96];

	attr_pa_subtype_full_name(vendor, subtype, name, sizeof(name));
	snprintf(buf, len, "'%s' 0x%06x/0x%08x", name, vendor, subtype);
	return buf;
}

char *imc_attr_type_str(char *buf, size_t len, uint32_t vendor, uint32_t type)
{
	char name[96];

	attr_full_name(vendor, type, name, sizeof(name));
	snprintf(buf, len, "'%s' 0x%06x/0x%08x", name, vendor, type);
	return buf;
}

/* ---- IMCs ---------------------------------------------------------------- */

static uint32_t random_msg_id(void *arg)
{
	uint32_t v = 0;

	(void)arg;
	/* A PA-TNC message ID only has to differ between messages; a short
	 * read leaves a weaker but still valid value. */
	if (getrandom(&v, sizeof(v), 0) != (ssize_t)sizeof(v))
		v ^= (uint32_t)(uintptr_t)&v;
	return v;
}

static int add_slot(imc_host_t *h, const nea_tnc_entry_t *e, const imc_module_ops_t *ops)
{
	imc_slot_t *s = &h->slots[h->nslots];
	uint32_t id = (uint32_t)h->nslots + 1;
	int rc;

	memset(s, 0, sizeof(*s));
	s->name = strdup(e->name);
	s->path = strdup(e->path);
	if (!s->name || !s->path) {
		free(s->path);
		free(s->name);
		return NEA_ENOMEM;
	}
	s->id = id;
	s->ops = ops;
	NLOG(IMC, 1, "IMC %u \"%s\" initialized", id, s->name);
	rc = ops->init(&h->set, id, &s->priv);
	if (rc < 0) {
		NLOG(IMC, 0, "IMC %u \"%s\" failed to initialize: %s; not loaded", id, s->name,
		     nea_strerror(rc));
		free(s->path);
		free(s->name);
		return rc == NEA_ENOMEM ? rc : 0;
	}
	NLOG(TNC, 1, "IMC %u \"%s\" loaded from '%s'", id, s->name, s->path);
	h->nslots++;
	return 0;
}

int imc_host_create(const nea_tncconf_t *tnc, imc_settings_t *set, imc_host_t **out)
{
	imc_host_t *h;
	size_t n = 0, bytes;
	int rc;

	*out = NULL;
	h = calloc(1, sizeof(*h));
	if (!h)
		return NEA_ENOMEM;
	h->set = *set;
	memset(set, 0, sizeof(*set));
	h->next_msg_id = random_msg_id;
	if (tnc)
		n = nea_tncconf_count(tnc, NEA_TNC_IMC);
	if (n) {
		if (!nea_mul_size(n, sizeof(*h->slots), &bytes) || !(h->slots = calloc(1, bytes))) {
			imc_host_destroy(h);
			return NEA_ENOMEM;
		}
		NLOG(TNC, 1, "loading IMCs from '%s'", tnc->source);
	}
	for (size_t i = 0; tnc && i < tnc->count; i++) {
		const nea_tnc_entry_t *e = &tnc->entries[i];
		const imc_module_ops_t *ops;

		if (e->kind != NEA_TNC_IMC)
			continue;
		ops = imc_module_find(e->name);
		if (!ops) {
			NLOG(IMC, 0, "%s:%u: IMC \"%s\" ('%s') is not built into nea-imcd; skipped",
			     tnc->source, e->line, e->name, e->path);
			continue;
		}
		rc = add_slot(h, e, ops);
		if (rc < 0) {
			imc_host_destroy(h);
			return rc;
		}
	}
	*out = h;
	return 0;
}

void imc_host_set_settings(imc_host_t *h, imc_settings_t *set)
{
	imc_settings_free(&h->set);
	h->set = *set;
	memset(set, 0, sizeof(*set));
}

void imc_host_destroy(imc_host_t *h)
{
	if (!h)
		return;
	for (size_t i = h->nslots; i-- > 0;) {
		imc_slot_t *s = &h->slots[i];

		s->ops->destroy(s->priv);
		NLOG(IMC, 1, "IMC %u \"%s\" terminated", s->id, s->name);
		free(s->path);
		free(s->name);
	}
	free(h->slots);
	imc_settings_free(&h->set);
	free(h);
}

size_t imc_host_module_count(const imc_host_t *h)
{
	return h->nslots;
}

void imc_host_set_msg_id_source(imc_host_t *h, uint32_t (*next)(void *arg), void *arg)
{
	h->next_msg_id = next ? next : random_msg_id;
	h->msg_id_arg = arg;
}

/* ---- peers and connections ---------------------------------------------- */

imc_peer_t *imc_peer_create(imc_host_t *h, const char *label, imc_send_fn send, void *ctx)
{
	imc_peer_t *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->label = strdup(label ? label : "client broker");
	if (!p->label) {
		free(p);
		return NULL;
	}
	p->host = h;
	p->send = send;
	p->ctx = ctx;
	return p;
}

int imc_peer_register(imc_peer_t *p)
{
	imc_host_t *h = p->host;
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__ModuleRegister reg = NEA__MODULE_REGISTER__INIT;
	Nea__Module *mods = NULL, **mptrs = NULL;
	Nea__Subscription *subs = NULL, **sptrs = NULL;
	int rc = NEA_ENOMEM;

	if (h->nslots) {
		mods = calloc(h->nslots, sizeof(*mods));
		mptrs = calloc(h->nslots, sizeof(*mptrs));
		subs = calloc(h->nslots, sizeof(*subs));
		sptrs = calloc(h->nslots, sizeof(*sptrs));
		if (!mods || !mptrs || !subs || !sptrs)
			goto out;
	}
	for (size_t i = 0; i < h->nslots; i++) {
		nea__subscription__init(&subs[i]);
		subs[i].vendor = h->slots[i].ops->msg_vendor;
		subs[i].subtype = h->slots[i].ops->msg_subtype;
		sptrs[i] = &subs[i];
		nea__module__init(&mods[i]);
		mods[i].id = h->slots[i].id;
		mods[i].name = h->slots[i].name;
		mods[i].n_subscriptions = 1;
		mods[i].subscriptions = &sptrs[i];
		mptrs[i] = &mods[i];
	}
	reg.n_modules = h->nslots;
	reg.modules = mptrs;
	env.body_case = NEA__ENVELOPE__BODY_MODULE_REGISTER;
	env.module_register = &reg;
	rc = p->send(p->ctx, &env);
	if (rc < 0)
		NLOG(IMC, 0, "%s: cannot register the IMCs: %s", p->label, nea_strerror(rc));
	else
		NLOG(IMC, 2, "%s: registered %zu IMC%s", p->label, h->nslots,
		     h->nslots == 1 ? "" : "s");
out:
	free(sptrs);
	free(subs);
	free(mptrs);
	free(mods);
	return rc;
}

int imc_host_send(imc_conn_t *conn, Nea__Envelope *env)
{
	int rc;

	env->has_conn_id = true;
	env->conn_id = conn->id;
	rc = conn->peer->send(conn->peer->ctx, env);
	if (rc < 0)
		NLOG(IMC, 0, "%s: Connection ID %llu: sending to the client broker failed: %s",
		     conn->peer->label, (unsigned long long)conn->id, nea_strerror(rc));
	return rc;
}

static imc_conn_t *find_conn(imc_peer_t *p, uint64_t id, size_t *idx)
{
	for (size_t i = 0; i < p->nconns; i++) {
		if (p->conns[i]->id == id) {
			if (idx)
				*idx = i;
			return p->conns[i];
		}
	}
	return NULL;
}

static void conn_free(imc_conn_t *c, bool log)
{
	const imc_host_t *h = c->peer->host;

	for (size_t i = 0; i < h->nslots; i++) {
		imc_state_free_contracts(&c->states[i]);
		if (log)
			NLOG(IMC, 1, "IMC %u \"%s\" deleted the state of Connection ID %llu",
			     h->slots[i].id, h->slots[i].name, (unsigned long long)c->id);
	}
	free(c->states);
	free(c);
}

static void conn_remove(imc_peer_t *p, size_t idx)
{
	conn_free(p->conns[idx], true);
	p->conns[idx] = p->conns[--p->nconns];
}

static const char *transport_ift(Nea__Transport t)
{
	switch (t) {
	case NEA__TRANSPORT__TRANSPORT_PT_TLS: return "IF-T for TLS 2.0";
	case NEA__TRANSPORT__TRANSPORT_PT_EAP: return "IF-T for Tunneled EAP 2.0";
	case NEA__TRANSPORT__TRANSPORT_EAP_TNC: return "IF-T for Tunneled EAP 1.1";
	default: return "IF-T";
	}
}

static int conn_create(imc_peer_t *p, uint64_t id, const Nea__ConnAttributes *a)
{
	imc_host_t *h = p->host;
	imc_conn_t *c, **grown;
	char tnccs[64], ift[96];
	size_t idx, cap, bytes;

	if (find_conn(p, id, &idx)) {
		NLOG(IMC, 1, "%s: Connection ID %llu created again; dropping its old state",
		     p->label, (unsigned long long)id);
		conn_remove(p, idx);
	}
	if (p->nconns == p->cap) {
		if (!nea_mul_size(p->cap ? p->cap : 4, 2, &cap) ||
		    !nea_mul_size(cap, sizeof(*grown), &bytes) ||
		    !(grown = realloc(p->conns, bytes)))
			return NEA_ENOMEM;
		p->conns = grown;
		p->cap = cap;
	}
	c = calloc(1, sizeof(*c));
	if (!c)
		return NEA_ENOMEM;
	if (h->nslots && !(c->states = calloc(h->nslots, sizeof(*c->states)))) {
		free(c);
		return NEA_ENOMEM;
	}
	c->id = id;
	c->peer = p;
	/* IF-TNCCS 2.0 always offers long types and exclusive delivery. */
	c->has_long = !a || !a->has_has_long_types || a->has_long_types;
	c->has_excl = !a || !a->has_has_exclusive || a->has_exclusive;
	c->has_soh = a && a->has_has_soh && a->has_soh;
	c->max_msg_len = a && a->has_max_msg_size && a->max_msg_size ? a->max_msg_size
								      : IMC_DEFAULT_MAX_MSG_LEN;
	snprintf(tnccs, sizeof(tnccs), "%s %s",
		 a && a->tnccs_protocol ? a->tnccs_protocol : "IF-TNCCS",
		 a && a->tnccs_version ? a->tnccs_version : "2.0");
	if (a && a->ift_protocol)
		snprintf(ift, sizeof(ift), "%s %s", a->ift_protocol,
			 a->ift_version ? a->ift_version : "");
	else
		snprintf(ift, sizeof(ift), "%s",
			 transport_ift(a && a->has_transport ? a->transport
							     : NEA__TRANSPORT__TRANSPORT_UNKNOWN));
	for (size_t i = 0; i < h->nslots; i++) {
		c->states[i].conn = c;
		c->states[i].slot = &h->slots[i];
		c->states[i].state = NEA__CONN_STATE__CONN_CREATE;
		NLOG(IMC, 1, "IMC %u \"%s\" created a state for %s Connection ID %llu: %clong %cexcl %csoh",
		     h->slots[i].id, h->slots[i].name, tnccs, (unsigned long long)id,
		     c->has_long ? '+' : '-', c->has_excl ? '+' : '-', c->has_soh ? '+' : '-');
		NLOG(IMC, 1, "  over %s with maximum PA-TNC message size of %u bytes", ift,
		     c->max_msg_len);
	}
	p->conns[p->nconns++] = c;
	return 0;
}

static void send_batch_ending(imc_peer_t *p, uint64_t id)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__BatchEnding be = NEA__BATCH_ENDING__INIT;
	int rc;

	env.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
	env.batch_ending = &be;
	env.has_conn_id = true;
	env.conn_id = id;
	rc = p->send(p->ctx, &env);
	if (rc < 0)
		NLOG(IMC, 0, "%s: Connection ID %llu: cannot end the batch: %s", p->label,
		     (unsigned long long)id, nea_strerror(rc));
}

/* Run one of begin_handshake / batch_ending for every IMC, in ID order. */
static void run_all(imc_conn_t *c, bool handshake)
{
	const imc_host_t *h = c->peer->host;

	for (size_t i = 0; i < h->nslots; i++) {
		imc_state_t *st = &c->states[i];
		const imc_slot_t *s = st->slot;
		imc_msg_t m;
		int rc;

		if (!handshake && !s->ops->batch_ending)
			continue;
		imc_msg_init(&m, st, s->id, IMC_ID_ANY);
		rc = handshake ? s->ops->begin_handshake(s->priv, st, &m)
			       : s->ops->batch_ending(s->priv, st, &m);
		if (rc < 0)
			NLOG(IMC, 0, "IMC %u \"%s\" failed to %s for Connection ID %llu: %s", s->id,
			     s->name, handshake ? "begin the handshake" : "end the batch",
			     (unsigned long long)c->id, nea_strerror(rc));
		else
			imc_msg_send(&m, false);
		imc_msg_free(&m);
	}
}

static void set_state(imc_conn_t *c, Nea__ConnState s)
{
	const imc_host_t *h = c->peer->host;

	for (size_t i = 0; i < h->nslots; i++) {
		c->states[i].state = s;
		NLOG(IMC, 1, "IMC %u \"%s\" changed state of Connection ID %llu to '%s'",
		     h->slots[i].id, h->slots[i].name, (unsigned long long)c->id, state_name(s));
	}
}

static int handle_state(imc_peer_t *p, uint64_t id, const Nea__ConnStateChange *cs)
{
	imc_conn_t *c;
	size_t idx;

	if (cs->state == NEA__CONN_STATE__CONN_CREATE)
		return conn_create(p, id, cs->attrs);
	c = find_conn(p, id, &idx);
	if (!c) {
		NLOG(IMC, 1, "%s: state '%s' for unknown Connection ID %llu ignored", p->label,
		     state_name(cs->state), (unsigned long long)id);
		if (cs->state == NEA__CONN_STATE__CONN_HANDSHAKE)
			send_batch_ending(p, id);
		return 0;
	}
	switch (cs->state) {
	case NEA__CONN_STATE__CONN_HANDSHAKE:
		set_state(c, cs->state);
		run_all(c, true);
		send_batch_ending(p, id);
		break;
	case NEA__CONN_STATE__CONN_DELETE:
		conn_remove(p, idx);
		break;
	case NEA__CONN_STATE__CONN_ACCESS_ALLOWED:
	case NEA__CONN_STATE__CONN_ACCESS_ISOLATED:
	case NEA__CONN_STATE__CONN_ACCESS_NONE:
		set_state(c, cs->state);
		break;
	default:
		NLOG(IMC, 1, "%s: Connection ID %llu: unknown state %d ignored", p->label,
		     (unsigned long long)id, (int)cs->state);
		break;
	}
	return 0;
}

static int handle_pa(imc_peer_t *p, uint64_t id, const Nea__PaMessage *pa)
{
	const imc_host_t *h = p->host;
	imc_conn_t *c = find_conn(p, id, NULL);
	char type[128];
	bool delivered = false;

	imc_pa_type_str(type, sizeof(type), pa->vendor, pa->subtype);
	if (!c) {
		NLOG(IMC, 1, "%s: PA message type %s for unknown Connection ID %llu dropped",
		     p->label, type, (unsigned long long)id);
		return 0;
	}
	NLOG(TNC, 2, "handling PB-PA message type %s", type);
	for (size_t i = 0; i < h->nslots; i++) {
		const imc_slot_t *s = &h->slots[i];

		if (s->ops->msg_vendor != pa->vendor || s->ops->msg_subtype != pa->subtype)
			continue;
		if (pa->exclusive && s->id != pa->dst_id)
			continue;
		delivered = true;
		imc_recv_deliver(&c->states[i], pa);
	}
	if (!delivered)
		NLOG(IMC, 1, "Connection ID %llu: no IMC %sfor PA message type %s from IMV %u; dropped",
		     (unsigned long long)id, pa->exclusive ? "with that ID " : "subscribed ", type,
		     pa->src_id);
	return 0;
}

int imc_peer_handle(imc_peer_t *p, const Nea__Envelope *env)
{
	uint64_t id = env->has_conn_id ? env->conn_id : 0;
	imc_conn_t *c;

	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_CONN_STATE:
		return handle_state(p, id, env->conn_state);
	case NEA__ENVELOPE__BODY_PA_MESSAGE:
		return handle_pa(p, id, env->pa_message);
	case NEA__ENVELOPE__BODY_BATCH_ENDING:
		c = find_conn(p, id, NULL);
		if (c)
			run_all(c, false);
		send_batch_ending(p, id);
		return 0;
	case NEA__ENVELOPE__BODY_OUTCOME:
		imc_outcome_result(id, env->outcome);
		return 0;
	default:
		NLOG(IMC, 1, "%s: unexpected message case %d ignored", p->label, (int)env->body_case);
		return NEA_EINVAL;
	}
}

size_t imc_peer_conn_count(const imc_peer_t *p)
{
	return p->nconns;
}

void imc_peer_destroy(imc_peer_t *p)
{
	if (!p)
		return;
	while (p->nconns)
		conn_remove(p, p->nconns - 1);
	free(p->conns);
	free(p->label);
	free(p);
}

/* ---- what IMCs may ask --------------------------------------------------- */

uint64_t imc_state_conn_id(const imc_state_t *st)
{
	return st->conn->id;
}

uint32_t imc_state_imc_id(const imc_state_t *st)
{
	return st->slot->id;
}

const char *imc_state_imc_name(const imc_state_t *st)
{
	return st->slot->name;
}

uint32_t imc_state_max_msg_len(const imc_state_t *st)
{
	return st->conn->max_msg_len;
}

imc_contract_t *imc_state_contract(imc_state_t *st, seg_dir_t dir, uint32_t peer_id, bool create)
{
	imc_contract_t *grown, *c;
	size_t bytes;

	for (size_t i = 0; i < st->ncontracts; i++)
		if (st->contracts[i].c.dir == dir && st->contracts[i].peer_id == peer_id)
			return &st->contracts[i];
	if (!create)
		return NULL;
	if (!nea_mul_size(st->ncontracts + 1, sizeof(*grown), &bytes) ||
	    !(grown = realloc(st->contracts, bytes)))
		return NULL;
	st->contracts = grown;
	c = &st->contracts[st->ncontracts];
	if (seg_contract_init(&c->c, st->slot->ops->msg_vendor, st->slot->ops->msg_subtype, dir,
			      SEG_NO_LIMIT, SEG_NO_LIMIT) < 0)
		return NULL;
	c->peer_id = peer_id;
	st->ncontracts++;
	return c;
}

void imc_state_free_contracts(imc_state_t *st)
{
	for (size_t i = st->ncontracts; i-- > 0;)
		seg_contract_free(&st->contracts[i].c);
	free(st->contracts);
	st->contracts = NULL;
	st->ncontracts = 0;
}

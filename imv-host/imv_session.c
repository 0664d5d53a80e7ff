/*
 * The session the IMVs of one connection share (strongSwan imv_session +
 * imv_database + imv_policy_manager calls), kept in nea-policyd:
 * SessionCreate at CREATE, SessionStart when the OS IMV knows product and
 * device, a WorkitemResult per finished workitem, SessionStop when the
 * broker reports the outcome. Without nea-policyd (not reachable, or it
 * has no database) the session runs without workitems, which makes every
 * IMV allow with "don't know", as strongSwan does without a database.
 */
#include "imv_host_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"

const char *imv_workitem_name(uint32_t type)
{
	static const char *const n[] = { "PCKGS", "UNSRC", "FWDEN", "PWDEN", "FREFM", "FMEAS",
					  "FMETA", "DREFM", "DMEAS", "DMETA", "TCPOP", "TCPBL",
					  "UDPOP", "UDPBL", "SWIDT", "TPMRA" };

	return type >= 1 && type <= 16 ? n[type - 1] : "UNKWN";
}

static void no_db(imv_conn_t *c, const char *why)
{
	c->db = IMV_DB_NONE;
	NLOG(IMV, 1, "policy: %s; the IMVs of Connection ID %u evaluate without a policy database "
		     "(allow / don't know)", why, c->id);
}

/* ------------------------------------------------------------ create */

static void created(imv_conn_t *c, const Nea__Envelope *reply, int err, void *arg)
{
	(void)arg;
	if (err || !reply || reply->body_case != NEA__ENVELOPE__BODY_SESSION_CREATED) {
		no_db(c, err == NEA_ECLOSED ? "nea-policyd is not reachable"
		       : err == NEA_EAGAIN  ? "nea-policyd does not answer"
		       : err                ? "nea-policyd keeps no session"
					    : "nea-policyd answered SessionCreate oddly");
		return;
	}
	c->session_id = (int64_t)reply->session_created->session_id;
	c->db = IMV_DB_AVAILABLE;
	NLOG(IMV, 1, "assigned session ID %lld to Connection ID %u", (long long)c->session_id,
	     c->id);
}

void imv_session_begin(imv_conn_t *c)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__SessionCreate sc = NEA__SESSION_CREATE__INIT;
	Nea__Identity *ids = NULL, **idp = NULL;

	if (c->n_ids) {
		ids = calloc(c->n_ids, sizeof(*ids));
		idp = calloc(c->n_ids, sizeof(*idp));
		if (!ids || !idp) {
			free(ids);
			free(idp);
			no_db(c, "out of memory for the session request");
			return;
		}
	}
	for (size_t i = 0; i < c->n_ids; i++) {
		nea__identity__init(&ids[i]);
		ids[i].type = c->ids[i].type;
		ids[i].subject = c->ids[i].subject;
		ids[i].auth = c->ids[i].auth;
		ids[i].value.data = c->ids[i].value;
		ids[i].value.len = c->ids[i].len;
		idp[i] = &ids[i];
	}
	sc.connection = c->id;
	sc.n_identities = c->n_ids;
	sc.identities = idp;
	sc.peer_addr = c->peer_addr;
	env.body_case = NEA__ENVELOPE__BODY_SESSION_CREATE;
	env.session_create = &sc;
	c->db = IMV_DB_PENDING;
	if (imv_host_request(c, &env, "SessionCreate", created, NULL, NULL, NULL) < 0)
		no_db(c, "out of memory for the session request");
	free(idp);
	free(ids);
}

/* ------------------------------------------------------------ start */

static void workitems_free(imv_conn_t *c)
{
	for (size_t i = 0; i < c->n_wis; i++)
		free(c->wis[i].arg_str);
	free(c->wis);
	c->wis = NULL;
	c->n_wis = 0;
}

static void started(imv_conn_t *c, const Nea__Envelope *reply, int err, void *arg)
{
	const Nea__WorkitemList *wl;

	(void)arg;
	c->policy_started = true;
	if (err || !reply || reply->body_case != NEA__ENVELOPE__BODY_WORKITEMS) {
		no_db(c, err ? "nea-policyd could not start the session"
			     : "nea-policyd answered SessionStart oddly");
		return;
	}
	wl = reply->workitems;
	workitems_free(c);
	if (wl->n_items) {
		c->wis = calloc(wl->n_items, sizeof(*c->wis));
		if (!c->wis) {
			no_db(c, "out of memory for the workitems");
			return;
		}
	}
	for (size_t i = 0; i < wl->n_items; i++) {
		const Nea__Workitem *w = wl->items[i];
		imv_workitem_t *wi = &c->wis[c->n_wis];

		wi->arg_str = strdup(w->arg_str ? w->arg_str : "");
		if (!wi->arg_str) {
			no_db(c, "out of memory for the workitems");
			workitems_free(c);
			return;
		}
		wi->id = w->id;
		wi->type = w->type;
		wi->arg_int = w->has_arg_int ? w->arg_int : 0;
		wi->rec_fail = w->rec_fail;
		wi->rec_noresult = w->rec_noresult;
		wi->imv_id = IMV_ID_ANY;
		c->n_wis++;
	}
	NLOG(IMV, 1, "policy: nea-policyd started session %lld with %zu workitem(s)",
	     (long long)c->session_id, c->n_wis);
	for (size_t i = 0; i < c->n_wis; i++)
		NLOG(IMV, 2, "%s workitem %llu", imv_workitem_name(c->wis[i].type),
		     (unsigned long long)c->wis[i].id);
}

int imv_session_start(imv_state_t *st)
{
	imv_conn_t *c = st->conn;
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__SessionStart ss = NEA__SESSION_START__INIT;

	ss.session_id = (uint64_t)c->session_id;
	ss.device_id = c->device_id ? c->device_id : (char *)"";
	ss.product = c->product ? c->product : (char *)"";
	env.body_case = NEA__ENVELOPE__BODY_SESSION_START;
	env.session_start = &ss;
	NLOG(IMV, 1, "policy: starting session %lld of Connection ID %u for device '%s' "
		     "running '%s'",
	     (long long)c->session_id, c->id, ss.device_id, ss.product);
	return imv_host_request(c, &env, "SessionStart", started, NULL, NULL, NULL);
}

void imv_session_start_without_db(imv_state_t *st)
{
	st->conn->policy_started = true;
}

/* ------------------------------------------------------------ stop */

static void stopped(imv_conn_t *c, const Nea__Envelope *reply, int err, void *arg)
{
	(void)arg;
	if (err || !reply || reply->body_case != NEA__ENVELOPE__BODY_SESSION_STOPPED) {
		NLOG(IMV, 1, "policy: session %lld of Connection ID %u was not closed by nea-policyd",
		     (long long)c->session_id, c->id);
		return;
	}
	if (reply->session_stopped->summary)
		NLOG(IMV, 1, "policy: %s", reply->session_stopped->summary);
	else
		NLOG(IMV, 1, "policy: session %lld of Connection ID %u closed",
		     (long long)c->session_id, c->id);
}

void imv_session_stop(imv_conn_t *c, uint32_t conn_state)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__SessionStop ss = NEA__SESSION_STOP__INIT;

	if (!c->policy_started || c->db != IMV_DB_AVAILABLE || c->stop_sent)
		return;
	c->stop_sent = true;
	c->policy_started = false;
	ss.session_id = (uint64_t)c->session_id;
	ss.recommendation = conn_state == IMV_CONN_ALLOWED    ? IMV_REC_ALLOW
			    : conn_state == IMV_CONN_ISOLATED ? IMV_REC_ISOLATE
							      : IMV_REC_NO_ACCESS;
	env.body_case = NEA__ENVELOPE__BODY_SESSION_STOP;
	env.session_stop = &ss;
	NLOG(IMV, 2, "policy: closing session %lld of Connection ID %u with '%s'",
	     (long long)c->session_id, c->id, imv_rec_name(ss.recommendation));
	if (imv_host_request(c, &env, "SessionStop", stopped, NULL, NULL, NULL) < 0)
		NLOG(IMV, 1, "policy: out of memory closing session %lld", (long long)c->session_id);
}

void imv_session_clear(imv_conn_t *c)
{
	workitems_free(c);
	free(c->device_id);
	free(c->product);
	free(c->os_version);
	free(c->os_name);
	c->device_id = c->product = c->os_version = c->os_name = NULL;
	c->have_device = false;
}

/* ------------------------------------------------------------ for the IMVs */

imv_db_t imv_session_db(const imv_state_t *st)
{
	return st->conn->db;
}

bool imv_session_policy_started(const imv_state_t *st)
{
	return st->conn->policy_started;
}

static char *dup_bytes(const uint8_t *s, size_t n)
{
	char *d = malloc(n + 1);

	if (!d)
		return NULL;
	if (n)
		memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

int imv_session_set_os(imv_state_t *st, const uint8_t *name, size_t nlen, const uint8_t *ver,
		       size_t vlen)
{
	imv_conn_t *c = st->conn;
	char *n = name ? dup_bytes(name, nlen) : (c->os_name ? strdup(c->os_name) : strdup(""));
	char *v = ver ? dup_bytes(ver, vlen) : (c->os_version ? strdup(c->os_version) : strdup(""));
	char *p = NULL;
	size_t plen;

	if (n && v && nea_add_size(strlen(n), strlen(v), &plen) && nea_add_size(plen, 2, &plen))
		p = malloc(plen);
	if (!n || !v || !p) {
		free(n);
		free(v);
		free(p);
		return NEA_ENOMEM;
	}
	snprintf(p, plen, "%s%s%s", n, *n && *v ? " " : "", v);
	free(c->os_name);
	free(c->os_version);
	free(c->product);
	c->os_name = n;
	c->os_version = v;
	c->product = p;
	return 0;
}

const char *imv_session_product(const imv_state_t *st)
{
	return st->conn->product ? st->conn->product : "";
}

const char *imv_session_os_name(const imv_state_t *st)
{
	return st->conn->os_name ? st->conn->os_name : "";
}

int imv_session_set_device(imv_state_t *st, const uint8_t *id, size_t len)
{
	imv_conn_t *c = st->conn;
	char *d;

	if (id && memchr(id, 0, len))
		return NEA_EINVAL; /* a C string cannot carry it to nea-policyd */
	d = dup_bytes(id ? id : (const uint8_t *)"", id ? len : 0);
	if (!d)
		return NEA_ENOMEM;
	free(c->device_id);
	c->device_id = d;
	c->have_device = true;
	return 0;
}

bool imv_session_has_device(const imv_state_t *st)
{
	return st->conn->have_device;
}

size_t imv_session_workitems(const imv_state_t *st, imv_workitem_t **items)
{
	*items = st->conn->wis;
	return st->conn->n_wis;
}

void imv_workitem_claim(imv_state_t *st, imv_workitem_t *wi)
{
	wi->imv_id = st->imv_id;
	NLOG(IMV, 2, "IMV %u handles %s workitem %llu", st->imv_id, imv_workitem_name(wi->type),
	     (unsigned long long)wi->id);
}

uint32_t imv_workitem_finish(imv_state_t *st, imv_workitem_t *wi, uint32_t eval,
			     const char *result)
{
	imv_conn_t *c = st->conn;
	uint32_t rec = imv_workitem_rec(eval, wi->rec_fail, wi->rec_noresult);
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__WorkitemResult wr = NEA__WORKITEM_RESULT__INIT;

	wi->done = true;
	NLOG(IMV, 1, "IMV %u handled %s workitem %llu: %s%s%s", st->imv_id,
	     imv_workitem_name(wi->type), (unsigned long long)wi->id, imv_rec_name(rec),
	     result && *result ? " - " : "", result ? result : "");
	imv_state_update_rec(st, rec, eval);
	if (c->db != IMV_DB_AVAILABLE)
		return rec;
	wr.workitem_id = wi->id;
	wr.rec_final = rec;
	wr.result = (char *)(result ? result : "");
	env.body_case = NEA__ENVELOPE__BODY_WORKITEM_RESULT;
	env.workitem_result = &wr;
	imv_host_notify(c, &env, "WorkitemResult");
	return rec;
}

size_t imv_session_workitems_left(const imv_state_t *st)
{
	const imv_conn_t *c = st->conn;
	size_t n = 0;

	for (size_t i = 0; i < c->n_wis; i++)
		n += c->wis[i].imv_id == st->imv_id && !c->wis[i].done;
	return n;
}

int imv_policy_request(imv_state_t *st, Nea__Envelope *req, imv_reply_fn fn, void *arg)
{
	const char *what = req->body_case == NEA__ENVELOPE__BODY_PACKAGE_CHECK ? "PackageCheck"
										 : "request";

	return imv_host_request(st->conn, req, what, NULL, st, fn, arg);
}

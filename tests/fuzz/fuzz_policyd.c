/*
 * libFuzzer target: nea-policyd's request core (policy/daemon) on a real
 * database, fed what a compromised nea-imvd (or a hostile endpoint's
 * Device ID, product and package strings relayed by it) can send.
 *
 * Input: first byte even = the rest is one raw Envelope (protobuf) given to
 * pd_core_policy / pd_core_admin as it unpacks; odd = a script of requests
 * built from the bytes, so sessions really get created, started, given
 * results, stopped, orphaned and closed out. Invariants: every request is
 * answered with exactly one body that packs; a PolicyError carries a
 * negative code and a message; the open-session table never exceeds its
 * maximum. The database lives in a temp dir for the whole run (fsync off).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pdb.h"
#include "policyd_core.h"
#include "policyd_reply.h"

#define MAX_SESSIONS 64
#define MAX_IDS 32
#define MAX_STR 48
#define STR_RING 16 /* strings alive at once: 4 packages + product, 5 admin words */

static pdb_t *db;
static pd_core_t *core;
static pd_limits_t limits;
static int64_t clock_now = 1795386520;

/* ids the replies handed out, so the script can name real ones */
static uint64_t sessions[MAX_IDS], workitems[MAX_IDS];
static size_t n_sessions, n_workitems;

static char dir[] = "/tmp/nea-fuzz-policyd-XXXXXX";

static void cleanup(void)
{
	static const char *const files[] = { "config.db", "config.db-wal", "config.db-shm" };
	char path[128];

	pd_core_free(core);
	pdb_close(db);
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void setup(void)
{
	char uri[128];

	if (!mkdtemp(dir))
		abort();
	atexit(cleanup);
	snprintf(uri, sizeof(uri), "sqlite://%s/config.db", dir);
	nea_log_set_default(-1);
	if (pdb_open(uri, &db) < 0 || pdb_set_power_safe(db, false) < 0)
		abort();
	pdb_set_now(db, clock_now);
	pd_limits_default(&limits);
	limits.max_sessions = MAX_SESSIONS;
	limits.orphan_timeout = 5;
	limits.session_timeout = 60;
	if (pd_core_new(db, &limits, &core) < 0)
		abort();
}

static void remember(uint64_t *list, size_t *n, uint64_t id)
{
	if (*n < MAX_IDS)
		list[(*n)++] = id;
	else
		list[id % MAX_IDS] = id;
}

static void check_reply(const pd_reply_t *r)
{
	size_t len;
	uint8_t *buf;

	if (r->env.body_case == NEA__ENVELOPE__BODY__NOT_SET)
		abort();
	if (r->env.body_case == NEA__ENVELOPE__BODY_POLICY_ERROR &&
	    (r->error.code >= 0 || !r->error.message || !r->error.message[0]))
		abort();
	len = nea__envelope__get_packed_size(&r->env);
	buf = malloc(len ? len : 1);
	if (!buf)
		abort();
	if (nea__envelope__pack(&r->env, buf) != len)
		abort();
	free(buf);
	if (pd_core_open_sessions(core) > MAX_SESSIONS)
		abort();
}

static void learn(const pd_reply_t *r)
{
	if (r->env.body_case == NEA__ENVELOPE__BODY_SESSION_CREATED)
		remember(sessions, &n_sessions, r->created.session_id);
	if (r->env.body_case == NEA__ENVELOPE__BODY_WORKITEMS)
		for (size_t i = 0; i < r->workitems.n_items; i++)
			remember(workitems, &n_workitems, r->workitems.items[i]->id);
}

static void run(Nea__Envelope *e, uint64_t link)
{
	pd_reply_t r;

	pd_reply_init(&r);
	if (e->body_case == NEA__ENVELOPE__BODY_ADMIN_REQUEST)
		pd_core_admin(core, e, 0, &r);
	else
		pd_core_policy(core, e, link, &r);
	check_reply(&r);
	learn(&r);
	pd_reply_free(&r);
}

/* ------------------------------------------------------------ script */

typedef struct {
	const uint8_t *p;
	size_t left;
	char strs[STR_RING][MAX_STR + 1];
	unsigned next_str;
} script_t;

static uint8_t byte(script_t *s)
{
	if (!s->left)
		return 0;
	s->left--;
	return *s->p++;
}

/* A short string from the input (may be empty, any byte but NUL). */
static char *str(script_t *s)
{
	char *out = s->strs[s->next_str++ % STR_RING];
	size_t n = byte(s) % (MAX_STR + 1), i;

	for (i = 0; i < n && s->left; i++) {
		uint8_t c = byte(s);

		out[i] = c ? (char)c : 'x';
	}
	out[i] = '\0';
	return out;
}

/* Mostly a real id, sometimes an arbitrary one. */
static uint64_t pick(script_t *s, const uint64_t *list, size_t n)
{
	uint8_t b = byte(s);

	if (n && b < 224)
		return list[b % n];
	return (uint64_t)byte(s) | (uint64_t)(b & 3) << 62;
}

static const char *const products[] = { "Debian 12 x86_64", "Ubuntu 22.04 x86_64", "Android 4.2.1" };
static const char *const devices[] = { "3d1219c7c4c5404aaa1f6d2a48adfda4", "a488651e36664792b306" };

static const char *choose(script_t *s, const char *const *fixed, size_t n)
{
	uint8_t b = byte(s);

	return b < 200 ? fixed[b % n] : str(s);
}

static void op_create(script_t *s, Nea__Envelope *e)
{
	Nea__SessionCreate sc = NEA__SESSION_CREATE__INIT;
	Nea__Identity id = NEA__IDENTITY__INIT, *idp = &id;
	char *user = str(s);

	id.type = byte(s) % 9;
	id.value.data = (uint8_t *)user;
	id.value.len = strlen(user);
	sc.n_identities = byte(s) & 1;
	sc.identities = &idp;
	sc.connection = byte(s) % 8;
	sc.peer_addr = byte(s) & 1 ? (char *)"127.0.0.1" : str(s);
	e->body_case = NEA__ENVELOPE__BODY_SESSION_CREATE;
	e->session_create = &sc;
	run(e, 1 + byte(s) % 3);
}

static void op_start(script_t *s, Nea__Envelope *e)
{
	Nea__SessionStart ss = NEA__SESSION_START__INIT;

	ss.session_id = pick(s, sessions, n_sessions);
	ss.device_id = (char *)choose(s, devices, 2);
	ss.product = (char *)choose(s, products, 3);
	e->body_case = NEA__ENVELOPE__BODY_SESSION_START;
	e->session_start = &ss;
	run(e, 1 + byte(s) % 3);
}

static void op_result(script_t *s, Nea__Envelope *e)
{
	Nea__WorkitemResult wr = NEA__WORKITEM_RESULT__INIT;

	wr.workitem_id = pick(s, workitems, n_workitems);
	wr.rec_final = byte(s) % 5;
	wr.result = str(s);
	e->body_case = NEA__ENVELOPE__BODY_WORKITEM_RESULT;
	e->workitem_result = &wr;
	run(e, 1 + byte(s) % 3);
}

static void op_stop(script_t *s, Nea__Envelope *e)
{
	Nea__SessionStop sp = NEA__SESSION_STOP__INIT;

	sp.session_id = pick(s, sessions, n_sessions);
	sp.recommendation = byte(s) % 5;
	e->body_case = NEA__ENVELOPE__BODY_SESSION_STOP;
	e->session_stop = &sp;
	run(e, 1 + byte(s) % 3);
}

static void op_packages(script_t *s, Nea__Envelope *e)
{
	Nea__PackageCheck pc = NEA__PACKAGE_CHECK__INIT;
	Nea__Package pk[4], *pkp[4];
	size_t n = byte(s) % 5;

	for (size_t i = 0; i < n; i++) {
		nea__package__init(&pk[i]);
		pk[i].name = str(s);
		pk[i].version = str(s);
		pkp[i] = &pk[i];
	}
	pc.product = (char *)choose(s, products, 3);
	pc.n_packages = n;
	pc.packages = pkp;
	e->body_case = NEA__ENVELOPE__BODY_PACKAGE_CHECK;
	e->package_check = &pc;
	run(e, 1);
}

static void op_admin(script_t *s, Nea__Envelope *e)
{
	static const char *const words[] = { "sessions", "devices", "results", "groups",
					     "policies", "enforcements", "products", "packages",
					     "device", "group", "policy", "enforcement", "product",
					     "package", "version", "versions" };
	Nea__AdminRequest ar = NEA__ADMIN_REQUEST__INIT;
	char *argv[6];
	size_t n = 1 + byte(s) % 6;

	argv[0] = (char *)words[byte(s) % (sizeof(words) / sizeof(words[0]))];
	for (size_t i = 1; i < n; i++)
		argv[i] = str(s);
	ar.n_argv = n;
	ar.argv = argv;
	ar.has_utc = true;
	ar.utc = true;
	e->body_case = NEA__ENVELOPE__BODY_ADMIN_REQUEST;
	e->admin_request = &ar;
	run(e, 0);
}

static void script(const uint8_t *data, size_t size)
{
	script_t s = { .p = data, .left = size };

	for (unsigned ops = 0; s.left && ops < 64; ops++) {
		Nea__Envelope e = NEA__ENVELOPE__INIT;
		uint8_t op = byte(&s);

		e.has_req_id = true;
		e.req_id = ops;
		if (op & 0x80) {
			e.has_conn_id = true;
			e.conn_id = byte(&s) % 8;
		}
		switch (op % 10) {
		case 0: op_create(&s, &e); break;
		case 1: op_start(&s, &e); break;
		case 2: case 3: op_result(&s, &e); break;
		case 4: op_stop(&s, &e); break;
		case 5: op_packages(&s, &e); break;
		case 6: op_admin(&s, &e); break;
		case 7: pd_core_link_lost(core, 1 + byte(&s) % 3); break;
		case 8:
			clock_now += byte(&s);
			pdb_set_now(db, clock_now);
			pd_core_housekeeping(core);
			break;
		default:
			/* SIGKILL and restart: the core is rebuilt from the database */
			pd_core_free(core);
			if (pd_core_new(db, &limits, &core) < 0)
				abort();
			break;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!core)
		setup();
	if (!size)
		return 0;
	if (data[0] & 1) {
		script(data + 1, size - 1);
	} else {
		Nea__Envelope *e = nea__envelope__unpack(NULL, size - 1, data + 1);

		if (e) {
			run(e, 1);
			nea__envelope__free_unpacked(e, NULL);
		}
	}
	return 0;
}

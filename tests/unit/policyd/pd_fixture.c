/* Fixture for the nea-policyd core suites (see pd_fixture.h). */
#include "pd_fixture.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

pf_t pf;

static void open_all(int64_t t)
{
	char uri[160];

	snprintf(uri, sizeof(uri), "sqlite://%s", pf.path);
	cr_assert_eq(pdb_open(uri, &pf.db), 0);
	pdb_set_now(pf.db, t);
	cr_assert_eq(pd_core_new(pf.db, &pf.limits, &pf.core), 0);
}

void pf_setup(void)
{
	memset(&pf, 0, sizeof(pf));
	strcpy(pf.dir, "/tmp/nea-pd-XXXXXX");
	cr_assert_not_null(mkdtemp(pf.dir));
	snprintf(pf.path, sizeof(pf.path), "%s/config.db", pf.dir);
	pd_limits_default(&pf.limits);
	pf.link = 1;
	pd_reply_init(&pf.r);
	open_all(PF_T0);
}

void pf_teardown(void)
{
	DIR *d;
	struct dirent *e;

	pd_reply_free(&pf.r);
	pd_core_free(pf.core);
	pdb_close(pf.db);
	d = opendir(pf.dir);
	if (d) {
		while ((e = readdir(d))) {
			char p[512];

			if (e->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", pf.dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(pf.dir);
	memset(&pf, 0, sizeof(pf));
}

void pf_restart(int64_t t)
{
	pd_reply_free(&pf.r);
	pd_core_free(pf.core);
	pdb_close(pf.db);
	pf.core = NULL;
	pf.db = NULL;
	open_all(t);
}

void pf_set_time(int64_t t)
{
	pdb_set_now(pf.db, t);
}

const Nea__Envelope *pf_send(Nea__Envelope *req, uint64_t link)
{
	pd_reply_free(&pf.r);
	pf.rc = pd_core_policy(pf.core, req, link, &pf.r);
	cr_assert_neq(pf.r.env.body_case, NEA__ENVELOPE__BODY__NOT_SET, "no reply body");
	/* what the service sends must also pack */
	cr_assert_gt(nea__envelope__get_packed_size(&pf.r.env), 0);
	return &pf.r.env;
}

static void set_conn(Nea__Envelope *e, uint64_t conn_id)
{
	if (conn_id) {
		e->has_conn_id = true;
		e->conn_id = conn_id;
	}
	e->has_req_id = true;
	e->req_id = 42;
}

const Nea__Envelope *pf_create(uint64_t conn_id, uint32_t connection, const char *user,
			       const char *ip)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__SessionCreate sc = NEA__SESSION_CREATE__INIT;
	Nea__Identity ids[2], *idp[2];
	size_t n = 0;

	if (user) {
		nea__identity__init(&ids[n]);
		ids[n].type = PDB_ID_USER_NAME;
		ids[n].value.data = (uint8_t *)user;
		ids[n].value.len = strlen(user);
		ids[n].subject = 2;
		ids[n].auth = 2;
		idp[n] = &ids[n];
		n++;
	}
	sc.connection = connection;
	sc.n_identities = n;
	sc.identities = idp;
	sc.peer_addr = (char *)ip;
	set_conn(&e, conn_id);
	e.body_case = NEA__ENVELOPE__BODY_SESSION_CREATE;
	e.session_create = &sc;
	return pf_send(&e, pf.link);
}

const Nea__Envelope *pf_start(uint64_t conn_id, uint64_t session, const char *device,
			      const char *product)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__SessionStart ss = NEA__SESSION_START__INIT;

	ss.session_id = session;
	ss.device_id = (char *)device;
	ss.product = (char *)product;
	set_conn(&e, conn_id);
	e.body_case = NEA__ENVELOPE__BODY_SESSION_START;
	e.session_start = &ss;
	return pf_send(&e, pf.link);
}

const Nea__Envelope *pf_result(uint64_t conn_id, uint64_t workitem, uint32_t rec, const char *text)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__WorkitemResult wr = NEA__WORKITEM_RESULT__INIT;

	wr.workitem_id = workitem;
	wr.rec_final = rec;
	wr.result = (char *)text;
	set_conn(&e, conn_id);
	e.body_case = NEA__ENVELOPE__BODY_WORKITEM_RESULT;
	e.workitem_result = &wr;
	return pf_send(&e, pf.link);
}

const Nea__Envelope *pf_stop(uint64_t conn_id, uint64_t session, uint32_t rec)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__SessionStop sp = NEA__SESSION_STOP__INIT;

	sp.session_id = session;
	sp.recommendation = rec;
	set_conn(&e, conn_id);
	e.body_case = NEA__ENVELOPE__BODY_SESSION_STOP;
	e.session_stop = &sp;
	return pf_send(&e, pf.link);
}

const Nea__Envelope *pf_packages(const char *product, ...)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__PackageCheck pc = NEA__PACKAGE_CHECK__INIT;
	Nea__Package pk[32], *pkp[32];
	size_t n = 0;
	const char *name;
	va_list ap;

	va_start(ap, product);
	while ((name = va_arg(ap, const char *)) && n < 32) {
		nea__package__init(&pk[n]);
		pk[n].name = (char *)name;
		pk[n].version = (char *)va_arg(ap, const char *);
		pkp[n] = &pk[n];
		n++;
	}
	va_end(ap);
	pc.product = (char *)product;
	pc.n_packages = n;
	pc.packages = pkp;
	set_conn(&e, 0);
	e.body_case = NEA__ENVELOPE__BODY_PACKAGE_CHECK;
	e.package_check = &pc;
	return pf_send(&e, pf.link);
}

const Nea__AdminReply *pf_admin(const char *word, ...)
{
	Nea__Envelope e = NEA__ENVELOPE__INIT;
	Nea__AdminRequest ar = NEA__ADMIN_REQUEST__INIT;
	char *argv[32];
	size_t n = 0;
	va_list ap;

	va_start(ap, word);
	for (const char *w = word; w && n < 32; w = va_arg(ap, const char *))
		argv[n++] = (char *)w;
	va_end(ap);
	ar.n_argv = n;
	ar.argv = argv;
	ar.has_utc = true;
	ar.utc = true;
	e.body_case = NEA__ENVELOPE__BODY_ADMIN_REQUEST;
	e.admin_request = &ar;
	pd_reply_free(&pf.r);
	pf.rc = pd_core_admin(pf.core, &e, 0, &pf.r);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_ADMIN_REPLY);
	cr_assert_eq(pf.r.admin.status, pf.rc);
	return pf.r.env.admin_reply;
}

void pf_expect_error(int code)
{
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_POLICY_ERROR,
		     "expected PolicyError %d, got body case %d", code, (int)pf.r.env.body_case);
	cr_assert_eq(pf.r.error.code, code, "PolicyError %d (%s), expected %d", pf.r.error.code,
		     pf.r.error.message, code);
	cr_assert_eq(pf.rc, code);
	cr_assert_gt(strlen(pf.r.error.message), 0);
}

int64_t pf_session(uint32_t conn, const char *ip)
{
	int64_t sid;

	pf_create(conn, conn, "client1", ip);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_SESSION_CREATED, "%s", pf.r.message);
	sid = (int64_t)pf.r.created.session_id;
	pf_start(conn, (uint64_t)sid, PF_DEV, PF_PRODUCT);
	cr_assert_eq(pf.r.env.body_case, NEA__ENVELOPE__BODY_WORKITEMS, "%s", pf.r.message);
	return sid;
}

int64_t pf_int(const char *sql, int64_t arg)
{
	sqlite3 *raw;
	sqlite3_stmt *st;
	int64_t v = -1;

	cr_assert_eq(sqlite3_open_v2(pf.path, &raw, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	sqlite3_busy_timeout(raw, 2000);
	cr_assert_eq(sqlite3_prepare_v2(raw, sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
		     sqlite3_errmsg(raw));
	if (sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int64(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -2 : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(raw);
	return v;
}

int pf_find(int type)
{
	if (pf.r.env.body_case != NEA__ENVELOPE__BODY_WORKITEMS)
		return -1;
	for (size_t i = 0; i < pf.r.workitems.n_items; i++)
		if (pf.r.workitems.items[i]->type == (uint32_t)type)
			return (int)i;
	return -1;
}

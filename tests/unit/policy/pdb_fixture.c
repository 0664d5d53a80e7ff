/* Test fixture for the policy database suites (see pdb_fixture.h). */
#include "pdb_fixture.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

fx_t fx;

void fx_setup_dir(void)
{
	memset(&fx, 0, sizeof(fx));
	strcpy(fx.dir, "/tmp/nea-pdb-XXXXXX");
	cr_assert_not_null(mkdtemp(fx.dir));
	snprintf(fx.path, sizeof(fx.path), "%s/config.db", fx.dir);
	snprintf(fx.uri, sizeof(fx.uri), "sqlite://%s", fx.path);
}

void fx_setup(void)
{
	fx_setup_dir();
	cr_assert_eq(pdb_open(fx.uri, &fx.db), 0);
	pdb_set_now(fx.db, FX_T0);
}

void fx_teardown(void)
{
	DIR *d;
	struct dirent *e;

	free(fx.out);
	free(fx.err);
	if (fx.raw)
		sqlite3_close(fx.raw);
	pdb_close(fx.db);
	d = opendir(fx.dir);
	if (d) {
		while ((e = readdir(d))) {
			char p[512];

			if (e->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", fx.dir, e->d_name);
			unlink(p);
		}
		closedir(d);
	}
	rmdir(fx.dir);
	memset(&fx, 0, sizeof(fx));
}

int fx_admin(const char *word, ...)
{
	char *argv[32];
	int argc = 0, status;
	va_list ap;

	free(fx.out);
	free(fx.err);
	fx.out = fx.err = NULL;
	va_start(ap, word);
	for (const char *w = word; w && argc < 32; w = va_arg(ap, const char *))
		argv[argc++] = (char *)w;
	va_end(ap);
	status = pdb_admin_run(fx.db, argc, argv, true, &fx.out, &fx.err);
	cr_assert_not_null(fx.out);
	cr_assert_not_null(fx.err);
	return status;
}

bool fx_out_has_line(const char *line)
{
	size_t n = strlen(line);

	for (const char *p = fx.out; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len == n && memcmp(p, line, n) == 0)
			return true;
		if (!nl)
			break;
		p = nl + 1;
	}
	return false;
}

int fx_out_lines(void)
{
	int n = 0;

	for (const char *p = fx.out; p && *p; p++)
		n += *p == '\n';
	return n;
}

sqlite3 *fx_raw(void)
{
	if (!fx.raw) {
		cr_assert_eq(sqlite3_open_v2(fx.path, &fx.raw, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
		sqlite3_busy_timeout(fx.raw, 2000);
	}
	return fx.raw;
}

static sqlite3_stmt *prep(const char *sql, const char *types, va_list ap)
{
	sqlite3_stmt *st = NULL;
	int idx = 1;

	cr_assert_eq(sqlite3_prepare_v2(fx_raw(), sql, -1, &st, NULL), SQLITE_OK, "%s: %s", sql,
		     sqlite3_errmsg(fx_raw()));
	for (const char *t = types ? types : ""; *t; t++, idx++) {
		if (*t == 'i')
			cr_assert_eq(sqlite3_bind_int64(st, idx, va_arg(ap, int64_t)), SQLITE_OK);
		else
			cr_assert_eq(sqlite3_bind_text(st, idx, va_arg(ap, const char *), -1,
						       SQLITE_TRANSIENT),
				     SQLITE_OK);
	}
	return st;
}

int64_t fx_int(const char *sql, const char *types, ...)
{
	sqlite3_stmt *st;
	int64_t v = 0;
	va_list ap;

	va_start(ap, types);
	st = prep(sql, types, ap);
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

const char *fx_text(const char *sql, const char *types, ...)
{
	static char buf[1024];
	sqlite3_stmt *st;
	va_list ap;

	buf[0] = '\0';
	va_start(ap, types);
	st = prep(sql, types, ap);
	va_end(ap);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(buf, sizeof(buf), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

int fx_exec(const char *sql, const char *types, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, types);
	st = prep(sql, types, ap);
	va_end(ap);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? SQLITE_OK : rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int64_t fx_session(uint32_t conn, const char *user, const char *ip, int64_t t, const char *device,
		   const char *product, pdb_worklist_t *wl)
{
	pdb_identity_t ids[2];
	size_t n = 0;
	int64_t sid;

	if (user)
		ids[n++] = (pdb_identity_t){ PDB_ID_USER_NAME, user, strlen(user) };
	if (ip)
		ids[n++] = (pdb_identity_t){ PDB_ID_IPV4_ADDR, ip, strlen(ip) };
	pdb_set_now(fx.db, t);
	cr_assert_eq(pdb_session_create(fx.db, conn, ids, n, NULL, &sid), 0);
	cr_assert_gt(sid, 0);
	if (device) {
		pdb_worklist_t tmp;

		cr_assert_eq(pdb_session_start(fx.db, sid, device, product, wl ? wl : &tmp), 0);
		if (!wl)
			pdb_worklist_free(&tmp);
	}
	return sid;
}

int fx_find(const pdb_worklist_t *wl, int type)
{
	for (size_t i = 0; i < wl->n; i++)
		if (wl->items[i].type == type)
			return (int)i;
	return -1;
}

void fx_finalize(const pdb_worklist_t *wl, int type, int rec, const char *result)
{
	int i = fx_find(wl, type);

	cr_assert_geq(i, 0, "no %s workitem", pdb_wi_name(type));
	cr_assert_eq(pdb_workitem_finalize(fx.db, wl->items[i].id, rec, result), 0);
}

/*
 * SQLite helpers for the policy database: prepare + bind from a type
 * string, step, error mapping, transactions, constant scripts.
 */
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pdb_int.h"

/* Enough of a statement to recognise it in a log line. */
static void sql_head(const char *sql, char *buf, size_t len)
{
	size_t i = 0;

	while (sql && *sql && i + 1 < len) {
		char c = *sql++;

		buf[i++] = (c == '\n' || c == '\t') ? ' ' : c;
	}
	buf[i] = '\0';
	if (sql && *sql && len > 4)
		memcpy(buf + len - 4, "...", 4);
}

int pdb_sql_err(pdb_t *db, int rc, const char *sql)
{
	char head[48];
	int ext = db && db->db ? sqlite3_extended_errcode(db->db) : rc;

	sql_head(sql, head, sizeof(head));
	NLOG(DB, 1, "database '%s': %s (%s)", db && db->path ? db->path : "?",
	     db && db->db ? sqlite3_errmsg(db->db) : sqlite3_errstr(rc), head);
	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return NEA_ENOMEM;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return NEA_EAGAIN;
	case SQLITE_CONSTRAINT:
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return NEA_EEXIST;
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return NEA_ESTATE;
		return NEA_EINVAL;
	case SQLITE_TOOBIG:
		return NEA_ETOOBIG;
	default:
		return NEA_EIO;
	}
}

static int bind_all(pdb_t *db, sqlite3_stmt *st, const char *types, va_list ap)
{
	int idx = 1, rc = SQLITE_OK;

	for (const char *t = types ? types : ""; *t; t++, idx++) {
		switch (*t) {
		case 'i':
			rc = sqlite3_bind_int64(st, idx, va_arg(ap, int64_t));
			break;
		case 'I':
			rc = sqlite3_bind_int64(st, idx, va_arg(ap, int));
			break;
		case 't': {
			const char *s = va_arg(ap, const char *);

			rc = s ? sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, idx);
			break;
		}
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);

			if (n > (size_t)INT32_MAX)
				return NEA_ETOOBIG;
			/* A zero-length blob must still be a blob, not NULL. */
			rc = sqlite3_bind_blob(st, idx, p ? p : "", (int)n, SQLITE_TRANSIENT);
			break;
		}
		case 'n':
			rc = sqlite3_bind_null(st, idx);
			break;
		default:
			NLOG(DB, 0, "database: bad bind type '%c'", *t);
			return NEA_EINVAL;
		}
		if (rc != SQLITE_OK)
			return pdb_sql_err(db, rc, sqlite3_sql(st));
	}
	return 0;
}

int pdb_vquery(pdb_t *db, sqlite3_stmt **st, const char *sql, const char *types, va_list ap)
{
	int rc;

	*st = NULL;
	rc = sqlite3_prepare_v2(db->db, sql, -1, st, NULL);
	if (rc != SQLITE_OK) {
		rc = pdb_sql_err(db, rc, sql);
		sqlite3_finalize(*st);
		*st = NULL;
		return rc;
	}
	rc = bind_all(db, *st, types, ap);
	if (rc < 0) {
		sqlite3_finalize(*st);
		*st = NULL;
	}
	return rc;
}

int pdb_query(pdb_t *db, sqlite3_stmt **st, const char *sql, const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = pdb_vquery(db, st, sql, types, ap);
	va_end(ap);
	return rc;
}

int pdb_rebind(pdb_t *db, sqlite3_stmt *st, const char *types, ...)
{
	va_list ap;
	int rc;

	/* reset reports the previous step's error, which was handled already */
	sqlite3_reset(st);
	rc = sqlite3_clear_bindings(st);
	if (rc != SQLITE_OK)
		return pdb_sql_err(db, rc, sqlite3_sql(st));
	va_start(ap, types);
	rc = bind_all(db, st, types, ap);
	va_end(ap);
	return rc;
}

int pdb_row(pdb_t *db, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return pdb_sql_err(db, rc, sqlite3_sql(st));
}

void pdb_done(sqlite3_stmt *st)
{
	/* finalize repeats the last step's error code; it was reported already */
	sqlite3_finalize(st);
}

static int vexec(pdb_t *db, int64_t *id, const char *sql, const char *types, va_list ap)
{
	sqlite3_stmt *st;
	int rc;

	rc = pdb_vquery(db, &st, sql, types, ap);
	if (rc < 0)
		return rc;
	do
		rc = pdb_row(db, st);
	while (rc == 1);
	if (rc == 0) {
		rc = sqlite3_changes(db->db);
		if (id)
			*id = sqlite3_last_insert_rowid(db->db);
	}
	pdb_done(st);
	return rc;
}

int pdb_exec(pdb_t *db, const char *sql, const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = vexec(db, NULL, sql, types, ap);
	va_end(ap);
	return rc;
}

int pdb_insert(pdb_t *db, int64_t *id, const char *sql, const char *types, ...)
{
	va_list ap;
	int rc;

	va_start(ap, types);
	rc = vexec(db, id, sql, types, ap);
	va_end(ap);
	return rc;
}

/*
 * Prepare, bind and step once: pdb_int and pdb_text differ only in which
 * column accessor reads the row. *st is NULL after a failed prepare, so
 * the caller's pdb_done is always safe.
 */
static int vfirst_row(pdb_t *db, sqlite3_stmt **st, const char *sql, const char *types,
		      va_list ap)
{
	int rc;

	*st = NULL;
	rc = pdb_vquery(db, st, sql, types, ap);
	if (rc < 0)
		return rc;
	return pdb_row(db, *st);
}

int pdb_int(pdb_t *db, int64_t *out, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;

	*out = 0;
	va_start(ap, types);
	rc = vfirst_row(db, &st, sql, types, ap);
	va_end(ap);
	if (rc == 1)
		*out = sqlite3_column_int64(st, 0);
	pdb_done(st);
	return rc;
}

int pdb_text(pdb_t *db, char **out, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;

	*out = NULL;
	va_start(ap, types);
	rc = vfirst_row(db, &st, sql, types, ap);
	va_end(ap);
	if (rc == 1) {
		*out = pdb_strdup(pdb_col_text(st, 0));
		if (!*out)
			rc = NEA_ENOMEM;
	}
	pdb_done(st);
	return rc;
}

int pdb_begin(pdb_t *db)
{
	int rc = pdb_exec(db, "BEGIN IMMEDIATE", NULL);

	return rc < 0 ? rc : 0;
}

int pdb_commit(pdb_t *db)
{
	int rc = pdb_exec(db, "COMMIT", NULL);

	if (rc < 0) {
		pdb_rollback(db);
		return rc;
	}
	return 0;
}

int pdb_exec_id_txn(pdb_t *db, int64_t id, const char *const *sql, int *changes, size_t n)
{
	int rc = pdb_begin(db);

	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		rc = pdb_exec(db, sql[i], "i", id);
		if (rc < 0) {
			pdb_rollback(db);
			return rc;
		}
		if (changes)
			changes[i] = rc;
	}
	return pdb_commit(db);
}

void pdb_rollback(pdb_t *db)
{
	/* After some errors SQLite has already rolled back; then there is
	 * nothing to undo and the failure is expected. */
	if (!sqlite3_get_autocommit(db->db) && pdb_exec(db, "ROLLBACK", NULL) < 0)
		NLOG(DB, 0, "database '%s': rollback failed", db->path);
}

int pdb_script(pdb_t *db, const char *sql, size_t len, const char *what)
{
	const char *p = sql, *end = sql + len, *tail;
	sqlite3_stmt *st;
	int rc;

	while (p < end) {
		if (end - p > INT32_MAX)
			return NEA_ETOOBIG;
		rc = sqlite3_prepare_v2(db->db, p, (int)(end - p), &st, &tail);
		if (rc != SQLITE_OK) {
			NLOG(DB, 0, "database '%s': %s statement at offset %ld rejected", db->path,
			     what, (long)(p - sql));
			return pdb_sql_err(db, rc, p);
		}
		if (!st) /* only blanks or comments were left */
			break;
		do
			rc = pdb_row(db, st);
		while (rc == 1);
		pdb_done(st);
		if (rc < 0)
			return rc;
		p = tail;
	}
	return 0;
}

int pdb_has_column(pdb_t *db, const char *table, const char *column)
{
	int64_t n;
	int rc;

	/* pragma_table_info is a table-valued function, so the table name can
	 * be bound instead of spliced into the text. */
	rc = pdb_int(db, &n, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2", "tt",
		     table, column);
	if (rc < 0)
		return rc;
	return n > 0;
}

char *pdb_strdup(const char *s)
{
	return strdup(s ? s : "");
}

const char *pdb_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? (const char *)s : "";
}

int pdb_product_find(pdb_t *db, const char *name, int64_t *id)
{
	int rc = pdb_int(db, id, "SELECT id FROM products WHERE name = ?1 ORDER BY id LIMIT 1", "t",
			 name);

	return rc < 0 ? rc : 0;
}

int pdb_product_get(pdb_t *db, const char *name, int64_t *id)
{
	int rc = pdb_product_find(db, name, id);

	if (rc < 0 || *id)
		return rc;
	rc = pdb_insert(db, id, "INSERT INTO products (name) VALUES (?1)", "t", name);
	return rc < 0 ? rc : 0;
}

int pdb_device_find(pdb_t *db, const char *value, int64_t *id)
{
	int rc;

	/* strongSwan's IMVs stored the Device ID as a blob, strongTNC and nea
	 * as text; SQLite never finds one with the other, so ask for both. */
	rc = pdb_int(db, id,
		     "SELECT id FROM devices WHERE value = ?1 OR value = CAST(?1 AS BLOB) "
		     "ORDER BY id LIMIT 1",
		     "t", value);
	return rc < 0 ? rc : 0;
}

/*
 * pdb_int: what the pdb_*.c files share and nobody else sees.
 *
 * Contract: all SQL runs through these helpers. SQL text is always a
 * string literal; values are bound from a type string, one letter per '?':
 *   'i' int64_t, 'I' int (promoted), 't' const char * (NULL binds NULL),
 *   'b' const void *, size_t (blob), 'n' NULL.
 * Each helper checks every sqlite call, logs a failure under [DB] with the
 * statement's first words, and maps SQLite codes to NEA_E* (a unique or
 * primary-key violation is NEA_EEXIST, a foreign-key violation NEA_ESTATE,
 * SQLITE_BUSY NEA_EAGAIN, out of memory NEA_ENOMEM, the rest NEA_EIO).
 */
#ifndef NEA_PDB_INT_H
#define NEA_PDB_INT_H

#include <sqlite3.h>
#include <stdarg.h>

#include "pdb.h"

struct pdb {
	sqlite3 *db;
	char *path;
	int user_version;
	bool native;          /* created by nea: foreign keys on */
	bool has_inactive;    /* devices.inactive exists (newer schemas) */
	bool created;         /* this pdb_open wrote the schema and seed data */
	int64_t fixed_now;    /* pdb_set_now; 0 = time(NULL) */
};

/* Map an sqlite result code of db->db to NEA_E*, logging what failed. */
int pdb_sql_err(pdb_t *db, int rc, const char *sql);

/* Prepare sql and bind the values described by types. */
int pdb_query(pdb_t *db, sqlite3_stmt **st, const char *sql, const char *types, ...);
int pdb_vquery(pdb_t *db, sqlite3_stmt **st, const char *sql, const char *types, va_list ap);
/* Rebind an already prepared statement (after reset) for a loop. */
int pdb_rebind(pdb_t *db, sqlite3_stmt *st, const char *types, ...);
/* Step: 1 row ready, 0 done, <0 error. */
int pdb_row(pdb_t *db, sqlite3_stmt *st);
/* Finalize (NULL is fine). */
void pdb_done(sqlite3_stmt *st);

/* Run a statement to completion: number of changed rows or <0. */
int pdb_exec(pdb_t *db, const char *sql, const char *types, ...);
/* As pdb_exec, and the new row's id in *id. */
int pdb_insert(pdb_t *db, int64_t *id, const char *sql, const char *types, ...);
/* First column of the first row as int64: 1 found, 0 no row, <0 error.
 * A NULL value counts as found with *out = 0. */
int pdb_int(pdb_t *db, int64_t *out, const char *sql, const char *types, ...);
/* First column of the first row as a malloc'd string (NULL value -> "").
 * 1 found, 0 no row, <0 error. */
int pdb_text(pdb_t *db, char **out, const char *sql, const char *types, ...);

/* Transactions: BEGIN IMMEDIATE, so a writer never fails half way with
 * SQLITE_BUSY after reading. */
int pdb_begin(pdb_t *db);
int pdb_commit(pdb_t *db);
void pdb_rollback(pdb_t *db);
/* Run n statements binding id as ?1 in one transaction: 0 or <0 (rolled
 * back). changes[i] (when changes is not NULL) gets statement i's row
 * count; the operator delete commands report them. */
int pdb_exec_id_txn(pdb_t *db, int64_t id, const char *const *sql, int *changes, size_t n);

/* Run a multi-statement script of constant SQL (schema, seed data). */
int pdb_script(pdb_t *db, const char *sql, size_t len, const char *what);

/* Does table have column? 1 yes, 0 no, <0 error. */
int pdb_has_column(pdb_t *db, const char *table, const char *column);

/* strdup that keeps the NEA_ENOMEM convention readable at call sites. */
char *pdb_strdup(const char *s);

/* Column as text, "" for NULL (pointer valid until the next step). */
const char *pdb_col_text(sqlite3_stmt *st, int col);

/* Lookups shared by sessions and admin commands: id or 0 when absent. */
int pdb_product_find(pdb_t *db, const char *name, int64_t *id);
int pdb_product_get(pdb_t *db, const char *name, int64_t *id); /* find or create */
int pdb_device_find(pdb_t *db, const char *value, int64_t *id);

#endif

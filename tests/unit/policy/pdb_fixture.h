/*
 * Test fixture for the policy database suites: every test gets a fresh
 * database file in its own temp dir, removed afterwards, plus helpers to
 * run admin commands and to read the file through a second connection.
 */
#ifndef NEA_TEST_PDB_FIXTURE_H
#define NEA_TEST_PDB_FIXTURE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "pdb.h"
#include "pdb_admin.h"

/* Nov 22 22:28:40 2026 UTC, the first contact in the 5.9.14 capture */
#define FX_T0 1795386520

typedef struct {
	char dir[64];
	char path[128];
	char uri[160];
	pdb_t *db;
	sqlite3 *raw;
	char *out, *err;   /* of the last fx_admin */
} fx_t;

extern fx_t fx;

/* criterion .init/.fini: fresh database opened, clock at FX_T0 */
void fx_setup(void);
void fx_teardown(void);
/* Only the temp dir (no database yet). */
void fx_setup_dir(void);

/* Run an admin command (NULL-terminated words) with --utc; returns the
 * status, output and error in fx.out / fx.err. */
int fx_admin(const char *word, ...);
/* Does fx.out contain this exact line? */
bool fx_out_has_line(const char *line);
/* Number of lines of fx.out. */
int fx_out_lines(void);

/* A second connection to the database file. */
sqlite3 *fx_raw(void);
/* Scalar query on the raw connection; binds "i"/"t" values like pdb. */
int64_t fx_int(const char *sql, const char *types, ...);
/* Scalar text (static buffer, "" if no row). */
const char *fx_text(const char *sql, const char *types, ...);
/* Statement on the raw connection; returns sqlite3 result code. */
int fx_exec(const char *sql, const char *types, ...);

/* A session for connection conn with user name user and IPv4 ip (either
 * may be NULL), started for device/product at time t. */
int64_t fx_session(uint32_t conn, const char *user, const char *ip, int64_t t, const char *device,
		   const char *product, pdb_worklist_t *wl);
/* Finalize the workitem of the given type in wl with rec and result. */
void fx_finalize(const pdb_worklist_t *wl, int type, int rec, const char *result);
/* Index of the first workitem of a type in wl, -1 if absent. */
int fx_find(const pdb_worklist_t *wl, int type);

#endif

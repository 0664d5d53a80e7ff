/*
 * pdb_admin_int: what the pdb_admin*.c command files share.
 *
 * Contract: a command handler gets the words after its command words and
 * returns an exit status (PDB_ADMIN_*). It writes results to a->out and
 * explains failures through adm_fail/adm_usage/adm_db, which fill a->err.
 * Lookup helpers (adm_group, adm_device, ...) report the unknown name
 * themselves and return PDB_ADMIN_FAILED, so a handler just passes a
 * non-zero status on.
 */
#ifndef NEA_PDB_ADMIN_INT_H
#define NEA_PDB_ADMIN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "pdb_admin.h"
#include "pdb_int.h"
#include "pdb_strbuf.h"

typedef struct adm adm_t;
typedef int (*adm_fn_t)(adm_t *a, int argc, char **argv);

typedef struct {
	const char *word1;    /* "policy" */
	const char *word2;    /* "add", or NULL for a one-word command */
	adm_fn_t fn;
	const char *usage;    /* arguments after the command words */
	const char *help;     /* one line */
} adm_cmd_t;

struct adm {
	pdb_t *db;
	bool utc;
	const adm_cmd_t *cmd;  /* running command (for usage messages) */
	pdb_sb_t out, err;
};

/* Options of a command: "--name value", "--name=value" or a flag. */
typedef struct {
	const char *name;      /* without the dashes */
	bool takes_value;
	const char **value;    /* set when given (takes_value) */
	bool *flag;            /* set when given (!takes_value) */
} adm_opt_t;

/*
 * Split argv into options and positionals; exactly npos positionals are
 * required (or between npos_min and npos when npos_min < npos).
 */
int adm_args(adm_t *a, int argc, char **argv, const adm_opt_t *opts, size_t nopts,
	     const char **pos, size_t npos_min, size_t npos);

int adm_fail(adm_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int adm_usage(adm_t *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A library call failed with rc (NEA_E*): explain what was attempted. */
int adm_db(adm_t *a, int rc, const char *what);

/* Name lookups that report the unknown name. */
int adm_group(adm_t *a, const char *name, int64_t *id);
int adm_policy(adm_t *a, const char *name, int64_t *id);
int adm_product(adm_t *a, const char *name, int64_t *id);
int adm_package(adm_t *a, const char *name, int64_t *id);
/* Device by exact value, by id, or by a unique value prefix (>= 4 chars). */
int adm_device(adm_t *a, const char *ref, int64_t *id);
int adm_session(adm_t *a, const char *ref, int64_t *id);
/* Recommendation option value; what names the option in the message. */
int adm_rec(adm_t *a, const char *what, const char *value, int *rec);
/* yes/no, true/false, on/off, 1/0 */
int adm_bool(adm_t *a, const char *what, const char *value, bool *b);
/* Non-negative decimal integer up to max. */
int adm_uint(adm_t *a, const char *what, const char *value, int64_t max, int64_t *v);

/* Bytes from the network or an operator, made safe for a terminal. */
void adm_put_safe(pdb_sb_t *sb, const void *p, size_t len);
/* attest time format */
void adm_time(adm_t *a, pdb_sb_t *sb, int64_t t);
const char *adm_plural(int64_t n, const char *one, const char *many);

/* Is the table there (older strongSwan databases lack the SWID ones)? */
int adm_has_table(adm_t *a, const char *table, bool *yes);

/* Command handlers, by file. */
int adm_sessions(adm_t *a, int argc, char **argv);
int adm_devices(adm_t *a, int argc, char **argv);
int adm_device_show(adm_t *a, int argc, char **argv);
int adm_device_trust(adm_t *a, int argc, char **argv);
int adm_device_describe(adm_t *a, int argc, char **argv);
int adm_device_delete(adm_t *a, int argc, char **argv);
int adm_results(adm_t *a, int argc, char **argv);

int adm_groups(adm_t *a, int argc, char **argv);
int adm_group_add(adm_t *a, int argc, char **argv);
int adm_group_delete(adm_t *a, int argc, char **argv);
int adm_group_member(adm_t *a, int argc, char **argv);
int adm_group_default(adm_t *a, int argc, char **argv);

int adm_policies(adm_t *a, int argc, char **argv);
int adm_policy_add(adm_t *a, int argc, char **argv);
int adm_policy_delete(adm_t *a, int argc, char **argv);
int adm_enforcements(adm_t *a, int argc, char **argv);
int adm_enforcement_add(adm_t *a, int argc, char **argv);
int adm_enforcement_delete(adm_t *a, int argc, char **argv);

int adm_products(adm_t *a, int argc, char **argv);
int adm_product_add(adm_t *a, int argc, char **argv);
int adm_product_delete(adm_t *a, int argc, char **argv);
int adm_packages(adm_t *a, int argc, char **argv);
int adm_package_add(adm_t *a, int argc, char **argv);
int adm_package_delete(adm_t *a, int argc, char **argv);
int adm_versions(adm_t *a, int argc, char **argv);
int adm_version_add(adm_t *a, int argc, char **argv);
int adm_version_delete(adm_t *a, int argc, char **argv);

#endif

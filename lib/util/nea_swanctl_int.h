/*
 * nea_swanctl_int: helpers shared by the nea_swanctl*.c files (private).
 *
 * Contract: every sw_* function that fails has already written the
 * "<file>:<line>: <path>.<key>: <what>" message and returns the NEA_E* code
 * to pass up, so callers only propagate. "path" is the dotted section path
 * ("connections.tnc.local") used in messages; sections do not know their
 * parents, so the caller builds it while descending.
 */
#ifndef NEA_SWANCTL_INT_H
#define NEA_SWANCTL_INT_H

#include "nea_conf.h"
#include "nea_swanctl.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	char *err;
	size_t errlen;
} sw_err_t;

/* Longest dotted section path we print. */
#define SW_PATH_MAX 256

int sw_fail(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
int sw_nomem(sw_err_t *e, const nea_conf_section_t *s, const char *path);
/* path + "." + name into out (truncated for display only). */
void sw_path(char *out, size_t outlen, const char *path, const char *name);

/* Every key of s must be in parsed (handled by the caller) or in ignored
 * (strongSwan options nea does not use: logged at level 1); NULL-terminated
 * lists. keep_numeric: all-digit keys count as ignored (pool attributes). */
int sw_check_keys(sw_err_t *e, const nea_conf_section_t *s, const char *path,
		  const char *const *parsed, const char *const *ignored, bool numeric_ok);

/* List value (split at commas and blanks); def used when the key is
 * missing or unset, may be NULL for an empty list. */
int sw_list(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	    const char *def, char ***out, size_t *n);
/* Copy of a string value or NULL when missing/unset. */
int sw_str(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	   char **out);
int sw_bool(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	    bool def, bool *out);
int sw_uint(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	    uint64_t def, uint64_t max, uint64_t *out);
int sw_time(sw_err_t *e, const nea_conf_section_t *s, const char *path, const char *key,
	    uint64_t def, uint64_t *out);

/* A single address (no prefix or range). */
bool sw_parse_addr(const char *s, size_t len, int *family, uint8_t out[16]);
/* "addr/prefix": true with base address and prefix, false if not CIDR
 * syntax or invalid. */
bool sw_parse_cidr(const char *s, int *family, uint8_t base[16], int *prefix);

int sw_secrets(sw_err_t *e, const nea_conf_section_t *sec, nea_swanctl_t *out);
int sw_connections(sw_err_t *e, const nea_conf_section_t *sec, nea_swanctl_t *out);
void sw_conn_free(nea_swanctl_conn_t *c);
void sw_secret_free(nea_swanctl_secret_t *s);

#endif

/*
 * nea_conf: reader for strongswan.conf syntax (also used for swanctl.conf).
 *
 * Syntax: nested sections "name { ... }", settings "key = value" (value to
 * end of line, surrounding blanks trimmed, optionally "double quoted" with
 * \" \\ \n escapes and spanning lines), '#' comments, "include <glob>"
 * (relative to the including file, sorted, nested includes bounded),
 * sections and keys may be re-opened later (later values win), dotted
 * section names "a.b { }" are the same as "a { b { } }".
 *
 * Contract: a malformed file never crashes the reader; it fails with
 * NEA_ECONFIG and writes "<file>:<line>: <what is wrong>" into err.
 * Look-ups take dotted keys ("charon.plugins.tnccs-20.max_batch_size") and
 * never fail: a missing key yields the default. Returned strings live as long
 * as the nea_conf_t.
 */
#ifndef NEA_CONF_H
#define NEA_CONF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct nea_conf nea_conf_t;
typedef struct nea_conf_section nea_conf_section_t;

int nea_conf_load_file(const char *path, nea_conf_t **out, char *err, size_t errlen);
int nea_conf_load_string(const char *text, const char *name, nea_conf_t **out,
			 char *err, size_t errlen);
void nea_conf_free(nea_conf_t *c);
/* Path of the file the tree was loaded from (or the name given). */
const char *nea_conf_source(const nea_conf_t *c);

/* Dotted-key look-ups from the root. */
const char *nea_conf_get_str(const nea_conf_t *c, const char *key, const char *def);
/* 0 and *out set (def when missing); NEA_ECONFIG when present but not an
 * integer (decimal, 0x hex; optional k/m/g suffix is not accepted). */
int nea_conf_get_int(const nea_conf_t *c, const char *key, long long def, long long *out);
/* yes/no, true/false, on/off, 1/0 (case-insensitive); anything else = def. */
bool nea_conf_get_bool(const nea_conf_t *c, const char *key, bool def);

/* Sections: NULL when missing. key "" or NULL gives the root. */
const nea_conf_section_t *nea_conf_section(const nea_conf_t *c, const char *key);
const char *nea_conf_section_name(const nea_conf_section_t *s);
/* Sub-sections and settings, in first-appearance order. */
size_t nea_conf_section_count(const nea_conf_section_t *s);
const nea_conf_section_t *nea_conf_section_at(const nea_conf_section_t *s, size_t i);
size_t nea_conf_kv_count(const nea_conf_section_t *s);
const char *nea_conf_kv_key(const nea_conf_section_t *s, size_t i);
const char *nea_conf_kv_value(const nea_conf_section_t *s, size_t i);
/* Dotted look-ups relative to a section. */
const char *nea_conf_sget_str(const nea_conf_section_t *s, const char *key, const char *def);
int nea_conf_sget_int(const nea_conf_section_t *s, const char *key, long long def, long long *out);
bool nea_conf_sget_bool(const nea_conf_section_t *s, const char *key, bool def);
const nea_conf_section_t *nea_conf_ssection(const nea_conf_section_t *s, const char *key);

/* Split a list value ("a, b c" -> "a","b","c"; commas and/or blanks).
 * *items is a NULL-terminated array freed with nea_conf_list_free. */
int nea_conf_split_list(const char *value, char ***items, size_t *count);
void nea_conf_list_free(char **items);

#endif

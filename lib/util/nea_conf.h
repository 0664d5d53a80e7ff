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

/*
 * Additions beyond the pinned API.
 *
 * Semantics taken from strongSwan's settings parser where the summary above
 * is silent: a value is every word and "quoted string" up to end of line,
 * '#' or '}', joined by single blanks; "key =" with nothing after it unsets
 * the key (look-ups give the default, enumeration shows ""); "name" and "{"
 * may be on separate lines; an include glob that matches nothing is not an
 * error, an included file that cannot be read is. Limits: 16 MiB per file,
 * includes nested 16 deep, 1024 files per load, sections nested 64 deep.
 * nea_conf_load_file returns NEA_ENOTFOUND when the file does not exist
 * (callers may then fall back to defaults), NEA_ECONFIG for other failures.
 */
/* Flags for nea_conf_load_buffer. */
#define NEA_CONF_NO_INCLUDE 0x1u /* "include" is an error (untrusted text) */
/* Parse len bytes (need not be NUL-terminated; a NUL byte is an error).
 * Relative include patterns are taken relative to the directory of name. */
int nea_conf_load_buffer(const char *text, size_t len, const char *name, unsigned flags,
			 nea_conf_t **out, char *err, size_t errlen);
/* Where a setting was last set (file name, *line); NULL when missing. */
const char *nea_conf_sorigin(const nea_conf_section_t *s, const char *key, unsigned *line);
/* Where a section was first opened (the root: the loaded file, line 0). */
const char *nea_conf_section_origin(const nea_conf_section_t *s, unsigned *line);

/* Split a list value ("a, b c" -> "a","b","c"; commas and/or blanks).
 * *items is a NULL-terminated array freed with nea_conf_list_free. */
int nea_conf_split_list(const char *value, char ***items, size_t *count);
void nea_conf_list_free(char **items);

#endif

/*
 * nea_tncconf: reader for the TNC "tnc_config" file that names the IMCs and
 * IMVs to run, one per line:
 *
 *     #IMV-Configuration
 *     IMV "OS"      /usr/lib/ipsec/imcvs/imv-os.so
 *     IMC "Scanner" /usr/lib/ipsec/imcvs/imc-scanner.so
 *
 * Blank lines and lines starting with '#' (after blanks) are skipped. A line
 * is the keyword IMC or IMV, blanks, the name in double quotes (it may hold
 * blanks, not quotes; it must not be empty), blanks, and the path (to the
 * next blank; a '#' comment may follow). nea runs built-in modules chosen by
 * name ("OS", "Scanner", "SWIMA", "Attestation"); the path is kept only so
 * log lines can show what the operator wrote.
 *
 * Contract: both kinds are returned, in file order; the caller picks the
 * kind it hosts. Anything else (an unknown keyword, a missing quote, a
 * missing path, trailing text, a name listed twice for the same kind) fails
 * with NEA_ECONFIG and "<file>:<line>: <what is wrong>" in err; a missing
 * file gives NEA_ENOTFOUND. Files are limited to 1 MiB, names to 255 bytes.
 */
#ifndef NEA_TNCCONF_H
#define NEA_TNCCONF_H

#include <stddef.h>

typedef enum { NEA_TNC_IMC, NEA_TNC_IMV } nea_tnc_kind_t;

typedef struct {
	nea_tnc_kind_t kind;
	char *name;
	char *path;
	unsigned line;
} nea_tnc_entry_t;

typedef struct {
	char *source;
	nea_tnc_entry_t *entries;
	size_t count;
} nea_tncconf_t;

int nea_tncconf_load_file(const char *path, nea_tncconf_t **out, char *err, size_t errlen);
/* text need not be NUL-terminated; a NUL byte is an error. */
int nea_tncconf_load_buffer(const char *text, size_t len, const char *name, nea_tncconf_t **out,
			    char *err, size_t errlen);
void nea_tncconf_free(nea_tncconf_t *t);

/* Entry of that kind and name (exact match), or NULL. */
const nea_tnc_entry_t *nea_tncconf_find(const nea_tncconf_t *t, nea_tnc_kind_t kind,
					const char *name);
size_t nea_tncconf_count(const nea_tncconf_t *t, nea_tnc_kind_t kind);
/* "IMC" or "IMV". */
const char *nea_tnc_kind_name(nea_tnc_kind_t kind);

#endif

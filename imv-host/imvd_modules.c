/*
 * The IMV host's module list, from lib/util's tnc_config reader: the IMV
 * entries in file order, numbered 1..n.
 */
#include "imvd_modules.h"

#include <stdio.h>
#include <string.h>

#include "nea_err.h"
#include "nea_tncconf.h"

int imvd_modules_load(const char *path, const char *kind, imvd_modules_t *out, char *err,
		      size_t errlen)
{
	nea_tnc_kind_t want = strcmp(kind, "IMC") == 0 ? NEA_TNC_IMC : NEA_TNC_IMV;
	nea_tncconf_t *t = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = nea_tncconf_load_file(path, &t, err, errlen);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < t->count; i++) {
		const nea_tnc_entry_t *e = &t->entries[i];

		if (e->kind != want)
			continue;
		if (out->n >= IMVD_MAX_MODULES || strlen(e->name) >= sizeof(out->mods[0].name)) {
			snprintf(err, errlen, "%s:%u: %s", path, e->line,
				 out->n >= IMVD_MAX_MODULES ? "too many modules" : "module name too long");
			nea_tncconf_free(t);
			return NEA_ECONFIG;
		}
		out->mods[out->n].id = (uint32_t)out->n + 1;
		snprintf(out->mods[out->n].name, sizeof(out->mods[0].name), "%s", e->name);
		out->n++;
	}
	nea_tncconf_free(t);
	return 0;
}

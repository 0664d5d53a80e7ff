/*
 * tnc_config reading for the IMV host. A stop-gap until lib/util's
 * nea_tncconf reader lands; same contract, so the swap is local to this
 * file.
 */
#include "imvd_modules.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "nea_err.h"

int imvd_modules_load(const char *path, const char *kind, imvd_modules_t *out, char *err,
		      size_t errlen)
{
	size_t klen = strlen(kind);
	char line[1024];
	unsigned lineno = 0;
	FILE *f;

	memset(out, 0, sizeof(*out));
	f = fopen(path, "re");
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NEA_EIO;
	}
	while (fgets(line, sizeof(line), f)) {
		char *p = line, *q;

		lineno++;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		if (strncmp(p, kind, klen) != 0 || !isspace((unsigned char)p[klen]))
			continue; /* the other side's lines (IMC vs IMV) */
		p += klen;
		while (isspace((unsigned char)*p))
			p++;
		if (*p != '"' || !(q = strchr(p + 1, '"')) || q == p + 1 ||
		    (size_t)(q - p - 1) >= sizeof(out->mods[0].name)) {
			snprintf(err, errlen, "%s:%u: expected %s \"name\" path", path, lineno, kind);
			fclose(f);
			return NEA_ECONFIG;
		}
		if (out->n >= IMVD_MAX_MODULES) {
			snprintf(err, errlen, "%s:%u: more than %d modules", path, lineno,
				 IMVD_MAX_MODULES);
			fclose(f);
			return NEA_ECONFIG;
		}
		out->mods[out->n].id = (uint32_t)out->n + 1;
		memcpy(out->mods[out->n].name, p + 1, (size_t)(q - p - 1));
		out->n++;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		fclose(f);
		return NEA_EIO;
	}
	fclose(f);
	return 0;
}

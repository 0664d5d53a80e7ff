/*
 * nea_log_conf: nea.log.* settings applied to nea_log; contract in the
 * header.
 */
#include "nea_log_conf.h"
#include "nea_err.h"
#include "nea_log.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int fail(const nea_conf_section_t *s, const char *key, char *err, size_t errlen,
		const char *what)
{
	unsigned line = 0;
	const char *file = key ? nea_conf_sorigin(s, key, &line) : NULL;

	if (!file)
		file = nea_conf_section_origin(s, &line);
	if (err && errlen)
		snprintf(err, errlen, "%s:%u: nea.log%s%s: %s", file ? file : "?", line,
			 key ? "." : "", key ? key : "", what);
	return NEA_ECONFIG;
}

static bool parse_level(const char *v, int *out)
{
	char *end;
	long l;

	if (!*v)
		return false;
	l = strtol(v, &end, 10);
	if (*end != '\0' || l < -1 || l > 4)
		return false;
	*out = (int)l;
	return true;
}

static int parse_switch(const char *v, bool *out)
{
	static const char *const on[] = { "yes", "true", "on", "1", "enabled" };
	static const char *const off[] = { "no", "false", "off", "0", "disabled" };

	for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++) {
		if (strcasecmp(v, on[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, off[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return NEA_ECONFIG;
}

int nea_log_configure_ex(const nea_conf_t *c, char *err, size_t errlen)
{
	const nea_conf_section_t *s = nea_conf_section(c, "nea.log");
	int levels[NEA_LG_COUNT];
	bool set[NEA_LG_COUNT] = { false };
	int def = 0;
	bool have_def = false, have_syslog = false, use_syslog = false;

	if (err && errlen)
		err[0] = '\0';
	if (!s)
		return 0;
	if (nea_conf_section_count(s) > 0) {
		const nea_conf_section_t *sub = nea_conf_section_at(s, 0);

		return fail(sub, nea_conf_section_name(sub), err, errlen,
			    "unexpected section, levels are 'group = n'");
	}
	for (size_t i = 0; i < nea_conf_kv_count(s); i++) {
		const char *key = nea_conf_kv_key(s, i);
		/* "key =" unsets a level: nothing to apply */
		const char *val = nea_conf_sget_str(s, key, NULL);
		int g, level;

		if (!val)
			continue;
		if (strcmp(key, "syslog") == 0) {
			if (parse_switch(val, &use_syslog) != 0)
				return fail(s, key, err, errlen, "expected yes or no");
			have_syslog = true;
			continue;
		}
		if (strcmp(key, "default") == 0) {
			if (!parse_level(val, &def))
				return fail(s, key, err, errlen, "level must be -1..4");
			have_def = true;
			continue;
		}
		g = nea_log_group_from_name(key);
		if (g < 0)
			return fail(s, key, err, errlen,
				    "unknown log group (dmn, mgr, ike, chd, cfg, knl, net, enc, tls, "
				    "tnc, imc, imv, pts, ipc, db, lib, app)");
		if (!parse_level(val, &level))
			return fail(s, key, err, errlen, "level must be -1..4");
		levels[g] = level;
		set[g] = true;
	}
	if (have_def)
		nea_log_set_default(def);
	for (int g = 0; g < NEA_LG_COUNT; g++)
		if (set[g])
			nea_log_set_level((nea_log_group_t)g, levels[g]);
	if (have_syslog)
		nea_log_set_syslog(use_syslog);
	return 0;
}

int nea_log_configure(const nea_conf_t *c)
{
	char err[512];
	int rc = nea_log_configure_ex(c, err, sizeof(err));

	if (rc != 0)
		NLOG(CFG, 0, "%s", err);
	return rc;
}

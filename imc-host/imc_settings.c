/*
 * Configuration of the IMCs; see imc_settings.h for the keys.
 */
#include "imc_settings.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "imc_dpkg.h"
#include "nea_err.h"

static int dup_opt(const nea_conf_t *c, const char *key, const char *def, char **out)
{
	const char *v = nea_conf_get_str(c, key, def);

	*out = NULL;
	if (!v || !*v)
		return 0;
	*out = strdup(v);
	return *out ? 0 : NEA_ENOMEM;
}

int imc_settings_load(const nea_conf_t *c, imc_settings_t *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = dup_opt(c, "nea.imcd.os_release", "/etc/os-release", &out->os_release)) ||
	    (rc = dup_opt(c, "nea.imcd.proc", "/proc", &out->proc)) ||
	    (rc = dup_opt(c, "nea.imcd.dpkg_status", IMC_DPKG_STATUS_DEFAULT, &out->dpkg_status)) ||
	    (rc = dup_opt(c, "nea.imcd.machine_id", NULL, &out->machine_id)) ||
	    (rc = dup_opt(c, "nea.imcd.machine", NULL, &out->machine)) ||
	    (rc = dup_opt(c, "libimcv.plugins.imc-os.device_id", NULL, &out->device_id)))
		goto fail;
	if (nea_conf_get_str(c, "libimcv.os_info.name", NULL) &&
	    nea_conf_get_str(c, "libimcv.os_info.version", NULL)) {
		if ((rc = dup_opt(c, "libimcv.os_info.name", NULL, &out->os_name)) ||
		    (rc = dup_opt(c, "libimcv.os_info.version", NULL, &out->os_version)))
			goto fail;
	}
	if (!out->os_release || !out->proc || !out->dpkg_status) {
		rc = NEA_ECONFIG; /* set to "": there is nothing to read */
		goto fail;
	}
	out->os_push_info = nea_conf_get_bool(c, "libimcv.plugins.imc-os.push_info", true);
	out->default_pwd_enabled =
		nea_conf_get_bool(c, "libimcv.plugins.imc-os.default_password_enabled",
				  nea_conf_get_bool(c, "libimcv.os_info.default_password_enabled", false));
	out->scanner_push_info = nea_conf_get_bool(c, "libimcv.plugins.imc-scanner.push_info", true);
	return 0;
fail:
	imc_settings_free(out);
	return rc;
}

void imc_settings_free(imc_settings_t *s)
{
	free(s->device_id);
	free(s->os_version);
	free(s->os_name);
	free(s->machine);
	free(s->machine_id);
	free(s->dpkg_status);
	free(s->proc);
	free(s->os_release);
	memset(s, 0, sizeof(*s));
}

int64_t imc_settings_now(const imc_settings_t *s)
{
	return s->now ? s->now() : (int64_t)time(NULL);
}

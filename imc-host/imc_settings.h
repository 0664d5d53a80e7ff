/*
 * imc_settings: what the IMCs of nea-imcd read from the configuration.
 *
 * strongSwan's own keys where strongSwan has the setting:
 *   libimcv.os_info.name, libimcv.os_info.version   override /etc/os-release
 *                                                   (both must be set)
 *   libimcv.plugins.imc-os.push_info                send OS facts unasked (yes)
 *   libimcv.plugins.imc-os.device_id                ITA Device ID (else machine-id)
 *   libimcv.plugins.imc-os.default_password_enabled factory default password (no);
 *                                                   libimcv.os_info.default_password_enabled
 *                                                   is read too, as strongSwan 5.9 does
 *   libimcv.plugins.imc-scanner.push_info           send the port filter unasked (yes)
 * nea's own, where the collectors read the system (tests point them at
 * fixtures):
 *   nea.imcd.os_release   /etc/os-release
 *   nea.imcd.proc         /proc
 *   nea.imcd.dpkg_status  /var/lib/dpkg/status
 *   nea.imcd.machine_id   /var/lib/dbus/machine-id, else /etc/machine-id
 *   nea.imcd.machine      the architecture in the version string (uname)
 *
 * Contract: every string is an owned copy; a loaded struct stays valid
 * until imc_settings_free, independent of the configuration tree.
 */
#ifndef NEA_IMC_SETTINGS_H
#define NEA_IMC_SETTINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "nea_conf.h"

typedef struct {
	char *os_release;
	char *proc;
	char *dpkg_status;
	char *machine_id;  /* NULL: the default search */
	char *machine;     /* NULL: uname() */
	char *os_name;     /* NULL unless both name and version are configured */
	char *os_version;
	char *device_id;   /* NULL: from the machine-id */
	bool os_push_info;
	bool default_pwd_enabled;
	bool scanner_push_info;
	/* Wall clock for "N s ago"; NULL means time(). Tests fix it. */
	int64_t (*now)(void);
} imc_settings_t;

int imc_settings_load(const nea_conf_t *conf, imc_settings_t *out);
void imc_settings_free(imc_settings_t *s);
int64_t imc_settings_now(const imc_settings_t *s);

#endif

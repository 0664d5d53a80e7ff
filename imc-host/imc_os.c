/*
 * The OS IMC (PA subtype IETF/Operating System), strongSwan's imc_os:
 * product, versions, operational status, IPv4 forwarding, factory default
 * password and device ID unasked in its first message; those and the
 * installed packages of the dpkg database on Attribute Request; files
 * below /etc, /sys, /var and /proc as ITA Settings on Get Settings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "attr_ietf_attr_request.h"
#include "attr_ietf_installed_packages.h"
#include "attr_ietf_numeric_version.h"
#include "attr_ietf_op_status.h"
#include "attr_ietf_product_info.h"
#include "attr_ietf_string_version.h"
#include "attr_ietf_u32.h"
#include "attr_ita_blob.h"
#include "attr_ita_settings.h"
#include "attr_time.h"
#include "attr_types.h"
#include "imc_dpkg.h"
#include "imc_file.h"
#include "imc_module.h"
#include "imc_os_info.h"
#include "imc_os_settings.h"
#include "imc_remed.h"
#include "nea_err.h"
#include "nea_log.h"

#define OS_RELEASE_MAX (64u * 1024)

typedef struct {
	const imc_settings_t *set; /* the host's, refreshed in place on reload */
	uint32_t id;
	imc_os_info_t os;
} imc_os_t;

static int os_init(const imc_settings_t *set, uint32_t id, void **priv)
{
	imc_os_t *p = calloc(1, sizeof(*p));
	struct utsname u;
	const char *machine;
	char *text = NULL, why[160] = "";
	size_t len;
	int rc;

	if (!p)
		return NEA_ENOMEM;
	p->set = set;
	p->id = id;
	if (set->os_name && set->os_version) {
		rc = imc_os_info_set(&p->os, set->os_name, set->os_version);
		if (rc < 0) {
			NLOG(IMC, 0, "libimcv.os_info.name or .version is longer than %d bytes",
			     IMC_OS_STR_MAX);
			goto fail;
		}
	} else {
		NLOG(IMC, 1, "processing \"%s\" file", set->os_release);
		rc = imc_file_read(set->os_release, OS_RELEASE_MAX, &text, &len);
		if (rc < 0) {
			NLOG(IMC, 0, "failed to read \"%s\": %s", set->os_release, nea_strerror(rc));
			goto fail;
		}
		machine = set->machine;
		if (!machine) {
			if (uname(&u) < 0) {
				NLOG(IMC, 0, "could not retrieve machine architecture");
				rc = NEA_EIO;
				goto fail;
			}
			machine = u.machine;
		}
		rc = imc_os_release_parse(text, len, machine, &p->os, why, sizeof(why));
		if (rc < 0) {
			NLOG(IMC, 0, "\"%s\": %s", set->os_release, why);
			goto fail;
		}
		free(text);
		text = NULL;
	}
	NLOG(IMC, 1, "operating system type is '%s'", imc_os_type_name(p->os.type));
	NLOG(IMC, 1, "operating system name is '%s'", p->os.name);
	NLOG(IMC, 1, "operating system version is '%s'", p->os.version);
	*priv = p;
	return 0;
fail:
	free(text);
	free(p);
	return rc;
}

static void os_destroy(void *priv)
{
	free(priv);
}

static int add_product_info(imc_os_t *p, imc_msg_t *m)
{
	attr_ietf_product_info_t a = { imc_os_vendor_pen(p->os.type), 0,
				       (const uint8_t *)p->os.name, strlen(p->os.name) };

	return imc_msg_add(m, 0, PEN_IETF, IETF_ATTR_PRODUCT_INFO, &a);
}

static int add_string_version(imc_os_t *p, imc_msg_t *m)
{
	attr_ietf_string_version_t a = { (const uint8_t *)p->os.version, strlen(p->os.version),
					 NULL, 0, NULL, 0 };

	return imc_msg_add(m, 0, PEN_IETF, IETF_ATTR_STRING_VERSION, &a);
}

static int add_numeric_version(imc_os_t *p, imc_msg_t *m)
{
	attr_ietf_numeric_version_t a = { 0 };

	imc_os_numeric_version(&p->os, &a.major, &a.minor);
	NLOG(IMC, 1, "operating system numeric version is %u.%u", a.major, a.minor);
	return imc_msg_add(m, 0, PEN_IETF, IETF_ATTR_NUMERIC_VERSION, &a);
}

/* strongSwan's %T with UTC: "Nov 22 20:02:45 UTC 2026". */
static void format_utc(int64_t t, char *buf, size_t len)
{
	static const char *const mon[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm)) {
		snprintf(buf, len, "%lld", (long long)t);
		return;
	}
	snprintf(buf, len, "%s %02d %02d:%02d:%02d UTC %04d", mon[tm.tm_mon % 12], tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec, tm.tm_year + 1900);
}

static int add_op_status(imc_os_t *p, imc_msg_t *m)
{
	attr_ietf_op_status_t a = { OP_STATUS_OPERATIONAL, OP_RESULT_SUCCESS, "" };
	char why[160] = "", when[64];
	int64_t btime, now;

	if (imc_os_boot_time(p->set->proc, &btime, why, sizeof(why)) == 0) {
		now = imc_settings_now(p->set);
		format_utc(btime, when, sizeof(when));
		NLOG(IMC, 1, "last boot: %s, %lld s ago", when, (long long)(now - btime));
		attr_time_from_epoch(btime, a.last_use);
	} else {
		/* strongSwan's undefined time */
		NLOG(IMC, 1, "%s; last boot time unknown", why);
		memcpy(a.last_use, "0000-00-00T00:00:00Z", ATTR_TIME_LEN + 1);
	}
	return imc_msg_add(m, 0, PEN_IETF, IETF_ATTR_OP_STATUS, &a);
}

static int add_fwd_enabled(imc_os_t *p, imc_msg_t *m)
{
	static const char *const names[] = { "disabled", "enabled", "unknown" };
	char why[160] = "";
	attr_ietf_u32_t a = { imc_os_fwd_status(p->set->proc, why, sizeof(why)) };

	if (why[0])
		NLOG(IMC, 1, "%s", why);
	NLOG(IMC, 1, "IPv4 forwarding is %s", names[a.value <= 2 ? a.value : 2]);
	return imc_msg_add(m, 0, PEN_IETF, IETF_ATTR_FORWARDING_ENABLED, &a);
}

static int add_default_pwd(imc_os_t *p, imc_msg_t *m)
{
	attr_ietf_u32_t a = { p->set->default_pwd_enabled ? 1u : 0u };

	NLOG(IMC, 1, "factory default password is %sabled", a.value ? "en" : "dis");
	return imc_msg_add(m, 0, PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED, &a);
}

static int read_machine_id(const imc_settings_t *set, char *id, size_t size, size_t *n)
{
	/* strongSwan reads the D-Bus copy; systemd hosts keep the original in /etc. */
	static const char *const defaults[] = { "/var/lib/dbus/machine-id", "/etc/machine-id" };
	int rc = NEA_ENOTFOUND;

	if (set->machine_id) {
		rc = imc_os_machine_id(set->machine_id, id, size, n);
		if (rc < 0)
			NLOG(IMC, 1, "failed to read '%s': %s", set->machine_id, nea_strerror(rc));
		return rc;
	}
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		rc = imc_os_machine_id(defaults[i], id, size, n);
		if (rc == 0 && *n)
			return 0;
	}
	return rc < 0 ? rc : NEA_ENOTFOUND;
}

static int add_device_id(imc_os_t *p, imc_msg_t *m)
{
	char id[2049], safe[IMC_REMED_LINE_MAX];
	attr_ita_blob_t a;
	size_t n = 0;

	if (p->set->device_id) {
		snprintf(id, sizeof(id), "%s", p->set->device_id);
		n = strlen(id);
	} else if (read_machine_id(p->set, id, sizeof(id), &n) < 0) {
		n = 0;
	}
	if (!n) {
		NLOG(IMC, 1, "no device ID available");
		return 0;
	}
	imc_log_safe((const uint8_t *)id, n, safe, sizeof(safe));
	NLOG(IMC, 1, "device ID is %s", safe);
	a.data = (const uint8_t *)id;
	a.len = n;
	return imc_msg_add(m, 0, PEN_ITA, ITA_ATTR_DEVICE_ID, &a);
}

static int add_installed_packages(imc_os_t *p, imc_msg_t *m)
{
	const char *path = p->set->dpkg_status;
	attr_ietf_installed_packages_t a = { NULL, 0 };
	char name[IMC_REMED_LINE_MAX], version[IMC_REMED_LINE_MAX], *text = NULL;
	imc_pkgs_t pkgs;
	size_t len;
	int rc;

	/*
	 * As strongSwan: only Debian and Ubuntu keep a dpkg database, and when
	 * the packages cannot be listed the attribute still goes out, empty,
	 * so the IMV gets an answer to its request.
	 */
	if (p->os.type != IMC_OS_DEBIAN && p->os.type != IMC_OS_UBUNTU) {
		NLOG(IMC, 1, "IMC %u \"OS\": installed packages of '%s' cannot be listed; "
			     "sending an empty list", p->id, p->os.name);
		return imc_msg_add(m, 0, PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, &a);
	}
	rc = imc_file_read(path, IMC_DPKG_MAX_FILE, &text, &len);
	if (rc < 0) {
		NLOG(IMC, 1, "IMC %u \"OS\": failed to read the dpkg database \"%s\": %s; sending "
			     "an empty list", p->id, path, nea_strerror(rc));
		return imc_msg_add(m, 0, PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, &a);
	}
	rc = imc_dpkg_parse(text, len, &pkgs);
	if (rc < 0) {
		free(text);
		return rc;
	}
	if (pkgs.count > IMC_DPKG_MAX_PACKAGES) {
		NLOG(IMC, 1, "%zu installed packages; the attribute carries the first %u", pkgs.count,
		     IMC_DPKG_MAX_PACKAGES);
		pkgs.count = IMC_DPKG_MAX_PACKAGES;
	}
	if (pkgs.malformed || pkgs.unusable)
		NLOG(IMC, 1, "\"%s\": %zu entries without package name and %zu with names or "
			     "versions longer than 255 bytes left out",
		     path, pkgs.malformed, pkgs.unusable);
	if (pkgs.count) {
		a.entries = calloc(pkgs.count, sizeof(*a.entries));
		if (!a.entries) {
			rc = NEA_ENOMEM;
			goto out;
		}
	}
	for (size_t i = 0; i < pkgs.count; i++) {
		const imc_pkg_t *k = &pkgs.pkgs[i];

		if (nea_log_enabled(NEA_LG_IMC, 2)) {
			imc_log_safe((const uint8_t *)k->name, k->name_len, name, sizeof(name));
			imc_log_safe((const uint8_t *)k->version, k->version_len, version,
				     sizeof(version));
			NLOG(IMC, 2, "package '%s' (%s)", name, version);
		}
		a.entries[i] = (attr_ietf_package_t){ (const uint8_t *)k->name, k->name_len,
						      (const uint8_t *)k->version, k->version_len };
	}
	a.count = pkgs.count;
	NLOG(IMC, 2, "IMC %u \"OS\": %zu installed packages from \"%s\"", p->id, a.count, path);
	rc = imc_msg_add(m, 0, PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, &a);
out:
	free(a.entries);
	imc_pkgs_free(&pkgs);
	free(text);
	return rc;
}

static int os_begin_handshake(void *priv, imc_state_t *st, imc_msg_t *out)
{
	imc_os_t *p = priv;
	int rc;

	(void)st;
	if (!p->set->os_push_info)
		return 0;
	if ((rc = add_product_info(p, out)) < 0 || (rc = add_string_version(p, out)) < 0 ||
	    (rc = add_numeric_version(p, out)) < 0 || (rc = add_op_status(p, out)) < 0 ||
	    (rc = add_fwd_enabled(p, out)) < 0 || (rc = add_default_pwd(p, out)) < 0 ||
	    (rc = add_device_id(p, out)) < 0)
		return rc;
	return 0;
}

static int requested(imc_os_t *p, const attr_ietf_attr_request_entry_t *e, imc_msg_t *reply)
{
	if (e->vendor == PEN_ITA)
		return e->type == ITA_ATTR_DEVICE_ID ? add_device_id(p, reply) : 0;
	if (e->vendor != PEN_IETF)
		return 0;
	switch (e->type) {
	case IETF_ATTR_PRODUCT_INFO: return add_product_info(p, reply);
	case IETF_ATTR_STRING_VERSION: return add_string_version(p, reply);
	case IETF_ATTR_NUMERIC_VERSION: return add_numeric_version(p, reply);
	case IETF_ATTR_OP_STATUS: return add_op_status(p, reply);
	case IETF_ATTR_FORWARDING_ENABLED: return add_fwd_enabled(p, reply);
	case IETF_ATTR_DEFAULT_PWD_ENABLED: return add_default_pwd(p, reply);
	case IETF_ATTR_INSTALLED_PACKAGES: return add_installed_packages(p, reply);
	default: return 0; /* not an OS fact: nothing to say */
	}
}

/*
 * ITA-HSR Get Settings: one ITA Settings attribute with the settings that
 * could be read (none: no attribute), as strongSwan's add_settings.
 */
static int add_settings(imc_os_t *p, const attr_ita_settings_t *req, imc_msg_t *reply)
{
	attr_ita_setting_t *out = NULL;
	attr_ita_settings_t a = { NULL, 0 };
	char safe[IMC_REMED_LINE_MAX], real[4096], (*vals)[IMC_SETTING_MAX] = NULL;
	size_t n, count = req->count;
	int rc = 0;

	if (!count)
		return 0;
	/* The request's size is the server's choice; the answer's is bounded. */
	if (count > IMC_SETTINGS_PER_REQUEST) {
		NLOG(IMC, 1, "IMC %u \"OS\": %zu settings requested; answering the first %u", p->id,
		     count, IMC_SETTINGS_PER_REQUEST);
		count = IMC_SETTINGS_PER_REQUEST;
	}
	out = calloc(count, sizeof(*out));
	vals = calloc(count, sizeof(*vals));
	if (!out || !vals) {
		rc = NEA_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < count; i++) {
		const attr_ita_setting_t *e = &req->entries[i];

		imc_log_safe(e->name, e->name_len, safe, sizeof(safe));
		NLOG(IMC, 1, "setting '%s'", safe);
		rc = imc_setting_allowed((const char *)e->name, e->name_len, real, sizeof(real));
		if (rc == 0)
			rc = imc_setting_read(real, vals[a.count], sizeof(vals[a.count]), &n);
		if (rc == NEA_EPERM) {
			NLOG(IMC, 1, "IMC %u \"OS\": not allowed to access '%s'", p->id, safe);
			continue;
		}
		if (rc < 0) {
			NLOG(IMC, 1, "IMC %u \"OS\": setting '%s' cannot be read: %s", p->id, safe,
			     nea_strerror(rc));
			continue;
		}
		out[a.count] = (attr_ita_setting_t){ e->name, e->name_len,
						     (const uint8_t *)vals[a.count], n };
		a.count++;
	}
	rc = 0;
	a.entries = out;
	if (a.count)
		rc = imc_msg_add(reply, 0, PEN_ITA, ITA_ATTR_SETTINGS, &a);
done:
	free(vals);
	free(out);
	return rc;
}

static int os_receive(void *priv, imc_state_t *st, const imc_attrs_t *in, imc_msg_t *reply)
{
	imc_os_t *p = priv;
	int rc;

	(void)st;
	for (size_t i = 0; i < in->count; i++) {
		const patnc_attr_t *a = in->items[i];
		const attr_ietf_attr_request_t *r = a->data;

		if (a->vendor == PEN_ITA && a->type == ITA_ATTR_GET_SETTINGS && a->data) {
			rc = add_settings(p, a->data, reply);
			if (rc < 0)
				return rc;
			continue;
		}
		if (a->vendor != PEN_IETF || a->type != IETF_ATTR_ATTRIBUTE_REQUEST || !r)
			continue;
		for (size_t j = 0; j < r->count; j++) {
			rc = requested(p, &r->entries[j], reply);
			if (rc < 0)
				return rc;
		}
	}
	return 0;
}

const imc_module_ops_t imc_os_module = {
	.name = "OS",
	.msg_vendor = PEN_IETF,
	.msg_subtype = 1, /* Operating System */
	.init = os_init,
	.destroy = os_destroy,
	.begin_handshake = os_begin_handshake,
	.receive = os_receive,
};

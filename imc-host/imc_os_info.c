/*
 * Operating system facts for the OS IMC; see imc_os_info.h.
 */
#include "imc_os_info.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attr_ietf_u32.h"
#include "attr_names.h"
#include "imc_file.h"
#include "nea_err.h"

/* Index = imc_os_type_t. */
static const char *const type_names[] = {
	"unknown", "Debian", "Ubuntu", "Fedora", "Red Hat", "CentOS", "SUSE", "Gentoo", "Android",
};

const char *imc_os_type_name(imc_os_type_t type)
{
	return (size_t)type < sizeof(type_names) / sizeof(type_names[0]) ? type_names[type]
									 : "unknown";
}

uint32_t imc_os_vendor_pen(imc_os_type_t type)
{
	switch (type) {
	case IMC_OS_DEBIAN: return PEN_DEBIAN;
	case IMC_OS_UBUNTU: return PEN_CANONICAL;
	case IMC_OS_FEDORA: return PEN_FEDORA;
	case IMC_OS_REDHAT: return PEN_REDHAT;
	case IMC_OS_ANDROID: return PEN_GOOGLE;
	default: return PEN_IETF;
	}
}

imc_os_type_t imc_os_type_from_name(const char *name, size_t len)
{
	for (size_t t = 1; t < sizeof(type_names) / sizeof(type_names[0]); t++) {
		size_t n = strlen(type_names[t]);

		if (len >= n && strncasecmp(name, type_names[t], n) == 0)
			return (imc_os_type_t)t;
	}
	return IMC_OS_UNKNOWN;
}

static imc_os_type_t type_from_id(const char *id)
{
	static const struct {
		const char *id;
		imc_os_type_t type;
	} ids[] = {
		{ "debian", IMC_OS_DEBIAN }, { "ubuntu", IMC_OS_UBUNTU }, { "fedora", IMC_OS_FEDORA },
		{ "rhel", IMC_OS_REDHAT },   { "centos", IMC_OS_CENTOS }, { "sles", IMC_OS_SUSE },
		{ "sled", IMC_OS_SUSE },     { "gentoo", IMC_OS_GENTOO }, { "android", IMC_OS_ANDROID },
	};

	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (strcmp(id, ids[i].id) == 0)
			return ids[i].type;
	if (strncmp(id, "opensuse", 8) == 0)
		return IMC_OS_SUSE;
	return IMC_OS_UNKNOWN;
}

/*
 * The value part of one KEY=value line into out (NUL-terminated).
 * false when it does not fit or a quote is left open.
 */
static bool unquote(const char *v, size_t n, char *out, size_t size)
{
	size_t o = 0, i = 0;
	char q = 0;

	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		n--;
	if (n && (v[0] == '"' || v[0] == '\'')) {
		q = v[0];
		i = 1;
	}
	for (; i < n; i++) {
		char c = v[i];

		if (q && c == q) {
			q = 0;
			break;
		}
		if (q == '"' && c == '\\' && i + 1 < n) {
			c = v[++i];
		}
		if (c == '\0' || o + 1 >= size)
			return false;
		out[o++] = c;
	}
	if (q)
		return false;
	out[o] = '\0';
	return true;
}

int imc_os_release_parse(const char *text, size_t len, const char *machine,
			 imc_os_info_t *out, char *why, size_t whylen)
{
	char name[IMC_OS_STR_MAX + 1] = "", id[64] = "", version_id[128] = "";
	const char *p = text, *end = text + len, *nl, *eq;
	size_t n, kl;
	int w;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		n = (size_t)(nl - p);
		eq = memchr(p, '=', n);
		if (eq && *p != '#') {
			kl = (size_t)(eq - p);
			if (kl == 4 && memcmp(p, "NAME", 4) == 0) {
				if (!unquote(eq + 1, n - kl - 1, name, sizeof(name))) {
					snprintf(why, whylen, "NAME is malformed or too long");
					return NEA_EINVAL;
				}
			} else if (kl == 2 && memcmp(p, "ID", 2) == 0) {
				if (!unquote(eq + 1, n - kl - 1, id, sizeof(id))) {
					snprintf(why, whylen, "ID is malformed or too long");
					return NEA_EINVAL;
				}
			} else if (kl == 10 && memcmp(p, "VERSION_ID", 10) == 0) {
				if (!unquote(eq + 1, n - kl - 1, version_id, sizeof(version_id))) {
					snprintf(why, whylen, "VERSION_ID is malformed or too long");
					return NEA_EINVAL;
				}
			}
		}
		p = nl < end ? nl + 1 : end;
	}
	if (!name[0] && !id[0]) {
		snprintf(why, whylen, "neither NAME nor ID is set");
		return NEA_EINVAL;
	}
	out->type = type_from_id(id);
	if (out->type == IMC_OS_UNKNOWN)
		out->type = imc_os_type_from_name(name, strlen(name));
	snprintf(out->name, sizeof(out->name), "%s",
		 out->type != IMC_OS_UNKNOWN ? imc_os_type_name(out->type) : name[0] ? name : id);
	if (!machine)
		machine = "";
	w = snprintf(out->version, sizeof(out->version), "%s%s%s", version_id,
		     version_id[0] && machine[0] ? " " : "", machine);
	if (w < 0 || (size_t)w >= sizeof(out->version)) {
		snprintf(why, whylen, "version string too long");
		return NEA_EINVAL;
	}
	return 0;
}

int imc_os_info_set(imc_os_info_t *out, const char *name, const char *version)
{
	if (strlen(name) > IMC_OS_STR_MAX || strlen(version) > IMC_OS_STR_MAX)
		return NEA_EINVAL;
	out->type = imc_os_type_from_name(name, strlen(name));
	snprintf(out->name, sizeof(out->name), "%s", name);
	snprintf(out->version, sizeof(out->version), "%s", version);
	return 0;
}

/* atol()'s reading of a leading decimal number, saturating at 2^32 - 1. */
static uint32_t leading_number(const char *s)
{
	uint64_t v = 0;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '+')
		s++;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > UINT32_MAX)
			return UINT32_MAX;
	}
	return (uint32_t)v;
}

void imc_os_numeric_version(const imc_os_info_t *os, uint32_t *major, uint32_t *minor)
{
	const char *dot = strchr(os->version, '.');

	*major = leading_number(os->version);
	*minor = dot ? leading_number(dot + 1) : 0;
}

uint32_t imc_os_fwd_status(const char *proc, char *why, size_t whylen)
{
	char path[4096], *buf = NULL;
	size_t len;
	uint32_t st = ATTR_FWD_UNKNOWN;
	int rc;

	rc = imc_file_join(path, sizeof(path), proc, "sys/net/ipv4/ip_forward");
	if (rc == 0)
		rc = imc_file_read(path, 64, &buf, &len);
	if (rc < 0) {
		snprintf(why, whylen, "failed to read \"%s\": %s", path,
			 rc == NEA_EIO ? strerror(errno) : nea_strerror(rc));
		return ATTR_FWD_UNKNOWN;
	}
	if (len >= 1 && buf[0] == '0')
		st = ATTR_FWD_DISABLED;
	else if (len >= 1 && buf[0] == '1')
		st = ATTR_FWD_ENABLED;
	else
		snprintf(why, whylen, "\"%s\" returns invalid value", path);
	free(buf);
	return st;
}

int imc_os_boot_time(const char *proc, int64_t *btime, char *why, size_t whylen)
{
	char path[4096], *buf = NULL, *p, *end;
	size_t len;
	long long v;
	int rc;

	rc = imc_file_join(path, sizeof(path), proc, "stat");
	if (rc == 0)
		rc = imc_file_read(path, 4u * 1024 * 1024, &buf, &len);
	if (rc < 0) {
		snprintf(why, whylen, "failed to read \"%s\": %s", path,
			 rc == NEA_EIO ? strerror(errno) : nea_strerror(rc));
		return rc;
	}
	/* buf is NUL-terminated by imc_file_read; a NUL inside ends the search. */
	for (p = buf; p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (strncmp(p, "btime ", 6) != 0)
			continue;
		errno = 0;
		v = strtoll(p + 6, &end, 10);
		if (errno || end == p + 6 || v <= 0 || (*end != '\n' && *end != '\0')) {
			snprintf(why, whylen, "malformed btime in \"%s\"", path);
			free(buf);
			return NEA_EINVAL;
		}
		*btime = v;
		free(buf);
		return 0;
	}
	snprintf(why, whylen, "no btime in \"%s\"", path);
	free(buf);
	return NEA_ENOTFOUND;
}

int imc_os_machine_id(const char *path, char *out, size_t size, size_t *n)
{
	char *buf = NULL, *nul;
	size_t len;
	int rc;

	/* strongSwan reads at most 2048 bytes of such a file; a machine-id is 33. */
	rc = imc_file_read(path, 2048, &buf, &len);
	if (rc < 0)
		return rc;
	if (len && buf[len - 1] == '\n')
		len--;
	nul = memchr(buf, '\0', len);
	if (nul)
		len = (size_t)(nul - buf);
	if (len >= size)
		len = size - 1;
	memcpy(out, buf, len);
	out[len] = '\0';
	*n = len;
	free(buf);
	return 0;
}

/*
 * imc_os_info: the operating system facts the OS IMC reports, from the
 * files an endpoint keeps them in (strongSwan's imc_os_info).
 *
 * Contract:
 *  - imc_os_release_parse() reads os-release text (freedesktop.org
 *    format: KEY=value lines, values optionally in '' or "" quotes with
 *    backslash escapes inside ""). The OS type comes from ID (debian,
 *    ubuntu, fedora, rhel, centos, sles/opensuse*, gentoo, android), else
 *    from NAME starting with a type's name; a known type is reported under
 *    its official name ("Debian"), an unknown one under NAME. The version
 *    is VERSION_ID, a blank and the machine architecture ("12 x86_64").
 *    Pure: the caller supplies the text and the architecture.
 *  - imc_os_numeric_version() reads major/minor the way strongSwan does:
 *    the leading number of the version, and the number after its first dot
 *    (0 without one): "12 x86_64" -> 12.0, "20.04 x86_64" -> 20.4.
 *  - The readers of /proc take the proc mount as a parameter so tests can
 *    point them at fixtures; they never fail hard: an unreadable value is
 *    reported as unknown and the reason is returned for the log.
 *  - Every string fits the attribute that carries it (255 bytes).
 */
#ifndef NEA_IMC_OS_INFO_H
#define NEA_IMC_OS_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
	IMC_OS_UNKNOWN = 0,
	IMC_OS_DEBIAN,
	IMC_OS_UBUNTU,
	IMC_OS_FEDORA,
	IMC_OS_REDHAT,
	IMC_OS_CENTOS,
	IMC_OS_SUSE,
	IMC_OS_GENTOO,
	IMC_OS_ANDROID,
} imc_os_type_t;

#define IMC_OS_STR_MAX 255

typedef struct {
	imc_os_type_t type;
	char name[IMC_OS_STR_MAX + 1];
	char version[IMC_OS_STR_MAX + 1];
} imc_os_info_t;

/* "Debian", "Ubuntu", ..., "unknown" (strongSwan's os_type_names). */
const char *imc_os_type_name(imc_os_type_t type);
/* Product vendor PEN for IETF Product Information (strongSwan's table:
 * Debian, Canonical, Fedora, Red Hat, Google; 0 = IETF for the rest). */
uint32_t imc_os_vendor_pen(imc_os_type_t type);
/* Type named by a product name prefix, case-insensitive ("Red Hat ..."). */
imc_os_type_t imc_os_type_from_name(const char *name, size_t len);

/* 0, or NEA_EINVAL with why filled (no NAME/ID, value too long). */
int imc_os_release_parse(const char *text, size_t len, const char *machine,
			 imc_os_info_t *out, char *why, size_t whylen);
/* Configured name and version (libimcv.os_info.name/version). */
int imc_os_info_set(imc_os_info_t *out, const char *name, const char *version);
void imc_os_numeric_version(const imc_os_info_t *os, uint32_t *major, uint32_t *minor);

/* /proc/sys/net/ipv4/ip_forward: ATTR_FWD_DISABLED, _ENABLED or _UNKNOWN. */
uint32_t imc_os_fwd_status(const char *proc, char *why, size_t whylen);
/* btime of /proc/stat (seconds since 1970, UTC). 0 or NEA_E* with why. */
int imc_os_boot_time(const char *proc, int64_t *btime, char *why, size_t whylen);
/*
 * The device ID from a machine-id file: its first 2048 bytes, one trailing
 * newline dropped. 0 (out NUL-terminated, *n its length, possibly 0) or
 * NEA_E* when the file cannot be read.
 */
int imc_os_machine_id(const char *path, char *out, size_t size, size_t *n);

#endif

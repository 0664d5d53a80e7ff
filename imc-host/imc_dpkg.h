/*
 * imc_dpkg: the installed packages of a Debian-family endpoint, read from
 * the dpkg database (/var/lib/dpkg/status) the way strongSwan's OS IMC gets
 * them from `dpkg-query --show` (strongSwan 5.9's imc_os_info).
 *
 * The file is a sequence of paragraphs separated by blank lines; a
 * paragraph is "Field: value" lines, a line starting with a blank continues
 * the previous field (Description, Conffiles).
 *
 * Contract:
 *  - A package is listed when its paragraph has a Package field and a
 *    Status whose state (third word) is anything but "not-installed":
 *    exactly the set `dpkg-query --show` prints (installed, config-files,
 *    half-installed, ...; purged packages are not). A missing Version is
 *    an empty version, as dpkg-query prints it. Field names match
 *    case-insensitively, values are trimmed of surrounding blanks.
 *  - The list is sorted as dpkg-query prints it: by name (bytewise), then
 *    by architecture; entries keep pointing into the caller's text, which
 *    must outlive the list.
 *  - Entries the IETF Installed Packages attribute cannot carry (name or
 *    version longer than 255 bytes, or holding a NUL) are left out and
 *    counted in `unusable`; a paragraph without Package counts as
 *    `malformed`. Any input bytes are accepted; nothing is read outside
 *    [text, text + len); memory grows with the packages found only.
 *  - Names are the bare Package field, never qualified with ":arch": the
 *    captured strongSwan client lists 'binutils-common' where a plain
 *    `dpkg-query --show` prints 'binutils-common:amd64' (Multi-Arch: same).
 *    On this project's build host the list equals dpkg-query's modulo
 *    those qualifiers.
 */
#ifndef NEA_IMC_DPKG_H
#define NEA_IMC_DPKG_H

#include <stddef.h>
#include <stdint.h>

#define IMC_DPKG_STATUS_DEFAULT "/var/lib/dpkg/status"
/* Largest status file read (a desktop has a few MiB). */
#define IMC_DPKG_MAX_FILE (256u * 1024 * 1024)
/* The Installed Packages attribute counts packages in 16 bits. */
#define IMC_DPKG_MAX_PACKAGES 65535u

typedef struct {
	const char *name;
	size_t name_len;
	const char *version;
	size_t version_len;
	const char *arch;
	size_t arch_len;
} imc_pkg_t;

typedef struct {
	imc_pkg_t *pkgs;
	size_t count;
	size_t cap;
	size_t paragraphs; /* paragraphs read */
	size_t skipped;    /* not-installed (purged), or without Status */
	size_t unusable;   /* installed but not expressible on the wire */
	size_t malformed;  /* without Package */
} imc_pkgs_t;

/* Parse a whole status file; the list is sorted. 0 or NEA_ENOMEM. */
int imc_dpkg_parse(const char *text, size_t len, imc_pkgs_t *out);
void imc_pkgs_free(imc_pkgs_t *pkgs);

#endif

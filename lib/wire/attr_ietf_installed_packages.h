/*
 * attr_ietf_installed_packages: IETF Installed Packages (RFC 5792 4.2.7,
 * type 7).
 *
 * Contract: a 16-bit package count followed by that many (name, version)
 * pairs of 1-byte-length-prefixed strings without NUL; the count must match
 * the entries exactly (fewer bytes: NEA_ETRUNC at the missing entry, more:
 * NEA_EINVAL at the first surplus byte). Parsing is one linear pass with
 * one allocation bounded by the input size. Strings are borrowed; a parsed
 * struct owns its entries array (attr_ietf_installed_packages_release).
 * More than 65535 packages cannot be expressed: the builder refuses them.
 */
#ifndef NEA_ATTR_IETF_INSTALLED_PACKAGES_H
#define NEA_ATTR_IETF_INSTALLED_PACKAGES_H

#include "patnc_attr.h"

typedef struct {
	const uint8_t *name;
	size_t name_len;
	const uint8_t *version;
	size_t version_len;
} attr_ietf_package_t;

typedef struct {
	attr_ietf_package_t *entries;
	size_t count;
} attr_ietf_installed_packages_t;

int attr_ietf_installed_packages_parse(const uint8_t *v, size_t len,
				       attr_ietf_installed_packages_t *out, nea_perr_t *err);
int attr_ietf_installed_packages_build(const attr_ietf_installed_packages_t *in, nea_wr_t *w);
void attr_ietf_installed_packages_print(const attr_ietf_installed_packages_t *in, nea_wr_t *o);
void attr_ietf_installed_packages_release(attr_ietf_installed_packages_t *a);

extern const patnc_codec_t attr_ietf_installed_packages_codec;

#endif

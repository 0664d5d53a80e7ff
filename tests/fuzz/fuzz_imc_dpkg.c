/*
 * libFuzzer target for the OS IMC's dpkg status reader (imc_dpkg.h). The
 * database is written by package scripts and maintainers' control files,
 * so it is read as untrusted text.
 *
 * Invariants: every paragraph is counted exactly once (listed, skipped,
 * unusable or malformed); every listed name, version and architecture
 * lies inside the input and fits the IETF Installed Packages attribute;
 * the list is sorted by name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imc_dpkg.h"

static int cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c ? c : (an > bn) - (an < bn);
}

static void inside(const char *p, size_t n, const char *base, size_t size)
{
	if (n && (p < base || p + n > base + size))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	imc_pkgs_t pkgs;

	if (imc_dpkg_parse(text, size, &pkgs) < 0)
		return 0; /* out of memory only */
	if (pkgs.count + pkgs.skipped + pkgs.unusable + pkgs.malformed != pkgs.paragraphs)
		__builtin_trap();
	for (size_t i = 0; i < pkgs.count; i++) {
		const imc_pkg_t *k = &pkgs.pkgs[i];

		if (!k->name_len || k->name_len > 255 || k->version_len > 255 ||
		    memchr(k->name, '\0', k->name_len) || memchr(k->version, '\0', k->version_len))
			__builtin_trap();
		inside(k->name, k->name_len, text, size);
		inside(k->version, k->version_len, text, size);
		inside(k->arch, k->arch_len, text, size);
		if (i && cmp(pkgs.pkgs[i - 1].name, pkgs.pkgs[i - 1].name_len, k->name,
			     k->name_len) > 0)
			__builtin_trap();
	}
	imc_pkgs_free(&pkgs);
	return 0;
}

/*
 * imc_dpkg: the dpkg status database as `dpkg-query --show` lists it. The
 * fixture is the captured client's database (834 packages, shuffled, with
 * purged entries and multi-line fields); the result must be the captured
 * list in the captured order.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imc_dpkg.h"
#include "imc_fixture.h"

static bool is(const imc_pkg_t *p, const char *name, const char *version)
{
	return p->name_len == strlen(name) && memcmp(p->name, name, p->name_len) == 0 &&
	       p->version_len == strlen(version) && memcmp(p->version, version, p->version_len) == 0;
}

Test(imc_dpkg, captured_host_database)
{
	size_t len;
	char *text = imcf_read("debian12/var/lib/dpkg/status", &len);
	imc_pkgs_t pkgs;

	cr_assert_eq(imc_dpkg_parse(text, len, &pkgs), 0);
	cr_assert_eq(pkgs.count, 834);
	cr_assert_eq(pkgs.skipped, 3); /* the purged ones */
	cr_assert_eq(pkgs.malformed, 0);
	cr_assert_eq(pkgs.unusable, 0);
	cr_assert_eq(pkgs.paragraphs, 837);
	/* First, last and a few from the capture's log ("package 'x' (v)"). */
	cr_assert(is(&pkgs.pkgs[0], "adduser", "3.134"));
	cr_assert(is(&pkgs.pkgs[1], "adwaita-icon-theme", "43-1"));
	cr_assert(is(&pkgs.pkgs[10], "automake", "1:1.16.5-1.3"));
	cr_assert(is(&pkgs.pkgs[833], "zstd", "1.5.4+dfsg2-5"));
	for (size_t i = 1; i < pkgs.count; i++) {
		size_t a = pkgs.pkgs[i - 1].name_len, b = pkgs.pkgs[i].name_len;
		int c = memcmp(pkgs.pkgs[i - 1].name, pkgs.pkgs[i].name, a < b ? a : b);

		cr_assert(c < 0 || (c == 0 && a <= b), "not sorted at %zu", i);
	}
	imc_pkgs_free(&pkgs);
	free(text);
}

Test(imc_dpkg, status_states_and_odd_paragraphs)
{
	static const char text[] =
		"Package: rc-pkg\nStatus: deinstall ok config-files\nVersion: 1.0\n\n"
		"Package: gone\nStatus: purge ok not-installed\n\n"
		"Package: half\nStatus: install reinstreq half-installed\nVersion: 2\n\n"
		"Package: noversion\nStatus: install ok unpacked\n\n"
		"Package: nostatus\nVersion: 1\n\n"
		"Status: install ok installed\nVersion: 1\n\n"
		"package:   lower-case   \nSTATUS: install ok installed\nversion:\t3.0 \n\n"
		"\n\n\n"
		"Package: b\nStatus: install ok installed\nArchitecture: i386\nVersion: 1\n\n"
		"Package: b\nStatus: install ok installed\nArchitecture: amd64\nVersion: 1\n"
		"Description: x\n Package: fake\n Version: 9\n";
	imc_pkgs_t pkgs;

	cr_assert_eq(imc_dpkg_parse(text, strlen(text), &pkgs), 0);
	cr_assert_eq(pkgs.count, 6);
	cr_assert(is(&pkgs.pkgs[0], "b", "1"));
	cr_assert_eq(pkgs.pkgs[0].arch_len, 5); /* amd64 before i386 */
	cr_assert(is(&pkgs.pkgs[1], "b", "1"));
	cr_assert(is(&pkgs.pkgs[2], "half", "2"));
	cr_assert(is(&pkgs.pkgs[3], "lower-case", "3.0"));
	cr_assert(is(&pkgs.pkgs[4], "noversion", ""));
	cr_assert(is(&pkgs.pkgs[5], "rc-pkg", "1.0"));
	cr_assert_eq(pkgs.skipped, 2);   /* purged, without Status */
	cr_assert_eq(pkgs.malformed, 1); /* without Package */
	imc_pkgs_free(&pkgs);
}

Test(imc_dpkg, names_the_attribute_cannot_carry)
{
	char text[2048];
	char longv[300];
	imc_pkgs_t pkgs;
	size_t n;

	memset(longv, '7', sizeof(longv) - 1);
	longv[sizeof(longv) - 1] = '\0';
	n = (size_t)snprintf(text, sizeof(text),
			     "Package: long\nStatus: install ok installed\nVersion: %s\n\n"
			     "Package: ok\nStatus: install ok installed\nVersion: 1\n\n"
			     "Package: nu",
			     longv);
	memcpy(text + n, "\0l\nStatus: install ok installed\nVersion: 1\n", 43);
	n += 43;
	cr_assert_eq(imc_dpkg_parse(text, n, &pkgs), 0);
	cr_assert_eq(pkgs.count, 1);
	cr_assert(is(&pkgs.pkgs[0], "ok", "1"));
	cr_assert_eq(pkgs.unusable, 2);
	imc_pkgs_free(&pkgs);
}

Test(imc_dpkg, empty_and_binary_input)
{
	imc_pkgs_t pkgs;
	uint8_t junk[4096];
	uint32_t x = 12345;

	cr_assert_eq(imc_dpkg_parse("", 0, &pkgs), 0);
	cr_assert_eq(pkgs.count, 0);
	imc_pkgs_free(&pkgs);
	for (size_t i = 0; i < sizeof(junk); i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (uint8_t)(x >> 16);
	}
	cr_assert_eq(imc_dpkg_parse((const char *)junk, sizeof(junk), &pkgs), 0);
	for (size_t i = 0; i < pkgs.count; i++) {
		cr_assert_geq((const char *)pkgs.pkgs[i].name, (const char *)junk);
		cr_assert_leq((const char *)pkgs.pkgs[i].name + pkgs.pkgs[i].name_len,
			      (const char *)junk + sizeof(junk));
	}
	imc_pkgs_free(&pkgs);
}

Test(imc_dpkg, every_prefix_of_a_database)
{
	size_t len;
	char *text = imcf_read("debian12/var/lib/dpkg/status", &len);
	size_t want = 0;

	/* The first 4 KiB byte by byte, then the rest in strides (the file is 170 KiB). */
	for (size_t cut = 0; cut <= len; cut += cut < 4096 ? 1 : 997) {
		char *copy = malloc(cut ? cut : 1);
		imc_pkgs_t pkgs;

		cr_assert_not_null(copy);
		memcpy(copy, text, cut);
		cr_assert_eq(imc_dpkg_parse(copy, cut, &pkgs), 0);
		cr_assert_leq(pkgs.count, 834);
		cr_assert_geq(pkgs.count + 1, want, "fewer packages for a longer prefix at %zu", cut);
		want = pkgs.count;
		imc_pkgs_free(&pkgs);
		free(copy);
	}
	free(text);
}

/*
 * nea_tncconf: the seed's server and client files, every bad line form with
 * its "file:line:" message, and file handling.
 */
#include <criterion/criterion.h>

#include "conf_fixture.h"
#include "nea_err.h"
#include "nea_tncconf.h"

static nea_tncconf_t *tnc_ok(const char *text)
{
	char err[256] = "";
	nea_tncconf_t *t = NULL;
	int rc = nea_tncconf_load_buffer(text, strlen(text), "tnc_config", &t, err, sizeof(err));

	cr_assert_eq(rc, 0, "rc %d: %s", rc, err);
	return t;
}

static const char *tnc_bad(const char *text)
{
	static char err[256];
	nea_tncconf_t *t = (nea_tncconf_t *)1;

	err[0] = '\0';
	cr_assert_eq(nea_tncconf_load_buffer(text, strlen(text), "tnc_config", &t, err, sizeof(err)),
		     NEA_ECONFIG, "accepted: %s", text);
	cr_assert_null(t);
	return err;
}

Test(tncconf, server_file_from_the_seed)
{
	nea_tncconf_t *t = tnc_ok("#IMV-Configuration\n"
				  "\n"
				  "IMV \"OS\" /usr/lib/ipsec/imcvs/imv-os.so\n"
				  "IMV \"Scanner\"   /usr/lib/ipsec/imcvs/imv-scanner.so\n"
				  "# IMV \"SWIMA\" /usr/lib/ipsec/imcvs/imv-swima.so\n"
				  "   # IMV \"Attestation\" /usr/lib/ipsec/imcvs/imv-attestation.so\n");

	cr_assert_eq(t->count, 2);
	cr_assert_eq(t->entries[0].kind, NEA_TNC_IMV);
	cr_assert_str_eq(t->entries[0].name, "OS");
	cr_assert_str_eq(t->entries[0].path, "/usr/lib/ipsec/imcvs/imv-os.so");
	cr_assert_eq(t->entries[0].line, 3);
	cr_assert_str_eq(t->entries[1].name, "Scanner");
	cr_assert_str_eq(t->entries[1].path, "/usr/lib/ipsec/imcvs/imv-scanner.so");
	cr_assert_eq(t->entries[1].line, 4);
	cr_assert_eq(nea_tncconf_count(t, NEA_TNC_IMV), 2);
	cr_assert_eq(nea_tncconf_count(t, NEA_TNC_IMC), 0);
	cr_assert_eq(nea_tncconf_find(t, NEA_TNC_IMV, "Scanner"), &t->entries[1]);
	cr_assert_null(nea_tncconf_find(t, NEA_TNC_IMV, "SWIMA"));
	cr_assert_null(nea_tncconf_find(t, NEA_TNC_IMC, "OS"));
	cr_assert_str_eq(t->source, "tnc_config");
	nea_tncconf_free(t);
}

Test(tncconf, mixed_kinds_blanks_names_with_spaces_and_comments)
{
	nea_tncconf_t *t = tnc_ok("IMC \"OS\"           /usr/lib/ipsec/imcvs/imc-os.so\r\n"
				  "\tIMC\t\"Attestation\"\t/usr/lib/ipsec/imcvs/imc-attestation.so  # TPM\n"
				  "IMV \"OS\" /x/imv-os.so\n"
				  "IMC \"My Scanner v2\" /opt/scanner.so");

	cr_assert_eq(t->count, 4);
	cr_assert_eq(t->entries[0].kind, NEA_TNC_IMC);
	cr_assert_str_eq(t->entries[0].path, "/usr/lib/ipsec/imcvs/imc-os.so");
	cr_assert_str_eq(t->entries[1].name, "Attestation");
	cr_assert_str_eq(t->entries[1].path, "/usr/lib/ipsec/imcvs/imc-attestation.so");
	cr_assert_eq(t->entries[2].kind, NEA_TNC_IMV);
	cr_assert_str_eq(t->entries[3].name, "My Scanner v2");
	cr_assert_str_eq(t->entries[3].path, "/opt/scanner.so");
	/* the same name may serve as IMC and IMV */
	cr_assert_not_null(nea_tncconf_find(t, NEA_TNC_IMC, "OS"));
	cr_assert_not_null(nea_tncconf_find(t, NEA_TNC_IMV, "OS"));
	cr_assert_str_eq(nea_tnc_kind_name(NEA_TNC_IMC), "IMC");
	cr_assert_str_eq(nea_tnc_kind_name(NEA_TNC_IMV), "IMV");
	nea_tncconf_free(t);

	t = tnc_ok("");
	cr_assert_eq(t->count, 0);
	nea_tncconf_free(t);
}

Test(tncconf, bad_lines)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "# ok\nIMX \"OS\" /p\n", "tnc_config:2: unknown keyword 'IMX' (expected IMC or IMV)" },
		{ "imv \"OS\" /p\n", "tnc_config:1: unknown keyword 'imv' (expected IMC or IMV)" },
		{ "IMV\"OS\" /p\n", "tnc_config:1: unknown keyword 'IMV\"OS\"' (expected IMC or IMV)" },
		{ "IMV OS /p\n", "tnc_config:1: IMV name must be set in double quotes" },
		{ "IMV\n", "tnc_config:1: IMV name must be set in double quotes" },
		{ "\n\nIMC \"OS /p\n", "tnc_config:3: IMC name lacks its closing quote" },
		{ "IMV \"\" /p\n", "tnc_config:1: IMV name is empty" },
		{ "IMV \"OS\"/p\n", "tnc_config:1: blank expected after the IMV name" },
		{ "IMV \"OS\"\n", "tnc_config:1: IMV \"OS\" has no path" },
		{ "IMV \"OS\"   # no path\n", "tnc_config:1: IMV \"OS\" has no path" },
		{ "IMV \"OS\" /p extra\n", "tnc_config:1: unexpected text after the path" },
		{ "IMV \"OS\" /a\nIMV \"Scanner\" /b\nIMV \"OS\" /c\n",
		  "tnc_config:3: IMV \"OS\" is already listed at line 1" },
		{ "IMV \"O\tS\" /p\n", "tnc_config:1: IMV name holds a control character" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_str_eq(tnc_bad(cases[i].text), cases[i].msg, "case %zu", i);

	char err[128];
	nea_tncconf_t *t = NULL;
	cr_assert_eq(nea_tncconf_load_buffer("IMV \"OS\" /p\nIMV \"S\0\" /q\n", 24, "x", &t, err, sizeof(err)),
		     NEA_ECONFIG);
	cr_assert_str_eq(err, "x:2: NUL byte in line");

	char longname[400] = "IMV \"";
	memset(longname + 5, 'n', 256);
	strcpy(longname + 261, "\" /p\n");
	cr_assert_str_eq(tnc_bad(longname), "tnc_config:1: IMV name longer than 255 bytes");
}

TestSuite(tncconf_files, .init = fx_setup, .fini = fx_teardown);

Test(tncconf_files, load_file_and_missing_file)
{
	char err[512];
	nea_tncconf_t *t = NULL;
	const char *p = fx_write("tnc_config", "IMC \"OS\" /usr/lib/ipsec/imcvs/imc-os.so\n"
					       "IMC \"Scanner\" /usr/lib/ipsec/imcvs/imc-scanner.so\n");

	cr_assert_eq(nea_tncconf_load_file(p, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(t->count, 2);
	cr_assert_str_eq(t->source, p);
	nea_tncconf_free(t);

	cr_assert_eq(nea_tncconf_load_file(fx_path("nope"), &t, err, sizeof(err)), NEA_ENOTFOUND);
	cr_assert_null(t);
	cr_assert(strstr(err, "nope: cannot read") != NULL, "%s", err);
	cr_assert_eq(nea_tncconf_load_file(fx_dir, &t, err, sizeof(err)), NEA_ECONFIG);

	p = fx_write("bad", "IMV \"OS\" /a\n\nIMV broken\n");
	cr_assert_eq(nea_tncconf_load_file(p, &t, err, sizeof(err)), NEA_ECONFIG);
	char want[600];
	snprintf(want, sizeof(want), "%s:3: IMV name must be set in double quotes", p);
	cr_assert_str_eq(err, want);
}

Test(tncconf_files, example_files_parse)
{
	const char *src = getenv("NEA_SOURCE_DIR");
	char path[1024], err[512];
	nea_tncconf_t *t = NULL;

	cr_assert_not_null(src, "NEA_SOURCE_DIR is set by ctest");
	snprintf(path, sizeof(path), "%s/deploy/examples/tnc_config", src);
	cr_assert_eq(nea_tncconf_load_file(path, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(nea_tncconf_count(t, NEA_TNC_IMV), 2);
	cr_assert_not_null(nea_tncconf_find(t, NEA_TNC_IMV, "OS"));
	cr_assert_not_null(nea_tncconf_find(t, NEA_TNC_IMV, "Scanner"));
	cr_assert_null(nea_tncconf_find(t, NEA_TNC_IMV, "SWIMA"));
	nea_tncconf_free(t);

	snprintf(path, sizeof(path), "%s/deploy/examples/tnc_config.client", src);
	cr_assert_eq(nea_tncconf_load_file(path, &t, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(nea_tncconf_count(t, NEA_TNC_IMC), 2);
	cr_assert_not_null(nea_tncconf_find(t, NEA_TNC_IMC, "OS"));
	cr_assert_not_null(nea_tncconf_find(t, NEA_TNC_IMC, "Scanner"));
	nea_tncconf_free(t);
}

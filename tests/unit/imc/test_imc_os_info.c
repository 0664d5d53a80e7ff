/*
 * imc_os_info: os-release parsing (the captured client's 'Debian' /
 * '12 x86_64'), numeric versions, the /proc readers and the machine-id,
 * on fixtures; malformed and truncated os-release text.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "attr_ietf_u32.h"
#include "attr_names.h"
#include "imc_fixture.h"
#include "imc_os_info.h"
#include "nea_err.h"

static int parse(const char *text, const char *machine, imc_os_info_t *os, char *why)
{
	return imc_os_release_parse(text, strlen(text), machine, os, why, 160);
}

Test(imc_os_info, debian12_fixture_as_strongswan)
{
	size_t len;
	char *text = imcf_read("debian12/etc/os-release", &len);
	imc_os_info_t os;
	char why[160] = "";
	uint32_t major, minor;

	cr_assert_eq(imc_os_release_parse(text, len, "x86_64", &os, why, sizeof(why)), 0, "%s", why);
	cr_assert_eq(os.type, IMC_OS_DEBIAN);
	cr_assert_str_eq(os.name, "Debian");
	cr_assert_str_eq(os.version, "12 x86_64");
	cr_assert_eq(imc_os_vendor_pen(os.type), PEN_DEBIAN);
	cr_assert_eq(PEN_DEBIAN, 0x002572); /* the captured Product Information vendor */
	imc_os_numeric_version(&os, &major, &minor);
	cr_assert_eq(major, 12);
	cr_assert_eq(minor, 0);
	free(text);
}

Test(imc_os_info, other_distributions)
{
	imc_os_info_t os;
	char why[160];
	uint32_t major, minor;

	cr_assert_eq(parse("NAME=\"Ubuntu\"\nVERSION_ID=\"22.04\"\nID=ubuntu\n", "aarch64", &os, why),
		     0);
	cr_assert_eq(os.type, IMC_OS_UBUNTU);
	cr_assert_str_eq(os.name, "Ubuntu");
	cr_assert_str_eq(os.version, "22.04 aarch64");
	imc_os_numeric_version(&os, &major, &minor);
	cr_assert_eq(major, 22);
	cr_assert_eq(minor, 4);
	cr_assert_eq(imc_os_vendor_pen(os.type), PEN_CANONICAL);

	cr_assert_eq(parse("NAME='Red Hat Enterprise Linux'\nID=\"rhel\"\nVERSION_ID=\"9.3\"\n",
			   "x86_64", &os, why),
		     0);
	cr_assert_eq(os.type, IMC_OS_REDHAT);
	cr_assert_str_eq(os.name, "Red Hat");

	cr_assert_eq(parse("ID=opensuse-leap\nNAME=\"openSUSE Leap\"\nVERSION_ID=\"15.5\"\n", "x86_64",
			   &os, why),
		     0);
	cr_assert_eq(os.type, IMC_OS_SUSE);
	cr_assert_eq(imc_os_vendor_pen(os.type), PEN_IETF);

	/* Unknown distribution: reported under its NAME, vendor IETF. */
	cr_assert_eq(parse("# comment\nNAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.19.1\n",
			   "x86_64", &os, why),
		     0);
	cr_assert_eq(os.type, IMC_OS_UNKNOWN);
	cr_assert_str_eq(os.name, "Alpine Linux");
	cr_assert_str_eq(os.version, "3.19.1 x86_64");
	cr_assert_eq(imc_os_vendor_pen(os.type), PEN_IETF);

	/* Escapes inside double quotes; CRLF line ends. */
	cr_assert_eq(parse("NAME=\"My \\\"Distro\\\"\"\r\nVERSION_ID=1\r\n", "", &os, why), 0);
	cr_assert_str_eq(os.name, "My \"Distro\"");
	cr_assert_str_eq(os.version, "1");
}

Test(imc_os_info, malformed_os_release_refused)
{
	imc_os_info_t os;
	char why[160], longname[400];

	cr_assert_eq(parse("", "x86_64", &os, why), NEA_EINVAL);
	cr_assert_eq(parse("PRETTY_NAME=x\nVERSION_ID=1\n", "x86_64", &os, why), NEA_EINVAL);
	cr_assert_str_eq(why, "neither NAME nor ID is set");
	cr_assert_eq(parse("NAME=\"unterminated\nID=x\n", "x86_64", &os, why), NEA_EINVAL);
	memset(longname, 'a', sizeof(longname));
	memcpy(longname, "NAME=", 5);
	longname[sizeof(longname) - 1] = '\0';
	cr_assert_eq(parse(longname, "x86_64", &os, why), NEA_EINVAL);
	cr_assert_str_eq(why, "NAME is malformed or too long");
}

Test(imc_os_info, every_prefix_of_os_release)
{
	size_t len;
	char *text = imcf_read("debian12/etc/os-release", &len);

	for (size_t cut = 0; cut <= len; cut++) {
		char *copy = malloc(cut ? cut : 1);
		imc_os_info_t os;
		char why[160] = "";
		int rc;

		cr_assert_not_null(copy);
		memcpy(copy, text, cut);
		rc = imc_os_release_parse(copy, cut, "x86_64", &os, why, sizeof(why));
		cr_assert(rc == 0 || rc == NEA_EINVAL);
		if (rc == 0) {
			cr_assert_leq(strlen(os.name), IMC_OS_STR_MAX);
			cr_assert_leq(strlen(os.version), IMC_OS_STR_MAX);
		}
		free(copy);
	}
	free(text);
}

Test(imc_os_info, numeric_version_edge_cases)
{
	imc_os_info_t os = { .type = IMC_OS_UNKNOWN };
	uint32_t major, minor;

	strcpy(os.version, "rolling x86_64");
	imc_os_numeric_version(&os, &major, &minor);
	cr_assert_eq(major, 0);
	cr_assert_eq(minor, 0);
	strcpy(os.version, "99999999999.7");
	imc_os_numeric_version(&os, &major, &minor);
	cr_assert_eq(major, UINT32_MAX);
	cr_assert_eq(minor, 7);
}

Test(imc_os_info, proc_readers_on_fixture)
{
	char proc[4096], why[160] = "";
	int64_t btime = 0;

	imcf_path(proc, sizeof(proc), "debian12/proc");
	cr_assert_eq(imc_os_fwd_status(proc, why, sizeof(why)), ATTR_FWD_DISABLED);
	cr_assert_str_empty(why);
	cr_assert_eq(imc_os_boot_time(proc, &btime, why, sizeof(why)), 0);
	cr_assert_eq(btime, 1795377765); /* 2026-11-22T20:02:45Z, the captured last boot */
}

Test(imc_os_info, proc_readers_bad_values)
{
	char dir[256], why[160] = "";
	int64_t btime;

	imcf_tmpdir(dir, sizeof(dir));
	cr_assert_eq(imc_os_fwd_status(dir, why, sizeof(why)), ATTR_FWD_UNKNOWN);
	cr_assert(strstr(why, "failed to read"));
	imcf_write(dir, "sys/net/ipv4/ip_forward", "1\n", 2);
	why[0] = '\0';
	cr_assert_eq(imc_os_fwd_status(dir, why, sizeof(why)), ATTR_FWD_ENABLED);
	imcf_write(dir, "sys/net/ipv4/ip_forward", "x\n", 2);
	cr_assert_eq(imc_os_fwd_status(dir, why, sizeof(why)), ATTR_FWD_UNKNOWN);
	cr_assert(strstr(why, "invalid value"));

	cr_assert_eq(imc_os_boot_time(dir, &btime, why, sizeof(why)), NEA_ENOTFOUND);
	imcf_write(dir, "stat", "cpu 1 2\nbtime\n", 14);
	cr_assert_eq(imc_os_boot_time(dir, &btime, why, sizeof(why)), NEA_ENOTFOUND);
	imcf_write(dir, "stat", "cpu 1 2\nbtime 12x\n", 18);
	cr_assert_eq(imc_os_boot_time(dir, &btime, why, sizeof(why)), NEA_EINVAL);
	imcf_write(dir, "stat", "btime -5\n", 9);
	cr_assert_eq(imc_os_boot_time(dir, &btime, why, sizeof(why)), NEA_EINVAL);
	imcf_write(dir, "stat", "btime 1700000000", 16);
	cr_assert_eq(imc_os_boot_time(dir, &btime, why, sizeof(why)), 0);
	cr_assert_eq(btime, 1700000000);
	imcf_rmtree(dir);
}

Test(imc_os_info, machine_id)
{
	char path[4096], id[64];
	size_t n = 0;

	cr_assert_eq(imc_os_machine_id(imcf_path(path, sizeof(path), "debian12/etc/machine-id"), id,
				       sizeof(id), &n),
		     0);
	cr_assert_eq(n, 32);
	cr_assert_str_eq(id, "3d1219c7c4c5404aaa1f6d2a48adfda4");
	/* Cut to the caller's buffer, never beyond. */
	cr_assert_eq(imc_os_machine_id(path, id, 9, &n), 0);
	cr_assert_eq(n, 8);
	cr_assert_str_eq(id, "3d1219c7");
	cr_assert_eq(imc_os_machine_id("/nonexistent/machine-id", id, sizeof(id), &n),
		     NEA_ENOTFOUND);
}

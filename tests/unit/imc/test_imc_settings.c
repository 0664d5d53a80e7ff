/*
 * imc_os_settings: which files an ITA-HSR Get Settings request may read
 * (strongSwan's /etc, /proc, /sys, /var rule, checked again after symlinks
 * and ".." are resolved, process directories excluded) and how much.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imc_file.h"
#include "imc_os_settings.h"
#include "nea_err.h"

static int allowed(const char *name)
{
	char real[PATH_MAX];

	return imc_setting_allowed(name, strlen(name), real, sizeof(real));
}

Test(imc_settings, strongswan_areas_only)
{
	char real[PATH_MAX];

	cr_assert_eq(allowed("/etc/os-release"), 0);
	cr_assert_eq(allowed("/proc/sys/net/ipv4/ip_forward"), 0);
	cr_assert_eq(imc_setting_allowed("/etc/passwd", 11, real, sizeof(real)), 0);
	cr_assert_str_eq(real, "/etc/passwd");
	/* Names must say what they mean: no ".", ".." or empty components. */
	cr_assert_eq(allowed("/etc/../etc/passwd"), NEA_EPERM);
	cr_assert_eq(allowed("/etc/./passwd"), NEA_EPERM);
	cr_assert_eq(allowed("/etc//passwd"), NEA_EPERM);
	/* Android's setting name, relative names, elsewhere. */
	cr_assert_eq(allowed("install_non_market_apps"), NEA_EPERM);
	cr_assert_eq(allowed("etc/os-release"), NEA_EPERM);
	cr_assert_eq(allowed("/root"), NEA_EPERM);
	cr_assert_eq(allowed("/etc/../root"), NEA_EPERM);
	cr_assert_eq(allowed(""), NEA_EPERM);
	cr_assert_eq(imc_setting_allowed("/etc/os-release\0x", 17, real, sizeof(real)), NEA_EPERM);
	cr_assert_eq(allowed("/etc/does-not-exist-nea"), NEA_ENOTFOUND);
}

Test(imc_settings, process_directories_refused)
{
	char pid[64];

	cr_assert_eq(allowed("/proc/self/environ"), NEA_EPERM);
	cr_assert_eq(allowed("/proc/thread-self/environ"), NEA_EPERM);
	cr_assert_eq(allowed("/proc/1/environ"), NEA_EPERM);
	snprintf(pid, sizeof(pid), "/proc/%d/maps", (int)getpid());
	cr_assert_eq(allowed(pid), NEA_EPERM);
	cr_assert_eq(allowed("/proc/self"), NEA_EPERM);
	cr_assert_eq(allowed("/proc/kmsg"), NEA_EPERM);
	cr_assert_eq(allowed("/proc/kcore"), NEA_EPERM);
	/* The socket tables stay readable (/proc/net links to /proc/self/net). */
	cr_assert_eq(allowed("/proc/net/tcp"), 0);
	cr_assert_eq(allowed("/proc/self/net/tcp"), 0);
}

Test(imc_settings, symlinks_judged_by_their_target)
{
	char out[128], in[128];
	int rc_out, rc_in;

	snprintf(out, sizeof(out), "/var/tmp/nea-imc-link-out-%d", (int)getpid());
	snprintf(in, sizeof(in), "/var/tmp/nea-imc-link-in-%d", (int)getpid());
	cr_assert_eq(symlink("/root", out), 0);
	if (symlink("/etc/passwd", in) != 0) {
		unlink(out);
		cr_assert_fail("symlink %s", in);
	}
	rc_out = allowed(out);
	rc_in = allowed(in);
	/* Removed before judging, so a failure leaves nothing behind. */
	unlink(out);
	unlink(in);
	cr_assert_eq(rc_out, NEA_EPERM);
	cr_assert_eq(rc_in, 0);
	/* A system link into /usr is fine (Debian's os-release). */
	if (access("/usr/lib/os-release", R_OK) == 0)
		cr_assert_eq(allowed("/etc/os-release"), 0);
}

Test(imc_settings, value_is_the_file_head)
{
	char real[PATH_MAX], buf[IMC_SETTING_MAX + 16], *whole;
	size_t n, len;

	cr_assert_eq(imc_setting_allowed("/etc/os-release", 15, real, sizeof(real)), 0);
	cr_assert_eq(imc_setting_read(real, buf, sizeof(buf), &n), 0);
	cr_assert_eq(imc_file_read(real, 1u << 20, &whole, &len), 0);
	cr_assert_eq(n, len < IMC_SETTING_MAX ? len : IMC_SETTING_MAX);
	cr_assert_arr_eq(buf, whole, n);
	free(whole);
	/* Never more than the caller's buffer. */
	cr_assert_eq(imc_setting_read(real, buf, 5, &n), 0);
	cr_assert_eq(n, 5);
}

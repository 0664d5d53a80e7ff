/*
 * Test fixture for the configuration readers: a private temporary directory
 * per test and helpers to write files into it. Every helper aborts the test
 * on failure so a broken fixture cannot pass silently.
 */
#ifndef CONF_FIXTURE_H
#define CONF_FIXTURE_H

#include <criterion/criterion.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char fx_dir[256];

static inline void fx_setup(void)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(fx_dir, sizeof(fx_dir), "%s/nea-conf-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	cr_assert_not_null(mkdtemp(fx_dir));
}

static inline void fx_teardown(void)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx_dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", fx_dir);
}

/* Full path of a name inside the fixture directory (static buffer ring). */
static inline const char *fx_path(const char *name)
{
	static char bufs[8][512];
	static int next;
	char *b = bufs[next++ % 8];

	snprintf(b, sizeof(bufs[0]), "%s/%s", fx_dir, name);
	return b;
}

static inline void fx_mkdir(const char *name)
{
	cr_assert_eq(mkdir(fx_path(name), 0700), 0, "mkdir %s", name);
}

static inline const char *fx_write(const char *name, const char *text)
{
	const char *p = fx_path(name);
	FILE *f = fopen(p, "w");

	cr_assert_not_null(f, "cannot create %s", p);
	cr_assert_eq(fwrite(text, 1, strlen(text), f), strlen(text));
	cr_assert_eq(fclose(f), 0);
	return p;
}

#endif

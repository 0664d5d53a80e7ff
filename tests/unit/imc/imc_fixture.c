#include "imc_fixture.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "imc_file.h"

const char *imcf_path(char *buf, size_t size, const char *rel)
{
	const char *src = getenv("NEA_SOURCE_DIR");
	int n;

	cr_assert_not_null(src, "NEA_SOURCE_DIR not set");
	n = snprintf(buf, size, "%s/tests/unit/imc/fixtures/%s", src, rel);
	cr_assert(n > 0 && (size_t)n < size);
	return buf;
}

char *imcf_read(const char *rel, size_t *len)
{
	char path[4096], *buf = NULL;
	int rc;

	rc = imc_file_read(imcf_path(path, sizeof(path), rel), 64u << 20, &buf, len);
	cr_assert_eq(rc, 0, "cannot read %s (%d)", path, rc);
	return buf;
}

void imcf_tmpdir(char *buf, size_t size)
{
	const char *t = getenv("TMPDIR");

	snprintf(buf, size, "%s/nea-imc-test-XXXXXX", t && *t ? t : "/tmp");
	cr_assert_not_null(mkdtemp(buf), "mkdtemp: %s", strerror(errno));
	/* A daemon started as root from a test drops to its own user. */
	cr_assert_eq(chmod(buf, 0755), 0);
}

void imcf_write(const char *dir, const char *rel, const char *text, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	for (char *p = path + strlen(dir) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	cr_assert_eq(fwrite(text, 1, len, f), len);
	fclose(f);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

void imcf_rmtree(const char *dir)
{
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

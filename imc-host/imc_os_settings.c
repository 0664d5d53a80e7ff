/*
 * ITA-HSR Get Settings for the OS IMC; see imc_os_settings.h.
 */
#include "imc_os_settings.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nea_err.h"

static bool below(const char *path, const char *dir)
{
	return strncmp(path, dir, strlen(dir)) == 0;
}

/*
 * /proc/self, /proc/thread-self and /proc/<digits>, except their net/
 * subtree (socket tables the Scanner reports anyway; /proc/net is a link to
 * /proc/self/net).
 */
static bool process_dir(const char *path)
{
	const char *p;

	if (!below(path, "/proc/"))
		return false;
	p = path + 6;
	if (below(p, "self/"))
		p += 5;
	else if (below(p, "thread-self/"))
		p += 12;
	else if (*p >= '0' && *p <= '9') {
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p != '/')
			return true;
		p++;
	} else {
		return strcmp(p, "self") == 0 || strcmp(p, "thread-self") == 0;
	}
	return !below(p, "net/");
}

/* Where a requested name may point: strongSwan's areas. */
static bool allowed_area(const char *path)
{
	static const char *const dirs[] = { "/etc/", "/sys/", "/var/", "/proc/" };
	/* Reading these has effects (kmsg consumes the kernel log) or exposes
	 * memory; a nea-imcd that stayed root must not. */
	static const char *const never[] = { "/proc/kmsg", "/proc/kcore", "/proc/kpage",
					     "/sys/kernel/debug/", "/sys/kernel/tracing/" };

	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
		if (below(path, never[i]))
			return false;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (below(path, dirs[i]))
			return !process_dir(path);
	return false;
}

/* Where it may end up after symlinks: those plus the system's own files
 * (Debian's /etc/os-release is a link to /usr/lib/os-release). */
static bool allowed_target(const char *path)
{
	return allowed_area(path) || below(path, "/usr/");
}

/* No "." or ".." component and no empty one: the name means what it says. */
static bool clean(const char *path)
{
	for (const char *p = path; (p = strchr(p, '/')); p++) {
		const char *c = p + 1;
		size_t n = strcspn(c, "/");

		if ((n == 0 && c[0] == '/') || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
	}
	return true;
}

int imc_setting_allowed(const char *name, size_t len, char *real, size_t real_size)
{
	char given[PATH_MAX], *r;

	if (!len || len >= sizeof(given) || memchr(name, '\0', len) || name[0] != '/')
		return NEA_EPERM;
	memcpy(given, name, len);
	given[len] = '\0';
	if (!clean(given) || !allowed_area(given))
		return NEA_EPERM;
	r = realpath(given, NULL);
	if (!r)
		return errno == ENOENT || errno == ENOTDIR ? NEA_ENOTFOUND : NEA_EIO;
	if (!allowed_target(r) || strlen(r) >= real_size) {
		free(r);
		return NEA_EPERM;
	}
	strcpy(real, r);
	free(r);
	return 0;
}

int imc_setting_read(const char *real, char *buf, size_t size, size_t *n)
{
	size_t want = size < IMC_SETTING_MAX ? size : IMC_SETTING_MAX, have = 0;
	ssize_t r;
	int fd;

	*n = 0;
	/* O_NOFOLLOW: the resolved path must not have become a link since. */
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return errno == ENOENT ? NEA_ENOTFOUND : NEA_EIO;
	while (have < want) {
		r = read(fd, buf + have, want - have);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			return NEA_EIO;
		}
		if (r == 0)
			break;
		have += (size_t)r;
	}
	close(fd);
	*n = have;
	return 0;
}

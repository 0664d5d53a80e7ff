/*
 * Whole-file reads for the collectors; see imc_file.h.
 */
#include "imc_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nea_buf.h"
#include "nea_err.h"

int imc_file_read(const char *path, size_t cap, char **buf, size_t *len)
{
	size_t have = 0, size = 4096, want;
	char *p, *grown;
	ssize_t n;
	int fd, saved;

	*buf = NULL;
	*len = 0;
	if (cap >= SIZE_MAX)
		cap = SIZE_MAX - 1; /* room for the NUL */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ? NEA_ENOTFOUND : NEA_EIO;
	p = malloc(size);
	if (!p) {
		close(fd);
		return NEA_ENOMEM;
	}
	for (;;) {
		size_t room;

		if (have >= cap) {
			/* One more byte tells "exactly cap" from "too big". */
			char probe;

			n = read(fd, &probe, 1);
			if (n < 0 && errno == EINTR)
				continue;
			if (n == 0)
				break;
			free(p);
			close(fd);
			return n < 0 ? NEA_EIO : NEA_ETOOBIG;
		}
		if (have + 1 >= size) {
			/* Grow by doubling, never beyond cap + 1 (the NUL). */
			if (!nea_mul_size(size, 2, &want) || want > cap + 1)
				want = cap + 1;
			grown = realloc(p, want);
			if (!grown) {
				free(p);
				close(fd);
				return NEA_ENOMEM;
			}
			p = grown;
			size = want;
		}
		room = (size - 1 < cap ? size - 1 : cap) - have;
		n = read(fd, p + have, room);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			saved = errno;
			free(p);
			close(fd);
			errno = saved;
			return NEA_EIO;
		}
		if (n == 0)
			break;
		have += (size_t)n;
	}
	close(fd);
	p[have] = '\0';
	*buf = p;
	*len = have;
	return 0;
}

int imc_file_join(char *out, size_t size, const char *dir, const char *rel)
{
	size_t dl = strlen(dir);
	int n;

	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	while (*rel == '/')
		rel++;
	n = snprintf(out, size, "%.*s/%s", (int)dl, dir, rel);
	if (n < 0 || (size_t)n >= size)
		return NEA_ETOOBIG;
	return 0;
}

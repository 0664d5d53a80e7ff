/* Growing text buffer for command output (see pdb_strbuf.h). */
#include "pdb_strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool reserve(pdb_sb_t *sb, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (sb->oom)
		return false;
	if (extra > (size_t)-1 - sb->len - 1)
		goto oom;
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return true;
	ncap = sb->cap ? sb->cap : 256;
	while (ncap < need) {
		if (ncap > (size_t)-1 / 2)
			goto oom;
		ncap *= 2;
	}
	p = realloc(sb->p, ncap);
	if (!p)
		goto oom;
	sb->p = p;
	sb->cap = ncap;
	return true;
oom:
	sb->oom = true;
	return false;
}

void pdb_sb_printf(pdb_sb_t *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		sb->oom = true;
		return;
	}
	if (!reserve(sb, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(sb->p + sb->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	sb->len += (size_t)n;
}

void pdb_sb_puts(pdb_sb_t *sb, const char *s)
{
	size_t n = strlen(s);

	if (!reserve(sb, n))
		return;
	memcpy(sb->p + sb->len, s, n + 1);
	sb->len += n;
}

char *pdb_sb_take(pdb_sb_t *sb)
{
	char *p;

	if (sb->oom) {
		pdb_sb_free(sb);
		return NULL;
	}
	if (!sb->p && !reserve(sb, 0)) {
		pdb_sb_free(sb);
		return NULL;
	}
	sb->p[sb->len] = '\0';
	p = sb->p;
	memset(sb, 0, sizeof(*sb));
	return p;
}

void pdb_sb_free(pdb_sb_t *sb)
{
	free(sb->p);
	memset(sb, 0, sizeof(*sb));
}

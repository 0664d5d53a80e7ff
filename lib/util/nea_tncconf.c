/*
 * nea_tncconf: line parser for tnc_config; the contract is in the header.
 * Each line is scanned within [start, end) of the buffer, so no byte past
 * the text is ever read.
 */
#include "nea_tncconf.h"
#include "nea_buf.h"
#include "nea_err.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TNC_MAX_FILE (1024u * 1024u)
#define TNC_MAX_NAME 255

typedef struct {
	const char *file;
	char *err;
	size_t errlen;
} tnc_ctx_t;

static int tnc_fail(const tnc_ctx_t *x, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int tnc_fail(const tnc_ctx_t *x, unsigned line, const char *fmt, ...)
{
	char msg[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (x->err && x->errlen)
		snprintf(x->err, x->errlen, "%s:%u: %s", x->file, line, msg);
	return NEA_ECONFIG;
}

static bool blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

const char *nea_tnc_kind_name(nea_tnc_kind_t kind)
{
	return kind == NEA_TNC_IMC ? "IMC" : "IMV";
}

void nea_tncconf_free(nea_tncconf_t *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->count; i++) {
		free(t->entries[i].path);
		free(t->entries[i].name);
	}
	free(t->entries);
	free(t->source);
	free(t);
}

const nea_tnc_entry_t *nea_tncconf_find(const nea_tncconf_t *t, nea_tnc_kind_t kind,
					const char *name)
{
	if (!t || !name)
		return NULL;
	for (size_t i = 0; i < t->count; i++)
		if (t->entries[i].kind == kind && strcmp(t->entries[i].name, name) == 0)
			return &t->entries[i];
	return NULL;
}

size_t nea_tncconf_count(const nea_tncconf_t *t, nea_tnc_kind_t kind)
{
	size_t n = 0;

	for (size_t i = 0; t && i < t->count; i++)
		n += t->entries[i].kind == kind;
	return n;
}

static int add_entry(nea_tncconf_t *t, size_t *cap, nea_tnc_kind_t kind, const char *name,
		     size_t nlen, const char *path, size_t plen, unsigned line)
{
	nea_tnc_entry_t *e;

	if (t->count == *cap) {
		size_t ncap, bytes;

		if (!nea_mul_size(*cap ? *cap : 4, 2, &ncap) ||
		    !nea_mul_size(ncap, sizeof(*e), &bytes))
			return NEA_ENOMEM;
		e = realloc(t->entries, bytes);
		if (!e)
			return NEA_ENOMEM;
		t->entries = e;
		*cap = ncap;
	}
	e = &t->entries[t->count];
	e->kind = kind;
	e->line = line;
	e->name = strndup(name, nlen);
	if (!e->name)
		return NEA_ENOMEM;
	e->path = strndup(path, plen);
	if (!e->path) {
		free(e->name);
		return NEA_ENOMEM;
	}
	t->count++;
	return 0;
}

/* One non-comment line [p, end). */
static int parse_line(const tnc_ctx_t *x, nea_tncconf_t *t, size_t *cap, const char *p,
		      const char *end, unsigned line)
{
	const char *kw = p, *name, *path;
	size_t kwlen, nlen, plen;
	nea_tnc_kind_t kind;

	while (p < end && !blank(*p))
		p++;
	kwlen = (size_t)(p - kw);
	if (kwlen == 3 && memcmp(kw, "IMC", 3) == 0)
		kind = NEA_TNC_IMC;
	else if (kwlen == 3 && memcmp(kw, "IMV", 3) == 0)
		kind = NEA_TNC_IMV;
	else
		return tnc_fail(x, line, "unknown keyword '%.*s' (expected IMC or IMV)",
				(int)(kwlen > 32 ? 32 : kwlen), kw);
	while (p < end && blank(*p))
		p++;
	if (p == end || *p != '"')
		return tnc_fail(x, line, "%s name must be set in double quotes",
				nea_tnc_kind_name(kind));
	name = ++p;
	while (p < end && *p != '"')
		p++;
	if (p == end)
		return tnc_fail(x, line, "%s name lacks its closing quote", nea_tnc_kind_name(kind));
	nlen = (size_t)(p - name);
	p++;
	if (nlen == 0)
		return tnc_fail(x, line, "%s name is empty", nea_tnc_kind_name(kind));
	if (nlen > TNC_MAX_NAME)
		return tnc_fail(x, line, "%s name longer than %d bytes", nea_tnc_kind_name(kind),
				TNC_MAX_NAME);
	for (size_t i = 0; i < nlen; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return tnc_fail(x, line, "%s name holds a control character",
					nea_tnc_kind_name(kind));
	if (p < end && !blank(*p))
		return tnc_fail(x, line, "blank expected after the %s name", nea_tnc_kind_name(kind));
	while (p < end && blank(*p))
		p++;
	if (p == end || *p == '#')
		return tnc_fail(x, line, "%s \"%.*s\" has no path", nea_tnc_kind_name(kind),
				(int)nlen, name);
	path = p;
	while (p < end && !blank(*p))
		p++;
	plen = (size_t)(p - path);
	if (plen > PATH_MAX)
		return tnc_fail(x, line, "path longer than %d bytes", PATH_MAX);
	while (p < end && blank(*p))
		p++;
	if (p < end && *p != '#')
		return tnc_fail(x, line, "unexpected text after the path");

	for (size_t i = 0; i < t->count; i++) {
		const nea_tnc_entry_t *e = &t->entries[i];

		if (e->kind == kind && strlen(e->name) == nlen && memcmp(e->name, name, nlen) == 0)
			return tnc_fail(x, line, "%s \"%s\" is already listed at line %u",
					nea_tnc_kind_name(kind), e->name, e->line);
	}
	if (add_entry(t, cap, kind, name, nlen, path, plen, line) != 0) {
		if (x->err && x->errlen)
			snprintf(x->err, x->errlen, "%s:%u: out of memory", x->file, line);
		return NEA_ENOMEM;
	}
	return 0;
}

int nea_tncconf_load_buffer(const char *text, size_t len, const char *name, nea_tncconf_t **out,
			    char *err, size_t errlen)
{
	tnc_ctx_t x = { .file = name ? name : "<string>", .err = err, .errlen = errlen };
	const char *p = text ? text : "", *end;
	nea_tncconf_t *t;
	unsigned line = 0;
	size_t cap = 0;
	int rc = 0;

	*out = NULL;
	if (!text)
		len = 0;
	if (err && errlen)
		err[0] = '\0';
	if (len > TNC_MAX_FILE)
		return tnc_fail(&x, 0, "file larger than 1 MiB");
	end = p + len;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NEA_ENOMEM;
	t->source = strdup(x.file);
	if (!t->source) {
		rc = NEA_ENOMEM;
		goto out;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end, *q = p;

		line++;
		if (memchr(p, '\0', (size_t)(eol - p))) {
			rc = tnc_fail(&x, line, "NUL byte in line");
			goto out;
		}
		while (q < eol && blank(*q))
			q++;
		if (q < eol && *q != '#') {
			rc = parse_line(&x, t, &cap, q, eol, line);
			if (rc != 0)
				goto out;
		}
		p = nl ? nl + 1 : end;
	}
out:
	if (rc != 0) {
		nea_tncconf_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int nea_tncconf_load_file(const char *path, nea_tncconf_t **out, char *err, size_t errlen)
{
	char *buf = NULL;
	size_t n = 0;
	struct stat st;
	int fd, rc;

	*out = NULL;
	if (!path)
		return NEA_ECONFIG;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		rc = errno == ENOENT ? NEA_ENOTFOUND : NEA_ECONFIG;
		if (err && errlen)
			snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return rc;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)TNC_MAX_FILE) {
		if (err && errlen)
			snprintf(err, errlen, "%s: cannot read: not a regular file of at most 1 MiB",
				 path);
		close(fd);
		return NEA_ECONFIG;
	}
	/* One byte more than the limit tells a file that grew meanwhile. */
	buf = malloc(TNC_MAX_FILE + 1);
	if (!buf) {
		close(fd);
		return NEA_ENOMEM;
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, TNC_MAX_FILE + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			if (err && errlen)
				snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
			free(buf);
			close(fd);
			return NEA_ECONFIG;
		}
		if (r == 0 || (n += (size_t)r) > TNC_MAX_FILE)
			break;
	}
	close(fd);
	rc = nea_tncconf_load_buffer(buf, n, path, out, err, errlen);
	free(buf);
	return rc;
}

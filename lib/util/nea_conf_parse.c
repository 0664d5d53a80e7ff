/*
 * nea_conf_parse: lexer, parser and include handling for strongswan.conf
 * syntax. The grammar follows strongSwan's settings parser:
 *
 *   statement := NAME '{' statement* '}'          (NAME, newlines, '{' too)
 *              | NAME '=' valuepart*               (to newline, '#' or '}')
 *              | "include" blank pattern
 *   NAME      := run of bytes other than # { } = " CR LF TAB SP
 *   valuepart := run of bytes other than # } " CR LF TAB SP | "quoted"
 *
 * Value parts are joined by single blanks; quoted strings know \n \r \t,
 * backslash-newline joins lines, any other escaped byte stands for itself.
 * Unlike strongSwan, an included file must balance its own braces (it is
 * parsed as a unit into the section that holds the include line) and the
 * parse stops at the first error instead of logging and going on.
 *
 * Every loop advances through a buffer of known length; nesting is bounded
 * by fixed arrays (NEA_CONF_MAX_DEPTH) and includes by CONF_MAX_INCLUDE and
 * CONF_MAX_FILES, so hostile input costs time linear in its size (times
 * the include fan-out) and never recursion without bound.
 */
#include "nea_conf.h"
#include "nea_conf_tree.h"
#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONF_MAX_FILE (16u * 1024u * 1024u)
#define CONF_MAX_INCLUDE 16
#define CONF_MAX_FILES 1024
/* How much of a name or pattern an error message quotes. */
#define CONF_QUOTE_MAX 64

typedef struct {
	nea_conf_t *conf;
	unsigned flags;
	char *err;
	size_t errlen;
	size_t nfiles;
	/* Canonical paths of the files being parsed, outermost first (NULL for
	 * text given as a string): an include of one of them is a loop. */
	char *stack[CONF_MAX_INCLUDE + 1];
	size_t nstack;
} conf_pctx_t;

typedef struct {
	conf_pctx_t *pc;
	const char *file;
	const char *buf;
	size_t len, pos;
	unsigned line;
} conf_lex_t;

enum { T_EOF, T_NL, T_LBRACE, T_RBRACE, T_EQ, T_QUOTE, T_NAME };

static void set_err(conf_pctx_t *pc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(conf_pctx_t *pc, const char *fmt, ...)
{
	va_list ap;

	if (!pc->err || pc->errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(pc->err, pc->errlen, fmt, ap);
	va_end(ap);
}

static int fail(conf_lex_t *L, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(conf_lex_t *L, unsigned line, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	set_err(L->pc, "%s:%u: %s", L->file, line, msg);
	return NEA_ECONFIG;
}

static int nomem(conf_lex_t *L)
{
	set_err(L->pc, "%s:%u: out of memory", L->file, L->line);
	return NEA_ENOMEM;
}

static int quote_len(size_t len)
{
	return (int)(len < CONF_QUOTE_MAX ? len : CONF_QUOTE_MAX);
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

static bool is_name_char(char ch)
{
	switch (ch) {
	case '#': case '{': case '}': case '=': case '"':
	case '\r': case '\n': case '\t': case ' ':
		return false;
	default:
		return true;
	}
}

/* A value may also hold '{' and '='. */
static bool is_value_char(char ch)
{
	return ch == '{' || ch == '=' || is_name_char(ch);
}

static void skip_blanks(conf_lex_t *L)
{
	while (L->pos < L->len && is_blank(L->buf[L->pos]))
		L->pos++;
}

static void skip_comment(conf_lex_t *L)
{
	const char *nl = memchr(L->buf + L->pos, '\n', L->len - L->pos);

	L->pos = nl ? (size_t)(nl - L->buf) : L->len;
}

static int next_token(conf_lex_t *L, const char **name, size_t *nlen)
{
	for (;;) {
		char ch;

		skip_blanks(L);
		if (L->pos >= L->len)
			return T_EOF;
		ch = L->buf[L->pos];
		switch (ch) {
		case '#':
			skip_comment(L);
			continue;
		case '\n':
			L->pos++;
			L->line++;
			return T_NL;
		case '{':
			L->pos++;
			return T_LBRACE;
		case '}':
			L->pos++;
			return T_RBRACE;
		case '=':
			L->pos++;
			return T_EQ;
		case '"':
			return T_QUOTE;
		default:
			*name = L->buf + L->pos;
			while (L->pos < L->len && is_name_char(L->buf[L->pos]))
				L->pos++;
			*nlen = (size_t)(L->buf + L->pos - *name);
			return T_NAME;
		}
	}
}

/* At an opening quote: append the unescaped string to w. */
static int read_quoted(conf_lex_t *L, nea_wr_t *w)
{
	unsigned start = L->line;

	L->pos++;
	for (;;) {
		char ch;

		if (L->pos >= L->len)
			return fail(L, start, "unterminated quoted string");
		ch = L->buf[L->pos++];
		if (ch == '"')
			break;
		if (ch == '\r')
			continue;
		if (ch == '\n') {
			L->line++;
		} else if (ch == '\\') {
			if (L->pos >= L->len)
				return fail(L, start, "unterminated quoted string");
			ch = L->buf[L->pos++];
			switch (ch) {
			case 'n': ch = '\n'; break;
			case 'r': ch = '\r'; break;
			case 't': ch = '\t'; break;
			case '\n':
				L->line++;
				continue;
			case '\r':
				if (L->pos < L->len && L->buf[L->pos] == '\n') {
					L->pos++;
					L->line++;
					continue;
				}
				break;
			default:
				break;
			}
		}
		nea_wr_u8(w, (uint8_t)ch);
	}
	return nea_wr_error(w) ? nomem(L) : 0;
}

/* Finish w as a C string handed to the caller. */
static int take_string(conf_lex_t *L, nea_wr_t *w, char **out)
{
	size_t n;

	nea_wr_u8(w, 0);
	if (nea_wr_error(w)) {
		nea_wr_free(w);
		return nomem(L);
	}
	*out = (char *)nea_wr_detach(w, &n);
	return 0;
}

/* After '=': the value up to newline, '#' or '}' (not consumed); NULL for
 * an empty value. */
static int read_value(conf_lex_t *L, char **out)
{
	bool any = false;
	nea_wr_t w;
	int rc;

	*out = NULL;
	nea_wr_init(&w, 0);
	for (;;) {
		char ch;

		skip_blanks(L);
		if (L->pos >= L->len)
			break;
		ch = L->buf[L->pos];
		if (ch == '\n' || ch == '#' || ch == '}')
			break;
		if (any)
			nea_wr_u8(&w, ' ');
		any = true;
		if (ch == '"') {
			rc = read_quoted(L, &w);
			if (rc != 0) {
				nea_wr_free(&w);
				return rc;
			}
		} else {
			size_t start = L->pos;

			while (L->pos < L->len && is_value_char(L->buf[L->pos]))
				L->pos++;
			nea_wr_bytes(&w, L->buf + start, L->pos - start);
		}
	}
	if (!any) {
		nea_wr_free(&w);
		return 0;
	}
	return take_string(L, &w, out);
}

/* After "include" and a blank: the pattern, unquoted (backslash escapes
 * '"', '#', '}' and blank) or quoted, or a mix ending at the closing quote. */
static int read_pattern(conf_lex_t *L, char **out)
{
	nea_wr_t w;
	int rc;

	nea_wr_init(&w, PATH_MAX);
	skip_blanks(L);
	while (L->pos < L->len) {
		char ch = L->buf[L->pos];

		if (ch == '\n' || ch == '#' || ch == '}' || ch == ' ' || ch == '\t')
			break;
		if (ch == '\r') {
			L->pos++;
			continue;
		}
		if (ch == '"') {
			rc = read_quoted(L, &w);
			if (rc != 0) {
				nea_wr_free(&w);
				return rc;
			}
			break;
		}
		if (ch == '\\' && L->pos + 1 < L->len && strchr("\"#} ", L->buf[L->pos + 1]) &&
		    L->buf[L->pos + 1] != '\0') {
			L->pos++;
			ch = L->buf[L->pos];
		}
		nea_wr_u8(&w, (uint8_t)ch);
		L->pos++;
	}
	if (nea_wr_error(&w) == NEA_ETOOBIG) {
		nea_wr_free(&w);
		return fail(L, L->line, "include pattern longer than %d bytes", PATH_MAX);
	}
	return take_string(L, &w, out);
}

/* Reads a whole regular file of at most CONF_MAX_FILE bytes. On failure
 * returns a reason for the error message. */
static const char *read_file(const char *path, char **buf, size_t *len)
{
	size_t cap = 0, n = 0;
	const char *why = NULL;
	struct stat st;
	char *p = NULL;
	int fd;

	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO matched by a glob must not hang the reader; it is
	 * refused below as not a regular file. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return strerror(errno);
	if (fstat(fd, &st) != 0) {
		why = strerror(errno);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		why = "not a regular file";
		goto out;
	}
	if (st.st_size > (off_t)CONF_MAX_FILE) {
		why = "file larger than 16 MiB";
		goto out;
	}
	cap = (size_t)st.st_size + 1;
	p = malloc(cap);
	if (!p) {
		why = "out of memory";
		goto out;
	}
	/* The file may change under us: read to EOF, within the limit. */
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *q;

			if (cap > CONF_MAX_FILE) {
				why = "file larger than 16 MiB";
				goto out;
			}
			cap = cap * 2 > (size_t)CONF_MAX_FILE + 1 ? (size_t)CONF_MAX_FILE + 1 : cap * 2;
			q = realloc(p, cap);
			if (!q) {
				why = "out of memory";
				goto out;
			}
			p = q;
		}
		r = read(fd, p + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			why = strerror(errno);
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > CONF_MAX_FILE) {
		why = "file larger than 16 MiB";
		goto out;
	}
	*buf = p;
	*len = n;
	p = NULL;
out:
	free(p);
	close(fd);
	return why;
}

static int parse_buffer(conf_pctx_t *pc, const char *file, const char *buf, size_t len,
			nea_conf_section_t *into, unsigned depth);

/* One file matched by an include pattern. */
static int include_file(conf_lex_t *L, const char *path, unsigned line,
			nea_conf_section_t *into, unsigned depth)
{
	conf_pctx_t *pc = L->pc;
	const char *why, *name;
	char *real, *buf;
	size_t len;
	int rc;

	if (pc->nstack > CONF_MAX_INCLUDE)
		return fail(L, line, "includes nested deeper than %d", CONF_MAX_INCLUDE);
	if (++pc->nfiles > CONF_MAX_FILES)
		return fail(L, line, "more than %d files included", CONF_MAX_FILES);
	real = realpath(path, NULL);
	if (!real)
		return fail(L, line, "cannot read included file '%s': %s", path, strerror(errno));
	for (size_t i = 0; i < pc->nstack; i++) {
		if (pc->stack[i] && strcmp(pc->stack[i], real) == 0) {
			free(real);
			return fail(L, line, "include loop: '%s' is already being read", path);
		}
	}
	why = read_file(path, &buf, &len);
	if (why) {
		free(real);
		return fail(L, line, "cannot read included file '%s': %s", path, why);
	}
	name = conf_intern_file(pc->conf, path);
	if (!name) {
		free(buf);
		free(real);
		return nomem(L);
	}
	pc->stack[pc->nstack++] = real;
	rc = parse_buffer(pc, name, buf, len, into, depth);
	pc->stack[--pc->nstack] = NULL;
	free(buf);
	free(real);
	return rc;
}

static int do_include(conf_lex_t *L, const char *pattern, unsigned line,
		      nea_conf_section_t *into, unsigned depth)
{
	const char *slash;
	char *full;
	size_t size;
	glob_t g;
	int rc = 0, grc;

	if (L->pc->flags & NEA_CONF_NO_INCLUDE)
		return fail(L, line, "include is not allowed here");
	/* Relative patterns are based on the including file's directory. */
	slash = strrchr(L->file, '/');
	if (!nea_add_size(strlen(L->file), strlen(pattern), &size) || !nea_add_size(size, 3, &size))
		return nomem(L);
	full = malloc(size);
	if (!full)
		return nomem(L);
	if (pattern[0] == '/')
		snprintf(full, size, "%s", pattern);
	else if (!slash)
		snprintf(full, size, "./%s", pattern);
	else
		snprintf(full, size, "%.*s/%s", (int)(slash - L->file), L->file, pattern);

	grc = glob(full, GLOB_MARK, NULL, &g);
	if (grc == GLOB_NOMATCH) {
		NLOG(CFG, 2, "%s:%u: no files match '%s'", L->file, line, full);
		free(full);
		return 0;
	}
	if (grc == GLOB_NOSPACE) {
		free(full);
		return nomem(L);
	}
	if (grc != 0) {
		rc = fail(L, line, "cannot expand include pattern '%s'", full);
		free(full);
		return rc;
	}
	for (size_t i = 0; i < g.gl_pathc && rc == 0; i++) {
		const char *path = g.gl_pathv[i];
		size_t plen = strlen(path);

		/* GLOB_MARK: directories matched by a wildcard are skipped. */
		if (plen > 0 && path[plen - 1] == '/')
			continue;
		rc = include_file(L, path, line, into, depth);
	}
	globfree(&g);
	free(full);
	return rc;
}

/* After NAME: '=' or '{' (possibly after newlines), consumed; 0 if neither. */
static int after_name(conf_lex_t *L)
{
	skip_blanks(L);
	if (L->pos < L->len && L->buf[L->pos] == '=') {
		L->pos++;
		return '=';
	}
	while (L->pos < L->len) {
		char ch = L->buf[L->pos];

		if (is_blank(ch)) {
			L->pos++;
		} else if (ch == '#') {
			skip_comment(L);
		} else if (ch == '\n') {
			L->pos++;
			L->line++;
		} else if (ch == '{') {
			L->pos++;
			return '{';
		} else {
			break;
		}
	}
	return 0;
}

/* "include" starts a directive when a blank follows and the next thing on
 * the line is neither '=' nor '{' (then it is an ordinary name). */
static bool is_include(conf_lex_t *L, const char *name, size_t nlen)
{
	size_t p = L->pos;

	if (nlen != 7 || memcmp(name, "include", 7) != 0)
		return false;
	if (p >= L->len || (L->buf[p] != ' ' && L->buf[p] != '\t'))
		return false;
	while (p < L->len && is_blank(L->buf[p]))
		p++;
	return p >= L->len || (L->buf[p] != '=' && L->buf[p] != '{');
}

typedef struct {
	unsigned levels; /* sections this '{' opened (a.b.c opens three) */
	unsigned line;
	const char *name;
	size_t nlen;
} conf_frame_t;

static int check_components(conf_lex_t *L, unsigned line, const char *name, size_t nlen,
			    size_t *count)
{
	size_t n = 1;

	for (size_t i = 0; i < nlen; i++) {
		if (name[i] != '.')
			continue;
		if (i == 0 || i + 1 == nlen || name[i + 1] == '.')
			return fail(L, line, "empty name component in '%.*s'", quote_len(nlen), name);
		n++;
	}
	*count = n;
	return 0;
}

static int parse_buffer(conf_pctx_t *pc, const char *file, const char *buf, size_t len,
			nea_conf_section_t *into, unsigned depth)
{
	conf_lex_t L = { .pc = pc, .file = file, .buf = buf, .len = len, .pos = 0, .line = 1 };
	nea_conf_section_t *path[NEA_CONF_MAX_DEPTH + 1];
	conf_frame_t frames[NEA_CONF_MAX_DEPTH];
	size_t npath = 1, nframes = 0;
	const char *nul;
	int rc;

	if (len > CONF_MAX_FILE)
		return fail(&L, 0, "text larger than 16 MiB");
	nul = memchr(buf, '\0', len);
	if (nul) {
		unsigned line = 1;

		for (const char *p = buf; p < nul; p++)
			line += *p == '\n';
		return fail(&L, line, "NUL byte in configuration text");
	}
	path[0] = into;
	for (;;) {
		const char *name = NULL;
		size_t nlen = 0, ncomp = 0;
		unsigned line = L.line;
		int tok = next_token(&L, &name, &nlen);

		switch (tok) {
		case T_EOF:
			if (nframes > 0) {
				const conf_frame_t *f = &frames[nframes - 1];

				return fail(&L, f->line, "section '%.*s' is not closed",
					    quote_len(f->nlen), f->name);
			}
			return 0;
		case T_NL:
			continue;
		case T_RBRACE:
			if (nframes == 0)
				return fail(&L, line, "'}' without an open section");
			npath -= frames[--nframes].levels;
			continue;
		case T_LBRACE:
			return fail(&L, line, "'{' without a section name");
		case T_EQ:
			return fail(&L, line, "'=' without a key name");
		case T_QUOTE:
			return fail(&L, line, "quoted string where a name was expected");
		default:
			break;
		}

		if (is_include(&L, name, nlen)) {
			char *pattern = NULL;

			rc = read_pattern(&L, &pattern);
			if (rc != 0)
				return rc;
			if (pattern[0] == '\0') {
				free(pattern);
				return fail(&L, line, "include needs a file pattern");
			}
			rc = do_include(&L, pattern, line, path[npath - 1],
					depth + (unsigned)(npath - 1));
			free(pattern);
			if (rc != 0)
				return rc;
			continue;
		}

		rc = check_components(&L, line, name, nlen, &ncomp);
		if (rc != 0)
			return rc;
		switch (after_name(&L)) {
		case '{': {
			const char *p = name, *end = name + nlen;

			if (depth + (npath - 1) + ncomp > NEA_CONF_MAX_DEPTH)
				return fail(&L, line, "sections nested deeper than %d",
					    NEA_CONF_MAX_DEPTH);
			while (p < end) {
				const char *dot = memchr(p, '.', (size_t)(end - p));
				size_t clen = dot ? (size_t)(dot - p) : (size_t)(end - p);

				rc = conf_sub_get(path[npath - 1], p, clen, file, line, &path[npath]);
				if (rc != 0)
					return nomem(&L);
				npath++;
				p += clen + (dot ? 1 : 0);
			}
			frames[nframes++] = (conf_frame_t){ .levels = (unsigned)ncomp, .line = line,
							    .name = name, .nlen = nlen };
			continue;
		}
		case '=': {
			nea_conf_section_t *s = path[npath - 1];
			const char *p = name, *end = name + nlen;
			char *value;

			if (depth + (npath - 1) + (ncomp - 1) > NEA_CONF_MAX_DEPTH)
				return fail(&L, line, "sections nested deeper than %d",
					    NEA_CONF_MAX_DEPTH);
			rc = read_value(&L, &value);
			if (rc != 0)
				return rc;
			for (;;) {
				const char *dot = memchr(p, '.', (size_t)(end - p));

				if (!dot)
					break;
				rc = conf_sub_get(s, p, (size_t)(dot - p), file, line, &s);
				if (rc != 0) {
					free(value);
					return nomem(&L);
				}
				p = dot + 1;
			}
			if (conf_kv_set(s, p, (size_t)(end - p), value, file, line) != 0)
				return nomem(&L);
			continue;
		}
		default:
			return fail(&L, line, "expected '=' or '{' after '%.*s'", quote_len(nlen),
				    name);
		}
	}
}

static int load(const char *text, size_t len, const char *name, char *real, unsigned flags,
		nea_conf_t **out, char *err, size_t errlen)
{
	conf_pctx_t pc = { .flags = flags, .err = err, .errlen = errlen };
	const char *file;
	int rc;

	*out = NULL;
	if (err && errlen)
		err[0] = '\0';
	pc.conf = conf_new(name);
	if (!pc.conf) {
		set_err(&pc, "%s: out of memory", name);
		free(real);
		return NEA_ENOMEM;
	}
	file = conf_intern_file(pc.conf, name);
	if (!file) {
		set_err(&pc, "%s: out of memory", name);
		free(real);
		nea_conf_free(pc.conf);
		return NEA_ENOMEM;
	}
	pc.nfiles = 1;
	pc.stack[pc.nstack++] = real;
	rc = parse_buffer(&pc, file, text, len, pc.conf->root, 0);
	free(real);
	if (rc != 0) {
		nea_conf_free(pc.conf);
		return rc;
	}
	*out = pc.conf;
	return 0;
}

int nea_conf_load_buffer(const char *text, size_t len, const char *name, unsigned flags,
			 nea_conf_t **out, char *err, size_t errlen)
{
	if (!text)
		len = 0;
	return load(text ? text : "", len, name ? name : "<string>", NULL, flags, out, err,
		    errlen);
}

int nea_conf_load_string(const char *text, const char *name, nea_conf_t **out, char *err,
			 size_t errlen)
{
	return nea_conf_load_buffer(text, text ? strlen(text) : 0, name, 0, out, err, errlen);
}

int nea_conf_load_file(const char *path, nea_conf_t **out, char *err, size_t errlen)
{
	const char *why;
	char *buf, *real;
	size_t len;
	int rc;

	*out = NULL;
	if (!path) {
		if (err && errlen)
			snprintf(err, errlen, "no configuration file given");
		return NEA_ECONFIG;
	}
	why = read_file(path, &buf, &len);
	if (why) {
		bool missing = access(path, F_OK) != 0 && errno == ENOENT;

		if (err && errlen)
			snprintf(err, errlen, "%s: cannot read: %s", path, why);
		return missing ? NEA_ENOTFOUND : NEA_ECONFIG;
	}
	real = realpath(path, NULL);
	rc = load(buf, len, path, real, 0, out, err, errlen);
	free(buf);
	return rc;
}

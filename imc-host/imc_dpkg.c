/*
 * dpkg status database reader; see imc_dpkg.h.
 */
#include "imc_dpkg.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "nea_buf.h"
#include "nea_err.h"

/* The fields of one paragraph that matter, as views into the text. */
typedef struct {
	const char *package, *version, *status, *arch;
	size_t package_len, version_len, status_len, arch_len;
} para_t;

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
}

static bool field_is(const char *line, size_t name_len, const char *want)
{
	return strlen(want) == name_len && strncasecmp(line, want, name_len) == 0;
}

/* A header line "Name: value": remember the value of the fields we use. */
static void take_field(para_t *p, const char *line, size_t n)
{
	const char *colon = memchr(line, ':', n), *v;
	size_t name_len, vn;

	if (!colon)
		return;
	name_len = (size_t)(colon - line);
	v = colon + 1;
	vn = n - name_len - 1;
	trim(&v, &vn);
	if (field_is(line, name_len, "Package")) {
		p->package = v;
		p->package_len = vn;
	} else if (field_is(line, name_len, "Version")) {
		p->version = v;
		p->version_len = vn;
	} else if (field_is(line, name_len, "Status")) {
		p->status = v;
		p->status_len = vn;
	} else if (field_is(line, name_len, "Architecture")) {
		p->arch = v;
		p->arch_len = vn;
	}
}

static bool wire_ok(const char *s, size_t n)
{
	return n <= 255 && !memchr(s, '\0', n);
}

/* The third word of "want flag status" ("install ok installed"). */
static bool not_installed(const char *st, size_t n)
{
	static const char word[] = "not-installed";
	size_t i = 0, start;

	for (int w = 0; w < 2; w++) {
		while (i < n && !is_blank(st[i]))
			i++;
		while (i < n && is_blank(st[i]))
			i++;
	}
	start = i;
	while (i < n && !is_blank(st[i]))
		i++;
	return i - start == sizeof(word) - 1 && memcmp(st + start, word, i - start) == 0;
}

static int add_pkg(imc_pkgs_t *out, const para_t *p)
{
	imc_pkg_t *np;
	size_t cap, bytes;

	out->paragraphs++;
	if (!p->package || !p->package_len) {
		out->malformed++;
		return 0;
	}
	/* dpkg-query --show lists every package dpkg knows except purged ones. */
	if (!p->status || !p->status_len || not_installed(p->status, p->status_len)) {
		out->skipped++;
		return 0;
	}
	if (!wire_ok(p->package, p->package_len) ||
	    (p->version && !wire_ok(p->version, p->version_len))) {
		out->unusable++;
		return 0;
	}
	if (out->count == out->cap) {
		if (!nea_mul_size(out->cap ? out->cap : 64, 2, &cap) ||
		    !nea_mul_size(cap, sizeof(*np), &bytes))
			return NEA_ENOMEM;
		np = realloc(out->pkgs, bytes);
		if (!np)
			return NEA_ENOMEM;
		out->pkgs = np;
		out->cap = cap;
	}
	/* Without a Version field dpkg-query prints an empty version. */
	out->pkgs[out->count++] = (imc_pkg_t){ p->package, p->package_len,
					       p->version ? p->version : "",
					       p->version ? p->version_len : 0,
					       p->arch ? p->arch : "", p->arch ? p->arch_len : 0 };
	return 0;
}

static int bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	if (c)
		return c;
	return (an > bn) - (an < bn);
}

static int pkg_cmp(const void *x, const void *y)
{
	const imc_pkg_t *a = x, *b = y;
	int c = bytes_cmp(a->name, a->name_len, b->name, b->name_len);

	if (c)
		return c;
	c = bytes_cmp(a->arch, a->arch_len, b->arch, b->arch_len);
	if (c)
		return c;
	/* Same name and architecture twice in a damaged file: keep file order. */
	return (a->name > b->name) - (a->name < b->name);
}

int imc_dpkg_parse(const char *text, size_t len, imc_pkgs_t *out)
{
	const char *p = text, *end = text + len, *nl;
	para_t para;
	bool in_para = false;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&para, 0, sizeof(para));
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		n = (size_t)(nl - p);
		{
			const char *t = p;
			size_t tn = n;

			trim(&t, &tn);
			if (tn == 0) {
				/* A blank line ends the paragraph. */
				if (in_para) {
					rc = add_pkg(out, &para);
					if (rc < 0)
						goto fail;
				}
				memset(&para, 0, sizeof(para));
				in_para = false;
			} else if (!is_blank(*p)) {
				in_para = true;
				take_field(&para, p, n);
			}
			/* else: continuation of a multi-line field we do not use */
		}
		p = nl < end ? nl + 1 : end;
	}
	if (in_para) {
		rc = add_pkg(out, &para);
		if (rc < 0)
			goto fail;
	}
	if (out->count > 1)
		qsort(out->pkgs, out->count, sizeof(*out->pkgs), pkg_cmp);
	return 0;
fail:
	imc_pkgs_free(out);
	return rc;
}

void imc_pkgs_free(imc_pkgs_t *pkgs)
{
	free(pkgs->pkgs);
	memset(pkgs, 0, sizeof(*pkgs));
}

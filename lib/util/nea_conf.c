/*
 * nea_conf: the tree, dotted look-ups and typed getters. Parsing lives in
 * nea_conf_parse.c; the contract is in nea_conf.h.
 */
#include "nea_conf.h"
#include "nea_conf_tree.h"
#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Below this many children a linear scan is as fast as hashing. */
#define CONF_INDEX_MIN 8

/* ---- index ------------------------------------------------------------ */

static uint32_t name_hash(const char *p, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)p[i];
		h *= 16777619u;
	}
	return h;
}

static bool name_eq(const char *stored, const char *p, size_t len)
{
	return strncmp(stored, p, len) == 0 && stored[len] == '\0';
}

typedef const char *(*name_at_fn)(const void *arr, size_t i);

static const char *sub_name_at(const void *arr, size_t i)
{
	return ((nea_conf_section_t *const *)arr)[i]->name;
}

static const char *kv_name_at(const void *arr, size_t i)
{
	return ((const conf_kv_t *)arr)[i].key;
}

/* Position of name in arr[0..n), or n when absent. */
static size_t idx_find(const conf_index_t *ix, const void *arr, size_t n, name_at_fn at,
		       const char *name, size_t len)
{
	if (ix->cap == 0) {
		for (size_t i = 0; i < n; i++)
			if (name_eq(at(arr, i), name, len))
				return i;
		return n;
	}
	size_t mask = ix->cap - 1;
	for (size_t h = name_hash(name, len) & mask;; h = (h + 1) & mask) {
		uint32_t v = ix->slots[h];

		if (v == 0)
			return n;
		if (name_eq(at(arr, v - 1), name, len))
			return v - 1;
	}
}

static void idx_put(conf_index_t *ix, const char *name, size_t pos)
{
	size_t mask = ix->cap - 1, h = name_hash(name, strlen(name)) & mask;

	while (ix->slots[h] != 0)
		h = (h + 1) & mask;
	ix->slots[h] = (uint32_t)(pos + 1);
}

/* Called after arr grew to n entries (the last one new): keep the load
 * factor at or below one half, rebuilding when the table must grow. */
static int idx_added(conf_index_t *ix, const void *arr, size_t n, name_at_fn at)
{
	size_t want, bytes;

	if (n <= CONF_INDEX_MIN && ix->cap == 0)
		return 0;
	if (n > UINT32_MAX - 1)
		return NEA_ETOOBIG;
	if (ix->cap != 0 && n * 2 <= ix->cap) {
		idx_put(ix, at(arr, n - 1), n - 1);
		return 0;
	}
	want = 16;
	while (want < n * 2)
		want *= 2;
	if (!nea_mul_size(want, sizeof(uint32_t), &bytes))
		return NEA_ENOMEM;
	uint32_t *slots = calloc(1, bytes);
	if (!slots)
		return NEA_ENOMEM;
	free(ix->slots);
	ix->slots = slots;
	ix->cap = want;
	for (size_t i = 0; i < n; i++)
		idx_put(ix, at(arr, i), i);
	return 0;
}

/* Make room for one more element of size elem in *arr (capacity *cap). */
static int grow(void **arr, size_t *cap, size_t n, size_t elem)
{
	size_t ncap, bytes;
	void *p;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap : 4;
	if (!nea_mul_size(ncap, 2, &ncap) || !nea_mul_size(ncap, elem, &bytes))
		return NEA_ENOMEM;
	p = realloc(*arr, bytes);
	if (!p)
		return NEA_ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

/* ---- tree ------------------------------------------------------------- */

static nea_conf_section_t *section_new(const char *name, size_t len, const char *file,
				       unsigned line)
{
	nea_conf_section_t *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->name = strndup(name, len);
	if (!s->name) {
		free(s);
		return NULL;
	}
	s->file = file;
	s->line = line;
	return s;
}

void conf_section_free(nea_conf_section_t *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nkvs; i++) {
		free(s->kvs[i].value);
		free(s->kvs[i].key);
	}
	free(s->kvidx.slots);
	free(s->kvs);
	for (size_t i = 0; i < s->nsubs; i++)
		conf_section_free(s->subs[i]);
	free(s->subidx.slots);
	free(s->subs);
	free(s->name);
	free(s);
}

nea_conf_t *conf_new(const char *source)
{
	nea_conf_t *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->source = strdup(source);
	if (!c->source)
		goto fail;
	c->root = section_new("", 0, c->source, 0);
	if (!c->root)
		goto fail;
	return c;
fail:
	free(c->source);
	free(c);
	return NULL;
}

const char *conf_intern_file(nea_conf_t *c, const char *name)
{
	char *copy;

	for (size_t i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i], name) == 0)
			return c->files[i];
	if (grow((void **)&c->files, &c->filecap, c->nfiles, sizeof(char *)) != 0)
		return NULL;
	copy = strdup(name);
	if (!copy)
		return NULL;
	c->files[c->nfiles++] = copy;
	return copy;
}

nea_conf_section_t *conf_sub_find(const nea_conf_section_t *s, const char *name, size_t len)
{
	size_t i = idx_find(&s->subidx, s->subs, s->nsubs, sub_name_at, name, len);

	return i < s->nsubs ? s->subs[i] : NULL;
}

int conf_sub_get(nea_conf_section_t *s, const char *name, size_t len, const char *file,
		 unsigned line, nea_conf_section_t **out)
{
	nea_conf_section_t *sub = conf_sub_find(s, name, len);
	int rc;

	if (sub) {
		*out = sub;
		return 0;
	}
	rc = grow((void **)&s->subs, &s->subcap, s->nsubs, sizeof(*s->subs));
	if (rc != 0)
		return rc;
	sub = section_new(name, len, file, line);
	if (!sub)
		return NEA_ENOMEM;
	s->subs[s->nsubs++] = sub;
	rc = idx_added(&s->subidx, s->subs, s->nsubs, sub_name_at);
	if (rc != 0) {
		s->nsubs--;
		conf_section_free(sub);
		return rc;
	}
	*out = sub;
	return 0;
}

conf_kv_t *conf_kv_find(const nea_conf_section_t *s, const char *key, size_t len)
{
	size_t i = idx_find(&s->kvidx, s->kvs, s->nkvs, kv_name_at, key, len);

	return i < s->nkvs ? &s->kvs[i] : NULL;
}

int conf_kv_set(nea_conf_section_t *s, const char *key, size_t len, char *value,
		const char *file, unsigned line)
{
	conf_kv_t *kv = conf_kv_find(s, key, len);
	int rc;

	if (kv) {
		free(kv->value);
		kv->value = value;
		kv->file = file;
		kv->line = line;
		return 0;
	}
	rc = grow((void **)&s->kvs, &s->kvcap, s->nkvs, sizeof(*s->kvs));
	if (rc != 0)
		goto fail;
	kv = &s->kvs[s->nkvs];
	kv->key = strndup(key, len);
	if (!kv->key) {
		rc = NEA_ENOMEM;
		goto fail;
	}
	kv->value = value;
	kv->file = file;
	kv->line = line;
	s->nkvs++;
	rc = idx_added(&s->kvidx, s->kvs, s->nkvs, kv_name_at);
	if (rc != 0) {
		s->nkvs--;
		free(kv->key);
		goto fail;
	}
	return 0;
fail:
	free(value);
	return rc;
}

void nea_conf_free(nea_conf_t *c)
{
	if (!c)
		return;
	conf_section_free(c->root);
	for (size_t i = 0; i < c->nfiles; i++)
		free(c->files[i]);
	free(c->files);
	free(c->source);
	free(c);
}

const char *nea_conf_source(const nea_conf_t *c)
{
	return c ? c->source : NULL;
}

/* ---- dotted look-ups -------------------------------------------------- */

/* Walk every component of key but the last; what remains is returned in
 * last and lastlen.
 * NULL when a section on the way is missing or a component is empty. */
static const nea_conf_section_t *walk(const nea_conf_section_t *s, const char *key,
				      const char **last, size_t *lastlen)
{
	const char *p = key, *dot;

	if (!s || !key)
		return NULL;
	while ((dot = strchr(p, '.')) != NULL) {
		if (dot == p)
			return NULL;
		s = conf_sub_find(s, p, (size_t)(dot - p));
		if (!s)
			return NULL;
		p = dot + 1;
	}
	if (*p == '\0')
		return NULL;
	*last = p;
	*lastlen = strlen(p);
	return s;
}

static const conf_kv_t *find_kv(const nea_conf_section_t *s, const char *key)
{
	const char *last;
	size_t len;

	s = walk(s, key, &last, &len);
	return s ? conf_kv_find(s, last, len) : NULL;
}

const nea_conf_section_t *nea_conf_ssection(const nea_conf_section_t *s, const char *key)
{
	const char *last;
	size_t len;

	if (!s)
		return NULL;
	if (!key || !*key)
		return s;
	s = walk(s, key, &last, &len);
	return s ? conf_sub_find(s, last, len) : NULL;
}

const nea_conf_section_t *nea_conf_section(const nea_conf_t *c, const char *key)
{
	return c ? nea_conf_ssection(c->root, key) : NULL;
}

const char *nea_conf_sget_str(const nea_conf_section_t *s, const char *key, const char *def)
{
	const conf_kv_t *kv = find_kv(s, key);

	return kv && kv->value ? kv->value : def;
}

const char *nea_conf_get_str(const nea_conf_t *c, const char *key, const char *def)
{
	return c ? nea_conf_sget_str(c->root, key, def) : def;
}

/* Decimal or 0x hex with an optional sign, nothing else (no blanks, no
 * suffixes, no octal: "010" is ten, as an operator would read it). */
static bool parse_int(const char *v, long long *out)
{
	const char *p = v;
	bool neg = false;
	unsigned long long mag;
	int base = 10;
	char *end;

	if (*p == '+' || *p == '-')
		neg = *p++ == '-';
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (*p == '\0')
		return false;
	/* Checked by hand: strtoull would also take blanks, a sign or a second
	 * "0x" here. */
	for (const char *q = p; *q; q++)
		if (base == 16 ? !isxdigit((unsigned char)*q) : !isdigit((unsigned char)*q))
			return false;
	errno = 0;
	mag = strtoull(p, &end, base);
	if (errno != 0 || *end != '\0')
		return false;
	if (neg) {
		if (mag > (unsigned long long)LLONG_MAX + 1)
			return false;
		*out = mag == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)mag;
	} else {
		if (mag > (unsigned long long)LLONG_MAX)
			return false;
		*out = (long long)mag;
	}
	return true;
}

int nea_conf_sget_int(const nea_conf_section_t *s, const char *key, long long def, long long *out)
{
	const conf_kv_t *kv = find_kv(s, key);
	long long v;

	if (!kv || !kv->value) {
		*out = def;
		return 0;
	}
	if (!parse_int(kv->value, &v)) {
		NLOG(CFG, 1, "%s:%u: '%s' is not an integer: '%s'", kv->file, kv->line, key,
		     kv->value);
		*out = def;
		return NEA_ECONFIG;
	}
	*out = v;
	return 0;
}

int nea_conf_get_int(const nea_conf_t *c, const char *key, long long def, long long *out)
{
	if (!c) {
		*out = def;
		return 0;
	}
	return nea_conf_sget_int(c->root, key, def, out);
}

bool nea_conf_sget_bool(const nea_conf_section_t *s, const char *key, bool def)
{
	static const char *const yes[] = { "yes", "true", "on", "1", "enabled" };
	static const char *const no[] = { "no", "false", "off", "0", "disabled" };
	const conf_kv_t *kv = find_kv(s, key);

	if (!kv || !kv->value)
		return def;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(kv->value, yes[i]) == 0)
			return true;
		if (strcasecmp(kv->value, no[i]) == 0)
			return false;
	}
	NLOG(CFG, 1, "%s:%u: '%s' is not a boolean: '%s', using %s", kv->file, kv->line, key,
	     kv->value, def ? "yes" : "no");
	return def;
}

bool nea_conf_get_bool(const nea_conf_t *c, const char *key, bool def)
{
	return c ? nea_conf_sget_bool(c->root, key, def) : def;
}

const char *nea_conf_sorigin(const nea_conf_section_t *s, const char *key, unsigned *line)
{
	const conf_kv_t *kv = find_kv(s, key);

	if (!kv)
		return NULL;
	if (line)
		*line = kv->line;
	return kv->file;
}

/* ---- enumeration ------------------------------------------------------ */

const char *nea_conf_section_name(const nea_conf_section_t *s)
{
	return s ? s->name : NULL;
}

const char *nea_conf_section_origin(const nea_conf_section_t *s, unsigned *line)
{
	if (!s)
		return NULL;
	if (line)
		*line = s->line;
	return s->file;
}

size_t nea_conf_section_count(const nea_conf_section_t *s)
{
	return s ? s->nsubs : 0;
}

const nea_conf_section_t *nea_conf_section_at(const nea_conf_section_t *s, size_t i)
{
	return s && i < s->nsubs ? s->subs[i] : NULL;
}

size_t nea_conf_kv_count(const nea_conf_section_t *s)
{
	return s ? s->nkvs : 0;
}

const char *nea_conf_kv_key(const nea_conf_section_t *s, size_t i)
{
	return s && i < s->nkvs ? s->kvs[i].key : NULL;
}

const char *nea_conf_kv_value(const nea_conf_section_t *s, size_t i)
{
	if (!s || i >= s->nkvs)
		return NULL;
	return s->kvs[i].value ? s->kvs[i].value : "";
}

/* ---- lists ------------------------------------------------------------ */

static bool is_list_sep(char ch)
{
	return ch == ',' || ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

int nea_conf_split_list(const char *value, char ***items, size_t *count)
{
	size_t n = 0, k = 0, slots;
	const char *p;
	char **v;

	*items = NULL;
	*count = 0;
	if (!value)
		value = "";
	for (p = value; *p;) {
		while (*p && is_list_sep(*p))
			p++;
		if (!*p)
			break;
		n++;
		while (*p && !is_list_sep(*p))
			p++;
	}
	if (!nea_add_size(n, 1, &slots) || !nea_mul_size(slots, sizeof(char *), &slots))
		return NEA_ENOMEM;
	v = calloc(1, slots);
	if (!v)
		return NEA_ENOMEM;
	for (p = value; *p;) {
		const char *start;

		while (*p && is_list_sep(*p))
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && !is_list_sep(*p))
			p++;
		v[k] = strndup(start, (size_t)(p - start));
		if (!v[k]) {
			nea_conf_list_free(v);
			return NEA_ENOMEM;
		}
		k++;
	}
	*items = v;
	*count = n;
	return 0;
}

void nea_conf_list_free(char **items)
{
	if (!items)
		return;
	for (char **p = items; *p; p++)
		free(*p);
	free(items);
}

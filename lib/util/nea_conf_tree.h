/*
 * nea_conf_tree: the in-memory tree behind nea_conf_t (private to
 * nea_conf.c and nea_conf_parse.c).
 *
 * Contract: a section owns its name, its sub-sections and its settings.
 * Children live in arrays in first-appearance order, so enumeration is
 * stable; once a section has more than a handful of children a hash index
 * (open addressing over array positions) keeps look-ups O(1), because
 * swanctl.conf files with hundreds of secrets or keys are normal. Names are
 * compared as byte strings of explicit length, so dotted look-ups never copy.
 * File names are interned in the nea_conf_t so every setting can say where
 * it came from without a copy per setting.
 */
#ifndef NEA_CONF_TREE_H
#define NEA_CONF_TREE_H

#include "nea_conf.h"

#include <stddef.h>
#include <stdint.h>

/* Deepest section nesting accepted anywhere in a tree (also bounds the
 * recursion of conf_section_free). */
#define NEA_CONF_MAX_DEPTH 64

typedef struct {
	uint32_t *slots; /* position + 1, 0 = empty */
	size_t cap;      /* power of two, or 0 while the array is small */
} conf_index_t;

typedef struct {
	char *key;
	char *value;      /* NULL: written as "key =", i.e. unset */
	const char *file; /* interned in the nea_conf_t */
	unsigned line;
} conf_kv_t;

struct nea_conf_section {
	char *name;
	const char *file;
	unsigned line;
	nea_conf_section_t **subs;
	size_t nsubs, subcap;
	conf_index_t subidx;
	conf_kv_t *kvs;
	size_t nkvs, kvcap;
	conf_index_t kvidx;
};

struct nea_conf {
	char *source;
	nea_conf_section_t *root;
	char **files;
	size_t nfiles, filecap;
};

nea_conf_t *conf_new(const char *source);
/* Intern a file name; NULL on allocation failure. */
const char *conf_intern_file(nea_conf_t *c, const char *name);
void conf_section_free(nea_conf_section_t *s);

/* Child section named name[0..len), or NULL. */
nea_conf_section_t *conf_sub_find(const nea_conf_section_t *s, const char *name, size_t len);
/* Find or create; NEA_ENOMEM or 0. A new section records file/line. */
int conf_sub_get(nea_conf_section_t *s, const char *name, size_t len, const char *file,
		 unsigned line, nea_conf_section_t **out);
conf_kv_t *conf_kv_find(const nea_conf_section_t *s, const char *key, size_t len);
/* Set key to value (taking ownership of value, which may be NULL); later
 * settings replace earlier ones in place, keeping first-appearance order. */
int conf_kv_set(nea_conf_section_t *s, const char *key, size_t len, char *value,
		const char *file, unsigned line);

#endif

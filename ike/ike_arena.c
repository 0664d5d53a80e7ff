#include "ike_arena.h"

#include <openssl/crypto.h>
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"

struct ike_arena_blk {
	struct ike_arena_blk *next;
	size_t len;
	alignas(max_align_t) unsigned char data[];
};

void ike_arena_init(ike_arena_t *a, size_t limit)
{
	a->head = NULL;
	a->used = 0;
	a->limit = limit;
}

void *ike_arena_alloc(ike_arena_t *a, size_t n)
{
	struct ike_arena_blk *b;
	size_t total, used;

	if (!nea_add_size(sizeof(*b), n, &total) || !nea_add_size(a->used, n, &used))
		return NULL;
	if (a->limit && used > a->limit)
		return NULL;
	b = calloc(1, total);
	if (!b)
		return NULL;
	b->len = n;
	b->next = a->head;
	a->head = b;
	a->used = used;
	return b->data;
}

void *ike_arena_array(ike_arena_t *a, size_t n, size_t size)
{
	size_t total;

	if (!nea_mul_size(n, size, &total))
		return NULL;
	return ike_arena_alloc(a, total);
}

void *ike_arena_dup(ike_arena_t *a, const void *p, size_t n)
{
	void *d = ike_arena_alloc(a, n);

	if (d && n)
		memcpy(d, p, n);
	return d;
}

void ike_arena_free(ike_arena_t *a)
{
	struct ike_arena_blk *b = a->head, *next;

	while (b) {
		next = b->next;
		OPENSSL_cleanse(b->data, b->len);
		free(b);
		b = next;
	}
	a->head = NULL;
	a->used = 0;
}

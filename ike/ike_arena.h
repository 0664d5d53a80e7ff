/*
 * ike_arena: the allocations that belong to one parsed IKE message.
 *
 * Contract: a parsed message owns a copy of its bytes, its decrypted
 * content and every array its payloads point into; all of it is allocated
 * here and released at once by ike_arena_free(), which wipes each block
 * first because decrypted IKE_AUTH content carries EAP data, AUTH values
 * and configuration. Allocations are zeroed and size products are checked.
 * A limit (bytes over all blocks, 0 = none) bounds what one hostile message
 * can make the parser allocate.
 */
#ifndef IKE_ARENA_H
#define IKE_ARENA_H

#include <stddef.h>

struct ike_arena_blk;

typedef struct {
	struct ike_arena_blk *head;
	size_t used;
	size_t limit;
} ike_arena_t;

void ike_arena_init(ike_arena_t *a, size_t limit);
/* Zeroed memory of n bytes, or NULL (allocation failure or over the limit). */
void *ike_arena_alloc(ike_arena_t *a, size_t n);
/* Zeroed array of n elements of size bytes; NULL on overflow too. */
void *ike_arena_array(ike_arena_t *a, size_t n, size_t size);
void *ike_arena_dup(ike_arena_t *a, const void *p, size_t n);
void ike_arena_free(ike_arena_t *a);

#endif

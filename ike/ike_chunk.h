/*
 * ike_chunk: a borrowed byte range, the currency between the IKE codec and
 * the crypto (the codec hands out views into a message, the crypto takes
 * lists of them to hash or MAC without concatenating).
 */
#ifndef IKE_CHUNK_H
#define IKE_CHUNK_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	const uint8_t *ptr;
	size_t len;
} ike_chunk_t;

static inline ike_chunk_t ike_chunk(const void *p, size_t len)
{
	ike_chunk_t c = { p, len };

	return c;
}

#endif

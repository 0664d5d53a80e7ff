/*
 * nea_buf: bounds-checked big-endian readers and growable writers.
 *
 * Contract: a nea_rd_t never reads outside [ptr, ptr+len). Every read either
 * succeeds completely and advances, or fails (returns false) and leaves the
 * cursor where it was. Parsers of network input use nothing else to touch
 * bytes, so "no read out of bounds" is a property of this file alone.
 *
 * A nea_wr_t grows on demand up to a hard limit. Errors (allocation failure,
 * limit exceeded) are sticky: after the first failure every write is a
 * no-op and nea_wr_error() reports the first error, so builders check once
 * at the end instead of after every field.
 */
#ifndef NEA_BUF_H
#define NEA_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
	const uint8_t *ptr;
	size_t len;
	size_t off;
} nea_rd_t;

static inline void nea_rd_init(nea_rd_t *r, const void *p, size_t len)
{
	r->ptr = p;
	r->len = len;
	r->off = 0;
}

static inline size_t nea_rd_left(const nea_rd_t *r)
{
	return r->len - r->off;
}

bool nea_rd_u8(nea_rd_t *r, uint8_t *v);
bool nea_rd_u16(nea_rd_t *r, uint16_t *v);
bool nea_rd_u24(nea_rd_t *r, uint32_t *v);
bool nea_rd_u32(nea_rd_t *r, uint32_t *v);
bool nea_rd_u64(nea_rd_t *r, uint64_t *v);
/* Little-endian variants (TPM event logs). */
bool nea_rd_le16(nea_rd_t *r, uint16_t *v);
bool nea_rd_le32(nea_rd_t *r, uint32_t *v);
/* Point *out at the next n bytes (no copy) and advance. */
bool nea_rd_bytes(nea_rd_t *r, size_t n, const uint8_t **out);
/* Copy the next n bytes into dst and advance. */
bool nea_rd_copy(nea_rd_t *r, void *dst, size_t n);
bool nea_rd_skip(nea_rd_t *r, size_t n);
/* Carve the next n bytes out as an independent reader (offsets restart at 0). */
bool nea_rd_sub(nea_rd_t *r, size_t n, nea_rd_t *sub);
/* Peek without advancing. */
bool nea_rd_peek_u8(const nea_rd_t *r, size_t at, uint8_t *v);

typedef struct {
	uint8_t *ptr;
	size_t len;
	size_t cap;
	size_t limit; /* hard maximum length; 0 means SIZE_MAX */
	int err;      /* first error, sticky */
} nea_wr_t;

void nea_wr_init(nea_wr_t *w, size_t limit);
/* Make room for n more bytes; returns 0 or a NEA_E* code (sticky). */
int nea_wr_reserve(nea_wr_t *w, size_t n);
void nea_wr_u8(nea_wr_t *w, uint8_t v);
void nea_wr_u16(nea_wr_t *w, uint16_t v);
void nea_wr_u24(nea_wr_t *w, uint32_t v);
void nea_wr_u32(nea_wr_t *w, uint32_t v);
void nea_wr_u64(nea_wr_t *w, uint64_t v);
void nea_wr_le16(nea_wr_t *w, uint16_t v);
void nea_wr_le32(nea_wr_t *w, uint32_t v);
void nea_wr_bytes(nea_wr_t *w, const void *p, size_t n);
void nea_wr_zeros(nea_wr_t *w, size_t n);
/* Overwrite an already written big-endian field (length back-patching). */
void nea_wr_put_u16_at(nea_wr_t *w, size_t at, uint16_t v);
void nea_wr_put_u24_at(nea_wr_t *w, size_t at, uint32_t v);
void nea_wr_put_u32_at(nea_wr_t *w, size_t at, uint32_t v);
static inline int nea_wr_error(const nea_wr_t *w)
{
	return w->err;
}
/* Hand the buffer to the caller (who frees it); the writer is reset. */
uint8_t *nea_wr_detach(nea_wr_t *w, size_t *len);
void nea_wr_free(nea_wr_t *w);

/* Big-endian helpers for fixed buffers already known to be long enough. */
static inline uint16_t nea_get_u16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}
static inline uint32_t nea_get_u24(const uint8_t *p)
{
	return ((uint32_t)p[0] << 16) | ((uint32_t)p[1] << 8) | p[2];
}
static inline uint32_t nea_get_u32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline void nea_put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}
static inline void nea_put_u24(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 16);
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)v;
}
static inline void nea_put_u32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Checked size arithmetic: false on overflow. */
static inline bool nea_add_size(size_t a, size_t b, size_t *out)
{
	return !__builtin_add_overflow(a, b, out);
}
static inline bool nea_mul_size(size_t a, size_t b, size_t *out)
{
	return !__builtin_mul_overflow(a, b, out);
}

#endif

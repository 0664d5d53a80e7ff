#include "nea_buf.h"
#include "nea_err.h"

#include <stdlib.h>
#include <string.h>

static bool take(nea_rd_t *r, size_t n, const uint8_t **p)
{
	if (nea_rd_left(r) < n)
		return false;
	*p = r->ptr + r->off;
	r->off += n;
	return true;
}

bool nea_rd_u8(nea_rd_t *r, uint8_t *v)
{
	const uint8_t *p;

	if (!take(r, 1, &p))
		return false;
	*v = p[0];
	return true;
}

bool nea_rd_u16(nea_rd_t *r, uint16_t *v)
{
	const uint8_t *p;

	if (!take(r, 2, &p))
		return false;
	*v = nea_get_u16(p);
	return true;
}

bool nea_rd_u24(nea_rd_t *r, uint32_t *v)
{
	const uint8_t *p;

	if (!take(r, 3, &p))
		return false;
	*v = nea_get_u24(p);
	return true;
}

bool nea_rd_u32(nea_rd_t *r, uint32_t *v)
{
	const uint8_t *p;

	if (!take(r, 4, &p))
		return false;
	*v = nea_get_u32(p);
	return true;
}

bool nea_rd_u64(nea_rd_t *r, uint64_t *v)
{
	const uint8_t *p;

	if (!take(r, 8, &p))
		return false;
	*v = ((uint64_t)nea_get_u32(p) << 32) | nea_get_u32(p + 4);
	return true;
}

bool nea_rd_le16(nea_rd_t *r, uint16_t *v)
{
	const uint8_t *p;

	if (!take(r, 2, &p))
		return false;
	*v = (uint16_t)(p[0] | (p[1] << 8));
	return true;
}

bool nea_rd_le32(nea_rd_t *r, uint32_t *v)
{
	const uint8_t *p;

	if (!take(r, 4, &p))
		return false;
	*v = (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
	return true;
}

bool nea_rd_bytes(nea_rd_t *r, size_t n, const uint8_t **out)
{
	return take(r, n, out);
}

bool nea_rd_copy(nea_rd_t *r, void *dst, size_t n)
{
	const uint8_t *p;

	if (!take(r, n, &p))
		return false;
	if (n)
		memcpy(dst, p, n);
	return true;
}

bool nea_rd_skip(nea_rd_t *r, size_t n)
{
	const uint8_t *p;

	return take(r, n, &p);
}

bool nea_rd_sub(nea_rd_t *r, size_t n, nea_rd_t *sub)
{
	const uint8_t *p;

	if (!take(r, n, &p))
		return false;
	nea_rd_init(sub, p, n);
	return true;
}

bool nea_rd_peek_u8(const nea_rd_t *r, size_t at, uint8_t *v)
{
	if (at >= nea_rd_left(r))
		return false;
	*v = r->ptr[r->off + at];
	return true;
}

void nea_wr_init(nea_wr_t *w, size_t limit)
{
	w->ptr = NULL;
	w->len = 0;
	w->cap = 0;
	w->limit = limit ? limit : SIZE_MAX;
	w->err = 0;
}

int nea_wr_reserve(nea_wr_t *w, size_t n)
{
	size_t need, cap;
	uint8_t *p;

	if (w->err)
		return w->err;
	if (!nea_add_size(w->len, n, &need) || need > w->limit)
		return w->err = NEA_ETOOBIG;
	if (need <= w->cap)
		return 0;
	cap = w->cap ? w->cap : 64;
	while (cap < need)
		cap = (cap > SIZE_MAX / 2) ? need : cap * 2;
	if (cap > w->limit)
		cap = w->limit;
	p = realloc(w->ptr, cap);
	if (!p)
		return w->err = NEA_ENOMEM;
	w->ptr = p;
	w->cap = cap;
	return 0;
}

void nea_wr_bytes(nea_wr_t *w, const void *p, size_t n)
{
	if (nea_wr_reserve(w, n))
		return;
	if (n)
		memcpy(w->ptr + w->len, p, n);
	w->len += n;
}

void nea_wr_zeros(nea_wr_t *w, size_t n)
{
	if (nea_wr_reserve(w, n))
		return;
	memset(w->ptr + w->len, 0, n);
	w->len += n;
}

void nea_wr_u8(nea_wr_t *w, uint8_t v)
{
	nea_wr_bytes(w, &v, 1);
}

void nea_wr_u16(nea_wr_t *w, uint16_t v)
{
	uint8_t b[2];

	nea_put_u16(b, v);
	nea_wr_bytes(w, b, 2);
}

void nea_wr_u24(nea_wr_t *w, uint32_t v)
{
	uint8_t b[3];

	nea_put_u24(b, v);
	nea_wr_bytes(w, b, 3);
}

void nea_wr_u32(nea_wr_t *w, uint32_t v)
{
	uint8_t b[4];

	nea_put_u32(b, v);
	nea_wr_bytes(w, b, 4);
}

void nea_wr_u64(nea_wr_t *w, uint64_t v)
{
	nea_wr_u32(w, (uint32_t)(v >> 32));
	nea_wr_u32(w, (uint32_t)v);
}

void nea_wr_le16(nea_wr_t *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	nea_wr_bytes(w, b, 2);
}

void nea_wr_le32(nea_wr_t *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	nea_wr_bytes(w, b, 4);
}

void nea_wr_put_u16_at(nea_wr_t *w, size_t at, uint16_t v)
{
	if (!w->err && at <= w->len && w->len - at >= 2)
		nea_put_u16(w->ptr + at, v);
	else if (!w->err)
		w->err = NEA_EINVAL;
}

void nea_wr_put_u24_at(nea_wr_t *w, size_t at, uint32_t v)
{
	if (!w->err && at <= w->len && w->len - at >= 3)
		nea_put_u24(w->ptr + at, v);
	else if (!w->err)
		w->err = NEA_EINVAL;
}

void nea_wr_put_u32_at(nea_wr_t *w, size_t at, uint32_t v)
{
	if (!w->err && at <= w->len && w->len - at >= 4)
		nea_put_u32(w->ptr + at, v);
	else if (!w->err)
		w->err = NEA_EINVAL;
}

uint8_t *nea_wr_detach(nea_wr_t *w, size_t *len)
{
	uint8_t *p = w->ptr;

	if (w->err) {
		nea_wr_free(w);
		*len = 0;
		return NULL;
	}
	if (!p) {
		/* An empty but successful build still yields a valid pointer. */
		p = malloc(1);
		if (!p) {
			*len = 0;
			return NULL;
		}
	}
	*len = w->len;
	nea_wr_init(w, w->limit);
	return p;
}

void nea_wr_free(nea_wr_t *w)
{
	free(w->ptr);
	w->ptr = NULL;
	w->len = w->cap = 0;
}

/*
 * attr_common: small helpers shared by the attribute codecs (internal to
 * lib/wire, not a protocol object).
 *
 * Contract: static inline functions over nea_rd_t and nea_perr_t; every
 * failure is reported with the value-relative byte offset where the input
 * went wrong.
 */
#ifndef NEA_ATTR_COMMON_H
#define NEA_ATTR_COMMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "patnc_print.h"

/*
 * Value must be exactly n bytes long. A short value is reported at offset 0
 * (strongSwan's "insufficient data" offset), surplus bytes where they start.
 */
static inline int attr_exact(size_t len, size_t n, nea_perr_t *err, const char *what)
{
	if (len < n)
		return nea_perr(err, NEA_ETRUNC, 0, "%s needs %zu bytes, got %zu", what, n, len);
	if (len > n)
		return nea_perr(err, NEA_EINVAL, n, "%s has %zu bytes beyond its %zu", what, len - n,
				n);
	return 0;
}

/* Value must be at least n bytes long (a short one is reported at offset 0). */
static inline int attr_min(size_t len, size_t n, nea_perr_t *err, const char *what)
{
	if (len < n)
		return nea_perr(err, NEA_ETRUNC, 0, "%s needs at least %zu bytes, got %zu", what, n,
				len);
	return 0;
}

/* Offset of the first NUL in s, or -1. UTF-8 strings on the wire carry none. */
static inline long attr_nul_at(const uint8_t *s, size_t n)
{
	const uint8_t *p = n ? memchr(s, 0, n) : NULL;

	return p ? (long)(p - s) : -1;
}

/* Read a 1-byte-length-prefixed string without NULs. */
static inline int attr_rd_str8(nea_rd_t *r, const uint8_t **s, size_t *n, nea_perr_t *err,
			       const char *what)
{
	uint8_t l;
	size_t at = r->off;
	long z;

	if (!nea_rd_u8(r, &l))
		return nea_perr(err, NEA_ETRUNC, at, "%s length missing", what);
	if (!nea_rd_bytes(r, l, s)) {
		r->off = at;
		return nea_perr(err, NEA_ETRUNC, at, "%s of %u bytes exceeds the value", what, l);
	}
	z = attr_nul_at(*s, l);
	if (z >= 0)
		return nea_perr(err, NEA_EINVAL, at + 1 + (size_t)z, "NUL inside %s", what);
	*n = l;
	return 0;
}

/* Read a 2-byte-length-prefixed byte string. */
static inline int attr_rd_data16(nea_rd_t *r, const uint8_t **s, size_t *n, nea_perr_t *err,
				 const char *what)
{
	uint16_t l;
	size_t at = r->off;

	if (!nea_rd_u16(r, &l))
		return nea_perr(err, NEA_ETRUNC, at, "%s length missing", what);
	if (!nea_rd_bytes(r, l, s)) {
		r->off = at;
		return nea_perr(err, NEA_ETRUNC, at, "%s of %u bytes exceeds the value", what, l);
	}
	*n = l;
	return 0;
}

/*
 * Allocate an array of count elements of size sz, after checking that the
 * input can hold count entries of at least min_wire bytes each, so a peer's
 * count field never drives an allocation larger than its own data.
 */
static inline int attr_alloc_array(void **out, size_t count, size_t sz, size_t min_wire,
				   size_t avail, size_t at, nea_perr_t *err, const char *what)
{
	size_t need, bytes;

	if (!nea_mul_size(count, min_wire, &need) || need > avail)
		return nea_perr(err, NEA_ETRUNC, at, "%zu %s need at least %zu bytes, %zu left", count,
				what, min_wire, avail);
	*out = NULL;
	if (!count)
		return 0;
	if (!nea_mul_size(count, sz, &bytes))
		return nea_perr(err, NEA_ETOOBIG, at, "%zu %s overflow", count, what);
	*out = calloc(count, sz);
	if (!*out)
		return nea_perr(err, NEA_ENOMEM, at, "no memory for %zu %s", count, what);
	return 0;
}

/* Builder checks: a length field of the given width must hold n. */
static inline int attr_fits(size_t n, size_t max)
{
	return n <= max ? 0 : NEA_EINVAL;
}

#endif

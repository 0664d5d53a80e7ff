/*
 * patnc_attr: the registry of PA-TNC attribute codecs and the generic,
 * type-erased view of one attribute.
 *
 * Contract: every attribute family (attr_ietf_*, attr_ita_*, attr_tcg_seg_*,
 * attr_swima_*, attr_pts_*) exports typed parse/build/print/free functions
 * and one patnc_codec_t per (vendor, type) it implements. This module lists
 * them all, so the PA-TNC receiver, the segment reassembler, `nea dump` and
 * the fuzzers dispatch by (vendor, type) through one table.
 *
 * Value parsers see only the attribute value (the bytes after the 12-byte
 * attribute header); the offsets they report in nea_perr_t are relative to
 * the value start. The receiver adds the header and message offsets.
 *
 * Ownership: decoded structs BORROW strings and byte fields from the input
 * buffer (which must outlive them) and OWN only the arrays a parser
 * allocates; codec->free releases those arrays (never the struct itself,
 * never borrowed bytes). Builders read the same structs, so a caller builds
 * an attribute by pointing fields at its own data.
 */
#ifndef NEA_PATNC_ATTR_H
#define NEA_PATNC_ATTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PATNC_ATTR_HDR_LEN 12
#define PATNC_ATTR_NOSKIP 0x80
#define PATNC_TYPE_RESERVED 0xffffffffu

typedef struct patnc_codec {
	uint32_t vendor;
	uint32_t type;
	size_t size; /* sizeof the decoded struct */
	/* Parse a value into *out (zeroed by the caller); 0 or NEA_E*. */
	int (*parse)(const uint8_t *v, size_t len, void *out, nea_perr_t *err);
	/* Append the encoded value (no attribute header) to w; 0 or NEA_E*. */
	int (*build)(const void *in, nea_wr_t *w);
	/* Append an indented, multi-line description ("  key value\n"). */
	void (*print)(const void *in, nea_wr_t *o);
	/* Release arrays owned by a decoded struct; NULL if it owns none. */
	void (*release)(void *in);
} patnc_codec_t;

/* The codec for (vendor, type), NULL if nea does not implement it. */
const patnc_codec_t *patnc_codec_find(uint32_t vendor, uint32_t type);
/* All codecs, for tests and fuzzers. */
size_t patnc_codec_count(void);
const patnc_codec_t *patnc_codec_at(size_t i);

/* One attribute of a received message. */
typedef struct {
	uint8_t flags;
	uint32_t vendor;
	uint32_t type;
	size_t offset;         /* of the attribute header in its PA-TNC message */
	const uint8_t *value;  /* borrowed */
	size_t value_len;
	const patnc_codec_t *codec; /* NULL: unknown type, value kept raw */
	void *data;            /* decoded struct (codec->size bytes), owned */
} patnc_attr_t;

/*
 * Decode v with codec c into a freshly allocated struct (*out, to be
 * released with patnc_attr_data_free). Offsets in err are value-relative.
 */
int patnc_attr_decode(const patnc_codec_t *c, const uint8_t *v, size_t len, void **out,
		      nea_perr_t *err);
void patnc_attr_data_free(const patnc_codec_t *c, void *data);
/* Release a patnc_attr_t's decoded data (the struct itself is the caller's). */
void patnc_attr_clear(patnc_attr_t *a);

/*
 * Append one complete attribute (12-byte header + value built by the codec
 * for (vendor, type)) to w. NEA_ENOTFOUND if no codec, NEA_ETOOBIG if the
 * attribute would exceed 2^32-1 bytes.
 */
int patnc_attr_encode(uint8_t flags, uint32_t vendor, uint32_t type, const void *data,
		      nea_wr_t *w);
/* Same with a raw value. */
int patnc_attr_encode_raw(uint8_t flags, uint32_t vendor, uint32_t type, const uint8_t *value,
			  size_t len, nea_wr_t *w);

/*
 * Text description: "'IETF/Port Filter' 0x000000/0x00000006 flags 0x80,
 * 24 bytes\n" followed by the codec's lines, or a hex line for unknown ones.
 */
void patnc_attr_print(const patnc_attr_t *a, nea_wr_t *o);

/*
 * Helper for codec tables: typed functions wrapped into the generic
 * signatures. PFX names the typed functions PFX_parse/_build/_print and
 * CTYPE the struct; REL is the typed release function or NULL.
 */
#define PATNC_CODEC_DEFINE(sym, ctype, vend, typ, pfx, rel)                               \
	static int sym##_gparse(const uint8_t *v, size_t n, void *o, nea_perr_t *e)       \
	{                                                                                 \
		return pfx##_parse(v, n, (ctype *)o, e);                                  \
	}                                                                                 \
	static int sym##_gbuild(const void *i, nea_wr_t *w)                               \
	{                                                                                 \
		return pfx##_build((const ctype *)i, w);                                  \
	}                                                                                 \
	static void sym##_gprint(const void *i, nea_wr_t *o)                              \
	{                                                                                 \
		pfx##_print((const ctype *)i, o);                                         \
	}                                                                                 \
	const patnc_codec_t sym = { (vend), (typ), sizeof(ctype), sym##_gparse, sym##_gbuild, \
				    sym##_gprint, rel }

/* Same for families whose functions take the attribute type first. */
#define PATNC_CODEC_DEFINE_T(sym, ctype, vend, typ, pfx, rel)                             \
	static int sym##_gparse(const uint8_t *v, size_t n, void *o, nea_perr_t *e)       \
	{                                                                                 \
		return pfx##_parse((typ), v, n, (ctype *)o, e);                           \
	}                                                                                 \
	static int sym##_gbuild(const void *i, nea_wr_t *w)                               \
	{                                                                                 \
		return pfx##_build((typ), (const ctype *)i, w);                           \
	}                                                                                 \
	static void sym##_gprint(const void *i, nea_wr_t *o)                              \
	{                                                                                 \
		pfx##_print((typ), (const ctype *)i, o);                                  \
	}                                                                                 \
	const patnc_codec_t sym = { (vend), (typ), sizeof(ctype), sym##_gparse, sym##_gbuild, \
				    sym##_gprint, rel }

/* A release wrapper with the generic signature. */
#define PATNC_RELEASE_DEFINE(name, ctype, fn)  \
	static void name(void *p)               \
	{                                       \
		fn((ctype *)p);                 \
	}

#endif

/*
 * attr_ita_symlinks: ITA-HSR Symlinks (type 10), the IMC's answer to Get
 * Symlinks: symbolic links found in the requested directory.
 *
 * Contract: Count(4), then per link a 2-byte-length-prefixed path and a
 * 2-byte-length-prefixed target directory; the data must end exactly after
 * Count entries. Strings are borrowed; a parsed struct owns its entries
 * array (attr_ita_symlinks_release).
 */
#ifndef NEA_ATTR_ITA_SYMLINKS_H
#define NEA_ATTR_ITA_SYMLINKS_H

#include "patnc_attr.h"

typedef struct {
	const uint8_t *path;
	size_t path_len;
	const uint8_t *target;
	size_t target_len;
} attr_ita_symlink_t;

typedef struct {
	attr_ita_symlink_t *entries;
	size_t count;
} attr_ita_symlinks_t;

int attr_ita_symlinks_parse(const uint8_t *v, size_t len, attr_ita_symlinks_t *out,
			    nea_perr_t *err);
int attr_ita_symlinks_build(const attr_ita_symlinks_t *in, nea_wr_t *w);
void attr_ita_symlinks_print(const attr_ita_symlinks_t *in, nea_wr_t *o);
void attr_ita_symlinks_release(attr_ita_symlinks_t *a);

extern const patnc_codec_t attr_ita_symlinks_codec;

#endif

#include "attr_ita_symlinks.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * ITA-HSR Symlinks value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Number of Symlinks                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       Symlink Path Length     |  Symlink Path (Var Length)    ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       Target Path Length      |  Target Directory (Var Len)   ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 */
int attr_ita_symlinks_parse(const uint8_t *v, size_t len, attr_ita_symlinks_t *out,
			    nea_perr_t *err)
{
	uint32_t count, i;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	nea_rd_init(&r, v, len);
	if (!nea_rd_u32(&r, &count))
		return nea_perr(err, NEA_ETRUNC, 0, "symlink count missing");
	rc = attr_alloc_array((void **)&out->entries, count, sizeof(*out->entries), 4,
			      nea_rd_left(&r), r.off, err, "symlinks");
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		attr_ita_symlink_t *s = &out->entries[i];

		rc = attr_rd_data16(&r, &s->path, &s->path_len, err, "symlink path");
		if (!rc)
			rc = attr_rd_data16(&r, &s->target, &s->target_len, err, "symlink target");
		if (rc) {
			attr_ita_symlinks_release(out);
			return rc;
		}
	}
	out->count = count;
	if (nea_rd_left(&r)) {
		size_t at = r.off;

		attr_ita_symlinks_release(out);
		return nea_perr(err, NEA_EINVAL, at, "%zu bytes after %u symlinks", len - at, count);
	}
	return 0;
}

int attr_ita_symlinks_build(const attr_ita_symlinks_t *in, nea_wr_t *w)
{
	size_t i;

	if (in->count > 0xffffffffu)
		return NEA_EINVAL;
	for (i = 0; i < in->count; i++)
		if (in->entries[i].path_len > 0xffff || in->entries[i].target_len > 0xffff)
			return NEA_EINVAL;
	nea_wr_u32(w, (uint32_t)in->count);
	for (i = 0; i < in->count; i++) {
		nea_wr_u16(w, (uint16_t)in->entries[i].path_len);
		nea_wr_bytes(w, in->entries[i].path, in->entries[i].path_len);
		nea_wr_u16(w, (uint16_t)in->entries[i].target_len);
		nea_wr_bytes(w, in->entries[i].target, in->entries[i].target_len);
	}
	return nea_wr_error(w);
}

void attr_ita_symlinks_print(const attr_ita_symlinks_t *in, nea_wr_t *o)
{
	size_t i;

	patnc_pr(o, "  %zu symlink%s\n", in->count, in->count == 1 ? "" : "s");
	for (i = 0; i < in->count; i++) {
		patnc_pr(o, "  ");
		patnc_pr_str(o, in->entries[i].path, in->entries[i].path_len);
		patnc_pr(o, " -> ");
		patnc_pr_str(o, in->entries[i].target, in->entries[i].target_len);
		patnc_pr(o, "\n");
	}
}

void attr_ita_symlinks_release(attr_ita_symlinks_t *a)
{
	free(a->entries);
	a->entries = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_ita_symlinks_t, attr_ita_symlinks_release)
PATNC_CODEC_DEFINE(attr_ita_symlinks_codec, attr_ita_symlinks_t, PEN_ITA, ITA_ATTR_SYMLINKS,
		   attr_ita_symlinks, rel);

#include "attr_pts_file_meta.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * Request File Metadata value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Flags     |   Delimiter   |          Reserved             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  ~       Fully Qualified File Pathname (Variable Length)         ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_req_file_meta_parse(const uint8_t *v, size_t len, attr_pts_req_file_meta_t *out,
				 nea_perr_t *err)
{
	uint8_t flags;
	uint16_t reserved;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, 5, err, "request file metadata");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &flags) || !nea_rd_u8(&r, &out->delimiter) ||
	    !nea_rd_u16(&r, &reserved))
		return nea_perr(err, NEA_ETRUNC, 0, "request file metadata cut short");
	out->directory = (flags & PTS_FILE_FLAG_DIRECTORY) != 0;
	out->path_len = nea_rd_left(&r);
	if (!nea_rd_bytes(&r, out->path_len, &out->path))
		return nea_perr(err, NEA_ETRUNC, r.off, "pathname cut short");
	return 0;
}

int attr_pts_req_file_meta_build(const attr_pts_req_file_meta_t *in, nea_wr_t *w)
{
	if (!in->path_len)
		return NEA_EINVAL;
	nea_wr_u8(w, in->directory ? PTS_FILE_FLAG_DIRECTORY : 0);
	nea_wr_u8(w, in->delimiter);
	nea_wr_u16(w, 0);
	nea_wr_bytes(w, in->path, in->path_len);
	return nea_wr_error(w);
}

void attr_pts_req_file_meta_print(const attr_pts_req_file_meta_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  metadata of %s ", in->directory ? "directory" : "file");
	patnc_pr_str(o, in->path, in->path_len);
	patnc_pr(o, ", delimiter 0x%02x\n", in->delimiter);
}

/*
 * Unix-Style File Metadata value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Number of Files included (8 octets)         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        File metadata Length   |     Type      |   Reserved    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  File Size, Create, Last Modification, Last Access, Owner ID, |
 *  |  Group ID: 8 octets each                                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  ~                   Filename (Variable Length)                  ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 */
int attr_pts_unix_file_meta_parse(const uint8_t *v, size_t len, attr_pts_unix_file_meta_t *out,
				  nea_perr_t *err)
{
	uint64_t count;
	nea_rd_t r;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, 8, err, "unix file metadata");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u64(&r, &count))
		return nea_perr(err, NEA_ETRUNC, 0, "unix file metadata cut short");
	if (count > nea_rd_left(&r) / PTS_FILE_META_FIXED)
		return nea_perr(err, NEA_ETRUNC, 0, "%llu files cannot fit %zu bytes",
				(unsigned long long)count, nea_rd_left(&r));
	rc = attr_alloc_array((void **)&out->files, (size_t)count, sizeof(*out->files),
			      PTS_FILE_META_FIXED, nea_rd_left(&r), 0, err, "files");
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		attr_pts_file_metadata_t *f = &out->files[i];
		size_t at = r.off;
		uint16_t mlen;
		uint8_t reserved;

		if (!nea_rd_u16(&r, &mlen))
			rc = nea_perr(err, NEA_ETRUNC, at, "metadata length missing");
		else if (mlen < PTS_FILE_META_FIXED)
			rc = nea_perr(err, NEA_EINVAL, at, "metadata length %u below %d", mlen,
				      PTS_FILE_META_FIXED);
		else if (!nea_rd_u8(&r, &f->type) || !nea_rd_u8(&r, &reserved) ||
			 !nea_rd_u64(&r, &f->size) || !nea_rd_u64(&r, &f->created) ||
			 !nea_rd_u64(&r, &f->modified) || !nea_rd_u64(&r, &f->accessed) ||
			 !nea_rd_u64(&r, &f->owner) || !nea_rd_u64(&r, &f->group))
			rc = nea_perr(err, NEA_ETRUNC, at, "file metadata cut short");
		else if (!nea_rd_bytes(&r, (size_t)mlen - PTS_FILE_META_FIXED, &f->name))
			rc = nea_perr(err, NEA_ETRUNC, at, "filename exceeds the value");
		if (rc) {
			attr_pts_unix_file_meta_release(out);
			return rc;
		}
		f->name_len = (size_t)mlen - PTS_FILE_META_FIXED;
	}
	out->count = (size_t)count;
	if (nea_rd_left(&r)) {
		size_t at = r.off;

		attr_pts_unix_file_meta_release(out);
		return nea_perr(err, NEA_EINVAL, at, "%zu bytes after the last file", len - at);
	}
	return 0;
}

int attr_pts_unix_file_meta_build(const attr_pts_unix_file_meta_t *in, nea_wr_t *w)
{
	size_t i;

	for (i = 0; i < in->count; i++)
		if (in->files[i].name_len > 0xffff - PTS_FILE_META_FIXED)
			return NEA_EINVAL;
	nea_wr_u64(w, in->count);
	for (i = 0; i < in->count; i++) {
		const attr_pts_file_metadata_t *f = &in->files[i];

		nea_wr_u16(w, (uint16_t)(PTS_FILE_META_FIXED + f->name_len));
		nea_wr_u8(w, f->type);
		nea_wr_u8(w, 0);
		nea_wr_u64(w, f->size);
		nea_wr_u64(w, f->created);
		nea_wr_u64(w, f->modified);
		nea_wr_u64(w, f->accessed);
		nea_wr_u64(w, f->owner);
		nea_wr_u64(w, f->group);
		nea_wr_bytes(w, f->name, f->name_len);
	}
	return nea_wr_error(w);
}

void attr_pts_unix_file_meta_print(const attr_pts_unix_file_meta_t *in, nea_wr_t *o)
{
	size_t i;

	patnc_pr(o, "  %zu file%s\n", in->count, in->count == 1 ? "" : "s");
	for (i = 0; i < in->count; i++) {
		const attr_pts_file_metadata_t *f = &in->files[i];

		patnc_pr(o, "  type %u size %llu uid %llu gid %llu mtime %llu ", f->type,
			 (unsigned long long)f->size, (unsigned long long)f->owner,
			 (unsigned long long)f->group, (unsigned long long)f->modified);
		patnc_pr_str(o, f->name, f->name_len);
		patnc_pr(o, "\n");
	}
}

void attr_pts_unix_file_meta_release(attr_pts_unix_file_meta_t *a)
{
	free(a->files);
	a->files = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_pts_unix_file_meta_t, attr_pts_unix_file_meta_release)
PATNC_CODEC_DEFINE(attr_pts_req_file_meta_codec, attr_pts_req_file_meta_t, PEN_TCG,
		   TCG_PTS_REQ_FILE_META, attr_pts_req_file_meta, NULL);
PATNC_CODEC_DEFINE(attr_pts_unix_file_meta_codec, attr_pts_unix_file_meta_t, PEN_TCG,
		   TCG_PTS_UNIX_FILE_META, attr_pts_unix_file_meta, rel);

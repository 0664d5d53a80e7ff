#include "attr_pts_file_meas.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * Request File Measurement value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Flags     |   Reserved    |          Request ID           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Delimiter                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  ~       Fully Qualified File Pathname (Variable Length)         ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_req_file_meas_parse(const uint8_t *v, size_t len, attr_pts_req_file_meas_t *out,
				 nea_perr_t *err)
{
	uint8_t flags, reserved;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, 9, err, "request file measurement");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &flags) || !nea_rd_u8(&r, &reserved) ||
	    !nea_rd_u16(&r, &out->request_id) || !nea_rd_u32(&r, &out->delimiter))
		return nea_perr(err, NEA_ETRUNC, 0, "request file measurement cut short");
	out->directory = (flags & PTS_FILE_FLAG_DIRECTORY) != 0;
	out->path_len = nea_rd_left(&r);
	if (!nea_rd_bytes(&r, out->path_len, &out->path))
		return nea_perr(err, NEA_ETRUNC, r.off, "pathname cut short");
	return 0;
}

int attr_pts_req_file_meas_build(const attr_pts_req_file_meas_t *in, nea_wr_t *w)
{
	if (!in->path_len)
		return NEA_EINVAL;
	nea_wr_u8(w, in->directory ? PTS_FILE_FLAG_DIRECTORY : 0);
	nea_wr_u8(w, 0);
	nea_wr_u16(w, in->request_id);
	nea_wr_u32(w, in->delimiter);
	nea_wr_bytes(w, in->path, in->path_len);
	return nea_wr_error(w);
}

void attr_pts_req_file_meas_print(const attr_pts_req_file_meas_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  request %u: measure %s ", in->request_id,
		 in->directory ? "directory" : "file");
	patnc_pr_str(o, in->path, in->path_len);
	patnc_pr(o, ", delimiter 0x%08x\n", in->delimiter);
}

/*
 * File Measurement value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Number of Files included                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Number of Files included                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Request ID           |      Measurement Length       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Measurement #1 (Variable Length)            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Filename Length          | Filename (Variable Length)    ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 */
int attr_pts_file_meas_parse(const uint8_t *v, size_t len, attr_pts_file_meas_t *out,
			     nea_perr_t *err)
{
	uint64_t count;
	size_t i, min_file;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, 12, err, "file measurement");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u64(&r, &count) || !nea_rd_u16(&r, &out->request_id) ||
	    !nea_rd_u16(&r, &out->meas_len))
		return nea_perr(err, NEA_ETRUNC, 0, "file measurement cut short");
	min_file = (size_t)out->meas_len + 2;
	if (count > nea_rd_left(&r) / min_file)
		return nea_perr(err, NEA_ETRUNC, 0, "%llu files cannot fit %zu bytes",
				(unsigned long long)count, nea_rd_left(&r));
	rc = attr_alloc_array((void **)&out->files, (size_t)count, sizeof(*out->files), min_file,
			      nea_rd_left(&r), 0, err, "files");
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		attr_pts_file_digest_t *f = &out->files[i];
		size_t at = r.off;

		if (!nea_rd_bytes(&r, out->meas_len, &f->digest)) {
			attr_pts_file_meas_release(out);
			return nea_perr(err, NEA_ETRUNC, at, "measurement cut short");
		}
		rc = attr_rd_data16(&r, &f->name, &f->name_len, err, "filename");
		if (rc) {
			attr_pts_file_meas_release(out);
			return rc;
		}
	}
	out->count = (size_t)count;
	if (nea_rd_left(&r)) {
		size_t at = r.off;

		attr_pts_file_meas_release(out);
		return nea_perr(err, NEA_EINVAL, at, "%zu bytes after the last file", len - at);
	}
	return 0;
}

int attr_pts_file_meas_build(const attr_pts_file_meas_t *in, nea_wr_t *w)
{
	size_t i;

	for (i = 0; i < in->count; i++)
		if (in->files[i].name_len > 0xffff)
			return NEA_EINVAL;
	nea_wr_u64(w, in->count);
	nea_wr_u16(w, in->request_id);
	nea_wr_u16(w, in->count ? in->meas_len : 0);
	for (i = 0; i < in->count; i++) {
		nea_wr_bytes(w, in->files[i].digest, in->meas_len);
		nea_wr_u16(w, (uint16_t)in->files[i].name_len);
		nea_wr_bytes(w, in->files[i].name, in->files[i].name_len);
	}
	return nea_wr_error(w);
}

void attr_pts_file_meas_print(const attr_pts_file_meas_t *in, nea_wr_t *o)
{
	size_t i;

	patnc_pr(o, "  request %u: %zu file measurement%s\n", in->request_id, in->count,
		 in->count == 1 ? "" : "s");
	for (i = 0; i < in->count; i++) {
		patnc_pr(o, "  ");
		patnc_pr_hex(o, in->files[i].digest, in->meas_len, 64);
		patnc_pr(o, " ");
		patnc_pr_str(o, in->files[i].name, in->files[i].name_len);
		patnc_pr(o, "\n");
	}
}

void attr_pts_file_meas_release(attr_pts_file_meas_t *a)
{
	free(a->files);
	a->files = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_pts_file_meas_t, attr_pts_file_meas_release)
PATNC_CODEC_DEFINE(attr_pts_req_file_meas_codec, attr_pts_req_file_meas_t, PEN_TCG,
		   TCG_PTS_REQ_FILE_MEAS, attr_pts_req_file_meas, NULL);
PATNC_CODEC_DEFINE(attr_pts_file_meas_codec, attr_pts_file_meas_t, PEN_TCG, TCG_PTS_FILE_MEAS,
		   attr_pts_file_meas, rel);

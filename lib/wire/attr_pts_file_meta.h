/*
 * attr_pts_file_meta: TCG PTS Request File Metadata (0x00700000) and
 * Unix-Style File Metadata (0x00900000).
 *
 * Contract:
 *   Request:  Flags(1: D=0x80 directory) Delimiter(1) Reserved(2) Pathname
 *             (rest, not empty).
 *   Metadata: Number of Files(8), then per file Metadata Length(2, = 52 +
 *             filename length: it counts itself and every fixed field)
 *             Type(1) Reserved(1) Size(8) Create(8) Modify(8) Access(8)
 *             Owner(8) Group(8) Filename (no NUL). A Metadata Length below
 *             52 is rejected at its offset; the data must end after the
 *             last file.
 * A parsed metadata struct owns its files array; names are borrowed.
 */
#ifndef NEA_ATTR_PTS_FILE_META_H
#define NEA_ATTR_PTS_FILE_META_H

#include "attr_pts_file_meas.h"

#define PTS_FILE_META_FIXED 52

typedef struct {
	bool directory;
	uint8_t delimiter;
	const uint8_t *path;
	size_t path_len;
} attr_pts_req_file_meta_t;

typedef struct {
	uint8_t type;
	uint64_t size;
	uint64_t created;
	uint64_t modified;
	uint64_t accessed;
	uint64_t owner;
	uint64_t group;
	const uint8_t *name;
	size_t name_len;
} attr_pts_file_metadata_t;

typedef struct {
	attr_pts_file_metadata_t *files;
	size_t count;
} attr_pts_unix_file_meta_t;

int attr_pts_req_file_meta_parse(const uint8_t *v, size_t len, attr_pts_req_file_meta_t *out,
				 nea_perr_t *err);
int attr_pts_req_file_meta_build(const attr_pts_req_file_meta_t *in, nea_wr_t *w);
void attr_pts_req_file_meta_print(const attr_pts_req_file_meta_t *in, nea_wr_t *o);

int attr_pts_unix_file_meta_parse(const uint8_t *v, size_t len, attr_pts_unix_file_meta_t *out,
				  nea_perr_t *err);
int attr_pts_unix_file_meta_build(const attr_pts_unix_file_meta_t *in, nea_wr_t *w);
void attr_pts_unix_file_meta_print(const attr_pts_unix_file_meta_t *in, nea_wr_t *o);
void attr_pts_unix_file_meta_release(attr_pts_unix_file_meta_t *a);

extern const patnc_codec_t attr_pts_req_file_meta_codec;
extern const patnc_codec_t attr_pts_unix_file_meta_codec;

#endif

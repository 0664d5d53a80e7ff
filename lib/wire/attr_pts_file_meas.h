/*
 * attr_pts_file_meas: TCG PTS Request File Measurement (0x00c00000) and
 * File Measurement (0x00d00000).
 *
 * Contract:
 *   Request:     Flags(1: D=0x80 directory) Reserved(1) Request ID(2)
 *                Delimiter(4, e.g. '/' = 0x2f) Pathname (rest, not empty).
 *   Measurement: Number of Files(8) Request ID(2) Measurement Length(2), then
 *                per file Measurement(Measurement Length) Filename Len(2)
 *                Filename; the data must end exactly after the last file
 *                (zero files are sent with Measurement Length 0).
 * A parsed File Measurement owns its files array; names and digests are
 * borrowed. The file count is bounded by the data before allocating.
 */
#ifndef NEA_ATTR_PTS_FILE_MEAS_H
#define NEA_ATTR_PTS_FILE_MEAS_H

#include "patnc_attr.h"

#define PTS_FILE_FLAG_DIRECTORY 0x80

typedef struct {
	bool directory;
	uint16_t request_id;
	uint32_t delimiter;
	const uint8_t *path;
	size_t path_len;
} attr_pts_req_file_meas_t;

typedef struct {
	const uint8_t *digest; /* meas_len bytes */
	const uint8_t *name;
	size_t name_len;
} attr_pts_file_digest_t;

typedef struct {
	uint16_t request_id;
	uint16_t meas_len;
	attr_pts_file_digest_t *files;
	size_t count;
} attr_pts_file_meas_t;

int attr_pts_req_file_meas_parse(const uint8_t *v, size_t len, attr_pts_req_file_meas_t *out,
				 nea_perr_t *err);
int attr_pts_req_file_meas_build(const attr_pts_req_file_meas_t *in, nea_wr_t *w);
void attr_pts_req_file_meas_print(const attr_pts_req_file_meas_t *in, nea_wr_t *o);

int attr_pts_file_meas_parse(const uint8_t *v, size_t len, attr_pts_file_meas_t *out,
			     nea_perr_t *err);
int attr_pts_file_meas_build(const attr_pts_file_meas_t *in, nea_wr_t *w);
void attr_pts_file_meas_print(const attr_pts_file_meas_t *in, nea_wr_t *o);
void attr_pts_file_meas_release(attr_pts_file_meas_t *a);

extern const patnc_codec_t attr_pts_req_file_meas_codec;
extern const patnc_codec_t attr_pts_file_meas_codec;

#endif

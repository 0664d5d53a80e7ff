/*
 * attr_ita_blob: the ITA-HSR attributes whose value is one unstructured
 * byte string: Command (type 1, UTF-8 command), Dummy (type 2, filler that
 * strongSwan fills with 0xdd), Echo (type 7, opaque), Device ID (type 8,
 * e.g. the hex machine-id, no length, no NUL) and Get Symlinks (type 9, one
 * directory path, e.g. "/").
 *
 * Contract: data borrows the whole value; any length including 0 is valid.
 * attr_ita_dummy_fill() makes strongSwan's filler for a given size.
 */
#ifndef NEA_ATTR_ITA_BLOB_H
#define NEA_ATTR_ITA_BLOB_H

#include "patnc_attr.h"

#define ITA_DUMMY_FILL 0xdd

typedef struct {
	const uint8_t *data;
	size_t len;
} attr_ita_blob_t;

int attr_ita_blob_parse(uint32_t type, const uint8_t *v, size_t len, attr_ita_blob_t *out,
			nea_perr_t *err);
int attr_ita_blob_build(uint32_t type, const attr_ita_blob_t *in, nea_wr_t *w);
void attr_ita_blob_print(uint32_t type, const attr_ita_blob_t *in, nea_wr_t *o);
/* Append size filler bytes (the Dummy attribute's value) to w. */
int attr_ita_dummy_fill(size_t size, nea_wr_t *w);

extern const patnc_codec_t attr_ita_command_codec;
extern const patnc_codec_t attr_ita_dummy_codec;
extern const patnc_codec_t attr_ita_echo_codec;
extern const patnc_codec_t attr_ita_device_id_codec;
extern const patnc_codec_t attr_ita_get_symlinks_codec;

#endif

#include "attr_ita_blob.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * ITA-HSR Command / Dummy / Echo / Device ID / Get Symlinks value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       Command / Filler / Echo / Device ID / Directory         |
 *  |                       (Variable Length)                       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_ita_blob_parse(uint32_t type, const uint8_t *v, size_t len, attr_ita_blob_t *out,
			nea_perr_t *err)
{
	(void)type;
	(void)err;
	out->data = v;
	out->len = len;
	return 0;
}

int attr_ita_blob_build(uint32_t type, const attr_ita_blob_t *in, nea_wr_t *w)
{
	(void)type;
	nea_wr_bytes(w, in->data, in->len);
	return nea_wr_error(w);
}

int attr_ita_dummy_fill(size_t size, nea_wr_t *w)
{
	if (nea_wr_reserve(w, size))
		return nea_wr_error(w);
	memset(w->ptr + w->len, ITA_DUMMY_FILL, size);
	w->len += size;
	return 0;
}

void attr_ita_blob_print(uint32_t type, const attr_ita_blob_t *in, nea_wr_t *o)
{
	switch (type) {
	case ITA_ATTR_COMMAND:
		patnc_pr(o, "  command ");
		patnc_pr_str(o, in->data, in->len);
		break;
	case ITA_ATTR_DEVICE_ID:
		patnc_pr(o, "  device ID ");
		patnc_pr_str(o, in->data, in->len);
		break;
	case ITA_ATTR_GET_SYMLINKS:
		patnc_pr(o, "  directory ");
		patnc_pr_str(o, in->data, in->len);
		break;
	case ITA_ATTR_DUMMY:
		patnc_pr(o, "  %zu filler bytes", in->len);
		break;
	default:
		patnc_pr(o, "  %zu bytes: ", in->len);
		patnc_pr_hex(o, in->data, in->len, 64);
		break;
	}
	patnc_pr(o, "\n");
}

PATNC_CODEC_DEFINE_T(attr_ita_command_codec, attr_ita_blob_t, PEN_ITA, ITA_ATTR_COMMAND,
		     attr_ita_blob, NULL);
PATNC_CODEC_DEFINE_T(attr_ita_dummy_codec, attr_ita_blob_t, PEN_ITA, ITA_ATTR_DUMMY,
		     attr_ita_blob, NULL);
PATNC_CODEC_DEFINE_T(attr_ita_echo_codec, attr_ita_blob_t, PEN_ITA, ITA_ATTR_ECHO, attr_ita_blob,
		     NULL);
PATNC_CODEC_DEFINE_T(attr_ita_device_id_codec, attr_ita_blob_t, PEN_ITA, ITA_ATTR_DEVICE_ID,
		     attr_ita_blob, NULL);
PATNC_CODEC_DEFINE_T(attr_ita_get_symlinks_codec, attr_ita_blob_t, PEN_ITA,
		     ITA_ATTR_GET_SYMLINKS, attr_ita_blob, NULL);

#include "attr_ita_settings.h"

#include "attr_common.h"
#include "attr_types.h"

/*
 * ITA-HSR Get Settings / Settings value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Settings Count                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        Name Length            |  Name (Variable Length)       ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Settings only: Value Length  |  Value (Variable Length)      ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              ...                              |
 */
int attr_ita_settings_parse(uint32_t type, const uint8_t *v, size_t len,
			    attr_ita_settings_t *out, nea_perr_t *err)
{
	bool values = type == ITA_ATTR_SETTINGS;
	uint32_t count, i;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	nea_rd_init(&r, v, len);
	if (!nea_rd_u32(&r, &count))
		return nea_perr(err, NEA_ETRUNC, 0, "settings count missing");
	rc = attr_alloc_array((void **)&out->entries, count, sizeof(*out->entries),
			      values ? 4 : 2, nea_rd_left(&r), r.off, err, "settings");
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		attr_ita_setting_t *s = &out->entries[i];

		rc = attr_rd_data16(&r, &s->name, &s->name_len, err, "setting name");
		if (!rc && values)
			rc = attr_rd_data16(&r, &s->value, &s->value_len, err, "setting value");
		if (rc) {
			attr_ita_settings_release(out);
			return rc;
		}
	}
	out->count = count;
	if (nea_rd_left(&r)) {
		size_t at = r.off;

		attr_ita_settings_release(out);
		return nea_perr(err, NEA_EINVAL, at, "%zu bytes after %u settings", len - at, count);
	}
	return 0;
}

int attr_ita_settings_build(uint32_t type, const attr_ita_settings_t *in, nea_wr_t *w)
{
	bool values = type == ITA_ATTR_SETTINGS;
	size_t i;

	if (in->count > 0xffffffffu)
		return NEA_EINVAL;
	for (i = 0; i < in->count; i++)
		if (in->entries[i].name_len > 0xffff || (values && in->entries[i].value_len > 0xffff))
			return NEA_EINVAL;
	nea_wr_u32(w, (uint32_t)in->count);
	for (i = 0; i < in->count; i++) {
		nea_wr_u16(w, (uint16_t)in->entries[i].name_len);
		nea_wr_bytes(w, in->entries[i].name, in->entries[i].name_len);
		if (values) {
			nea_wr_u16(w, (uint16_t)in->entries[i].value_len);
			nea_wr_bytes(w, in->entries[i].value, in->entries[i].value_len);
		}
	}
	return nea_wr_error(w);
}

void attr_ita_settings_print(uint32_t type, const attr_ita_settings_t *in, nea_wr_t *o)
{
	size_t i;

	patnc_pr(o, "  %zu setting%s\n", in->count, in->count == 1 ? "" : "s");
	for (i = 0; i < in->count; i++) {
		patnc_pr(o, "  ");
		patnc_pr_str(o, in->entries[i].name, in->entries[i].name_len);
		if (type == ITA_ATTR_SETTINGS) {
			patnc_pr(o, " = ");
			patnc_pr_str(o, in->entries[i].value, in->entries[i].value_len);
		}
		patnc_pr(o, "\n");
	}
}

void attr_ita_settings_release(attr_ita_settings_t *a)
{
	free(a->entries);
	a->entries = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_ita_settings_t, attr_ita_settings_release)
PATNC_CODEC_DEFINE_T(attr_ita_get_settings_codec, attr_ita_settings_t, PEN_ITA,
		     ITA_ATTR_GET_SETTINGS, attr_ita_settings, rel);
PATNC_CODEC_DEFINE_T(attr_ita_settings_codec, attr_ita_settings_t, PEN_ITA, ITA_ATTR_SETTINGS,
		     attr_ita_settings, rel);

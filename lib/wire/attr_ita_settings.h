/*
 * attr_ita_settings: ITA-HSR Get Settings (type 3) and Settings (type 4).
 *
 * Contract: Count(4) followed by Count names (Get Settings) or Count
 * name/value pairs (Settings), each a 2-byte-length-prefixed string. The
 * count must match the data exactly. Strings are borrowed; a parsed struct
 * owns its entries array (attr_ita_settings_release). imv_os asks for
 * "install_non_market_apps" (value "1" means unknown sources enabled).
 */
#ifndef NEA_ATTR_ITA_SETTINGS_H
#define NEA_ATTR_ITA_SETTINGS_H

#include "patnc_attr.h"

typedef struct {
	const uint8_t *name;
	size_t name_len;
	const uint8_t *value; /* Settings only */
	size_t value_len;
} attr_ita_setting_t;

typedef struct {
	attr_ita_setting_t *entries;
	size_t count;
} attr_ita_settings_t;

/* type: ITA_ATTR_GET_SETTINGS or ITA_ATTR_SETTINGS */
int attr_ita_settings_parse(uint32_t type, const uint8_t *v, size_t len,
			    attr_ita_settings_t *out, nea_perr_t *err);
int attr_ita_settings_build(uint32_t type, const attr_ita_settings_t *in, nea_wr_t *w);
void attr_ita_settings_print(uint32_t type, const attr_ita_settings_t *in, nea_wr_t *o);
void attr_ita_settings_release(attr_ita_settings_t *a);

extern const patnc_codec_t attr_ita_get_settings_codec;
extern const patnc_codec_t attr_ita_settings_codec;

#endif

#include "pbtnc_msg_lang.h"

#include <string.h>

/*
 *   PB-Language-Preference value (RFC 5793 §4.10)
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |              Language Preference (Variable Length)            |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Language Preference = "Accept-Language: " language-list (RFC 2616
 *   §14.4 syntax), US-ASCII, not NUL-terminated.
 */
int pbtnc_lang_parse(const uint8_t *v, size_t len, const uint8_t **lang, size_t *lang_len,
		     nea_perr_t *err)
{
	nea_rd_t r;
	const uint8_t *prefix;

	nea_rd_init(&r, v, len);
	if (!nea_rd_bytes(&r, PBTNC_LANG_PREFIX_LEN, &prefix) ||
	    memcmp(prefix, PBTNC_LANG_PREFIX, PBTNC_LANG_PREFIX_LEN) != 0)
		return nea_perr(err, NEA_EINVAL, 0,
				"language preference must be preceded by '%s'", PBTNC_LANG_PREFIX);
	*lang_len = nea_rd_left(&r);
	*lang = v + r.off;
	if (*lang_len && (*lang)[*lang_len - 1] == '\0')
		return nea_perr(err, NEA_EINVAL, PBTNC_LANG_PREFIX_LEN + *lang_len - 1,
				"language preference must not be null terminated");
	return 0;
}

int pbtnc_lang_build(nea_wr_t *w, const uint8_t *lang, size_t lang_len)
{
	if (lang_len && lang[lang_len - 1] == '\0')
		return NEA_EINVAL;
	nea_wr_bytes(w, PBTNC_LANG_PREFIX, PBTNC_LANG_PREFIX_LEN);
	nea_wr_bytes(w, lang, lang_len);
	return nea_wr_error(w);
}

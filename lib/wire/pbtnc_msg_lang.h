/*
 * pbtnc_msg_lang: the PB-Language-Preference value (RFC 5793 §4.10), IETF
 * type 6.
 *
 * Contract: the value is the ASCII text "Accept-Language: " (17 bytes, one
 * space) followed by the language list ("en", "de, en;q=0.5"), with no
 * length field and no NUL. parse() returns the list without the prefix; a
 * value that does not start with the prefix fails at offset 0 and a list
 * ending in NUL fails at the offset of that NUL, as strongSwan's
 * pb_language_preference_msg does. build() prepends the prefix.
 */
#ifndef PBTNC_MSG_LANG_H
#define PBTNC_MSG_LANG_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PBTNC_LANG_PREFIX "Accept-Language: "
#define PBTNC_LANG_PREFIX_LEN 17

int pbtnc_lang_parse(const uint8_t *v, size_t len, const uint8_t **lang, size_t *lang_len,
		     nea_perr_t *err);
int pbtnc_lang_build(nea_wr_t *w, const uint8_t *lang, size_t lang_len);

#endif

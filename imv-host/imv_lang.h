/*
 * imv_lang: the texts an IMV hands to the access requestor: reason strings
 * (PB-Reason-String) and remediation instructions (IETF Remediation
 * Instructions attribute), each in the language the client prefers.
 *
 * Contract:
 *  - imv_lang_select() reads the client's PB-Language-Preference list
 *    ("de, en;q=0.5", blanks around entries and quality values ignored,
 *    as strongSwan's language enumerator splits it) and returns the first entry the IMV supports;
 *    without a match the IMV's first language (strongSwan behaviour).
 *  - Text tables are arrays of {lang, text} ended by {NULL, NULL}; the first
 *    entry is the fallback.
 *  - The builders write into a nea_wr_t (sticky errors; check once). The
 *    remediation layouts are strongSwan's imv_remediation_string formats,
 *    byte for byte: XML ("<?xml ...?>\n<remediationinstructions>\n  <instruction>
 *    ... </remediationinstructions>", no final newline) or plain text
 *    ("Title\n  Description\n  Header\n    item", instructions separated by
 *    a newline). Item texts are written as given (strongSwan escapes
 *    nothing either).
 */
#ifndef NEA_IMV_LANG_H
#define NEA_IMV_LANG_H

#include <stdbool.h>
#include <stddef.h>

#include "nea_buf.h"

typedef struct {
	const char *lang;
	const char *text;
} imv_lang_str_t;

/* pref may be NULL or empty. Returns one of supported[] (n >= 1). */
const char *imv_lang_select(const char *pref, const char *const *supported, size_t n);
/* The text for lang in table t, else t's first entry; NULL if t is NULL. */
const char *imv_lang_pick(const imv_lang_str_t *t, const char *lang);

/* Reasons joined by "\n" (imv_reason_string). */
void imv_reason_add(nea_wr_t *w, const imv_lang_str_t *reason, const char *lang);

typedef struct {
	nea_wr_t w;      /* the instructions so far */
	bool xml;
	const char *lang;
	size_t count;    /* instructions added */
} imv_remed_t;

void imv_remed_init(imv_remed_t *r, bool xml, const char *lang);
/* header may be NULL; items may be NULL/0. */
void imv_remed_add(imv_remed_t *r, const imv_lang_str_t *title, const imv_lang_str_t *descr,
		   const imv_lang_str_t *header, const char *const *items, size_t n_items);
/* Wrap (XML) and hand over the text; NULL with *len 0 when nothing was added
 * or on a writer error (*err set). Caller frees. */
char *imv_remed_finish(imv_remed_t *r, size_t *len, int *err);
void imv_remed_free(imv_remed_t *r);

#endif

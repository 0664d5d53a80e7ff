/*
 * Language selection from the PB-Language-Preference list and the text
 * layouts of reason strings and remediation instructions (strongSwan's
 * imv_reason_string / imv_remediation_string).
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "imv_lang.h"

/* PB-Language-Preference lists pick the first supported language. */
Test(imv_lang, selection)
{
	static const char *const sup[] = { "en", "de", "pl" };

	cr_assert_str_eq(imv_lang_select("de", sup, 3), "de");
	cr_assert_str_eq(imv_lang_select("fr, pl ,de", sup, 3), "pl");
	cr_assert_str_eq(imv_lang_select("fr;q=1, de;q=0.5", sup, 3), "de");
	cr_assert_str_eq(imv_lang_select("fr", sup, 3), "en");
	cr_assert_str_eq(imv_lang_select("", sup, 3), "en");
	cr_assert_str_eq(imv_lang_select(NULL, sup, 3), "en");
	cr_assert_str_eq(imv_lang_select("d", sup, 3), "en");
	cr_assert_str_eq(imv_lang_select(",,,", sup, 3), "en");
}

static const imv_lang_str_t t1[] = { { "en", "Title" }, { "de", "Titel" }, { NULL, NULL } };
static const imv_lang_str_t d1[] = { { "en", "Descr" }, { NULL, NULL } };
static const imv_lang_str_t h1[] = { { "en", "Header:" }, { NULL, NULL } };

Test(imv_lang, remediation_layouts)
{
	static const char *const items[] = { "tcp/22", "udp/53" };
	imv_remed_t r;
	size_t len;
	int err;
	char *s;

	imv_remed_init(&r, false, "de");
	imv_remed_add(&r, t1, d1, h1, items, 2);
	imv_remed_add(&r, t1, d1, NULL, NULL, 0);
	s = imv_remed_finish(&r, &len, &err);
	cr_assert_not_null(s);
	cr_assert_str_eq(s, "Titel\n  Descr\n  Header:\n    tcp/22\n    udp/53\nTitel\n  Descr");
	cr_assert_eq(len, strlen(s));
	free(s);
	imv_remed_free(&r);

	imv_remed_init(&r, true, "en");
	imv_remed_add(&r, t1, d1, NULL, NULL, 0);
	s = imv_remed_finish(&r, &len, &err);
	cr_assert_str_eq(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<remediationinstructions>\n"
			    "  <instruction>\n    <title>Title</title>\n    <description>Descr"
			    "</description>\n  </instruction>\n</remediationinstructions>");
	free(s);
	imv_remed_free(&r);

	imv_remed_init(&r, true, "en");
	cr_assert_null(imv_remed_finish(&r, &len, &err), "no instruction, no text");
	cr_assert_eq(len, 0);
	imv_remed_free(&r);
}

Test(imv_lang, reasons_joined_by_newline)
{
	nea_wr_t w;

	nea_wr_init(&w, 1024);
	imv_reason_add(&w, t1, "de");
	imv_reason_add(&w, d1, "de");
	cr_assert_eq(w.len, 11);
	cr_assert_eq(memcmp(w.ptr, "Titel\nDescr", 11), 0);
	nea_wr_free(&w);
}

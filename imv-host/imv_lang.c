/* Reason strings and remediation instructions (see imv_lang.h). */
#include "imv_lang.h"

#include <string.h>

#include "nea_err.h"

#define TEXT_LIMIT (1024u * 1024u) /* far above anything an IMV writes */

static void wr_str(nea_wr_t *w, const char *s)
{
	nea_wr_bytes(w, s, strlen(s));
}

const char *imv_lang_select(const char *pref, const char *const *supported, size_t n)
{
	const char *p = pref ? pref : "";

	while (*p) {
		const char *end = strchr(p, ',');
		const char *b = p, *e = end ? end : p + strlen(p);
		const char *q = memchr(b, ';', (size_t)(e - b));

		/* "en;q=0.8": the quality value does not change the order */
		if (q)
			e = q;
		while (b < e && *b == ' ')
			b++;
		while (e > b && e[-1] == ' ')
			e--;
		for (size_t i = 0; i < n; i++) {
			size_t l = strlen(supported[i]);

			if ((size_t)(e - b) == l && memcmp(b, supported[i], l) == 0)
				return supported[i];
		}
		if (!end)
			break;
		p = end + 1;
	}
	return supported[0];
}

const char *imv_lang_pick(const imv_lang_str_t *t, const char *lang)
{
	if (!t || !t[0].lang)
		return NULL;
	for (size_t i = 0; t[i].lang; i++) {
		if (lang && strcmp(t[i].lang, lang) == 0)
			return t[i].text;
	}
	return t[0].text;
}

void imv_reason_add(nea_wr_t *w, const imv_lang_str_t *reason, const char *lang)
{
	const char *s = imv_lang_pick(reason, lang);

	if (!s)
		return;
	if (w->len)
		nea_wr_u8(w, '\n');
	wr_str(w, s);
}

void imv_remed_init(imv_remed_t *r, bool xml, const char *lang)
{
	memset(r, 0, sizeof(*r));
	nea_wr_init(&r->w, TEXT_LIMIT);
	r->xml = xml;
	r->lang = lang;
}

void imv_remed_add(imv_remed_t *r, const imv_lang_str_t *title, const imv_lang_str_t *descr,
		   const imv_lang_str_t *header, const char *const *items, size_t n_items)
{
	const char *t = imv_lang_pick(title, r->lang);
	const char *d = imv_lang_pick(descr, r->lang);
	const char *h = imv_lang_pick(header, r->lang);
	nea_wr_t *w = &r->w;

	if (!t || !d)
		return;
	if (r->xml) {
		wr_str(w, "  <instruction>\n    <title>");
		wr_str(w, t);
		wr_str(w, "</title>\n    <description>");
		wr_str(w, d);
		wr_str(w, "</description>\n");
		if (h) {
			wr_str(w, "    <itemsheader>");
			wr_str(w, h);
			wr_str(w, "</itemsheader>\n");
		}
		if (items && n_items) {
			wr_str(w, "    <items>\n");
			for (size_t i = 0; i < n_items; i++) {
				wr_str(w, "      <item>");
				wr_str(w, items[i]);
				wr_str(w, "</item>\n");
			}
			wr_str(w, "    </items>\n");
		}
		wr_str(w, "  </instruction>\n");
	} else {
		if (r->count)
			nea_wr_u8(w, '\n');
		wr_str(w, t);
		wr_str(w, "\n  ");
		wr_str(w, d);
		if (h) {
			wr_str(w, "\n  ");
			wr_str(w, h);
		}
		for (size_t i = 0; items && i < n_items; i++) {
			wr_str(w, "\n    ");
			wr_str(w, items[i]);
		}
	}
	r->count++;
}

char *imv_remed_finish(imv_remed_t *r, size_t *len, int *err)
{
	static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
				   "<remediationinstructions>\n";
	static const char tail[] = "</remediationinstructions>";
	nea_wr_t out;
	uint8_t *p;

	*len = 0;
	*err = nea_wr_error(&r->w);
	if (*err || !r->count)
		return NULL;
	nea_wr_init(&out, TEXT_LIMIT + sizeof(head) + sizeof(tail));
	if (r->xml)
		nea_wr_bytes(&out, head, sizeof(head) - 1);
	nea_wr_bytes(&out, r->w.ptr, r->w.len);
	if (r->xml)
		nea_wr_bytes(&out, tail, sizeof(tail) - 1);
	nea_wr_u8(&out, 0); /* callers treat it as a C string too */
	*err = nea_wr_error(&out);
	if (*err) {
		nea_wr_free(&out);
		return NULL;
	}
	p = nea_wr_detach(&out, len);
	*len -= 1;
	return (char *)p;
}

void imv_remed_free(imv_remed_t *r)
{
	nea_wr_free(&r->w);
}

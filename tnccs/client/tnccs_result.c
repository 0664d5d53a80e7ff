#include "tnccs_result.h"

#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_err.h"

static char *dup_text(const uint8_t *s, size_t len)
{
	char *p;

	if (len == SIZE_MAX)
		return NULL;
	p = malloc(len + 1);
	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static int grow(void **v, size_t n, size_t elem, size_t max)
{
	size_t bytes;
	void *nv;

	if (n >= max)
		return NEA_ETOOBIG;
	if (!nea_mul_size(n + 1, elem, &bytes))
		return NEA_ENOMEM;
	nv = realloc(*v, bytes);
	if (!nv)
		return NEA_ENOMEM;
	*v = nv;
	return 0;
}

int tnccs_result_add_reason(tnccs_result_t *r, const uint8_t *text, size_t len,
			    const uint8_t *lang, size_t lang_len)
{
	tnccs_reason_t e;
	int rc = grow((void **)&r->reasons, r->n_reasons, sizeof(e), TNCCS_RESULT_MAX_REASONS);

	if (rc)
		return rc;
	e.text = dup_text(text, len);
	e.lang = dup_text(lang, lang_len);
	if (!e.text || !e.lang) {
		free(e.text);
		free(e.lang);
		return NEA_ENOMEM;
	}
	r->reasons[r->n_reasons++] = e;
	return 0;
}

int tnccs_result_add_remediation(tnccs_result_t *r, uint32_t vendor, uint32_t type,
				 const uint8_t *text, size_t len, const uint8_t *lang,
				 size_t lang_len, const uint8_t *params, size_t params_len)
{
	tnccs_remediation_t e = { .vendor = vendor, .type = type, .params_len = params_len };
	int rc = grow((void **)&r->remediations, r->n_remediations, sizeof(e),
		      TNCCS_RESULT_MAX_REMEDIATIONS);

	if (rc)
		return rc;
	e.text = dup_text(text, text ? len : 0);
	e.lang = dup_text(lang, lang ? lang_len : 0);
	e.params = malloc(params_len ? params_len : 1);
	if (!e.text || !e.lang || !e.params) {
		free(e.text);
		free(e.lang);
		free(e.params);
		return NEA_ENOMEM;
	}
	if (params_len)
		memcpy(e.params, params, params_len);
	r->remediations[r->n_remediations++] = e;
	return 0;
}

int tnccs_result_add_pa(tnccs_result_t *r, const tnccs_pa_rec_t *pa)
{
	tnccs_pa_rec_t e = *pa;
	size_t total;
	int rc;

	if (!nea_add_size(r->pa_bytes, pa->len, &total) || total > TNCCS_RESULT_MAX_PA_BYTES ||
	    r->n_pa >= TNCCS_RESULT_MAX_PA) {
		r->pa_truncated = true;
		return NEA_ETOOBIG;
	}
	rc = grow((void **)&r->pa, r->n_pa, sizeof(e), TNCCS_RESULT_MAX_PA);
	if (rc)
		return rc;
	e.body = malloc(pa->len ? pa->len : 1);
	if (!e.body)
		return NEA_ENOMEM;
	if (pa->len)
		memcpy(e.body, pa->body, pa->len);
	r->pa[r->n_pa++] = e;
	r->pa_bytes = total;
	return 0;
}

void tnccs_result_free(tnccs_result_t *r)
{
	for (size_t i = 0; i < r->n_reasons; i++) {
		free(r->reasons[i].text);
		free(r->reasons[i].lang);
	}
	for (size_t i = 0; i < r->n_remediations; i++) {
		free(r->remediations[i].text);
		free(r->remediations[i].lang);
		free(r->remediations[i].params);
	}
	for (size_t i = 0; i < r->n_pa; i++)
		free(r->pa[i].body);
	free(r->reasons);
	free(r->remediations);
	free(r->pa);
	memset(r, 0, sizeof(*r));
}

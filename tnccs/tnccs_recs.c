#include "tnccs_recs.h"

#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "pbtnc_msg_access.h"
#include "pbtnc_msg_assess.h"

int tnccs_policy_from_name(const char *name, tnccs_policy_t *out)
{
	if (!name || strcmp(name, "default") == 0)
		*out = TNCCS_POLICY_DEFAULT;
	else if (strcmp(name, "any") == 0)
		*out = TNCCS_POLICY_ANY;
	else if (strcmp(name, "all") == 0)
		*out = TNCCS_POLICY_ALL;
	else
		return NEA_EINVAL;
	return 0;
}

const char *tnccs_policy_name(tnccs_policy_t p)
{
	switch (p) {
	case TNCCS_POLICY_ANY: return "any";
	case TNCCS_POLICY_ALL: return "all";
	default: return "default";
	}
}

/* Position in the severity order of the default policy. */
static int rec_rank(uint32_t rec)
{
	switch (rec) {
	case TNC_REC_ALLOW: return 1;
	case TNC_REC_ISOLATE: return 2;
	case TNC_REC_NO_ACCESS: return 3;
	default: return 0; /* NO_RECOMMENDATION */
	}
}

static int eval_rank(uint32_t eval)
{
	switch (eval) {
	case TNC_EVAL_COMPLIANT: return 1;
	case TNC_EVAL_NONCOMPLIANT_MINOR: return 2;
	case TNC_EVAL_NONCOMPLIANT_MAJOR: return 3;
	case TNC_EVAL_ERROR: return 4;
	default: return 0; /* DONT_KNOW */
	}
}

uint32_t tnccs_rec_update(uint32_t rec, uint32_t add)
{
	return rec_rank(add) > rec_rank(rec) ? add : rec;
}

uint32_t tnccs_eval_update(uint32_t eval, uint32_t add)
{
	return eval_rank(add) > eval_rank(eval) ? add : eval;
}

static void any_step(uint32_t *rec, uint32_t *eval, const tnccs_rec_t *e)
{
	switch (e->rec) {
	case TNC_REC_ALLOW:
		*rec = e->rec;
		break;
	case TNC_REC_ISOLATE:
		if (*rec != TNC_REC_ALLOW)
			*rec = e->rec;
		break;
	case TNC_REC_NO_ACCESS:
		if (*rec == TNC_REC_NO_RECOMMENDATION)
			*rec = e->rec;
		break;
	default:
		break;
	}
	switch (e->eval) {
	case TNC_EVAL_COMPLIANT:
		*eval = e->eval;
		break;
	case TNC_EVAL_NONCOMPLIANT_MINOR:
		if (*eval != TNC_EVAL_COMPLIANT)
			*eval = e->eval;
		break;
	case TNC_EVAL_NONCOMPLIANT_MAJOR:
		if (*eval != TNC_EVAL_COMPLIANT && *eval != TNC_EVAL_NONCOMPLIANT_MINOR)
			*eval = e->eval;
		break;
	case TNC_EVAL_ERROR:
		if (*eval == TNC_EVAL_DONT_KNOW)
			*eval = e->eval;
		break;
	default:
		break;
	}
}

int tnccs_recs_init(tnccs_recs_t *r, const uint32_t *ids, size_t n)
{
	size_t bytes;

	memset(r, 0, sizeof(*r));
	if (n == 0)
		return 0;
	if (!nea_mul_size(n, sizeof(*r->e), &bytes))
		return NEA_ENOMEM;
	r->e = calloc(1, bytes);
	if (!r->e)
		return NEA_ENOMEM;
	r->n = n;
	for (size_t i = 0; i < n; i++) {
		r->e[i].id = ids[i];
		r->e[i].rec = TNC_REC_NO_RECOMMENDATION;
		r->e[i].eval = TNC_EVAL_DONT_KNOW;
	}
	return 0;
}

void tnccs_recs_clear(tnccs_recs_t *r)
{
	for (size_t i = 0; i < r->n; i++) {
		tnccs_rec_t *e = &r->e[i];

		free(e->reason);
		free(e->lang);
		e->reason = e->lang = NULL;
		e->have = e->failsafe = false;
		e->rec = TNC_REC_NO_RECOMMENDATION;
		e->eval = TNC_EVAL_DONT_KNOW;
	}
}

void tnccs_recs_free(tnccs_recs_t *r)
{
	tnccs_recs_clear(r);
	free(r->e);
	memset(r, 0, sizeof(*r));
}

tnccs_rec_t *tnccs_recs_find(tnccs_recs_t *r, uint32_t id)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->e[i].id == id)
			return &r->e[i];
	return NULL;
}

int tnccs_recs_provide(tnccs_recs_t *r, uint32_t id, uint32_t rec, uint32_t eval, bool failsafe)
{
	tnccs_rec_t *e = tnccs_recs_find(r, id);

	if (!e)
		return NEA_ENOTFOUND;
	if (rec > TNC_REC_NO_RECOMMENDATION || eval > TNC_EVAL_DONT_KNOW)
		return NEA_EINVAL;
	e->have = true;
	e->failsafe = failsafe;
	e->rec = rec;
	e->eval = eval;
	return 0;
}

static char *dup_text(const char *s, size_t len)
{
	char *p = malloc(len + 1);

	if (!p)
		return NULL;
	if (len)
		memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

int tnccs_recs_set_reason(tnccs_recs_t *r, uint32_t id, const char *reason, size_t reason_len,
			  const char *lang, size_t lang_len)
{
	tnccs_rec_t *e = tnccs_recs_find(r, id);
	char *nr = NULL, *nl = NULL;

	if (!e)
		return NEA_ENOTFOUND;
	if (reason && (memchr(reason, 0, reason_len) || (lang && memchr(lang, 0, lang_len))))
		return NEA_EINVAL;
	if (reason && reason_len) {
		nr = dup_text(reason, reason_len);
		nl = dup_text(lang ? lang : "", lang ? lang_len : 0);
		if (!nr || !nl) {
			free(nr);
			free(nl);
			return NEA_ENOMEM;
		}
	}
	free(e->reason);
	free(e->lang);
	e->reason = nr;
	e->lang = nl;
	return 0;
}

bool tnccs_recs_have(const tnccs_recs_t *r, tnccs_policy_t p, uint32_t *rec, uint32_t *eval)
{
	uint32_t frec = TNC_REC_NO_RECOMMENDATION, feval = TNC_EVAL_DONT_KNOW;

	for (size_t i = 0; i < r->n; i++) {
		const tnccs_rec_t *e = &r->e[i];

		if (!e->have)
			return false;
		if (i == 0) {
			frec = e->rec;
			feval = e->eval;
			continue;
		}
		switch (p) {
		case TNCCS_POLICY_ALL:
			if (e->rec != frec)
				frec = TNC_REC_NO_RECOMMENDATION;
			if (e->eval != feval)
				feval = TNC_EVAL_DONT_KNOW;
			break;
		case TNCCS_POLICY_ANY:
			any_step(&frec, &feval, e);
			break;
		default:
			frec = tnccs_rec_update(frec, e->rec);
			feval = tnccs_eval_update(feval, e->eval);
			break;
		}
	}
	if (rec)
		*rec = frec;
	if (eval)
		*eval = feval;
	return true;
}

bool tnccs_recs_any_failsafe(const tnccs_recs_t *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->e[i].have && r->e[i].failsafe)
			return true;
	return false;
}

/* IF-IMV recommendation arithmetic (see imv_rec.h). */
#include "imv_rec.h"

/* Severity ranks: the merge keeps the higher one. */
static unsigned rec_rank(uint32_t rec)
{
	switch (rec) {
	case IMV_REC_NONE:
		return 0;
	case IMV_REC_ALLOW:
		return 1;
	case IMV_REC_ISOLATE:
		return 2;
	default: /* no access, and anything undefined */
		return 3;
	}
}

static unsigned eval_rank(uint32_t eval)
{
	switch (eval) {
	case IMV_EVAL_DONT_KNOW:
		return 0;
	case IMV_EVAL_COMPLIANT:
		return 1;
	case IMV_EVAL_MINOR:
		return 2;
	case IMV_EVAL_MAJOR:
		return 3;
	default: /* error, and anything undefined */
		return 4;
	}
}

uint32_t imv_rec_merge(uint32_t cur, uint32_t add)
{
	return rec_rank(add) > rec_rank(cur) ? add : cur;
}

uint32_t imv_eval_merge(uint32_t cur, uint32_t add)
{
	return eval_rank(add) > eval_rank(cur) ? add : cur;
}

uint32_t imv_workitem_rec(uint32_t eval, uint32_t rec_fail, uint32_t rec_noresult)
{
	switch (eval) {
	case IMV_EVAL_COMPLIANT:
		return IMV_REC_ALLOW;
	case IMV_EVAL_MINOR:
	case IMV_EVAL_MAJOR:
		return rec_fail;
	default:
		return rec_noresult;
	}
}

const char *imv_rec_name(uint32_t rec)
{
	static const char *const n[] = { "allow", "no access", "isolate", "no recommendation" };

	return rec < 4 ? n[rec] : "unknown";
}

const char *imv_eval_name(uint32_t eval)
{
	static const char *const n[] = { "compliant", "non-compliant minor",
					  "non-compliant major", "error", "don't know" };

	return eval < 5 ? n[eval] : "unknown";
}

const char *imv_conn_state_name(uint32_t state)
{
	static const char *const n[] = { "Create", "Handshake", "Allowed",
					  "Isolated", "None", "Delete" };

	return state < 6 ? n[state] : "unknown";
}

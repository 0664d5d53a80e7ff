/*
 * One IMV's state on one connection: the common part every IMV has
 * (recommendation, evaluation, segmentation contracts) and the
 * recommendation it hands to the broker (strongSwan imv_agent
 * provide_recommendation: a reason string only when the recommendation is
 * not allow).
 */
#include "imv_host_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "seg_contract.h"

imv_state_t *imv_state_new(imv_conn_t *c, const imv_mod_t *m)
{
	imv_state_t *st = calloc(1, sizeof(*st));

	if (!st)
		return NULL;
	st->cls = m->cls;
	st->conn = c;
	st->imv_id = m->id;
	st->name = m->name;
	st->conn_id = c->id;
	st->conn_state = IMV_CONN_CREATE;
	st->rec = IMV_REC_NONE;
	st->eval = IMV_EVAL_DONT_KNOW;
	if (st->cls->create && st->cls->create(st) < 0) {
		free(st);
		return NULL;
	}
	return st;
}

void imv_state_free(imv_state_t *st)
{
	if (!st)
		return;
	if (st->cls->destroy)
		st->cls->destroy(st);
	imv_contracts_free(st);
	free(st);
}

void imv_state_reset(imv_state_t *st)
{
	st->rec = IMV_REC_NONE;
	st->eval = IMV_EVAL_DONT_KNOW;
	if (st->cls->reset)
		st->cls->reset(st);
}

uint32_t imv_state_max_msg_len(const imv_state_t *st)
{
	return st->conn->max_msg_len;
}

uint32_t imv_state_max_seg(const imv_state_t *st)
{
	uint32_t m = st->conn->max_msg_len;

	return m ? seg_max_seg_for_msg(m) : SEG_NO_LIMIT;
}

const char *imv_state_langs(const imv_state_t *st)
{
	return st->conn->langs ? st->conn->langs : "";
}

const char *imv_state_setting(const imv_state_t *st, const char *key)
{
	char k[160];

	if (!st->conn->h->opts.conf || !st->cls->conf_name)
		return NULL;
	snprintf(k, sizeof(k), "libimcv.plugins.%s.%s", st->cls->conf_name, key);
	return nea_conf_get_str(st->conn->h->opts.conf, k, NULL);
}

void imv_state_set_rec(imv_state_t *st, uint32_t rec, uint32_t eval)
{
	st->rec = rec;
	st->eval = eval;
}

void imv_state_update_rec(imv_state_t *st, uint32_t rec, uint32_t eval)
{
	st->rec = imv_rec_merge(st->rec, rec);
	st->eval = imv_eval_merge(st->eval, eval);
}

int imv_provide_recommendation(imv_state_t *st)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Recommendation r = NEA__RECOMMENDATION__INIT;
	const char *lang = NULL;
	nea_wr_t w;
	int rc;

	nea_wr_init(&w, 65536);
	r.module_id = st->imv_id;
	r.recommendation = st->rec;
	r.evaluation = st->eval;
	if (st->rec != IMV_REC_ALLOW && st->cls->reason && st->cls->reason(st, &w, &lang) &&
	    w.len) {
		nea_wr_u8(&w, 0);
		if (!nea_wr_error(&w)) {
			r.reason = (char *)w.ptr;
			r.reason_lang = (char *)(lang ? lang : "");
			NLOG(TNC, 2, "IMV %u is setting reason string to '%s'", st->imv_id, r.reason);
			NLOG(TNC, 2, "IMV %u is setting reason language to '%s'", st->imv_id,
			     r.reason_lang);
		}
	}
	NLOG(TNC, 1, "IMV %u provides recommendation '%s' and evaluation '%s'", st->imv_id,
	     imv_rec_name(st->rec), imv_eval_name(st->eval));
	env.body_case = NEA__ENVELOPE__BODY_RECOMMENDATION;
	env.recommendation = &r;
	rc = imv_host_to_broker(st->conn->h, st->conn_id, &env);
	nea_wr_free(&w);
	return rc < 0 ? rc : IMV_DONE;
}

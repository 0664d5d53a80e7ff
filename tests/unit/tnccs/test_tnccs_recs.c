/*
 * Recommendation combining (strongSwan's tncif_policy and
 * tnc_imv_recommendations, PROTOCOLS.md §8.1), the module registry's
 * routing and checks, and the outgoing message queue's bounds.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "harness.h"
#include "nea_err.h"
#include "pbtnc_msg.h"
#include "tnccs_msgq.h"
#include "tnccs_recs.h"
#include "tnccs_registry.h"

enum { A = TNC_REC_ALLOW, N = TNC_REC_NO_ACCESS, I = TNC_REC_ISOLATE, R = TNC_REC_NO_RECOMMENDATION };
enum { C = TNC_EVAL_COMPLIANT, MI = TNC_EVAL_NONCOMPLIANT_MINOR, MA = TNC_EVAL_NONCOMPLIANT_MAJOR,
       E = TNC_EVAL_ERROR, D = TNC_EVAL_DONT_KNOW };

static void combine(tnccs_policy_t p, const uint32_t *rec, const uint32_t *eval, size_t n,
		    uint32_t want_rec, uint32_t want_eval)
{
	uint32_t ids[8], frec, feval;
	tnccs_recs_t r;

	for (size_t i = 0; i < n; i++)
		ids[i] = (uint32_t)i + 1;
	cr_assert_eq(tnccs_recs_init(&r, ids, n), 0);
	for (size_t i = 0; i < n; i++) {
		cr_assert_not(tnccs_recs_have(&r, p, NULL, NULL), "incomplete after %zu", i);
		cr_assert_eq(tnccs_recs_provide(&r, ids[i], rec[i], eval[i], false), 0);
	}
	cr_assert(tnccs_recs_have(&r, p, &frec, &feval));
	cr_assert_eq(frec, want_rec, "policy %s: rec %u want %u", tnccs_policy_name(p), frec,
		     want_rec);
	cr_assert_eq(feval, want_eval, "policy %s: eval %u want %u", tnccs_policy_name(p), feval,
		     want_eval);
	tnccs_recs_free(&r);
}

Test(tnccs_recs, default_policy_most_severe_wins)
{
	combine(TNCCS_POLICY_DEFAULT, (uint32_t[]){ A, N, A }, (uint32_t[]){ C, MI, D }, 3, N, MI);
	combine(TNCCS_POLICY_DEFAULT, (uint32_t[]){ A, I }, (uint32_t[]){ C, MA }, 2, I, MA);
	combine(TNCCS_POLICY_DEFAULT, (uint32_t[]){ R, A }, (uint32_t[]){ D, C }, 2, A, C);
	combine(TNCCS_POLICY_DEFAULT, (uint32_t[]){ I, N }, (uint32_t[]){ E, MI }, 2, N, E);
	combine(TNCCS_POLICY_DEFAULT, (uint32_t[]){ A }, (uint32_t[]){ C }, 1, A, C);
}

Test(tnccs_recs, all_policy_needs_unanimity)
{
	combine(TNCCS_POLICY_ALL, (uint32_t[]){ A, A }, (uint32_t[]){ C, C }, 2, A, C);
	combine(TNCCS_POLICY_ALL, (uint32_t[]){ A, N }, (uint32_t[]){ C, MI }, 2, R, D);
	combine(TNCCS_POLICY_ALL, (uint32_t[]){ N, N, N }, (uint32_t[]){ MI, MI, MA }, 3, N, D);
}

Test(tnccs_recs, any_policy_least_restrictive_wins)
{
	combine(TNCCS_POLICY_ANY, (uint32_t[]){ N, A }, (uint32_t[]){ MI, C }, 2, A, C);
	combine(TNCCS_POLICY_ANY, (uint32_t[]){ N, I }, (uint32_t[]){ MA, MI }, 2, I, MI);
	combine(TNCCS_POLICY_ANY, (uint32_t[]){ A, I }, (uint32_t[]){ C, MA }, 2, A, C);
	/* NO_ACCESS only replaces NO_RECOMMENDATION; ERROR only DONT_KNOW */
	combine(TNCCS_POLICY_ANY, (uint32_t[]){ R, N }, (uint32_t[]){ D, E }, 2, N, E);
	combine(TNCCS_POLICY_ANY, (uint32_t[]){ I, N }, (uint32_t[]){ MI, E }, 2, I, MI);
	/* DONT_KNOW never changes anything */
	combine(TNCCS_POLICY_ANY, (uint32_t[]){ N, R }, (uint32_t[]){ MA, D }, 2, N, MA);
}

Test(tnccs_recs, no_imvs_is_no_recommendation)
{
	tnccs_recs_t r;
	uint32_t rec, eval;

	cr_assert_eq(tnccs_recs_init(&r, NULL, 0), 0);
	cr_assert(tnccs_recs_have(&r, TNCCS_POLICY_DEFAULT, &rec, &eval));
	cr_assert_eq(rec, R);
	cr_assert_eq(eval, D);
	tnccs_recs_free(&r);
}

Test(tnccs_recs, names_values_reasons_and_clear)
{
	tnccs_policy_t p;
	tnccs_recs_t r;
	uint32_t ids[] = { 4, 9 };

	cr_assert_eq(tnccs_policy_from_name("any", &p), 0);
	cr_assert_eq(p, TNCCS_POLICY_ANY);
	cr_assert_eq(tnccs_policy_from_name("all", &p), 0);
	cr_assert_eq(tnccs_policy_from_name("default", &p), 0);
	cr_assert_eq(tnccs_policy_from_name("most", &p), NEA_EINVAL);
	cr_assert_eq(tnccs_recs_init(&r, ids, 2), 0);
	cr_assert_eq(tnccs_recs_provide(&r, 5, A, C, false), NEA_ENOTFOUND);
	cr_assert_eq(tnccs_recs_provide(&r, 4, 4, C, false), NEA_EINVAL);
	cr_assert_eq(tnccs_recs_provide(&r, 4, A, 5, false), NEA_EINVAL);
	cr_assert_eq(tnccs_recs_set_reason(&r, 9, "ports", 5, "en", 2), 0);
	cr_assert_str_eq(tnccs_recs_find(&r, 9)->reason, "ports");
	cr_assert_eq(tnccs_recs_set_reason(&r, 9, "a\0b", 3, "en", 2), NEA_EINVAL);
	cr_assert_str_eq(tnccs_recs_find(&r, 9)->reason, "ports", "old reason kept");
	cr_assert_eq(tnccs_recs_provide(&r, 4, A, C, true), 0);
	cr_assert(tnccs_recs_any_failsafe(&r));
	tnccs_recs_clear(&r);
	cr_assert_null(tnccs_recs_find(&r, 9)->reason);
	cr_assert_not(tnccs_recs_find(&r, 4)->have);
	cr_assert_not(tnccs_recs_any_failsafe(&r));
	tnccs_recs_free(&r);
}

/* ---- registry ---------------------------------------------------------------- */

Test(tnccs_registry, routing_by_subscription_and_exclusive)
{
	tnccs_registry_t r;

	h_registry(&r, "IMV", "1:OS:0/1,2:Scanner:0/5,3:Any:16777215/255");
	cr_assert(tnccs_registry_routes(&r, 0, 1, false, 0xffff));
	cr_assert(tnccs_registry_routes(&r, 0, 5, true, 2));
	cr_assert(tnccs_registry_routes(&r, 0, 5, true, 3), "the wildcard module takes it too");
	tnccs_registry_free(&r);
	h_registry(&r, "IMV", "1:OS:0/1,2:Scanner:0/5");
	cr_assert_not(tnccs_registry_routes(&r, 0, 9, false, 0xffff), "SWIMA: nobody");
	cr_assert_not(tnccs_registry_routes(&r, 0, 5, true, 1), "exclusive for the wrong IMV");
	cr_assert_not(tnccs_registry_routes(&r, 0x902a, 1, false, 0xffff));
	tnccs_registry_detach(&r);
	cr_assert_not(tnccs_registry_routes(&r, 0, 1, false, 0xffff), "detached routes nothing");
	cr_assert_not_null(tnccs_registry_find(&r, 2), "modules are remembered");
	tnccs_registry_free(&r);
}

Test(tnccs_registry, bad_registrations_refused)
{
	Nea__Module m[2], *mp[2] = { &m[0], &m[1] };
	Nea__Subscription sub = NEA__SUBSCRIPTION__INIT, *sp = &sub;
	Nea__ModuleRegister reg = NEA__MODULE_REGISTER__INIT;
	tnccs_registry_t r;
	const char *why;
	uint64_t gen;

	h_registry(&r, "IMV", "1:OS:0/1");
	gen = r.generation;
	for (int i = 0; i < 2; i++) {
		nea__module__init(&m[i]);
		m[i].id = (uint32_t)i + 1;
		m[i].name = (char *)"X";
		m[i].subscriptions = &sp;
		m[i].n_subscriptions = 1;
	}
	reg.modules = mp;
	reg.n_modules = 2;
	m[1].id = 1;
	cr_assert_eq(tnccs_registry_set(&r, &reg, &why), NEA_EINVAL);
	cr_assert_str_eq(why, "module ID registered twice");
	cr_assert_not(r.attached);
	m[1].id = 0xffff;
	cr_assert_eq(tnccs_registry_set(&r, &reg, &why), NEA_EINVAL);
	m[1].id = 2;
	m[1].name = (char *)"bad\nname";
	cr_assert_eq(tnccs_registry_set(&r, &reg, &why), NEA_EINVAL);
	m[1].name = (char *)"Scanner";
	sub.vendor = 0x1000000;
	cr_assert_eq(tnccs_registry_set(&r, &reg, &why), NEA_EINVAL);
	sub.vendor = 0;
	cr_assert_eq(tnccs_registry_set(&r, &reg, &why), 0);
	cr_assert(r.attached);
	cr_assert_gt(r.generation, gen);
	tnccs_registry_free(&r);
}

/* ---- message queue -------------------------------------------------------------- */

Test(tnccs_msgq, copies_and_bounds)
{
	tnccs_msgq_t q;
	pbtnc_msg_t m;
	uint8_t body[100];
	const tnccs_qmsg_t *e;

	memset(body, 7, sizeof(body));
	tnccs_msgq_init(&q, 300);
	pbtnc_msg_init(&m, PBTNC_KIND_PA);
	m.u.pa.body = body;
	m.u.pa.body_len = sizeof(body);
	cr_assert_eq(tnccs_msgq_push(&q, &m), 0);
	cr_assert_eq(tnccs_msgq_push(&q, &m), 0);
	cr_assert_eq(q.bytes, 2 * (12 + 12 + 100));
	cr_assert_eq(tnccs_msgq_push(&q, &m), NEA_ETOOBIG, "past max_bytes");
	memset(body, 0, sizeof(body)); /* the queue holds copies */
	e = tnccs_msgq_at(&q, 1);
	cr_assert_eq(e->m.u.pa.body[50], 7);
	tnccs_msgq_drop(&q, 1);
	cr_assert_eq(tnccs_msgq_len(&q), 1);
	cr_assert_eq(q.bytes, 124);
	pbtnc_msg_init(&m, PBTNC_KIND_PDP_REFERRAL);
	cr_assert_eq(tnccs_msgq_push(&q, &m), NEA_EINVAL, "never sent by the broker");
	/* ring growth keeps order */
	tnccs_msgq_free(&q);
	tnccs_msgq_init(&q, 0);
	for (uint32_t i = 0; i < 50; i++) {
		pbtnc_msg_init(&m, PBTNC_KIND_ASSESSMENT_RESULT);
		m.u.assessment = i;
		cr_assert_eq(tnccs_msgq_push(&q, &m), 0);
		if (i % 3 == 0)
			tnccs_msgq_drop(&q, 1);
	}
	for (size_t i = 1; i < tnccs_msgq_len(&q); i++)
		cr_assert_gt(tnccs_msgq_at(&q, i)->m.u.assessment,
			     tnccs_msgq_at(&q, i - 1)->m.u.assessment);
	tnccs_msgq_free(&q);
}

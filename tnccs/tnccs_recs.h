/*
 * tnccs_recs: the recommendations the verifiers (IMVs) of one connection
 * gave, and how they combine into the final one (strongSwan's
 * tnc_imv_recommendations + tncif_policy, PROTOCOLS.md §8.1).
 *
 * Contract: one entry per module in module-ID order, created empty (no
 * recommendation, NO_RECOMMENDATION / DONT_KNOW). tnccs_recs_have() is
 * true only when every entry has a recommendation (or there are no
 * entries: NO_RECOMMENDATION / DONT_KNOW then, as strongSwan); the result
 * is combined per policy:
 *   default  the more severe wins (NO_RECOMMENDATION < ALLOW < ISOLATE <
 *            NO_ACCESS; DONT_KNOW < COMPLIANT < MINOR < MAJOR < ERROR);
 *   all      any disagreement gives NO_RECOMMENDATION / DONT_KNOW;
 *   any      the least restrictive wins (ALLOW, then ISOLATE, NO_ACCESS
 *            only over NO_RECOMMENDATION; COMPLIANT, MINOR, MAJOR, ERROR
 *            only over DONT_KNOW).
 * The first entry seeds the fold. Reasons are kept per entry and listed
 * in entry order (one PB-Reason-String per module that set one). Values
 * outside the IF-IMV ranges are refused with NEA_EINVAL.
 */
#ifndef TNCCS_RECS_H
#define TNCCS_RECS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
	TNCCS_POLICY_DEFAULT = 0,
	TNCCS_POLICY_ANY = 1,
	TNCCS_POLICY_ALL = 2,
} tnccs_policy_t;

typedef struct {
	uint32_t id;
	bool have;
	bool failsafe;    /* imposed by the broker, not given by the module */
	uint32_t rec;     /* TNC_REC_* */
	uint32_t eval;    /* TNC_EVAL_* */
	char *reason;     /* NULL: none */
	char *lang;
} tnccs_rec_t;

typedef struct {
	tnccs_rec_t *e;
	size_t n;
} tnccs_recs_t;

/* "default", "any", "all" (strongSwan's names); NEA_EINVAL otherwise. */
int tnccs_policy_from_name(const char *name, tnccs_policy_t *out);
const char *tnccs_policy_name(tnccs_policy_t p);

/* tncif_policy: merge one module's result into a running one (default). */
uint32_t tnccs_rec_update(uint32_t rec, uint32_t add);
uint32_t tnccs_eval_update(uint32_t eval, uint32_t add);

int tnccs_recs_init(tnccs_recs_t *r, const uint32_t *ids, size_t n);
void tnccs_recs_free(tnccs_recs_t *r);
tnccs_rec_t *tnccs_recs_find(tnccs_recs_t *r, uint32_t id);
/* NEA_ENOTFOUND for an id without entry, NEA_EINVAL for bad values. */
int tnccs_recs_provide(tnccs_recs_t *r, uint32_t id, uint32_t rec, uint32_t eval, bool failsafe);
/* reason/lang: NUL-free text of the given lengths (copied); NULL clears. */
int tnccs_recs_set_reason(tnccs_recs_t *r, uint32_t id, const char *reason, size_t reason_len,
			  const char *lang, size_t lang_len);
/* Forget every recommendation and reason (handshake retry). */
void tnccs_recs_clear(tnccs_recs_t *r);
bool tnccs_recs_have(const tnccs_recs_t *r, tnccs_policy_t p, uint32_t *rec, uint32_t *eval);
bool tnccs_recs_any_failsafe(const tnccs_recs_t *r);

#endif

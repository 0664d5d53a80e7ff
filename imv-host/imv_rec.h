/*
 * imv_rec: TNC IF-IMV action recommendations and evaluation results, the
 * rules by which one IMV folds its workitem verdicts into its own
 * recommendation (strongSwan tncif_policy update rules, PROTOCOLS 8.1), and
 * how a workitem's evaluation becomes a recommendation (imv_workitem, 8.2).
 *
 * Contract: pure functions over the IF-IMV numbers; names are strongSwan's
 * log words ("no access", "non-compliant minor"). Values outside the
 * defined ranges are treated as the most severe so a corrupted value can
 * never relax a verdict.
 */
#ifndef NEA_IMV_REC_H
#define NEA_IMV_REC_H

#include <stdint.h>

enum {
	IMV_REC_ALLOW = 0,
	IMV_REC_NO_ACCESS = 1,
	IMV_REC_ISOLATE = 2,
	IMV_REC_NONE = 3, /* no recommendation */
};

enum {
	IMV_EVAL_COMPLIANT = 0,
	IMV_EVAL_MINOR = 1, /* non-compliant minor */
	IMV_EVAL_MAJOR = 2, /* non-compliant major */
	IMV_EVAL_ERROR = 3,
	IMV_EVAL_DONT_KNOW = 4,
};

/* IF-IMV connection states as module.proto numbers them. */
enum {
	IMV_CONN_CREATE = 0,
	IMV_CONN_HANDSHAKE = 1,
	IMV_CONN_ALLOWED = 2,
	IMV_CONN_ISOLATED = 3,
	IMV_CONN_NONE = 4,
	IMV_CONN_DELETE = 5,
};

/* IMC/IMV ID "any" (TNC_IMCID_ANY / TNC_IMVID_ANY on the wire). */
#define IMV_ID_ANY 0xffffu

/* The more restrictive of two recommendations; "no recommendation" yields. */
uint32_t imv_rec_merge(uint32_t cur, uint32_t add);
/* The more severe of two evaluations; "don't know" yields. */
uint32_t imv_eval_merge(uint32_t cur, uint32_t add);
/* compliant -> allow, minor/major -> rec_fail, error/don't know -> rec_noresult */
uint32_t imv_workitem_rec(uint32_t eval, uint32_t rec_fail, uint32_t rec_noresult);

const char *imv_rec_name(uint32_t rec);   /* "allow" .. "no recommendation" */
const char *imv_eval_name(uint32_t eval); /* "compliant" .. "don't know" */
/* "Create", "Handshake", "Allowed", "Isolated", "None", "Delete" */
const char *imv_conn_state_name(uint32_t state);

#endif

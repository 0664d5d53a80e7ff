/*
 * tnccs_result: what a TNC client learned from the PB-TNC server in one
 * assessment, kept for display (`nea pt-tls-client`) and for the caller's
 * decision: the PB-Assessment-Result, the PB-Access-Recommendation, every
 * PB-Reason-String and PB-Remediation-Parameters with their languages, and
 * the PA messages the server sent (so the CLI can decode IETF Assessment
 * Result and Remediation Instructions attributes).
 *
 * Contract: every string and body is an owned, NUL-terminated (strings)
 * copy; lists are bounded (TNCCS_RESULT_MAX_* entries, TNCCS_RESULT_MAX_PA_BYTES
 * of PA bodies; pa_truncated says when more arrived than was kept).
 * tnccs_result_free() releases everything and zeroes the struct.
 */
#ifndef TNCCS_RESULT_H
#define TNCCS_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TNCCS_RESULT_MAX_REASONS 64
#define TNCCS_RESULT_MAX_REMEDIATIONS 64
#define TNCCS_RESULT_MAX_PA 1024
#define TNCCS_RESULT_MAX_PA_BYTES (16u * 1024u * 1024u)

typedef struct {
	uint32_t vendor, subtype;  /* PA message vendor and subtype */
	uint16_t imc_id, imv_id;   /* Posture Collector / Validator IDs */
	bool excl;
	uint8_t batch_type;        /* PBTNC_BATCH_SDATA or _RESULT it came in */
	uint8_t *body;             /* the PA-TNC message */
	size_t len;
} tnccs_pa_rec_t;

typedef struct {
	char *text;
	char *lang;
} tnccs_reason_t;

typedef struct {
	uint32_t vendor, type;     /* IETF 1 = URI, 2 = String */
	char *text;                /* the URI or the string ("" for other types) */
	char *lang;                /* String: its language, else "" */
	uint8_t *params;           /* the raw parameters */
	size_t params_len;
} tnccs_remediation_t;

typedef struct {
	bool have_result;          /* a RESULT batch arrived */
	bool complete;             /* ... and the connection closed cleanly */
	bool have_evaluation;
	uint32_t evaluation;       /* TNC_EVAL_* from PB-Assessment-Result */
	bool have_access;
	uint16_t access;           /* PBTNC_ACCESS_* from PB-Access-Recommendation */
	uint32_t recommendation;   /* the same as IF-IMV action recommendation */
	tnccs_reason_t *reasons;
	size_t n_reasons;
	tnccs_remediation_t *remediations;
	size_t n_remediations;
	tnccs_pa_rec_t *pa;
	size_t n_pa;
	size_t pa_bytes;
	bool pa_truncated;
	char error[160];           /* why the assessment failed; "" when it did not */
} tnccs_result_t;

void tnccs_result_free(tnccs_result_t *r);
/* Owned copies; NEA_ENOMEM, or NEA_ETOOBIG past a bound (nothing kept). */
int tnccs_result_add_reason(tnccs_result_t *r, const uint8_t *text, size_t len,
			    const uint8_t *lang, size_t lang_len);
int tnccs_result_add_remediation(tnccs_result_t *r, uint32_t vendor, uint32_t type,
				 const uint8_t *text, size_t len, const uint8_t *lang,
				 size_t lang_len, const uint8_t *params, size_t params_len);
int tnccs_result_add_pa(tnccs_result_t *r, const tnccs_pa_rec_t *pa);

#endif

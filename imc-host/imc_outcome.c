/*
 * What the operator of the endpoint reads about the server's decision:
 * each IMV's IETF Assessment Result and Remediation Instructions (in
 * strongSwan's "***** assessment of IMC ... *****" block) and the overall
 * PB-TNC result the client broker relays.
 */
#include "imc_int.h"

#include <stdio.h>
#include <string.h>

#include "attr_ietf_remediation.h"
#include "attr_ietf_u32.h"
#include "attr_types.h"
#include "imc_remed.h"
#include "nea_log.h"
#include "tnc_names.h"

static void log_line(void *arg, const char *line)
{
	(void)arg;
	NLOG(IMC, 1, "%s", line);
}

static void log_raw_line(void *arg, const char *line)
{
	(void)arg;
	NLOG(IMC, 3, "%s", line);
}

static void header(const imc_state_t *st, uint32_t target, uint32_t imv, bool *first)
{
	if (!*first)
		return;
	if (imv == IMC_ID_ANY)
		NLOG(IMC, 1, "***** assessment of IMC %u \"%s\" *****", target, st->slot->name);
	else
		NLOG(IMC, 1, "***** assessment of IMC %u \"%s\" from IMV %u *****", target,
		     st->slot->name, imv);
	*first = false;
}

static void remediation(const attr_ietf_remediation_t *r)
{
	char safe[IMC_REMED_LINE_MAX], lang[64];

	if (r->vendor == PEN_IETF && r->type == REMEDIATION_URI) {
		imc_log_safe(r->uri, r->uri_len, safe, sizeof(safe));
		NLOG(IMC, 1, "remediation uri: %s", safe);
	} else if (r->vendor == PEN_IETF && r->type == REMEDIATION_STRING) {
		imc_log_safe(r->lang, r->lang_len, lang, sizeof(lang));
		NLOG(IMC, 1, "remediation string: [%s]", lang);
		imc_remed_render(r->string, r->string_len, log_line, NULL);
		if (nea_log_enabled(NEA_LG_IMC, 3)) {
			NLOG(IMC, 3, "remediation string as received:");
			/* Shown line by line, never as one line with raw newlines. */
			for (size_t i = 0, start = 0; i <= r->string_len; i++) {
				if (i == r->string_len || r->string[i] == '\n') {
					imc_log_safe(r->string + start, i - start, safe, sizeof(safe));
					log_raw_line(NULL, safe);
					start = i + 1;
				}
			}
		}
	} else {
		NLOG(IMC, 1, "remediation parameters of type 0x%06x/0x%08x (%zu bytes):", r->vendor,
		     r->type, r->params_len);
		nea_log_hex(NEA_LG_IMC, 1, "", r->params, r->params_len);
	}
}

void imc_outcome_assessment(const imc_state_t *st, uint32_t target, uint32_t imv,
			    const imc_attrs_t *attrs)
{
	bool first = true;

	for (size_t i = 0; i < attrs->count; i++) {
		const patnc_attr_t *a = attrs->items[i];

		if (a->vendor != PEN_IETF || !a->data)
			continue;
		if (a->type == IETF_ATTR_ASSESSMENT_RESULT) {
			const attr_ietf_u32_t *res = a->data;

			header(st, target, imv, &first);
			NLOG(IMC, 1, "assessment result is '%s'", attr_eval_name(res->value));
		} else if (a->type == IETF_ATTR_REMEDIATION) {
			header(st, target, imv, &first);
			remediation(a->data);
		}
	}
	if (!first)
		NLOG(IMC, 1, "***** end of assessment *****");
}

void imc_outcome_result(uint64_t conn_id, const Nea__AssessmentOutcome *o)
{
	const char *eval = tnc_eval_name(o->evaluation);
	const char *rec = pbtnc_access_name((uint16_t)o->recommendation);
	char safe[IMC_REMED_LINE_MAX], lang[64];

	NLOG(IMC, 1, "Connection ID %llu: PB-TNC assessment result is '%s'",
	     (unsigned long long)conn_id, eval ? eval : "unknown");
	if (o->recommendation <= 0xffff && rec)
		NLOG(IMC, 1, "Connection ID %llu: PB-TNC access recommendation is '%s'",
		     (unsigned long long)conn_id, rec);
	else
		NLOG(IMC, 1, "Connection ID %llu: PB-TNC access recommendation %u is unknown",
		     (unsigned long long)conn_id, o->recommendation);
	if (o->reason) {
		imc_log_safe((const uint8_t *)o->reason, strlen(o->reason), safe, sizeof(safe));
		imc_log_safe((const uint8_t *)(o->reason_lang ? o->reason_lang : ""),
			     o->reason_lang ? strlen(o->reason_lang) : 0, lang, sizeof(lang));
		NLOG(IMC, 1, "Connection ID %llu: reason string is '%s' [%s]",
		     (unsigned long long)conn_id, safe, lang);
	}
	for (size_t i = 0; i < o->n_remediation; i++) {
		/* Same rendering as the IMVs' own instructions: XML as text, one
		 * log line per line, control characters neutralised. */
		NLOG(IMC, 1, "Connection ID %llu: remediation:", (unsigned long long)conn_id);
		imc_remed_render((const uint8_t *)o->remediation[i], strlen(o->remediation[i]),
				 log_line, NULL);
	}
}

/*
 * The OS IMV's handshake at batch ending (strongSwan imv_os_agent
 * batch_ending): announce the segmentation contract and ask for missing
 * mandatory attributes (INIT), start the policy once product and device
 * are known (nea-policyd's SessionStart, asynchronously: POLICY_WAIT),
 * claim the PCKGS, UNSRC, FWDEN and PWDEN workitems and ask for what they
 * need (POLICY_START), evaluate them as their data arrives (WORKITEMS),
 * and when none is left send the Assessment Result and the
 * recommendation (END).
 *
 * The message being built survives an IMV_WAIT in imv_os_t.be_out, so the
 * contract request of INIT and the attribute requests of POLICY_START end
 * up in one PA-TNC message as strongSwan sends them.
 */
#include "imv_os_int.h"

#include <stdio.h>
#include <string.h>

#include "attr_ietf_attr_request.h"
#include "attr_ita_settings.h"
#include "attr_names.h"
#include "attr_types.h"
#include "nea_err.h"
#include "nea_log.h"

/* strongSwan 5.9.14 announces "no message size limit" for the OS IMV */
#define OS_MAX_ATTR_SIZE 0xffffffffu

static const char unknown_source_setting[] = "install_non_market_apps";

static void add_request(imv_out_t *out, const attr_ietf_attr_request_entry_t *e, size_t n)
{
	attr_ietf_attr_request_t req = { (attr_ietf_attr_request_entry_t *)e, n };

	for (size_t i = 0; i < n; i++) {
		char name[96];

		NLOG(TNC, 2, "  0x%06x/0x%08x '%s'", e[i].vendor, e[i].type,
		     attr_full_name(e[i].vendor, e[i].type, name, sizeof(name)));
	}
	imv_out_add(out, 0, PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST, &req);
}

/* The mandatory attributes the IMC did not send unasked. */
static void request_missing(imv_out_t *out, uint32_t rcv)
{
	attr_ietf_attr_request_entry_t e[8];
	size_t n = 0;

	if (!(rcv & OS_ATTR_PRODUCT_INFO) || !(rcv & OS_ATTR_STRING_VERSION)) {
		e[n++] = (attr_ietf_attr_request_entry_t){ PEN_IETF, IETF_ATTR_PRODUCT_INFO };
		e[n++] = (attr_ietf_attr_request_entry_t){ PEN_IETF, IETF_ATTR_STRING_VERSION };
	}
	if (!(rcv & OS_ATTR_NUMERIC_VERSION))
		e[n++] = (attr_ietf_attr_request_entry_t){ PEN_IETF, IETF_ATTR_NUMERIC_VERSION };
	if (!(rcv & OS_ATTR_OP_STATUS))
		e[n++] = (attr_ietf_attr_request_entry_t){ PEN_IETF, IETF_ATTR_OP_STATUS };
	if (!(rcv & OS_ATTR_FWD_ENABLED))
		e[n++] = (attr_ietf_attr_request_entry_t){ PEN_IETF, IETF_ATTR_FORWARDING_ENABLED };
	if (!(rcv & OS_ATTR_DEFAULT_PWD))
		e[n++] = (attr_ietf_attr_request_entry_t){ PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED };
	if (!(rcv & OS_ATTR_DEVICE_ID))
		e[n++] = (attr_ietf_attr_request_entry_t){ PEN_ITA, ITA_ATTR_DEVICE_ID };
	add_request(out, e, n);
}

/* Assessment Result (+ remediation) and the recommendation: the end. */
static int finish(imv_state_t *st, imv_os_t *os)
{
	int rc;

	os->hs = OS_END;
	rc = imv_out_send_assessment(&os->be_out);
	imv_out_free(&os->be_out);
	os->be_live = false;
	if (rc < 0)
		return rc;
	return imv_provide_recommendation(st);
}

static void claim_workitems(imv_state_t *st, imv_os_t *os)
{
	imv_workitem_t *wis;
	size_t n = imv_session_workitems(st, &wis);
	bool none = true;

	for (size_t i = 0; i < n; i++) {
		imv_workitem_t *wi = &wis[i];

		if (wi->imv_id != IMV_ID_ANY || wi->done)
			continue;
		switch (wi->type) {
		case IMV_WI_PCKGS: {
			attr_ietf_attr_request_entry_t e = { PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES };

			add_request(&os->be_out, &e, 1);
			break;
		}
		case IMV_WI_UNSRC: {
			attr_ita_setting_t s = { (const uint8_t *)unknown_source_setting,
						 strlen(unknown_source_setting), NULL, 0 };
			attr_ita_settings_t gs = { &s, 1 };

			imv_out_add(&os->be_out, 0, PEN_ITA, ITA_ATTR_GET_SETTINGS, &gs);
			break;
		}
		case IMV_WI_FWDEN:
		case IMV_WI_PWDEN:
			break;
		default:
			continue;
		}
		imv_workitem_claim(st, wi);
		none = false;
	}
	if (none) {
		NLOG(IMV, 2, "IMV %u has no workitems - no evaluation requested", st->imv_id);
		imv_state_set_rec(st, IMV_REC_ALLOW, IMV_EVAL_DONT_KNOW);
	}
}

/* Evaluate every claimed workitem whose data is in; strongSwan's texts. */
static void evaluate_workitems(imv_state_t *st, imv_os_t *os)
{
	imv_workitem_t *wis;
	size_t n = imv_session_workitems(st, &wis);

	for (size_t i = 0; i < n; i++) {
		imv_workitem_t *wi = &wis[i];
		char result[256];
		uint32_t eval;
		bool fail;

		if (wi->imv_id != st->imv_id || wi->done)
			continue;
		switch (wi->type) {
		case IMV_WI_PCKGS:
			if (!(os->received & OS_ATTR_PACKAGES) || (os->chk && os->chk->outstanding))
				continue;
			fail = os->count_update || os->count_blacklist;
			eval = fail ? IMV_EVAL_MINOR : IMV_EVAL_COMPLIANT;
			snprintf(result, sizeof(result),
				 "processed %zu packages: %zu vulnerable, %zu blacklisted, %zu ok, "
				 "%zu unknown",
				 os->count, os->count_update, os->count_blacklist, os->count_ok,
				 os->count - os->count_update - os->count_blacklist - os->count_ok);
			break;
		case IMV_WI_UNSRC:
			if (!(os->received & OS_ATTR_SETTINGS))
				continue;
			fail = os->settings & OS_SET_UNKNOWN_SOURCE;
			eval = fail ? IMV_EVAL_MINOR : IMV_EVAL_COMPLIANT;
			snprintf(result, sizeof(result), "unknown sources%s enabled", fail ? "" : " not");
			break;
		case IMV_WI_FWDEN:
			if (!(os->received & OS_ATTR_FWD_ENABLED))
				continue;
			fail = os->settings & OS_SET_FWD;
			eval = fail ? IMV_EVAL_MAJOR : IMV_EVAL_COMPLIANT;
			snprintf(result, sizeof(result), "forwarding%s enabled", fail ? "" : " not");
			break;
		case IMV_WI_PWDEN:
			if (!(os->received & OS_ATTR_DEFAULT_PWD))
				continue;
			fail = os->settings & OS_SET_DEFAULT_PWD;
			eval = fail ? IMV_EVAL_MAJOR : IMV_EVAL_COMPLIANT;
			snprintf(result, sizeof(result), "factory default password%s enabled",
				 fail ? "" : " not");
			break;
		default:
			continue;
		}
		imv_workitem_finish(st, wi, eval, result);
	}
}

int imv_os_batch_ending(imv_state_t *st)
{
	imv_os_t *os = st->priv;
	uint32_t rcv = os->received;
	int rc = IMV_DONE;

	if (os->hs == OS_END)
		return IMV_DONE;
	if (!os->be_live) {
		imv_out_init(&os->be_out, st, IMV_ID_ANY);
		os->be_live = true;
	}

	if (os->hs == OS_INIT) {
		rc = imv_contract_request(st, &os->be_out, OS_MAX_ATTR_SIZE);
		if (rc < 0)
			NLOG(IMV, 1, "IMV %u: cannot announce a segmentation contract (%s)", st->imv_id,
			     nea_strerror(rc));
		if ((rcv & OS_ATTR_MUST) != OS_ATTR_MUST)
			request_missing(&os->be_out, rcv);
	}

	if (os->hs == OS_POLICY_WAIT) {
		/* SessionStart has been answered (or failed: then no workitems) */
		os->hs = OS_POLICY_START;
	} else if (os->hs < OS_POLICY_START) {
		if (imv_session_policy_started(st)) {
			os->hs = OS_POLICY_START; /* another IMV started it */
		} else if ((rcv & OS_ATTR_PRODUCT_INFO) && (rcv & OS_ATTR_STRING_VERSION) &&
			   ((rcv & OS_ATTR_DEVICE_ID) || os->hs == OS_ATTR_REQ)) {
			if (!imv_session_has_device(st))
				imv_session_set_device(st, NULL, 0);
			if (imv_session_db(st) == IMV_DB_AVAILABLE) {
				rc = imv_session_start(st);
				if (rc >= 0) {
					os->hs = OS_POLICY_WAIT;
					return IMV_WAIT;
				}
				NLOG(IMV, 1, "IMV %u: error in policy start (%s)", st->imv_id,
				     nea_strerror(rc));
			}
			NLOG(IMV, 2, "no workitems available - no evaluation possible");
			imv_state_set_rec(st, IMV_REC_ALLOW, IMV_EVAL_DONT_KNOW);
			imv_session_start_without_db(st);
			os->hs = OS_POLICY_START;
		} else if (os->hs == OS_ATTR_REQ) {
			/* Product Information and String Version should have come */
			NLOG(IMV, 1, "IMV %u: Connection ID %u did not report its operating system",
			     st->imv_id, st->conn_id);
			imv_state_set_rec(st, IMV_REC_NONE, IMV_EVAL_ERROR);
			return finish(st, os);
		} else {
			os->hs = OS_ATTR_REQ;
		}
	}

	if (os->hs == OS_POLICY_START) {
		claim_workitems(st, os);
		os->hs = OS_WORKITEMS;
	}

	if (os->hs == OS_WORKITEMS) {
		if (os->chk && os->chk->failed && !os->chk->outstanding) {
			/* strongSwan: a failed database check ends the assessment */
			imv_state_set_rec(st, IMV_REC_NONE, IMV_EVAL_ERROR);
			return finish(st, os);
		}
		evaluate_workitems(st, os);
		if (imv_session_workitems_left(st) == 0)
			return finish(st, os);
	}

	/* unsolicited requests go to any IMC, EXCL clear */
	if (imv_out_count(&os->be_out))
		rc = imv_out_send(&os->be_out, false);
	imv_out_free(&os->be_out);
	os->be_live = false;
	return rc < 0 ? rc : IMV_DONE;
}

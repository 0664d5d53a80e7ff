/*
 * The OS IMV's rules (strongSwan imv_os): attribute requests for what the
 * IMC did not send, policy start with or without a device ID, the FWDEN,
 * PWDEN, UNSRC and PCKGS workitems with strongSwan's result texts and
 * evaluations, reason strings and plain-text remediation in the client's
 * language, the verdict without a policy database or when a package check
 * fails, and Installed Packages arriving in Segment Envelopes.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "attr_ita_settings.h"
#include "attr_names.h"
#include "attr_tcg_seg_contract.h"
#include "attr_tcg_seg_env.h"
#include "attr_tcg_seg_next.h"
#include "attr_types.h"
#include "imv_harness.h"
#include "nea_buf.h"
#include "patnc_attr.h"
#include "patnc_msg.h"
#include "seg_contract.h"

static const char *const os_only[] = { "OS", NULL };
static const ih_os_t debian = { "Debian", "12 x86_64", "3d1219c7c4c5404aaa1f6d2a48adfda4", 0, 0,
				true };

static void setup(ih_t *t, const ih_wi_t *wis, size_t n, const char *lang)
{
	ih_init(t, os_only);
	memcpy(t->wis, wis, n * sizeof(*wis));
	t->n_wis = n;
	ih_open(t, 3, lang);
}

static void send_os(ih_t *t, const ih_os_t *os)
{
	size_t len;
	uint8_t *m = ih_os_msg(os, &len);

	ih_pa(t, 3, 0, 1, 1, 0xffff, false, m, len);
	free(m);
}

/* The remediation string of the OS IMV's last Assessment message. */
static char *remediation(ih_t *t, char *lang_out)
{
	size_t from = 0, vlen = 0, slen;
	const Nea__PaMessage *pa, *last = NULL;
	const uint8_t *v = NULL;
	char *s;

	while ((pa = ih_next_pa(t, &from, 1)))
		last = pa;
	cr_assert_not_null(last);
	v = ih_attr(last->body.data, last->body.len, 0, 10, &vlen);
	if (!v)
		return NULL;
	slen = nea_get_u32(v + 8);
	s = strndup((const char *)v + 12, slen);
	memcpy(lang_out, v + 13 + slen, v[12 + slen]);
	lang_out[v[12 + slen]] = '\0';
	return s;
}

Test(imv_os, forwarding_enabled_is_major_with_rec_fail_and_remediation)
{
	static const ih_wi_t wis[] = { { 3, "", 2, 0 }, { 4, "", 1, 0 } };
	ih_os_t os = debian;
	char lang[8];
	char *text;
	ih_t t;

	os.fwd = 1;
	setup(&t, wis, 2, "en");
	send_os(&t, &os);
	ih_batch_end(&t, 3);
	cr_assert_str_eq(ih_result(&t, 3)->result, "forwarding enabled");
	cr_assert_eq(ih_result(&t, 3)->rec_final, 2);
	cr_assert_str_eq(ih_result(&t, 4)->result, "factory default password not enabled");
	cr_assert_eq(ih_rec(&t, 1)->recommendation, 2);
	cr_assert_eq(ih_rec(&t, 1)->evaluation, 2);
	cr_assert_str_eq(ih_rec(&t, 1)->reason, "Improper OS settings were detected");
	text = remediation(&t, lang);
	cr_assert_str_eq(text, "IP Packet Forwarding\n  Please disable the forwarding of IP packets");
	cr_assert_str_eq(lang, "en");
	free(text);
	ih_fini(&t);
}

Test(imv_os, default_password_in_german)
{
	static const ih_wi_t wis[] = { { 4, "", 1, 0 } };
	ih_os_t os = debian;
	char lang[8];
	char *text;
	ih_t t;

	os.pwd = 1;
	setup(&t, wis, 1, "de");
	send_os(&t, &os);
	ih_batch_end(&t, 3);
	cr_assert_str_eq(ih_result(&t, 4)->result, "factory default password enabled");
	cr_assert_eq(ih_rec(&t, 1)->recommendation, 1);
	cr_assert_str_eq(ih_rec(&t, 1)->reason, "Unzulässige OS Einstellungen wurden festgestellt");
	cr_assert_str_eq(ih_rec(&t, 1)->reason_lang, "de");
	text = remediation(&t, lang);
	cr_assert_str_eq(text, "Default Passwort\n  Bitte ändern Sie das Default Passwort");
	cr_assert_str_eq(lang, "de");
	free(text);
	ih_fini(&t);
}

Test(imv_os, missing_attributes_are_requested_then_policy_starts_without_device)
{
	static const ih_wi_t wis[] = { { 3, "", 1, 0 } };
	static const uint8_t want_req[] = {
		0, 0, 0, 0, 0, 0, 0, 3,  0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 11,
		0, 0, 0, 0, 0, 0, 0, 12, 0, 0x00, 0x90, 0x2a, 0, 0, 0, 8,
	};
	ih_os_t os = { "Debian", "12 x86_64", NULL, -1, -1, false };
	const Nea__PaMessage *pa;
	const uint8_t *v;
	size_t from = 0, vlen;
	ih_t t;

	setup(&t, wis, 1, "en");
	send_os(&t, &os);
	ih_batch_end(&t, 3);
	pa = ih_next_pa(&t, &from, 1);
	cr_assert_not_null(pa);
	cr_assert_eq(ih_attr_count(pa->body.data, pa->body.len), 2);
	cr_assert_not_null(ih_attr(pa->body.data, pa->body.len, PEN_TCG, 0x21, &vlen));
	v = ih_attr(pa->body.data, pa->body.len, 0, 1, &vlen);
	cr_assert_not_null(v);
	cr_assert_eq(vlen, sizeof(want_req));
	cr_assert_eq(memcmp(v, want_req, vlen), 0);
	cr_assert_null(t.start_device, "policy must wait for the requested Device ID");

	/* the IMC has nothing more: the policy starts with an empty device ID */
	ih_batch_end(&t, 3);
	cr_assert_str_eq(t.start_device, "");
	cr_assert_str_eq(t.start_product, "Debian 12 x86_64");
	/* FWDEN never got its attribute: still open, no verdict yet */
	cr_assert_null(ih_result(&t, 3));
	cr_assert_null(ih_rec(&t, 1));
	ih_solicit(&t, 3);
	cr_assert_eq(ih_rec(&t, 1)->recommendation, 3); /* no recommendation */
	ih_fini(&t);
}

Test(imv_os, no_os_information_at_all_is_an_error)
{
	static const ih_wi_t wis[] = { { 3, "", 1, 0 } };
	const Nea__PaMessage *pa;
	const uint8_t *v;
	size_t from = 0, vlen;
	ih_t t;

	setup(&t, wis, 1, "en");
	ih_batch_end(&t, 3);
	pa = ih_next_pa(&t, &from, 1);
	v = ih_attr(pa->body.data, pa->body.len, 0, 1, &vlen);
	cr_assert_not_null(v);
	cr_assert_eq(vlen, 7 * 8); /* Product Information and String Version first */
	cr_assert_eq(v[7], 2);
	cr_assert_eq(v[15], 4);
	ih_batch_end(&t, 3);
	cr_assert_eq(ih_rec(&t, 1)->recommendation, 3);
	cr_assert_eq(ih_rec(&t, 1)->evaluation, 3);
	pa = ih_next_pa(&t, &from, 1);
	v = ih_attr(pa->body.data, pa->body.len, 0, 9, &vlen);
	cr_assert_not_null(v);
	cr_assert_eq(v[3], 3);
	cr_assert_null(t.start_product);
	ih_fini(&t);
}

Test(imv_os, packages_vulnerable_blacklisted_ok_unknown)
{
	static const ih_wi_t wis[] = { { 1, "", 1, 0 } };
	static const char *const pkgs[] = { "openssl", "3.0.11-1~deb12u2", "telnetd", "0.17-44",
					    "bash", "5.2.15-2+b8", "zstd", "1.5.4+dfsg2-5", NULL };
	char lang[8];
	char *text;
	size_t len;
	uint8_t *m;
	ih_t t;

	setup(&t, wis, 1, "en");
	t.pkgs[0] = (ih_pkg_t){ "openssl", "3.0.11-1~deb12u2", 2 };
	t.pkgs[1] = (ih_pkg_t){ "telnetd", "0.17-44", 3 };
	t.pkgs[2] = (ih_pkg_t){ "bash", "5.2.15-2+b8", 1 };
	t.n_pkgs = 3;
	send_os(&t, &debian);
	ih_batch_end(&t, 3);
	cr_assert_null(ih_rec(&t, 1));
	m = ih_pkgs_msg(pkgs, &len);
	ih_pa(&t, 3, 0, 1, 1, 1, true, m, len);
	free(m);
	ih_batch_end(&t, 3);
	cr_assert_eq(t.packages_checked, 4);
	cr_assert_str_eq(ih_result(&t, 1)->result,
			 "processed 4 packages: 1 vulnerable, 1 blacklisted, 1 ok, 1 unknown");
	cr_assert_eq(ih_rec(&t, 1)->recommendation, 1);
	cr_assert_eq(ih_rec(&t, 1)->evaluation, 1);
	cr_assert_str_eq(ih_rec(&t, 1)->reason,
			 "Vulnerable or blacklisted software packages were found");
	text = remediation(&t, lang);
	cr_assert_str_eq(text, "Blacklisted Software Packages\n  Dangerous software packages were "
			       "found\n  Please remove the following software packages:\n    "
			       "telnetd\nSoftware Security Updates\n  Packages with security "
			       "vulnerabilities were found\n  Please update the following "
			       "software packages:\n    openssl");
	free(text);
	ih_fini(&t);
}

Test(imv_os, unknown_sources_setting)
{
	static const ih_wi_t wis[] = { { 2, "", 1, 0 } };
	attr_ita_setting_t s = { (const uint8_t *)"install_non_market_apps", 23,
				 (const uint8_t *)"1", 1 };
	attr_ita_settings_t set = { &s, 1 };
	const Nea__PaMessage *pa;
	size_t from = 0, len, vlen;
	const uint8_t *v;
	uint8_t *m;
	ih_t t;

	setup(&t, wis, 1, "en");
	send_os(&t, &debian);
	ih_batch_end(&t, 3);
	pa = ih_next_pa(&t, &from, 1);
	v = ih_attr(pa->body.data, pa->body.len, PEN_ITA, ITA_ATTR_GET_SETTINGS, &vlen);
	cr_assert_not_null(v, "no Get Settings request");
	m = ih_one_attr_msg(0, PEN_ITA, ITA_ATTR_SETTINGS, &set, &len);
	ih_pa(&t, 3, 0, 1, 1, 1, true, m, len);
	free(m);
	ih_batch_end(&t, 3);
	cr_assert_str_eq(ih_result(&t, 2)->result, "unknown sources enabled");
	cr_assert_eq(ih_rec(&t, 1)->evaluation, 1);
	ih_fini(&t);
}

Test(imv_os, without_policy_database_allows_with_dont_know)
{
	ih_t t;

	ih_init(&t, os_only);
	t.policy_down = true;
	ih_open(&t, 3, "en");
	send_os(&t, &debian);
	ih_batch_end(&t, 3);
	cr_assert_eq(ih_rec(&t, 1)->recommendation, 0);
	cr_assert_eq(ih_rec(&t, 1)->evaluation, 4);
	cr_assert_eq(ih_count_case(&t, NEA__ENVELOPE__BODY_SESSION_START), 0);
	ih_state(&t, 3, NEA__CONN_STATE__CONN_ACCESS_ALLOWED);
	cr_assert_eq(ih_count_case(&t, NEA__ENVELOPE__BODY_SESSION_STOP), 0);
	ih_fini(&t);
}

/* The 834 captured packages in Segment Envelopes of at most 4072 bytes
 * (a 4096-byte PA-TNC limit), driven by the IMV's Next Segment requests. */
Test(imv_os, segmented_installed_packages_are_reassembled)
{
	static const ih_wi_t wis[] = { { 1, "", 1, 0 } };
	size_t len, vlen, plen, from, rounds = 0;
	uint8_t *cdata = ih_load("captures/run1_password_freshdb_03_pdp_recv_CDATA.hex", &len);
	const uint8_t *pa_body, *v;
	uint32_t sub;
	seg_contract_t tx;
	attr_tcg_seg_env_t env;
	bool last = false;
	ih_t t;

	ih_init(&t, os_only);
	t.max_msg = 4096;
	memcpy(t.wis, wis, sizeof(wis));
	t.n_wis = 1;
	ih_open(&t, 3, "en");
	send_os(&t, &debian);
	ih_batch_end(&t, 3);
	{
		/* the IMV announced max segment 4096 - 24 */
		from = 0;
		const Nea__PaMessage *pa = ih_next_pa(&t, &from, 1);

		v = ih_attr(pa->body.data, pa->body.len, PEN_TCG, TCG_SEG_CONTRACT_REQ, &vlen);
		cr_assert_not_null(v);
		cr_assert_eq(nea_get_u32(v), 0xffffffffu);
		cr_assert_eq(nea_get_u32(v + 4), 4072);
	}
	pa_body = ih_batch_pa(cdata, len, 0, &plen, &sub);
	v = ih_attr(pa_body, plen, 0, IETF_ATTR_INSTALLED_PACKAGES, &vlen);
	cr_assert_not_null(v);
	cr_assert_eq(seg_contract_init(&tx, 0, 1, SEG_DIR_TX, 0xffffffffu, 4072), 0);
	cr_assert_eq(seg_contract_first(&tx, v - 12, vlen + 12, 1, &env), 0);
	for (;;) {
		patnc_builder_t b;
		const Nea__PaMessage *pa;
		attr_tcg_seg_next_t next;
		nea_perr_t perr;
		uint8_t *m;
		size_t mlen;

		cr_assert_eq(patnc_builder_init(&b, 0x1000 + (uint32_t)rounds, 4096), 0);
		cr_assert_eq(patnc_builder_add(&b, 0, PEN_TCG, TCG_SEG_ENVELOPE, &env), 0);
		m = patnc_builder_finish(&b, &mlen);
		from = t.n_broker;
		ih_pa(&t, 3, 0, 1, 1, 1, true, m, mlen);
		free(m);
		ih_batch_end(&t, 3);
		rounds++;
		if (last)
			break;
		pa = ih_next_pa(&t, &from, 1);
		cr_assert_not_null(pa, "no Next Segment after segment %zu", rounds);
		cr_assert_eq(pa->dst_id, 1);
		v = ih_attr(pa->body.data, pa->body.len, PEN_TCG, TCG_SEG_NEXT_SEGMENT, &vlen);
		cr_assert_not_null(v);
		memset(&perr, 0, sizeof(perr));
		cr_assert_eq(attr_tcg_seg_next_parse(v, vlen, &next, &perr), 0);
		cr_assert_eq(next.cancel, false);
		cr_assert_eq(seg_contract_next(&tx, &next, 2, &env, &last), 0);
		cr_assert_lt(rounds, 20);
	}
	cr_assert_eq(rounds, 6); /* 21186 bytes in 4072-byte segments */
	cr_assert_eq(t.packages_checked, 834);
	cr_assert_str_eq(ih_result(&t, 1)->result,
			 "processed 834 packages: 0 vulnerable, 0 blacklisted, 0 ok, 834 unknown");
	cr_assert_eq(ih_rec(&t, 1)->recommendation, 0);
	seg_contract_free(&tx);
	free(cdata);
	ih_fini(&t);
}

Test(imv_os, failing_package_check_gives_no_recommendation)
{
	static const ih_wi_t wis[] = { { 1, "", 1, 0 } };
	static const char *const pkgs[] = { "bash", "5.2.15-2+b8", NULL };
	size_t len;
	uint8_t *m;
	ih_t t;

	setup(&t, wis, 1, "en");
	send_os(&t, &debian);
	ih_batch_end(&t, 3);
	t.policy_down = true;
	m = ih_pkgs_msg(pkgs, &len);
	ih_pa(&t, 3, 0, 1, 1, 1, true, m, len);
	free(m);
	ih_batch_end(&t, 3);
	cr_assert_eq(ih_rec(&t, 1)->recommendation, 3);
	cr_assert_eq(ih_rec(&t, 1)->evaluation, 3);
	ih_fini(&t);
}

/* An IMC's Contract Request is answered at once, EXCL to that IMC, with
 * the limits strongSwan's imv_swima answered in the capture. */
Test(imv_os, contract_request_from_the_imc_is_answered)
{
	attr_tcg_seg_contract_t req = { 0xffffffffu, 2097080 };
	const Nea__PaMessage *pa;
	const uint8_t *v;
	size_t from = 0, len, vlen;
	uint8_t *m;
	ih_t t;

	ih_init(&t, os_only);
	ih_open(&t, 3, "en");
	m = ih_one_attr_msg(0, PEN_TCG, TCG_SEG_CONTRACT_REQ, &req, &len);
	ih_pa(&t, 3, 0, 1, 1, 0xffff, false, m, len);
	free(m);
	pa = ih_next_pa(&t, &from, 1);
	cr_assert_not_null(pa);
	cr_assert_eq(pa->dst_id, 1);
	cr_assert(pa->exclusive);
	cr_assert_eq(ih_attr_count(pa->body.data, pa->body.len), 1);
	v = ih_attr(pa->body.data, pa->body.len, PEN_TCG, TCG_SEG_CONTRACT_RESP, &vlen);
	cr_assert_not_null(v);
	cr_assert_eq(vlen, 8);
	cr_assert_eq(memcmp(v, "\xff\xff\xff\xff\x00\x1f\xff\xb8", 8), 0);
	ih_fini(&t);
}

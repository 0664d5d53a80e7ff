/*
 * The IMC host (imc_host.h) behind a fake client broker, on the fixture
 * host that reproduces the captured strongSwan 5.9.14 client. With the
 * captured PA-TNC message IDs the OS and Scanner IMCs must produce the
 * captured PA-TNC messages byte for byte: the first CDATA's OS (195 bytes)
 * and Firewall (32 bytes) messages, and the 21214-byte Installed Packages
 * answer to the captured SDATA.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "attr_ietf_installed_packages.h"
#include "attr_ietf_pa_tnc_error.h"
#include "attr_ietf_port_filter.h"
#include "attr_ietf_product_info.h"
#include "attr_ietf_u32.h"
#include "attr_ita_blob.h"
#include "attr_ita_settings.h"
#include "attr_types.h"
#include "imc_file.h"
#include "imc_host_fixture.h"
#include "imc_pa.h"
#include "nea.pb-c.h"
#include "patnc_vec.h"

#define MAX_MSG 2097104u /* PT-TLS: the captured client's maximum PA-TNC message size */
#define CASE_PA NEA__ENVELOPE__BODY_PA_MESSAGE
#define CASE_BE NEA__ENVELOPE__BODY_BATCH_ENDING

static ih_t ih;

static void fini(void)
{
	ih_teardown(&ih);
}

TestSuite(imc_host, .fini = fini);

static void assert_pa(size_t i, uint32_t subtype, uint32_t src, uint32_t dst, bool excl,
		      const uint8_t *want, size_t want_len)
{
	const ih_sent_t *s = &ih.sent[i];

	cr_assert_lt(i, ih.nsent, "envelope %zu was not sent", i);
	cr_assert_eq(s->body_case, CASE_PA, "envelope %zu is case %d", i, s->body_case);
	cr_assert_eq(s->vendor, 0);
	cr_assert_eq(s->subtype, subtype);
	cr_assert_eq(s->src, src);
	cr_assert_eq(s->dst, dst);
	cr_assert_eq(s->excl, excl);
	if (want) {
		cr_assert_eq(s->len, want_len, "PA-TNC message of %zu bytes, want %zu", s->len,
			     want_len);
		for (size_t k = 0; k < want_len; k++)
			cr_assert_eq(s->body[k], want[k], "first difference at byte %zu", k);
	}
}

static void start(uint64_t conn, const uint32_t *ids, size_t nids)
{
	ih_msg_ids(&ih, ids, nids);
	ih_state(&ih, conn, NEA__CONN_STATE__CONN_CREATE, MAX_MSG);
	cr_assert_eq(ih.nsent, 0, "CREATE is not answered");
	ih_state(&ih, conn, NEA__CONN_STATE__CONN_HANDSHAKE, 0);
}

Test(imc_host, registers_built_in_imcs_in_tnc_config_order)
{
	ih_setup(&ih, NULL, NULL);
	cr_assert_eq(imc_host_module_count(ih.host), 2); /* SWIMA is not built in */
	cr_assert_eq(imc_peer_register(ih.peer), 0);
	cr_assert_eq(ih.nsent, 1);
	cr_assert_eq(ih.sent[0].body_case, NEA__ENVELOPE__BODY_MODULE_REGISTER);
	cr_assert_eq(ih.sent[0].nmods, 2);
	cr_assert_eq(ih.sent[0].mod_id[0], 1);
	cr_assert_str_eq(ih.sent[0].mod_name[0], "OS");
	cr_assert_eq(ih.sent[0].mod_vendor[0], 0);
	cr_assert_eq(ih.sent[0].mod_subtype[0], 1); /* IETF/Operating System */
	cr_assert_eq(ih.sent[0].mod_id[1], 2);
	cr_assert_str_eq(ih.sent[0].mod_name[1], "Scanner");
	cr_assert_eq(ih.sent[0].mod_subtype[1], 5); /* IETF/Firewall */
}

Test(imc_host, first_cdata_messages_byte_identical_to_capture)
{
	static const uint32_t ids[] = { 0x2698cf93, 0xf8ef22d4 };
	size_t blen;
	uint8_t *batch = pv_load("captures/run1_password_freshdb_01_pdp_recv_CDATA.hex", &blen);
	pv_pa_t pa[4];

	cr_assert_eq(pv_pb_pa(batch, blen, pa, 4), 3);
	ih_setup(&ih, NULL, NULL);
	start(1, ids, 2);
	cr_assert_eq(ih.nsent, 3);
	/* OS: product 'Debian' (vendor 9586), '12 x86_64', 12.0, last boot
	 * 2026-11-22T20:02:45Z, forwarding and default password off, device ID. */
	cr_assert_eq(pa[0].imc, 1);
	assert_pa(0, 1, 1, 0xffff, false, pa[0].body, pa[0].len);
	/* Scanner: NOSKIP Port Filter tcp/271, udp/42364, udp/52576. */
	cr_assert_eq(pa[1].imc, 2);
	assert_pa(1, 5, 2, 0xffff, false, pa[1].body, pa[1].len);
	cr_assert_eq(ih.sent[2].body_case, CASE_BE);
	cr_assert_eq(ih.sent[2].conn_id, 1);
	cr_assert_eq(ih.next_id, 2);
	free(batch);
}

Test(imc_host, captured_sdata_answered_with_captured_installed_packages)
{
	static const uint32_t ids[] = { 0x2698cf93, 0xf8ef22d4, 0xf5d993a4 };
	size_t slen, clen;
	uint8_t *sdata = pv_load("captures/run1_password_freshdb_02_pdp_sent_SDATA.hex", &slen);
	uint8_t *cdata = pv_load("captures/run1_password_freshdb_03_pdp_recv_CDATA.hex", &clen);
	pv_pa_t in[4], out[2];

	cr_assert_eq(pv_pb_pa(sdata, slen, in, 4), 4);
	cr_assert_eq(pv_pb_pa(cdata, clen, out, 2), 1);
	ih_setup(&ih, NULL, NULL);
	start(1, ids, 3);
	ih_clear(&ih);
	/* The SDATA in order: SWIMA (no such IMC here), OS, Firewall, SWIMA. */
	for (size_t i = 0; i < 4; i++)
		ih_pa(&ih, 1, in[i].pa_subtype, in[i].imv, in[i].imc, (in[i].flags & 0x80) != 0,
		      in[i].body, in[i].len);
	/* Only the OS IMC answers: Contract Response + 834 packages, to IMV 1,
	 * exclusively, exactly the captured CDATA's PA-TNC message. */
	cr_assert_eq(ih.nsent, 1);
	cr_assert_eq(out[0].flags & 0x80, 0x80);
	assert_pa(0, 1, 1, 1, true, out[0].body, out[0].len);
	ih_batch_ending(&ih, 1);
	cr_assert_eq(ih.nsent, 2);
	cr_assert_eq(ih.sent[1].body_case, CASE_BE);
	free(cdata);
	free(sdata);
}

Test(imc_host, attribute_request_for_every_os_fact)
{
	static const uint32_t ids[] = { 1, 2, 3 };
	static const uint32_t req[] = {
		PEN_IETF, IETF_ATTR_PRODUCT_INFO,      PEN_IETF, IETF_ATTR_STRING_VERSION,
		PEN_IETF, IETF_ATTR_NUMERIC_VERSION,   PEN_IETF, IETF_ATTR_OP_STATUS,
		PEN_IETF, IETF_ATTR_FORWARDING_ENABLED, PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED,
		PEN_ITA,  ITA_ATTR_DEVICE_ID,          PEN_IETF, IETF_ATTR_PORT_FILTER,
		0x123456, 7,
	};
	static const uint32_t want[] = {
		IETF_ATTR_PRODUCT_INFO,       IETF_ATTR_STRING_VERSION,
		IETF_ATTR_NUMERIC_VERSION,    IETF_ATTR_OP_STATUS,
		IETF_ATTR_FORWARDING_ENABLED, IETF_ATTR_DEFAULT_PWD_ENABLED,
		ITA_ATTR_DEVICE_ID,
	};
	ipa_t m;
	uint8_t *body;
	size_t len;
	patnc_rx_t rx;

	ih_setup(&ih, NULL, NULL);
	start(7, ids, 3);
	ih_clear(&ih);
	ipa_init(&m, 0x11);
	ipa_request(&m, 9, req);
	body = ipa_finish(&m, &len);
	ih_pa(&ih, 7, 1, 4, 0xffff, false, body, len);
	free(body);
	cr_assert_eq(ih.nsent, 1);
	assert_pa(0, 1, 1, 4, true, NULL, 0);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	cr_assert_eq(rx.hdr.msg_id, 3);
	cr_assert_eq(rx.count, 7); /* the port filter is not the OS IMC's */
	for (size_t i = 0; i < 7; i++)
		cr_assert_eq(rx.attrs[i].type, want[i], "attribute %zu", i);
	cr_assert_eq(rx.attrs[6].vendor, PEN_ITA);
	{
		const attr_ita_blob_t *id = rx.attrs[6].data;

		cr_assert_eq(id->len, 32);
		cr_assert_arr_eq(id->data, "3d1219c7c4c5404aaa1f6d2a48adfda4", 32);
	}
	patnc_rx_free(&rx);
}

Test(imc_host, scanner_answers_port_filter_request)
{
	static const uint32_t ids[] = { 1, 2, 3 };
	static const uint32_t req[] = { PEN_IETF, IETF_ATTR_PORT_FILTER };
	ipa_t m;
	uint8_t *body;
	size_t len;
	patnc_rx_t rx;
	const attr_ietf_port_filter_t *pf;

	ih_setup(&ih, NULL, NULL);
	start(3, ids, 3);
	ih_clear(&ih);
	ipa_init(&m, 0x22);
	ipa_request(&m, 1, req);
	body = ipa_finish(&m, &len);
	/* Exclusive to IMC 2: the OS IMC must not see it. */
	ih_pa(&ih, 3, 5, 2, 2, true, body, len);
	free(body);
	cr_assert_eq(ih.nsent, 1);
	assert_pa(0, 5, 2, 2, true, NULL, 0);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	cr_assert_eq(rx.count, 1);
	cr_assert_eq(rx.attrs[0].flags, 0x80);
	cr_assert_eq(rx.attrs[0].type, IETF_ATTR_PORT_FILTER);
	pf = rx.attrs[0].data;
	cr_assert_eq(pf->count, 3);
	cr_assert_eq(pf->entries[0].protocol, 6);
	cr_assert_eq(pf->entries[0].port, 271);
	cr_assert_eq(pf->entries[1].port, 42364);
	cr_assert_eq(pf->entries[2].port, 52576);
	for (size_t i = 0; i < 3; i++)
		cr_assert_not(pf->entries[i].blocked);
	patnc_rx_free(&rx);
}

Test(imc_host, malformed_message_gets_pa_tnc_error)
{
	static const uint32_t ids[] = { 1, 2, 3, 4 };
	/* PA-TNC version 2 */
	static const uint8_t v2[] = { 0x02, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef };
	/* an attribute length running past the message */
	static const uint8_t cut[] = { 0x01, 0, 0, 0, 0, 0, 0, 1,    0, 0, 0, 0,
				       0, 0, 0, 1,    0, 0, 0, 0x40, 0, 0 };
	patnc_rx_t rx;
	const attr_ietf_pa_tnc_error_t *e;

	ih_setup(&ih, NULL, NULL);
	start(2, ids, 4);
	ih_clear(&ih);
	ih_pa(&ih, 2, 1, 9, 0xffff, false, v2, sizeof(v2));
	cr_assert_eq(ih.nsent, 1);
	assert_pa(0, 1, 1, 9, true, NULL, 0);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	cr_assert_eq(rx.count, 1);
	cr_assert_eq(rx.attrs[0].type, IETF_ATTR_PA_TNC_ERROR);
	e = rx.attrs[0].data;
	cr_assert_eq(e->code, PA_ERROR_VERSION_NOT_SUPPORTED);
	cr_assert_arr_eq(e->msg_info, v2, 8);
	patnc_rx_free(&rx);

	ih_clear(&ih);
	ih_pa(&ih, 2, 1, 9, 0xffff, false, cut, sizeof(cut));
	cr_assert_eq(ih.nsent, 1);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	e = rx.attrs[0].data;
	cr_assert_eq(e->code, PA_ERROR_INVALID_PARAMETER);
	patnc_rx_free(&rx);
}

Test(imc_host, unknown_connections_never_leave_the_broker_waiting)
{
	ih_setup(&ih, NULL, NULL);
	ih_batch_ending(&ih, 42);
	cr_assert_eq(ih.nsent, 1);
	cr_assert_eq(ih.sent[0].body_case, CASE_BE);
	cr_assert_eq(ih.sent[0].conn_id, 42);
	ih_state(&ih, 43, NEA__CONN_STATE__CONN_HANDSHAKE, 0);
	cr_assert_eq(ih.nsent, 2);
	cr_assert_eq(ih.sent[1].body_case, CASE_BE);
	cr_assert_eq(ih.sent[1].conn_id, 43);
	/* A PA message for it is dropped without an answer. */
	ih_pa(&ih, 44, 1, 1, 0xffff, false, (const uint8_t *)"x", 1);
	cr_assert_eq(ih.nsent, 2);
}

Test(imc_host, connections_are_independent_and_deleted)
{
	static const uint32_t ids[] = { 1, 2, 3, 4 };

	ih_setup(&ih, NULL, NULL);
	start(1, ids, 4);
	ih_state(&ih, 2, NEA__CONN_STATE__CONN_CREATE, 1000);
	ih_state(&ih, 2, NEA__CONN_STATE__CONN_HANDSHAKE, 0);
	cr_assert_eq(imc_peer_conn_count(ih.peer), 2);
	cr_assert_eq(ih.nsent, 6);
	cr_assert_eq(ih.sent[3].conn_id, 2);
	ih_state(&ih, 1, NEA__CONN_STATE__CONN_ACCESS_NONE, 0);
	ih_state(&ih, 1, NEA__CONN_STATE__CONN_DELETE, 0);
	cr_assert_eq(imc_peer_conn_count(ih.peer), 1);
	/* CREATE again for a live ID starts it over. */
	ih_state(&ih, 2, NEA__CONN_STATE__CONN_CREATE, 0);
	cr_assert_eq(imc_peer_conn_count(ih.peer), 1);
}

Test(imc_host, small_pa_tnc_limit_splits_into_messages)
{
	static const uint32_t ids[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	patnc_rx_t rx;
	size_t attrs = 0;

	ih_setup(&ih, NULL, NULL);
	ih_msg_ids(&ih, ids, 9);
	/* 80 bytes: header 8 + at most ~72 bytes of attributes per message. */
	ih_state(&ih, 5, NEA__CONN_STATE__CONN_CREATE, 80);
	ih_state(&ih, 5, NEA__CONN_STATE__CONN_HANDSHAKE, 0);
	cr_assert_gt(ih.nsent, 3);
	for (size_t i = 0; i + 1 < ih.nsent; i++) {
		cr_assert_eq(ih.sent[i].body_case, CASE_PA);
		cr_assert_leq(ih.sent[i].len, 80);
		if (ih.sent[i].subtype != 1)
			continue;
		ipa_parse(ih.sent[i].body, ih.sent[i].len, &rx);
		attrs += rx.count;
		patnc_rx_free(&rx);
	}
	/* Every OS attribute fits an 80-byte message on its own; none lost. */
	cr_assert_eq(attrs, 7);
	cr_assert_eq(ih.sent[ih.nsent - 1].body_case, CASE_BE);
}

static void no_push(imc_settings_t *set)
{
	set->os_push_info = false;
	set->scanner_push_info = false;
}

Test(imc_host, push_info_off_sends_nothing_unasked)
{
	ih_setup(&ih, NULL, no_push);
	start(1, NULL, 0);
	cr_assert_eq(ih.nsent, 1);
	cr_assert_eq(ih.sent[0].body_case, CASE_BE);
}

static void configured(imc_settings_t *set)
{
	free(set->os_name);
	free(set->os_version);
	set->os_name = strdup("Ubuntu");
	set->os_version = strdup("22.04 aarch64");
	set->device_id = strdup("configured-device");
	set->default_pwd_enabled = true;
}

Test(imc_host, configured_os_info_device_id_and_password)
{
	static const uint32_t ids[] = { 1, 2 };
	patnc_rx_t rx;
	const attr_ietf_product_info_t *pi;
	const attr_ietf_u32_t *pwd;
	const attr_ita_blob_t *dev;

	ih_setup(&ih, NULL, configured);
	start(1, ids, 2);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	cr_assert_eq(rx.count, 7);
	pi = rx.attrs[0].data;
	cr_assert_eq(pi->vendor, PEN_CANONICAL);
	cr_assert_eq(pi->name_len, 6);
	cr_assert_arr_eq(pi->name, "Ubuntu", 6);
	pwd = rx.attrs[5].data;
	cr_assert_eq(pwd->value, 1);
	dev = rx.attrs[6].data;
	cr_assert_eq(dev->len, strlen("configured-device"));
	cr_assert_arr_eq(dev->data, "configured-device", dev->len);
	patnc_rx_free(&rx);
}

static void no_sources(imc_settings_t *set)
{
	free(set->proc);
	free(set->machine_id);
	free(set->dpkg_status);
	set->proc = strdup("/nonexistent/proc");
	set->machine_id = strdup("/nonexistent/machine-id");
	set->dpkg_status = strdup("/nonexistent/status");
}

static void request_packages_expect_empty(uint64_t conn)
{
	static const uint32_t req[] = { PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES };
	const attr_ietf_installed_packages_t *pk;
	patnc_rx_t rx;
	ipa_t m;
	uint8_t *body;
	size_t len;

	ih_clear(&ih);
	ipa_init(&m, 0x33);
	ipa_request(&m, 1, req);
	body = ipa_finish(&m, &len);
	ih_pa(&ih, conn, 1, 1, 0xffff, false, body, len);
	free(body);
	/* strongSwan answers with an empty list rather than not at all. */
	cr_assert_eq(ih.nsent, 1);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	cr_assert_eq(rx.count, 1);
	cr_assert_eq(rx.attrs[0].type, IETF_ATTR_INSTALLED_PACKAGES);
	pk = rx.attrs[0].data;
	cr_assert_eq(pk->count, 0);
	patnc_rx_free(&rx);
}

Test(imc_host, unreadable_sources_degrade_like_strongswan)
{
	static const uint32_t ids[] = { 1, 2, 3 };
	patnc_rx_t rx;
	const attr_ietf_u32_t *fwd;

	ih_setup(&ih, NULL, no_sources);
	start(1, ids, 3);
	/* OS facts without forwarding state, boot time or device ID; the
	 * Scanner cannot read the socket tables and sends nothing. */
	cr_assert_eq(ih.nsent, 2);
	assert_pa(0, 1, 1, 0xffff, false, NULL, 0);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	cr_assert_eq(rx.count, 6);
	fwd = rx.attrs[4].data;
	cr_assert_eq(fwd->value, ATTR_FWD_UNKNOWN);
	patnc_rx_free(&rx);
	cr_assert_eq(ih.sent[1].body_case, CASE_BE);
	request_packages_expect_empty(1);
}

static void alpine(imc_settings_t *set)
{
	set->os_name = strdup("Alpine Linux");
	set->os_version = strdup("3.19 x86_64");
}

Test(imc_host, no_dpkg_on_other_systems)
{
	static const uint32_t ids[] = { 1, 2, 3 };

	ih_setup(&ih, NULL, alpine);
	start(1, ids, 3);
	request_packages_expect_empty(1);
}

Test(imc_host, every_prefix_of_the_captured_server_messages)
{
	static uint32_t ids[64];
	size_t slen, rlen;
	uint8_t *sdata = pv_load("captures/run1_password_freshdb_02_pdp_sent_SDATA.hex", &slen);
	uint8_t *result = pv_load("captures/run1_password_freshdb_04_pdp_sent_RESULT.hex", &rlen);
	pv_pa_t in[8];
	size_t n = pv_pb_pa(sdata, slen, in, 8);

	n += pv_pb_pa(result, rlen, in + n, 8 - n);
	cr_assert_eq(n, 5);
	for (uint32_t i = 0; i < 64; i++)
		ids[i] = i + 1;
	ih_setup(&ih, NULL, NULL);
	for (size_t m = 0; m < n; m++) {
		if (in[m].pa_subtype != 1 && in[m].pa_subtype != 5)
			continue; /* SWIMA: no such IMC here */
		for (size_t cut = 0; cut <= in[m].len; cut++) {
			uint8_t *copy = malloc(cut ? cut : 1);
			patnc_rx_t rx;

			cr_assert_not_null(copy);
			memcpy(copy, in[m].body, cut);
			ih_msg_ids(&ih, ids, 64);
			ih_state(&ih, 1, NEA__CONN_STATE__CONN_CREATE, MAX_MSG);
			ih_clear(&ih);
			ih_pa(&ih, 1, in[m].pa_subtype, in[m].imv, in[m].imc, false, copy, cut);
			/* At most one answer, and whatever goes back is well formed. */
			cr_assert_leq(ih.nsent, 1);
			if (ih.nsent) {
				cr_assert_eq(ih.sent[0].body_case, CASE_PA);
				/* (A cut at an attribute boundary is a valid
				 * shorter message, so not every answer is an error.) */
				ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
				patnc_rx_free(&rx);
			}
			free(copy);
		}
	}
	free(result);
	free(sdata);
}

Test(imc_host, get_settings_answers_allowed_files_only)
{
	static const uint32_t ids[] = { 1, 2, 3 };
	static const char *const names[] = { "install_non_market_apps",
					     "/proc/sys/net/ipv4/ip_forward", "/proc/self/environ" };
	attr_ita_setting_t e[3];
	attr_ita_settings_t req = { e, 3 };
	const attr_ita_settings_t *got;
	patnc_rx_t rx;
	ipa_t m;
	uint8_t *body;
	size_t len, flen;
	char *fwd;

	for (size_t i = 0; i < 3; i++)
		e[i] = (attr_ita_setting_t){ (const uint8_t *)names[i], strlen(names[i]), NULL, 0 };
	ih_setup(&ih, NULL, NULL);
	start(1, ids, 3);
	ih_clear(&ih);
	ipa_init(&m, 0x44);
	ipa_add(&m, 0, PEN_ITA, ITA_ATTR_GET_SETTINGS, &req);
	body = ipa_finish(&m, &len);
	ih_pa(&ih, 1, 1, 1, 0xffff, false, body, len);
	free(body);
	cr_assert_eq(ih.nsent, 1);
	ipa_parse(ih.sent[0].body, ih.sent[0].len, &rx);
	cr_assert_eq(rx.count, 1);
	cr_assert_eq(rx.attrs[0].vendor, PEN_ITA);
	cr_assert_eq(rx.attrs[0].type, ITA_ATTR_SETTINGS);
	got = rx.attrs[0].data;
	cr_assert_eq(got->count, 1);
	cr_assert_eq(got->entries[0].name_len, strlen(names[1]));
	cr_assert_eq(imc_file_read(names[1], 64, &fwd, &flen), 0);
	cr_assert_eq(got->entries[0].value_len, flen);
	cr_assert_arr_eq(got->entries[0].value, fwd, flen);
	free(fwd);
	patnc_rx_free(&rx);
}

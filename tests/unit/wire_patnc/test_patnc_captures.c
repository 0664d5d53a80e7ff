/*
 * Every PA-TNC message inside the captured strongSwan 5.9.14 PB-TNC batches
 * (tests/vectors/captures, copied from the spec captures) decodes completely,
 * with the values both peers' debug-4 logs show, and re-encoding the decoded
 * attributes yields the identical bytes.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "attr_ietf_attr_request.h"
#include "attr_ietf_installed_packages.h"
#include "attr_ietf_numeric_version.h"
#include "attr_ietf_op_status.h"
#include "attr_ietf_port_filter.h"
#include "attr_ietf_product_info.h"
#include "attr_ietf_remediation.h"
#include "attr_ietf_string_version.h"
#include "attr_ietf_u32.h"
#include "attr_ita_blob.h"
#include "attr_tcg_seg_contract.h"
#include "attr_types.h"
#include "patnc_msg.h"
#include "patnc_vec.h"

static const char *const batches[] = {
	"captures/run1_password_freshdb_01_pdp_recv_CDATA.hex",
	"captures/run1_password_freshdb_02_pdp_sent_SDATA.hex",
	"captures/run1_password_freshdb_03_pdp_recv_CDATA.hex",
	"captures/run1_password_freshdb_04_pdp_sent_RESULT.hex",
	"captures/run1_password_freshdb_05_pdp_recv_CLOSE.hex",
	"captures/run2_password_warmdb_01_pdp_recv_CDATA.hex",
	"captures/run2_password_warmdb_02_pdp_sent_RESULT.hex",
	"captures/run2_password_warmdb_03_pdp_recv_CLOSE.hex",
	"captures/run3_cert_warmdb_01_pdp_recv_CDATA.hex",
	"captures/run3_cert_warmdb_02_pdp_sent_RESULT.hex",
	"captures/run3_cert_warmdb_03_pdp_recv_CLOSE.hex",
};

#define NBATCHES (sizeof(batches) / sizeof(batches[0]))

/* Re-encode rx's attributes with the same message id and flags. */
static void expect_reencode(const patnc_rx_t *rx, const uint8_t *msg, size_t len)
{
	patnc_builder_t b;
	uint8_t *again;
	size_t alen, i;

	cr_assert_eq(patnc_builder_init(&b, rx->hdr.msg_id, 0), 0);
	for (i = 0; i < rx->count; i++) {
		const patnc_attr_t *a = &rx->attrs[i];

		cr_assert_not_null(a->codec, "attribute %zu not decoded", i);
		cr_assert_eq(patnc_builder_add(&b, a->flags, a->vendor, a->type, a->data), 0);
	}
	again = patnc_builder_finish(&b, &alen);
	cr_assert_not_null(again);
	cr_assert_eq(alen, len);
	cr_assert_arr_eq(again, msg, len);
	free(again);
}

Test(patnc_captures, every_message_decodes_and_reencodes)
{
	size_t i, total = 0;

	for (i = 0; i < NBATCHES; i++) {
		pv_pa_t pa[8];
		uint8_t *batch;
		size_t len, n, k;

		batch = pv_load(batches[i], &len);
		n = pv_pb_pa(batch, len, pa, 8);
		for (k = 0; k < n; k++) {
			patnc_rx_t rx;
			int rc = patnc_msg_process(pa[k].body, pa[k].len, &rx);

			cr_assert_eq(rc, 0, "%s message %zu: %s at %zu", batches[i], k,
				     rx.fault.perr.msg, rx.fault.perr.offset);
			cr_assert_eq(rx.skipped, 0);
			cr_assert_eq(rx.suppressed, 0);
			cr_assert_geq(rx.count, 1);
			expect_reencode(&rx, pa[k].body, pa[k].len);
			patnc_rx_free(&rx);
			total++;
		}
		free(batch);
	}
	/* run1: 3+4+1+1, run2: 3+4, run3: 3+4 */
	cr_assert_eq(total, 23);
}

static uint8_t *load_pa(const char *file, size_t idx, pv_pa_t *out)
{
	pv_pa_t pa[8];
	uint8_t *batch;
	size_t len, n;

	batch = pv_load(file, &len);
	n = pv_pb_pa(batch, len, pa, 8);
	cr_assert_lt(idx, n);
	*out = pa[idx];
	return batch;
}

static const void *get(const patnc_rx_t *rx, size_t i, uint32_t vendor, uint32_t type)
{
	cr_assert_lt(i, rx->count);
	cr_assert_eq(rx->attrs[i].vendor, vendor, "attribute %zu vendor", i);
	cr_assert_eq(rx->attrs[i].type, type, "attribute %zu type", i);
	return rx->attrs[i].data;
}

static bool str_is(const uint8_t *p, size_t n, const char *s)
{
	return n == strlen(s) && (n == 0 || memcmp(p, s, n) == 0);
}

Test(patnc_captures, run1_os_imc_first_message)
{
	const attr_ietf_product_info_t *pi;
	const attr_ietf_string_version_t *sv;
	const attr_ietf_numeric_version_t *nv;
	const attr_ietf_op_status_t *op;
	const attr_ietf_u32_t *u;
	const attr_ita_blob_t *id;
	patnc_rx_t rx;
	pv_pa_t pa;
	uint8_t *batch = load_pa(batches[0], 0, &pa);
	int64_t boot;

	cr_assert_eq(pa.pa_vendor, PEN_IETF);
	cr_assert_eq(pa.pa_subtype, 1); /* Operating System */
	cr_assert_eq(pa.imc, 1);
	cr_assert_eq(pa.imv, 0xffff);
	cr_assert_eq(pa.len, 195);
	cr_assert_eq(patnc_msg_process(pa.body, pa.len, &rx), 0);
	cr_assert_eq(rx.hdr.msg_id, 0x2698cf93);
	cr_assert_eq(rx.count, 7);

	pi = get(&rx, 0, PEN_IETF, IETF_ATTR_PRODUCT_INFO);
	cr_assert_eq(pi->vendor, 9586);
	cr_assert_eq(pi->id, 0);
	cr_assert(str_is(pi->name, pi->name_len, "Debian"));

	sv = get(&rx, 1, PEN_IETF, IETF_ATTR_STRING_VERSION);
	cr_assert(str_is(sv->version, sv->version_len, "12 x86_64"));
	cr_assert_eq(sv->build_len, 0);
	cr_assert_eq(sv->config_len, 0);

	nv = get(&rx, 2, PEN_IETF, IETF_ATTR_NUMERIC_VERSION);
	cr_assert_eq(nv->major, 12);
	cr_assert_eq(nv->minor, 0);
	cr_assert_eq(nv->build, 0);

	op = get(&rx, 3, PEN_IETF, IETF_ATTR_OP_STATUS);
	cr_assert_eq(op->status, OP_STATUS_OPERATIONAL);
	cr_assert_eq(op->result, OP_RESULT_SUCCESS);
	cr_assert_str_eq(op->last_use, "2026-11-22T20:02:45Z");
	/* the IMV logs "last boot: Nov 22 20:02:45 UTC 2026" */
	cr_assert_eq(attr_time_to_epoch((const uint8_t *)op->last_use, &boot), 0);
	cr_assert_eq(boot, 1795377765);

	u = get(&rx, 4, PEN_IETF, IETF_ATTR_FORWARDING_ENABLED);
	cr_assert_eq(u->value, ATTR_FWD_DISABLED);
	u = get(&rx, 5, PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED);
	cr_assert_eq(u->value, 0);

	id = get(&rx, 6, PEN_ITA, ITA_ATTR_DEVICE_ID);
	cr_assert(str_is(id->data, id->len, "3d1219c7c4c5404aaa1f6d2a48adfda4"));
	cr_assert_eq(rx.attrs[6].value_len + 12, 44);

	patnc_rx_free(&rx);
	free(batch);
}

Test(patnc_captures, run1_scanner_port_filter)
{
	const attr_ietf_port_filter_t *pf;
	patnc_rx_t rx;
	pv_pa_t pa;
	uint8_t *batch = load_pa(batches[0], 1, &pa);

	cr_assert_eq(pa.pa_subtype, 5); /* Firewall */
	cr_assert_eq(patnc_msg_process(pa.body, pa.len, &rx), 0);
	cr_assert_eq(rx.hdr.msg_id, 0xf8ef22d4);
	cr_assert_eq(rx.count, 1);
	cr_assert_eq(rx.attrs[0].flags, PATNC_ATTR_NOSKIP);
	pf = get(&rx, 0, PEN_IETF, IETF_ATTR_PORT_FILTER);
	cr_assert_eq(pf->count, 3);
	cr_assert_eq(pf->entries[0].protocol, 6);
	cr_assert_eq(pf->entries[0].port, 271);
	cr_assert_not(pf->entries[0].blocked);
	cr_assert_eq(pf->entries[1].protocol, 17);
	cr_assert_eq(pf->entries[1].port, 42364);
	cr_assert_eq(pf->entries[2].protocol, 17);
	cr_assert_eq(pf->entries[2].port, 52576);
	patnc_rx_free(&rx);
	free(batch);
}

static void expect_contract(const patnc_rx_t *rx, size_t i, uint32_t type)
{
	const attr_tcg_seg_contract_t *c = get(rx, i, PEN_TCG, type);

	cr_assert_eq(c->max_msg_size, 0xffffffffu);
	cr_assert_eq(c->max_seg_size, 2097080u);
}

Test(patnc_captures, run1_swima_and_os_contracts)
{
	const attr_ietf_attr_request_t *req;
	patnc_rx_t rx;
	pv_pa_t pa;
	uint8_t *batch;

	batch = load_pa(batches[0], 2, &pa);
	cr_assert_eq(pa.pa_subtype, 9); /* SWIMA */
	cr_assert_eq(patnc_msg_process(pa.body, pa.len, &rx), 0);
	cr_assert_eq(rx.count, 1);
	expect_contract(&rx, 0, TCG_SEG_CONTRACT_REQ);
	patnc_rx_free(&rx);
	free(batch);

	batch = load_pa(batches[1], 0, &pa);
	cr_assert_eq(pa.flags, 0x80); /* EXCL reply to IMC 3 */
	cr_assert_eq(pa.imc, 3);
	cr_assert_eq(pa.imv, 3);
	cr_assert_eq(patnc_msg_process(pa.body, pa.len, &rx), 0);
	expect_contract(&rx, 0, TCG_SEG_CONTRACT_RESP);
	patnc_rx_free(&rx);
	free(batch);

	batch = load_pa(batches[1], 1, &pa);
	cr_assert_eq(patnc_msg_process(pa.body, pa.len, &rx), 0);
	cr_assert_eq(rx.hdr.msg_id, 0xdaea7790);
	cr_assert_eq(rx.count, 2);
	expect_contract(&rx, 0, TCG_SEG_CONTRACT_REQ);
	req = get(&rx, 1, PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST);
	cr_assert_eq(req->count, 1);
	cr_assert_eq(req->entries[0].vendor, PEN_IETF);
	cr_assert_eq(req->entries[0].type, IETF_ATTR_INSTALLED_PACKAGES);
	patnc_rx_free(&rx);
	free(batch);
}

Test(patnc_captures, run1_scanner_assessment_and_remediation)
{
	const attr_ietf_remediation_t *ri;
	const attr_ietf_u32_t *ar;
	patnc_rx_t rx;
	pv_pa_t pa;
	uint8_t *batch = load_pa(batches[1], 2, &pa);

	cr_assert_eq(pa.pa_subtype, 5);
	cr_assert_eq(pa.len, 406);
	cr_assert_eq(patnc_msg_process(pa.body, pa.len, &rx), 0);
	cr_assert_eq(rx.hdr.msg_id, 0x8c53c4e7);
	ar = get(&rx, 0, PEN_IETF, IETF_ATTR_ASSESSMENT_RESULT);
	cr_assert_eq(ar->value, ATTR_EVAL_NONCOMPLIANT_MINOR);
	ri = get(&rx, 1, PEN_IETF, IETF_ATTR_REMEDIATION);
	cr_assert_eq(ri->vendor, PEN_IETF);
	cr_assert_eq(ri->type, REMEDIATION_STRING);
	cr_assert_eq(ri->string_len, 355);
	cr_assert(str_is(ri->lang, ri->lang_len, "en"));
	cr_assert_eq(memcmp(ri->string, "<?xml version=\"1.0\"", 19), 0);
	cr_assert_not_null(memmem(ri->string, ri->string_len, "<item>tcp/271</item>", 20));
	patnc_rx_free(&rx);
	free(batch);

	/* SWIMA IMV without workitems: don't know */
	batch = load_pa(batches[1], 3, &pa);
	cr_assert_eq(patnc_msg_process(pa.body, pa.len, &rx), 0);
	ar = get(&rx, 0, PEN_IETF, IETF_ATTR_ASSESSMENT_RESULT);
	cr_assert_eq(ar->value, ATTR_EVAL_DONT_KNOW);
	patnc_rx_free(&rx);
	free(batch);

	/* OS IMV's final verdict in the RESULT batch: compliant */
	batch = load_pa(batches[3], 0, &pa);
	cr_assert_eq(patnc_msg_process(pa.body, pa.len, &rx), 0);
	cr_assert_eq(rx.hdr.msg_id, 0x939d0720);
	ar = get(&rx, 0, PEN_IETF, IETF_ATTR_ASSESSMENT_RESULT);
	cr_assert_eq(ar->value, ATTR_EVAL_COMPLIANT);
	patnc_rx_free(&rx);
	free(batch);
}

Test(patnc_captures, run1_installed_packages)
{
	const attr_ietf_installed_packages_t *ip;
	patnc_rx_t rx;
	pv_pa_t pa;
	uint8_t *batch = load_pa(batches[2], 0, &pa);

	cr_assert_eq(pa.len, 21214);
	cr_assert_eq(pa.imc, 1);
	cr_assert_eq(pa.imv, 1);
	cr_assert_eq(patnc_msg_process(pa.body, pa.len, &rx), 0);
	cr_assert_eq(rx.hdr.msg_id, 0xf5d993a4);
	cr_assert_eq(rx.count, 2);
	expect_contract(&rx, 0, TCG_SEG_CONTRACT_RESP);
	ip = get(&rx, 1, PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES);
	cr_assert_eq(rx.attrs[1].value_len, 21174);
	cr_assert_eq(ip->count, 834);
	cr_assert(str_is(ip->entries[0].name, ip->entries[0].name_len, "adduser"));
	cr_assert(str_is(ip->entries[0].version, ip->entries[0].version_len, "3.134"));
	/* the IMV logs "package 'adwaita-icon-theme' (43-1) not found" */
	cr_assert(str_is(ip->entries[1].name, ip->entries[1].name_len, "adwaita-icon-theme"));
	cr_assert(str_is(ip->entries[1].version, ip->entries[1].version_len, "43-1"));
	/* ... and last "package 'zstd' (1.5.4+dfsg2-5) not found" */
	cr_assert(str_is(ip->entries[833].name, ip->entries[833].name_len, "zstd"));
	cr_assert(str_is(ip->entries[833].version, ip->entries[833].version_len,
			 "1.5.4+dfsg2-5"));
	patnc_rx_free(&rx);
	free(batch);
}

Test(patnc_captures, warm_runs_same_content)
{
	static const size_t idx[] = { 5, 8 };
	size_t i;

	for (i = 0; i < 2; i++) {
		const attr_ita_blob_t *id;
		patnc_rx_t rx;
		pv_pa_t pa;
		uint8_t *batch = load_pa(batches[idx[i]], 0, &pa);

		cr_assert_eq(patnc_msg_process(pa.body, pa.len, &rx), 0);
		cr_assert_eq(rx.count, 7);
		id = get(&rx, 6, PEN_ITA, ITA_ATTR_DEVICE_ID);
		cr_assert(str_is(id->data, id->len, "3d1219c7c4c5404aaa1f6d2a48adfda4"));
		patnc_rx_free(&rx);
		free(batch);
	}
}

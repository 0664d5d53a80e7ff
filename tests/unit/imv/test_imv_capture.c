/*
 * The strongSwan 5.9.14 exchange of tests/vectors/captures (run 1, fresh
 * database) replayed into nea's OS and Scanner IMVs: the client's two CDATA
 * batches go through lib/wire's batch parser and the host exactly as
 * nea-brokerd forwards them, against a fake nea-policyd holding the
 * capture's workitems (FWDEN, PCKGS, TCPOP "", UDPOP "500 4500
 * 10000-65000" among FMEAS/FMETA items no IMV here handles). The IMVs must
 * read every attribute the PDP log shows and answer with the PA messages,
 * workitem results and recommendations strongSwan produced, byte for byte
 * apart from the random PA-TNC message IDs.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "imv_harness.h"

#define CAP "captures/run1_password_freshdb_"

static const char *const both[] = { "OS", "Scanner", NULL };

static void capture_policy(ih_t *t)
{
	static const ih_wi_t wis[] = {
		{ 6, "", 1, 0 },  /* FMEAS */
		{ 6, "", 1, 0 },  /* FMEAS */
		{ 3, "", 1, 0 },  /* FWDEN */
		{ 6, "", 1, 0 },  /* FMEAS */
		{ 7, "", 1, 0 },  /* FMETA */
		{ 1, "", 1, 0 },  /* PCKGS */
		{ 11, "", 1, 0 }, /* TCPOP: no TCP port may be open */
		{ 13, "500 4500 10000-65000", 1, 0 }, /* UDPOP */
	};

	memcpy(t->wis, wis, sizeof(wis));
	t->n_wis = sizeof(wis) / sizeof(wis[0]);
}

/* A sent PA message equals the captured one except the message ID. */
static void assert_same_pa(const Nea__PaMessage *pa, const uint8_t *want, size_t want_len)
{
	cr_assert_not_null(pa);
	cr_assert_eq(pa->body.len, want_len, "PA-TNC message of %zu bytes, strongSwan sent %zu",
		     pa->body.len, want_len);
	cr_assert_eq(memcmp(pa->body.data, want, 4), 0, "PA-TNC header differs");
	cr_assert_eq(memcmp(pa->body.data + 8, want + 8, want_len - 8), 0,
		     "PA-TNC attributes differ from strongSwan's");
}

Test(imv_capture, first_batch_reads_everything_and_decides_like_strongswan)
{
	ih_t t;
	size_t len, sd_len, from = 0, pl;
	uint8_t *cdata = ih_load(CAP "01_pdp_recv_CDATA.hex", &len);
	uint8_t *sdata = ih_load(CAP "02_pdp_sent_SDATA.hex", &sd_len);
	const uint8_t *want;
	const Nea__PaMessage *pa;
	const Nea__Recommendation *rec;
	const Nea__WorkitemResult *wr;
	uint32_t sub;

	ih_init(&t, both);
	capture_policy(&t);
	ih_open(&t, 1, "en");
	cr_assert_eq(ih_feed_batch(&t, 1, cdata, len), 3); /* OS, Firewall, SWIMA */

	/* the OS IMV read product, version and device and started the policy */
	cr_assert_str_eq(t.start_product, "Debian 12 x86_64");
	cr_assert_str_eq(t.start_device, "3d1219c7c4c5404aaa1f6d2a48adfda4");

	/* FWDEN from Forwarding Enabled = 0 */
	wr = ih_result(&t, 3);
	cr_assert_not_null(wr);
	cr_assert_str_eq(wr->result, "forwarding not enabled");
	cr_assert_eq(wr->rec_final, 0);

	/* OS IMV: contract request + Attribute Request for Installed Packages,
	 * to any IMC, not exclusive: strongSwan's second PB-PA of the SDATA */
	pa = ih_next_pa(&t, &from, 1);
	cr_assert_not_null(pa);
	cr_assert_eq(pa->dst_id, 0xffff);
	cr_assert_eq(pa->exclusive, false);
	cr_assert_eq(pa->subtype, 1);
	want = ih_batch_pa(sdata, sd_len, 1, &pl, &sub);
	cr_assert_eq(sub, 1);
	assert_same_pa(pa, want, pl);
	cr_assert_null(ih_rec(&t, 1), "the OS IMV must wait for the packages");

	/* Scanner: tcp/271 open violates TCPOP "", the two UDP ports are in range */
	wr = ih_result(&t, 11);
	cr_assert_not_null(wr);
	cr_assert_str_eq(wr->result, "violating tcp ports: 271");
	cr_assert_eq(wr->rec_final, 1);
	wr = ih_result(&t, 13);
	cr_assert_not_null(wr);
	cr_assert_str_eq(wr->result, "no violating udp ports");
	cr_assert_eq(wr->rec_final, 0);

	/* Assessment Result minor + the XML remediation listing tcp/271: the
	 * third PB-PA of strongSwan's SDATA */
	from = 0;
	pa = ih_next_pa(&t, &from, 2);
	want = ih_batch_pa(sdata, sd_len, 2, &pl, &sub);
	cr_assert_eq(sub, 5);
	assert_same_pa(pa, want, pl);
	cr_assert_eq(pa->dst_id, 0xffff);

	rec = ih_rec(&t, 2);
	cr_assert_not_null(rec);
	cr_assert_eq(rec->recommendation, 1); /* no access */
	cr_assert_eq(rec->evaluation, 1);     /* non-compliant minor */
	cr_assert_str_eq(rec->reason, "Open server ports were detected");
	cr_assert_str_eq(rec->reason_lang, "en");

	/* the batch is answered with exactly one BatchEnding, sent last */
	cr_assert_eq(ih_count_case(&t, NEA__ENVELOPE__BODY_BATCH_ENDING), 1);
	cr_assert_eq(t.to_broker[t.n_broker - 1]->body_case, NEA__ENVELOPE__BODY_BATCH_ENDING);
	/* the SWIMA message found no subscriber and nothing was sent for it */
	from = 0;
	cr_assert_null(ih_next_pa(&t, &from, 3));

	free(cdata);
	free(sdata);
	ih_fini(&t);
}

Test(imv_capture, installed_packages_batch_gives_the_pckgs_result_and_allow)
{
	ih_t t;
	size_t len, len2, res_len, from, pl;
	uint8_t *cdata = ih_load(CAP "01_pdp_recv_CDATA.hex", &len);
	uint8_t *cdata2 = ih_load(CAP "03_pdp_recv_CDATA.hex", &len2);
	uint8_t *result = ih_load(CAP "04_pdp_sent_RESULT.hex", &res_len);
	const uint8_t *want;
	const Nea__PaMessage *pa;
	const Nea__Recommendation *rec;
	const Nea__WorkitemResult *wr;
	uint32_t sub;

	ih_init(&t, both);
	capture_policy(&t);
	ih_open(&t, 1, "en");
	ih_feed_batch(&t, 1, cdata, len);
	from = t.n_broker;
	cr_assert_eq(ih_feed_batch(&t, 1, cdata2, len2), 1);

	/* 834 packages checked against the database, all unknown there */
	cr_assert_eq(t.packages_checked, 834);
	wr = ih_result(&t, 1);
	cr_assert_not_null(wr);
	cr_assert_str_eq(wr->result,
			 "processed 834 packages: 0 vulnerable, 0 blacklisted, 0 ok, 834 unknown");
	cr_assert_eq(wr->rec_final, 0);

	/* Assessment Result compliant, to any IMC: the RESULT batch's PB-PA */
	pa = ih_next_pa(&t, &from, 1);
	want = ih_batch_pa(result, res_len, 0, &pl, &sub);
	cr_assert_eq(sub, 1);
	assert_same_pa(pa, want, pl);

	rec = ih_rec(&t, 1);
	cr_assert_not_null(rec);
	cr_assert_eq(rec->recommendation, 0);
	cr_assert_eq(rec->evaluation, 0);
	cr_assert_null(rec->reason, "allow carries no reason string");
	cr_assert_eq(ih_count_case(&t, NEA__ENVELOPE__BODY_BATCH_ENDING), 2);

	/* the broker combines to no access and tells the IMVs: session stored */
	ih_state(&t, 1, NEA__CONN_STATE__CONN_ACCESS_NONE);
	cr_assert(t.stopped);
	cr_assert_eq(t.stop_rec, 1);
	cr_assert_eq(ih_count_case(&t, NEA__ENVELOPE__BODY_SESSION_STOP), 1);
	ih_state(&t, 1, NEA__CONN_STATE__CONN_DELETE);
	cr_assert_eq(imv_host_conn_count(t.h), 0);
	cr_assert_eq(imv_host_pending_requests(t.h), 0);

	free(cdata);
	free(cdata2);
	free(result);
	ih_fini(&t);
}

Test(imv_capture, warm_database_without_pckgs_answers_in_the_first_round)
{
	/* run 2: PCKGS skipped by max_age, so the first SDATA is already the
	 * RESULT: the OS IMV decides at once and asks for no packages */
	static const ih_wi_t wis[] = {
		{ 3, "", 1, 0 },
		{ 11, "", 1, 0 },
		{ 13, "500 4500 10000-65000", 1, 0 },
	};
	ih_t t;
	size_t len, res_len, from = 0, pl;
	uint8_t *cdata = ih_load("captures/run2_password_warmdb_01_pdp_recv_CDATA.hex", &len);
	uint8_t *result = ih_load("captures/run2_password_warmdb_02_pdp_sent_RESULT.hex", &res_len);
	const uint8_t *want;
	uint32_t sub;

	ih_init(&t, both);
	memcpy(t.wis, wis, sizeof(wis));
	t.n_wis = 3;
	ih_open(&t, 1, "en");
	ih_feed_batch(&t, 1, cdata, len);

	cr_assert_not_null(ih_rec(&t, 1));
	cr_assert_eq(ih_rec(&t, 1)->recommendation, 0);
	cr_assert_not_null(ih_rec(&t, 2));
	cr_assert_eq(ih_rec(&t, 2)->recommendation, 1);
	/* OS: contract request dropped by the verdict, Assessment Result only */
	want = ih_batch_pa(result, res_len, 1, &pl, &sub);
	cr_assert_eq(sub, 1);
	assert_same_pa(ih_next_pa(&t, &from, 1), want, pl);
	from = 0;
	want = ih_batch_pa(result, res_len, 2, &pl, &sub);
	assert_same_pa(ih_next_pa(&t, &from, 2), want, pl);
	free(cdata);
	free(result);
	ih_fini(&t);
}

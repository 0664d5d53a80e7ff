/*
 * The IMV host's own rules: a connection waiting for nea-policyd is parked
 * while other connections go on; a policy manager that never answers
 * times out into "no database"; replies to forgotten requests are ignored;
 * unknown connections still get their BatchEnding; a lost broker drops
 * every connection; the message queue per connection is bounded; malformed
 * PA-TNC messages are answered with a PA-TNC Error and not shown to IMVs.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "imv_harness.h"
#include "nea_err.h"

static const char *const both[] = { "OS", "Scanner", NULL };
static const ih_os_t debian = { "Debian", "12 x86_64", "3d1219c7c4c5404aaa1f6d2a48adfda4", 0, 0,
				true };
static const ih_wi_t wis[] = { { 3, "", 1, 0 }, { 11, "22", 1, 0 } };

static void first_batch(ih_t *t, uint32_t conn)
{
	static const ih_port_t ports[] = { { false, 6, 22 } };
	size_t len;
	uint8_t *m = ih_os_msg(&debian, &len);

	ih_pa(t, conn, 0, 1, 1, 0xffff, false, m, len);
	free(m);
	m = ih_ports_msg(ports, 1, &len);
	ih_pa(t, conn, 0, 5, 2, 0xffff, false, m, len);
	free(m);
	ih_batch_end(t, conn);
}

static size_t batch_endings_for(ih_t *t, uint32_t conn)
{
	size_t n = 0;

	for (size_t i = 0; i < t->n_broker; i++)
		n += t->to_broker[i]->body_case == NEA__ENVELOPE__BODY_BATCH_ENDING &&
		     t->to_broker[i]->conn_id == conn;
	return n;
}

Test(imv_host, a_waiting_connection_does_not_block_others)
{
	ih_t t;

	ih_init(&t, both);
	memcpy(t.wis, wis, sizeof(wis));
	t.n_wis = 2;
	t.policy_hold = true;
	ih_open(&t, 1, "en");      /* SessionCreate of 1 is held */
	first_batch(&t, 1);
	cr_assert_eq(batch_endings_for(&t, 1), 0, "connection 1 must wait for nea-policyd");
	cr_assert_eq(imv_host_pending_requests(t.h), 1);

	ih_policy_release(&t);
	cr_assert_eq(batch_endings_for(&t, 1), 1);
	cr_assert_eq(ih_rec(&t, 1)->recommendation, 0);

	/* connection 2 opens while connection 3 waits for its SessionStart */
	t.policy_hold = true;
	ih_open(&t, 3, "en");
	t.policy_hold = false;
	ih_policy_run(&t); /* answers 3's SessionCreate */
	t.policy_hold = true;
	first_batch(&t, 3); /* 3 asks SessionStart and parks */
	cr_assert_eq(batch_endings_for(&t, 3), 0);
	{
		/* meanwhile a BatchEnding for a connection nobody knows */
		Nea__Envelope env = NEA__ENVELOPE__INIT;
		Nea__BatchEnding be = NEA__BATCH_ENDING__INIT;

		env.has_conn_id = true;
		env.conn_id = 77;
		env.body_case = NEA__ENVELOPE__BODY_BATCH_ENDING;
		env.batch_ending = &be;
		imv_host_broker_msg(t.h, &env);
		cr_assert_eq(batch_endings_for(&t, 77), 1);
	}
	ih_policy_release(&t);
	cr_assert_eq(batch_endings_for(&t, 3), 1);
	cr_assert_eq(imv_host_conn_count(t.h), 2);
	ih_fini(&t);
}

Test(imv_host, silent_policy_manager_times_out_into_no_database)
{
	ih_t t;

	ih_init(&t, both);
	t.policy_hold = true;
	ih_open(&t, 1, "en");
	first_batch(&t, 1);
	cr_assert_eq(batch_endings_for(&t, 1), 0);
	t.now += IMV_HOST_POLICY_TIMEOUT_MS - 1;
	imv_host_tick(t.h);
	cr_assert_eq(batch_endings_for(&t, 1), 0);
	t.now += 2;
	imv_host_tick(t.h);
	cr_assert_eq(batch_endings_for(&t, 1), 1);
	cr_assert_eq(ih_rec(&t, 1)->recommendation, 0);
	cr_assert_eq(ih_rec(&t, 1)->evaluation, 4);
	cr_assert_eq(ih_rec(&t, 2)->evaluation, 4);
	/* the late answer finds nobody waiting and changes nothing */
	ih_policy_release(&t);
	cr_assert_eq(batch_endings_for(&t, 1), 1);
	cr_assert_eq(imv_host_pending_requests(t.h), 0);
	ih_fini(&t);
}

Test(imv_host, lost_policy_link_fails_waiting_requests)
{
	ih_t t;

	ih_init(&t, both);
	memcpy(t.wis, wis, sizeof(wis));
	t.n_wis = 2;
	ih_open(&t, 1, "en");
	t.policy_hold = true;
	first_batch(&t, 1); /* SessionStart outstanding */
	imv_host_policy_down(t.h, 0);
	cr_assert_eq(batch_endings_for(&t, 1), 1);
	cr_assert_eq(ih_rec(&t, 1)->evaluation, 4);
	ih_fini(&t);
}

Test(imv_host, lost_broker_drops_every_connection)
{
	ih_t t;

	ih_init(&t, both);
	ih_open(&t, 1, "en");
	ih_open(&t, 2, "en");
	t.policy_hold = true;
	first_batch(&t, 2);
	cr_assert_eq(imv_host_conn_count(t.h), 2);
	imv_host_broker_down(t.h);
	cr_assert_eq(imv_host_conn_count(t.h), 0);
	ih_policy_release(&t); /* answers for dropped connections are ignored */
	cr_assert_eq(imv_host_conn_count(t.h), 0);
	ih_fini(&t);
}

Test(imv_host, malformed_pa_message_gets_a_pa_tnc_error)
{
	/* version 2: strongSwan answers Version Not Supported */
	static const uint8_t bad[] = { 2, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef };
	const Nea__PaMessage *pa;
	const uint8_t *v;
	size_t from = 0, vlen;
	ih_t t;

	ih_init(&t, both);
	ih_open(&t, 1, "en");
	ih_pa(&t, 1, 0, 5, 2, 0xffff, false, bad, sizeof(bad));
	pa = ih_next_pa(&t, &from, 2);
	cr_assert_not_null(pa);
	cr_assert_eq(pa->dst_id, 2);
	cr_assert(pa->exclusive);
	v = ih_attr(pa->body.data, pa->body.len, 0, 8, &vlen);
	cr_assert_not_null(v, "no PA-TNC Error");
	cr_assert_eq(v[7], 2); /* Version Not Supported */
	cr_assert_eq(memcmp(v + 8, bad, 8), 0);
	ih_fini(&t);
}

Test(imv_host, unknown_names_and_full_tables)
{
	imv_host_io_t io = { 0 };
	imv_host_t *h;

	cr_assert_eq(imv_host_new(&io, NULL, &h), 0);
	cr_assert_eq(imv_host_add_module(h, "SWIMA", "x"), NEA_ENOTFOUND);
	cr_assert_eq(imv_host_add_module(h, "os", "x"), NEA_ENOTFOUND);
	cr_assert_eq(imv_host_add_module(h, "Scanner", "x"), 1);
	for (int i = 1; i < IMV_HOST_MAX_MODULES; i++)
		cr_assert_eq(imv_host_add_module(h, "OS", "x"), i + 1);
	cr_assert_eq(imv_host_add_module(h, "OS", "x"), NEA_ETOOBIG);
	cr_assert_eq(imv_host_register(h), NEA_ECLOSED);
	imv_host_free(h);
}

Test(imv_host, queue_per_connection_is_bounded)
{
	static const uint8_t empty[] = { 1, 0, 0, 0, 1, 2, 3, 4 };
	ih_t t;

	ih_init(&t, both);
	t.policy_hold = true;
	ih_open(&t, 1, "en"); /* parked on SessionCreate */
	for (size_t i = 0; i < IMV_HOST_MAX_JOBS + 10; i++)
		ih_pa(&t, 1, 0, 1, 1, 0xffff, false, empty, sizeof(empty));
	ih_batch_end(&t, 1); /* refused by the full queue: answered at once */
	cr_assert_eq(batch_endings_for(&t, 1), 1);
	ih_policy_release(&t);
	cr_assert_eq(imv_host_conn_count(t.h), 1);
	ih_fini(&t);
}

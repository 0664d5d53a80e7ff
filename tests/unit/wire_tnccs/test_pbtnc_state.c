#include <criterion/criterion.h>

#include "nea_err.h"
#include "pbtnc_batch.h"
#include "pbtnc_state.h"

/*
 * PROTOCOLS.md §3.5 transcribed independently of the table in
 * pbtnc_state.c: expect[state][type-1] = "<client result><server result>",
 * each a state digit 0..4 or '-' for illegal.
 */
static const char *expect[5][6] = {
	/*            CDATA  SDATA  RESULT CRETRY SRETRY CLOSE */
	/* Init */  { "1-", "-2", "--", "--", "--", "44" },
	/* SW   */  { "--", "-2", "-3", "1-", "-2", "44" },
	/* CW   */  { "1-", "--", "--", "1-", "-2", "44" },
	/* Dec  */  { "--", "--", "--", "1-", "-1", "44" },
	/* End  */  { "--", "--", "--", "--", "--", "44" },
};

Test(pbtnc_state, every_cell_matches_the_spec_table)
{
	int s, t, who, checked = 0;

	for (s = 0; s < 5; s++)
		for (t = 1; t <= 6; t++)
			for (who = 0; who < 2; who++) {
				char want = expect[s][t - 1][who];
				pbtnc_state_t next = 99;
				int rc = pbtnc_state_next((pbtnc_state_t)s, (uint8_t)t, who == 1, &next);

				if (want == '-') {
					cr_assert_eq(rc, NEA_ESTATE, "state %d type %d sender %d", s, t, who);
				} else {
					cr_assert_eq(rc, 0, "state %d type %d sender %d", s, t, who);
					cr_assert_eq((int)next, want - '0', "state %d type %d sender %d", s,
						     t, who);
				}
				checked++;
			}
	cr_assert_eq(checked, 60);
}

Test(pbtnc_state, table_rows_are_all_legal_and_unique)
{
	size_t i, j;

	cr_assert_eq(pbtnc_transitions_count, 16);
	for (i = 0; i < pbtnc_transitions_count; i++) {
		const pbtnc_transition_t *a = &pbtnc_transitions[i];
		pbtnc_state_t next;

		if (a->sender & PBTNC_SENDER_CLIENT) {
			cr_assert_eq(pbtnc_state_next(a->from, a->batch_type, false, &next), 0);
			cr_assert_eq(next, a->to);
		}
		if (a->sender & PBTNC_SENDER_SERVER) {
			cr_assert_eq(pbtnc_state_next(a->from, a->batch_type, true, &next), 0);
			cr_assert_eq(next, a->to);
		}
		for (j = i + 1; j < pbtnc_transitions_count; j++)
			cr_assert(!(a->from == pbtnc_transitions[j].from &&
				    a->batch_type == pbtnc_transitions[j].batch_type &&
				    (a->sender & pbtnc_transitions[j].sender)));
	}
}

Test(pbtnc_state, captured_session_walks_to_end)
{
	/* run1: CDATA, SDATA, CDATA, RESULT, CLOSE(client) */
	static const struct {
		uint8_t type;
		bool server;
		pbtnc_state_t after;
	} steps[] = {
		{ PBTNC_BATCH_CDATA, false, PBTNC_STATE_SERVER_WORKING },
		{ PBTNC_BATCH_SDATA, true, PBTNC_STATE_CLIENT_WORKING },
		{ PBTNC_BATCH_CDATA, false, PBTNC_STATE_SERVER_WORKING },
		{ PBTNC_BATCH_RESULT, true, PBTNC_STATE_DECIDED },
		{ PBTNC_BATCH_CLOSE, false, PBTNC_STATE_END },
	};
	pbtnc_state_t s = PBTNC_STATE_INIT;
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		cr_assert_eq(pbtnc_state_next(s, steps[i].type, steps[i].server, &s), 0);
		cr_assert_eq(s, steps[i].after);
	}
	cr_assert_str_eq(pbtnc_state_name(s), "End");
}

Test(pbtnc_state, batch_types_outside_range_are_invalid)
{
	pbtnc_state_t next = PBTNC_STATE_INIT;

	cr_assert_eq(pbtnc_state_next(PBTNC_STATE_INIT, 0, false, &next), NEA_EINVAL);
	cr_assert_eq(pbtnc_state_next(PBTNC_STATE_INIT, 7, false, &next), NEA_EINVAL);
	cr_assert_eq(pbtnc_state_next(PBTNC_STATE_INIT, 15, true, &next), NEA_EINVAL);
	cr_assert_eq(next, PBTNC_STATE_INIT);
}

Test(pbtnc_state, names_follow_strongswan)
{
	cr_assert_str_eq(pbtnc_state_name(PBTNC_STATE_INIT), "Init");
	cr_assert_str_eq(pbtnc_state_name(PBTNC_STATE_SERVER_WORKING), "Server Working");
	cr_assert_str_eq(pbtnc_state_name(PBTNC_STATE_CLIENT_WORKING), "Client Working");
	cr_assert_str_eq(pbtnc_state_name(PBTNC_STATE_DECIDED), "Decided");
	cr_assert_str_eq(pbtnc_state_name((pbtnc_state_t)9), "unknown");
}

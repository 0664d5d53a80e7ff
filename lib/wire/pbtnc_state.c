#include "pbtnc_state.h"

#include "nea_err.h"
#include "pbtnc_batch.h"

/*
 * PB-TNC state machine (RFC 5793 §3.2), PROTOCOLS.md §3.5:
 *
 *                  CRETRY/SRETRY (no change)     SRETRY(server)/CRETRY(client)
 *                        +--+   +-----------------------------+
 *                        v  |   v                             |
 *          CDATA      +---------+   RESULT               +---------+
 *   Init ------------>| Server  |----------------------->| Decided |
 *    |  \             | Working |                        +---------+
 *    |   \ SDATA      +---------+                             |
 *    |    \            ^ |  SDATA/SRETRY                      | CLOSE
 *    |     \     CDATA/| v                                    v
 *    |      \   CRETRY +---------+  CLOSE                   =====
 *    |       +-------->| Client  |------------------------> End  (CLOSE from any state)
 *    |                 | Working |                          =====
 *    |                 +---------+
 *    +-------------------------- CLOSE ------------------------^
 */
const pbtnc_transition_t pbtnc_transitions[] = {
	{ PBTNC_STATE_INIT, PBTNC_BATCH_CDATA, PBTNC_SENDER_CLIENT, PBTNC_STATE_SERVER_WORKING },
	{ PBTNC_STATE_INIT, PBTNC_BATCH_SDATA, PBTNC_SENDER_SERVER, PBTNC_STATE_CLIENT_WORKING },
	{ PBTNC_STATE_INIT, PBTNC_BATCH_CLOSE, PBTNC_SENDER_EITHER, PBTNC_STATE_END },
	{ PBTNC_STATE_SERVER_WORKING, PBTNC_BATCH_SDATA, PBTNC_SENDER_SERVER, PBTNC_STATE_CLIENT_WORKING },
	{ PBTNC_STATE_SERVER_WORKING, PBTNC_BATCH_SRETRY, PBTNC_SENDER_SERVER, PBTNC_STATE_CLIENT_WORKING },
	{ PBTNC_STATE_SERVER_WORKING, PBTNC_BATCH_RESULT, PBTNC_SENDER_SERVER, PBTNC_STATE_DECIDED },
	{ PBTNC_STATE_SERVER_WORKING, PBTNC_BATCH_CRETRY, PBTNC_SENDER_CLIENT, PBTNC_STATE_SERVER_WORKING },
	{ PBTNC_STATE_SERVER_WORKING, PBTNC_BATCH_CLOSE, PBTNC_SENDER_EITHER, PBTNC_STATE_END },
	{ PBTNC_STATE_CLIENT_WORKING, PBTNC_BATCH_CDATA, PBTNC_SENDER_CLIENT, PBTNC_STATE_SERVER_WORKING },
	{ PBTNC_STATE_CLIENT_WORKING, PBTNC_BATCH_CRETRY, PBTNC_SENDER_CLIENT, PBTNC_STATE_SERVER_WORKING },
	{ PBTNC_STATE_CLIENT_WORKING, PBTNC_BATCH_SRETRY, PBTNC_SENDER_SERVER, PBTNC_STATE_CLIENT_WORKING },
	{ PBTNC_STATE_CLIENT_WORKING, PBTNC_BATCH_CLOSE, PBTNC_SENDER_EITHER, PBTNC_STATE_END },
	{ PBTNC_STATE_DECIDED, PBTNC_BATCH_CRETRY, PBTNC_SENDER_CLIENT, PBTNC_STATE_SERVER_WORKING },
	{ PBTNC_STATE_DECIDED, PBTNC_BATCH_SRETRY, PBTNC_SENDER_SERVER, PBTNC_STATE_SERVER_WORKING },
	{ PBTNC_STATE_DECIDED, PBTNC_BATCH_CLOSE, PBTNC_SENDER_EITHER, PBTNC_STATE_END },
	{ PBTNC_STATE_END, PBTNC_BATCH_CLOSE, PBTNC_SENDER_EITHER, PBTNC_STATE_END },
};
const size_t pbtnc_transitions_count = sizeof(pbtnc_transitions) / sizeof(pbtnc_transitions[0]);

int pbtnc_state_next(pbtnc_state_t state, uint8_t batch_type, bool sender_is_server,
		     pbtnc_state_t *next)
{
	uint8_t who = sender_is_server ? PBTNC_SENDER_SERVER : PBTNC_SENDER_CLIENT;
	size_t i;

	if (batch_type < PBTNC_BATCH_CDATA || batch_type > PBTNC_BATCH_CLOSE)
		return NEA_EINVAL;
	for (i = 0; i < pbtnc_transitions_count; i++) {
		const pbtnc_transition_t *t = &pbtnc_transitions[i];

		if (t->from == state && t->batch_type == batch_type && (t->sender & who)) {
			*next = t->to;
			return 0;
		}
	}
	return NEA_ESTATE;
}

const char *pbtnc_state_name(pbtnc_state_t state)
{
	switch (state) {
	case PBTNC_STATE_INIT: return "Init";
	case PBTNC_STATE_SERVER_WORKING: return "Server Working";
	case PBTNC_STATE_CLIENT_WORKING: return "Client Working";
	case PBTNC_STATE_DECIDED: return "Decided";
	case PBTNC_STATE_END: return "End";
	}
	return "unknown";
}

/*
 * pbtnc_state: the PB-TNC session state machine (RFC 5793 §3.2) as data.
 *
 * Contract: pbtnc_transitions[] is the legality table of PROTOCOLS.md §3.5,
 * one row per (state, batch type, sender) that is allowed; everything else
 * is illegal and must be answered with a fatal PB-Error "Unexpected Batch
 * Type". The table is the same for sending and receiving because it is seen
 * from the session, not from one side: the broker calls pbtnc_state_next()
 * with sender_is_server = true for batches it sends as server and for
 * batches it receives from a server, and so on.
 *
 * The table equals strongSwan's send_batch() rules (pb_tnc_state_machine.c).
 * strongSwan's receive_batch() differs in two cells: it keeps Client Working
 * when a server receives CRETRY there, and it refuses an SRETRY received by
 * a client in Client Working. Those cells describe batches a strongSwan peer
 * never sends in that state, so one table serves both directions here.
 *
 * Pure data and a pure function; no allocation, no I/O.
 */
#ifndef PBTNC_STATE_H
#define PBTNC_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
	PBTNC_STATE_INIT = 0,
	PBTNC_STATE_SERVER_WORKING = 1,
	PBTNC_STATE_CLIENT_WORKING = 2,
	PBTNC_STATE_DECIDED = 3,
	PBTNC_STATE_END = 4,
} pbtnc_state_t;

/* Who may send the batch of a row. */
enum {
	PBTNC_SENDER_CLIENT = 1,
	PBTNC_SENDER_SERVER = 2,
	PBTNC_SENDER_EITHER = 3,
};

typedef struct {
	pbtnc_state_t from;
	uint8_t batch_type; /* PBTNC_BATCH_* (pbtnc_batch.h) */
	uint8_t sender;     /* PBTNC_SENDER_* */
	pbtnc_state_t to;
} pbtnc_transition_t;

extern const pbtnc_transition_t pbtnc_transitions[];
extern const size_t pbtnc_transitions_count;

/*
 * Look up the transition for a batch of batch_type sent by the server
 * (sender_is_server) or the client in state. Returns 0 and stores the new
 * state in *next, NEA_EINVAL for a batch type outside 1..6, or NEA_ESTATE if
 * the batch is not allowed in this state (PB-Error Unexpected Batch Type).
 */
int pbtnc_state_next(pbtnc_state_t state, uint8_t batch_type, bool sender_is_server,
		     pbtnc_state_t *next);

/* strongSwan's state name ("Init", "Server Working", ...), never NULL. */
const char *pbtnc_state_name(pbtnc_state_t state);

#endif

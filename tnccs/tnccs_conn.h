/*
 * tnccs_conn: what the PB-TNC server and client of one connection share:
 * the session state (RFC 5793 §3.2 through lib/wire's legality table),
 * receiving a batch with strongSwan's receiver rules, the queue of
 * messages for the next batch and building that batch, the limits and the
 * peer's language preference.
 *
 * Contract:
 *  - tnccs_conn_recv() parses a received batch against the current state.
 *    On success the state has advanced, *b lists the messages (views into
 *    the caller's buffer) and the "processing ..." lines are logged. On a
 *    parse failure the connection is marked fatal and the next batch is a
 *    CLOSE holding the PB-Error strongSwan would send (messages queued for
 *    another batch type are cancelled), so tnccs_conn_build() answers
 *    with it; the return value is the negative NEA_E* code.
 *  - tnccs_conn_set_type() selects the type of the batch being put
 *    together; switching from one type to another cancels what was queued
 *    for the old one (strongSwan's change_batch_type).
 *  - tnccs_conn_build() sends the selected batch if the state allows it:
 *    queued messages go in order while they fit into max_batch bytes, the
 *    rest stays queued for the next batch of the same type. A message that
 *    does not fit even an empty batch is dropped with a log line so the
 *    queue cannot stall. Returns NEA_ESTATE (and cancels the selection)
 *    when the selected type may not be sent now, NEA_ENOTFOUND when no
 *    type is selected.
 *  - No I/O besides log lines, no clock; one connection, one thread.
 */
#ifndef TNCCS_CONN_H
#define TNCCS_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pbtnc_batch.h"
#include "pbtnc_state.h"
#include "tnccs_limits.h"
#include "tnccs_msgq.h"

#define TNCCS_MAX_LANG 255
#define TNCCS_DEFAULT_LANG "en"

typedef struct {
	bool is_server;
	uint32_t id;            /* TNCCS Connection ID */
	pbtnc_state_t state;
	tnccs_limits_t lim;
	uint8_t batch_type;     /* PBTNC_BATCH_* being put together, NONE if none */
	tnccs_msgq_t q;
	bool fatal;             /* a fatal PB-TNC error occurred (ours or the peer's) */
	bool empty_cdata;       /* server: the last CDATA carried no message */
	bool have_lang;
	char lang[TNCCS_MAX_LANG + 1]; /* the peer's PB-Language-Preference */
	uint64_t batches_in, batches_out;
} tnccs_conn_t;

/* queue_max: bound for queued bytes (0: 4 * max_batch). */
void tnccs_conn_init(tnccs_conn_t *c, bool is_server, uint32_t id, const tnccs_limits_t *lim,
		     size_t queue_max);
void tnccs_conn_free(tnccs_conn_t *c);

int tnccs_conn_recv(tnccs_conn_t *c, const uint8_t *data, size_t len, pbtnc_batch_t *b);
void tnccs_conn_set_type(tnccs_conn_t *c, uint8_t type);
/* Queue a message for the selected batch type. NEA_ETOOBIG past the bound. */
int tnccs_conn_add(tnccs_conn_t *c, const pbtnc_msg_t *m);
/* Queue the fatal PB-Error for a failure and select CLOSE (used by
 * tnccs_conn_recv; public for local failures). */
int tnccs_conn_fail(tnccs_conn_t *c, const pbtnc_error_t *e);
int tnccs_conn_build(tnccs_conn_t *c, uint8_t **out, size_t *out_len);

/* Log a received PB-Error the way strongSwan does; sets c->fatal if fatal. */
void tnccs_conn_log_error(tnccs_conn_t *c, const pbtnc_error_t *e);

/* "IETF/PB-PA" style name into buf. */
const char *tnccs_msg_name(char *buf, size_t size, const pbtnc_msg_t *m);

#endif

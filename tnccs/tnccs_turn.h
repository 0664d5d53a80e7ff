/*
 * tnccs_turn: PB-TNC half-duplex turn keeping and the PA message
 * conversions that the server (tnccs_server.c) and the client
 * (client/tnccs_client_core.c) share with their measurement host.
 *
 * Contract:
 *  - A tnccs_turn_t knows whether the host still owes BatchEndings
 *    (host_wait), whether a batch is being handled (in_recv), whether the
 *    connection ended, and keeps at most one batch that arrived while the
 *    previous one was not answered yet (strongSwan answers each batch
 *    before it reads the next; the peer may still send early).
 *  - tnccs_turn_recv() hands a batch to handle() at once when the turn is
 *    free, then hands over a held batch once the turn is free again.
 *    Returns 0 when handled, 1 when held, NEA_ESTATE when a batch is held
 *    already (the peer broke half-duplex order; the caller ends the
 *    connection), NEA_ENOMEM when it could not be held.
 *  - tnccs_turn_drain() is called by the owner whenever the host answered
 *    (host_wait dropped to 0); a held batch of an ended connection is
 *    dropped.
 *  - tnccs_turn_set_waiting() tells wait_host() when waiting starts/stops.
 *  - No I/O besides the callbacks; one connection, one thread.
 */
#ifndef TNCCS_TURN_H
#define TNCCS_TURN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pbtnc_batch.h"
#include "nea.pb-c.h"

typedef struct {
	unsigned host_wait;   /* BatchEndings still owed by the host */
	bool in_recv;         /* handle() is running (no re-entry) */
	bool ended;           /* the connection ended: nothing more is handled */
	uint8_t *held;        /* a batch that arrived while the host worked */
	size_t held_len;
	void (*handle)(void *arg, const uint8_t *data, size_t len);
	void (*wait_host)(void *arg, bool waiting);
	void *arg;            /* for handle() */
	void *wait_arg;       /* for wait_host() */
} tnccs_turn_t;

void tnccs_turn_set_waiting(tnccs_turn_t *t, unsigned n);
int tnccs_turn_recv(tnccs_turn_t *t, const uint8_t *data, size_t len);
void tnccs_turn_drain(tnccs_turn_t *t);
void tnccs_turn_free(tnccs_turn_t *t);

/* A PA message from the host is acceptable on the wire: vendor and
 * subtype not reserved, both module ids 16 bit. Whether the sender is a
 * known module is the caller's check. */
bool tnccs_pa_from_host_ok(const Nea__PaMessage *pm);

/* The PB-PA message for a PA message from the host. from_imv: the host
 * is the server's IMV host (src is the validator), else the client's IMC
 * host (src is the collector). The body stays the host's. */
void tnccs_pa_from_host(const Nea__PaMessage *pm, bool from_imv, pbtnc_msg_t *m);

/* The envelope for a received PB-PA message to the host (pm is filled,
 * env points at it). to_imv: to the server's IMV host. */
void tnccs_pa_to_host(const pbtnc_pa_t *pa, bool to_imv, Nea__Envelope *env,
		      Nea__PaMessage *pm);

#endif

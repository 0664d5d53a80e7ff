/*
 * imc_host: the IMC framework of nea-imcd, the client side of the
 * conversation in ARCHITECTURE.md section 11.2 (module.proto), as a pure
 * state machine: envelopes from a client broker go in through
 * imc_peer_handle(), envelopes for it come out through the peer's send
 * function. No sockets, no event loop (imcd_service.c adds those).
 *
 * Contract:
 *  - imc_host_create() loads the IMC lines of a tnc_config in file order,
 *    IDs from 1, logging strongSwan's 'IMC 1 "OS" initialized' and
 *    '... loaded from ...'. A name without a built-in IMC is skipped with a
 *    log line and takes no ID. Zero IMCs is allowed (the host then only
 *    answers BatchEnding).
 *  - A peer is one client broker link. imc_peer_register() sends its
 *    ModuleRegister (IDs, names, one subscription each). Connections are
 *    per peer: the same Connection ID on two links are two connections.
 *  - Per envelope from the broker:
 *      ConnStateChange CREATE   state per IMC ("created a state for ...")
 *      ConnStateChange HANDSHAKE every IMC's begin-handshake: its PaMessage
 *                               (src = IMC ID, dst = 0xffff, EXCL clear),
 *                               then one BatchEnding
 *      PaMessage                delivered to every IMC subscribed to its
 *                               type (only dst when exclusive); replies are
 *                               sent at once (src = IMC, dst = IMV, EXCL set
 *                               when the connection has it)
 *      BatchEnding              every IMC's batch-ending, then BatchEnding
 *      AssessmentOutcome        logged (the server's decision)
 *      ConnStateChange ACCESS_* logged per IMC; DELETE frees the states
 *    A BatchEnding is answered even for an unknown connection, so a broker
 *    never waits on a state the host does not have.
 *  - imc_peer_destroy() deletes the states of the peer's open connections.
 *  - Errors from the send function are logged; the host carries on (the
 *    link owner learns of a dead link through its own callbacks).
 */
#ifndef NEA_IMC_HOST_H
#define NEA_IMC_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "imc_settings.h"
#include "nea.pb-c.h"
#include "nea_tncconf.h"

typedef struct imc_host imc_host_t;
typedef struct imc_peer imc_peer_t;

/* Send one envelope to the peer (it is serialized before returning). */
typedef int (*imc_send_fn)(void *ctx, Nea__Envelope *env);

/*
 * Takes ownership of *set (it is zeroed). tnc may be NULL (no IMCs).
 * 0 or NEA_ENOMEM.
 */
int imc_host_create(const nea_tncconf_t *tnc, imc_settings_t *set, imc_host_t **out);
/* Replace the settings in place (reload); takes ownership of *set. */
void imc_host_set_settings(imc_host_t *h, imc_settings_t *set);
void imc_host_destroy(imc_host_t *h);
size_t imc_host_module_count(const imc_host_t *h);
/* PA-TNC message IDs; default: random (getrandom). For reproducible tests. */
void imc_host_set_msg_id_source(imc_host_t *h, uint32_t (*next)(void *arg), void *arg);

imc_peer_t *imc_peer_create(imc_host_t *h, const char *label, imc_send_fn send, void *ctx);
int imc_peer_register(imc_peer_t *p);
int imc_peer_handle(imc_peer_t *p, const Nea__Envelope *env);
size_t imc_peer_conn_count(const imc_peer_t *p);
void imc_peer_destroy(imc_peer_t *p);

#endif

/*
 * nea-imcd service: the endpoint's IMC host (imc_host.h) on the daemon
 * skeleton, sandboxed without network sockets.
 *
 * Two ways to reach a client broker (module.proto, ARCHITECTURE.md 11.2):
 *  - daemon mode (under nea-master, nea.daemons.imcd = yes): listens on
 *    <rundir>/imc.sock; peers are credential-checked (the user of
 *    nea-iked, root, nea-imcd's own user). Any number of brokers.
 *  - one-shot mode, for a client that spawns its own IMC host (nea
 *    pt-tls-client): an already connected AF_UNIX stream socket is passed
 *    as a descriptor, `nea-imcd --broker-fd N --config FILE [--debug L]`
 *    or NEA_IMC_BROKER_FD=N in the environment (the option wins). N must
 *    survive exec (no FD_CLOEXEC; dup2 onto itself keeps the flag, clear
 *    it). No socket is bound and nea.rundir is not created; the IMC list
 *    (nea.tnc_config) is read before a root start drops to nea-imc. The
 *    host sends ModuleRegister on that socket as soon as it is ready and
 *    exits 0 when the peer closes it (or on SIGTERM); a start-up failure
 *    (unreadable IMC list, bad descriptor) exits non-zero, a --broker-fd
 *    value that is not a number exits 2. A frame the broker may not send
 *    (anything but ConnStateChange, PaMessage, BatchEnding,
 *    AssessmentOutcome) closes the link, which ends the process too.
 * Either way the first frame the broker receives is ModuleRegister, and
 * every HANDSHAKE and BatchEnding is answered by exactly one BatchEnding
 * (after the IMCs' PaMessages), also for a connection it does not know.
 */
#ifndef NEA_IMCD_SERVICE_H
#define NEA_IMCD_SERVICE_H

#include "nea_daemon.h"

#define IMCD_BROKER_FD_ENV "NEA_IMC_BROKER_FD"

extern const nea_service_t imcd_service;

/* One-shot mode on an inherited socket (call before nea_daemon_main). */
void imcd_service_set_broker_fd(int fd);

#endif

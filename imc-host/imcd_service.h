/*
 * nea-imcd service: the endpoint's IMC host (imc_host.h) on the daemon
 * skeleton, sandboxed without network sockets.
 *
 * Two ways to reach a client broker (module.proto, ARCHITECTURE.md 11.2):
 *  - daemon mode (under nea-master, nea.daemons.imcd = yes): listens on
 *    <rundir>/imc.sock; peers are credential-checked (the user of
 *    nea-iked, root, nea-imcd's own user). Any number of brokers.
 *  - one-shot mode, for a client that spawns its own IMC host (nea
 *    pt-tls-client): an already connected stream socket is passed as a
 *    descriptor, `nea-imcd --broker-fd N` or NEA_IMC_BROKER_FD=N in the
 *    environment. No socket is bound and nea.rundir is not created; the
 *    host sends ModuleRegister on that socket at once and exits (status 0)
 *    when the peer closes it.
 * Either way the first frame the broker receives is ModuleRegister.
 */
#ifndef NEA_IMCD_SERVICE_H
#define NEA_IMCD_SERVICE_H

#include "nea_daemon.h"

#define IMCD_BROKER_FD_ENV "NEA_IMC_BROKER_FD"

extern const nea_service_t imcd_service;

/* One-shot mode on an inherited socket (call before nea_daemon_main). */
void imcd_service_set_broker_fd(int fd);

#endif

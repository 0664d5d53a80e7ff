/*
 * nea-imcd service: the endpoint's IMC host. Listens on <rundir>/imc.sock
 * for the client-side broker (nea pt-tls-client or nea-iked as initiator),
 * runs sandboxed without network sockets. The collectors plug in later.
 */
#ifndef NEA_IMCD_SERVICE_H
#define NEA_IMCD_SERVICE_H

#include "nea_daemon.h"

extern const nea_service_t imcd_service;

#endif

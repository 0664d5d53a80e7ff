/*
 * nea-brokerd service: the PB-TNC broker. Listens on <rundir>/broker.sock
 * for the transport front ends (nea-pttlsd, nea-iked) and on
 * <rundir>/imv.sock for the IMV host. For now it logs what arrives; the
 * PB-TNC state machines replace the handlers.
 */
#ifndef NEA_BROKERD_SERVICE_H
#define NEA_BROKERD_SERVICE_H

#include "nea_daemon.h"

extern const nea_service_t brokerd_service;

#endif

/*
 * nea-brokerd service: the PB-TNC broker (ARCHITECTURE "PB-TNC brokers").
 * Listens on <rundir>/broker.sock for the transport front ends (nea-pttlsd,
 * nea-iked) and on <rundir>/imv.sock for the IMV host (nea-imvd); runs one
 * PB-TNC server per assessment (tnccs_server) on the daemon's loop.
 */
#ifndef NEA_BROKERD_SERVICE_H
#define NEA_BROKERD_SERVICE_H

#include "nea_daemon.h"

extern const nea_service_t brokerd_service;

#endif

/*
 * nea-iked service: the IKEv2 front end (PT-EAP in EAP-TTLS).
 * Keeps a reconnecting link to <rundir>/broker.sock; the network listener
 * and protocol work arrive later and send ConnOpen/Batch/ConnClose on it.
 */
#ifndef NEA_IKED_SERVICE_H
#define NEA_IKED_SERVICE_H

#include "nea_daemon.h"

extern const nea_service_t iked_service;

#endif

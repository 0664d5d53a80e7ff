/*
 * nea-pttlsd service: the PT-TLS front end (RFC 6876).
 * Keeps a reconnecting link to <rundir>/broker.sock; the network listener
 * and protocol work arrive later and send ConnOpen/Batch/ConnClose on it.
 */
#ifndef NEA_PTTLSD_SERVICE_H
#define NEA_PTTLSD_SERVICE_H

#include "nea_daemon.h"

extern const nea_service_t pttlsd_service;

#endif

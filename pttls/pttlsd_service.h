/*
 * nea-pttlsd service: the PT-TLS front end (RFC 6876) on the daemon
 * skeleton. TCP port nea.pttls.port (271), TLS 1.2/1.3, SASL PLAIN against
 * the EAP secrets of nea.swanctl or client certificates, and the PB-TNC
 * batches relayed to nea-brokerd over <rundir>/broker.sock. See pttlsd.h
 * for the files behind it.
 */
#ifndef NEA_PTTLSD_SERVICE_H
#define NEA_PTTLSD_SERVICE_H

#include "nea_daemon.h"

extern const nea_service_t pttlsd_service;

#endif

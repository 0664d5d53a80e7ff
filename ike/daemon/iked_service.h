/*
 * nea-iked service: the IKEv2 responder (UDP nea.ike.port/port_nat_t,
 * default 500/4500, charon.port/port_nat_t accepted as fallbacks) with EAP
 * client authentication, on the daemon skeleton. pre_init loads the
 * configuration and binds the UDP sockets while privileged; init starts
 * receiving, the broker link (broker.sock) and the control socket
 * (iked.sock, `nea conns` / `nea sas`); reload swaps the configuration
 * snapshot for new IKE_SAs (running ones keep theirs); stop deletes nothing
 * on the wire and wipes every SA.
 */
#ifndef NEA_IKED_SERVICE_H
#define NEA_IKED_SERVICE_H

#include "nea_daemon.h"

extern const nea_service_t iked_service;

#endif

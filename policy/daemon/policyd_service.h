/*
 * nea-policyd service: owns the policy database (libimcv.database), serves
 * the IMV host on <rundir>/policy.sock (ARCHITECTURE 11.3) and the nea CLI
 * on <rundir>/admin.sock, and closes out sessions nobody will stop.
 * Settings: libimcv.database, nea.policyd.admin_group, session_timeout,
 * orphan_timeout, max_sessions, housekeeping_interval_ms, synchronous
 * (ARCHITECTURE 8).
 */
#ifndef NEA_POLICYD_SERVICE_H
#define NEA_POLICYD_SERVICE_H

#include "nea_daemon.h"

extern const nea_service_t policyd_service;

#endif

/*
 * nea-policyd service: owns the policy database (later); listens on
 * <rundir>/policy.sock for the IMV host and broker and on
 * <rundir>/admin.sock for the operator tool. Until the database code lands
 * every request is answered "not implemented yet" so callers get a
 * well-formed reply instead of a hang.
 */
#ifndef NEA_POLICYD_SERVICE_H
#define NEA_POLICYD_SERVICE_H

#include "nea_daemon.h"

extern const nea_service_t policyd_service;

#endif

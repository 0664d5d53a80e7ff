/*
 * nea-imvd service: the IMV host. Reads its module list from nea.tnc_config
 * (start-up fails if it cannot), runs sandboxed without network, keeps a
 * reconnecting link to the broker (<rundir>/imv.sock), registering its
 * modules on every (re)connect, and one to the policy manager
 * (<rundir>/policy.sock). The IMVs themselves plug in here later.
 */
#ifndef NEA_IMVD_SERVICE_H
#define NEA_IMVD_SERVICE_H

#include "nea_daemon.h"

extern const nea_service_t imvd_service;

#endif

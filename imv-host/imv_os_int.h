/*
 * imv_os_int: the OS IMV's per-connection state, shared by its files
 * (imv_os.c: attributes and package check, imv_os_batch.c: the handshake
 * and workitems, imv_os_text.c: reason strings and remediation).
 *
 * Contract: mirrors strongSwan's imv_os_state; the handshake runs
 * INIT -> ATTR_REQ -> POLICY_START -> WORKITEMS -> END, with POLICY_WAIT
 * while nea-policyd starts the session.
 */
#ifndef NEA_IMV_OS_INT_H
#define NEA_IMV_OS_INT_H

#include "imv_agent.h"

/* Attributes received (strongSwan's action flags). */
enum {
	OS_ATTR_PRODUCT_INFO = 1u << 0,
	OS_ATTR_STRING_VERSION = 1u << 1,
	OS_ATTR_NUMERIC_VERSION = 1u << 2,
	OS_ATTR_OP_STATUS = 1u << 3,
	OS_ATTR_FWD_ENABLED = 1u << 4,
	OS_ATTR_DEFAULT_PWD = 1u << 5,
	OS_ATTR_DEVICE_ID = 1u << 6,
	OS_ATTR_MUST = (1u << 7) - 1,
	OS_ATTR_PACKAGES = 1u << 7,
	OS_ATTR_SETTINGS = 1u << 8,
};

/* Improper settings found. */
enum {
	OS_SET_FWD = 1u << 0,
	OS_SET_DEFAULT_PWD = 1u << 1,
	OS_SET_UNKNOWN_SOURCE = 1u << 2,
};

typedef enum {
	OS_INIT = 0,
	OS_ATTR_REQ,
	OS_POLICY_WAIT,
	OS_POLICY_START,
	OS_WORKITEMS,
	OS_END,
} os_handshake_t;

typedef struct {
	char **names;
	char **versions;
	uint8_t *status;   /* PackageStatus values, per package */
	size_t n;
	size_t outstanding; /* PackageCheck requests not answered */
	bool failed;
	uint32_t imc;       /* who sent the list (the reply's destination) */
} os_pkgcheck_t;

typedef struct {
	os_handshake_t hs;
	uint32_t received;
	uint32_t settings;
	size_t count, count_update, count_blacklist, count_ok;
	char **update_pkgs;
	size_t n_update;
	char **remove_pkgs;
	size_t n_remove;
	os_pkgcheck_t *chk;
	imv_out_t be_out; /* batch-ending message kept across IMV_WAIT */
	bool be_live;
} imv_os_t;

/* imv_os_batch.c */
int imv_os_batch_ending(imv_state_t *st);
/* imv_os_text.c */
bool imv_os_reason(imv_state_t *st, nea_wr_t *out, const char **lang);
bool imv_os_remediation(imv_state_t *st, char **text, size_t *len, const char **lang);
/* imv_os.c */
void imv_os_pkgcheck_free(os_pkgcheck_t *chk);

#endif

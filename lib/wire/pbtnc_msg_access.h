/*
 * pbtnc_msg_access: the PB-Access-Recommendation value (RFC 5793 §4.7),
 * IETF type 3.
 *
 * Contract: the value is exactly 4 bytes, Reserved(2) + Recommendation(2)
 * with 1 Access Allowed, 2 Access Denied, 3 Quarantined. Anything else
 * fails with offset 2 (the recommendation field) as strongSwan does; the
 * reserved field is ignored on receipt and written as zero.
 * pbtnc_access_from_imv() is strongSwan's mapping of an IF-IMV action
 * recommendation onto this code (ALLOW->1, ISOLATE->3, else 2).
 */
#ifndef PBTNC_MSG_ACCESS_H
#define PBTNC_MSG_ACCESS_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PBTNC_ACCESS_LEN 4

enum {
	PBTNC_ACCESS_ALLOWED = 1,
	PBTNC_ACCESS_DENIED = 2,
	PBTNC_ACCESS_QUARANTINED = 3,
};

/* TNC IF-IMV Action Recommendation */
enum {
	TNC_REC_ALLOW = 0,
	TNC_REC_NO_ACCESS = 1,
	TNC_REC_ISOLATE = 2,
	TNC_REC_NO_RECOMMENDATION = 3,
};

int pbtnc_access_parse(const uint8_t *v, size_t len, uint16_t *rec, nea_perr_t *err);
int pbtnc_access_build(nea_wr_t *w, uint16_t rec);
uint16_t pbtnc_access_from_imv(uint32_t imv_action_recommendation);

#endif

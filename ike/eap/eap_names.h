/*
 * eap_names: strongSwan's spellings of EAP codes and types, for the log
 * lines the tunnel methods share with charon ("EAP_PT_EAP",
 * "[EAP/REQ/ID]").
 *
 * Contract: never NULL. A number without a name comes back as its decimal
 * value in a per-thread buffer, valid until the next unnamed value is
 * formatted on that thread (enough for one log line with one such value).
 */
#ifndef EAP_NAMES_H
#define EAP_NAMES_H

#include <stdint.h>

/* "EAP_MD5", "EAP_PT_EAP", ... (strongSwan eap_type_names) */
const char *eap_type_long_name(uint8_t type);
/* "MD5", "PT", "ID", ... (strongSwan eap_type_short_names) */
const char *eap_type_short(uint8_t type);
/* "REQ", "RES", "SUCC", "FAIL" */
const char *eap_code_short(uint8_t code);
/* "EAP_REQUEST", "EAP_RESPONSE", ... */
const char *eap_code_long_name(uint8_t code);

#endif

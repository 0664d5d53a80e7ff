/*
 * ike_names: printable names of the IKEv2 numbers in ike_types.h.
 *
 * Contract: every function returns a static string, or NULL when the value
 * has no name (callers print the number instead). Short names are the ones
 * strongSwan prints in its "[ SA KE No N(NATD_S_IP) ... ]" message summaries,
 * so an operator can compare nea's and charon's logs line by line; long
 * names are the RFC/IANA spellings strongSwan uses elsewhere.
 */
#ifndef IKE_NAMES_H
#define IKE_NAMES_H

#include <stdint.h>

const char *ike_exchange_name(uint8_t exchange);
const char *ike_payload_short_name(uint8_t type);
const char *ike_payload_name(uint8_t type);
const char *ike_notify_name(uint16_t type);
const char *ike_notify_short_name(uint16_t type);
const char *ike_protocol_name(uint8_t proto);
const char *ike_transform_type_name(uint8_t type);
/* Algorithm name in strongSwan's proposal notation ("AES_CBC",
 * "HMAC_SHA2_256_128", "PRF_HMAC_SHA2_256", "CURVE_25519", "NO_EXT_SEQ"). */
const char *ike_transform_name(uint8_t type, uint16_t id);
const char *ike_id_type_name(uint8_t type);
const char *ike_auth_method_name(uint8_t method);
const char *ike_cp_type_short_name(uint8_t cfg_type);
const char *ike_cp_attr_short_name(uint16_t attr);
const char *ike_eap_code_short_name(uint8_t code);
const char *ike_eap_type_short_name(uint8_t type);

#endif

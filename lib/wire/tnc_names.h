/*
 * tnc_names: vendor (PEN) numbers and the name tables that logs and the
 * dump tool print, spelled as strongSwan 5.9.14 prints them so log lines
 * can be compared side by side ("IETF/PB-Language-Preference",
 * "ITA-HSR/Device ID", "IETF/Operating System", "non-compliant minor").
 *
 * Contract: every *_name() returns a static string or NULL when the value
 * has no name; tnc_pen_type_str() and friends format "<vendor>/<type>" into
 * a caller buffer and fall back to hex ("0x00abcd/0x00000005") for unknown
 * parts, always NUL-terminating (truncating if the buffer is short).
 * PA-TNC attribute names live in the PA-TNC developer's own file.
 */
#ifndef TNC_NAMES_H
#define TNC_NAMES_H

#include <stddef.h>
#include <stdint.h>

/* IANA Private Enterprise Numbers used on the TNC wire (24 bits). */
#define TNC_PEN_IETF 0x000000u
#define TNC_PEN_IBM 0x000002u
#define TNC_PEN_MICROSOFT 0x000137u
#define TNC_PEN_REDHAT 0x000908u
#define TNC_PEN_PWG 0x000a8bu
#define TNC_PEN_ALTIGA 0x000c04u
#define TNC_PEN_OSC 0x002358u
#define TNC_PEN_DEBIAN 0x002572u
#define TNC_PEN_GOOGLE 0x002b79u
#define TNC_PEN_TCG 0x005597u
#define TNC_PEN_CANONICAL 0x007132u
#define TNC_PEN_FEDORA 0x0076c1u
#define TNC_PEN_FHH 0x0080abu
#define TNC_PEN_ITA 0x00902au
#define TNC_PEN_OPENPTS 0x00950eu
#define TNC_PEN_UNASSIGNED 0xfffffeu
#define TNC_PEN_RESERVED 0xffffffu

/* "IETF", "TCG", "ITA-HSR", "PWG", ... (strongSwan pen_names) */
const char *tnc_pen_name(uint32_t pen);

/* PB-TNC */
const char *pbtnc_batch_type_name(uint8_t type);          /* "CDATA" .. "CLOSE" */
const char *pbtnc_msg_type_name(uint32_t vendor, uint32_t type); /* "PB-PA" */
const char *pbtnc_error_code_name(uint32_t vendor, uint16_t code); /* "Invalid Parameter" */
const char *pbtnc_access_name(uint16_t rec);              /* "Access Denied" */
const char *pbtnc_remed_type_name(uint32_t vendor, uint32_t type); /* "Remediation-URI" */

/* TNC IF-IMV values */
const char *tnc_action_rec_name(uint32_t rec);  /* "allow", "no access", ... */
const char *tnc_eval_name(uint32_t eval);       /* "compliant", "non-compliant minor", ... */

/* PA subtypes per vendor: "Operating System", "PTS", "HCD System" */
const char *pa_subtype_name(uint32_t vendor, uint32_t subtype);

/* PT-TLS */
const char *pttls_msg_type_name(uint32_t vendor, uint32_t type); /* "SASL Result" */
const char *pttls_error_code_name(uint32_t vendor, uint32_t code); /* "Malformed Message" */
const char *pttls_sasl_result_name(uint32_t code);        /* "Success" .. "Mechanism Failure" */

/* EAP (strongSwan eap_code_names / eap_type_names) */
const char *eap_code_name(uint8_t code); /* "EAP_REQUEST" */
const char *eap_type_name(uint8_t type); /* "EAP_TTLS", "EAP_PT_EAP" */

/*
 * Format "<pen name or 0x%06x>/<name or 0x%08x>" into buf; returns buf.
 * name may be NULL.
 */
char *tnc_pen_type_str(char *buf, size_t size, uint32_t vendor, const char *name, uint32_t type);
/* "IETF/PB-Language-Preference" */
char *pbtnc_msg_type_str(char *buf, size_t size, uint32_t vendor, uint32_t type);
/* "IETF/Operating System" */
char *pa_subtype_str(char *buf, size_t size, uint32_t vendor, uint32_t subtype);

#endif

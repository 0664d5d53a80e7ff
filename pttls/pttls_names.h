/*
 * pttls_names: the names strongSwan logs for PT-TLS message types, SASL
 * results and (nea's addition) PT-TLS error codes. Never NULL.
 */
#ifndef PTTLS_NAMES_H
#define PTTLS_NAMES_H

#include <stdint.h>

/* "Version Request", ... for IETF types; "unknown" otherwise. */
const char *pttls_type_name(uint32_t vendor, uint32_t type);
/* "Success", "Failure", "Abort", "Mechanism Failure". */
const char *pttls_sasl_result_name(uint32_t code);
/* "Malformed Message", ... (IANA PT-TLS Error Codes). */
const char *pttls_error_name(uint32_t vendor, uint32_t code);

#endif

/*
 * pttls_names: the names strongSwan logs for PT-TLS message types and
 * (nea's addition) PT-TLS error codes, never NULL (lib/wire's tnc_names
 * has the same tables but answers NULL for unknown values). SASL result
 * names: tnc_names.h pttls_sasl_result_name().
 */
#ifndef PTTLS_NAMES_H
#define PTTLS_NAMES_H

#include <stdint.h>

/* "Version Request", ... for IETF types; "unknown" otherwise. */
const char *pttls_type_name(uint32_t vendor, uint32_t type);
/* "Malformed Message", ... (IANA PT-TLS Error Codes). */
const char *pttls_error_name(uint32_t vendor, uint32_t code);

#endif

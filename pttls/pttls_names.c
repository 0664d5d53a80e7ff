#include "pttls_names.h"

#include "pttls_msg.h"

const char *pttls_type_name(uint32_t vendor, uint32_t type)
{
	static const char *const names[] = {
		"Experimental",          "Version Request",   "Version Response",
		"SASL Mechanisms",       "SASL Mechanism Selection",
		"SASL Authentication Data", "SASL Result",    "PB-TNC Batch",
		"PT-TLS Error",
	};

	if (vendor != 0 || type >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[type];
}

const char *pttls_error_name(uint32_t vendor, uint32_t code)
{
	static const char *const names[] = {
		"Reserved",        "Malformed Message",    "Version Not Supported",
		"Type Not Supported", "Invalid Message",   "SASL Mechanism Error",
		"Invalid Parameter",
	};

	if (vendor != 0 || code >= sizeof(names) / sizeof(names[0]))
		return "unknown error";
	return names[code];
}

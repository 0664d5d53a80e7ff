#include "eap_names.h"

#include <stdio.h>

#include "eap_pkt.h"

static _Thread_local char unnamed[8];

static const char *number(uint8_t v)
{
	snprintf(unnamed, sizeof(unnamed), "%u", v);
	return unnamed;
}

const char *eap_type_long_name(uint8_t type)
{
	switch (type) {
	case EAP_TYPE_IDENTITY: return "EAP_IDENTITY";
	case EAP_TYPE_NOTIFICATION: return "EAP_NOTIFICATION";
	case EAP_TYPE_NAK: return "EAP_NAK";
	case EAP_TYPE_MD5: return "EAP_MD5";
	case EAP_TYPE_TLS: return "EAP_TLS";
	case EAP_TYPE_TTLS: return "EAP_TTLS";
	case EAP_TYPE_MSCHAPV2: return "EAP_MSCHAPV2";
	case EAP_TYPE_TNC: return "EAP_TNC";
	case EAP_TYPE_PT_EAP: return "EAP_PT_EAP";
	case EAP_TYPE_EXPANDED: return "EAP_EXPANDED";
	}
	return number(type);
}

const char *eap_type_short(uint8_t type)
{
	switch (type) {
	case EAP_TYPE_IDENTITY: return "ID";
	case EAP_TYPE_NOTIFICATION: return "NTF";
	case EAP_TYPE_NAK: return "NAK";
	case EAP_TYPE_MD5: return "MD5";
	case EAP_TYPE_TLS: return "TLS";
	case EAP_TYPE_TTLS: return "TTLS";
	case EAP_TYPE_MSCHAPV2: return "MSCHAPV2";
	case EAP_TYPE_TNC: return "TNC";
	case EAP_TYPE_PT_EAP: return "PT";
	case EAP_TYPE_EXPANDED: return "XP";
	}
	return number(type);
}

const char *eap_code_short(uint8_t code)
{
	switch (code) {
	case EAP_CODE_REQUEST: return "REQ";
	case EAP_CODE_RESPONSE: return "RES";
	case EAP_CODE_SUCCESS: return "SUCC";
	case EAP_CODE_FAILURE: return "FAIL";
	}
	return number(code);
}

const char *eap_code_long_name(uint8_t code)
{
	switch (code) {
	case EAP_CODE_REQUEST: return "EAP_REQUEST";
	case EAP_CODE_RESPONSE: return "EAP_RESPONSE";
	case EAP_CODE_SUCCESS: return "EAP_SUCCESS";
	case EAP_CODE_FAILURE: return "EAP_FAILURE";
	}
	return number(code);
}

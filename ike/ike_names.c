#include "ike_names.h"

#include <stddef.h>

#include "ike_types.h"

/* A value -> name table; lookup is linear because the tables are small and
 * only used for logging. */
typedef struct {
	uint16_t v;
	const char *name;
} ike_name_t;

#define LOOKUP(tab, val)                                                     \
	do {                                                                 \
		for (size_t i_ = 0; i_ < sizeof(tab) / sizeof(tab[0]); i_++) \
			if ((tab)[i_].v == (val))                            \
				return (tab)[i_].name;                       \
		return NULL;                                                 \
	} while (0)

const char *ike_exchange_name(uint8_t exchange)
{
	static const ike_name_t t[] = {
		{ IKE_EXCH_SA_INIT, "IKE_SA_INIT" },
		{ IKE_EXCH_AUTH, "IKE_AUTH" },
		{ IKE_EXCH_CREATE_CHILD_SA, "CREATE_CHILD_SA" },
		{ IKE_EXCH_INFORMATIONAL, "INFORMATIONAL" },
		{ IKE_EXCH_SESSION_RESUME, "IKE_SESSION_RESUME" },
		{ IKE_EXCH_INTERMEDIATE, "IKE_INTERMEDIATE" },
	};
	LOOKUP(t, exchange);
}

const char *ike_payload_short_name(uint8_t type)
{
	static const ike_name_t t[] = {
		{ IKE_PL_SA, "SA" },     { IKE_PL_KE, "KE" },       { IKE_PL_IDI, "IDi" },
		{ IKE_PL_IDR, "IDr" },   { IKE_PL_CERT, "CERT" },   { IKE_PL_CERTREQ, "CERTREQ" },
		{ IKE_PL_AUTH, "AUTH" }, { IKE_PL_NONCE, "No" },    { IKE_PL_NOTIFY, "N" },
		{ IKE_PL_DELETE, "D" },  { IKE_PL_VID, "V" },       { IKE_PL_TSI, "TSi" },
		{ IKE_PL_TSR, "TSr" },   { IKE_PL_SK, "E" },        { IKE_PL_CP, "CP" },
		{ IKE_PL_EAP, "EAP" },   { IKE_PL_SKF, "EF" },
	};
	LOOKUP(t, type);
}

const char *ike_payload_name(uint8_t type)
{
	static const ike_name_t t[] = {
		{ IKE_PL_SA, "SECURITY_ASSOCIATION" },
		{ IKE_PL_KE, "KEY_EXCHANGE" },
		{ IKE_PL_IDI, "ID_INITIATOR" },
		{ IKE_PL_IDR, "ID_RESPONDER" },
		{ IKE_PL_CERT, "CERTIFICATE" },
		{ IKE_PL_CERTREQ, "CERTIFICATE_REQUEST" },
		{ IKE_PL_AUTH, "AUTHENTICATION" },
		{ IKE_PL_NONCE, "NONCE" },
		{ IKE_PL_NOTIFY, "NOTIFY" },
		{ IKE_PL_DELETE, "DELETE" },
		{ IKE_PL_VID, "VENDOR_ID" },
		{ IKE_PL_TSI, "TRAFFIC_SELECTOR_INITIATOR" },
		{ IKE_PL_TSR, "TRAFFIC_SELECTOR_RESPONDER" },
		{ IKE_PL_SK, "ENCRYPTED" },
		{ IKE_PL_CP, "CONFIGURATION" },
		{ IKE_PL_EAP, "EXTENSIBLE_AUTHENTICATION" },
		{ IKE_PL_SKF, "ENCRYPTED_FRAGMENT" },
	};
	LOOKUP(t, type);
}

/* One table for both spellings keeps them from drifting apart. */
static const struct {
	uint16_t v;
	const char *name;
	const char *short_name;
} notify_names[] = {
	{ IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD, "UNSUPPORTED_CRITICAL_PAYLOAD", "CRIT" },
	{ IKE_N_INVALID_IKE_SPI, "INVALID_IKE_SPI", "INVAL_IKE_SPI" },
	{ IKE_N_INVALID_MAJOR_VERSION, "INVALID_MAJOR_VERSION", "INVAL_MAJOR" },
	{ IKE_N_INVALID_SYNTAX, "INVALID_SYNTAX", "INVAL_SYN" },
	{ IKE_N_INVALID_MESSAGE_ID, "INVALID_MESSAGE_ID", "INVAL_MID" },
	{ IKE_N_INVALID_SPI, "INVALID_SPI", "INVAL_SPI" },
	{ IKE_N_NO_PROPOSAL_CHOSEN, "NO_PROPOSAL_CHOSEN", "NO_PROP" },
	{ IKE_N_INVALID_KE_PAYLOAD, "INVALID_KE_PAYLOAD", "INVAL_KE" },
	{ IKE_N_AUTHENTICATION_FAILED, "AUTHENTICATION_FAILED", "AUTH_FAILED" },
	{ IKE_N_SINGLE_PAIR_REQUIRED, "SINGLE_PAIR_REQUIRED", "SINGLE_PAIR" },
	{ IKE_N_NO_ADDITIONAL_SAS, "NO_ADDITIONAL_SAS", "NO_ADD_SAS" },
	{ IKE_N_INTERNAL_ADDRESS_FAILURE, "INTERNAL_ADDRESS_FAILURE", "INT_ADDR_FAIL" },
	{ IKE_N_FAILED_CP_REQUIRED, "FAILED_CP_REQUIRED", "FAIL_CP_REQ" },
	{ IKE_N_TS_UNACCEPTABLE, "TS_UNACCEPTABLE", "TS_UNACCEPT" },
	{ IKE_N_INVALID_SELECTORS, "INVALID_SELECTORS", "INVAL_SEL" },
	{ IKE_N_UNACCEPTABLE_ADDRESSES, "UNACCEPTABLE_ADDRESSES", "UNACCEPT_ADDR" },
	{ IKE_N_UNEXPECTED_NAT_DETECTED, "UNEXPECTED_NAT_DETECTED", "UNEXPECT_NAT" },
	{ IKE_N_USE_ASSIGNED_HOA, "USE_ASSIGNED_HoA", "ASSIGNED_HoA" },
	{ IKE_N_TEMPORARY_FAILURE, "TEMPORARY_FAILURE", "TEMP_FAIL" },
	{ IKE_N_CHILD_SA_NOT_FOUND, "CHILD_SA_NOT_FOUND", "NO_CHILD_SA" },
	{ IKE_N_INVALID_GROUP_ID, "INVALID_GROUP_ID", "INVAL_GROUP" },
	{ IKE_N_AUTHORIZATION_FAILED, "AUTHORIZATION_FAILED", "AUTHZ_FAILED" },
	{ IKE_N_STATE_NOT_FOUND, "STATE_NOT_FOUND", "STATE_NOT_FOUND" },
	{ IKE_N_INITIAL_CONTACT, "INITIAL_CONTACT", "INIT_CONTACT" },
	{ IKE_N_SET_WINDOW_SIZE, "SET_WINDOW_SIZE", "SET_WINSIZE" },
	{ IKE_N_ADDITIONAL_TS_POSSIBLE, "ADDITIONAL_TS_POSSIBLE", "ADD_TS_POSS" },
	{ IKE_N_IPCOMP_SUPPORTED, "IPCOMP_SUPPORTED", "IPCOMP_SUP" },
	{ IKE_N_NAT_DETECTION_SOURCE_IP, "NAT_DETECTION_SOURCE_IP", "NATD_S_IP" },
	{ IKE_N_NAT_DETECTION_DESTINATION_IP, "NAT_DETECTION_DESTINATION_IP", "NATD_D_IP" },
	{ IKE_N_COOKIE, "COOKIE", "COOKIE" },
	{ IKE_N_USE_TRANSPORT_MODE, "USE_TRANSPORT_MODE", "USE_TRANSP" },
	{ IKE_N_HTTP_CERT_LOOKUP_SUPPORTED, "HTTP_CERT_LOOKUP_SUPPORTED", "HTTP_CERT_LOOK" },
	{ IKE_N_REKEY_SA, "REKEY_SA", "REKEY_SA" },
	{ IKE_N_ESP_TFC_PADDING_NOT_SUPPORTED, "ESP_TFC_PADDING_NOT_SUPPORTED", "ESP_TFC_PAD_N" },
	{ IKE_N_NON_FIRST_FRAGMENTS_ALSO, "NON_FIRST_FRAGMENTS_ALSO", "NON_FIRST_FRAG" },
	{ IKE_N_MOBIKE_SUPPORTED, "MOBIKE_SUPPORTED", "MOBIKE_SUP" },
	{ IKE_N_ADDITIONAL_IP4_ADDRESS, "ADDITIONAL_IP4_ADDRESS", "ADD_4_ADDR" },
	{ IKE_N_ADDITIONAL_IP6_ADDRESS, "ADDITIONAL_IP6_ADDRESS", "ADD_6_ADDR" },
	{ IKE_N_NO_ADDITIONAL_ADDRESSES, "NO_ADDITIONAL_ADDRESSES", "NO_ADD_ADDR" },
	{ IKE_N_UPDATE_SA_ADDRESSES, "UPDATE_SA_ADDRESSES", "UPD_SA_ADDR" },
	{ IKE_N_COOKIE2, "COOKIE2", "COOKIE2" },
	{ IKE_N_NO_NATS_ALLOWED, "NO_NATS_ALLOWED", "NO_NATS" },
	{ IKE_N_AUTH_LIFETIME, "AUTH_LIFETIME", "AUTH_LFT" },
	{ IKE_N_MULTIPLE_AUTH_SUPPORTED, "MULTIPLE_AUTH_SUPPORTED", "MULT_AUTH" },
	{ IKE_N_ANOTHER_AUTH_FOLLOWS, "ANOTHER_AUTH_FOLLOWS", "AUTH_FOLLOWS" },
	{ IKE_N_REDIRECT_SUPPORTED, "REDIRECT_SUPPORTED", "REDIR_SUP" },
	{ IKE_N_REDIRECT, "REDIRECT", "REDIR" },
	{ IKE_N_REDIRECTED_FROM, "REDIRECTED_FROM", "REDIR_FROM" },
	{ IKE_N_TICKET_LT_OPAQUE, "TICKET_LT_OPAQUE", "TKT_LT_OPAK" },
	{ IKE_N_TICKET_REQUEST, "TICKET_REQUEST", "TKT_REQ" },
	{ IKE_N_TICKET_ACK, "TICKET_ACK", "TKT_ACK" },
	{ IKE_N_TICKET_NACK, "TICKET_NACK", "TKT_NACK" },
	{ IKE_N_TICKET_OPAQUE, "TICKET_OPAQUE", "TKT_OPAK" },
	{ IKE_N_LINK_ID, "LINK_ID", "LINK_ID" },
	{ IKE_N_USE_WESP_MODE, "USE_WESP_MODE", "WESP_MODE" },
	{ IKE_N_ROHC_SUPPORTED, "ROHC_SUPPORTED", "ROHC_SUP" },
	{ IKE_N_EAP_ONLY_AUTHENTICATION, "EAP_ONLY_AUTHENTICATION", "EAP_ONLY" },
	{ IKE_N_CHILDLESS_IKEV2_SUPPORTED, "CHILDLESS_IKEV2_SUPPORTED", "CHDLESS_SUP" },
	{ IKE_N_QUICK_CRASH_DETECTION, "QUICK_CRASH_DETECTION", "CRASH_DET" },
	{ IKE_N_IKEV2_MESSAGE_ID_SYNC_SUPPORTED, "IKEV2_MESSAGE_ID_SYNC_SUPPORTED", "MSG_ID_SYN_SUP" },
	{ IKE_N_IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED, "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED",
	  "RPL_CTR_SYN_SUP" },
	{ IKE_N_IKEV2_MESSAGE_ID_SYNC, "IKEV2_MESSAGE_ID_SYNC", "MSG_ID_SYN" },
	{ IKE_N_IPSEC_REPLAY_COUNTER_SYNC, "IPSEC_REPLAY_COUNTER_SYNC", "RPL_CTR_SYN" },
	{ IKE_N_SECURE_PASSWORD_METHODS, "SECURE_PASSWORD_METHODS", "SEC_PASSWD" },
	{ IKE_N_PSK_PERSIST, "PSK_PERSIST", "PSK_PST" },
	{ IKE_N_PSK_CONFIRM, "PSK_CONFIRM", "PSK_CFM" },
	{ IKE_N_ERX_SUPPORTED, "ERX_SUPPORTED", "ERX_SUP" },
	{ IKE_N_IFOM_CAPABILITY, "IFOM_CAPABILITY", "IFOM_CAP" },
	{ IKE_N_SENDER_REQUEST_ID, "SENDER_REQUEST_ID", "SENDER_REQ_ID" },
	{ IKE_N_IKEV2_FRAGMENTATION_SUPPORTED, "IKEV2_FRAGMENTATION_SUPPORTED", "FRAG_SUP" },
	{ IKE_N_SIGNATURE_HASH_ALGORITHMS, "SIGNATURE_HASH_ALGORITHMS", "HASH_ALG" },
	{ IKE_N_CLONE_IKE_SA_SUPPORTED, "CLONE_IKE_SA_SUPPORTED", "CLONE_IKE_SUP" },
	{ IKE_N_CLONE_IKE_SA, "CLONE_IKE_SA", "CLONE_IKE" },
	{ IKE_N_PUZZLE, "PUZZLE", "PUZZLE" },
	{ IKE_N_USE_PPK, "USE_PPK", "USE_PPK" },
	{ IKE_N_PPK_IDENTITY, "PPK_IDENTITY", "PPK_ID" },
	{ IKE_N_NO_PPK_AUTH, "NO_PPK_AUTH", "NO_PPK" },
	{ IKE_N_INTERMEDIATE_EXCHANGE_SUPPORTED, "INTERMEDIATE_EXCHANGE_SUPPORTED", "IKE_INT_SUP" },
	{ IKE_N_IP4_ALLOWED, "IP4_ALLOWED", "IP4_ALLOWED" },
	{ IKE_N_IP6_ALLOWED, "IP6_ALLOWED", "IP6_ALLOWED" },
	{ IKE_N_ADDITIONAL_KEY_EXCHANGE, "ADDITIONAL_KEY_EXCHANGE", "ADD_KE" },
	{ IKE_N_USE_AGGFRAG, "USE_AGGFRAG", "USE_AGGFRAG" },
};

const char *ike_notify_name(uint16_t type)
{
	for (size_t i = 0; i < sizeof(notify_names) / sizeof(notify_names[0]); i++)
		if (notify_names[i].v == type)
			return notify_names[i].name;
	return NULL;
}

const char *ike_notify_short_name(uint16_t type)
{
	for (size_t i = 0; i < sizeof(notify_names) / sizeof(notify_names[0]); i++)
		if (notify_names[i].v == type)
			return notify_names[i].short_name;
	return NULL;
}

const char *ike_protocol_name(uint8_t proto)
{
	static const ike_name_t t[] = {
		{ IKE_PROTO_IKE, "IKE" },
		{ IKE_PROTO_AH, "AH" },
		{ IKE_PROTO_ESP, "ESP" },
	};
	LOOKUP(t, proto);
}

const char *ike_transform_type_name(uint8_t type)
{
	static const ike_name_t t[] = {
		{ IKE_TRANS_ENCR, "ENCRYPTION_ALGORITHM" },
		{ IKE_TRANS_PRF, "PSEUDO_RANDOM_FUNCTION" },
		{ IKE_TRANS_INTEG, "INTEGRITY_ALGORITHM" },
		{ IKE_TRANS_DH, "DIFFIE_HELLMAN_GROUP" },
		{ IKE_TRANS_ESN, "EXTENDED_SEQUENCE_NUMBERS" },
	};
	LOOKUP(t, type);
}

const char *ike_transform_name(uint8_t type, uint16_t id)
{
	static const ike_name_t encr[] = {
		{ IKE_ENCR_3DES, "3DES_CBC" },
		{ IKE_ENCR_NULL, "NULL" },
		{ IKE_ENCR_AES_CBC, "AES_CBC" },
		{ IKE_ENCR_AES_CTR, "AES_CTR" },
		{ IKE_ENCR_AES_CCM_8, "AES_CCM_8" },
		{ IKE_ENCR_AES_CCM_12, "AES_CCM_12" },
		{ IKE_ENCR_AES_CCM_16, "AES_CCM_16" },
		{ IKE_ENCR_AES_GCM_8, "AES_GCM_8" },
		{ IKE_ENCR_AES_GCM_12, "AES_GCM_12" },
		{ IKE_ENCR_AES_GCM_16, "AES_GCM_16" },
		{ IKE_ENCR_NULL_AUTH_AES_GMAC, "NULL_AES_GMAC" },
		{ IKE_ENCR_CAMELLIA_CBC, "CAMELLIA_CBC" },
		{ IKE_ENCR_CHACHA20_POLY1305, "CHACHA20_POLY1305" },
	};
	static const ike_name_t prf[] = {
		{ IKE_PRF_HMAC_MD5, "PRF_HMAC_MD5" },
		{ IKE_PRF_HMAC_SHA1, "PRF_HMAC_SHA1" },
		{ IKE_PRF_AES128_XCBC, "PRF_AES128_XCBC" },
		{ IKE_PRF_HMAC_SHA2_256, "PRF_HMAC_SHA2_256" },
		{ IKE_PRF_HMAC_SHA2_384, "PRF_HMAC_SHA2_384" },
		{ IKE_PRF_HMAC_SHA2_512, "PRF_HMAC_SHA2_512" },
		{ IKE_PRF_AES128_CMAC, "PRF_AES128_CMAC" },
	};
	static const ike_name_t integ[] = {
		{ IKE_INTEG_NONE, "NONE" },
		{ IKE_INTEG_HMAC_MD5_96, "HMAC_MD5_96" },
		{ IKE_INTEG_HMAC_SHA1_96, "HMAC_SHA1_96" },
		{ IKE_INTEG_AES_XCBC_96, "AES_XCBC_96" },
		{ IKE_INTEG_AES_CMAC_96, "AES_CMAC_96" },
		{ IKE_INTEG_HMAC_SHA2_256_128, "HMAC_SHA2_256_128" },
		{ IKE_INTEG_HMAC_SHA2_384_192, "HMAC_SHA2_384_192" },
		{ IKE_INTEG_HMAC_SHA2_512_256, "HMAC_SHA2_512_256" },
	};
	static const ike_name_t dh[] = {
		{ IKE_DH_NONE, "NONE" },
		{ IKE_DH_MODP_1024, "MODP_1024" },
		{ IKE_DH_MODP_1536, "MODP_1536" },
		{ IKE_DH_MODP_2048, "MODP_2048" },
		{ IKE_DH_MODP_3072, "MODP_3072" },
		{ IKE_DH_MODP_4096, "MODP_4096" },
		{ IKE_DH_MODP_6144, "MODP_6144" },
		{ IKE_DH_MODP_8192, "MODP_8192" },
		{ IKE_DH_ECP_256, "ECP_256" },
		{ IKE_DH_ECP_384, "ECP_384" },
		{ IKE_DH_ECP_521, "ECP_521" },
		{ IKE_DH_ECP_256_BP, "ECP_256_BP" },
		{ IKE_DH_ECP_384_BP, "ECP_384_BP" },
		{ IKE_DH_ECP_512_BP, "ECP_512_BP" },
		{ IKE_DH_CURVE25519, "CURVE_25519" },
		{ IKE_DH_CURVE448, "CURVE_448" },
	};
	static const ike_name_t esn[] = {
		{ IKE_ESN_NO, "NO_EXT_SEQ" },
		{ IKE_ESN_YES, "EXT_SEQ" },
	};

	switch (type) {
	case IKE_TRANS_ENCR: LOOKUP(encr, id);
	case IKE_TRANS_PRF: LOOKUP(prf, id);
	case IKE_TRANS_INTEG: LOOKUP(integ, id);
	case IKE_TRANS_DH: LOOKUP(dh, id);
	case IKE_TRANS_ESN: LOOKUP(esn, id);
	default: return NULL;
	}
}

const char *ike_id_type_name(uint8_t type)
{
	static const ike_name_t t[] = {
		{ IKE_ID_IPV4_ADDR, "ID_IPV4_ADDR" },
		{ IKE_ID_FQDN, "ID_FQDN" },
		{ IKE_ID_RFC822_ADDR, "ID_RFC822_ADDR" },
		{ IKE_ID_IPV6_ADDR, "ID_IPV6_ADDR" },
		{ IKE_ID_DER_ASN1_DN, "ID_DER_ASN1_DN" },
		{ IKE_ID_DER_ASN1_GN, "ID_DER_ASN1_GN" },
		{ IKE_ID_KEY_ID, "ID_KEY_ID" },
		{ IKE_ID_FC_NAME, "ID_FC_NAME" },
		{ IKE_ID_NULL, "ID_NULL" },
	};
	LOOKUP(t, type);
}

const char *ike_auth_method_name(uint8_t method)
{
	static const ike_name_t t[] = {
		{ IKE_AUTH_RSA_SIG, "RSA signature" },
		{ IKE_AUTH_SHARED_KEY, "pre-shared key" },
		{ IKE_AUTH_DSS_SIG, "DSS signature" },
		{ IKE_AUTH_ECDSA_256, "ECDSA-256 signature" },
		{ IKE_AUTH_ECDSA_384, "ECDSA-384 signature" },
		{ IKE_AUTH_ECDSA_521, "ECDSA-521 signature" },
		{ IKE_AUTH_GSPAM, "secure password method" },
		{ IKE_AUTH_NULL, "NULL authentication" },
		{ IKE_AUTH_DIGITAL_SIG, "digital signature" },
	};
	LOOKUP(t, method);
}

const char *ike_cp_type_short_name(uint8_t cfg_type)
{
	static const ike_name_t t[] = {
		{ IKE_CFG_REQUEST, "RQ" },
		{ IKE_CFG_REPLY, "RP" },
		{ IKE_CFG_SET, "S" },
		{ IKE_CFG_ACK, "A" },
	};
	LOOKUP(t, cfg_type);
}

const char *ike_cp_attr_short_name(uint16_t attr)
{
	static const ike_name_t t[] = {
		{ IKE_CA_INTERNAL_IP4_ADDRESS, "ADDR" },  { IKE_CA_INTERNAL_IP4_NETMASK, "MASK" },
		{ IKE_CA_INTERNAL_IP4_DNS, "DNS" },       { IKE_CA_INTERNAL_IP4_NBNS, "NBNS" },
		{ IKE_CA_INTERNAL_ADDRESS_EXPIRY, "EXP" }, { IKE_CA_INTERNAL_IP4_DHCP, "DHCP" },
		{ IKE_CA_APPLICATION_VERSION, "VER" },    { IKE_CA_INTERNAL_IP6_ADDRESS, "ADDR6" },
		{ IKE_CA_INTERNAL_IP6_NETMASK, "MASK6" }, { IKE_CA_INTERNAL_IP6_DNS, "DNS6" },
		{ IKE_CA_INTERNAL_IP6_NBNS, "NBNS6" },    { IKE_CA_INTERNAL_IP6_DHCP, "DHCP6" },
		{ IKE_CA_INTERNAL_IP4_SUBNET, "SUBNET" }, { IKE_CA_SUPPORTED_ATTRIBUTES, "SUP" },
		{ IKE_CA_INTERNAL_IP6_SUBNET, "SUBNET6" }, { IKE_CA_MIP6_HOME_PREFIX, "MIP6HPFX" },
		{ IKE_CA_INTERNAL_IP6_LINK, "LINK6" },    { IKE_CA_INTERNAL_IP6_PREFIX, "PFX6" },
		{ IKE_CA_HOME_AGENT_ADDRESS, "HOA" },
	};
	LOOKUP(t, attr);
}

const char *ike_eap_code_short_name(uint8_t code)
{
	static const ike_name_t t[] = {
		{ IKE_EAP_REQUEST, "REQ" },
		{ IKE_EAP_RESPONSE, "RES" },
		{ IKE_EAP_SUCCESS, "SUCC" },
		{ IKE_EAP_FAILURE, "FAIL" },
	};
	LOOKUP(t, code);
}

const char *ike_eap_type_short_name(uint8_t type)
{
	static const ike_name_t t[] = {
		{ IKE_EAP_T_IDENTITY, "ID" },   { IKE_EAP_T_NOTIFICATION, "NTF" },
		{ IKE_EAP_T_NAK, "NAK" },       { IKE_EAP_T_MD5, "MD5" },
		{ IKE_EAP_T_OTP, "OTP" },       { IKE_EAP_T_GTC, "GTC" },
		{ IKE_EAP_T_TLS, "TLS" },       { IKE_EAP_T_SIM, "SIM" },
		{ IKE_EAP_T_TTLS, "TTLS" },     { IKE_EAP_T_AKA, "AKA" },
		{ IKE_EAP_T_PEAP, "PEAP" },     { IKE_EAP_T_MSCHAPV2, "MSCHAPV2" },
		{ IKE_EAP_T_MSTLV, "MSTLV" },   { IKE_EAP_T_TNC, "TNC" },
		{ IKE_EAP_T_PT_EAP, "PT" },     { IKE_EAP_T_EXPANDED, "EXP" },
		{ IKE_EAP_T_EXPERIMENTAL, "XP" },
	};
	LOOKUP(t, type);
}

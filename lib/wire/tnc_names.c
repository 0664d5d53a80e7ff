#include "tnc_names.h"

#include <stdio.h>

typedef struct {
	uint32_t value;
	const char *name;
} tnc_name_t;

static const char *lookup(const tnc_name_t *t, size_t n, uint32_t value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].value == value)
			return t[i].name;
	return NULL;
}

#define LOOKUP(table, v) lookup(table, sizeof(table) / sizeof(table[0]), (v))

/* strongSwan src/libstrongswan/pen/pen.c */
static const tnc_name_t pen_names[] = {
	{ TNC_PEN_IETF, "IETF" },
	{ TNC_PEN_IBM, "IBM" },
	{ TNC_PEN_MICROSOFT, "Microsoft" },
	{ TNC_PEN_REDHAT, "Redhat" },
	{ TNC_PEN_PWG, "PWG" },
	{ TNC_PEN_ALTIGA, "Altiga" },
	{ TNC_PEN_OSC, "OSC" },
	{ TNC_PEN_DEBIAN, "Debian Project" },
	{ TNC_PEN_GOOGLE, "Google" },
	{ TNC_PEN_TCG, "TCG" },
	{ TNC_PEN_CANONICAL, "Canonical" },
	{ TNC_PEN_FEDORA, "Fedora Project" },
	{ TNC_PEN_FHH, "FHH" },
	{ TNC_PEN_ITA, "ITA-HSR" },
	{ TNC_PEN_OPENPTS, "OpenPTS" },
	{ TNC_PEN_UNASSIGNED, "Unassigned" },
	{ TNC_PEN_RESERVED, "Reserved" },
};

const char *tnc_pen_name(uint32_t pen)
{
	return LOOKUP(pen_names, pen);
}

static const tnc_name_t batch_type_names[] = {
	{ 1, "CDATA" }, { 2, "SDATA" }, { 3, "RESULT" },
	{ 4, "CRETRY" }, { 5, "SRETRY" }, { 6, "CLOSE" },
};

const char *pbtnc_batch_type_name(uint8_t type)
{
	return LOOKUP(batch_type_names, type);
}

static const tnc_name_t pbtnc_ietf_msg_names[] = {
	{ 0, "PB-Experimental" },
	{ 1, "PB-PA" },
	{ 2, "PB-Assessment-Result" },
	{ 3, "PB-Access-Recommendation" },
	{ 4, "PB-Remediation-Parameters" },
	{ 5, "PB-Error" },
	{ 6, "PB-Language-Preference" },
	{ 7, "PB-Reason-String" },
};
static const tnc_name_t pbtnc_tcg_msg_names[] = {
	{ 1, "PB-PDP-Referral" },
};
static const tnc_name_t pbtnc_ita_msg_names[] = {
	{ 0, "PB-Noskip-Test" },
	{ 1, "PB-Mutual-Capability" },
};

const char *pbtnc_msg_type_name(uint32_t vendor, uint32_t type)
{
	switch (vendor) {
	case TNC_PEN_IETF: return LOOKUP(pbtnc_ietf_msg_names, type);
	case TNC_PEN_TCG: return LOOKUP(pbtnc_tcg_msg_names, type);
	case TNC_PEN_ITA: return LOOKUP(pbtnc_ita_msg_names, type);
	}
	return NULL;
}

static const tnc_name_t pbtnc_error_names[] = {
	{ 0, "Unexpected Batch Type" },
	{ 1, "Invalid Parameter" },
	{ 2, "Local Error" },
	{ 3, "Unsupported Mandatory Message" },
	{ 4, "Version Not Supported" },
};

const char *pbtnc_error_code_name(uint32_t vendor, uint16_t code)
{
	return vendor == TNC_PEN_IETF ? LOOKUP(pbtnc_error_names, code) : NULL;
}

static const tnc_name_t pbtnc_access_names[] = {
	{ 1, "Access Allowed" }, { 2, "Access Denied" }, { 3, "Quarantined" },
};

const char *pbtnc_access_name(uint16_t rec)
{
	return LOOKUP(pbtnc_access_names, rec);
}

static const tnc_name_t remed_names[] = {
	{ 1, "Remediation-URI" }, { 2, "Remediation-String" },
};

const char *pbtnc_remed_type_name(uint32_t vendor, uint32_t type)
{
	return vendor == TNC_PEN_IETF ? LOOKUP(remed_names, type) : NULL;
}

/* strongSwan libtncif: TNC_IMV_Action_Recommendation_names */
static const tnc_name_t action_rec_names[] = {
	{ 0, "allow" }, { 1, "no access" }, { 2, "isolate" }, { 3, "no recommendation" },
};

const char *tnc_action_rec_name(uint32_t rec)
{
	return LOOKUP(action_rec_names, rec);
}

/* strongSwan libtncif: TNC_IMV_Evaluation_Result_names */
static const tnc_name_t eval_names[] = {
	{ 0, "compliant" },
	{ 1, "non-compliant minor" },
	{ 2, "non-compliant major" },
	{ 3, "error" },
	{ 4, "don't know" },
};

const char *tnc_eval_name(uint32_t eval)
{
	return LOOKUP(eval_names, eval);
}

/* strongSwan libtncif tncif_pa_subtypes.c */
static const tnc_name_t pa_ietf_names[] = {
	{ 0, "Testing" }, { 1, "Operating System" }, { 2, "Anti-Virus" },
	{ 3, "Anti-Spyware" }, { 4, "Anti-Malware" }, { 5, "Firewall" },
	{ 6, "IDPS" }, { 7, "VPN" }, { 8, "NEA Client" }, { 9, "SWIMA" },
	{ 0xffffffffu, "ANY" },
};
static const tnc_name_t pa_tcg_names[] = {
	{ 1, "PTS" }, { 2, "SCAP" }, { 3, "SWID" }, { 0xff, "ANY" },
};
static const tnc_name_t pa_pwg_names[] = {
	{ 0x00, "HCD Testing" }, { 0x01, "HCD Other" }, { 0x02, "HCD Unknown" },
	{ 0x04, "HCD Console" }, { 0x05, "HCD System" }, { 0x06, "HCD Cover" },
	{ 0x08, "HCD Input Tray" }, { 0x09, "HCD Output Tray" }, { 0x0a, "HCD Marker" },
	{ 0x0d, "HCD Media Path" }, { 0x0e, "HCD Channel" }, { 0x0f, "HCD Interpreter" },
	{ 0x1e, "HCD Finisher" }, { 0x28, "HCD Interface" }, { 0x32, "HCD Scanner" },
	{ 0xff, "ANY" },
};
static const tnc_name_t pa_fhh_names[] = {
	{ 0x30, "HostScanner" }, { 0x31, "Dummy" }, { 0x33, "PlatformID" },
	{ 0x34, "Attestation" }, { 0x41, "ClamAV" }, { 0xff, "ANY" },
};
static const tnc_name_t pa_ita_names[] = {
	{ 1, "Test" }, { 2, "Echo" }, { 0xff, "ANY" },
};

const char *pa_subtype_name(uint32_t vendor, uint32_t subtype)
{
	switch (vendor) {
	case TNC_PEN_IETF: return LOOKUP(pa_ietf_names, subtype);
	case TNC_PEN_TCG: return LOOKUP(pa_tcg_names, subtype);
	case TNC_PEN_PWG: return LOOKUP(pa_pwg_names, subtype);
	case TNC_PEN_FHH: return LOOKUP(pa_fhh_names, subtype);
	case TNC_PEN_ITA: return LOOKUP(pa_ita_names, subtype);
	}
	return NULL;
}

/* strongSwan libpttls pt_tls.c */
static const tnc_name_t pttls_type_names[] = {
	{ 0, "Experimental" },
	{ 1, "Version Request" },
	{ 2, "Version Response" },
	{ 3, "SASL Mechanisms" },
	{ 4, "SASL Mechanism Selection" },
	{ 5, "SASL Authentication Data" },
	{ 6, "SASL Result" },
	{ 7, "PB-TNC Batch" },
	{ 8, "PT-TLS Error" },
};

const char *pttls_msg_type_name(uint32_t vendor, uint32_t type)
{
	return vendor == TNC_PEN_IETF ? LOOKUP(pttls_type_names, type) : NULL;
}

/* IANA PT-TLS Error Codes (RFC 6876 §3.9.1) */
static const tnc_name_t pttls_error_names[] = {
	{ 0, "Reserved" },
	{ 1, "Malformed Message" },
	{ 2, "Version Not Supported" },
	{ 3, "Type Not Supported" },
	{ 4, "Invalid Message" },
	{ 5, "SASL Mechanism Error" },
	{ 6, "Invalid Parameter" },
};

const char *pttls_error_code_name(uint32_t vendor, uint32_t code)
{
	return vendor == TNC_PEN_IETF ? LOOKUP(pttls_error_names, code) : NULL;
}

static const tnc_name_t sasl_result_names[] = {
	{ 0, "Success" }, { 1, "Failure" }, { 2, "Abort" }, { 3, "Mechanism Failure" },
};

const char *pttls_sasl_result_name(uint32_t code)
{
	return LOOKUP(sasl_result_names, code);
}

/* strongSwan libcharon sa/eap/eap.c */
static const tnc_name_t eap_code_names[] = {
	{ 1, "EAP_REQUEST" }, { 2, "EAP_RESPONSE" }, { 3, "EAP_SUCCESS" }, { 4, "EAP_FAILURE" },
};
static const tnc_name_t eap_type_names[] = {
	{ 1, "EAP_IDENTITY" }, { 2, "EAP_NOTIFICATION" }, { 3, "EAP_NAK" },
	{ 4, "EAP_MD5" }, { 5, "EAP_OTP" }, { 6, "EAP_GTC" }, { 13, "EAP_TLS" },
	{ 18, "EAP_SIM" }, { 21, "EAP_TTLS" }, { 23, "EAP_AKA" }, { 25, "EAP_PEAP" },
	{ 26, "EAP_MSCHAPV2" }, { 33, "EAP_MSTLV" }, { 38, "EAP_TNC" },
	{ 54, "EAP_PT_EAP" }, { 254, "EAP_EXPANDED" }, { 255, "EAP_EXPERIMENTAL" },
};

const char *eap_code_name(uint8_t code)
{
	return LOOKUP(eap_code_names, code);
}

const char *eap_type_name(uint8_t type)
{
	return LOOKUP(eap_type_names, type);
}

char *tnc_pen_type_str(char *buf, size_t size, uint32_t vendor, const char *name, uint32_t type)
{
	const char *pen = tnc_pen_name(vendor);
	char vbuf[16], tbuf[16];

	if (!buf || !size)
		return buf;
	if (!pen) {
		snprintf(vbuf, sizeof(vbuf), "0x%06x", vendor);
		pen = vbuf;
	}
	if (!name) {
		snprintf(tbuf, sizeof(tbuf), "0x%08x", type);
		name = tbuf;
	}
	snprintf(buf, size, "%s/%s", pen, name);
	return buf;
}

char *pbtnc_msg_type_str(char *buf, size_t size, uint32_t vendor, uint32_t type)
{
	return tnc_pen_type_str(buf, size, vendor, pbtnc_msg_type_name(vendor, type), type);
}

char *pa_subtype_str(char *buf, size_t size, uint32_t vendor, uint32_t subtype)
{
	return tnc_pen_type_str(buf, size, vendor, pa_subtype_name(vendor, subtype), subtype);
}

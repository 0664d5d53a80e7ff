#include "attr_names.h"

#include <stdio.h>

typedef struct {
	uint32_t id;
	const char *name;
} name_t;

static const name_t pens[] = {
	{ PEN_IETF, "IETF" },
	{ PEN_IBM, "IBM" },
	{ PEN_MICROSOFT, "Microsoft" },
	{ PEN_REDHAT, "Redhat" },
	{ PEN_PWG, "PWG" },
	{ 0x000c04u, "Altiga" },
	{ 0x002358u, "OSC" },
	{ PEN_DEBIAN, "Debian Project" },
	{ PEN_GOOGLE, "Google" },
	{ PEN_TCG, "TCG" },
	{ PEN_CANONICAL, "Canonical" },
	{ PEN_FEDORA, "Fedora Project" },
	{ 0x0080abu, "FHH" },
	{ PEN_ITA, "ITA-HSR" },
	{ 0x00950eu, "OpenPTS" },
	{ 0xfffffeu, "Unassigned" },
	{ PEN_RESERVED, "Reserved" },
};

static const name_t ietf_attrs[] = {
	{ 0, "Testing" },
	{ 1, "Attribute Request" },
	{ 2, "Product Information" },
	{ 3, "Numeric Version" },
	{ 4, "String Version" },
	{ 5, "Operational Status" },
	{ 6, "Port Filter" },
	{ 7, "Installed Packages" },
	{ 8, "PA-TNC Error" },
	{ 9, "Assessment Result" },
	{ 10, "Remediation Instructions" },
	{ 11, "Forwarding Enabled" },
	{ 12, "Factory Default Password Enabled" },
	{ 13, "SWIMA Request" },
	{ 14, "Software Identifier Inventory" },
	{ 15, "Software Identifier Events" },
	{ 16, "Software Inventory" },
	{ 17, "Software Events" },
	{ 18, "Subscription Status Request" },
	{ 19, "Subscription Status Response" },
	{ 20, "Source Metadata Request" },
	{ 21, "Source Metadata Response" },
	{ 0xffffffffu, "Reserved" },
};

static const name_t ita_attrs[] = {
	{ 1, "Command" },
	{ 2, "Dummy" },
	{ 3, "Get Settings" },
	{ 4, "Settings" },
	{ 5, "Start Angel" },
	{ 6, "Stop Angel" },
	{ 7, "Echo" },
	{ 8, "Device ID" },
	{ 9, "Get Symlinks" },
	{ 10, "Symlinks" },
};

static const name_t tcg_attrs[] = {
	{ 0x01, "SCAP References" },
	{ 0x02, "SCAP Capabilities and Inventory" },
	{ 0x03, "SCAP Content" },
	{ 0x04, "SCAP Assessment" },
	{ 0x05, "SCAP Results" },
	{ 0x06, "SCAP Summary Results" },
	{ 0x11, "SWID Request" },
	{ 0x12, "SWID Tag Identifier Inventory" },
	{ 0x13, "SWID Tag Identifier Events" },
	{ 0x14, "SWID Tag Inventory" },
	{ 0x15, "SWID Tag Events" },
	{ 0x16, "SWID Subscription Status Request" },
	{ 0x17, "SWID Subscription Status Response" },
	{ 0x21, "Segmentation Contract Request" },
	{ 0x22, "Segmentation Contract Response" },
	{ 0x23, "Segment Envelope" },
	{ 0x24, "Next Segment" },
	{ 0x25, "Cancel" },
	{ 0x26, "Oversized Message" },
	{ 0x27, "Contract Exemption" },
	{ 0x00100000u, "Request Functional Component Evidence" },
	{ 0x00200000u, "Generate Attestation Evidence" },
	{ 0x00300000u, "Simple Component Evidence" },
	{ 0x00400000u, "Simple Evidence Final" },
	{ 0x00500000u, "Verification Result" },
	{ 0x00600000u, "Integrity Report" },
	{ 0x00700000u, "Request File Metadata" },
	{ 0x00800000u, "Windows-Style File Metadata" },
	{ 0x00900000u, "Unix-Style File Metadata" },
	{ 0x00a00000u, "Request Registry Value" },
	{ 0x00b00000u, "Registry Value" },
	{ 0x00c00000u, "Request File Measurement" },
	{ 0x00d00000u, "File Measurement" },
	{ 0x00e00000u, "Request Integrity Measurement Log" },
	{ 0x00f00000u, "Integrity Measurement Log" },
	{ 0x01000000u, "Request PTS Protocol Capabilities" },
	{ 0x02000000u, "PTS Protocol Capabilities" },
	{ 0x03000000u, "DH Nonce Parameters Request" },
	{ 0x04000000u, "DH Nonce Parameters Response" },
	{ 0x05000000u, "DH Nonce Finish" },
	{ 0x06000000u, "PTS Measurement Algorithm Request" },
	{ 0x07000000u, "PTS Measurement Algorithm" },
	{ 0x08000000u, "Get TPM Version Information" },
	{ 0x09000000u, "TPM Version Information" },
	{ 0x0a000000u, "Request Template Reference Manifest Set Metadata" },
	{ 0x0b000000u, "Template Reference Manifest Set Metadata" },
	{ 0x0c000000u, "Update Template Reference Manifest" },
	{ 0x0d000000u, "Get Attestation Identity Key" },
	{ 0x0e000000u, "Attestation Identity Key" },
};

static const name_t pwg_attrs[] = {
	{ 0x01, "Attributes Natural Language" },
	{ 0x02, "Machine Type Model" },
	{ 0x03, "Vendor Name" },
	{ 0x04, "Vendor SMI Code" },
	{ 0x14, "Default Password Enabled" },
	{ 0x15, "Firewall Setting" },
	{ 0x16, "Forwarding Enabled" },
	{ 0x28, "PSTN FAX Enabled" },
	{ 0x32, "Time Source" },
	{ 0x3c, "Firmware Name" },
	{ 0x3d, "Firmware Patches" },
	{ 0x3e, "Firmware String Version" },
	{ 0x3f, "Firmware Version" },
	{ 0x50, "Resident Application Name" },
	{ 0x51, "Resident Application Patches" },
	{ 0x52, "Resident Application String Version" },
	{ 0x53, "Resident Application Version" },
	{ 0x64, "User Application Name" },
	{ 0x65, "User Application Patches" },
	{ 0x66, "User Application String Version" },
	{ 0x67, "User Application Version" },
	{ 0x68, "User Application Enabled" },
	{ 0x69, "User Application Persistence Enabled" },
	{ 0xc8, "Certification State" },
	{ 0xc9, "Configuration State" },
};

static const name_t ietf_subtypes[] = {
	{ 0, "Testing" },       { 1, "Operating System" }, { 2, "Anti-Virus" },
	{ 3, "Anti-Spyware" },  { 4, "Anti-Malware" },     { 5, "Firewall" },
	{ 6, "IDPS" },          { 7, "VPN" },              { 8, "NEA Client" },
	{ 9, "SWIMA" },
};

static const name_t tcg_subtypes[] = {
	{ 1, "PTS" }, { 2, "SCAP" }, { 3, "SWID" }, { 0xff, "ANY" },
};

static const name_t ita_subtypes[] = {
	{ 1, "Test" }, { 2, "Echo" },
};

static const name_t pwg_subtypes[] = {
	{ 0x00, "Testing" },     { 0x01, "Other" },       { 0x02, "Unknown" },
	{ 0x04, "Console" },     { 0x05, "System" },      { 0x06, "Cover" },
	{ 0x08, "Input Tray" },  { 0x09, "Output Tray" }, { 0x0a, "Marker" },
	{ 0x0d, "Media Path" },  { 0x0e, "Channel" },     { 0x0f, "Interpreter" },
	{ 0x1e, "Finisher" },    { 0x28, "Interface" },   { 0x32, "Scanner" },
};

static const name_t ietf_errors[] = {
	{ 0, "Reserved" },
	{ 1, "Invalid Parameter" },
	{ 2, "Version Not Supported" },
	{ 3, "Attribute Type Not Supported" },
	{ 4, "SWIMA Error" },
	{ 5, "SWIMA Subscription Denied" },
	{ 6, "SWIMA Response Too Large" },
	{ 7, "SWIMA Subscription Fulfillment Error" },
	{ 8, "SWIMA Subscription ID Reuse" },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *find(const name_t *t, size_t n, uint32_t id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].id == id)
			return t[i].name;
	return NULL;
}

const char *attr_pen_name(uint32_t pen)
{
	return find(pens, N(pens), pen);
}

const char *attr_type_name(uint32_t vendor, uint32_t type)
{
	switch (vendor) {
	case PEN_IETF: return find(ietf_attrs, N(ietf_attrs), type);
	case PEN_TCG: return find(tcg_attrs, N(tcg_attrs), type);
	case PEN_ITA: return find(ita_attrs, N(ita_attrs), type);
	case PEN_PWG: return find(pwg_attrs, N(pwg_attrs), type);
	default: return NULL;
	}
}

static char *full(const char *v, const char *t, uint32_t vendor, char *buf, size_t len)
{
	if (!len)
		return buf;
	if (v && t)
		snprintf(buf, len, "%s/%s", v, t);
	else if (v)
		snprintf(buf, len, "%s", v);
	else
		snprintf(buf, len, "0x%06x", vendor);
	return buf;
}

char *attr_full_name(uint32_t vendor, uint32_t type, char *buf, size_t len)
{
	return full(attr_pen_name(vendor), attr_type_name(vendor, type), vendor, buf, len);
}

const char *attr_pa_subtype_name(uint32_t vendor, uint32_t subtype)
{
	switch (vendor) {
	case PEN_IETF: return find(ietf_subtypes, N(ietf_subtypes), subtype);
	case PEN_TCG: return find(tcg_subtypes, N(tcg_subtypes), subtype);
	case PEN_ITA: return find(ita_subtypes, N(ita_subtypes), subtype);
	case PEN_PWG: return find(pwg_subtypes, N(pwg_subtypes), subtype);
	default: return NULL;
	}
}

char *attr_pa_subtype_full_name(uint32_t vendor, uint32_t subtype, char *buf, size_t len)
{
	return full(attr_pen_name(vendor), attr_pa_subtype_name(vendor, subtype), vendor, buf, len);
}

const char *attr_pa_error_name(uint32_t vendor, uint32_t code)
{
	return vendor == PEN_IETF ? find(ietf_errors, N(ietf_errors), code) : NULL;
}

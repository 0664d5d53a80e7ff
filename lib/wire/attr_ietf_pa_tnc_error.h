/*
 * attr_ietf_pa_tnc_error: IETF PA-TNC Error (RFC 5792 4.2.8, type 8) with
 * the SWIMA error codes of RFC 8412.
 *
 * Contract: the error information layout depends on vendor and code:
 *   IETF 0..3  first 8 bytes of the offending PA-TNC message (msg_info),
 *              then code 1: Offset(4); code 2: Max(1) Min(1) Reserved(2);
 *              code 3: Flags(1) Vendor(3) Type(4) of the unsupported
 *              attribute; code 0: nothing.
 *   IETF 4,5,7,8 (SWIMA) Request ID(4) + Description (rest, UTF-8).
 *   IETF 6     Request ID(4) + Maximum Allowed Size(4) + Description.
 *   other      opaque information (info); strongSwan caps what it creates
 *              at PA_ERROR_INFO_MAX bytes, which callers creating one should do.
 * SWIMA codes carry no copy of the message header (strongSwan 5.9.14
 * swima_error.c). description and info are borrowed. Trailing bytes after
 * a fixed layout are rejected, so a parsed error re-encodes identically.
 */
#ifndef NEA_ATTR_IETF_PA_TNC_ERROR_H
#define NEA_ATTR_IETF_PA_TNC_ERROR_H

#include "patnc_attr.h"

#define PA_ERROR_RESERVED 0u
#define PA_ERROR_INVALID_PARAMETER 1u
#define PA_ERROR_VERSION_NOT_SUPPORTED 2u
#define PA_ERROR_ATTR_TYPE_NOT_SUPPORTED 3u
#define PA_ERROR_SWIMA 4u
#define PA_ERROR_SWIMA_SUBSCRIPTION_DENIED 5u
#define PA_ERROR_SWIMA_RESPONSE_TOO_LARGE 6u
#define PA_ERROR_SWIMA_SUBSCRIPTION_FULFILLMENT 7u
#define PA_ERROR_SWIMA_SUBSCRIPTION_ID_REUSE 8u

#define PA_ERROR_MSG_INFO_LEN 8
#define PA_ERROR_INFO_MAX 1024

typedef struct {
	uint32_t vendor; /* error code vendor, 24 bits */
	uint32_t code;
	/* IETF codes 0..3 */
	uint8_t msg_info[PA_ERROR_MSG_INFO_LEN];
	uint32_t offset;                 /* Invalid Parameter */
	uint8_t max_version, min_version; /* Version Not Supported */
	uint8_t unsup_flags;             /* Attribute Type Not Supported */
	uint32_t unsup_vendor;
	uint32_t unsup_type;
	/* IETF codes 4..8 */
	uint32_t request_id;
	uint32_t max_size; /* code 6 only */
	const uint8_t *description;
	size_t description_len;
	/* other vendors and IETF codes > 8 */
	const uint8_t *info;
	size_t info_len;
} attr_ietf_pa_tnc_error_t;

int attr_ietf_pa_tnc_error_parse(const uint8_t *v, size_t len, attr_ietf_pa_tnc_error_t *out,
				 nea_perr_t *err);
int attr_ietf_pa_tnc_error_build(const attr_ietf_pa_tnc_error_t *in, nea_wr_t *w);
void attr_ietf_pa_tnc_error_print(const attr_ietf_pa_tnc_error_t *in, nea_wr_t *o);

/* Constructors; msg_info is the first 8 bytes of the offending message. */
void attr_ietf_pa_tnc_error_invalid_param(attr_ietf_pa_tnc_error_t *e, const uint8_t *msg_info,
					  uint32_t offset);
void attr_ietf_pa_tnc_error_version(attr_ietf_pa_tnc_error_t *e, const uint8_t *msg_info);
void attr_ietf_pa_tnc_error_unsupported(attr_ietf_pa_tnc_error_t *e, const uint8_t *msg_info,
					uint8_t flags, uint32_t vendor, uint32_t type);
/* SWIMA codes 4..8; max_size is used by code 6 only; desc may be NULL. */
void attr_ietf_pa_tnc_error_swima(attr_ietf_pa_tnc_error_t *e, uint32_t code,
				  uint32_t request_id, uint32_t max_size, const char *desc);

extern const patnc_codec_t attr_ietf_pa_tnc_error_codec;

#endif

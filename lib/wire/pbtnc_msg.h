/*
 * pbtnc_msg: one PB-TNC message (RFC 5793 §4.2): the 12-byte message
 * header, strongSwan's message table, and dispatch to the value codecs in
 * pbtnc_msg_*.c.
 *
 * Contract: a pbtnc_msg_t is a view. After parsing, value and every pointer
 * in the typed union aim into the batch buffer, which must outlive it. For
 * building, the caller fills vendor/type (or just kind, see
 * pbtnc_msg_init) and either the typed union or, for Experimental and
 * unknown types, value. pbtnc_msg_build() writes the header with the NOSKIP
 * flag taken from the table for known types (as strongSwan does) and from
 * msg->flags for Experimental and unknown types.
 *
 * The receiver rules (which header values are rejected with which PB-Error
 * offset) live in pbtnc_batch.c, because the offsets are batch offsets.
 */
#ifndef PBTNC_MSG_H
#define PBTNC_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "pbtnc_msg_access.h"
#include "pbtnc_msg_assess.h"
#include "pbtnc_msg_error.h"
#include "pbtnc_msg_lang.h"
#include "pbtnc_msg_mutual.h"
#include "pbtnc_msg_pa.h"
#include "pbtnc_msg_pdp.h"
#include "pbtnc_msg_reason.h"
#include "pbtnc_msg_remed.h"

#define PBTNC_MSG_HDR_LEN 12
#define PBTNC_MSG_FLAG_NOSKIP 0x80
#define PBTNC_RESERVED_MSG_TYPE 0xffffffffu

/* IETF message types */
enum {
	PBTNC_MSG_EXPERIMENTAL = 0,
	PBTNC_MSG_PA = 1,
	PBTNC_MSG_ASSESSMENT_RESULT = 2,
	PBTNC_MSG_ACCESS_RECOMMENDATION = 3,
	PBTNC_MSG_REMEDIATION_PARAMETERS = 4,
	PBTNC_MSG_ERROR = 5,
	PBTNC_MSG_LANGUAGE_PREFERENCE = 6,
	PBTNC_MSG_REASON_STRING = 7,
};
/* TCG message types */
#define PBTNC_TCG_MSG_PDP_REFERRAL 1
/* ITA-HSR message types (strongSwan) */
#define PBTNC_ITA_MSG_NOSKIP_TEST 0
#define PBTNC_ITA_MSG_MUTUAL_CAPABILITY 1

typedef enum {
	PBTNC_KIND_UNKNOWN = 0,
	PBTNC_KIND_EXPERIMENTAL,
	PBTNC_KIND_PA,
	PBTNC_KIND_ASSESSMENT_RESULT,
	PBTNC_KIND_ACCESS_RECOMMENDATION,
	PBTNC_KIND_REMEDIATION_PARAMETERS,
	PBTNC_KIND_ERROR,
	PBTNC_KIND_LANGUAGE_PREFERENCE,
	PBTNC_KIND_REASON_STRING,
	PBTNC_KIND_PDP_REFERRAL,
	PBTNC_KIND_MUTUAL_CAPABILITY,
} pbtnc_kind_t;

/* NOSKIP rule of a table row */
enum {
	PBTNC_NOSKIP_CLEAR = 0,
	PBTNC_NOSKIP_SET = 1,
	PBTNC_NOSKIP_ANY = 2,
};

/* One row of strongSwan's pb_tnc_msg_infos (PROTOCOLS.md §3.3). */
typedef struct {
	uint32_t vendor;
	uint32_t type;
	pbtnc_kind_t kind;
	uint32_t min_len;  /* whole message incl. the 12-byte header */
	bool exact;        /* length must equal min_len */
	bool result_only;  /* only allowed in a RESULT batch */
	uint8_t noskip;    /* PBTNC_NOSKIP_* */
} pbtnc_msg_info_t;

/*
 * The row for (vendor, type), or NULL if strongSwan treats the type as
 * unknown on receipt (which includes ITA/0 PB-Noskip-Test).
 */
const pbtnc_msg_info_t *pbtnc_msg_info(uint32_t vendor, uint32_t type);
/* The row for a kind (EXPERIMENTAL .. MUTUAL_CAPABILITY), NULL for UNKNOWN. */
const pbtnc_msg_info_t *pbtnc_msg_info_kind(pbtnc_kind_t kind);

typedef struct {
	uint8_t flags; /* wire flags byte (NOSKIP = 0x80) */
	uint32_t vendor; /* PB-TNC Vendor ID, 24 bits */
	uint32_t type;
	pbtnc_kind_t kind;
	/*
	 * Set by pbtnc_batch_parse on messages strongSwan would skip: unknown
	 * types without NOSKIP, and RESULT-only messages a client receives
	 * outside a RESULT batch. Listed for logs and dumps; never act on them.
	 */
	bool skip;
	size_t offset; /* offset of the message header in its batch (parse) */
	const uint8_t *value; /* raw value (parse; build for EXPERIMENTAL/UNKNOWN) */
	size_t value_len;
	union {
		pbtnc_pa_t pa;
		uint32_t assessment;  /* TNC_EVAL_* */
		uint16_t access;      /* PBTNC_ACCESS_* */
		pbtnc_remed_t remed;
		pbtnc_error_t error;
		struct {
			const uint8_t *lang; /* without the "Accept-Language: " prefix */
			size_t lang_len;
		} lang;
		pbtnc_reason_t reason;
		pbtnc_pdp_t pdp;
		uint32_t mutual;      /* PBTNC_MUTUAL_* bits */
	} u;
} pbtnc_msg_t;

/* Zero *m and set kind, vendor and type for building a known message. */
void pbtnc_msg_init(pbtnc_msg_t *m, pbtnc_kind_t kind);

/*
 * Decode m->value into the typed union according to m->kind (UNKNOWN and
 * EXPERIMENTAL have nothing to decode). On failure err->offset is relative
 * to the start of the value, as strongSwan's process() reports it.
 */
int pbtnc_msg_value_parse(pbtnc_msg_t *m, nea_perr_t *err);

/* Append header + value. NEA_EINVAL for fields the wire cannot carry. */
int pbtnc_msg_build(nea_wr_t *w, const pbtnc_msg_t *m);

#endif

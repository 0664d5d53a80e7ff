/*
 * attr_pts_simple_evid_final: TCG PTS Simple Evidence Final (0x00400000).
 *
 * Contract (strongSwan 5.9.14 field order):
 *   Flags(1) Reserved(1) Composite Hash Algorithm(2, always present)
 *   if a quote:   PCR Composite Len(4) + composite digest
 *   if TPM 2.0:   Qualified Signer, Clock Info, Version Info, PCR Selection,
 *                 each Len(2) + data
 *   if a quote:   Quote Signature Len(4) + signature
 *   if flag 0x20: Evidence Signature (the rest)
 * The quote kind is flags & 0xd0: 0x40 TPM_QUOTE_INFO, 0x80
 * TPM_QUOTE_INFO2, 0xc0 QUOTE_INFO2 + TPM_CAP_VERSION_INFO, 0x10 TPM 2.0
 * quote info; any other combination means no quote (as strongSwan reads
 * it). Flags are kept as received; byte fields are borrowed.
 */
#ifndef NEA_ATTR_PTS_SIMPLE_EVID_FINAL_H
#define NEA_ATTR_PTS_SIMPLE_EVID_FINAL_H

#include "patnc_attr.h"

#define PTS_EVID_FINAL_QUOTE_MASK 0xd0
#define PTS_EVID_FINAL_QUOTE_INFO 0x40
#define PTS_EVID_FINAL_QUOTE_INFO2 0x80
#define PTS_EVID_FINAL_QUOTE_INFO2_CAP_VER 0xc0
#define PTS_EVID_FINAL_QUOTE_TPM2 0x10
#define PTS_EVID_FINAL_EVID_SIG 0x20

typedef enum {
	PTS_QUOTE_NONE = 0,
	PTS_QUOTE_INFO,          /* TPM 1.2 TPM_QUOTE_INFO */
	PTS_QUOTE_INFO2,         /* TPM 1.2 TPM_QUOTE_INFO2 */
	PTS_QUOTE_INFO2_CAP_VER, /* TPM_QUOTE_INFO2 + TPM_CAP_VERSION_INFO */
	PTS_QUOTE_TPM2,          /* TPM 2.0 (strongSwan extension) */
} attr_pts_quote_mode_t;

typedef struct {
	const uint8_t *p;
	size_t len;
} attr_pts_bytes_t;

typedef struct {
	uint8_t flags;
	uint16_t comp_hash_algo;
	attr_pts_bytes_t pcr_composite;    /* quote */
	attr_pts_bytes_t qualified_signer; /* TPM 2.0 */
	attr_pts_bytes_t clock_info;
	attr_pts_bytes_t version_info;
	attr_pts_bytes_t pcr_select;
	attr_pts_bytes_t quote_sig;        /* quote */
	attr_pts_bytes_t evid_sig;         /* flag 0x20 */
} attr_pts_simple_evid_final_t;

attr_pts_quote_mode_t attr_pts_quote_mode(uint8_t flags);
int attr_pts_simple_evid_final_parse(const uint8_t *v, size_t len,
				     attr_pts_simple_evid_final_t *out, nea_perr_t *err);
int attr_pts_simple_evid_final_build(const attr_pts_simple_evid_final_t *in, nea_wr_t *w);
void attr_pts_simple_evid_final_print(const attr_pts_simple_evid_final_t *in, nea_wr_t *o);

extern const patnc_codec_t attr_pts_simple_evid_final_codec;

#endif

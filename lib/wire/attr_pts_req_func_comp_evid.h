/*
 * attr_pts_req_func_comp_evid: TCG PTS Request Functional Component
 * Evidence (0x00100000).
 *
 * Contract: one or more 12-byte entries: Flags(1: TTC 0x80, VER 0x40,
 * CURR 0x20, PCR 0x10) Sub-component Depth(3) Component Functional Name
 * Vendor(3) Family+Qualifier(1: family mask 0xc0, qualifier 6 bits: K 0x20,
 * S 0x10, low 4 bits type) Component Functional Name(4). The value length
 * must be a non-zero multiple of 12. A parsed struct owns its entries.
 * ITA names: 1 TGRUB, 2 TBOOT, 3 IMA; qualifier 0x21 = K + Trusted Platform,
 * 0x22 = K + Operating System.
 */
#ifndef NEA_ATTR_PTS_REQ_FUNC_COMP_EVID_H
#define NEA_ATTR_PTS_REQ_FUNC_COMP_EVID_H

#include "patnc_attr.h"

#define PTS_REQ_FUNC_COMP_TTC 0x80
#define PTS_REQ_FUNC_COMP_VER 0x40
#define PTS_REQ_FUNC_COMP_CURR 0x20
#define PTS_REQ_FUNC_COMP_PCR 0x10
#define PTS_QUALIFIER_KERNEL 0x20
#define PTS_QUALIFIER_SUB 0x10
#define PTS_FAMILY_MASK 0xc0

typedef struct {
	uint8_t flags;
	uint32_t depth;   /* 24 bits */
	uint32_t vendor;  /* 24 bits */
	uint8_t fam_qual; /* family (0xc0) and qualifier (0x3f) */
	uint32_t name;
} attr_pts_comp_req_t;

typedef struct {
	attr_pts_comp_req_t *entries;
	size_t count;
} attr_pts_req_func_comp_evid_t;

int attr_pts_req_func_comp_evid_parse(const uint8_t *v, size_t len,
				      attr_pts_req_func_comp_evid_t *out, nea_perr_t *err);
int attr_pts_req_func_comp_evid_build(const attr_pts_req_func_comp_evid_t *in, nea_wr_t *w);
void attr_pts_req_func_comp_evid_print(const attr_pts_req_func_comp_evid_t *in, nea_wr_t *o);
void attr_pts_req_func_comp_evid_release(attr_pts_req_func_comp_evid_t *a);

extern const patnc_codec_t attr_pts_req_func_comp_evid_codec;

#endif

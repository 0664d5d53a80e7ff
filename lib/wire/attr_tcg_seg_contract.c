#include "attr_tcg_seg_contract.h"

#include "attr_common.h"
#include "attr_types.h"

#define VALUE_LEN 8
#define NO_LIMIT 0xffffffffu

/*
 * TCG Segmentation Contract Request / Response value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Max Message Size                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Max Segment Size                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_tcg_seg_contract_parse(uint32_t type, const uint8_t *v, size_t len,
				attr_tcg_seg_contract_t *out, nea_perr_t *err)
{
	nea_rd_t r;
	int rc;

	(void)type;
	memset(out, 0, sizeof(*out));
	rc = attr_exact(len, VALUE_LEN, err, "segmentation contract");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u32(&r, &out->max_msg_size) || !nea_rd_u32(&r, &out->max_seg_size))
		return nea_perr(err, NEA_ETRUNC, r.off, "segmentation contract cut short");
	return 0;
}

int attr_tcg_seg_contract_build(uint32_t type, const attr_tcg_seg_contract_t *in, nea_wr_t *w)
{
	(void)type;
	nea_wr_u32(w, in->max_msg_size);
	nea_wr_u32(w, in->max_seg_size);
	return nea_wr_error(w);
}

void attr_tcg_seg_contract_print(uint32_t type, const attr_tcg_seg_contract_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  %s: ", type == TCG_SEG_CONTRACT_REQ ? "request" : "response");
	if (in->max_msg_size == NO_LIMIT && in->max_seg_size == NO_LIMIT) {
		patnc_pr(o, "null contract\n");
		return;
	}
	if (in->max_msg_size == NO_LIMIT)
		patnc_pr(o, "no message size limit, ");
	else
		patnc_pr(o, "maximum message size of %u bytes, ", in->max_msg_size);
	if (in->max_seg_size == NO_LIMIT)
		patnc_pr(o, "no segmentation\n");
	else
		patnc_pr(o, "maximum segment size of %u bytes\n", in->max_seg_size);
}

PATNC_CODEC_DEFINE_T(attr_tcg_seg_contract_req_codec, attr_tcg_seg_contract_t, PEN_TCG,
		     TCG_SEG_CONTRACT_REQ, attr_tcg_seg_contract, NULL);
PATNC_CODEC_DEFINE_T(attr_tcg_seg_contract_resp_codec, attr_tcg_seg_contract_t, PEN_TCG,
		     TCG_SEG_CONTRACT_RESP, attr_tcg_seg_contract, NULL);

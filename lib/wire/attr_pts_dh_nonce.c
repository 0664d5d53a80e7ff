#include "attr_pts_dh_nonce.h"

#include "attr_common.h"
#include "attr_pts_meas_algo.h"
#include "attr_types.h"

/*
 * DH Nonce Parameters Request value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Reserved    |   Min. Nonce  |   D-H Group Set               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_dh_req_parse(const uint8_t *v, size_t len, attr_pts_dh_req_t *out, nea_perr_t *err)
{
	uint8_t reserved;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_exact(len, 4, err, "DH nonce parameters request");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &reserved) || !nea_rd_u8(&r, &out->min_nonce_len) ||
	    !nea_rd_u16(&r, &out->dh_groups))
		return nea_perr(err, NEA_ETRUNC, 0, "DH nonce parameters request cut short");
	return 0;
}

int attr_pts_dh_req_build(const attr_pts_dh_req_t *in, nea_wr_t *w)
{
	nea_wr_u8(w, 0);
	nea_wr_u8(w, in->min_nonce_len);
	nea_wr_u16(w, in->dh_groups);
	return nea_wr_error(w);
}

void attr_pts_dh_req_print(const attr_pts_dh_req_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  minimum nonce length %u, DH groups 0x%04x\n", in->min_nonce_len,
		 in->dh_groups);
}

/*
 * DH Nonce Parameters Response value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Reserved                    |   Nonce Len   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        Selected D-H Group     |      Hash Algorithm Set       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                D-H Responder Nonce (Variable Length)          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              D-H Responder Public Value (Variable Length)     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_dh_resp_parse(const uint8_t *v, size_t len, attr_pts_dh_resp_t *out,
			   nea_perr_t *err)
{
	uint32_t reserved;
	uint8_t nlen;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, 8, err, "DH nonce parameters response");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u24(&r, &reserved) || !nea_rd_u8(&r, &nlen) ||
	    !nea_rd_u16(&r, &out->dh_group) || !nea_rd_u16(&r, &out->hash_algos))
		return nea_perr(err, NEA_ETRUNC, 0, "DH nonce parameters response cut short");
	if (!nea_rd_bytes(&r, nlen, &out->nonce))
		return nea_perr(err, NEA_ETRUNC, 3, "responder nonce of %u bytes exceeds the value",
				nlen);
	out->nonce_len = nlen;
	out->pub_len = nea_rd_left(&r);
	if (!nea_rd_bytes(&r, out->pub_len, &out->pub))
		return nea_perr(err, NEA_ETRUNC, r.off, "responder public value cut short");
	return 0;
}

int attr_pts_dh_resp_build(const attr_pts_dh_resp_t *in, nea_wr_t *w)
{
	if (in->nonce_len > 255)
		return NEA_EINVAL;
	nea_wr_u24(w, 0);
	nea_wr_u8(w, (uint8_t)in->nonce_len);
	nea_wr_u16(w, in->dh_group);
	nea_wr_u16(w, in->hash_algos);
	nea_wr_bytes(w, in->nonce, in->nonce_len);
	nea_wr_bytes(w, in->pub, in->pub_len);
	return nea_wr_error(w);
}

void attr_pts_dh_resp_print(const attr_pts_dh_resp_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  DH group 0x%04x, hash algorithms", in->dh_group);
	attr_pts_print_algos(in->hash_algos, o);
	patnc_pr(o, "\n  responder nonce ");
	patnc_pr_hex(o, in->nonce, in->nonce_len, 64);
	patnc_pr(o, "\n  responder public value of %zu bytes\n", in->pub_len);
}

/*
 * DH Nonce Finish value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Reserved    |   Nonce Len   |   Selected Hash Algorithm     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              D-H Initiator Public Value (Variable Length)     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                D-H Initiator Nonce (Variable Length)          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_dh_finish_parse(const uint8_t *v, size_t len, attr_pts_dh_finish_t *out,
			     nea_perr_t *err)
{
	uint8_t reserved, nlen;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, 4, err, "DH nonce finish");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &reserved) || !nea_rd_u8(&r, &nlen) ||
	    !nea_rd_u16(&r, &out->hash_algo))
		return nea_perr(err, NEA_ETRUNC, 0, "DH nonce finish cut short");
	if (nea_rd_left(&r) < nlen)
		return nea_perr(err, NEA_ETRUNC, 1, "initiator nonce of %u bytes exceeds the value",
				nlen);
	out->pub_len = nea_rd_left(&r) - nlen;
	out->nonce_len = nlen;
	if (!nea_rd_bytes(&r, out->pub_len, &out->pub) ||
	    !nea_rd_bytes(&r, out->nonce_len, &out->nonce))
		return nea_perr(err, NEA_ETRUNC, r.off, "DH nonce finish cut short");
	return 0;
}

int attr_pts_dh_finish_build(const attr_pts_dh_finish_t *in, nea_wr_t *w)
{
	if (in->nonce_len > 255)
		return NEA_EINVAL;
	nea_wr_u8(w, 0);
	nea_wr_u8(w, (uint8_t)in->nonce_len);
	nea_wr_u16(w, in->hash_algo);
	nea_wr_bytes(w, in->pub, in->pub_len);
	nea_wr_bytes(w, in->nonce, in->nonce_len);
	return nea_wr_error(w);
}

void attr_pts_dh_finish_print(const attr_pts_dh_finish_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  hash algorithm");
	attr_pts_print_algos(in->hash_algo, o);
	patnc_pr(o, "\n  initiator nonce ");
	patnc_pr_hex(o, in->nonce, in->nonce_len, 64);
	patnc_pr(o, "\n  initiator public value of %zu bytes\n", in->pub_len);
}

PATNC_CODEC_DEFINE(attr_pts_dh_req_codec, attr_pts_dh_req_t, PEN_TCG,
		   TCG_PTS_DH_NONCE_PARAMS_REQ, attr_pts_dh_req, NULL);
PATNC_CODEC_DEFINE(attr_pts_dh_resp_codec, attr_pts_dh_resp_t, PEN_TCG,
		   TCG_PTS_DH_NONCE_PARAMS_RESP, attr_pts_dh_resp, NULL);
PATNC_CODEC_DEFINE(attr_pts_dh_finish_codec, attr_pts_dh_finish_t, PEN_TCG,
		   TCG_PTS_DH_NONCE_FINISH, attr_pts_dh_finish, NULL);

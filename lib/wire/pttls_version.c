#include "pttls_version.h"

#include "pttls_msg.h"

/*
 *   Version Request value (RFC 6876 §3.7.1)
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   Reserved    |  Min Vers     |  Max Vers     |  Pref Vers    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int pttls_version_req_parse(const uint8_t *v, size_t len, pttls_version_req_t *out,
			    nea_perr_t *err)
{
	nea_rd_t r;
	uint8_t reserved;

	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &reserved) || !nea_rd_u8(&r, &out->min) || !nea_rd_u8(&r, &out->max) ||
	    !nea_rd_u8(&r, &out->pref))
		return nea_perr(err, NEA_ETRUNC, len, "Version Request needs 4 bytes, has %zu", len);
	if (nea_rd_left(&r))
		return nea_perr(err, NEA_EINVAL, 4, "Version Request must be 4 bytes, has %zu", len);
	return 0;
}

int pttls_version_req_build(nea_wr_t *w, const pttls_version_req_t *in)
{
	nea_wr_u8(w, 0);
	nea_wr_u8(w, in->min);
	nea_wr_u8(w, in->max);
	nea_wr_u8(w, in->pref);
	return nea_wr_error(w);
}

/*
 *   Version Response value (RFC 6876 §3.7.2)
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    Reserved                   |    Version    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int pttls_version_resp_parse(const uint8_t *v, size_t len, uint8_t *version, nea_perr_t *err)
{
	nea_rd_t r;

	nea_rd_init(&r, v, len);
	if (!nea_rd_skip(&r, 3) || !nea_rd_u8(&r, version))
		return nea_perr(err, NEA_ETRUNC, len, "Version Response needs 4 bytes, has %zu",
				len);
	if (nea_rd_left(&r))
		return nea_perr(err, NEA_EINVAL, 4, "Version Response must be 4 bytes, has %zu",
				len);
	return 0;
}

int pttls_version_resp_build(nea_wr_t *w, uint8_t version)
{
	nea_wr_u24(w, 0);
	nea_wr_u8(w, version);
	return nea_wr_error(w);
}

int pttls_version_select(const pttls_version_req_t *req, uint8_t *version)
{
	if (req->min > PTTLS_VERSION || req->max < PTTLS_VERSION)
		return NEA_EVERSION;
	*version = PTTLS_VERSION;
	return 0;
}

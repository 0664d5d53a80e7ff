#include "attr_ietf_op_status.h"

#include "attr_common.h"
#include "attr_types.h"

#define VALUE_LEN 24

/*
 * IETF Operational Status value (RFC 5792 4.2.5):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Status     |    Result     |           Reserved            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Last Use (20 octets)                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_ietf_op_status_parse(const uint8_t *v, size_t len, attr_ietf_op_status_t *out,
			      nea_perr_t *err)
{
	const uint8_t *t;
	uint16_t reserved;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_exact(len, VALUE_LEN, err, "operational status");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &out->status) || !nea_rd_u8(&r, &out->result) ||
	    !nea_rd_u16(&r, &reserved) || !nea_rd_bytes(&r, ATTR_TIME_LEN, &t))
		return nea_perr(err, NEA_ETRUNC, r.off, "operational status cut short");
	if (out->status > OP_STATUS_OPERATIONAL)
		return nea_perr(err, NEA_EINVAL, 0, "operational status %u undefined", out->status);
	if (out->result > OP_RESULT_FAILED)
		return nea_perr(err, NEA_EINVAL, 1, "operational result %u undefined", out->result);
	if (!attr_time_wellformed(t))
		return nea_perr(err, NEA_EINVAL, 4, "last use time is not YYYY-MM-DDTHH:MM:SSZ");
	memcpy(out->last_use, t, ATTR_TIME_LEN);
	out->last_use[ATTR_TIME_LEN] = '\0';
	return 0;
}

int attr_ietf_op_status_build(const attr_ietf_op_status_t *in, nea_wr_t *w)
{
	if (in->status > OP_STATUS_OPERATIONAL || in->result > OP_RESULT_FAILED ||
	    !attr_time_wellformed((const uint8_t *)in->last_use))
		return NEA_EINVAL;
	nea_wr_u8(w, in->status);
	nea_wr_u8(w, in->result);
	nea_wr_u16(w, 0);
	nea_wr_bytes(w, in->last_use, ATTR_TIME_LEN);
	return nea_wr_error(w);
}

const char *attr_ietf_op_status_name(uint8_t status)
{
	static const char *const n[] = { "unknown", "not installed", "installed",
					  "operational" };

	return status < 4 ? n[status] : "undefined";
}

const char *attr_ietf_op_result_name(uint8_t result)
{
	static const char *const n[] = { "unknown", "successful", "errors", "failed" };

	return result < 4 ? n[result] : "undefined";
}

void attr_ietf_op_status_print(const attr_ietf_op_status_t *in, nea_wr_t *o)
{
	patnc_pr(o, "  operational status: %s, result: %s, last use %s\n",
		 attr_ietf_op_status_name(in->status), attr_ietf_op_result_name(in->result),
		 in->last_use);
}

PATNC_CODEC_DEFINE(attr_ietf_op_status_codec, attr_ietf_op_status_t, PEN_IETF,
		   IETF_ATTR_OP_STATUS, attr_ietf_op_status, NULL);

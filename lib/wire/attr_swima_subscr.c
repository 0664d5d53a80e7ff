#include "attr_swima_subscr.h"

#include "attr_common.h"
#include "attr_types.h"

#define MIN_SUB_LEN 12

/*
 * Subscription Status Request value: empty.
 *
 * Subscription Status Response value [unverified, see the header]:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Reserved   |                Subscription Count             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |C|S|R|Reserved |          Software Identifier Count            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Subscription ID                        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Earliest EID                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   Software Identifier Length  | Software Identifier (Var Len) |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     ... next subscription                     |
 */
int attr_swima_subscr_parse(uint32_t type, const uint8_t *v, size_t len,
			    attr_swima_subscr_t *out, nea_perr_t *err)
{
	uint32_t count, i;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	if (type == IETF_ATTR_SUBSCRIPTION_STATUS_REQ)
		return attr_exact(len, 0, err, "subscription status request");
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &out->flags) || !nea_rd_u24(&r, &count))
		return nea_perr(err, NEA_ETRUNC, 0, "subscription status response needs 4 bytes");
	rc = attr_alloc_array((void **)&out->subs, count, sizeof(*out->subs), MIN_SUB_LEN,
			      nea_rd_left(&r), r.off, err, "subscriptions");
	if (rc)
		return rc;
	for (i = 0; i < count; i++) {
		rc = attr_swima_req_read(&r, &out->subs[i], err);
		if (rc)
			break;
		out->count = i + 1;
	}
	if (!rc && nea_rd_left(&r))
		rc = nea_perr(err, NEA_EINVAL, r.off, "%zu bytes after the last subscription",
			      nea_rd_left(&r));
	if (rc)
		attr_swima_subscr_release(out);
	return rc;
}

int attr_swima_subscr_build(uint32_t type, const attr_swima_subscr_t *in, nea_wr_t *w)
{
	size_t i;
	int rc;

	if (type == IETF_ATTR_SUBSCRIPTION_STATUS_REQ)
		return nea_wr_error(w);
	if (in->count > 0xffffff)
		return NEA_EINVAL;
	nea_wr_u8(w, 0);
	nea_wr_u24(w, (uint32_t)in->count);
	for (i = 0; i < in->count; i++) {
		rc = attr_swima_req_build(&in->subs[i], w);
		if (rc)
			return rc;
	}
	return nea_wr_error(w);
}

void attr_swima_subscr_print(uint32_t type, const attr_swima_subscr_t *in, nea_wr_t *o)
{
	size_t i;

	if (type == IETF_ATTR_SUBSCRIPTION_STATUS_REQ) {
		patnc_pr(o, "  subscription status request\n");
		return;
	}
	patnc_pr(o, "  %zu active subscription%s\n", in->count, in->count == 1 ? "" : "s");
	for (i = 0; i < in->count; i++)
		attr_swima_req_print(&in->subs[i], o);
}

void attr_swima_subscr_release(attr_swima_subscr_t *a)
{
	size_t i;

	for (i = 0; i < a->count; i++)
		attr_swima_req_release(&a->subs[i]);
	free(a->subs);
	a->subs = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_swima_subscr_t, attr_swima_subscr_release)
PATNC_CODEC_DEFINE_T(attr_swima_subscr_req_codec, attr_swima_subscr_t, PEN_IETF,
		     IETF_ATTR_SUBSCRIPTION_STATUS_REQ, attr_swima_subscr, rel);
PATNC_CODEC_DEFINE_T(attr_swima_subscr_resp_codec, attr_swima_subscr_t, PEN_IETF,
		     IETF_ATTR_SUBSCRIPTION_STATUS_RESP, attr_swima_subscr, rel);

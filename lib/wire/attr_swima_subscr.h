/*
 * attr_swima_subscr: IETF Subscription Status Request (RFC 8412 5.14, IETF
 * type 18) and Subscription Status Response (5.15, type 19).
 *
 * NOT IMPLEMENTED BY strongSwan 5.9.14: strongSwan only names these types
 * and treats a received one as unknown (NOSKIP -> Attribute Type Not
 * Supported, else skipped). nea decodes them for completeness; never send
 * them to a strongSwan peer. The layouts follow RFC 8412 as recalled for
 * this implementation and were not checked against another implementation
 * [unverified]:
 *   Request:  empty value.
 *   Response: Flags(1, reserved) Subscription Count(3), then per active
 *             subscription a copy of its establishing SWIMA Request body
 *             (Flags, Software Identifier Count, Subscription ID in the
 *             Request ID position, Earliest EID, software identifiers), in
 *             the layout of attr_swima_req.h.
 * A parsed Response owns its subscriptions array and each subscription's
 * identifier array (attr_swima_subscr_release).
 */
#ifndef NEA_ATTR_SWIMA_SUBSCR_H
#define NEA_ATTR_SWIMA_SUBSCR_H

#include "attr_swima_req.h"

typedef struct {
	uint8_t flags;               /* response only; reserved */
	attr_swima_req_t *subs;      /* response only */
	size_t count;
} attr_swima_subscr_t;

/* type: IETF_ATTR_SUBSCRIPTION_STATUS_REQ or _RESP */
int attr_swima_subscr_parse(uint32_t type, const uint8_t *v, size_t len,
			    attr_swima_subscr_t *out, nea_perr_t *err);
int attr_swima_subscr_build(uint32_t type, const attr_swima_subscr_t *in, nea_wr_t *w);
void attr_swima_subscr_print(uint32_t type, const attr_swima_subscr_t *in, nea_wr_t *o);
void attr_swima_subscr_release(attr_swima_subscr_t *a);

extern const patnc_codec_t attr_swima_subscr_req_codec;
extern const patnc_codec_t attr_swima_subscr_resp_codec;

#endif

#include "pbtnc_msg.h"

#include <string.h>

#include "tnc_names.h"

/*
 *   PB-TNC Message (RFC 5793 §4.2)
 *
 *      0                   1                   2                   3
 *      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |     Flags     |               PB-TNC Vendor ID                |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                       PB-TNC Message Type                     |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |                      PB-TNC Message Length                    |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *     |               PB-TNC Message Value (Variable Length)          |
 *     +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   Flags: NOSKIP = 0x80. Message Length includes the 12-byte header.
 */

/* strongSwan pb_tnc_msg.c info tables (PROTOCOLS.md §3.3). */
static const pbtnc_msg_info_t msg_infos[] = {
	{ TNC_PEN_IETF, PBTNC_MSG_EXPERIMENTAL, PBTNC_KIND_EXPERIMENTAL, 12, false, false, PBTNC_NOSKIP_ANY },
	{ TNC_PEN_IETF, PBTNC_MSG_PA, PBTNC_KIND_PA, 24, false, false, PBTNC_NOSKIP_SET },
	{ TNC_PEN_IETF, PBTNC_MSG_ASSESSMENT_RESULT, PBTNC_KIND_ASSESSMENT_RESULT, 16, true, true, PBTNC_NOSKIP_SET },
	{ TNC_PEN_IETF, PBTNC_MSG_ACCESS_RECOMMENDATION, PBTNC_KIND_ACCESS_RECOMMENDATION, 16, true, true, PBTNC_NOSKIP_CLEAR },
	{ TNC_PEN_IETF, PBTNC_MSG_REMEDIATION_PARAMETERS, PBTNC_KIND_REMEDIATION_PARAMETERS, 20, false, true, PBTNC_NOSKIP_CLEAR },
	{ TNC_PEN_IETF, PBTNC_MSG_ERROR, PBTNC_KIND_ERROR, 20, false, false, PBTNC_NOSKIP_SET },
	{ TNC_PEN_IETF, PBTNC_MSG_LANGUAGE_PREFERENCE, PBTNC_KIND_LANGUAGE_PREFERENCE, 12, false, false, PBTNC_NOSKIP_CLEAR },
	{ TNC_PEN_IETF, PBTNC_MSG_REASON_STRING, PBTNC_KIND_REASON_STRING, 17, false, true, PBTNC_NOSKIP_CLEAR },
	{ TNC_PEN_TCG, PBTNC_TCG_MSG_PDP_REFERRAL, PBTNC_KIND_PDP_REFERRAL, 20, false, false, PBTNC_NOSKIP_CLEAR },
	{ TNC_PEN_ITA, PBTNC_ITA_MSG_MUTUAL_CAPABILITY, PBTNC_KIND_MUTUAL_CAPABILITY, 16, false, false, PBTNC_NOSKIP_CLEAR },
};

const pbtnc_msg_info_t *pbtnc_msg_info(uint32_t vendor, uint32_t type)
{
	size_t i;

	for (i = 0; i < sizeof(msg_infos) / sizeof(msg_infos[0]); i++)
		if (msg_infos[i].vendor == vendor && msg_infos[i].type == type)
			return &msg_infos[i];
	return NULL;
}

const pbtnc_msg_info_t *pbtnc_msg_info_kind(pbtnc_kind_t kind)
{
	size_t i;

	for (i = 0; i < sizeof(msg_infos) / sizeof(msg_infos[0]); i++)
		if (msg_infos[i].kind == kind)
			return &msg_infos[i];
	return NULL;
}

void pbtnc_msg_init(pbtnc_msg_t *m, pbtnc_kind_t kind)
{
	const pbtnc_msg_info_t *info = pbtnc_msg_info_kind(kind);

	memset(m, 0, sizeof(*m));
	m->kind = kind;
	if (info) {
		m->vendor = info->vendor;
		m->type = info->type;
		m->flags = info->noskip == PBTNC_NOSKIP_SET ? PBTNC_MSG_FLAG_NOSKIP : 0;
	}
}

int pbtnc_msg_value_parse(pbtnc_msg_t *m, nea_perr_t *err)
{
	const uint8_t *v = m->value;
	size_t n = m->value_len;

	switch (m->kind) {
	case PBTNC_KIND_PA:
		return pbtnc_pa_parse(v, n, &m->u.pa, err);
	case PBTNC_KIND_ASSESSMENT_RESULT:
		return pbtnc_assess_parse(v, n, &m->u.assessment, err);
	case PBTNC_KIND_ACCESS_RECOMMENDATION:
		return pbtnc_access_parse(v, n, &m->u.access, err);
	case PBTNC_KIND_REMEDIATION_PARAMETERS:
		return pbtnc_remed_parse(v, n, &m->u.remed, err);
	case PBTNC_KIND_ERROR:
		return pbtnc_error_parse(v, n, &m->u.error, err);
	case PBTNC_KIND_LANGUAGE_PREFERENCE:
		return pbtnc_lang_parse(v, n, &m->u.lang.lang, &m->u.lang.lang_len, err);
	case PBTNC_KIND_REASON_STRING:
		return pbtnc_reason_parse(v, n, &m->u.reason, err);
	case PBTNC_KIND_PDP_REFERRAL:
		return pbtnc_pdp_parse(v, n, &m->u.pdp, err);
	case PBTNC_KIND_MUTUAL_CAPABILITY:
		return pbtnc_mutual_parse(v, n, &m->u.mutual, err);
	case PBTNC_KIND_EXPERIMENTAL:
	case PBTNC_KIND_UNKNOWN:
		return 0;
	}
	return nea_perr(err, NEA_EINVAL, 0, "unknown message kind %d", (int)m->kind);
}

static int build_value(nea_wr_t *w, const pbtnc_msg_t *m)
{
	switch (m->kind) {
	case PBTNC_KIND_PA:
		return pbtnc_pa_build(w, &m->u.pa);
	case PBTNC_KIND_ASSESSMENT_RESULT:
		return pbtnc_assess_build(w, m->u.assessment);
	case PBTNC_KIND_ACCESS_RECOMMENDATION:
		return pbtnc_access_build(w, m->u.access);
	case PBTNC_KIND_REMEDIATION_PARAMETERS:
		return pbtnc_remed_build(w, &m->u.remed);
	case PBTNC_KIND_ERROR:
		return pbtnc_error_build(w, &m->u.error);
	case PBTNC_KIND_LANGUAGE_PREFERENCE:
		return pbtnc_lang_build(w, m->u.lang.lang, m->u.lang.lang_len);
	case PBTNC_KIND_REASON_STRING:
		return pbtnc_reason_build(w, &m->u.reason);
	case PBTNC_KIND_PDP_REFERRAL:
		return pbtnc_pdp_build(w, &m->u.pdp);
	case PBTNC_KIND_MUTUAL_CAPABILITY:
		return pbtnc_mutual_build(w, m->u.mutual);
	case PBTNC_KIND_EXPERIMENTAL:
	case PBTNC_KIND_UNKNOWN:
		if (m->value_len && !m->value)
			return NEA_EINVAL;
		nea_wr_bytes(w, m->value, m->value_len);
		return nea_wr_error(w);
	}
	return NEA_EINVAL;
}

int pbtnc_msg_build(nea_wr_t *w, const pbtnc_msg_t *m)
{
	const pbtnc_msg_info_t *info = pbtnc_msg_info_kind(m->kind);
	uint32_t vendor = m->vendor, type = m->type;
	uint8_t flags = m->flags & PBTNC_MSG_FLAG_NOSKIP;
	size_t start = w->len, len;
	int rc;

	if (info) {
		vendor = info->vendor;
		type = info->type;
		if (info->noskip != PBTNC_NOSKIP_ANY)
			flags = info->noskip == PBTNC_NOSKIP_SET ? PBTNC_MSG_FLAG_NOSKIP : 0;
	} else if (m->kind != PBTNC_KIND_UNKNOWN) {
		return NEA_EINVAL;
	}
	if (vendor > 0xffffff)
		return NEA_EINVAL;
	nea_wr_u8(w, flags);
	nea_wr_u24(w, vendor);
	nea_wr_u32(w, type);
	nea_wr_u32(w, 0); /* length, patched below */
	rc = nea_wr_error(w);
	if (rc)
		return rc;
	rc = build_value(w, m);
	if (rc)
		return rc;
	len = w->len - start;
	if (len > UINT32_MAX)
		return NEA_ETOOBIG;
	nea_wr_put_u32_at(w, start + 8, (uint32_t)len);
	return nea_wr_error(w);
}

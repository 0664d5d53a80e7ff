#include "attr_ietf_pa_tnc_error.h"

#include "attr_common.h"
#include "attr_names.h"
#include "attr_types.h"

#define HDR_LEN 8

static bool is_swima(uint32_t vendor, uint32_t code)
{
	return vendor == PEN_IETF && code >= PA_ERROR_SWIMA &&
	       code <= PA_ERROR_SWIMA_SUBSCRIPTION_ID_REUSE;
}

static bool has_msg_info(uint32_t vendor, uint32_t code)
{
	return vendor == PEN_IETF && code <= PA_ERROR_ATTR_TYPE_NOT_SUPPORTED;
}

static int no_trailing(const nea_rd_t *r, nea_perr_t *err)
{
	if (nea_rd_left(r))
		return nea_perr(err, NEA_EINVAL, r->off, "%zu bytes after the error information",
				nea_rd_left(r));
	return 0;
}

/*
 * PA-TNC Error value (RFC 5792 4.2.8):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Reserved   |            PA-TNC Error Code Vendor ID        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        PA-TNC Error Code                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                 Error Information (Variable Length)           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * IETF codes 0..3, Error Information:
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Version    |               Copy of Reserved                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Message Identifier                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  1: Offset | 2: Max Vers, Min Vers, Reserved(2) |             |
 *  |  3: Flags, Attribute Vendor ID(3), Attribute Type(4)          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * SWIMA codes 4..8 (RFC 8412), Error Information:
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            Copy of Request ID / Subscription ID               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          6 only: Maximum Allowed Size                         |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Description (Variable Length)                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_ietf_pa_tnc_error_parse(const uint8_t *v, size_t len, attr_ietf_pa_tnc_error_t *out,
				 nea_perr_t *err)
{
	uint8_t reserved;
	uint16_t res16;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, HDR_LEN, err, "PA-TNC error");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &reserved) || !nea_rd_u24(&r, &out->vendor) ||
	    !nea_rd_u32(&r, &out->code))
		return nea_perr(err, NEA_ETRUNC, r.off, "PA-TNC error header cut short");

	if (has_msg_info(out->vendor, out->code)) {
		if (!nea_rd_copy(&r, out->msg_info, PA_ERROR_MSG_INFO_LEN))
			return nea_perr(err, NEA_ETRUNC, HDR_LEN, "message info cut short");
		switch (out->code) {
		case PA_ERROR_INVALID_PARAMETER:
			if (!nea_rd_u32(&r, &out->offset))
				return nea_perr(err, NEA_ETRUNC, r.off, "error offset missing");
			break;
		case PA_ERROR_VERSION_NOT_SUPPORTED:
			if (!nea_rd_u8(&r, &out->max_version) || !nea_rd_u8(&r, &out->min_version) ||
			    !nea_rd_u16(&r, &res16))
				return nea_perr(err, NEA_ETRUNC, r.off, "version range cut short");
			break;
		case PA_ERROR_ATTR_TYPE_NOT_SUPPORTED:
			if (nea_rd_left(&r) < 8)
				return nea_perr(err, NEA_ETRUNC, r.off,
						"unsupported attribute info cut short");
			if (!nea_rd_u8(&r, &out->unsup_flags) || !nea_rd_u24(&r, &out->unsup_vendor) ||
			    !nea_rd_u32(&r, &out->unsup_type))
				return nea_perr(err, NEA_ETRUNC, r.off,
						"unsupported attribute info cut short");
			break;
		default:
			break;
		}
		return no_trailing(&r, err);
	}
	if (is_swima(out->vendor, out->code)) {
		if (!nea_rd_u32(&r, &out->request_id))
			return nea_perr(err, NEA_ETRUNC, r.off, "SWIMA request id missing");
		if (out->code == PA_ERROR_SWIMA_RESPONSE_TOO_LARGE && !nea_rd_u32(&r, &out->max_size))
			return nea_perr(err, NEA_ETRUNC, r.off, "maximum allowed size missing");
		out->description_len = nea_rd_left(&r);
		if (!nea_rd_bytes(&r, out->description_len, &out->description))
			return nea_perr(err, NEA_ETRUNC, r.off, "description cut short");
		return 0;
	}
	out->info_len = nea_rd_left(&r);
	if (!nea_rd_bytes(&r, out->info_len, &out->info))
		return nea_perr(err, NEA_ETRUNC, r.off, "error information cut short");
	return 0;
}

int attr_ietf_pa_tnc_error_build(const attr_ietf_pa_tnc_error_t *in, nea_wr_t *w)
{
	if (in->vendor > 0xffffffu)
		return NEA_EINVAL;
	nea_wr_u8(w, 0);
	nea_wr_u24(w, in->vendor);
	nea_wr_u32(w, in->code);
	if (has_msg_info(in->vendor, in->code)) {
		nea_wr_bytes(w, in->msg_info, PA_ERROR_MSG_INFO_LEN);
		switch (in->code) {
		case PA_ERROR_INVALID_PARAMETER:
			nea_wr_u32(w, in->offset);
			break;
		case PA_ERROR_VERSION_NOT_SUPPORTED:
			nea_wr_u8(w, in->max_version);
			nea_wr_u8(w, in->min_version);
			nea_wr_u16(w, 0);
			break;
		case PA_ERROR_ATTR_TYPE_NOT_SUPPORTED:
			if (in->unsup_vendor > 0xffffffu)
				return NEA_EINVAL;
			nea_wr_u8(w, in->unsup_flags);
			nea_wr_u24(w, in->unsup_vendor);
			nea_wr_u32(w, in->unsup_type);
			break;
		default:
			break;
		}
	} else if (is_swima(in->vendor, in->code)) {
		nea_wr_u32(w, in->request_id);
		if (in->code == PA_ERROR_SWIMA_RESPONSE_TOO_LARGE)
			nea_wr_u32(w, in->max_size);
		nea_wr_bytes(w, in->description, in->description_len);
	} else {
		nea_wr_bytes(w, in->info, in->info_len);
	}
	return nea_wr_error(w);
}

void attr_ietf_pa_tnc_error_invalid_param(attr_ietf_pa_tnc_error_t *e, const uint8_t *msg_info,
					  uint32_t offset)
{
	memset(e, 0, sizeof(*e));
	e->vendor = PEN_IETF;
	e->code = PA_ERROR_INVALID_PARAMETER;
	memcpy(e->msg_info, msg_info, PA_ERROR_MSG_INFO_LEN);
	e->offset = offset;
}

void attr_ietf_pa_tnc_error_version(attr_ietf_pa_tnc_error_t *e, const uint8_t *msg_info)
{
	memset(e, 0, sizeof(*e));
	e->vendor = PEN_IETF;
	e->code = PA_ERROR_VERSION_NOT_SUPPORTED;
	memcpy(e->msg_info, msg_info, PA_ERROR_MSG_INFO_LEN);
	e->max_version = 1;
	e->min_version = 1;
}

void attr_ietf_pa_tnc_error_unsupported(attr_ietf_pa_tnc_error_t *e, const uint8_t *msg_info,
					uint8_t flags, uint32_t vendor, uint32_t type)
{
	memset(e, 0, sizeof(*e));
	e->vendor = PEN_IETF;
	e->code = PA_ERROR_ATTR_TYPE_NOT_SUPPORTED;
	memcpy(e->msg_info, msg_info, PA_ERROR_MSG_INFO_LEN);
	e->unsup_flags = flags;
	e->unsup_vendor = vendor;
	e->unsup_type = type;
}

void attr_ietf_pa_tnc_error_swima(attr_ietf_pa_tnc_error_t *e, uint32_t code,
				  uint32_t request_id, uint32_t max_size, const char *desc)
{
	memset(e, 0, sizeof(*e));
	e->vendor = PEN_IETF;
	e->code = code;
	e->request_id = request_id;
	e->max_size = max_size;
	e->description = (const uint8_t *)desc;
	e->description_len = desc ? strlen(desc) : 0;
}

void attr_ietf_pa_tnc_error_print(const attr_ietf_pa_tnc_error_t *in, nea_wr_t *o)
{
	const char *name = attr_pa_error_name(in->vendor, in->code);
	char attr[96];

	patnc_pr(o, "  error '%s' 0x%06x/0x%08x\n", name ? name : "unknown", in->vendor, in->code);
	if (has_msg_info(in->vendor, in->code)) {
		patnc_pr(o, "  concerning message 0x%08x/0x%08x\n", nea_get_u32(in->msg_info),
			 nea_get_u32(in->msg_info + 4));
		if (in->code == PA_ERROR_INVALID_PARAMETER)
			patnc_pr(o, "  occurred at offset of %u bytes\n", in->offset);
		else if (in->code == PA_ERROR_VERSION_NOT_SUPPORTED)
			patnc_pr(o, "  supported versions %u..%u\n", in->min_version,
				 in->max_version);
		else if (in->code == PA_ERROR_ATTR_TYPE_NOT_SUPPORTED)
			patnc_pr(o, "  unsupported attribute type '%s' 0x%06x/0x%08x, flags 0x%02x\n",
				 attr_full_name(in->unsup_vendor, in->unsup_type, attr, sizeof(attr)),
				 in->unsup_vendor, in->unsup_type, in->unsup_flags);
	} else if (is_swima(in->vendor, in->code)) {
		patnc_pr(o, "  for request %u", in->request_id);
		if (in->code == PA_ERROR_SWIMA_RESPONSE_TOO_LARGE)
			patnc_pr(o, ", maximum allowed size %u", in->max_size);
		patnc_pr(o, ": ");
		patnc_pr_str(o, in->description, in->description_len);
		patnc_pr(o, "\n");
	} else {
		patnc_pr(o, "  information ");
		patnc_pr_hex(o, in->info, in->info_len, 128);
		patnc_pr(o, "\n");
	}
}

PATNC_CODEC_DEFINE(attr_ietf_pa_tnc_error_codec, attr_ietf_pa_tnc_error_t, PEN_IETF,
		   IETF_ATTR_PA_TNC_ERROR, attr_ietf_pa_tnc_error, NULL);

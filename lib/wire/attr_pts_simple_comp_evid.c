#include "attr_pts_simple_comp_evid.h"

#include "attr_common.h"
#include "attr_names.h"
#include "attr_pts_meas_algo.h"
#include "attr_types.h"

#define FIXED_LEN 40

static bool has_uri(uint8_t flags)
{
	uint8_t v = flags & PTS_EVID_VALIDATION_MASK;

	return v == PTS_EVID_VALIDATION_FAILED || v == PTS_EVID_VALIDATION_PASSED;
}

/*
 * Simple Component Evidence value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |P| V |Reserved |               Sub-Component Depth             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Specific Functional Component                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Specific Functional Component                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Measure. Type |               Extended into PCR              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        Hash Algorithm     | PCR Transf.   |    Reserved       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Measurement Date/Time (20 octets)          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  Optional Policy URI Length   |  Opt. Verification Policy URI ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Optional PCR Length        |   Optional PCR Before Value   ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Optional PCR After Value (Variable Length)          ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Component Measurement (Variable Length)             ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_simple_comp_evid_parse(const uint8_t *v, size_t len,
				    attr_pts_simple_comp_evid_t *out, nea_perr_t *err)
{
	uint8_t meas_type, reserved;
	const uint8_t *t;
	nea_rd_t r;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, FIXED_LEN, err, "simple component evidence");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &out->flags) || !nea_rd_u24(&r, &out->depth) ||
	    !nea_rd_u24(&r, &out->vendor) || !nea_rd_u8(&r, &out->fam_qual) ||
	    !nea_rd_u32(&r, &out->name) || !nea_rd_u8(&r, &meas_type) ||
	    !nea_rd_u24(&r, &out->extended_pcr) || !nea_rd_u16(&r, &out->hash_algo) ||
	    !nea_rd_u8(&r, &out->transform) || !nea_rd_u8(&r, &reserved) ||
	    !nea_rd_bytes(&r, ATTR_TIME_LEN, &t))
		return nea_perr(err, NEA_ETRUNC, 0, "simple component evidence cut short");
	if (meas_type != PTS_EVID_MEAS_TYPE)
		return nea_perr(err, NEA_EINVAL, 12, "measurement type 0x%02x unsupported", meas_type);
	if (!attr_time_wellformed(t))
		return nea_perr(err, NEA_EINVAL, 20, "measurement time not YYYY-MM-DDTHH:MM:SSZ");
	memcpy(out->time, t, ATTR_TIME_LEN);
	out->time[ATTR_TIME_LEN] = '\0';
	if (has_uri(out->flags)) {
		rc = attr_rd_data16(&r, &out->policy_uri, &out->policy_uri_len, err,
				    "verification policy URI");
		if (rc)
			return rc;
	}
	if (out->flags & PTS_EVID_FLAG_PCR) {
		size_t at = r.off;
		uint16_t l;

		if (!nea_rd_u16(&r, &l))
			return nea_perr(err, NEA_ETRUNC, at, "PCR value length missing");
		if (!nea_rd_bytes(&r, l, &out->pcr_before) || !nea_rd_bytes(&r, l, &out->pcr_after))
			return nea_perr(err, NEA_ETRUNC, at, "PCR values of %u bytes exceed the value",
					l);
		out->pcr_len = l;
	}
	out->measurement_len = nea_rd_left(&r);
	if (!nea_rd_bytes(&r, out->measurement_len, &out->measurement))
		return nea_perr(err, NEA_ETRUNC, r.off, "measurement cut short");
	return 0;
}

int attr_pts_simple_comp_evid_build(const attr_pts_simple_comp_evid_t *in, nea_wr_t *w)
{
	if (in->depth > 0xffffff || in->vendor > 0xffffff || in->extended_pcr > 0xffffff ||
	    in->policy_uri_len > 0xffff || in->pcr_len > 0xffff ||
	    !attr_time_wellformed((const uint8_t *)in->time))
		return NEA_EINVAL;
	nea_wr_u8(w, in->flags);
	nea_wr_u24(w, in->depth);
	nea_wr_u24(w, in->vendor);
	nea_wr_u8(w, in->fam_qual);
	nea_wr_u32(w, in->name);
	nea_wr_u8(w, PTS_EVID_MEAS_TYPE);
	nea_wr_u24(w, in->extended_pcr);
	nea_wr_u16(w, in->hash_algo);
	nea_wr_u8(w, in->transform);
	nea_wr_u8(w, 0);
	nea_wr_bytes(w, in->time, ATTR_TIME_LEN);
	if (has_uri(in->flags)) {
		nea_wr_u16(w, (uint16_t)in->policy_uri_len);
		nea_wr_bytes(w, in->policy_uri, in->policy_uri_len);
	}
	if (in->flags & PTS_EVID_FLAG_PCR) {
		nea_wr_u16(w, (uint16_t)in->pcr_len);
		nea_wr_bytes(w, in->pcr_before, in->pcr_len);
		nea_wr_bytes(w, in->pcr_after, in->pcr_len);
	}
	nea_wr_bytes(w, in->measurement, in->measurement_len);
	return nea_wr_error(w);
}

void attr_pts_simple_comp_evid_print(const attr_pts_simple_comp_evid_t *in, nea_wr_t *o)
{
	static const char *const val[] = { "no validation", "unable to validate",
					   "validation failed", "validation passed" };
	const char *vn = attr_pen_name(in->vendor);

	patnc_pr(o, "  component %s/%u qualifier 0x%02x depth %u, PCR %u, %s, transform %u\n",
		 vn ? vn : "?", in->name, in->fam_qual & 0x3f, in->depth, in->extended_pcr,
		 val[(in->flags & PTS_EVID_VALIDATION_MASK) >> 5], in->transform);
	patnc_pr(o, "  measured at %s with", in->time);
	attr_pts_print_algos(in->hash_algo, o);
	patnc_pr(o, ": ");
	patnc_pr_hex(o, in->measurement, in->measurement_len, 64);
	patnc_pr(o, "\n");
	if (in->policy_uri) {
		patnc_pr(o, "  policy ");
		patnc_pr_str(o, in->policy_uri, in->policy_uri_len);
		patnc_pr(o, "\n");
	}
	if (in->flags & PTS_EVID_FLAG_PCR) {
		patnc_pr(o, "  PCR before ");
		patnc_pr_hex(o, in->pcr_before, in->pcr_len, 64);
		patnc_pr(o, "\n  PCR after  ");
		patnc_pr_hex(o, in->pcr_after, in->pcr_len, 64);
		patnc_pr(o, "\n");
	}
}

PATNC_CODEC_DEFINE(attr_pts_simple_comp_evid_codec, attr_pts_simple_comp_evid_t, PEN_TCG,
		   TCG_PTS_SIMPLE_COMP_EVID, attr_pts_simple_comp_evid, NULL);

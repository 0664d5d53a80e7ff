#include "attr_pts_simple_evid_final.h"

#include "attr_common.h"
#include "attr_pts_meas_algo.h"
#include "attr_types.h"

attr_pts_quote_mode_t attr_pts_quote_mode(uint8_t flags)
{
	switch (flags & PTS_EVID_FINAL_QUOTE_MASK) {
	case PTS_EVID_FINAL_QUOTE_INFO: return PTS_QUOTE_INFO;
	case PTS_EVID_FINAL_QUOTE_INFO2: return PTS_QUOTE_INFO2;
	case PTS_EVID_FINAL_QUOTE_INFO2_CAP_VER: return PTS_QUOTE_INFO2_CAP_VER;
	case PTS_EVID_FINAL_QUOTE_TPM2: return PTS_QUOTE_TPM2;
	default: return PTS_QUOTE_NONE;
	}
}

static int rd_data(nea_rd_t *r, bool wide, attr_pts_bytes_t *b, nea_perr_t *err,
		   const char *what)
{
	size_t at = r->off;
	uint32_t l;
	uint16_t l16;

	if (wide ? !nea_rd_u32(r, &l) : !nea_rd_u16(r, &l16))
		return nea_perr(err, NEA_ETRUNC, at, "%s length missing", what);
	if (!wide)
		l = l16;
	if (!nea_rd_bytes(r, l, &b->p))
		return nea_perr(err, NEA_ETRUNC, at, "%s of %u bytes exceeds the value", what, l);
	b->len = l;
	return 0;
}

/*
 * Simple Evidence Final value:
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Flags |  Res  | Reserved      | Optional Composite Hash Alg   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             Optional TPM PCR Composite Length                 |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  ~          Optional TPM PCR Composite (Variable Length)         ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  ~  TPM 2.0 only: Qualified Signer, Clock Info, Version Info,    ~
 *  ~  PCR Selection, each Length(2) + data                         ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Optional TPM Quote Signature Length                  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  ~        Optional TPM Quote Signature (Variable Length)         ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  ~        Optional Evidence Signature (Variable Length)          ~
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_pts_simple_evid_final_parse(const uint8_t *v, size_t len,
				     attr_pts_simple_evid_final_t *out, nea_perr_t *err)
{
	attr_pts_quote_mode_t mode;
	uint8_t reserved;
	nea_rd_t r;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	rc = attr_min(len, 4, err, "simple evidence final");
	if (rc)
		return rc;
	nea_rd_init(&r, v, len);
	if (!nea_rd_u8(&r, &out->flags) || !nea_rd_u8(&r, &reserved) ||
	    !nea_rd_u16(&r, &out->comp_hash_algo))
		return nea_perr(err, NEA_ETRUNC, 0, "simple evidence final cut short");
	mode = attr_pts_quote_mode(out->flags);
	if (mode != PTS_QUOTE_NONE)
		rc = rd_data(&r, true, &out->pcr_composite, err, "PCR composite");
	if (!rc && mode == PTS_QUOTE_TPM2) {
		rc = rd_data(&r, false, &out->qualified_signer, err, "qualified signer");
		if (!rc)
			rc = rd_data(&r, false, &out->clock_info, err, "clock info");
		if (!rc)
			rc = rd_data(&r, false, &out->version_info, err, "version info");
		if (!rc)
			rc = rd_data(&r, false, &out->pcr_select, err, "PCR selection");
	}
	if (!rc && mode != PTS_QUOTE_NONE)
		rc = rd_data(&r, true, &out->quote_sig, err, "quote signature");
	if (rc)
		return rc;
	if (out->flags & PTS_EVID_FINAL_EVID_SIG) {
		out->evid_sig.len = nea_rd_left(&r);
		if (!nea_rd_bytes(&r, out->evid_sig.len, &out->evid_sig.p))
			return nea_perr(err, NEA_ETRUNC, r.off, "evidence signature cut short");
	}
	if (nea_rd_left(&r))
		return nea_perr(err, NEA_EINVAL, r.off, "%zu bytes after the evidence",
				nea_rd_left(&r));
	return 0;
}

static int wr_data(nea_wr_t *w, bool wide, const attr_pts_bytes_t *b)
{
	if (b->len > (wide ? 0xffffffffu : 0xffffu))
		return NEA_EINVAL;
	if (wide)
		nea_wr_u32(w, (uint32_t)b->len);
	else
		nea_wr_u16(w, (uint16_t)b->len);
	nea_wr_bytes(w, b->p, b->len);
	return 0;
}

int attr_pts_simple_evid_final_build(const attr_pts_simple_evid_final_t *in, nea_wr_t *w)
{
	attr_pts_quote_mode_t mode = attr_pts_quote_mode(in->flags);
	int rc = 0;

	nea_wr_u8(w, in->flags);
	nea_wr_u8(w, 0);
	nea_wr_u16(w, in->comp_hash_algo);
	if (mode != PTS_QUOTE_NONE)
		rc = wr_data(w, true, &in->pcr_composite);
	if (!rc && mode == PTS_QUOTE_TPM2) {
		rc = wr_data(w, false, &in->qualified_signer);
		if (!rc)
			rc = wr_data(w, false, &in->clock_info);
		if (!rc)
			rc = wr_data(w, false, &in->version_info);
		if (!rc)
			rc = wr_data(w, false, &in->pcr_select);
	}
	if (!rc && mode != PTS_QUOTE_NONE)
		rc = wr_data(w, true, &in->quote_sig);
	if (rc)
		return rc;
	if (in->flags & PTS_EVID_FINAL_EVID_SIG)
		nea_wr_bytes(w, in->evid_sig.p, in->evid_sig.len);
	return nea_wr_error(w);
}

void attr_pts_simple_evid_final_print(const attr_pts_simple_evid_final_t *in, nea_wr_t *o)
{
	static const char *const modes[] = { "no quote", "TPM_QUOTE_INFO", "TPM_QUOTE_INFO2",
					     "TPM_QUOTE_INFO2 with TPM_CAP_VERSION_INFO",
					     "TPM 2.0 quote info" };
	attr_pts_quote_mode_t mode = attr_pts_quote_mode(in->flags);

	patnc_pr(o, "  %s, composite hash", modes[mode]);
	attr_pts_print_algos(in->comp_hash_algo, o);
	patnc_pr(o, "\n");
	if (mode != PTS_QUOTE_NONE) {
		patnc_pr(o, "  PCR composite ");
		patnc_pr_hex(o, in->pcr_composite.p, in->pcr_composite.len, 64);
		patnc_pr(o, "\n  quote signature of %zu bytes\n", in->quote_sig.len);
	}
	if (mode == PTS_QUOTE_TPM2)
		patnc_pr(o, "  qualified signer %zu, clock info %zu, version info %zu, "
			    "PCR selection %zu bytes\n",
			 in->qualified_signer.len, in->clock_info.len, in->version_info.len,
			 in->pcr_select.len);
	if (in->flags & PTS_EVID_FINAL_EVID_SIG)
		patnc_pr(o, "  evidence signature of %zu bytes\n", in->evid_sig.len);
}

PATNC_CODEC_DEFINE(attr_pts_simple_evid_final_codec, attr_pts_simple_evid_final_t, PEN_TCG,
		   TCG_PTS_SIMPLE_EVID_FINAL, attr_pts_simple_evid_final, NULL);

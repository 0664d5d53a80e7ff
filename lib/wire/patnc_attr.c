#include "patnc_attr.h"

#include <stdlib.h>
#include <string.h>

#include "attr_names.h"
#include "patnc_print.h"

#include "attr_ietf_attr_request.h"
#include "attr_ietf_installed_packages.h"
#include "attr_ietf_numeric_version.h"
#include "attr_ietf_op_status.h"
#include "attr_ietf_pa_tnc_error.h"
#include "attr_ietf_port_filter.h"
#include "attr_ietf_product_info.h"
#include "attr_ietf_remediation.h"
#include "attr_ietf_string_version.h"
#include "attr_ietf_testing.h"
#include "attr_ietf_u32.h"
#include "attr_ita_angel.h"
#include "attr_ita_blob.h"
#include "attr_ita_settings.h"
#include "attr_ita_symlinks.h"
#include "attr_tcg_seg_contract.h"
#include "attr_tcg_seg_env.h"
#include "attr_tcg_seg_next.h"
#include "attr_pts_aik.h"
#include "attr_pts_caps.h"
#include "attr_pts_dh_nonce.h"
#include "attr_pts_file_meas.h"
#include "attr_pts_file_meta.h"
#include "attr_pts_meas_algo.h"
#include "attr_pts_req_func_comp_evid.h"
#include "attr_pts_simple_comp_evid.h"
#include "attr_pts_simple_evid_final.h"
#include "attr_pts_simple_req.h"
#include "attr_pts_tpm_version.h"
#include "attr_swima_ev.h"
#include "attr_swima_inv.h"
#include "attr_swima_req.h"
#include "attr_swima_subscr.h"

static const patnc_codec_t *const codecs[] = {
	/* IETF, RFC 5792 */
	&attr_ietf_testing_codec,
	&attr_ietf_attr_request_codec,
	&attr_ietf_product_info_codec,
	&attr_ietf_numeric_version_codec,
	&attr_ietf_string_version_codec,
	&attr_ietf_op_status_codec,
	&attr_ietf_port_filter_codec,
	&attr_ietf_installed_packages_codec,
	&attr_ietf_pa_tnc_error_codec,
	&attr_ietf_assessment_result_codec,
	&attr_ietf_remediation_codec,
	&attr_ietf_fwd_enabled_codec,
	&attr_ietf_default_pwd_codec,
	/* IETF SWIMA, RFC 8412 (18/19 are not in strongSwan 5.9.14) */
	&attr_swima_req_codec,
	&attr_swima_sw_id_inv_codec,
	&attr_swima_sw_id_ev_codec,
	&attr_swima_sw_inv_codec,
	&attr_swima_sw_ev_codec,
	&attr_swima_subscr_req_codec,
	&attr_swima_subscr_resp_codec,
	/* ITA-HSR */
	&attr_ita_command_codec,
	&attr_ita_dummy_codec,
	&attr_ita_get_settings_codec,
	&attr_ita_settings_codec,
	&attr_ita_start_angel_codec,
	&attr_ita_stop_angel_codec,
	&attr_ita_echo_codec,
	&attr_ita_device_id_codec,
	&attr_ita_get_symlinks_codec,
	&attr_ita_symlinks_codec,
	/* TCG IF-M segmentation */
	&attr_tcg_seg_contract_req_codec,
	&attr_tcg_seg_contract_resp_codec,
	&attr_tcg_seg_env_codec,
	&attr_tcg_seg_next_codec,
	/* TCG PTS */
	&attr_pts_req_caps_codec,
	&attr_pts_caps_codec,
	&attr_pts_dh_req_codec,
	&attr_pts_dh_resp_codec,
	&attr_pts_dh_finish_codec,
	&attr_pts_meas_algo_req_codec,
	&attr_pts_meas_algo_sel_codec,
	&attr_pts_get_tpm_version_codec,
	&attr_pts_tpm_version_codec,
	&attr_pts_get_aik_codec,
	&attr_pts_aik_codec,
	&attr_pts_req_func_comp_evid_codec,
	&attr_pts_gen_attest_evid_codec,
	&attr_pts_simple_comp_evid_codec,
	&attr_pts_simple_evid_final_codec,
	&attr_pts_req_file_meas_codec,
	&attr_pts_file_meas_codec,
	&attr_pts_req_file_meta_codec,
	&attr_pts_unix_file_meta_codec,
};

#define NCODECS (sizeof(codecs) / sizeof(codecs[0]))

const patnc_codec_t *patnc_codec_find(uint32_t vendor, uint32_t type)
{
	size_t i;

	for (i = 0; i < NCODECS; i++)
		if (codecs[i]->vendor == vendor && codecs[i]->type == type)
			return codecs[i];
	return NULL;
}

size_t patnc_codec_count(void)
{
	return NCODECS;
}

const patnc_codec_t *patnc_codec_at(size_t i)
{
	return i < NCODECS ? codecs[i] : NULL;
}

int patnc_attr_decode(const patnc_codec_t *c, const uint8_t *v, size_t len, void **out,
		      nea_perr_t *err)
{
	void *d;
	int rc;

	*out = NULL;
	d = calloc(1, c->size);
	if (!d)
		return nea_perr(err, NEA_ENOMEM, 0, "no memory for a decoded attribute");
	rc = c->parse(v, len, d, err);
	if (rc) {
		/* Parsers release their own partial arrays before failing. */
		free(d);
		return rc;
	}
	*out = d;
	return 0;
}

void patnc_attr_data_free(const patnc_codec_t *c, void *data)
{
	if (!data)
		return;
	if (c && c->release)
		c->release(data);
	free(data);
}

void patnc_attr_clear(patnc_attr_t *a)
{
	patnc_attr_data_free(a->codec, a->data);
	a->data = NULL;
}

static int put_header(uint8_t flags, uint32_t vendor, uint32_t type, nea_wr_t *w, size_t *mark)
{
	if (vendor > 0xffffffu)
		return NEA_EINVAL;
	*mark = w->len;
	nea_wr_u8(w, flags);
	nea_wr_u24(w, vendor);
	nea_wr_u32(w, type);
	nea_wr_u32(w, 0); /* length, patched below */
	return nea_wr_error(w);
}

static int patch_length(nea_wr_t *w, size_t mark)
{
	size_t alen = w->len - mark;

	if (nea_wr_error(w))
		return nea_wr_error(w);
	if (alen > 0xffffffffu) {
		w->len = mark;
		return NEA_ETOOBIG;
	}
	nea_wr_put_u32_at(w, mark + 8, (uint32_t)alen);
	return nea_wr_error(w);
}

int patnc_attr_encode(uint8_t flags, uint32_t vendor, uint32_t type, const void *data,
		      nea_wr_t *w)
{
	const patnc_codec_t *c = patnc_codec_find(vendor, type);
	size_t mark;
	int rc;

	if (!c)
		return NEA_ENOTFOUND;
	rc = put_header(flags, vendor, type, w, &mark);
	if (rc)
		return rc;
	rc = c->build(data, w);
	if (rc) {
		if (!nea_wr_error(w))
			w->len = mark; /* a refused struct leaves the writer as it was */
		return rc;
	}
	return patch_length(w, mark);
}

int patnc_attr_encode_raw(uint8_t flags, uint32_t vendor, uint32_t type, const uint8_t *value,
			  size_t len, nea_wr_t *w)
{
	size_t mark;
	int rc;

	rc = put_header(flags, vendor, type, w, &mark);
	if (rc)
		return rc;
	nea_wr_bytes(w, value, len);
	return patch_length(w, mark);
}

void patnc_attr_print(const patnc_attr_t *a, nea_wr_t *o)
{
	char name[96];

	patnc_pr(o, "'%s' 0x%06x/0x%08x flags 0x%02x, %zu bytes\n",
		 attr_full_name(a->vendor, a->type, name, sizeof(name)), a->vendor, a->type,
		 a->flags, a->value_len);
	if (a->codec && a->data) {
		a->codec->print(a->data, o);
	} else {
		patnc_pr(o, "  not decoded: ");
		patnc_pr_hex(o, a->value, a->value_len, 64);
		patnc_pr(o, "\n");
	}
}

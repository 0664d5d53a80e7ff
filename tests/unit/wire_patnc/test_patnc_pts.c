/*
 * TCG PTS attributes: round trip with exact value bytes for every one, all
 * Simple Evidence Final flag combinations (TPM 1.2 quote kinds, TPM 2.0
 * quote info, evidence signature), Simple Component Evidence with every
 * validation value and PCR info, and rejections with code and offset.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

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
#include "attr_types.h"
#include "patnc_vec.h"

#define B(x) (const uint8_t *)(x), (sizeof(x) - 1)

Test(pts, capabilities_and_algorithms)
{
	attr_pts_caps_t c = { PTS_CAP_VERIFY | PTS_CAP_DH_NONCE | PTS_CAP_TPM };
	attr_pts_meas_algo_t a = { PTS_MEAS_SHA1 | PTS_MEAS_SHA256 | PTS_MEAS_SHA384 };
	pv_rt_t rt;

	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_REQ_PROTO_CAPS, &c, "0000000e");
	cr_assert_eq(((attr_pts_caps_t *)rt.data)->flags, 0x0e);
	pv_rt_free(&rt);
	c.flags = PTS_CAP_CURRENT | PTS_CAP_XML;
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_PROTO_CAPS, &c, "00000011");
	pv_rt_free(&rt);
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_MEAS_ALGO, &a, "0000e000");
	pv_rt_free(&rt);
	a.algorithms = PTS_MEAS_SHA256;
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_MEAS_ALGO_SELECTION, &a, "00004000");
	cr_assert_eq(((attr_pts_meas_algo_t *)rt.data)->algorithms, PTS_MEAS_SHA256);
	pv_rt_free(&rt);
	pv_reject(PEN_TCG, TCG_PTS_PROTO_CAPS, "000000", NEA_ETRUNC, 0);
	pv_reject(PEN_TCG, TCG_PTS_MEAS_ALGO, "0000400000", NEA_EINVAL, 4);
}

Test(pts, dh_nonce_exchange)
{
	attr_pts_dh_req_t rq = { 17, PTS_DH_GROUP_IKE19 | PTS_DH_GROUP_IKE14 };
	attr_pts_dh_resp_t rs = { PTS_DH_GROUP_IKE19, PTS_MEAS_SHA256 | PTS_MEAS_SHA1,
				  B("\x01\x02\x03"), B("\x04\x05\x06\x07\x08") };
	attr_pts_dh_finish_t fi = { PTS_MEAS_SHA256, B("\xaa\xbb\xcc"), B("\x11\x22") };
	const attr_pts_dh_resp_t *drs;
	const attr_pts_dh_finish_t *dfi;
	pv_rt_t rt;

	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_DH_NONCE_PARAMS_REQ, &rq, "00113000");
	cr_assert_eq(((attr_pts_dh_req_t *)rt.data)->min_nonce_len, 17);
	pv_rt_free(&rt);
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_DH_NONCE_PARAMS_RESP, &rs,
		     "00000003 1000c000 010203 0405060708");
	drs = rt.data;
	cr_assert_eq(drs->nonce_len, 3);
	cr_assert_eq(drs->pub_len, 5);
	cr_assert_eq(drs->pub[4], 0x08);
	pv_rt_free(&rt);
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_DH_NONCE_FINISH, &fi, "00024000 aabbcc 1122");
	dfi = rt.data;
	cr_assert_eq(dfi->pub_len, 3);
	cr_assert_eq(dfi->nonce_len, 2);
	cr_assert_eq(dfi->nonce[0], 0x11);
	pv_rt_free(&rt);
	pv_reject(PEN_TCG, TCG_PTS_DH_NONCE_PARAMS_REQ, "001130", NEA_ETRUNC, 0);
	pv_reject(PEN_TCG, TCG_PTS_DH_NONCE_PARAMS_RESP, "00000003 1000c000 0102", NEA_ETRUNC, 3);
	pv_reject(PEN_TCG, TCG_PTS_DH_NONCE_FINISH, "00044000 aabbcc", NEA_ETRUNC, 1);
	pv_reject(PEN_TCG, TCG_PTS_DH_NONCE_FINISH, "000440", NEA_ETRUNC, 0);
}

Test(pts, requests_tpm_version_and_aik)
{
	attr_pts_simple_req_t s = { 0 };
	attr_pts_tpm_version_t tv = { B("\x00\x30\x01\x02") };
	attr_pts_aik_t aik = { true, B("\x30\x82\x01\x0a") };
	pv_rt_t rt;

	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_GET_TPM_VERSION_INFO, &s, "00000000");
	pv_rt_free(&rt);
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_GET_AIK, &s, "00000000");
	pv_rt_free(&rt);
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_GEN_ATTEST_EVID, &s, "00000000");
	pv_rt_free(&rt);
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_TPM_VERSION_INFO, &tv, "00300102");
	pv_rt_free(&rt);
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_AIK, &aik, "80 3082010a");
	cr_assert(((attr_pts_aik_t *)rt.data)->is_cert);
	pv_rt_free(&rt);
	aik.is_cert = false;
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_AIK, &aik, "00 3082010a");
	cr_assert_not(((attr_pts_aik_t *)rt.data)->is_cert);
	pv_rt_free(&rt);
	pv_reject(PEN_TCG, TCG_PTS_GET_AIK, "00000000 00", NEA_EINVAL, 4);
	pv_reject(PEN_TCG, TCG_PTS_GEN_ATTEST_EVID, "", NEA_ETRUNC, 0);
	pv_reject(PEN_TCG, TCG_PTS_TPM_VERSION_INFO, "", NEA_ETRUNC, 0);
	pv_reject(PEN_TCG, TCG_PTS_AIK, "80", NEA_ETRUNC, 0);
}

Test(pts, request_functional_component_evidence)
{
	/* imv_attestation asks for ITA-HSR IMA, Trusted Platform and OS parts */
	attr_pts_comp_req_t e[] = {
		{ PTS_REQ_FUNC_COMP_VER | PTS_REQ_FUNC_COMP_PCR, 0, PEN_ITA, 0x21, 3 },
		{ PTS_REQ_FUNC_COMP_VER, 0, PEN_ITA, 0x22, 3 },
	};
	attr_pts_req_func_comp_evid_t r = { e, 2 };
	const attr_pts_req_func_comp_evid_t *d;
	pv_rt_t rt;

	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_REQ_FUNC_COMP_EVID, &r,
		     "50000000 00902a21 00000003 40000000 00902a22 00000003");
	d = rt.data;
	cr_assert_eq(d->count, 2);
	cr_assert_eq(d->entries[1].fam_qual, 0x22);
	cr_assert_eq(d->entries[0].name, 3);
	pv_rt_free(&rt);
	pv_reject(PEN_TCG, TCG_PTS_REQ_FUNC_COMP_EVID, "50000000 00902a21 000000", NEA_ETRUNC, 0);
	pv_reject(PEN_TCG, TCG_PTS_REQ_FUNC_COMP_EVID,
		  "50000000 00902a21 00000003 40000000 00902a22", NEA_ETRUNC, 12);
}

#define TIME_HEX "323032362d31312d32325432303a30323a34355a"
#define COMP_HEX(flags) flags "000000 00902a21 00000003 8000000a 4000 0100"

Test(pts, simple_component_evidence_variants)
{
	attr_pts_simple_comp_evid_t e = { 0 };
	const attr_pts_simple_comp_evid_t *d;
	pv_rt_t rt;

	e.vendor = PEN_ITA;
	e.fam_qual = 0x21;
	e.name = 3;
	e.extended_pcr = 10;
	e.hash_algo = PTS_MEAS_SHA256;
	e.transform = PTS_PCR_TRANSFORM_MATCH;
	memcpy(e.time, "2026-11-22T20:02:45Z", 21);
	e.measurement = (const uint8_t *)"\xde\xad";
	e.measurement_len = 2;

	/* no validation, no PCR info */
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID, &e, COMP_HEX("00") TIME_HEX "dead");
	d = rt.data;
	cr_assert_eq(d->extended_pcr, 10);
	cr_assert_str_eq(d->time, "2026-11-22T20:02:45Z");
	cr_assert_null(d->policy_uri);
	pv_rt_free(&rt);

	/* unable to validate: still no URI */
	e.flags = PTS_EVID_VALIDATION_UNABLE;
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID, &e, COMP_HEX("20") TIME_HEX "dead");
	pv_rt_free(&rt);

	/* failed and passed carry the policy URI; PCR info both before and after */
	e.flags = PTS_EVID_VALIDATION_FAILED | PTS_EVID_FLAG_PCR;
	e.policy_uri = (const uint8_t *)"x:y";
	e.policy_uri_len = 3;
	e.pcr_before = (const uint8_t *)"\x00\x00";
	e.pcr_after = (const uint8_t *)"\x11\x22";
	e.pcr_len = 2;
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID, &e,
		     COMP_HEX("c0") TIME_HEX "0003 783a79 0002 0000 1122 dead");
	d = rt.data;
	cr_assert_eq(d->policy_uri_len, 3);
	cr_assert_eq(d->pcr_len, 2);
	cr_assert_eq(d->pcr_after[1], 0x22);
	cr_assert_eq(d->measurement_len, 2);
	pv_rt_free(&rt);
	e.flags = PTS_EVID_VALIDATION_PASSED;
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID, &e,
		     COMP_HEX("60") TIME_HEX "0003 783a79 dead");
	pv_rt_free(&rt);

	/* undefined time is well-formed */
	e.flags = 0;
	memcpy(e.time, "0000-00-00T00:00:00Z", 21);
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID, &e,
		     COMP_HEX("00") "303030302d30302d30305430303a30303a30305a dead");
	pv_rt_free(&rt);

	pv_reject(PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID, COMP_HEX("00") "3230", NEA_ETRUNC, 0);
	pv_reject(PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID,
		  "00000000 00902a21 00000003 4000000a 4000 0100" TIME_HEX, NEA_EINVAL, 12);
	pv_reject(PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID,
		  COMP_HEX("00") "32303236 2d31312d32325432303a30323a3435 20", NEA_EINVAL, 20);
	pv_reject(PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID, COMP_HEX("60") TIME_HEX "0009 783a79",
		  NEA_ETRUNC, 40);
	pv_reject(PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID, COMP_HEX("80") TIME_HEX "0002 0000 11",
		  NEA_ETRUNC, 40);
	pv_reject(PEN_TCG, TCG_PTS_SIMPLE_COMP_EVID, COMP_HEX("80") TIME_HEX "00", NEA_ETRUNC, 40);
}

Test(pts, simple_evidence_final_all_flags)
{
	static const struct {
		uint8_t flags;
		attr_pts_quote_mode_t mode;
		const char *hex;
	} cases[] = {
		{ 0x00, PTS_QUOTE_NONE, "00000000" },
		{ 0x20, PTS_QUOTE_NONE, "20000000 5353" },
		{ 0x40, PTS_QUOTE_INFO, "40008000 00000002 c0c0 00000001 51" },
		{ 0x60, PTS_QUOTE_INFO, "60008000 00000002 c0c0 00000001 51 5353" },
		{ 0x80, PTS_QUOTE_INFO2, "80008000 00000002 c0c0 00000001 51" },
		{ 0xa0, PTS_QUOTE_INFO2, "a0008000 00000002 c0c0 00000001 51 5353" },
		{ 0xc0, PTS_QUOTE_INFO2_CAP_VER, "c0008000 00000002 c0c0 00000001 51" },
		{ 0xe0, PTS_QUOTE_INFO2_CAP_VER, "e0008000 00000002 c0c0 00000001 51 5353" },
		{ 0x10, PTS_QUOTE_TPM2,
		  "10004000 00000002 c0c0 0001 aa 0002 bbbb 0000 0003 030000 00000001 51" },
		{ 0x30, PTS_QUOTE_TPM2,
		  "30004000 00000002 c0c0 0001 aa 0002 bbbb 0000 0003 030000 00000001 51 5353" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		attr_pts_simple_evid_final_t e = { 0 };
		const attr_pts_simple_evid_final_t *d;
		pv_rt_t rt;

		e.flags = cases[i].flags;
		cr_assert_eq(attr_pts_quote_mode(e.flags), cases[i].mode);
		if (cases[i].mode != PTS_QUOTE_NONE) {
			e.comp_hash_algo = cases[i].mode == PTS_QUOTE_TPM2 ? PTS_MEAS_SHA256
									   : PTS_MEAS_SHA1;
			e.pcr_composite = (attr_pts_bytes_t){ (const uint8_t *)"\xc0\xc0", 2 };
			e.quote_sig = (attr_pts_bytes_t){ (const uint8_t *)"Q", 1 };
		}
		if (cases[i].mode == PTS_QUOTE_TPM2) {
			e.qualified_signer = (attr_pts_bytes_t){ (const uint8_t *)"\xaa", 1 };
			e.clock_info = (attr_pts_bytes_t){ (const uint8_t *)"\xbb\xbb", 2 };
			e.version_info = (attr_pts_bytes_t){ NULL, 0 };
			e.pcr_select = (attr_pts_bytes_t){ (const uint8_t *)"\x03\x00\x00", 3 };
		}
		if (e.flags & PTS_EVID_FINAL_EVID_SIG)
			e.evid_sig = (attr_pts_bytes_t){ (const uint8_t *)"SS", 2 };
		pv_roundtrip(&rt, PEN_TCG, TCG_PTS_SIMPLE_EVID_FINAL, &e, cases[i].hex);
		d = rt.data;
		cr_assert_eq(d->flags, cases[i].flags);
		cr_assert_eq(d->pcr_composite.len, cases[i].mode ? 2 : 0);
		cr_assert_eq(d->evid_sig.len, (e.flags & 0x20) ? 2 : 0);
		if (cases[i].mode == PTS_QUOTE_TPM2) {
			cr_assert_eq(d->pcr_select.len, 3);
			cr_assert_eq(d->version_info.len, 0);
		}
		pv_rt_free(&rt);
	}
	/* other combinations are read as "no quote", as strongSwan does */
	cr_assert_eq(attr_pts_quote_mode(0x50), PTS_QUOTE_NONE);
	pv_reject(PEN_TCG, TCG_PTS_SIMPLE_EVID_FINAL, "400080", NEA_ETRUNC, 0);
	pv_reject(PEN_TCG, TCG_PTS_SIMPLE_EVID_FINAL, "40008000 00000005 c0c0", NEA_ETRUNC, 4);
	pv_reject(PEN_TCG, TCG_PTS_SIMPLE_EVID_FINAL, "40008000 00000002 c0c0 00000002 51",
		  NEA_ETRUNC, 10);
	pv_reject(PEN_TCG, TCG_PTS_SIMPLE_EVID_FINAL, "10004000 00000002 c0c0 0001 aa 0002 bb",
		  NEA_ETRUNC, 13);
	pv_reject(PEN_TCG, TCG_PTS_SIMPLE_EVID_FINAL, "00000000 00", NEA_EINVAL, 4);
}

Test(pts, file_measurement)
{
	attr_pts_req_file_meas_t rq = { true, 7, '/', B("/etc") };
	attr_pts_file_digest_t f[] = { { (const uint8_t *)"\x01\x02\x03\x04", B("passwd") },
				       { (const uint8_t *)"\x05\x06\x07\x08", B("group") } };
	attr_pts_file_meas_t fm = { 7, 4, f, 2 };
	const attr_pts_file_meas_t *d;
	pv_rt_t rt;

	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_REQ_FILE_MEAS, &rq, "80000007 0000002f 2f657463");
	cr_assert(((attr_pts_req_file_meas_t *)rt.data)->directory);
	pv_rt_free(&rt);
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_FILE_MEAS, &fm,
		     "00000000 00000002 0007 0004 01020304 0006 706173737764 05060708 0005 67726f7570");
	d = rt.data;
	cr_assert_eq(d->count, 2);
	cr_assert_eq(d->files[1].name_len, 5);
	cr_assert_eq(d->files[1].digest[3], 0x08);
	pv_rt_free(&rt);
	fm.count = 0;
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_FILE_MEAS, &fm, "00000000 00000000 0007 0000");
	pv_rt_free(&rt);
	pv_reject(PEN_TCG, TCG_PTS_REQ_FILE_MEAS, "80000007 0000002f", NEA_ETRUNC, 0);
	pv_reject(PEN_TCG, TCG_PTS_FILE_MEAS, "ffffffff ffffffff 0007 0004 01020304 0000", NEA_ETRUNC,
		  0);
	pv_reject(PEN_TCG, TCG_PTS_FILE_MEAS, "00000000 00000001 0007 0004 01020304 0006 7061",
		  NEA_ETRUNC, 16);
	pv_reject(PEN_TCG, TCG_PTS_FILE_MEAS, "00000000 00000001 0007 0004 01020304 0000 00",
		  NEA_EINVAL, 18);
}

Test(pts, file_metadata)
{
	attr_pts_req_file_meta_t rq = { false, '/', B("/etc/passwd") };
	attr_pts_file_metadata_t f[] = { { 1, 1234, 1, 2, 3, 0, 0, B("passwd") } };
	attr_pts_unix_file_meta_t m = { f, 1 };
	const attr_pts_unix_file_meta_t *d;
	pv_rt_t rt;

	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_REQ_FILE_META, &rq, "002f0000 2f6574632f706173737764");
	cr_assert_eq(((attr_pts_req_file_meta_t *)rt.data)->delimiter, '/');
	pv_rt_free(&rt);
	pv_roundtrip(&rt, PEN_TCG, TCG_PTS_UNIX_FILE_META, &m,
		     "00000000 00000001 003a 01 00 00000000000004d2 0000000000000001"
		     "0000000000000002 0000000000000003 0000000000000000 0000000000000000"
		     "706173737764");
	d = rt.data;
	cr_assert_eq(d->count, 1);
	cr_assert_eq(d->files[0].size, 1234);
	cr_assert_eq(d->files[0].name_len, 6);
	pv_rt_free(&rt);
	pv_reject(PEN_TCG, TCG_PTS_REQ_FILE_META, "002f0000", NEA_ETRUNC, 0);
	pv_reject(PEN_TCG, TCG_PTS_UNIX_FILE_META,
		  "00000000 00000001 0033 01 00 00000000000004d2 0000000000000001"
		  "0000000000000002 0000000000000003 0000000000000000 0000000000000000",
		  NEA_EINVAL, 8);
	pv_reject(PEN_TCG, TCG_PTS_UNIX_FILE_META,
		  "00000000 00000001 0040 01 00 00000000000004d2 0000000000000001"
		  "0000000000000002 0000000000000003 0000000000000000 0000000000000000 70",
		  NEA_ETRUNC, 8);
	pv_reject(PEN_TCG, TCG_PTS_UNIX_FILE_META, "00000000 00000002 0034", NEA_ETRUNC, 0);
}

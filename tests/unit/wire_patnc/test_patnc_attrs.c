/*
 * Round trip of every RFC 5792 / ITA-HSR / TCG segmentation attribute
 * (build -> exact value bytes -> parse -> same fields -> identical
 * re-encoding), and rejection of malformed values with error code AND
 * value-relative offset.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

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
#include "attr_types.h"
#include "patnc_print.h"
#include "patnc_vec.h"

#define S(x) (const uint8_t *)(x), (sizeof(x) - 1)

#define roundtrip pv_roundtrip
#define rt_free pv_rt_free
#define reject pv_reject
typedef pv_rt_t rt_t;

static bool is(const uint8_t *p, size_t n, const char *s)
{
	return n == strlen(s) && (n == 0 || memcmp(p, s, n) == 0);
}

Test(attrs, testing)
{
	attr_ietf_testing_t t = { S("\x01\x02\x03") };
	rt_t rt;

	roundtrip(&rt, PEN_IETF, IETF_ATTR_TESTING, &t, "010203");
	cr_assert_eq(((attr_ietf_testing_t *)rt.data)->len, 3);
	rt_free(&rt);
}

Test(attrs, attr_request)
{
	attr_ietf_attr_request_entry_t e[] = { { PEN_IETF, 7 }, { PEN_ITA, 8 } };
	attr_ietf_attr_request_t r = { e, 2 };
	const attr_ietf_attr_request_t *d;
	rt_t rt;

	roundtrip(&rt, PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST, &r,
		  "00000000 00000007 0000902a 00000008");
	d = rt.data;
	cr_assert_eq(d->count, 2);
	cr_assert_eq(d->entries[1].vendor, PEN_ITA);
	cr_assert_eq(d->entries[1].type, 8);
	rt_free(&rt);
	r.count = 0;
	roundtrip(&rt, PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST, &r, "");
	rt_free(&rt);
	reject(PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST, "00000000 000000", NEA_EINVAL, 0);
	reject(PEN_IETF, IETF_ATTR_ATTRIBUTE_REQUEST, "00000000 00000007 00", NEA_EINVAL, 0);
}

Test(attrs, product_info)
{
	attr_ietf_product_info_t p = { PEN_DEBIAN, 0, S("Debian") };
	const attr_ietf_product_info_t *d;
	rt_t rt;

	roundtrip(&rt, PEN_IETF, IETF_ATTR_PRODUCT_INFO, &p, "0025720000 44656269616e");
	d = rt.data;
	cr_assert_eq(d->vendor, 9586);
	cr_assert(is(d->name, d->name_len, "Debian"));
	rt_free(&rt);
	reject(PEN_IETF, IETF_ATTR_PRODUCT_INFO, "00257200", NEA_ETRUNC, 0);
	reject(PEN_IETF, IETF_ATTR_PRODUCT_INFO, "0000000001 41", NEA_EINVAL, 3);
	reject(PEN_IETF, IETF_ATTR_PRODUCT_INFO, "0025720000 4100", NEA_EINVAL, 6);
}

Test(attrs, numeric_version)
{
	attr_ietf_numeric_version_t n = { 12, 1, 0x01020304, 5, 6 };
	const attr_ietf_numeric_version_t *d;
	rt_t rt;

	roundtrip(&rt, PEN_IETF, IETF_ATTR_NUMERIC_VERSION, &n,
		  "0000000c 00000001 01020304 0005 0006");
	d = rt.data;
	cr_assert_eq(d->build, 0x01020304);
	cr_assert_eq(d->sp_minor, 6);
	rt_free(&rt);
	reject(PEN_IETF, IETF_ATTR_NUMERIC_VERSION, "0000000c 00000000 00000000 0000 00", NEA_ETRUNC,
	       0);
	reject(PEN_IETF, IETF_ATTR_NUMERIC_VERSION, "0000000c 00000000 00000000 0000 0000 00",
	       NEA_EINVAL, 16);
}

Test(attrs, string_version)
{
	attr_ietf_string_version_t s = { S("12 x86_64"), S("b7"), S("") };
	const attr_ietf_string_version_t *d;
	rt_t rt;

	roundtrip(&rt, PEN_IETF, IETF_ATTR_STRING_VERSION, &s, "09 3132207838365f3634 02 6237 00");
	d = rt.data;
	cr_assert(is(d->version, d->version_len, "12 x86_64"));
	cr_assert(is(d->build, d->build_len, "b7"));
	cr_assert_eq(d->config_len, 0);
	rt_free(&rt);
	reject(PEN_IETF, IETF_ATTR_STRING_VERSION, "", NEA_ETRUNC, 0);
	reject(PEN_IETF, IETF_ATTR_STRING_VERSION, "0000", NEA_ETRUNC, 0);
	/* version length 5 runs past the value */
	reject(PEN_IETF, IETF_ATTR_STRING_VERSION, "05 4142 0000", NEA_ETRUNC, 0);
	/* build length byte missing after a 2-byte version */
	reject(PEN_IETF, IETF_ATTR_STRING_VERSION, "02 4142", NEA_ETRUNC, 3);
	reject(PEN_IETF, IETF_ATTR_STRING_VERSION, "02 4142 00", NEA_ETRUNC, 4);
	reject(PEN_IETF, IETF_ATTR_STRING_VERSION, "00 02 4100 00", NEA_EINVAL, 3);
	reject(PEN_IETF, IETF_ATTR_STRING_VERSION, "00 00 00 ff", NEA_EINVAL, 3);
}

Test(attrs, op_status)
{
	attr_ietf_op_status_t s = { OP_STATUS_OPERATIONAL, OP_RESULT_SUCCESS,
				    "2026-11-22T20:02:45Z" };
	const attr_ietf_op_status_t *d;
	char t[21];
	rt_t rt;

	roundtrip(&rt, PEN_IETF, IETF_ATTR_OP_STATUS, &s,
		  "03010000 323032362d31312d32325432303a30323a34355a");
	d = rt.data;
	cr_assert_str_eq(d->last_use, "2026-11-22T20:02:45Z");
	rt_free(&rt);
	attr_time_from_epoch(1795377765, t);
	cr_assert_str_eq(t, "2026-11-22T20:02:45Z");
	attr_time_from_epoch(0, t);
	cr_assert_str_eq(t, "1970-01-01T00:00:00Z");
	reject(PEN_IETF, IETF_ATTR_OP_STATUS,
	       "04010000 323032362d31312d32325432303a30323a34355a", NEA_EINVAL, 0);
	reject(PEN_IETF, IETF_ATTR_OP_STATUS,
	       "03040000 323032362d31312d32325432303a30323a34355a", NEA_EINVAL, 1);
	reject(PEN_IETF, IETF_ATTR_OP_STATUS,
	       "03010000 323032362d31312d32325432303a30323a3435", NEA_ETRUNC, 0);
	reject(PEN_IETF, IETF_ATTR_OP_STATUS,
	       "03010000 323032362f31312d32325432303a30323a34355a", NEA_EINVAL, 4);
	s.status = 9;
	{
		nea_wr_t w;

		nea_wr_init(&w, 0);
		cr_assert_eq(attr_ietf_op_status_build(&s, &w), NEA_EINVAL);
		nea_wr_free(&w);
	}
}

Test(attrs, port_filter)
{
	attr_ietf_port_entry_t e[] = { { false, 6, 271 }, { true, 17, 500 } };
	attr_ietf_port_filter_t p = { e, 2 };
	const attr_ietf_port_filter_t *d;
	rt_t rt;

	roundtrip(&rt, PEN_IETF, IETF_ATTR_PORT_FILTER, &p, "0006010f 011101f4");
	d = rt.data;
	cr_assert_eq(d->count, 2);
	cr_assert(d->entries[1].blocked);
	cr_assert_eq(d->entries[1].port, 500);
	rt_free(&rt);
	reject(PEN_IETF, IETF_ATTR_PORT_FILTER, "0006010f 00", NEA_EINVAL, 0);
}

Test(attrs, installed_packages)
{
	attr_ietf_package_t pk[] = { { S("adduser"), S("3.134") }, { S("zstd"), S("") } };
	attr_ietf_installed_packages_t p = { pk, 2 };
	const attr_ietf_installed_packages_t *d;
	rt_t rt;

	roundtrip(&rt, PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, &p,
		  "0000 0002 07 61646475736572 05 332e313334 04 7a737464 00");
	d = rt.data;
	cr_assert_eq(d->count, 2);
	cr_assert(is(d->entries[0].version, d->entries[0].version_len, "3.134"));
	cr_assert(is(d->entries[1].name, d->entries[1].name_len, "zstd"));
	rt_free(&rt);
	reject(PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, "0000 00", NEA_ETRUNC, 0);
	/* count 1 but more data: the first surplus byte */
	reject(PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, "0000 0001 01 61 01 62 00 00", NEA_EINVAL,
	       8);
	reject(PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, "0000 0003 01 61 01 62 00 00", NEA_ETRUNC, 10);
	reject(PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, "0000 0002 01 61 01 62 00", NEA_ETRUNC, 9);
	/* count 65535 against a few bytes: refused before any allocation */
	reject(PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, "0000 ffff 0000", NEA_ETRUNC, 2);
	/* package name runs past the value */
	reject(PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, "0000 0001 09 61 00", NEA_ETRUNC, 4);
	reject(PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, "0000 0001 02 6100 00", NEA_EINVAL, 6);
	reject(PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES, "0000 0001 01 61 01 00", NEA_EINVAL, 7);
}

Test(attrs, pa_tnc_error_ietf_codes)
{
	static const uint8_t info[8] = { 1, 0, 0, 0, 0x26, 0x98, 0xcf, 0x93 };
	attr_ietf_pa_tnc_error_t e;
	const attr_ietf_pa_tnc_error_t *d;
	rt_t rt;

	attr_ietf_pa_tnc_error_invalid_param(&e, info, 20);
	roundtrip(&rt, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &e,
		  "00000000 00000001 01000000 2698cf93 00000014");
	d = rt.data;
	cr_assert_eq(d->offset, 20);
	cr_assert_arr_eq(d->msg_info, info, 8);
	rt_free(&rt);

	attr_ietf_pa_tnc_error_version(&e, info);
	roundtrip(&rt, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &e,
		  "00000000 00000002 01000000 2698cf93 01010000");
	d = rt.data;
	cr_assert_eq(d->max_version, 1);
	cr_assert_eq(d->min_version, 1);
	rt_free(&rt);

	attr_ietf_pa_tnc_error_unsupported(&e, info, 0x80, PEN_ITA, 0xfffffffe);
	roundtrip(&rt, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &e,
		  "00000000 00000003 01000000 2698cf93 8000902a fffffffe");
	d = rt.data;
	cr_assert_eq(d->unsup_flags, 0x80);
	cr_assert_eq(d->unsup_vendor, PEN_ITA);
	cr_assert_eq(d->unsup_type, 0xfffffffe);
	rt_free(&rt);

	memset(&e, 0, sizeof(e));
	memcpy(e.msg_info, info, 8);
	roundtrip(&rt, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &e, "00000000 00000000 01000000 2698cf93");
	rt_free(&rt);

	reject(PEN_IETF, IETF_ATTR_PA_TNC_ERROR, "00000000 000000", NEA_ETRUNC, 0);
	reject(PEN_IETF, IETF_ATTR_PA_TNC_ERROR, "00000000 00000001 01000000 2698cf", NEA_ETRUNC, 8);
	reject(PEN_IETF, IETF_ATTR_PA_TNC_ERROR, "00000000 00000001 01000000 2698cf93 0000",
	       NEA_ETRUNC, 16);
	reject(PEN_IETF, IETF_ATTR_PA_TNC_ERROR,
	       "00000000 00000003 01000000 2698cf93 8000902a ffff", NEA_ETRUNC, 16);
	reject(PEN_IETF, IETF_ATTR_PA_TNC_ERROR, "00000000 00000001 01000000 2698cf93 00000014 00",
	       NEA_EINVAL, 20);
}

Test(attrs, pa_tnc_error_swima_and_vendor_codes)
{
	static const char desc[] = "failed to collect SW ID events, fallback to SW ID inventory";
	attr_ietf_pa_tnc_error_t e;
	const attr_ietf_pa_tnc_error_t *d;
	nea_wr_t w;
	rt_t rt;

	/* the SWIMA error seen in run 5 of the captures: request 61, 0x53 bytes */
	attr_ietf_pa_tnc_error_swima(&e, PA_ERROR_SWIMA, 61, 0, desc);
	nea_wr_init(&w, 0);
	cr_assert_eq(patnc_attr_encode(0, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &e, &w), 0);
	cr_assert_eq(w.len, 0x53);
	nea_wr_free(&w);
	roundtrip(&rt, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &e,
		  "00000000 00000004 0000003d"
		  "6661696c656420746f20636f6c6c656374205357204944206576656e74732c"
		  "2066616c6c6261636b20746f2053572049442069" "6e76656e746f7279");
	d = rt.data;
	cr_assert_eq(d->request_id, 61);
	cr_assert(is(d->description, d->description_len, desc));
	rt_free(&rt);

	attr_ietf_pa_tnc_error_swima(&e, PA_ERROR_SWIMA_RESPONSE_TOO_LARGE, 7, 65000, "big");
	roundtrip(&rt, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &e,
		  "00000000 00000006 00000007 0000fde8 626967");
	d = rt.data;
	cr_assert_eq(d->max_size, 65000);
	cr_assert(is(d->description, d->description_len, "big"));
	rt_free(&rt);

	attr_ietf_pa_tnc_error_swima(&e, PA_ERROR_SWIMA_SUBSCRIPTION_DENIED, 5, 0, NULL);
	roundtrip(&rt, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &e, "00000000 00000005 00000005");
	rt_free(&rt);
	attr_ietf_pa_tnc_error_swima(&e, PA_ERROR_SWIMA_SUBSCRIPTION_FULFILLMENT, 9, 0, "x");
	roundtrip(&rt, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &e, "00000000 00000007 00000009 78");
	rt_free(&rt);
	attr_ietf_pa_tnc_error_swima(&e, PA_ERROR_SWIMA_SUBSCRIPTION_ID_REUSE, 9, 0, "");
	roundtrip(&rt, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &e, "00000000 00000008 00000009");
	rt_free(&rt);

	memset(&e, 0, sizeof(e));
	e.vendor = PEN_ITA;
	e.code = 77;
	e.info = (const uint8_t *)"\xaa\xbb";
	e.info_len = 2;
	roundtrip(&rt, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &e, "0000902a 0000004d aabb");
	d = rt.data;
	cr_assert_eq(d->info_len, 2);
	rt_free(&rt);

	reject(PEN_IETF, IETF_ATTR_PA_TNC_ERROR, "00000000 00000004 000000", NEA_ETRUNC, 8);
	reject(PEN_IETF, IETF_ATTR_PA_TNC_ERROR, "00000000 00000006 00000001 0000", NEA_ETRUNC, 12);
}

Test(attrs, u32_family)
{
	attr_ietf_u32_t v = { ATTR_EVAL_NONCOMPLIANT_MINOR };
	rt_t rt;

	roundtrip(&rt, PEN_IETF, IETF_ATTR_ASSESSMENT_RESULT, &v, "00000001");
	cr_assert_eq(((attr_ietf_u32_t *)rt.data)->value, 1);
	rt_free(&rt);
	v.value = ATTR_FWD_UNKNOWN;
	roundtrip(&rt, PEN_IETF, IETF_ATTR_FORWARDING_ENABLED, &v, "00000002");
	rt_free(&rt);
	v.value = 1;
	roundtrip(&rt, PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED, &v, "00000001");
	rt_free(&rt);
	reject(PEN_IETF, IETF_ATTR_ASSESSMENT_RESULT, "00000005", NEA_EINVAL, 0);
	reject(PEN_IETF, IETF_ATTR_FORWARDING_ENABLED, "00000003", NEA_EINVAL, 0);
	reject(PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED, "00000002", NEA_EINVAL, 0);
	reject(PEN_IETF, IETF_ATTR_DEFAULT_PWD_ENABLED, "000000", NEA_ETRUNC, 0);
	reject(PEN_IETF, IETF_ATTR_ASSESSMENT_RESULT, "0000000000", NEA_EINVAL, 4);
}

Test(attrs, remediation)
{
	attr_ietf_remediation_t r = { 0 };
	const attr_ietf_remediation_t *d;
	rt_t rt;

	r.vendor = PEN_IETF;
	r.type = REMEDIATION_STRING;
	r.string = (const uint8_t *)"close tcp/271";
	r.string_len = 13;
	r.lang = (const uint8_t *)"en";
	r.lang_len = 2;
	roundtrip(&rt, PEN_IETF, IETF_ATTR_REMEDIATION, &r,
		  "00000000 00000002 0000000d 636c6f7365207463702f323731 02 656e");
	d = rt.data;
	cr_assert(is(d->string, d->string_len, "close tcp/271"));
	cr_assert(is(d->lang, d->lang_len, "en"));
	rt_free(&rt);

	memset(&r, 0, sizeof(r));
	r.type = REMEDIATION_URI;
	r.uri = (const uint8_t *)"https://x";
	r.uri_len = 9;
	roundtrip(&rt, PEN_IETF, IETF_ATTR_REMEDIATION, &r, "00000000 00000001 68747470733a2f2f78");
	d = rt.data;
	cr_assert(is(d->uri, d->uri_len, "https://x"));
	rt_free(&rt);

	memset(&r, 0, sizeof(r));
	r.vendor = PEN_ITA;
	r.type = 3;
	r.params = (const uint8_t *)"\x01";
	r.params_len = 1;
	roundtrip(&rt, PEN_IETF, IETF_ATTR_REMEDIATION, &r, "0000902a 00000003 01");
	rt_free(&rt);

	reject(PEN_IETF, IETF_ATTR_REMEDIATION, "00000000 000000", NEA_ETRUNC, 0);
	reject(PEN_IETF, IETF_ATTR_REMEDIATION, "00000000 00000002 000000", NEA_ETRUNC, 8);
	reject(PEN_IETF, IETF_ATTR_REMEDIATION, "00000000 00000002 00000005 6162", NEA_ETRUNC, 8);
	reject(PEN_IETF, IETF_ATTR_REMEDIATION, "00000000 00000002 00000002 6100 00", NEA_EINVAL,
	       13);
	reject(PEN_IETF, IETF_ATTR_REMEDIATION, "00000000 00000002 00000001 61", NEA_ETRUNC, 13);
	reject(PEN_IETF, IETF_ATTR_REMEDIATION, "00000000 00000002 00000001 61 03 656e", NEA_ETRUNC,
	       13);
	reject(PEN_IETF, IETF_ATTR_REMEDIATION, "00000000 00000002 00000001 61 00 00", NEA_EINVAL,
	       14);
}

Test(attrs, ita_blobs_and_angels)
{
	attr_ita_blob_t b = { S("3d1219c7c4c5404aaa1f6d2a48adfda4") };
	attr_ita_angel_t a = { true };
	nea_wr_t w;
	rt_t rt;

	roundtrip(&rt, PEN_ITA, ITA_ATTR_DEVICE_ID, &b,
		  "3364313231396337633463353430346161613166366432613438616466646134");
	cr_assert(is(((attr_ita_blob_t *)rt.data)->data, ((attr_ita_blob_t *)rt.data)->len,
		     "3d1219c7c4c5404aaa1f6d2a48adfda4"));
	rt_free(&rt);
	b = (attr_ita_blob_t){ S("0123") };
	roundtrip(&rt, PEN_ITA, ITA_ATTR_COMMAND, &b, "30313233");
	rt_free(&rt);
	roundtrip(&rt, PEN_ITA, ITA_ATTR_ECHO, &b, "30313233");
	rt_free(&rt);
	b = (attr_ita_blob_t){ S("/") };
	roundtrip(&rt, PEN_ITA, ITA_ATTR_GET_SYMLINKS, &b, "2f");
	rt_free(&rt);
	nea_wr_init(&w, 0);
	cr_assert_eq(attr_ita_dummy_fill(3, &w), 0);
	b.data = w.ptr;
	b.len = w.len;
	roundtrip(&rt, PEN_ITA, ITA_ATTR_DUMMY, &b, "dddddd");
	rt_free(&rt);
	nea_wr_free(&w);
	roundtrip(&rt, PEN_ITA, ITA_ATTR_START_ANGEL, &a, "");
	cr_assert(((attr_ita_angel_t *)rt.data)->start);
	rt_free(&rt);
	roundtrip(&rt, PEN_ITA, ITA_ATTR_STOP_ANGEL, &a, "");
	cr_assert_not(((attr_ita_angel_t *)rt.data)->start);
	rt_free(&rt);
	reject(PEN_ITA, ITA_ATTR_STOP_ANGEL, "00", NEA_EINVAL, 0);
}

Test(attrs, ita_settings_and_symlinks)
{
	attr_ita_setting_t s[] = { { S("install_non_market_apps"), S("1") } };
	attr_ita_settings_t st = { s, 1 };
	attr_ita_symlink_t l[] = { { S("/bin"), S("/usr/bin") }, { S("/lib"), S("/usr/lib") } };
	attr_ita_symlinks_t sl = { l, 2 };
	const attr_ita_settings_t *ds;
	const attr_ita_symlinks_t *dl;
	rt_t rt;

	roundtrip(&rt, PEN_ITA, ITA_ATTR_GET_SETTINGS, &st,
		  "00000001 0017 696e7374616c6c5f6e6f6e5f6d61726b65745f61707073");
	ds = rt.data;
	cr_assert_eq(ds->count, 1);
	cr_assert_eq(ds->entries[0].value_len, 0);
	rt_free(&rt);
	roundtrip(&rt, PEN_ITA, ITA_ATTR_SETTINGS, &st,
		  "00000001 0017 696e7374616c6c5f6e6f6e5f6d61726b65745f61707073 0001 31");
	ds = rt.data;
	cr_assert(is(ds->entries[0].value, ds->entries[0].value_len, "1"));
	rt_free(&rt);
	roundtrip(&rt, PEN_ITA, ITA_ATTR_SYMLINKS, &sl,
		  "00000002 0004 2f62696e 0008 2f7573722f62696e 0004 2f6c6962 0008 2f7573722f6c6962");
	dl = rt.data;
	cr_assert_eq(dl->count, 2);
	cr_assert(is(dl->entries[1].target, dl->entries[1].target_len, "/usr/lib"));
	rt_free(&rt);
	reject(PEN_ITA, ITA_ATTR_SETTINGS, "000000", NEA_ETRUNC, 0);
	reject(PEN_ITA, ITA_ATTR_SETTINGS, "00000001 0001 61", NEA_ETRUNC, 4);
	reject(PEN_ITA, ITA_ATTR_SETTINGS, "00000001 0001 61 0002 62", NEA_ETRUNC, 7);
	reject(PEN_ITA, ITA_ATTR_SETTINGS, "00000001 0001 61 00", NEA_ETRUNC, 7);
	reject(PEN_ITA, ITA_ATTR_GET_SETTINGS, "00000001 0001 61 00", NEA_EINVAL, 7);
	reject(PEN_ITA, ITA_ATTR_GET_SETTINGS, "7fffffff 0000", NEA_ETRUNC, 4);
	reject(PEN_ITA, ITA_ATTR_SYMLINKS, "00000001 0001 61", NEA_ETRUNC, 4);
	reject(PEN_ITA, ITA_ATTR_SYMLINKS, "00000001 0001 61 0001 62 00", NEA_EINVAL, 10);
	reject(PEN_ITA, ITA_ATTR_SYMLINKS, "00000002 0001 61 0001 62", NEA_ETRUNC, 4);
	reject(PEN_ITA, ITA_ATTR_SYMLINKS, "00000002 0001 61 0001 62 0000 0000 00", NEA_EINVAL, 14);
}

Test(attrs, tcg_segmentation)
{
	attr_tcg_seg_contract_t c = { 0xffffffff, 2097080 };
	attr_tcg_seg_env_t e = { SEG_ENV_FLAG_MORE | SEG_ENV_FLAG_START, 0x123456, S("abc") };
	attr_tcg_seg_next_t n = { false, 1 };
	const attr_tcg_seg_env_t *de;
	rt_t rt;

	roundtrip(&rt, PEN_TCG, TCG_SEG_CONTRACT_REQ, &c, "ffffffff 001fffb8");
	rt_free(&rt);
	roundtrip(&rt, PEN_TCG, TCG_SEG_CONTRACT_RESP, &c, "ffffffff 001fffb8");
	cr_assert_eq(((attr_tcg_seg_contract_t *)rt.data)->max_seg_size, 2097080);
	rt_free(&rt);
	roundtrip(&rt, PEN_TCG, TCG_SEG_ENVELOPE, &e, "c0123456 616263");
	de = rt.data;
	cr_assert_eq(de->flags, 0xc0);
	cr_assert_eq(de->base_id, 0x123456);
	cr_assert_eq(de->segment_len, 3);
	rt_free(&rt);
	roundtrip(&rt, PEN_TCG, TCG_SEG_NEXT_SEGMENT, &n, "00000001");
	rt_free(&rt);
	reject(PEN_TCG, TCG_SEG_CONTRACT_REQ, "ffffffff 001fff", NEA_ETRUNC, 0);
	reject(PEN_TCG, TCG_SEG_ENVELOPE, "", NEA_ETRUNC, 0);
	reject(PEN_TCG, TCG_SEG_ENVELOPE, "c01234", NEA_ETRUNC, 0);
}

Test(attrs, names)
{
	char buf[96];

	cr_assert_str_eq(attr_full_name(PEN_IETF, IETF_ATTR_PRODUCT_INFO, buf, sizeof(buf)),
			 "IETF/Product Information");
	cr_assert_str_eq(attr_full_name(PEN_ITA, ITA_ATTR_DEVICE_ID, buf, sizeof(buf)),
			 "ITA-HSR/Device ID");
	cr_assert_str_eq(attr_full_name(PEN_TCG, TCG_SEG_CONTRACT_REQ, buf, sizeof(buf)),
			 "TCG/Segmentation Contract Request");
	cr_assert_str_eq(attr_full_name(PEN_ITA, 0xfffffffe, buf, sizeof(buf)), "ITA-HSR");
	cr_assert_str_eq(attr_full_name(0x123456, 1, buf, sizeof(buf)), "0x123456");
	cr_assert_str_eq(attr_pen_name(PEN_DEBIAN), "Debian Project");
	cr_assert_str_eq(attr_pa_subtype_full_name(PEN_IETF, 9, buf, sizeof(buf)), "IETF/SWIMA");
	cr_assert_str_eq(attr_pa_error_name(PEN_IETF, 4), "SWIMA Error");
	cr_assert_null(attr_pa_error_name(PEN_ITA, 4));
}

Test(attrs, every_codec_is_registered_once)
{
	size_t i, j, n = patnc_codec_count();

	cr_assert_geq(n, 27);
	for (i = 0; i < n; i++) {
		const patnc_codec_t *c = patnc_codec_at(i);
		char buf[96];

		cr_assert_eq(patnc_codec_find(c->vendor, c->type), c);
		cr_assert_not_null(attr_type_name(c->vendor, c->type), "%s has no name",
				   attr_full_name(c->vendor, c->type, buf, sizeof(buf)));
		for (j = i + 1; j < n; j++)
			cr_assert(c->vendor != patnc_codec_at(j)->vendor ||
				  c->type != patnc_codec_at(j)->type);
	}
	cr_assert_null(patnc_codec_at(n));
}

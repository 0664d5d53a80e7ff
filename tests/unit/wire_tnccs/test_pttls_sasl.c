#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_err.h"
#include "pttls_msg.h"
#include "pttls_sasl.h"
#include "pttls_sasl_plain.h"
#include "tnc_names.h"
#include "vec.h"

#define S(x) (const uint8_t *)(x), (sizeof(x) - 1)

Test(pttls_sasl, vector_plain_selection)
{
	vec_t v;
	pttls_msg_t m;
	pttls_sasl_mech_t mech;
	pttls_sasl_plain_t plain;
	const uint8_t *init;
	size_t init_len;
	nea_perr_t err;
	nea_wr_t w;

	cr_assert(vec_load("spec/pttls_sasl_plain_selection.hex", &v));
	cr_assert(strstr(v.comment, "authcid 'carol', password 'pw'"));
	cr_assert_eq(pttls_msg_parse(v.data, v.len, 0, &m, &err), 0);
	cr_assert_eq(m.hdr.type, PTTLS_SASL_MECH_SELECTION);
	cr_assert_eq(m.hdr.identifier, 1);
	cr_assert_eq(pttls_sasl_select_parse(m.value, m.value_len, &mech, &init, &init_len, &err), 0);
	cr_assert_eq(mech.len, 5);
	cr_assert_eq(memcmp(mech.name, "PLAIN", 5), 0);
	/* PROTOCOLS.md §1.5 example: 00 63 61 72 6f 6c 00 70 77 */
	cr_assert_eq(init_len, 9);
	cr_assert_eq(memcmp(init, "\0carol\0pw", 9), 0);
	cr_assert_eq(pttls_sasl_plain_parse(init, init_len, &plain, &err), 0);
	cr_assert_eq(plain.authzid_len, 0);
	cr_assert_eq(plain.authcid_len, 5);
	cr_assert_eq(memcmp(plain.authcid, "carol", 5), 0);
	cr_assert_eq(plain.passwd_len, 2);
	cr_assert_eq(memcmp(plain.passwd, "pw", 2), 0);

	/* rebuild the whole message */
	nea_wr_init(&w, 0);
	{
		nea_wr_t val;
		uint8_t *p;
		size_t plen;

		nea_wr_init(&val, 0);
		cr_assert_eq(pttls_sasl_plain_build(&val, &plain), 0);
		p = nea_wr_detach(&val, &plen);
		nea_wr_init(&val, 0);
		cr_assert_eq(pttls_sasl_select_build(&val, "PLAIN", p, plen), 0);
		cr_assert_eq(pttls_msg_build(&w, 0, PTTLS_SASL_MECH_SELECTION, 1, val.ptr, val.len), 0);
		nea_wr_free(&val);
		free(p);
	}
	cr_assert_eq(w.len, v.len);
	cr_assert_eq(memcmp(w.ptr, v.data, v.len), 0);
	nea_wr_free(&w);
	vec_free(&v);
}

Test(pttls_sasl, capture_mechanisms_and_result)
{
	vec_t v;
	pttls_msg_t m;
	pttls_sasl_mech_t mechs[4];
	size_t n;
	uint8_t code;
	const uint8_t *data;
	size_t dlen;
	nea_perr_t err;
	nea_wr_t w;
	static const char *const plain[] = { "PLAIN" };

	cr_assert(vec_load("captures/pttls_run1_sasl_mechanisms.hex", &v));
	cr_assert_eq(pttls_msg_parse(v.data, v.len, 0, &m, &err), 0);
	cr_assert_eq(pttls_sasl_mechs_parse(m.value, m.value_len, mechs, 4, &n, &err), 0);
	cr_assert_eq(n, 1);
	cr_assert(pttls_sasl_mechs_has(mechs, n, "PLAIN"));
	cr_assert_not(pttls_sasl_mechs_has(mechs, n, "PLAI"));
	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_sasl_mechs_build(&w, plain, 1), 0);
	cr_assert_eq(w.len, m.value_len);
	cr_assert_eq(memcmp(w.ptr, m.value, w.len), 0);
	nea_wr_free(&w);
	vec_free(&v);

	cr_assert(vec_load("captures/pttls_run1_sasl_result.hex", &v));
	cr_assert_eq(pttls_msg_parse(v.data, v.len, 0, &m, &err), 0);
	cr_assert_eq(m.hdr.length, 17, "strongSwan's 1-byte result code");
	cr_assert_eq(pttls_sasl_result_parse(m.value, m.value_len, &code, &data, &dlen, &err), 0);
	cr_assert_eq(code, PTTLS_SASL_SUCCESS);
	cr_assert_eq(dlen, 0);
	cr_assert_str_eq(pttls_sasl_result_name(code), "Success");
	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_sasl_result_build(&w, PTTLS_SASL_SUCCESS, NULL, 0), 0);
	cr_assert_eq(w.len, 1);
	cr_assert_eq(w.ptr[0], 0);
	nea_wr_free(&w);
	vec_free(&v);
}

Test(pttls_sasl, result_forms)
{
	uint8_t code;
	const uint8_t *data;
	size_t dlen;
	nea_perr_t err;

	/* strongSwan form: 1 byte code */
	cr_assert_eq(pttls_sasl_result_parse(S("\x02"), &code, &data, &dlen, &err), 0);
	cr_assert_eq(code, PTTLS_SASL_ABORT);
	/* strongSwan form with result data */
	cr_assert_eq(pttls_sasl_result_parse(S("\x01xyz"), &code, &data, &dlen, &err), 0);
	cr_assert_eq(code, PTTLS_SASL_FAILURE);
	cr_assert_eq(dlen, 3);
	/* RFC 6876 16-bit form: 00 01 is Failure, not Success + data */
	cr_assert_eq(pttls_sasl_result_parse(S("\x00\x01"), &code, &data, &dlen, &err), 0);
	cr_assert_eq(code, PTTLS_SASL_FAILURE);
	cr_assert_eq(dlen, 0);
	cr_assert_eq(pttls_sasl_result_parse(S("\x00\x00"), &code, &data, &dlen, &err), 0);
	cr_assert_eq(code, PTTLS_SASL_SUCCESS);
	cr_assert_eq(dlen, 0);
	/* errors */
	cr_assert_eq(pttls_sasl_result_parse(NULL, 0, &code, &data, &dlen, &err), NEA_ETRUNC);
	cr_assert_eq(pttls_sasl_result_parse(S("\x04"), &code, &data, &dlen, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 0);
	cr_assert_eq(pttls_sasl_result_parse(S("\x00\x07"), &code, &data, &dlen, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 1);
	{
		nea_wr_t w;

		nea_wr_init(&w, 0);
		cr_assert_eq(pttls_sasl_result_build(&w, 4, NULL, 0), NEA_EINVAL);
		nea_wr_free(&w);
	}
}

Test(pttls_sasl, mechanism_list_rules)
{
	pttls_sasl_mech_t m[4];
	size_t n;
	nea_perr_t err;
	nea_wr_t w;
	static const char *const two[] = { "PLAIN", "SCRAM-SHA-256" };
	static const char *const bad_lower[] = { "plain" };
	static const char *const bad_long[] = { "ABCDEFGHIJKLMNOPQRSTU" };

	/* empty list */
	cr_assert_eq(pttls_sasl_mechs_parse(NULL, 0, m, 4, &n, &err), 0);
	cr_assert_eq(n, 0);
	/* two mechanisms round trip */
	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_sasl_mechs_build(&w, two, 2), 0);
	cr_assert_eq(w.len, 1 + 5 + 1 + 13);
	cr_assert_eq(pttls_sasl_mechs_parse(w.ptr, w.len, m, 4, &n, &err), 0);
	cr_assert_eq(n, 2);
	cr_assert(pttls_sasl_mechs_has(m, n, "SCRAM-SHA-256"));
	/* more than cap */
	cr_assert_eq(pttls_sasl_mechs_parse(w.ptr, w.len, m, 1, &n, &err), NEA_ETOOBIG);
	cr_assert_eq(err.offset, 6);
	nea_wr_free(&w);
	/* reserved bits in the length byte are ignored */
	cr_assert_eq(pttls_sasl_mechs_parse(S("\xe5PLAIN"), m, 4, &n, &err), 0);
	cr_assert_eq(m[0].len, 5);
	/* zero-length name, > 20, bad characters, cut-off name */
	cr_assert_eq(pttls_sasl_mechs_parse(S("\x00"), m, 4, &n, &err), NEA_EINVAL);
	cr_assert_eq(pttls_sasl_mechs_parse(S("\x15" "ABCDEFGHIJKLMNOPQRSTU"), m, 4, &n, &err),
		     NEA_EINVAL);
	cr_assert_eq(pttls_sasl_mechs_parse(S("\x05PLAIN\x05pl\x01in"), m, 4, &n, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 7);
	cr_assert_eq(pttls_sasl_mechs_parse(S("\x05PLA"), m, 4, &n, &err), NEA_ETRUNC);
	cr_assert_eq(err.offset, 1);
	/* builders refuse what the wire cannot carry */
	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_sasl_mechs_build(&w, bad_lower, 1), NEA_EINVAL);
	nea_wr_free(&w);
	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_sasl_mechs_build(&w, bad_long, 1), NEA_EINVAL);
	nea_wr_free(&w);
}

Test(pttls_sasl, selection_without_initial_data)
{
	pttls_sasl_mech_t mech;
	const uint8_t *init;
	size_t init_len;
	nea_perr_t err;

	cr_assert_eq(pttls_sasl_select_parse(S("\x05PLAIN"), &mech, &init, &init_len, &err), 0);
	cr_assert_eq(init_len, 0);
	cr_assert_eq(pttls_sasl_select_parse(NULL, 0, &mech, &init, &init_len, &err), NEA_ETRUNC);
}

Test(pttls_sasl, plain_rejections)
{
	pttls_sasl_plain_t p;
	nea_perr_t err;
	uint8_t big[300];

	cr_assert_eq(pttls_sasl_plain_parse(S("carol"), &p, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 5);
	cr_assert_eq(pttls_sasl_plain_parse(S("\0carol"), &p, &err), NEA_EINVAL);
	cr_assert_eq(err.offset, 6);
	cr_assert_eq(pttls_sasl_plain_parse(S("\0\0pw"), &p, &err), NEA_EINVAL, "empty authcid");
	cr_assert_eq(pttls_sasl_plain_parse(S("\0carol\0"), &p, &err), NEA_EINVAL, "empty passwd");
	cr_assert_eq(pttls_sasl_plain_parse(S("\0carol\0p\0w"), &p, &err), NEA_EINVAL);
	cr_assert_eq(pttls_sasl_plain_parse(NULL, 0, &p, &err), NEA_EINVAL);
	/* with an authzid */
	cr_assert_eq(pttls_sasl_plain_parse(S("admin\0carol\0pw"), &p, &err), 0);
	cr_assert_eq(p.authzid_len, 5);
	/* 256-byte parts */
	memset(big, 'a', sizeof(big));
	big[0] = 0;
	big[257] = 0;
	cr_assert_eq(pttls_sasl_plain_parse(big, 260, &p, &err), NEA_ETOOBIG);
	cr_assert_eq(err.offset, 1);
	big[256] = 0; /* authcid of 255 is fine, password of 43 */
	big[257] = 'a';
	cr_assert_eq(pttls_sasl_plain_parse(big, 300, &p, &err), 0);
	cr_assert_eq(p.authcid_len, 255);
	cr_assert_eq(p.passwd_len, 300 - 257);
}

Test(pttls_sasl, plain_builder_limits)
{
	nea_wr_t w;
	uint8_t big[256];
	pttls_sasl_plain_t p = { NULL, 0, (const uint8_t *)"client1", 7, (const uint8_t *)"secret", 6 };

	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_sasl_plain_build(&w, &p), 0);
	cr_assert_eq(w.len, 1 + 7 + 1 + 6);
	cr_assert_eq(memcmp(w.ptr, "\0client1\0secret", 15), 0);
	nea_wr_free(&w);
	memset(big, 'x', sizeof(big));
	p.passwd = big;
	p.passwd_len = 256;
	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_sasl_plain_build(&w, &p), NEA_EINVAL);
	nea_wr_free(&w);
	p.passwd_len = 255;
	p.authcid_len = 0;
	nea_wr_init(&w, 0);
	cr_assert_eq(pttls_sasl_plain_build(&w, &p), NEA_EINVAL);
	nea_wr_free(&w);
}

/* Every prefix of valid SASL values is rejected cleanly or parsed. */
Test(pttls_sasl, value_prefixes_are_bounded)
{
	static const uint8_t mechs[] = "\x05PLAIN\x0dSCRAM-SHA-256";
	static const uint8_t plain[] = "admin\0carol\0pw";
	size_t n;

	for (n = 0; n <= sizeof(mechs) - 1; n++) {
		uint8_t *copy = malloc(n ? n : 1);
		pttls_sasl_mech_t m[4], one;
		const uint8_t *init;
		size_t cnt, init_len;
		nea_perr_t err;
		int rc;

		memcpy(copy, mechs, n);
		rc = pttls_sasl_mechs_parse(copy, n, m, 4, &cnt, &err);
		/* complete at 0 (empty list), 6 (PLAIN) and the full length */
		cr_assert_eq(rc == 0, n == 0 || n == 6 || n == sizeof(mechs) - 1, "mechs prefix %zu", n);
		if (rc)
			cr_assert_leq(err.offset, n);
		rc = pttls_sasl_select_parse(copy, n, &one, &init, &init_len, &err);
		cr_assert_eq(rc == 0, n >= 6, "select prefix %zu", n);
		free(copy);
	}
	for (n = 0; n <= sizeof(plain) - 1; n++) {
		uint8_t *copy = malloc(n ? n : 1);
		pttls_sasl_plain_t p;
		nea_perr_t err;

		memcpy(copy, plain, n);
		/* valid once the password has at least one byte */
		cr_assert_eq(pttls_sasl_plain_parse(copy, n, &p, &err) == 0, n >= 13, "plain prefix %zu", n);
		free(copy);
	}
}

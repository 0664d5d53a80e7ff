#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "eap_pkt.h"
#include "eap_ttls_avp.h"
#include "nea_buf.h"
#include "nea_err.h"

#define S(x) (const uint8_t *)(x), (sizeof(x) - 1)

Test(eap_avp, eap_message_as_strongswan_builds_it)
{
	/* EAP-Identity response "carol" (10 bytes) in one AVP: 8 + 10 + 2 padding */
	static const uint8_t eap[] = { 2, 1, 0, 10, 1, 'c', 'a', 'r', 'o', 'l' };
	nea_wr_t w;
	eap_ttls_avp_t a;
	nea_perr_t err;
	uint8_t *out;
	size_t out_len;

	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_eap_message_build(&w, eap, sizeof(eap), 0), 0);
	cr_assert_eq(w.len, 20);
	cr_assert_eq(memcmp(w.ptr, "\x00\x00\x00\x4f\x40\x00\x00\x12", 8), 0);
	cr_assert_eq(memcmp(w.ptr + 18, "\x00\x00", 2), 0, "zero padding");
	cr_assert_eq(eap_ttls_avp_parse(w.ptr, w.len, &a, &err), 0);
	cr_assert_eq(a.code, 79);
	cr_assert_eq(a.flags, 0x40);
	cr_assert_eq(a.data_len, 10);
	cr_assert_eq(a.padded_len, 20);
	cr_assert_eq(eap_ttls_eap_message_collect(w.ptr, w.len, 0, &out, &out_len, &err), 0);
	cr_assert_eq(out_len, sizeof(eap));
	cr_assert_eq(memcmp(out, eap, sizeof(eap)), 0);
	free(out);
	nea_wr_free(&w);
}

Test(eap_avp, eap_message_split_over_several_avps)
{
	uint8_t eap[1000];
	nea_wr_t w;
	nea_perr_t err;
	uint8_t *out;
	size_t out_len, i;
	nea_rd_t r;
	eap_ttls_avp_t a;
	int n = 0, rc;

	eap[0] = 1;
	eap[1] = 7;
	nea_put_u16(eap + 2, sizeof(eap));
	eap[4] = EAP_TYPE_PT_EAP;
	for (i = 5; i < sizeof(eap); i++)
		eap[i] = (uint8_t)i;
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_eap_message_build(&w, eap, sizeof(eap), 253), 0);
	nea_rd_init(&r, w.ptr, w.len);
	while ((rc = eap_ttls_avp_next(&r, &a, &err)) == 1) {
		cr_assert_eq(a.code, 79);
		cr_assert_leq(a.data_len, 253);
		n++;
	}
	cr_assert_eq(rc, 0);
	cr_assert_eq(n, 4);
	cr_assert_eq(eap_ttls_eap_message_collect(w.ptr, w.len, 0, &out, &out_len, &err), 0);
	cr_assert_eq(out_len, sizeof(eap));
	cr_assert_eq(memcmp(out, eap, sizeof(eap)), 0);
	free(out);
	/* bounded: refuse more than max_total */
	cr_assert_eq(eap_ttls_eap_message_collect(w.ptr, w.len, 999, &out, &out_len, &err),
		     NEA_ETOOBIG);
	cr_assert_null(out);
	/* an incomplete EAP packet (last AVP missing) */
	cr_assert_eq(eap_ttls_eap_message_collect(w.ptr, w.len - 252, 0, &out, &out_len, &err),
		     NEA_EINVAL);
	nea_wr_free(&w);
}

/* CVE-2026-25075: AVP length shorter than the header must not underflow. */
Test(eap_avp, length_shorter_than_header_is_rejected)
{
	uint8_t b[32];
	uint32_t l;
	eap_ttls_avp_t a;
	nea_perr_t err;
	size_t need;

	memset(b, 0, sizeof(b));
	nea_put_u32(b, 79);
	for (l = 0; l < 8; l++) {
		b[4] = 0x40;
		nea_put_u24(b + 5, l);
		cr_assert_eq(eap_ttls_avp_parse(b, sizeof(b), &a, &err), NEA_EINVAL, "len %u", l);
		cr_assert_eq(err.offset, 5);
		cr_assert_eq(eap_ttls_avp_stream_need(b, sizeof(b), &need, &err), NEA_EINVAL);
		cr_assert_eq(eap_ttls_avp_stream_need(b, 8, &need, &err), NEA_EINVAL,
			     "refused without waiting for more bytes");
	}
	/* with V the header is 12 bytes */
	for (l = 0; l < 12; l++) {
		b[4] = 0xc0;
		nea_put_u24(b + 5, l);
		cr_assert_eq(eap_ttls_avp_parse(b, sizeof(b), &a, &err), NEA_EINVAL, "V len %u", l);
		cr_assert_eq(err.offset, 5);
	}
	nea_put_u24(b + 5, 12);
	cr_assert_eq(eap_ttls_avp_parse(b, sizeof(b), &a, &err), 0);
	cr_assert_eq(a.data_len, 0);
	b[4] = 0x40;
	nea_put_u24(b + 5, 8);
	cr_assert_eq(eap_ttls_avp_parse(b, sizeof(b), &a, &err), 0);
	cr_assert_eq(a.data_len, 0);
	cr_assert_eq(a.padded_len, 8);
	/* and inside a collection: at the AVP's own offset */
	{
		uint8_t seq[28];
		uint8_t *out;
		size_t out_len;

		memset(seq, 0, sizeof(seq));
		nea_put_u32(seq, 79);
		seq[4] = 0x40;
		nea_put_u24(seq + 5, 12);
		memcpy(seq + 8, "\x02\x01\x00\x04", 4);
		nea_put_u32(seq + 12, 79);
		seq[16] = 0x40;
		nea_put_u24(seq + 17, 3);
		cr_assert_eq(eap_ttls_eap_message_collect(seq, sizeof(seq), 0, &out, &out_len, &err),
			     NEA_EINVAL);
		cr_assert_eq(err.offset, 12 + 5);
	}
}

Test(eap_avp, length_longer_than_the_record_is_rejected)
{
	uint8_t b[20];
	eap_ttls_avp_t a;
	nea_perr_t err;
	size_t need;

	memset(b, 0, sizeof(b));
	nea_put_u32(b, 79);
	b[4] = 0x40;
	nea_put_u24(b + 5, 21);
	cr_assert_eq(eap_ttls_avp_parse(b, sizeof(b), &a, &err), NEA_ETOOBIG);
	cr_assert_eq(err.offset, 5);
	nea_put_u24(b + 5, 0xffffff);
	cr_assert_eq(eap_ttls_avp_parse(b, sizeof(b), &a, &err), NEA_ETOOBIG);
	/* streaming: that is just "need more" */
	cr_assert_eq(eap_ttls_avp_stream_need(b, sizeof(b), &need, &err), NEA_EAGAIN);
	cr_assert_eq(need, 0xffffff + 1);
	/* exact fit but padding missing */
	nea_put_u24(b + 5, 18);
	cr_assert_eq(eap_ttls_avp_parse(b, 18, &a, &err), NEA_ETRUNC);
	cr_assert_eq(err.offset, 18);
	cr_assert_eq(eap_ttls_avp_parse(b, 20, &a, &err), 0);
	cr_assert_eq(a.data_len, 10);
	/* header cut off */
	cr_assert_eq(eap_ttls_avp_parse(b, 7, &a, &err), NEA_ETRUNC);
}

Test(eap_avp, stream_need_across_record_boundaries)
{
	static const uint8_t eap[] = { 2, 3, 0, 9, 54, 1, 2, 3, 4 };
	nea_wr_t w;
	size_t n, need;
	nea_perr_t err;

	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_eap_message_build(&w, eap, sizeof(eap), 0), 0);
	cr_assert_eq(w.len, 20);
	for (n = 0; n <= w.len; n++) {
		int rc = eap_ttls_avp_stream_need(w.ptr, n, &need, &err);

		if (n < 8) {
			cr_assert_eq(rc, NEA_EAGAIN);
			cr_assert_eq(need, 8);
		} else {
			cr_assert_eq(rc, n == w.len ? 0 : NEA_EAGAIN, "n %zu", n);
			cr_assert_eq(need, 20);
		}
	}
	nea_wr_free(&w);
}

Test(eap_avp, vendor_avps_and_mandatory_unknowns)
{
	static const uint8_t eap[] = { 3, 9, 0, 4 };
	nea_wr_t w;
	nea_perr_t err;
	uint8_t *out;
	size_t out_len;
	eap_ttls_avp_t a;

	/* a non-mandatory vendor AVP before the EAP-Message is skipped */
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_avp_build(&w, 26, EAP_TTLS_AVP_FLAG_V, 311, S("xyz")), 0);
	cr_assert_eq(w.len, 16);
	cr_assert_eq(eap_ttls_avp_parse(w.ptr, w.len, &a, &err), 0);
	cr_assert_eq(a.vendor, 311);
	cr_assert_eq(a.data_len, 3);
	cr_assert_eq(eap_ttls_eap_message_build(&w, eap, sizeof(eap), 0), 0);
	cr_assert_eq(eap_ttls_eap_message_collect(w.ptr, w.len, 0, &out, &out_len, &err), 0);
	cr_assert_eq(out_len, 4);
	free(out);
	nea_wr_free(&w);
	/* a mandatory unknown AVP is refused at its offset */
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_eap_message_build(&w, eap, sizeof(eap), 0), 0);
	cr_assert_eq(eap_ttls_avp_build(&w, 1, EAP_TTLS_AVP_FLAG_M, 0, S("carol")), 0);
	cr_assert_eq(eap_ttls_eap_message_collect(w.ptr, w.len, 0, &out, &out_len, &err),
		     NEA_EUNSUPPORTED);
	cr_assert_eq(err.offset, 12);
	nea_wr_free(&w);
	/* no EAP-Message at all */
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_avp_build(&w, 1, 0, 0, S("carol")), 0);
	cr_assert_eq(eap_ttls_eap_message_collect(w.ptr, w.len, 0, &out, &out_len, &err),
		     NEA_ENOTFOUND);
	nea_wr_free(&w);
	/* a vendor-specific code 79 is not the EAP-Message AVP */
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_avp_build(&w, 79, EAP_TTLS_AVP_FLAG_V | EAP_TTLS_AVP_FLAG_M, 9, eap, 4),
		     0);
	cr_assert_eq(eap_ttls_eap_message_collect(w.ptr, w.len, 0, &out, &out_len, &err),
		     NEA_EUNSUPPORTED);
	nea_wr_free(&w);
}

Test(eap_avp, reserved_flag_bits_ignored_and_not_written)
{
	uint8_t b[12] = { 0, 0, 0, 79, 0x7f, 0, 0, 12, 3, 1, 0, 4 };
	eap_ttls_avp_t a;
	nea_perr_t err;
	nea_wr_t w;

	cr_assert_eq(eap_ttls_avp_parse(b, sizeof(b), &a, &err), 0);
	cr_assert_eq(a.data_len, 4);
	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_avp_build(&w, 79, 0x7f, 0, a.data, a.data_len), 0);
	cr_assert_eq(w.ptr[4], 0x40);
	nea_wr_free(&w);
}

Test(eap_avp, builder_limits)
{
	nea_wr_t w;

	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_avp_build(&w, 1, 0, 0, NULL, 0xffffff - 7), NEA_EINVAL);
	cr_assert_eq(eap_ttls_eap_message_build(&w, NULL, 0, 0), NEA_EINVAL);
	nea_wr_free(&w);
	{
		uint8_t *big = calloc(1, 0xffffff);

		nea_wr_init(&w, 0);
		cr_assert_eq(eap_ttls_avp_build(&w, 1, 0, 0, big, 0xffffff - 7), NEA_ETOOBIG);
		cr_assert_eq(eap_ttls_avp_build(&w, 1, EAP_TTLS_AVP_FLAG_V, 0, big, 0xffffff - 11),
			     NEA_ETOOBIG);
		cr_assert_eq(eap_ttls_avp_build(&w, 1, 0, 0, big, 0xffffff - 8), 0);
		cr_assert_eq(nea_get_u24(w.ptr + 5), 0xffffff);
		nea_wr_free(&w);
		free(big);
	}
}

/* Every prefix of an AVP sequence parses cleanly or is rejected. */
Test(eap_avp, prefixes_are_bounded)
{
	static const uint8_t eap[] = { 2, 3, 0, 9, 54, 1, 2, 3, 4 };
	nea_wr_t w;
	size_t n;

	nea_wr_init(&w, 0);
	cr_assert_eq(eap_ttls_avp_build(&w, 26, EAP_TTLS_AVP_FLAG_V, 311, S("ab")), 0);
	cr_assert_eq(eap_ttls_eap_message_build(&w, eap, sizeof(eap), 5), 0);
	for (n = 0; n <= w.len; n++) {
		uint8_t *copy = malloc(n ? n : 1);
		uint8_t *out = NULL;
		size_t out_len;
		nea_perr_t err;
		int rc;

		memcpy(copy, w.ptr, n);
		rc = eap_ttls_eap_message_collect(copy, n, 0, &out, &out_len, &err);
		cr_assert_eq(rc == 0, n == w.len, "prefix %zu rc %d", n, rc);
		free(out);
		free(copy);
	}
	nea_wr_free(&w);
}

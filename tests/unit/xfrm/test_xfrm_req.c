/*
 * The XFRM helper's request codec and argument checks: round trips, every
 * framing fault with its offset, every refused argument, every prefix and
 * every flipped bit of valid requests, the answer codec and selector
 * ranges.
 */
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <string.h>

#include "nea_buf.h"
#include "xfrm_client.h"
#include "xfrm_req.h"
#include "xfrm_test_util.h"

static int build(const xfrm_req_t *r, uint8_t *buf)
{
	int n = xfrm_req_build(r, buf, XFRM_REQ_MAX);

	cr_assert_gt(n, XFRM_REQ_HDR_LEN, "build failed: %d", n);
	return n;
}

static int parse_check(const uint8_t *buf, size_t len, nea_perr_t *err)
{
	xfrm_req_t r;
	int rc = xfrm_req_parse(&r, buf, len, err);

	if (rc == 0)
		rc = xfrm_req_check(&r, err);
	xfrm_req_wipe(&r);
	return rc;
}

Test(xfrm_req, add_sa_round_trip)
{
	xfrm_req_t a, b;
	uint8_t buf[XFRM_REQ_MAX], buf2[XFRM_REQ_MAX];
	nea_perr_t err = {0};
	int n;

	xt_add_sa(&a, 5);
	n = build(&a, buf);
	cr_assert_eq(buf[0], 1);
	cr_assert_eq(buf[1], XFRM_REQ_ADD_SA);
	cr_assert_eq(nea_get_u16(buf + 2), n);
	cr_assert_eq(nea_get_u32(buf + 4), 7);
	/* first attribute: REQID = 5 */
	cr_assert_eq(nea_get_u16(buf + 8), XFRM_AT_REQID);
	cr_assert_eq(nea_get_u16(buf + 10), 4);
	cr_assert_eq(nea_get_u32(buf + 12), 5);
	cr_assert_eq(xfrm_req_parse(&b, buf, (size_t)n, &err), 0, "%s", err.msg);
	cr_assert_eq(xfrm_req_check(&b, &err), 0, "%s", err.msg);
	cr_assert_eq(b.present, a.present);
	cr_assert_eq(b.spi_in, 0xc1a2b3c4);
	cr_assert_eq(b.spi_out, 0x0badf00d);
	cr_assert_eq(b.ekey_in_len, 32);
	cr_assert_arr_eq(b.ekey_out, a.ekey_out, 32);
	cr_assert_arr_eq(b.ikey_in, a.ikey_in, 32);
	cr_assert_eq(memcmp(&b.local, &a.local, sizeof(a.local)), 0);
	/* build(parse(x)) == x */
	cr_assert_eq(xfrm_req_build(&b, buf2, sizeof(buf2)), n);
	cr_assert_arr_eq(buf, buf2, (size_t)n);
	xfrm_req_wipe(&b);
	for (size_t i = 0; i < sizeof(b); i++)
		cr_assert_eq(((uint8_t *)&b)[i], 0);
}

Test(xfrm_req, policy_and_reqid_requests_round_trip)
{
	xfrm_req_t a, b;
	uint8_t buf[XFRM_REQ_MAX];
	nea_perr_t err = {0};
	int n;

	xt_add_policy(&a, 3);
	a.ts_local.proto = IPPROTO_TCP;
	a.ts_remote.proto = IPPROTO_TCP;
	a.ts_local.port = 443;
	n = build(&a, buf);
	cr_assert_eq(parse_check(buf, (size_t)n, &err), 0, "%s", err.msg);
	cr_assert_eq(xfrm_req_parse(&b, buf, (size_t)n, &err), 0);
	cr_assert_eq(b.ts_local.port, 443);
	cr_assert_eq(b.ts_remote.plen, 32);
	for (uint8_t t = XFRM_REQ_DEL_SA; t <= XFRM_REQ_RELEASE; t++) {
		xt_reqid_req(&a, t, 77);
		n = build(&a, buf);
		cr_assert_eq(n, 16);
		cr_assert_eq(parse_check(buf, (size_t)n, &err), 0, "%s", err.msg);
	}
	memset(&a, 0, sizeof(a));
	a.type = XFRM_REQ_FLUSH;
	cr_assert_eq(xfrm_req_build(&a, buf, sizeof(buf)), XFRM_REQ_HDR_LEN);
	cr_assert_eq(parse_check(buf, XFRM_REQ_HDR_LEN, &err), 0, "%s", err.msg);
	a.type = XFRM_REQ_READY; /* an answer type cannot be built as a request */
	cr_assert_eq(xfrm_req_build(&a, buf, sizeof(buf)), NEA_EINVAL);
}

Test(xfrm_req, aead_requests)
{
	xfrm_req_t a;
	uint8_t buf[XFRM_REQ_MAX];
	nea_perr_t err = {0};

	xt_add_sa(&a, 1);
	a.encr = XFRM_ENCR_AES_GCM_16;
	a.encr_keylen = 128;
	a.ekey_in_len = a.ekey_out_len = 20; /* 16 + salt */
	a.integ = 0;
	a.present &= ~(XFRM_AT_BIT(XFRM_AT_INTEG) | XFRM_AT_BIT(XFRM_AT_INTEG_KEY_IN) |
		       XFRM_AT_BIT(XFRM_AT_INTEG_KEY_OUT));
	cr_assert_eq(parse_check(buf, (size_t)build(&a, buf), &err), 0, "%s", err.msg);
	a.encr = XFRM_ENCR_CHACHA20_POLY1305;
	a.encr_keylen = 0;
	a.ekey_in_len = a.ekey_out_len = 36;
	cr_assert_eq(parse_check(buf, (size_t)build(&a, buf), &err), 0, "%s", err.msg);
	a.encr_keylen = 256;
	cr_assert_eq(parse_check(buf, (size_t)build(&a, buf), &err), 0, "%s", err.msg);
}

/* Each mutation of a valid ADD_SA must be refused with the given code. */
typedef void (*mut_fn)(xfrm_req_t *);
static void m_3des(xfrm_req_t *r) { r->encr = 3; r->encr_keylen = 0; r->ekey_in_len = r->ekey_out_len = 24; }
static void m_null(xfrm_req_t *r) { r->encr = 11; }
static void m_aes512(xfrm_req_t *r) { r->encr_keylen = 512; }
static void m_aes0(xfrm_req_t *r) { r->encr_keylen = 0; }
static void m_sha1(xfrm_req_t *r) { r->integ = 2; r->ikey_in_len = r->ikey_out_len = 20; }
static void m_md5(xfrm_req_t *r) { r->integ = 1; r->ikey_in_len = r->ikey_out_len = 16; }
static void m_gcm_integ(xfrm_req_t *r) { r->encr = XFRM_ENCR_AES_GCM_16; r->ekey_in_len = r->ekey_out_len = 36; }
static void m_gcm8(xfrm_req_t *r) { r->encr = 18; r->ekey_in_len = r->ekey_out_len = 36; r->present &= ~(XFRM_AT_BIT(XFRM_AT_INTEG) | XFRM_AT_BIT(XFRM_AT_INTEG_KEY_IN) | XFRM_AT_BIT(XFRM_AT_INTEG_KEY_OUT)); }
static void m_chacha128(xfrm_req_t *r) { r->encr = 28; r->encr_keylen = 128; r->ekey_in_len = r->ekey_out_len = 36; r->present &= ~(XFRM_AT_BIT(XFRM_AT_INTEG) | XFRM_AT_BIT(XFRM_AT_INTEG_KEY_IN) | XFRM_AT_BIT(XFRM_AT_INTEG_KEY_OUT)); }
static void m_short_ekey(xfrm_req_t *r) { r->ekey_in_len = 31; }
static void m_long_ekey(xfrm_req_t *r) { r->ekey_out_len = 33; }
static void m_short_ikey(xfrm_req_t *r) { r->ikey_in_len = r->ikey_out_len = 16; }
static void m_sha384_short(xfrm_req_t *r) { r->integ = 13; } /* needs 48 */
static void m_no_integ(xfrm_req_t *r) { r->present &= ~XFRM_AT_BIT(XFRM_AT_INTEG); }
static void m_no_ikey(xfrm_req_t *r) { r->present &= ~XFRM_AT_BIT(XFRM_AT_INTEG_KEY_OUT); }
static void m_no_spi(xfrm_req_t *r) { r->present &= ~XFRM_AT_BIT(XFRM_AT_SPI_IN); }
static void m_no_reqid(xfrm_req_t *r) { r->present &= ~XFRM_AT_BIT(XFRM_AT_REQID); }
static void m_reqid0(xfrm_req_t *r) { r->reqid = 0; }
static void m_spi_low(xfrm_req_t *r) { r->spi_out = 255; }
static void m_spi0(xfrm_req_t *r) { r->spi_in = 0; }
static void m_mixed(xfrm_req_t *r) { xt_ip(&r->remote, 6, "2001:db8::7"); }
static void m_any(xfrm_req_t *r) { xt_ip(&r->local, 4, "0.0.0.0"); }
static void m_any6(xfrm_req_t *r) { xt_ip(&r->local, 6, "::"); xt_ip(&r->remote, 6, "2001:db8::7"); }
static void m_encap0(xfrm_req_t *r) { r->present |= XFRM_AT_BIT(XFRM_AT_ENCAP); r->encap_local = 4500; }
static void m_ts(xfrm_req_t *r) { r->present |= XFRM_AT_BIT(XFRM_AT_TS_LOCAL); xt_ts(&r->ts_local, 4, "10.0.0.0", 8); }

static const struct {
	const char *name;
	mut_fn fn;
	int code;
} sa_muts[] = {
	{"3DES", m_3des, NEA_EUNSUPPORTED},
	{"NULL encryption", m_null, NEA_EUNSUPPORTED},
	{"AES 512 bits", m_aes512, NEA_EUNSUPPORTED},
	{"AES without key length", m_aes0, NEA_EUNSUPPORTED},
	{"HMAC-SHA1", m_sha1, NEA_EUNSUPPORTED},
	{"HMAC-MD5", m_md5, NEA_EUNSUPPORTED},
	{"GCM with INTEG", m_gcm_integ, NEA_EUNSUPPORTED},
	{"GCM-8", m_gcm8, NEA_EUNSUPPORTED},
	{"ChaCha20 128 bits", m_chacha128, NEA_EUNSUPPORTED},
	{"short encryption key", m_short_ekey, NEA_EINVAL},
	{"long encryption key", m_long_ekey, NEA_EINVAL},
	{"short HMAC key", m_short_ikey, NEA_EINVAL},
	{"SHA-384 with a 32-byte key", m_sha384_short, NEA_EINVAL},
	{"CBC without INTEG", m_no_integ, NEA_EUNSUPPORTED},
	{"CBC with one HMAC key", m_no_ikey, NEA_EINVAL},
	{"no SPI_IN", m_no_spi, NEA_EINVAL},
	{"no REQID", m_no_reqid, NEA_EINVAL},
	{"reqid 0", m_reqid0, NEA_EINVAL},
	{"SPI 255", m_spi_low, NEA_EINVAL},
	{"SPI 0", m_spi0, NEA_EINVAL},
	{"IPv4 and IPv6 endpoints", m_mixed, NEA_EINVAL},
	{"0.0.0.0 endpoint", m_any, NEA_EINVAL},
	{":: endpoint", m_any6, NEA_EINVAL},
	{"UDP port 0", m_encap0, NEA_EINVAL},
};

Test(xfrm_req, add_sa_argument_checks)
{
	for (size_t i = 0; i < sizeof(sa_muts) / sizeof(sa_muts[0]); i++) {
		xfrm_req_t r;
		uint8_t buf[XFRM_REQ_MAX];
		nea_perr_t err = {0};
		int n, rc;

		xt_add_sa(&r, 9);
		sa_muts[i].fn(&r);
		n = xfrm_req_build(&r, buf, sizeof(buf));
		cr_assert_gt(n, 0, "%s: build", sa_muts[i].name);
		rc = parse_check(buf, (size_t)n, &err);
		cr_assert_eq(rc, sa_muts[i].code, "%s: got %d (%s), want %d", sa_muts[i].name, rc,
			     err.msg, sa_muts[i].code);
		cr_assert_neq(err.msg[0], '\0', "%s: no reason", sa_muts[i].name);
	}
	/* an attribute ADD_SA may not carry is a framing fault */
	{
		xfrm_req_t r;
		uint8_t buf[XFRM_REQ_MAX];
		nea_perr_t err = {0};

		xt_add_sa(&r, 9);
		m_ts(&r);
		cr_assert_eq(parse_check(buf, (size_t)xfrm_req_build(&r, buf, sizeof(buf)), &err),
			     NEA_EINVAL);
		cr_assert(strstr(err.msg, "TS_LOCAL not allowed in ADD_SA"), "%s", err.msg);
	}
}

Test(xfrm_req, add_policy_argument_checks)
{
	static const struct {
		const char *name;
		int fam_l, fam_r;
		const char *l, *r;
		uint8_t pl, pr, proto;
		uint16_t port;
		int code;
	} cases[] = {
		{"valid v4", 4, 4, "10.1.0.0", "10.3.0.1", 16, 32, 0, 0, 0},
		{"valid v6", 6, 6, "fd00::", "fd01::1", 64, 128, 0, 0, 0},
		{"valid /0", 4, 4, "0.0.0.0", "0.0.0.0", 0, 0, 0, 0, 0},
		{"v4 prefix 33", 4, 4, "10.1.0.0", "10.3.0.1", 33, 32, 0, 0, NEA_EINVAL},
		{"v6 prefix 129", 6, 6, "fd00::", "fd01::1", 64, 129, 0, 0, NEA_EINVAL},
		{"v4 prefix 255", 4, 4, "10.1.0.0", "10.3.0.1", 255, 32, 0, 0, NEA_EINVAL},
		{"host bits", 4, 4, "10.1.0.1", "10.3.0.1", 16, 32, 0, 0, NEA_EINVAL},
		{"host bits v6", 6, 6, "fd00::1", "fd01::1", 64, 128, 0, 0, NEA_EINVAL},
		{"mixed selectors", 4, 6, "10.1.0.0", "fd01::1", 16, 128, 0, 0, NEA_EINVAL},
		{"port without protocol", 4, 4, "10.1.0.0", "10.3.0.1", 16, 32, 0, 80, NEA_EINVAL},
		{"port with ICMP", 4, 4, "10.1.0.0", "10.3.0.1", 16, 32, 1, 80, NEA_EINVAL},
		{"port with UDP", 4, 4, "10.1.0.0", "10.3.0.1", 16, 32, 17, 53, 0},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		xfrm_req_t r;
		uint8_t buf[XFRM_REQ_MAX];
		nea_perr_t err = {0};
		int rc;

		xt_add_policy(&r, 4);
		xt_ts(&r.ts_local, cases[i].fam_l, cases[i].l, cases[i].pl);
		xt_ts(&r.ts_remote, cases[i].fam_r, cases[i].r, cases[i].pr);
		r.ts_local.proto = r.ts_remote.proto = cases[i].proto;
		r.ts_local.port = cases[i].port;
		rc = parse_check(buf, (size_t)xfrm_req_build(&r, buf, sizeof(buf)), &err);
		cr_assert_eq(rc, cases[i].code, "%s: %d (%s)", cases[i].name, rc, err.msg);
	}
	{
		xfrm_req_t r;
		uint8_t buf[XFRM_REQ_MAX];
		nea_perr_t err = {0};

		xt_add_policy(&r, 4);
		r.ts_remote.proto = 6;
		r.ts_local.proto = 17;
		cr_assert_eq(parse_check(buf, (size_t)xfrm_req_build(&r, buf, sizeof(buf)), &err),
			     NEA_EINVAL, "different protocols");
		/* any on one side takes the other's protocol, and its ports */
		r.ts_local.proto = 0;
		r.ts_local.port = 443;
		cr_assert_eq(parse_check(buf, (size_t)xfrm_req_build(&r, buf, sizeof(buf)), &err), 0,
			     "%s", err.msg);
		cr_assert_eq(xfrm_ts_proto(&r), 6);
		xt_add_policy(&r, 4);
		r.present &= ~XFRM_AT_BIT(XFRM_AT_TS_REMOTE);
		cr_assert_eq(parse_check(buf, (size_t)xfrm_req_build(&r, buf, sizeof(buf)), &err),
			     NEA_EINVAL);
		cr_assert(strstr(err.msg, "needs attribute TS_REMOTE"), "%s", err.msg);
	}
}

/* Hand-made packets: framing faults and their offsets. */
Test(xfrm_req, framing_faults)
{
	static const struct {
		const char *name;
		const char *bytes;
		size_t len;
		int code;
		size_t off;
	} cases[] = {
		{"empty", "", 0, NEA_ETRUNC, 0},
		{"short header", "\x01\x01\x00\x08\x00\x00", 6, NEA_ETRUNC, 4},
		{"version 2", "\x02\x01\x00\x08\x00\x00\x00\x01", 8, NEA_EVERSION, 0},
		{"type 0 (READY is an answer)", "\x01\x00\x00\x08\x00\x00\x00\x01", 8, NEA_EUNSUPPORTED, 1},
		{"type 8", "\x01\x08\x00\x08\x00\x00\x00\x01", 8, NEA_EUNSUPPORTED, 1},
		{"type 0x81 (an answer)", "\x01\x81\x00\x08\x00\x00\x00\x01", 8, NEA_EUNSUPPORTED, 1},
		{"length too long", "\x01\x01\x00\x09\x00\x00\x00\x01", 8, NEA_EINVAL, 2},
		{"length too short", "\x01\x01\x00\x04\x00\x00\x00\x01", 8, NEA_EINVAL, 2},
		{"attribute header cut", "\x01\x04\x00\x0b\x00\x00\x00\x01\x00\x01\x00", 11, NEA_ETRUNC, 8},
		{"attribute value overflows the packet", "\x01\x04\x00\x0e\x00\x00\x00\x01\x00\x01\x00\x04\x00\x00", 14, NEA_ETRUNC, 10},
		{"attribute length 0xffff", "\x01\x04\x00\x10\x00\x00\x00\x01\x00\x01\xff\xff\x00\x00\x00\x01", 16, NEA_ETRUNC, 10},
		{"unknown attribute 0", "\x01\x04\x00\x10\x00\x00\x00\x01\x00\x00\x00\x04\x00\x00\x00\x01", 16, NEA_EUNSUPPORTED, 8},
		{"unknown attribute 15", "\x01\x04\x00\x10\x00\x00\x00\x01\x00\x0f\x00\x04\x00\x00\x00\x01", 16, NEA_EUNSUPPORTED, 8},
		{"REQID of 3 bytes", "\x01\x04\x00\x0f\x00\x00\x00\x01\x00\x01\x00\x03\x00\x00\x01", 15, NEA_EINVAL, 12},
		{"REQID of 5 bytes", "\x01\x04\x00\x11\x00\x00\x00\x01\x00\x01\x00\x05\x00\x00\x00\x01\x00", 17, NEA_EINVAL, 12},
		{"REQID twice", "\x01\x04\x00\x18\x00\x00\x00\x01\x00\x01\x00\x04\x00\x00\x00\x01\x00\x01\x00\x04\x00\x00\x00\x02", 24, NEA_EINVAL, 16},
		{"SPI in DEL_SA", "\x01\x04\x00\x10\x00\x00\x00\x01\x00\x04\x00\x04\x00\x00\x10\x00", 16, NEA_EINVAL, 8},
		{"REQID in FLUSH", "\x01\x07\x00\x10\x00\x00\x00\x01\x00\x01\x00\x04\x00\x00\x00\x01", 16, NEA_EINVAL, 8},
		{"REQID in ALLOC", "\x01\x01\x00\x10\x00\x00\x00\x01\x00\x01\x00\x04\x00\x00\x00\x01", 16, NEA_EINVAL, 8},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		xfrm_req_t r;
		nea_perr_t err = {0};
		int rc = xfrm_req_parse(&r, (const uint8_t *)cases[i].bytes, cases[i].len, &err);

		cr_assert_eq(rc, cases[i].code, "%s: %d (%s)", cases[i].name, rc, err.msg);
		cr_assert_eq(err.offset, cases[i].off, "%s: offset %zu (%s)", cases[i].name,
			     err.offset, err.msg);
	}
}

/* Addresses and selectors with bad families and sizes, in an ADD_POLICY. */
Test(xfrm_req, address_faults)
{
	static const struct {
		const char *name;
		uint16_t at;
		const char *v;
		uint16_t vlen;
		int code;
	} cases[] = {
		{"family 5", XFRM_AT_LOCAL, "\x05\x0a\x00\x00\x01", 5, NEA_EINVAL},
		{"family 0", XFRM_AT_LOCAL, "\x00\x0a\x00\x00\x01", 5, NEA_EINVAL},
		{"v4 with 16 bytes", XFRM_AT_LOCAL, "\x04" "0123456789abcdef", 17, NEA_EINVAL},
		{"v6 with 4 bytes", XFRM_AT_REMOTE, "\x06\x0a\x00\x00\x01", 5, NEA_EINVAL},
		{"empty address", XFRM_AT_REMOTE, "", 0, NEA_ETRUNC},
		{"TS cut", XFRM_AT_TS_LOCAL, "\x04\x10\x00\x00\x00", 5, NEA_ETRUNC},
		{"TS reserved", XFRM_AT_TS_LOCAL, "\x04\x10\x00\x01\x00\x00\x0a\x01\x00\x00", 10, NEA_EINVAL},
		{"TS v4 with 5 bytes", XFRM_AT_TS_LOCAL, "\x04\x10\x00\x00\x00\x00\x0a\x01\x00\x00\x00", 11, NEA_EINVAL},
		{"TS family 7", XFRM_AT_TS_REMOTE, "\x07\x10\x00\x00\x00\x00\x0a\x01\x00\x00", 10, NEA_EINVAL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t buf[64];
		xfrm_req_t r;
		nea_perr_t err = {0};
		size_t n = 8;
		int rc;

		buf[0] = 1;
		buf[1] = XFRM_REQ_ADD_POLICY;
		nea_put_u32(buf + 4, 1);
		nea_put_u16(buf + n, cases[i].at);
		nea_put_u16(buf + n + 2, cases[i].vlen);
		memcpy(buf + n + 4, cases[i].v, cases[i].vlen);
		n += 4 + cases[i].vlen;
		nea_put_u16(buf + 2, (uint16_t)n);
		rc = xfrm_req_parse(&r, buf, n, &err);
		cr_assert_eq(rc, cases[i].code, "%s: %d (%s)", cases[i].name, rc, err.msg);
		cr_assert_geq(err.offset, 8, "%s: offset %zu inside the attribute", cases[i].name,
			      err.offset);
		cr_assert_leq(err.offset, n, "%s", cases[i].name);
	}
}

Test(xfrm_req, oversized_keys_and_packets)
{
	uint8_t buf[XFRM_REQ_MAX + 16] = {0};
	xfrm_req_t r;
	nea_perr_t err = {0};
	size_t n = 8;

	/* a 65-byte key is refused before it is copied */
	buf[0] = 1;
	buf[1] = XFRM_REQ_ADD_SA;
	nea_put_u16(buf + n, XFRM_AT_ENCR_KEY_IN);
	nea_put_u16(buf + n + 2, XFRM_KEY_MAX + 1);
	n += 4 + XFRM_KEY_MAX + 1;
	nea_put_u16(buf + 2, (uint16_t)n);
	cr_assert_eq(xfrm_req_parse(&r, buf, n, &err), NEA_ETOOBIG);
	cr_assert_eq(err.offset, 12);
	/* packets beyond XFRM_REQ_MAX */
	nea_put_u16(buf + 2, XFRM_REQ_MAX + 1);
	cr_assert_eq(xfrm_req_parse(&r, buf, XFRM_REQ_MAX + 1, &err), NEA_ETOOBIG);
	/* the builder never writes more than cap */
	xt_add_sa(&r, 1);
	cr_assert_eq(xfrm_req_build(&r, buf, 40), NEA_ETOOBIG);
	for (size_t i = 0; i < 40; i++)
		cr_assert_eq(buf[i], 0, "partial request (with keys) left in the buffer at %zu", i);
	r.ekey_in_len = XFRM_KEY_MAX + 1;
	cr_assert_eq(xfrm_req_build(&r, buf, sizeof(buf)), NEA_ETOOBIG);
}

/*
 * Every prefix of valid requests: with the original length field (refused
 * as a length mismatch or truncation) and with the length field patched to
 * the prefix, so that the attribute walk itself meets the cut. Under ASan
 * this is the bounded-input proof; what parses must also check and build
 * back to the same bytes.
 */
Test(xfrm_req, every_prefix)
{
	xfrm_req_t reqs[3];
	uint8_t full[XFRM_REQ_MAX], cut[XFRM_REQ_MAX], again[XFRM_REQ_MAX];

	xt_add_sa(&reqs[0], 3);
	reqs[0].present |= XFRM_AT_BIT(XFRM_AT_ENCAP);
	reqs[0].encap_local = 4500;
	reqs[0].encap_remote = 4501;
	xt_add_policy(&reqs[1], 3);
	xt_add_policy(&reqs[2], 3);
	xt_ts(&reqs[2].ts_local, 6, "fd00::", 56);
	xt_ts(&reqs[2].ts_remote, 6, "fd01::", 64);
	for (int k = 0; k < 3; k++) {
		int n = build(&reqs[k], full);
		nea_perr_t err = {0};
		int accepted = 0;

		cr_assert_eq(parse_check(full, (size_t)n, &err), 0, "%s", err.msg);
		for (int len = 0; len < n; len++) {
			xfrm_req_t r;
			int rc;

			memcpy(cut, full, (size_t)len);
			rc = xfrm_req_parse(&r, cut, (size_t)len, &err);
			cr_assert_lt(rc, 0, "prefix %d of %d parsed with the original length", len, n);
			cr_assert_leq(err.offset, (size_t)len);
			if (len < XFRM_REQ_HDR_LEN)
				continue;
			nea_put_u16(cut + 2, (uint16_t)len);
			rc = xfrm_req_parse(&r, cut, (size_t)len, &err);
			if (rc == 0) {
				/* cut at an attribute boundary: a shorter, still
				 * well-framed request; the check decides on meaning */
				accepted++;
				if (xfrm_req_check(&r, &err) == 0) {
					cr_assert_eq(xfrm_req_build(&r, again, sizeof(again)), len);
					cr_assert_arr_eq(again, cut, (size_t)len);
				}
			} else {
				cr_assert_leq(err.offset, (size_t)len);
			}
			xfrm_req_wipe(&r);
		}
		/* cuts at attribute boundaries reach the checks */
		cr_assert_gt(accepted, 0);
	}
}

/* Every single flipped bit of a valid ADD_SA: no crash, and anything that
 * still passes both stages is a request the builder reproduces exactly. */
Test(xfrm_req, every_flipped_bit)
{
	xfrm_req_t a;
	uint8_t full[XFRM_REQ_MAX], m[XFRM_REQ_MAX], again[XFRM_REQ_MAX];
	int n, passed = 0, refused = 0;

	xt_add_sa(&a, 3);
	n = build(&a, full);
	for (int bit = 0; bit < n * 8; bit++) {
		xfrm_req_t r;
		nea_perr_t err = {0};

		memcpy(m, full, (size_t)n);
		m[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (xfrm_req_parse(&r, m, (size_t)n, &err) == 0 && xfrm_req_check(&r, &err) == 0) {
			passed++;
			cr_assert_eq(xfrm_req_build(&r, again, sizeof(again)), n, "bit %d", bit);
			cr_assert_arr_eq(again, m, (size_t)n, "bit %d", bit);
		} else {
			refused++;
		}
		xfrm_req_wipe(&r);
	}
	/* key, SPI, address and sequence bits may flip; framing and algorithms may not */
	cr_assert_gt(passed, 0);
	cr_assert_gt(refused, 0);
}

Test(xfrm_ans, codec)
{
	xfrm_ans_t a = {.type = XFRM_REQ_ADD_SA, .seq = 0x01020304, .status = NEA_EPERM,
			.kerrno = 0, .value = 0};
	xfrm_ans_t b;
	uint8_t buf[XFRM_ANS_LEN];

	xfrm_ans_encode(&a, buf);
	cr_assert_eq(buf[1], 0x82);
	cr_assert_eq(nea_get_u16(buf + 2), 20);
	cr_assert_eq(xfrm_ans_decode(&b, buf, sizeof(buf)), 0);
	cr_assert_eq(b.status, NEA_EPERM);
	cr_assert_eq(b.seq, 0x01020304);
	cr_assert_eq(b.type, XFRM_REQ_ADD_SA);
	cr_assert_eq(xfrm_ans_decode(&b, buf, 19), NEA_EINVAL);
	buf[0] = 2;
	cr_assert_eq(xfrm_ans_decode(&b, buf, sizeof(buf)), NEA_EVERSION);
	buf[0] = 1;
	buf[1] = 0x02; /* a request, not an answer */
	cr_assert_eq(xfrm_ans_decode(&b, buf, sizeof(buf)), NEA_EINVAL);
	buf[1] = 0x88;
	cr_assert_eq(xfrm_ans_decode(&b, buf, sizeof(buf)), NEA_EINVAL);
	buf[1] = 0x82;
	nea_put_u32(buf + 8, 5); /* positive status: broken helper */
	cr_assert_eq(xfrm_ans_decode(&b, buf, sizeof(buf)), NEA_EINVAL);
	nea_put_u32(buf + 8, 0x80000000u);
	cr_assert_eq(xfrm_ans_decode(&b, buf, sizeof(buf)), NEA_EINVAL);
}

Test(xfrm_ts, ranges_to_prefixes)
{
	xfrm_ts_t out[300];
	uint8_t s[16] = {0}, e[16];
	size_t n;

	memcpy(s, "\x0a\x01\x00\x00", 4);
	memcpy(e, "\x0a\x01\xff\xff", 4);
	cr_assert_eq(xfrm_ts_from_range(4, s, e, 0, 0, 65535, out, 300, &n), 0);
	cr_assert_eq(n, 1);
	cr_assert_eq(out[0].plen, 16);
	cr_assert_eq(out[0].port, 0);

	memcpy(s, "\x0a\x00\x00\x01", 4);
	memcpy(e, "\x0a\x00\x00\x06", 4);
	cr_assert_eq(xfrm_ts_from_range(4, s, e, 6, 443, 443, out, 300, &n), 0);
	cr_assert_eq(n, 4);
	cr_assert_eq(out[0].net.addr[3], 1);
	cr_assert_eq(out[0].plen, 32);
	cr_assert_eq(out[1].net.addr[3], 2);
	cr_assert_eq(out[1].plen, 31);
	cr_assert_eq(out[2].net.addr[3], 4);
	cr_assert_eq(out[2].plen, 31);
	cr_assert_eq(out[3].net.addr[3], 6);
	cr_assert_eq(out[3].plen, 32);
	cr_assert_eq(out[3].port, 443);
	cr_assert_eq(out[3].proto, 6);

	memset(s, 0, 16);
	memset(e, 0xff, 16);
	cr_assert_eq(xfrm_ts_from_range(4, s, e, 0, 0, 65535, out, 300, &n), 0);
	cr_assert(n == 1 && out[0].plen == 0);
	cr_assert_eq(xfrm_ts_from_range(6, s, e, 0, 0, 65535, out, 300, &n), 0);
	cr_assert(n == 1 && out[0].plen == 0);
	/* ::1 - ffff...: 128 prefixes, the worst case */
	s[15] = 1;
	cr_assert_eq(xfrm_ts_from_range(6, s, e, 0, 0, 65535, out, 300, &n), 0);
	cr_assert_eq(n, 128);
	cr_assert_eq(xfrm_ts_from_range(6, s, e, 0, 0, 65535, out, 127, &n), NEA_ETOOBIG);
	/* each prefix passes the helper's selector check */
	for (size_t i = 0; i < 128; i++) {
		xfrm_req_t r;
		uint8_t buf[XFRM_REQ_MAX];
		nea_perr_t err = {0};

		xt_add_policy(&r, 1);
		r.ts_local = out[i];
		xt_ts(&r.ts_remote, 6, "fd00::", 8);
		cr_assert_eq(parse_check(buf, (size_t)xfrm_req_build(&r, buf, sizeof(buf)), &err),
			     0, "prefix %zu: %s", i, err.msg);
	}
	cr_assert_eq(xfrm_ts_from_range(4, e, s, 0, 0, 65535, out, 300, &n), NEA_EINVAL);
	cr_assert_eq(xfrm_ts_from_range(4, s, e, 6, 1000, 2000, out, 300, &n), NEA_EUNSUPPORTED);
	cr_assert_eq(xfrm_ts_from_range(4, s, e, 0, 53, 53, out, 300, &n), NEA_EUNSUPPORTED);
	cr_assert_eq(xfrm_ts_from_range(5, s, e, 0, 0, 65535, out, 300, &n), NEA_EINVAL);
}

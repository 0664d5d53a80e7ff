/* strongSwan proposal strings, responder selection, initiator verification. */
#include <criterion/criterion.h>
#include <string.h>

#include "ike_msg.h"
#include "ike_proposal.h"
#include "ike_test_util.h"
#include "nea_err.h"

static void parse_ok(const char *s, uint8_t proto, ike_prop_cfg_t *p)
{
	char err[128] = "";

	cr_assert_eq(ike_proposal_parse(s, proto, p, err, sizeof(err)), 0, "'%s': %s", s, err);
}

static void expect_trans(const ike_prop_cfg_t *p, size_t i, uint8_t type, uint16_t id,
			 uint16_t keylen)
{
	cr_assert(i < p->ntrans);
	cr_assert_eq(p->trans[i].type, type, "transform %zu type", i);
	cr_assert_eq(p->trans[i].id, id, "transform %zu id", i);
	cr_assert_eq(p->trans[i].keylen, keylen, "transform %zu keylen", i);
}

Test(ike_proposal, parses_seed_ike_proposal_and_encodes_like_charon)
{
	ike_prop_cfg_t p;
	ike_proposal_t w;
	ike_payload_t sa = { .type = IKE_PL_SA };
	nea_wr_t wr;

	parse_ok("aes256-sha256-x25519", IKE_PROTO_IKE, &p);
	cr_assert_eq(p.ntrans, 4);
	expect_trans(&p, 0, IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 256);
	expect_trans(&p, 1, IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0);
	expect_trans(&p, 2, IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_256, 0);
	expect_trans(&p, 3, IKE_TRANS_DH, IKE_DH_CURVE25519, 0);

	/* the SA payload of charon's IKE_SA_INIT in the seed (48 bytes) */
	ike_proposal_to_wire(&p, 0, NULL, 0, &w);
	sa.u.sa.nprops = 1;
	sa.u.sa.props = &w;
	nea_wr_init(&wr, 0);
	cr_assert_eq(ike_payloads_build(&sa, 1, &wr), 0);
	assert_hex_eq(wr.ptr, wr.len,
		      "00 00 0030 00 00 002c 01 01 00 04 03 00 000c 01 00 000c 800e0100"
		      "03 00 0008 03 00 000c 03 00 0008 02 00 0005 00 00 0008 04 00 001f");
	nea_wr_free(&wr);
}

Test(ike_proposal, parses_aead_and_esp_proposals)
{
	ike_prop_cfg_t p;

	parse_ok("aes256gcm16-prfsha384-ecp384", IKE_PROTO_IKE, &p);
	cr_assert_eq(p.ntrans, 3);
	expect_trans(&p, 0, IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 256);
	expect_trans(&p, 1, IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_384, 0);
	expect_trans(&p, 2, IKE_TRANS_DH, IKE_DH_ECP_384, 0);

	parse_ok("aes256gcm128-chacha20poly1305-x25519", IKE_PROTO_ESP, &p);
	cr_assert_eq(p.ntrans, 4);
	expect_trans(&p, 0, IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 256);
	expect_trans(&p, 1, IKE_TRANS_ENCR, IKE_ENCR_CHACHA20_POLY1305, 0);
	expect_trans(&p, 2, IKE_TRANS_DH, IKE_DH_CURVE25519, 0);
	expect_trans(&p, 3, IKE_TRANS_ESN, IKE_ESN_NO, 0);

	/* order inside a type is kept, types are grouped; PRFs follow INTEGs */
	parse_ok("x25519-aes128-sha384-aes256-sha256-modp2048-ecp256-curve25519", IKE_PROTO_IKE, &p);
	cr_assert_eq(p.ntrans, 9);
	expect_trans(&p, 0, IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 128);
	expect_trans(&p, 1, IKE_TRANS_ENCR, IKE_ENCR_AES_CBC, 256);
	expect_trans(&p, 2, IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_384_192, 0);
	expect_trans(&p, 3, IKE_TRANS_INTEG, IKE_INTEG_HMAC_SHA2_256_128, 0);
	expect_trans(&p, 4, IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_384, 0);
	expect_trans(&p, 5, IKE_TRANS_PRF, IKE_PRF_HMAC_SHA2_256, 0);
	expect_trans(&p, 6, IKE_TRANS_DH, IKE_DH_CURVE25519, 0);
	expect_trans(&p, 7, IKE_TRANS_DH, IKE_DH_MODP_2048, 0);
	expect_trans(&p, 8, IKE_TRANS_DH, IKE_DH_ECP_256, 0);

	parse_ok("aes128-sha256-esn", IKE_PROTO_ESP, &p);
	expect_trans(&p, 2, IKE_TRANS_ESN, IKE_ESN_YES, 0);
	cr_assert_eq(p.ntrans, 3);
}

Test(ike_proposal, refuses_bad_proposals)
{
	static const struct {
		const char *s;
		uint8_t proto;
	} bad[] = {
		{ "aes256gcm16-ecp384", IKE_PROTO_IKE },        /* AEAD without PRF */
		{ "aes256-sha256", IKE_PROTO_IKE },             /* no DH */
		{ "aes256gcm16-sha256-prfsha256-x25519", IKE_PROTO_IKE }, /* AEAD + INTEG */
		{ "aes256-aes256gcm16-sha256-x25519", IKE_PROTO_IKE },    /* mixed */
		{ "3des-sha256-x25519", IKE_PROTO_IKE },        /* unsupported */
		{ "aes256-sha256-modp1024", IKE_PROTO_IKE },    /* unsupported group */
		{ "aes256-sha256-x25519-", IKE_PROTO_IKE },
		{ "sha256-x25519", IKE_PROTO_IKE },             /* no cipher */
		{ "aes256-sha256-x25519-esn", IKE_PROTO_IKE },  /* ESN in IKE */
		{ "aes256", IKE_PROTO_ESP },                    /* no INTEG */
		{ "aes256gcm16-prfsha256", IKE_PROTO_ESP },     /* PRF in ESP */
		{ "", IKE_PROTO_IKE },
	};
	ike_prop_cfg_t p;
	char err[128];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		cr_assert_eq(ike_proposal_parse(bad[i].s, bad[i].proto, &p, err, sizeof(err)),
			     NEA_ECONFIG, "'%s' was accepted", bad[i].s);
		if (bad[i].s[0])
			cr_assert(err[0] != '\0', "no reason for '%s'", bad[i].s);
	}
}

Test(ike_proposal, parses_lists)
{
	ike_prop_cfg_t p[4];
	size_t n;
	char err[128];

	cr_assert_eq(ike_proposals_parse("aes256-sha256-x25519, aes128gcm16-prfsha256-ecp256",
					 IKE_PROTO_IKE, p, 4, &n, err, sizeof(err)),
		     0, "%s", err);
	cr_assert_eq(n, 2);
	expect_trans(&p[1], 0, IKE_TRANS_ENCR, IKE_ENCR_AES_GCM_16, 128);
	cr_assert_eq(ike_proposals_parse("aes256-sha256-x25519,,aes128-sha256-x25519",
					 IKE_PROTO_IKE, p, 4, &n, err, sizeof(err)),
		     NEA_ECONFIG);
	cr_assert_eq(ike_proposals_parse("aes256-sha256-x25519,aes128-sha256-x25519",
					 IKE_PROTO_IKE, p, 1, &n, err, sizeof(err)),
		     NEA_ECONFIG);
}

/* Configured proposals as an offered SA payload (what a peer would send). */
static void offer(const ike_prop_cfg_t *cfg, size_t n, ike_proposal_t *props, ike_pl_sa_t *sa)
{
	for (size_t i = 0; i < n; i++)
		ike_proposal_to_wire(&cfg[i], i, NULL, 0, &props[i]);
	sa->nprops = n;
	sa->props = props;
}

Test(ike_proposal, responder_prefers_our_order)
{
	ike_prop_cfg_t ours[2], theirs[2];
	ike_proposal_t tp[2];
	ike_pl_sa_t sa;
	ike_selected_t sel;
	char buf[160];

	parse_ok("aes256-sha256-x25519", IKE_PROTO_IKE, &ours[0]);
	parse_ok("aes128-sha256-modp2048", IKE_PROTO_IKE, &ours[1]);
	parse_ok("aes128gcm16-prfsha256-ecp256", IKE_PROTO_IKE, &theirs[0]);
	parse_ok("aes128-aes256-sha1-sha256-modp2048-x25519", IKE_PROTO_IKE, &theirs[1]);
	offer(theirs, 2, tp, &sa);

	cr_assert_eq(ike_proposal_select(ours, 2, &sa, false, &sel), 0);
	cr_assert_eq(sel.num, 2);
	cr_assert_str_eq(ike_proposal_str(sel.proto, sel.trans, sel.ntrans, buf, sizeof(buf)),
			 "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519");
	cr_assert_eq(sel.suite.encr, IKE_ENCR_AES_CBC);
	cr_assert_eq(sel.suite.encr_keylen, 256);
	cr_assert_eq(sel.suite.integ, IKE_INTEG_HMAC_SHA2_256_128);
	cr_assert_eq(sel.suite.prf, IKE_PRF_HMAC_SHA2_256);
	cr_assert_eq(sel.suite.dh, IKE_DH_CURVE25519);
	cr_assert_eq(ike_suite_check(&sel.suite, 1), 0);
}

Test(ike_proposal, responder_picks_our_first_algorithm_within_a_type)
{
	ike_prop_cfg_t ours, theirs;
	ike_proposal_t tp;
	ike_pl_sa_t sa;
	ike_selected_t sel;

	parse_ok("aes256-aes128-sha256-x25519-ecp256", IKE_PROTO_IKE, &ours);
	parse_ok("aes128-aes256-sha256-ecp256-x25519", IKE_PROTO_IKE, &theirs);
	offer(&theirs, 1, &tp, &sa);
	cr_assert_eq(ike_proposal_select(&ours, 1, &sa, false, &sel), 0);
	cr_assert_eq(sel.suite.encr_keylen, 256);
	cr_assert_eq(sel.suite.dh, IKE_DH_CURVE25519);
}

Test(ike_proposal, no_common_proposal)
{
	ike_prop_cfg_t ours, theirs;
	ike_proposal_t tp;
	ike_pl_sa_t sa;
	ike_selected_t sel;

	parse_ok("aes256-sha256-x25519", IKE_PROTO_IKE, &ours);
	/* same algorithms but a different key length */
	parse_ok("aes128-sha256-x25519", IKE_PROTO_IKE, &theirs);
	offer(&theirs, 1, &tp, &sa);
	cr_assert_eq(ike_proposal_select(&ours, 1, &sa, false, &sel), NEA_ENOTFOUND);
	/* ESP proposal offered where we want IKE */
	parse_ok("aes256-sha256-x25519", IKE_PROTO_ESP, &theirs);
	offer(&theirs, 1, &tp, &sa);
	cr_assert_eq(ike_proposal_select(&ours, 1, &sa, false, &sel), NEA_ENOTFOUND);
}

Test(ike_proposal, skips_unknown_types_and_attributes)
{
	ike_prop_cfg_t ours, theirs;
	ike_proposal_t tp;
	ike_pl_sa_t sa;
	ike_selected_t sel;
	ike_transform_t t[6];

	parse_ok("aes256-sha256-x25519", IKE_PROTO_IKE, &ours);
	parse_ok("aes256-sha256-x25519", IKE_PROTO_IKE, &theirs);
	offer(&theirs, 1, &tp, &sa);
	memcpy(t, tp.trans, 4 * sizeof(t[0]));
	tp.trans = t;
	/* a transform type from the future makes the proposal unacceptable */
	t[4] = (ike_transform_t){ .type = 6, .id = 1 };
	tp.ntrans = 5;
	cr_assert_eq(ike_proposal_select(&ours, 1, &sa, false, &sel), NEA_ENOTFOUND);
	/* an unknown attribute makes that transform unselectable */
	tp.ntrans = 4;
	t[0].unknown_attr = true;
	cr_assert_eq(ike_proposal_select(&ours, 1, &sa, false, &sel), NEA_ENOTFOUND);
	t[0].unknown_attr = false;
	cr_assert_eq(ike_proposal_select(&ours, 1, &sa, false, &sel), 0);
}

Test(ike_proposal, esp_without_dh_in_ike_auth)
{
	ike_prop_cfg_t ours, theirs;
	ike_proposal_t tp;
	ike_pl_sa_t sa;
	ike_selected_t sel;
	ike_proposal_t w;
	uint8_t spi[4] = { 0xc0, 0xff, 0xee, 0x01 };
	char buf[128];

	parse_ok("aes256gcm128-chacha20poly1305-x25519", IKE_PROTO_ESP, &ours);
	parse_ok("chacha20poly1305-aes256gcm16", IKE_PROTO_ESP, &theirs);
	offer(&theirs, 1, &tp, &sa);
	tp.spi_len = 4;
	memcpy(tp.spi, spi, 4);
	/* our PFS group is not negotiated in IKE_AUTH */
	cr_assert_eq(ike_proposal_select(&ours, 1, &sa, false, &sel), NEA_ENOTFOUND);
	cr_assert_eq(ike_proposal_select(&ours, 1, &sa, true, &sel), 0);
	cr_assert_str_eq(ike_proposal_str(sel.proto, sel.trans, sel.ntrans, buf, sizeof(buf)),
			 "ESP:AES_GCM_16_256/NO_EXT_SEQ");
	cr_assert_eq(sel.spi_len, 4);
	assert_bytes_eq(sel.spi, 4, spi, 4);
	cr_assert_eq(sel.suite.integ, 0);
	cr_assert_eq(ike_suite_check(&sel.suite, 0), 0);
	ike_selected_to_wire(&sel, (const uint8_t *)"\x11\x22\x33\x44", 4, &w);
	cr_assert_eq(w.num, 1);
	cr_assert_eq(w.spi[0], 0x11);
	cr_assert_eq(w.ntrans, 2);
}

Test(ike_proposal, integ_none_with_aead_matches_absent_integ)
{
	ike_prop_cfg_t ours;
	ike_transform_t t[3] = {
		{ .type = IKE_TRANS_ENCR, .id = IKE_ENCR_AES_GCM_16, .keylen = 128 },
		{ .type = IKE_TRANS_INTEG, .id = IKE_INTEG_NONE },
		{ .type = IKE_TRANS_ESN, .id = IKE_ESN_NO },
	};
	ike_proposal_t tp = { .num = 1, .proto = IKE_PROTO_ESP, .ntrans = 3, .trans = t };
	ike_pl_sa_t sa = { 1, &tp };
	ike_selected_t sel;

	parse_ok("aes128gcm16", IKE_PROTO_ESP, &ours);
	cr_assert_eq(ike_proposal_select(&ours, 1, &sa, true, &sel), 0);
	cr_assert_eq(sel.ntrans, 2);
}

Test(ike_proposal, initiator_verifies_the_reply)
{
	ike_prop_cfg_t ours[2], theirs;
	ike_proposal_t tp, reply;
	ike_pl_sa_t sa, rsa;
	ike_selected_t sel, got;
	ike_transform_t t[5];

	parse_ok("aes128gcm16-prfsha256-ecp256", IKE_PROTO_IKE, &ours[0]);
	parse_ok("aes256-aes128-sha256-sha384-x25519-modp2048", IKE_PROTO_IKE, &ours[1]);
	/* the responder (with its own preference) picks from our offer */
	parse_ok("aes128-sha384-modp2048", IKE_PROTO_IKE, &theirs);
	{
		ike_proposal_t op[2];

		offer(ours, 2, op, &sa);
		cr_assert_eq(ike_proposal_select(&theirs, 1, &sa, false, &sel), 0);
	}
	cr_assert_eq(sel.num, 2);
	ike_selected_to_wire(&sel, NULL, 0, &reply);
	rsa = (ike_pl_sa_t){ 1, &reply };
	cr_assert_eq(ike_proposal_verify(ours, 2, &rsa, false, &got), 0);
	cr_assert_eq(got.suite.encr_keylen, 128);
	cr_assert_eq(got.suite.integ, IKE_INTEG_HMAC_SHA2_384_192);
	cr_assert_eq(got.suite.prf, IKE_PRF_HMAC_SHA2_384);
	cr_assert_eq(got.suite.dh, IKE_DH_MODP_2048);

	/* wrong proposal number */
	reply.num = 1;
	cr_assert_eq(ike_proposal_verify(ours, 2, &rsa, false, &got), NEA_EINVAL);
	reply.num = 3;
	cr_assert_eq(ike_proposal_verify(ours, 2, &rsa, false, &got), NEA_EINVAL);
	reply.num = 2;
	/* two transforms of one type */
	memcpy(t, reply.trans, reply.ntrans * sizeof(t[0]));
	t[4] = t[3];
	t[4].id = IKE_DH_CURVE25519;
	reply.trans = t;
	reply.ntrans = 5;
	cr_assert_eq(ike_proposal_verify(ours, 2, &rsa, false, &got), NEA_EINVAL);
	/* an algorithm we never offered */
	reply.ntrans = 4;
	t[3].id = IKE_DH_ECP_384;
	cr_assert_eq(ike_proposal_verify(ours, 2, &rsa, false, &got), NEA_EINVAL);
	/* a missing type */
	reply.ntrans = 3;
	cr_assert_eq(ike_proposal_verify(ours, 2, &rsa, false, &got), NEA_EINVAL);
	/* more than one proposal */
	reply.ntrans = 4;
	t[3].id = IKE_DH_MODP_2048;
	cr_assert_eq(ike_proposal_verify(ours, 2, &rsa, false, &got), 0);
	{
		ike_proposal_t two[2] = { reply, reply };

		rsa = (ike_pl_sa_t){ 2, two };
		cr_assert_eq(ike_proposal_verify(ours, 2, &rsa, false, &got), NEA_EINVAL);
	}
	(void)tp;
}

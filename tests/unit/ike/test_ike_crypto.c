/* HMAC/prf/prf+, IKE and CHILD_SA key derivation, Diffie-Hellman. */
#include <criterion/criterion.h>
#include <openssl/evp.h>
#include <string.h>

#include "ike_dh.h"
#include "ike_keymat.h"
#include "ike_prf.h"
#include "ike_test_util.h"
#include "ike_types.h"
#include "nea_err.h"

/* --- RFC 4231 HMAC-SHA-2 test cases ---------------------------------- */

static void check_prf(uint16_t prf, const char *key_hex, const char *data_hex, const char *want)
{
	size_t klen, dlen;
	uint8_t *key = hexdec(key_hex, &klen), *data = hexdec(data_hex, &dlen);
	uint8_t out[64];
	ike_chunk_t c = ike_chunk(data, dlen);

	cr_assert_eq(ike_prf(prf, key, klen, &c, 1, out), 0);
	assert_hex_eq(out, ike_prf_len(prf), want);
	free(key);
	free(data);
}

Test(ike_prf, rfc4231_case1)
{
	const char *key = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", *data = "4869205468657265";

	check_prf(IKE_PRF_HMAC_SHA2_256, key, data,
		  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	check_prf(IKE_PRF_HMAC_SHA2_384, key, data,
		  "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
		  "faea9ea9076ede7f4af152e8b2fa9cb6");
	check_prf(IKE_PRF_HMAC_SHA2_512, key, data,
		  "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
		  "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
}

Test(ike_prf, rfc4231_case2_short_key)
{
	/* "Jefe", "what do ya want for nothing?" */
	check_prf(IKE_PRF_HMAC_SHA2_256, "4a656665",
		  "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
		  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

Test(ike_prf, rfc4231_case6_key_longer_than_block)
{
	char key[131 * 2 + 1];

	for (int i = 0; i < 131; i++)
		memcpy(key + 2 * i, "aa", 2);
	key[262] = '\0';
	/* "Test Using Larger Than Block-Size Key - Hash Key First" */
	check_prf(IKE_PRF_HMAC_SHA2_256, key,
		  "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a"
		  "65204b6579202d2048617368204b6579204669727374",
		  "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

Test(ike_prf, rfc4231_case5_truncation)
{
	/* HMAC-SHA-256-128 as used by INTEG: the first 128 bits */
	size_t klen, dlen, outl;
	uint8_t *key = hexdec("0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c", &klen);
	uint8_t *data = hexdec("546573742057697468205472756e636174696f6e", &dlen);
	uint8_t out[64];
	ike_chunk_t c = ike_chunk(data, dlen);

	cr_assert_eq(ike_hmac("SHA256", key, klen, &c, 1, out, sizeof(out), &outl), 0);
	cr_assert_eq(outl, 32);
	assert_hex_eq(out, 16, "a3b6167473100ee06e0c796c2955552b");
	free(key);
	free(data);
}

Test(ike_prf, parts_are_concatenated)
{
	static const uint8_t key[4] = "Jefe";
	static const char *msg = "what do ya want for nothing?";
	ike_chunk_t parts[3] = { ike_chunk(msg, 4), ike_chunk(msg + 4, 0), ike_chunk(msg + 4, 24) };
	uint8_t out[32];

	cr_assert_eq(ike_prf(IKE_PRF_HMAC_SHA2_256, key, 4, parts, 3, out), 0);
	assert_hex_eq(out, 32, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

Test(ike_prf, refuses_unknown_and_empty_key)
{
	uint8_t out[64];
	ike_chunk_t c = ike_chunk("x", 1);

	cr_assert_eq(ike_prf(IKE_PRF_AES128_XCBC, (const uint8_t *)"k", 1, &c, 1, out),
		     NEA_EUNSUPPORTED);
	cr_assert_eq(ike_prf(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)"", 0, &c, 1, out), NEA_EINVAL);
	cr_assert_eq(ike_prf_len(99), 0);
}

/* prf+ against a separate computation with OpenSSL's one-shot EVP_Q_mac. */
static void ref_prf_plus(const char *md, const uint8_t *key, size_t klen, const uint8_t *seed,
			 size_t slen, uint8_t *out, size_t n)
{
	uint8_t t[64], buf[64 + 256 + 1];
	size_t tlen = 0, done = 0, blen;

	for (uint8_t i = 1; done < n; i++) {
		memcpy(buf, t, tlen);
		memcpy(buf + tlen, seed, slen);
		buf[tlen + slen] = i;
		blen = tlen + slen + 1;
		cr_assert_not_null(EVP_Q_mac(NULL, "HMAC", NULL, md, NULL, key, klen, buf, blen, t,
					     sizeof(t), &tlen));
		memcpy(out + done, t, n - done < tlen ? n - done : tlen);
		done += n - done < tlen ? n - done : tlen;
	}
}

Test(ike_prf, prf_plus_matches_independent_chain)
{
	static const struct {
		uint16_t prf;
		const char *md;
	} algs[] = { { IKE_PRF_HMAC_SHA2_256, "SHA256" },
		     { IKE_PRF_HMAC_SHA2_384, "SHA384" },
		     { IKE_PRF_HMAC_SHA2_512, "SHA512" },
		     { IKE_PRF_HMAC_SHA1, "SHA1" } };
	uint8_t key[48], seed[80], got[1000], want[1000];

	for (size_t i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(3 * i + 1);
	for (size_t i = 0; i < sizeof(seed); i++)
		seed[i] = (uint8_t)(7 * i);
	for (size_t a = 0; a < sizeof(algs) / sizeof(algs[0]); a++) {
		size_t sizes[] = { 1, 31, 32, 33, 200, 255 * ike_prf_len(algs[a].prf) < 1000
							   ? 255 * ike_prf_len(algs[a].prf)
							   : 1000 };

		for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
			/* seed split in two parts to exercise the chunk list */
			ike_chunk_t parts[2] = { ike_chunk(seed, 30), ike_chunk(seed + 30, 50) };

			memset(got, 0, sizeof(got));
			cr_assert_eq(ike_prf_plus(algs[a].prf, key, sizeof(key), parts, 2, got,
						  sizes[s]),
				     0);
			ref_prf_plus(algs[a].md, key, sizeof(key), seed, sizeof(seed), want,
				     sizes[s]);
			assert_bytes_eq(got, sizes[s], want, sizes[s]);
		}
	}
}

Test(ike_prf, prf_plus_limit_is_255_blocks)
{
	uint8_t out[255 * 32 + 1];
	ike_chunk_t seed = ike_chunk("s", 1);

	cr_assert_eq(ike_prf_plus(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)"k", 1, &seed, 1, out,
				  255 * 32),
		     0);
	cr_assert_eq(ike_prf_plus(IKE_PRF_HMAC_SHA2_256, (const uint8_t *)"k", 1, &seed, 1, out,
				  255 * 32 + 1),
		     NEA_EINVAL);
}

/* --- IKE SA keys (vectors from gen_ike_vectors.py) ---------------------- */

static const uint8_t spi_i[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const uint8_t spi_r[8] = { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18 };

static void fill(uint8_t *b, size_t n, uint8_t start)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(start + i);
}

Test(ike_keymat, aes_cbc_sha256_suite)
{
	uint8_t ni[32], nr[32], gir[32];
	ike_suite_t s = { .encr = IKE_ENCR_AES_CBC, .encr_keylen = 256,
			  .integ = IKE_INTEG_HMAC_SHA2_256_128, .prf = IKE_PRF_HMAC_SHA2_256,
			  .dh = IKE_DH_CURVE25519 };
	ike_keys_t k;

	fill(ni, 32, 0x00);
	fill(nr, 32, 0x20);
	fill(gir, 32, 0x40);
	cr_assert_eq(ike_suite_check(&s, 1), 0);
	cr_assert_eq(ike_keys_derive(&k, &s, ike_chunk(ni, 32), ike_chunk(nr, 32),
				     ike_chunk(gir, 32), spi_i, spi_r),
		     0);
	cr_assert_eq(k.d_len, 32);
	cr_assert_eq(k.a_len, 32);
	cr_assert_eq(k.e_len, 32);
	assert_hex_eq(k.sk_d, k.d_len, "0c26341d77313c227236f4aebf29182f0629dbe10e8ac56347f067a8defc22d5");
	assert_hex_eq(k.sk_ai, k.a_len, "8748594d3353b3e04121026ebf49d4a4907e2ae4eb2a9831832397da89af6f79");
	assert_hex_eq(k.sk_ar, k.a_len, "68b67ce3c70fad273ae0bbb34ee581341bbfd3303ab1d48166dde54604d0286b");
	assert_hex_eq(k.sk_ei, k.e_len, "d75427665fbbb117f4d9f877d73606ca959fbdb34f746d24f8939191f8d3af60");
	assert_hex_eq(k.sk_er, k.e_len, "fc816d7edfca54ae0e23cdb44dc9e8476619d587774b27a4824b6c47d2e341e5");
	assert_hex_eq(k.sk_pi, k.p_len, "7237e03458c7e3e9ef8a55ca566e9ba411bc3eec87b56ee85d17b5e931c8851f");
	assert_hex_eq(k.sk_pr, k.p_len, "545cb06e0764651119223b0ac6626f859f5f492fa5d7626c15c16ba4ef98e503");
	ike_keys_wipe(&k);
	cr_assert_eq(k.sk_d[0] | k.sk_pr[31], 0);
}

Test(ike_keymat, aes_gcm_prfsha384_suite_has_salt_and_no_integ)
{
	uint8_t ni[32], nr[32], gir[32];
	ike_suite_t s = { .encr = IKE_ENCR_AES_GCM_16, .encr_keylen = 256,
			  .prf = IKE_PRF_HMAC_SHA2_384, .dh = IKE_DH_ECP_384 };
	ike_keys_t k;

	fill(ni, 32, 0x00);
	fill(nr, 32, 0x20);
	fill(gir, 32, 0x40);
	cr_assert_eq(ike_keys_derive(&k, &s, ike_chunk(ni, 32), ike_chunk(nr, 32),
				     ike_chunk(gir, 32), spi_i, spi_r),
		     0);
	cr_assert_eq(k.a_len, 0);
	cr_assert_eq(k.e_len, 36);
	assert_hex_eq(k.sk_d, k.d_len,
		      "f9c95d9b71b9dce3036c0503f9050ba5454e4edf4f211c4735678a36ea2be382c147db63d0742b"
		      "b7a7067418d1c1b1e8");
	assert_hex_eq(k.sk_ei, k.e_len,
		      "4dbc5ff5d633d9435a9da5dd51708f53d3133823f576f79c3c61000539df644e7deb9371");
	assert_hex_eq(k.sk_er, k.e_len,
		      "4a3123e1f4d1d5e1896275933263d5620fc46f6e602270808d032d50e873c2b0d1c1d551");
	assert_hex_eq(k.sk_pr, k.p_len,
		      "516bf1f96b091ea5f889ea06d2fa3dccdc3530090c94690c35563d484e929fa757e6380389abbf"
		      "256c7ba297f6399891");
}

Test(ike_keymat, rekey_uses_old_prf_and_old_sk_d)
{
	uint8_t ni[32], nr[32], gir[32], gir_new[32];
	ike_suite_t s1 = { .encr = IKE_ENCR_AES_CBC, .encr_keylen = 256,
			   .integ = IKE_INTEG_HMAC_SHA2_256_128, .prf = IKE_PRF_HMAC_SHA2_256 };
	ike_suite_t s2 = { .encr = IKE_ENCR_AES_CBC, .encr_keylen = 128,
			   .integ = IKE_INTEG_HMAC_SHA2_512_256, .prf = IKE_PRF_HMAC_SHA2_512 };
	ike_keys_t old, k;

	fill(ni, 32, 0x00);
	fill(nr, 32, 0x20);
	fill(gir, 32, 0x40);
	fill(gir_new, 32, 0x60);
	cr_assert_eq(ike_keys_derive(&old, &s1, ike_chunk(ni, 32), ike_chunk(nr, 32),
				     ike_chunk(gir, 32), spi_i, spi_r),
		     0);
	cr_assert_eq(ike_keys_derive_rekey(&k, &s2, s1.prf, ike_chunk(old.sk_d, old.d_len),
					   ike_chunk(ni, 32), ike_chunk(nr, 32),
					   ike_chunk(gir_new, 32), spi_i, spi_r),
		     0);
	assert_hex_eq(k.sk_d, k.d_len,
		      "e2dc234a1006bfa0c9392608f6ec9aa9dda389d7db147d16fd94ea4dedfedfe61802873858ef53"
		      "88eaad42e22606a9b95918a95abe000614f11ceef39e1e96dc");
	assert_hex_eq(k.sk_ei, k.e_len, "f99d4ab8133e14b5b1a4f7b059da1a8e");
	assert_hex_eq(k.sk_er, k.e_len, "708ee91e8188805e51e507dde8233837");
	assert_hex_eq(k.sk_ar, k.a_len,
		      "0dfe25ac99ac95ab1636fb7f1c13677ec3ebc1e96ab243b8608f1e9d40d5dc2b87de6e14f2f3c2"
		      "d21d14be78650d73080cffb781496939a669c856791ce06def");
}

Test(ike_keymat, child_sa_keymat_with_and_without_pfs)
{
	uint8_t ni[32], nr[32], gir[32], gir_new[32];
	ike_suite_t s1 = { .encr = IKE_ENCR_AES_CBC, .encr_keylen = 256,
			   .integ = IKE_INTEG_HMAC_SHA2_256_128, .prf = IKE_PRF_HMAC_SHA2_256 };
	ike_suite_t esp = { .encr = IKE_ENCR_AES_GCM_16, .encr_keylen = 256, .esn = IKE_ESN_NO };
	static const char *keymat =
		"2b9b2f8d7f6469c5053114fe8b9f093e4c8d1156c64f995b9b6455e3a98772fa1f7a4aac"
		"e2fe2358d4a4ce9eeb031a0a46eb7d740081ef5fef0f164d899155a8e69520c0e5aac2f4";
	static const char *keymat_pfs =
		"33a6210f4949332abe27eee8617d547ad3f83f20ec53e6087680462b176168332b3ed749"
		"067e6ae365f2950ff8841e86b8c54fa3f0fbc78424423d21725b7cbf706b461057e4db94";
	ike_keys_t k;
	ike_child_keys_t c;
	uint8_t *want;
	size_t wlen;

	fill(ni, 32, 0x00);
	fill(nr, 32, 0x20);
	fill(gir, 32, 0x40);
	fill(gir_new, 32, 0x60);
	cr_assert_eq(ike_keys_derive(&k, &s1, ike_chunk(ni, 32), ike_chunk(nr, 32),
				     ike_chunk(gir, 32), spi_i, spi_r),
		     0);
	cr_assert_eq(ike_suite_check(&esp, 0), 0);
	cr_assert_eq(ike_suite_keymat_len(&esp), 72);

	cr_assert_eq(ike_child_keys_derive(&c, &esp, k.suite.prf, ike_chunk(k.sk_d, k.d_len),
					   ike_chunk(NULL, 0), ike_chunk(ni, 32), ike_chunk(nr, 32)),
		     0);
	want = hexdec(keymat, &wlen);
	cr_assert_eq(c.e_len, 36);
	cr_assert_eq(c.a_len, 0);
	assert_bytes_eq(c.encr_i, 36, want, 36);
	assert_bytes_eq(c.encr_r, 36, want + 36, 36);
	free(want);

	cr_assert_eq(ike_child_keys_derive(&c, &esp, k.suite.prf, ike_chunk(k.sk_d, k.d_len),
					   ike_chunk(gir_new, 32), ike_chunk(ni, 32),
					   ike_chunk(nr, 32)),
		     0);
	want = hexdec(keymat_pfs, &wlen);
	assert_bytes_eq(c.encr_i, 36, want, 36);
	assert_bytes_eq(c.encr_r, 36, want + 36, 36);
	free(want);
	ike_child_keys_wipe(&c);
}

Test(ike_keymat, child_keys_order_encr_then_integ_per_direction)
{
	uint8_t skd[32], ni[16], nr[16], stream[2 * (16 + 32)];
	ike_suite_t esp = { .encr = IKE_ENCR_AES_CBC, .encr_keylen = 128,
			    .integ = IKE_INTEG_HMAC_SHA2_256_128 };
	ike_child_keys_t c;

	fill(skd, 32, 1);
	fill(ni, 16, 2);
	fill(nr, 16, 3);
	cr_assert_eq(ike_child_keymat(IKE_PRF_HMAC_SHA2_256, ike_chunk(skd, 32), ike_chunk(NULL, 0),
				      ike_chunk(ni, 16), ike_chunk(nr, 16), stream, sizeof(stream)),
		     0);
	cr_assert_eq(ike_child_keys_derive(&c, &esp, IKE_PRF_HMAC_SHA2_256, ike_chunk(skd, 32),
					   ike_chunk(NULL, 0), ike_chunk(ni, 16), ike_chunk(nr, 16)),
		     0);
	assert_bytes_eq(c.encr_i, 16, stream, 16);
	assert_bytes_eq(c.integ_i, 32, stream + 16, 32);
	assert_bytes_eq(c.encr_r, 16, stream + 48, 16);
	assert_bytes_eq(c.integ_r, 32, stream + 64, 32);
}

Test(ike_keymat, rejects_incoherent_suites)
{
	ike_suite_t aead_with_integ = { .encr = IKE_ENCR_AES_GCM_16, .encr_keylen = 128,
					.integ = IKE_INTEG_HMAC_SHA2_256_128,
					.prf = IKE_PRF_HMAC_SHA2_256 };
	ike_suite_t cbc_without_integ = { .encr = IKE_ENCR_AES_CBC, .encr_keylen = 128,
					  .prf = IKE_PRF_HMAC_SHA2_256 };
	ike_suite_t bad_keylen = { .encr = IKE_ENCR_AES_CBC, .encr_keylen = 100,
				   .integ = IKE_INTEG_HMAC_SHA2_256_128,
				   .prf = IKE_PRF_HMAC_SHA2_256 };
	ike_suite_t no_prf = { .encr = IKE_ENCR_AES_CBC, .encr_keylen = 128,
			       .integ = IKE_INTEG_HMAC_SHA2_256_128 };

	cr_assert_eq(ike_suite_check(&aead_with_integ, 1), NEA_EUNSUPPORTED);
	cr_assert_eq(ike_suite_check(&cbc_without_integ, 1), NEA_EUNSUPPORTED);
	cr_assert_eq(ike_suite_check(&bad_keylen, 1), NEA_EUNSUPPORTED);
	cr_assert_eq(ike_suite_check(&no_prf, 1), NEA_EUNSUPPORTED);
	cr_assert_eq(ike_suite_check(&no_prf, 0), 0);
}

/* --- Diffie-Hellman ---------------------------------------------------- */

static ike_dh_t *from_priv(uint16_t group, const char *hex)
{
	size_t len;
	uint8_t *priv = hexdec(hex, &len);
	ike_dh_t *dh;

	cr_assert_eq(ike_dh_new_from_private(group, priv, len, &dh), 0);
	free(priv);
	return dh;
}

static void check_vector(uint16_t group, const char *priv_i, const char *pub_i, const char *priv_r,
			 const char *pub_r, const char *shared)
{
	ike_dh_t *a = from_priv(group, priv_i), *b = from_priv(group, priv_r);
	uint8_t pa[IKE_DH_MAX_PUB], pb[IKE_DH_MAX_PUB], s1[IKE_DH_MAX_SECRET], s2[IKE_DH_MAX_SECRET];
	size_t plen = ike_dh_pub_len(group), l1, l2;

	cr_assert_eq(ike_dh_public(a, pa, plen), 0);
	cr_assert_eq(ike_dh_public(b, pb, plen), 0);
	assert_hex_eq(pa, plen, pub_i);
	assert_hex_eq(pb, plen, pub_r);
	cr_assert_eq(ike_dh_derive(a, pb, plen, s1, sizeof(s1), &l1), 0);
	cr_assert_eq(ike_dh_derive(b, pa, plen, s2, sizeof(s2), &l2), 0);
	assert_hex_eq(s1, l1, shared);
	assert_hex_eq(s2, l2, shared);
	ike_dh_free(a);
	ike_dh_free(b);
}

Test(ike_dh, rfc7748_x25519)
{
	check_vector(IKE_DH_CURVE25519,
		     "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
		     "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
		     "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
		     "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
		     "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
}

Test(ike_dh, rfc5903_ecp256)
{
	check_vector(IKE_DH_ECP_256,
		     "C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433",
		     "DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
		     "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB3",
		     "C6EF9C5D78AE012A011164ACB397CE2088685D8F06BF9BE0B283AB46476BEE53",
		     "D12DFB5289C8D4F81208B70270398C342296970A0BCCB74C736FC7554494BF63"
		     "56FBF3CA366CC23E8157854C13C58D6AAC23F046ADA30F8353E74F33039872AB",
		     "D6840F6B42F6EDAFD13116E0E12565202FEF8E9ECE7DCE03812464D04B9442DE");
}

Test(ike_dh, rfc5903_ecp384)
{
	check_vector(IKE_DH_ECP_384,
		     "099F3C7034D4A2C699884D73A375A67F7624EF7C6B3C0F160647B67414DCE655E35B538041E649EE"
		     "3FAEF896783AB194",
		     "667842D7D180AC2CDE6F74F37551F55755C7645C20EF73E31634FE72B4C55EE6DE3AC808ACB4BDB4"
		     "C88732AEE95F41AA9482ED1FC0EEB9CAFC4984625CCFC23F65032149E0E144ADA024181535A0F38E"
		     "EB9FCFF3C2C947DAE69B4C634573A81C",
		     "41CB0779B4BDB85D47846725FBEC3C9430FAB46CC8DC5060855CC9BDA0AA2942E0308312916B8ED2"
		     "960E4BD55A7448FC",
		     "E558DBEF53EECDE3D3FCCFC1AEA08A89A987475D12FD950D83CFA41732BC509D0D1AC43A0336DEF9"
		     "6FDA41D0774A3571DCFBEC7AACF3196472169E838430367F66EEBE3C6E70C416DD5F0C68759DD1FF"
		     "F83FA40142209DFF5EAAD96DB9E6386C",
		     "11187331C279962D93D604243FD592CB9D0A926F422E47187521287E7156C5C4D603135569B9E9D0"
		     "9CF5D4A270F59746");
}

static void agree(uint16_t group)
{
	ike_dh_t *a, *b;
	uint8_t pa[IKE_DH_MAX_PUB], pb[IKE_DH_MAX_PUB], s1[IKE_DH_MAX_SECRET], s2[IKE_DH_MAX_SECRET];
	size_t plen = ike_dh_pub_len(group), l1, l2;

	cr_assert_eq(ike_dh_new(group, &a), 0);
	cr_assert_eq(ike_dh_new(group, &b), 0);
	cr_assert_eq(ike_dh_group(a), group);
	cr_assert_eq(ike_dh_public(a, pa, plen), 0);
	cr_assert_eq(ike_dh_public(b, pb, plen), 0);
	cr_assert_eq(ike_dh_derive(a, pb, plen, s1, sizeof(s1), &l1), 0);
	cr_assert_eq(ike_dh_derive(b, pa, plen, s2, sizeof(s2), &l2), 0);
	cr_assert_eq(l1, ike_dh_secret_len(group));
	assert_bytes_eq(s1, l1, s2, l2);
	ike_dh_free(a);
	ike_dh_free(b);
}

Test(ike_dh, random_keys_agree_in_every_group)
{
	agree(IKE_DH_MODP_2048);
	agree(IKE_DH_ECP_256);
	agree(IKE_DH_ECP_384);
	agree(IKE_DH_CURVE25519);
}

Test(ike_dh, unsupported_group)
{
	ike_dh_t *dh;

	cr_assert_eq(ike_dh_new(IKE_DH_MODP_1024, &dh), NEA_EUNSUPPORTED);
	cr_assert_null(dh);
	cr_assert_not(ike_dh_supported(IKE_DH_CURVE448));
	cr_assert_eq(ike_dh_pub_len(IKE_DH_MODP_1024), 0);
}

static void expect_reject(ike_dh_t *dh, const uint8_t *peer, size_t len)
{
	uint8_t s[IKE_DH_MAX_SECRET];
	size_t l = 99;

	cr_assert_eq(ike_dh_derive(dh, peer, len, s, sizeof(s), &l), NEA_EINVAL);
	cr_assert_eq(l, 0);
}

Test(ike_dh, modp_rejects_degenerate_values)
{
	ike_dh_t *dh;
	uint8_t peer[256], p_minus_1[256];
	size_t plen;
	uint8_t *p = hexdec(
		/* RFC 3526 group 14 prime */
		"FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A"
		"08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9"
		"A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163"
		"BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D"
		"670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C5"
		"5DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFF"
		"FFFFFFFF",
		&plen);

	cr_assert_eq(plen, 256);
	cr_assert_eq(ike_dh_new(IKE_DH_MODP_2048, &dh), 0);
	memset(peer, 0, sizeof(peer));
	expect_reject(dh, peer, 256); /* 0 */
	peer[255] = 1;
	expect_reject(dh, peer, 256); /* 1 */
	memcpy(p_minus_1, p, 256);
	p_minus_1[255] -= 1;
	expect_reject(dh, p_minus_1, 256); /* p - 1 */
	expect_reject(dh, p, 256);         /* p */
	memset(peer, 0xff, sizeof(peer));
	expect_reject(dh, peer, 256);      /* > p */
	peer[255] = 2;
	expect_reject(dh, peer, 255);      /* wrong length */
	ike_dh_free(dh);
	free(p);
}

Test(ike_dh, ecp_rejects_point_off_curve)
{
	ike_dh_t *dh;
	size_t len;
	/* the RFC 5903 public value with the last y byte changed */
	uint8_t *peer = hexdec("DAD0B65394221CF9B051E1FECA5787D098DFE637FC90B9EF945D0C3772581180"
			       "5271A0461CDB8252D61F1C456FA3E59AB1F45B33ACCF5F58389E0577B8990BB4",
			       &len);
	uint8_t zero[64] = { 0 };

	cr_assert_eq(ike_dh_new(IKE_DH_ECP_256, &dh), 0);
	expect_reject(dh, peer, len);
	expect_reject(dh, zero, sizeof(zero));
	expect_reject(dh, peer, len - 1);
	ike_dh_free(dh);
	free(peer);
}

Test(ike_dh, x25519_rejects_low_order_points)
{
	ike_dh_t *dh;
	uint8_t zero[32] = { 0 }, one[32] = { 1 };

	cr_assert_eq(ike_dh_new(IKE_DH_CURVE25519, &dh), 0);
	/* u = 0 and u = 1 give an all-zero shared secret (RFC 7748 §6.1) */
	expect_reject(dh, zero, 32);
	expect_reject(dh, one, 32);
	expect_reject(dh, one, 31);
	ike_dh_free(dh);
}

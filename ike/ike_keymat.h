/*
 * ike_keymat: IKE SA and CHILD_SA key derivation (RFC 7296 §2.13, §2.14,
 * §2.17, §2.18).
 *
 * Contract:
 *  - An ike_suite_t names the algorithms of a selected proposal (one per
 *    transform type); ike_suite_check() accepts only what ike_alg.h
 *    implements, with INTEG absent (0) exactly for AEAD ciphers.
 *  - ike_keys_derive(): SKEYSEED = prf(Ni | Nr, g^ir) and
 *    {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
 *        = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr),
 *    SK_d/SK_p as long as the PRF output, SK_a the INTEG key (none for AEAD),
 *    SK_e the cipher key followed by the AEAD salt (RFC 5282 §7.1).
 *  - ike_keys_derive_rekey(): SKEYSEED = prf_old(SK_d old, g^ir | Ni | Nr)
 *    with the old SA's PRF (RFC 7296 §2.18), the rest as above with the new
 *    suite and SPIs.
 *  - ike_child_keymat(): KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr), split by
 *    ike_child_keys_split() into encr_i | integ_i | encr_r | integ_r, each
 *    encryption key including its salt for AEAD.
 *  - Secrets live in the structs; ike_keys_wipe()/ike_child_keys_wipe()
 *    clear them, and every intermediate value (SKEYSEED, prf+ stream) is
 *    wiped before return.
 */
#ifndef IKE_KEYMAT_H
#define IKE_KEYMAT_H

#include <stddef.h>
#include <stdint.h>

#include "ike_alg.h"
#include "ike_chunk.h"

typedef struct {
	uint16_t encr;
	uint16_t encr_keylen; /* bits, 0 for fixed-size keys */
	uint16_t integ;       /* 0 with AEAD */
	uint16_t prf;         /* 0 for CHILD_SA suites */
	uint16_t dh;          /* 0 = none */
	uint16_t esn;         /* CHILD_SA only */
} ike_suite_t;

typedef struct {
	ike_suite_t suite;
	size_t d_len; /* = p_len = PRF output */
	size_t a_len;
	size_t e_len; /* key + salt */
	size_t p_len;
	uint8_t sk_d[IKE_MAX_PRF_LEN];
	uint8_t sk_ai[IKE_MAX_INTEG_KEY];
	uint8_t sk_ar[IKE_MAX_INTEG_KEY];
	uint8_t sk_ei[IKE_MAX_ENCR_KEY];
	uint8_t sk_er[IKE_MAX_ENCR_KEY];
	uint8_t sk_pi[IKE_MAX_PRF_LEN];
	uint8_t sk_pr[IKE_MAX_PRF_LEN];
} ike_keys_t;

typedef struct {
	ike_suite_t suite;
	size_t e_len; /* key + salt */
	size_t a_len;
	uint8_t encr_i[IKE_MAX_ENCR_KEY]; /* initiator -> responder */
	uint8_t integ_i[IKE_MAX_INTEG_KEY];
	uint8_t encr_r[IKE_MAX_ENCR_KEY]; /* responder -> initiator */
	uint8_t integ_r[IKE_MAX_INTEG_KEY];
} ike_child_keys_t;

/* ike_sa: true for an IKE SA suite (PRF required), false for ESP/AH. */
int ike_suite_check(const ike_suite_t *s, int ike_sa);
/* Bytes of key material a suite needs (CHILD_SA: both directions). */
size_t ike_suite_keymat_len(const ike_suite_t *s);

int ike_keys_derive(ike_keys_t *k, const ike_suite_t *s, ike_chunk_t ni, ike_chunk_t nr,
		    ike_chunk_t gir, const uint8_t spi_i[8], const uint8_t spi_r[8]);
int ike_keys_derive_rekey(ike_keys_t *k, const ike_suite_t *s, uint16_t old_prf,
			  ike_chunk_t old_sk_d, ike_chunk_t ni, ike_chunk_t nr, ike_chunk_t gir,
			  const uint8_t spi_i[8], const uint8_t spi_r[8]);
void ike_keys_wipe(ike_keys_t *k);

/* gir.len == 0: no PFS. out_len bytes of KEYMAT. */
int ike_child_keymat(uint16_t prf, ike_chunk_t sk_d, ike_chunk_t gir, ike_chunk_t ni,
		     ike_chunk_t nr, uint8_t *out, size_t out_len);
int ike_child_keys_derive(ike_child_keys_t *c, const ike_suite_t *child, uint16_t prf,
			  ike_chunk_t sk_d, ike_chunk_t gir, ike_chunk_t ni, ike_chunk_t nr);
void ike_child_keys_wipe(ike_child_keys_t *c);

#endif

/*
 * ike_sigalg: the ASN.1 AlgorithmIdentifier of a "Digital Signature" AUTH
 * payload (method 14, RFC 7427 §3) and the SIGNATURE_HASH_ALGORITHMS list.
 *
 * Contract: decode() accepts the signature algorithms nea verifies:
 * sha{1,256,384,512}WithRSAEncryption (NULL or absent parameters),
 * ecdsa-with-SHA{1,256,384,512} (no parameters), and id-RSASSA-PSS with
 * SHA-256/384/512 (RFC 4055 parameters: hash, MGF1 with a hash, salt
 * length, trailer 1; absent fields take the RFC 4055 defaults, which nea
 * then refuses because they mean SHA-1). Anything else is
 * NEA_EUNSUPPORTED; malformed DER is NEA_EINVAL with the byte offset. The
 * reader is a minimal definite-length DER walker over nea_rd_t (no
 * indefinite lengths, lengths up to 16 bits). encode() writes the form
 * strongSwan writes: NULL parameters for RSA and for the hashes inside the
 * PSS parameters, salt length = hash length, trailer omitted.
 */
#ifndef IKE_SIGALG_H
#define IKE_SIGALG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_chunk.h"
#include "nea_buf.h"
#include "nea_err.h"

enum {
	IKE_SIG_RSA_PKCS1 = 1,
	IKE_SIG_RSA_PSS = 2,
	IKE_SIG_ECDSA = 3,
};

typedef struct {
	int scheme;
	uint16_t hash;      /* IKE_HASH_* (RFC 7427 numbers) */
	uint16_t mgf1_hash; /* PSS only */
	uint16_t salt_len;  /* PSS only */
} ike_sigalg_t;

int ike_sigalg_decode(ike_chunk_t der, ike_sigalg_t *alg, nea_perr_t *err);
int ike_sigalg_encode(const ike_sigalg_t *alg, nea_wr_t *w);
/* OpenSSL digest name and output length of an RFC 7427 hash id. */
const char *ike_hash_digest(uint16_t hash);
size_t ike_hash_len(uint16_t hash);

/* SIGNATURE_HASH_ALGORITHMS notify data: a list of 16-bit hash ids. */
int ike_hash_algs_build(const uint16_t *algs, size_t n, nea_wr_t *w);
bool ike_hash_algs_has(ike_chunk_t data, uint16_t hash);

#endif

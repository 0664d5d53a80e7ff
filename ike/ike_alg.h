/*
 * ike_alg: what nea knows about each negotiated algorithm (key, IV, block
 * and ICV sizes, the OpenSSL name behind it), in one table so key
 * derivation, the SK payload and proposal selection agree.
 *
 * Contract: a lookup returns true and fills the info only for algorithms
 * nea implements: ENCR AES-CBC (128/192/256), AES-GCM with 8/12/16-byte
 * ICV (128/192/256), ChaCha20-Poly1305; INTEG HMAC-SHA1-96 and
 * HMAC-SHA2-256-128/384-192/512-256; PRF HMAC-SHA1 and HMAC-SHA2-256/384/
 * 512; DH groups in ike_dh.h. Sizes are in bytes; keylen_bits is the Key
 * Length attribute (0 where the algorithm has a fixed key).
 */
#ifndef IKE_ALG_H
#define IKE_ALG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IKE_MAX_ENCR_KEY 36 /* AES-256 or ChaCha20 key + 4-byte salt */
#define IKE_MAX_INTEG_KEY 64
#define IKE_MAX_PRF_LEN 64
#define IKE_MAX_ICV 32
#define IKE_MAX_IV 16

typedef struct {
	const char *cipher; /* OpenSSL cipher name */
	size_t key_len;     /* cipher key, without salt */
	size_t salt_len;    /* AEAD: taken from the key material after the key */
	size_t iv_len;      /* IV carried in the SK payload */
	size_t block_len;   /* plaintext padding granularity */
	size_t icv_len;     /* AEAD tag; 0 for ciphers that need INTEG */
	bool aead;
} ike_encr_info_t;

typedef struct {
	const char *digest;
	size_t key_len;
	size_t icv_len; /* truncated HMAC output */
} ike_integ_info_t;

typedef struct {
	const char *digest;
	size_t len; /* output length = preferred key length */
} ike_prf_info_t;

bool ike_encr_info(uint16_t id, uint16_t keylen_bits, ike_encr_info_t *info);
bool ike_integ_info(uint16_t id, ike_integ_info_t *info);
bool ike_prf_info(uint16_t id, ike_prf_info_t *info);
/* True for encryption algorithms that carry their own integrity (AEAD). */
bool ike_encr_is_aead(uint16_t id);

#endif

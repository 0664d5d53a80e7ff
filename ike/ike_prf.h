/*
 * ike_prf: HMAC, the IKEv2 pseudorandom function and prf+ (RFC 7296 §2.13).
 *
 * Contract: the inputs are lists of chunks hashed as if concatenated, so
 * callers never build "Ni | Nr | SPIi | SPIr" buffers. ike_prf() writes
 * exactly ike_prf_len(prf) bytes. ike_prf_plus() produces outlen bytes of
 *     T1 = prf(K, S | 0x01), Tn = prf(K, Tn-1 | S | n), n <= 255,
 * so outlen may not exceed 255 * ike_prf_len(prf) (NEA_EINVAL). Keys may be
 * any length (HMAC hashes long keys); an empty key is refused. Errors:
 * NEA_EUNSUPPORTED for an unknown PRF, NEA_ECRYPTO when OpenSSL fails.
 * Intermediate values are wiped.
 */
#ifndef IKE_PRF_H
#define IKE_PRF_H

#include <stddef.h>
#include <stdint.h>

#include "ike_chunk.h"

/* HMAC with an OpenSSL digest name; *out_len receives the MAC length (the
 * caller truncates for INTEG algorithms). out_size must fit the digest. */
int ike_hmac(const char *digest, const uint8_t *key, size_t key_len, const ike_chunk_t *parts,
	     size_t nparts, uint8_t *out, size_t out_size, size_t *out_len);

/* Output length of a PRF (0 if unsupported). */
size_t ike_prf_len(uint16_t prf);
int ike_prf(uint16_t prf, const uint8_t *key, size_t key_len, const ike_chunk_t *parts,
	    size_t nparts, uint8_t *out);
int ike_prf_plus(uint16_t prf, const uint8_t *key, size_t key_len, const ike_chunk_t *seed,
		 size_t nseed, uint8_t *out, size_t out_len);

#endif

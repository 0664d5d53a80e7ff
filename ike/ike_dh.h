/*
 * ike_dh: Diffie-Hellman / ECDH key exchange for the KE payload, with
 * OpenSSL's EVP interface.
 *
 * Contract:
 *  - Groups: MODP-2048 (14), ECP-256 (19), ECP-384 (20), Curve25519 (31).
 *  - Wire encodings of the KE data: MODP g^x big-endian padded to the
 *    modulus (256 bytes); ECP x | y, each padded to the field size, without
 *    the 0x04 point-format octet (RFC 5903 §7); X25519 the raw 32-byte
 *    u-coordinate (RFC 8031 §2).
 *  - ike_dh_derive() validates the peer's value before using it: exact
 *    length, MODP 1 < y < p-1 and in the prime-order subgroup, ECP on the
 *    curve and not the point at infinity, X25519 result not all zero
 *    (RFC 8031 §2.3). Invalid input is NEA_EINVAL (the daemon answers
 *    INVALID_SYNTAX / drops), a wrong length too.
 *  - The shared secret g^ir is padded to the modulus for MODP (RFC 7296
 *    §2.14), the x coordinate for ECP (RFC 5903 §7), 32 bytes for X25519.
 *  - ike_dh_new_from_private() takes a fixed private key so the published
 *    test vectors can be reproduced (ECP and X25519 only).
 */
#ifndef IKE_DH_H
#define IKE_DH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IKE_DH_MAX_PUB 256
#define IKE_DH_MAX_SECRET 256

typedef struct ike_dh ike_dh_t;

bool ike_dh_supported(uint16_t group);
/* KE data length of a group (0 if unsupported). */
size_t ike_dh_pub_len(uint16_t group);
size_t ike_dh_secret_len(uint16_t group);

int ike_dh_new(uint16_t group, ike_dh_t **out);
int ike_dh_new_from_private(uint16_t group, const uint8_t *priv, size_t priv_len, ike_dh_t **out);
uint16_t ike_dh_group(const ike_dh_t *dh);
/* Our KE data; len must be ike_dh_pub_len(). */
int ike_dh_public(const ike_dh_t *dh, uint8_t *out, size_t len);
/* g^ir into secret (ike_dh_secret_len bytes); *secret_len receives it. */
int ike_dh_derive(const ike_dh_t *dh, const uint8_t *peer, size_t peer_len, uint8_t *secret,
		  size_t secret_size, size_t *secret_len);
void ike_dh_free(ike_dh_t *dh);

#endif

/*
 * ike_cookie: stateless COOKIE notifies against IKE_SA_INIT floods
 * (RFC 7296 §2.6).
 *
 * Contract: cookie = <secret version, 4 bytes> | HMAC-SHA256(secret, Ni |
 * IPi | SPIi), 36 bytes (the RFC's "VersionIDofSecret | Hash(Ni | IPi |
 * SPIi | secret)" with a keyed MAC in place of the plain hash). The daemon
 * hands out cookies while it is under load and accepts a returned cookie if
 * it was made with the current secret or the one before it, so a rotation
 * does not invalidate cookies in flight; anything older, malformed or
 * forged is refused (constant-time comparison). The secret is random
 * (RAND_bytes), replaced by ike_cookie_rotate() or, once period seconds
 * have passed, by ike_cookie_tick(); it is wiped by ike_cookie_wipe().
 */
#ifndef IKE_COOKIE_H
#define IKE_COOKIE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IKE_COOKIE_LEN 36

typedef struct {
	uint8_t secret[2][32]; /* indexed by version & 1 */
	uint32_t version;
	bool have_prev;
	uint64_t rotated_at;
} ike_cookie_t;

int ike_cookie_init(ike_cookie_t *c, uint64_t now);
int ike_cookie_rotate(ike_cookie_t *c, uint64_t now);
/* Rotate when the current secret is at least period seconds old. */
int ike_cookie_tick(ike_cookie_t *c, uint64_t now, uint64_t period);
int ike_cookie_make(const ike_cookie_t *c, const uint8_t *ni, size_t ni_len, const uint8_t *ip,
		    size_t ip_len, const uint8_t spi_i[8], uint8_t out[IKE_COOKIE_LEN]);
bool ike_cookie_verify(const ike_cookie_t *c, const uint8_t *ni, size_t ni_len, const uint8_t *ip,
		       size_t ip_len, const uint8_t spi_i[8], const uint8_t *cookie,
		       size_t cookie_len);
void ike_cookie_wipe(ike_cookie_t *c);

#endif

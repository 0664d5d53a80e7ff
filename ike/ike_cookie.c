#include "ike_cookie.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <string.h>

#include "ike_prf.h"
#include "nea_buf.h"
#include "nea_err.h"

int ike_cookie_init(ike_cookie_t *c, uint64_t now)
{
	memset(c, 0, sizeof(*c));
	if (RAND_bytes(c->secret[0], sizeof(c->secret[0])) != 1)
		return NEA_ECRYPTO;
	c->rotated_at = now;
	return 0;
}

int ike_cookie_rotate(ike_cookie_t *c, uint64_t now)
{
	uint32_t next = c->version + 1;

	if (RAND_bytes(c->secret[next & 1], sizeof(c->secret[0])) != 1)
		return NEA_ECRYPTO;
	c->version = next;
	c->have_prev = true;
	c->rotated_at = now;
	return 0;
}

int ike_cookie_tick(ike_cookie_t *c, uint64_t now, uint64_t period)
{
	if (now >= c->rotated_at && now - c->rotated_at >= period)
		return ike_cookie_rotate(c, now);
	return 0;
}

static int mac(const ike_cookie_t *c, uint32_t version, const uint8_t *ni, size_t ni_len,
	       const uint8_t *ip, size_t ip_len, const uint8_t spi_i[8], uint8_t out[32])
{
	ike_chunk_t parts[3] = { ike_chunk(ni, ni_len), ike_chunk(ip, ip_len),
				 ike_chunk(spi_i, 8) };
	size_t len;
	int rc;

	rc = ike_hmac("SHA256", c->secret[version & 1], sizeof(c->secret[0]), parts, 3, out, 32,
		      &len);
	return rc ? rc : len == 32 ? 0 : NEA_ECRYPTO;
}

int ike_cookie_make(const ike_cookie_t *c, const uint8_t *ni, size_t ni_len, const uint8_t *ip,
		    size_t ip_len, const uint8_t spi_i[8], uint8_t out[IKE_COOKIE_LEN])
{
	nea_put_u32(out, c->version);
	return mac(c, c->version, ni, ni_len, ip, ip_len, spi_i, out + 4);
}

bool ike_cookie_verify(const ike_cookie_t *c, const uint8_t *ni, size_t ni_len, const uint8_t *ip,
		       size_t ip_len, const uint8_t spi_i[8], const uint8_t *cookie,
		       size_t cookie_len)
{
	uint8_t want[32];
	uint32_t version;
	bool ok;

	if (cookie_len != IKE_COOKIE_LEN)
		return false;
	version = nea_get_u32(cookie);
	if (version != c->version && !(c->have_prev && version == c->version - 1))
		return false;
	if (mac(c, version, ni, ni_len, ip, ip_len, spi_i, want))
		return false;
	ok = CRYPTO_memcmp(want, cookie + 4, sizeof(want)) == 0;
	OPENSSL_cleanse(want, sizeof(want));
	return ok;
}

void ike_cookie_wipe(ike_cookie_t *c)
{
	OPENSSL_cleanse(c, sizeof(*c));
}

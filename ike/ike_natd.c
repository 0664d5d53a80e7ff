#include "ike_natd.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "nea_err.h"

int ike_natd_hash(const uint8_t spi_i[8], const uint8_t spi_r[8], const uint8_t *addr,
		  size_t addr_len, uint16_t port, uint8_t out[IKE_NATD_LEN])
{
	uint8_t p[2] = { (uint8_t)(port >> 8), (uint8_t)port };
	EVP_MD_CTX *ctx;
	unsigned int len = 0;
	int rc = NEA_ECRYPTO;

	if (addr_len != 4 && addr_len != 16)
		return NEA_EINVAL;
	ctx = EVP_MD_CTX_new();
	if (ctx && EVP_DigestInit_ex2(ctx, EVP_sha1(), NULL) && EVP_DigestUpdate(ctx, spi_i, 8) &&
	    EVP_DigestUpdate(ctx, spi_r, 8) && EVP_DigestUpdate(ctx, addr, addr_len) &&
	    EVP_DigestUpdate(ctx, p, 2) && EVP_DigestFinal_ex(ctx, out, &len) &&
	    len == IKE_NATD_LEN)
		rc = 0;
	EVP_MD_CTX_free(ctx);
	return rc;
}

bool ike_natd_check(const uint8_t spi_i[8], const uint8_t spi_r[8], const uint8_t *addr,
		    size_t addr_len, uint16_t port, const uint8_t *hash, size_t hash_len)
{
	uint8_t want[IKE_NATD_LEN];

	if (hash_len != IKE_NATD_LEN || ike_natd_hash(spi_i, spi_r, addr, addr_len, port, want))
		return false;
	return CRYPTO_memcmp(want, hash, IKE_NATD_LEN) == 0;
}

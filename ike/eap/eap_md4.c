#include "eap_md4.h"

#include <openssl/crypto.h>
#include <string.h>

#define F(x, y, z) (((x) & (y)) | (~(x) & (z)))
#define G(x, y, z) (((x) & (y)) | ((x) & (z)) | ((y) & (z)))
#define H(x, y, z) ((x) ^ (y) ^ (z))
#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

/* One 64-byte block (RFC 1320 §3.4). */
static void block(uint32_t st[4], const uint8_t *p)
{
	/* message word order and shift amounts of rounds 2 and 3 */
	static const uint8_t r2[16] = { 0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15 };
	static const uint8_t r3[16] = { 0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15 };
	static const uint8_t s1[4] = { 3, 7, 11, 19 }, s2[4] = { 3, 5, 9, 13 },
			     s3[4] = { 3, 9, 11, 15 };
	uint32_t x[16], v[4], t;

	for (int i = 0; i < 16; i++)
		x[i] = le32(p + 4 * i);
	memcpy(v, st, sizeof(v));
	/* each step updates one of a, b, c, d in turn: index (4 - i) % 4 */
	for (int i = 0; i < 16; i++) {
		uint32_t *a = &v[(4 - i % 4) % 4], b = v[(5 - i % 4) % 4], c = v[(6 - i % 4) % 4],
			 d = v[(7 - i % 4) % 4];

		t = *a + F(b, c, d) + x[i];
		*a = ROTL(t, s1[i % 4]);
	}
	for (int i = 0; i < 16; i++) {
		uint32_t *a = &v[(4 - i % 4) % 4], b = v[(5 - i % 4) % 4], c = v[(6 - i % 4) % 4],
			 d = v[(7 - i % 4) % 4];

		t = *a + G(b, c, d) + x[r2[i]] + 0x5a827999u;
		*a = ROTL(t, s2[i % 4]);
	}
	for (int i = 0; i < 16; i++) {
		uint32_t *a = &v[(4 - i % 4) % 4], b = v[(5 - i % 4) % 4], c = v[(6 - i % 4) % 4],
			 d = v[(7 - i % 4) % 4];

		t = *a + H(b, c, d) + x[r3[i]] + 0x6ed9eba1u;
		*a = ROTL(t, s3[i % 4]);
	}
	for (int i = 0; i < 4; i++)
		st[i] += v[i];
	OPENSSL_cleanse(x, sizeof(x));
}

void eap_md4(const uint8_t *data, size_t len, uint8_t out[16])
{
	uint32_t st[4] = { 0x67452301u, 0xefcdab89u, 0x98badcfeu, 0x10325476u };
	uint8_t tail[128];
	uint64_t bits = (uint64_t)len * 8;
	size_t full = len - len % 64, rest = len % 64, tlen;

	for (size_t off = 0; off < full; off += 64)
		block(st, data + off);
	/* padding: 0x80, zeros to 56 mod 64, bit length little-endian */
	memset(tail, 0, sizeof(tail));
	if (rest)
		memcpy(tail, data + full, rest);
	tail[rest] = 0x80;
	tlen = rest < 56 ? 64 : 128;
	for (int i = 0; i < 8; i++)
		tail[tlen - 8 + i] = (uint8_t)(bits >> (8 * i));
	for (size_t off = 0; off < tlen; off += 64)
		block(st, tail + off);
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
			out[4 * i + j] = (uint8_t)(st[i] >> (8 * j));
	OPENSSL_cleanse(tail, sizeof(tail));
	OPENSSL_cleanse(st, sizeof(st));
}

#include "eap_md5.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "eap_method_int.h"

/*
 *   EAP-MD5 Type-Data (RFC 3748 §5.4 / RFC 1994 §4.1):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Value-Size   |  Value ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Name ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
typedef struct {
	eap_method_t m;
	uint8_t secret[EAP_MD5_SECRET_MAX];
	size_t secret_len;
	uint8_t challenge[EAP_MD5_CHALLENGE_LEN];
} md5_t;

int eap_md5_response(uint8_t id, const uint8_t *secret, size_t secret_len,
		     const uint8_t *challenge, size_t challenge_len, uint8_t out[16])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	int rc = NEA_ECRYPTO;

	if (ctx && EVP_DigestInit_ex2(ctx, EVP_md5(), NULL) && EVP_DigestUpdate(ctx, &id, 1) &&
	    EVP_DigestUpdate(ctx, secret, secret_len) &&
	    EVP_DigestUpdate(ctx, challenge, challenge_len) && EVP_DigestFinal_ex(ctx, out, &len) &&
	    len == 16)
		rc = 0;
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* Value-Size | Value of a Request or Response. */
static int read_value(const eap_pkt_t *in, const uint8_t **value, size_t *len, nea_perr_t *err)
{
	nea_rd_t r;
	uint8_t vs;

	nea_rd_init(&r, in->data, in->data_len);
	if (!nea_rd_u8(&r, &vs) || vs == 0)
		return nea_perr(err, NEA_EINVAL, 5, "EAP-MD5 without a value");
	if (!nea_rd_bytes(&r, vs, value))
		return nea_perr(err, NEA_ETRUNC, 5, "EAP-MD5 value size %u exceeds the packet", vs);
	*len = vs;
	return 0;
}

static int md5_start(eap_method_t *m, nea_wr_t *out)
{
	md5_t *s = (md5_t *)m;
	uint8_t data[1 + EAP_MD5_CHALLENGE_LEN];
	int rc;

	rc = eap_method_random(m, s->challenge, sizeof(s->challenge));
	if (rc)
		return rc;
	data[0] = EAP_MD5_CHALLENGE_LEN;
	memcpy(data + 1, s->challenge, EAP_MD5_CHALLENGE_LEN);
	return eap_pkt_build(out, EAP_CODE_REQUEST, m->id, EAP_TYPE_MD5, data, sizeof(data));
}

static int md5_process(eap_method_t *m, const eap_pkt_t *in, nea_wr_t *out, nea_perr_t *err)
{
	md5_t *s = (md5_t *)m;
	const uint8_t *value = NULL;
	uint8_t hash[16], data[17];
	size_t len = 0;
	int rc;

	rc = read_value(in, &value, &len, err);
	if (rc)
		return rc;
	if (m->server) {
		rc = eap_md5_response(m->id, s->secret, s->secret_len, s->challenge,
				      sizeof(s->challenge), hash);
		if (rc)
			return rc;
		rc = len == 16 && CRYPTO_memcmp(hash, value, 16) == 0 ? EAP_M_SUCCESS : EAP_M_FAILURE;
		OPENSSL_cleanse(hash, sizeof(hash));
		return rc;
	}
	rc = eap_md5_response(m->id, s->secret, s->secret_len, value, len, hash);
	if (rc)
		return rc;
	data[0] = 16;
	memcpy(data + 1, hash, 16);
	rc = eap_pkt_build(out, EAP_CODE_RESPONSE, m->id, EAP_TYPE_MD5, data, sizeof(data));
	OPENSSL_cleanse(hash, sizeof(hash));
	if (rc)
		return rc;
	m->peer_done = true;
	return EAP_M_DONE;
}

static void md5_destroy(eap_method_t *m)
{
	OPENSSL_cleanse(m, sizeof(md5_t));
	free(m);
}

static const eap_method_ops_t md5_ops = {
	.name = "MD5", .start = md5_start, .process = md5_process, .destroy = md5_destroy,
};

static eap_method_t *md5_new(const uint8_t *secret, size_t len, bool server)
{
	md5_t *s;

	if (len > EAP_MD5_SECRET_MAX)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	eap_method_init(&s->m, &md5_ops, EAP_TYPE_MD5, server);
	if (len)
		memcpy(s->secret, secret, len);
	s->secret_len = len;
	return &s->m;
}

eap_method_t *eap_md5_server_new(const uint8_t *secret, size_t len)
{
	return md5_new(secret, len, true);
}

eap_method_t *eap_md5_peer_new(const uint8_t *secret, size_t len)
{
	return md5_new(secret, len, false);
}

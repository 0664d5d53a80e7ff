#include "eap_mschapv2.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eap_md4.h"
#include "eap_method_int.h"
#include "nea_hex.h"

/*
 *   EAP-MSCHAPv2 Type-Data (draft-kamath-pppext-eap-mschapv2-02 §2):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |    OpCode     | MS-CHAPv2-ID  |           MS-Length           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Value-Size   |  Value ...                 |  Name / Message ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   MS-Length = EAP Length - 5 (the Type-Data length).
 *   Challenge (1):  Value-Size 16, Challenge, Name.
 *   Response  (2):  Value-Size 49, Peer-Challenge (16), Reserved (8, zero),
 *                   NT-Response (24), Flags (1, zero), Name.
 *   Success   (3):  request: Message "S=<auth response> M=<text>";
 *                   response: OpCode only.
 *   Failure   (4):  request: Message "E=eee R=r C=<hex> V=v M=<text>";
 *                   response: OpCode only.
 */

enum {
	OP_CHALLENGE = 1,
	OP_RESPONSE = 2,
	OP_SUCCESS = 3,
	OP_FAILURE = 4,
};

#define RESPONSE_VALUE_LEN 49
#define AUTH_RESPONSE_LEN 42 /* "S=" + 40 hex */
#define SERVER_NAME "nea"
#define SUCCESS_TEXT " M=Welcome2nea"

enum {
	ST_INIT,
	ST_CHALLENGE_SENT,  /* server */
	ST_SUCCESS_SENT,    /* server */
	ST_RESPONSE_SENT,   /* peer */
	ST_VERIFIED,        /* peer: server proved itself */
};

typedef struct {
	eap_method_t m;
	int state;
	uint8_t nt_hash[16];
	uint8_t identity[EAP_MSCHAPV2_NAME_MAX];
	size_t identity_len;
	uint8_t ms_id;
	uint8_t auth_challenge[16];
	uint8_t peer_challenge[16];
	uint8_t nt_response[24];
	char auth_response[AUTH_RESPONSE_LEN + 1];
	int error;
} mschap_t;

/* --- RFC 2759 §8 -------------------------------------------------------- */

static int sha1_parts(const void *a, size_t alen, const void *b, size_t blen, const void *c,
		      size_t clen, const void *d, size_t dlen, uint8_t out[20])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int len = 0;
	int rc = NEA_ECRYPTO;

	if (ctx && EVP_DigestInit_ex2(ctx, EVP_sha1(), NULL) && EVP_DigestUpdate(ctx, a, alen) &&
	    EVP_DigestUpdate(ctx, b, blen) && EVP_DigestUpdate(ctx, c, clen) &&
	    (!dlen || EVP_DigestUpdate(ctx, d, dlen)) && EVP_DigestFinal_ex(ctx, out, &len) &&
	    len == 20)
		rc = 0;
	EVP_MD_CTX_free(ctx);
	return rc;
}

/* UTF-8 -> UTF-16LE; NEA_EINVAL for malformed UTF-8 or too long. */
static int utf16le(const uint8_t *s, size_t len, uint8_t *out, size_t out_size, size_t *out_len)
{
	size_t i = 0, o = 0;

	while (i < len) {
		uint32_t cp;
		size_t n;

		if (s[i] < 0x80) {
			cp = s[i];
			n = 1;
		} else if ((s[i] & 0xe0) == 0xc0) {
			cp = s[i] & 0x1f;
			n = 2;
		} else if ((s[i] & 0xf0) == 0xe0) {
			cp = s[i] & 0x0f;
			n = 3;
		} else if ((s[i] & 0xf8) == 0xf0) {
			cp = s[i] & 0x07;
			n = 4;
		} else {
			return NEA_EINVAL;
		}
		if (len - i < n)
			return NEA_EINVAL;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return NEA_EINVAL;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		/* overlong forms, surrogates and values beyond Unicode */
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return NEA_EINVAL;
		i += n;
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			uint16_t hi = (uint16_t)(0xd800 | (v >> 10)), lo = (uint16_t)(0xdc00 | (v & 0x3ff));

			if (out_size - o < 4)
				return NEA_ETOOBIG;
			out[o++] = (uint8_t)hi;
			out[o++] = (uint8_t)(hi >> 8);
			out[o++] = (uint8_t)lo;
			out[o++] = (uint8_t)(lo >> 8);
		} else {
			if (out_size - o < 2)
				return NEA_ETOOBIG;
			out[o++] = (uint8_t)cp;
			out[o++] = (uint8_t)(cp >> 8);
		}
	}
	*out_len = o;
	return 0;
}

int eap_mschapv2_nt_hash(const uint8_t *password, size_t len, uint8_t out[16])
{
	/* RFC 2759: at most 256 Unicode characters */
	uint8_t u[2 * 256];
	size_t ulen;
	int rc;

	rc = utf16le(password, len, u, sizeof(u), &ulen);
	if (rc == 0)
		eap_md4(u, ulen, out);
	OPENSSL_cleanse(u, sizeof(u));
	return rc;
}

int eap_mschapv2_challenge_hash(const uint8_t peer_challenge[16], const uint8_t auth_challenge[16],
				const uint8_t *user, size_t user_len, uint8_t out[8])
{
	uint8_t d[20];
	int rc;

	rc = sha1_parts(peer_challenge, 16, auth_challenge, 16, user, user_len, NULL, 0, d);
	if (rc == 0)
		memcpy(out, d, 8);
	return rc;
}

/* 7 key bytes -> 8 DES key bytes (the low bit of each is parity, which
 * DES ignores). */
static void des_key(const uint8_t in[7], uint8_t out[8])
{
	out[0] = in[0] >> 1;
	out[1] = (uint8_t)(((in[0] & 0x01) << 6) | (in[1] >> 2));
	out[2] = (uint8_t)(((in[1] & 0x03) << 5) | (in[2] >> 3));
	out[3] = (uint8_t)(((in[2] & 0x07) << 4) | (in[3] >> 4));
	out[4] = (uint8_t)(((in[3] & 0x0f) << 3) | (in[4] >> 5));
	out[5] = (uint8_t)(((in[4] & 0x1f) << 2) | (in[5] >> 6));
	out[6] = (uint8_t)(((in[5] & 0x3f) << 1) | (in[6] >> 7));
	out[7] = in[6] & 0x7f;
	for (int i = 0; i < 8; i++)
		out[i] = (uint8_t)(out[i] << 1);
}

/* Single DES of one block. OpenSSL 3 has plain DES only in the legacy
 * provider; three-key 3DES with K1 = K2 = K3 is the same permutation
 * (E_K(D_K(E_K(x))) = E_K(x)) and lives in the default provider. */
static int des_encrypt(const uint8_t key[8], const uint8_t in[8], uint8_t out[8])
{
	EVP_CIPHER *c = EVP_CIPHER_fetch(NULL, "DES-EDE3-ECB", NULL);
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	uint8_t k3[24];
	int len, rc = NEA_ECRYPTO;

	memcpy(k3, key, 8);
	memcpy(k3 + 8, key, 8);
	memcpy(k3 + 16, key, 8);
	if (c && ctx && EVP_EncryptInit_ex2(ctx, c, k3, NULL, NULL) &&
	    EVP_CIPHER_CTX_set_padding(ctx, 0) && EVP_EncryptUpdate(ctx, out, &len, in, 8) &&
	    len == 8)
		rc = 0;
	OPENSSL_cleanse(k3, sizeof(k3));
	EVP_CIPHER_CTX_free(ctx);
	EVP_CIPHER_free(c);
	return rc;
}

int eap_mschapv2_nt_response(const uint8_t nt_hash[16], const uint8_t challenge_hash[8],
			     uint8_t out[24])
{
	uint8_t z[21] = { 0 }, key[8];
	int rc = 0;

	memcpy(z, nt_hash, 16);
	for (int i = 0; i < 3 && rc == 0; i++) {
		des_key(z + 7 * i, key);
		rc = des_encrypt(key, challenge_hash, out + 8 * i);
	}
	OPENSSL_cleanse(z, sizeof(z));
	OPENSSL_cleanse(key, sizeof(key));
	return rc;
}

static const uint8_t magic_server[39] = "Magic server to client signing constant";
static const uint8_t magic_pad[41] = "Pad to make it do more than one iteration";

int eap_mschapv2_auth_response(const uint8_t nt_hash[16], const uint8_t nt_response[24],
			       const uint8_t challenge_hash[8], char out[43])
{
	uint8_t hh[16], d[20];
	int rc;

	eap_md4(nt_hash, 16, hh);
	rc = sha1_parts(hh, 16, nt_response, 24, magic_server, sizeof(magic_server), NULL, 0, d);
	if (rc == 0)
		rc = sha1_parts(d, 20, challenge_hash, 8, magic_pad, sizeof(magic_pad), NULL, 0, d);
	if (rc == 0) {
		memcpy(out, "S=", 2);
		for (int i = 0; i < 20; i++)
			snprintf(out + 2 + 2 * i, 3, "%02X", d[i]);
	}
	OPENSSL_cleanse(hh, sizeof(hh));
	return rc;
}

int eap_mschapv2_msk(const uint8_t nt_hash[16], const uint8_t nt_response[24],
		     uint8_t out[EAP_MSK_LEN])
{
	static const uint8_t magic1[27] = "This is the MPPE Master Key";
	static const uint8_t magic2[84] = "On the client side, this is the send key; "
					  "on the server side, it is the receive key.";
	static const uint8_t magic3[84] = "On the client side, this is the receive key; "
					  "on the server side, it is the send key.";
	static const uint8_t pad1[40] = { 0 };
	uint8_t pad2[40], hh[16], d[20], master[16];
	int rc;

	memset(pad2, 0xf2, sizeof(pad2));
	memset(out, 0, EAP_MSK_LEN);
	eap_md4(nt_hash, 16, hh);
	rc = sha1_parts(hh, 16, nt_response, 24, magic1, sizeof(magic1), NULL, 0, d);
	if (rc == 0) {
		memcpy(master, d, 16);
		rc = sha1_parts(master, 16, pad1, 40, magic2, sizeof(magic2), pad2, 40, d);
	}
	if (rc == 0) {
		memcpy(out, d, 16);
		rc = sha1_parts(master, 16, pad1, 40, magic3, sizeof(magic3), pad2, 40, d);
	}
	if (rc == 0)
		memcpy(out + 16, d, 16);
	else
		OPENSSL_cleanse(out, EAP_MSK_LEN);
	OPENSSL_cleanse(hh, sizeof(hh));
	OPENSSL_cleanse(d, sizeof(d));
	OPENSSL_cleanse(master, sizeof(master));
	return rc;
}

/* --- state machine ------------------------------------------------------ */

/* The user name part of "DOMAIN\user". */
static void user_part(const uint8_t *name, size_t len, const uint8_t **user, size_t *ulen)
{
	const uint8_t *bs = memchr(name, '\\', len);

	*user = bs ? bs + 1 : name;
	*ulen = bs ? len - (size_t)(bs + 1 - name) : len;
}

/* NT-Response, authenticator response and MSK for the current challenges. */
static int compute(mschap_t *s, const uint8_t *name, size_t name_len, uint8_t nt_response[24])
{
	const uint8_t *user;
	size_t ulen;
	uint8_t ch[8];
	int rc;

	user_part(name, name_len, &user, &ulen);
	rc = eap_mschapv2_challenge_hash(s->peer_challenge, s->auth_challenge, user, ulen, ch);
	if (rc == 0)
		rc = eap_mschapv2_nt_response(s->nt_hash, ch, nt_response);
	if (rc == 0)
		rc = eap_mschapv2_auth_response(s->nt_hash, nt_response, ch, s->auth_response);
	if (rc == 0)
		rc = eap_mschapv2_msk(s->nt_hash, nt_response, s->m.msk);
	if (rc == 0)
		s->m.msk_len = EAP_MSK_LEN;
	return rc;
}

/* Type-Data header: OpCode, MS-CHAPv2-ID, MS-Length. */
static int read_hdr(nea_rd_t *r, const eap_pkt_t *in, uint8_t *op, uint8_t *ms_id, bool short_ok,
		    nea_perr_t *err)
{
	uint16_t ms_len;

	nea_rd_init(r, in->data, in->data_len);
	if (!nea_rd_u8(r, op))
		return nea_perr(err, NEA_ETRUNC, 5, "EAP-MSCHAPv2 without OpCode");
	if (short_ok && in->data_len == 1)
		return 0;
	if (!nea_rd_u8(r, ms_id) || !nea_rd_u16(r, &ms_len))
		return nea_perr(err, NEA_ETRUNC, 6, "EAP-MSCHAPv2 header truncated");
	if (ms_len != in->data_len)
		return nea_perr(err, NEA_EINVAL, 7, "MS-Length %u, packet has %zu", ms_len,
				in->data_len);
	return 0;
}

static int write_pkt(nea_wr_t *out, uint8_t code, uint8_t id, uint8_t op, uint8_t ms_id,
		     const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	uint8_t buf[4 + 1 + RESPONSE_VALUE_LEN + EAP_MSCHAPV2_NAME_MAX + 64];
	size_t len = 4 + alen + blen;

	if (len > sizeof(buf))
		return NEA_ETOOBIG;
	buf[0] = op;
	buf[1] = ms_id;
	buf[2] = (uint8_t)(len >> 8);
	buf[3] = (uint8_t)len;
	memcpy(buf + 4, a, alen);
	if (blen)
		memcpy(buf + 4 + alen, b, blen);
	return eap_pkt_build(out, code, id, EAP_TYPE_MSCHAPV2, buf, len);
}

static int server_start(eap_method_t *m, nea_wr_t *out)
{
	mschap_t *s = (mschap_t *)m;
	uint8_t v[1 + 16];
	int rc;

	rc = eap_method_random(m, s->auth_challenge, 16);
	if (rc)
		return rc;
	s->ms_id = m->id;
	v[0] = 16;
	memcpy(v + 1, s->auth_challenge, 16);
	rc = write_pkt(out, EAP_CODE_REQUEST, m->id, OP_CHALLENGE, s->ms_id, v, sizeof(v),
		       (const uint8_t *)SERVER_NAME, strlen(SERVER_NAME));
	if (rc == 0)
		s->state = ST_CHALLENGE_SENT;
	return rc;
}

static int server_response(mschap_t *s, nea_rd_t *r, nea_wr_t *out, nea_perr_t *err)
{
	static const uint8_t zero8[8] = { 0 };
	const uint8_t *pc, *res, *ntr, *name;
	uint8_t vs, flags, want[24];
	size_t name_len;
	char msg[AUTH_RESPONSE_LEN + sizeof(SUCCESS_TEXT)];
	int rc;

	if (!nea_rd_u8(r, &vs) || vs != RESPONSE_VALUE_LEN)
		return nea_perr(err, NEA_EINVAL, 9, "MSCHAPv2 response value size must be 49");
	if (!nea_rd_bytes(r, 16, &pc) || !nea_rd_bytes(r, 8, &res) || !nea_rd_bytes(r, 24, &ntr) ||
	    !nea_rd_u8(r, &flags))
		return nea_perr(err, NEA_ETRUNC, 10, "MSCHAPv2 response truncated");
	if (memcmp(res, zero8, 8) != 0)
		return nea_perr(err, NEA_EINVAL, 26, "MSCHAPv2 reserved octets set");
	if (flags)
		return nea_perr(err, NEA_EINVAL, 58, "MSCHAPv2 flags 0x%02x set", flags);
	name_len = nea_rd_left(r);
	nea_rd_bytes(r, name_len, &name);
	/* the password we hold is this identity's; another name is refused
	 * rather than authenticated with it */
	if (name_len != s->identity_len || memcmp(name, s->identity, name_len) != 0)
		return EAP_M_FAILURE;
	memcpy(s->peer_challenge, pc, 16);
	rc = compute(s, name, name_len, want);
	if (rc)
		return rc;
	if (CRYPTO_memcmp(want, ntr, 24) != 0) {
		OPENSSL_cleanse(want, sizeof(want));
		return EAP_M_FAILURE;
	}
	memcpy(s->nt_response, want, 24);
	OPENSSL_cleanse(want, sizeof(want));
	snprintf(msg, sizeof(msg), "%s%s", s->auth_response, SUCCESS_TEXT);
	s->m.id++;
	rc = write_pkt(out, EAP_CODE_REQUEST, s->m.id, OP_SUCCESS, s->ms_id, (const uint8_t *)msg,
		       strlen(msg), NULL, 0);
	if (rc) {
		s->m.id--;
		return rc;
	}
	s->state = ST_SUCCESS_SENT;
	return EAP_M_SEND;
}

static int server_process(mschap_t *s, const eap_pkt_t *in, nea_wr_t *out, nea_perr_t *err)
{
	nea_rd_t r;
	uint8_t op, ms_id = 0;
	int rc;

	rc = read_hdr(&r, in, &op, &ms_id, true, err);
	if (rc)
		return rc;
	if (s->state == ST_CHALLENGE_SENT && op == OP_RESPONSE && in->data_len > 1) {
		if (ms_id != s->ms_id)
			return nea_perr(err, NEA_EINVAL, 6, "MS-CHAPv2-ID %u, expected %u", ms_id,
					s->ms_id);
		return server_response(s, &r, out, err);
	}
	if (s->state == ST_SUCCESS_SENT && op == OP_SUCCESS)
		return EAP_M_SUCCESS;
	if (op == OP_FAILURE)
		return EAP_M_FAILURE;
	return nea_perr(err, NEA_EINVAL, 5, "unexpected MSCHAPv2 OpCode %u", op);
}

/* Find "K=value" among space-separated tokens of a message. */
static bool token(const char *msg, char key, const char **val, size_t *len)
{
	const char *p = msg;

	while (*p) {
		while (*p == ' ')
			p++;
		if (p[0] == key && p[1] == '=') {
			*val = p + 2;
			*len = strcspn(*val, " ");
			return true;
		}
		p += strcspn(p, " ");
	}
	return false;
}

/* Message text of a Success/Failure Request, NUL terminated (charon
 * includes a trailing NUL in its Success message; embedded ones end it). */
static void message(nea_rd_t *r, char *buf, size_t size)
{
	size_t n = nea_rd_left(r) < size - 1 ? nea_rd_left(r) : size - 1;

	nea_rd_copy(r, buf, n);
	buf[n] = '\0';
}

static int peer_challenge(mschap_t *s, nea_rd_t *r, nea_wr_t *out, nea_perr_t *err, uint8_t ms_id)
{
	const uint8_t *ch;
	uint8_t vs, v[1 + RESPONSE_VALUE_LEN];
	int rc;

	if (!nea_rd_u8(r, &vs) || vs != 16)
		return nea_perr(err, NEA_EINVAL, 9, "MSCHAPv2 challenge value size must be 16");
	if (!nea_rd_bytes(r, 16, &ch))
		return nea_perr(err, NEA_ETRUNC, 10, "MSCHAPv2 challenge truncated");
	/* the server's Name is not used */
	memcpy(s->auth_challenge, ch, 16);
	s->ms_id = ms_id;
	rc = eap_method_random(&s->m, s->peer_challenge, 16);
	if (rc == 0)
		rc = compute(s, s->identity, s->identity_len, s->nt_response);
	if (rc)
		return rc;
	memset(v, 0, sizeof(v));
	v[0] = RESPONSE_VALUE_LEN;
	memcpy(v + 1, s->peer_challenge, 16);
	memcpy(v + 1 + 16 + 8, s->nt_response, 24);
	rc = write_pkt(out, EAP_CODE_RESPONSE, s->m.id, OP_RESPONSE, ms_id, v, sizeof(v),
		       s->identity, s->identity_len);
	if (rc)
		return rc;
	s->state = ST_RESPONSE_SENT;
	return EAP_M_SEND;
}

static int peer_process(mschap_t *s, const eap_pkt_t *in, nea_wr_t *out, nea_perr_t *err)
{
	char msg[512];
	const char *val;
	size_t vlen;
	nea_rd_t r;
	uint8_t op, ms_id = 0, resp = OP_SUCCESS;
	int rc;

	rc = read_hdr(&r, in, &op, &ms_id, false, err);
	if (rc)
		return rc;
	switch (op) {
	case OP_CHALLENGE:
		if (s->state == ST_VERIFIED)
			return nea_perr(err, NEA_ESTATE, 5, "MSCHAPv2 challenge after success");
		return peer_challenge(s, &r, out, err, ms_id);
	case OP_SUCCESS:
		if (s->state != ST_RESPONSE_SENT)
			return nea_perr(err, NEA_ESTATE, 5, "MSCHAPv2 success before a response");
		message(&r, msg, sizeof(msg));
		if (!token(msg, 'S', &val, &vlen) || vlen != AUTH_RESPONSE_LEN - 2)
			return EAP_M_FAILURE;
		{
			/* compare the hex value in constant time, either case */
			uint8_t diff = 0;

			for (size_t i = 0; i < vlen; i++) {
				int a = nea_hex_digit((unsigned char)val[i]);
				int b = nea_hex_digit((unsigned char)s->auth_response[2 + i]);

				diff |= (uint8_t)(a < 0 ? 0xff : a ^ b);
			}
			if (diff)
				return EAP_M_FAILURE;
		}
		break;
	case OP_FAILURE:
		message(&r, msg, sizeof(msg));
		if (token(msg, 'E', &val, &vlen))
			s->error = atoi(val);
		return EAP_M_FAILURE;
	default:
		return nea_perr(err, NEA_EINVAL, 5, "unexpected MSCHAPv2 OpCode %u", op);
	}
	rc = eap_pkt_build(out, EAP_CODE_RESPONSE, s->m.id, EAP_TYPE_MSCHAPV2, &resp, 1);
	if (rc)
		return rc;
	s->state = ST_VERIFIED;
	s->m.peer_done = true;
	return EAP_M_DONE;
}

static int ms_process(eap_method_t *m, const eap_pkt_t *in, nea_wr_t *out, nea_perr_t *err)
{
	mschap_t *s = (mschap_t *)m;

	return m->server ? server_process(s, in, out, err) : peer_process(s, in, out, err);
}

static void ms_destroy(eap_method_t *m)
{
	OPENSSL_cleanse(m, sizeof(mschap_t));
	free(m);
}

static const eap_method_ops_t ms_ops = {
	.name = "MSCHAPV2", .start = server_start, .process = ms_process, .destroy = ms_destroy,
};

static eap_method_t *ms_new(const uint8_t *identity, size_t identity_len, const uint8_t *secret,
			    size_t secret_len, bool nt_hash, bool server)
{
	mschap_t *s;

	if (identity_len == 0 || identity_len > EAP_MSCHAPV2_NAME_MAX ||
	    (nt_hash && secret_len != 16))
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	eap_method_init(&s->m, &ms_ops, EAP_TYPE_MSCHAPV2, server);
	memcpy(s->identity, identity, identity_len);
	s->identity_len = identity_len;
	if (nt_hash) {
		memcpy(s->nt_hash, secret, 16);
	} else if (eap_mschapv2_nt_hash(secret, secret_len, s->nt_hash)) {
		ms_destroy(&s->m);
		return NULL;
	}
	return &s->m;
}

eap_method_t *eap_mschapv2_server_new(const uint8_t *identity, size_t identity_len,
				      const uint8_t *secret, size_t secret_len, bool nt_hash)
{
	return ms_new(identity, identity_len, secret, secret_len, nt_hash, true);
}

eap_method_t *eap_mschapv2_peer_new(const uint8_t *identity, size_t identity_len,
				    const uint8_t *secret, size_t secret_len, bool nt_hash)
{
	return ms_new(identity, identity_len, secret, secret_len, nt_hash, false);
}

int eap_mschapv2_error(const eap_method_t *m)
{
	return m->type == EAP_TYPE_MSCHAPV2 ? ((const mschap_t *)m)->error : 0;
}

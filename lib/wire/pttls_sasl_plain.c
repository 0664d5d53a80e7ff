#include "pttls_sasl_plain.h"

#include <string.h>

/*
 *   SASL PLAIN message (RFC 4616 §2)
 *
 *   +-------------+----+-------------+----+-------------+
 *   | authzid     | 00 | authcid     | 00 | passwd      |
 *   | 0..255 B    |    | 1..255 B    |    | 1..255 B    |
 *   +-------------+----+-------------+----+-------------+
 *
 *   Each part is UTF-8 without NUL. strongSwan sends an empty authzid.
 */
static int part(const uint8_t *msg, size_t len, size_t *at, const uint8_t **p, size_t *plen,
		nea_perr_t *err, const char *what)
{
	const uint8_t *nul = memchr(msg + *at, 0, len - *at);

	if (!nul)
		return nea_perr(err, NEA_EINVAL, len, "SASL PLAIN: no NUL after %s", what);
	*p = msg + *at;
	*plen = (size_t)(nul - *p);
	if (*plen > PTTLS_SASL_PLAIN_MAX_PART)
		return nea_perr(err, NEA_ETOOBIG, *at, "SASL PLAIN: %s longer than %d bytes", what,
				PTTLS_SASL_PLAIN_MAX_PART);
	*at += *plen + 1;
	return 0;
}

int pttls_sasl_plain_parse(const uint8_t *msg, size_t len, pttls_sasl_plain_t *out,
			   nea_perr_t *err)
{
	size_t at = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len == 0)
		return nea_perr(err, NEA_EINVAL, 0, "SASL PLAIN: empty message");
	rc = part(msg, len, &at, &out->authzid, &out->authzid_len, err, "authzid");
	if (rc)
		return rc;
	rc = part(msg, len, &at, &out->authcid, &out->authcid_len, err, "authcid");
	if (rc)
		return rc;
	if (out->authcid_len == 0)
		return nea_perr(err, NEA_EINVAL, at - 1, "SASL PLAIN: empty authcid");
	out->passwd = msg + at;
	out->passwd_len = len - at;
	if (out->passwd_len == 0)
		return nea_perr(err, NEA_EINVAL, at, "SASL PLAIN: empty password");
	if (out->passwd_len > PTTLS_SASL_PLAIN_MAX_PART)
		return nea_perr(err, NEA_ETOOBIG, at, "SASL PLAIN: password longer than %d bytes",
				PTTLS_SASL_PLAIN_MAX_PART);
	if (memchr(out->passwd, 0, out->passwd_len))
		return nea_perr(err, NEA_EINVAL, at, "SASL PLAIN: NUL in password");
	return 0;
}

static bool bad(const uint8_t *p, size_t n, bool may_be_empty)
{
	return (!may_be_empty && n == 0) || n > PTTLS_SASL_PLAIN_MAX_PART || (n && !p) ||
	       (n && memchr(p, 0, n));
}

int pttls_sasl_plain_build(nea_wr_t *w, const pttls_sasl_plain_t *in)
{
	if (bad(in->authzid, in->authzid_len, true) || bad(in->authcid, in->authcid_len, false) ||
	    bad(in->passwd, in->passwd_len, false))
		return NEA_EINVAL;
	nea_wr_bytes(w, in->authzid, in->authzid_len);
	nea_wr_u8(w, 0);
	nea_wr_bytes(w, in->authcid, in->authcid_len);
	nea_wr_u8(w, 0);
	nea_wr_bytes(w, in->passwd, in->passwd_len);
	return nea_wr_error(w);
}

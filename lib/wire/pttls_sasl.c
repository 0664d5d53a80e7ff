#include "pttls_sasl.h"

#include <string.h>

/*
 *   SASL Mechanisms value (RFC 6876 §3.8.1), repeated per mechanism:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Rsvd | Mech Len|   Mechanism Name (variable length)            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   SASL Mechanism Selection value (§3.8.2): one such entry, then the
 *   optional initial SASL data.
 */
#define MECH_LEN_MASK 0x1f

static bool mech_char_ok(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int read_mech(nea_rd_t *r, pttls_sasl_mech_t *m, nea_perr_t *err)
{
	size_t at = r->off;
	uint8_t b, i;

	if (!nea_rd_u8(r, &b))
		return nea_perr(err, NEA_ETRUNC, at, "missing SASL mechanism length");
	m->len = b & MECH_LEN_MASK;
	if (m->len == 0 || m->len > PTTLS_SASL_MECH_MAX)
		return nea_perr(err, NEA_EINVAL, at, "SASL mechanism name length %u not in 1..%d",
				m->len, PTTLS_SASL_MECH_MAX);
	if (!nea_rd_bytes(r, m->len, &m->name))
		return nea_perr(err, NEA_ETRUNC, at + 1, "SASL mechanism name of %u bytes cut off",
				m->len);
	for (i = 0; i < m->len; i++)
		if (!mech_char_ok(m->name[i]))
			return nea_perr(err, NEA_EINVAL, at + 1 + i,
					"invalid character 0x%02x in SASL mechanism name",
					m->name[i]);
	return 0;
}

int pttls_sasl_mechs_parse(const uint8_t *v, size_t len, pttls_sasl_mech_t *out, size_t cap,
			   size_t *n, nea_perr_t *err)
{
	nea_rd_t r;
	pttls_sasl_mech_t m;
	int rc;

	*n = 0;
	nea_rd_init(&r, v, len);
	while (nea_rd_left(&r)) {
		size_t at = r.off;

		rc = read_mech(&r, &m, err);
		if (rc)
			return rc;
		if (*n == cap)
			return nea_perr(err, NEA_ETOOBIG, at, "more than %zu SASL mechanisms", cap);
		out[(*n)++] = m;
	}
	return 0;
}

static int write_mech(nea_wr_t *w, const char *name)
{
	size_t n = name ? strlen(name) : 0, i;

	if (n == 0 || n > PTTLS_SASL_MECH_MAX)
		return NEA_EINVAL;
	for (i = 0; i < n; i++)
		if (!mech_char_ok((uint8_t)name[i]))
			return NEA_EINVAL;
	nea_wr_u8(w, (uint8_t)n);
	nea_wr_bytes(w, name, n);
	return nea_wr_error(w);
}

int pttls_sasl_mechs_build(nea_wr_t *w, const char *const *names, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		rc = write_mech(w, names[i]);
		if (rc)
			return rc;
	}
	return nea_wr_error(w);
}

bool pttls_sasl_mechs_has(const pttls_sasl_mech_t *mechs, size_t n, const char *name)
{
	size_t len = strlen(name), i;

	for (i = 0; i < n; i++)
		if (mechs[i].len == len && memcmp(mechs[i].name, name, len) == 0)
			return true;
	return false;
}

int pttls_sasl_select_parse(const uint8_t *v, size_t len, pttls_sasl_mech_t *mech,
			    const uint8_t **init, size_t *init_len, nea_perr_t *err)
{
	nea_rd_t r;
	int rc;

	nea_rd_init(&r, v, len);
	rc = read_mech(&r, mech, err);
	if (rc)
		return rc;
	*init_len = nea_rd_left(&r);
	*init = v + r.off;
	return 0;
}

int pttls_sasl_select_build(nea_wr_t *w, const char *name, const uint8_t *init,
			    size_t init_len)
{
	int rc = write_mech(w, name);

	if (rc)
		return rc;
	if (init_len && !init)
		return NEA_EINVAL;
	nea_wr_bytes(w, init, init_len);
	return nea_wr_error(w);
}

/*
 *   SASL Result value, as strongSwan writes it (pt_tls_server.c):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Result Code  |  Result Data (optional, variable length)      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 *   RFC 6876 §3.8.4 form (accepted on receipt, see the header):
 *   |          Result Code (16)     |  Result Data ...
 */
int pttls_sasl_result_parse(const uint8_t *v, size_t len, uint8_t *code, const uint8_t **data,
			    size_t *data_len, nea_perr_t *err)
{
	nea_rd_t r;
	size_t code_at = 0;

	nea_rd_init(&r, v, len);
	if (len == 2 && v[0] == 0x00) {
		nea_rd_skip(&r, 1); /* RFC 6876 16-bit code: high byte */
		code_at = 1;
	}
	if (!nea_rd_u8(&r, code))
		return nea_perr(err, NEA_ETRUNC, 0, "SASL Result without result code");
	if (*code > PTTLS_SASL_MECH_FAILURE)
		return nea_perr(err, NEA_EINVAL, code_at, "unknown SASL result code %u", *code);
	*data_len = nea_rd_left(&r);
	*data = v + r.off;
	return 0;
}

int pttls_sasl_result_build(nea_wr_t *w, uint8_t code, const uint8_t *data, size_t data_len)
{
	if (code > PTTLS_SASL_MECH_FAILURE || (data_len && !data))
		return NEA_EINVAL;
	nea_wr_u8(w, code);
	nea_wr_bytes(w, data, data_len);
	return nea_wr_error(w);
}

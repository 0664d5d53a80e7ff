/*
 * nea_swanctl_secret: the "secrets" section and swanctl's secret encodings
 * (plain, 0x hex, 0s base64). Decoded secrets live in their own buffers so
 * they can be wiped on free; error messages never quote a secret.
 */
#include "nea_swanctl.h"
#include "nea_swanctl_int.h"
#include "nea_buf.h"
#include "nea_err.h"
#include "nea_hex.h"
#include "nea_log.h"

#include <stdlib.h>
#include <string.h>

static int b64val(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* An odd number of digits reads as if a leading 0 were there, as
 * strongSwan's hex decoder does. */
static int decode_hex(const char *s, uint8_t **out, size_t *len)
{
	size_t n = strlen(s), olen = n / 2 + n % 2, o = 0, i = 0;
	uint8_t *b;

	if (n == 0)
		return NEA_EINVAL;
	for (size_t k = 0; k < n; k++)
		if (nea_hex_digit(s[k]) < 0)
			return NEA_EINVAL;
	b = malloc(olen);
	if (!b)
		return NEA_ENOMEM;
	if (n % 2)
		b[o++] = (uint8_t)nea_hex_digit(s[i++]);
	for (; i < n; i += 2)
		b[o++] = (uint8_t)(nea_hex_digit(s[i]) << 4 | nea_hex_digit(s[i + 1]));
	*out = b;
	*len = olen;
	return 0;
}

/* Standard alphabet; padding optional but, if present, only at the end and
 * making the length a multiple of four. */
static int decode_b64(const char *s, uint8_t **out, size_t *len)
{
	size_t n = strlen(s), data = n, o = 0;
	uint32_t acc = 0;
	unsigned bits = 0;
	uint8_t *b;

	while (data > 0 && s[data - 1] == '=' && n - data < 2)
		data--;
	if (data == 0 || data % 4 == 1 || (data != n && n % 4 != 0))
		return NEA_EINVAL;
	for (size_t k = 0; k < data; k++)
		if (b64val(s[k]) < 0)
			return NEA_EINVAL;
	b = malloc(data * 3 / 4 + 1);
	if (!b)
		return NEA_ENOMEM;
	for (size_t k = 0; k < data; k++) {
		acc = (acc << 6) | (uint32_t)b64val(s[k]);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			b[o++] = (uint8_t)(acc >> bits);
		}
	}
	explicit_bzero(&acc, sizeof(acc));
	*out = b;
	*len = o;
	return 0;
}

int nea_swanctl_decode_secret(const char *value, uint8_t **out, size_t *len)
{
	size_t n;

	*out = NULL;
	*len = 0;
	if (!value || !*value)
		return NEA_EINVAL;
	if (value[0] == '0' && (value[1] == 'x' || value[1] == 'X'))
		return decode_hex(value + 2, out, len);
	if (value[0] == '0' && (value[1] == 's' || value[1] == 'S'))
		return decode_b64(value + 2, out, len);
	n = strlen(value);
	*out = malloc(n);
	if (!*out)
		return NEA_ENOMEM;
	memcpy(*out, value, n);
	*len = n;
	return 0;
}

void sw_secret_free(nea_swanctl_secret_t *s)
{
	if (s->secret) {
		explicit_bzero(s->secret, s->secret_len);
		free(s->secret);
	}
	nea_conf_list_free(s->ids);
	free(s->name);
}

static const struct {
	const char *prefix;
	nea_secret_type_t type;
} kinds[] = {
	{ "eap", NEA_SECRET_EAP },
	{ "xauth", NEA_SECRET_XAUTH },
	{ "ntlm", NEA_SECRET_NTLM },
	{ "ike", NEA_SECRET_IKE },
};

/* swanctl's key-file sections: their files are loaded by swanctl, not here. */
static const char *const skipped[] = { "private", "rsa", "ecdsa", "pkcs8", "pkcs12", "token",
				       "ppk" };

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static int parse_secret(sw_err_t *e, const nea_conf_section_t *s, const char *path,
			nea_secret_type_t type, nea_swanctl_secret_t *out)
{
	const char *value = nea_conf_sget_str(s, "secret", NULL);
	size_t nids = 0, k = 0, bytes;
	int rc;

	out->type = type;
	if (nea_conf_section_count(s) > 0) {
		const nea_conf_section_t *sub = nea_conf_section_at(s, 0);

		return sw_fail(e, sub, path, nea_conf_section_name(sub), "unexpected section");
	}
	for (size_t i = 0; i < nea_conf_kv_count(s); i++) {
		const char *key = nea_conf_kv_key(s, i);

		if (strcmp(key, "secret") == 0)
			continue;
		if (!has_prefix(key, "id"))
			return sw_fail(e, s, path, key, "unknown option (expected secret, id, id<suffix>)");
		if (nea_conf_sget_str(s, key, NULL))
			nids++;
	}
	if (!value)
		return sw_fail(e, s, path, NULL, "secret is missing");
	if (nids == 0 && type != NEA_SECRET_IKE)
		return sw_fail(e, s, path, NULL, "no id: the secret would belong to every user");
	rc = nea_swanctl_decode_secret(value, &out->secret, &out->secret_len);
	if (rc == NEA_ENOMEM)
		return sw_nomem(e, s, path);
	if (rc != 0 || out->secret_len == 0)
		return sw_fail(e, s, path, "secret",
			       "not a valid secret (0x must be followed by hex, 0s by base64)");
	if (!nea_add_size(nids, 1, &bytes) || !nea_mul_size(bytes, sizeof(char *), &bytes) ||
	    !(out->ids = calloc(1, bytes)))
		return sw_nomem(e, s, path);
	for (size_t i = 0; i < nea_conf_kv_count(s); i++) {
		const char *key = nea_conf_kv_key(s, i), *id;

		if (!has_prefix(key, "id") || !(id = nea_conf_sget_str(s, key, NULL)))
			continue;
		out->ids[k] = strdup(id);
		if (!out->ids[k])
			return sw_nomem(e, s, path);
		out->nids = ++k;
	}
	return 0;
}

int sw_secrets(sw_err_t *e, const nea_conf_section_t *sec, nea_swanctl_t *out)
{
	size_t n = nea_conf_section_count(sec);
	int rc;

	if (nea_conf_kv_count(sec) > 0)
		return sw_fail(e, sec, "secrets", nea_conf_kv_key(sec, 0),
			       "expected a secret section (eap-<name> { ... })");
	if (n == 0)
		return 0;
	out->secrets = calloc(n, sizeof(*out->secrets));
	if (!out->secrets)
		return sw_nomem(e, sec, "secrets");
	for (size_t i = 0; i < n; i++) {
		const nea_conf_section_t *s = nea_conf_section_at(sec, i);
		const char *name = nea_conf_section_name(s);
		char path[SW_PATH_MAX];
		bool known = false;

		sw_path(path, sizeof(path), "secrets", name);
		for (size_t k = 0; k < sizeof(skipped) / sizeof(skipped[0]); k++) {
			if (has_prefix(name, skipped[k])) {
				unsigned line = 0;
				const char *file = nea_conf_section_origin(s, &line);

				NLOG(CFG, 1, "%s:%u: %s: key file secrets are not used by nea, ignored",
				     file, line, path);
				known = true;
			}
		}
		if (known)
			continue;
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]) && !known; k++) {
			nea_swanctl_secret_t *out_s;

			if (!has_prefix(name, kinds[k].prefix))
				continue;
			known = true;
			out_s = &out->secrets[out->nsecrets++];
			out_s->name = strdup(name);
			if (!out_s->name)
				return sw_nomem(e, s, path);
			rc = parse_secret(e, s, path, kinds[k].type, out_s);
			if (rc != 0)
				return rc;
		}
		if (!known)
			return sw_fail(e, s, path, NULL,
				       "unknown secret type (expected eap, xauth, ntlm or ike prefix)");
	}
	return 0;
}

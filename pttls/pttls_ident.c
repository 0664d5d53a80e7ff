#include "pttls_ident.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "nea_err.h"

static int set(pttls_ident_t *out, uint32_t type, uint32_t subject, uint32_t auth,
	       const void *v, size_t len)
{
	if (len == 0)
		return NEA_EINVAL;
	if (len > PTTLS_IDENT_MAX)
		return NEA_ETOOBIG;
	out->type = type;
	out->subject = subject;
	out->auth = auth;
	out->len = len;
	memcpy(out->value, v, len);
	out->value[len] = '\0';
	return 0;
}

static bool is_ip(const uint8_t *p, size_t len, int *family)
{
	char text[INET6_ADDRSTRLEN];
	uint8_t bin[16];

	if (len == 0 || len >= sizeof(text))
		return false;
	memcpy(text, p, len);
	text[len] = '\0';
	if (inet_pton(AF_INET, text, bin) == 1) {
		*family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, text, bin) == 1) {
		*family = AF_INET6;
		return true;
	}
	return false;
}

int pttls_ident_sasl(pttls_ident_t *out, const uint8_t *id, size_t len)
{
	int family;

	/* strongSwan parses the SASL identity as any identity string: an
	 * address literal is a machine, "user@domain" an e-mail address. */
	if (is_ip(id, len, &family))
		return set(out, family == AF_INET ? PTTLS_ID_IPV4 : PTTLS_ID_IPV6,
			   PTTLS_SUBJECT_MACHINE, PTTLS_AUTH_PASSWORD, id, len);
	if (len && memchr(id, '@', len))
		return set(out, PTTLS_ID_EMAIL, PTTLS_SUBJECT_USER, PTTLS_AUTH_PASSWORD, id, len);
	return set(out, PTTLS_ID_USERNAME, PTTLS_SUBJECT_USER, PTTLS_AUTH_PASSWORD, id, len);
}

int pttls_ident_dn(pttls_ident_t *out, const char *dn)
{
	return set(out, PTTLS_ID_X500_DN, PTTLS_SUBJECT_USER, PTTLS_AUTH_CERT, dn, strlen(dn));
}

int pttls_ident_addr(pttls_ident_t *out, const char *addr)
{
	int family;
	size_t len = strlen(addr);

	if (!is_ip((const uint8_t *)addr, len, &family))
		return NEA_EINVAL;
	return set(out, family == AF_INET ? PTTLS_ID_IPV4 : PTTLS_ID_IPV6, PTTLS_SUBJECT_MACHINE,
		   PTTLS_AUTH_UNKNOWN, addr, len);
}

const char *pttls_ident_type_name(uint32_t type)
{
	switch (type) {
	case PTTLS_ID_IPV4: return "IPv4 address";
	case PTTLS_ID_IPV6: return "IPv6 address";
	case PTTLS_ID_FQDN: return "FQDN";
	case PTTLS_ID_EMAIL: return "email address";
	case PTTLS_ID_USERNAME: return "username";
	case PTTLS_ID_X500_DN: return "X.500 DN";
	default: return "unknown";
	}
}

const char *pttls_ident_auth_name(uint32_t auth)
{
	switch (auth) {
	case PTTLS_AUTH_CERT: return "certificate";
	case PTTLS_AUTH_PASSWORD: return "password";
	default: return "unknown method";
	}
}

char *pttls_printable(const uint8_t *p, size_t len, char *out, size_t outlen)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;

	if (outlen == 0)
		return out;
	for (size_t i = 0; i < len; i++) {
		size_t need = (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') ? 1 : 4;

		/* keep room for "..." and the NUL */
		if (o + need + 4 > outlen) {
			if (o + 4 <= outlen) {
				memcpy(out + o, "...", 3);
				o += 3;
			}
			break;
		}
		if (need == 1) {
			out[o++] = (char)p[i];
		} else {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[p[i] >> 4];
			out[o++] = hex[p[i] & 15];
		}
	}
	out[o < outlen ? o : outlen - 1] = '\0';
	return out;
}

/* IKE identities; see iked_id.h. */
#include "iked_id.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <openssl/bio.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ike_types.h"
#include "nea_err.h"
#include "nea_hex.h"

static int set(iked_id_t *out, uint8_t type, const void *data, size_t len)
{
	if (len > IKED_ID_MAX)
		return NEA_ETOOBIG;
	out->type = type;
	out->len = len;
	if (len)
		memcpy(out->data, data, len);
	return 0;
}

/* "C=CH, O=Cyber, CN=x" -> DER. strongSwan separates RDNs with ',' or '/'
 * and allows blanks around them. */
static int parse_dn(const char *s, iked_id_t *out)
{
	X509_NAME *name = X509_NAME_new();
	char buf[IKED_ID_STRLEN * 2];
	unsigned char *der = NULL;
	int len, rc = NEA_EINVAL;
	char *save = NULL, *tok;

	if (!name)
		return NEA_ENOMEM;
	if (strlen(s) >= sizeof(buf))
		goto out;
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",/", &save); tok; tok = strtok_r(NULL, ",/", &save)) {
		char *eq, *k, *v, *end;

		while (isspace((unsigned char)*tok))
			tok++;
		if (!*tok)
			continue;
		eq = strchr(tok, '=');
		if (!eq)
			goto out;
		*eq = '\0';
		k = tok;
		v = eq + 1;
		for (end = eq; end > k && isspace((unsigned char)end[-1]); end--)
			end[-1] = '\0';
		while (isspace((unsigned char)*v))
			v++;
		for (end = v + strlen(v); end > v && isspace((unsigned char)end[-1]); end--)
			end[-1] = '\0';
		if (!X509_NAME_add_entry_by_txt(name, k, MBSTRING_UTF8, (unsigned char *)v, -1,
						-1, 0))
			goto out;
	}
	len = i2d_X509_NAME(name, &der);
	if (len <= 0)
		goto out;
	rc = set(out, IKE_ID_DER_ASN1_DN, der, (size_t)len);
	OPENSSL_free(der);
out:
	X509_NAME_free(name);
	return rc;
}

int iked_id_body(const iked_id_t *id, uint8_t **out, size_t *len)
{
	uint8_t *b = malloc(4 + id->len);

	if (!b)
		return NEA_ENOMEM;
	b[0] = id->type;
	b[1] = b[2] = b[3] = 0;
	memcpy(b + 4, id->data, id->len);
	*out = b;
	*len = 4 + id->len;
	return 0;
}

int iked_id_parse(const char *s, iked_id_t *out)
{
	uint8_t a[16];

	memset(out, 0, sizeof(*out));
	if (!s || !*s || strcmp(s, "%any") == 0 || strcmp(s, "%any6") == 0)
		return set(out, IKED_ID_ANY, NULL, 0);
	if (inet_pton(AF_INET, s, a) == 1)
		return set(out, IKE_ID_IPV4_ADDR, a, 4);
	if (inet_pton(AF_INET6, s, a) == 1)
		return set(out, IKE_ID_IPV6_ADDR, a, 16);
	if (s[0] == '@' && s[1] == '#') {
		size_t n = strlen(s + 2);
		uint8_t buf[IKED_ID_MAX];

		if (n % 2 || n / 2 > sizeof(buf))
			return NEA_EINVAL;
		for (size_t i = 0; i < n / 2; i++) {
			int hi = nea_hex_digit((unsigned char)s[2 + 2 * i]);
			int lo = nea_hex_digit((unsigned char)s[3 + 2 * i]);

			if (hi < 0 || lo < 0)
				return NEA_EINVAL;
			buf[i] = (uint8_t)(hi << 4 | lo);
		}
		return set(out, IKE_ID_KEY_ID, buf, n / 2);
	}
	if (s[0] == '@')
		return set(out, IKE_ID_FQDN, s + 1, strlen(s + 1));
	if (strchr(s, '='))
		return parse_dn(s, out);
	if (strchr(s, '@'))
		return set(out, IKE_ID_RFC822_ADDR, s, strlen(s));
	return set(out, IKE_ID_FQDN, s, strlen(s));
}

int iked_id_from_payload(uint8_t type, const uint8_t *data, size_t len, iked_id_t *out)
{
	memset(out, 0, sizeof(*out));
	return set(out, type, data, len);
}

void iked_id_from_addr(const uint8_t *addr, size_t len, iked_id_t *out)
{
	memset(out, 0, sizeof(*out));
	set(out, len == 4 ? IKE_ID_IPV4_ADDR : IKE_ID_IPV6_ADDR, addr, len);
}

int iked_id_from_cert(X509 *cert, iked_id_t *out)
{
	unsigned char *der = NULL;
	int len = i2d_X509_NAME(X509_get_subject_name(cert), &der), rc;

	if (len <= 0)
		return NEA_ECRYPTO;
	rc = set(out, IKE_ID_DER_ASN1_DN, der, (size_t)len);
	OPENSSL_free(der);
	return rc;
}

bool iked_id_is_any(const iked_id_t *id)
{
	return id->type == IKED_ID_ANY;
}

bool iked_id_equal(const iked_id_t *a, const iked_id_t *b)
{
	return a->type == b->type && a->len == b->len && memcmp(a->data, b->data, a->len) == 0;
}

bool iked_id_match(const iked_id_t *cfg, const iked_id_t *id)
{
	if (iked_id_is_any(cfg))
		return true;
	if (iked_id_equal(cfg, id))
		return true;
	if (cfg->type == id->type && cfg->len >= 1 && cfg->data[0] == '*' &&
	    (cfg->type == IKE_ID_FQDN || cfg->type == IKE_ID_RFC822_ADDR)) {
		size_t suffix = cfg->len - 1;

		return id->len >= suffix &&
		       memcmp(id->data + id->len - suffix, cfg->data + 1, suffix) == 0;
	}
	return false;
}

const char *iked_id_text(const uint8_t *data, size_t len, char *buf, size_t buflen)
{
	size_t o = 0;

	for (size_t i = 0; i < len && o + 1 < buflen; i++)
		buf[o++] = (data[i] >= 0x20 && data[i] < 0x7f) ? (char)data[i] : '?';
	buf[o] = '\0';
	return buf;
}

static void dn_str(const iked_id_t *id, char *buf, size_t len)
{
	const unsigned char *p = id->data;
	X509_NAME *name = d2i_X509_NAME(NULL, &p, (long)id->len);
	BIO *bio;
	int n;

	if (!name || p != id->data + id->len) {
		X509_NAME_free(name);
		snprintf(buf, len, "(invalid DN)");
		return;
	}
	bio = BIO_new(BIO_s_mem());
	if (!bio) {
		X509_NAME_free(name);
		snprintf(buf, len, "(DN)");
		return;
	}
	X509_NAME_print_ex(bio, name, 0,
			   (ASN1_STRFLGS_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) | XN_FLAG_SEP_CPLUS_SPC |
				   XN_FLAG_FN_SN);
	n = BIO_read(bio, buf, (int)len - 1);
	buf[n > 0 ? n : 0] = '\0';
	BIO_free(bio);
	X509_NAME_free(name);
	/* printable only, like the other types */
	for (char *c = buf; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f)
			*c = '?';
}

const char *iked_id_str(const iked_id_t *id, char *buf, size_t len)
{
	switch (id->type) {
	case IKED_ID_ANY:
		snprintf(buf, len, "%%any");
		break;
	case IKE_ID_IPV4_ADDR:
	case IKE_ID_IPV6_ADDR:
		if ((id->len == 4 || id->len == 16) &&
		    inet_ntop(id->len == 4 ? AF_INET : AF_INET6, id->data, buf, (socklen_t)len))
			break;
		iked_id_text(id->data, id->len, buf, len);
		break;
	case IKE_ID_DER_ASN1_DN:
		dn_str(id, buf, len);
		break;
	case IKE_ID_KEY_ID: {
		size_t o = 0;

		for (size_t i = 0; i < id->len && o + 3 < len; i++)
			o += (size_t)snprintf(buf + o, len - o, "%02x", id->data[i]);
		if (len)
			buf[o < len ? o : len - 1] = '\0';
		break;
	}
	default:
		iked_id_text(id->data, id->len, buf, len);
		break;
	}
	return buf;
}

bool iked_cert_has_id(X509 *cert, const iked_id_t *id)
{
	GENERAL_NAMES *sans;
	bool found = false;

	if (iked_id_is_any(id))
		return true;
	if (id->type == IKE_ID_DER_ASN1_DN) {
		iked_id_t subj;

		return iked_id_from_cert(cert, &subj) == 0 && iked_id_equal(&subj, id);
	}
	sans = X509_get_ext_d2i(cert, NID_subject_alt_name, NULL, NULL);
	for (int i = 0; sans && i < sk_GENERAL_NAME_num(sans) && !found; i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(sans, i);
		const unsigned char *d = NULL;
		int dl = 0, t = -1;

		switch (g->type) {
		case GEN_DNS:
			t = IKE_ID_FQDN;
			d = ASN1_STRING_get0_data(g->d.dNSName);
			dl = ASN1_STRING_length(g->d.dNSName);
			break;
		case GEN_EMAIL:
			t = IKE_ID_RFC822_ADDR;
			d = ASN1_STRING_get0_data(g->d.rfc822Name);
			dl = ASN1_STRING_length(g->d.rfc822Name);
			break;
		case GEN_IPADD:
			d = ASN1_STRING_get0_data(g->d.iPAddress);
			dl = ASN1_STRING_length(g->d.iPAddress);
			t = dl == 4 ? IKE_ID_IPV4_ADDR : IKE_ID_IPV6_ADDR;
			break;
		default:
			break;
		}
		if (t == id->type && dl >= 0 && (size_t)dl == id->len && d &&
		    memcmp(d, id->data, id->len) == 0)
			found = true;
	}
	GENERAL_NAMES_free(sans);
	return found;
}

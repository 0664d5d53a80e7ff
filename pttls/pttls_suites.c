#include "pttls_suites.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_conf.h"
#include "nea_err.h"

/* Every suite this OpenSSL can run, so an IANA name can be looked up
 * whether or not the default list enables it. */
#define ALL_TLS12 "ALL:COMPLEMENTOFALL:@SECLEVEL=0"
#define ALL_TLS13                                                                 \
	"TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:" \
	"TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256"

typedef struct {
	char *buf;
	size_t len, cap;
	int err;
} strlist_t;

static void strlist_add(strlist_t *l, const char *s)
{
	size_t n = strlen(s), need;
	char *p;

	if (l->err)
		return;
	if (!nea_add_size(l->len, n + 2, &need)) {
		l->err = NEA_ENOMEM;
		return;
	}
	if (need > l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;

		while (cap < need)
			cap *= 2;
		p = realloc(l->buf, cap);
		if (!p) {
			l->err = NEA_ENOMEM;
			return;
		}
		l->buf = p;
		l->cap = cap;
	}
	if (l->len)
		l->buf[l->len++] = ':';
	memcpy(l->buf + l->len, s, n);
	l->len += n;
	l->buf[l->len] = '\0';
}

static int parse_version(const char *v, const char *key, int def, int *out, char *err,
			 size_t errlen)
{
	if (!v || !*v) {
		*out = def;
		return 0;
	}
	if (strcmp(v, "1.2") == 0) {
		*out = TLS1_2_VERSION;
		return 0;
	}
	if (strcmp(v, "1.3") == 0) {
		*out = TLS1_3_VERSION;
		return 0;
	}
	snprintf(err, errlen, "%s = %s: PT-TLS supports TLS versions 1.2 and 1.3", key, v);
	return NEA_ECONFIG;
}

/* Look name up among the suites of probe; *tls13 tells which list it goes to. */
static const SSL_CIPHER *find_suite(STACK_OF(SSL_CIPHER) *all, const char *name, bool *tls13)
{
	for (int i = 0; i < sk_SSL_CIPHER_num(all); i++) {
		const SSL_CIPHER *c = sk_SSL_CIPHER_value(all, i);
		const char *std = SSL_CIPHER_standard_name(c);

		if (std && strcmp(std, name) == 0) {
			*tls13 = strcmp(SSL_CIPHER_get_version(c), "TLSv1.3") == 0;
			return c;
		}
	}
	return NULL;
}

static int apply_suites(SSL_CTX *ctx, const char *suites, bool *have12, bool *have13, char *err,
			size_t errlen)
{
	strlist_t l12 = { 0 }, l13 = { 0 };
	STACK_OF(SSL_CIPHER) *all;
	SSL_CTX *probe = NULL;
	char **items = NULL;
	size_t n = 0;
	int rc = NEA_ECONFIG;

	if (nea_conf_split_list(suites, &items, &n) < 0) {
		snprintf(err, errlen, "libtls.suites: out of memory");
		return NEA_ENOMEM;
	}
	if (n == 0) {
		snprintf(err, errlen, "libtls.suites is empty");
		goto out;
	}
	probe = SSL_CTX_new(TLS_method());
	if (!probe || !SSL_CTX_set_cipher_list(probe, ALL_TLS12) ||
	    !SSL_CTX_set_ciphersuites(probe, ALL_TLS13)) {
		snprintf(err, errlen, "libtls.suites: cannot enumerate OpenSSL's cipher suites");
		rc = NEA_ECRYPTO;
		goto out;
	}
	all = SSL_CTX_get_ciphers(probe);
	for (size_t i = 0; i < n; i++) {
		bool tls13 = false;
		const SSL_CIPHER *c = find_suite(all, items[i], &tls13);

		if (!c) {
			snprintf(err, errlen, "libtls.suites: unknown TLS cipher suite '%s'", items[i]);
			goto out;
		}
		if (tls13)
			strlist_add(&l13, SSL_CIPHER_standard_name(c));
		else
			strlist_add(&l12, SSL_CIPHER_get_name(c));
	}
	if (l12.err || l13.err) {
		snprintf(err, errlen, "libtls.suites: out of memory");
		rc = NEA_ENOMEM;
		goto out;
	}
	*have12 = l12.len > 0;
	*have13 = l13.len > 0;
	/* An empty TLS 1.3 list is how OpenSSL switches those suites off; an
	 * empty TLS 1.2 list is refused, so that version is capped instead. */
	if (!SSL_CTX_set_ciphersuites(ctx, l13.len ? l13.buf : "") ||
	    (l12.len && !SSL_CTX_set_cipher_list(ctx, l12.buf))) {
		snprintf(err, errlen, "libtls.suites: OpenSSL refused the suite list");
		rc = NEA_ECRYPTO;
		goto out;
	}
	rc = 0;
out:
	SSL_CTX_free(probe);
	free(l13.buf);
	free(l12.buf);
	nea_conf_list_free(items);
	return rc;
}

int pttls_suites_apply(SSL_CTX *ctx, const char *suites, const char *vmin, const char *vmax,
		       char *err, size_t errlen)
{
	bool have12 = true, have13 = true;
	int lo, hi, rc;

	rc = parse_version(vmin, "libtls.version_min", TLS1_2_VERSION, &lo, err, errlen);
	if (rc < 0)
		return rc;
	rc = parse_version(vmax, "libtls.version_max", TLS1_3_VERSION, &hi, err, errlen);
	if (rc < 0)
		return rc;
	if (suites && *suites) {
		rc = apply_suites(ctx, suites, &have12, &have13, err, errlen);
		if (rc < 0)
			return rc;
	}
	if (!have12 && lo < TLS1_3_VERSION)
		lo = TLS1_3_VERSION;
	if (!have13 && hi > TLS1_2_VERSION)
		hi = TLS1_2_VERSION;
	if (lo > hi) {
		snprintf(err, errlen, "libtls: no TLS version left between version_min and "
				      "version_max for the configured suites");
		return NEA_ECONFIG;
	}
	if (!SSL_CTX_set_min_proto_version(ctx, lo) || !SSL_CTX_set_max_proto_version(ctx, hi)) {
		snprintf(err, errlen, "libtls: OpenSSL refused the TLS version range");
		return NEA_ECRYPTO;
	}
	return 0;
}

const char *pttls_suite_name(const SSL *ssl)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(ssl);
	const char *n = c ? SSL_CIPHER_standard_name(c) : NULL;

	return n ? n : "(none)";
}

const char *pttls_version_name(const SSL *ssl)
{
	switch (SSL_version(ssl)) {
	case TLS1_2_VERSION: return "TLS 1.2";
	case TLS1_3_VERSION: return "TLS 1.3";
	default: return SSL_get_version(ssl);
	}
}

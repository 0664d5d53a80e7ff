#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "eap_pkt.h"
#include "eap_ttls_int.h"
#include "nea_log.h"

/*
 * OpenSSL driven through two memory BIOs: the record layer writes the
 * reassembled EAP-TTLS message into rbio and takes whatever TLS wants to
 * send from wbio, so TLS never touches a socket and every byte it sees has
 * passed the EAP framing checks first.
 */

static int ex_idx = -1;
static pthread_once_t ex_once = PTHREAD_ONCE_INIT;

static void ex_init(void)
{
	ex_idx = SSL_get_ex_new_index(0, NULL, NULL, NULL, NULL);
}

void ttls_ssl_error(char *out, size_t len)
{
	unsigned long e = ERR_peek_last_error();

	if (e)
		ERR_error_string_n(e, out, len);
	else
		snprintf(out, len, "unknown TLS error");
	ERR_clear_error();
}

/* strongSwan prints the attribute types with these letters. */
static const char *rdn_name(int nid)
{
	switch (nid) {
	case NID_countryName: return "C";
	case NID_organizationName: return "O";
	case NID_organizationalUnitName: return "OU";
	case NID_commonName: return "CN";
	case NID_localityName: return "L";
	case NID_stateOrProvinceName: return "ST";
	case NID_pkcs9_emailAddress: return "E";
	case NID_serialNumber: return "serialNumber";
	case NID_surname: return "SN";
	case NID_givenName: return "G";
	case NID_title: return "T";
	case NID_domainComponent: return "DC";
	}
	return OBJ_nid2sn(nid);
}

void ttls_dn_string(X509_NAME *name, char *out, size_t len)
{
	size_t pos = 0;
	int n = name ? X509_NAME_entry_count(name) : 0;

	if (!len)
		return;
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		X509_NAME_ENTRY *e = X509_NAME_get_entry(name, i);
		const char *key = rdn_name(OBJ_obj2nid(X509_NAME_ENTRY_get_object(e)));
		unsigned char *val = NULL;
		int vlen = ASN1_STRING_to_UTF8(&val, X509_NAME_ENTRY_get_data(e));
		int w;

		if (vlen < 0)
			continue;
		/* a certificate is peer input: no control characters in logs */
		for (int j = 0; j < vlen; j++)
			if (val[j] < 0x20 || val[j] == 0x7f)
				val[j] = '?';
		w = snprintf(out + pos, len - pos, "%s%s=%.*s", pos ? ", " : "", key ? key : "?",
			     vlen, (const char *)val);
		OPENSSL_free(val);
		if (w < 0 || (size_t)w >= len - pos) {
			out[len - 1] = '\0';
			return;
		}
		pos += (size_t)w;
	}
}

/*
 * An identity is "contained in" a certificate as strongSwan's x509 plugin
 * decides it: equal to the subject DN, or to a subjectAltName of the
 * identity's kind (dNSName for a FQDN, rfc822Name for an e-mail address,
 * iPAddress for an address). The commonName alone never counts.
 */
bool ttls_cert_matches(X509 *cert, const char *id)
{
	unsigned char addr[16];
	char dn[EAP_TTLS_ID_MAX];

	if (!cert || !id || !*id)
		return false;
	if (strchr(id, '=')) {
		ttls_dn_string(X509_get_subject_name(cert), dn, sizeof(dn));
		return strcmp(dn, id) == 0;
	}
	if (inet_pton(AF_INET, id, addr) == 1 || inet_pton(AF_INET6, id, addr) == 1)
		return X509_check_ip_asc(cert, id, 0) == 1;
	if (strchr(id, '@'))
		return X509_check_email(cert, id, strlen(id), 0) == 1;
	return X509_check_host(cert, id, strlen(id),
			       X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_WILDCARDS,
			       NULL) == 1;
}

static int verify_cb(int ok, X509_STORE_CTX *x)
{
	SSL *ssl = X509_STORE_CTX_get_ex_data(x, SSL_get_ex_data_X509_STORE_CTX_idx());
	ttls_t *tt = ssl ? SSL_get_ex_data(ssl, ex_idx) : NULL;
	ttls_tls_t *t = tt ? &tt->tls : NULL;
	X509 *leaf = X509_STORE_CTX_get0_cert(x);

	if (!t)
		return 0;
	if (!t->logged_cert && leaf) {
		ttls_dn_string(X509_get_subject_name(leaf), t->peer_subject,
			       sizeof(t->peer_subject));
		NLOG(TLS, 1, "received TLS %s certificate '%s'", t->server ? "peer" : "server",
		     t->peer_subject);
		t->logged_cert = true;
	}
	if (!ok) {
		int e = X509_STORE_CTX_get_error(x);

		snprintf(tt->res.reason, sizeof(tt->res.reason),
			 "no trusted certificate found for '%.100s' to verify TLS %s: %.40s",
			 t->expect_id[0] ? t->expect_id : t->peer_subject,
			 t->server ? "peer" : "server", X509_verify_cert_error_string(e));
		return 0;
	}
	if (X509_STORE_CTX_get_error_depth(x) != 0)
		return 1;
	if (t->expect_id[0] && !ttls_cert_matches(leaf, t->expect_id)) {
		snprintf(tt->res.reason, sizeof(tt->res.reason),
			 "no trusted certificate found for '%.120s' to verify TLS %s", t->expect_id,
			 t->server ? "peer" : "server");
		X509_STORE_CTX_set_error(x, X509_V_ERR_HOSTNAME_MISMATCH);
		return 0;
	}
	t->peer_cert_ok = true;
	return 1;
}

/* Split "a, b c" into words; calls fn for each. */
static int each_word(const char *list, int (*fn)(void *, const char *), void *arg)
{
	char word[128];
	const char *p = list;

	while (*p) {
		size_t n = 0;

		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		while (p[n] && p[n] != ',' && p[n] != ' ' && p[n] != '\t')
			n++;
		if (n >= sizeof(word))
			return NEA_ECONFIG;
		memcpy(word, p, n);
		word[n] = '\0';
		p += n;
		if (fn(arg, word))
			return NEA_ECONFIG;
	}
	return 0;
}

typedef struct {
	STACK_OF(SSL_CIPHER) *all;
	SSL_CTX *probe;
	char tls12[2048];
	char tls13[512];
	char bad[128];
} suites_t;

static int append(char *buf, size_t cap, const char *name)
{
	size_t used = strlen(buf), add = strlen(name) + (used ? 1 : 0);

	if (used + add >= cap)
		return NEA_ETOOBIG;
	if (used)
		buf[used++] = ':';
	strcpy(buf + used, name);
	return 0;
}

static int add_suite(void *arg, const char *name)
{
	suites_t *s = arg;

	/* TLS 1.3 suites already carry their IANA names in OpenSSL */
	if (strncmp(name, "TLS_AES_", 8) == 0 || strncmp(name, "TLS_CHACHA20_", 13) == 0) {
		if (SSL_CTX_set_ciphersuites(s->probe, name) != 1)
			goto bad;
		return append(s->tls13, sizeof(s->tls13), name);
	}
	for (int i = 0; i < sk_SSL_CIPHER_num(s->all); i++) {
		const SSL_CIPHER *c = sk_SSL_CIPHER_value(s->all, i);
		const char *std = SSL_CIPHER_standard_name(c);

		if (std && strcmp(std, name) == 0 && strcmp(SSL_CIPHER_get_version(c), "TLSv1.3") != 0)
			return append(s->tls12, sizeof(s->tls12), SSL_CIPHER_get_name(c));
	}
bad:
	snprintf(s->bad, sizeof(s->bad), "%s", name);
	return NEA_ECONFIG;
}

/* libtls.suites -> OpenSSL's TLS 1.2 cipher list and TLS 1.3 suites; a
 * list naming only one generation narrows the versions to it. */
static int apply_suites(SSL_CTX *ctx, const char *list, int *vmin, int *vmax, char *err,
			size_t errlen)
{
	suites_t s = { 0 };
	int rc = NEA_ECONFIG;

	s.probe = SSL_CTX_new(TLS_method());
	if (!s.probe)
		return NEA_ENOMEM;
	if (SSL_CTX_set_cipher_list(s.probe, "ALL:COMPLEMENTOFALL:@SECLEVEL=0") != 1)
		goto out;
	s.all = SSL_CTX_get_ciphers(s.probe);
	if (each_word(list, add_suite, &s)) {
		snprintf(err, errlen, "TLS cipher suite '%s' not supported", s.bad);
		goto out;
	}
	if (!s.tls12[0] && !s.tls13[0]) {
		snprintf(err, errlen, "no TLS cipher suites configured");
		goto out;
	}
	if (!s.tls13[0]) {
		*vmax = TLS1_2_VERSION;
		SSL_CTX_set_ciphersuites(ctx, "");
	} else if (SSL_CTX_set_ciphersuites(ctx, s.tls13) != 1) {
		goto out;
	}
	if (!s.tls12[0])
		*vmin = TLS1_3_VERSION;
	else if (SSL_CTX_set_cipher_list(ctx, s.tls12) != 1)
		goto out;
	if (*vmin > *vmax) {
		snprintf(err, errlen, "libtls.suites leave no TLS version between min and max");
		goto out;
	}
	rc = 0;
out:
	if (rc && !err[0])
		ttls_ssl_error(err, errlen);
	SSL_CTX_free(s.probe);
	return rc;
}

/* The CertificateRequest names the CAs we trust, as strongSwan's server. */
static void set_client_ca_names(SSL_CTX *ctx)
{
	X509_STORE *store = SSL_CTX_get_cert_store(ctx);
	STACK_OF(X509_OBJECT) *objs;

	if (!store)
		return;
	/* the store is ours alone until the first SSL exists: no lock needed */
	objs = X509_STORE_get0_objects(store);
	for (int i = 0; objs && i < sk_X509_OBJECT_num(objs); i++) {
		X509 *ca = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));

		if (ca)
			SSL_CTX_add_client_CA(ctx, ca);
	}
}

static int load_credentials(SSL_CTX *ctx, const eap_ttls_cfg_t *cfg, bool server, char *err,
			    size_t errlen)
{
	bool have_cert = cfg->cert || cfg->cert_file;
	bool have_key = cfg->key || cfg->key_file;

	if (server && (!have_cert || !have_key)) {
		snprintf(err, errlen, "no usable TLS server certificate found");
		return NEA_ECONFIG;
	}
	if (have_cert != have_key) {
		snprintf(err, errlen, "TLS certificate and private key must be given together");
		return NEA_ECONFIG;
	}
	if (have_cert) {
		if (cfg->cert ? SSL_CTX_use_certificate(ctx, cfg->cert) != 1
			      : SSL_CTX_use_certificate_chain_file(ctx, cfg->cert_file) != 1)
			goto ssl_err;
		if (cfg->chain && SSL_CTX_set1_chain(ctx, cfg->chain) != 1)
			goto ssl_err;
		if (cfg->key ? SSL_CTX_use_PrivateKey(ctx, cfg->key) != 1
			     : SSL_CTX_use_PrivateKey_file(ctx, cfg->key_file, SSL_FILETYPE_PEM) != 1)
			goto ssl_err;
		if (SSL_CTX_check_private_key(ctx) != 1)
			goto ssl_err;
	}
	if (cfg->ca) {
		if (!X509_STORE_up_ref(cfg->ca))
			goto ssl_err;
		SSL_CTX_set_cert_store(ctx, cfg->ca);
	} else if (cfg->ca_file) {
		if (SSL_CTX_load_verify_file(ctx, cfg->ca_file) != 1)
			goto ssl_err;
	} else if (!server || cfg->request_peer_auth) {
		snprintf(err, errlen, "no CA certificate to verify the TLS %s",
			 server ? "peer" : "server");
		return NEA_ECONFIG;
	}
	return 0;
ssl_err:
	ttls_ssl_error(err, errlen);
	return NEA_ECONFIG;
}

int ttls_tls_init(ttls_tls_t *t, const eap_ttls_cfg_t *cfg, bool server, const char *expect_id)
{
	ttls_t *tt = (ttls_t *)((char *)t - offsetof(ttls_t, tls));
	int vmin = cfg->version_min ? cfg->version_min : TLS1_2_VERSION;
	int vmax = cfg->version_max ? cfg->version_max : TLS1_2_VERSION;
	char *err = tt->res.reason;
	size_t errlen = sizeof(tt->res.reason);
	int rc = NEA_ECONFIG;

	memset(t, 0, sizeof(*t));
	t->server = server;
	if (pthread_once(&ex_once, ex_init) || ex_idx < 0)
		return NEA_ENOMEM;
	if (expect_id && *expect_id) {
		if (strlen(expect_id) >= sizeof(t->expect_id)) {
			snprintf(err, errlen, "identity too long");
			return NEA_ECONFIG;
		}
		strcpy(t->expect_id, expect_id);
	}
	if ((vmin != TLS1_2_VERSION && vmin != TLS1_3_VERSION) ||
	    (vmax != TLS1_2_VERSION && vmax != TLS1_3_VERSION) || vmin > vmax) {
		snprintf(err, errlen, "TLS versions 1.2 and 1.3 only (min <= max)");
		return NEA_ECONFIG;
	}
	t->ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
	if (!t->ctx)
		return NEA_ENOMEM;
	if (cfg->suites && *cfg->suites) {
		rc = apply_suites(t->ctx, cfg->suites, &vmin, &vmax, err, errlen);
		if (rc)
			return rc;
		rc = NEA_ECONFIG;
	}
	if (SSL_CTX_set_min_proto_version(t->ctx, vmin) != 1 ||
	    SSL_CTX_set_max_proto_version(t->ctx, vmax) != 1)
		goto ssl_err;
	/* one full handshake per EAP conversation, as strongSwan's EAP use:
	 * no resumption state to keep, nothing after the handshake but data */
	SSL_CTX_set_options(t->ctx, SSL_OP_NO_TICKET | SSL_OP_NO_RENEGOTIATION |
					    SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
	SSL_CTX_set_session_cache_mode(t->ctx, SSL_SESS_CACHE_OFF);
	/* OpenSSL 3 clients refuse servers without RFC 5746 renegotiation
	 * info; a TLS stack that never renegotiates (strongSwan's libtls may
	 * omit the extension) is not exposed to that attack, and neither are
	 * we with renegotiation switched off above */
	if (!server)
		SSL_CTX_set_options(t->ctx, SSL_OP_LEGACY_SERVER_CONNECT);
	if (server && SSL_CTX_set_num_tickets(t->ctx, 0) != 1)
		goto ssl_err;
	rc = load_credentials(t->ctx, cfg, server, err, errlen);
	if (rc)
		return rc;
	rc = NEA_ECONFIG;
	if (server && cfg->request_peer_auth) {
		set_client_ca_names(t->ctx);
		SSL_CTX_set_verify(t->ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
				   verify_cb);
	} else if (!server) {
		SSL_CTX_set_verify(t->ctx, SSL_VERIFY_PEER, verify_cb);
	}
	t->ssl = SSL_new(t->ctx);
	t->rbio = BIO_new(BIO_s_mem());
	t->wbio = BIO_new(BIO_s_mem());
	if (!t->ssl || !t->rbio || !t->wbio) {
		BIO_free(t->rbio);
		BIO_free(t->wbio);
		t->rbio = t->wbio = NULL;
		return NEA_ENOMEM;
	}
	/* an empty input BIO means "wait for the next EAP message" */
	BIO_set_mem_eof_return(t->rbio, -1);
	BIO_set_mem_eof_return(t->wbio, -1);
	SSL_set_bio(t->ssl, t->rbio, t->wbio);
	if (SSL_set_ex_data(t->ssl, ex_idx, tt) != 1)
		goto ssl_err;
	if (server)
		SSL_set_accept_state(t->ssl);
	else
		SSL_set_connect_state(t->ssl);
	return 0;
ssl_err:
	ttls_ssl_error(err, errlen);
	return rc;
}

void ttls_tls_free(ttls_tls_t *t)
{
	SSL_free(t->ssl); /* frees both BIOs */
	SSL_CTX_free(t->ctx);
	t->ssl = NULL;
	t->ctx = NULL;
}

int ttls_tls_feed(ttls_tls_t *t, const uint8_t *data, size_t len)
{
	if (len > INT32_MAX)
		return NEA_ETOOBIG;
	if (len && BIO_write(t->rbio, data, (int)len) != (int)len)
		return NEA_ENOMEM;
	return 0;
}

static const char *key_type(EVP_PKEY *key)
{
	switch (key ? EVP_PKEY_get_base_id(key) : 0) {
	case EVP_PKEY_EC: return "ECDSA";
	case EVP_PKEY_RSA: return "RSA";
	case EVP_PKEY_RSA_PSS: return "RSA";
	case EVP_PKEY_ED25519: return "ED25519";
	case EVP_PKEY_ED448: return "ED448";
	}
	return "unknown";
}

/* strongSwan logs the suite when it picked it and names its certificate. */
static void log_negotiated(ttls_tls_t *t)
{
	const SSL_CIPHER *c;
	char ver[16], dn[EAP_TTLS_ID_MAX];
	X509 *cert;

	if (t->logged_suite)
		return;
	c = SSL_get_pending_cipher(t->ssl);
	if (!c)
		c = SSL_get_current_cipher(t->ssl);
	if (!c)
		return;
	t->logged_suite = true;
	if (!t->server)
		return;
	ttls_tls_describe(t, ver, sizeof(ver), NULL, 0);
	NLOG(TLS, 1, "using key of type %s", key_type(SSL_get_privatekey(t->ssl)));
	NLOG(TLS, 1, "negotiated %s using suite %s", ver,
	     SSL_CIPHER_standard_name(c) ? SSL_CIPHER_standard_name(c) : SSL_CIPHER_get_name(c));
	cert = SSL_get_certificate(t->ssl);
	if (cert) {
		ttls_dn_string(X509_get_subject_name(cert), dn, sizeof(dn));
		NLOG(TLS, 1, "sending TLS server certificate '%s'", dn);
	}
}

int ttls_tls_handshake(ttls_tls_t *t)
{
	ttls_t *tt = (ttls_t *)((char *)t - offsetof(ttls_t, tls));
	int rc, e;

	if (t->hs_done)
		return 1;
	ERR_clear_error();
	rc = SSL_do_handshake(t->ssl);
	log_negotiated(t);
	if (rc == 1) {
		t->hs_done = true;
		if (!t->server) {
			char ver[16], suite[64];

			ttls_tls_describe(t, ver, sizeof(ver), suite, sizeof(suite));
			NLOG(TLS, 1, "negotiated %s using suite %s", ver, suite);
		}
		return 1;
	}
	e = SSL_get_error(t->ssl, rc);
	if (e == SSL_ERROR_WANT_READ) {
		ERR_clear_error();
		return 0;
	}
	if (!tt->res.reason[0]) {
		char why[120];

		ttls_ssl_error(why, sizeof(why));
		snprintf(tt->res.reason, sizeof(tt->res.reason), "TLS handshake failed: %s", why);
	}
	ERR_clear_error();
	return NEA_ECRYPTO;
}

int ttls_tls_read(ttls_tls_t *t, nea_wr_t *app)
{
	ttls_t *tt = (ttls_t *)((char *)t - offsetof(ttls_t, tls));
	uint8_t buf[4096];

	for (;;) {
		int n, e;

		ERR_clear_error();
		n = SSL_read(t->ssl, buf, sizeof(buf));
		if (n > 0) {
			nea_wr_bytes(app, buf, (size_t)n);
			OPENSSL_cleanse(buf, (size_t)n);
			if (nea_wr_error(app)) {
				snprintf(tt->res.reason, sizeof(tt->res.reason),
					 "tunneled data exceeds %zu bytes", app->limit);
				return NEA_ETOOBIG;
			}
			continue;
		}
		e = SSL_get_error(t->ssl, n);
		if (e == SSL_ERROR_WANT_READ)
			return 0;
		if (e == SSL_ERROR_ZERO_RETURN)
			return 1;
		if (!tt->res.reason[0]) {
			char why[120];

			ttls_ssl_error(why, sizeof(why));
			snprintf(tt->res.reason, sizeof(tt->res.reason), "TLS record rejected: %s",
				 why);
		}
		ERR_clear_error();
		return NEA_ECRYPTO;
	}
}

int ttls_tls_write(ttls_tls_t *t, const uint8_t *data, size_t len)
{
	ttls_t *tt = (ttls_t *)((char *)t - offsetof(ttls_t, tls));
	size_t done = 0;

	if (len > INT32_MAX)
		return NEA_ETOOBIG;
	ERR_clear_error();
	/* a memory BIO takes everything: one call writes all records */
	if (len && SSL_write_ex(t->ssl, data, len, &done) != 1) {
		char why[120];

		ttls_ssl_error(why, sizeof(why));
		snprintf(tt->res.reason, sizeof(tt->res.reason), "TLS write failed: %s", why);
		return NEA_ECRYPTO;
	}
	return done == len ? 0 : NEA_ECRYPTO;
}

int ttls_tls_close_notify(ttls_tls_t *t)
{
	if (t->closed)
		return 0;
	t->closed = true;
	ERR_clear_error();
	if (!t->hs_done)
		return 0; /* a failed handshake left its alert in the output */
	NLOG(TLS, 1, "sending TLS close notify");
	if (SSL_shutdown(t->ssl) < 0) {
		ERR_clear_error();
		return NEA_ECRYPTO;
	}
	return 0;
}

int ttls_tls_take_output(ttls_tls_t *t, uint8_t **buf, size_t *len)
{
	size_t n = BIO_ctrl_pending(t->wbio);

	*buf = NULL;
	*len = 0;
	if (n == 0)
		return 0;
	if (n > INT32_MAX)
		return NEA_ETOOBIG;
	*buf = malloc(n);
	if (!*buf)
		return NEA_ENOMEM;
	if (BIO_read(t->wbio, *buf, (int)n) != (int)n) {
		free(*buf);
		*buf = NULL;
		return NEA_ECRYPTO;
	}
	*len = n;
	return 0;
}

int ttls_tls_export(ttls_tls_t *t, uint8_t out[EAP_TTLS_KEY_MATERIAL_LEN])
{
	static const char l12[] = "ttls keying material";
	static const char l13[] = "EXPORTER_EAP_TLS_Key_Material";
	static const unsigned char ctx13[] = { EAP_TYPE_TTLS };
	int ok;

	if (!t->hs_done)
		return NEA_ESTATE;
	if (SSL_version(t->ssl) == TLS1_3_VERSION)
		ok = SSL_export_keying_material(t->ssl, out, EAP_TTLS_KEY_MATERIAL_LEN, l13,
						sizeof(l13) - 1, ctx13, sizeof(ctx13), 1);
	else
		ok = SSL_export_keying_material(t->ssl, out, EAP_TTLS_KEY_MATERIAL_LEN, l12,
						sizeof(l12) - 1, NULL, 0, 0);
	ERR_clear_error();
	return ok == 1 ? 0 : NEA_ECRYPTO;
}

void ttls_tls_describe(ttls_tls_t *t, char *version, size_t vlen, char *suite, size_t slen)
{
	const SSL_CIPHER *c = SSL_get_current_cipher(t->ssl);

	if (!c)
		c = SSL_get_pending_cipher(t->ssl);
	if (version && vlen) {
		switch (SSL_version(t->ssl)) {
		case TLS1_2_VERSION: snprintf(version, vlen, "TLS 1.2"); break;
		case TLS1_3_VERSION: snprintf(version, vlen, "TLS 1.3"); break;
		default: snprintf(version, vlen, "%s", SSL_get_version(t->ssl)); break;
		}
	}
	if (suite && slen)
		snprintf(suite, slen, "%s",
			 !c ? "" : SSL_CIPHER_standard_name(c) ? SSL_CIPHER_standard_name(c)
							      : SSL_CIPHER_get_name(c));
}

/* nea-iked configuration snapshot; see iked_cfg.h. */
#include "iked_cfg.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ike_auth.h"
#include "ike_types.h"
#include "nea_err.h"
#include "nea_log.h"

typedef struct {
	EVP_PKEY **keys;
	size_t n;
} keyring_t;

const char *iked_eap_type_name(int type)
{
	switch (type) {
	case NEA_EAP_IDENTITY: return "EAP_IDENTITY";
	case NEA_EAP_MD5: return "EAP_MD5";
	case NEA_EAP_GTC: return "EAP_GTC";
	case NEA_EAP_TLS: return "EAP_TLS";
	case NEA_EAP_SIM: return "EAP_SIM";
	case NEA_EAP_TTLS: return "EAP_TTLS";
	case NEA_EAP_AKA: return "EAP_AKA";
	case NEA_EAP_PEAP: return "EAP_PEAP";
	case NEA_EAP_MSCHAPV2: return "EAP_MSCHAPV2";
	case NEA_EAP_TNC: return "EAP_TNC";
	case 54: return "EAP_PT_EAP";
	case NEA_EAP_RADIUS: return "EAP_RADIUS";
	case NEA_EAP_DYNAMIC: return "EAP_DYNAMIC";
	case 3: return "EAP_NAK";
	default: return "EAP";
	}
}

/* ---- helpers ----------------------------------------------------------- */

static unsigned get_uint(const nea_conf_t *c, const char *key, long long def, long long max)
{
	long long v;

	if (nea_conf_get_int(c, key, def, &v) < 0 || v < 0 || v > max) {
		NLOG(CFG, 0, "%s: invalid value, using %lld", key, def);
		v = def;
	}
	return (unsigned)v;
}

static double get_double(const nea_conf_t *c, const char *key, double def)
{
	const char *s = nea_conf_get_str(c, key, NULL);
	char *end;
	double v;

	if (!s)
		return def;
	v = strtod(s, &end);
	if (end == s || *end || v <= 0 || v > 1e6) {
		NLOG(CFG, 0, "%s: invalid value, using %g", key, def);
		return def;
	}
	return v;
}

static int path_in(const iked_cfg_t *c, const char *sub, const char *name, char *out, size_t len)
{
	int n;

	if (name[0] == '/')
		n = snprintf(out, len, "%s", name);
	else
		n = snprintf(out, len, "%s/%s/%s", c->dir, sub, name);
	return n < 0 || (size_t)n >= len ? NEA_ETOOBIG : 0;
}

static void keyring_free(keyring_t *k)
{
	for (size_t i = 0; i < k->n; i++)
		EVP_PKEY_free(k->keys[i]);
	free(k->keys);
	k->keys = NULL;
	k->n = 0;
}

/* Every private key in the swanctl key folders, as swanctl --load-creds. */
static int load_keys(const iked_cfg_t *c, keyring_t *k)
{
	static const char *const dirs[] = { "private", "rsa", "ecdsa", "pkcs8" };

	for (size_t d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		char path[PATH_MAX];
		DIR *dir;
		struct dirent *e;

		if (snprintf(path, sizeof(path), "%s/%s", c->dir, dirs[d]) >= (int)sizeof(path))
			continue;
		dir = opendir(path);
		if (!dir)
			continue;
		while ((e = readdir(dir))) {
			char file[PATH_MAX];
			EVP_PKEY *key, **grown;

			if (e->d_name[0] == '.')
				continue;
			if (snprintf(file, sizeof(file), "%s/%s", path, e->d_name) >=
			    (int)sizeof(file))
				continue;
			if (ike_auth_load_key(file, &key) < 0) {
				NLOG(CFG, 1, "loading private key from '%s' failed", file);
				continue;
			}
			grown = realloc(k->keys, (k->n + 1) * sizeof(*grown));
			if (!grown) {
				EVP_PKEY_free(key);
				closedir(dir);
				return NEA_ENOMEM;
			}
			k->keys = grown;
			k->keys[k->n++] = key;
			NLOG(CFG, 2, "loaded %s private key from '%s'",
			     EVP_PKEY_base_id(key) == EVP_PKEY_EC ? "ECDSA" : "RSA", file);
		}
		closedir(dir);
	}
	return 0;
}

static int load_cas(iked_cfg_t *c)
{
	char path[PATH_MAX];
	DIR *dir;
	struct dirent *e;

	c->cas = X509_STORE_new();
	c->ca_list = sk_X509_new_null();
	if (!c->cas || !c->ca_list)
		return NEA_ENOMEM;
	if (snprintf(path, sizeof(path), "%s/x509ca", c->dir) >= (int)sizeof(path))
		return 0;
	dir = opendir(path);
	if (!dir)
		return 0;
	while ((e = readdir(dir))) {
		char file[PATH_MAX];
		X509 *x;

		if (e->d_name[0] == '.')
			continue;
		if (snprintf(file, sizeof(file), "%s/%s", path, e->d_name) >= (int)sizeof(file))
			continue;
		if (ike_auth_load_cert(file, &x) < 0) {
			NLOG(CFG, 1, "loading CA certificate from '%s' failed", file);
			continue;
		}
		if (!X509_STORE_add_cert(c->cas, x) || !sk_X509_push(c->ca_list, x)) {
			X509_free(x);
			closedir(dir);
			return NEA_ENOMEM;
		}
		{
			char dn[IKED_ID_STRLEN];
			iked_id_t id;

			if (iked_id_from_cert(x, &id) == 0)
				NLOG(CFG, 1, "loaded ca certificate \"%s\" from '%s'",
				     iked_id_str(&id, dn, sizeof(dn)), file);
		}
	}
	closedir(dir);
	return 0;
}

static int parse_addrs(const char *conn, const char *what, char **in, size_t n,
		       iked_addr_cfg_t **out, size_t *nout)
{
	iked_addr_cfg_t *a = calloc(n ? n : 1, sizeof(*a));

	if (!a)
		return NEA_ENOMEM;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(in[i], "%any") == 0 || strcmp(in[i], "%any4") == 0 ||
		    strcmp(in[i], "%any6") == 0) {
			a[i].any = true;
		} else if (nea_addr_range_parse(in[i], &a[i].range) < 0) {
			NLOG(CFG, 0, "connection '%s': %s: '%s' is not an address, range or "
				     "subnet (nea does not resolve host names)", conn, what, in[i]);
			free(a);
			return NEA_ECONFIG;
		}
	}
	*out = a;
	*nout = n;
	return 0;
}

bool iked_addr_cfg_match(const iked_addr_cfg_t *list, size_t n, const iked_addr_t *a)
{
	size_t len;
	const uint8_t *b = iked_addr_bytes(a, &len);

	if (n == 0)
		return true;
	for (size_t i = 0; i < n; i++) {
		const nea_addr_range_t *r = &list[i].range;
		int fam_len;

		if (list[i].any)
			return true;
		if (!b)
			continue;
		fam_len = r->family == AF_INET ? 4 : 16;
		if ((size_t)fam_len != len)
			continue;
		if (memcmp(b, r->from, len) >= 0 && memcmp(b, r->to, len) <= 0)
			return true;
	}
	return false;
}

static int auth_round(const iked_cfg_t *c, const char *conn, const char *side,
		      const nea_swanctl_auth_t *rounds, size_t n, bool local, const keyring_t *keys,
		      iked_auth_cfg_t *out)
{
	const nea_swanctl_auth_t *a;

	memset(out, 0, sizeof(*out));
	if (n == 0) {
		NLOG(CFG, 0, "connection '%s': no %s authentication round", conn, side);
		return NEA_ECONFIG;
	}
	if (n > 1) {
		NLOG(CFG, 0, "connection '%s': %zu %s authentication rounds; nea-iked does one",
		     conn, n, side);
		return NEA_ECONFIG;
	}
	a = &rounds[0];
	out->cls = a->cls;
	out->eap_type = a->eap_type;
	if (a->cls == NEA_AUTH_XAUTH) {
		NLOG(CFG, 0, "connection '%s': %s auth '%s' is IKEv1 only", conn, side, a->auth);
		return NEA_ECONFIG;
	}
	if (a->cls == NEA_AUTH_EAP) {
		switch (a->eap_type) {
		case NEA_EAP_MD5:
		case NEA_EAP_MSCHAPV2:
		case NEA_EAP_TTLS:
		case NEA_EAP_DYNAMIC:
			break;
		case NEA_EAP_ANY:
			out->eap_type = NEA_EAP_DYNAMIC;
			break;
		default:
			NLOG(CFG, 0, "connection '%s': %s auth '%s': EAP method not supported by "
				     "nea-iked", conn, side, a->auth);
			return NEA_ECONFIG;
		}
	}
	if (iked_id_parse(a->id, &out->id) < 0) {
		NLOG(CFG, 0, "connection '%s': %s id '%s' invalid", conn, side, a->id);
		return NEA_ECONFIG;
	}
	out->id_set = a->id && !iked_id_is_any(&out->id);
	if (a->eap_id) {
		if (iked_id_parse(a->eap_id, &out->eap_id) < 0) {
			NLOG(CFG, 0, "connection '%s': %s eap_id '%s' invalid", conn, side,
			     a->eap_id);
			return NEA_ECONFIG;
		}
		out->eap_id_set = true;
	}
	if (local && a->ncerts) {
		char path[PATH_MAX];

		if (path_in(c, "x509", a->certs[0], path, sizeof(path)) < 0 ||
		    ike_auth_load_cert(path, &out->cert) < 0) {
			NLOG(CFG, 0, "connection '%s': loading certificate '%s' failed", conn,
			     a->certs[0]);
			return NEA_ECONFIG;
		}
		for (size_t i = 0; i < keys->n && !out->key; i++) {
			EVP_PKEY *pub = X509_get0_pubkey(out->cert);

			if (pub && EVP_PKEY_eq(pub, keys->keys[i]) == 1 &&
			    EVP_PKEY_up_ref(keys->keys[i]))
				out->key = keys->keys[i];
		}
		if (!out->id_set && iked_id_from_cert(out->cert, &out->id) == 0)
			out->id_set = true;
		if (!iked_cert_has_id(out->cert, &out->id)) {
			char s[IKED_ID_STRLEN];

			NLOG(CFG, 0, "connection '%s': certificate '%s' does not contain identity "
				     "'%s'", conn, a->certs[0], iked_id_str(&out->id, s, sizeof(s)));
			return NEA_ECONFIG;
		}
	}
	if (local && a->cls == NEA_AUTH_PUBKEY && !out->key) {
		NLOG(CFG, 0, "connection '%s': no private key found for local pubkey "
			     "authentication", conn);
		return NEA_ECONFIG;
	}
	return 0;
}

static int load_conn(iked_cfg_t *c, const nea_swanctl_conn_t *sc, const keyring_t *keys,
		     iked_conn_t *conn)
{
	char err[256];
	char key[512];
	const char *v;
	int rc;

	conn->sc = sc;
	conn->name = sc->name;
	if (sc->version == 1) {
		NLOG(CFG, 0, "connection '%s': IKEv1 is not supported", sc->name);
		return NEA_ECONFIG;
	}
	for (size_t i = 0; i < sc->nproposals; i++) {
		size_t got;
		const char *p = sc->proposals[i];

		if (strcmp(p, "default") == 0)
			p = "aes128-aes192-aes256-sha256-sha384-sha512-x25519-ecp256-ecp384-modp2048";
		if (conn->nike >= IKED_MAX_PROPOSALS ||
		    ike_proposals_parse(p, IKE_PROTO_IKE, conn->ike + conn->nike,
					IKED_MAX_PROPOSALS - conn->nike, &got, err,
					sizeof(err)) < 0) {
			NLOG(CFG, 0, "connection '%s': proposal '%s': %s", sc->name,
			     sc->proposals[i], err);
			return NEA_ECONFIG;
		}
		conn->nike += got;
	}
	if ((rc = parse_addrs(sc->name, "local_addrs", sc->local_addrs, sc->nlocal_addrs,
			      &conn->local_addrs, &conn->nlocal_addrs)) < 0 ||
	    (rc = parse_addrs(sc->name, "remote_addrs", sc->remote_addrs, sc->nremote_addrs,
			      &conn->remote_addrs, &conn->nremote_addrs)) < 0)
		return rc;
	if ((rc = auth_round(c, sc->name, "local", sc->local, sc->nlocal, true, keys,
			     &conn->local)) < 0 ||
	    (rc = auth_round(c, sc->name, "remote", sc->remote, sc->nremote, false, keys,
			     &conn->remote)) < 0)
		return rc;
	if (conn->local.cls == NEA_AUTH_EAP && conn->remote.cls != NEA_AUTH_EAP &&
	    conn->local.eap_type != NEA_EAP_TTLS && false)
		return NEA_ECONFIG;
	if (sc->npools) {
		conn->pools = calloc(sc->npools, sizeof(*conn->pools));
		if (!conn->pools)
			return NEA_ENOMEM;
		for (size_t i = 0; i < sc->npools; i++) {
			conn->pools[i] = nea_swanctl_pool(c->sw, sc->pools[i]);
			if (!conn->pools[i]) {
				NLOG(CFG, 0, "connection '%s': pool '%s' is not defined", sc->name,
				     sc->pools[i]);
				return NEA_ECONFIG;
			}
		}
		conn->npools = sc->npools;
	}
	conn->children = calloc(sc->nchildren ? sc->nchildren : 1, sizeof(*conn->children));
	if (!conn->children)
		return NEA_ENOMEM;
	conn->nchildren = sc->nchildren;
	for (size_t i = 0; i < sc->nchildren; i++) {
		iked_child_cfg_t *ch = &conn->children[i];
		const nea_swanctl_child_t *scc = &sc->children[i];

		ch->sc = scc;
		if (scc->mode != NEA_MODE_TUNNEL && scc->mode != NEA_MODE_TRANSPORT) {
			NLOG(CFG, 0, "connection '%s': child '%s': only tunnel and transport mode "
				     "are supported", sc->name, scc->name);
			return NEA_ECONFIG;
		}
		for (size_t j = 0; j < scc->nesp_proposals; j++) {
			size_t got;
			const char *p = scc->esp_proposals[j];

			if (strcmp(p, "default") == 0)
				p = "aes128gcm16-aes256gcm16-chacha20poly1305,aes128-aes256-sha256-"
				    "sha384-sha512";
			if (ch->nesp >= IKED_MAX_PROPOSALS ||
			    ike_proposals_parse(p, IKE_PROTO_ESP, ch->esp + ch->nesp,
						IKED_MAX_PROPOSALS - ch->nesp, &got, err,
						sizeof(err)) < 0) {
				NLOG(CFG, 0, "connection '%s': child '%s': esp_proposals '%s': %s",
				     sc->name, scc->name, scc->esp_proposals[j], err);
				return NEA_ECONFIG;
			}
			ch->nesp += got;
		}
		if (scc->start_action & NEA_ACTION_START)
			conn->start = true;
	}
	/* options nea_swanctl leaves untyped */
	snprintf(key, sizeof(key), "connections.%s.vips", sc->name);
	v = nea_conf_get_str(c->tree, key, NULL);
	if (v) {
		char **items = NULL;
		size_t n = 0;

		if (nea_conf_split_list(v, &items, &n) < 0)
			return NEA_ENOMEM;
		for (size_t i = 0; i < n; i++) {
			if (strchr(items[i], ':'))
				conn->vip6 = true;
			else
				conn->vip4 = true;
		}
		nea_conf_list_free(items);
	}
	snprintf(key, sizeof(key), "connections.%s.fragmentation", sc->name);
	v = nea_conf_get_str(c->tree, key, "yes");
	conn->fragmentation = strcasecmp(v, "no") != 0;
	snprintf(key, sizeof(key), "connections.%s.mobike", sc->name);
	conn->mobike = nea_conf_get_bool(c->tree, key, true);
	snprintf(key, sizeof(key), "connections.%s.dpd_delay", sc->name);
	v = nea_conf_get_str(c->tree, key, NULL);
	if (v && nea_swanctl_parse_time(v, &conn->dpd_delay) < 0) {
		NLOG(CFG, 0, "connection '%s': dpd_delay '%s' invalid", sc->name, v);
		return NEA_ECONFIG;
	}
	NLOG(CFG, 1, "added configuration '%s'", sc->name);
	return 0;
}

static void conn_free(iked_conn_t *conn)
{
	X509_free(conn->local.cert);
	EVP_PKEY_free(conn->local.key);
	free(conn->local_addrs);
	free(conn->remote_addrs);
	free(conn->pools);
	free(conn->children);
	memset(conn, 0, sizeof(*conn));
}

static void ttls_settings(const nea_conf_t *m, iked_cfg_t *c)
{
	iked_ttls_cfg_t *t = &c->ttls;
	const char *s;

	t->fragment_size = get_uint(m, "charon.plugins.eap-ttls.fragment_size", 1024, 65535);
	t->max_message_count =
		get_uint(m, "charon.plugins.eap-ttls.max_message_count", 32, 1000000);
	t->include_length = nea_conf_get_bool(m, "charon.plugins.eap-ttls.include_length", true);
	s = nea_conf_get_str(m, "charon.plugins.eap-ttls.phase2_method", "md5");
	t->phase2_method = strcasecmp(s, "mschapv2") == 0 ? NEA_EAP_MSCHAPV2 : NEA_EAP_MD5;
	if (strcasecmp(s, "md5") && strcasecmp(s, "mschapv2"))
		NLOG(CFG, 0, "charon.plugins.eap-ttls.phase2_method '%s' not supported, using md5",
		     s);
	t->phase2_piggyback =
		nea_conf_get_bool(m, "charon.plugins.eap-ttls.phase2_piggyback", false);
	t->phase2_tnc = nea_conf_get_bool(m, "charon.plugins.eap-ttls.phase2_tnc", false);
	s = nea_conf_get_str(m, "charon.plugins.eap-ttls.phase2_tnc_method", "pt");
	t->phase2_tnc_method = strcasecmp(s, "tnc") == 0 ? NEA_EAP_TNC : 54;
	t->request_peer_auth =
		nea_conf_get_bool(m, "charon.plugins.eap-ttls.request_peer_auth", false);
	t->tnc_max_message_count =
		get_uint(m, "charon.plugins.eap-tnc.max_message_count", 10, 1000000);
	t->max_batch_size = get_uint(m, "charon.plugins.tnccs-20.max_batch_size", 65522, 65529);
	t->max_message_size =
		get_uint(m, "charon.plugins.tnccs-20.max_message_size", 65490, 65529);
}

static void dynamic_methods(const nea_conf_t *m, iked_cfg_t *c)
{
	const char *s = nea_conf_get_str(m, "charon.plugins.eap-dynamic.methods", NULL);
	char **items = NULL;
	size_t n = 0;

	c->ndynamic_methods = 0;
	if (s && nea_conf_split_list(s, &items, &n) == 0) {
		for (size_t i = 0; i < n && c->ndynamic_methods < 8; i++) {
			const char *it = items[i];
			int t = 0;

			if (strncasecmp(it, "eap-", 4) == 0)
				it += 4;
			if (strcasecmp(it, "md5") == 0)
				t = NEA_EAP_MD5;
			else if (strcasecmp(it, "mschapv2") == 0)
				t = NEA_EAP_MSCHAPV2;
			else if (strcasecmp(it, "ttls") == 0)
				t = NEA_EAP_TTLS;
			if (t)
				c->dynamic_methods[c->ndynamic_methods++] = t;
			else
				NLOG(CFG, 1, "eap-dynamic: method '%s' not supported, skipped",
				     items[i]);
		}
		nea_conf_list_free(items);
	}
	if (c->ndynamic_methods == 0) {
		c->dynamic_methods[0] = NEA_EAP_TTLS;
		c->dynamic_methods[1] = NEA_EAP_MSCHAPV2;
		c->dynamic_methods[2] = NEA_EAP_MD5;
		c->ndynamic_methods = 3;
	}
}

int iked_cfg_load(const nea_conf_t *m, iked_cfg_t **out)
{
	const char *file = nea_conf_get_str(m, "nea.swanctl", "/etc/swanctl/swanctl.conf");
	const char *iso;
	iked_cfg_t *c = calloc(1, sizeof(*c));
	keyring_t keys = { 0 };
	char err[512], *slash;
	int rc;

	if (!c)
		return NEA_ENOMEM;
	c->refs = 1;
	snprintf(c->dir, sizeof(c->dir), "%s", file);
	slash = strrchr(c->dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(c->dir, sizeof(c->dir), ".");

	c->frag_size = get_uint(m, "charon.fragment_size", 1280, 65535);
	if (c->frag_size < 576)
		c->frag_size = 576;
	c->retransmit_timeout_ms =
		(unsigned)(get_double(m, "charon.retransmit_timeout", 4.0) * 1000.0);
	c->retransmit_base = get_double(m, "charon.retransmit_base", 1.8);
	c->retransmit_tries = get_uint(m, "charon.retransmit_tries", 5, 100);
	c->half_open_timeout_s = get_uint(m, "charon.half_open_timeout", 30, 86400);
	c->auth_timeout_s = get_uint(m, "nea.ike.auth_timeout", 300, 86400);
	c->cookie_threshold = get_uint(m, "charon.cookie_threshold", 30, 1000000);
	c->cookie_threshold_ip = get_uint(m, "charon.cookie_threshold_ip", 3, 1000000);
	c->block_threshold = get_uint(m, "charon.block_threshold", 5, 1000000);
	c->dos_protection = nea_conf_get_bool(m, "charon.dos_protection", true);
	c->max_sas = get_uint(m, "charon.ikesa_limit", 0, 10000000);
	if (c->max_sas == 0)
		c->max_sas = get_uint(m, "nea.ike.max_sas", 100000, 10000000);
	c->max_half_open = get_uint(m, "charon.init_limit_half_open", 0, 10000000);
	if (c->max_half_open == 0)
		c->max_half_open = get_uint(m, "nea.ike.max_half_open", 5000, 10000000);
	c->max_auth_exchanges = get_uint(m, "nea.ike.max_auth_exchanges", 1024, 100000);
	c->kernel = nea_conf_get_bool(m, "nea.ike.kernel", false);
	iso = nea_conf_get_str(m, "nea.ike.isolate", "deny");
	if (strcmp(iso, "allow") == 0) {
		c->isolate_allow = true;
	} else if (strcmp(iso, "deny") != 0) {
		NLOG(CFG, 0, "nea.ike.isolate must be 'deny' or 'allow', not '%s'", iso);
		rc = NEA_ECONFIG;
		goto fail;
	}
	ttls_settings(m, c);
	dynamic_methods(m, c);

	rc = nea_conf_load_file(file, &c->tree, err, sizeof(err));
	if (rc == NEA_ENOTFOUND) {
		NLOG(CFG, 1, "%s not found; no connections loaded", file);
		rc = nea_conf_load_string("", file, &c->tree, err, sizeof(err));
	}
	if (rc < 0) {
		NLOG(CFG, 0, "%s", err);
		rc = NEA_ECONFIG;
		goto fail;
	}
	rc = nea_swanctl_from_conf(c->tree, &c->sw, err, sizeof(err));
	if (rc < 0) {
		NLOG(CFG, 0, "%s", err);
		goto fail;
	}
	if ((rc = load_keys(c, &keys)) < 0 || (rc = load_cas(c)) < 0)
		goto fail;
	c->conns = calloc(c->sw->nconns ? c->sw->nconns : 1, sizeof(*c->conns));
	if (!c->conns) {
		rc = NEA_ENOMEM;
		goto fail;
	}
	/* as swanctl --load-conns: a connection nea-iked cannot serve is
	 * refused on its own (logged), the others load */
	c->nconns = 0;
	for (size_t i = 0; i < c->sw->nconns; i++) {
		iked_conn_t *conn = &c->conns[c->nconns];

		rc = load_conn(c, &c->sw->conns[i], &keys, conn);
		if (rc == NEA_ENOMEM)
			goto fail;
		if (rc < 0) {
			NLOG(CFG, 0, "loading connection '%s' failed; it is not served",
			     c->sw->conns[i].name);
			conn_free(conn);
			continue;
		}
		c->nconns++;
	}
	for (size_t i = 0; i < c->sw->npools; i++) {
		char b[IKED_ADDR_STRLEN];
		iked_addr_t a;

		iked_addr_from_bytes(&a, c->sw->pools[i].base,
				     c->sw->pools[i].addrs.family == AF_INET ? 4 : 16, 0);
		NLOG(CFG, 1, "added pool %s: %s, %llu entries", c->sw->pools[i].name,
		     iked_addr_str(&a, b, sizeof(b)), (unsigned long long)c->sw->pools[i].size);
	}
	keyring_free(&keys);
	*out = c;
	return 0;
fail:
	keyring_free(&keys);
	iked_cfg_unref(c);
	return rc == NEA_ENOMEM ? rc : NEA_ECONFIG;
}

iked_cfg_t *iked_cfg_ref(iked_cfg_t *c)
{
	if (c)
		c->refs++;
	return c;
}

void iked_cfg_unref(iked_cfg_t *c)
{
	if (!c || --c->refs > 0)
		return;
	for (size_t i = 0; i < c->nconns; i++)
		conn_free(&c->conns[i]);
	free(c->conns);
	if (c->ca_list)
		sk_X509_pop_free(c->ca_list, X509_free);
	X509_STORE_free(c->cas);
	nea_swanctl_free(c->sw);
	nea_conf_free(c->tree);
	free(c);
}

const iked_conn_t *iked_cfg_conn(const iked_cfg_t *c, const char *name)
{
	for (size_t i = 0; i < c->nconns; i++)
		if (strcmp(c->conns[i].name, name) == 0)
			return &c->conns[i];
	return NULL;
}

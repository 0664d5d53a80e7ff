/*
 * nea-pttlsd settings. strongSwan's names where strongSwan has the setting
 * (charon.plugins.tnc-pdp.pt_tls.port, libtls.*), nea.pttls.* otherwise;
 * every value is checked here so a bad file stops the daemon at start-up
 * (or is ignored, with a log line, on reload) instead of failing later.
 */
#include "pttlsd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pttls_msg.h"
#include "pttls_tlsctx.h"

#define DEFAULT_HANDSHAKE_MS 10000
#define DEFAULT_IDLE_MS 60000
#define DEFAULT_BROKER_MS 120000
#define DEFAULT_MAX_CONNS 256

static int get_uint(const nea_conf_t *c, const char *key, long long def, long long lo,
		    long long hi, long long *out)
{
	if (nea_conf_get_int(c, key, def, out) < 0 || *out < lo || *out > hi) {
		NLOG(CFG, 0, "%s = %s: expected an integer in %lld..%lld", key,
		     nea_conf_get_str(c, key, "?"), lo, hi);
		return NEA_ECONFIG;
	}
	return 0;
}

int pttlsd_conf_load(const nea_conf_t *c, pttlsd_conf_t *out)
{
	const char *auth = nea_conf_get_str(c, "nea.pttls.auth", "tls_or_sasl");
	const char *addr = nea_conf_get_str(c, "nea.pttls.address", NULL);
	long long port, v;

	memset(out, 0, sizeof(*out));
	/* nea's key wins; a strongswan.conf carried over keeps its port.
	 * Port 0 lets the kernel choose (tests running side by side); the
	 * "listening" log line names the port actually bound. */
	if (get_uint(c, "charon.plugins.tnc-pdp.pt_tls.port", PTTLS_PORT, 0, 65535, &port) < 0 ||
	    get_uint(c, "nea.pttls.port", port, 0, 65535, &port) < 0)
		return NEA_ECONFIG;
	out->port = (int)port;
	if (pttls_srv_auth_parse(auth, &out->auth) < 0) {
		NLOG(CFG, 0, "nea.pttls.auth = %s: expected none, tls, sasl, tls_or_sasl or "
			     "tls_and_sasl", auth);
		return NEA_ECONFIG;
	}
	if (get_uint(c, "nea.pttls.handshake_timeout_ms", DEFAULT_HANDSHAKE_MS, 1, 3600000, &v) < 0)
		return NEA_ECONFIG;
	out->handshake_timeout_ms = (unsigned)v;
	if (get_uint(c, "nea.pttls.idle_timeout_ms", DEFAULT_IDLE_MS, 1, 3600000, &v) < 0)
		return NEA_ECONFIG;
	out->idle_timeout_ms = (unsigned)v;
	if (get_uint(c, "nea.pttls.broker_timeout_ms", DEFAULT_BROKER_MS, 1, 3600000, &v) < 0)
		return NEA_ECONFIG;
	out->broker_timeout_ms = (unsigned)v;
	if (get_uint(c, "nea.pttls.max_connections", DEFAULT_MAX_CONNS, 1, 65536, &v) < 0)
		return NEA_ECONFIG;
	out->max_conns = (unsigned)v;
	if (get_uint(c, "nea.pttls.max_message_size", PTTLS_MAX_MESSAGE_LEN, 64,
		     PTTLS_MAX_MESSAGE_LEN, &v) < 0)
		return NEA_ECONFIG;
	out->max_msg = (size_t)v;
	/* strongSwan's PT-TLS batch limit (128 * 16384 - 16), so IMVs see the
	 * maximum PA-TNC message size strongSwan reports; a smaller message
	 * limit lowers it to what one PT-TLS message can carry. */
	out->max_batch = out->max_msg < PTTLS_MAX_MESSAGE_LEN
				 ? (uint32_t)(out->max_msg - PTTLS_HDR_LEN)
				 : PTTLS_MAX_MESSAGE_LEN;
	if (addr && *addr) {
		out->address = strdup(addr);
		if (!out->address)
			return NEA_ENOMEM;
	}
	return 0;
}

void pttlsd_conf_free(pttlsd_conf_t *c)
{
	free(c->address);
	c->address = NULL;
}

int pttlsd_ctx_load(const nea_conf_t *c, pttls_srv_auth_t auth, SSL_CTX **out)
{
	pttls_ctx_opts_t o = {
		.server = true,
		.cert = nea_conf_get_str(c, "nea.pttls.cert", NULL),
		.key = nea_conf_get_str(c, "nea.pttls.key", NULL),
		.cacert = nea_conf_get_str(c, "nea.pttls.cacert", NULL),
		.suites = nea_conf_get_str(c, "libtls.suites", NULL),
		.vmin = nea_conf_get_str(c, "libtls.version_min", NULL),
		.vmax = nea_conf_get_str(c, "libtls.version_max", NULL),
	};
	char err[512];
	int rc;

	/* Certificates are requested whenever they can authenticate the
	 * client; whether one is mandatory is decided above TLS, where
	 * strongSwan decides it and the log can say why. */
	switch (auth) {
	case PTTLS_SRV_AUTH_TLS:
	case PTTLS_SRV_AUTH_TLS_AND_SASL:
		o.verify = PTTLS_VERIFY_OPTIONAL;
		break;
	case PTTLS_SRV_AUTH_TLS_OR_SASL:
		o.verify = o.cacert && *o.cacert ? PTTLS_VERIFY_OPTIONAL : PTTLS_VERIFY_NONE;
		break;
	default:
		o.verify = PTTLS_VERIFY_NONE;
		break;
	}
	rc = pttls_ctx_new(&o, out, err, sizeof(err));
	if (rc < 0) {
		NLOG(CFG, 0, "PT-TLS: %s", err);
		return rc;
	}
	NLOG(CFG, 2, "PT-TLS: server certificate %s, CA %s, client authentication %s", o.cert,
	     o.cacert ? o.cacert : "(none)", pttls_srv_auth_name(auth));
	return 0;
}

int pttlsd_secrets_load(const nea_conf_t *c, nea_swanctl_t **out, char **path)
{
	const char *p = nea_conf_get_str(c, "nea.swanctl", "/etc/swanctl/swanctl.conf");
	char err[512];
	size_t n = 0;
	int rc;

	*out = NULL;
	*path = NULL;
	rc = nea_swanctl_load_file(p, out, err, sizeof(err));
	if (rc == NEA_ENOTFOUND) {
		NLOG(CFG, 1, "PT-TLS: %s not found; no EAP secrets for SASL PLAIN", p);
		rc = 0;
	} else if (rc < 0) {
		NLOG(CFG, 0, "PT-TLS: %s", err);
		return rc;
	}
	if (*out)
		for (size_t i = 0; i < (*out)->nsecrets; i++)
			n += (*out)->secrets[i].type == NEA_SECRET_EAP;
	*path = strdup(p);
	if (!*path) {
		nea_swanctl_free(*out);
		*out = NULL;
		return NEA_ENOMEM;
	}
	NLOG(CFG, 1, "PT-TLS: loaded %zu EAP secret%s from %s", n, n == 1 ? "" : "s", p);
	return 0;
}

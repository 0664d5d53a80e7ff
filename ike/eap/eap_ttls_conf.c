#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "eap_pkt.h"
#include "eap_pteap.h"
#include "eap_ttls.h"
#include "eap_ttls_frag.h"

/*
 * strongSwan 5.9.14's eap-ttls / eap-tnc / libtls settings and their
 * compiled-in defaults (PROTOCOLS.md §2.1; libtls.version_max defaults to
 * 1.2, which is why strongSwan's own scenarios set it to 1.3).
 */
void eap_ttls_cfg_defaults(eap_ttls_cfg_t *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->version_min = TLS1_2_VERSION;
	cfg->version_max = TLS1_2_VERSION;
	cfg->fragment_size = EAP_TTLS_DEFAULT_FRAG_SIZE;
	cfg->max_message_count = EAP_TTLS_DEFAULT_MAX_MESSAGE_COUNT;
	cfg->include_length = true;
	cfg->phase2_method = EAP_TYPE_MD5;
	cfg->phase2_tnc_method = EAP_TYPE_PT_EAP;
	cfg->tnc_max_message_count = EAP_TNC_DEFAULT_MAX_MESSAGE_COUNT;
}

static int tls_version(const char *s, int *out)
{
	if (strcmp(s, "1.2") == 0)
		*out = TLS1_2_VERSION;
	else if (strcmp(s, "1.3") == 0)
		*out = TLS1_3_VERSION;
	else
		return -1;
	return 0;
}

static int count(const nea_conf_t *conf, const char *key, long long def, int *out, char *msg,
		 size_t msglen)
{
	long long v;

	if (nea_conf_get_int(conf, key, def, &v) || v < 0 || v > 1000000) {
		snprintf(msg, msglen, "%s: not a count", key);
		return NEA_ECONFIG;
	}
	*out = (int)v;
	return 0;
}

int eap_ttls_cfg_load(eap_ttls_cfg_t *cfg, const nea_conf_t *conf, char *msg, size_t msglen)
{
	const char *s;
	long long v;
	int rc;

	eap_ttls_cfg_defaults(cfg);
	if (msglen)
		msg[0] = '\0';
	if (!conf)
		return 0;
	if (nea_conf_get_int(conf, "charon.plugins.eap-ttls.fragment_size",
			     EAP_TTLS_DEFAULT_FRAG_SIZE, &v) ||
	    v <= EAP_TLS_HDR_LEN + 4 || v > EAP_MAX_LEN) {
		snprintf(msg, msglen, "charon.plugins.eap-ttls.fragment_size: 11..65535");
		return NEA_ECONFIG;
	}
	cfg->fragment_size = (size_t)v;
	rc = count(conf, "charon.plugins.eap-ttls.max_message_count",
		   EAP_TTLS_DEFAULT_MAX_MESSAGE_COUNT, &cfg->max_message_count, msg, msglen);
	if (!rc)
		rc = count(conf, "charon.plugins.eap-tnc.max_message_count",
			   EAP_TNC_DEFAULT_MAX_MESSAGE_COUNT, &cfg->tnc_max_message_count, msg,
			   msglen);
	if (rc)
		return rc;
	cfg->include_length = nea_conf_get_bool(conf, "charon.plugins.eap-ttls.include_length", true);
	cfg->request_peer_auth =
		nea_conf_get_bool(conf, "charon.plugins.eap-ttls.request_peer_auth", false);
	cfg->phase2_piggyback =
		nea_conf_get_bool(conf, "charon.plugins.eap-ttls.phase2_piggyback", false);
	cfg->phase2_tnc = nea_conf_get_bool(conf, "charon.plugins.eap-ttls.phase2_tnc", false);
	s = nea_conf_get_str(conf, "charon.plugins.eap-ttls.phase2_method", "md5");
	if (strcasecmp(s, "md5") == 0) {
		cfg->phase2_method = EAP_TYPE_MD5;
	} else if (strcasecmp(s, "mschapv2") == 0) {
		cfg->phase2_method = EAP_TYPE_MSCHAPV2;
	} else {
		snprintf(msg, msglen, "unrecognized phase2 method \"%s\"", s);
		return NEA_ECONFIG;
	}
	s = nea_conf_get_str(conf, "charon.plugins.eap-ttls.phase2_tnc_method", "pt");
	if (strcasecmp(s, "pt") == 0) {
		cfg->phase2_tnc_method = EAP_TYPE_PT_EAP;
	} else if (strcasecmp(s, "tnc") == 0) {
		cfg->phase2_tnc_method = EAP_TYPE_TNC;
	} else {
		snprintf(msg, msglen, "unrecognized phase2 EAP TNC method \"%s\"", s);
		return NEA_ECONFIG;
	}
	cfg->suites = nea_conf_get_str(conf, "libtls.suites", NULL);
	s = nea_conf_get_str(conf, "libtls.version_min", "1.2");
	if (tls_version(s, &cfg->version_min)) {
		snprintf(msg, msglen, "libtls.version_min: 1.2 or 1.3, not \"%s\"", s);
		return NEA_ECONFIG;
	}
	s = nea_conf_get_str(conf, "libtls.version_max", "1.2");
	if (tls_version(s, &cfg->version_max) || cfg->version_max < cfg->version_min) {
		snprintf(msg, msglen, "libtls.version_max: 1.2 or 1.3, not below version_min");
		return NEA_ECONFIG;
	}
	return 0;
}

/*
 * nea_swanctl_conn: the "connections" section: IKE settings, authentication
 * rounds and CHILD_SAs, with swanctl's defaults. Every option strongSwan
 * documents is either parsed or listed as ignored, so a typo is an error
 * (as vici makes it) while a carried-over file still loads.
 */
#include "nea_swanctl.h"
#include "nea_swanctl_int.h"
#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- authentication rounds -------------------------------------------- */

static const struct {
	const char *name;
	int type;
} eap_methods[] = {
	{ "identity", NEA_EAP_IDENTITY }, { "md5", NEA_EAP_MD5 },
	{ "gtc", NEA_EAP_GTC },           { "tls", NEA_EAP_TLS },
	{ "sim", NEA_EAP_SIM },           { "ttls", NEA_EAP_TTLS },
	{ "aka", NEA_EAP_AKA },           { "peap", NEA_EAP_PEAP },
	{ "mschapv2", NEA_EAP_MSCHAPV2 }, { "tnc", NEA_EAP_TNC },
	{ "radius", NEA_EAP_RADIUS },     { "dynamic", NEA_EAP_DYNAMIC },
};

static const char *const pubkey_words[] = { "pubkey", "rsa", "ecdsa", "ed25519", "ed448",
					    "bliss" };

static int parse_auth_value(sw_err_t *e, const nea_conf_section_t *s, const char *path,
			    const char *v, nea_swanctl_auth_t *a)
{
	size_t head = strcspn(v, "-/");

	for (size_t i = 0; i < sizeof(pubkey_words) / sizeof(pubkey_words[0]); i++) {
		if (strlen(pubkey_words[i]) == head && strncmp(v, pubkey_words[i], head) == 0) {
			a->cls = NEA_AUTH_PUBKEY;
			return 0;
		}
	}
	if (strcmp(v, "psk") == 0) {
		a->cls = NEA_AUTH_PSK;
		return 0;
	}
	if (strcmp(v, "xauth") == 0 || strncmp(v, "xauth-", 6) == 0) {
		a->cls = NEA_AUTH_XAUTH;
		return 0;
	}
	if (strcmp(v, "eap") == 0) {
		a->cls = NEA_AUTH_EAP;
		a->eap_type = NEA_EAP_ANY;
		return 0;
	}
	if (strncmp(v, "eap-", 4) == 0) {
		const char *m = v + 4;

		a->cls = NEA_AUTH_EAP;
		for (size_t i = 0; i < sizeof(eap_methods) / sizeof(eap_methods[0]); i++) {
			if (strcmp(m, eap_methods[i].name) == 0) {
				a->eap_type = eap_methods[i].type;
				return 0;
			}
		}
		/* numeric method types, as strongSwan allows ("eap-52") */
		if (*m && strlen(m) <= 3 && strspn(m, "0123456789") == strlen(m) && atoi(m) > 0 &&
		    atoi(m) < 254) {
			a->eap_type = atoi(m);
			return 0;
		}
		return sw_fail(e, s, path, "auth",
			       "unknown EAP method '%s' (md5, mschapv2, gtc, tls, ttls, peap, tnc, "
			       "sim, aka, identity, radius, dynamic or a number)", m);
	}
	return sw_fail(e, s, path, "auth",
		       "unknown authentication method '%s' (pubkey, rsa, ecdsa, psk, eap[-method] "
		       "or xauth[-backend])", v);
}

static void auth_free(nea_swanctl_auth_t *a)
{
	nea_conf_list_free(a->cacerts);
	nea_conf_list_free(a->certs);
	free(a->eap_id);
	free(a->id);
	free(a->auth);
	free(a->section);
}

static int parse_auth(sw_err_t *e, const nea_conf_section_t *s, const char *path,
		      nea_swanctl_auth_t *a)
{
	static const char *const parsed[] = { "round", "auth", "id", "eap_id", "certs", "cacerts",
					      NULL };
	static const char *const ignored[] = { "pubkeys", "aaa_id", "xauth_id", "revocation",
					       "ca_id", "groups", "cert_policy", NULL };
	uint64_t round;
	int rc;

	rc = sw_check_keys(e, s, path, parsed, ignored, false);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < nea_conf_section_count(s); i++) {
		const nea_conf_section_t *sub = nea_conf_section_at(s, i);
		const char *name = nea_conf_section_name(sub);
		unsigned line = 0;
		const char *file = nea_conf_section_origin(sub, &line);

		/* smartcard certificate sections (cert<suffix>, cacert<suffix>) */
		if (strncmp(name, "cert", 4) != 0 && strncmp(name, "cacert", 6) != 0)
			return sw_fail(e, sub, path, name, "unexpected section");
		NLOG(CFG, 1, "%s:%u: %s.%s: token certificates are not used by nea, ignored", file,
		     line, path, name);
	}
	if ((rc = sw_uint(e, s, path, "round", 0, 1000, &round)) != 0)
		return rc;
	a->round = (int)round;
	a->auth = strdup(nea_conf_sget_str(s, "auth", "pubkey"));
	if (!a->auth)
		return sw_nomem(e, s, path);
	if ((rc = parse_auth_value(e, s, path, a->auth, a)) != 0)
		return rc;
	if ((rc = sw_str(e, s, path, "id", &a->id)) != 0 ||
	    (rc = sw_str(e, s, path, "eap_id", &a->eap_id)) != 0 ||
	    (rc = sw_list(e, s, path, "certs", NULL, &a->certs, &a->ncerts)) != 0 ||
	    (rc = sw_list(e, s, path, "cacerts", NULL, &a->cacerts, &a->ncacerts)) != 0)
		return rc;
	return 0;
}

static bool is_round(const char *name, const char *side)
{
	return strncmp(name, side, strlen(side)) == 0;
}

/* The rounds of one side, ordered by "round" then by appearance; a side
 * without any gets one default round (pubkey), as vici does. */
static int parse_rounds(sw_err_t *e, const nea_conf_section_t *conn, const char *path,
			const char *side, nea_swanctl_auth_t **out, size_t *nout)
{
	size_t n = 0, k = 0;
	nea_swanctl_auth_t *a;
	int rc;

	for (size_t i = 0; i < nea_conf_section_count(conn); i++)
		n += is_round(nea_conf_section_name(nea_conf_section_at(conn, i)), side);
	a = calloc(n ? n : 1, sizeof(*a));
	if (!a)
		return sw_nomem(e, conn, path);
	*out = a;
	if (n == 0) {
		a->section = strdup(side);
		a->auth = strdup("pubkey");
		*nout = 1;
		if (!a->section || !a->auth)
			return sw_nomem(e, conn, path);
		a->cls = NEA_AUTH_PUBKEY;
		return 0;
	}
	for (size_t i = 0; i < nea_conf_section_count(conn); i++) {
		const nea_conf_section_t *s = nea_conf_section_at(conn, i);
		const char *name = nea_conf_section_name(s);
		char spath[SW_PATH_MAX];

		if (!is_round(name, side))
			continue;
		sw_path(spath, sizeof(spath), path, name);
		a[k].section = strdup(name);
		*nout = ++k;
		if (!a[k - 1].section)
			return sw_nomem(e, s, spath);
		rc = parse_auth(e, s, spath, &a[k - 1]);
		if (rc != 0)
			return rc;
	}
	/* stable insertion sort: a handful of rounds at most */
	for (size_t i = 1; i < k; i++) {
		nea_swanctl_auth_t tmp = a[i];
		size_t j = i;

		while (j > 0 && a[j - 1].round > tmp.round) {
			a[j] = a[j - 1];
			j--;
		}
		a[j] = tmp;
	}
	return 0;
}

/* ---- children ---------------------------------------------------------- */

static void child_free(nea_swanctl_child_t *c)
{
	nea_conf_list_free(c->esp_proposals);
	nea_conf_list_free(c->remote_ts_str);
	nea_conf_list_free(c->local_ts_str);
	free(c->remote_ts);
	free(c->local_ts);
	free(c->name);
}

static int parse_ts_list(sw_err_t *e, const nea_conf_section_t *s, const char *path,
			 const char *key, char ***strs, nea_ts_t **ts, size_t *n)
{
	size_t bytes;
	int rc;

	rc = sw_list(e, s, path, key, "dynamic", strs, n);
	if (rc != 0)
		return rc;
	if (*n == 0) {
		/* "local_ts = ," : nothing usable; strongSwan would also fall
		 * back to dynamic, but an explicit empty list is more likely a
		 * mistake */
		return sw_fail(e, s, path, key, "empty traffic selector list");
	}
	if (!nea_mul_size(*n, sizeof(**ts), &bytes) || !(*ts = calloc(1, bytes)))
		return sw_nomem(e, s, path);
	for (size_t i = 0; i < *n; i++)
		if (nea_ts_parse((*strs)[i], &(*ts)[i]) != 0)
			return sw_fail(e, s, path, key,
				       "'%s' is not a traffic selector (subnet, address, range or "
				       "dynamic, optionally [proto/port])", (*strs)[i]);
	return 0;
}

static int parse_action(sw_err_t *e, const nea_conf_section_t *s, const char *path,
			const char *key, bool close, unsigned *out)
{
	const char *v = nea_conf_sget_str(s, key, "none");

	if (strcmp(v, "none") == 0 || (close && strcmp(v, "clear") == 0))
		*out = NEA_ACTION_NONE;
	else if (strcmp(v, "trap") == 0 || strcmp(v, close ? "hold" : "route") == 0)
		*out = NEA_ACTION_TRAP;
	else if (strcmp(v, "start") == 0 || (close && strcmp(v, "restart") == 0))
		*out = NEA_ACTION_START;
	else if (!close && (strcmp(v, "trap|start") == 0 || strcmp(v, "start|trap") == 0))
		*out = NEA_ACTION_TRAP | NEA_ACTION_START;
	else
		return sw_fail(e, s, path, key, "unknown action '%s' (none, trap, start%s)", v,
			       close ? "" : ", trap|start");
	return 0;
}

static int parse_child(sw_err_t *e, const nea_conf_section_t *s, const char *path,
		       nea_swanctl_child_t *c)
{
	static const char *const parsed[] = { "local_ts", "remote_ts", "esp_proposals", "mode",
					      "start_action", "close_action", "rekey_time",
					      "life_time", NULL };
	static const char *const ignored[] = {
		"ah_proposals", "sha256_96", "rand_time", "rekey_bytes", "life_bytes",
		"rand_bytes", "rekey_packets", "life_packets", "rand_packets", "updown",
		"hostaccess", "policies", "policies_fwd_out", "dpd_action", "ipcomp",
		"inactivity", "reqid", "priority", "interface", "mark_in", "mark_in_sa",
		"mark_out", "set_mark_in", "set_mark_out", "label", "label_mode", "tfc_padding",
		"replay_window", "hw_offload", "copy_df", "copy_ecn", "copy_dscp", "if_id_in",
		"if_id_out", "per_cpu_sas", NULL
	};
	static const struct {
		const char *name;
		nea_child_mode_t mode;
	} modes[] = {
		{ "tunnel", NEA_MODE_TUNNEL }, { "transport", NEA_MODE_TRANSPORT },
		{ "beet", NEA_MODE_BEET },     { "pass", NEA_MODE_PASS },
		{ "drop", NEA_MODE_DROP },
	};
	const char *mode = nea_conf_sget_str(s, "mode", "tunnel");
	bool found = false;
	int rc;

	if ((rc = sw_check_keys(e, s, path, parsed, ignored, false)) != 0)
		return rc;
	if (nea_conf_section_count(s) > 0) {
		const nea_conf_section_t *sub = nea_conf_section_at(s, 0);

		return sw_fail(e, sub, path, nea_conf_section_name(sub), "unexpected section");
	}
	if ((rc = parse_ts_list(e, s, path, "local_ts", &c->local_ts_str, &c->local_ts,
				&c->nlocal_ts)) != 0 ||
	    (rc = parse_ts_list(e, s, path, "remote_ts", &c->remote_ts_str, &c->remote_ts,
				&c->nremote_ts)) != 0 ||
	    (rc = sw_list(e, s, path, "esp_proposals", "default", &c->esp_proposals,
			  &c->nesp_proposals)) != 0)
		return rc;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		if (strcmp(mode, modes[i].name) == 0) {
			c->mode = modes[i].mode;
			found = true;
		}
	}
	if (!found)
		return sw_fail(e, s, path, "mode",
			       "unknown mode '%s' (tunnel, transport, beet, pass, drop)", mode);
	if ((rc = parse_action(e, s, path, "start_action", false, &c->start_action)) != 0 ||
	    (rc = parse_action(e, s, path, "close_action", true, &c->close_action)) != 0 ||
	    (rc = sw_time(e, s, path, "rekey_time", 3600, &c->rekey_time)) != 0 ||
	    (rc = sw_time(e, s, path, "life_time",
			  c->rekey_time > UINT64_MAX / 2 ? UINT64_MAX
							 : c->rekey_time + c->rekey_time / 10,
			  &c->life_time)) != 0)
		return rc;
	if (c->life_time < c->rekey_time)
		return sw_fail(e, s, path, "life_time", "shorter than rekey_time");
	return 0;
}

static int parse_children(sw_err_t *e, const nea_conf_section_t *s, const char *path,
			  nea_swanctl_conn_t *c)
{
	size_t n = nea_conf_section_count(s);
	int rc;

	if (nea_conf_kv_count(s) > 0)
		return sw_fail(e, s, path, nea_conf_kv_key(s, 0), "expected a child section");
	if (n == 0)
		return 0;
	c->children = calloc(n, sizeof(*c->children));
	if (!c->children)
		return sw_nomem(e, s, path);
	for (size_t i = 0; i < n; i++) {
		const nea_conf_section_t *cs = nea_conf_section_at(s, i);
		nea_swanctl_child_t *ch = &c->children[c->nchildren++];
		char cpath[SW_PATH_MAX];

		sw_path(cpath, sizeof(cpath), path, nea_conf_section_name(cs));
		ch->name = strdup(nea_conf_section_name(cs));
		if (!ch->name)
			return sw_nomem(e, cs, cpath);
		if ((rc = parse_child(e, cs, cpath, ch)) != 0)
			return rc;
	}
	return 0;
}

/* ---- connections ------------------------------------------------------- */

void sw_conn_free(nea_swanctl_conn_t *c)
{
	for (size_t i = 0; i < c->nchildren; i++)
		child_free(&c->children[i]);
	free(c->children);
	for (size_t i = 0; i < c->nremote; i++)
		auth_free(&c->remote[i]);
	free(c->remote);
	for (size_t i = 0; i < c->nlocal; i++)
		auth_free(&c->local[i]);
	free(c->local);
	nea_conf_list_free(c->pools);
	nea_conf_list_free(c->proposals);
	nea_conf_list_free(c->remote_addrs);
	nea_conf_list_free(c->local_addrs);
	free(c->name);
}

static int parse_send_cert(sw_err_t *e, const nea_conf_section_t *s, const char *path,
			   nea_send_cert_t *out)
{
	const char *v = nea_conf_sget_str(s, "send_cert", "ifasked");

	if (strcmp(v, "ifasked") == 0)
		*out = NEA_SEND_CERT_IFASKED;
	else if (strcmp(v, "always") == 0)
		*out = NEA_SEND_CERT_ALWAYS;
	else if (strcmp(v, "never") == 0)
		*out = NEA_SEND_CERT_NEVER;
	else
		return sw_fail(e, s, path, "send_cert", "'%s' is not ifasked, always or never", v);
	return 0;
}

static int parse_conn(sw_err_t *e, const nea_conf_section_t *s, const char *path,
		      nea_swanctl_conn_t *c)
{
	static const char *const parsed[] = { "version", "local_addrs", "remote_addrs",
					      "local_port", "remote_port", "proposals", "pools",
					      "send_certreq", "send_cert", "rekey_time",
					      "reauth_time", NULL };
	static const char *const ignored[] = {
		"vips", "aggressive", "pull", "dscp", "encap", "mobike", "dpd_delay",
		"dpd_timeout", "fragmentation", "childless", "ocsp", "ppk_id", "ppk_required",
		"keyingtries", "unique", "over_time", "rand_time", "if_id_in", "if_id_out",
		"mediation", "mediated_by", "mediation_peer", "local_port_nat", NULL
	};
	uint64_t v;
	int rc;

	if ((rc = sw_check_keys(e, s, path, parsed, ignored, false)) != 0)
		return rc;
	for (size_t i = 0; i < nea_conf_section_count(s); i++) {
		const nea_conf_section_t *sub = nea_conf_section_at(s, i);
		const char *name = nea_conf_section_name(sub);

		if (!is_round(name, "local") && !is_round(name, "remote") &&
		    strcmp(name, "children") != 0)
			return sw_fail(e, sub, path, name,
				       "unexpected section (local<suffix>, remote<suffix> or children)");
	}
	if ((rc = sw_uint(e, s, path, "version", 0, 2, &v)) != 0)
		return rc;
	c->version = (unsigned)v;
	if ((rc = sw_uint(e, s, path, "local_port", 500, 65535, &v)) != 0)
		return rc;
	c->local_port = (uint16_t)v;
	if ((rc = sw_uint(e, s, path, "remote_port", 500, 65535, &v)) != 0)
		return rc;
	c->remote_port = (uint16_t)v;
	if ((rc = sw_list(e, s, path, "local_addrs", "%any", &c->local_addrs,
			  &c->nlocal_addrs)) != 0 ||
	    (rc = sw_list(e, s, path, "remote_addrs", "%any", &c->remote_addrs,
			  &c->nremote_addrs)) != 0 ||
	    (rc = sw_list(e, s, path, "proposals", "default", &c->proposals, &c->nproposals)) != 0 ||
	    (rc = sw_list(e, s, path, "pools", NULL, &c->pools, &c->npools)) != 0 ||
	    (rc = sw_bool(e, s, path, "send_certreq", true, &c->send_certreq)) != 0 ||
	    (rc = parse_send_cert(e, s, path, &c->send_cert)) != 0 ||
	    (rc = sw_time(e, s, path, "rekey_time", 14400, &c->rekey_time)) != 0 ||
	    (rc = sw_time(e, s, path, "reauth_time", 0, &c->reauth_time)) != 0)
		return rc;
	if ((rc = parse_rounds(e, s, path, "local", &c->local, &c->nlocal)) != 0 ||
	    (rc = parse_rounds(e, s, path, "remote", &c->remote, &c->nremote)) != 0)
		return rc;
	const nea_conf_section_t *children = nea_conf_ssection(s, "children");
	if (children) {
		char cpath[SW_PATH_MAX];

		sw_path(cpath, sizeof(cpath), path, "children");
		if ((rc = parse_children(e, children, cpath, c)) != 0)
			return rc;
	}
	return 0;
}

int sw_connections(sw_err_t *e, const nea_conf_section_t *sec, nea_swanctl_t *out)
{
	size_t n = nea_conf_section_count(sec);
	int rc;

	if (nea_conf_kv_count(sec) > 0)
		return sw_fail(e, sec, "connections", nea_conf_kv_key(sec, 0),
			       "expected a connection section");
	if (n == 0)
		return 0;
	out->conns = calloc(n, sizeof(*out->conns));
	if (!out->conns)
		return sw_nomem(e, sec, "connections");
	for (size_t i = 0; i < n; i++) {
		const nea_conf_section_t *s = nea_conf_section_at(sec, i);
		nea_swanctl_conn_t *c = &out->conns[out->nconns++];
		char path[SW_PATH_MAX];

		sw_path(path, sizeof(path), "connections", nea_conf_section_name(s));
		c->name = strdup(nea_conf_section_name(s));
		if (!c->name)
			return sw_nomem(e, s, path);
		if ((rc = parse_conn(e, s, path, c)) != 0)
			return rc;
	}
	return 0;
}

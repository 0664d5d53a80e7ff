/*
 * nea_swanctl: the seed's swanctl.conf (as shipped in deploy/examples),
 * secret encodings and look-ups, pools, connections with every option
 * form we parse, and the messages of bad files.
 */
#include <criterion/criterion.h>

#include "nea_conf.h"
#include "nea_err.h"
#include "nea_swanctl.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static nea_swanctl_t *sw_ok(const char *text)
{
	char err[512] = "";
	nea_conf_t *c = NULL;
	nea_swanctl_t *s = NULL;

	cr_assert_eq(nea_conf_load_string(text, "swanctl.conf", &c, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(nea_swanctl_from_conf(c, &s, err, sizeof(err)), 0, "%s", err);
	nea_conf_free(c);
	cr_assert_not_null(s);
	return s;
}

static const char *sw_bad(const char *text)
{
	static char err[512];
	nea_conf_t *c = NULL;
	nea_swanctl_t *s = (nea_swanctl_t *)1;

	cr_assert_eq(nea_conf_load_string(text, "swanctl.conf", &c, err, sizeof(err)), 0, "%s", err);
	err[0] = '\0';
	cr_assert_eq(nea_swanctl_from_conf(c, &s, err, sizeof(err)), NEA_ECONFIG, "accepted:\n%s", text);
	cr_assert_null(s);
	nea_conf_free(c);
	return err;
}

static void expect_ip(const uint8_t *got, int family, const char *want)
{
	uint8_t w[16] = { 0 };

	cr_assert_eq(inet_pton(family, want, w), 1);
	cr_assert_eq(memcmp(got, w, family == AF_INET ? 4 : 16), 0, "address is not %s", want);
}

static void expect_secret(const nea_swanctl_t *s, nea_secret_type_t type, const char *id,
			  const void *want, size_t wantlen)
{
	const uint8_t *sec = NULL;
	size_t len = 0;

	cr_assert_eq(nea_swanctl_secret(s, type, id, strlen(id), &sec, &len), 0, "no secret for %s", id);
	cr_assert_eq(len, wantlen, "secret length for %s", id);
	cr_assert_eq(memcmp(sec, want, len), 0, "secret bytes for %s", id);
}

Test(swanctl, seed_example_file)
{
	const char *src = getenv("NEA_SOURCE_DIR");
	char path[1024], err[512];
	nea_swanctl_t *s = NULL;

	cr_assert_not_null(src, "NEA_SOURCE_DIR is set by ctest");
	snprintf(path, sizeof(path), "%s/deploy/examples/swanctl.conf", src);
	cr_assert_eq(nea_swanctl_load_file(path, &s, err, sizeof(err)), 0, "%s", err);

	/* secrets eap-jane / eap-hacker */
	cr_assert_eq(s->nsecrets, 2);
	cr_assert_str_eq(s->secrets[0].name, "eap-jane");
	cr_assert_eq(s->secrets[0].type, NEA_SECRET_EAP);
	expect_secret(s, NEA_SECRET_EAP, "jane", "3s9RFGdWE5EW", 12);
	expect_secret(s, NEA_SECRET_EAP, "hacker", "K8FW9/N0VIAJ", 12);
	const uint8_t *sec;
	size_t len;
	cr_assert_eq(nea_swanctl_eap_secret(s, "jan", 3, &sec, &len), NEA_ENOTFOUND);
	cr_assert_eq(nea_swanctl_eap_secret(s, "janet", 5, &sec, &len), NEA_ENOTFOUND);
	cr_assert_eq(nea_swanctl_eap_secret(s, "Jane", 4, &sec, &len), NEA_ENOTFOUND);
	cr_assert_eq(nea_swanctl_secret(s, NEA_SECRET_XAUTH, "jane", 4, &sec, &len), NEA_ENOTFOUND);

	/* pool rw_pool: 10.3.0.0, 254 entries */
	const nea_swanctl_pool_t *p = nea_swanctl_pool(s, "rw_pool");
	cr_assert_not_null(p);
	cr_assert_eq(p->addrs.family, AF_INET);
	cr_assert_eq(p->prefix, 24);
	expect_ip(p->base, AF_INET, "10.3.0.0");
	expect_ip(p->addrs.from, AF_INET, "10.3.0.1");
	expect_ip(p->addrs.to, AF_INET, "10.3.0.254");
	cr_assert_eq(p->size, 254);
	cr_assert_null(nea_swanctl_pool(s, "other"));

	/* connection tnc */
	const nea_swanctl_conn_t *c = nea_swanctl_conn(s, "tnc");
	cr_assert_not_null(c);
	cr_assert_null(nea_swanctl_conn(s, "tn"));
	cr_assert_eq(c->version, 2);
	cr_assert_eq(c->nproposals, 1);
	cr_assert_str_eq(c->proposals[0], "aes256-sha256-x25519");
	cr_assert_eq(c->npools, 1);
	cr_assert_str_eq(c->pools[0], "rw_pool");
	cr_assert_not(c->send_certreq);
	cr_assert_eq(c->send_cert, NEA_SEND_CERT_IFASKED);
	cr_assert_eq(c->nlocal_addrs, 1);
	cr_assert_str_eq(c->local_addrs[0], "%any");
	cr_assert_str_eq(c->remote_addrs[0], "%any");
	cr_assert_eq(c->local_port, 500);
	cr_assert_eq(c->remote_port, 500);
	cr_assert_eq(c->rekey_time, 14400, "rekeying every 14400s");
	cr_assert_eq(c->reauth_time, 0, "no reauthentication");

	cr_assert_eq(c->nlocal, 1);
	cr_assert_str_eq(c->local[0].section, "local");
	cr_assert_eq(c->local[0].cls, NEA_AUTH_EAP);
	cr_assert_eq(c->local[0].eap_type, NEA_EAP_TTLS);
	cr_assert_str_eq(c->local[0].auth, "eap-ttls");
	cr_assert_str_eq(c->local[0].id, "server.strongswan.org");
	cr_assert_null(c->local[0].eap_id);
	cr_assert_eq(c->local[0].ncerts, 1);
	cr_assert_str_eq(c->local[0].certs[0], "serverCert.pem");
	cr_assert_eq(c->local[0].ncacerts, 0);
	cr_assert_eq(c->nremote, 1);
	cr_assert_eq(c->remote[0].cls, NEA_AUTH_EAP);
	cr_assert_eq(c->remote[0].eap_type, NEA_EAP_TTLS);
	cr_assert_null(c->remote[0].id);
	cr_assert_str_eq(c->remote[0].eap_id, "%any");

	cr_assert_eq(c->nchildren, 1);
	const nea_swanctl_child_t *ch = &c->children[0];
	cr_assert_str_eq(ch->name, "tnc");
	cr_assert_eq(ch->nlocal_ts, 2);
	cr_assert_not(ch->local_ts[0].dynamic);
	expect_ip(ch->local_ts[0].range.from, AF_INET, "10.1.0.0");
	expect_ip(ch->local_ts[0].range.to, AF_INET, "10.1.0.255");
	expect_ip(ch->local_ts[1].range.from, AF_INET, "192.168.0.2");
	expect_ip(ch->local_ts[1].range.to, AF_INET, "192.168.0.2");
	cr_assert_str_eq(ch->local_ts_str[1], "192.168.0.2");
	cr_assert_eq(ch->nremote_ts, 1);
	cr_assert(ch->remote_ts[0].dynamic, "remote: dynamic");
	cr_assert_eq(ch->nesp_proposals, 1);
	cr_assert_str_eq(ch->esp_proposals[0], "aes256gcm128-chacha20poly1305-x25519");
	cr_assert_eq(ch->mode, NEA_MODE_TUNNEL);
	cr_assert_eq(ch->start_action, NEA_ACTION_NONE);
	cr_assert_eq(ch->rekey_time, 3600, "rekeying every 3600s");
	cr_assert_eq(ch->life_time, 3960);
	nea_swanctl_free(s);
}

Test(swanctl, secret_encodings_ids_and_types)
{
	nea_swanctl_t *s = sw_ok("secrets {\n"
				 "  eap-hex { id = hex\n secret = 0x616263 }\n"
				 "  eap-odd { id = odd\n secret = 0xABC }\n"
				 "  eap-b64 { id = b64\n secret = 0sYWJjZA== }\n"
				 "  eap-b64np { id = nopad\n secret = 0sYWJjZA }\n"
				 "  eap-quoted { id = \"C=CH, O=Cyber, CN=carol\"\n secret = \"pass word\" }\n"
				 "  eap-shared {\n    id-a = alice\n    id-b = bob\n    id = carol\n"
				 "    secret = shared\n  }\n"
				 "  xauth-jane { id = jane\n secret = xauthpw }\n"
				 "  ntlm-x { id = x\n secret = 0x00ff }\n"
				 "  ike-any { secret = 0sAAEC }\n"
				 "  ike-peer { id = 10.0.0.1\n secret = psk }\n"
				 "  eap { id = bare\n secret = nosuffix }\n"
				 "  private-key { file = key.pem\n secret = keypass }\n"
				 "  rsa-old { file = rsa.pem }\n"
				 "}\n");

	expect_secret(s, NEA_SECRET_EAP, "hex", "abc", 3);
	expect_secret(s, NEA_SECRET_EAP, "odd", "\x0a\xbc", 2);
	expect_secret(s, NEA_SECRET_EAP, "b64", "abcd", 4);
	expect_secret(s, NEA_SECRET_EAP, "nopad", "abcd", 4);
	expect_secret(s, NEA_SECRET_EAP, "C=CH, O=Cyber, CN=carol", "pass word", 9);
	expect_secret(s, NEA_SECRET_EAP, "alice", "shared", 6);
	expect_secret(s, NEA_SECRET_EAP, "bob", "shared", 6);
	expect_secret(s, NEA_SECRET_EAP, "carol", "shared", 6);
	expect_secret(s, NEA_SECRET_EAP, "bare", "nosuffix", 8);
	expect_secret(s, NEA_SECRET_XAUTH, "jane", "xauthpw", 7);
	expect_secret(s, NEA_SECRET_NTLM, "x", "\x00\xff", 2);
	expect_secret(s, NEA_SECRET_IKE, "10.0.0.1", "psk", 3);
	const uint8_t *sec;
	size_t len;
	cr_assert_eq(nea_swanctl_eap_secret(s, "jane", 4, &sec, &len), NEA_ENOTFOUND, "xauth is not eap");
	cr_assert_eq(nea_swanctl_eap_secret(s, "", 0, &sec, &len), NEA_ENOTFOUND);
	cr_assert_eq(nea_swanctl_eap_secret(s, "alice\0", 6, &sec, &len), NEA_ENOTFOUND, "byte-exact");

	/* key file sections are skipped; the rest kept in file order */
	cr_assert_eq(s->nsecrets, 11);
	cr_assert_str_eq(s->secrets[5].name, "eap-shared");
	cr_assert_eq(s->secrets[5].nids, 3);
	cr_assert_str_eq(s->secrets[5].ids[0], "alice");
	cr_assert_str_eq(s->secrets[5].ids[2], "carol");
	cr_assert_null(s->secrets[5].ids[3]);
	cr_assert_eq(s->secrets[8].type, NEA_SECRET_IKE);
	cr_assert_eq(s->secrets[8].nids, 0);
	cr_assert_eq(s->secrets[8].secret_len, 3);
	nea_swanctl_free(s);
}

Test(swanctl, decode_secret_forms)
{
	static const struct {
		const char *in;
		const char *out;
		size_t len;
	} good[] = {
		{ "plain", "plain", 5 }, { "0x00", "\0", 1 }, { "0XfF01", "\xff\x01", 2 },
		{ "0x1", "\x01", 1 }, { "0sYQ==", "a", 1 }, { "0sYQ", "a", 1 },
		{ "0sYWI=", "ab", 2 }, { "0s+/+/", "\xfb\xff\xbf", 3 }, { "0", "0", 1 },
	};
	static const char *const bad[] = { "", "0x", "0xg0", "0x12 34", "0s", "0sY", "0sYQ=",
					   "0sYQ===", "0sY=Q=", "0s!!!!" };

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		uint8_t *out;
		size_t len;

		cr_assert_eq(nea_swanctl_decode_secret(good[i].in, &out, &len), 0, "%s", good[i].in);
		cr_assert_eq(len, good[i].len, "%s", good[i].in);
		cr_assert_eq(memcmp(out, good[i].out, len), 0, "%s", good[i].in);
		free(out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint8_t *out = (uint8_t *)1;
		size_t len = 1;

		cr_assert_eq(nea_swanctl_decode_secret(bad[i], &out, &len), NEA_EINVAL, "'%s'", bad[i]);
		cr_assert_null(out);
	}
}

Test(swanctl, pools)
{
	nea_swanctl_t *s = sw_ok("pools {\n"
				 "  v4 { addrs = 10.3.0.0/24\n dns = 10.3.0.1, 8.8.8.8 }\n"
				 "  v4host { addrs = 10.3.0.100/24 }\n"
				 "  range { addrs = 10.0.0.5-10.0.0.9\n 25 = custom attribute }\n"
				 "  one { addrs = 192.168.1.1/32 }\n"
				 "  v6 { addrs = fec1::/120\n dns = 2001:db8::53 }\n"
				 "  v6big { addrs = fec1::/64 }\n"
				 "  v6range { addrs = fec1::10-fec1::1f }\n"
				 "  ignored { addrs = 10.9.0.0/16\n nbns = 10.9.0.1\n split_include = 10.0.0.0/8 }\n"
				 "}\n");
	const nea_swanctl_pool_t *p;

	cr_assert_eq(s->npools, 8);
	p = nea_swanctl_pool(s, "v4");
	cr_assert_eq(p->size, 254);
	cr_assert_eq(p->ndns, 2);
	expect_ip(p->dns[1].from, AF_INET, "8.8.8.8");
	p = nea_swanctl_pool(s, "v4host");
	expect_ip(p->addrs.from, AF_INET, "10.3.0.100");
	expect_ip(p->addrs.to, AF_INET, "10.3.0.254");
	cr_assert_eq(p->size, 155);
	p = nea_swanctl_pool(s, "range");
	cr_assert_eq(p->prefix, -1);
	expect_ip(p->addrs.from, AF_INET, "10.0.0.5");
	cr_assert_eq(p->size, 5);
	p = nea_swanctl_pool(s, "one");
	cr_assert_eq(p->size, 1);
	expect_ip(p->addrs.from, AF_INET, "192.168.1.1");
	p = nea_swanctl_pool(s, "v6");
	cr_assert_eq(p->addrs.family, AF_INET6);
	expect_ip(p->addrs.from, AF_INET6, "fec1::1");
	expect_ip(p->addrs.to, AF_INET6, "fec1::fe");
	cr_assert_eq(p->size, 254);
	cr_assert_eq(p->dns[0].family, AF_INET6);
	p = nea_swanctl_pool(s, "v6big");
	cr_assert_eq(p->size, UINT64_MAX - 1);
	p = nea_swanctl_pool(s, "v6range");
	cr_assert_eq(p->size, 16);
	nea_swanctl_free(s);
}

Test(swanctl, pool_errors)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "pools {\n  p {\n    dns = 1.1.1.1\n  }\n}\n", "swanctl.conf:2: pools.p: addrs is missing" },
		{ "pools {\n  p {\n    addrs = 10.0.0.0/33\n  }\n}\n",
		  "swanctl.conf:3: pools.p.addrs: '10.0.0.0/33' is neither a subnet (a.b.c.d/n) nor a range (from-to)" },
		{ "pools.p.addrs = 10.0.0.1\n",
		  "swanctl.conf:1: pools.p.addrs: '10.0.0.1' is neither a subnet (a.b.c.d/n) nor a range (from-to)" },
		{ "pools.p.addrs = 10.0.0.9-10.0.0.1\n",
		  "swanctl.conf:1: pools.p.addrs: '10.0.0.9-10.0.0.1' is neither a subnet (a.b.c.d/n) nor a range (from-to)" },
		{ "pools.p.addrs = 10.0.0.1-fec1::1\n",
		  "swanctl.conf:1: pools.p.addrs: '10.0.0.1-fec1::1' is neither a subnet (a.b.c.d/n) nor a range (from-to)" },
		{ "pools.p {\n addrs = 10.0.0.0/24\n dns = 10.0.0.1, dns.example\n}\n",
		  "swanctl.conf:3: pools.p.dns: 'dns.example' is not an IP address" },
		{ "pools.p {\n addrs = 10.0.0.0/24\n adrs = 1\n}\n", "swanctl.conf:3: pools.p.adrs: unknown option" },
		{ "pools {\n addrs = 10.0.0.0/24\n}\n", "swanctl.conf:2: pools.addrs: expected a pool section" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_str_eq(sw_bad(cases[i].text), cases[i].msg, "case %zu", i);
}

Test(swanctl, secret_errors)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "secrets {\n  eap-x {\n    secret = pw\n  }\n}\n",
		  "swanctl.conf:2: secrets.eap-x: no id: the secret would belong to every user" },
		{ "secrets {\n  xauth-x {\n    id =\n    secret = pw\n  }\n}\n",
		  "swanctl.conf:2: secrets.xauth-x: no id: the secret would belong to every user" },
		{ "secrets {\n  eap-x {\n    id = x\n  }\n}\n", "swanctl.conf:2: secrets.eap-x: secret is missing" },
		{ "secrets {\n  eap-x {\n    id = x\n    secret = 0xnothex\n  }\n}\n",
		  "swanctl.conf:4: secrets.eap-x.secret: not a valid secret (0x must be followed by hex, 0s by base64)" },
		{ "secrets.eap-x {\n id = x\n secret = 0s#\n}\n",
		  "swanctl.conf:3: secrets.eap-x.secret: not a valid secret (0x must be followed by hex, 0s by base64)" },
		{ "secrets.eap-x {\n id = x\n secret = pw\n passwd = pw\n}\n",
		  "swanctl.conf:4: secrets.eap-x.passwd: unknown option (expected secret, id, id<suffix>)" },
		{ "secrets {\n  pw-jane {\n    id = jane\n  }\n}\n",
		  "swanctl.conf:2: secrets.pw-jane: unknown secret type (expected eap, xauth, ntlm or ike prefix)" },
		{ "secrets {\n jane = pw\n}\n",
		  "swanctl.conf:2: secrets.jane: expected a secret section (eap-<name> { ... })" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_str_eq(sw_bad(cases[i].text), cases[i].msg, "case %zu", i);
	/* no secret text in any message */
	cr_assert_null(strstr(sw_bad(cases[3].text), "nothex"));
}

Test(swanctl, connection_options_and_rounds)
{
	nea_swanctl_t *s = sw_ok(
		"connections {\n"
		"  multi {\n"
		"    local_addrs = 192.168.0.1\n"
		"    remote_addrs = 192.168.0.2, peer.example.org\n"
		"    local_port = 4500\n"
		"    remote_port = 4500\n"
		"    proposals = aes128-sha256-modp2048, default\n"
		"    send_cert = always\n"
		"    rekey_time = 2h\n"
		"    reauth_time = 1d\n"
		"    mobike = no\n"
		"    dpd_delay = 30s\n"
		"    local-eap { auth = eap-md5\n round = 2\n eap_id = carol }\n"
		"    local { auth = rsa-sha256\n id = \"C=CH, CN=moon\"\n certs = a.pem, b.pem\n cacerts = ca.pem }\n"
		"    remote-x { auth = xauth-pam\n round = 3 }\n"
		"    remote-1 { auth = pubkey\n round = 1 }\n"
		"    remote-psk { auth = psk }\n"
		"    children {\n"
		"      web { local_ts = 10.1.0.0/16[tcp/80]\n remote_ts = 10.2.0.1-10.2.0.9[udp/1000-2000], fec1::/16[/53]\n"
		"            mode = transport\n start_action = trap|start\n close_action = restart\n"
		"            rekey_time = 30m\n life_time = 40m\n updown = /bin/true\n }\n"
		"      other { esp_proposals = aes128gcm16, aes256gcm16\n start_action = route\n mode = pass }\n"
		"    }\n"
		"  }\n"
		"  defaults { }\n"
		"}\n");
	const nea_swanctl_conn_t *c = nea_swanctl_conn(s, "multi");

	cr_assert_eq(c->version, 0);
	cr_assert_str_eq(c->local_addrs[0], "192.168.0.1");
	cr_assert_eq(c->nremote_addrs, 2);
	cr_assert_str_eq(c->remote_addrs[1], "peer.example.org");
	cr_assert_eq(c->local_port, 4500);
	cr_assert_eq(c->nproposals, 2);
	cr_assert(c->send_certreq);
	cr_assert_eq(c->send_cert, NEA_SEND_CERT_ALWAYS);
	cr_assert_eq(c->rekey_time, 7200);
	cr_assert_eq(c->reauth_time, 86400);

	cr_assert_eq(c->nlocal, 2);
	cr_assert_str_eq(c->local[0].section, "local", "round 0 first");
	cr_assert_eq(c->local[0].cls, NEA_AUTH_PUBKEY);
	cr_assert_str_eq(c->local[0].auth, "rsa-sha256");
	cr_assert_str_eq(c->local[0].id, "C=CH, CN=moon");
	cr_assert_eq(c->local[0].ncerts, 2);
	cr_assert_str_eq(c->local[0].certs[1], "b.pem");
	cr_assert_str_eq(c->local[0].cacerts[0], "ca.pem");
	cr_assert_str_eq(c->local[1].section, "local-eap");
	cr_assert_eq(c->local[1].cls, NEA_AUTH_EAP);
	cr_assert_eq(c->local[1].eap_type, NEA_EAP_MD5);
	cr_assert_eq(c->local[1].round, 2);
	cr_assert_str_eq(c->local[1].eap_id, "carol");

	cr_assert_eq(c->nremote, 3);
	cr_assert_str_eq(c->remote[0].section, "remote-psk");
	cr_assert_eq(c->remote[0].cls, NEA_AUTH_PSK);
	cr_assert_str_eq(c->remote[1].section, "remote-1");
	cr_assert_str_eq(c->remote[2].section, "remote-x");
	cr_assert_eq(c->remote[2].cls, NEA_AUTH_XAUTH);

	cr_assert_eq(c->nchildren, 2);
	const nea_swanctl_child_t *web = &c->children[0];
	cr_assert_eq(web->mode, NEA_MODE_TRANSPORT);
	cr_assert_eq(web->start_action, NEA_ACTION_TRAP | NEA_ACTION_START);
	cr_assert_eq(web->close_action, NEA_ACTION_START);
	cr_assert_eq(web->rekey_time, 1800);
	cr_assert_eq(web->life_time, 2400);
	cr_assert_eq(web->local_ts[0].proto, 6);
	cr_assert_eq(web->local_ts[0].from_port, 80);
	cr_assert_eq(web->local_ts[0].to_port, 80);
	cr_assert_eq(web->nremote_ts, 2);
	cr_assert_eq(web->remote_ts[0].proto, 17);
	cr_assert_eq(web->remote_ts[0].from_port, 1000);
	cr_assert_eq(web->remote_ts[0].to_port, 2000);
	expect_ip(web->remote_ts[0].range.to, AF_INET, "10.2.0.9");
	cr_assert_eq(web->remote_ts[1].range.family, AF_INET6);
	cr_assert_eq(web->remote_ts[1].proto, 0);
	cr_assert_eq(web->remote_ts[1].from_port, 53);
	const nea_swanctl_child_t *other = &c->children[1];
	cr_assert_eq(other->nesp_proposals, 2);
	cr_assert_eq(other->start_action, NEA_ACTION_TRAP);
	cr_assert_eq(other->mode, NEA_MODE_PASS);
	cr_assert(other->local_ts[0].dynamic);

	/* an empty connection gets swanctl's defaults and one pubkey round a side */
	c = nea_swanctl_conn(s, "defaults");
	cr_assert_not_null(c);
	cr_assert_str_eq(c->proposals[0], "default");
	cr_assert_eq(c->nlocal, 1);
	cr_assert_eq(c->local[0].cls, NEA_AUTH_PUBKEY);
	cr_assert_eq(c->nremote, 1);
	cr_assert_eq(c->nchildren, 0);
	cr_assert_eq(c->rekey_time, 14400);
	cr_assert_str_eq(nea_auth_class_name(NEA_AUTH_EAP), "eap");
	nea_swanctl_free(s);
}

Test(swanctl, auth_methods)
{
	static const struct {
		const char *auth;
		nea_auth_class_t cls;
		int eap;
	} cases[] = {
		{ "pubkey", NEA_AUTH_PUBKEY, 0 },   { "rsa/pss", NEA_AUTH_PUBKEY, 0 },
		{ "ecdsa-384", NEA_AUTH_PUBKEY, 0 }, { "ed25519", NEA_AUTH_PUBKEY, 0 },
		{ "psk", NEA_AUTH_PSK, 0 },         { "eap", NEA_AUTH_EAP, NEA_EAP_ANY },
		{ "eap-mschapv2", NEA_AUTH_EAP, NEA_EAP_MSCHAPV2 },
		{ "eap-tnc", NEA_AUTH_EAP, NEA_EAP_TNC }, { "eap-tls", NEA_AUTH_EAP, NEA_EAP_TLS },
		{ "eap-radius", NEA_AUTH_EAP, NEA_EAP_RADIUS },
		{ "eap-dynamic", NEA_AUTH_EAP, NEA_EAP_DYNAMIC }, { "eap-52", NEA_AUTH_EAP, 52 },
		{ "xauth", NEA_AUTH_XAUTH, 0 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[128];

		snprintf(text, sizeof(text), "connections.c.local.auth = %s\n", cases[i].auth);
		nea_swanctl_t *s = sw_ok(text);
		cr_assert_eq(s->conns[0].local[0].cls, cases[i].cls, "%s", cases[i].auth);
		cr_assert_eq(s->conns[0].local[0].eap_type, cases[i].eap, "%s", cases[i].auth);
		nea_swanctl_free(s);
	}
}

Test(swanctl, connection_errors)
{
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{ "connections {\n  tnc {\n    local {\n      auth = eap-foo\n    }\n  }\n}\n",
		  "swanctl.conf:4: connections.tnc.local.auth: unknown EAP method 'foo' (md5, mschapv2, gtc, tls, ttls, peap, tnc, sim, aka, identity, radius, dynamic or a number)" },
		{ "connections.tnc.remote-2.auth = certificate\n",
		  "swanctl.conf:1: connections.tnc.remote-2.auth: unknown authentication method 'certificate' (pubkey, rsa, ecdsa, psk, eap[-method] or xauth[-backend])" },
		{ "connections.tnc.remote.auth = eap-300\n",
		  "swanctl.conf:1: connections.tnc.remote.auth: unknown EAP method '300' (md5, mschapv2, gtc, tls, ttls, peap, tnc, sim, aka, identity, radius, dynamic or a number)" },
		{ "connections.tnc {\n version = 3\n}\n", "swanctl.conf:2: connections.tnc.version: 3 is larger than 2" },
		{ "connections.tnc.local_port = 70000\n", "swanctl.conf:1: connections.tnc.local_port: 70000 is larger than 65535" },
		{ "connections.tnc.local_port = -1\n", "swanctl.conf:1: connections.tnc.local_port: '-1' is not a number" },
		{ "connections.tnc.send_certreq = sometimes\n", "swanctl.conf:1: connections.tnc.send_certreq: 'sometimes' is not yes or no" },
		{ "connections.tnc.send_cert = maybe\n", "swanctl.conf:1: connections.tnc.send_cert: 'maybe' is not ifasked, always or never" },
		{ "connections.tnc.rekey_time = 4w\n", "swanctl.conf:1: connections.tnc.rekey_time: '4w' is not a time (number with s, m, h or d)" },
		{ "connections.tnc {\n\n proposal = aes\n}\n", "swanctl.conf:3: connections.tnc.proposal: unknown option" },
		{ "connections.tnc.local.identity = x\n", "swanctl.conf:1: connections.tnc.local.identity: unknown option" },
		{ "connections.tnc.child { }\n", "swanctl.conf:1: connections.tnc.child: unexpected section (local<suffix>, remote<suffix> or children)" },
		{ "connections.tnc.children.c.mode = tunel\n",
		  "swanctl.conf:1: connections.tnc.children.c.mode: unknown mode 'tunel' (tunnel, transport, beet, pass, drop)" },
		{ "connections.tnc.children.c.start_action = restart\n",
		  "swanctl.conf:1: connections.tnc.children.c.start_action: unknown action 'restart' (none, trap, start, trap|start)" },
		{ "connections.tnc.children.c.close_action = trap|start\n",
		  "swanctl.conf:1: connections.tnc.children.c.close_action: unknown action 'trap|start' (none, trap, start)" },
		{ "connections.tnc.children.c.local_ts = 10.1.0.0/24, 10.300.0.0/16\n",
		  "swanctl.conf:1: connections.tnc.children.c.local_ts: '10.300.0.0/16' is not a traffic selector (subnet, address, range or dynamic, optionally [proto/port])" },
		{ "connections.tnc.children.c.remote_ts = ,\n",
		  "swanctl.conf:1: connections.tnc.children.c.remote_ts: empty traffic selector list" },
		{ "connections.tnc.children.c {\n rekey_time = 1h\n life_time = 30m\n}\n",
		  "swanctl.conf:3: connections.tnc.children.c.life_time: shorter than rekey_time" },
		{ "connections.tnc.children.c.esp = aes\n", "swanctl.conf:1: connections.tnc.children.c.esp: unknown option" },
		{ "connections.tnc.children.c.x { }\n", "swanctl.conf:1: connections.tnc.children.c.x: unexpected section" },
		{ "connections.tnc.children.c = 1\n", "swanctl.conf:1: connections.tnc.children.c: expected a child section" },
		{ "connections.tnc = 1\n", "swanctl.conf:1: connections.tnc: expected a connection section" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		cr_expect_str_eq(sw_bad(cases[i].text), cases[i].msg, "case %zu", i);
}

Test(swanctl, traffic_selectors_and_ranges)
{
	static const char *const good[] = {
		"dynamic", "dynamic[tcp]", "10.0.0.0/8", "10.0.0.1", "10.0.0.1-10.0.0.5",
		"::/0", "fec1::1", "0.0.0.0/0[icmp]", "10.0.0.0/8[6/%any]", "10.0.0.0/8[%any/443]",
		"10.0.0.0/8[sctp/1-2]", "fec1::/16[ipv6-icmp]", "10.0.0.0/8[255]",
	};
	static const char *const bad[] = {
		"", "dyn", "10.0.0.0/8[", "10.0.0.0/8[tcp", "10.0.0.0/8[tcp]x", "10.0.0.0/8[http]",
		"10.0.0.0/8[tcp/http]", "10.0.0.0/8[256]", "10.0.0.0/8[tcp/70000]", "10.0.0.0/8[tcp/9-1]",
		"[tcp]", "10.0.0.0/", "10.0.0.0/8/8", "1.2.3.4-", "-1.2.3.4", "fec1::/129",
		"10.0.0.0/08x",
	};
	nea_ts_t ts;
	nea_addr_range_t r;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		cr_expect_eq(nea_ts_parse(good[i], &ts), 0, "'%s'", good[i]);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		cr_expect_eq(nea_ts_parse(bad[i], &ts), NEA_EINVAL, "'%s'", bad[i]);

	cr_assert_eq(nea_ts_parse("10.0.0.0/8[%any/443]", &ts), 0);
	cr_assert_eq(ts.proto, 0);
	cr_assert_eq(ts.from_port, 443);
	cr_assert_eq(nea_ts_parse("dynamic", &ts), 0);
	cr_assert(ts.dynamic);
	cr_assert_eq(ts.from_port, 0);
	cr_assert_eq(ts.to_port, 65535);

	cr_assert_eq(nea_addr_range_parse("192.168.7.77/20", &r), 0);
	expect_ip(r.from, AF_INET, "192.168.0.0");
	expect_ip(r.to, AF_INET, "192.168.15.255");
	cr_assert_eq(nea_addr_range_parse("fec1::1:2/112", &r), 0);
	expect_ip(r.from, AF_INET6, "fec1::1:0");
	expect_ip(r.to, AF_INET6, "fec1::1:ffff");
	cr_assert_eq(nea_addr_range_parse("0.0.0.0/0", &r), 0);
	expect_ip(r.to, AF_INET, "255.255.255.255");

	uint64_t t;
	cr_assert_eq(nea_swanctl_parse_time("90", &t), 0);
	cr_assert_eq(t, 90);
	cr_assert_eq(nea_swanctl_parse_time("4h", &t), 0);
	cr_assert_eq(t, 14400);
	cr_assert_eq(nea_swanctl_parse_time("2d", &t), 0);
	cr_assert_eq(t, 172800);
	cr_assert_eq(nea_swanctl_parse_time("h", &t), NEA_EINVAL);
	cr_assert_eq(nea_swanctl_parse_time("1hh", &t), NEA_EINVAL);
	cr_assert_eq(nea_swanctl_parse_time("99999999999999999999", &t), NEA_EINVAL);
	cr_assert_eq(nea_swanctl_parse_time("999999999999999999d", &t), NEA_EINVAL);
}

Test(swanctl, empty_and_missing_sections)
{
	nea_swanctl_t *s = sw_ok("# nothing\n");

	cr_assert_eq(s->nsecrets, 0);
	cr_assert_eq(s->npools, 0);
	cr_assert_eq(s->nconns, 0);
	cr_assert_null(nea_swanctl_conn(s, "tnc"));
	const uint8_t *sec;
	size_t len;
	cr_assert_eq(nea_swanctl_eap_secret(s, "jane", 4, &sec, &len), NEA_ENOTFOUND);
	nea_swanctl_free(s);
	nea_swanctl_free(NULL);

	char err[256];
	cr_assert_eq(nea_swanctl_load_file("/nonexistent/swanctl.conf", &s, err, sizeof(err)), NEA_ENOTFOUND);
	cr_assert_null(s);
}

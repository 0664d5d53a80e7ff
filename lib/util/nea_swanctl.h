/*
 * nea_swanctl: typed view of a swanctl.conf-syntax tree (read with nea_conf):
 * the "secrets", "pools" and "connections" sections as swanctl(8) reads them.
 *
 * secrets: sections eap-<name>, xauth-<name>, ntlm-<name>, ike-<name> with
 *   "secret" and any number of "id" / "id<suffix>" keys. A secret is a plain
 *   string, "0x" + hex or "0s" + base64, as in swanctl. EAP, XAuth and NTLM
 *   secrets must name at least one id (an owner-less password would match
 *   every user). Sections for key files (private-, rsa-, ecdsa-, pkcs8-,
 *   pkcs12-, token-, ppk-) are strongSwan's; nea skips them with a log line.
 * pools: <name> { addrs = CIDR | from-to ; dns = addr, ... } for IPv4 and
 *   IPv6. A CIDR pool hands out the addresses between network and broadcast
 *   (10.3.0.0/24: 10.3.0.1 .. 10.3.0.254, 254 entries, as strongSwan counts).
 * connections: <name> { version, local_addrs, remote_addrs, local_port,
 *   remote_port, proposals, pools, send_certreq, send_cert, rekey_time,
 *   reauth_time, local<suffix> { }, remote<suffix> { }, children { } }.
 *   Auth rounds: auth, id, eap_id, certs, cacerts, round; ordered by "round"
 *   then by appearance. Children: local_ts, remote_ts, esp_proposals, mode,
 *   start_action, close_action, rekey_time, life_time. Defaults are
 *   swanctl's (addresses %any, ports 500, proposals "default", ts
 *   "dynamic", IKE rekey 4h, CHILD rekey 1h, send_certreq yes, version 0 =
 *   any). Other swanctl options are recognised and ignored with a log line;
 *   an unknown option, auth method, mode, traffic selector or address is an
 *   error, as in strongSwan's vici.
 *
 * Contract: nea_swanctl_from_conf either returns a complete, validated
 * structure or fails with NEA_ECONFIG (NEA_ENOMEM) and
 * "<file>:<line>: <section.path.key>: <what is wrong>" in err. Missing
 * top-level sections are empty lists. Secrets are wiped when freed and
 * never appear in error messages.
 */
#ifndef NEA_SWANCTL_H
#define NEA_SWANCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_conf.h"

/* ---- addresses and traffic selectors --------------------------------- */

typedef struct {
	int family;        /* AF_INET or AF_INET6 */
	uint8_t from[16];  /* network byte order; IPv4 uses the first 4 bytes */
	uint8_t to[16];    /* inclusive */
} nea_addr_range_t;

/* "a.b.c.d", "a.b.c.d/n", "from-to" and the IPv6 forms; a bare address is
 * a range of one. 0 or NEA_EINVAL. */
int nea_addr_range_parse(const char *s, nea_addr_range_t *out);

typedef struct {
	bool dynamic;           /* "dynamic": the peer's (virtual) address */
	nea_addr_range_t range; /* when !dynamic */
	uint8_t proto;          /* 0 = any */
	uint16_t from_port, to_port; /* 0-65535 = any */
} nea_ts_t;

/* "dynamic", a range as above, each optionally followed by
 * "[proto]", "[proto/port]", "[proto/from-to]" or "[/port]"; proto is a
 * number, tcp, udp, icmp, ipv6-icmp/icmpv6, sctp or %any; port a number,
 * a range or %any. 0 or NEA_EINVAL. */
int nea_ts_parse(const char *s, nea_ts_t *out);

/* ---- secrets ----------------------------------------------------------- */

typedef enum {
	NEA_SECRET_EAP,
	NEA_SECRET_XAUTH,
	NEA_SECRET_NTLM,
	NEA_SECRET_IKE,
} nea_secret_type_t;

typedef struct {
	nea_secret_type_t type;
	char *name;     /* section name, "eap-jane" */
	uint8_t *secret;
	size_t secret_len;
	char **ids;     /* NULL-terminated */
	size_t nids;
} nea_swanctl_secret_t;

/* ---- pools ------------------------------------------------------------- */

typedef struct {
	char *name;
	nea_addr_range_t addrs;   /* the addresses handed out */
	uint8_t base[16];         /* address as written ("10.3.0.0") */
	int prefix;               /* CIDR prefix, -1 for a from-to range */
	uint64_t size;            /* entries; saturates at UINT64_MAX */
	nea_addr_range_t *dns;    /* single addresses */
	size_t ndns;
} nea_swanctl_pool_t;

/* ---- connections ------------------------------------------------------- */

typedef enum {
	NEA_AUTH_PUBKEY, /* pubkey, rsa*, ecdsa*, ed25519, ed448 */
	NEA_AUTH_PSK,
	NEA_AUTH_EAP,    /* eap, eap-<method> */
	NEA_AUTH_XAUTH,  /* xauth, xauth-<backend> */
} nea_auth_class_t;

/* EAP method numbers (IANA) as eap_type; 0 for plain "eap" (any method). */
enum {
	NEA_EAP_ANY = 0,
	NEA_EAP_IDENTITY = 1,
	NEA_EAP_MD5 = 4,
	NEA_EAP_GTC = 6,
	NEA_EAP_TLS = 13,
	NEA_EAP_SIM = 18,
	NEA_EAP_TTLS = 21,
	NEA_EAP_AKA = 23,
	NEA_EAP_PEAP = 25,
	NEA_EAP_MSCHAPV2 = 26,
	NEA_EAP_TNC = 38,
	NEA_EAP_RADIUS = 253, /* strongSwan's pseudo types: an AAA backend */
	NEA_EAP_DYNAMIC = 254, /* ... and "pick one the peer supports" */
};

typedef struct {
	char *section;          /* "local", "remote-2", ... */
	int round;
	nea_auth_class_t cls;
	char *auth;             /* as written, "eap-ttls" */
	int eap_type;           /* for NEA_AUTH_EAP */
	char *id;               /* NULL: default identity */
	char *eap_id;           /* NULL: use id */
	char **certs;           /* NULL-terminated */
	size_t ncerts;
	char **cacerts;
	size_t ncacerts;
} nea_swanctl_auth_t;

typedef enum {
	NEA_MODE_TUNNEL,
	NEA_MODE_TRANSPORT,
	NEA_MODE_BEET,
	NEA_MODE_PASS,
	NEA_MODE_DROP,
} nea_child_mode_t;

/* start_action bits; close_action uses the same values. */
enum { NEA_ACTION_NONE = 0, NEA_ACTION_TRAP = 1, NEA_ACTION_START = 2 };

typedef struct {
	char *name;
	nea_ts_t *local_ts;
	size_t nlocal_ts;
	nea_ts_t *remote_ts;
	size_t nremote_ts;
	char **local_ts_str;    /* as written, NULL-terminated (for display) */
	char **remote_ts_str;
	char **esp_proposals;   /* NULL-terminated */
	size_t nesp_proposals;
	nea_child_mode_t mode;
	unsigned start_action;
	unsigned close_action;
	uint64_t rekey_time;    /* seconds */
	uint64_t life_time;
} nea_swanctl_child_t;

typedef enum { NEA_SEND_CERT_IFASKED, NEA_SEND_CERT_ALWAYS, NEA_SEND_CERT_NEVER } nea_send_cert_t;

typedef struct {
	char *name;
	unsigned version;       /* 0 any, 1, 2 */
	char **local_addrs;     /* NULL-terminated */
	size_t nlocal_addrs;
	char **remote_addrs;
	size_t nremote_addrs;
	uint16_t local_port, remote_port;
	char **proposals;
	size_t nproposals;
	char **pools;
	size_t npools;
	bool send_certreq;
	nea_send_cert_t send_cert;
	uint64_t rekey_time;    /* seconds, 0 = none */
	uint64_t reauth_time;
	nea_swanctl_auth_t *local;
	size_t nlocal;
	nea_swanctl_auth_t *remote;
	size_t nremote;
	nea_swanctl_child_t *children;
	size_t nchildren;
} nea_swanctl_conn_t;

typedef struct {
	nea_swanctl_secret_t *secrets;
	size_t nsecrets;
	nea_swanctl_pool_t *pools;
	size_t npools;
	nea_swanctl_conn_t *conns;
	size_t nconns;
} nea_swanctl_t;

int nea_swanctl_from_conf(const nea_conf_t *c, nea_swanctl_t **out, char *err, size_t errlen);
/* nea_conf_load_file + nea_swanctl_from_conf. */
int nea_swanctl_load_file(const char *path, nea_swanctl_t **out, char *err, size_t errlen);
void nea_swanctl_free(nea_swanctl_t *s);

/* The secret of that type whose ids include id (byte-exact, first in file
 * order). 0 with secret and len pointing into s, or NEA_ENOTFOUND. */
int nea_swanctl_secret(const nea_swanctl_t *s, nea_secret_type_t type, const void *id,
		       size_t idlen, const uint8_t **secret, size_t *len);
static inline int nea_swanctl_eap_secret(const nea_swanctl_t *s, const void *id, size_t idlen,
					 const uint8_t **secret, size_t *len)
{
	return nea_swanctl_secret(s, NEA_SECRET_EAP, id, idlen, secret, len);
}
const nea_swanctl_pool_t *nea_swanctl_pool(const nea_swanctl_t *s, const char *name);
const nea_swanctl_conn_t *nea_swanctl_conn(const nea_swanctl_t *s, const char *name);

/* "3600", "60s", "30m", "4h", "1d" -> seconds; 0 or NEA_EINVAL. */
int nea_swanctl_parse_time(const char *s, uint64_t *out);
/* Decode a swanctl secret value (plain, 0x hex, 0s base64) into a new
 * buffer; 0, NEA_EINVAL or NEA_ENOMEM. */
int nea_swanctl_decode_secret(const char *value, uint8_t **out, size_t *len);

const char *nea_auth_class_name(nea_auth_class_t cls);

#endif

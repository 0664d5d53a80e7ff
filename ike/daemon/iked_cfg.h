/*
 * iked_cfg: nea-iked's configuration, loaded as one immutable,
 * reference-counted snapshot so a reload never changes what a running
 * IKE_SA negotiated with.
 *
 * Sources:
 *  - the main file (strongswan.conf syntax): nea.swanctl, nea.ike.*,
 *    charon.* timing and DoS settings under strongSwan's names
 *    (fragment_size, retransmit_timeout/_base/_tries, half_open_timeout,
 *    cookie_threshold, cookie_threshold_ip, block_threshold, dos_protection,
 *    ikesa_limit), charon.plugins.eap-ttls.*, charon.plugins.eap-tnc.*,
 *    charon.plugins.eap-dynamic.*, charon.plugins.tnccs-20.*;
 *  - the swanctl.conf file (nea_swanctl.h) and, as swanctl reads them, the
 *    folders next to it: x509/ (our certificates: "certs = x.pem"),
 *    x509ca/ (trusted CAs), private/, rsa/, ecdsa/, pkcs8/ (private keys,
 *    matched to certificates by public key). The few connection options
 *    nea_swanctl does not type (vips, fragmentation, dpd_delay, mobike) are
 *    read from the same tree here.
 *
 * Contract: iked_cfg_load() returns a complete configuration or fails with
 * NEA_ECONFIG after logging "<file>:<line>: ..." or the file/key at fault
 * (a syntax error or an invalid typed value: a reload then keeps the old
 * snapshot). A connection nea-iked cannot serve (unknown proposal keyword,
 * unsupported auth class, missing certificate or key) is refused on its
 * own with a log line, as swanctl --load-conns refuses it, and the others
 * load. Only the
 * first auth round per side is used (nea does not do multiple
 * authentication rounds); more rounds are an error. Secrets live in the
 * nea_swanctl_t and are wiped with it.
 */
#ifndef IKED_CFG_H
#define IKED_CFG_H

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iked_id.h"
#include "iked_net.h"
#include "ike_proposal.h"
#include "nea_conf.h"
#include "nea_swanctl.h"

#define IKED_MAX_PROPOSALS 16

typedef struct {
	const nea_swanctl_child_t *sc;
	ike_prop_cfg_t esp[IKED_MAX_PROPOSALS];
	size_t nesp;
} iked_child_cfg_t;

typedef struct {
	bool any;
	nea_addr_range_t range;
} iked_addr_cfg_t;

typedef struct {
	nea_auth_class_t cls;
	int eap_type;        /* NEA_EAP_* for EAP */
	iked_id_t id;        /* IKED_ID_ANY when not configured */
	bool id_set;
	iked_id_t eap_id;    /* EAP identity, meaningful when eap_id_set */
	bool eap_id_set;
	X509 *cert;          /* local pubkey: our certificate (owned) */
	EVP_PKEY *key;       /* ... and its private key (owned) */
} iked_auth_cfg_t;

typedef struct {
	const nea_swanctl_conn_t *sc;
	const char *name;
	ike_prop_cfg_t ike[IKED_MAX_PROPOSALS];
	size_t nike;
	iked_addr_cfg_t *local_addrs;
	size_t nlocal_addrs;
	iked_addr_cfg_t *remote_addrs;
	size_t nremote_addrs;
	iked_auth_cfg_t local;
	iked_auth_cfg_t remote;
	const nea_swanctl_pool_t **pools;
	size_t npools;
	iked_child_cfg_t *children;
	size_t nchildren;
	bool vip4, vip6;     /* vips = 0.0.0.0 / :: : ask for a virtual IP */
	bool fragmentation;  /* fragmentation = yes (default) */
	bool mobike;         /* mobike = yes (default): announce and float */
	uint64_t dpd_delay;  /* seconds, 0 = off */
	bool start;          /* a child with start_action = start */
} iked_conn_t;

/* charon.plugins.eap-ttls.* and eap-tnc.* (PROTOCOLS §2.1 defaults). */
typedef struct {
	unsigned fragment_size;
	unsigned max_message_count;
	bool include_length;
	int phase2_method; /* NEA_EAP_MD5 or NEA_EAP_MSCHAPV2 */
	bool phase2_piggyback;
	bool phase2_tnc;
	int phase2_tnc_method; /* NEA_EAP_TNC or 54 (PT-EAP) */
	bool request_peer_auth;
	unsigned tnc_max_message_count;
	unsigned max_batch_size;
	unsigned max_message_size;
} iked_ttls_cfg_t;

typedef struct iked_cfg {
	int refs;
	nea_conf_t *tree;    /* the swanctl tree (typed view in sw) */
	nea_swanctl_t *sw;
	iked_conn_t *conns;
	size_t nconns;
	X509_STORE *cas;
	STACK_OF(X509) *ca_list; /* the same CAs, for CERTREQ hashes */
	char dir[4096];          /* folder of the swanctl file */

	unsigned frag_size;
	unsigned retransmit_timeout_ms;
	double retransmit_base;
	unsigned retransmit_tries;
	unsigned half_open_timeout_s;
	unsigned auth_timeout_s;
	unsigned cookie_threshold;
	unsigned cookie_threshold_ip;
	unsigned block_threshold;
	bool dos_protection;
	unsigned max_sas;
	unsigned max_half_open;
	unsigned max_auth_exchanges;
	bool kernel;
	bool isolate_allow;
	int dynamic_methods[8]; /* eap-dynamic preference */
	size_t ndynamic_methods;
	iked_ttls_cfg_t ttls;
} iked_cfg_t;

int iked_cfg_load(const nea_conf_t *main, iked_cfg_t **out);
iked_cfg_t *iked_cfg_ref(iked_cfg_t *c);
void iked_cfg_unref(iked_cfg_t *c);

const iked_conn_t *iked_cfg_conn(const iked_cfg_t *c, const char *name);
/* Does an address match a connection's address list? */
bool iked_addr_cfg_match(const iked_addr_cfg_t *list, size_t n, const iked_addr_t *a);
/* The EAP type name charon prints ("EAP_MD5", "EAP_TTLS"). */
const char *iked_eap_type_name(int type);

#endif

/*
 * eap_ttls: EAP-TTLS (RFC 5281, type 21, version 0) server and peer as
 * eap_method_t, on OpenSSL with memory BIOs, behaving on the wire as
 * strongSwan 5.9.14's eap-ttls plugin (tls_eap.c, eap_ttls_server.c,
 * eap_ttls_peer.c) so charon interoperates with it in both roles.
 *
 * Contract, outer layer (record transport):
 *  - Server: eap_method_start() sends the Start (01 id 00 06 15 20); every
 *    later Request takes the next identifier. Peer: answers with the same
 *    identifier.
 *  - The TLS byte stream is cut by lib/wire's eap_ttls_frag exactly as
 *    strongSwan: fragment_size counts the whole EAP packet (first fragment
 *    fragment_size - 10 data bytes with L|M, then fragment_size - 6 with
 *    M, the last without); a message that fits is sent whole, with L when
 *    include_length is set. A fragment is acknowledged with an empty
 *    packet. Received fragments are reassembled up to
 *    EAP_TLS_MAX_MESSAGE_LEN (73 728) bytes; a declared length above that,
 *    data beyond the declared length or a last fragment short of it fail.
 *  - max_message_count (default 32, 0 = unlimited) bounds the packets this
 *    side processes, counted as strongSwan counts them.
 *  - Framing errors, TLS errors and max_message_count fail the method
 *    (EAP_M_FAILURE, one log line); envelope errors (not an EAP packet,
 *    wrong code/identifier/type) are discarded with a negative code and
 *    leave the state unchanged, as for every eap_method_t.
 *
 * Contract, TLS:
 *  - TLS 1.2 by default; 1.3 when version_max allows it (libtls.version_max
 *    = 1.3). No session resumption, no session tickets.
 *  - Cipher suites: libtls.suites (IANA names, e.g.
 *    TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256),
 *    else OpenSSL's defaults; an unknown name fails creation.
 *  - Server: certificate + key (+ chain) from the configuration; with
 *    request_peer_auth a client certificate is required, verified against
 *    the CA, and - as strongSwan's TLS server, which is handed the EAP
 *    identity as peer - must be valid for the outer EAP identity (subject
 *    DN or a subjectAltName equal to it); without an outer identity the
 *    certificate's subject becomes the peer identity.
 *  - Peer: verifies the server certificate against the CA and, when
 *    server_id is set, that it is valid for that identity; sends its own
 *    certificate when it has one and the server asks.
 *  - MSK: TLS <= 1.2: PRF(master, "ttls keying material", client_random |
 *    server_random), 128 bytes, MSK = the first 64; TLS 1.3: exporter
 *    "EXPORTER_EAP_TLS_Key_Material", context 0x15, 128 bytes, MSK = the
 *    first 64 (strongSwan 5.9.14).
 *
 * Contract, phase 2 (Diameter EAP-Message AVPs, lib/wire eap_ttls_avp):
 *  - AVPs with a length shorter than their header or longer than the data
 *    (CVE-2026-25075), unknown mandatory AVPs and anything but one whole
 *    EAP packet fail the method with one log line.
 *  - Server, as eap_ttls_server.c: with phase2_piggyback the EAP-Identity
 *    request rides in the flight that carries the TLS Finished; without it
 *    the peer starts phase 2 with an unsolicited Identity response. Then:
 *    request_peer_auth -> the TNC method (phase2_tnc) or success; else
 *    phase2_method (EAP-MD5 or EAP-MSCHAPv2 with the secret the lookup
 *    gives for the inner identity; an unknown identity still gets a
 *    challenge and fails like a wrong secret), then, after its success,
 *    the TNC method (phase2_tnc) or success. The TNC method is PT-EAP
 *    (phase2_tnc_method pt, default) or EAP-TNC (tnc), bridged through
 *    cfg->bridge; its verdict decides (eap_tnc_bridge.h).
 *  - Inner failure: the server logs strongSwan's "<method> method failed",
 *    sends a TLS close notify in a Request and fails at the peer's next
 *    response (the seed's exchange). Inner success of the last method: the
 *    method returns EAP_M_SUCCESS at once (the caller sends EAP-Success).
 *  - Peer, as eap_ttls_peer.c: once the handshake is complete and no
 *    request arrived with the server's Finished, it sends an unsolicited
 *    EAP-Identity response; it answers Identity, MD5, MSCHAPv2 (its
 *    identity and secret), PT-EAP and EAP-TNC (through cfg->bridge)
 *    requests and Naks any other type. It returns EAP_M_SEND for every
 *    answer (only the server knows which is the last) and accepts the
 *    outer EAP-Success only after the TLS handshake authenticated the
 *    server. A close notify from the server is answered with its own close
 *    notify; EAP-Failure ends it.
 *
 * Logs (strongSwan's words): "negotiated TLS 1.2 using suite ...",
 * "sending TLS server certificate '...'", "received TLS peer certificate
 * '...'", "sending tunneled EAP-TTLS AVP [EAP/REQ/ID]", "received
 * tunneled EAP-TTLS AVP [EAP/RES/PT]", "received EAP identity 'x'",
 * "phase2 method EAP_PT_EAP selected", "EAP_TTLS phase2 authentication of
 * 'x' with EAP_MD5 successful", "EAP_MD5 method failed", "sending TLS
 * close notify". Secrets and keys are never logged.
 */
#ifndef EAP_TTLS_H
#define EAP_TTLS_H

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eap_method.h"
#include "eap_tnc_bridge.h"
#include "nea_conf.h"

#define EAP_TTLS_DEFAULT_MAX_MESSAGE_COUNT 32
#define EAP_TTLS_SECRET_MAX 256
#define EAP_TTLS_ID_MAX 256
#define EAP_TTLS_KEY_MATERIAL_LEN 128

/* Server: the phase-2 secret of an inner identity. Fill buf (at most
 * EAP_TTLS_SECRET_MAX bytes), set *len; NEA_ENOTFOUND when there is none.
 * nt_hash (may be NULL) set to true when buf holds a 16-byte NT hash
 * (MSCHAPv2 only). The method wipes buf after use. */
typedef int (*eap_ttls_secret_fn)(void *ctx, const char *identity, uint8_t *buf, size_t *len,
				  bool *nt_hash);

typedef struct {
	/* TLS credentials. Objects (the method takes its own references)
	 * win over PEM files. Server: cert and key required; CA required
	 * with request_peer_auth. Peer: CA required; cert/key optional. */
	X509 *cert;
	EVP_PKEY *key;
	STACK_OF(X509) *chain; /* intermediates sent after cert */
	X509_STORE *ca;
	const char *cert_file, *key_file, *ca_file;
	const char *suites;   /* libtls.suites, comma/blank separated IANA names */
	int version_min;      /* TLS1_2_VERSION (default) or TLS1_3_VERSION */
	int version_max;      /* TLS1_2_VERSION (default, as strongSwan) or TLS1_3_VERSION */

	/* charon.plugins.eap-ttls.* */
	size_t fragment_size;  /* 1024 */
	int max_message_count; /* 32; 0 = unlimited */
	bool include_length;   /* yes */
	bool request_peer_auth;
	uint8_t phase2_method;     /* EAP_TYPE_MD5 (default) or EAP_TYPE_MSCHAPV2 */
	bool phase2_piggyback;
	bool phase2_tnc;
	uint8_t phase2_tnc_method; /* EAP_TYPE_PT_EAP (default) or EAP_TYPE_TNC */
	/* charon.plugins.eap-tnc.max_message_count: 10; 0 = unlimited */
	int tnc_max_message_count;
	bool isolate_succeeds; /* see eap_tnc_bridge.h */

	/* Identities. Server: eap_identity = the peer's outer EAP identity
	 * (NULL: take the certificate subject). Peer: eap_identity = ours,
	 * sent again inside the tunnel; server_id = what the server
	 * certificate must be valid for (NULL: any the CA trusts). */
	const char *eap_identity;
	const char *server_id;
	const char *peer_label; /* server logs: "policy enforced on peer '%s'" */

	/* Server: phase-2 secrets by inner identity. */
	eap_ttls_secret_fn secret_fn;
	void *secret_ctx;
	/* Peer: phase-2 password (copied, wiped on free). */
	const uint8_t *secret;
	size_t secret_len;

	/* TNC: PT-EAP / EAP-TNC (server with phase2_tnc; peer whenever the
	 * server starts it). Copied. */
	eap_tnc_bridge_t bridge;
} eap_ttls_cfg_t;

/* strongSwan's defaults (above). */
void eap_ttls_cfg_defaults(eap_ttls_cfg_t *cfg);
/* Defaults, then charon.plugins.eap-ttls.*, charon.plugins.eap-tnc
 * .max_message_count, libtls.suites/.version_min/.version_max from conf
 * (strings point into conf). NEA_ECONFIG with msg filled for a bad value
 * (unknown phase2 method, version, fragment_size outside 11..65535). */
int eap_ttls_cfg_load(eap_ttls_cfg_t *cfg, const nea_conf_t *conf, char *msg, size_t msglen);

/* NULL on bad configuration (logged) or no memory. */
eap_method_t *eap_ttls_server_new(const eap_ttls_cfg_t *cfg);
eap_method_t *eap_ttls_peer_new(const eap_ttls_cfg_t *cfg);

typedef struct {
	bool done;                            /* SUCCESS or FAILURE reported */
	bool success;
	char eap_identity[EAP_TTLS_ID_MAX];   /* outer (server: as given or from the certificate) */
	char inner_identity[EAP_TTLS_ID_MAX]; /* from the tunneled EAP-Identity */
	eap_tnc_auth_t auth;                  /* CERT, PASSWORD or UNKNOWN */
	uint8_t auth_method;                  /* EAP_TYPE_TLS, _MD5, _MSCHAPV2 or 0 */
	char cert_subject[EAP_TTLS_ID_MAX];   /* peer (server role) or server (peer role) certificate */
	bool tnc_ran;
	int tnc_rec;                          /* eap_tnc_rec_t or -1 */
	char tls_version[16];                 /* "TLS 1.2" */
	char suite[64];                       /* IANA name */
	char reason[200];                     /* on failure */
} eap_ttls_result_t;

/* What the exchange established so far; complete once done. */
void eap_ttls_result(const eap_method_t *m, eap_ttls_result_t *out);

/* The 128 bytes of keying material (MSK | EMSK) after the handshake, for
 * tests and diagnostics. NEA_ESTATE before the handshake completed. */
int eap_ttls_key_material(const eap_method_t *m, uint8_t out[EAP_TTLS_KEY_MATERIAL_LEN]);

#endif

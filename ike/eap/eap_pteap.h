/*
 * eap_pteap: the TNC transport methods as eap_method_t - PT-EAP (type 54,
 * version 1, RFC 7171) and the older EAP-TNC (type 38, version 1, TCG IF-T
 * for Tunneled EAP 1.1) - normally run as the last inner method of
 * EAP-TTLS, bridging PB-TNC batches to a broker (eap_tnc_bridge.h).
 *
 * Contract (wire, as strongSwan's tls_eap.c with a tnccs stack):
 *  - Server Start: 01 id 00 06 36 81 (PT-EAP) / 01 id 00 06 26 21
 *    (EAP-TNC); the peer answers it with its first batch.
 *  - PT-EAP: exactly one whole PB-TNC batch per message, flags = version 1,
 *    never L or M (a received packet with L/M set is refused: RFC 7171 has
 *    no fragmentation; EAP-TTLS fragments underneath). A batch is at most
 *    EAP_PTEAP_MAX_BATCH bytes.
 *  - EAP-TNC: the L/M/S framing of EAP-TTLS with version 1, strongSwan's
 *    fixed fragment size 65535 and no L; larger batches travel in M
 *    fragments acknowledged by empty packets; received fragments are
 *    reassembled up to max_batch bytes.
 *  - A version other than 1 is refused (strongSwan: "unsupported version").
 *  - max_message_count (charon.plugins.eap-tnc.max_message_count, default
 *    10, 0 = unlimited) bounds the packets processed, as strongSwan counts
 *    them (every packet handed to process, acknowledgements included);
 *    one more is EAP_M_FAILURE.
 *  - An empty packet (6 bytes, no S) is an acknowledgement: the server
 *    answers a peer's acknowledgement with its pending batch or ends the
 *    method with the verdict it holds; a peer answers an empty request with
 *    an empty response.
 *  - Server: receiving a Start is EAP_M_FAILURE (strongSwan: "unexpected
 *    start"); peer: a second Start is refused the same way.
 *  - PT-EAP and EAP-TNC export no MSK.
 *  - Malformed framing or a protocol violation ends the method with
 *    EAP_M_FAILURE and one log line; envelope errors (not EAP, wrong
 *    code/identifier/type) are discarded with a negative code, state
 *    unchanged, as for every eap_method_t.
 */
#ifndef EAP_PTEAP_H
#define EAP_PTEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eap_method.h"
#include "eap_tnc_bridge.h"

#define EAP_TNC_DEFAULT_MAX_MESSAGE_COUNT 10

typedef struct {
	eap_tnc_bridge_t bridge;
	eap_tnc_conn_t conn;    /* server: identity/authentication for open(); strings copied */
	int max_message_count;  /* < 0: default 10; 0: unlimited */
	bool isolate_succeeds;  /* server: ISOLATE ends in success (strongSwan) */
	const char *peer_label; /* server: the peer for "policy enforced on peer '%s'" */
} eap_tnc_cfg_t;

/* type: EAP_TYPE_PT_EAP or EAP_TYPE_TNC. NULL on bad arguments/no memory. */
eap_method_t *eap_pteap_server_new(uint8_t type, const eap_tnc_cfg_t *cfg);
eap_method_t *eap_pteap_peer_new(uint8_t type, const eap_tnc_cfg_t *cfg);

/* Server: the verdict the method ended with (valid after SUCCESS/FAILURE
 * caused by a verdict), -1 when none was given. */
int eap_pteap_rec(const eap_method_t *m);

#endif

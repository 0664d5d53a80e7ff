/*
 * iked_tnc: nea-iked's side of the assessment conversation (transport.proto
 * over <rundir>/broker.sock, ARCHITECTURE §11.1) and the EAP-TTLS server
 * method that carries PT-EAP to it.
 *
 * Contract:
 *  - iked_tnc_start() opens the reconnecting broker link from the service's
 *    init; the broker may come and go at any time without affecting IKE.
 *  - iked_tnc_ttls_available(): whether this build has the EAP-TTLS method
 *    (ike/eap eap_ttls); without it EAP-TTLS connections fail their EAP
 *    round with a log line naming the reason.
 *  - iked_tnc_ttls_server_new() creates the EAP-TTLS server for an IKE_SA's
 *    EAP conversation from charon.plugins.eap-ttls.* and the connection's
 *    certificate, bridged to the broker when phase2_tnc is set.
 *  - iked_tnc_close(): the IKE_SA ends while its TNC connection is open:
 *    ConnClose to the broker (once).
 *  - Losing the broker fails every open TNC conversation safe: each waiting
 *    EAP-TTLS method gets a "no access" verdict (EAP-Failure to the peer),
 *    logged per IKE_SA.
 */
#ifndef IKED_TNC_H
#define IKED_TNC_H

#include <stdbool.h>

#include "eap_method.h"

struct iked;
struct iked_sa;
struct nea_daemon;

int iked_tnc_start(struct iked *ik);
/* Embedded use (tests): the same link to a broker socket at path, without
 * the daemon skeleton's peer checks. */
int iked_tnc_connect_path(struct iked *ik, const char *path);
void iked_tnc_stop(struct iked *ik);
bool iked_tnc_ttls_available(void);
struct iked_eap;
eap_method_t *iked_tnc_ttls_server_new(void *eap);
/* Initiator: the EAP-TTLS peer (server certificate checked against
 * x509ca/ and the connection's remote id, inner password from secrets).
 * When the gateway starts PT-EAP the client broker (tnccs_client) is
 * created with a fresh nea-imcd (nea.ike.client.imcd_config = the nea.conf
 * it reads; nea.ike.client.imcd = its path, default next to nea-iked);
 * without imcd_config the TNC method fails. The client broker is
 * blocking: while nea-imcd measures, nea-iked waits (bounded by the
 * client broker's host timeout) - acceptable for an endpoint. */
eap_method_t *iked_tnc_ttls_peer_new(void *eap);
/* Hand the client broker's pending batch to the waiting PT-EAP peer
 * (then eap_method_resume). NEA_ESTATE when there is none. */
int iked_tnc_peer_feed(struct iked_sa *sa, eap_method_t *m);
/* End the client broker and nea-imcd (logging the gateway's verdict). */
void iked_tnc_peer_release(struct iked_sa *sa);
void iked_tnc_close(struct iked_sa *sa, const char *why);
bool iked_tnc_broker_up(const struct iked *ik);

#endif

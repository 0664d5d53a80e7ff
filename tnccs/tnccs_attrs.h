/*
 * tnccs_attrs: what a measurement host learns about a connection in
 * ConnStateChange{CREATE} (the IF-IMV/IF-IMC connection attributes):
 * transport and its IF-T name and version, IF-TNCCS 2.0, the maximum
 * PA-TNC message size, the peer's language preference, the access
 * requestor identities and address, and the +long +excl -soh flags.
 *
 * Contract: tnccs_peer_init() copies the identities it is given (at most
 * TNCCS_MAX_IDENTITIES, values up to TNCCS_MAX_ID_VALUE bytes; more is
 * NEA_EINVAL), so the front end's envelope may be freed afterwards.
 * tnccs_attrs_fill() points an unpacked ConnAttributes at those copies;
 * it stays valid while the peer info and the language string live.
 */
#ifndef TNCCS_ATTRS_H
#define TNCCS_ATTRS_H

#include <stddef.h>
#include <stdint.h>

#include "module.pb-c.h"
#include "transport.pb-c.h"

#define TNCCS_MAX_IDENTITIES 8
#define TNCCS_MAX_ID_VALUE 1024
#define TNCCS_MAX_ADDR 64

typedef struct {
	uint32_t type, subject, auth;
	uint8_t *value;
	size_t len;
} tnccs_ident_t;

typedef struct {
	Nea__Transport transport;
	char addr[TNCCS_MAX_ADDR];
	tnccs_ident_t ids[TNCCS_MAX_IDENTITIES];
	size_t n_ids;
	uint32_t max_msg;
} tnccs_peer_t;

/* "IF-T for TLS" / "IF-T for Tunneled EAP"; "2.0" / "1.1" */
const char *tnccs_ift_protocol(Nea__Transport t);
const char *tnccs_ift_version(Nea__Transport t);
/* "PT-TLS", "PT-EAP", "EAP-TNC" for log lines */
const char *tnccs_transport_name(Nea__Transport t);

int tnccs_peer_init(tnccs_peer_t *p, Nea__Transport t, const char *addr,
		    Nea__Identity *const *ids, size_t n_ids, size_t max_msg);
void tnccs_peer_free(tnccs_peer_t *p);

/* Caller provides room for TNCCS_MAX_IDENTITIES identities. */
void tnccs_attrs_fill(const tnccs_peer_t *p, const char *lang, Nea__ConnAttributes *a,
		      Nea__Identity *idbuf, Nea__Identity **idptrs);

#endif

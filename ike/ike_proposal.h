/*
 * ike_proposal: configured proposals in strongSwan's notation and their
 * negotiation (RFC 7296 §2.7, §3.3).
 *
 * Contract:
 *  - ike_proposal_parse() reads one proposal such as "aes256-sha256-x25519",
 *    "aes256gcm16-prfsha384-ecp384" (IKE) or
 *    "aes256gcm128-chacha20poly1305-x25519" (ESP; the DH group is PFS), the
 *    keywords strongSwan uses (aesN, aesNgcmM, chacha20poly1305, sha1/sha256/
 *    sha384/sha512, prfsha*, modp2048, ecp256, ecp384, curve25519/x25519,
 *    esn/noesn), and applies strongSwan's completion rules: an IKE proposal
 *    without PRF gets the PRFs matching its integrity algorithms, an ESP
 *    proposal without ESN gets "noesn". It refuses unknown or unsupported
 *    keywords, AEAD mixed with plain ciphers, integrity with AEAD, and
 *    proposals missing a mandatory type (IKE: ENCR, INTEG unless AEAD, PRF,
 *    DH; ESP: ENCR, INTEG unless AEAD). ike_proposals_parse() takes a
 *    comma-separated list.
 *  - ike_proposal_select() is the responder's choice with strongSwan's
 *    default preference: the first of OUR proposals that the peer offers,
 *    and within it, per transform type, the first of OUR algorithms the
 *    peer's proposal lists. A peer proposal with a transform type we do not
 *    know, or whose transform has an attribute we do not know, is skipped.
 *    A transform type only one side lists matches only if that side lists
 *    NONE (0). IKE_AUTH child proposals carry no DH: pass skip_dh.
 *    NEA_ENOTFOUND means NO_PROPOSAL_CHOSEN.
 *  - ike_proposal_verify() is the initiator's check of the responder's
 *    reply: exactly one proposal, numbered like one we sent (we number ours
 *    1..n in order), one transform of every type that proposal has, each
 *    one we offered in it. Anything else is NEA_EINVAL.
 *  - The result, ike_selected_t, carries the suite for key derivation and
 *    the transforms for the reply's SA payload.
 */
#ifndef IKE_PROPOSAL_H
#define IKE_PROPOSAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_keymat.h"
#include "ike_msg.h"

#define IKE_PROP_MAX_TRANS 32

/* A configured proposal: owns its transforms. */
typedef struct {
	uint8_t proto; /* IKE_PROTO_IKE or IKE_PROTO_ESP */
	uint8_t ntrans;
	ike_transform_t trans[IKE_PROP_MAX_TRANS];
} ike_prop_cfg_t;

/* The outcome of a negotiation. */
typedef struct {
	uint8_t num;   /* the proposal number to answer with */
	uint8_t proto;
	uint8_t spi_len;
	uint8_t spi[8]; /* the peer's SPI from its proposal */
	ike_suite_t suite;
	uint8_t ntrans;
	ike_transform_t trans[5]; /* one per negotiated type, wire order */
} ike_selected_t;

/* errbuf (may be NULL) receives a reason on failure (NEA_ECONFIG). */
int ike_proposal_parse(const char *str, uint8_t proto, ike_prop_cfg_t *out, char *errbuf,
		       size_t errlen);
int ike_proposals_parse(const char *list, uint8_t proto, ike_prop_cfg_t *out, size_t max,
			size_t *n, char *errbuf, size_t errlen);

/* Wire form of configured proposal i (numbered i+1) with our SPI. The
 * result's transforms point into cfg. */
void ike_proposal_to_wire(const ike_prop_cfg_t *cfg, size_t i, const uint8_t *spi,
			  uint8_t spi_len, ike_proposal_t *out);
/* Wire form of a selection (for the reply) with our SPI. */
void ike_selected_to_wire(const ike_selected_t *sel, const uint8_t *spi, uint8_t spi_len,
			  ike_proposal_t *out);

int ike_proposal_select(const ike_prop_cfg_t *ours, size_t nours, const ike_pl_sa_t *offered,
			bool skip_dh, ike_selected_t *sel);
int ike_proposal_verify(const ike_prop_cfg_t *ours, size_t nours, const ike_pl_sa_t *reply,
			bool skip_dh, ike_selected_t *sel);

/* "IKE:AES_CBC_256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/CURVE_25519", as in
 * charon's "selected proposal:" line. */
char *ike_proposal_str(uint8_t proto, const ike_transform_t *t, size_t n, char *buf, size_t len);

#endif

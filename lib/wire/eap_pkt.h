/*
 * eap_pkt: the EAP packet (RFC 3748 §4) and the simple methods nea needs
 * around its tunnels: Identity (§5.1), Nak (§5.3.1), Success and Failure
 * (§4.2).
 *
 * Contract: parse() takes exactly one packet: the Length field must equal
 * the bytes given (EAP travels in an IKEv2 EAP payload or a Diameter AVP,
 * both of which delimit it exactly; strongSwan's tls_eap requires the same)
 * - a mismatch is NEA_ETRUNC/NEA_EINVAL at offset 2. Request/Response need
 * a Type byte; Success/Failure must be exactly 4 bytes; other codes are
 * NEA_EINVAL at offset 0. The view points into the input.
 */
#ifndef EAP_PKT_H
#define EAP_PKT_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define EAP_HDR_LEN 4
#define EAP_MAX_LEN 65535

enum {
	EAP_CODE_REQUEST = 1,
	EAP_CODE_RESPONSE = 2,
	EAP_CODE_SUCCESS = 3,
	EAP_CODE_FAILURE = 4,
};

enum {
	EAP_TYPE_IDENTITY = 1,
	EAP_TYPE_NOTIFICATION = 2,
	EAP_TYPE_NAK = 3,
	EAP_TYPE_MD5 = 4,
	EAP_TYPE_TLS = 13,
	EAP_TYPE_TTLS = 21,
	EAP_TYPE_MSCHAPV2 = 26,
	EAP_TYPE_TNC = 38,
	EAP_TYPE_PT_EAP = 54,
	EAP_TYPE_EXPANDED = 254,
};

typedef struct {
	uint8_t code;
	uint8_t id;
	uint16_t length;
	uint8_t type;        /* 0 for Success/Failure */
	const uint8_t *data; /* Type-Data, after the Type byte */
	size_t data_len;
} eap_pkt_t;

int eap_pkt_parse(const uint8_t *buf, size_t len, eap_pkt_t *p, nea_perr_t *err);
/* Request/Response with a type and Type-Data. */
int eap_pkt_build(nea_wr_t *w, uint8_t code, uint8_t id, uint8_t type, const uint8_t *data,
		  size_t data_len);
/* Success or Failure (4 bytes). */
int eap_status_build(nea_wr_t *w, uint8_t code, uint8_t id);
int eap_identity_build(nea_wr_t *w, uint8_t code, uint8_t id, const uint8_t *identity,
		       size_t len);
/* The desired types of a Response/Nak (at least one). */
int eap_nak_parse(const eap_pkt_t *p, const uint8_t **types, size_t *n, nea_perr_t *err);
int eap_nak_build(nea_wr_t *w, uint8_t id, const uint8_t *types, size_t n);

#endif

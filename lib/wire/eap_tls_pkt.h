/*
 * eap_tls_pkt: the TLS-style EAP method header shared by EAP-TTLS (type 21,
 * RFC 5281 §9.1), EAP-TNC (type 38, TCG IF-T for Tunneled EAP 1.1) and
 * PT-EAP (type 54, RFC 7171 §4.1), as strongSwan's tls_eap.c reads and
 * writes it.
 *
 * Contract (receipt):
 *  - the EAP packet rules of eap_pkt.c; code Request or Response, Type =
 *    the expected method (else NEA_EINVAL at 0 / 4);
 *  - version = flags & 0x07 must be 0 (TTLS) or 1 (TNC, PT-EAP), else
 *    NEA_EVERSION at offset 5;
 *  - TTLS/TNC: L 0x80, M 0x40, S 0x20. With L a 4-byte Message Length
 *    follows (missing: NEA_ETRUNC at 6); it may not be smaller than this
 *    packet's data (NEA_EINVAL at 6) nor larger than strongSwan's
 *    4 * (16384 + 2048) = 73 728 (NEA_ETOOBIG at 6);
 *  - PT-EAP: only S = 0x80 has a meaning; L and M do not exist and the
 *    data is one whole PB-TNC batch;
 *  - reserved flag bits are ignored on receipt and written as zero.
 * An ACK is a 6-byte packet without S (strongSwan's test). The view
 * points into the input.
 *
 * Building: the flags come from start/more/has_length; PT-EAP refuses
 * more/has_length (strongSwan never fragments PT-EAP nor sets L on it).
 */
#ifndef EAP_TLS_PKT_H
#define EAP_TLS_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define EAP_TLS_HDR_LEN 6
#define EAP_TLS_FLAG_L 0x80
#define EAP_TLS_FLAG_M 0x40
#define EAP_TLS_FLAG_S 0x20
#define EAP_TLS_VERSION_MASK 0x07
#define EAP_PT_FLAG_S 0x80

#define EAP_TTLS_VERSION 0
#define EAP_TNC_VERSION 1
#define EAP_PT_EAP_VERSION 1

/* strongSwan tls_eap.c TLS_MAX_MESSAGE_LEN */
#define EAP_TLS_MAX_MESSAGE_LEN (4u * (16384u + 2048u))

typedef struct {
	uint8_t code;
	uint8_t id;
	uint8_t type;
	uint8_t flags;   /* as received (parse) */
	uint8_t version;
	bool start;
	bool more;
	bool has_length;
	uint32_t msg_len; /* when has_length */
	const uint8_t *data;
	size_t data_len;
} eap_tls_pkt_t;

/* Version a method speaks (0 or 1); -1 for a type that is not TLS-style. */
int eap_tls_version_of(uint8_t type);

int eap_tls_pkt_parse(const uint8_t *buf, size_t len, uint8_t type, eap_tls_pkt_t *p,
		      nea_perr_t *err);
/* Uses code, id, type, start, more, has_length, msg_len, data. */
int eap_tls_pkt_build(nea_wr_t *w, const eap_tls_pkt_t *p);
/* Server start: 01 id 00 06 type version|S (PT-EAP: 36 81, TTLS: 15 20). */
int eap_tls_start_build(nea_wr_t *w, uint8_t type, uint8_t id);
/* Empty fragment acknowledgement: code id 00 06 type version. */
int eap_tls_ack_build(nea_wr_t *w, uint8_t code, uint8_t type, uint8_t id);
bool eap_tls_pkt_is_ack(const eap_tls_pkt_t *p);

#endif

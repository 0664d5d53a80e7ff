/*
 * eap_ttls_frag: fragmentation and reassembly of the TLS record stream
 * carried in EAP-TTLS (RFC 5281 §9.2.2) - and in EAP-TNC, which shares the
 * L/M/S framing - exactly as strongSwan's tls_eap.c cuts it.
 *
 * Sender (eap_frag_tx_*): frag_size is the size of a whole EAP packet
 * INCLUDING the 6-byte EAP/flags header and the 4-byte length field
 * (strongSwan's buffer is frag_size bytes; charon.plugins.eap-ttls
 * .fragment_size = 1024 by default). For EAP-TTLS the first packet holds
 * at most frag_size - 10 data bytes (room for the length field is kept even
 * when L is then left out): if the stream fits it is sent in one packet,
 * with L (= stream length) only when include_length is set; otherwise the
 * first fragment has L|M and frag_size - 10 bytes, the following ones M and
 * frag_size - 6 bytes, the last one neither. For EAP-TNC strongSwan never
 * sets L: every packet holds up to frag_size - 6 bytes with M on all but
 * the last. PT-EAP is never fragmented (EINVAL).
 *
 * Receiver (eap_frag_rx_*): the caller feeds every data-carrying packet
 * (not the Start, not ACKs) in order; each call returns EAP_FRAG_MORE (send
 * an ACK) or EAP_FRAG_DONE (take the message), or an error after which the
 * conversation must fail. Choices, all bounded by max_total (hard limit,
 * default EAP_TLS_MAX_MESSAGE_LEN):
 *  - a declared Message Length above max_total: NEA_ETOOBIG, nothing is
 *    allocated for it;
 *  - data beyond the declared length: NEA_EINVAL ("fragment overruns");
 *  - M set but no L on the first fragment: accepted, as strongSwan accepts
 *    it (its TLS layer consumes records regardless); the total is then
 *    bounded by max_total only;
 *  - L on a later fragment: accepted only if it repeats the declared
 *    length (or, if none was declared, becomes the bound);
 *  - the last fragment (M clear) leaving the declared length unfilled:
 *    NEA_ETRUNC (strongSwan would wait forever for the rest of the record).
 */
#ifndef EAP_TTLS_FRAG_H
#define EAP_TTLS_FRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eap_tls_pkt.h"
#include "nea_buf.h"
#include "nea_err.h"

#define EAP_TTLS_DEFAULT_FRAG_SIZE 1024
#define EAP_FRAG_DONE 0
#define EAP_FRAG_MORE 1

typedef struct {
	uint8_t type;
	size_t frag_size;
	bool include_length;
	const uint8_t *data;
	size_t len;
	size_t off;
	bool started;
} eap_frag_tx_t;

/* data must stay valid until the last fragment is built; len >= 1. */
int eap_frag_tx_init(eap_frag_tx_t *f, uint8_t type, size_t frag_size, bool include_length,
		     const uint8_t *data, size_t len);
/* Append the next packet; EAP_FRAG_MORE if more follow, EAP_FRAG_DONE if
 * this was the last, or a negative error (also when already done). */
int eap_frag_tx_next(eap_frag_tx_t *f, uint8_t code, uint8_t id, nea_wr_t *out);

typedef struct {
	nea_wr_t buf;
	size_t max_total;
	bool active;
	bool done; /* a whole message waits for eap_frag_rx_take() */
	bool have_declared;
	uint32_t declared;
} eap_frag_rx_t;

/* max_total 0 = EAP_TLS_MAX_MESSAGE_LEN */
void eap_frag_rx_init(eap_frag_rx_t *r, size_t max_total);
int eap_frag_rx_add(eap_frag_rx_t *r, const eap_tls_pkt_t *p, nea_perr_t *err);
/* After EAP_FRAG_DONE: the message (caller frees; NULL if out of memory);
 * the reassembler is ready for the next message. Until then add() refuses
 * with NEA_ESTATE. */
uint8_t *eap_frag_rx_take(eap_frag_rx_t *r, size_t *len);
void eap_frag_rx_free(eap_frag_rx_t *r);

#endif

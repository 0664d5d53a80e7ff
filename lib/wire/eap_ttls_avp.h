/*
 * eap_ttls_avp: the Diameter AVPs carried in EAP-TTLS phase 2 (RFC 5281
 * §10.1) and the EAP-Message AVP (code 79) that transports the inner EAP
 * conversation (PT-EAP, EAP-TNC, MD5, MSCHAPv2).
 *
 * Contract: every length is checked before anything is subtracted from it.
 * An AVP Length shorter than its own header - 8 bytes, or 12 with the V
 * flag - is NEA_EINVAL at the AVP's length field (offset + 5): this is the
 * EAP-TTLS AVP length underflow of strongSwan CVE-2026-25075, where
 * avp_len - 8 wrapped around. A length beyond the bytes available is
 * NEA_ETOOBIG at the same field; missing padding (AVPs are padded with
 * zeros to a multiple of 4) is NEA_ETRUNC. Padding content and the
 * reserved flag bits are ignored on receipt and written as zero. Views
 * point into the input.
 *
 * eap_ttls_avp_stream_need() delimits AVPs in decrypted TLS application
 * data that may end mid-AVP (an EAP message larger than one TLS record):
 * NEA_EAGAIN with *need = bytes needed so far, 0 when buf starts with a
 * whole padded AVP (*need = its padded size), or the header error -
 * without waiting for bytes of an impossible AVP.
 *
 * EAP-Message: strongSwan sends one AVP (flags M, no vendor) per EAP
 * packet; RFC 5281 allows splitting a packet over several consecutive
 * EAP-Message AVPs, which eap_ttls_eap_message_collect() concatenates. It
 * skips unknown AVPs without M, refuses unknown AVPs with M
 * (NEA_EUNSUPPORTED, RFC 5281 §10.1; strongSwan refuses any other AVP),
 * bounds the result by max_total, and requires the result to be exactly
 * one EAP packet (its Length field equal to the bytes collected).
 */
#ifndef EAP_TTLS_AVP_H
#define EAP_TTLS_AVP_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define EAP_TTLS_AVP_HDR_LEN 8
#define EAP_TTLS_AVP_VENDOR_HDR_LEN 12
#define EAP_TTLS_AVP_FLAG_V 0x80
#define EAP_TTLS_AVP_FLAG_M 0x40
#define EAP_TTLS_AVP_MAX_LEN 0xffffffu
#define EAP_TTLS_AVP_EAP_MESSAGE 79

typedef struct {
	uint32_t code;
	uint8_t flags;
	uint32_t vendor; /* 0 without V */
	const uint8_t *data;
	size_t data_len;
	size_t padded_len; /* bytes this AVP occupies including padding */
} eap_ttls_avp_t;

/* One AVP at the start of buf. */
int eap_ttls_avp_parse(const uint8_t *buf, size_t len, eap_ttls_avp_t *avp, nea_perr_t *err);
/* Iterate: 1 = an AVP was read, 0 = end of input, < 0 = error (offsets
 * relative to the reader's buffer). */
int eap_ttls_avp_next(nea_rd_t *r, eap_ttls_avp_t *avp, nea_perr_t *err);
int eap_ttls_avp_stream_need(const uint8_t *buf, size_t len, size_t *need, nea_perr_t *err);

/* flags: V and M (V decides whether vendor is written). */
int eap_ttls_avp_build(nea_wr_t *w, uint32_t code, uint8_t flags, uint32_t vendor,
		       const uint8_t *data, size_t len);
/* EAP-Message AVP(s) for one EAP packet; max_avp_data 0 = one AVP. */
int eap_ttls_eap_message_build(nea_wr_t *w, const uint8_t *eap, size_t len,
			       size_t max_avp_data);
/* max_total 0 = 65535 (largest EAP packet). NEA_ENOTFOUND if no EAP-Message. */
int eap_ttls_eap_message_collect(const uint8_t *buf, size_t len, size_t max_total,
				 uint8_t **out, size_t *out_len, nea_perr_t *err);

#endif

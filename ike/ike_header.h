/*
 * ike_header: the 28-byte IKEv2 message header (RFC 7296 §3.1).
 *
 * Contract: ike_hdr_parse() reads exactly IKE_HDR_LEN bytes and checks what
 * the header alone can tell: the major version is 2 (NEA_EVERSION, so the
 * caller answers INVALID_MAJOR_VERSION), the initiator SPI is not zero, and
 * the length field is at least the header size and equals msg_len, the size
 * of the datagram (one IKE message per datagram; trailing or missing bytes
 * are a framing error). The minor version and the five reserved flag bits
 * are kept but, as RFC 7296 demands, ignored unless IKE_PARSE_STRICT asks
 * for them to be zero. ike_hdr_build() writes the header with a zero length;
 * ike_hdr_set_length() patches it once the payloads are written.
 */
#ifndef IKE_HEADER_H
#define IKE_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_types.h"
#include "nea_buf.h"
#include "nea_err.h"

/* Parse flags. */
#define IKE_PARSE_STRICT 0x01 /* reject non-zero reserved bits and bytes */

typedef struct {
	uint8_t spi_i[IKE_SPI_LEN];
	uint8_t spi_r[IKE_SPI_LEN];
	uint8_t next_payload;
	uint8_t major;
	uint8_t minor;
	uint8_t exchange;
	uint8_t flags;
	uint32_t msg_id;
	uint32_t length;
} ike_hdr_t;

int ike_hdr_parse(ike_hdr_t *h, const uint8_t *msg, size_t msg_len, unsigned flags,
		  nea_perr_t *err);
/* Writes major 2, minor 0 regardless of h->major/minor, and length 0. */
void ike_hdr_build(const ike_hdr_t *h, nea_wr_t *w);
/* Patch the length field of a header that starts at offset at in w. */
void ike_hdr_set_length(nea_wr_t *w, size_t at);

static inline bool ike_hdr_is_response(const ike_hdr_t *h)
{
	return (h->flags & IKE_FLAG_RESPONSE) != 0;
}

static inline bool ike_hdr_from_initiator(const ike_hdr_t *h)
{
	return (h->flags & IKE_FLAG_INITIATOR) != 0;
}

#endif

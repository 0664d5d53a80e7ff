/*
 * libFuzzer target: EAP-TTLS fragment reassembly over a sequence of
 * fragments, then Diameter AVP parsing of the reassembled data, and the
 * fragmenter round trip on the raw input.
 *
 * Input: byte 0 chooses the reassembly bound and the fragment size; then
 * records of a 2-byte big-endian length followed by that many bytes, each
 * one EAP-TTLS packet.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eap_pkt.h"
#include "eap_tls_pkt.h"
#include "eap_ttls_avp.h"
#include "eap_ttls_frag.h"

static void avps(const uint8_t *d, size_t len)
{
	nea_rd_t r;
	eap_ttls_avp_t a;
	nea_perr_t err;
	uint8_t *eap;
	size_t eap_len, off = 0, need;
	int rc;

	nea_rd_init(&r, d, len);
	while ((rc = eap_ttls_avp_next(&r, &a, &err)) == 1)
		if (a.padded_len < EAP_TTLS_AVP_HDR_LEN || a.padded_len % 4 || a.data < d ||
		    a.data_len > len || a.data + a.data_len > d + len)
			abort();
	(void)rc;
	while (off < len && eap_ttls_avp_stream_need(d + off, len - off, &need, &err) == 0) {
		if (need == 0 || need > len - off)
			abort();
		off += need;
	}
	if (eap_ttls_eap_message_collect(d, len, 0, &eap, &eap_len, &err) == 0) {
		eap_pkt_t p;

		if (eap_pkt_parse(eap, eap_len, &p, &err) == 0 && p.type == EAP_TYPE_PT_EAP) {
			eap_tls_pkt_t t;

			eap_tls_pkt_parse(eap, eap_len, EAP_TYPE_PT_EAP, &t, &err);
		}
		free(eap);
	}
}

static void fragment_roundtrip(const uint8_t *d, size_t len, size_t frag_size)
{
	eap_frag_tx_t tx;
	eap_frag_rx_t rx;
	nea_perr_t err;
	uint8_t *msg;
	size_t msg_len;
	int more = 1, rc = -1;

	if (eap_frag_tx_init(&tx, EAP_TYPE_TTLS, frag_size, (frag_size & 1) != 0, d, len))
		return;
	eap_frag_rx_init(&rx, len);
	while (more == 1) {
		nea_wr_t w;
		eap_tls_pkt_t p;

		nea_wr_init(&w, 0);
		more = eap_frag_tx_next(&tx, EAP_CODE_REQUEST, 1, &w);
		if (more < 0 || w.len > frag_size)
			abort();
		if (eap_tls_pkt_parse(w.ptr, w.len, EAP_TYPE_TTLS, &p, &err))
			abort();
		rc = eap_frag_rx_add(&rx, &p, &err);
		if (rc != (more ? EAP_FRAG_MORE : EAP_FRAG_DONE))
			abort();
		nea_wr_free(&w);
	}
	msg = eap_frag_rx_take(&rx, &msg_len);
	if (!msg || msg_len != len || memcmp(msg, d, len))
		abort();
	free(msg);
	eap_frag_rx_free(&rx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	eap_frag_rx_t rx;
	size_t off = 1, max_total, frag_size;
	nea_perr_t err;

	if (size < 1)
		return 0;
	max_total = 64 + (size_t)data[0] * 64;
	frag_size = 11 + data[0];
	eap_frag_rx_init(&rx, max_total);
	while (size - off >= 2) {
		size_t n = nea_get_u16(data + off);
		eap_tls_pkt_t p;
		int rc;

		off += 2;
		if (n > size - off)
			break;
		if (eap_tls_pkt_parse(data + off, n, EAP_TYPE_TTLS, &p, &err) == 0 && !p.start &&
		    !eap_tls_pkt_is_ack(&p)) {
			rc = eap_frag_rx_add(&rx, &p, &err);
			if (rc == EAP_FRAG_DONE) {
				size_t len;
				uint8_t *msg = eap_frag_rx_take(&rx, &len);

				if (!msg || len > max_total)
					abort();
				avps(msg, len);
				free(msg);
			}
		}
		off += n;
	}
	eap_frag_rx_free(&rx);
	avps(data + 1, size - 1);
	fragment_roundtrip(data + 1, size - 1, frag_size);
	return 0;
}

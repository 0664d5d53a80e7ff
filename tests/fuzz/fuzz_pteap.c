/*
 * libFuzzer target: EAP packet parser (Identity, Nak, Success/Failure) and
 * the TLS-style method header as PT-EAP, EAP-TNC and EAP-TTLS; accepted
 * packets must rebuild to the same bytes apart from ignored reserved flag
 * bits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "eap_pkt.h"
#include "eap_tls_pkt.h"

static const uint8_t types[] = { EAP_TYPE_PT_EAP, EAP_TYPE_TNC, EAP_TYPE_TTLS };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	eap_pkt_t p;
	eap_tls_pkt_t t;
	nea_perr_t err;
	nea_wr_t w;
	const uint8_t *nak;
	size_t n, i;

	if (eap_pkt_parse(data, size, &p, &err) == 0) {
		nea_wr_init(&w, 0);
		if (p.code == EAP_CODE_REQUEST || p.code == EAP_CODE_RESPONSE) {
			if (eap_pkt_build(&w, p.code, p.id, p.type, p.data, p.data_len))
				abort();
			eap_nak_parse(&p, &nak, &n, &err);
		} else if (eap_status_build(&w, p.code, p.id)) {
			abort();
		}
		if (w.len != size || memcmp(w.ptr, data, size))
			abort();
		nea_wr_free(&w);
	}
	for (i = 0; i < sizeof(types); i++) {
		if (eap_tls_pkt_parse(data, size, types[i], &t, &err))
			continue;
		nea_wr_init(&w, 0);
		if (eap_tls_pkt_build(&w, &t) || w.len != size)
			abort();
		/* everything but the flags byte is identical */
		if (memcmp(w.ptr, data, 5) || memcmp(w.ptr + 6, data + 6, size - 6))
			abort();
		nea_wr_free(&w);
		eap_tls_pkt_is_ack(&t);
	}
	return 0;
}

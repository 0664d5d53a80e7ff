/*
 * libFuzzer target: PT-TLS stream splitter and message parser with every
 * value codec (Version, SASL Mechanisms/Selection/Result, SASL PLAIN,
 * PT-TLS Error). Whole messages must rebuild to the same bytes (with the
 * ignored Reserved byte zeroed).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pttls_error.h"
#include "pttls_msg.h"
#include "pttls_sasl.h"
#include "pttls_sasl_plain.h"
#include "pttls_version.h"

static void value(const pttls_msg_t *m)
{
	pttls_version_req_t req;
	pttls_sasl_mech_t mechs[8], mech;
	pttls_sasl_plain_t plain;
	pttls_error_t e;
	const uint8_t *p;
	size_t n;
	uint8_t v;
	nea_perr_t err;
	nea_wr_t w;

	nea_wr_init(&w, 0);
	switch (m->hdr.type) {
	case PTTLS_VERSION_REQUEST:
		if (pttls_version_req_parse(m->value, m->value_len, &req, &err) == 0) {
			pttls_version_select(&req, &v);
			if (pttls_version_req_build(&w, &req) || w.len != 4 ||
			    memcmp(w.ptr + 1, m->value + 1, 3))
				abort();
		}
		break;
	case PTTLS_VERSION_RESPONSE:
		pttls_version_resp_parse(m->value, m->value_len, &v, &err);
		break;
	case PTTLS_SASL_MECHS:
		if (pttls_sasl_mechs_parse(m->value, m->value_len, mechs, 8, &n, &err) == 0)
			pttls_sasl_mechs_has(mechs, n, "PLAIN");
		break;
	case PTTLS_SASL_MECH_SELECTION:
		if (pttls_sasl_select_parse(m->value, m->value_len, &mech, &p, &n, &err) == 0 &&
		    pttls_sasl_plain_parse(p, n, &plain, &err) == 0) {
			if (pttls_sasl_plain_build(&w, &plain) || w.len != n || memcmp(w.ptr, p, n))
				abort();
		}
		break;
	case PTTLS_SASL_AUTH_DATA:
		pttls_sasl_plain_parse(m->value, m->value_len, &plain, &err);
		break;
	case PTTLS_SASL_RESULT:
		if (pttls_sasl_result_parse(m->value, m->value_len, &v, &p, &n, &err) == 0 &&
		    pttls_sasl_result_build(&w, v, p, n))
			abort();
		break;
	case PTTLS_ERROR:
		if (pttls_error_parse(m->value, m->value_len, &e, &err) == 0 &&
		    (pttls_error_build(&w, &e) || w.len != m->value_len))
			abort();
		break;
	}
	nea_wr_free(&w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off = 0, need;
	nea_perr_t err;

	while (off < size) {
		pttls_msg_t m;
		nea_wr_t w;
		int rc = pttls_stream_next(data + off, size - off, 4096, &need, &err);

		if (rc == NEA_EAGAIN) {
			if (need <= size - off)
				abort();
			break;
		}
		if (rc)
			break;
		if (need < PTTLS_HDR_LEN || need > size - off)
			abort();
		if (pttls_msg_parse(data + off, need, 4096, &m, &err))
			abort(); /* the splitter said it is whole */
		value(&m);
		nea_wr_init(&w, 0);
		if (pttls_msg_build(&w, m.hdr.vendor, m.hdr.type, m.hdr.identifier, m.value,
				    m.value_len) ||
		    w.len != need || w.ptr[0] != 0 || memcmp(w.ptr + 1, data + off + 1, need - 1))
			abort();
		nea_wr_free(&w);
		off += need;
	}
	return 0;
}

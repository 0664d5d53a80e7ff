#include "eap_ttls_frag.h"

#include <string.h>

#include "eap_pkt.h"

/*
 *   How a TLS record stream of N bytes leaves strongSwan with
 *   fragment_size F (EAP-TTLS, include_length = yes):
 *
 *   N <= F-10:   [hdr(6) L | len=N | N bytes]
 *   N >  F-10:   [hdr(6) L M | len=N | F-10 bytes] [hdr M | F-6] ... [hdr | rest]
 *
 *   EAP-TNC:     [hdr M | F-6] ... [hdr | rest]      (never L)
 */
int eap_frag_tx_init(eap_frag_tx_t *f, uint8_t type, size_t frag_size, bool include_length,
		     const uint8_t *data, size_t len)
{
	memset(f, 0, sizeof(*f));
	if (type != EAP_TYPE_TTLS && type != EAP_TYPE_TNC)
		return NEA_EINVAL;
	/* at least one data byte per packet, and an EAP length that fits */
	if (frag_size <= EAP_TLS_HDR_LEN + 4 || frag_size > EAP_MAX_LEN || !data || len == 0)
		return NEA_EINVAL;
	if (len > UINT32_MAX)
		return NEA_ETOOBIG;
	f->type = type;
	f->frag_size = frag_size;
	f->include_length = include_length && type == EAP_TYPE_TTLS;
	f->data = data;
	f->len = len;
	return 0;
}

int eap_frag_tx_next(eap_frag_tx_t *f, uint8_t code, uint8_t id, nea_wr_t *out)
{
	eap_tls_pkt_t p = { .code = code, .id = id, .type = f->type };
	size_t left, cap;
	bool first = !f->started;
	int rc;

	if (f->started && f->off >= f->len)
		return NEA_ESTATE;
	left = f->len - f->off;
	if (f->type == EAP_TYPE_TTLS && first)
		cap = f->frag_size - EAP_TLS_HDR_LEN - 4;
	else
		cap = f->frag_size - EAP_TLS_HDR_LEN;
	if (left > cap) {
		p.more = true;
		p.data_len = cap;
		if (f->type == EAP_TYPE_TTLS && first) {
			p.has_length = true;
			p.msg_len = (uint32_t)f->len;
		}
	} else {
		p.data_len = left;
		if (first && f->include_length) {
			p.has_length = true;
			p.msg_len = (uint32_t)f->len;
		}
	}
	p.data = f->data + f->off;
	rc = eap_tls_pkt_build(out, &p);
	if (rc)
		return rc;
	f->started = true;
	f->off += p.data_len;
	return p.more ? EAP_FRAG_MORE : EAP_FRAG_DONE;
}

void eap_frag_rx_init(eap_frag_rx_t *r, size_t max_total)
{
	memset(r, 0, sizeof(*r));
	r->max_total = max_total ? max_total : EAP_TLS_MAX_MESSAGE_LEN;
	nea_wr_init(&r->buf, r->max_total);
}

/* Drop a half-built message; the conversation is failing anyway. */
static void rx_reset(eap_frag_rx_t *r)
{
	size_t max = r->max_total;

	eap_frag_rx_free(r);
	eap_frag_rx_init(r, max);
}

int eap_frag_rx_add(eap_frag_rx_t *r, const eap_tls_pkt_t *p, nea_perr_t *err)
{
	size_t total;
	int rc;

	if (r->done)
		return nea_perr(err, NEA_ESTATE, 0, "previous EAP message not taken yet");
	if (p->has_length) {
		if (p->msg_len > r->max_total) {
			rx_reset(r);
			return nea_perr(err, NEA_ETOOBIG, 6,
					"declared EAP message length %u exceeds limit %zu", p->msg_len,
					r->max_total);
		}
		if (r->active && r->have_declared && p->msg_len != r->declared) {
			rc = nea_perr(err, NEA_EINVAL, 6, "message length %u changed from %u mid-message",
				      p->msg_len, r->declared);
			rx_reset(r);
			return rc;
		}
		r->have_declared = true;
		r->declared = p->msg_len;
	} else if (!r->active) {
		r->have_declared = false;
	}
	if (!nea_add_size(r->buf.len, p->data_len, &total) || total > r->max_total) {
		rc = nea_perr(err, NEA_ETOOBIG, EAP_TLS_HDR_LEN,
			      "reassembled EAP message would exceed limit %zu", r->max_total);
		rx_reset(r);
		return rc;
	}
	if (r->have_declared && total > r->declared) {
		rc = nea_perr(err, NEA_EINVAL, EAP_TLS_HDR_LEN,
			      "fragment overruns the declared length: %zu > %u", total, r->declared);
		rx_reset(r);
		return rc;
	}
	r->active = true;
	nea_wr_bytes(&r->buf, p->data, p->data_len);
	rc = nea_wr_error(&r->buf);
	if (rc) {
		rx_reset(r);
		return nea_perr(err, rc, EAP_TLS_HDR_LEN, "cannot buffer the EAP message");
	}
	if (p->more)
		return EAP_FRAG_MORE;
	if (r->have_declared && total != r->declared) {
		rc = nea_perr(err, NEA_ETRUNC, EAP_TLS_HDR_LEN,
			      "last fragment leaves the message at %zu of %u bytes", total,
			      r->declared);
		rx_reset(r);
		return rc;
	}
	r->done = true;
	return EAP_FRAG_DONE;
}

uint8_t *eap_frag_rx_take(eap_frag_rx_t *r, size_t *len)
{
	uint8_t *p = nea_wr_detach(&r->buf, len);

	r->active = false;
	r->done = false;
	r->have_declared = false;
	r->declared = 0;
	nea_wr_init(&r->buf, r->max_total);
	return p;
}

void eap_frag_rx_free(eap_frag_rx_t *r)
{
	nea_wr_free(&r->buf);
	r->active = false;
	r->done = false;
	r->have_declared = false;
}

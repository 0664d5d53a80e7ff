#include <stdlib.h>

#include "eap_pkt.h"
#include "eap_ttls_int.h"
#include "nea_log.h"

/*
 * The EAP-TTLS record layer of strongSwan's tls_eap.c: every packet
 * counts against max_message_count, TLS output leaves in fragments cut by
 * lib/wire's eap_frag_tx, input is reassembled by eap_frag_rx before TLS
 * sees a byte of it, and each fragment is acknowledged by an empty packet.
 */

int ttls_rec_accept(ttls_t *t, const uint8_t *raw, size_t len, eap_tls_pkt_t *p)
{
	nea_perr_t err = { 0 };
	int rc;

	if (t->max_count && ++t->processed > t->max_count)
		return ttls_fail(t, "EAP_TTLS packet count exceeded (%d > %d)", t->processed,
				 t->max_count);
	rc = eap_tls_pkt_parse(raw, len, EAP_TYPE_TTLS, p, &err);
	if (rc == NEA_EVERSION)
		return ttls_fail(t, "received EAP_TTLS packet with unsupported version v%u",
				 raw[5] & EAP_TLS_VERSION_MASK);
	if (rc)
		return ttls_fail(t, "invalid EAP_TTLS packet: %s (offset %zu)", err.msg,
				 err.offset);
	return 0;
}

static uint8_t next_id(ttls_t *t)
{
	/* the server numbers its requests, the peer echoes them */
	if (t->m.server)
		t->m.id++;
	return t->m.id;
}

static uint8_t own_code(const ttls_t *t)
{
	return t->m.server ? EAP_CODE_REQUEST : EAP_CODE_RESPONSE;
}

int ttls_rec_ack(ttls_t *t, nea_wr_t *out)
{
	int rc = eap_tls_ack_build(out, own_code(t), EAP_TYPE_TTLS, next_id(t));

	if (rc)
		return ttls_fail(t, "cannot build EAP_TTLS acknowledgement: %s", nea_strerror(rc));
	return EAP_M_SEND;
}

int ttls_rec_collect(ttls_t *t, const eap_tls_pkt_t *p, nea_wr_t *out, uint8_t **msg,
		     size_t *msg_len)
{
	nea_perr_t err = { 0 };
	int rc;

	*msg = NULL;
	*msg_len = 0;
	rc = eap_frag_rx_add(&t->rx, p, &err);
	if (rc == EAP_FRAG_MORE)
		return ttls_rec_ack(t, out);
	if (rc < 0)
		return ttls_fail(t, "invalid EAP_TTLS fragment: %s", err.msg);
	*msg = eap_frag_rx_take(&t->rx, msg_len);
	if (!*msg)
		return ttls_fail(t, "out of memory for a %s", "reassembled EAP_TTLS message");
	return TTLS_REC_MSG;
}

int ttls_rec_next(ttls_t *t, nea_wr_t *out)
{
	int rc;

	if (!t->tx_active)
		return ttls_fail(t, "no EAP_TTLS fragment to send");
	rc = eap_frag_tx_next(&t->tx, own_code(t), next_id(t), out);
	if (rc < 0)
		return ttls_fail(t, "cannot build EAP_TTLS fragment: %s", nea_strerror(rc));
	if (rc == EAP_FRAG_DONE) {
		free(t->tx_buf);
		t->tx_buf = NULL;
		t->tx_len = 0;
		t->tx_active = false;
	}
	return EAP_M_SEND;
}

int ttls_rec_flush(ttls_t *t, nea_wr_t *out)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	if (t->tx_active)
		return ttls_fail(t, "EAP_TTLS fragments still pending");
	rc = ttls_tls_take_output(&t->tls, &buf, &len);
	if (rc)
		return ttls_fail(t, "cannot take TLS output: %s", nea_strerror(rc));
	if (!len)
		return ttls_rec_ack(t, out);
	rc = eap_frag_tx_init(&t->tx, EAP_TYPE_TTLS, t->frag_size, t->include_length, buf, len);
	if (rc) {
		free(buf);
		return ttls_fail(t, "cannot send %zu bytes of TLS data: %s", len, nea_strerror(rc));
	}
	t->tx_buf = buf;
	t->tx_len = len;
	t->tx_active = true;
	return ttls_rec_next(t, out);
}

/* Datagram dispatch, message windows, protection and retransmission; see
 * iked_msg.h. */
#include "iked_msg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iked.h"
#include "iked_exchange.h"
#include "ike_frag.h"
#include "ike_names.h"
#include "ike_sk.h"
#include "nea_err.h"
#include "nea_log.h"

#define SUMMARY_LEN 512

/* Unprotected error answers to strangers: at most this many per second. */
#define STRAY_ANSWERS_PER_SEC 20

void iked_msg_log(const char *verb, const ike_hdr_t *h, const ike_payload_t *pl, size_t n)
{
	char sum[SUMMARY_LEN];

	if (!nea_log_enabled(NEA_LG_ENC, 1))
		return;
	NLOG(ENC, 1, "%s %s", verb, ike_summary(h, pl, n, sum, sizeof(sum)));
}

void iked_pl_notify(ike_payload_t *p, uint16_t type, const uint8_t *data, size_t len)
{
	memset(p, 0, sizeof(*p));
	p->type = IKE_PL_NOTIFY;
	p->u.notify.type = type;
	p->u.notify.data = ike_chunk(data, len);
}

int iked_msg_send_raw(iked_t *ik, const iked_addr_t *from, const iked_addr_t *to,
		      const uint8_t *data, size_t len)
{
	char a[IKED_ADDR_STRLEN + 8], b[IKED_ADDR_STRLEN + 8];

	NLOG(NET, 1, "sending packet: from %s to %s (%zu bytes)",
	     iked_addr_str_port(from, a, sizeof(a)), iked_addr_str_port(to, b, sizeof(b)), len);
	return iked_net_send(&ik->net, from, to, data, len);
}

static bool stray_budget(iked_t *ik)
{
	static uint64_t window;
	static unsigned used;
	uint64_t now = iked_now(ik);

	if (now != window) {
		window = now;
		used = 0;
	}
	return used++ < STRAY_ANSWERS_PER_SEC;
}

int iked_msg_init_notify(iked_t *ik, const iked_addr_t *local, const iked_addr_t *remote,
			 const ike_hdr_t *req, uint16_t type, const uint8_t *data, size_t len)
{
	ike_hdr_t h;
	ike_payload_t p;
	nea_wr_t w;
	int rc;

	memset(&h, 0, sizeof(h));
	memcpy(h.spi_i, req->spi_i, IKE_SPI_LEN);
	h.exchange = req->exchange;
	h.flags = IKE_FLAG_RESPONSE;
	h.msg_id = req->msg_id;
	iked_pl_notify(&p, type, data, len);
	nea_wr_init(&w, IKE_MSG_MAX);
	rc = ike_msg_build(&h, &p, 1, &w);
	if (rc == 0 && (rc = nea_wr_error(&w)) == 0) {
		iked_msg_log("generating", &h, &p, 1);
		rc = iked_msg_send_raw(ik, local, remote, w.ptr, w.len);
	}
	nea_wr_free(&w);
	return rc;
}

/* Protect a payload list as one or more packets. */
static int protect(iked_sa_t *sa, const ike_hdr_t *h, const ike_payload_t *pl, size_t n,
		   ike_packet_t **pkts, size_t *npkts)
{
	nea_wr_t w;
	int rc;

	if (h->exchange == IKE_EXCH_SA_INIT) {
		nea_wr_init(&w, IKE_MSG_MAX);
		rc = ike_msg_build(h, pl, n, &w);
		goto one;
	}
	if (n && sa->peer_frag && sa->conn && sa->conn->fragmentation) {
		rc = ike_frag_split(&sa->sk.out, h, pl, n, sa->cfg->frag_size,
				    iked_addr_family(&sa->remote) == AF_INET6, sa->natt, pkts, npkts);
		if (rc == 0 && *npkts > 1)
			NLOG(ENC, 1, "splitting IKE message into %zu fragments", *npkts);
		return rc;
	}
	nea_wr_init(&w, IKE_MSG_MAX);
	if (n == 0) /* empty INFORMATIONAL (liveness): an SK payload with nothing inside */
		rc = ike_sk_seal(&sa->sk.out, h, IKE_PL_NONE, NULL, NULL, 0, &w);
	else
		rc = ike_sk_encrypt(&sa->sk.out, h, pl, n, &w);
one:
	if (rc == 0)
		rc = nea_wr_error(&w);
	if (rc == 0) {
		*pkts = calloc(1, sizeof(**pkts));
		if (!*pkts) {
			rc = NEA_ENOMEM;
		} else {
			(*pkts)[0].data = nea_wr_detach(&w, &(*pkts)[0].len);
			*npkts = 1;
		}
	}
	nea_wr_free(&w);
	return rc;
}

static void send_pkts(iked_sa_t *sa, const ike_packet_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		iked_msg_send_raw(sa->ik, &sa->local, &sa->remote, p[i].data, p[i].len);
}

static void log_fragments(const ike_hdr_t *h, size_t npkts)
{
	if (npkts < 2 || !nea_log_enabled(NEA_LG_ENC, 1))
		return;
	for (size_t i = 0; i < npkts; i++) {
		ike_payload_t f;

		memset(&f, 0, sizeof(f));
		f.type = IKE_PL_SKF;
		f.u.skf.num = (uint16_t)(i + 1);
		f.u.skf.total = (uint16_t)npkts;
		iked_msg_log("generating", h, &f, 1);
	}
}

int iked_msg_respond(iked_sa_t *sa, const ike_hdr_t *req, const ike_payload_t *pl, size_t n)
{
	ike_packet_t *pkts = NULL;
	size_t npkts = 0;
	ike_hdr_t h;
	int rc;

	if (sa->state == IKED_SA_DEAD)
		return NEA_ESTATE;
	memset(&h, 0, sizeof(h));
	memcpy(h.spi_i, sa->spi_i, IKE_SPI_LEN);
	memcpy(h.spi_r, sa->spi_r, IKE_SPI_LEN);
	h.exchange = req->exchange;
	h.flags = IKE_FLAG_RESPONSE | (sa->initiator ? IKE_FLAG_INITIATOR : 0);
	h.msg_id = req->msg_id;
	iked_msg_log("generating", &h, pl, n);
	rc = protect(sa, &h, pl, n, &pkts, &npkts);
	if (rc < 0) {
		NLOG(ENC, 0, "generating %s response %u failed: %s",
		     ike_exchange_name(h.exchange), h.msg_id, nea_strerror(rc));
		return rc;
	}
	log_fragments(&h, npkts);
	ike_packets_free(sa->r_resp, sa->r_nresp);
	sa->r_resp = pkts;
	sa->r_nresp = npkts;
	sa->r_have_resp = true;
	sa->r_resp_id = h.msg_id;
	send_pkts(sa, pkts, npkts);
	return 0;
}

int iked_msg_respond_notify(iked_sa_t *sa, const ike_hdr_t *req, uint16_t type)
{
	ike_payload_t p;

	iked_pl_notify(&p, type, NULL, 0);
	return iked_msg_respond(sa, req, &p, 1);
}

int iked_msg_request(iked_sa_t *sa, uint8_t exchange, const ike_payload_t *pl, size_t n)
{
	ike_packet_t *pkts = NULL;
	size_t npkts = 0;
	ike_hdr_t h;
	int rc;

	if (sa->state == IKED_SA_DEAD)
		return NEA_ESTATE;
	if (sa->i_pending)
		return NEA_EAGAIN;
	memset(&h, 0, sizeof(h));
	memcpy(h.spi_i, sa->spi_i, IKE_SPI_LEN);
	memcpy(h.spi_r, sa->spi_r, IKE_SPI_LEN);
	h.exchange = exchange;
	h.flags = sa->initiator ? IKE_FLAG_INITIATOR : 0;
	h.msg_id = sa->i_next_id;
	iked_msg_log("generating", &h, pl, n);
	rc = protect(sa, &h, pl, n, &pkts, &npkts);
	if (rc < 0) {
		NLOG(ENC, 0, "generating %s request %u failed: %s", ike_exchange_name(exchange),
		     h.msg_id, nea_strerror(rc));
		return rc;
	}
	log_fragments(&h, npkts);
	if (exchange == IKE_EXCH_SA_INIT) {
		/* AUTH signs the IKE_SA_INIT request as sent */
		uint8_t *copy = malloc(pkts[0].len);

		if (!copy) {
			ike_packets_free(pkts, npkts);
			return NEA_ENOMEM;
		}
		memcpy(copy, pkts[0].data, pkts[0].len);
		free(sa->init_i);
		sa->init_i = copy;
		sa->init_i_len = pkts[0].len;
	}
	ike_packets_free(sa->i_req, sa->i_nreq);
	sa->i_req = pkts;
	sa->i_nreq = npkts;
	sa->i_pending = true;
	sa->i_exchange = exchange;
	sa->i_tries = 0;
	sa->i_next_id++;
	send_pkts(sa, pkts, npkts);
	iked_sa_start_rtx(sa, sa->cfg->retransmit_timeout_ms);
	return 0;
}

void iked_msg_retransmit(iked_sa_t *sa)
{
	char name[64];
	double ms;

	if (!sa->i_pending || sa->state == IKED_SA_DEAD)
		return;
	if (sa->i_tries >= sa->cfg->retransmit_tries) {
		NLOG(IKE, 1, "giving up after %u retransmits", sa->i_tries);
		if (sa->state == IKED_SA_ESTABLISHED || sa->state == IKED_SA_DELETING)
			NLOG(IKE, 1, "IKE_SA %s peer not responding, deleting",
			     iked_sa_name(sa, name, sizeof(name)));
		sa->ik->stats.sa_failed += sa->state != IKED_SA_ESTABLISHED;
		iked_sa_destroy(sa, "peer not responding");
		return;
	}
	sa->i_tries++;
	NLOG(IKE, 1, "retransmit %u of request with message ID %u", sa->i_tries,
	     sa->i_next_id - 1);
	send_pkts(sa, sa->i_req, sa->i_nreq);
	ms = sa->cfg->retransmit_timeout_ms * pow(sa->cfg->retransmit_base, sa->i_tries);
	if (ms > 86400000.0)
		ms = 86400000.0;
	iked_sa_start_rtx(sa, (uint64_t)ms);
}

void iked_msg_kick(iked_sa_t *sa)
{
	if (sa->i_pending || sa->state == IKED_SA_DEAD || !sa->i_queue)
		return;
	if (sa->i_queue & IKED_Q_DELETE) {
		sa->i_queue &= ~(unsigned)IKED_Q_DELETE;
		iked_info_delete(sa);
		return;
	}
	if (sa->i_queue & IKED_Q_DPD) {
		sa->i_queue &= ~(unsigned)IKED_Q_DPD;
		NLOG(IKE, 2, "sending DPD request");
		iked_msg_request(sa, IKE_EXCH_INFORMATIONAL, NULL, 0);
	}
}

void iked_msg_dpd_due(iked_sa_t *sa)
{
	/* Only probe an idle peer; any request in flight proves liveness. */
	if (iked_now(sa->ik) - sa->last_seen >= (sa->conn ? sa->conn->dpd_delay : 0)) {
		sa->i_queue |= IKED_Q_DPD;
		iked_msg_kick(sa);
	}
	iked_sa_arm_life(sa);
}

/* ---- receiving --------------------------------------------------------- */

static void log_rx(const iked_addr_t *local, const iked_addr_t *remote, size_t len)
{
	char a[IKED_ADDR_STRLEN + 8], b[IKED_ADDR_STRLEN + 8];

	NLOG(NET, 1, "received packet: from %s to %s (%zu bytes)",
	     iked_addr_str_port(remote, a, sizeof(a)), iked_addr_str_port(local, b, sizeof(b)),
	     len);
}

static void answer_invalid_spi(iked_t *ik, const iked_addr_t *local, const iked_addr_t *remote,
			       const ike_hdr_t *h)
{
	ike_hdr_t r;
	ike_payload_t p;
	nea_wr_t w;

	if (!stray_budget(ik))
		return;
	memset(&r, 0, sizeof(r));
	memcpy(r.spi_i, h->spi_i, IKE_SPI_LEN);
	memcpy(r.spi_r, h->spi_r, IKE_SPI_LEN);
	r.exchange = IKE_EXCH_INFORMATIONAL;
	r.flags = IKE_FLAG_RESPONSE | (h->flags & IKE_FLAG_INITIATOR ? 0 : IKE_FLAG_INITIATOR);
	r.msg_id = h->msg_id;
	iked_pl_notify(&p, IKE_N_INVALID_IKE_SPI, NULL, 0);
	nea_wr_init(&w, 256);
	if (ike_msg_build(&r, &p, 1, &w) == 0 && nea_wr_error(&w) == 0) {
		iked_msg_log("generating", &r, &p, 1);
		iked_msg_send_raw(ik, local, remote, w.ptr, w.len);
	}
	nea_wr_free(&w);
}

/* Decrypt the SK payload or collect the SKF fragment. 0: complete,
 * NEA_EAGAIN: more fragments needed, < 0: drop. */
static int open_message(iked_sa_t *sa, ike_msg_t *m, const ike_sk_key_t *k)
{
	nea_perr_t err;
	int rc;

	if (m->sk == IKE_NO_SK) {
		NLOG(ENC, 1, "%s %s %u not encrypted, dropped", ike_exchange_name(m->hdr.exchange),
		     ike_hdr_is_response(&m->hdr) ? "response" : "request", m->hdr.msg_id);
		return NEA_EINVAL;
	}
	memset(&err, 0, sizeof(err));
	if (m->pl[m->sk].type == IKE_PL_SKF) {
		const ike_pl_skf_t *f = &m->pl[m->sk].u.skf;

		rc = ike_reasm_add(&sa->reasm, k, m, &err);
		if (rc == NEA_EAGAIN) {
			NLOG(ENC, 1, "received fragment #%u of %u, waiting for complete IKE message",
			     f->num, f->total);
			return rc;
		}
		if (rc == 0) {
			size_t total = sa->reasm.bytes;

			rc = ike_reasm_finish(&sa->reasm, m, &err);
			if (rc == 0)
				NLOG(ENC, 1, "received fragment #%u of %u, reassembled fragmented "
					     "IKE message (%zu bytes)", f->num, f->total, total);
		}
	} else {
		rc = ike_sk_decrypt(k, m, &err);
	}
	if (rc == NEA_EAUTH) {
		NLOG(ENC, 1, "integrity check of %s %s %u failed, dropped",
		     ike_exchange_name(m->hdr.exchange),
		     ike_hdr_is_response(&m->hdr) ? "response" : "request", m->hdr.msg_id);
	} else if (rc < 0) {
		NLOG(ENC, 1, "could not decrypt %s %s %u: %s at offset %zu (%s), dropped",
		     ike_exchange_name(m->hdr.exchange),
		     ike_hdr_is_response(&m->hdr) ? "response" : "request", m->hdr.msg_id,
		     nea_strerror(rc), err.offset, err.msg);
	}
	return rc;
}

/* A retransmitted request: resend our cached response if the copy is
 * authentic (so a spoofed header cannot make us send). */
static bool retransmit_response(iked_sa_t *sa, ike_msg_t *m)
{
	const uint8_t *plain;
	size_t plain_len;
	nea_perr_t err;

	if (!sa->r_have_resp || m->sk == IKE_NO_SK)
		return false;
	if (ike_sk_open(&sa->sk.in, m, &plain, &plain_len, &err) < 0)
		return false;
	if (m->pl[m->sk].type == IKE_PL_SKF && m->pl[m->sk].u.skf.num != 1)
		return true; /* one answer per retransmitted fragment set */
	NLOG(IKE, 1, "received retransmit of request with ID %u, retransmitting response",
	     m->hdr.msg_id);
	send_pkts(sa, sa->r_resp, sa->r_nresp);
	return true;
}

/* true when the request was authentic (taken or answered from cache). */
static bool handle_request(iked_sa_t *sa, ike_msg_t *m)
{
	const ike_hdr_t *h = &m->hdr;
	int rc;

	if (sa->r_busy && h->msg_id == sa->r_busy_hdr.msg_id) {
		NLOG(IKE, 2, "ignoring request with ID %u, already processing", h->msg_id);
		return false;
	}
	if (h->msg_id + 1 == sa->r_next_id && sa->r_have_resp && sa->r_resp_id == h->msg_id)
		return retransmit_response(sa, m);
	if (h->msg_id != sa->r_next_id) {
		NLOG(IKE, 1, "received message ID %u, expected %u, ignored", h->msg_id,
		     sa->r_next_id);
		return false;
	}
	rc = open_message(sa, m, &sa->sk.in);
	if (rc < 0)
		return false;
	iked_msg_log("parsed", &m->hdr, m->pl, m->npl);
	sa->last_seen = iked_now(sa->ik);
	sa->r_next_id++;
	switch (h->exchange) {
	case IKE_EXCH_AUTH:
		iked_auth_request(sa, m);
		break;
	case IKE_EXCH_INFORMATIONAL:
		iked_info_request(sa, m);
		break;
	case IKE_EXCH_CREATE_CHILD_SA:
		if (sa->state != IKED_SA_ESTABLISHED) {
			iked_msg_respond_notify(sa, h, IKE_N_INVALID_SYNTAX);
			break;
		}
		iked_child_create_request(sa, m);
		break;
	default:
		NLOG(IKE, 1, "%s request in IKE_SA not handled, answering INVALID_SYNTAX",
		     ike_exchange_name(h->exchange) ? ike_exchange_name(h->exchange) : "unknown");
		iked_msg_respond_notify(sa, h, IKE_N_INVALID_SYNTAX);
		break;
	}
	return true;
}

static void handle_response(iked_sa_t *sa, ike_msg_t *m)
{
	const ike_hdr_t *h = &m->hdr;
	int rc;

	if (!sa->i_pending || h->msg_id + 1 != sa->i_next_id || h->exchange != sa->i_exchange) {
		NLOG(IKE, 1, "received %s response %u, not expecting it, ignored",
		     ike_exchange_name(h->exchange) ? ike_exchange_name(h->exchange) : "unknown",
		     h->msg_id);
		return;
	}
	rc = open_message(sa, m, &sa->sk.in);
	if (rc < 0)
		return;
	iked_msg_log("parsed", &m->hdr, m->pl, m->npl);
	sa->last_seen = iked_now(sa->ik);
	sa->i_pending = false;
	iked_sa_stop_rtx(sa);
	ike_packets_free(sa->i_req, sa->i_nreq);
	sa->i_req = NULL;
	sa->i_nreq = 0;
	switch (h->exchange) {
	case IKE_EXCH_AUTH:
		iked_auth_response(sa, m);
		break;
	case IKE_EXCH_INFORMATIONAL:
		iked_info_response(sa, m);
		break;
	default:
		break;
	}
	iked_msg_kick(sa);
}

/* Parse errors after decryption are reported by the library as the
 * message's own parse; here only the outer message is parsed. */
void iked_rx(void *arg, const iked_addr_t *local, const iked_addr_t *remote, const uint8_t *data,
	     size_t len)
{
	iked_t *ik = arg;
	char a[IKED_ADDR_STRLEN + 8];
	ike_hdr_t h;
	nea_perr_t err;
	ike_msg_t m;
	iked_sa_t *sa;
	bool we_respond;
	int rc;

	log_rx(local, remote, len);
	if (ik->stopping)
		return;
	memset(&err, 0, sizeof(err));
	rc = ike_hdr_parse(&h, data, len, 0, &err);
	if (rc < 0) {
		ik->stats.dropped++;
		NLOG(ENC, 1, "invalid IKE header from %s: %s at offset %zu (%s), dropped",
		     iked_addr_str_port(remote, a, sizeof(a)), nea_strerror(rc), err.offset, err.msg);
		/* RFC 7296 §2.5: tell an initiator which version we speak */
		if (rc == NEA_EVERSION && len >= IKE_HDR_LEN && data[18] == IKE_EXCH_SA_INIT &&
		    !(data[19] & IKE_FLAG_RESPONSE) && stray_budget(ik)) {
			ike_hdr_t r;

			memset(&r, 0, sizeof(r));
			memcpy(r.spi_i, data, IKE_SPI_LEN);
			r.exchange = IKE_EXCH_SA_INIT;
			iked_msg_init_notify(ik, local, remote, &r, IKE_N_INVALID_MAJOR_VERSION, NULL,
					     0);
		}
		return;
	}
	/* the original initiator sets I in everything it sends: a message
	 * with I set comes to us as the SA's original responder */
	we_respond = ike_hdr_from_initiator(&h);
	if (h.exchange == IKE_EXCH_SA_INIT && !ike_hdr_is_response(&h)) {
		rc = ike_msg_parse(&m, data, len, 0, &err);
		if (rc < 0) {
			uint16_t n = ike_msg_err_notify(rc);

			ik->stats.dropped++;
			NLOG(ENC, 1, "could not parse IKE_SA_INIT request from %s: %s at offset %zu "
				     "(%s)", iked_addr_str_port(remote, a, sizeof(a)), nea_strerror(rc),
			     err.offset, err.msg);
			if (n && stray_budget(ik)) {
				uint8_t crit = m.crit_type;

				iked_msg_init_notify(ik, local, remote, &h, n,
						     n == IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD ? &crit
											: NULL,
						     n == IKE_N_UNSUPPORTED_CRITICAL_PAYLOAD ? 1 : 0);
			}
			ike_msg_free(&m);
			return;
		}
		iked_init_request(ik, local, remote, &m);
		ike_msg_free(&m);
		return;
	}
	sa = iked_sa_find(ik, we_respond ? h.spi_r : h.spi_i);
	if (!sa || sa->state == IKED_SA_DEAD) {
		ik->stats.dropped++;
		NLOG(NET, 1, "no IKE_SA found for %s %s %u from %s (SPIs %016llx_i %016llx_r), "
			     "dropped", ike_exchange_name(h.exchange) ? ike_exchange_name(h.exchange)
								    : "unknown",
		     ike_hdr_is_response(&h) ? "response" : "request", h.msg_id,
		     iked_addr_str_port(remote, a, sizeof(a)),
		     (unsigned long long)nea_get_u32(h.spi_i) << 32 | nea_get_u32(h.spi_i + 4),
		     (unsigned long long)nea_get_u32(h.spi_r) << 32 | nea_get_u32(h.spi_r + 4));
		if (!ike_hdr_is_response(&h))
			answer_invalid_spi(ik, local, remote, &h);
		return;
	}
	/* the other half of the SPI pair must be the one we know */
	if ((we_respond && memcmp(h.spi_i, sa->spi_i, IKE_SPI_LEN) != 0) ||
	    (!we_respond && sa->state != IKED_SA_CONNECTING &&
	     memcmp(h.spi_r, sa->spi_r, IKE_SPI_LEN) != 0) ||
	    we_respond == sa->initiator) {
		ik->stats.dropped++;
		NLOG(NET, 1, "SPIs of message from %s do not match IKE_SA, dropped",
		     iked_addr_str_port(remote, a, sizeof(a)));
		return;
	}
	rc = ike_msg_parse(&m, data, len, 0, &err);
	if (rc < 0) {
		ik->stats.dropped++;
		NLOG(ENC, 1, "could not parse %s %s %u from %s: %s at offset %zu (%s), dropped",
		     ike_exchange_name(h.exchange) ? ike_exchange_name(h.exchange) : "unknown",
		     ike_hdr_is_response(&h) ? "response" : "request", h.msg_id,
		     iked_addr_str_port(remote, a, sizeof(a)), nea_strerror(rc), err.offset, err.msg);
		ike_msg_free(&m);
		return;
	}
	if (h.exchange == IKE_EXCH_SA_INIT) {
		if (sa->state == IKED_SA_CONNECTING && ike_hdr_is_response(&h)) {
			sa->local = *local;
			iked_init_response(sa, &m);
		}
		ike_msg_free(&m);
		return;
	}
	if (!sa->keyed) {
		NLOG(IKE, 1, "%s before IKE_SA_INIT completed, dropped",
		     ike_exchange_name(h.exchange) ? ike_exchange_name(h.exchange) : "message");
		ike_msg_free(&m);
		return;
	}
	/* Float to where the authentic request came from (NAT-T, MOBIKE's
	 * switch to port 4500); done only after the ICV check below. */
	if (ike_hdr_is_response(&h)) {
		handle_response(sa, &m);
	} else {
		iked_addr_t old_local = sa->local, old_remote = sa->remote;

		sa->local = *local;
		sa->remote = *remote;
		sa->natt = iked_net_is_natt(&ik->net, iked_addr_port(local));
		if (!handle_request(sa, &m) && sa->state != IKED_SA_DEAD) {
			/* not authentic: keep the old endpoints */
			sa->local = old_local;
			sa->remote = old_remote;
			sa->natt = iked_net_is_natt(&ik->net, iked_addr_port(&old_local));
		}
	}
	ike_msg_free(&m);
}

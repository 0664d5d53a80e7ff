/*
 * INFORMATIONAL exchanges (RFC 7296 §1.4): liveness checks (empty
 * requests, answered empty), Delete of the IKE_SA (answered empty, then
 * the SA goes) and of CHILD_SAs (answered with the Delete of our inbound
 * SPIs of the same CHILD_SAs), other notifies answered empty. Our own
 * requests: DPD and Delete of the IKE_SA (on shutdown or operator request).
 * On shutdown the Delete is fire-and-forget (iked_info_delete_on_stop):
 * the datagram leaves synchronously through the UDP socket and the SA is
 * destroyed right after, so stopping never waits for a peer; the peer
 * drops the IKE_SA and its virtual IP lease at once instead of at DPD.
 */
#include <stdlib.h>
#include <string.h>

#include "iked.h"
#include "iked_exchange.h"
#include "iked_msg.h"
#include "nea_err.h"
#include "nea_log.h"

static void delete_children(iked_sa_t *sa, const ike_pl_delete_t *d, uint8_t *ours, size_t *nours,
			    size_t max)
{
	for (uint16_t i = 0; i < d->nspi; i++) {
		uint32_t spi;

		if (d->spi_len != 4 || (size_t)(i + 1) * 4 > d->spis.len)
			return;
		spi = nea_get_u32(d->spis.ptr + (size_t)i * 4);
		for (size_t k = 0; k < sa->nchildren; k++) {
			iked_child_t *c = sa->children[k];

			if (c->spi_out != spi)
				continue;
			NLOG(CHD, 1, "received DELETE for ESP CHILD_SA with SPI %08x", spi);
			NLOG(CHD, 0, "closing CHILD_SA %s{%u} with SPIs %08x_i %08x_o",
			     c->cfg->sc->name, c->unique, c->spi_in, c->spi_out);
			if (*nours < max) {
				nea_put_u32(ours + *nours * 4, c->spi_in);
				(*nours)++;
			}
			if (c->installed)
				iked_kernel_del_child(&sa->ik->kernel, sa, c);
			free(c);
			sa->children[k] = sa->children[--sa->nchildren];
			sa->children[sa->nchildren] = NULL;
			break;
		}
	}
}

void iked_info_request(iked_sa_t *sa, ike_msg_t *m)
{
	uint8_t ours[IKED_MAX_CHILDREN * 4];
	size_t nours = 0;
	bool delete_ike = false;
	ike_payload_t p;
	char name[64];

	for (size_t i = 0; i < m->npl; i++) {
		const ike_payload_t *pl = &m->pl[i];

		if (!pl->encrypted)
			continue;
		if (pl->type == IKE_PL_DELETE) {
			if (pl->u.del.proto == IKE_PROTO_IKE)
				delete_ike = true;
			else if (pl->u.del.proto == IKE_PROTO_ESP)
				delete_children(sa, &pl->u.del, ours, &nours, IKED_MAX_CHILDREN);
		} else if (pl->type == IKE_PL_NOTIFY && pl->u.notify.type <= IKE_N_ERROR_MAX) {
			NLOG(IKE, 1, "received error notify %u in INFORMATIONAL", pl->u.notify.type);
		}
	}
	if (delete_ike) {
		NLOG(IKE, 1, "received DELETE for IKE_SA %s", iked_sa_name(sa, name, sizeof(name)));
		iked_msg_respond(sa, &m->hdr, NULL, 0);
		NLOG(IKE, 0, "IKE_SA deleted");
		iked_sa_destroy(sa, "deleted by peer");
		return;
	}
	if (nours) {
		memset(&p, 0, sizeof(p));
		p.type = IKE_PL_DELETE;
		p.u.del.proto = IKE_PROTO_ESP;
		p.u.del.spi_len = 4;
		p.u.del.nspi = (uint16_t)nours;
		p.u.del.spis = ike_chunk(ours, nours * 4);
		iked_msg_respond(sa, &m->hdr, &p, 1);
		return;
	}
	iked_msg_respond(sa, &m->hdr, NULL, 0);
}

void iked_info_response(iked_sa_t *sa, ike_msg_t *m)
{
	(void)m;
	if (sa->state == IKED_SA_DELETING) {
		NLOG(IKE, 0, "IKE_SA deleted");
		iked_sa_destroy(sa, "deleted");
	}
}

void iked_info_delete(iked_sa_t *sa)
{
	ike_payload_t p;
	char name[64];

	if (sa->state != IKED_SA_ESTABLISHED) {
		iked_sa_destroy(sa, "deleted before it was established");
		return;
	}
	if (sa->i_pending) {
		sa->i_queue |= IKED_Q_DELETE;
		return;
	}
	NLOG(IKE, 0, "deleting IKE_SA %s between peers", iked_sa_name(sa, name, sizeof(name)));
	memset(&p, 0, sizeof(p));
	p.type = IKE_PL_DELETE;
	p.u.del.proto = IKE_PROTO_IKE;
	iked_sa_set_state(sa, IKED_SA_DELETING);
	if (iked_msg_request(sa, IKE_EXCH_INFORMATIONAL, &p, 1) < 0)
		iked_sa_destroy(sa, "sending Delete failed");
}

void iked_info_delete_on_stop(iked_sa_t *sa)
{
	ike_payload_t p;
	char name[64];
	int rc;

	/* only an established SA has keys the peer accepts a Delete under;
	 * half-open and authenticating SAs just go (as charon's flush) */
	if (sa->state != IKED_SA_ESTABLISHED || !sa->keyed)
		return;
	/* an outstanding request of ours (DPD, a Delete of a CHILD_SA) is
	 * abandoned: we will never read its answer. The Delete takes the next
	 * message ID, which the peer expects once it has seen that request. */
	sa->i_pending = false;
	sa->i_queue = 0;
	NLOG(IKE, 0, "deleting IKE_SA %s between peers: nea-iked stopping",
	     iked_sa_name(sa, name, sizeof(name)));
	memset(&p, 0, sizeof(p));
	p.type = IKE_PL_DELETE;
	p.u.del.proto = IKE_PROTO_IKE;
	iked_sa_set_state(sa, IKED_SA_DELETING);
	rc = iked_msg_request(sa, IKE_EXCH_INFORMATIONAL, &p, 1);
	if (rc < 0)
		NLOG(IKE, 1, "IKE_SA %s: sending Delete on shutdown failed: %s", name,
		     nea_strerror(rc));
}

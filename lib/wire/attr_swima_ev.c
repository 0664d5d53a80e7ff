#include "attr_swima_ev.h"

#include "attr_common.h"
#include "attr_types.h"

#define MIN_EVENT_LEN (4 + ATTR_TIME_LEN + 14)

/*
 * Software [Identifier] Events value (RFC 8412 5.9/5.11); the header up to
 * Last Consulted EID is read and written by attr_swima_hdr_*() (attr_swima_inv.c):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Flags     |           Software Identifier Count           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               Request ID Copy / Subscription ID               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           EID Epoch                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Last EID                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Last Consulted EID                      |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                              EID                              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     Timestamp (20 octets)                     |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |   software record (attr_swima_inv.c), Reserved byte = Action  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_swima_ev_begin(uint32_t type, const uint8_t *v, size_t len, attr_swima_ev_t *hdr,
			attr_swima_iter_t *it, nea_perr_t *err)
{
	attr_swima_hdr_t h;
	int rc;

	memset(hdr, 0, sizeof(*hdr));
	rc = attr_swima_hdr_begin(v, len, true, type == IETF_ATTR_SW_EVENTS, &h, it, err);
	hdr->flags = h.flags;
	hdr->request_id = h.request_id;
	hdr->eid_epoch = h.eid_epoch;
	hdr->last_eid = h.last_eid;
	hdr->last_consulted_eid = h.last_consulted_eid;
	return rc;
}

int attr_swima_ev_next(attr_swima_iter_t *it, attr_swima_event_t *ev, nea_perr_t *err)
{
	size_t start = it->r.off;
	int rc;

	memset(ev, 0, sizeof(*ev));
	rc = attr_swima_iter_more(it, err);
	if (rc <= 0)
		return rc;
	if (!nea_rd_u32(&it->r, &ev->eid) || !nea_rd_bytes(&it->r, ATTR_TIME_LEN, &ev->timestamp))
		return nea_perr(err, NEA_ETRUNC, start, "software event header cut short");
	if (!attr_time_wellformed(ev->timestamp))
		return nea_perr(err, NEA_EINVAL, start + 4, "event timestamp not YYYY-MM-DDTHH:MM:SSZ");
	rc = attr_swima_record_read(&it->r, it->with_record, &ev->rec, err);
	if (rc)
		return rc;
	if (ev->rec.action < SWIMA_ACTION_CREATION || ev->rec.action > SWIMA_ACTION_ALTERATION)
		return nea_perr(err, NEA_EINVAL, start, "event action %u undefined", ev->rec.action);
	it->left--;
	return 1;
}

static int ev_next_item(attr_swima_iter_t *it, void *item, nea_perr_t *err)
{
	return attr_swima_ev_next(it, item, err);
}

int attr_swima_ev_parse(uint32_t type, const uint8_t *v, size_t len, attr_swima_ev_t *out,
			nea_perr_t *err)
{
	attr_swima_iter_t it;
	int rc;

	rc = attr_swima_ev_begin(type, v, len, out, &it, err);
	if (rc)
		return rc;
	return attr_swima_collect(&it, sizeof(*out->events), MIN_EVENT_LEN, "software events",
				  ev_next_item, (void **)&out->events, &out->count, err);
}

int attr_swima_ev_build(uint32_t type, const attr_swima_ev_t *in, nea_wr_t *w)
{
	const attr_swima_hdr_t h = { .flags = in->flags,
				     .request_id = in->request_id,
				     .eid_epoch = in->eid_epoch,
				     .last_eid = in->last_eid,
				     .last_consulted_eid = in->last_consulted_eid };
	bool with = type == IETF_ATTR_SW_EVENTS;
	size_t i;
	int rc;

	rc = attr_swima_hdr_write(&h, true, in->count, w);
	if (rc)
		return rc;
	for (i = 0; i < in->count; i++) {
		const attr_swima_event_t *e = &in->events[i];

		if (!e->timestamp || !attr_time_wellformed(e->timestamp) ||
		    e->rec.action < SWIMA_ACTION_CREATION || e->rec.action > SWIMA_ACTION_ALTERATION)
			return NEA_EINVAL;
		nea_wr_u32(w, e->eid);
		nea_wr_bytes(w, e->timestamp, ATTR_TIME_LEN);
		rc = attr_swima_record_write(&e->rec, with, w);
		if (rc)
			return rc;
	}
	return nea_wr_error(w);
}

void attr_swima_ev_print(uint32_t type, const attr_swima_ev_t *in, nea_wr_t *o)
{
	static const char *const act[] = { "", "creation", "deletion", "alteration" };
	bool with = type == IETF_ATTR_SW_EVENTS;
	size_t i;

	patnc_pr(o, "  %s with %zu item%s for %s %u at last eid %u of epoch 0x%08x, "
		    "last consulted eid %u\n",
		 with ? "software events" : "software ID events", in->count,
		 in->count == 1 ? "" : "s",
		 (in->flags & SWIMA_FLAG_SUBSCRIPTION) ? "subscription" : "request",
		 in->request_id, in->last_eid, in->eid_epoch, in->last_consulted_eid);
	for (i = 0; i < in->count; i++) {
		const attr_swima_event_t *e = &in->events[i];

		patnc_pr(o, "  eid %u at %.20s, %s\n", e->eid, (const char *)e->timestamp,
			 e->rec.action <= 3 ? act[e->rec.action] : "undefined");
		attr_swima_record_print(&e->rec, with, o);
	}
}

void attr_swima_ev_release(attr_swima_ev_t *a)
{
	free(a->events);
	a->events = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_swima_ev_t, attr_swima_ev_release)
PATNC_CODEC_DEFINE_T(attr_swima_sw_id_ev_codec, attr_swima_ev_t, PEN_IETF, IETF_ATTR_SW_ID_EVENTS,
		     attr_swima_ev, rel);
PATNC_CODEC_DEFINE_T(attr_swima_sw_ev_codec, attr_swima_ev_t, PEN_IETF, IETF_ATTR_SW_EVENTS,
		     attr_swima_ev, rel);

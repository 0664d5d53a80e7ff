#include "attr_swima_ev.h"

#include "attr_common.h"
#include "attr_types.h"

#define HDR_LEN 20
#define MIN_EVENT_LEN (4 + ATTR_TIME_LEN + 14)

/*
 * Software [Identifier] Events value (RFC 8412 5.9/5.11):
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
	uint32_t count;

	memset(hdr, 0, sizeof(*hdr));
	memset(it, 0, sizeof(*it));
	if (len < HDR_LEN)
		return nea_perr(err, NEA_ETRUNC, 0, "software events need %d bytes, got %zu",
				HDR_LEN, len);
	nea_rd_init(&it->r, v, len);
	if (!nea_rd_u8(&it->r, &hdr->flags) || !nea_rd_u24(&it->r, &count) ||
	    !nea_rd_u32(&it->r, &hdr->request_id) || !nea_rd_u32(&it->r, &hdr->eid_epoch) ||
	    !nea_rd_u32(&it->r, &hdr->last_eid) || !nea_rd_u32(&it->r, &hdr->last_consulted_eid))
		return nea_perr(err, NEA_ETRUNC, 0, "software events header cut short");
	it->left = count;
	it->with_record = type == IETF_ATTR_SW_EVENTS;
	it->events = true;
	return 0;
}

int attr_swima_ev_next(attr_swima_iter_t *it, attr_swima_event_t *ev, nea_perr_t *err)
{
	size_t start = it->r.off;
	int rc;

	memset(ev, 0, sizeof(*ev));
	if (!it->left) {
		if (nea_rd_left(&it->r))
			return nea_perr(err, NEA_EINVAL, it->r.off, "%zu bytes after the last event",
					nea_rd_left(&it->r));
		return 0;
	}
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

int attr_swima_ev_parse(uint32_t type, const uint8_t *v, size_t len, attr_swima_ev_t *out,
			nea_perr_t *err)
{
	attr_swima_event_t ev;
	attr_swima_iter_t it;
	size_t n = 0;
	int rc;

	rc = attr_swima_ev_begin(type, v, len, out, &it, err);
	if (rc)
		return rc;
	rc = attr_alloc_array((void **)&out->events, it.left, sizeof(*out->events),
			      MIN_EVENT_LEN + (it.with_record ? 4 : 0), nea_rd_left(&it.r), it.r.off,
			      err, "software events");
	if (rc)
		return rc;
	while ((rc = attr_swima_ev_next(&it, &ev, err)) == 1)
		out->events[n++] = ev; /* the count bounded the array */
	if (rc) {
		attr_swima_ev_release(out);
		return rc;
	}
	out->count = n;
	return 0;
}

int attr_swima_ev_build(uint32_t type, const attr_swima_ev_t *in, nea_wr_t *w)
{
	bool with = type == IETF_ATTR_SW_EVENTS;
	size_t i;
	int rc;

	if (in->count > 0xffffff)
		return NEA_EINVAL;
	nea_wr_u8(w, in->flags);
	nea_wr_u24(w, (uint32_t)in->count);
	nea_wr_u32(w, in->request_id);
	nea_wr_u32(w, in->eid_epoch);
	nea_wr_u32(w, in->last_eid);
	nea_wr_u32(w, in->last_consulted_eid);
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

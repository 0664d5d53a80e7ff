#include "attr_swima_inv.h"

#include "attr_common.h"
#include "attr_types.h"

#define HDR_LEN 16    /* inventory header */
#define EV_HDR_LEN 20 /* events add Last Consulted EID */
#define MIN_RECORD_LEN 14

/*
 * Software record, shared by types 14..17 (RFC 8412 5.8-5.11):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Record Identifier                       |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |              Data Model Type PEN              |Data Model Type|
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  | Source ID Num |Reserved/Action|  Software Identifier Length   |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |             Software Identifier (Variable Length)             |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Software Locator Length    |  Software Locator (Var. Len)  |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |            types 16/17 only: Record Length (4)                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                   Record (Variable length)                    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
int attr_swima_record_read(nea_rd_t *r, bool with_record, attr_swima_record_t *rec,
			   nea_perr_t *err)
{
	size_t start = r->off;
	int rc;

	memset(rec, 0, sizeof(*rec));
	if (!nea_rd_u32(r, &rec->record_id) || !nea_rd_u24(r, &rec->dm_pen) ||
	    !nea_rd_u8(r, &rec->dm_type) || !nea_rd_u8(r, &rec->source_id) ||
	    !nea_rd_u8(r, &rec->action)) {
		r->off = start;
		return nea_perr(err, NEA_ETRUNC, start, "software record header cut short");
	}
	rc = attr_rd_data16(r, &rec->sw_id, &rec->sw_id_len, err, "software identifier");
	if (!rc)
		rc = attr_rd_data16(r, &rec->locator, &rec->locator_len, err, "software locator");
	if (!rc && with_record) {
		size_t at = r->off;
		uint32_t l;

		if (!nea_rd_u32(r, &l))
			rc = nea_perr(err, NEA_ETRUNC, at, "record length missing");
		else if (!nea_rd_bytes(r, l, &rec->record))
			rc = nea_perr(err, NEA_ETRUNC, at, "record of %u bytes exceeds the value", l);
		else
			rec->record_len = l;
	}
	return rc;
}

int attr_swima_record_write(const attr_swima_record_t *rec, bool with_record, nea_wr_t *w)
{
	if (rec->dm_pen > 0xffffff || rec->sw_id_len > 0xffff || rec->locator_len > 0xffff ||
	    rec->record_len > 0xffffffffu)
		return NEA_EINVAL;
	nea_wr_u32(w, rec->record_id);
	nea_wr_u24(w, rec->dm_pen);
	nea_wr_u8(w, rec->dm_type);
	nea_wr_u8(w, rec->source_id);
	nea_wr_u8(w, rec->action);
	nea_wr_u16(w, (uint16_t)rec->sw_id_len);
	nea_wr_bytes(w, rec->sw_id, rec->sw_id_len);
	nea_wr_u16(w, (uint16_t)rec->locator_len);
	nea_wr_bytes(w, rec->locator, rec->locator_len);
	if (with_record) {
		nea_wr_u32(w, (uint32_t)rec->record_len);
		nea_wr_bytes(w, rec->record, rec->record_len);
	}
	return nea_wr_error(w);
}

void attr_swima_record_print(const attr_swima_record_t *rec, bool with_record, nea_wr_t *o)
{
	patnc_pr(o, "  record %u, data model 0x%06x/%u, source %u: ", rec->record_id, rec->dm_pen,
		 rec->dm_type, rec->source_id);
	patnc_pr_str(o, rec->sw_id, rec->sw_id_len);
	if (rec->locator_len) {
		patnc_pr(o, " at ");
		patnc_pr_str(o, rec->locator, rec->locator_len);
	}
	if (with_record)
		patnc_pr(o, ", %zu-byte record", rec->record_len);
	patnc_pr(o, "\n");
}

/*
 * Software [Identifier] Inventory / Events header (RFC 8412 5.8-5.11):
 *
 *                       1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |     Flags     |            Software Identifier Count          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                Request ID Copy / Subscription ID              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           EID Epoch                           |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Last EID                            |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |        events (types 15/17) only: Last Consulted EID          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       records as drawn above (events: attr_swima_ev.c) ...    |
 *
 * Inventory and events share this header, the count-bounded array and the
 * "nothing after the last item" rule, so one reader serves both.
 */
int attr_swima_hdr_begin(const uint8_t *v, size_t len, bool events, bool with_record,
			 attr_swima_hdr_t *hdr, attr_swima_iter_t *it, nea_perr_t *err)
{
	size_t need = events ? EV_HDR_LEN : HDR_LEN;
	uint32_t count;

	memset(hdr, 0, sizeof(*hdr));
	memset(it, 0, sizeof(*it));
	if (len < need)
		return nea_perr(err, NEA_ETRUNC, 0, "%s %zu bytes, got %zu",
				events ? "software events need" : "software inventory needs", need,
				len);
	nea_rd_init(&it->r, v, len);
	if (!nea_rd_u8(&it->r, &hdr->flags) || !nea_rd_u24(&it->r, &count) ||
	    !nea_rd_u32(&it->r, &hdr->request_id) || !nea_rd_u32(&it->r, &hdr->eid_epoch) ||
	    !nea_rd_u32(&it->r, &hdr->last_eid) ||
	    (events && !nea_rd_u32(&it->r, &hdr->last_consulted_eid)))
		return nea_perr(err, NEA_ETRUNC, 0, "%s header cut short",
				events ? "software events" : "software inventory");
	it->left = count;
	it->with_record = with_record;
	it->events = events;
	return 0;
}

int attr_swima_hdr_write(const attr_swima_hdr_t *hdr, bool events, size_t count, nea_wr_t *w)
{
	if (count > 0xffffff)
		return NEA_EINVAL;
	nea_wr_u8(w, hdr->flags);
	nea_wr_u24(w, (uint32_t)count);
	nea_wr_u32(w, hdr->request_id);
	nea_wr_u32(w, hdr->eid_epoch);
	nea_wr_u32(w, hdr->last_eid);
	if (events)
		nea_wr_u32(w, hdr->last_consulted_eid);
	/* Writer errors are sticky; the caller reports them after the records. */
	return 0;
}

int attr_swima_iter_more(attr_swima_iter_t *it, nea_perr_t *err)
{
	if (it->left)
		return 1;
	if (nea_rd_left(&it->r))
		return nea_perr(err, NEA_EINVAL, it->r.off, "%zu bytes after the last %s",
				nea_rd_left(&it->r), it->events ? "event" : "record");
	return 0;
}

int attr_swima_collect(attr_swima_iter_t *it, size_t item_size, size_t min_wire, const char *what,
		       attr_swima_next_fn next, void **items, size_t *count, nea_perr_t *err)
{
	void *arr;
	size_t n = 0;
	int rc;

	rc = attr_alloc_array(&arr, it->left, item_size, min_wire + (it->with_record ? 4 : 0),
			      nea_rd_left(&it->r), it->r.off, err, what);
	if (rc)
		return rc;
	/* The count bounded the array, and more() stops at the count. */
	while ((rc = attr_swima_iter_more(it, err)) == 1) {
		rc = next(it, (uint8_t *)arr + n * item_size, err);
		if (rc != 1)
			break;
		n++;
	}
	if (rc < 0) {
		free(arr);
		return rc;
	}
	*items = arr;
	*count = n;
	return 0;
}

int attr_swima_inv_begin(uint32_t type, const uint8_t *v, size_t len, attr_swima_inv_t *hdr,
			 attr_swima_iter_t *it, nea_perr_t *err)
{
	attr_swima_hdr_t h;
	int rc;

	memset(hdr, 0, sizeof(*hdr));
	rc = attr_swima_hdr_begin(v, len, false, type == IETF_ATTR_SW_INVENTORY, &h, it, err);
	hdr->flags = h.flags;
	hdr->request_id = h.request_id;
	hdr->eid_epoch = h.eid_epoch;
	hdr->last_eid = h.last_eid;
	return rc;
}

int attr_swima_inv_next(attr_swima_iter_t *it, attr_swima_record_t *rec, nea_perr_t *err)
{
	int rc = attr_swima_iter_more(it, err);

	if (rc <= 0)
		return rc;
	rc = attr_swima_record_read(&it->r, it->with_record, rec, err);
	if (rc)
		return rc;
	it->left--;
	return 1;
}

static int inv_next_item(attr_swima_iter_t *it, void *item, nea_perr_t *err)
{
	return attr_swima_inv_next(it, item, err);
}

int attr_swima_inv_parse(uint32_t type, const uint8_t *v, size_t len, attr_swima_inv_t *out,
			 nea_perr_t *err)
{
	attr_swima_iter_t it;
	int rc;

	rc = attr_swima_inv_begin(type, v, len, out, &it, err);
	if (rc)
		return rc;
	return attr_swima_collect(&it, sizeof(*out->records), MIN_RECORD_LEN, "software records",
				  inv_next_item, (void **)&out->records, &out->count, err);
}

int attr_swima_inv_build(uint32_t type, const attr_swima_inv_t *in, nea_wr_t *w)
{
	const attr_swima_hdr_t h = { .flags = in->flags,
				     .request_id = in->request_id,
				     .eid_epoch = in->eid_epoch,
				     .last_eid = in->last_eid };
	bool with = type == IETF_ATTR_SW_INVENTORY;
	size_t i;
	int rc;

	rc = attr_swima_hdr_write(&h, false, in->count, w);
	if (rc)
		return rc;
	for (i = 0; i < in->count; i++) {
		rc = attr_swima_record_write(&in->records[i], with, w);
		if (rc)
			return rc;
	}
	return nea_wr_error(w);
}

void attr_swima_inv_print(uint32_t type, const attr_swima_inv_t *in, nea_wr_t *o)
{
	bool with = type == IETF_ATTR_SW_INVENTORY;
	size_t i;

	patnc_pr(o, "  %s with %zu item%s for %s %u at last eid %u of epoch 0x%08x\n",
		 with ? "software inventory" : "software ID inventory", in->count,
		 in->count == 1 ? "" : "s",
		 (in->flags & SWIMA_FLAG_SUBSCRIPTION) ? "subscription" : "request",
		 in->request_id, in->last_eid, in->eid_epoch);
	for (i = 0; i < in->count; i++)
		attr_swima_record_print(&in->records[i], with, o);
}

void attr_swima_inv_release(attr_swima_inv_t *a)
{
	free(a->records);
	a->records = NULL;
	a->count = 0;
}

PATNC_RELEASE_DEFINE(rel, attr_swima_inv_t, attr_swima_inv_release)
PATNC_CODEC_DEFINE_T(attr_swima_sw_id_inv_codec, attr_swima_inv_t, PEN_IETF,
		     IETF_ATTR_SW_ID_INVENTORY, attr_swima_inv, rel);
PATNC_CODEC_DEFINE_T(attr_swima_sw_inv_codec, attr_swima_inv_t, PEN_IETF, IETF_ATTR_SW_INVENTORY,
		     attr_swima_inv, rel);

/*
 * SWIMA attributes (RFC 8412): the request and event/inventory layouts of
 * PROTOCOLS.md 4.6 as seen in the strongSwan captures (request id 53, 834
 * events of epoch 0x6c94b183; the 1-record inventory of request 61),
 * incremental record parsing, record data for types 16/17, rejection of
 * undefined actions, counts beyond the data and surplus bytes, and the
 * Subscription Status attributes strongSwan does not implement.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr_ietf_installed_packages.h"
#include "attr_swima_ev.h"
#include "attr_swima_inv.h"
#include "attr_swima_req.h"
#include "attr_swima_subscr.h"
#include "attr_types.h"
#include "patnc_msg.h"
#include "patnc_vec.h"

static uint8_t *encode(uint32_t type, const void *in, size_t *len)
{
	nea_wr_t w;

	nea_wr_init(&w, 0);
	cr_assert_eq(patnc_attr_encode(0, PEN_IETF, type, in, &w), 0);
	return nea_wr_detach(&w, len);
}

static void *decode(uint32_t type, const uint8_t *attr, size_t len)
{
	nea_perr_t err = { 0 };
	void *d;

	cr_assert_eq(patnc_attr_decode(patnc_codec_find(PEN_IETF, type), attr + 12, len - 12, &d,
				       &err),
		     0, "%s at %zu", err.msg, err.offset);
	return d;
}

static void expect_reencode(uint32_t type, const void *d, const uint8_t *attr, size_t len)
{
	size_t l2;
	uint8_t *again = encode(type, d, &l2);

	cr_assert_eq(l2, len);
	cr_assert_arr_eq(again, attr, len);
	free(again);
}

static void expect_hex(const uint8_t *p, const char *hex)
{
	size_t n;
	uint8_t *want = pv_hex(hex, &n);

	cr_assert_arr_eq(p, want, n);
	free(want);
}

static void reject(uint32_t type, const char *hex, int code, size_t offset)
{
	nea_perr_t err = { 0 };
	void *d = NULL;
	size_t len;
	uint8_t *v = pv_hex(hex, &len);

	cr_assert_eq(patnc_attr_decode(patnc_codec_find(PEN_IETF, type), v, len, &d, &err), code,
		     "type %u '%s': %s", type, hex, err.msg);
	cr_assert_eq(err.offset, offset, "type %u '%s': offset %zu want %zu (%s)", type, hex,
		     err.offset, offset, err.msg);
	free(v);
}

Test(swima, request_from_capture)
{
	attr_swima_req_t r = { SWIMA_REQ_FLAG_SW_ID_ONLY, 53, 1, NULL, 0 };
	attr_swima_sw_id_t ids[] = { { (const uint8_t *)"a", 1 }, { (const uint8_t *)"bc", 2 } };
	const attr_swima_req_t *d;
	uint8_t *attr;
	size_t len;

	attr = encode(IETF_ATTR_SWIMA_REQUEST, &r, &len);
	cr_assert_eq(len, 24);
	expect_hex(attr, "00000000 0000000d 00000018 20000000 00000035 00000001");
	d = decode(IETF_ATTR_SWIMA_REQUEST, attr, len);
	cr_assert_eq(d->flags, SWIMA_REQ_FLAG_SW_ID_ONLY);
	cr_assert_eq(d->request_id, 53);
	cr_assert_eq(d->earliest_eid, 1);
	cr_assert_eq(d->count, 0);
	patnc_attr_data_free(patnc_codec_find(PEN_IETF, IETF_ATTR_SWIMA_REQUEST), (void *)d);
	free(attr);

	r.flags = SWIMA_REQ_FLAG_SUBSCRIBE | SWIMA_REQ_FLAG_CLEAR;
	r.ids = ids;
	r.count = 2;
	attr = encode(IETF_ATTR_SWIMA_REQUEST, &r, &len);
	expect_hex(attr + 12, "c0000002 00000035 00000001 0001 61 0002 6263");
	d = decode(IETF_ATTR_SWIMA_REQUEST, attr, len);
	cr_assert_eq(d->count, 2);
	cr_assert_eq(d->ids[1].len, 2);
	cr_assert_eq(memcmp(d->ids[1].id, "bc", 2), 0);
	expect_reencode(IETF_ATTR_SWIMA_REQUEST, d, attr, len);
	patnc_attr_data_free(patnc_codec_find(PEN_IETF, IETF_ATTR_SWIMA_REQUEST), (void *)d);
	free(attr);

	/* reserved flag bits are dropped, as strongSwan does */
	{
		nea_perr_t err;
		attr_swima_req_t out;
		uint8_t v[12] = { 0x3f, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0 };

		cr_assert_eq(attr_swima_req_parse(v, 12, &out, &err), 0);
		cr_assert_eq(out.flags, 0x20);
		attr_swima_req_release(&out);
	}
	reject(IETF_ATTR_SWIMA_REQUEST, "20000000 00000035 000000", NEA_ETRUNC, 0);
	reject(IETF_ATTR_SWIMA_REQUEST, "20000001 00000035 00000001 0005 6162", NEA_ETRUNC, 12);
	reject(IETF_ATTR_SWIMA_REQUEST, "20ffffff 00000035 00000001 0000", NEA_ETRUNC, 12);
	reject(IETF_ATTR_SWIMA_REQUEST, "20000000 00000035 00000001 00", NEA_EINVAL, 12);
}

/* SW-IDs as imc_swima derives them from dpkg, from the captured packages. */
typedef struct {
	char (*ids)[300];
	size_t n;
} names_t;

static names_t debian_sw_ids(void)
{
	const attr_ietf_installed_packages_t *ip;
	pv_pa_t pa[4];
	patnc_rx_t rx;
	names_t out;
	uint8_t *batch;
	size_t len, i;

	batch = pv_load("captures/run1_password_freshdb_03_pdp_recv_CDATA.hex", &len);
	cr_assert_eq(pv_pb_pa(batch, len, pa, 4), 1);
	cr_assert_eq(patnc_msg_process(pa[0].body, pa[0].len, &rx), 0);
	ip = patnc_rx_find(&rx, PEN_IETF, IETF_ATTR_INSTALLED_PACKAGES)->data;
	out.n = ip->count;
	out.ids = calloc(out.n, sizeof(*out.ids));
	cr_assert_not_null(out.ids);
	for (i = 0; i < out.n; i++)
		snprintf(out.ids[i], sizeof(out.ids[i]), "debian.org__Debian_12-x86_64-%.*s-%.*s",
			 (int)ip->entries[i].name_len, (const char *)ip->entries[i].name,
			 (int)ip->entries[i].version_len, (const char *)ip->entries[i].version);
	patnc_rx_free(&rx);
	free(batch);
	return out;
}

Test(swima, events_834_from_capture)
{
	static const char ts[] = "2026-11-22T22:23:09Z";
	names_t names = debian_sw_ids();
	attr_swima_event_t *ev;
	attr_swima_ev_t e = { 0, 53, 0x6c94b183, 1, 1, NULL, 0 };
	const attr_swima_ev_t *d;
	attr_swima_iter_t it;
	attr_swima_ev_t hdr;
	attr_swima_event_t one;
	nea_perr_t err;
	uint8_t *attr;
	size_t len, i, n = 0;
	int rc;

	cr_assert_eq(names.n, 834);
	ev = calloc(names.n, sizeof(*ev));
	cr_assert_not_null(ev);
	for (i = 0; i < names.n; i++) {
		ev[i].eid = 1;
		ev[i].timestamp = (const uint8_t *)ts;
		ev[i].rec.record_id = (uint32_t)(i + 1);
		ev[i].rec.source_id = 1;
		ev[i].rec.action = SWIMA_ACTION_CREATION;
		ev[i].rec.sw_id = (const uint8_t *)names.ids[i];
		ev[i].rec.sw_id_len = strlen(names.ids[i]);
	}
	e.events = ev;
	e.count = names.n;
	attr = encode(IETF_ATTR_SW_ID_EVENTS, &e, &len);
	/* header and first event exactly as PROTOCOLS.md 4.6 shows them */
	expect_hex(attr + 12, "00000342 00000035 6c94b183 00000001 00000001");
	expect_hex(attr + 32, "00000001 323032362d31312d32325432323a32333a30395a"
			      "00000001 00000000 0101002a");
	cr_assert_eq(memcmp(attr + 68, "debian.org__Debian_12-x86_64-adduser-3.134", 42), 0);
	expect_hex(attr + 110, "0000");

	d = decode(IETF_ATTR_SW_ID_EVENTS, attr, len);
	cr_assert_eq(d->count, 834);
	cr_assert_eq(d->request_id, 53);
	cr_assert_eq(d->eid_epoch, 0x6c94b183);
	cr_assert_eq(d->last_eid, 1);
	cr_assert_eq(d->last_consulted_eid, 1);
	cr_assert_eq(d->events[833].rec.record_id, 834);
	cr_assert_eq(d->events[833].rec.action, SWIMA_ACTION_CREATION);
	cr_assert_eq(d->events[833].rec.locator_len, 0);
	cr_assert_eq(d->events[833].rec.sw_id_len, strlen(names.ids[833]));
	expect_reencode(IETF_ATTR_SW_ID_EVENTS, d, attr, len);
	patnc_attr_data_free(patnc_codec_find(PEN_IETF, IETF_ATTR_SW_ID_EVENTS), (void *)d);

	/* the same value read record by record, without allocating */
	cr_assert_eq(attr_swima_ev_begin(IETF_ATTR_SW_ID_EVENTS, attr + 12, len - 12, &hdr, &it,
					 &err),
		     0);
	cr_assert_eq(hdr.request_id, 53);
	while ((rc = attr_swima_ev_next(&it, &one, &err)) == 1) {
		cr_assert_eq(one.rec.record_id, n + 1);
		n++;
	}
	cr_assert_eq(rc, 0);
	cr_assert_eq(n, 834);

	free(attr);
	free(ev);
	free(names.ids);
}

Test(swima, inventory_from_capture)
{
	static const char swid[] = "strongswan.org__strongSwan-5-9-8";
	static const char loc[] = "file:///usr/share/strongswan";
	attr_swima_record_t rec = { 0 };
	attr_swima_inv_t inv = { 0, 61, 0x11223344, 1, &rec, 1 };
	const attr_swima_inv_t *d;
	uint8_t *attr;
	size_t len;

	rec.record_id = 0;
	rec.source_id = 2;
	rec.sw_id = (const uint8_t *)swid;
	rec.sw_id_len = strlen(swid);
	rec.locator = (const uint8_t *)loc;
	rec.locator_len = strlen(loc);
	attr = encode(IETF_ATTR_SW_ID_INVENTORY, &inv, &len);
	expect_hex(attr + 12, "00000001 0000003d 11223344 00000001 00000000 00000000 0200 0020");
	d = decode(IETF_ATTR_SW_ID_INVENTORY, attr, len);
	cr_assert_eq(d->count, 1);
	cr_assert_eq(d->request_id, 61);
	cr_assert_eq(d->eid_epoch, 0x11223344);
	cr_assert_eq(d->records[0].source_id, 2);
	cr_assert_eq(d->records[0].sw_id_len, strlen(swid));
	cr_assert_eq(d->records[0].locator_len, strlen(loc));
	expect_reencode(IETF_ATTR_SW_ID_INVENTORY, d, attr, len);
	patnc_attr_data_free(patnc_codec_find(PEN_IETF, IETF_ATTR_SW_ID_INVENTORY), (void *)d);
	free(attr);

	/* Software Inventory (16) carries the record itself */
	rec.record = (const uint8_t *)"<SoftwareIdentity/>";
	rec.record_len = 19;
	inv.flags = SWIMA_FLAG_SUBSCRIPTION;
	attr = encode(IETF_ATTR_SW_INVENTORY, &inv, &len);
	expect_hex(attr + len - 23, "00000013");
	d = decode(IETF_ATTR_SW_INVENTORY, attr, len);
	cr_assert_eq(d->flags, SWIMA_FLAG_SUBSCRIPTION);
	cr_assert_eq(d->records[0].record_len, 19);
	cr_assert_eq(memcmp(d->records[0].record, "<SoftwareIdentity/>", 19), 0);
	expect_reencode(IETF_ATTR_SW_INVENTORY, d, attr, len);
	patnc_attr_data_free(patnc_codec_find(PEN_IETF, IETF_ATTR_SW_INVENTORY), (void *)d);
	free(attr);
}

Test(swima, software_events_with_records)
{
	static const char ts[] = "2026-11-22T22:23:09Z";
	attr_swima_event_t ev[2] = { 0 };
	attr_swima_ev_t e = { 0, 7, 1, 9, 9, ev, 2 };
	const attr_swima_ev_t *d;
	uint8_t *attr;
	size_t len;

	ev[0] = (attr_swima_event_t){ 8, (const uint8_t *)ts,
				      { 3, 0, 0, 1, SWIMA_ACTION_DELETION, (const uint8_t *)"x", 1,
					NULL, 0, (const uint8_t *)"rr", 2 } };
	ev[1] = (attr_swima_event_t){ 9, (const uint8_t *)ts,
				      { 4, 0, 1, 1, SWIMA_ACTION_ALTERATION, (const uint8_t *)"y", 1,
					(const uint8_t *)"z", 1, NULL, 0 } };
	attr = encode(IETF_ATTR_SW_EVENTS, &e, &len);
	d = decode(IETF_ATTR_SW_EVENTS, attr, len);
	cr_assert_eq(d->count, 2);
	cr_assert_eq(d->events[0].rec.action, SWIMA_ACTION_DELETION);
	cr_assert_eq(d->events[0].rec.record_len, 2);
	cr_assert_eq(d->events[1].rec.dm_type, 1);
	cr_assert_eq(d->events[1].rec.record_len, 0);
	expect_reencode(IETF_ATTR_SW_EVENTS, d, attr, len);
	patnc_attr_data_free(patnc_codec_find(PEN_IETF, IETF_ATTR_SW_EVENTS), (void *)d);
	free(attr);
}

#define EVHDR "00000001 00000035 6c94b183 00000001 00000001 "
#define TS "323032362d31312d32325432323a32333a30395a "

Test(swima, rejects)
{
	/* action 0 and 4: Invalid Parameter at the event's offset (20) */
	reject(IETF_ATTR_SW_ID_EVENTS, EVHDR "00000001" TS "00000001 00000000 0100 0000 0000",
	       NEA_EINVAL, 20);
	reject(IETF_ATTR_SW_ID_EVENTS, EVHDR "00000001" TS "00000001 00000000 0104 0000 0000",
	       NEA_EINVAL, 20);
	/* a bad timestamp */
	reject(IETF_ATTR_SW_ID_EVENTS,
	       EVHDR "00000001 3230323620 31312d32325432323a32333a30395a 00000001 00000000 0101 0000 0000",
	       NEA_EINVAL, 24);
	/* header cut short, count beyond the data, surplus bytes */
	reject(IETF_ATTR_SW_ID_EVENTS, "00000001 00000035 6c94b183 00000001 000000", NEA_ETRUNC, 0);
	reject(IETF_ATTR_SW_ID_EVENTS, "00000002 00000035 6c94b183 00000001 00000001", NEA_ETRUNC,
	       20);
	reject(IETF_ATTR_SW_ID_EVENTS, EVHDR "00000001" TS "00000001 00000000 0101 0000 0000 00",
	       NEA_EINVAL, 58);
	/* software identifier runs past the value */
	reject(IETF_ATTR_SW_ID_EVENTS, EVHDR "00000001" TS "00000001 00000000 0101 0009 41 0000",
	       NEA_ETRUNC, 54);
	/* Software Events: record length beyond the value */
	reject(IETF_ATTR_SW_EVENTS, EVHDR "00000001" TS "00000001 00000000 0101 0000 0000 00000005 41",
	       NEA_ETRUNC, 58);
	/* inventories */
	reject(IETF_ATTR_SW_ID_INVENTORY, "00000001 0000003d 11223344 000000", NEA_ETRUNC, 0);
	reject(IETF_ATTR_SW_ID_INVENTORY, "00ffffff 0000003d 11223344 00000001 0000", NEA_ETRUNC, 16);
	reject(IETF_ATTR_SW_ID_INVENTORY, "00000001 0000003d 11223344 00000001 00000000 000000",
	       NEA_ETRUNC, 16);
	reject(IETF_ATTR_SW_INVENTORY,
	       "00000001 0000003d 11223344 00000001 00000000 00000000 0200 0000 0000 000000",
	       NEA_ETRUNC, 16);
	reject(IETF_ATTR_SW_ID_INVENTORY,
	       "00000000 0000003d 11223344 00000001 ff", NEA_EINVAL, 16);
}

Test(swima, subscription_status_not_in_strongswan)
{
	attr_swima_sw_id_t ids[] = { { (const uint8_t *)"a", 1 } };
	attr_swima_req_t subs[2] = { { SWIMA_REQ_FLAG_SUBSCRIBE, 11, 0, NULL, 0 },
				     { SWIMA_REQ_FLAG_SUBSCRIBE | SWIMA_REQ_FLAG_SW_ID_ONLY, 12, 5,
				       ids, 1 } };
	attr_swima_subscr_t s = { 0, subs, 2 };
	const attr_swima_subscr_t *d;
	uint8_t *attr;
	size_t len;

	attr = encode(IETF_ATTR_SUBSCRIPTION_STATUS_REQ, &s, &len);
	cr_assert_eq(len, 12);
	d = decode(IETF_ATTR_SUBSCRIPTION_STATUS_REQ, attr, len);
	patnc_attr_data_free(patnc_codec_find(PEN_IETF, IETF_ATTR_SUBSCRIPTION_STATUS_REQ),
			     (void *)d);
	free(attr);

	attr = encode(IETF_ATTR_SUBSCRIPTION_STATUS_RESP, &s, &len);
	expect_hex(attr + 12, "00000002 40000000 0000000b 00000000 60000001 0000000c 00000005 0001 61");
	d = decode(IETF_ATTR_SUBSCRIPTION_STATUS_RESP, attr, len);
	cr_assert_eq(d->count, 2);
	cr_assert_eq(d->subs[1].request_id, 12);
	cr_assert_eq(d->subs[1].earliest_eid, 5);
	cr_assert_eq(d->subs[1].count, 1);
	expect_reencode(IETF_ATTR_SUBSCRIPTION_STATUS_RESP, d, attr, len);
	patnc_attr_data_free(patnc_codec_find(PEN_IETF, IETF_ATTR_SUBSCRIPTION_STATUS_RESP),
			     (void *)d);
	free(attr);

	reject(IETF_ATTR_SUBSCRIPTION_STATUS_REQ, "00", NEA_EINVAL, 0);
	reject(IETF_ATTR_SUBSCRIPTION_STATUS_RESP, "000001", NEA_ETRUNC, 0);
	reject(IETF_ATTR_SUBSCRIPTION_STATUS_RESP, "00000002 40000000 0000000b 00000000", NEA_ETRUNC,
	       4);
	reject(IETF_ATTR_SUBSCRIPTION_STATUS_RESP, "00000001 40000000 0000000b 00000000 00",
	       NEA_EINVAL, 16);
}

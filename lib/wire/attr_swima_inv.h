/*
 * attr_swima_inv: IETF Software Identifier Inventory (RFC 8412 5.8, IETF
 * type 14) and Software Inventory (5.10, type 16), plus the software record
 * layout they share with the event attributes (attr_swima_ev.h).
 *
 * Contract: Flags (0x80 = subscription fulfillment), 24-bit record count,
 * Request ID copy / Subscription ID, EID Epoch, Last EID, then exactly
 * count records:
 *   Record Identifier(4) Data Model Type PEN(3) Data Model Type(1)
 *   Source ID Num(1) Reserved(1) SW-ID Len(2) SW-ID Locator Len(2) Locator
 *   [type 16 only: Record Length(4) Record]
 * Data model 0/0 is ISO/IEC 19770-2:2015 SWID, 0/1 19770-2:2009.
 *
 * Records can be read one at a time with attr_swima_inv_begin() and
 * attr_swima_iter_next() (no allocation, linear in the value) or all at
 * once with attr_swima_inv_parse(), which allocates the array in one go,
 * bounded by the input size. Byte fields are borrowed.
 */
#ifndef NEA_ATTR_SWIMA_INV_H
#define NEA_ATTR_SWIMA_INV_H

#include "patnc_attr.h"

#define SWIMA_FLAG_SUBSCRIPTION 0x80
#define SWIMA_DATA_MODEL_ISO_2015 0
#define SWIMA_DATA_MODEL_ISO_2009 1

typedef struct {
	uint32_t record_id;
	uint32_t dm_pen;   /* data model type PEN, 24 bits */
	uint8_t dm_type;
	uint8_t source_id;
	uint8_t action;    /* events: 1 creation, 2 deletion, 3 alteration; else 0 */
	const uint8_t *sw_id;
	size_t sw_id_len;
	const uint8_t *locator;
	size_t locator_len;
	const uint8_t *record; /* types 16 and 17 only */
	size_t record_len;
} attr_swima_record_t;

typedef struct {
	uint8_t flags;
	uint32_t request_id;
	uint32_t eid_epoch;
	uint32_t last_eid;
	attr_swima_record_t *records;
	size_t count;
} attr_swima_inv_t;

/* Incremental reader over the records (or events) of one value. */
typedef struct {
	nea_rd_t r;
	uint32_t left;    /* records still to read */
	bool with_record; /* types 16/17 carry Record Length + Record */
	bool events;      /* types 15/17: EID, timestamp and action per record */
} attr_swima_iter_t;

/* Read the header into *hdr (records NULL) and set up the iterator. */
int attr_swima_inv_begin(uint32_t type, const uint8_t *v, size_t len, attr_swima_inv_t *hdr,
			 attr_swima_iter_t *it, nea_perr_t *err);
/* Next record: 1 read, 0 all read and the value ends exactly, <0 error. */
int attr_swima_inv_next(attr_swima_iter_t *it, attr_swima_record_t *rec, nea_perr_t *err);

/* type: IETF_ATTR_SW_ID_INVENTORY or IETF_ATTR_SW_INVENTORY */
int attr_swima_inv_parse(uint32_t type, const uint8_t *v, size_t len, attr_swima_inv_t *out,
			 nea_perr_t *err);
int attr_swima_inv_build(uint32_t type, const attr_swima_inv_t *in, nea_wr_t *w);
void attr_swima_inv_print(uint32_t type, const attr_swima_inv_t *in, nea_wr_t *o);
void attr_swima_inv_release(attr_swima_inv_t *a);

/*
 * The header the four SWIMA value types share: Flags, Count, Request ID,
 * EID Epoch, Last EID, and for events (types 15/17) Last Consulted EID.
 * attr_swima_hdr_begin() checks the fixed length (16, or 20 for events)
 * and sets up the iterator; attr_swima_hdr_write() writes the same bytes,
 * refusing a count above 24 bits before writing anything.
 */
typedef struct {
	uint8_t flags;
	uint32_t request_id;
	uint32_t eid_epoch;
	uint32_t last_eid;
	uint32_t last_consulted_eid; /* events only */
} attr_swima_hdr_t;

int attr_swima_hdr_begin(const uint8_t *v, size_t len, bool events, bool with_record,
			 attr_swima_hdr_t *hdr, attr_swima_iter_t *it, nea_perr_t *err);
int attr_swima_hdr_write(const attr_swima_hdr_t *hdr, bool events, size_t count, nea_wr_t *w);
/* 1 when a record is still due, 0 when all are read and the value ends
 * exactly, <0 for bytes after the last one. */
int attr_swima_iter_more(attr_swima_iter_t *it, nea_perr_t *err);
/* Read all the rest of the iterator's items into one array of item_size
 * elements, sized by the count but bounded by min_wire bytes per item (plus
 * 4 with records); next reads one item. The array is freed on error. */
typedef int (*attr_swima_next_fn)(attr_swima_iter_t *it, void *item, nea_perr_t *err);
int attr_swima_collect(attr_swima_iter_t *it, size_t item_size, size_t min_wire, const char *what,
		       attr_swima_next_fn next, void **items, size_t *count, nea_perr_t *err);

/* The shared record layout (action byte written as given). */
int attr_swima_record_read(nea_rd_t *r, bool with_record, attr_swima_record_t *rec,
			   nea_perr_t *err);
int attr_swima_record_write(const attr_swima_record_t *rec, bool with_record, nea_wr_t *w);
void attr_swima_record_print(const attr_swima_record_t *rec, bool with_record, nea_wr_t *o);

extern const patnc_codec_t attr_swima_sw_id_inv_codec;
extern const patnc_codec_t attr_swima_sw_inv_codec;

#endif

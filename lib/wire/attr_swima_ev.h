/*
 * attr_swima_ev: IETF Software Identifier Events (RFC 8412 5.9, IETF type
 * 15) and Software Events (5.11, type 17).
 *
 * Contract: Flags (0x80 = subscription fulfillment), 24-bit event count,
 * Request ID copy / Subscription ID, EID Epoch, Last EID, Last Consulted
 * EID, then exactly count events: EID(4), Timestamp (20 characters,
 * "YYYY-MM-DDTHH:MM:SSZ"), and the software record of attr_swima_inv.h
 * whose Reserved byte is the Action: 1 creation, 2 deletion, 3 alteration.
 * Action 0 or above 3 is rejected with Invalid Parameter at the event's
 * offset (as strongSwan). Events are read one at a time with
 * attr_swima_ev_begin()/attr_swima_ev_next() or all at once; parsing is
 * linear (the captures carry 834 events in one attribute).
 */
#ifndef NEA_ATTR_SWIMA_EV_H
#define NEA_ATTR_SWIMA_EV_H

#include "attr_swima_inv.h"
#include "attr_time.h"

#define SWIMA_ACTION_CREATION 1
#define SWIMA_ACTION_DELETION 2
#define SWIMA_ACTION_ALTERATION 3

typedef struct {
	uint32_t eid;
	const uint8_t *timestamp; /* ATTR_TIME_LEN bytes, borrowed */
	attr_swima_record_t rec;  /* rec.action is the event's action */
} attr_swima_event_t;

typedef struct {
	uint8_t flags;
	uint32_t request_id;
	uint32_t eid_epoch;
	uint32_t last_eid;
	uint32_t last_consulted_eid;
	attr_swima_event_t *events;
	size_t count;
} attr_swima_ev_t;

int attr_swima_ev_begin(uint32_t type, const uint8_t *v, size_t len, attr_swima_ev_t *hdr,
			attr_swima_iter_t *it, nea_perr_t *err);
/* 1 read, 0 all read and the value ends exactly, <0 error. */
int attr_swima_ev_next(attr_swima_iter_t *it, attr_swima_event_t *ev, nea_perr_t *err);

/* type: IETF_ATTR_SW_ID_EVENTS or IETF_ATTR_SW_EVENTS */
int attr_swima_ev_parse(uint32_t type, const uint8_t *v, size_t len, attr_swima_ev_t *out,
			nea_perr_t *err);
int attr_swima_ev_build(uint32_t type, const attr_swima_ev_t *in, nea_wr_t *w);
void attr_swima_ev_print(uint32_t type, const attr_swima_ev_t *in, nea_wr_t *o);
void attr_swima_ev_release(attr_swima_ev_t *a);

extern const patnc_codec_t attr_swima_sw_id_ev_codec;
extern const patnc_codec_t attr_swima_sw_ev_codec;

#endif

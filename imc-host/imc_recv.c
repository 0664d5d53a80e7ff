/*
 * Incoming PA-TNC messages of the IMCs (strongSwan's imc_msg receive): the
 * message is checked (a malformed one is answered with a PA-TNC Error),
 * segmentation contracts and segments are handled, PA-TNC errors and the
 * IMV's assessment are logged, then the IMC sees the attributes and its
 * reply goes back to the sending IMV at once.
 */
#include "imc_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attr_ietf_attr_request.h"
#include "attr_ietf_pa_tnc_error.h"
#include "attr_names.h"
#include "attr_tcg_seg_contract.h"
#include "attr_tcg_seg_env.h"
#include "attr_tcg_seg_next.h"
#include "attr_types.h"
#include "nea_err.h"
#include "nea_log.h"
#include "patnc_msg.h"

typedef struct {
	imc_state_t *st;
	uint32_t imv;    /* the sending IMV */
	uint32_t target; /* the IMC ID the message was for */
	imc_msg_t *reply;
} rx_ctx_t;

static uint64_t mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec;
}

static void log_contract(const rx_ctx_t *x, const char *what, const seg_contract_t *c)
{
	const imc_module_ops_t *ops = x->st->slot->ops;
	char type[128], desc[160];

	seg_contract_describe(c, desc, sizeof(desc));
	NLOG(IMC, 2, "IMC %u received a segmentation contract %s from IMV %u for PA message type %s",
	     x->target, what, x->imv,
	     imc_pa_type_str(type, sizeof(type), ops->msg_vendor, ops->msg_subtype));
	NLOG(IMC, 2, "  %s", desc);
}

/* The IMV tells how it wants our attributes: answer with what we will do. */
static void contract_request(const rx_ctx_t *x, const attr_tcg_seg_contract_t *req)
{
	imc_contract_t *c = imc_state_contract(x->st, SEG_DIR_TX, x->imv, true);
	attr_tcg_seg_contract_t resp;
	uint32_t mine;

	if (!c) {
		NLOG(IMC, 0, "IMC %u: no memory for a segmentation contract with IMV %u", x->target,
		     x->imv);
		return;
	}
	seg_contract_set(&c->c, req->max_msg_size, req->max_seg_size);
	log_contract(x, "request", &c->c);
	/* A segment must still fit one of our PA-TNC messages. */
	mine = seg_max_seg_for_msg(x->st->conn->max_msg_len);
	if (req->max_seg_size != SEG_NO_LIMIT && req->max_seg_size > mine) {
		seg_contract_set(&c->c, req->max_msg_size, mine);
		NLOG(IMC, 2, "  lowered maximum segment size to %u bytes", mine);
	}
	seg_contract_to_attr(&c->c, &resp);
	if (imc_msg_add(x->reply, 0, PEN_TCG, TCG_SEG_CONTRACT_RESP, &resp) < 0)
		NLOG(IMC, 0, "IMC %u: cannot answer the segmentation contract request", x->target);
}

/* The answer to a contract we asked for. */
static void contract_response(const rx_ctx_t *x, const attr_tcg_seg_contract_t *resp)
{
	imc_contract_t *c = imc_state_contract(x->st, SEG_DIR_RX, x->imv, false), *any;
	uint32_t msg, seg;

	if (!c) {
		/* Asked of any IMV: this one answered, the contract becomes its own. */
		any = imc_state_contract(x->st, SEG_DIR_RX, IMC_ID_ANY, false);
		if (any) {
			msg = any->c.max_msg_size;
			seg = any->c.max_seg_size;
			c = imc_state_contract(x->st, SEG_DIR_RX, x->imv, true);
			if (c)
				seg_contract_set(&c->c, msg, seg);
		}
	}
	if (!c) {
		NLOG(IMC, 1, "IMC %u: segmentation contract response from IMV %u, but no contract "
			     "for this PA message type was requested",
		     x->target, x->imv);
		return;
	}
	if (c->c.max_seg_size != SEG_NO_LIMIT && c->c.max_seg_size > resp->max_seg_size)
		seg_contract_set(&c->c, c->c.max_msg_size, resp->max_seg_size);
	log_contract(x, "response", &c->c);
}

static void queue_error(const rx_ctx_t *x, const patnc_fault_t *f)
{
	if (f->has_error &&
	    imc_msg_add(x->reply, 0, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &f->error) < 0)
		NLOG(IMC, 0, "IMC %u: cannot queue a PA-TNC error for IMV %u", x->target, x->imv);
}

/* One Segment Envelope of an attribute the IMV sends under our contract. */
static bool segment(const rx_ctx_t *x, const attr_tcg_seg_env_t *env, seg_attr_t *done)
{
	imc_contract_t *c = imc_state_contract(x->st, SEG_DIR_RX, x->imv, false);
	attr_tcg_seg_next_t next;
	patnc_fault_t fault;
	int rc;

	if (!c) {
		NLOG(IMC, 1, "IMC %u: no contract for received attribute segment with base "
			     "message ID %u from IMV %u",
		     x->target, env->base_id, x->imv);
		return false;
	}
	rc = seg_contract_add(&c->c, env, mono_seconds(), done, &fault);
	if (rc < 0) {
		NLOG(IMC, 1, "IMC %u: segment for base message ID %u from IMV %u refused: %s",
		     x->target, env->base_id, x->imv, fault.perr.msg[0] ? fault.perr.msg
									 : nea_strerror(rc));
		queue_error(x, &fault);
		return false;
	}
	if (rc == SEG_MORE) {
		if (seg_contract_request_next(&c->c, env->base_id, &next) == 0 &&
		    imc_msg_add(x->reply, 0, PEN_TCG, TCG_SEG_NEXT_SEGMENT, &next) < 0)
			NLOG(IMC, 0, "IMC %u: cannot ask for the next segment", x->target);
		return false;
	}
	if (rc == SEG_SKIPPED) {
		NLOG(IMC, 2, "IMC %u: segmented attribute of an unknown type skipped", x->target);
		return false;
	}
	NLOG(IMC, 2, "IMC %u: attribute with base message ID %u reassembled (%zu bytes)",
	     x->target, env->base_id, done->len);
	return true;
}

/* The IMV asks for the next piece of an attribute we segmented. */
static void next_segment(const rx_ctx_t *x, const attr_tcg_seg_next_t *req)
{
	imc_contract_t *c = imc_state_contract(x->st, SEG_DIR_TX, x->imv, false);
	attr_tcg_seg_env_t env;
	bool last = false;
	int rc;

	if (!c) {
		NLOG(IMC, 1, "IMC %u: no contract for received next segment request with base "
			     "message ID %u",
		     x->target, req->base_id);
		return;
	}
	rc = seg_contract_next(&c->c, req, mono_seconds(), &env, &last);
	if (rc == 1) {
		NLOG(IMC, 1, "IMC %u: IMV %u cancelled the segments of base message ID %u",
		     x->target, x->imv, req->base_id);
		return;
	}
	if (rc < 0) {
		NLOG(IMC, 1, "IMC %u: no more segments found for base message ID %u", x->target,
		     req->base_id);
		return;
	}
	NLOG(TNC, 2, "creating %s segment for base message ID %u (%zu bytes)",
	     last ? "last" : "next", env.base_id, env.segment_len);
	/* env points into the contract; encoding copies it before the next call. */
	if (imc_msg_add(x->reply, 0, PEN_TCG, TCG_SEG_ENVELOPE, &env) < 0)
		NLOG(IMC, 0, "IMC %u: cannot queue the segment for base message ID %u", x->target,
		     req->base_id);
}

/* strongSwan's process_ietf_std_errors: log them; each one is fatal. */
static bool pa_tnc_errors(const imc_attrs_t *v)
{
	char type[128];
	bool fatal = false;

	for (size_t i = 0; i < v->count; i++) {
		const patnc_attr_t *a = v->items[i];
		const attr_ietf_pa_tnc_error_t *e = a->data;
		const char *name;

		if (a->vendor != PEN_IETF || a->type != IETF_ATTR_PA_TNC_ERROR || !e)
			continue;
		if (e->vendor != PEN_IETF || e->code > PA_ERROR_ATTR_TYPE_NOT_SUPPORTED)
			continue; /* errors of a measurement protocol, not of PA-TNC */
		name = attr_pa_error_name(e->vendor, e->code);
		NLOG(TNC, 1, "received PA-TNC error '%s' concerning message 0x%08x/0x%08x",
		     name ? name : "unknown", nea_get_u32(e->msg_info), nea_get_u32(e->msg_info + 4));
		if (e->code == PA_ERROR_INVALID_PARAMETER)
			NLOG(TNC, 1, "  occurred at offset of %u bytes", e->offset);
		else if (e->code == PA_ERROR_ATTR_TYPE_NOT_SUPPORTED)
			NLOG(TNC, 1, "  unsupported attribute type %s, flags 0x%02x",
			     imc_attr_type_str(type, sizeof(type), e->unsup_vendor, e->unsup_type),
			     e->unsup_flags);
		fatal = true;
	}
	return fatal;
}

static void log_attrs(const patnc_rx_t *rx)
{
	char type[128];

	if (!nea_log_enabled(NEA_LG_TNC, 2))
		return;
	NLOG(TNC, 2, "processing PA-TNC message with ID 0x%08x", rx->hdr.msg_id);
	for (size_t i = 0; i < rx->count; i++) {
		const patnc_attr_t *a = &rx->attrs[i];
		const attr_ietf_attr_request_t *r = a->data;

		NLOG(TNC, 2, "processing PA-TNC attribute type %s",
		     imc_attr_type_str(type, sizeof(type), a->vendor, a->type));
		nea_log_hex(NEA_LG_TNC, 3, "", a->value, a->value_len);
		if (a->vendor != PEN_IETF || a->type != IETF_ATTR_ATTRIBUTE_REQUEST || !r)
			continue;
		for (size_t j = 0; j < r->count; j++)
			NLOG(TNC, 2, "  %s", imc_attr_type_str(type, sizeof(type),
							       r->entries[j].vendor,
							       r->entries[j].type));
	}
}

void imc_recv_deliver(imc_state_t *st, const Nea__PaMessage *pa)
{
	const imc_slot_t *s = st->slot;
	uint64_t conn_id = st->conn->id;
	const patnc_attr_t **view = NULL;
	seg_attr_t *done = NULL;
	size_t nview = 0, ndone = 0;
	imc_msg_t reply;
	patnc_rx_t rx;
	rx_ctx_t x;
	imc_attrs_t attrs;
	bool fatal;
	int rc;

	x.st = st;
	x.imv = pa->src_id;
	x.target = pa->dst_id != IMC_ID_ANY ? pa->dst_id : s->id;
	x.reply = &reply;
	if (!st->conn->has_long)
		NLOG(IMC, 2, "IMC %u \"%s\" received message for Connection ID %llu", s->id, s->name,
		     (unsigned long long)conn_id);
	else if (pa->dst_id != IMC_ID_ANY)
		NLOG(IMC, 2, "IMC %u \"%s\" received message for Connection ID %llu from IMV %u to IMC %u",
		     s->id, s->name, (unsigned long long)conn_id, pa->src_id, pa->dst_id);
	else
		NLOG(IMC, 2, "IMC %u \"%s\" received message for Connection ID %llu from IMV %u", s->id,
		     s->name, (unsigned long long)conn_id, pa->src_id);
	nea_log_hex(NEA_LG_IMC, 3, "", pa->body.data, pa->body.len);
	/* Replies come from the IMC the message was for and go to its sender. */
	imc_msg_init(&reply, st, x.target, pa->src_id);

	rc = patnc_msg_process(pa->body.data, pa->body.len, &rx);
	if (rc < 0) {
		NLOG(TNC, 1, "IMC %u: PA-TNC message from IMV %u refused: %s (offset %zu)%s", x.target,
		     pa->src_id, rx.fault.perr.msg[0] ? rx.fault.perr.msg : nea_strerror(rc),
		     rx.fault.perr.offset, rx.fault.has_error ? "; sending a PA-TNC error" : "");
		queue_error(&x, &rx.fault);
		goto send;
	}
	log_attrs(&rx);

	if (rx.count) {
		view = calloc(rx.count, sizeof(*view));
		done = calloc(rx.count, sizeof(*done));
		if (!view || !done) {
			NLOG(IMC, 0, "IMC %u: no memory to process a PA-TNC message", x.target);
			goto out;
		}
	}
	/* Segmentation first, as strongSwan: a contract response leads the reply. */
	for (size_t i = 0; i < rx.count; i++) {
		const patnc_attr_t *a = &rx.attrs[i];

		if (a->vendor == PEN_TCG && a->data) {
			switch (a->type) {
			case TCG_SEG_CONTRACT_REQ:
				contract_request(&x, a->data);
				break;
			case TCG_SEG_CONTRACT_RESP:
				contract_response(&x, a->data);
				break;
			case TCG_SEG_ENVELOPE:
				if (segment(&x, a->data, &done[ndone]))
					ndone++;
				continue; /* the IMC sees the reassembled attribute */
			case TCG_SEG_NEXT_SEGMENT:
				next_segment(&x, a->data);
				break;
			default:
				break;
			}
		}
		view[nview++] = a;
	}
	for (size_t i = 0; i < ndone; i++)
		view[nview++] = &done[i].attr;
	attrs.items = view;
	attrs.count = nview;

	fatal = pa_tnc_errors(&attrs);
	imc_outcome_assessment(st, x.target, pa->src_id, &attrs);
	rc = s->ops->receive(s->priv, st, &attrs, &reply);
	if (rc < 0) {
		NLOG(IMC, 0, "IMC %u \"%s\" failed to process the message from IMV %u: %s; no reply",
		     s->id, s->name, pa->src_id, nea_strerror(rc));
		goto out;
	}
	if (fatal) {
		NLOG(IMC, 1, "IMC %u \"%s\": IMV %u reported a PA-TNC error; no reply", s->id,
		     s->name, pa->src_id);
		goto out;
	}
send:
	imc_msg_send(&reply, true);
out:
	for (size_t i = 0; i < ndone; i++)
		seg_attr_free(&done[i]);
	free(done);
	free(view);
	patnc_rx_free(&rx);
	imc_msg_free(&reply);
}

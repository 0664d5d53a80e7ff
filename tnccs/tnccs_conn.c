#include "tnccs_conn.h"

#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "tnc_names.h"

void tnccs_conn_init(tnccs_conn_t *c, bool is_server, uint32_t id, const tnccs_limits_t *lim,
		     size_t queue_max)
{
	size_t qmax;

	memset(c, 0, sizeof(*c));
	c->is_server = is_server;
	c->id = id;
	c->state = PBTNC_STATE_INIT;
	c->lim = *lim;
	if (queue_max)
		qmax = queue_max;
	else if (!nea_mul_size(lim->max_batch, 4, &qmax))
		qmax = SIZE_MAX;
	tnccs_msgq_init(&c->q, qmax);
	/* strongSwan starts both handlers with their data batch selected */
	c->batch_type = is_server ? PBTNC_BATCH_SDATA : PBTNC_BATCH_CDATA;
}

void tnccs_conn_free(tnccs_conn_t *c)
{
	tnccs_msgq_free(&c->q);
}

const char *tnccs_msg_name(char *buf, size_t size, const pbtnc_msg_t *m)
{
	return pbtnc_msg_type_str(buf, size, m->vendor, m->type);
}

static const char *type_name(uint8_t t)
{
	const char *n = pbtnc_batch_type_name(t);

	return n ? n : "NONE";
}

static void set_state(tnccs_conn_t *c, pbtnc_state_t next)
{
	if (next != c->state)
		NLOG(TNC, 2, "PB-TNC state transition from '%s' to '%s'", pbtnc_state_name(c->state),
		     pbtnc_state_name(next));
	c->state = next;
}

void tnccs_conn_set_type(tnccs_conn_t *c, uint8_t type)
{
	if (type == c->batch_type)
		return;
	if (c->batch_type != PBTNC_BATCH_NONE) {
		NLOG(TNC, 1, "cancelling PB-TNC %s batch", type_name(c->batch_type));
		tnccs_msgq_clear(&c->q);
	}
	c->batch_type = type;
}

int tnccs_conn_add(tnccs_conn_t *c, const pbtnc_msg_t *m)
{
	return tnccs_msgq_push(&c->q, m);
}

int tnccs_conn_fail(tnccs_conn_t *c, const pbtnc_error_t *e)
{
	pbtnc_msg_t m;
	int rc;

	c->fatal = true;
	tnccs_conn_set_type(c, PBTNC_BATCH_CLOSE);
	pbtnc_msg_init(&m, PBTNC_KIND_ERROR);
	m.u.error = *e;
	rc = tnccs_conn_add(c, &m);
	if (rc == NEA_ETOOBIG) {
		/* the PB-Error must go out: make room */
		tnccs_msgq_clear(&c->q);
		rc = tnccs_conn_add(c, &m);
	}
	return rc;
}

void tnccs_conn_log_error(tnccs_conn_t *c, const pbtnc_error_t *e)
{
	const char *kind = e->fatal ? "fatal" : "non-fatal";
	const char *name = pbtnc_error_code_name(e->vendor, e->code);

	if (e->fatal)
		c->fatal = true;
	if (e->vendor != TNC_PEN_IETF) {
		NLOG(TNC, 1, "received %s PB-TNC error (%u) with Vendor ID 0x%06x", kind, e->code,
		     e->vendor);
		return;
	}
	switch (e->code) {
	case PBTNC_ERR_INVALID_PARAMETER:
	case PBTNC_ERR_UNSUPPORTED_MANDATORY_MSG:
		NLOG(TNC, 1, "received %s PB-TNC error '%s' (offset %u bytes)", kind,
		     name ? name : "unknown", e->has_offset ? e->offset : 0);
		break;
	case PBTNC_ERR_VERSION_NOT_SUPPORTED:
		NLOG(TNC, 1, "received %s PB-TNC error '%s' caused by bad version 0x%02x", kind,
		     name ? name : "unknown", e->has_version ? e->bad_version : 0);
		break;
	default:
		NLOG(TNC, 1, "received %s PB-TNC error '%s'", kind, name ? name : "unknown");
		break;
	}
}

/* The header checks strongSwan makes before it says "processing". */
static bool header_acceptable(const tnccs_conn_t *c, const uint8_t *data, size_t len,
			      pbtnc_batch_hdr_t *h)
{
	pbtnc_state_t next;

	if (pbtnc_batch_hdr_parse(data, len, h, NULL) < 0)
		return false;
	return h->version == PBTNC_VERSION && h->from_server != c->is_server &&
	       h->type <= PBTNC_BATCH_CLOSE &&
	       pbtnc_state_next(c->state, h->type, h->from_server, &next) == 0;
}

int tnccs_conn_recv(tnccs_conn_t *c, const uint8_t *data, size_t len, pbtnc_batch_t *b)
{
	pbtnc_recv_opts_t opts = {
		.is_server = c->is_server,
		/* receive what the transport can carry; our own limit is for sending */
		.max_batch_size = c->lim.max_recv ? c->lim.max_recv : PBTNC_MAX_BATCH_PTTLS,
		.state = &c->state,
	};
	pbtnc_batch_hdr_t h;
	pbtnc_error_t reply;
	nea_perr_t err = { 0 };
	char name[64];
	int rc;

	c->batches_in++;
	NLOG(TNC, 1, "received TNCCS batch (%zu bytes)", len);
	if (nea_log_enabled(NEA_LG_TNC, 3))
		nea_log_hex(NEA_LG_TNC, 3, "PB-TNC batch", data, len);
	NLOG(TNC, 2, "TNC %s is handling inbound connection", c->is_server ? "server" : "client");
	if (header_acceptable(c, data, len, &h))
		NLOG(TNC, 1, "processing PB-TNC %s batch for Connection ID %u", type_name(h.type),
		     c->id);
	rc = pbtnc_batch_parse(data, len, &opts, b, &reply, &err);
	if (rc < 0) {
		const char *en = pbtnc_error_code_name(reply.vendor, reply.code);

		NLOG(TNC, 1, "%s", err.msg);
		NLOG(TNC, 1,
		     "Connection ID %u: PB-TNC batch rejected at offset %zu; sending fatal PB-Error '%s' in a CLOSE batch",
		     c->id, err.offset, en ? en : "unknown");
		if (tnccs_conn_fail(c, &reply) < 0)
			NLOG(TNC, 0, "Connection ID %u: cannot queue the PB-Error", c->id);
		return rc;
	}
	if (b->hdr.type == PBTNC_BATCH_CDATA)
		c->empty_cdata = b->empty;
	set_state(c, b->next_state);
	for (size_t i = 0; i < b->n_msgs; i++) {
		const pbtnc_msg_t *m = &b->msgs[i];
		size_t mlen = PBTNC_MSG_HDR_LEN + m->value_len;

		tnccs_msg_name(name, sizeof(name), m);
		if (m->kind == PBTNC_KIND_UNKNOWN)
			NLOG(TNC, 1, "ignore PB-TNC message 0x%06x/0x%08x)", m->vendor, m->type);
		else if (m->skip)
			NLOG(TNC, 1, "ignore %s message not received within RESULT batch", name);
		else
			NLOG(TNC, 2, "processing %s message (%zu bytes)", name, mlen);
	}
	return 0;
}

int tnccs_conn_build(tnccs_conn_t *c, uint8_t **out, size_t *out_len)
{
	pbtnc_batch_builder_t bb;
	pbtnc_state_t next;
	char name[64];
	size_t added = 0;
	int rc;

	*out = NULL;
	*out_len = 0;
	if (c->batch_type == PBTNC_BATCH_NONE) {
		NLOG(TNC, 1, "no PB-TNC batch to send");
		return NEA_ENOTFOUND;
	}
	if (pbtnc_state_next(c->state, c->batch_type, c->is_server, &next) < 0) {
		NLOG(TNC, 1, "Connection ID %u: a PB-TNC %s batch may not be sent in state '%s'",
		     c->id, type_name(c->batch_type), pbtnc_state_name(c->state));
		tnccs_conn_set_type(c, PBTNC_BATCH_NONE);
		return NEA_ESTATE;
	}
	rc = pbtnc_batch_builder_init(&bb, c->is_server, c->batch_type, c->lim.max_batch);
	if (rc < 0)
		return rc;
	/* strongSwan moves the state machine before it assembles the batch */
	set_state(c, next);
	NLOG(TNC, 2, "creating PB-TNC %s batch", type_name(c->batch_type));
	while (added < tnccs_msgq_len(&c->q)) {
		const tnccs_qmsg_t *e = tnccs_msgq_at(&c->q, added);

		rc = pbtnc_batch_builder_add(&bb, &e->m);
		tnccs_msg_name(name, sizeof(name), &e->m);
		if (rc == NEA_ETOOBIG && added == 0 &&
		    e->size > c->lim.max_batch - PBTNC_BATCH_HDR_LEN) {
			/* would never fit: do not let it block the queue forever */
			NLOG(TNC, 1, "Connection ID %u: dropping %s message of %zu bytes, larger than the maximum PB-TNC batch size of %zu bytes",
			     c->id, name, e->size, c->lim.max_batch);
			tnccs_msgq_drop(&c->q, 1);
			continue;
		}
		if (rc == NEA_ETOOBIG)
			break;
		if (rc < 0)
			goto fail;
		NLOG(TNC, 2, "adding %s message", name);
		added++;
	}
	*out = pbtnc_batch_builder_finish(&bb, out_len);
	if (!*out) {
		rc = NEA_ENOMEM;
		goto fail;
	}
	pbtnc_batch_builder_free(&bb);
	tnccs_msgq_drop(&c->q, added);
	NLOG(TNC, 1, "sending PB-TNC %s batch (%zu bytes) for Connection ID %u",
	     type_name(c->batch_type), *out_len, c->id);
	if (nea_log_enabled(NEA_LG_TNC, 3))
		nea_log_hex(NEA_LG_TNC, 3, "PB-TNC batch", *out, *out_len);
	c->batches_out++;
	if (tnccs_msgq_len(&c->q)) {
		size_t n = tnccs_msgq_len(&c->q);

		NLOG(TNC, 2, "queued %zu PB-TNC message%s for next %s batch", n, n == 1 ? "" : "s",
		     type_name(c->batch_type));
	} else {
		c->batch_type = PBTNC_BATCH_NONE;
	}
	return 0;
fail:
	pbtnc_batch_builder_free(&bb);
	return rc;
}

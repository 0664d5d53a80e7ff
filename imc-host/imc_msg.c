/*
 * Outgoing PA-TNC messages of the IMCs (strongSwan's imc_msg send): the
 * queued attributes are cut into as many PA-TNC messages as the
 * connection's maximum message size needs, after the segmentation contract
 * with the destination IMV has turned oversized attributes into their
 * first Segment Envelope.
 */
#include "imc_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attr_tcg_seg_contract.h"
#include "attr_tcg_seg_env.h"
#include "attr_types.h"
#include "nea_err.h"
#include "nea_log.h"
#include "patnc_msg.h"

void imc_msg_init(imc_msg_t *m, imc_state_t *st, uint32_t src_id, uint32_t dst_id)
{
	memset(m, 0, sizeof(*m));
	m->st = st;
	m->src_id = src_id;
	m->dst_id = dst_id;
}

void imc_msg_free(imc_msg_t *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->q[i].buf);
	free(m->q);
	m->q = NULL;
	m->n = m->cap = 0;
}

size_t imc_msg_count(const imc_msg_t *m)
{
	return m->n;
}

/* Take ownership of an encoded attribute (freed here on failure). */
static int enqueue(imc_msg_t *m, uint8_t *buf, size_t len)
{
	imc_qattr_t *grown;
	size_t cap, bytes;

	if (m->n == m->cap) {
		if (!nea_mul_size(m->cap ? m->cap : 4, 2, &cap) ||
		    !nea_mul_size(cap, sizeof(*grown), &bytes) || !(grown = realloc(m->q, bytes))) {
			free(buf);
			return NEA_ENOMEM;
		}
		m->q = grown;
		m->cap = cap;
	}
	m->q[m->n].buf = buf;
	m->q[m->n].len = len;
	m->q[m->n].flags = buf[0];
	m->q[m->n].vendor = nea_get_u24(buf + 1);
	m->q[m->n].type = nea_get_u32(buf + 4);
	m->n++;
	return 0;
}

static int finish(imc_msg_t *m, nea_wr_t *w, int rc)
{
	uint8_t *buf;
	size_t len;

	if (rc == 0)
		rc = nea_wr_error(w);
	if (rc < 0) {
		nea_wr_free(w);
		return rc;
	}
	buf = nea_wr_detach(w, &len);
	if (!buf)
		return NEA_ENOMEM;
	return enqueue(m, buf, len);
}

int imc_msg_add(imc_msg_t *m, uint8_t flags, uint32_t vendor, uint32_t type, const void *data)
{
	nea_wr_t w;

	nea_wr_init(&w, 0);
	return finish(m, &w, patnc_attr_encode(flags, vendor, type, data, &w));
}

int imc_msg_add_raw(imc_msg_t *m, uint8_t flags, uint32_t vendor, uint32_t type,
		    const uint8_t *value, size_t len)
{
	nea_wr_t w;

	nea_wr_init(&w, 0);
	return finish(m, &w, patnc_attr_encode_raw(flags, vendor, type, value, len, &w));
}

int imc_msg_request_contract(imc_msg_t *m, uint32_t max_msg_size, uint32_t max_seg_size)
{
	imc_state_t *st = m->st;
	imc_contract_t *c = imc_state_contract(st, SEG_DIR_RX, m->dst_id, true);
	attr_tcg_seg_contract_t req;
	char type[128], desc[160];

	if (!c)
		return NEA_ENOMEM;
	seg_contract_set(&c->c, max_msg_size, max_seg_size);
	seg_contract_to_attr(&c->c, &req);
	seg_contract_describe(&c->c, desc, sizeof(desc));
	NLOG(IMC, 2, "IMC %u requests a segmentation contract for PA message type %s", m->src_id,
	     imc_pa_type_str(type, sizeof(type), st->slot->ops->msg_vendor,
			     st->slot->ops->msg_subtype));
	NLOG(IMC, 2, "  %s", desc);
	return imc_msg_add(m, 0, PEN_TCG, TCG_SEG_CONTRACT_REQ, &req);
}

static uint64_t mono_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec;
}

static void drop_at(imc_msg_t *m, size_t i)
{
	free(m->q[i].buf);
	memmove(&m->q[i], &m->q[i + 1], (m->n - i - 1) * sizeof(m->q[0]));
	m->n--;
}

/*
 * Apply the contract with the destination: an attribute the IMV cannot
 * take at all is dropped, one larger than a segment is replaced by its
 * first Segment Envelope (the rest follows on Next Segment requests).
 */
static int apply_contract(imc_msg_t *m, imc_contract_t *c)
{
	char type[128];
	size_t i = 0;

	while (i < m->n) {
		imc_qattr_t *q = &m->q[i];
		attr_tcg_seg_env_t env;
		bool oversize;
		nea_wr_t w;
		uint8_t *buf;
		size_t len;
		int rc;

		rc = seg_contract_check(&c->c, q->len, &oversize);
		imc_attr_type_str(type, sizeof(type), q->vendor, q->type);
		if (oversize) {
			NLOG(IMC, 1, "IMC %u: PA-TNC attribute type %s of %zu bytes exceeds the "
				     "maximum message size of %u bytes IMV %u accepts; not sent",
			     m->src_id, type, q->len, c->c.max_msg_size, m->dst_id);
			drop_at(m, i);
			continue;
		}
		if (rc != 1) {
			i++;
			continue;
		}
		rc = seg_contract_first(&c->c, q->buf, q->len, mono_seconds(), &env);
		if (rc < 0) {
			NLOG(IMC, 0, "IMC %u: cannot segment PA-TNC attribute type %s: %s; not sent",
			     m->src_id, type, nea_strerror(rc));
			drop_at(m, i);
			continue;
		}
		NLOG(IMC, 2, "IMC %u: PA-TNC attribute type %s (%zu bytes) goes to IMV %u in "
			     "segments of %u bytes, base message ID %u",
		     m->src_id, type, q->len, m->dst_id, c->c.max_seg_size, env.base_id);
		NLOG(TNC, 2, "creating first segment for base message ID %u (%zu bytes)",
		     env.base_id, env.segment_len);
		nea_wr_init(&w, 0);
		rc = patnc_attr_encode(0, PEN_TCG, TCG_SEG_ENVELOPE, &env, &w);
		if (rc == 0)
			rc = nea_wr_error(&w);
		buf = rc == 0 ? nea_wr_detach(&w, &len) : NULL;
		if (!buf) {
			nea_wr_free(&w);
			return rc < 0 ? rc : NEA_ENOMEM;
		}
		free(q->buf);
		q->buf = buf;
		q->len = len;
		q->flags = 0;
		q->vendor = PEN_TCG;
		q->type = TCG_SEG_ENVELOPE;
		i++;
	}
	return 0;
}

static int emit(imc_msg_t *m, bool excl, const uint8_t *body, size_t len)
{
	imc_conn_t *conn = m->st->conn;
	const imc_module_ops_t *ops = m->st->slot->ops;
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__PaMessage pa = NEA__PA_MESSAGE__INIT;

	pa.vendor = ops->msg_vendor;
	pa.subtype = ops->msg_subtype;
	pa.src_id = m->src_id;
	pa.dst_id = m->dst_id;
	/* Exclusive delivery needs a known destination and a TNCCS that has it. */
	pa.exclusive = excl && conn->has_excl && m->dst_id != IMC_ID_ANY;
	pa.body.data = (uint8_t *)body;
	pa.body.len = len;
	env.body_case = NEA__ENVELOPE__BODY_PA_MESSAGE;
	env.pa_message = &pa;
	return imc_host_send(conn, &env);
}

int imc_msg_send(imc_msg_t *m, bool excl)
{
	imc_conn_t *conn = m->st->conn;
	imc_host_t *h = conn->peer->host;
	imc_contract_t *c = NULL;
	char type[128];
	size_t i = 0;
	int rc = 0;

	if (m->dst_id != IMC_ID_ANY)
		c = imc_state_contract(m->st, SEG_DIR_TX, m->dst_id, false);
	if (c) {
		rc = apply_contract(m, c);
		if (rc < 0)
			goto out;
	}
	while (i < m->n) {
		patnc_builder_t b;
		uint32_t msg_id = h->next_msg_id(h->msg_id_arg);
		size_t added = 0, len;
		uint8_t *body;

		rc = patnc_builder_init(&b, msg_id, conn->max_msg_len);
		if (rc < 0) {
			patnc_builder_free(&b);
			goto out;
		}
		NLOG(TNC, 2, "creating PA-TNC message with ID 0x%08x", msg_id);
		while (i < m->n) {
			imc_qattr_t *q = &m->q[i];

			imc_attr_type_str(type, sizeof(type), q->vendor, q->type);
			rc = patnc_builder_add_raw(&b, q->flags, q->vendor, q->type,
						   q->buf + PATNC_ATTR_HDR_LEN,
						   q->len - PATNC_ATTR_HDR_LEN);
			if (rc == NEA_ETOOBIG && added)
				break; /* into the next message */
			i++;
			if (rc == NEA_ETOOBIG) {
				NLOG(IMC, 1, "IMC %u: PA-TNC attribute type %s of %zu bytes is too "
					     "large to send, deleted",
				     m->src_id, type, q->len);
				continue;
			}
			if (rc < 0) {
				patnc_builder_free(&b);
				goto out;
			}
			NLOG(TNC, 2, "creating PA-TNC attribute type %s", type);
			nea_log_hex(NEA_LG_TNC, 3, "", q->buf + PATNC_ATTR_HDR_LEN,
				    q->len - PATNC_ATTR_HDR_LEN);
			added++;
		}
		if (!added) {
			patnc_builder_free(&b);
			continue;
		}
		body = patnc_builder_finish(&b, &len);
		if (!body) {
			rc = NEA_ENOMEM;
			goto out;
		}
		NLOG(TNC, 3, "created PA-TNC message (%zu bytes)", len);
		nea_log_hex(NEA_LG_TNC, 4, "", body, len);
		rc = emit(m, excl, body, len);
		free(body);
		if (rc < 0)
			goto out;
	}
out:
	imc_msg_free(m);
	if (rc < 0)
		NLOG(IMC, 0, "IMC %u: sending to Connection ID %llu failed: %s", m->src_id,
		     (unsigned long long)conn->id, nea_strerror(rc));
	return rc;
}

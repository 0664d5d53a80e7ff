/*
 * A PA message on its way into one IMV (strongSwan imv_msg receive):
 * decode it with lib/wire's receiver rules, answer a malformed one with the
 * PA-TNC Error those rules name, run the IF-M segmentation layer (contract
 * requests and responses, Segment Envelopes, Next Segment), notice IETF
 * PA-TNC errors the IMC reports, then hand the attributes to the IMV.
 *
 * A malformed message is answered with its PA-TNC Error attribute
 * (RFC 5792 4.2.8) and not shown to the IMV. strongSwan 5.9.14 builds the
 * same attribute but its imv_msg discards it with the reply; nea sends it
 * so the IMC learns what went wrong.
 */
#include "imv_host_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attr_ietf_pa_tnc_error.h"
#include "attr_names.h"
#include "attr_tcg_seg_contract.h"
#include "attr_tcg_seg_env.h"
#include "attr_tcg_seg_next.h"
#include "attr_types.h"
#include "nea_err.h"
#include "nea_log.h"

/* ------------------------------------------------------------ contracts */

static imv_contract_t *contract_find(imv_state_t *st, uint32_t vendor, uint32_t subtype,
				     bool issuer, uint32_t imc)
{
	for (size_t i = 0; i < st->n_contracts; i++) {
		imv_contract_t *k = &st->contracts[i];

		if (k->issuer == issuer && k->imc == imc && k->c.pa_vendor == vendor &&
		    k->c.pa_subtype == subtype)
			return k;
	}
	return NULL;
}

static imv_contract_t *contract_add(imv_state_t *st, uint32_t vendor, uint32_t subtype,
				    bool issuer, uint32_t imc, uint32_t max_msg, uint32_t max_seg)
{
	imv_contract_t *n = realloc(st->contracts, (st->n_contracts + 1) * sizeof(*n));
	imv_contract_t *k;

	if (!n)
		return NULL;
	st->contracts = n;
	k = &n[st->n_contracts];
	if (seg_contract_init(&k->c, vendor, subtype, issuer ? SEG_DIR_RX : SEG_DIR_TX, max_msg,
			      max_seg) < 0)
		return NULL;
	k->imc = imc;
	k->issuer = issuer;
	st->n_contracts++;
	return k;
}

void imv_contracts_free(imv_state_t *st)
{
	for (size_t i = 0; i < st->n_contracts; i++)
		seg_contract_free(&st->contracts[i].c);
	free(st->contracts);
	st->contracts = NULL;
	st->n_contracts = 0;
}

void imv_contracts_expire(imv_state_t *st, uint64_t now, uint64_t idle)
{
	for (size_t i = 0; i < st->n_contracts; i++) {
		size_t n = seg_contract_expire(&st->contracts[i].c, now, idle);

		if (n)
			NLOG(IMV, 1, "IMV %u dropped %zu unfinished segmented attribute(s) of "
				     "Connection ID %u",
			     st->imv_id, n, st->conn_id);
	}
}

int imv_contract_request(imv_state_t *st, imv_out_t *out, uint32_t max_msg)
{
	uint32_t vendor = st->cls->subs[0].vendor, subtype = st->cls->subs[0].subtype;
	imv_contract_t *k = contract_find(st, vendor, subtype, true, IMV_ID_ANY);
	attr_tcg_seg_contract_t a;
	char n[96], d[128];

	if (k)
		seg_contract_set(&k->c, max_msg, imv_state_max_seg(st));
	else
		k = contract_add(st, vendor, subtype, true, IMV_ID_ANY, max_msg,
				 imv_state_max_seg(st));
	if (!k)
		return NEA_ENOMEM;
	seg_contract_describe(&k->c, d, sizeof(d));
	NLOG(IMV, 2, "IMV %u requests a segmentation contract for PA message type '%s' "
		     "0x%06x/0x%08x",
	     st->imv_id, attr_pa_subtype_full_name(vendor, subtype, n, sizeof(n)), vendor, subtype);
	NLOG(IMV, 2, "  %s", d);
	seg_contract_to_attr(&k->c, &a);
	return imv_out_add(out, 0, PEN_TCG, TCG_SEG_CONTRACT_REQ, &a);
}

/* ------------------------------------------------------------ incoming */

size_t imv_in_count(const imv_in_t *in)
{
	return in->rx.count + in->n_seg;
}

const patnc_attr_t *imv_in_attr(const imv_in_t *in, size_t i)
{
	if (i < in->rx.count)
		return &in->rx.attrs[i];
	i -= in->rx.count;
	return i < in->n_seg ? &in->seg[i].attr : NULL;
}

static void in_free(imv_in_t *in)
{
	for (size_t i = 0; i < in->n_seg; i++)
		seg_attr_free(&in->seg[i]);
	free(in->seg);
	patnc_rx_free(&in->rx);
}

static int in_add_seg(imv_in_t *in, seg_attr_t *a)
{
	if (in->n_seg == in->cap_seg) {
		size_t cap = in->cap_seg ? in->cap_seg * 2 : 2;
		seg_attr_t *n = realloc(in->seg, cap * sizeof(*n));

		if (!n)
			return NEA_ENOMEM;
		in->seg = n;
		in->cap_seg = cap;
	}
	in->seg[in->n_seg++] = *a;
	return 0;
}

static void log_attr(const patnc_attr_t *a)
{
	char n[96];

	NLOG(TNC, 2, "processing PA-TNC attribute type '%s' 0x%06x/0x%08x",
	     attr_full_name(a->vendor, a->type, n, sizeof(n)), a->vendor, a->type);
}

static void contract_request(imv_state_t *st, imv_in_t *in, imv_out_t *reply,
			     const attr_tcg_seg_contract_t *req, uint32_t vendor, uint32_t subtype)
{
	imv_contract_t *k = contract_find(st, vendor, subtype, false, in->src_imc);
	uint32_t mine = imv_state_max_seg(st), seg = req->max_seg_size;
	attr_tcg_seg_contract_t resp;
	char n[96], d[128];

	if (k)
		seg_contract_set(&k->c, req->max_msg_size, seg);
	else
		k = contract_add(st, vendor, subtype, false, in->src_imc, req->max_msg_size, seg);
	if (!k) {
		NLOG(IMV, 0, "IMV %u: out of memory for a segmentation contract", st->imv_id);
		return;
	}
	seg_contract_describe(&k->c, d, sizeof(d));
	NLOG(IMV, 2, "IMV %u received a segmentation contract request from IMC %u for PA message "
		     "type '%s' 0x%06x/0x%08x",
	     st->imv_id, in->src_imc, attr_pa_subtype_full_name(vendor, subtype, n, sizeof(n)),
	     vendor, subtype);
	NLOG(IMV, 2, "  %s", d);
	/* segments we send must also fit our own messages */
	if (seg != SEG_NO_LIMIT && seg > mine) {
		seg = mine;
		seg_contract_set(&k->c, req->max_msg_size, seg);
		NLOG(IMV, 2, "  lowered maximum segment size to %u bytes", seg);
	}
	resp.max_msg_size = req->max_msg_size;
	resp.max_seg_size = seg;
	imv_out_add(reply, 0, PEN_TCG, TCG_SEG_CONTRACT_RESP, &resp);
}

static void contract_response(imv_state_t *st, imv_in_t *in, const attr_tcg_seg_contract_t *resp,
			      uint32_t vendor, uint32_t subtype)
{
	imv_contract_t *k = contract_find(st, vendor, subtype, true, in->src_imc);
	char n[96], d[128];

	if (!k) {
		imv_contract_t *any = contract_find(st, vendor, subtype, true, IMV_ID_ANY);

		/* our request went to any IMC: this one answered for itself */
		if (any)
			k = contract_add(st, vendor, subtype, true, in->src_imc, any->c.max_msg_size,
					 any->c.max_seg_size);
	}
	if (!k) {
		NLOG(IMV, 1, "no contract for this PA message type found");
		return;
	}
	if (k->c.max_seg_size != SEG_NO_LIMIT && k->c.max_seg_size > resp->max_seg_size)
		seg_contract_set(&k->c, k->c.max_msg_size, resp->max_seg_size);
	seg_contract_describe(&k->c, d, sizeof(d));
	NLOG(IMV, 2, "IMV %u received a segmentation contract response from IMC %u for PA "
		     "message type '%s' 0x%06x/0x%08x",
	     st->imv_id, in->src_imc, attr_pa_subtype_full_name(vendor, subtype, n, sizeof(n)),
	     vendor, subtype);
	NLOG(IMV, 2, "  %s", d);
}

static void segment(imv_state_t *st, imv_in_t *in, imv_out_t *reply, const attr_tcg_seg_env_t *env,
		    uint32_t vendor, uint32_t subtype)
{
	imv_contract_t *k = contract_find(st, vendor, subtype, true, in->src_imc);
	patnc_fault_t fault;
	seg_attr_t a;
	int rc;

	if (!k) {
		/* our request went to any IMC; one that segments without answering
		 * it first still sends under our limits */
		k = contract_find(st, vendor, subtype, true, IMV_ID_ANY);
	}
	if (!k) {
		NLOG(IMV, 1, "IMV %u: no contract for a received attribute segment with base "
			     "attribute ID %u from IMC %u; ignored",
		     st->imv_id, env->base_id, in->src_imc);
		return;
	}
	memset(&a, 0, sizeof(a));
	memset(&fault, 0, sizeof(fault));
	rc = seg_contract_add(&k->c, env, imv_host_now(st->conn->h), &a, &fault);
	if (rc == SEG_DONE) {
		NLOG(IMV, 2, "IMV %u reassembled attribute %u of %zu bytes from IMC %u", st->imv_id,
		     env->base_id, a.len, in->src_imc);
		log_attr(&a.attr);
		if (in_add_seg(in, &a) < 0)
			seg_attr_free(&a);
	} else if (rc == SEG_MORE) {
		attr_tcg_seg_next_t next;

		if (seg_contract_request_next(&k->c, env->base_id, &next) == 0)
			imv_out_add(reply, 0, PEN_TCG, TCG_SEG_NEXT_SEGMENT, &next);
	} else if (rc < 0) {
		NLOG(IMV, 1, "IMV %u refused a segment of base attribute ID %u from IMC %u: %s",
		     st->imv_id, env->base_id, in->src_imc,
		     fault.perr.msg[0] ? fault.perr.msg : nea_strerror(rc));
		if (fault.has_error)
			imv_out_add(reply, 0, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &fault.error);
	}
}

static void next_segment(imv_state_t *st, imv_in_t *in, imv_out_t *reply,
			 const attr_tcg_seg_next_t *req, uint32_t vendor, uint32_t subtype)
{
	imv_contract_t *k = contract_find(st, vendor, subtype, false, in->src_imc);
	attr_tcg_seg_env_t env;
	bool last = false;
	int rc;

	if (!k) {
		NLOG(IMV, 1, "no contract for received next segment request with base attribute "
			     "ID %u",
		     req->base_id);
		return;
	}
	rc = seg_contract_next(&k->c, req, imv_host_now(st->conn->h), &env, &last);
	if (rc == 0)
		imv_out_add(reply, 0, PEN_TCG, TCG_SEG_ENVELOPE, &env);
	else if (rc == 1)
		NLOG(IMV, 2, "IMC %u cancelled segmented attribute %u", in->src_imc, req->base_id);
	else
		NLOG(IMV, 1, "no more segments found for base attribute ID %u", req->base_id);
}

static void segmentation(imv_state_t *st, imv_in_t *in, imv_out_t *reply, uint32_t vendor,
			 uint32_t subtype)
{
	/* count first: reassembly appends to the list being walked */
	size_t n = in->rx.count;

	for (size_t i = 0; i < n; i++) {
		const patnc_attr_t *a = &in->rx.attrs[i];

		if (a->vendor != PEN_TCG || !a->data)
			continue;
		switch (a->type) {
		case TCG_SEG_CONTRACT_REQ:
			contract_request(st, in, reply, a->data, vendor, subtype);
			break;
		case TCG_SEG_CONTRACT_RESP:
			contract_response(st, in, a->data, vendor, subtype);
			break;
		case TCG_SEG_ENVELOPE:
			segment(st, in, reply, a->data, vendor, subtype);
			break;
		case TCG_SEG_NEXT_SEGMENT:
			next_segment(st, in, reply, a->data, vendor, subtype);
			break;
		default:
			break;
		}
	}
}

/* IETF PA-TNC errors about our messages (codes 0..3) end the assessment. */
static bool remote_errors(const imv_in_t *in)
{
	bool fatal = false;

	for (size_t i = 0; i < imv_in_count(in); i++) {
		const patnc_attr_t *a = imv_in_attr(in, i);
		const attr_ietf_pa_tnc_error_t *e = a->data;
		const char *name;
		char n[96];

		if (a->vendor != PEN_IETF || a->type != IETF_ATTR_PA_TNC_ERROR || !e)
			continue;
		if (e->vendor != PEN_IETF || e->code > PA_ERROR_ATTR_TYPE_NOT_SUPPORTED)
			continue; /* SWIMA errors are for the SWIMA IMV */
		name = attr_pa_error_name(e->vendor, e->code);
		NLOG(TNC, 1, "received PA-TNC error '%s' concerning message 0x%08x/0x%08x",
		     name ? name : "unknown", nea_get_u32(e->msg_info), nea_get_u32(e->msg_info + 4));
		if (e->code == PA_ERROR_INVALID_PARAMETER)
			NLOG(TNC, 1, "  occurred at offset of %u bytes", e->offset);
		else if (e->code == PA_ERROR_ATTR_TYPE_NOT_SUPPORTED)
			NLOG(TNC, 1, "  unsupported attribute type '%s' 0x%06x/0x%08x, flags 0x%02x",
			     attr_full_name(e->unsup_vendor, e->unsup_type, n, sizeof(n)),
			     e->unsup_vendor, e->unsup_type, e->unsup_flags);
		fatal = true;
	}
	return fatal;
}

int imv_msg_deliver(imv_state_t *st, const imv_job_t *job)
{
	imv_in_t in;
	imv_out_t reply;
	int rc = IMV_DONE, prc;

	if (job->dst != IMV_ID_ANY)
		NLOG(IMV, 2, "IMV %u \"%s\" received message for Connection ID %u from IMC %u to "
			     "IMV %u",
		     st->imv_id, st->name, st->conn_id, job->src, job->dst);
	else
		NLOG(IMV, 2, "IMV %u \"%s\" received message for Connection ID %u from IMC %u",
		     st->imv_id, st->name, st->conn_id, job->src);
	nea_log_hex(NEA_LG_IMV, 4, "", job->body, job->len);

	memset(&in, 0, sizeof(in));
	in.src_imc = job->src;
	in.dst_imv = job->dst;
	imv_out_init(&reply, st, job->src);
	reply.pa_vendor = job->pa_vendor;
	reply.pa_subtype = job->pa_subtype;

	prc = patnc_msg_process(job->body, job->len, &in.rx);
	if (prc != NEA_ETRUNC)
		NLOG(TNC, 2, "processing PA-TNC message with ID 0x%08x", in.rx.hdr.msg_id);
	for (size_t i = 0; i < in.rx.count; i++)
		log_attr(&in.rx.attrs[i]);
	if (prc < 0) {
		const patnc_fault_t *f = &in.rx.fault;
		const char *en = f->has_error ? attr_pa_error_name(f->error.vendor, f->error.code) : NULL;

		NLOG(IMV, 1, "IMV %u \"%s\": PA-TNC message from IMC %u on Connection ID %u is "
			     "malformed at byte %zu: %s%s%s%s",
		     st->imv_id, st->name, job->src, st->conn_id, f->perr.offset,
		     f->perr.msg[0] ? f->perr.msg : nea_strerror(prc),
		     f->has_error ? "; answering with PA-TNC error '" : "; not answered",
		     en ? en : "", f->has_error ? "'" : "");
		if (f->has_error) {
			imv_out_add(&reply, 0, PEN_IETF, IETF_ATTR_PA_TNC_ERROR, &f->error);
			imv_out_send(&reply, true);
		}
		goto out;
	}
	segmentation(st, &in, &reply, job->pa_vendor, job->pa_subtype);
	in.fatal_error = remote_errors(&in);
	if (reply.err < 0)
		NLOG(IMV, 1, "IMV %u: cannot build a reply for IMC %u (%s)", st->imv_id, job->src,
		     nea_strerror(reply.err));
	if (st->cls->receive)
		rc = st->cls->receive(st, &in, &reply);
	if (imv_out_count(&reply))
		imv_out_send(&reply, true);
out:
	imv_out_free(&reply);
	in_free(&in);
	return rc;
}

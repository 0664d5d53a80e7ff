/*
 * PA-TNC messages from an IMV (strongSwan imv_msg send/send_assessment):
 * queued attributes are cut into messages of at most the connection's
 * maximum PA-TNC message size, each with a random message ID; attributes
 * the IMC's segmentation contract marks as too big go out as a first
 * Segment Envelope (the rest follows on the IMC's Next Segment requests).
 */
#include "imv_host_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "attr_ietf_remediation.h"
#include "attr_ietf_u32.h"
#include "attr_names.h"
#include "attr_tcg_seg_env.h"
#include "attr_types.h"
#include "nea_err.h"
#include "nea_log.h"

#define SEG_ENV_ATTR_MIN (PATNC_ATTR_HDR_LEN + SEG_ENV_HDR_LEN + PATNC_ATTR_HDR_LEN)

void imv_out_init(imv_out_t *o, imv_state_t *st, uint32_t dst)
{
	memset(o, 0, sizeof(*o));
	o->st = st;
	o->dst = dst;
	if (st->cls->n_subs) {
		o->pa_vendor = st->cls->subs[0].vendor;
		o->pa_subtype = st->cls->subs[0].subtype;
	}
}

static void out_clear(imv_out_t *o)
{
	for (size_t i = 0; i < o->n; i++)
		free(o->attrs[i].value);
	o->n = 0;
}

void imv_out_free(imv_out_t *o)
{
	out_clear(o);
	free(o->attrs);
	o->attrs = NULL;
	o->cap = 0;
}

size_t imv_out_count(const imv_out_t *o)
{
	return o->n;
}

static int out_push(imv_out_t *o, uint8_t flags, uint32_t vendor, uint32_t type, uint8_t *value,
		    size_t len)
{
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 4;
		imv_out_attr_t *n = realloc(o->attrs, cap * sizeof(*n));

		if (!n) {
			free(value);
			return o->err = NEA_ENOMEM;
		}
		o->attrs = n;
		o->cap = cap;
	}
	o->attrs[o->n++] = (imv_out_attr_t){ flags, vendor, type, value, len };
	return 0;
}

int imv_out_add(imv_out_t *o, uint8_t flags, uint32_t vendor, uint32_t type, const void *data)
{
	const patnc_codec_t *codec = patnc_codec_find(vendor, type);
	nea_wr_t w;
	uint8_t *v;
	size_t len;
	int rc;

	if (!codec)
		return o->err = NEA_ENOTFOUND;
	nea_wr_init(&w, 0xffffffffu - PATNC_ATTR_HDR_LEN);
	rc = codec->build(data, &w);
	if (rc == 0)
		rc = nea_wr_error(&w);
	if (rc < 0) {
		nea_wr_free(&w);
		return o->err = rc;
	}
	v = nea_wr_detach(&w, &len);
	if (!v && !(v = malloc(1)))
		return o->err = NEA_ENOMEM;
	return out_push(o, flags, vendor, type, v, len);
}

static uint32_t random_msg_id(void)
{
	uint32_t id = 0;

	if (getrandom(&id, sizeof(id), 0) != (ssize_t)sizeof(id))
		id = (uint32_t)random(); /* never reached on Linux >= 3.17 */
	return id;
}

static imv_contract_t *tx_contract(imv_out_t *o)
{
	imv_state_t *st = o->st;

	if (o->dst == IMV_ID_ANY)
		return NULL;
	for (size_t i = 0; i < st->n_contracts; i++) {
		imv_contract_t *k = &st->contracts[i];

		if (!k->issuer && k->imc == o->dst && k->c.pa_vendor == o->pa_vendor &&
		    k->c.pa_subtype == o->pa_subtype)
			return k;
	}
	return NULL;
}

/* Replace a by the first Segment Envelope of it when the contract says so;
 * 1 if it must wait for an emptier message, 0 otherwise. */
static int maybe_segment(imv_out_t *o, imv_contract_t *k, imv_out_attr_t *a, size_t space)
{
	attr_tcg_seg_env_t env;
	nea_wr_t full, ew;
	bool oversize;
	uint8_t *v;
	size_t vlen;
	int rc;

	nea_wr_init(&full, 0);
	if (patnc_attr_encode_raw(a->flags, a->vendor, a->type, a->value, a->len, &full) < 0 ||
	    nea_wr_error(&full)) {
		nea_wr_free(&full);
		return 0;
	}
	rc = seg_contract_check(&k->c, full.len, &oversize);
	if (rc != 1 || oversize) {
		nea_wr_free(&full);
		return 0;
	}
	if (space < SEG_ENV_ATTR_MIN) {
		nea_wr_free(&full);
		return 1;
	}
	rc = seg_contract_first(&k->c, full.ptr, full.len, imv_host_now(o->st->conn->h), &env);
	nea_wr_free(&full);
	if (rc < 0)
		return 0;
	nea_wr_init(&ew, 0);
	if (attr_tcg_seg_env_build(&env, &ew) < 0 || nea_wr_error(&ew)) {
		nea_wr_free(&ew);
		return 0;
	}
	v = nea_wr_detach(&ew, &vlen);
	NLOG(IMV, 2, "IMV %u segments an attribute of %zu bytes for IMC %u (base attribute ID %u)",
	     o->st->imv_id, a->len + PATNC_ATTR_HDR_LEN, o->dst, env.base_id);
	free(a->value);
	*a = (imv_out_attr_t){ 0, PEN_TCG, TCG_SEG_ENVELOPE, v, vlen };
	return 0;
}

static int send_msg(imv_out_t *o, const uint8_t *msg, size_t len, bool excl)
{
	imv_state_t *st = o->st;
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__PaMessage pm = NEA__PA_MESSAGE__INIT;

	pm.vendor = o->pa_vendor;
	pm.subtype = o->pa_subtype;
	pm.src_id = st->imv_id;
	pm.dst_id = o->dst;
	pm.exclusive = excl;
	pm.body.data = (uint8_t *)msg;
	pm.body.len = len;
	env.body_case = NEA__ENVELOPE__BODY_PA_MESSAGE;
	env.pa_message = &pm;
	return imv_host_to_broker(st->conn->h, st->conn_id, &env);
}

int imv_out_send(imv_out_t *o, bool excl)
{
	imv_state_t *st = o->st;
	imv_conn_t *c = st->conn;
	imv_contract_t *k = tx_contract(o);
	size_t i = 0;
	int rc = 0;

	excl = excl && c->has_excl && o->dst != IMV_ID_ANY;
	while (i < o->n) {
		patnc_builder_t b;
		uint32_t msg_id = random_msg_id();
		size_t added = 0, start = i, len;
		uint8_t *msg;

		if (patnc_builder_init(&b, msg_id, c->max_msg_len) < 0) {
			rc = NEA_ENOMEM;
			break;
		}
		NLOG(TNC, 2, "creating PA-TNC message with ID 0x%08x", msg_id);
		while (i < o->n) {
			imv_out_attr_t *a = &o->attrs[i];
			char n[96];
			int arc;

			if (k && maybe_segment(o, k, a, patnc_builder_space(&b)) == 1 && added)
				break;
			arc = patnc_builder_add_raw(&b, a->flags, a->vendor, a->type, a->value,
						    a->len);
			if (arc == NEA_ETOOBIG) {
				if (added)
					break;
				NLOG(IMV, 1, "PA-TNC attribute too large to send, deleted");
				i++;
				continue;
			}
			if (arc < 0) {
				rc = arc;
				break;
			}
			NLOG(TNC, 2, "creating PA-TNC attribute type '%s' 0x%06x/0x%08x",
			     attr_full_name(a->vendor, a->type, n, sizeof(n)), a->vendor, a->type);
			added++;
			i++;
		}
		if (rc < 0 || !added) {
			patnc_builder_free(&b);
			if (rc < 0)
				break;
			if (i == start)
				i++; /* cannot happen: an empty message takes any attribute */
			continue;
		}
		msg = patnc_builder_finish(&b, &len);
		if (!msg) {
			rc = NEA_ENOMEM;
			break;
		}
		NLOG(IMV, 3, "IMV %u created PA-TNC message of %zu bytes for %s %u%s", st->imv_id,
		     len, o->dst == IMV_ID_ANY ? "any IMC" : "IMC", o->dst == IMV_ID_ANY ? 0 : o->dst,
		     excl ? " (exclusive)" : "");
		nea_log_hex(NEA_LG_IMV, 4, "created PA-TNC message:", msg, len);
		rc = send_msg(o, msg, len, excl);
		free(msg);
		if (rc < 0)
			break;
	}
	out_clear(o);
	return rc < 0 ? rc : 0;
}

int imv_out_send_assessment(imv_out_t *o)
{
	imv_state_t *st = o->st;
	const nea_conf_t *conf = st->conn->h->opts.conf;
	attr_ietf_u32_t ar = { st->eval };

	/* strongSwan drops whatever the message held before its verdict */
	out_clear(o);
	if (conf && !nea_conf_get_bool(conf, "charon.imcv.assessment_result", true))
		return 0;
	imv_out_add(o, 0, PEN_IETF, IETF_ATTR_ASSESSMENT_RESULT, &ar);
	if (st->eval != IMV_EVAL_COMPLIANT && st->cls->remediation) {
		const char *lang = NULL, *uri;
		char *text = NULL;
		size_t len = 0;

		if (st->cls->remediation(st, &text, &len, &lang)) {
			attr_ietf_remediation_t rm;

			if (text && len && lang) {
				memset(&rm, 0, sizeof(rm));
				rm.vendor = PEN_IETF;
				rm.type = REMEDIATION_STRING;
				rm.string = (const uint8_t *)text;
				rm.string_len = len;
				rm.lang = (const uint8_t *)lang;
				rm.lang_len = strlen(lang);
				imv_out_add(o, 0, PEN_IETF, IETF_ATTR_REMEDIATION, &rm);
			}
			uri = imv_state_setting(st, "remediation_uri");
			if (uri) {
				memset(&rm, 0, sizeof(rm));
				rm.vendor = PEN_IETF;
				rm.type = REMEDIATION_URI;
				rm.uri = (const uint8_t *)uri;
				rm.uri_len = strlen(uri);
				imv_out_add(o, 0, PEN_IETF, IETF_ATTR_REMEDIATION, &rm);
			}
		}
		free(text);
	}
	return imv_out_send(o, true);
}

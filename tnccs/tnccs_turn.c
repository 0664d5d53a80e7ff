#include "tnccs_turn.h"

#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "tnc_names.h"

void tnccs_turn_set_waiting(tnccs_turn_t *t, unsigned n)
{
	bool was = t->host_wait > 0;

	t->host_wait = n;
	if (was != (n > 0) && t->wait_host)
		t->wait_host(t->wait_arg, n > 0);
}

int tnccs_turn_recv(tnccs_turn_t *t, const uint8_t *data, size_t len)
{
	if (t->host_wait || t->in_recv) {
		if (t->held)
			return NEA_ESTATE;
		t->held = malloc(len ? len : 1);
		if (!t->held)
			return NEA_ENOMEM;
		memcpy(t->held, data, len);
		t->held_len = len;
		return 1;
	}
	t->in_recv = true;
	t->handle(t->arg, data, len);
	t->in_recv = false;
	tnccs_turn_drain(t);
	return 0;
}

void tnccs_turn_drain(tnccs_turn_t *t)
{
	/* a loop, not recursion: each pass takes the one held batch, and
	 * handling it may hold the next */
	while (t->held && !t->host_wait && !t->in_recv) {
		uint8_t *h = t->held;
		size_t len = t->held_len;

		t->held = NULL;
		t->held_len = 0;
		if (!t->ended) {
			t->in_recv = true;
			t->handle(t->arg, h, len);
			t->in_recv = false;
		}
		free(h);
	}
}

void tnccs_turn_free(tnccs_turn_t *t)
{
	free(t->held);
	t->held = NULL;
	t->held_len = 0;
}

bool tnccs_pa_from_host_ok(const Nea__PaMessage *pm)
{
	return pm->vendor <= 0xffffff && pm->vendor != TNC_PEN_RESERVED &&
	       pm->subtype != PBTNC_PA_RESERVED_SUBTYPE && pm->src_id <= 0xffff &&
	       pm->dst_id <= 0xffff;
}

void tnccs_pa_from_host(const Nea__PaMessage *pm, bool from_imv, pbtnc_msg_t *m)
{
	pbtnc_msg_init(m, PBTNC_KIND_PA);
	m->u.pa.excl = pm->exclusive;
	m->u.pa.vendor = pm->vendor;
	m->u.pa.subtype = pm->subtype;
	m->u.pa.collector = (uint16_t)(from_imv ? pm->dst_id : pm->src_id);
	m->u.pa.validator = (uint16_t)(from_imv ? pm->src_id : pm->dst_id);
	m->u.pa.body = pm->body.data;
	m->u.pa.body_len = pm->body.len;
}

void tnccs_pa_to_host(const pbtnc_pa_t *pa, bool to_imv, Nea__Envelope *env,
		      Nea__PaMessage *pm)
{
	pm->vendor = pa->vendor;
	pm->subtype = pa->subtype;
	pm->src_id = to_imv ? pa->collector : pa->validator;
	pm->dst_id = to_imv ? pa->validator : pa->collector;
	pm->exclusive = pa->excl;
	pm->body.data = (uint8_t *)pa->body;
	pm->body.len = pa->body_len;
	env->body_case = NEA__ENVELOPE__BODY_PA_MESSAGE;
	env->pa_message = pm;
}

#include "tnccs_msgq.h"

#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_err.h"

void tnccs_msgq_init(tnccs_msgq_t *q, size_t max_bytes)
{
	memset(q, 0, sizeof(*q));
	q->max_bytes = max_bytes;
}

size_t tnccs_msg_size(const pbtnc_msg_t *m)
{
	size_t n = PBTNC_MSG_HDR_LEN, v = 0;

	switch (m->kind) {
	case PBTNC_KIND_PA:
		v = PBTNC_PA_HDR_LEN + m->u.pa.body_len;
		break;
	case PBTNC_KIND_ASSESSMENT_RESULT:
	case PBTNC_KIND_ACCESS_RECOMMENDATION:
		v = 4;
		break;
	case PBTNC_KIND_ERROR:
		v = PBTNC_ERROR_HDR_LEN + 4;
		break;
	case PBTNC_KIND_LANGUAGE_PREFERENCE:
		v = PBTNC_LANG_PREFIX_LEN + m->u.lang.lang_len;
		break;
	case PBTNC_KIND_REASON_STRING:
		v = 4 + m->u.reason.reason_len + 1 + m->u.reason.lang_len;
		break;
	case PBTNC_KIND_REMEDIATION_PARAMETERS:
		v = PBTNC_REMED_HDR_LEN + m->u.remed.params_len + 5 + m->u.remed.str_len +
		    m->u.remed.lang_len;
		break;
	case PBTNC_KIND_EXPERIMENTAL:
	case PBTNC_KIND_UNKNOWN:
		v = m->value_len;
		break;
	default:
		return 0;
	}
	/* Sizes come from buffers that exist, so they cannot wrap here. */
	return n + v;
}

/* Copy n parts into one allocation and point the message's fields there. */
typedef struct {
	const uint8_t **ptr;
	size_t len;
} part_t;

static int copy_parts(tnccs_qmsg_t *e, part_t *parts, size_t n)
{
	size_t total = 0, off = 0, i;

	for (i = 0; i < n; i++)
		if (!nea_add_size(total, parts[i].len, &total))
			return NEA_ETOOBIG;
	if (total == 0)
		return 0;
	e->data = malloc(total);
	if (!e->data)
		return NEA_ENOMEM;
	for (i = 0; i < n; i++) {
		if (parts[i].len)
			memcpy(e->data + off, *parts[i].ptr, parts[i].len);
		*parts[i].ptr = e->data + off;
		off += parts[i].len;
	}
	return 0;
}

static int grow(tnccs_msgq_t *q)
{
	size_t ncap, bytes, i;
	tnccs_qmsg_t *nv;

	if (q->n < q->cap)
		return 0;
	ncap = q->cap ? q->cap * 2 : 8;
	if (!nea_mul_size(ncap, sizeof(*nv), &bytes))
		return NEA_ENOMEM;
	nv = malloc(bytes);
	if (!nv)
		return NEA_ENOMEM;
	/* unroll the ring into the new array */
	for (i = 0; i < q->n; i++)
		nv[i] = q->v[(q->head + i) % q->cap];
	free(q->v);
	q->v = nv;
	q->cap = ncap;
	q->head = 0;
	return 0;
}

int tnccs_msgq_push(tnccs_msgq_t *q, const pbtnc_msg_t *m)
{
	tnccs_qmsg_t e = { .m = *m };
	part_t parts[3];
	size_t np = 0, total;
	int rc;

	e.size = tnccs_msg_size(m);
	if (e.size == 0)
		return NEA_EINVAL;
	if (!nea_add_size(q->bytes, e.size, &total) || (q->max_bytes && total > q->max_bytes))
		return NEA_ETOOBIG;
	switch (m->kind) {
	case PBTNC_KIND_PA:
		parts[np++] = (part_t){ &e.m.u.pa.body, m->u.pa.body_len };
		break;
	case PBTNC_KIND_LANGUAGE_PREFERENCE:
		parts[np++] = (part_t){ &e.m.u.lang.lang, m->u.lang.lang_len };
		break;
	case PBTNC_KIND_REASON_STRING:
		parts[np++] = (part_t){ &e.m.u.reason.reason, m->u.reason.reason_len };
		parts[np++] = (part_t){ &e.m.u.reason.lang, m->u.reason.lang_len };
		break;
	case PBTNC_KIND_REMEDIATION_PARAMETERS:
		parts[np++] = (part_t){ &e.m.u.remed.params, m->u.remed.params_len };
		parts[np++] = (part_t){ &e.m.u.remed.str, m->u.remed.str_len };
		parts[np++] = (part_t){ &e.m.u.remed.lang, m->u.remed.lang_len };
		break;
	case PBTNC_KIND_ERROR:
		/* strongSwan's PB-Error carries only the code and offset/version */
		e.m.u.error.params = NULL;
		e.m.u.error.params_len = 0;
		break;
	case PBTNC_KIND_EXPERIMENTAL:
	case PBTNC_KIND_UNKNOWN:
		parts[np++] = (part_t){ &e.m.value, m->value_len };
		break;
	default:
		break;
	}
	rc = copy_parts(&e, parts, np);
	if (rc)
		return rc;
	rc = grow(q);
	if (rc) {
		free(e.data);
		return rc;
	}
	q->v[(q->head + q->n) % q->cap] = e;
	q->n++;
	q->bytes = total;
	return 0;
}

const tnccs_qmsg_t *tnccs_msgq_at(const tnccs_msgq_t *q, size_t i)
{
	return i < q->n ? &q->v[(q->head + i) % q->cap] : NULL;
}

void tnccs_msgq_drop(tnccs_msgq_t *q, size_t n)
{
	while (n-- && q->n) {
		tnccs_qmsg_t *e = &q->v[q->head];

		q->bytes -= e->size;
		free(e->data);
		e->data = NULL;
		q->head = (q->head + 1) % q->cap;
		q->n--;
	}
	if (q->n == 0)
		q->head = 0;
}

void tnccs_msgq_clear(tnccs_msgq_t *q)
{
	tnccs_msgq_drop(q, q->n);
}

void tnccs_msgq_free(tnccs_msgq_t *q)
{
	tnccs_msgq_clear(q);
	free(q->v);
	memset(q, 0, sizeof(*q));
}

/* The strongSwan-style one-line message summary (see ike_msg.h). */
#include <stdarg.h>
#include <stdio.h>

#include "ike_msg.h"
#include "ike_names.h"

typedef struct {
	char *buf;
	size_t len;
	size_t pos;
} out_t;

/* Append; once the buffer is full later output is dropped, but the string
 * stays terminated. */
__attribute__((format(printf, 2, 3))) static void put(out_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->pos + 1 >= o->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->pos, o->len - o->pos, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	o->pos += (size_t)n;
	if (o->pos >= o->len)
		o->pos = o->len - 1;
}

static void put_name(out_t *o, const char *prefix, const char *name, unsigned v)
{
	if (name)
		put(o, "%s%s", prefix, name);
	else
		put(o, "%s%u", prefix, v);
}

static void put_payload(out_t *o, const ike_payload_t *p)
{
	put_name(o, " ", ike_payload_short_name(p->type), p->type);
	switch (p->type) {
	case IKE_PL_NOTIFY:
		put_name(o, "(", ike_notify_short_name(p->u.notify.type), p->u.notify.type);
		put(o, ")");
		break;
	case IKE_PL_EAP: {
		const ike_pl_eap_t *e = &p->u.eap;
		uint8_t code = e->code, type = e->eap_type;
		nea_rd_t r;

		/* a payload being built has only pkt filled in */
		nea_rd_init(&r, e->pkt.ptr, e->pkt.len);
		nea_rd_peek_u8(&r, 0, &code);
		nea_rd_peek_u8(&r, 4, &type);

		put_name(o, "/", ike_eap_code_short_name(code), code);
		if ((code == IKE_EAP_REQUEST || code == IKE_EAP_RESPONSE) && type)
			put_name(o, "/", ike_eap_type_short_name(type), type);
		break;
	}
	case IKE_PL_CP:
		for (size_t i = 0; i < p->u.cp.nattrs; i++) {
			if (i == 0)
				put_name(o, "", ike_cp_type_short_name(p->u.cp.cfg_type),
					 p->u.cp.cfg_type);
			put_name(o, i == 0 ? "(" : " ", ike_cp_attr_short_name(p->u.cp.attrs[i].type),
				 p->u.cp.attrs[i].type);
		}
		if (p->u.cp.nattrs)
			put(o, ")");
		break;
	case IKE_PL_SKF:
		put(o, "(%u/%u)", p->u.skf.num, p->u.skf.total);
		break;
	default:
		break;
	}
}

static void put_head(out_t *o, const ike_hdr_t *h)
{
	put_name(o, "", ike_exchange_name(h->exchange), h->exchange);
	put(o, " %s %u [", ike_hdr_is_response(h) ? "response" : "request", h->msg_id);
}

char *ike_summary(const ike_hdr_t *h, const ike_payload_t *pl, size_t n, char *buf, size_t len)
{
	out_t o = { buf, len, 0 };

	if (!len)
		return buf;
	buf[0] = '\0';
	put_head(&o, h);
	for (size_t i = 0; i < n; i++)
		put_payload(&o, &pl[i]);
	put(&o, " ]");
	return buf;
}

char *ike_msg_summary(const ike_msg_t *m, char *buf, size_t len)
{
	out_t o = { buf, len, 0 };

	if (!len)
		return buf;
	buf[0] = '\0';
	put_head(&o, &m->hdr);
	for (size_t i = 0; i < m->npl; i++) {
		/* once decrypted, list what was inside, as charon does */
		if (i == m->sk && m->decrypted)
			continue;
		put_payload(&o, &m->pl[i]);
	}
	put(&o, " ]");
	return buf;
}

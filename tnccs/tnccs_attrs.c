#include "tnccs_attrs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"

const char *tnccs_ift_protocol(Nea__Transport t)
{
	return t == NEA__TRANSPORT__TRANSPORT_PT_TLS ? "IF-T for TLS" : "IF-T for Tunneled EAP";
}

const char *tnccs_ift_version(Nea__Transport t)
{
	return t == NEA__TRANSPORT__TRANSPORT_EAP_TNC ? "1.1" : "2.0";
}

const char *tnccs_transport_name(Nea__Transport t)
{
	switch (t) {
	case NEA__TRANSPORT__TRANSPORT_PT_TLS: return "PT-TLS";
	case NEA__TRANSPORT__TRANSPORT_PT_EAP: return "PT-EAP";
	case NEA__TRANSPORT__TRANSPORT_EAP_TNC: return "EAP-TNC";
	default: return "unknown transport";
	}
}

int tnccs_peer_init(tnccs_peer_t *p, Nea__Transport t, const char *addr,
		    Nea__Identity *const *ids, size_t n_ids, size_t max_msg)
{
	memset(p, 0, sizeof(*p));
	p->transport = t;
	p->max_msg = max_msg > UINT32_MAX ? UINT32_MAX : (uint32_t)max_msg;
	if (addr && strlen(addr) >= sizeof(p->addr))
		return NEA_EINVAL;
	snprintf(p->addr, sizeof(p->addr), "%s", addr ? addr : "");
	if (n_ids > TNCCS_MAX_IDENTITIES)
		return NEA_EINVAL;
	for (size_t i = 0; i < n_ids; i++) {
		const Nea__Identity *id = ids[i];
		tnccs_ident_t *d = &p->ids[i];

		if (id->value.len > TNCCS_MAX_ID_VALUE) {
			tnccs_peer_free(p);
			return NEA_EINVAL;
		}
		d->value = malloc(id->value.len ? id->value.len : 1);
		if (!d->value) {
			tnccs_peer_free(p);
			return NEA_ENOMEM;
		}
		if (id->value.len)
			memcpy(d->value, id->value.data, id->value.len);
		d->len = id->value.len;
		d->type = id->type;
		d->subject = id->subject;
		d->auth = id->auth;
		p->n_ids = i + 1;
	}
	return 0;
}

void tnccs_peer_free(tnccs_peer_t *p)
{
	for (size_t i = 0; i < p->n_ids; i++)
		free(p->ids[i].value);
	p->n_ids = 0;
}

void tnccs_attrs_fill(const tnccs_peer_t *p, const char *lang, Nea__ConnAttributes *a,
		      Nea__Identity *idbuf, Nea__Identity **idptrs)
{
	nea__conn_attributes__init(a);
	a->has_transport = 1;
	a->transport = p->transport;
	a->ift_protocol = (char *)tnccs_ift_protocol(p->transport);
	a->ift_version = (char *)tnccs_ift_version(p->transport);
	a->tnccs_protocol = (char *)"IF-TNCCS";
	a->tnccs_version = (char *)"2.0";
	a->has_max_msg_size = 1;
	a->max_msg_size = p->max_msg;
	a->preferred_language = (char *)(lang ? lang : "en");
	if (p->addr[0])
		a->peer_addr = (char *)p->addr;
	a->has_has_long_types = a->has_has_exclusive = a->has_has_soh = 1;
	a->has_long_types = 1;
	a->has_exclusive = 1;
	a->has_soh = 0;
	for (size_t i = 0; i < p->n_ids; i++) {
		nea__identity__init(&idbuf[i]);
		idbuf[i].type = p->ids[i].type;
		idbuf[i].value.data = p->ids[i].value;
		idbuf[i].value.len = p->ids[i].len;
		idbuf[i].subject = p->ids[i].subject;
		idbuf[i].auth = p->ids[i].auth;
		idptrs[i] = &idbuf[i];
	}
	a->n_identities = p->n_ids;
	a->identities = p->n_ids ? idptrs : NULL;
}

#include "eap_identity_method.h"

#include <openssl/crypto.h>
#include <stdlib.h>
#include <string.h>

#include "eap_method_int.h"

/*
 *   EAP-Identity (RFC 3748 §5.1): Type 1, Type-Data = the identity, no NUL
 *   terminator, no length field (the EAP Length delimits it).
 */
typedef struct {
	eap_method_t m;
	uint8_t identity[EAP_IDENTITY_MAX];
	size_t len;
	bool have;
} ident_t;

static int id_start(eap_method_t *m, nea_wr_t *out)
{
	return eap_identity_build(out, EAP_CODE_REQUEST, m->id, NULL, 0);
}

static int id_process(eap_method_t *m, const eap_pkt_t *in, nea_wr_t *out, nea_perr_t *err)
{
	ident_t *s = (ident_t *)m;
	int rc;

	if (!m->server) {
		/* any displayable text in the request is ignored */
		rc = eap_identity_build(out, EAP_CODE_RESPONSE, m->id, s->identity, s->len);
		if (rc)
			return rc;
		m->peer_done = true;
		return EAP_M_DONE;
	}
	if (in->data_len == 0 || in->data_len > EAP_IDENTITY_MAX)
		return nea_perr(err, NEA_EINVAL, 5, "EAP identity of %zu bytes", in->data_len);
	if (memchr(in->data, '\0', in->data_len))
		return nea_perr(err, NEA_EINVAL, 5, "EAP identity contains NUL");
	memcpy(s->identity, in->data, in->data_len);
	s->len = in->data_len;
	s->have = true;
	return EAP_M_SUCCESS;
}

static void id_destroy(eap_method_t *m)
{
	OPENSSL_cleanse(m, sizeof(ident_t));
	free(m);
}

static const eap_method_ops_t id_ops = {
	.name = "ID", .start = id_start, .process = id_process, .destroy = id_destroy,
};

eap_method_t *eap_identity_method_server_new(void)
{
	ident_t *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	eap_method_init(&s->m, &id_ops, EAP_TYPE_IDENTITY, true);
	return &s->m;
}

eap_method_t *eap_identity_method_peer_new(const uint8_t *identity, size_t len)
{
	ident_t *s;

	if (len == 0 || len > EAP_IDENTITY_MAX)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	eap_method_init(&s->m, &id_ops, EAP_TYPE_IDENTITY, false);
	memcpy(s->identity, identity, len);
	s->len = len;
	s->have = true;
	return &s->m;
}

const uint8_t *eap_identity_method_get(const eap_method_t *m, size_t *len)
{
	const ident_t *s = (const ident_t *)m;

	*len = 0;
	if (m->type != EAP_TYPE_IDENTITY || !s->have)
		return NULL;
	*len = s->len;
	return s->identity;
}

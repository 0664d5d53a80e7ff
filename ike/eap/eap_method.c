#include "eap_method.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdlib.h>

#include "eap_method_int.h"

static int default_rand(void *ctx, uint8_t *buf, size_t len)
{
	(void)ctx;
	return RAND_bytes(buf, (int)len) == 1 ? 0 : NEA_ECRYPTO;
}

void eap_method_init(eap_method_t *m, const eap_method_ops_t *ops, uint8_t type, bool server)
{
	m->ops = ops;
	m->type = type;
	m->server = server;
	m->rand = default_rand;
}

int eap_method_random(eap_method_t *m, uint8_t *buf, size_t len)
{
	return m->rand(m->rand_ctx, buf, len);
}

void eap_method_set_rand(eap_method_t *m, eap_rand_fn fn, void *ctx)
{
	m->rand = fn ? fn : default_rand;
	m->rand_ctx = fn ? ctx : NULL;
}

int eap_method_start(eap_method_t *m, uint8_t id, nea_wr_t *out)
{
	int rc;

	if (!m->server || m->started)
		return NEA_ESTATE;
	m->id = id;
	rc = m->ops->start(m, out);
	if (rc == 0)
		m->started = true;
	return rc;
}

/* Record what a status means for the common state. */
static int settle(eap_method_t *m, int rc)
{
	if (rc == EAP_M_SUCCESS || rc == EAP_M_FAILURE)
		m->finished = true;
	m->pending = rc == EAP_M_PENDING;
	m->succeeded = rc == EAP_M_SUCCESS;
	return rc;
}

int eap_method_process(eap_method_t *m, const uint8_t *in, size_t len, nea_wr_t *out,
		       nea_perr_t *err)
{
	eap_pkt_t p;
	int rc;

	if (m->finished || m->pending || (m->server && !m->started))
		return nea_perr(err, NEA_ESTATE, 0, "EAP-%s is not expecting a packet",
				m->ops->name);
	rc = eap_pkt_parse(in, len, &p, err);
	if (rc)
		return rc;
	if (m->server) {
		if (p.code != EAP_CODE_RESPONSE)
			return nea_perr(err, NEA_EINVAL, 0, "EAP code %u, expected a response", p.code);
		if (p.id != m->id)
			return nea_perr(err, NEA_EINVAL, 1, "EAP identifier %u, expected %u", p.id,
					m->id);
	} else {
		switch (p.code) {
		case EAP_CODE_SUCCESS:
			/* RFC 3748 §4.2: a Success before the method could have
			 * completed must not be believed */
			m->finished = true;
			m->succeeded = m->peer_done;
			return m->succeeded ? EAP_M_SUCCESS : EAP_M_FAILURE;
		case EAP_CODE_FAILURE:
			m->finished = true;
			return EAP_M_FAILURE;
		case EAP_CODE_REQUEST:
			break;
		default:
			return nea_perr(err, NEA_EINVAL, 0, "EAP code %u, expected a request", p.code);
		}
	}
	if (p.type != m->type)
		return nea_perr(err, NEA_EINVAL, 4, "EAP type %u, expected %u (%s)", p.type, m->type,
				m->ops->name);
	if (!m->server)
		m->id = p.id;
	if (m->ops->process_raw)
		rc = m->ops->process_raw(m, &p, in, len, out, err);
	else
		rc = m->ops->process(m, &p, out, err);
	return settle(m, rc);
}

int eap_method_resume(eap_method_t *m, nea_wr_t *out)
{
	if (m->finished || !m->pending || !m->ops->resume)
		return NEA_ESTATE;
	m->pending = false;
	return settle(m, m->ops->resume(m, out));
}

uint8_t eap_method_type(const eap_method_t *m)
{
	return m->type;
}

uint8_t eap_method_last_id(const eap_method_t *m)
{
	return m->id;
}

const char *eap_method_name(const eap_method_t *m)
{
	return m->ops->name;
}

const uint8_t *eap_method_msk(const eap_method_t *m, size_t *len)
{
	*len = m->succeeded ? m->msk_len : 0;
	return *len ? m->msk : NULL;
}

void eap_method_free(eap_method_t *m)
{
	if (!m)
		return;
	OPENSSL_cleanse(m->msk, sizeof(m->msk));
	m->ops->destroy(m);
}

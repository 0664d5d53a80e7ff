/*
 * tnccs_client: the blocking client broker (see tnccs_client.h). The pure
 * core (tnccs_client_core) asks for the IMC host through callbacks; here
 * they become synchronous frame writes, and every time the core waits for
 * the host we read the host's frames until it stops waiting.
 */
#include "tnccs_client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_ipc.h"
#include "nea_log.h"
#include "tnccs_client_core.h"
#include "tnccs_limits.h"
#include "tnccs_registry.h"

struct tnccs_client {
	tnccs_cc_t *cc;
	tnccs_registry_t reg;
	int fd;
	unsigned timeout_ms;
	uint8_t *out;
	size_t out_len;
	bool done;
	bool started;
};

/* What an IMC host may send to its broker. */
static const int host_cases[] = {
	NEA__ENVELOPE__BODY_MODULE_REGISTER,
	NEA__ENVELOPE__BODY_PA_MESSAGE,
	NEA__ENVELOPE__BODY_BATCH_ENDING,
	NEA__ENVELOPE__BODY_RETRY,
};

/* The host is of no further use: forget its IMCs and close the socket
 * (nea-imcd in one-shot mode exits when it sees the close). */
static void drop_host(tnccs_client_t *c)
{
	tnccs_registry_detach(&c->reg);
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
}

static int ops_to_host(void *arg, Nea__Envelope *env)
{
	tnccs_client_t *c = arg;
	int rc;

	if (c->fd < 0)
		return NEA_ECLOSED;
	rc = ipc_sync_send(c->fd, env, TNCCS_CLIENT_MAX_FRAME, ipc_sync_now_ms() + c->timeout_ms);
	if (rc < 0) {
		NLOG(TNC, 1, "cannot send to the IMC host: %s", nea_strerror(rc));
		drop_host(c);
	}
	return rc;
}

static void ops_to_peer(void *arg, const uint8_t *batch, size_t len)
{
	tnccs_client_t *c = arg;
	uint8_t *copy = malloc(len ? len : 1);

	if (!copy) {
		NLOG(TNC, 0, "out of memory for a PB-TNC batch of %zu bytes", len);
		return;
	}
	memcpy(copy, batch, len);
	if (c->out) {
		/* PB-TNC is half duplex: the core never answers twice */
		NLOG(TNC, 0, "client broker: a second batch for the same turn; the first is dropped");
		free(c->out);
	}
	c->out = copy;
	c->out_len = len;
}

static void ops_done(void *arg, int error)
{
	tnccs_client_t *c = arg;

	(void)error;
	c->done = true;
}

/* Read host frames while the core waits for the host. */
static void pump(tnccs_client_t *c)
{
	while (tnccs_cc_waiting(c->cc) && !tnccs_cc_ended(c->cc)) {
		Nea__Envelope *env = NULL;
		const char *why = NULL;
		int rc;

		if (c->fd < 0) {
			tnccs_cc_host_lost(c->cc, "the IMC host is gone");
			continue;
		}
		rc = ipc_sync_recv(c->fd, host_cases, sizeof(host_cases) / sizeof(host_cases[0]),
			       TNCCS_CLIENT_MAX_FRAME, ipc_sync_now_ms() + c->timeout_ms, &env, &why);
		if (rc == NEA_EAGAIN) {
			NLOG(TNC, 1, "the IMC host did not answer within %u ms", c->timeout_ms);
			drop_host(c);
			tnccs_cc_host_timeout(c->cc);
			continue;
		}
		if (rc < 0) {
			NLOG(TNC, 1, "IMC host link: %s%s%s", rc == NEA_ECLOSED ? "closed" : nea_strerror(rc),
			     why ? ": " : "", why ? why : "");
			drop_host(c);
			tnccs_cc_host_lost(c->cc, "the IMC host went away");
			continue;
		}
		if (env->body_case == NEA__ENVELOPE__BODY_MODULE_REGISTER)
			NLOG(TNC, 1, "IMC host registered again during an assessment; ignored");
		else if (!env->has_conn_id || env->conn_id != tnccs_cc_id(c->cc))
			NLOG(TNC, 2, "IMC host: message for Connection ID %llu ignored",
			     (unsigned long long)env->conn_id);
		else
			tnccs_cc_host_msg(c->cc, env);
		nea__envelope__free_unpacked(env, NULL);
	}
}

static int take_out(tnccs_client_t *c, uint8_t **out, size_t *out_len)
{
	*out = c->out;
	*out_len = c->out_len;
	c->out = NULL;
	c->out_len = 0;
	if (c->done || tnccs_cc_ended(c->cc))
		return TNCCS_CLIENT_DONE;
	if (!*out)
		return NEA_ESTATE; /* cannot happen: the core answers every turn */
	return TNCCS_CLIENT_CONTINUE;
}

/* The host's first frame: its IMCs. */
static void read_register(tnccs_client_t *c)
{
	Nea__Envelope *env = NULL;
	const char *why = NULL;
	int rc;

	rc = ipc_sync_recv(c->fd, host_cases, sizeof(host_cases) / sizeof(host_cases[0]),
		       TNCCS_CLIENT_MAX_FRAME, ipc_sync_now_ms() + c->timeout_ms, &env, &why);
	if (rc < 0) {
		NLOG(TNC, 1, "no IMC list from the IMC host (%s%s%s); assessing without IMCs",
		     rc == NEA_EAGAIN ? "timeout" : nea_strerror(rc), why ? ": " : "",
		     why ? why : "");
		drop_host(c);
		return;
	}
	if (env->body_case != NEA__ENVELOPE__BODY_MODULE_REGISTER) {
		NLOG(TNC, 1, "the IMC host spoke before registering its IMCs; assessing without IMCs");
		drop_host(c);
	} else if (tnccs_registry_set(&c->reg, env->module_register, &why) < 0) {
		NLOG(TNC, 1, "the IMC host sent an unusable IMC list (%s); assessing without IMCs",
		     why);
		drop_host(c);
	} else {
		tnccs_registry_log(&c->reg, "nea-imcd");
	}
	nea__envelope__free_unpacked(env, NULL);
}

int tnccs_client_new(const tnccs_client_opts_t *o, tnccs_client_t **out)
{
	tnccs_cc_ops_t ops = { .to_host = ops_to_host, .to_peer = ops_to_peer, .done = ops_done };
	tnccs_cc_opts_t co = { 0 };
	tnccs_client_t *c;
	Nea__Transport t = o->transport;
	const char *why = NULL;
	int rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c) {
		if (o->host_fd >= 0)
			close(o->host_fd);
		return NEA_ENOMEM;
	}
	c->fd = o->host_fd;
	c->timeout_ms = o->host_timeout_ms ? o->host_timeout_ms : TNCCS_CLIENT_HOST_TIMEOUT_MS;
	tnccs_registry_init(&c->reg, "IMC");
	if (t == NEA__TRANSPORT__TRANSPORT_UNKNOWN)
		t = NEA__TRANSPORT__TRANSPORT_PT_TLS;
	if (tnccs_limits_from_conf(o->conf, o->conf_ns ? o->conf_ns : "pt-tls-client", t,
				   o->max_batch > UINT32_MAX ? UINT32_MAX : (uint32_t)o->max_batch, 0,
				   &co.lim, &why) < 0 &&
	    why)
		NLOG(CFG, 1, "%s", why);
	if (c->fd >= 0)
		read_register(c);
	else
		NLOG(TNC, 1, "no IMC host; assessing without IMCs");
	ops.arg = c;
	co.conn_id = o->conn_id;
	co.transport = t;
	co.language = o->language;
	if (!co.language && o->conf) {
		/* strongSwan's imc_manager: <ns>.plugins.tnc-imc.preferred_language */
		char key[128];

		snprintf(key, sizeof(key), "%s.plugins.tnc-imc.preferred_language",
			 o->conf_ns ? o->conf_ns : "pt-tls-client");
		co.language = nea_conf_get_str(o->conf, key, NULL);
	}
	co.server_addr = o->server_addr;
	co.identities = o->identities;
	co.n_identities = o->n_identities;
	co.reg = &c->reg;
	rc = tnccs_cc_new(&co, &ops, &c->cc);
	if (rc < 0) {
		drop_host(c);
		tnccs_registry_free(&c->reg);
		free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int tnccs_client_first_batch(tnccs_client_t *c, uint8_t **out, size_t *out_len)
{
	int rc;

	*out = NULL;
	*out_len = 0;
	if (c->started)
		return NEA_ESTATE;
	c->started = true;
	rc = tnccs_cc_start(c->cc);
	if (rc < 0)
		return rc;
	pump(c);
	return take_out(c, out, out_len);
}

int tnccs_client_process(tnccs_client_t *c, const uint8_t *in, size_t len, uint8_t **out,
			 size_t *out_len)
{
	*out = NULL;
	*out_len = 0;
	if (!c->started)
		return NEA_ESTATE;
	if (c->done || tnccs_cc_ended(c->cc))
		return TNCCS_CLIENT_DONE;
	tnccs_cc_recv(c->cc, in, len);
	pump(c);
	return take_out(c, out, out_len);
}

bool tnccs_client_done(const tnccs_client_t *c)
{
	return c->done || tnccs_cc_ended(c->cc);
}

size_t tnccs_client_imcs(const tnccs_client_t *c)
{
	return c->reg.n;
}

const tnccs_result_t *tnccs_client_result(const tnccs_client_t *c)
{
	return tnccs_cc_result(c->cc);
}

void tnccs_client_free(tnccs_client_t *c)
{
	if (!c)
		return;
	tnccs_cc_free(c->cc); /* tells a still attached host DELETE */
	drop_host(c);
	tnccs_registry_free(&c->reg);
	free(c->out);
	free(c);
}

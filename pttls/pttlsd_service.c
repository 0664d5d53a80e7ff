/*
 * nea-pttlsd service callbacks on the daemon skeleton: pre_init (still
 * privileged) reads the settings, the server key and the EAP secrets and
 * binds the TCP port; init listens and connects to nea-brokerd; reload
 * swaps in new TLS material, secrets and limits for new connections;
 * stop closes listeners and connections.
 */
#include "pttlsd_service.h"

#include <stdio.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "pttlsd.h"

static pttlsd_t pttlsd;

static int pttlsd_pre_init(nea_daemon_t *d, void *ctx)
{
	pttlsd_t *s = ctx;
	const nea_conf_t *c = nea_daemon_conf(d);
	int rc;

	s->d = d;
	s->loop = nea_daemon_loop(d);
	rc = pttlsd_conf_load(c, &s->conf);
	if (rc < 0)
		return rc;
	rc = pttlsd_ctx_load(c, s->conf.auth, &s->ctx);
	if (rc < 0)
		return rc;
	rc = pttlsd_secrets_load(c, &s->secrets, &s->secrets_path);
	if (rc < 0)
		return rc;
	return pttlsd_listen_bind(s);
}

static int pttlsd_init(nea_daemon_t *d, void *ctx)
{
	pttlsd_t *s = ctx;
	int rc;

	(void)d;
	rc = pttlsd_broker_connect(s);
	if (rc < 0)
		return rc;
	return pttlsd_listen_start(s);
}

static int pttlsd_reload(nea_daemon_t *d, void *ctx)
{
	pttlsd_t *s = ctx;
	const nea_conf_t *c = nea_daemon_conf(d);
	pttlsd_conf_t conf;
	nea_swanctl_t *secrets = NULL;
	char *path = NULL;
	SSL_CTX *tls = NULL;
	int rc;

	rc = pttlsd_conf_load(c, &conf);
	if (rc < 0) {
		NLOG(CFG, 0, "PT-TLS: new settings refused; keeping the old ones");
		return rc;
	}
	/* The key files may be readable by root only; then the material
	 * loaded at start-up stays in use. */
	rc = pttlsd_ctx_load(c, conf.auth, &tls);
	if (rc < 0) {
		NLOG(CFG, 0, "PT-TLS: keeping the TLS configuration loaded earlier");
		conf.auth = s->conf.auth;
	} else {
		SSL_CTX_free(s->ctx); /* open sessions keep their own reference */
		s->ctx = tls;
	}
	if (pttlsd_secrets_load(c, &secrets, &path) == 0) {
		nea_swanctl_free(s->secrets);
		free(s->secrets_path);
		s->secrets = secrets;
		s->secrets_path = path;
	} else {
		NLOG(CFG, 0, "PT-TLS: keeping the EAP secrets loaded earlier");
	}
	if (conf.port != s->conf.port ||
	    (conf.address == NULL) != (s->conf.address == NULL) ||
	    (conf.address && strcmp(conf.address, s->conf.address) != 0))
		NLOG(CFG, 1, "PT-TLS: a new address or port takes effect after a restart");
	free(conf.address);
	conf.address = s->conf.address;
	conf.port = s->conf.port;
	s->conf = conf;
	return 0;
}

static void pttlsd_stop(nea_daemon_t *d, void *ctx)
{
	pttlsd_t *s = ctx;

	(void)d;
	s->stopping = true;
	pttlsd_listen_close(s);
	pttlsd_conn_close_all(s, "nea-pttlsd is stopping");
	SSL_CTX_free(s->ctx);
	s->ctx = NULL;
	nea_swanctl_free(s->secrets);
	s->secrets = NULL;
	free(s->secrets_path);
	s->secrets_path = NULL;
	pttlsd_conf_free(&s->conf);
}

static void pttlsd_health(nea_daemon_t *d, void *ctx, char *buf, size_t len)
{
	pttlsd_t *s = ctx;

	(void)d;
	snprintf(buf, len, "%u PT-TLS connections open, %llu served, %llu failed, %llu refused",
		 s->nconns, (unsigned long long)s->served, (unsigned long long)s->failed,
		 (unsigned long long)s->refused);
}

static unsigned pttlsd_connections(nea_daemon_t *d, void *ctx)
{
	const pttlsd_t *s = ctx;

	(void)d;
	return s->nconns;
}

const nea_service_t pttlsd_service = {
	.name = "pttlsd",
	.role = NEA__DAEMON_ROLE__ROLE_PTTLSD,
	.pre_init = pttlsd_pre_init,
	.init = pttlsd_init,
	.reload = pttlsd_reload,
	.stop = pttlsd_stop,
	.health = pttlsd_health,
	.connections = pttlsd_connections,
	.ctx = &pttlsd,
};

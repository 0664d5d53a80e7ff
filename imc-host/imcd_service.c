/*
 * nea-imcd service callbacks: load the IMCs, accept client brokers on
 * imc.sock or use the one handed over as a descriptor, and connect each
 * link to the IMC host (imc_host.c does the protocol).
 */
#include "imcd_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imc_host.h"
#include "nea.pb-c.h"
#include "nea_buf.h"
#include "nea_err.h"
#include "nea_log.h"
#include "nea_tncconf.h"

typedef struct {
	ipc_link_t *link;
	imc_peer_t *peer;
} imcd_peer_t;

typedef struct {
	nea_daemon_t *d;
	ipc_server_t *imc;
	int broker_fd;      /* one-shot mode; -1 otherwise */
	ipc_link_t *broker; /* the link over broker_fd */
	imc_host_t *host;
	nea_tncconf_t *tnc; /* read with the start-up privileges, used by init */
	imcd_peer_t *peers;
	size_t npeers;
	size_t cap;
	unsigned long messages;
} imcd_t;

static imcd_t imcd = { .broker_fd = -1 };

/* What a client broker may send us (module.proto, broker -> host). */
static const int broker_cases[] = {
	NEA__ENVELOPE__BODY_CONN_STATE,
	NEA__ENVELOPE__BODY_PA_MESSAGE,
	NEA__ENVELOPE__BODY_BATCH_ENDING,
	NEA__ENVELOPE__BODY_OUTCOME,
};

void imcd_service_set_broker_fd(int fd)
{
	imcd.broker_fd = fd;
}

static int send_env(void *ctx, Nea__Envelope *env)
{
	return ipc_link_send(ctx, env);
}

static imcd_peer_t *peer_of(imcd_t *s, ipc_link_t *l, size_t *idx)
{
	for (size_t i = 0; i < s->npeers; i++) {
		if (s->peers[i].link == l) {
			if (idx)
				*idx = i;
			return &s->peers[i];
		}
	}
	return NULL;
}

static int add_peer(imcd_t *s, ipc_link_t *l, const char *label)
{
	imcd_peer_t *grown;
	imc_peer_t *p;
	size_t cap, bytes;

	if (s->npeers == s->cap) {
		if (!nea_mul_size(s->cap ? s->cap : 2, 2, &cap) ||
		    !nea_mul_size(cap, sizeof(*grown), &bytes) || !(grown = realloc(s->peers, bytes)))
			return NEA_ENOMEM;
		s->peers = grown;
		s->cap = cap;
	}
	p = imc_peer_create(s->host, label, send_env, l);
	if (!p)
		return NEA_ENOMEM;
	s->peers[s->npeers].link = l;
	s->peers[s->npeers].peer = p;
	s->npeers++;
	/* The broker learns our IMCs before anything else. */
	return imc_peer_register(p);
}

static void drop_peer(imcd_t *s, size_t i)
{
	imc_peer_destroy(s->peers[i].peer);
	s->peers[i] = s->peers[--s->npeers];
}

static void on_broker_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	imcd_t *s = arg;
	imcd_peer_t *p = peer_of(s, l, NULL);

	s->messages++;
	if (p)
		imc_peer_handle(p->peer, env);
}

static void on_broker_down(ipc_link_t *l, int reason, void *arg)
{
	imcd_t *s = arg;
	size_t i;

	if (peer_of(s, l, &i)) {
		NLOG(IMC, 1, "client broker pid %d disconnected (%s)", (int)ipc_link_peer_pid(l),
		     reason ? nea_strerror(reason) : "closed");
		drop_peer(s, i);
	}
	if (l == s->broker) {
		/* One-shot: the assessment is over when the client hangs up. */
		s->broker = NULL;
		nea_daemon_stop(s->d, 0);
	}
}

static void on_accept(ipc_server_t *srv, ipc_link_t *l, void *arg)
{
	imcd_t *s = arg;
	char label[96];
	size_t i;
	int rc;

	(void)srv;
	snprintf(label, sizeof(label), "client broker pid %d", (int)ipc_link_peer_pid(l));
	NLOG(IMC, 1, "%s (uid %u) connected", label, (unsigned)ipc_link_peer_uid(l));
	rc = s->host ? add_peer(s, l, label) : NEA_ESTATE;
	if (rc < 0) {
		NLOG(IMC, 0, "%s: cannot serve it (%s); disconnecting", label, nea_strerror(rc));
		if (peer_of(s, l, &i))
			drop_peer(s, i);
		ipc_link_close(l);
	}
}

static int load_tnc_config(imcd_t *s)
{
	const char *path = nea_conf_get_str(nea_daemon_conf(s->d), "nea.tnc_config",
					    "/etc/tnc_config");
	char err[512] = "";
	int rc;

	rc = nea_tncconf_load_file(path, &s->tnc, err, sizeof(err));
	if (rc < 0)
		NLOG(CFG, 0, "cannot load the IMC list %s: %s", path,
		     err[0] ? err : nea_strerror(rc));
	return rc;
}

static int load_host(imcd_t *s)
{
	imc_settings_t set;
	int rc;

	rc = imc_settings_load(nea_daemon_conf(s->d), &set);
	if (rc < 0) {
		NLOG(CFG, 0, "IMC settings: %s", nea_strerror(rc));
		return rc;
	}
	rc = imc_host_create(s->tnc, &set, &s->host);
	imc_settings_free(&set);
	if (rc == 0 && !imc_host_module_count(s->host))
		NLOG(IMC, 1, "no IMC configured in %s; client brokers get an empty IMC list",
		     s->tnc ? s->tnc->source : "the IMC list");
	nea_tncconf_free(s->tnc);
	s->tnc = NULL;
	return rc;
}

static int imcd_pre_init(nea_daemon_t *d, void *ctx)
{
	/* The client broker runs inside the operator's tool or nea-iked. */
	static const char *const peers[] = { "iked" };
	imcd_t *s = ctx;
	uid_t uids[8];
	ipc_opts_t o;
	ipc_cbs_t cbs = { .on_msg = on_broker_msg, .on_down = on_broker_down, .arg = s };
	int n;

	s->d = d;
	/* The IMC list may be readable by root only; the collectors start
	 * later, after the privilege drop. */
	n = load_tnc_config(s);
	if (n < 0)
		return n;
	if (s->broker_fd >= 0)
		return 0; /* one-shot: nothing to bind */
	nea_daemon_ipc_opts(d, &o);
	n = nea_daemon_peer_uids(d, peers, 1, true, uids, 8);
	if (n < 0)
		return n;
	o.uids = uids;
	o.n_uids = (size_t)n;
	o.allowed = broker_cases;
	o.n_allowed = sizeof(broker_cases) / sizeof(broker_cases[0]);
	return nea_daemon_listen(d, "imc.sock", &o, &cbs, on_accept, s, &s->imc);
}

static int imcd_init(nea_daemon_t *d, void *ctx)
{
	imcd_t *s = ctx;
	ipc_cbs_t cbs = { .on_msg = on_broker_msg, .on_down = on_broker_down, .arg = s };
	ipc_opts_t o;
	int rc, fd = s->broker_fd;

	/* The IMCs read the system only now, sandboxed, as nea-imcd's user. */
	rc = load_host(s);
	if (rc < 0)
		return rc;
	if (fd < 0)
		return 0;
	nea_daemon_ipc_opts(d, &o);
	o.name = "broker";
	o.allowed = broker_cases;
	o.n_allowed = sizeof(broker_cases) / sizeof(broker_cases[0]);
	s->broker_fd = -1; /* the link owns it now, even on failure */
	rc = ipc_link_open_fd(nea_daemon_loop(d), fd, &o, &cbs, &s->broker);
	if (rc < 0) {
		NLOG(IMC, 0, "cannot use the client broker socket (fd %d): %s", fd, nea_strerror(rc));
		return rc;
	}
	NLOG(IMC, 1, "serving the client broker on fd %d", fd);
	rc = add_peer(s, s->broker, "client broker");
	if (rc < 0)
		NLOG(IMC, 0, "cannot register the IMCs with the client broker: %s", nea_strerror(rc));
	return rc;
}

static int imcd_reload(nea_daemon_t *d, void *ctx)
{
	imcd_t *s = ctx;
	imc_settings_t set;
	int rc;

	if (!s->host)
		return 0;
	rc = imc_settings_load(nea_daemon_conf(d), &set);
	if (rc < 0)
		return rc;
	imc_host_set_settings(s->host, &set);
	NLOG(IMC, 1, "IMC settings reloaded; the IMC list itself is read at start only");
	return 0;
}

static void imcd_stop(nea_daemon_t *d, void *ctx)
{
	imcd_t *s = ctx;

	(void)d;
	/* Links close after this without callbacks: the states go first. */
	while (s->npeers)
		drop_peer(s, s->npeers - 1);
	free(s->peers);
	s->peers = NULL;
	s->cap = 0;
	if (s->broker) {
		ipc_link_close(s->broker);
		s->broker = NULL;
	}
	imc_host_destroy(s->host);
	s->host = NULL;
	nea_tncconf_free(s->tnc);
	s->tnc = NULL;
}

static void imcd_health(nea_daemon_t *d, void *ctx, char *buf, size_t len)
{
	imcd_t *s = ctx;
	size_t conns = 0;

	(void)d;
	for (size_t i = 0; i < s->npeers; i++)
		conns += imc_peer_conn_count(s->peers[i].peer);
	snprintf(buf, len, "%zu IMCs, %zu client brokers, %zu connections, %lu messages",
		 s->host ? imc_host_module_count(s->host) : 0, s->npeers, conns, s->messages);
}

const nea_service_t imcd_service = {
	.name = "imcd",
	.role = NEA__DAEMON_ROLE__ROLE_IMCD,
	.no_network = true,
	.pre_init = imcd_pre_init,
	.init = imcd_init,
	.reload = imcd_reload,
	.stop = imcd_stop,
	.health = imcd_health,
	.ctx = &imcd,
};

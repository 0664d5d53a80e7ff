/* nea-iked service callbacks; see iked_service.h. */
#include "iked_service.h"

#include <stdio.h>
#include <string.h>

#include "iked.h"
#include "iked_ctl.h"
#include "iked_tnc.h"
#include "nea_err.h"
#include "nea_log.h"

/* COOKIE secrets rotate this often (seconds), as charon's 15 minutes would
 * be too long for a busy gateway under attack; 2 generations are valid. */
#define COOKIE_ROTATE_S 120

static iked_t iked;

uint64_t iked_now(const iked_t *ik)
{
	return uv_now(ik->loop) / 1000;
}

static void on_tick(uv_timer_t *t)
{
	iked_t *ik = t->data;

	uv_update_time(ik->loop);
	ike_cookie_tick(&ik->cookie, iked_now(ik), COOKIE_ROTATE_S);
}

static int iked_pre_init(nea_daemon_t *d, void *ctx)
{
	iked_t *ik = ctx;
	const nea_conf_t *c = nea_daemon_conf(d);
	int rc;

	ik->d = d;
	ik->loop = nea_daemon_loop(d);
	rc = iked_cfg_load(c, &ik->cfg);
	if (rc < 0)
		return rc;
	rc = iked_kernel_start(&ik->kernel, ik->cfg->kernel);
	if (rc < 0)
		return rc;
	rc = iked_net_open(&ik->net, c, ik->cfg->kernel);
	if (rc < 0)
		return rc;
	ik->net_open = true;
	NLOG(NET, 1, "IKE listening on UDP ports %u and %u", ik->net.port, ik->net.port_natt);
	return iked_ctl_bind(ik);
}

static int iked_init(nea_daemon_t *d, void *ctx)
{
	iked_t *ik = ctx;
	int rc;

	(void)d;
	if ((rc = iked_sa_table_init(&ik->sas)) < 0)
		return rc;
	if ((rc = iked_pools_sync(&ik->pools, ik->cfg->sw)) < 0)
		return rc;
	if ((rc = ike_cookie_init(&ik->cookie, iked_now(ik))) < 0)
		return rc;
	uv_timer_init(ik->loop, &ik->tick);
	ik->tick.data = ik;
	uv_timer_start(&ik->tick, on_tick, 1000, 1000);
	ik->tick_on = true;
	if ((rc = iked_net_start(&ik->net, ik->loop, iked_rx, ik)) < 0)
		return rc;
	if ((rc = iked_tnc_start(ik)) < 0)
		return rc;
	return iked_ctl_start(ik);
}

static int iked_reload(nea_daemon_t *d, void *ctx)
{
	iked_t *ik = ctx;
	iked_cfg_t *c;
	int rc;

	rc = iked_cfg_load(nea_daemon_conf(d), &c);
	if (rc < 0) {
		NLOG(CFG, 0, "reloading the IKE configuration failed; keeping the old one");
		return rc;
	}
	if (c->kernel != ik->cfg->kernel)
		NLOG(CFG, 0, "nea.ike.kernel changes take effect after a restart");
	c->kernel = ik->cfg->kernel;
	rc = iked_pools_sync(&ik->pools, c->sw);
	if (rc < 0) {
		iked_cfg_unref(c);
		return rc;
	}
	iked_cfg_unref(ik->cfg);
	ik->cfg = c;
	NLOG(CFG, 1, "IKE configuration reloaded: %zu connections, %zu pools", c->nconns,
	     c->sw->npools);
	return 0;
}

static void iked_stop(nea_daemon_t *d, void *ctx)
{
	iked_t *ik = ctx;

	(void)d;
	ik->stopping = true;
	while (ik->sas.all)
		iked_sa_destroy(ik->sas.all, "nea-iked stopping");
	if (ik->tick_on) {
		uv_timer_stop(&ik->tick);
		uv_close((uv_handle_t *)&ik->tick, NULL);
		ik->tick_on = false;
	}
	if (ik->net_open) {
		iked_net_close(&ik->net);
		ik->net_open = false;
	}
	iked_ctl_stop(ik);
	iked_kernel_stop(&ik->kernel);
	ike_cookie_wipe(&ik->cookie);
}

static void iked_health(nea_daemon_t *d, void *ctx, char *buf, size_t len)
{
	iked_t *ik = ctx;

	(void)d;
	snprintf(buf, len, "IKE_SAs: %zu established, %zu half-open, %zu total; "
		 "%llu established since start, %llu failed, %llu cookies",
		 ik->sas.established, ik->sas.half_open, ik->sas.count,
		 (unsigned long long)ik->stats.sa_established,
		 (unsigned long long)ik->stats.sa_failed,
		 (unsigned long long)ik->stats.cookies_sent);
}

static unsigned iked_connections(nea_daemon_t *d, void *ctx)
{
	iked_t *ik = ctx;

	(void)d;
	return (unsigned)ik->sas.count;
}

const nea_service_t iked_service = {
	.name = "iked",
	.role = NEA__DAEMON_ROLE__ROLE_IKED,
	.pre_init = iked_pre_init,
	.init = iked_init,
	.reload = iked_reload,
	.stop = iked_stop,
	.health = iked_health,
	.connections = iked_connections,
	.ctx = &iked,
};

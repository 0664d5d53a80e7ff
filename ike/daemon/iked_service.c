/* nea-iked service callbacks; see iked_service.h. */
#include "iked_service.h"

#include <stdio.h>
#include <string.h>

#include "iked.h"
#include "iked_ctl.h"
#include "iked_tnc.h"
#include "nea_err.h"
#include "nea_log.h"

static iked_t iked;

static int iked_pre_init(nea_daemon_t *d, void *ctx)
{
	iked_t *ik = ctx;
	int rc;

	ik->d = d;
	rc = iked_open(ik, nea_daemon_loop(d), nea_daemon_conf(d));
	if (rc < 0)
		return rc;
	return iked_ctl_bind(ik);
}

static int iked_init(nea_daemon_t *d, void *ctx)
{
	iked_t *ik = ctx;
	int rc;

	(void)d;
	if ((rc = iked_start(ik)) < 0)
		return rc;
	if ((rc = iked_tnc_start(ik)) < 0)
		return rc;
	if ((rc = iked_ctl_start(ik)) < 0)
		return rc;
	iked_initiate_all(ik);
	return 0;
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
	ik->conf = nea_daemon_conf(d);
	NLOG(CFG, 1, "IKE configuration reloaded: %zu connections, %zu pools", c->nconns,
	     c->sw->npools);
	return 0;
}

static void iked_stop(nea_daemon_t *d, void *ctx)
{
	iked_t *ik = ctx;

	(void)d;
	iked_close(ik);
	iked_ctl_stop(ik);
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

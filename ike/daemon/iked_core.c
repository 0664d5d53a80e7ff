/* nea-iked without the daemon skeleton; see iked.h (iked_core). */
#include <string.h>

#include "iked.h"
#include "iked_exchange.h"
#include "nea_err.h"
#include "nea_log.h"

/* COOKIE secrets rotate this often (seconds); the previous secret stays
 * valid, so a cookie lives between one and two periods. */
#define COOKIE_ROTATE_S 120

uint64_t iked_now(const iked_t *ik)
{
	return uv_now(ik->loop) / 1000;
}

static void on_tick(uv_timer_t *t)
{
	iked_t *ik = t->data;

	ike_cookie_tick(&ik->cookie, iked_now(ik), COOKIE_ROTATE_S);
}

int iked_open(iked_t *ik, uv_loop_t *loop, const nea_conf_t *conf)
{
	int rc;

	ik->loop = loop;
	ik->conf = conf;
	rc = iked_cfg_load(conf, &ik->cfg);
	if (rc < 0)
		return rc;
	rc = iked_kernel_start(&ik->kernel, ik->cfg->kernel);
	if (rc < 0)
		return rc;
	rc = iked_net_open(&ik->net, conf, ik->cfg->kernel);
	if (rc < 0)
		return rc;
	ik->net_open = true;
	NLOG(NET, 1, "IKE listening on UDP ports %u and %u", ik->net.port, ik->net.port_natt);
	return 0;
}

int iked_start(iked_t *ik)
{
	int rc;

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
	return iked_net_start(&ik->net, ik->loop, iked_rx, ik);
}

void iked_close(iked_t *ik)
{
	ik->stopping = true;
	/* tell every peer first (charon does too): otherwise it keeps the
	 * IKE_SA and our virtual IP lease until DPD gives up on us */
	if (ik->net_open)
		for (iked_sa_t *sa = ik->sas.all; sa; sa = sa->next_all)
			iked_info_delete_on_stop(sa);
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
	if (ik->broker && !ik->d) {
		ipc_link_close(ik->broker);
		ik->broker = NULL;
	}
	iked_kernel_stop(&ik->kernel);
	ike_cookie_wipe(&ik->cookie);
}

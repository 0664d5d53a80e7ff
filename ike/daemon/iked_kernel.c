/* Kernel IPsec state for CHILD_SAs through nea-xfrm; see iked_kernel.h. */
#include "iked_kernel.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <string.h>

#include "iked.h"
#include "nea_err.h"
#include "nea_log.h"

#define MAX_PREFIXES 16

int iked_kernel_start(iked_kernel_t *k, bool enabled)
{
	xfrm_client_opts_t o;
	int rc;

	memset(k, 0, sizeof(*k));
	xfrm_client_init(&k->xc);
	if (!enabled) {
		NLOG(KNL, 1, "kernel IPsec disabled (nea.ike.kernel = no): CHILD_SAs are "
			     "negotiated but not installed");
		return 0;
	}
	memset(&o, 0, sizeof(o));
	rc = xfrm_client_spawn(&k->xc, &o);
	if (rc < 0) {
		NLOG(KNL, 0, "starting the XFRM helper nea-xfrm failed (%s); set nea.ike.kernel = no "
			     "to negotiate without installing IPsec state", nea_strerror(rc));
		return rc;
	}
	k->enabled = true;
	NLOG(KNL, 1, "kernel IPsec through nea-xfrm (pid %d)", (int)k->xc.pid);
	return 0;
}

void iked_kernel_stop(iked_kernel_t *k)
{
	if (k->enabled)
		xfrm_client_stop(&k->xc);
	k->enabled = false;
}

static const char *why(const iked_kernel_t *k, int rc, char *buf, size_t len)
{
	if (rc == NEA_EIO && k->xc.last_kerrno)
		snprintf(buf, len, "%s (kernel: %s)", nea_strerror(rc),
			 strerror((int)k->xc.last_kerrno));
	else
		snprintf(buf, len, "%s", nea_strerror(rc));
	return buf;
}

static int ts_prefixes(const ike_ts_t *t, xfrm_ts_t *out, size_t cap, size_t *n)
{
	return xfrm_ts_from_range(t->ts_type == IKE_TS_IPV4_ADDR_RANGE ? 4 : 6, t->start, t->end,
				  t->ip_proto, t->start_port, t->end_port, out, cap, n);
}

int iked_kernel_add_child(iked_kernel_t *k, const iked_sa_t *sa, iked_child_t *c,
			  const ike_child_keys_t *keys)
{
	xfrm_sa_pair_t p;
	xfrm_ip_t local, remote;
	char reason[160];
	uint32_t reqid;
	int rc;

	if (!k->enabled) {
		NLOG(KNL, 1, "CHILD_SA %s{%u} with SPIs %08x_i %08x_o not installed in the kernel "
			     "(nea.ike.kernel = no)", c->cfg ? c->cfg->sc->name : "?", c->unique,
		     c->spi_in, c->spi_out);
		return 0;
	}
	if (!c->tunnel) {
		NLOG(KNL, 0, "CHILD_SA %s{%u}: transport mode is not installed by nea-xfrm",
		     c->cfg->sc->name, c->unique);
		return NEA_EUNSUPPORTED;
	}
	if ((rc = xfrm_ip_from_sockaddr(&sa->local, &local)) < 0 ||
	    (rc = xfrm_ip_from_sockaddr(&sa->remote, &remote)) < 0)
		return rc;
	rc = xfrm_client_alloc_reqid(&k->xc, &reqid);
	if (rc < 0) {
		NLOG(KNL, 0, "CHILD_SA %s{%u}: no reqid from nea-xfrm: %s", c->cfg->sc->name,
		     c->unique, why(k, rc, reason, sizeof(reason)));
		return rc;
	}
	memset(&p, 0, sizeof(p));
	p.reqid = reqid;
	p.local = local;
	p.remote = remote;
	p.spi_in = c->spi_in;
	p.spi_out = c->spi_out;
	p.encr = c->sel.suite.encr;
	p.encr_keylen = c->sel.suite.encr_keylen;
	p.integ = c->sel.suite.integ;
	/* KEYMAT: _i protects the traffic of whoever initiated the exchange
	 * that created this CHILD_SA (IKE_AUTH or CREATE_CHILD_SA) */
	p.ekey_in = c->exch_initiator ? keys->encr_r : keys->encr_i;
	p.ekey_out = c->exch_initiator ? keys->encr_i : keys->encr_r;
	p.ekey_len = keys->e_len;
	p.ikey_in = c->exch_initiator ? keys->integ_r : keys->integ_i;
	p.ikey_out = c->exch_initiator ? keys->integ_i : keys->integ_r;
	p.ikey_len = keys->a_len;
	if (c->encap) {
		p.encap_local = iked_addr_port(&sa->local);
		p.encap_remote = iked_addr_port(&sa->remote);
	}
	rc = xfrm_client_add_sa_pair(&k->xc, &p);
	for (size_t i = 0; rc == 0 && i < c->ts_local.n; i++) {
		xfrm_ts_t lp[MAX_PREFIXES], rp[MAX_PREFIXES];
		size_t nl, nr;

		rc = ts_prefixes(&c->ts_local.ts[i], lp, MAX_PREFIXES, &nl);
		for (size_t j = 0; rc == 0 && j < c->ts_remote.n; j++) {
			rc = ts_prefixes(&c->ts_remote.ts[j], rp, MAX_PREFIXES, &nr);
			for (size_t a = 0; rc == 0 && a < nl; a++)
				for (size_t b = 0; rc == 0 && b < nr; b++)
					rc = xfrm_client_add_policies(&k->xc, reqid, &local, &remote,
								      &lp[a], &rp[b]);
		}
	}
	if (rc < 0) {
		NLOG(KNL, 0, "unable to install CHILD_SA %s{%u} (SPIs %08x_i %08x_o) in the kernel: %s",
		     c->cfg->sc->name, c->unique, c->spi_in, c->spi_out,
		     why(k, rc, reason, sizeof(reason)));
		xfrm_client_release(&k->xc, reqid);
		return rc;
	}
	c->reqid = reqid;
	c->installed = true;
	NLOG(KNL, 1, "CHILD_SA %s{%u} installed in the kernel with reqid %u", c->cfg->sc->name,
	     c->unique, reqid);
	return 0;
}

int iked_kernel_del_child(iked_kernel_t *k, const iked_sa_t *sa, const iked_child_t *c)
{
	char reason[160];
	int rc;

	(void)sa;
	if (!k->enabled || !c->installed)
		return 0;
	rc = xfrm_client_release(&k->xc, c->reqid);
	if (rc < 0)
		NLOG(KNL, 0, "removing CHILD_SA {%u} (reqid %u) from the kernel failed: %s",
		     c->unique, c->reqid, why(k, rc, reason, sizeof(reason)));
	return rc;
}

/* Kernel IPsec state for CHILD_SAs; see iked_kernel.h (helper pending). */
#include "iked_kernel.h"

#include <string.h>

#include "iked.h"
#include "nea_err.h"
#include "nea_log.h"

int iked_kernel_start(iked_kernel_t *k, bool enabled)
{
	memset(k, 0, sizeof(*k));
	k->fd = -1;
	if (enabled) {
		NLOG(KNL, 0, "nea.ike.kernel = yes needs the XFRM helper, which this nea-iked "
			     "does not have; set nea.ike.kernel = no to negotiate without "
			     "installing IPsec state");
		return NEA_EUNSUPPORTED;
	}
	NLOG(KNL, 1, "kernel IPsec disabled (nea.ike.kernel = no): CHILD_SAs are negotiated "
		     "but not installed");
	return 0;
}

void iked_kernel_stop(iked_kernel_t *k)
{
	k->fd = -1;
}

int iked_kernel_add_child(iked_kernel_t *k, const iked_sa_t *sa, const iked_child_t *c,
			  const ike_child_keys_t *keys)
{
	char name[64];

	(void)keys;
	if (!k->enabled) {
		NLOG(KNL, 1, "CHILD_SA %s{%u} with SPIs %08x_i %08x_o not installed in the kernel "
			     "(nea.ike.kernel = no)", c->cfg ? c->cfg->sc->name : "?", c->unique,
		     c->spi_in, c->spi_out);
		(void)iked_sa_name(sa, name, sizeof(name));
		return 0;
	}
	return NEA_EUNSUPPORTED;
}

int iked_kernel_del_child(iked_kernel_t *k, const iked_sa_t *sa, const iked_child_t *c)
{
	(void)sa;
	(void)c;
	return k->enabled ? NEA_EUNSUPPORTED : 0;
}

/*
 * iked_kernel: nea-iked's side of kernel IPsec state. CHILD_SAs (SA pairs
 * and their policies) are installed by the privileged XFRM helper
 * nea-xfrm (ike/kernel/), which nea-iked starts in pre_init while it still
 * has CAP_NET_ADMIN and talks to over a socketpair (xfrm_client); the
 * helper accepts only its narrow request set and removes everything it
 * installed when nea-iked goes away.
 *
 * Contract:
 *  - iked_kernel_start(): nea.ike.kernel = no (the default) starts nothing
 *    and every install is only logged ("CHILD_SA ... not installed in the
 *    kernel (nea.ike.kernel = no)") so unprivileged test runs leave the
 *    host alone. nea.ike.kernel = yes spawns nea-xfrm (next to nea-iked);
 *    when that fails the daemon does not start.
 *  - iked_kernel_add_child(): reqid from the helper, the SA pair (our SPI
 *    inbound with the peer's keys for us, the peer's SPI outbound), ESP in
 *    UDP when the SA floated behind a NAT, then one policy set per pair of
 *    selector prefixes. Any refusal releases what was installed and fails
 *    the CHILD_SA (logged with the kernel's reason); a dead helper is not
 *    restarted: a gateway without kernel state must be noticed.
 *  - iked_kernel_del_child(): releases the reqid (policies, SAs).
 *  - Keys cross the socketpair once and are wiped from the request buffer.
 */
#ifndef IKED_KERNEL_H
#define IKED_KERNEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ike_keymat.h"
#include "xfrm_client.h"

struct iked_sa;
struct iked_child;

typedef struct {
	bool enabled;
	xfrm_client_t xc;
} iked_kernel_t;

int iked_kernel_start(iked_kernel_t *k, bool enabled);
void iked_kernel_stop(iked_kernel_t *k);
int iked_kernel_add_child(iked_kernel_t *k, const struct iked_sa *sa, struct iked_child *c,
			  const ike_child_keys_t *keys);
int iked_kernel_del_child(iked_kernel_t *k, const struct iked_sa *sa, const struct iked_child *c);

#endif

/*
 * iked_kernel: nea-iked's side of kernel IPsec state. CHILD_SAs (SA pairs
 * and their policies) are to be installed by a privileged XFRM helper
 * that nea-iked starts in pre_init and talks to over a socketpair, with a
 * narrow request set. THE HELPER IS NOT WRITTEN YET.
 *
 * Contract:
 *  - iked_kernel_start(): nea.ike.kernel = no (the default until the helper
 *    exists) starts nothing, and every install is only logged ("CHILD_SA
 *    ... not installed in the kernel (nea.ike.kernel = no)") so test runs
 *    leave the host alone. nea.ike.kernel = yes fails the start with
 *    NEA_EUNSUPPORTED and a line saying why: a gateway that negotiates
 *    tunnels it cannot install must be noticed, not papered over.
 *  - iked_kernel_add_child()/_del_child(): one request, one answer; the
 *    call waits at most a second for the helper (netlink operations are
 *    quick and local). A dead or silent helper fails the request (the
 *    CHILD_SA is then not installed, logged) and is not restarted: a
 *    gateway without kernel state must be noticed, not papered over.
 *  - Keys cross the socketpair once and are wiped from the request buffer.
 */
#ifndef IKED_KERNEL_H
#define IKED_KERNEL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "ike_keymat.h"

struct iked_sa;
struct iked_child;

typedef struct {
	bool enabled;
	int fd;
	pid_t pid;
	uint32_t seq;
} iked_kernel_t;

int iked_kernel_start(iked_kernel_t *k, bool enabled);
void iked_kernel_stop(iked_kernel_t *k);
int iked_kernel_add_child(iked_kernel_t *k, const struct iked_sa *sa, const struct iked_child *c,
			  const ike_child_keys_t *keys);
int iked_kernel_del_child(iked_kernel_t *k, const struct iked_sa *sa, const struct iked_child *c);

#endif

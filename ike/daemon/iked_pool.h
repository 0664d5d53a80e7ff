/*
 * iked_pool: virtual IP leases from the swanctl pools, as charon's
 * in-memory pools hand them out.
 *
 * Contract:
 *  - A lease belongs to an identity (the EAP identity, or the IKE
 *    identity without EAP). iked_pool_acquire() gives an identity its own
 *    offline lease back first ("reassigning offline lease to 'jane'"), then
 *    the next never used address ("assigning new lease 10.3.0.1 to
 *    'jane'"), then another identity's offline lease; when the pool is
 *    exhausted it fails with NEA_ENOTFOUND and the SA gets no address
 *    (INTERNAL_ADDRESS_FAILURE).
 *  - iked_pool_release() puts an online lease offline when its SA goes.
 *  - State survives reloads: iked_pools_sync() keeps a pool whose range
 *    did not change, adds new pools, drops removed or changed pools
 *    without online leases and keeps the others until their leases end.
 *  - Bounded: leases exist only for addresses handed out (at most the pool
 *    size, at most IKED_POOL_MAX_LEASES per pool).
 */
#ifndef IKED_POOL_H
#define IKED_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "iked_net.h"
#include "nea_swanctl.h"

#define IKED_POOL_MAX_LEASES 1000000u

typedef struct {
	uint64_t offset;
	char *identity;
	bool online;
} iked_lease_t;

typedef struct {
	char *name;
	nea_addr_range_t range;
	uint64_t size;
	uint64_t next;      /* next never handed out offset */
	iked_lease_t *leases;
	size_t nleases, cap;
	size_t online;
	bool stale;         /* removed from the configuration */
} iked_pool_t;

typedef struct {
	iked_pool_t *pools;
	size_t n;
} iked_pools_t;

int iked_pools_sync(iked_pools_t *p, const nea_swanctl_t *sw);
void iked_pools_free(iked_pools_t *p);
/* family AF_INET or AF_INET6; NEA_ENOTFOUND: no such pool, wrong family
 * or exhausted. */
int iked_pool_acquire(iked_pools_t *p, const char *pool, const char *identity, int family,
		      iked_addr_t *out);
void iked_pool_release(iked_pools_t *p, const iked_addr_t *addr, const char *identity);
/* Online leases of a pool (for `nea sas`/health). */
size_t iked_pool_online(const iked_pools_t *p, const char *pool);

#endif

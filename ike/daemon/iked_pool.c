/* Virtual IP pools; see iked_pool.h. */
#include "iked_pool.h"

#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"

static size_t alen(const nea_addr_range_t *r)
{
	return r->family == AF_INET ? 4 : 16;
}

/* from + offset, in network order (offset < size, so no wrap beyond to). */
static void offset_to_addr(const nea_addr_range_t *r, uint64_t off, iked_addr_t *out)
{
	uint8_t b[16];
	size_t n = alen(r);

	memcpy(b, r->from, n);
	for (size_t i = n; i-- > 0 && off;) {
		uint64_t v = (uint64_t)b[i] + (off & 0xff);

		b[i] = (uint8_t)v;
		off = (off >> 8) + (v >> 8);
	}
	iked_addr_from_bytes(out, b, n, 0);
}

/* addr - from, or -1 when outside the range (or the offset is beyond 64 bits). */
static int addr_to_offset(const nea_addr_range_t *r, const iked_addr_t *a, uint64_t *off)
{
	size_t n = alen(r), len;
	const uint8_t *b = iked_addr_bytes(a, &len);
	uint64_t v = 0;
	int borrow = 0;
	uint8_t diff[16];

	if (!b || len != n || memcmp(b, r->from, n) < 0 || memcmp(b, r->to, n) > 0)
		return -1;
	for (size_t i = n; i-- > 0;) {
		int d = (int)b[i] - (int)r->from[i] - borrow;

		borrow = d < 0;
		diff[i] = (uint8_t)(d + (borrow ? 256 : 0));
	}
	for (size_t i = 0; i < n; i++) {
		if (i + 8 < n && diff[i])
			return -1;
		v = (v << 8) | diff[i];
	}
	*off = v;
	return 0;
}

static void pool_free(iked_pool_t *p)
{
	for (size_t i = 0; i < p->nleases; i++)
		free(p->leases[i].identity);
	free(p->leases);
	free(p->name);
	memset(p, 0, sizeof(*p));
}

static iked_pool_t *find(iked_pools_t *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (!p->pools[i].stale && strcmp(p->pools[i].name, name) == 0)
			return &p->pools[i];
	return NULL;
}

int iked_pools_sync(iked_pools_t *p, const nea_swanctl_t *sw)
{
	iked_pool_t *grown;
	size_t keep = 0;

	/* mark everything stale, then revive what the configuration names */
	for (size_t i = 0; i < p->n; i++)
		p->pools[i].stale = true;
	for (size_t i = 0; i < sw->npools; i++) {
		const nea_swanctl_pool_t *sp = &sw->pools[i];
		iked_pool_t *old = NULL;

		for (size_t j = 0; j < p->n; j++)
			if (strcmp(p->pools[j].name, sp->name) == 0 &&
			    memcmp(&p->pools[j].range, &sp->addrs, sizeof(sp->addrs)) == 0)
				old = &p->pools[j];
		if (old) {
			old->stale = false;
			continue;
		}
		grown = realloc(p->pools, (p->n + 1) * sizeof(*grown));
		if (!grown)
			return NEA_ENOMEM;
		p->pools = grown;
		memset(&p->pools[p->n], 0, sizeof(p->pools[p->n]));
		p->pools[p->n].name = strdup(sp->name);
		if (!p->pools[p->n].name)
			return NEA_ENOMEM;
		p->pools[p->n].range = sp->addrs;
		p->pools[p->n].size = sp->size;
		p->n++;
	}
	/* drop stale pools nobody uses any more */
	for (size_t i = 0; i < p->n; i++) {
		if (p->pools[i].stale && p->pools[i].online == 0) {
			pool_free(&p->pools[i]);
			continue;
		}
		p->pools[keep++] = p->pools[i];
	}
	p->n = keep;
	return 0;
}

void iked_pools_free(iked_pools_t *p)
{
	for (size_t i = 0; i < p->n; i++)
		pool_free(&p->pools[i]);
	free(p->pools);
	p->pools = NULL;
	p->n = 0;
}

static int add_lease(iked_pool_t *pool, uint64_t off, const char *identity, iked_lease_t **out)
{
	char *id;

	if (pool->nleases >= IKED_POOL_MAX_LEASES)
		return NEA_ETOOBIG;
	if (pool->nleases == pool->cap) {
		size_t cap = pool->cap ? pool->cap * 2 : 16;
		iked_lease_t *g = realloc(pool->leases, cap * sizeof(*g));

		if (!g)
			return NEA_ENOMEM;
		pool->leases = g;
		pool->cap = cap;
	}
	id = strdup(identity);
	if (!id)
		return NEA_ENOMEM;
	pool->leases[pool->nleases] = (iked_lease_t){ .offset = off, .identity = id };
	*out = &pool->leases[pool->nleases++];
	return 0;
}

int iked_pool_acquire(iked_pools_t *p, const char *name, const char *identity, int family,
		      iked_addr_t *out)
{
	iked_pool_t *pool = find(p, name);
	iked_lease_t *l = NULL;
	char buf[IKED_ADDR_STRLEN];
	const char *how = NULL;

	if (!pool || pool->range.family != family)
		return NEA_ENOTFOUND;
	for (size_t i = 0; i < pool->nleases && !l; i++)
		if (!pool->leases[i].online && strcmp(pool->leases[i].identity, identity) == 0) {
			l = &pool->leases[i];
			how = "reassigning offline lease to";
		}
	if (!l && pool->next < pool->size) {
		if (add_lease(pool, pool->next, identity, &l) < 0)
			return NEA_ENOMEM;
		pool->next++;
		how = NULL;
	}
	if (!l) {
		for (size_t i = 0; i < pool->nleases && !l; i++)
			if (!pool->leases[i].online) {
				char *id = strdup(identity);

				if (!id)
					return NEA_ENOMEM;
				l = &pool->leases[i];
				free(l->identity);
				l->identity = id;
				how = "reassigning existing offline lease by";
			}
	}
	if (!l) {
		NLOG(CFG, 1, "pool '%s' is full, unable to assign address", name);
		return NEA_ENOTFOUND;
	}
	l->online = true;
	pool->online++;
	offset_to_addr(&pool->range, l->offset, out);
	if (how)
		NLOG(CFG, 1, "%s '%s'", how, identity);
	else
		NLOG(CFG, 1, "assigning new lease %s to '%s'", iked_addr_str(out, buf, sizeof(buf)),
		     identity);
	return 0;
}

void iked_pool_release(iked_pools_t *p, const iked_addr_t *addr, const char *identity)
{
	char buf[IKED_ADDR_STRLEN];

	for (size_t i = 0; i < p->n; i++) {
		iked_pool_t *pool = &p->pools[i];
		uint64_t off;

		if (addr_to_offset(&pool->range, addr, &off) < 0)
			continue;
		for (size_t j = 0; j < pool->nleases; j++) {
			iked_lease_t *l = &pool->leases[j];

			if (l->offset == off && l->online && strcmp(l->identity, identity) == 0) {
				l->online = false;
				pool->online--;
				NLOG(CFG, 1, "lease %s by '%s' went offline",
				     iked_addr_str(addr, buf, sizeof(buf)), identity);
				return;
			}
		}
	}
}

size_t iked_pool_online(const iked_pools_t *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->pools[i].name, name) == 0)
			return p->pools[i].online;
	return 0;
}

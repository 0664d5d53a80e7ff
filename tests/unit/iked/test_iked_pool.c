/*
 * iked_pool: virtual IP leases as charon's in-memory pools hand them out
 * (own offline lease first, then never-used addresses, then another
 * identity's offline lease; a full pool refuses), and their survival
 * across configuration reloads.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "iked_pool.h"
#include "nea_err.h"
#include "nea_swanctl.h"

static nea_swanctl_t *load(const char *text)
{
	nea_conf_t *c;
	nea_swanctl_t *sw;
	char err[256];

	cr_assert_eq(nea_conf_load_string(text, "swanctl.conf", &c, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(nea_swanctl_from_conf(c, &sw, err, sizeof(err)), 0, "%s", err);
	nea_conf_free(c);
	return sw;
}

static const char *ip(const iked_addr_t *a, char *buf)
{
	return iked_addr_str(a, buf, IKED_ADDR_STRLEN);
}

Test(iked_pool, leases_in_charons_order_and_exhaustion)
{
	nea_swanctl_t *sw = load("pools { p { addrs = 10.3.0.0/30 } }\n");
	iked_pools_t pools = { 0 };
	iked_addr_t a, b, c;
	char s[IKED_ADDR_STRLEN];

	cr_assert_eq(iked_pools_sync(&pools, sw), 0);
	/* a /30 hands out .1 and .2 (network and broadcast excluded) */
	cr_assert_eq(iked_pool_acquire(&pools, "p", "jane", AF_INET, &a), 0);
	cr_assert_str_eq(ip(&a, s), "10.3.0.1");
	cr_assert_eq(iked_pool_acquire(&pools, "p", "carol", AF_INET, &b), 0);
	cr_assert_str_eq(ip(&b, s), "10.3.0.2");
	cr_assert_eq(iked_pool_online(&pools, "p"), 2);
	/* full */
	cr_assert_eq(iked_pool_acquire(&pools, "p", "dave", AF_INET, &c), NEA_ENOTFOUND);
	/* wrong family, unknown pool */
	cr_assert_eq(iked_pool_acquire(&pools, "p", "dave", AF_INET6, &c), NEA_ENOTFOUND);
	cr_assert_eq(iked_pool_acquire(&pools, "nope", "dave", AF_INET, &c), NEA_ENOTFOUND);
	/* jane goes and comes back: her own lease again */
	iked_pool_release(&pools, &a, "jane");
	cr_assert_eq(iked_pool_online(&pools, "p"), 1);
	cr_assert_eq(iked_pool_acquire(&pools, "p", "jane", AF_INET, &c), 0);
	cr_assert_str_eq(ip(&c, s), "10.3.0.1");
	/* a release naming the wrong owner changes nothing */
	iked_pool_release(&pools, &b, "mallory");
	cr_assert_eq(iked_pool_online(&pools, "p"), 2);
	/* carol's offline lease goes to dave when nothing else is left */
	iked_pool_release(&pools, &b, "carol");
	cr_assert_eq(iked_pool_acquire(&pools, "p", "dave", AF_INET, &c), 0);
	cr_assert_str_eq(ip(&c, s), "10.3.0.2");
	iked_pools_free(&pools);
	nea_swanctl_free(sw);
}

Test(iked_pool, reload_keeps_unchanged_pools_and_busy_ones)
{
	nea_swanctl_t *sw1 = load("pools { p { addrs = 10.3.0.0/24 }\n q { addrs = 10.4.0.0/24 } }\n");
	nea_swanctl_t *sw2 = load("pools { p { addrs = 10.3.0.0/24 }\n r { addrs = 10.5.0.10-10.5.0.11 } }\n");
	iked_pools_t pools = { 0 };
	iked_addr_t a, b;
	char s[IKED_ADDR_STRLEN];

	cr_assert_eq(iked_pools_sync(&pools, sw1), 0);
	cr_assert_eq(iked_pool_acquire(&pools, "p", "jane", AF_INET, &a), 0);
	cr_assert_eq(iked_pool_acquire(&pools, "q", "carol", AF_INET, &b), 0);
	cr_assert_eq(iked_pools_sync(&pools, sw2), 0);
	/* p unchanged: jane's lease is still online there */
	cr_assert_eq(iked_pool_online(&pools, "p"), 1);
	/* q was removed but is busy: no new leases, the old one can go */
	cr_assert_eq(iked_pool_acquire(&pools, "q", "dave", AF_INET, &a), NEA_ENOTFOUND);
	iked_pool_release(&pools, &b, "carol");
	/* r is new, a from-to range */
	cr_assert_eq(iked_pool_acquire(&pools, "r", "dave", AF_INET, &a), 0);
	cr_assert_str_eq(ip(&a, s), "10.5.0.10");
	/* another sync drops q, now idle */
	cr_assert_eq(iked_pools_sync(&pools, sw2), 0);
	cr_assert_eq(pools.n, 2);
	iked_pools_free(&pools);
	nea_swanctl_free(sw1);
	nea_swanctl_free(sw2);
}

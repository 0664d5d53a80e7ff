/*
 * Port lists of the Scanner IMV's workitems: accepted forms, refusals with
 * the offset of the bad item, and every prefix / flipped byte of valid
 * lists parsed without reading past the given length.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "imv_ports.h"

static imv_ports_t p;

Test(imv_ports, accepted_forms)
{
	nea_perr_t err;

	cr_assert_eq(imv_ports_parse("500 4500 10000-65000", 20, &p, &err), 0);
	cr_assert_eq(p.n, 3);
	cr_assert_eq(p.r[2].start, 10000);
	cr_assert_eq(p.r[2].stop, 65000);
	cr_assert(imv_ports_contains(&p, 4500));
	cr_assert(imv_ports_contains(&p, 10000));
	cr_assert(imv_ports_contains(&p, 65000));
	cr_assert_not(imv_ports_contains(&p, 65001));
	cr_assert_not(imv_ports_contains(&p, 501));
	cr_assert_eq(imv_ports_parse("", 0, &p, &err), 0);
	cr_assert_eq(p.n, 0);
	cr_assert_not(imv_ports_contains(&p, 22));
	cr_assert_eq(imv_ports_parse("  22\t443\n 0-65535 ", 19, &p, &err), 0);
	cr_assert_eq(p.n, 3);
	cr_assert(imv_ports_contains(&p, 0));
}

Test(imv_ports, refusals_name_the_item)
{
	static const struct {
		const char *s;
		int code;
		size_t off;
	} bad[] = {
		{ "22 http", NEA_EINVAL, 3 },   { "65536", NEA_EINVAL, 0 },
		{ "22 80-", NEA_EINVAL, 3 },    { "443-80", NEA_EINVAL, 0 },
		{ "22,443", NEA_EINVAL, 0 },    { "-5", NEA_EINVAL, 0 },
		{ "1 2 99999999", NEA_EINVAL, 4 }, { "5-6-7", NEA_EINVAL, 0 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		nea_perr_t err;

		memset(&err, 0, sizeof(err));
		cr_assert_eq(imv_ports_parse(bad[i].s, strlen(bad[i].s), &p, &err), bad[i].code,
			     "'%s'", bad[i].s);
		cr_assert_eq(err.offset, bad[i].off, "'%s': offset %zu", bad[i].s, err.offset);
		cr_assert_neq(err.msg[0], '\0');
	}
}

Test(imv_ports, too_many_items)
{
	size_t n = (IMV_PORTS_MAX + 1) * 2;
	char *s = malloc(n + 1);
	nea_perr_t err;

	cr_assert_not_null(s);
	for (size_t i = 0; i < IMV_PORTS_MAX + 1; i++)
		memcpy(s + 2 * i, "1 ", 2);
	s[n] = '\0';
	cr_assert_eq(imv_ports_parse(s, n, &p, &err), NEA_ETOOBIG);
	cr_assert_eq(err.offset, 2 * IMV_PORTS_MAX);
	cr_assert_eq(imv_ports_parse(s, n - 2, &p, &err), 0);
	cr_assert_eq(p.n, IMV_PORTS_MAX);
	free(s);
}

/* Exact-size heap copies let ASan catch a read past len. */
Test(imv_ports, bounded_input)
{
	static const char *const good[] = { "500 4500 10000-65000", "22", "0-65535 1 2 3" };

	for (size_t g = 0; g < sizeof(good) / sizeof(good[0]); g++) {
		size_t len = strlen(good[g]);

		for (size_t k = 0; k <= len; k++) {
			char *c = malloc(k ? k : 1);
			nea_perr_t err;
			int rc;

			memcpy(c, good[g], k);
			rc = imv_ports_parse(c, k, &p, &err);
			cr_assert(rc == 0 || rc == NEA_EINVAL, "prefix %zu of '%s'", k, good[g]);
			for (size_t i = 0; i < k; i++) {
				char o = c[i];

				c[i] = (char)(o ^ 0x5a);
				rc = imv_ports_parse(c, k, &p, &err);
				cr_assert(rc == 0 || (rc == NEA_EINVAL && err.offset < k));
				c[i] = o;
			}
			free(c);
		}
	}
}


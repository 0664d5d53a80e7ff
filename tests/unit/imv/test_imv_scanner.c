/*
 * The Scanner IMV's rules (strongSwan imv_scanner with workitems): every
 * open TCP/UDP port against TCPOP/TCPBL/UDPOP/UDPBL port lists, the result
 * texts, the recommendation from rec_fail, the reason string and XML
 * remediation in the client's language, the Port Filter request when the
 * IMC did not send one, and the verdict without a policy database.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "imv_harness.h"

static const char *const both[] = { "OS", "Scanner", NULL };
static const ih_os_t debian = { "Debian", "12 x86_64", "3d1219c7c4c5404aaa1f6d2a48adfda4", 0, 0,
				true };

/* One assessment: the OS message and (if n_ports >= 0) a Port Filter. */
static void run(ih_t *t, const ih_wi_t *wis, size_t n_wis, const ih_port_t *ports, int n_ports,
		const char *lang)
{
	uint8_t *m;
	size_t len;

	ih_init(t, both);
	memcpy(t->wis, wis, n_wis * sizeof(*wis));
	t->n_wis = n_wis;
	ih_open(t, 7, lang);
	m = ih_os_msg(&debian, &len);
	ih_pa(t, 7, 0, 1, 1, 0xffff, false, m, len);
	free(m);
	if (n_ports >= 0) {
		m = ih_ports_msg(ports, (size_t)n_ports, &len);
		ih_pa(t, 7, 0, 5, 2, 0xffff, false, m, len);
		free(m);
	}
	ih_batch_end(t, 7);
}

typedef struct {
	uint32_t type;
	const char *list;
	ih_port_t ports[4];
	int n;
	const char *result;
	uint32_t rec; /* rec_fail is no access (1) */
} scan_case_t;

static const scan_case_t cases[] = {
	/* TCPOP: the list is what may be open */
	{ 11, "22 443", { { false, 6, 22 } }, 1, "no violating tcp ports", 0 },
	{ 11, "22 443", { { false, 6, 22 }, { false, 6, 80 } }, 2, "violating tcp ports: 80", 1 },
	{ 11, "", { { false, 6, 271 } }, 1, "violating tcp ports: 271", 1 },
	{ 11, "", { { false, 6, 80 }, { false, 6, 8080 } }, 2, "violating tcp ports: 80 8080", 1 },
	{ 11, "1000-2000", { { false, 6, 1000 }, { false, 6, 2000 } }, 2, "no violating tcp ports",
	  0 },
	{ 11, "1000-2000", { { false, 6, 999 }, { false, 6, 2001 } }, 2,
	  "violating tcp ports: 999 2001", 1 },
	/* blocked ports and the other protocol are not looked at */
	{ 11, "", { { true, 6, 80 }, { false, 17, 53 } }, 2, "no violating tcp ports", 0 },
	/* TCPBL: the list is what must be closed */
	{ 12, "80 8080", { { false, 6, 22 } }, 1, "no violating tcp ports", 0 },
	{ 12, "80 8080", { { false, 6, 22 }, { false, 6, 8080 } }, 2, "violating tcp ports: 8080",
	  1 },
	{ 12, "", { { false, 6, 22 } }, 1, "no violating tcp ports", 0 },
	/* UDP */
	{ 13, "500 4500 10000-65000", { { false, 17, 42364 }, { false, 17, 500 } }, 2,
	  "no violating udp ports", 0 },
	{ 13, "500 4500", { { false, 17, 53 }, { false, 6, 53 } }, 2, "violating udp ports: 53", 1 },
	{ 14, "53", { { false, 17, 53 } }, 1, "violating udp ports: 53", 1 },
	{ 14, "53", { { false, 6, 53 } }, 1, "no violating udp ports", 0 },
	/* nothing open at all */
	{ 11, "", { { false, 6, 0 } }, 0, "no violating tcp ports", 0 },
};

Test(imv_scanner, rule_matrix)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const scan_case_t *c = &cases[i];
		ih_wi_t wi = { c->type, c->list, 1, 0 };
		const Nea__WorkitemResult *wr;
		const Nea__Recommendation *rec;
		ih_t t;

		run(&t, &wi, 1, c->ports, c->n, "en");
		wr = ih_result(&t, c->type);
		cr_assert_not_null(wr, "case %zu: no result", i);
		cr_assert_str_eq(wr->result, c->result, "case %zu", i);
		cr_assert_eq(wr->rec_final, c->rec, "case %zu", i);
		rec = ih_rec(&t, 2);
		cr_assert_not_null(rec, "case %zu: no recommendation", i);
		cr_assert_eq(rec->recommendation, c->rec, "case %zu", i);
		cr_assert_eq(rec->evaluation, c->rec ? 1u : 0u, "case %zu", i);
		if (c->rec)
			cr_assert_str_eq(rec->reason, "Open server ports were detected");
		else
			cr_assert_null(rec->reason);
		ih_fini(&t);
	}
}

Test(imv_scanner, tcp_and_udp_workitems_merge_to_the_worst)
{
	static const ih_wi_t wis[] = { { 11, "22", 1, 0 }, { 13, "", 2, 0 } };
	static const ih_port_t ports[] = { { false, 6, 22 }, { false, 17, 5353 } };
	const Nea__Recommendation *rec;
	ih_t t;

	run(&t, wis, 2, ports, 2, "en");
	cr_assert_str_eq(ih_result(&t, 11)->result, "no violating tcp ports");
	cr_assert_str_eq(ih_result(&t, 13)->result, "violating udp ports: 5353");
	cr_assert_eq(ih_result(&t, 13)->rec_final, 2); /* isolate */
	rec = ih_rec(&t, 2);
	cr_assert_eq(rec->recommendation, 2);
	cr_assert_eq(rec->evaluation, 1);
	ih_fini(&t);
}

Test(imv_scanner, remediation_lists_violating_ports_in_german)
{
	static const ih_wi_t wi = { 11, "22", 1, 0 };
	static const ih_port_t ports[] = { { false, 6, 22 }, { false, 6, 80 }, { false, 6, 631 } };
	static const char want[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<remediationinstructions>\n"
		"  <instruction>\n    <title>Offene Server Ports</title>\n"
		"    <description>Offenen Internet-Ports wurden festgestellt</description>\n"
		"    <itemsheader>Bitte schliessen Sie die folgenden Serverports:</itemsheader>\n"
		"    <items>\n      <item>tcp/80</item>\n      <item>tcp/631</item>\n"
		"    </items>\n  </instruction>\n</remediationinstructions>";
	const Nea__PaMessage *pa;
	const uint8_t *v;
	size_t from = 0, vlen, slen;
	ih_t t;

	run(&t, &wi, 1, ports, 3, "fr-CH, de, en");
	cr_assert_str_eq(ih_rec(&t, 2)->reason, "Offene Serverports wurden festgestellt");
	cr_assert_str_eq(ih_rec(&t, 2)->reason_lang, "de");
	pa = ih_next_pa(&t, &from, 2);
	cr_assert_not_null(pa);
	v = ih_attr(pa->body.data, pa->body.len, 0, 9, &vlen); /* Assessment Result */
	cr_assert_not_null(v);
	cr_assert_eq(vlen, 4);
	cr_assert_eq(v[3], 1);
	v = ih_attr(pa->body.data, pa->body.len, 0, 10, &vlen); /* Remediation Instructions */
	cr_assert_not_null(v);
	slen = (size_t)v[8] << 24 | (size_t)v[9] << 16 | (size_t)v[10] << 8 | v[11];
	cr_assert_eq(slen, strlen(want));
	cr_assert_eq(memcmp(v + 12, want, slen), 0, "%.*s", (int)slen, (const char *)v + 12);
	cr_assert_eq(v[12 + slen], 2);
	cr_assert_eq(memcmp(v + 13 + slen, "de", 2), 0);
	ih_fini(&t);
}

Test(imv_scanner, asks_for_the_port_filter_when_it_did_not_come)
{
	static const ih_wi_t wi = { 11, "22", 1, 0 };
	static const ih_port_t ports[] = { { false, 6, 22 } };
	const Nea__PaMessage *pa;
	const uint8_t *v;
	size_t from = 0, vlen, len;
	uint8_t *m;
	ih_t t;

	run(&t, &wi, 1, NULL, -1, "en");
	pa = ih_next_pa(&t, &from, 2);
	cr_assert_not_null(pa, "no Attribute Request");
	cr_assert_eq(pa->dst_id, 0xffff);
	cr_assert_eq(pa->exclusive, false);
	v = ih_attr(pa->body.data, pa->body.len, 0, 1, &vlen);
	cr_assert_not_null(v);
	cr_assert_eq(vlen, 8);
	cr_assert_eq(memcmp(v, "\0\0\0\0\0\0\0\6", 8), 0);
	cr_assert_null(ih_rec(&t, 2));

	/* the IMC answers in its next batch */
	m = ih_ports_msg(ports, 1, &len);
	ih_pa(&t, 7, 0, 5, 2, 2, true, m, len);
	free(m);
	ih_batch_end(&t, 7);
	cr_assert_str_eq(ih_result(&t, 11)->result, "no violating tcp ports");
	cr_assert_eq(ih_rec(&t, 2)->recommendation, 0);
	cr_assert_eq(ih_rec(&t, 2)->evaluation, 0);
	ih_fini(&t);
}

Test(imv_scanner, no_workitems_allows_with_dont_know)
{
	static const ih_wi_t wi = { 3, "", 1, 0 }; /* FWDEN only: the OS IMV's */
	static const ih_port_t ports[] = { { false, 6, 22 } };
	ih_t t;

	run(&t, &wi, 1, ports, 1, "en");
	cr_assert_eq(ih_rec(&t, 2)->recommendation, 0);
	cr_assert_eq(ih_rec(&t, 2)->evaluation, 4);
	ih_fini(&t);
}

Test(imv_scanner, without_policy_database_allows_with_dont_know)
{
	static const ih_port_t ports[] = { { false, 6, 22 } };
	ih_t t;

	ih_init(&t, both);
	t.policy_down = true;
	ih_open(&t, 7, "en");
	{
		size_t len;
		uint8_t *m = ih_ports_msg(ports, 1, &len);

		ih_pa(&t, 7, 0, 5, 2, 0xffff, false, m, len);
		free(m);
	}
	ih_batch_end(&t, 7);
	cr_assert_not_null(ih_rec(&t, 2));
	cr_assert_eq(ih_rec(&t, 2)->recommendation, 0);
	cr_assert_eq(ih_rec(&t, 2)->evaluation, 4);
	ih_fini(&t);
}

Test(imv_scanner, bad_port_list_in_policy_is_an_error_not_an_allow)
{
	static const ih_wi_t wi = { 11, "22 http", 1, 1 };
	static const ih_port_t ports[] = { { false, 6, 80 } };
	ih_t t;

	run(&t, &wi, 1, ports, 1, "en");
	cr_assert_str_eq(ih_result(&t, 11)->result, "invalid port list in policy");
	cr_assert_eq(ih_result(&t, 11)->rec_final, 1); /* rec_noresult */
	cr_assert_eq(ih_rec(&t, 2)->evaluation, 3);
	ih_fini(&t);
}

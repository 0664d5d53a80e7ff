/*
 * The XFRM netlink messages nea-xfrm sends, decoded field by field with
 * the kernel's own structures (linux/xfrm.h), so that what the SA
 * scenario cannot show on a kernel without ESP is still pinned down.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <string.h>

#include "xfrm_nl.h"
#include "xfrm_req.h"
#include "xfrm_test_util.h"

/* The attribute of a type after the fixed header, or NULL. */
static const struct nlattr *find_attr(const uint8_t *msg, size_t len, size_t fixed, uint16_t type,
				      int *count)
{
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(fixed);
	const struct nlattr *found = NULL;

	*count = 0;
	while (off + NLA_HDRLEN <= len) {
		const struct nlattr *a = (const void *)(msg + off);

		cr_assert_geq(a->nla_len, NLA_HDRLEN);
		cr_assert_leq(off + a->nla_len, len, "attribute overruns the message");
		if (a->nla_type == type && !found)
			found = a;
		(*count)++;
		off += NLA_ALIGN(a->nla_len);
	}
	cr_assert_eq(off, len, "attributes do not fill the message exactly");
	return found;
}

static uint8_t ekey[36], ikey[48];

static void keys(void)
{
	for (int i = 0; i < 36; i++)
		ekey[i] = (uint8_t)(i + 1);
	for (int i = 0; i < 48; i++)
		ikey[i] = (uint8_t)(0x80 + i);
}

Test(xfrm_nl, newsa_cbc_hmac)
{
	uint8_t msg[XFRM_NL_BUF] __attribute__((aligned(4)));
	xfrm_alg_t alg;
	xfrm_nl_sa_t sa = {0};
	const struct nlmsghdr *h = (const void *)msg;
	const struct xfrm_usersa_info *info;
	const struct xfrm_algo *c;
	const struct xfrm_algo_auth *i;
	int n, cnt;

	keys();
	cr_assert_eq(xfrm_alg_lookup(12, 256, 12, &alg), 0);
	sa.alg = &alg;
	sa.spi = 0xc1a2b3c4;
	xt_ip(&sa.src, 4, "198.51.100.7");
	xt_ip(&sa.dst, 4, "192.0.2.1");
	sa.reqid = 42;
	sa.ekey = ekey;
	sa.ikey = ikey;
	n = xfrm_nl_build_newsa(msg, sizeof(msg), 99, &sa);
	cr_assert_gt(n, 0);
	cr_assert_eq(h->nlmsg_len, (uint32_t)n);
	cr_assert_eq(h->nlmsg_type, XFRM_MSG_NEWSA);
	cr_assert_eq(h->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	cr_assert_eq(h->nlmsg_seq, 99);
	info = NLMSG_DATA(h);
	cr_assert_eq(info->id.spi, htonl(0xc1a2b3c4));
	cr_assert_eq(info->id.proto, IPPROTO_ESP);
	cr_assert_arr_eq(&info->id.daddr, "\xc0\x00\x02\x01", 4);
	cr_assert_arr_eq(&info->saddr, "\xc6\x33\x64\x07", 4);
	cr_assert_eq(info->family, AF_INET);
	cr_assert_eq(info->mode, XFRM_MODE_TUNNEL);
	cr_assert_eq(info->reqid, 42);
	cr_assert_eq(info->replay_window, 32);
	cr_assert_eq(info->flags, XFRM_STATE_AF_UNSPEC);
	cr_assert_eq(info->lft.hard_byte_limit, XFRM_INF);
	cr_assert_eq(info->lft.soft_packet_limit, XFRM_INF);
	c = (const void *)((const uint8_t *)find_attr(msg, (size_t)n, sizeof(*info), XFRMA_ALG_CRYPT, &cnt) + NLA_HDRLEN);
	cr_assert_eq(cnt, 2);
	cr_assert_str_eq(c->alg_name, "cbc(aes)");
	cr_assert_eq(c->alg_key_len, 256);
	cr_assert_arr_eq(c->alg_key, ekey, 32);
	i = (const void *)((const uint8_t *)find_attr(msg, (size_t)n, sizeof(*info), XFRMA_ALG_AUTH_TRUNC, &cnt) + NLA_HDRLEN);
	cr_assert_str_eq(i->alg_name, "hmac(sha256)");
	cr_assert_eq(i->alg_key_len, 256);
	cr_assert_eq(i->alg_trunc_len, 128);
	cr_assert_arr_eq(i->alg_key, ikey, 32);
	cr_assert_null(find_attr(msg, (size_t)n, sizeof(*info), XFRMA_ALG_AEAD, &cnt));
	cr_assert_null(find_attr(msg, (size_t)n, sizeof(*info), XFRMA_ENCAP, &cnt));

	cr_assert_eq(xfrm_alg_lookup(12, 128, 13, &alg), 0);
	n = xfrm_nl_build_newsa(msg, sizeof(msg), 100, &sa);
	i = (const void *)((const uint8_t *)find_attr(msg, (size_t)n, sizeof(*info), XFRMA_ALG_AUTH_TRUNC, &cnt) + NLA_HDRLEN);
	cr_assert_str_eq(i->alg_name, "hmac(sha384)");
	cr_assert_eq(i->alg_key_len, 384);
	cr_assert_eq(i->alg_trunc_len, 192);
	cr_assert_arr_eq(i->alg_key, ikey, 48);
	c = (const void *)((const uint8_t *)find_attr(msg, (size_t)n, sizeof(*info), XFRMA_ALG_CRYPT, &cnt) + NLA_HDRLEN);
	cr_assert_eq(c->alg_key_len, 128);
}

Test(xfrm_nl, newsa_aead_v6_encap)
{
	static const struct {
		uint16_t encr, bits;
		const char *name;
		unsigned keybits;
	} cases[] = {
		{20, 128, "rfc4106(gcm(aes))", 160},
		{20, 256, "rfc4106(gcm(aes))", 288},
		{28, 0, "rfc7539esp(chacha20,poly1305)", 288},
	};
	uint8_t msg[XFRM_NL_BUF] __attribute__((aligned(4)));
	const struct xfrm_usersa_info *info = (const void *)(msg + NLMSG_HDRLEN);

	keys();
	for (size_t k = 0; k < 3; k++) {
		xfrm_alg_t alg;
		xfrm_nl_sa_t sa = {0};
		const struct xfrm_algo_aead *a;
		const struct xfrm_encap_tmpl *e;
		int n, cnt;

		cr_assert_eq(xfrm_alg_lookup(cases[k].encr, cases[k].bits, 0, &alg), 0);
		sa.alg = &alg;
		sa.spi = 0x1000;
		xt_ip(&sa.src, 6, "2001:db8::1");
		xt_ip(&sa.dst, 6, "2001:db8::2");
		sa.reqid = 1;
		sa.ekey = ekey;
		sa.encap_sport = 4500;
		sa.encap_dport = 14500;
		n = xfrm_nl_build_newsa(msg, sizeof(msg), 1, &sa);
		cr_assert_gt(n, 0);
		cr_assert_eq(info->family, AF_INET6);
		cr_assert_arr_eq(&info->id.daddr, sa.dst.addr, 16);
		a = (const void *)((const uint8_t *)find_attr(msg, (size_t)n, sizeof(*info), XFRMA_ALG_AEAD, &cnt) + NLA_HDRLEN);
		cr_assert_eq(cnt, 2);
		cr_assert_str_eq(a->alg_name, cases[k].name);
		cr_assert_eq(a->alg_key_len, cases[k].keybits);
		cr_assert_eq(a->alg_icv_len, 128);
		cr_assert_arr_eq(a->alg_key, ekey, cases[k].keybits / 8);
		cr_assert_null(find_attr(msg, (size_t)n, sizeof(*info), XFRMA_ALG_CRYPT, &cnt));
		e = (const void *)((const uint8_t *)find_attr(msg, (size_t)n, sizeof(*info), XFRMA_ENCAP, &cnt) + NLA_HDRLEN);
		cr_assert_eq(e->encap_type, 2);
		cr_assert_eq(e->encap_sport, htons(4500));
		cr_assert_eq(e->encap_dport, htons(14500));
	}
}

Test(xfrm_nl, delsa)
{
	uint8_t msg[XFRM_NL_BUF] __attribute__((aligned(4)));
	const struct nlmsghdr *h = (const void *)msg;
	const struct xfrm_usersa_id *id = NLMSG_DATA(h);
	xfrm_ip_t dst;
	int n;

	xt_ip(&dst, 4, "198.51.100.7");
	n = xfrm_nl_build_delsa(msg, sizeof(msg), 5, &dst, 0x0badf00d);
	cr_assert_eq(n, (int)(NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*id))));
	cr_assert_eq(h->nlmsg_type, XFRM_MSG_DELSA);
	cr_assert_eq(id->spi, htonl(0x0badf00d));
	cr_assert_eq(id->proto, IPPROTO_ESP);
	cr_assert_eq(id->family, AF_INET);
	cr_assert_arr_eq(&id->daddr, dst.addr, 4);
}

Test(xfrm_nl, policies)
{
	uint8_t msg[XFRM_NL_BUF] __attribute__((aligned(4)));
	const struct nlmsghdr *h = (const void *)msg;
	const struct xfrm_userpolicy_info *info = NLMSG_DATA(h);
	const struct xfrm_user_tmpl *t;
	const struct xfrm_userpolicy_id *pid = NLMSG_DATA(h);
	xfrm_nl_pol_t p = {0};
	int n, cnt;

	xt_ts(&p.src, 4, "10.1.0.0", 16);
	xt_ts(&p.dst, 4, "10.3.0.1", 32);
	p.src.proto = p.dst.proto = IPPROTO_TCP;
	p.src.port = 443;
	p.dir = XFRM_NL_DIR_OUT;
	xt_ip(&p.tmpl_src, 4, "192.0.2.1");
	xt_ip(&p.tmpl_dst, 4, "198.51.100.7");
	p.reqid = 7;
	p.priority = xfrm_nl_priority(&p.src, &p.dst);
	n = xfrm_nl_build_newpolicy(msg, sizeof(msg), 3, &p);
	cr_assert_gt(n, 0);
	cr_assert_eq(h->nlmsg_type, XFRM_MSG_NEWPOLICY);
	cr_assert_eq(info->dir, XFRM_POLICY_OUT);
	cr_assert_eq(info->action, XFRM_POLICY_ALLOW);
	cr_assert_eq(info->priority, p.priority);
	cr_assert_eq(info->sel.family, AF_INET);
	cr_assert_eq(info->sel.prefixlen_s, 16);
	cr_assert_eq(info->sel.prefixlen_d, 32);
	cr_assert_arr_eq(&info->sel.saddr, "\x0a\x01\x00\x00", 4);
	cr_assert_arr_eq(&info->sel.daddr, "\x0a\x03\x00\x01", 4);
	cr_assert_eq(info->sel.proto, IPPROTO_TCP);
	cr_assert_eq(info->sel.sport, htons(443));
	cr_assert_eq(info->sel.sport_mask, 0xffff);
	cr_assert_eq(info->sel.dport_mask, 0);
	t = (const void *)((const uint8_t *)find_attr(msg, (size_t)n, sizeof(*info), XFRMA_TMPL, &cnt) + NLA_HDRLEN);
	cr_assert_eq(cnt, 1);
	cr_assert_eq(t->id.proto, IPPROTO_ESP);
	cr_assert_eq(t->id.spi, 0);
	cr_assert_arr_eq(&t->id.daddr, p.tmpl_dst.addr, 4);
	cr_assert_arr_eq(&t->saddr, p.tmpl_src.addr, 4);
	cr_assert_eq(t->reqid, 7);
	cr_assert_eq(t->mode, XFRM_MODE_TUNNEL);
	cr_assert_eq(t->family, AF_INET);
	cr_assert_eq(t->ealgos, ~0u);

	p.dir = XFRM_NL_DIR_FWD;
	n = xfrm_nl_build_delpolicy(msg, sizeof(msg), 4, &p);
	cr_assert_eq(n, (int)(NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*pid))));
	cr_assert_eq(h->nlmsg_type, XFRM_MSG_DELPOLICY);
	cr_assert_eq(pid->dir, XFRM_POLICY_FWD);
	cr_assert_eq(pid->sel.prefixlen_s, 16);
	cr_assert_eq(pid->sel.sport, htons(443));

	/* v6 selectors over v4 endpoints: the template keeps the outer family */
	xt_ts(&p.src, 6, "fd00::", 64);
	xt_ts(&p.dst, 6, "fd01::1", 128);
	n = xfrm_nl_build_newpolicy(msg, sizeof(msg), 5, &p);
	cr_assert_eq(info->sel.family, AF_INET6);
	t = (const void *)((const uint8_t *)find_attr(msg, (size_t)n, sizeof(*info), XFRMA_TMPL, &cnt) + NLA_HDRLEN);
	cr_assert_eq(t->family, AF_INET);
}

Test(xfrm_nl, priorities_order_specific_first)
{
	xfrm_ts_t a, b, c, d;

	xt_ts(&a, 4, "10.0.0.0", 8);
	xt_ts(&b, 4, "10.1.0.0", 16);
	xt_ts(&c, 4, "10.1.2.3", 32);
	xt_ts(&d, 4, "10.1.2.3", 32);
	d.proto = 6;
	d.port = 80;
	cr_assert_gt(xfrm_nl_priority(&a, &a), xfrm_nl_priority(&b, &a));
	cr_assert_gt(xfrm_nl_priority(&b, &a), xfrm_nl_priority(&c, &a));
	cr_assert_gt(xfrm_nl_priority(&c, &a), xfrm_nl_priority(&d, &a));
	xt_ts(&c, 6, "::", 128);
	cr_assert_gt(xfrm_nl_priority(&c, &c), 0); /* /128 + /128 stays positive */
}

Test(xfrm_nl, short_buffers)
{
	uint8_t msg[XFRM_NL_BUF] __attribute__((aligned(4)));
	xfrm_alg_t alg;
	xfrm_nl_sa_t sa = {0};
	xfrm_nl_pol_t p = {0};
	int full;

	keys();
	xfrm_alg_lookup(12, 256, 13, &alg);
	sa.alg = &alg;
	sa.spi = 0x1000;
	xt_ip(&sa.src, 4, "192.0.2.1");
	xt_ip(&sa.dst, 4, "192.0.2.2");
	sa.ekey = ekey;
	sa.ikey = ikey;
	full = xfrm_nl_build_newsa(msg, sizeof(msg), 1, &sa);
	cr_assert_gt(full, 0);
	for (int cap = 0; cap < full; cap++)
		cr_assert_eq(xfrm_nl_build_newsa(msg, (size_t)cap, 1, &sa), NEA_ETOOBIG, "cap %d", cap);
	xt_ts(&p.src, 4, "10.0.0.0", 8);
	xt_ts(&p.dst, 4, "10.0.0.0", 8);
	full = xfrm_nl_build_newpolicy(msg, sizeof(msg), 1, &p);
	for (int cap = 0; cap < full; cap++)
		cr_assert_eq(xfrm_nl_build_newpolicy(msg, (size_t)cap, 1, &p), NEA_ETOOBIG);
}

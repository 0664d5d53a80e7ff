/* XFRM netlink messages and the request/ACK call; see xfrm_nl.h. */
#include "xfrm_nl.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/udp.h>
#include <linux/xfrm.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "nea_buf.h"
#include "nea_err.h"

#ifndef UDP_ENCAP_ESPINUDP
#define UDP_ENCAP_ESPINUDP 2
#endif

/* Message under construction in a caller buffer; overflow is sticky. */
typedef struct {
	uint8_t *buf;
	size_t cap, len;
	bool over;
} nlb_t;

static void *nlb_put(nlb_t *b, size_t n)
{
	size_t al = NLMSG_ALIGN(n);
	void *p;

	if (b->over || al > b->cap - b->len) {
		b->over = true;
		return NULL;
	}
	p = b->buf + b->len;
	memset(p, 0, al);
	b->len += al;
	return p;
}

static struct nlmsghdr *nlb_start(nlb_t *b, uint16_t type, uint32_t seq)
{
	struct nlmsghdr *h;

	if (b->cap < NLMSG_HDRLEN) {
		b->over = true;
		return NULL;
	}
	h = nlb_put(b, NLMSG_HDRLEN);
	h->nlmsg_type = type;
	h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h->nlmsg_seq = seq;
	return h;
}

/* An attribute of n payload bytes; returns the payload to fill. */
static void *nlb_attr(nlb_t *b, uint16_t type, size_t n)
{
	struct nlattr *a;

	if (n > UINT16_MAX - NLA_HDRLEN) {
		b->over = true;
		return NULL;
	}
	a = nlb_put(b, NLA_HDRLEN + n);
	if (!a)
		return NULL;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + n);
	return (uint8_t *)a + NLA_HDRLEN;
}

static int nlb_finish(nlb_t *b)
{
	if (b->over)
		return NEA_ETOOBIG;
	((struct nlmsghdr *)b->buf)->nlmsg_len = (uint32_t)b->len;
	return (int)b->len;
}

static uint16_t af_of(uint8_t family)
{
	return family == 6 ? AF_INET6 : AF_INET;
}

static void put_addr(xfrm_address_t *dst, const xfrm_ip_t *ip)
{
	memset(dst, 0, sizeof(*dst));
	memcpy(dst, ip->addr, xfrm_ip_len(ip->family));
}

static void set_lifetime_inf(struct xfrm_lifetime_cfg *lft)
{
	lft->soft_byte_limit = XFRM_INF;
	lft->hard_byte_limit = XFRM_INF;
	lft->soft_packet_limit = XFRM_INF;
	lft->hard_packet_limit = XFRM_INF;
}

int xfrm_nl_build_newsa(uint8_t *buf, size_t cap, uint32_t seq, const xfrm_nl_sa_t *sa)
{
	nlb_t b = {.buf = buf, .cap = cap};
	struct xfrm_usersa_info *info;
	const xfrm_alg_t *alg = sa->alg;

	if (!nlb_start(&b, XFRM_MSG_NEWSA, seq))
		return NEA_ETOOBIG;
	info = nlb_put(&b, sizeof(*info));
	if (info) {
		info->sel.family = af_of(sa->src.family);
		info->id.proto = IPPROTO_ESP;
		info->id.spi = htonl(sa->spi);
		put_addr(&info->id.daddr, &sa->dst);
		put_addr(&info->saddr, &sa->src);
		info->family = af_of(sa->src.family);
		info->mode = XFRM_MODE_TUNNEL;
		info->reqid = sa->reqid;
		info->replay_window = 32;
		info->flags = XFRM_STATE_AF_UNSPEC;
		set_lifetime_inf(&info->lft);
	}
	if (alg->aead) {
		struct xfrm_algo_aead *a = nlb_attr(&b, XFRMA_ALG_AEAD, sizeof(*a) + alg->ekey_len);

		if (a) {
			snprintf(a->alg_name, sizeof(a->alg_name), "%s", alg->encr_name);
			a->alg_key_len = (unsigned)(alg->ekey_len * 8);
			a->alg_icv_len = alg->icv_bits;
			memcpy(a->alg_key, sa->ekey, alg->ekey_len);
		}
	} else {
		struct xfrm_algo *c = nlb_attr(&b, XFRMA_ALG_CRYPT, sizeof(*c) + alg->ekey_len);
		struct xfrm_algo_auth *i;

		if (c) {
			snprintf(c->alg_name, sizeof(c->alg_name), "%s", alg->encr_name);
			c->alg_key_len = (unsigned)(alg->ekey_len * 8);
			memcpy(c->alg_key, sa->ekey, alg->ekey_len);
		}
		i = nlb_attr(&b, XFRMA_ALG_AUTH_TRUNC, sizeof(*i) + alg->ikey_len);
		if (i) {
			snprintf(i->alg_name, sizeof(i->alg_name), "%s", alg->integ_name);
			i->alg_key_len = (unsigned)(alg->ikey_len * 8);
			i->alg_trunc_len = alg->trunc_bits;
			memcpy(i->alg_key, sa->ikey, alg->ikey_len);
		}
	}
	if (sa->encap_sport && sa->encap_dport) {
		struct xfrm_encap_tmpl *e = nlb_attr(&b, XFRMA_ENCAP, sizeof(*e));

		if (e) {
			e->encap_type = UDP_ENCAP_ESPINUDP;
			e->encap_sport = htons(sa->encap_sport);
			e->encap_dport = htons(sa->encap_dport);
		}
	}
	return nlb_finish(&b);
}

int xfrm_nl_build_delsa(uint8_t *buf, size_t cap, uint32_t seq, const xfrm_ip_t *dst, uint32_t spi)
{
	nlb_t b = {.buf = buf, .cap = cap};
	struct xfrm_usersa_id *id;

	if (!nlb_start(&b, XFRM_MSG_DELSA, seq))
		return NEA_ETOOBIG;
	id = nlb_put(&b, sizeof(*id));
	if (id) {
		put_addr(&id->daddr, dst);
		id->spi = htonl(spi);
		id->family = af_of(dst->family);
		id->proto = IPPROTO_ESP;
	}
	return nlb_finish(&b);
}

static void fill_sel(struct xfrm_selector *sel, const xfrm_nl_pol_t *p)
{
	put_addr(&sel->saddr, &p->src.net);
	put_addr(&sel->daddr, &p->dst.net);
	sel->prefixlen_s = p->src.plen;
	sel->prefixlen_d = p->dst.plen;
	sel->family = af_of(p->src.net.family);
	sel->proto = p->src.proto;
	if (p->src.port) {
		sel->sport = htons(p->src.port);
		sel->sport_mask = 0xffff;
	}
	if (p->dst.port) {
		sel->dport = htons(p->dst.port);
		sel->dport_mask = 0xffff;
	}
}

int xfrm_nl_build_newpolicy(uint8_t *buf, size_t cap, uint32_t seq, const xfrm_nl_pol_t *p)
{
	nlb_t b = {.buf = buf, .cap = cap};
	struct xfrm_userpolicy_info *info;
	struct xfrm_user_tmpl *t;

	if (!nlb_start(&b, XFRM_MSG_NEWPOLICY, seq))
		return NEA_ETOOBIG;
	info = nlb_put(&b, sizeof(*info));
	if (info) {
		fill_sel(&info->sel, p);
		set_lifetime_inf(&info->lft);
		info->priority = p->priority;
		info->dir = p->dir;
		info->action = XFRM_POLICY_ALLOW;
		info->share = XFRM_SHARE_ANY;
	}
	t = nlb_attr(&b, XFRMA_TMPL, sizeof(*t));
	if (t) {
		put_addr(&t->id.daddr, &p->tmpl_dst);
		t->id.proto = IPPROTO_ESP;
		put_addr(&t->saddr, &p->tmpl_src);
		t->family = af_of(p->tmpl_src.family);
		t->reqid = p->reqid;
		t->mode = XFRM_MODE_TUNNEL;
		t->aalgos = t->ealgos = t->calgos = ~0u;
	}
	return nlb_finish(&b);
}

int xfrm_nl_build_delpolicy(uint8_t *buf, size_t cap, uint32_t seq, const xfrm_nl_pol_t *p)
{
	nlb_t b = {.buf = buf, .cap = cap};
	struct xfrm_userpolicy_id *id;

	if (!nlb_start(&b, XFRM_MSG_DELPOLICY, seq))
		return NEA_ETOOBIG;
	id = nlb_put(&b, sizeof(*id));
	if (id) {
		fill_sel(&id->sel, p);
		id->dir = p->dir;
	}
	return nlb_finish(&b);
}

uint32_t xfrm_nl_priority(const xfrm_ts_t *src, const xfrm_ts_t *dst)
{
	/* strongSwan's scheme in spirit: longer prefixes, a protocol and ports
	 * make a policy more specific, and a lower value wins in the kernel. */
	uint32_t prio = 200000;

	prio -= (uint32_t)(src->plen + dst->plen) * 512;
	prio -= src->proto ? 256 : 0;
	prio -= src->port ? 64 : 0;
	prio -= dst->port ? 64 : 0;
	return prio;
}

const char *xfrm_nl_dir_name(uint8_t dir)
{
	return dir == XFRM_NL_DIR_IN ? "in" : dir == XFRM_NL_DIR_OUT ? "out" : "fwd";
}

int xfrm_nl_open(void)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	struct timeval tv = {.tv_sec = 1};
	int one = 1;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_XFRM);

	if (fd < 0)
		return NEA_EIO;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return NEA_EIO;
	}
	/* Extended acks name the refused attribute; older kernels lack it. */
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return fd;
}

/* NLMSGERR_ATTR_MSG from an extended ack, if the kernel sent one. */
static void ext_ack_text(const struct nlmsghdr *h, size_t hlen, char *out, size_t cap)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off, echo;

	if (!cap || !(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	/* With NETLINK_CAP_ACK (or on success) only the request's header is echoed. */
	if (hlen < NLMSG_HDRLEN + sizeof(*e) || e->msg.nlmsg_len < NLMSG_HDRLEN)
		return;
	echo = (h->nlmsg_flags & NLM_F_CAPPED) ? 0 : e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (!nea_add_size(NLMSG_HDRLEN + sizeof(*e), NLMSG_ALIGN(echo), &off))
		return;
	while (off + NLA_HDRLEN <= hlen) {
		const struct nlattr *a = (const void *)((const uint8_t *)h + off);

		if (a->nla_len < NLA_HDRLEN || a->nla_len > hlen - off)
			return;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			size_t n = a->nla_len - NLA_HDRLEN;

			if (n >= cap)
				n = cap - 1;
			memcpy(out, (const uint8_t *)a + NLA_HDRLEN, n);
			out[n] = '\0';
			out[strnlen(out, n)] = '\0';
			return;
		}
		off += NLA_ALIGN(a->nla_len);
	}
}

int xfrm_nl_call(int fd, uint8_t *msg, size_t len, int *kerr, char *ktext, size_t ktext_cap)
{
	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	struct nlmsghdr *req = (struct nlmsghdr *)msg;
	uint8_t rb[8192] __attribute__((aligned(4)));

	*kerr = 0;
	if (ktext_cap)
		ktext[0] = '\0';
	if (sendto(fd, msg, len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) != (ssize_t)len) {
		*kerr = errno ? errno : EIO;
		return NEA_EIO;
	}
	for (;;) {
		ssize_t n = recv(fd, rb, sizeof(rb), 0);
		size_t left;
		struct nlmsghdr *h;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			*kerr = errno;
			return NEA_EIO;
		}
		left = (size_t)n;
		for (h = (struct nlmsghdr *)rb; NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			const struct nlmsgerr *e;

			if (h->nlmsg_seq != req->nlmsg_seq || h->nlmsg_type != NLMSG_ERROR)
				continue;
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
				*kerr = EPROTO;
				return NEA_EIO;
			}
			e = NLMSG_DATA(h);
			if (e->error == 0)
				return 0;
			*kerr = -e->error;
			ext_ack_text(h, h->nlmsg_len, ktext, ktext_cap);
			return NEA_EIO;
		}
	}
}

/* nea-xfrm's request handler: rules, bookkeeping, rollback; see xfrm_helper.h. */
#include "xfrm_helper.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_log.h"
#include "xfrm_nl.h"

#define SA_IN 0x1
#define SA_OUT 0x2

int xfrm_helper_init(xfrm_helper_t *h, size_t max_children, uint32_t reqid_base,
		     xfrm_kernel_fn kernel, void *kctx)
{
	memset(h, 0, sizeof(*h));
	if (max_children == 0 || max_children > XFRM_HELPER_MAX_CHILDREN || !kernel)
		return NEA_EINVAL;
	h->children = calloc(max_children, sizeof(*h->children));
	if (!h->children)
		return NEA_ENOMEM;
	h->max = max_children;
	h->reqid_base = reqid_base ? reqid_base : 1;
	h->next_reqid = h->reqid_base;
	h->kernel = kernel;
	h->kctx = kctx;
	return 0;
}

void xfrm_helper_free(xfrm_helper_t *h)
{
	free(h->children);
	h->children = NULL;
	h->max = h->used = 0;
}

size_t xfrm_helper_count(const xfrm_helper_t *h)
{
	return h->used;
}

static xfrm_hchild_t *find_child(xfrm_helper_t *h, uint32_t reqid)
{
	for (size_t i = 0; i < h->max; i++)
		if (h->children[i].used && h->children[i].reqid == reqid)
			return &h->children[i];
	return NULL;
}

static bool ip_eq(const xfrm_ip_t *a, const xfrm_ip_t *b)
{
	return a->family == b->family && memcmp(a->addr, b->addr, xfrm_ip_len(a->family)) == 0;
}

static bool ts_eq(const xfrm_ts_t *a, const xfrm_ts_t *b)
{
	return ip_eq(&a->net, &b->net) && a->plen == b->plen && a->proto == b->proto &&
	       a->port == b->port;
}

/* One netlink message through the kernel callback; buffer wiped after. */
static int kcall(xfrm_helper_t *h, uint8_t *msg, int len, int *kerr, const char *what)
{
	char ktext[160];
	int rc;

	if (len < 0) {
		*kerr = 0;
		return len;
	}
	rc = h->kernel(h->kctx, msg, (size_t)len, kerr, ktext, sizeof(ktext));
	explicit_bzero(msg, (size_t)len);
	if (rc < 0)
		NLOG(KNL, 1, "kernel refused %s: %s%s%s", what, *kerr ? strerror(*kerr) : nea_strerror(rc),
		     ktext[0] ? ": " : "", ktext);
	return rc;
}

/* Deleting what is already gone is a success. */
static bool gone(int rc, int kerr)
{
	return rc == 0 || kerr == ESRCH || kerr == ENOENT;
}

static int sa_del_one(xfrm_helper_t *h, xfrm_hchild_t *c, bool in, int *kerr)
{
	uint8_t msg[XFRM_NL_BUF];
	char what[96];
	int rc;

	snprintf(what, sizeof(what), "deleting SA %08x_%s (reqid %u)", in ? c->spi_in : c->spi_out,
		 in ? "i" : "o", c->reqid);
	rc = kcall(h, msg,
		   xfrm_nl_build_delsa(msg, sizeof(msg), ++h->nlseq, in ? &c->local : &c->remote,
				       in ? c->spi_in : c->spi_out),
		   kerr, what);
	return gone(rc, *kerr) ? 0 : rc;
}

static void pol_fill(xfrm_nl_pol_t *np, const xfrm_hchild_t *c, const xfrm_hpol_t *p, uint8_t dir)
{
	memset(np, 0, sizeof(*np));
	np->dir = dir;
	np->reqid = c->reqid;
	if (dir == XFRM_NL_DIR_OUT) {
		np->src = p->ts_local;
		np->dst = p->ts_remote;
		np->tmpl_src = c->local;
		np->tmpl_dst = c->remote;
	} else {
		np->src = p->ts_remote;
		np->dst = p->ts_local;
		np->tmpl_src = c->remote;
		np->tmpl_dst = c->local;
	}
	np->priority = xfrm_nl_priority(&np->src, &np->dst);
}

static int pol_del(xfrm_helper_t *h, xfrm_hchild_t *c, xfrm_hpol_t *p, int *kerr)
{
	int first = 0;

	for (uint8_t dir = 0; dir < 3; dir++) {
		uint8_t msg[XFRM_NL_BUF];
		xfrm_nl_pol_t np;
		char what[64];
		int rc, ke = 0;

		if (!(p->dirs & (1u << dir)))
			continue;
		pol_fill(&np, c, p, dir);
		snprintf(what, sizeof(what), "deleting %s policy of reqid %u", xfrm_nl_dir_name(dir),
			 c->reqid);
		rc = kcall(h, msg, xfrm_nl_build_delpolicy(msg, sizeof(msg), ++h->nlseq, &np), &ke,
			   what);
		if (gone(rc, ke)) {
			p->dirs &= (uint8_t)~(1u << dir);
		} else if (!first) {
			first = rc;
			*kerr = ke;
		}
	}
	return first;
}

/* Remove a child's policies; entries that could not be deleted stay. */
static int child_del_policies(xfrm_helper_t *h, xfrm_hchild_t *c, int *kerr)
{
	int first = 0;
	uint8_t keep = 0;

	for (uint8_t i = 0; i < c->npol; i++) {
		int rc = pol_del(h, c, &c->pol[i], kerr);

		if (rc < 0 && !first)
			first = rc;
		if (c->pol[i].dirs)
			c->pol[keep++] = c->pol[i];
	}
	c->npol = keep;
	return first;
}

static int child_del_sa(xfrm_helper_t *h, xfrm_hchild_t *c, int *kerr)
{
	int first = 0;

	if (!c->sa)
		return 0;
	if (c->sa_dirs & SA_OUT) {
		first = sa_del_one(h, c, false, kerr);
		if (!first)
			c->sa_dirs &= (uint8_t)~SA_OUT;
	}
	if (c->sa_dirs & SA_IN) {
		int ke = 0, rc = sa_del_one(h, c, true, &ke);

		if (!rc)
			c->sa_dirs &= (uint8_t)~SA_IN;
		else if (!first) {
			first = rc;
			*kerr = ke;
		}
	}
	if (!c->sa_dirs)
		c->sa = false;
	return first;
}

static void child_maybe_free(xfrm_helper_t *h, xfrm_hchild_t *c)
{
	if (c->sa || c->npol)
		return;
	memset(c, 0, sizeof(*c));
	h->used--;
}

static int do_alloc(xfrm_helper_t *h, xfrm_ans_t *ans)
{
	xfrm_hchild_t *slot = NULL;

	if (h->used >= h->max) {
		NLOG(KNL, 0, "refused ALLOC_REQID (seq %u): the limit of %zu CHILD_SAs is reached",
		     ans->seq, h->max);
		return NEA_ETOOBIG;
	}
	for (size_t i = 0; i < h->max && !slot; i++)
		if (!h->children[i].used)
			slot = &h->children[i];
	/* used < max, so a free slot and a free reqid exist; the loop ends. */
	for (;;) {
		uint32_t r = h->next_reqid++;

		if (h->next_reqid == 0)
			h->next_reqid = h->reqid_base;
		if (r != 0 && !find_child(h, r)) {
			slot->used = true;
			slot->reqid = r;
			break;
		}
	}
	h->used++;
	ans->value = slot->reqid;
	NLOG(KNL, 2, "allocated reqid %u (%zu of %zu in use)", slot->reqid, h->used, h->max);
	return 0;
}

static bool spi_taken(const xfrm_helper_t *h, const xfrm_req_t *req)
{
	for (size_t i = 0; i < h->max; i++) {
		const xfrm_hchild_t *c = &h->children[i];

		if (!c->used || !c->sa)
			continue;
		if ((c->spi_in == req->spi_in && ip_eq(&c->local, &req->local)) ||
		    (c->spi_out == req->spi_out && ip_eq(&c->remote, &req->remote)))
			return true;
	}
	return false;
}

static int ends_match(xfrm_hchild_t *c, const xfrm_req_t *req)
{
	if (!c->have_ends)
		return 1;
	return ip_eq(&c->local, &req->local) && ip_eq(&c->remote, &req->remote);
}

static int do_add_sa(xfrm_helper_t *h, xfrm_hchild_t *c, const xfrm_req_t *req, xfrm_ans_t *ans)
{
	uint8_t msg[XFRM_NL_BUF];
	char l[48], r[48], what[96];
	xfrm_nl_sa_t sa;
	xfrm_alg_t alg;
	int rc, ke = 0;

	if (c->sa) {
		NLOG(KNL, 0, "refused ADD_SA (seq %u): reqid %u already has an SA pair", ans->seq,
		     c->reqid);
		return NEA_EEXIST;
	}
	if (!ends_match(c, req)) {
		NLOG(KNL, 0, "refused ADD_SA (seq %u): endpoints differ from reqid %u's policies",
		     ans->seq, c->reqid);
		return NEA_EINVAL;
	}
	if (spi_taken(h, req)) {
		NLOG(KNL, 0, "refused ADD_SA (seq %u): SPI %08x_i or %08x_o is already installed",
		     ans->seq, req->spi_in, req->spi_out);
		return NEA_EEXIST;
	}
	if (xfrm_alg_lookup(req->encr, req->encr_keylen, req->integ, &alg) < 0)
		return NEA_EUNSUPPORTED; /* xfrm_req_check() refused this already */
	xfrm_ip_str(&req->local, l, sizeof(l));
	xfrm_ip_str(&req->remote, r, sizeof(r));

	memset(&sa, 0, sizeof(sa));
	sa.alg = &alg;
	sa.reqid = c->reqid;
	/* inbound: the peer sends to us with our SPI */
	sa.spi = req->spi_in;
	sa.src = req->remote;
	sa.dst = req->local;
	sa.ekey = req->ekey_in;
	sa.ikey = alg.aead ? NULL : req->ikey_in;
	sa.encap_sport = req->encap_remote;
	sa.encap_dport = req->encap_local;
	snprintf(what, sizeof(what), "SA %08x_i (reqid %u)", req->spi_in, c->reqid);
	rc = kcall(h, msg, xfrm_nl_build_newsa(msg, sizeof(msg), ++h->nlseq, &sa), &ke, what);
	if (rc < 0)
		goto fail;
	c->local = req->local;
	c->remote = req->remote;
	c->spi_in = req->spi_in;
	c->spi_out = req->spi_out;
	c->sa = true;
	c->sa_dirs = SA_IN;

	sa.spi = req->spi_out;
	sa.src = req->local;
	sa.dst = req->remote;
	sa.ekey = req->ekey_out;
	sa.ikey = alg.aead ? NULL : req->ikey_out;
	sa.encap_sport = req->encap_local;
	sa.encap_dport = req->encap_remote;
	snprintf(what, sizeof(what), "SA %08x_o (reqid %u)", req->spi_out, c->reqid);
	rc = kcall(h, msg, xfrm_nl_build_newsa(msg, sizeof(msg), ++h->nlseq, &sa), &ke, what);
	if (rc < 0) {
		int ke2 = 0;

		(void)child_del_sa(h, c, &ke2); /* the inbound half must not linger */
		goto fail;
	}
	c->sa_dirs |= SA_OUT;
	c->have_ends = true;
	NLOG(KNL, 1, "installed ESP tunnel SAs %08x_i %08x_o between %s and %s (reqid %u, %s%s%s)",
	     req->spi_in, req->spi_out, l, r, c->reqid, alg.encr_name, alg.aead ? "" : " + ",
	     alg.aead ? "" : alg.integ_name);
	return 0;
fail:
	ans->kerrno = (uint32_t)ke;
	return rc;
}

static int do_add_policy(xfrm_helper_t *h, xfrm_hchild_t *c, const xfrm_req_t *req,
			 xfrm_ans_t *ans)
{
	static const uint8_t order[3] = {XFRM_NL_DIR_OUT, XFRM_NL_DIR_IN, XFRM_NL_DIR_FWD};
	char tl[80], tr[80];
	xfrm_hpol_t *p;
	int ke = 0;

	xfrm_ts_str(&req->ts_local, tl, sizeof(tl));
	xfrm_ts_str(&req->ts_remote, tr, sizeof(tr));
	if (!ends_match(c, req)) {
		NLOG(KNL, 0, "refused ADD_POLICY (seq %u): endpoints differ from reqid %u's SAs",
		     ans->seq, c->reqid);
		return NEA_EINVAL;
	}
	for (uint8_t i = 0; i < c->npol; i++)
		if (ts_eq(&c->pol[i].ts_local, &req->ts_local) &&
		    ts_eq(&c->pol[i].ts_remote, &req->ts_remote)) {
			NLOG(KNL, 0, "refused ADD_POLICY (seq %u): %s === %s already installed "
				     "for reqid %u", ans->seq, tl, tr, c->reqid);
			return NEA_EEXIST;
		}
	if (c->npol >= XFRM_HELPER_POLS) {
		NLOG(KNL, 0, "refused ADD_POLICY (seq %u): reqid %u has the maximum of %d "
			     "selector pairs", ans->seq, c->reqid, XFRM_HELPER_POLS);
		return NEA_ETOOBIG;
	}
	p = &c->pol[c->npol];
	memset(p, 0, sizeof(*p));
	p->ts_local = req->ts_local;
	p->ts_remote = req->ts_remote;
	p->ts_local.proto = p->ts_remote.proto = xfrm_ts_proto(req);
	if (!c->have_ends) {
		c->local = req->local;
		c->remote = req->remote;
	}
	for (int i = 0; i < 3; i++) {
		uint8_t msg[XFRM_NL_BUF];
		xfrm_nl_pol_t np;
		char what[64];
		int rc;

		pol_fill(&np, c, p, order[i]);
		snprintf(what, sizeof(what), "%s policy of reqid %u", xfrm_nl_dir_name(order[i]),
			 c->reqid);
		rc = kcall(h, msg, xfrm_nl_build_newpolicy(msg, sizeof(msg), ++h->nlseq, &np), &ke,
			   what);
		if (rc < 0) {
			int ke2 = 0;

			/* roll back this request's directions; the entry is
			 * kept only if one of them would not go away */
			(void)pol_del(h, c, p, &ke2);
			if (p->dirs)
				c->npol++;
			ans->kerrno = (uint32_t)ke;
			return rc;
		}
		p->dirs |= (uint8_t)(1u << order[i]);
	}
	c->npol++;
	c->have_ends = true;
	NLOG(KNL, 1, "installed policies %s === %s in/out/fwd (reqid %u)", tl, tr, c->reqid);
	return 0;
}

static int do_release(xfrm_helper_t *h, xfrm_hchild_t *c, xfrm_ans_t *ans, bool pols, bool sas)
{
	uint32_t reqid = c->reqid;
	int rc = 0, ke = 0;

	if (pols)
		rc = child_del_policies(h, c, &ke);
	if (sas) {
		int ke2 = 0, rc2 = child_del_sa(h, c, &ke2);

		if (rc2 < 0 && !rc) {
			rc = rc2;
			ke = ke2;
		}
	}
	ans->kerrno = (uint32_t)ke;
	if (!c->sa && !c->npol)
		c->have_ends = false;
	if (pols && sas)
		child_maybe_free(h, c);
	NLOG(KNL, rc ? 0 : 2, "%s of reqid %u %s", pols && sas ? "SAs and policies"
						  : pols ? "policies" : "SAs",
	     reqid, rc ? "could not all be removed; kept for the exit flush" : "removed");
	return rc;
}

void xfrm_helper_handle(xfrm_helper_t *h, const uint8_t *pkt, size_t len, xfrm_ans_t *ans)
{
	nea_perr_t err = {0};
	xfrm_req_t req;
	xfrm_hchild_t *c = NULL;
	int rc;

	memset(ans, 0, sizeof(*ans));
	if (len >= 2 && pkt[1] <= XFRM_REQ_TYPE_MAX)
		ans->type = pkt[1];
	if (len >= XFRM_REQ_HDR_LEN)
		ans->seq = nea_get_u32(pkt + 4);
	rc = xfrm_req_parse(&req, pkt, len, &err);
	if (rc < 0) {
		NLOG(KNL, 0, "refused %s request (seq %u, %zu bytes): %s at byte %zu (%s)",
		     xfrm_req_type_name(len >= 2 ? pkt[1] : 0xff), ans->seq, len, err.msg,
		     err.offset, nea_strerror(rc));
		goto out;
	}
	rc = xfrm_req_check(&req, &err);
	if (rc < 0) {
		NLOG(KNL, 0, "refused %s (seq %u): %s (%s)", xfrm_req_type_name(req.type), ans->seq,
		     err.msg, nea_strerror(rc));
		goto out;
	}
	if (req.present & XFRM_AT_BIT(XFRM_AT_REQID)) {
		c = find_child(h, req.reqid);
		if (!c) {
			NLOG(KNL, 0, "refused %s (seq %u): reqid %u was not allocated by this helper",
			     xfrm_req_type_name(req.type), req.seq, req.reqid);
			rc = NEA_EPERM;
			goto out;
		}
	}
	switch (req.type) {
	case XFRM_REQ_ALLOC_REQID:
		rc = do_alloc(h, ans);
		break;
	case XFRM_REQ_ADD_SA:
		rc = do_add_sa(h, c, &req, ans);
		break;
	case XFRM_REQ_ADD_POLICY:
		rc = do_add_policy(h, c, &req, ans);
		break;
	case XFRM_REQ_DEL_SA:
		if (!c->sa) {
			NLOG(KNL, 0, "refused DEL_SA (seq %u): reqid %u has no SA pair", req.seq,
			     req.reqid);
			rc = NEA_ENOTFOUND;
			break;
		}
		rc = do_release(h, c, ans, false, true);
		break;
	case XFRM_REQ_DEL_POLICY:
		if (!c->npol) {
			NLOG(KNL, 0, "refused DEL_POLICY (seq %u): reqid %u has no policies", req.seq,
			     req.reqid);
			rc = NEA_ENOTFOUND;
			break;
		}
		rc = do_release(h, c, ans, true, false);
		break;
	case XFRM_REQ_RELEASE:
		rc = do_release(h, c, ans, true, true);
		break;
	case XFRM_REQ_FLUSH:
		rc = xfrm_helper_flush(h);
		break;
	default:
		rc = NEA_EUNSUPPORTED;
		break;
	}
out:
	if (rc < 0 && !ans->kerrno)
		h->refused++;
	else if (rc < 0)
		h->failed++;
	else
		h->done++;
	ans->status = rc;
	xfrm_req_wipe(&req);
}

int xfrm_helper_flush(xfrm_helper_t *h)
{
	int first = 0;
	size_t n = 0;

	for (size_t i = 0; i < h->max; i++) {
		xfrm_hchild_t *c = &h->children[i];
		xfrm_ans_t a = {0};
		int rc;

		if (!c->used)
			continue;
		rc = do_release(h, c, &a, true, true);
		if (rc < 0 && !first)
			first = rc;
		n++;
	}
	if (n)
		NLOG(KNL, 1, "flushed %zu CHILD_SA%s this helper installed%s", n, n == 1 ? "" : "s",
		     first ? " (some entries could not be removed)" : "");
	return first;
}

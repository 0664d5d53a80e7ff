/*
 * nea-xfrm's rules, driven through xfrm_helper_handle() with a fake kernel
 * that records every netlink message and fails on command: only allocated
 * reqids, the cap, SPI and endpoint consistency, all-or-nothing requests
 * with rollback, deletes of only what was added, the flush, and every
 * prefix of valid packets reaching no kernel call.
 */
#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_log.h"
#include "xfrm_helper.h"
#include "xfrm_nl.h"
#include "xfrm_test_util.h"

#define MAXREC 256

typedef struct {
	uint16_t type;
	uint32_t spi;     /* SA messages, host order */
	uint8_t dst[16];  /* SA: destination */
	uint8_t dir;      /* policies */
	uint8_t sel_s[16];
	uint8_t proto;    /* policies: selector protocol */
	uint8_t key[64];  /* NEWSA: first bytes of the first algorithm's key */
} rec_t;

typedef struct {
	rec_t rec[MAXREC];
	int n;
	int fail_at;   /* call index to fail (-1: none) */
	int fail_errno;
	int fail_type; /* fail every message of this type (0: none) */
	int type_errno;
} fake_t;

static fake_t fk;
static xfrm_helper_t h;

static int fake_kernel(void *ctx, uint8_t *msg, size_t len, int *kerr, char *ktext, size_t cap)
{
	fake_t *f = ctx;
	const struct nlmsghdr *nh = (const void *)msg;
	rec_t *r;
	int idx = f->n;

	cr_assert_lt(f->n, MAXREC);
	cr_assert_eq(nh->nlmsg_len, len);
	r = &f->rec[f->n++];
	memset(r, 0, sizeof(*r));
	r->type = nh->nlmsg_type;
	if (r->type == XFRM_MSG_NEWSA) {
		const struct xfrm_usersa_info *i = NLMSG_DATA(nh);
		const struct nlattr *a = (const void *)(msg + NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*i)));

		r->spi = ntohl(i->id.spi);
		memcpy(r->dst, &i->id.daddr, 16);
		/* xfrm_algo and xfrm_algo_aead: key after name + 1 or 2 ints */
		memcpy(r->key, (const uint8_t *)a + NLA_HDRLEN + 64 +
				       (a->nla_type == XFRMA_ALG_AEAD ? 8 : 4), 16);
	} else if (r->type == XFRM_MSG_DELSA) {
		const struct xfrm_usersa_id *i = NLMSG_DATA(nh);

		r->spi = ntohl(i->spi);
		memcpy(r->dst, &i->daddr, 16);
	} else if (r->type == XFRM_MSG_NEWPOLICY) {
		const struct xfrm_userpolicy_info *i = NLMSG_DATA(nh);

		r->dir = i->dir;
		r->proto = i->sel.proto;
		memcpy(r->sel_s, &i->sel.saddr, 16);
	} else if (r->type == XFRM_MSG_DELPOLICY) {
		const struct xfrm_userpolicy_id *i = NLMSG_DATA(nh);

		r->dir = i->dir;
		memcpy(r->sel_s, &i->sel.saddr, 16);
	}
	if (cap)
		ktext[0] = '\0';
	if (idx == f->fail_at) {
		*kerr = f->fail_errno;
		return NEA_EIO;
	}
	if (f->fail_type && r->type == f->fail_type) {
		*kerr = f->type_errno;
		return NEA_EIO;
	}
	*kerr = 0;
	return 0;
}

static void setup(void)
{
	memset(&fk, 0, sizeof(fk));
	fk.fail_at = -1;
	nea_log_set_level(NEA_LG_KNL, -1);
	cr_assert_eq(xfrm_helper_init(&h, 4, 100, fake_kernel, &fk), 0);
}

static void teardown(void)
{
	xfrm_helper_free(&h);
}

static xfrm_ans_t send_req(xfrm_req_t *r)
{
	uint8_t buf[XFRM_REQ_MAX];
	xfrm_ans_t a;
	int n = xfrm_req_build(r, buf, sizeof(buf));

	cr_assert_gt(n, 0);
	xfrm_helper_handle(&h, buf, (size_t)n, &a);
	cr_assert_eq(a.seq, r->seq);
	cr_assert_eq(a.type, r->type);
	return a;
}

static uint32_t alloc(void)
{
	xfrm_req_t r = {.type = XFRM_REQ_ALLOC_REQID, .seq = 1};
	xfrm_ans_t a = send_req(&r);

	cr_assert_eq(a.status, 0);
	cr_assert_neq(a.value, 0);
	return a.value;
}

static int count_type(uint16_t type)
{
	int n = 0;

	for (int i = 0; i < fk.n; i++)
		n += fk.rec[i].type == type;
	return n;
}

TestSuite(xfrm_helper, .init = setup, .fini = teardown);

Test(xfrm_helper, sa_pair_directions_and_keys)
{
	xfrm_req_t r;
	xfrm_ans_t a;
	uint32_t reqid = alloc();

	cr_assert_eq(reqid, 100);
	xt_add_sa(&r, reqid);
	a = send_req(&r);
	cr_assert_eq(a.status, 0);
	cr_assert_eq(fk.n, 2);
	/* inbound first: our SPI, to us, with the initiator's key */
	cr_assert_eq(fk.rec[0].type, XFRM_MSG_NEWSA);
	cr_assert_eq(fk.rec[0].spi, 0xc1a2b3c4);
	cr_assert_arr_eq(fk.rec[0].dst, "\xc0\x00\x02\x01", 4);
	cr_assert_eq(fk.rec[0].key[0], 0x10);
	cr_assert_eq(fk.rec[1].spi, 0x0badf00d);
	cr_assert_arr_eq(fk.rec[1].dst, "\xc6\x33\x64\x07", 4);
	cr_assert_eq(fk.rec[1].key[0], 0x40);

	/* a second pair for the same reqid is refused without a kernel call */
	xt_add_sa(&r, reqid);
	r.spi_in = 0x2000;
	r.spi_out = 0x3000;
	cr_assert_eq(send_req(&r).status, NEA_EEXIST);
	cr_assert_eq(fk.n, 2);
	/* the same SPIs under another reqid too */
	xt_add_sa(&r, alloc());
	cr_assert_eq(send_req(&r).status, NEA_EEXIST);
	r.spi_in = 0x2000;
	cr_assert_eq(send_req(&r).status, NEA_EEXIST, "outbound SPI towards the same peer");
	r.spi_out = 0x3000;
	cr_assert_eq(send_req(&r).status, 0);
	cr_assert_eq(fk.n, 4);

	/* delete by reqid: both SAs, outbound first */
	xt_reqid_req(&r, XFRM_REQ_DEL_SA, reqid);
	cr_assert_eq(send_req(&r).status, 0);
	cr_assert_eq(fk.rec[4].type, XFRM_MSG_DELSA);
	cr_assert_eq(fk.rec[4].spi, 0x0badf00d);
	cr_assert_eq(fk.rec[5].spi, 0xc1a2b3c4);
	cr_assert_eq(send_req(&r).status, NEA_ENOTFOUND);
	cr_assert_eq(fk.n, 6);
}

Test(xfrm_helper, only_allocated_reqids)
{
	xfrm_req_t r;

	xt_add_sa(&r, 100); /* not allocated yet */
	cr_assert_eq(send_req(&r).status, NEA_EPERM);
	xt_add_policy(&r, 5);
	cr_assert_eq(send_req(&r).status, NEA_EPERM);
	for (uint8_t t = XFRM_REQ_DEL_SA; t <= XFRM_REQ_RELEASE; t++) {
		xt_reqid_req(&r, t, 100);
		cr_assert_eq(send_req(&r).status, NEA_EPERM);
	}
	cr_assert_eq(fk.n, 0, "refusals reached the kernel");
	cr_assert_eq(h.refused, 5);
}

Test(xfrm_helper, cap_and_reuse)
{
	xfrm_req_t r = {.type = XFRM_REQ_ALLOC_REQID, .seq = 2};
	uint32_t ids[4];

	for (int i = 0; i < 4; i++)
		ids[i] = alloc();
	cr_assert_eq(send_req(&r).status, NEA_ETOOBIG);
	cr_assert_eq(xfrm_helper_count(&h), 4);
	xt_reqid_req(&r, XFRM_REQ_RELEASE, ids[1]);
	cr_assert_eq(send_req(&r).status, 0);
	cr_assert_eq(xfrm_helper_count(&h), 3);
	/* a fresh reqid, never the released one right away */
	cr_assert_eq(alloc(), 104);
	xt_reqid_req(&r, XFRM_REQ_RELEASE, ids[1]);
	cr_assert_eq(send_req(&r).status, NEA_EPERM);
}

Test(xfrm_helper, second_sa_fails_first_is_removed)
{
	xfrm_req_t r;
	xfrm_ans_t a;

	xt_add_sa(&r, alloc());
	fk.fail_at = 1;
	fk.fail_errno = ENOSYS;
	a = send_req(&r);
	cr_assert_eq(a.status, NEA_EIO);
	cr_assert_eq(a.kerrno, ENOSYS);
	cr_assert_eq(fk.n, 3);
	cr_assert_eq(fk.rec[2].type, XFRM_MSG_DELSA);
	cr_assert_eq(fk.rec[2].spi, 0xc1a2b3c4, "the inbound half is rolled back");
	/* the reqid may try again */
	fk.fail_at = -1;
	cr_assert_eq(send_req(&r).status, 0);
	cr_assert_eq(h.failed, 1);
}

Test(xfrm_helper, policies_all_or_nothing)
{
	xfrm_req_t r;
	xfrm_ans_t a;
	uint32_t reqid = alloc();

	xt_add_policy(&r, reqid);
	fk.fail_at = 2; /* fwd */
	fk.fail_errno = EEXIST;
	a = send_req(&r);
	cr_assert_eq(a.status, NEA_EIO);
	cr_assert_eq(a.kerrno, EEXIST);
	cr_assert_eq(fk.n, 5);
	cr_assert_eq(fk.rec[0].dir, XFRM_POLICY_OUT);
	cr_assert_arr_eq(fk.rec[0].sel_s, "\x0a\x01\x00\x00", 4);
	cr_assert_eq(fk.rec[1].dir, XFRM_POLICY_IN);
	cr_assert_arr_eq(fk.rec[1].sel_s, "\x0a\x03\x00\x01", 4);
	cr_assert_eq(fk.rec[2].dir, XFRM_POLICY_FWD);
	cr_assert_eq(count_type(XFRM_MSG_DELPOLICY), 2, "out and in rolled back");
	/* nothing recorded: DEL_POLICY finds nothing */
	xt_reqid_req(&r, XFRM_REQ_DEL_POLICY, reqid);
	cr_assert_eq(send_req(&r).status, NEA_ENOTFOUND);

	fk.fail_at = -1;
	fk.n = 0;
	xt_add_policy(&r, reqid);
	cr_assert_eq(send_req(&r).status, 0);
	cr_assert_eq(fk.n, 3);
	cr_assert_eq(send_req(&r).status, NEA_EEXIST);
	cr_assert_eq(fk.n, 3);
	/* endpoints of a reqid must agree between policies and SAs */
	xt_add_sa(&r, reqid);
	xt_ip(&r.remote, 4, "203.0.113.9");
	cr_assert_eq(send_req(&r).status, NEA_EINVAL);
	xt_add_sa(&r, reqid);
	cr_assert_eq(send_req(&r).status, 0);
	xt_add_policy(&r, reqid);
	xt_ts(&r.ts_local, 4, "10.2.0.0", 16);
	xt_ip(&r.local, 4, "192.0.2.99");
	cr_assert_eq(send_req(&r).status, NEA_EINVAL);
}

Test(xfrm_helper, selector_protocol_from_either_side)
{
	xfrm_req_t r;
	uint32_t reqid = alloc();

	xt_add_policy(&r, reqid);
	r.ts_remote.proto = 6;
	r.ts_remote.port = 80;
	cr_assert_eq(send_req(&r).status, 0);
	cr_assert_eq(fk.n, 3);
	for (int i = 0; i < 3; i++)
		cr_assert_eq(fk.rec[i].proto, 6, "direction %d", fk.rec[i].dir);
	xt_reqid_req(&r, XFRM_REQ_DEL_POLICY, reqid);
	cr_assert_eq(send_req(&r).status, 0);
	cr_assert_eq(count_type(XFRM_MSG_DELPOLICY), 3);
}

Test(xfrm_helper, policy_cap_per_reqid)
{
	xfrm_req_t r;
	uint32_t reqid = alloc();

	for (int i = 0; i < XFRM_HELPER_POLS; i++) {
		xt_add_policy(&r, reqid);
		r.ts_local.net.addr[1] = (uint8_t)i;
		cr_assert_eq(send_req(&r).status, 0, "pair %d", i);
	}
	xt_add_policy(&r, reqid);
	r.ts_local.net.addr[1] = 200;
	cr_assert_eq(send_req(&r).status, NEA_ETOOBIG);
	cr_assert_eq(count_type(XFRM_MSG_NEWPOLICY), 3 * XFRM_HELPER_POLS);
}

Test(xfrm_helper, deletes_gone_and_stuck)
{
	xfrm_req_t r;
	uint32_t a = alloc(), b = alloc();

	xt_add_sa(&r, a);
	cr_assert_eq(send_req(&r).status, 0);
	xt_add_policy(&r, a);
	cr_assert_eq(send_req(&r).status, 0);
	/* the kernel already expired the SAs: ESRCH counts as deleted */
	fk.fail_type = XFRM_MSG_DELSA;
	fk.type_errno = ESRCH;
	xt_reqid_req(&r, XFRM_REQ_RELEASE, a);
	cr_assert_eq(send_req(&r).status, 0);
	cr_assert_eq(xfrm_helper_count(&h), 1);

	/* a delete the kernel refuses otherwise keeps the entry for the flush */
	xt_add_sa(&r, b);
	r.spi_in = 0x5000;
	fk.fail_type = 0;
	cr_assert_eq(send_req(&r).status, 0);
	fk.fail_type = XFRM_MSG_DELSA;
	fk.type_errno = EBUSY;
	xt_reqid_req(&r, XFRM_REQ_RELEASE, b);
	cr_assert_eq(send_req(&r).status, NEA_EIO);
	cr_assert_eq(xfrm_helper_count(&h), 1, "kept");
	fk.fail_type = 0;
	fk.n = 0;
	cr_assert_eq(xfrm_helper_flush(&h), 0);
	cr_assert_eq(count_type(XFRM_MSG_DELSA), 2, "flush retried both SAs");
	cr_assert_eq(xfrm_helper_count(&h), 0);
}

Test(xfrm_helper, flush_removes_everything_added)
{
	xfrm_req_t r;
	uint32_t ids[3];

	for (int i = 0; i < 3; i++) {
		ids[i] = alloc();
		xt_add_sa(&r, ids[i]);
		r.spi_in = 0x1000u + (uint32_t)i;
		r.spi_out = 0x2000u + (uint32_t)i;
		cr_assert_eq(send_req(&r).status, 0);
		xt_add_policy(&r, ids[i]);
		r.ts_local.net.addr[1] = (uint8_t)i;
		cr_assert_eq(send_req(&r).status, 0);
	}
	fk.n = 0;
	memset(&r, 0, sizeof(r));
	r.type = XFRM_REQ_FLUSH;
	r.seq = 77;
	cr_assert_eq(send_req(&r).status, 0);
	cr_assert_eq(count_type(XFRM_MSG_DELSA), 6);
	cr_assert_eq(count_type(XFRM_MSG_DELPOLICY), 9);
	cr_assert_eq(fk.n, 15);
	cr_assert_eq(xfrm_helper_count(&h), 0);
	fk.n = 0;
	cr_assert_eq(xfrm_helper_flush(&h), 0);
	cr_assert_eq(fk.n, 0, "nothing left to remove");
}

/* Every prefix and every flipped bit of valid packets: whatever is refused
 * never reaches the kernel, and the helper's answer names the request. */
Test(xfrm_helper, bounded_input_reaches_no_kernel)
{
	xfrm_req_t r;
	uint8_t full[XFRM_REQ_MAX], m[XFRM_REQ_MAX];
	uint32_t reqid = alloc();
	int n;

	xt_add_sa(&r, reqid);
	n = xfrm_req_build(&r, full, sizeof(full));
	fk.n = 0;
	for (int len = 0; len < n; len++) {
		xfrm_ans_t a;

		memcpy(m, full, (size_t)len);
		xfrm_helper_handle(&h, m, (size_t)len, &a);
		cr_assert_lt(a.status, 0, "prefix %d", len);
		if (len >= 8)
			cr_assert_eq(a.seq, 7);
	}
	cr_assert_eq(fk.n, 0);
	for (int bit = 0; bit < n * 8; bit++) {
		xfrm_ans_t a;
		int before = fk.n = 0;

		memcpy(m, full, (size_t)n);
		m[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		xfrm_helper_handle(&h, m, (size_t)n, &a);
		if (a.status < 0 && !a.kerrno)
			cr_assert_eq(fk.n, before, "refused bit %d reached the kernel", bit);
		if (a.status == 0) {
			/* a flipped key/SPI/sequence bit is a valid request; undo it */
			xfrm_req_t d;

			xt_reqid_req(&d, XFRM_REQ_DEL_SA, reqid);
			cr_assert_eq(send_req(&d).status, 0);
		}
	}
	cr_assert_eq(xfrm_helper_count(&h), 1);
}

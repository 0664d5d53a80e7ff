/*
 * libFuzzer target: the XFRM helper's request parser and handler
 * (ike/kernel/xfrm_req.c, xfrm_helper.c), i.e. everything nea-xfrm does
 * with bytes from nea-iked before anything reaches the kernel.
 *
 * 1. The whole input is one request packet: xfrm_req_parse() +
 *    xfrm_req_check(); a packet that passes both must build back to the
 *    same bytes (abort() otherwise).
 * 2. The input is also a script of packets, records of
 *        fail (1) | len (2, big-endian) | len bytes
 *    fed to a helper (4 CHILD_SAs) whose fake kernel keeps the SAs and
 *    policies it was given and refuses a call when the record's fail byte
 *    says so (and, as the kernel, refuses duplicates with EEXIST).
 *    Invariants: every answer echoes the packet's sequence number; the
 *    helper never holds more than its cap; the kernel never sees a delete
 *    of something it does not hold (the helper deletes only what it
 *    installed); after a final flush with a willing kernel, the kernel
 *    holds nothing.
 */
#include <linux/netlink.h>
#include <linux/xfrm.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "nea_buf.h"
#include "nea_log.h"
#include "xfrm_helper.h"
#include "xfrm_req.h"

#define MAXOBJ 256

typedef struct {
	uint16_t kind; /* XFRM_MSG_NEWSA or XFRM_MSG_NEWPOLICY */
	uint8_t key[64];
} obj_t;

static obj_t objs[MAXOBJ];
static int nobj;
static int fail_next;

/* A comparable key: SAs by (dst, spi), policies by (selector, dir). */
static void key_of(const uint8_t *msg, uint16_t type, obj_t *o)
{
	const struct nlmsghdr *h = (const void *)msg;

	memset(o, 0, sizeof(*o));
	if (type == XFRM_MSG_NEWSA) {
		const struct xfrm_usersa_info *i = NLMSG_DATA(h);

		o->kind = XFRM_MSG_NEWSA;
		memcpy(o->key, &i->id.daddr, 16);
		memcpy(o->key + 16, &i->id.spi, 4);
	} else if (type == XFRM_MSG_DELSA) {
		const struct xfrm_usersa_id *i = NLMSG_DATA(h);

		o->kind = XFRM_MSG_NEWSA;
		memcpy(o->key, &i->daddr, 16);
		memcpy(o->key + 16, &i->spi, 4);
	} else if (type == XFRM_MSG_NEWPOLICY) {
		const struct xfrm_userpolicy_info *i = NLMSG_DATA(h);

		o->kind = XFRM_MSG_NEWPOLICY;
		memcpy(o->key, &i->sel, sizeof(i->sel) < 60 ? sizeof(i->sel) : 60);
		o->key[63] = i->dir;
	} else {
		const struct xfrm_userpolicy_id *i = NLMSG_DATA(h);

		o->kind = XFRM_MSG_NEWPOLICY;
		memcpy(o->key, &i->sel, sizeof(i->sel) < 60 ? sizeof(i->sel) : 60);
		o->key[63] = i->dir;
	}
}

static int find(const obj_t *o)
{
	for (int i = 0; i < nobj; i++)
		if (objs[i].kind == o->kind && !memcmp(objs[i].key, o->key, sizeof(o->key)))
			return i;
	return -1;
}

static int fake_kernel(void *ctx, uint8_t *msg, size_t len, int *kerr, char *ktext, size_t cap)
{
	const struct nlmsghdr *h = (const void *)msg;
	obj_t o;
	int at;

	(void)ctx;
	if (cap)
		ktext[0] = '\0';
	if (len < NLMSG_HDRLEN || h->nlmsg_len != len)
		abort();
	key_of(msg, h->nlmsg_type, &o);
	at = find(&o);
	if (fail_next) {
		fail_next--;
		*kerr = 22;
		return NEA_EIO;
	}
	switch (h->nlmsg_type) {
	case XFRM_MSG_NEWSA:
	case XFRM_MSG_NEWPOLICY:
		if (at >= 0) {
			/* two reqids may name the same selectors or SPI/address
			 * pair; the kernel refuses the second as EEXIST */
			*kerr = 17;
			return NEA_EIO;
		}
		if (nobj >= MAXOBJ)
			abort();
		objs[nobj++] = o;
		break;
	default:
		if (at < 0)
			abort(); /* a delete of something the helper never installed */
		objs[at] = objs[--nobj];
		break;
	}
	*kerr = 0;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xfrm_helper_t h;
	xfrm_req_t r;
	nea_perr_t err;
	nea_rd_t rd;

	nea_log_set_level(NEA_LG_KNL, -1);
	if (xfrm_req_parse(&r, data, size, &err) == 0 && xfrm_req_check(&r, &err) == 0) {
		uint8_t again[XFRM_REQ_MAX];
		int n = xfrm_req_build(&r, again, sizeof(again));

		if (n < 0 || (size_t)n != size || memcmp(again, data, size) != 0)
			abort();
	}
	xfrm_req_wipe(&r);

	nobj = 0;
	fail_next = 0;
	if (xfrm_helper_init(&h, 4, 1, fake_kernel, NULL) < 0)
		abort();
	nea_rd_init(&rd, data, size);
	for (;;) {
		const uint8_t *pkt;
		uint8_t fail;
		uint16_t len;
		xfrm_ans_t ans;

		if (!nea_rd_u8(&rd, &fail) || !nea_rd_u16(&rd, &len) || !nea_rd_bytes(&rd, len, &pkt))
			break;
		fail_next = fail & 0x3;
		xfrm_helper_handle(&h, pkt, len, &ans);
		if (len >= XFRM_REQ_HDR_LEN && ans.seq != nea_get_u32(pkt + 4))
			abort();
		if (ans.status > 0 || xfrm_helper_count(&h) > 4)
			abort();
	}
	fail_next = 0;
	(void)xfrm_helper_flush(&h);
	if (nobj != 0 || xfrm_helper_count(&h) != 0)
		abort();
	xfrm_helper_free(&h);
	return 0;
}

/*
 * xfrm_helper: the request handler of nea-xfrm, the privileged helper that
 * installs nea-iked's CHILD_SAs in the kernel. Independent of sockets and
 * of netlink I/O (the kernel is a callback) so tests drive it directly.
 *
 * Contract (the privsep monitor's rules: nothing is trusted because it
 * came from nea-iked):
 *  - Every packet goes through xfrm_req_parse() and xfrm_req_check();
 *    a refusal answers the NEA_E* code and logs one line naming the
 *    request, its sequence number and the reason.
 *  - Reqids come only from ALLOC_REQID (counting up from reqid_base,
 *    never 0, never one in use); every other request must name one of
 *    them (NEA_EPERM otherwise). At most max_children reqids are live
 *    (NEA_ETOOBIG beyond), each with at most one SA pair and
 *    XFRM_HELPER_POLS per child selector pairs (three policies each).
 *  - ADD_SA refuses a second pair for a reqid and an SPI this helper
 *    already installed towards the same address (NEA_EEXIST); the SAs'
 *    and the policies' tunnel endpoints of one reqid must agree
 *    (NEA_EINVAL).
 *  - Kernel calls are all-or-nothing per request: when the second SA or a
 *    later policy fails, what this request installed is removed again and
 *    the answer carries NEA_EIO with the kernel's errno.
 *  - Deletes touch only what this helper recorded; a kernel answer of
 *    ESRCH/ENOENT (already gone) counts as deleted. An entry whose delete
 *    failed otherwise stays recorded so FLUSH (and the exit flush) retries.
 *  - All memory is allocated by xfrm_helper_init(), none per request: the
 *    helper runs under a seccomp filter and the cap bounds its size.
 *  - Key bytes are wiped from the request and the netlink buffer after use.
 */
#ifndef XFRM_HELPER_H
#define XFRM_HELPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xfrm_req.h"

#define XFRM_HELPER_MAX_CHILDREN 4096 /* hard ceiling for --max-children */
#define XFRM_HELPER_DEFAULT_CHILDREN 1024
#define XFRM_HELPER_POLS 8

/* Sends one netlink message, returns 0 or NEA_EIO with *kerr / ktext. */
typedef int (*xfrm_kernel_fn)(void *ctx, uint8_t *msg, size_t len, int *kerr, char *ktext,
			      size_t ktext_cap);

typedef struct {
	xfrm_ts_t ts_local, ts_remote;
	uint8_t dirs; /* bit per XFRM_NL_DIR_* installed */
} xfrm_hpol_t;

typedef struct {
	bool used;
	bool sa;
	uint8_t sa_dirs; /* bit 0: in SA installed, bit 1: out SA */
	uint32_t reqid;
	bool have_ends;
	xfrm_ip_t local, remote;
	uint32_t spi_in, spi_out;
	uint8_t npol;
	xfrm_hpol_t pol[XFRM_HELPER_POLS];
} xfrm_hchild_t;

typedef struct {
	xfrm_hchild_t *children;
	size_t max, used;
	uint32_t reqid_base, next_reqid;
	uint32_t nlseq;
	xfrm_kernel_fn kernel;
	void *kctx;
	unsigned long refused, failed, done;
} xfrm_helper_t;

int xfrm_helper_init(xfrm_helper_t *h, size_t max_children, uint32_t reqid_base,
		     xfrm_kernel_fn kernel, void *kctx);
void xfrm_helper_free(xfrm_helper_t *h);

/* One request packet in, one answer out (always filled). */
void xfrm_helper_handle(xfrm_helper_t *h, const uint8_t *pkt, size_t len, xfrm_ans_t *ans);

/* Remove everything recorded; returns 0 or the first error. */
int xfrm_helper_flush(xfrm_helper_t *h);

/* Live reqids (tests, logs). */
size_t xfrm_helper_count(const xfrm_helper_t *h);

#endif

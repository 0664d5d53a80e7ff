/*
 * xfrm_nl: the XFRM netlink messages nea-xfrm sends (NETLINK_XFRM), and
 * the one call that sends a message and reads the kernel's answer.
 *
 * Contract:
 *  - The builders are pure: they fill a caller buffer with one netlink
 *    message (NLM_F_REQUEST | NLM_F_ACK) and return its length, or
 *    NEA_ETOOBIG if cap is short. Tests decode them byte for byte.
 *      NEWSA: xfrm_usersa_info (ESP, tunnel mode, XFRM_STATE_AF_UNSPEC so
 *             the inner family may differ, infinite lifetimes: nea-iked
 *             rekeys and deletes), then XFRMA_ALG_AEAD, or XFRMA_ALG_CRYPT
 *             + XFRMA_ALG_AUTH_TRUNC, and XFRMA_ENCAP for NAT-T.
 *      DELSA: xfrm_usersa_id (dst, SPI, ESP).
 *      NEWPOLICY: xfrm_userpolicy_info (selector, direction, priority) +
 *             XFRMA_TMPL with one ESP tunnel template carrying the reqid.
 *      DELPOLICY: xfrm_userpolicy_id (selector, direction).
 *  - xfrm_nl_call(): sends, then reads until the NLMSG_ERROR answer with
 *    the same sequence number (other messages are skipped); returns 0 when
 *    the kernel acknowledged, NEA_EIO with *kerr = the kernel's errno and
 *    its extended-ack text (if any) in ktext when it refused, NEA_EIO with
 *    *kerr = errno when the socket failed (1 s receive timeout).
 *  - Secrets: the caller wipes the message buffer after the call.
 */
#ifndef XFRM_NL_H
#define XFRM_NL_H

#include <stddef.h>
#include <stdint.h>

#include "xfrm_req.h"

#define XFRM_NL_BUF 2048

/* Policy directions as the kernel numbers them (XFRM_POLICY_IN/OUT/FWD). */
enum { XFRM_NL_DIR_IN = 0, XFRM_NL_DIR_OUT = 1, XFRM_NL_DIR_FWD = 2 };

typedef struct {
	uint32_t spi;      /* host order */
	xfrm_ip_t src, dst;
	uint32_t reqid;
	const xfrm_alg_t *alg;
	const uint8_t *ekey; /* alg->ekey_len bytes */
	const uint8_t *ikey; /* alg->ikey_len bytes, NULL for AEAD */
	uint16_t encap_sport, encap_dport; /* 0: no UDP encapsulation */
} xfrm_nl_sa_t;

typedef struct {
	xfrm_ts_t src, dst; /* the selector */
	uint8_t dir;
	xfrm_ip_t tmpl_src, tmpl_dst;
	uint32_t reqid;
	uint32_t priority;
} xfrm_nl_pol_t;

int xfrm_nl_build_newsa(uint8_t *buf, size_t cap, uint32_t seq, const xfrm_nl_sa_t *sa);
int xfrm_nl_build_delsa(uint8_t *buf, size_t cap, uint32_t seq, const xfrm_ip_t *dst,
			uint32_t spi);
int xfrm_nl_build_newpolicy(uint8_t *buf, size_t cap, uint32_t seq, const xfrm_nl_pol_t *p);
int xfrm_nl_build_delpolicy(uint8_t *buf, size_t cap, uint32_t seq, const xfrm_nl_pol_t *p);

/* Priority as strongSwan orders policies: more specific selectors first. */
uint32_t xfrm_nl_priority(const xfrm_ts_t *src, const xfrm_ts_t *dst);
const char *xfrm_nl_dir_name(uint8_t dir);

/* NETLINK_XFRM socket with a 1 s receive timeout and extended acks; fd or NEA_EIO. */
int xfrm_nl_open(void);
int xfrm_nl_call(int fd, uint8_t *msg, size_t len, int *kerr, char *ktext, size_t ktext_cap);

#endif

/* Shared fixtures of the XFRM helper tests: valid requests to start from. */
#ifndef XFRM_TEST_UTIL_H
#define XFRM_TEST_UTIL_H

#include <arpa/inet.h>
#include <string.h>

#include "xfrm_req.h"

static inline void xt_ip(xfrm_ip_t *ip, int fam, const char *s)
{
	memset(ip, 0, sizeof(*ip));
	ip->family = (uint8_t)fam;
	inet_pton(fam == 4 ? AF_INET : AF_INET6, s, ip->addr);
}

static inline void xt_ts(xfrm_ts_t *t, int fam, const char *s, uint8_t plen)
{
	memset(t, 0, sizeof(*t));
	xt_ip(&t->net, fam, s);
	t->plen = plen;
}

/* ADD_SA, AES-CBC-256 + HMAC-SHA2-256-128, 192.0.2.1 <-> 198.51.100.7. */
static inline void xt_add_sa(xfrm_req_t *r, uint32_t reqid)
{
	memset(r, 0, sizeof(*r));
	r->type = XFRM_REQ_ADD_SA;
	r->seq = 7;
	r->present = XFRM_AT_BIT(XFRM_AT_REQID) | XFRM_AT_BIT(XFRM_AT_LOCAL) |
		     XFRM_AT_BIT(XFRM_AT_REMOTE) | XFRM_AT_BIT(XFRM_AT_SPI_IN) |
		     XFRM_AT_BIT(XFRM_AT_SPI_OUT) | XFRM_AT_BIT(XFRM_AT_ENCR) |
		     XFRM_AT_BIT(XFRM_AT_ENCR_KEY_IN) | XFRM_AT_BIT(XFRM_AT_ENCR_KEY_OUT) |
		     XFRM_AT_BIT(XFRM_AT_INTEG) | XFRM_AT_BIT(XFRM_AT_INTEG_KEY_IN) |
		     XFRM_AT_BIT(XFRM_AT_INTEG_KEY_OUT);
	r->reqid = reqid;
	xt_ip(&r->local, 4, "192.0.2.1");
	xt_ip(&r->remote, 4, "198.51.100.7");
	r->spi_in = 0xc1a2b3c4;
	r->spi_out = 0x0badf00d;
	r->encr = XFRM_ENCR_AES_CBC;
	r->encr_keylen = 256;
	r->ekey_in_len = r->ekey_out_len = 32;
	r->integ = XFRM_INTEG_HMAC_SHA2_256_128;
	r->ikey_in_len = r->ikey_out_len = 32;
	for (int i = 0; i < 32; i++) {
		r->ekey_in[i] = (uint8_t)(0x10 + i);
		r->ekey_out[i] = (uint8_t)(0x40 + i);
		r->ikey_in[i] = (uint8_t)(0x70 + i);
		r->ikey_out[i] = (uint8_t)(0xa0 + i);
	}
}

/* ADD_POLICY 10.1.0.0/16 === 10.3.0.1/32 over the same endpoints. */
static inline void xt_add_policy(xfrm_req_t *r, uint32_t reqid)
{
	memset(r, 0, sizeof(*r));
	r->type = XFRM_REQ_ADD_POLICY;
	r->seq = 8;
	r->present = XFRM_AT_BIT(XFRM_AT_REQID) | XFRM_AT_BIT(XFRM_AT_LOCAL) |
		     XFRM_AT_BIT(XFRM_AT_REMOTE) | XFRM_AT_BIT(XFRM_AT_TS_LOCAL) |
		     XFRM_AT_BIT(XFRM_AT_TS_REMOTE);
	r->reqid = reqid;
	xt_ip(&r->local, 4, "192.0.2.1");
	xt_ip(&r->remote, 4, "198.51.100.7");
	xt_ts(&r->ts_local, 4, "10.1.0.0", 16);
	xt_ts(&r->ts_remote, 4, "10.3.0.1", 32);
}

static inline void xt_reqid_req(xfrm_req_t *r, uint8_t type, uint32_t reqid)
{
	memset(r, 0, sizeof(*r));
	r->type = type;
	r->seq = 9;
	r->present = XFRM_AT_BIT(XFRM_AT_REQID);
	r->reqid = reqid;
}

#endif

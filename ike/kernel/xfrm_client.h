/*
 * xfrm_client: nea-iked's side of the XFRM helper (nea-xfrm). Starts the
 * helper over a socketpair and asks it, one request and one answer at a
 * time, to install and remove the kernel state of CHILD_SAs.
 *
 * Contract:
 *  - xfrm_client_spawn(): socketpair(AF_UNIX, SOCK_SEQPACKET), fork, exec
 *    the helper with its end as --fd; waits (start_timeout_ms, default
 *    5000) for the helper's READY answer, which says it is sandboxed. Call
 *    it while still privileged (nea-iked's pre_init): the helper keeps
 *    CAP_NET_ADMIN of the caller's privileges and nothing else. Returns 0,
 *    or NEA_EIO / NEA_ECLOSED / NEA_EAGAIN (no READY in time; the helper
 *    is killed) after logging why.
 *  - Every call sends one request and waits at most timeout_ms (default
 *    1000) for the answer with the same sequence number; answers to
 *    earlier, timed-out requests are skipped. Returns 0, the helper's
 *    refusal (NEA_EPERM, NEA_EINVAL, NEA_EUNSUPPORTED, NEA_EEXIST,
 *    NEA_ETOOBIG, NEA_ENOTFOUND), NEA_EIO with c->last_kerrno = the
 *    kernel's errno, NEA_EAGAIN on timeout, NEA_ECLOSED once the helper is
 *    gone (it is never restarted: a gateway without kernel state must be
 *    noticed).
 *  - Order for one CHILD_SA: xfrm_client_alloc_reqid(), _add_sa_pair(),
 *    _add_policies() per selector pair; removal with _release(reqid)
 *    (policies, SAs, then the reqid). xfrm_client_stop() closes the
 *    socket: the helper removes everything it installed and exits; after
 *    1 s it is killed.
 *  - "in" = peer -> us (spi_in is our SPI), "out" = us -> peer. As IKE
 *    responder: ekey_in/ikey_in = KEYMAT encr_i/integ_i, out = _r; as
 *    initiator the other way round.
 *  - Keys are copied into one request buffer, which is wiped after send.
 */
#ifndef XFRM_CLIENT_H
#define XFRM_CLIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "xfrm_req.h"

typedef struct {
	int fd;                /* -1 when not running */
	pid_t pid;
	uint32_t seq;
	int timeout_ms;
	uint32_t max_children; /* from the helper's READY */
	uint32_t last_kerrno;  /* kernel errno of the last NEA_EIO answer */
} xfrm_client_t;

typedef struct {
	const char *path;     /* NULL: nea-xfrm in the directory of /proc/self/exe */
	bool set_user;        /* root only: the helper becomes uid/gid */
	uid_t uid;
	gid_t gid;
	unsigned max_children; /* 0: the helper's default (1024) */
	uint32_t reqid_base;  /* 0: 1 */
	int debug;            /* helper's log level; <= 0: 1 */
	int timeout_ms;       /* per request; 0: 1000 */
	int start_timeout_ms; /* READY; 0: 5000 */
} xfrm_client_opts_t;

typedef struct {
	uint32_t reqid;
	xfrm_ip_t local, remote;     /* tunnel endpoints (the IKE addresses) */
	uint32_t spi_in, spi_out;    /* host order */
	uint16_t encr, encr_keylen;  /* IKEv2 ENCR id, Key Length attribute (bits) */
	uint16_t integ;              /* IKEv2 INTEG id, 0 with AEAD */
	const uint8_t *ekey_in, *ekey_out; /* key (+ 4-byte salt for AEAD) */
	size_t ekey_len;
	const uint8_t *ikey_in, *ikey_out;
	size_t ikey_len;
	uint16_t encap_local, encap_remote; /* NAT-T UDP ports, 0: none */
} xfrm_sa_pair_t;

void xfrm_client_init(xfrm_client_t *c);
int xfrm_client_spawn(xfrm_client_t *c, const xfrm_client_opts_t *o);
void xfrm_client_stop(xfrm_client_t *c);
bool xfrm_client_running(const xfrm_client_t *c);

int xfrm_client_alloc_reqid(xfrm_client_t *c, uint32_t *reqid);
int xfrm_client_add_sa_pair(xfrm_client_t *c, const xfrm_sa_pair_t *p);
int xfrm_client_add_policies(xfrm_client_t *c, uint32_t reqid, const xfrm_ip_t *local,
			     const xfrm_ip_t *remote, const xfrm_ts_t *ts_local,
			     const xfrm_ts_t *ts_remote);
int xfrm_client_del_sa_pair(xfrm_client_t *c, uint32_t reqid);
int xfrm_client_del_policies(xfrm_client_t *c, uint32_t reqid);
int xfrm_client_release(xfrm_client_t *c, uint32_t reqid);
int xfrm_client_flush(xfrm_client_t *c);

/* Send a prepared request packet (tests, fuzzing the live helper). */
int xfrm_client_raw(xfrm_client_t *c, const uint8_t *pkt, size_t len, xfrm_ans_t *ans);

/* Conversions for the daemon. */
int xfrm_ip_from_sockaddr(const struct sockaddr_storage *ss, xfrm_ip_t *out);
/* af: AF_INET or AF_INET6; bytes: 4 or 16. */
int xfrm_ip_from_bytes(int af, const uint8_t *bytes, xfrm_ip_t *out);
/*
 * An IKE traffic selector range [start, end] (family 4 or 6) as the
 * smallest list of prefixes covering exactly that range (at most cap,
 * NEA_ETOOBIG beyond). Ports: 0-65535 = any, a single port = that port,
 * anything else NEA_EUNSUPPORTED (XFRM selectors take one port or all).
 */
int xfrm_ts_from_range(uint8_t family, const uint8_t *start, const uint8_t *end, uint8_t proto,
		       uint16_t start_port, uint16_t end_port, xfrm_ts_t *out, size_t cap,
		       size_t *n);

#endif

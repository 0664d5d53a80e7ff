/*
 * xfrm_sandbox: what nea-xfrm gives up before it reads its first request.
 *
 * Contract:
 *  - xfrm_sandbox_caps(): started as root, optionally becomes uid/gid
 *    (keeping capabilities across the change), then keeps exactly
 *    CAP_NET_ADMIN in the permitted and effective sets, empties the
 *    inheritable and ambient sets and the bounding set, and verifies the
 *    result with capget. Not root: keeps CAP_NET_ADMIN only if it already
 *    had it. Always no-new-privs, no core dumps, not dumpable (except
 *    sanitizer builds, whose leak check needs ptrace).
 *  - xfrm_sandbox_seccomp(): a filter allowing read/write on the open
 *    sockets (read, write, recv*, send*), poll, close, the clock, memory
 *    management libc needs, signal return and exit; everything else kills
 *    the process. No open, no socket, no exec: the netlink socket and the
 *    socketpair must exist before. Irreversible.
 * Both return 0 or NEA_EPERM/NEA_EIO after logging why; the caller exits.
 */
#ifndef XFRM_SANDBOX_H
#define XFRM_SANDBOX_H

#include <stdbool.h>
#include <sys/types.h>

int xfrm_sandbox_caps(bool change_user, uid_t uid, gid_t gid);
int xfrm_sandbox_seccomp(void);

#endif

/*
 * nea_sandbox: what a daemon gives up once it has set itself up.
 *
 * Contract:
 *  - nea_sandbox_drop_user: only when running as root (a no-op returning 0
 *    otherwise). Sets the supplementary groups to exactly {extra group} (or
 *    none), then the user's primary gid, then its uid, and verifies that
 *    neither uid 0 nor the old gid can be regained; any failure is fatal
 *    to the caller (NEA_EPERM) because continuing as root would be worse
 *    than not running.
 *  - nea_sandbox_harden: PR_SET_NO_NEW_PRIVS (no exec can gain privilege)
 *    and core dumps off (memory may hold keys and measurements).
 *  - nea_sandbox_no_network: a seccomp filter under which socket() fails
 *    with EACCES for every address family except AF_UNIX, and io_uring (a
 *    way around per-syscall filters) is unavailable. For the measurement
 *    hosts: an exploited IMV/IMC must not reach the network. Irreversible
 *    for the process and everything it starts.
 */
#ifndef NEA_SANDBOX_H
#define NEA_SANDBOX_H

#include <stdbool.h>
#include <sys/types.h>

/* Resolve a user name to uid and primary gid (NEA_ENOTFOUND if missing). */
int nea_sandbox_lookup_user(const char *user, uid_t *uid, gid_t *gid);
int nea_sandbox_lookup_group(const char *group, gid_t *gid);

/* extra_gid: supplementary group to keep ((gid_t)-1 for none). */
int nea_sandbox_drop_user(uid_t uid, gid_t gid, gid_t extra_gid);
int nea_sandbox_harden(void);
int nea_sandbox_no_network(void);

#endif

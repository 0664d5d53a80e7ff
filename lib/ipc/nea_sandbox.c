/*
 * Privilege drop, hardening and the no-network seccomp filter.
 * See nea_sandbox.h for the contract.
 */
#include "nea_sandbox.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_log.h"

int nea_sandbox_lookup_user(const char *user, uid_t *uid, gid_t *gid)
{
	struct passwd pw, *res = NULL;
	char buf[4096];

	if (getpwnam_r(user, &pw, buf, sizeof(buf), &res) != 0 || !res)
		return NEA_ENOTFOUND;
	*uid = res->pw_uid;
	*gid = res->pw_gid;
	return 0;
}

int nea_sandbox_lookup_group(const char *group, gid_t *gid)
{
	struct group gr, *res = NULL;
	char buf[4096];

	if (getgrnam_r(group, &gr, buf, sizeof(buf), &res) != 0 || !res)
		return NEA_ENOTFOUND;
	*gid = res->gr_gid;
	return 0;
}

int nea_sandbox_drop_user(uid_t uid, gid_t gid, gid_t extra_gid)
{
	gid_t groups[1];
	size_t ngroups = 0;

	if (geteuid() != 0)
		return 0;
	if (uid == 0) /* asked to stay root: nothing to drop */
		return 0;
	if (extra_gid != (gid_t)-1)
		groups[ngroups++] = extra_gid;
	/* Groups first: after setuid we could no longer change them. */
	if (setgroups(ngroups, groups) != 0 || setresgid(gid, gid, gid) != 0 ||
	    setresuid(uid, uid, uid) != 0) {
		NLOG(DMN, 0, "cannot drop privileges to uid %u gid %u: %s", (unsigned)uid,
		     (unsigned)gid, strerror(errno));
		return NEA_EPERM;
	}
	/* A partial drop (saved set-user-ID left at 0) would let an attacker
	 * climb back; prove it cannot. */
	if (setuid(0) == 0 || seteuid(0) == 0 || (gid != 0 && setgid(0) == 0) ||
	    getuid() != uid || geteuid() != uid || getgid() != gid || getegid() != gid) {
		NLOG(DMN, 0, "privileges could be regained after dropping to uid %u; refusing to run",
		     (unsigned)uid);
		return NEA_EPERM;
	}
#ifdef NEA_SANITIZE_BUILD
	/* The kernel marks a process non-dumpable after a credential change;
	 * LeakSanitizer needs to ptrace itself at exit. Sanitizer builds only. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
#endif
	return 0;
}

int nea_sandbox_harden(void)
{
	struct rlimit rl = { 0, 0 };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		NLOG(DMN, 0, "PR_SET_NO_NEW_PRIVS failed: %s", strerror(errno));
		return NEA_EPERM;
	}
	/* RLIMIT_CORE rather than PR_SET_DUMPABLE: the latter would also forbid
	 * the sanitizers' self-inspection, and a zero hard limit cannot be
	 * raised again without privilege. */
	if (setrlimit(RLIMIT_CORE, &rl) != 0) {
		NLOG(DMN, 0, "cannot disable core dumps: %s", strerror(errno));
		return NEA_EPERM;
	}
	return 0;
}

int nea_sandbox_no_network(void)
{
	/* Spelled out rather than SCMP_A0(), whose partial initializer clang
	 * flags under -Wextra. */
	const struct scmp_arg_cmp not_unix = {
		.arg = 0, .op = SCMP_CMP_NE, .datum_a = AF_UNIX, .datum_b = 0,
	};
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int rc;

	if (!ctx)
		return NEA_ENOMEM;
	rc = seccomp_rule_add_array(ctx, SCMP_ACT_ERRNO(EACCES), SCMP_SYS(socket), 1, &not_unix);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(io_uring_setup), 0);
	if (rc == 0)
		rc = seccomp_load(ctx);
	seccomp_release(ctx);
	if (rc != 0) {
		NLOG(DMN, 0, "cannot install the no-network seccomp filter: %s", strerror(-rc));
		return NEA_EPERM;
	}
	return 0;
}

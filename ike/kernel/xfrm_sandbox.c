/* Capability drop and seccomp filter of nea-xfrm; see xfrm_sandbox.h. */
#include "xfrm_sandbox.h"

#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_log.h"

#define NET_ADMIN_BIT (1u << CAP_NET_ADMIN) /* CAP_NET_ADMIN = 12: first word */

static int capget2(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};

	return (int)syscall(SYS_capget, &hdr, d);
}

static int capset2(struct __user_cap_data_struct d[2])
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3};

	return (int)syscall(SYS_capset, &hdr, d);
}

int xfrm_sandbox_caps(bool change_user, uid_t uid, gid_t gid)
{
	struct __user_cap_data_struct d[2];
	struct rlimit nocore = {0, 0};
	bool root = geteuid() == 0;
	uint32_t keep;

	if (capget2(d) < 0) {
		NLOG(KNL, 0, "capget failed: %s", strerror(errno));
		return NEA_EPERM;
	}
	keep = d[0].permitted & NET_ADMIN_BIT;
	if (root && change_user && uid != 0) {
		if (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
		    prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0 || setresuid(uid, uid, uid) < 0) {
			NLOG(KNL, 0, "cannot become uid %u gid %u: %s", (unsigned)uid, (unsigned)gid,
			     strerror(errno));
			return NEA_EPERM;
		}
		(void)prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
	}
	/* The bounding set: nothing else can ever be gained, even by exec. */
	for (int cap = 0; cap < 64; cap++) {
		if (cap == CAP_NET_ADMIN)
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno == EINVAL)
			break; /* beyond the kernel's last capability */
	}
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	memset(d, 0, sizeof(d));
	d[0].permitted = keep;
	d[0].effective = keep;
	if (capset2(d) < 0) {
		NLOG(KNL, 0, "capset failed: %s", strerror(errno));
		return NEA_EPERM;
	}
	if (capget2(d) < 0 || d[0].permitted != keep || d[0].effective != keep || d[1].permitted ||
	    d[1].effective || d[0].inheritable || d[1].inheritable) {
		NLOG(KNL, 0, "capabilities still held after the drop; refusing to run");
		return NEA_EPERM;
	}
	if (change_user && root && uid != 0 && (setuid(0) == 0 || geteuid() == 0)) {
		NLOG(KNL, 0, "uid 0 could be regained; refusing to run");
		return NEA_EPERM;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || setrlimit(RLIMIT_CORE, &nocore) < 0) {
		NLOG(KNL, 0, "cannot harden the process: %s", strerror(errno));
		return NEA_EPERM;
	}
#ifndef NEA_SANITIZE_BUILD
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
	if (!keep)
		NLOG(KNL, 0, "running without CAP_NET_ADMIN: the kernel will refuse every "
			     "request");
	return 0;
}

int xfrm_sandbox_seccomp(void)
{
	static const int allowed[] = {
		SCMP_SYS(read),		 SCMP_SYS(write),	 SCMP_SYS(readv),
		SCMP_SYS(writev),	 SCMP_SYS(recvfrom),	 SCMP_SYS(recvmsg),
		SCMP_SYS(sendto),	 SCMP_SYS(sendmsg),	 SCMP_SYS(poll),
		SCMP_SYS(ppoll),	 SCMP_SYS(close),	 SCMP_SYS(exit),
		SCMP_SYS(exit_group),	 SCMP_SYS(rt_sigreturn), SCMP_SYS(restart_syscall),
		SCMP_SYS(clock_gettime), SCMP_SYS(gettimeofday), SCMP_SYS(time),
		SCMP_SYS(getpid),	 SCMP_SYS(getuid),	 SCMP_SYS(brk),		 SCMP_SYS(mmap),
		SCMP_SYS(munmap),	 SCMP_SYS(mremap),	 SCMP_SYS(madvise),
		SCMP_SYS(futex),	 SCMP_SYS(rt_sigprocmask), SCMP_SYS(getrandom),
#ifdef NEA_SANITIZE_BUILD
		/* the sanitizers' own bookkeeping and their report at exit */
		SCMP_SYS(sigaltstack),	 SCMP_SYS(mprotect),	 SCMP_SYS(getrlimit),
		SCMP_SYS(prlimit64),	 SCMP_SYS(sched_yield),	 SCMP_SYS(openat),
		SCMP_SYS(fstat),	 SCMP_SYS(newfstatat),	 SCMP_SYS(lseek),
		SCMP_SYS(readlink),	 SCMP_SYS(clone),	 SCMP_SYS(clone3),
		SCMP_SYS(wait4),	 SCMP_SYS(prctl),	 SCMP_SYS(ptrace),
		SCMP_SYS(gettid),	 SCMP_SYS(getppid),	 SCMP_SYS(rt_sigaction),
		SCMP_SYS(set_robust_list), SCMP_SYS(getdents64), SCMP_SYS(tgkill),
		SCMP_SYS(kill),		 SCMP_SYS(pipe2),	 SCMP_SYS(sched_getaffinity),
		SCMP_SYS(statx),	 SCMP_SYS(dup2),	 SCMP_SYS(dup3),
#endif
	};
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_KILL_PROCESS);
	int rc = ctx ? 0 : -ENOMEM;

	for (size_t i = 0; rc == 0 && i < sizeof(allowed) / sizeof(allowed[0]); i++)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ALLOW, allowed[i], 0);
	if (rc == 0)
		rc = seccomp_load(ctx);
	if (ctx)
		seccomp_release(ctx);
	if (rc < 0) {
		NLOG(KNL, 0, "cannot install the seccomp filter: %s", strerror(-rc));
		return NEA_EIO;
	}
	return 0;
}

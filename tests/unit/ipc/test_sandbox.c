/*
 * Sandbox helpers: each check runs in a forked child so the restriction
 * under test cannot leak into the test runner; the child reports through
 * its exit status which step failed.
 */
#include <criterion/criterion.h>

#include <errno.h>
#include <grp.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nea_sandbox.h"

static int run_child(int (*fn)(void))
{
	int status = -1;
	pid_t pid = fork();

	cr_assert(pid >= 0);
	if (pid == 0)
		_exit(fn());
	cr_assert_eq(waitpid(pid, &status, 0), pid);
	cr_assert(WIFEXITED(status), "child died (status 0x%x)", status);
	return WEXITSTATUS(status);
}

static int no_network_child(void)
{
	int fd, sv[2];

	/* Before the filter the network is there (so the test means something). */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0)
		return 1;
	close(fd);
	if (nea_sandbox_no_network() != 0)
		return 2;
	errno = 0;
	if (socket(AF_INET, SOCK_STREAM, 0) >= 0 || errno != EACCES)
		return 3;
	if (socket(AF_INET6, SOCK_DGRAM, 0) >= 0 || errno != EACCES)
		return 4;
	if (socket(AF_NETLINK, SOCK_RAW, 0) >= 0 || errno != EACCES)
		return 5;
	if (socket(AF_PACKET, SOCK_RAW, 0) >= 0 || errno != EACCES)
		return 6;
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0)
		return 7;
	close(fd);
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
		return 8;
	if (write(sv[0], "x", 1) != 1)
		return 9;
	close(sv[0]);
	close(sv[1]);
	/* The filter survives exec-less children too. */
	pid_t pid = fork();
	if (pid == 0)
		_exit(socket(AF_INET, SOCK_STREAM, 0) >= 0 ? 1 : 0);
	int status;
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return 10;
	return 0;
}

Test(sandbox, no_network_allows_only_unix_sockets)
{
	int rc = run_child(no_network_child);

	cr_assert_eq(rc, 0, "sandboxed child failed at step %d", rc);
	/* The parent keeps its network. */
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert(fd >= 0);
	close(fd);
}

static int harden_child(void)
{
	struct rlimit rl;

	if (nea_sandbox_harden() != 0)
		return 1;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		return 2;
	if (getrlimit(RLIMIT_CORE, &rl) != 0 || rl.rlim_cur != 0 || rl.rlim_max != 0)
		return 3;
	rl.rlim_cur = rl.rlim_max = RLIM_INFINITY;
	if (getuid() != 0 && setrlimit(RLIMIT_CORE, &rl) == 0)
		return 4;
	return 0;
}

Test(sandbox, harden_sets_no_new_privs_and_no_core)
{
	int rc = run_child(harden_child);

	cr_assert_eq(rc, 0, "hardened child failed at step %d", rc);
}

static int drop_child(void)
{
	gid_t groups[8];
	int n;

	if (nea_sandbox_drop_user(65534, 65534, 65533) != 0)
		return 1;
	if (getuid() != 65534 || geteuid() != 65534 || getgid() != 65534 || getegid() != 65534)
		return 2;
	if (setuid(0) == 0 || seteuid(0) == 0 || setgid(0) == 0)
		return 3;
	n = getgroups(8, groups);
	if (n != 1 || groups[0] != 65533)
		return 4;
	/* Root-only operations now fail. */
	if (setgroups(0, NULL) == 0)
		return 5;
	return 0;
}

Test(sandbox, drop_user_cannot_be_undone)
{
	if (geteuid() != 0)
		cr_skip_test("needs root to change users");
	int rc = run_child(drop_child);

	cr_assert_eq(rc, 0, "dropped child failed at step %d", rc);
}

static int drop_unprivileged_child(void)
{
	uid_t u = getuid();

	/* Not root: a no-op that succeeds, leaving us as we were. */
	if (nea_sandbox_drop_user(65534, 65534, (gid_t)-1) != 0)
		return 1;
	return getuid() == u ? 0 : 2;
}

Test(sandbox, drop_user_without_root_is_a_no_op)
{
	if (geteuid() == 0)
		cr_skip_test("only meaningful without root");
	cr_assert_eq(run_child(drop_unprivileged_child), 0);
}

Test(sandbox, lookup_user)
{
	uid_t uid;
	gid_t gid;

	cr_assert_eq(nea_sandbox_lookup_user("root", &uid, &gid), 0);
	cr_assert_eq(uid, 0);
	cr_assert_eq(gid, 0);
	cr_assert_lt(nea_sandbox_lookup_user("no-such-user-nea-test", &uid, &gid), 0);
	cr_assert_eq(nea_sandbox_lookup_group("root", &gid), 0);
	cr_assert_lt(nea_sandbox_lookup_group("no-such-group-nea-test", &gid), 0);
}

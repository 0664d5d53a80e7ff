/*
 * Starting and reaping the one-shot IMC host for the client broker:
 * `nea-imcd --broker-fd 3 --config FILE` on one end of a socketpair
 * (imc-host/imcd_main.c). The child keeps only stdio and fd 3.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_log.h"
#include "tnccs_client.h"

/* nea-imcd next to our own executable (build/bin, or sbin when installed
 * next to the CLI), else NULL: PATH decides. */
static const char *sibling_imcd(char *buf, size_t size)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	if ((size_t)snprintf(buf, size, "%s/nea-imcd", self) >= size)
		return NULL;
	if (access(buf, X_OK) == 0)
		return buf;
	/* the CLI lives in bin/, the daemons in sbin/ when installed */
	slash = strrchr(self, '/');
	if (slash && strcmp(slash, "/bin") == 0) {
		*slash = '\0';
		if ((size_t)snprintf(buf, size, "%s/sbin/nea-imcd", self) < size &&
		    access(buf, X_OK) == 0)
			return buf;
	}
	return NULL;
}

static void close_from(int lowfd)
{
#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned)lowfd, ~0u, 0u) == 0)
		return;
#endif
	for (int fd = lowfd; fd < 4096; fd++)
		close(fd);
}

int tnccs_client_spawn_imcd(const char *imcd_path, const char *config, const char *debug,
			    pid_t *pid, int *fd)
{
	char found[PATH_MAX];
	const char *path = imcd_path;
	const char *argv[9];
	int sv[2], n = 0;
	pid_t child;

	*pid = -1;
	*fd = -1;
	if (!path)
		path = sibling_imcd(found, sizeof(found));
	if (!path)
		path = "nea-imcd";
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		NLOG(TNC, 0, "socketpair for the IMC host failed: %s", strerror(errno));
		return NEA_EIO;
	}
	/* everything the child needs is prepared before fork */
	argv[n++] = path;
	argv[n++] = "--broker-fd";
	argv[n++] = "3";
	if (config) {
		argv[n++] = "--config";
		argv[n++] = config;
	}
	if (debug) {
		argv[n++] = "--debug";
		argv[n++] = debug;
	}
	argv[n] = NULL;
	child = fork();
	if (child < 0) {
		NLOG(TNC, 0, "cannot start %s: %s", path, strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return NEA_EIO;
	}
	if (child == 0) {
		/* only async-signal-safe calls from here on */
		if (sv[1] != 3 && dup2(sv[1], 3) < 0)
			_exit(127);
		if (fcntl(3, F_SETFD, 0) < 0)
			_exit(127);
		close_from(4);
		if (strchr(path, '/'))
			execv(path, (char *const *)argv);
		else
			execvp(path, (char *const *)argv);
		_exit(127);
	}
	close(sv[1]);
	*pid = child;
	*fd = sv[0];
	NLOG(TNC, 2, "started IMC host %s (pid %d)%s%s", path, (int)child, config ? " with " : "",
	     config ? config : "");
	return 0;
}

int tnccs_client_reap_imcd(pid_t pid, unsigned timeout_ms)
{
	static const int sigs[] = { 0, SIGTERM, SIGKILL };
	int status;

	if (pid <= 0)
		return NEA_EINVAL;
	for (size_t s = 0; s < sizeof(sigs) / sizeof(sigs[0]); s++) {
		long long waited = 0;

		if (sigs[s]) {
			NLOG(TNC, 1, "IMC host pid %d did not exit; sending signal %d", (int)pid,
			     sigs[s]);
			kill(pid, sigs[s]);
		}
		for (;;) {
			struct timespec ts = { 0, 10 * 1000 * 1000 };
			pid_t r = waitpid(pid, &status, WNOHANG);

			if (r == pid)
				return status;
			if (r < 0 && errno != EINTR)
				return NEA_EIO;
			if (sigs[s] == SIGKILL) {
				if (waitpid(pid, &status, 0) == pid)
					return status;
				return NEA_EIO;
			}
			if (waited >= timeout_ms)
				break;
			nanosleep(&ts, NULL);
			waited += 10;
		}
	}
	return NEA_EIO;
}

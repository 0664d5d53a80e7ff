/*
 * nea-imcd: the common skeleton plus the IMC host service. The one option
 * the skeleton does not know, --broker-fd N (or NEA_IMC_BROKER_FD), is taken
 * out of argv here and switches to one-shot mode (imcd_service.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imcd_service.h"

static int parse_fd(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > INT_MAX)
		return -1;
	return (int)v;
}

int main(int argc, char **argv)
{
	nea_service_t svc = imcd_service;
	const char *env = getenv(IMCD_BROKER_FD_ENV);
	const char *val = NULL;
	int fd = -1, out = 1;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--broker-fd") == 0 && i + 1 < argc) {
			val = argv[++i];
		} else if (strncmp(argv[i], "--broker-fd=", 12) == 0) {
			val = argv[i] + 12;
		} else {
			argv[out++] = argv[i];
		}
	}
	argv[out] = NULL;
	argc = out;
	if (!val && env && *env)
		val = env;
	if (val) {
		fd = parse_fd(val);
		if (fd < 0) {
			fprintf(stderr, "nea-imcd: --broker-fd %s is not a descriptor number\n", val);
			return 2;
		}
		/* Children (none today) must not think they own the socket too. */
		unsetenv(IMCD_BROKER_FD_ENV);
		imcd_service_set_broker_fd(fd);
		svc.no_rundir = true;
	}
	return nea_daemon_main(argc, argv, &svc);
}

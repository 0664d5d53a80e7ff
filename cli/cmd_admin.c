/* Forwarding an operator command to nea-policyd (see cmd_admin.h). */
#include "cmd_admin.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nea.pb-c.h"
#include "nea_conf.h"
#include "nea_err.h"
#include "nea_ipc.h"

#define DEFAULT_CONFIG "/etc/nea/nea.conf"
#define DEFAULT_RUNDIR "/run/nea"
/* Admin commands walk the whole database (sessions, devices); a big one
 * takes a while on a loaded box. */
#define ADMIN_TIMEOUT_MS 120000

typedef struct {
	const char *rundir;
	const char *config;
	bool utc;
	bool help;
	char **words;        /* forwarded: command name first */
	size_t n;
} admin_args_t;

/* "--name VALUE" or "--name=VALUE": 1 taken (i advanced), 0 not this
 * option, -1 value missing. */
static int take_value(int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t len = strlen(name);

	if (strncmp(argv[*i], name, len) != 0)
		return 0;
	if (argv[*i][len] == '=') {
		*value = argv[*i] + len + 1;
		return 1;
	}
	if (argv[*i][len] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

static int parse(int argc, char **argv, admin_args_t *a)
{
	bool rest = false;

	a->words = calloc((size_t)argc + 1, sizeof(*a->words));
	if (!a->words) {
		fprintf(stderr, "nea %s: out of memory\n", argv[0]);
		return 1;
	}
	a->words[a->n++] = argv[0];
	for (int i = 1; i < argc; i++) {
		int rc;

		if (!rest) {
			if (strcmp(argv[i], "--") == 0) {
				/* pdb_admin understands "--" too: names that start with dashes */
				rest = true;
				a->words[a->n++] = argv[i];
				continue;
			}
			if (strcmp(argv[i], "--utc") == 0) {
				a->utc = true;
				continue;
			}
			if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
				a->help = true;
				continue;
			}
			rc = take_value(argc, argv, &i, "--rundir", &a->rundir);
			if (rc == 0)
				rc = take_value(argc, argv, &i, "--config", &a->config);
			if (rc < 0) {
				fprintf(stderr, "nea %s: option '%s' needs a value\n", argv[0], argv[i]);
				return 2;
			}
			if (rc > 0)
				continue;
		}
		a->words[a->n++] = argv[i];
	}
	return 0;
}

/* Run directory and frame limit from --rundir / --config. */
static int locate(const admin_args_t *a, const char *cmd, char *rundir, size_t len,
		  size_t *max_frame)
{
	const char *config = a->config ? a->config : DEFAULT_CONFIG;
	nea_conf_t *c = NULL;
	char err[512] = "";
	long long mf = IPC_MAX_FRAME_DEFAULT;

	*max_frame = IPC_MAX_FRAME_DEFAULT;
	if (a->rundir && !a->config) {
		snprintf(rundir, len, "%s", a->rundir);
		return 0;
	}
	/* no nea.conf at the default place: the default run directory */
	if (!a->config && access(DEFAULT_CONFIG, F_OK) != 0 && errno == ENOENT) {
		snprintf(rundir, len, "%s", DEFAULT_RUNDIR);
		return 0;
	}
	if (nea_conf_load_file(config, &c, err, sizeof(err)) < 0) {
		fprintf(stderr, "nea %s: cannot read %s: %s\n", cmd, config, err);
		return 1;
	}
	snprintf(rundir, len, "%s", a->rundir ? a->rundir : nea_conf_get_str(c, "nea.rundir", DEFAULT_RUNDIR));
	if (nea_conf_get_int(c, "nea.ipc.max_frame", IPC_MAX_FRAME_DEFAULT, &mf) == 0 && mf > 0 &&
	    mf <= (long long)UINT32_MAX)
		*max_frame = (size_t)mf;
	nea_conf_free(c);
	return 0;
}

/* The reason text, first line named after the command; usage lines get
 * the program name strongSwan-style operators type. */
static void print_error(const char *cmd, const char *err)
{
	bool first = true;

	while (err && *err) {
		const char *nl = strchr(err, '\n');
		int len = nl ? (int)(nl - err) : (int)strlen(err);

		if (strncmp(err, "usage: ", 7) == 0)
			fprintf(stderr, "usage: nea %.*s\n", len - 7, err + 7);
		else if (first)
			fprintf(stderr, "nea %s: %.*s\n", cmd, len, err);
		else
			fprintf(stderr, "%.*s\n", len, err);
		first = false;
		err = nl ? nl + 1 : err + len;
	}
}

int cli_admin_forward(int argc, char **argv, const char *usage)
{
	admin_args_t a = { 0 };
	char rundir[PATH_MAX], path[PATH_MAX + 16];
	Nea__Envelope req = NEA__ENVELOPE__INIT, *rep = NULL;
	Nea__AdminRequest ar = NEA__ADMIN_REQUEST__INIT;
	const Nea__AdminReply *reply;
	size_t max_frame;
	int rc, fd, status;

	status = parse(argc, argv, &a);
	if (status)
		goto out;
	if (a.help) {
		printf("usage: %s\n", usage);
		goto out;
	}
	status = locate(&a, argv[0], rundir, sizeof(rundir), &max_frame);
	if (status)
		goto out;
	snprintf(path, sizeof(path), "%s/admin.sock", rundir);
	rc = ipc_sync_connect(path, &fd);
	if (rc < 0) {
		if (rc == NEA_EPERM)
			fprintf(stderr, "nea %s: cannot reach nea-policyd at %s: permission denied "
					"(root, nea-policyd's user and the operator group "
					"nea.policyd.admin_group may use it)\n", argv[0], path);
		else
			fprintf(stderr, "nea %s: cannot reach nea-policyd at %s: is nea-master running?\n",
				argv[0], path);
		status = 1;
		goto out;
	}
	ar.n_argv = a.n;
	ar.argv = a.words;
	ar.has_utc = true;
	ar.utc = a.utc;
	req.body_case = NEA__ENVELOPE__BODY_ADMIN_REQUEST;
	req.admin_request = &ar;
	req.has_req_id = true;
	req.req_id = (uint64_t)getpid();
	rc = ipc_sync_call(fd, &req, NEA__ENVELOPE__BODY_ADMIN_REPLY, max_frame, ADMIN_TIMEOUT_MS, &rep);
	close(fd);
	if (rc < 0) {
		/* a peer that closes at once did not accept us (admin.sock checks the uid) */
		fprintf(stderr, "nea %s: no answer from nea-policyd at %s: %s\n", argv[0], path,
			rc == NEA_ECLOSED ? "connection closed (not permitted? see its log)"
					  : nea_strerror(rc));
		status = 1;
		goto out;
	}
	reply = rep->admin_reply;
	if (reply->output)
		fputs(reply->output, stdout);
	print_error(argv[0], reply->error);
	status = reply->status >= 0 && reply->status <= 125 ? reply->status : 1;
	nea__envelope__free_unpacked(rep, NULL);
out:
	free(a.words);
	fflush(stdout);
	return status;
}

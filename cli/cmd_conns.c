/*
 * nea conns [--rundir DIR | --config FILE] [--raw]: the IKE connections
 * nea-iked has loaded, in the manner of `swanctl --list-conns`, asked over
 * <rundir>/iked.sock (ike.proto). Exit 0, or 1 when nea-iked cannot be
 * asked. cli_ike_list() is shared with `nea sas` (cmd_sas.c).
 */
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nea.pb-c.h"
#include "nea_cli.h"
#include "nea_err.h"
#include "nea_ipc.h"

/* Parse the common options, ask nea-iked; *rep is the unpacked reply.
 * Returns 0, or the exit status to use. */
int cli_ike_list(const char *cmd, int argc, char **argv, bool sas, bool *raw,
		 Nea__Envelope **rep);

int cli_ike_list(const char *cmd, int argc, char **argv, bool sas, bool *raw, Nea__Envelope **rep)
{
	static const struct option opts[] = {
		{ "rundir", required_argument, NULL, 'r' },
		{ "config", required_argument, NULL, 'c' },
		{ "raw", no_argument, NULL, 'R' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *rundir = NULL, *config = NULL;
	char dir[PATH_MAX], path[PATH_MAX + 16];
	Nea__Envelope req = NEA__ENVELOPE__INIT;
	Nea__IkeListRequest lr = NEA__IKE_LIST_REQUEST__INIT;
	int c, fd, rc;

	*raw = false;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': rundir = optarg; break;
		case 'c': config = optarg; break;
		case 'R': *raw = true; break;
		case 'h':
			printf("usage: nea %s [--rundir DIR | --config FILE] [--raw]\n", cmd);
			return -1;
		default: return 2;
		}
	}
	if (optind < argc || cli_rundir(rundir, config, dir, sizeof(dir)) != 0)
		return optind < argc ? 2 : 1;
	snprintf(path, sizeof(path), "%s/iked.sock", dir);
	rc = ipc_sync_connect(path, &fd);
	if (rc < 0) {
		fprintf(stderr, "nea %s: cannot reach nea-iked at %s: %s\n", cmd, path,
			rc == NEA_EPERM ? "permission denied" : "not running");
		return 1;
	}
	lr.has_sas = true;
	lr.sas = sas;
	req.body_case = NEA__ENVELOPE__BODY_IKE_LIST_REQUEST;
	req.ike_list_request = &lr;
	rc = ipc_sync_call(fd, &req, NEA__ENVELOPE__BODY_IKE_LIST_REPLY, 0, 10000, rep);
	close(fd);
	if (rc < 0) {
		fprintf(stderr, "nea %s: no answer from nea-iked: %s\n", cmd, nea_strerror(rc));
		return 1;
	}
	return 0;
}

static void print_list(const char *label, char **v, size_t n, const char *none)
{
	printf("%s", label);
	if (!n)
		printf("%s", none);
	for (size_t i = 0; i < n; i++)
		printf("%s%s", i ? ", " : "", v[i]);
	printf("\n");
}

static void print_conn(const Nea__IkeConn *c)
{
	printf("%s: IKEv2\n", c->name);
	print_list("  local:  ", c->local_addrs, c->n_local_addrs, "%any");
	print_list("  remote: ", c->remote_addrs, c->n_remote_addrs, "%any");
	print_list("  proposals: ", c->proposals, c->n_proposals, "default");
	if (c->n_pools)
		print_list("  pools: ", c->pools, c->n_pools, "");
	printf("  local %s authentication:\n    id: %s\n", c->local_auth, c->local_id);
	printf("  remote %s authentication:\n    id: %s\n", c->remote_auth, c->remote_id);
	if (c->remote_eap_id)
		printf("    eap_id: %s\n", c->remote_eap_id);
	for (size_t i = 0; i < c->n_children; i++) {
		const Nea__IkeChildConn *ch = c->children[i];

		printf("  %s: %s\n", ch->name, ch->mode ? ch->mode : "TUNNEL");
		print_list("    local:  ", ch->local_ts, ch->n_local_ts, "dynamic");
		print_list("    remote: ", ch->remote_ts, ch->n_remote_ts, "dynamic");
		print_list("    esp_proposals: ", ch->esp_proposals, ch->n_esp_proposals,
			   "default");
	}
}

static void print_raw(const Nea__IkeConn *c)
{
	printf("conn=%s local_auth=%s local_id=%s remote_auth=%s remote_id=%s children=%zu",
	       c->name, c->local_auth, c->local_id, c->remote_auth, c->remote_id, c->n_children);
	for (size_t i = 0; i < c->n_pools; i++)
		printf(" pool=%s", c->pools[i]);
	printf("\n");
}

static int conns_run(int argc, char **argv)
{
	Nea__Envelope *rep = NULL;
	bool raw;
	int rc = cli_ike_list("conns", argc, argv, false, &raw, &rep);

	if (rc)
		return rc < 0 ? 0 : rc;
	for (size_t i = 0; i < rep->ike_list_reply->n_conns; i++) {
		if (raw)
			print_raw(rep->ike_list_reply->conns[i]);
		else
			print_conn(rep->ike_list_reply->conns[i]);
	}
	if (!raw && !rep->ike_list_reply->n_conns)
		printf("no connections loaded\n");
	nea__envelope__free_unpacked(rep, NULL);
	return 0;
}

const nea_cmd_t nea_cmd_conns = {
	.name = "conns",
	.summary = "list nea-iked's loaded IKE connections (as swanctl --list-conns)",
	.usage = "nea conns [--rundir DIR | --config FILE] [--raw]",
	.run = conns_run,
};

/*
 * nea sas [--rundir DIR | --config FILE] [--raw]: nea-iked's IKE_SAs and
 * their CHILD_SAs, in the manner of `swanctl --list-sas`, asked over
 * <rundir>/iked.sock. Exit 0, or 1 when nea-iked cannot be asked.
 */
#include <stdbool.h>
#include <stdio.h>

#include "nea.pb-c.h"
#include "nea_cli.h"

/* cmd_conns.c */
int cli_ike_list(const char *cmd, int argc, char **argv, bool sas, bool *raw,
		 Nea__Envelope **rep);

static void print_sa(const Nea__IkeSa *s)
{
	printf("%s: #%u, %s, IKEv2, %s_i%s %s_r%s\n", s->conn, s->unique, s->state, s->spi_i,
	       s->has_initiator && s->initiator ? "*" : "", s->spi_r,
	       s->has_initiator && !s->initiator ? "*" : "");
	printf("  local  '%s' @ %s\n", s->local_id ? s->local_id : "", s->local);
	printf("  remote '%s' @ %s", s->remote_id ? s->remote_id : "", s->remote);
	if (s->eap_identity && *s->eap_identity)
		printf(" EAP: '%s'", s->eap_identity);
	for (size_t i = 0; i < s->n_vips; i++)
		printf(" [%s]", s->vips[i]);
	printf("\n");
	if (s->proposal && *s->proposal)
		printf("  %s\n", s->proposal);
	if (s->has_established_s)
		printf("  established %llus ago\n", (unsigned long long)s->established_s);
	if (s->has_tnc_conn)
		printf("  TNC connection %llu with nea-brokerd open\n",
		       (unsigned long long)s->tnc_conn);
	for (size_t i = 0; i < s->n_children; i++) {
		const Nea__IkeChildSa *c = s->children[i];

		printf("  %s: #%u, %s, %s\n", c->name, c->unique,
		       c->has_installed && c->installed ? "INSTALLED" : "NOT INSTALLED (nea.ike.kernel = no)",
		       c->proposal ? c->proposal : "");
		if (c->has_established_s)
			printf("    established %llus ago\n", (unsigned long long)c->established_s);
		printf("    in  %08x, out %08x\n", c->spi_in, c->spi_out);
		for (size_t k = 0; k < c->n_local_ts; k++)
			printf("    local  %s\n", c->local_ts[k]);
		for (size_t k = 0; k < c->n_remote_ts; k++)
			printf("    remote %s\n", c->remote_ts[k]);
	}
}

static void print_raw(const Nea__IkeSa *s)
{
	printf("sa=%s unique=%u state=%s local=%s remote=%s remote_id=%s eap_identity=%s "
	       "children=%zu",
	       s->conn, s->unique, s->state, s->local, s->remote, s->remote_id ? s->remote_id : "",
	       s->eap_identity ? s->eap_identity : "", s->n_children);
	for (size_t i = 0; i < s->n_vips; i++)
		printf(" vip=%s", s->vips[i]);
	printf("\n");
	for (size_t i = 0; i < s->n_children; i++)
		printf("child=%s sa=%s unique=%u spi_in=%08x spi_out=%08x installed=%d\n",
		       s->children[i]->name, s->conn, s->children[i]->unique,
		       s->children[i]->spi_in, s->children[i]->spi_out,
		       s->children[i]->has_installed && s->children[i]->installed);
}

static int sas_run(int argc, char **argv)
{
	Nea__Envelope *rep = NULL;
	bool raw;
	int rc = cli_ike_list("sas", argc, argv, true, &raw, &rep);

	if (rc)
		return rc < 0 ? 0 : rc;
	for (size_t i = 0; i < rep->ike_list_reply->n_sas; i++) {
		if (raw)
			print_raw(rep->ike_list_reply->sas[i]);
		else
			print_sa(rep->ike_list_reply->sas[i]);
	}
	if (!raw && !rep->ike_list_reply->n_sas)
		printf("no IKE_SAs\n");
	nea__envelope__free_unpacked(rep, NULL);
	return 0;
}

const nea_cmd_t nea_cmd_sas = {
	.name = "sas",
	.summary = "list nea-iked's IKE_SAs and CHILD_SAs (as swanctl --list-sas)",
	.usage = "nea sas [--rundir DIR | --config FILE] [--raw]",
	.run = sas_run,
};

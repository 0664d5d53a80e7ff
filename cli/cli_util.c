/* Helpers shared by the nea subcommands. */
#include <stdio.h>

#include "nea_cli.h"
#include "nea_conf.h"

int cli_rundir(const char *rundir, const char *config, char *out, size_t len)
{
	nea_conf_t *c = NULL;
	char err[512] = "";

	if (rundir) {
		snprintf(out, len, "%s", rundir);
		return 0;
	}
	if (!config)
		config = "/etc/nea/nea.conf";
	if (nea_conf_load_file(config, &c, err, sizeof(err)) < 0) {
		fprintf(stderr, "nea: cannot read %s: %s\n", config, err);
		return 1;
	}
	snprintf(out, len, "%s", nea_conf_get_str(c, "nea.rundir", "/run/nea"));
	nea_conf_free(c);
	return 0;
}

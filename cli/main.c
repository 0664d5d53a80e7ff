/* nea: the operator tool. Dispatches to a subcommand from commands.c. */
#include <stdio.h>
#include <string.h>

#include "nea_cli.h"
#include "nea_log.h"

int main(int argc, char **argv)
{
	const nea_cmd_t *cmd;

	nea_log_init("nea", false);
	nea_log_set_default(0);
	if (argc < 2) {
		fprintf(stderr, "usage: nea <command> [options]; 'nea help' lists the commands\n");
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		argv[1] = (char *)"help";
	if (strcmp(argv[1], "--version") == 0) {
		printf("nea %s\n", NEA_VERSION);
		return 0;
	}
	cmd = nea_cmd_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "nea: unknown command '%s'; 'nea help' lists the commands\n", argv[1]);
		return 2;
	}
	return cmd->run(argc - 1, argv + 1);
}

/* nea help [COMMAND]: the command list, or one command's usage. */
#include <stdio.h>

#include "nea_cli.h"

static int help_run(int argc, char **argv)
{
	if (argc > 1) {
		const nea_cmd_t *c = nea_cmd_find(argv[1]);

		if (!c) {
			fprintf(stderr, "nea help: unknown command '%s'\n", argv[1]);
			return 2;
		}
		printf("usage: %s\n%s\n", c->usage, c->summary);
		return 0;
	}
	printf("usage: nea <command> [options]\n\ncommands:\n");
	for (size_t i = 0; nea_commands[i]; i++)
		printf("  %-16s %s\n", nea_commands[i]->name, nea_commands[i]->summary);
	printf("\n'nea help <command>' shows a command's options.\n");
	return 0;
}

const nea_cmd_t nea_cmd_help = {
	.name = "help",
	.summary = "list the commands, or show one command's usage",
	.usage = "nea help [COMMAND]",
	.run = help_run,
};

/*
 * The nea operator tool: one file per subcommand (cmd_<name>.c defining
 * `const nea_cmd_t nea_cmd_<name>`), registered by one line in commands.c.
 *
 * Contract: run() gets argv with argv[0] = the command name and returns the
 * process exit status: 0 success, 1 failure, 2 usage error; commands may
 * document more (nea status: 3 = not every daemon healthy).
 */
#ifndef NEA_CLI_H
#define NEA_CLI_H

#include <stddef.h>

typedef struct {
	const char *name;
	const char *summary;   /* one line for `nea help` */
	const char *usage;     /* full usage for `nea help <cmd>` */
	int (*run)(int argc, char **argv);
} nea_cmd_t;

/* NULL-terminated, in registration order (commands.c). */
extern const nea_cmd_t *const nea_commands[];

const nea_cmd_t *nea_cmd_find(const char *name);

/* Run directory from --rundir DIR, else nea.rundir of --config FILE (default
 * /etc/nea/nea.conf). 0 or 1 (message printed). */
int cli_rundir(const char *rundir, const char *config, char *out, size_t len);

#endif

/*
 * The subcommand table. To add a command: write cmd_<name>.c defining
 * `const nea_cmd_t nea_cmd_<name>` and add one X(<name>) line below.
 */
#include <string.h>

#include "nea_cli.h"

#define NEA_COMMANDS(X) \
	X(help)         \
	X(status)       \
	X(dump)         \
	X(sessions)     \
	X(devices)      \
	X(device)       \
	X(groups)       \
	X(group)        \
	X(policies)     \
	X(policy)       \
	X(enforcements) \
	X(enforcement)  \
	X(products)     \
	X(product)      \
	X(packages)     \
	X(package)      \
	X(versions)     \
	X(version)      \
	X(results)      \
	X(pt_tls_client) \
	X(conns)        \
	X(sas)
#define DECLARE(n) extern const nea_cmd_t nea_cmd_##n;
#define REFERENCE(n) &nea_cmd_##n,

NEA_COMMANDS(DECLARE)

const nea_cmd_t *const nea_commands[] = { NEA_COMMANDS(REFERENCE) NULL };

const nea_cmd_t *nea_cmd_find(const char *name)
{
	for (size_t i = 0; nea_commands[i]; i++)
		if (strcmp(nea_commands[i]->name, name) == 0)
			return nea_commands[i];
	return NULL;
}

/*
 * The IMCs built into nea-imcd, by the name tnc_config gives them.
 */
#include <string.h>

#include "imc_module.h"

const imc_module_ops_t *imc_module_find(const char *name)
{
	static const imc_module_ops_t *const builtin[] = { &imc_os_module, &imc_scanner_module };

	for (size_t i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++)
		if (strcmp(builtin[i]->name, name) == 0)
			return builtin[i];
	return NULL;
}

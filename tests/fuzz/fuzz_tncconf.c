/*
 * libFuzzer target: arbitrary bytes as a tnc_config file. Accept or reject
 * without crashing or leaking; every accepted entry has a non-empty name
 * and path and a line inside the input.
 */
#include <stdint.h>
#include <string.h>

#include "nea_tncconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nea_tncconf_t *t = NULL;
	char err[256];

	if (nea_tncconf_load_buffer((const char *)data, size, "tnc_config", &t, err, sizeof(err)) != 0)
		return 0;
	for (size_t i = 0; i < t->count; i++) {
		const nea_tnc_entry_t *e = &t->entries[i];

		if (!e->name[0] || !e->path[0] || e->line == 0 || e->line > size ||
		    nea_tncconf_find(t, e->kind, e->name) != e)
			__builtin_trap();
	}
	nea_tncconf_free(t);
	return 0;
}

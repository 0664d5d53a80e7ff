/* The IMVs built into nea-imvd, by their tnc_config names. */
#include "imv_module.h"

#include <string.h>

static const imv_class_t *const classes[] = {
	&imv_os_class,
	&imv_scanner_class,
};

const imv_class_t *imv_class_find(const char *name)
{
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		if (strcmp(classes[i]->name, name) == 0)
			return classes[i];
	}
	return NULL;
}

/*
 * imvd_modules: which measurement modules this IMV host runs, from the
 * tnc_config file named by nea.tnc_config (read by lib/util/nea_tncconf;
 * modules are built in and chosen by name).
 *
 * Contract: an unreadable or malformed file is an error (the daemon must
 * not run with a module list the operator did not write); IDs are assigned
 * 1..n in file order, as strongSwan's TNC server does.
 */
#ifndef NEA_IMVD_MODULES_H
#define NEA_IMVD_MODULES_H

#include <stddef.h>
#include <stdint.h>

#define IMVD_MAX_MODULES 16

typedef struct {
	uint32_t id;
	char name[32];
} imvd_module_t;

typedef struct {
	imvd_module_t mods[IMVD_MAX_MODULES];
	size_t n;
} imvd_modules_t;

/* kind: "IMV" or "IMC". 0, or a NEA_E* code (NEA_ENOTFOUND, NEA_ECONFIG,
 * ...) with err filled. */
int imvd_modules_load(const char *path, const char *kind, imvd_modules_t *out, char *err,
		      size_t errlen);

#endif

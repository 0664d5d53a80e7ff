/*
 * tnccs_registry: the modules (IMVs on the server, IMCs on the client) a
 * measurement host registered, and which PA message types each takes.
 *
 * Contract: tnccs_registry_set() replaces the whole list from a
 * ModuleRegister after checking it (1..TNCCS_MAX_MODULES modules, IDs
 * 1..0xfffe and unique, non-empty printable names, vendor <= 0xffffff,
 * at most TNCCS_MAX_SUBS subscriptions per module); a bad registration
 * leaves the registry detached and says why. Every accepted registration
 * gets a new generation number, so a connection can tell whether the host
 * it started with is still the one attached. Detaching keeps the module
 * list (new connections can still name the modules that failed) but
 * routes nothing.
 *
 * Routing follows strongSwan's imv/imc managers: a module takes a message
 * when one of its subscriptions matches (vendor 0xffffff = any vendor,
 * subtype 0xff or 0xffffffff = any subtype) and, for an exclusive
 * message, when it is the addressed module.
 */
#ifndef TNCCS_REGISTRY_H
#define TNCCS_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "module.pb-c.h"

#define TNCCS_MAX_MODULES 64
#define TNCCS_MAX_SUBS 64
#define TNCCS_MAX_NAME 64
#define TNCCS_VENDOR_ANY 0xffffffu
#define TNCCS_SUBTYPE_ANY 0xffu
#define TNCCS_SUBTYPE_ANY_LONG 0xffffffffu

typedef struct {
	uint32_t vendor, subtype;
} tnccs_sub_t;

typedef struct {
	uint32_t id;
	char name[TNCCS_MAX_NAME + 1];
	tnccs_sub_t subs[TNCCS_MAX_SUBS];
	size_t n_subs;
} tnccs_module_t;

typedef struct {
	const char *kind;    /* "IMV" or "IMC", for log lines */
	tnccs_module_t *mods;
	size_t n;
	bool attached;
	uint64_t generation;
} tnccs_registry_t;

void tnccs_registry_init(tnccs_registry_t *r, const char *kind);
void tnccs_registry_free(tnccs_registry_t *r);
/* 0, or NEA_EINVAL / NEA_ENOMEM with *why set (registry detached then). */
int tnccs_registry_set(tnccs_registry_t *r, const Nea__ModuleRegister *reg, const char **why);
void tnccs_registry_detach(tnccs_registry_t *r);
const tnccs_module_t *tnccs_registry_find(const tnccs_registry_t *r, uint32_t id);
bool tnccs_module_takes(const tnccs_module_t *m, uint32_t vendor, uint32_t subtype);
/* Would any module receive this message? (false when detached) */
bool tnccs_registry_routes(const tnccs_registry_t *r, uint32_t vendor, uint32_t subtype,
			   bool excl, uint32_t dst);
/* Log what each module supports, in strongSwan's words. */
void tnccs_registry_log(const tnccs_registry_t *r, const char *by);

#endif

#include "tnccs_registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nea_err.h"
#include "nea_log.h"
#include "tnc_names.h"

void tnccs_registry_init(tnccs_registry_t *r, const char *kind)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
}

void tnccs_registry_free(tnccs_registry_t *r)
{
	free(r->mods);
	r->mods = NULL;
	r->n = 0;
	r->attached = false;
}

static bool printable(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > TNCCS_MAX_NAME)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s == 0x7f)
			return false;
	return true;
}

int tnccs_registry_set(tnccs_registry_t *r, const Nea__ModuleRegister *reg, const char **why)
{
	tnccs_module_t *mods;
	size_t i, j;

	r->attached = false;
	if (reg->n_modules > TNCCS_MAX_MODULES) {
		*why = "too many modules";
		return NEA_EINVAL;
	}
	mods = calloc(reg->n_modules ? reg->n_modules : 1, sizeof(*mods));
	if (!mods) {
		*why = "out of memory";
		return NEA_ENOMEM;
	}
	for (i = 0; i < reg->n_modules; i++) {
		const Nea__Module *m = reg->modules[i];

		if (m->id == 0 || m->id >= 0xffff) {
			*why = "module ID outside 1..65534";
			goto bad;
		}
		for (j = 0; j < i; j++)
			if (mods[j].id == m->id) {
				*why = "module ID registered twice";
				goto bad;
			}
		if (!m->name || !printable(m->name)) {
			*why = "module name empty, too long or not printable";
			goto bad;
		}
		if (m->n_subscriptions > TNCCS_MAX_SUBS) {
			*why = "too many subscriptions";
			goto bad;
		}
		mods[i].id = m->id;
		snprintf(mods[i].name, sizeof(mods[i].name), "%s", m->name);
		for (j = 0; j < m->n_subscriptions; j++) {
			if (m->subscriptions[j]->vendor > 0xffffff) {
				*why = "subscription vendor exceeds 24 bits";
				goto bad;
			}
			mods[i].subs[j].vendor = m->subscriptions[j]->vendor;
			mods[i].subs[j].subtype = m->subscriptions[j]->subtype;
		}
		mods[i].n_subs = m->n_subscriptions;
	}
	free(r->mods);
	r->mods = mods;
	r->n = reg->n_modules;
	r->attached = true;
	r->generation++;
	return 0;
bad:
	free(mods);
	return NEA_EINVAL;
}

void tnccs_registry_detach(tnccs_registry_t *r)
{
	r->attached = false;
}

const tnccs_module_t *tnccs_registry_find(const tnccs_registry_t *r, uint32_t id)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->mods[i].id == id)
			return &r->mods[i];
	return NULL;
}

bool tnccs_module_takes(const tnccs_module_t *m, uint32_t vendor, uint32_t subtype)
{
	for (size_t i = 0; i < m->n_subs; i++) {
		const tnccs_sub_t *s = &m->subs[i];
		bool any_sub = s->subtype == TNCCS_SUBTYPE_ANY || s->subtype == TNCCS_SUBTYPE_ANY_LONG;

		if (s->vendor == TNCCS_VENDOR_ANY && any_sub)
			return true;
		if (s->vendor == vendor && (any_sub || s->subtype == subtype))
			return true;
	}
	return false;
}

bool tnccs_registry_routes(const tnccs_registry_t *r, uint32_t vendor, uint32_t subtype,
			   bool excl, uint32_t dst)
{
	if (!r->attached)
		return false;
	for (size_t i = 0; i < r->n; i++)
		if (tnccs_module_takes(&r->mods[i], vendor, subtype) && (!excl || r->mods[i].id == dst))
			return true;
	return false;
}

void tnccs_registry_log(const tnccs_registry_t *r, const char *by)
{
	char line[768], name[96];

	for (size_t i = 0; i < r->n; i++) {
		const tnccs_module_t *m = &r->mods[i];
		size_t off;
		int w;

		w = snprintf(line, sizeof(line), "%s %u supports %zu message type%s:", r->kind, m->id,
			     m->n_subs, m->n_subs == 1 ? "" : "s");
		off = w > 0 ? (size_t)w : 0;
		for (size_t j = 0; j < m->n_subs && off < sizeof(line); j++) {
			pa_subtype_str(name, sizeof(name), m->subs[j].vendor, m->subs[j].subtype);
			w = snprintf(line + off, sizeof(line) - off, " '%s' 0x%06x/0x%08x", name,
				     m->subs[j].vendor, m->subs[j].subtype);
			if (w < 0 || (size_t)w >= sizeof(line) - off)
				break;
			off += (size_t)w;
		}
		NLOG(TNC, 1, "%s", line);
		NLOG(TNC, 1, "%s %u \"%s\" registered by %s", r->kind, m->id, m->name, by);
	}
}

/*
 * imv_module: what one IMV is to the IMV host. Every IMV is one file set
 * (imv_os_*.c, imv_scanner_*.c, later imv_swima_*.c, imv_attestation_*.c)
 * exporting one imv_class_t, listed in imv_registry.c under the name
 * tnc_config uses ("OS", "Scanner", ...).
 *
 * Contract (the IF-IMV calls of strongSwan's imv_agent_if, made
 * asynchronous where they need the policy manager):
 *  - create/destroy/reset: per connection; create allocates st->priv (the
 *    host zeroes nothing beyond the common imv_state_t); reset is a new
 *    handshake on the same connection (CRETRY/SRETRY), the common fields
 *    (recommendation, evaluation, contracts) are reset by the host.
 *  - receive: one PA message the broker delivered to this IMV, already
 *    decoded and stripped of segmentation traffic (imv_agent.h). Replies go
 *    into `reply` (addressed to the sending IMC); what is left in it when
 *    receive returns is sent with EXCL set.
 *  - batch_ending: the received batch is over; add this IMV's messages.
 *    Returns IMV_DONE, or IMV_WAIT after starting a policy request: the
 *    host calls batch_ending again once every request of the connection
 *    has been answered, so implementations are state machines.
 *  - solicit: the broker wants a recommendation now (NULL: provide the
 *    current one).
 *  - reason / remediation: texts for the current outcome in the client's
 *    preferred language (imv_state_langs); false when there are none.
 *    remediation returns a malloc'd text and says whether it is XML.
 * Negative NEA_E* returns are logged by the host and treated as done.
 */
#ifndef NEA_IMV_MODULE_H
#define NEA_IMV_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"

typedef struct imv_state imv_state_t;
typedef struct imv_in imv_in_t;
typedef struct imv_out imv_out_t;

enum {
	IMV_DONE = 0,
	IMV_WAIT = 1,
};

typedef struct {
	uint32_t vendor;  /* PA message vendor (PEN) */
	uint32_t subtype; /* PA subtype */
} imv_sub_t;

typedef struct imv_class {
	const char *name;      /* tnc_config name: "OS" */
	const char *conf_name; /* strongSwan plugin name for settings: "imv-os" */
	const imv_sub_t *subs;
	size_t n_subs;
	int (*create)(imv_state_t *st);
	void (*destroy)(imv_state_t *st);
	void (*reset)(imv_state_t *st);
	int (*receive)(imv_state_t *st, imv_in_t *in, imv_out_t *reply);
	int (*batch_ending)(imv_state_t *st);
	int (*solicit)(imv_state_t *st);
	bool (*reason)(imv_state_t *st, nea_wr_t *out, const char **lang);
	bool (*remediation)(imv_state_t *st, char **text, size_t *len, const char **lang);
} imv_class_t;

/* The built-in IMV called `name` (exact match), NULL if nea has none. */
const imv_class_t *imv_class_find(const char *name);

extern const imv_class_t imv_os_class;
extern const imv_class_t imv_scanner_class;

#endif

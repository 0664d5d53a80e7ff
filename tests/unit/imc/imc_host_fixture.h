/*
 * A fake client broker for the IMC host state machine (imc_host.h): the
 * envelopes the host sends are recorded in order; helpers build the
 * envelopes a broker sends. The host runs on the fixture root
 * (fixtures/debian12), IMC IDs 1 "OS" and 2 "Scanner", PA-TNC message IDs
 * from a list, the clock at the captured "8755 s" after boot.
 */
#ifndef IMC_HOST_FIXTURE_H
#define IMC_HOST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "imc_host.h"

typedef struct {
	int body_case;
	uint64_t conn_id;
	/* PaMessage */
	uint32_t vendor, subtype, src, dst;
	bool excl;
	uint8_t *body;
	size_t len;
	/* ModuleRegister */
	size_t nmods;
	uint32_t mod_id[4], mod_vendor[4], mod_subtype[4];
	char mod_name[4][16];
} ih_sent_t;

typedef struct {
	imc_host_t *host;
	imc_peer_t *peer;
	ih_sent_t sent[64];
	size_t nsent;
	uint32_t ids[64];
	size_t nids, next_id;
} ih_t;

/* tnc_config text (NULL: OS and Scanner), optional settings tweak. */
void ih_setup(ih_t *ih, const char *tnc, void (*tweak)(imc_settings_t *set));
void ih_teardown(ih_t *ih);
void ih_clear(ih_t *ih);
void ih_msg_ids(ih_t *ih, const uint32_t *ids, size_t n);

void ih_state(ih_t *ih, uint64_t conn, int state, uint32_t max_msg_size);
void ih_pa(ih_t *ih, uint64_t conn, uint32_t subtype, uint32_t src, uint32_t dst, bool excl,
	   const uint8_t *body, size_t len);
void ih_batch_ending(ih_t *ih, uint64_t conn);

#endif

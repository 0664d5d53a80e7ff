/*
 * eap_method_int: what the method implementations (eap_identity_method.c,
 * eap_md5.c, eap_mschapv2.c) share; not for callers.
 *
 * Contract: eap_method.c checks the envelope of every incoming packet
 * (well-formed EAP, a Response with the identifier of our last Request on
 * the server, a Request of our type on the peer) and handles the peer's
 * EAP-Success/Failure from the peer_done flag, so a method's process()
 * only ever sees a parsed packet of its own type in the right direction.
 */
#ifndef EAP_METHOD_INT_H
#define EAP_METHOD_INT_H

#include <stdbool.h>

#include "eap_method.h"
#include "eap_pkt.h"

typedef struct {
	const char *name;
	/* server: write the first Request with identifier m->id */
	int (*start)(eap_method_t *m, nea_wr_t *out);
	int (*process)(eap_method_t *m, const eap_pkt_t *in, nea_wr_t *out, nea_perr_t *err);
	/* wipe and free the method's own state (not the common part) */
	void (*destroy)(eap_method_t *m);
	/* optional: continue after EAP_M_PENDING (eap_method_resume) */
	int (*resume)(eap_method_t *m, nea_wr_t *out);
	/* optional: the whole packet as received, for methods that parse
	 * their own header (EAP-TTLS, PT-EAP, EAP-TNC); given with in */
	int (*process_raw)(eap_method_t *m, const eap_pkt_t *in, const uint8_t *raw,
			   size_t raw_len, nea_wr_t *out, nea_perr_t *err);
} eap_method_ops_t;

struct eap_method {
	const eap_method_ops_t *ops;
	uint8_t type;
	bool server;
	bool started;
	bool peer_done;  /* peer: final Response sent, Success acceptable */
	bool finished;   /* SUCCESS or FAILURE reported; nothing more */
	bool succeeded;  /* ... and it was SUCCESS: the MSK may be handed out */
	bool pending;    /* EAP_M_PENDING returned; only resume() goes on */
	uint8_t id;      /* server: last Request sent; peer: last Request seen */
	eap_rand_fn rand;
	void *rand_ctx;
	uint8_t msk[EAP_MSK_LEN];
	size_t msk_len;
};

void eap_method_init(eap_method_t *m, const eap_method_ops_t *ops, uint8_t type, bool server);
int eap_method_random(eap_method_t *m, uint8_t *buf, size_t len);

#endif

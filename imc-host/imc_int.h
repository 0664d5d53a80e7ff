/*
 * imc_int: the framework's internal objects, shared by imc_host.c (IMCs,
 * peers, connections), imc_msg.c (sending), imc_recv.c (receiving) and
 * imc_outcome.c (the server's decision). Not for IMC modules, which see
 * imc_module.h only.
 */
#ifndef NEA_IMC_INT_H
#define NEA_IMC_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "imc_host.h"
#include "imc_module.h"
#include "seg_contract.h"

/* Used when CREATE does not say: strongSwan's tnccs-20 default. */
#define IMC_DEFAULT_MAX_MSG_LEN 65490u

typedef struct {
	uint32_t id;
	char *name;
	char *path;
	const imc_module_ops_t *ops;
	void *priv;
} imc_slot_t;

struct imc_host {
	imc_slot_t *slots;
	size_t nslots;
	imc_settings_t set;
	uint32_t (*next_msg_id)(void *arg);
	void *msg_id_arg;
};

typedef struct imc_conn imc_conn_t;

/* A segmentation contract with one IMV (peer_id IMC_ID_ANY: not yet known). */
typedef struct {
	uint32_t peer_id;
	seg_contract_t c;
} imc_contract_t;

struct imc_state {
	imc_conn_t *conn;
	const imc_slot_t *slot;
	Nea__ConnState state;
	imc_contract_t *contracts; /* both directions; c.dir tells */
	size_t ncontracts;
};

struct imc_conn {
	uint64_t id;
	imc_peer_t *peer;
	uint32_t max_msg_len;
	bool has_long, has_excl, has_soh;
	imc_state_t *states; /* one per host slot, same order */
};

struct imc_peer {
	imc_host_t *host;
	char *label;
	imc_send_fn send;
	void *ctx;
	imc_conn_t **conns;
	size_t nconns;
	size_t cap;
};

typedef struct {
	uint8_t *buf; /* the whole encoded attribute, header included */
	size_t len;
	uint8_t flags;
	uint32_t vendor;
	uint32_t type;
} imc_qattr_t;

struct imc_msg {
	imc_state_t *st;
	uint32_t src_id;
	uint32_t dst_id;
	imc_qattr_t *q;
	size_t n;
	size_t cap;
};

/* imc_msg.c */
void imc_msg_init(imc_msg_t *m, imc_state_t *st, uint32_t src_id, uint32_t dst_id);
/* Send the queue as PA-TNC messages (the queue is emptied). excl: a reply. */
int imc_msg_send(imc_msg_t *m, bool excl);
void imc_msg_free(imc_msg_t *m);
int imc_host_send(imc_conn_t *conn, Nea__Envelope *env);

/* imc_recv.c: one PA message delivered to one IMC. */
void imc_recv_deliver(imc_state_t *st, const Nea__PaMessage *pa);

/* Contracts of a state: find or add (NULL on NEA_ENOMEM). */
imc_contract_t *imc_state_contract(imc_state_t *st, seg_dir_t dir, uint32_t peer_id,
				   bool create);
void imc_state_free_contracts(imc_state_t *st);

/* imc_outcome.c */
/* Log an IETF Assessment Result / Remediation Instructions the IMC got. */
void imc_outcome_assessment(const imc_state_t *st, uint32_t target_id, uint32_t imv_id,
			    const imc_attrs_t *attrs);
/* Log what the client broker relays of the server's RESULT batch. */
void imc_outcome_result(uint64_t conn_id, const Nea__AssessmentOutcome *o);

/* "'IETF/Operating System' 0x000000/0x00000001" */
char *imc_pa_type_str(char *buf, size_t len, uint32_t vendor, uint32_t subtype);
/* "'IETF/Product Information' 0x000000/0x00000002" */
char *imc_attr_type_str(char *buf, size_t len, uint32_t vendor, uint32_t type);

#endif

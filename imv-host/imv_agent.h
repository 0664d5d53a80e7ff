/*
 * imv_agent: the services the IMV host offers its IMVs (strongSwan's
 * imv_agent, imv_state, imv_msg and imv_session in one interface):
 * per-connection state, the session shared by the IMVs of a connection
 * (identities, OS and device, workitems from nea-policyd), PA-TNC messages
 * in and out, segmentation contracts, recommendations.
 *
 * Contract:
 *  - Everything runs on the host's thread; an imv_state_t lives from the
 *    connection's CREATE to its DELETE.
 *  - Incoming messages (imv_in_t) have passed patnc_msg_process and the
 *    segmentation layer: attributes are decoded (codec data), reassembled
 *    attributes are appended after the received ones, and fatal_error says
 *    the IMC reported an IETF PA-TNC error about one of our messages.
 *  - Outgoing messages (imv_out_t) collect attributes and are cut into
 *    PA-TNC messages of at most the connection's maximum PA-TNC message
 *    size with random message IDs; an attribute the IMC's segmentation
 *    contract says is too big travels in Segment Envelopes. EXCL is set
 *    only when asked for, the connection supports it and the destination
 *    is one IMC (strongSwan imv_msg rules).
 *  - Workitems belong to the session: an IMV claims the ones it handles
 *    (imv_workitem_claim), finishes each with an evaluation and a result
 *    text (imv_workitem_finish: the recommendation follows PROTOCOLS 8.2,
 *    is merged into the IMV's own, logged and reported to nea-policyd).
 *  - Policy requests are asynchronous: a function that starts one returns
 *    0 and the caller returns IMV_WAIT (batch_ending) or simply continues
 *    (receive); the host processes nothing else of that connection until
 *    every outstanding request is answered, failed or timed out.
 */
#ifndef NEA_IMV_AGENT_H
#define NEA_IMV_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "imv_module.h"
#include "imv_rec.h"
#include "nea.pb-c.h"
#include "patnc_msg.h"
#include "seg_contract.h"

typedef struct imv_conn imv_conn_t;

typedef struct {
	seg_contract_t c;
	uint32_t imc;  /* peer IMC, IMV_ID_ANY for our request before any response */
	bool issuer;   /* true: we requested it (governs what we receive) */
} imv_contract_t;

struct imv_state {
	const imv_class_t *cls;
	imv_conn_t *conn;
	uint32_t imv_id;
	const char *name;
	uint32_t conn_id;
	uint32_t conn_state; /* IMV_CONN_* */
	uint32_t rec;        /* IMV_REC_* */
	uint32_t eval;       /* IMV_EVAL_* */
	imv_contract_t *contracts;
	size_t n_contracts;
	void *priv;          /* the IMV's own per-connection state */
};

/* Printable copy of bytes from the wire for log lines (non-printables '?',
 * cut to buflen - 1). */
void imv_printable(const uint8_t *s, size_t len, char *buf, size_t buflen);

/* ------------------------------------------------------------ connection */

uint32_t imv_state_max_msg_len(const imv_state_t *st); /* 0: no limit known */
/* Max Segment Size derived from the maximum PA-TNC message size. */
uint32_t imv_state_max_seg(const imv_state_t *st);
/* The client's language preference list ("en"), "" if none. */
const char *imv_state_langs(const imv_state_t *st);
/* A strongSwan-style setting of this IMV ("remediation_uri" under
 * libimcv.plugins.<conf_name>, as strongSwan), NULL if unset. */
const char *imv_state_setting(const imv_state_t *st, const char *key);

void imv_state_set_rec(imv_state_t *st, uint32_t rec, uint32_t eval);
void imv_state_update_rec(imv_state_t *st, uint32_t rec, uint32_t eval);
/* Send this IMV's Recommendation (with a reason string unless allow). */
int imv_provide_recommendation(imv_state_t *st);

/* ------------------------------------------------------------ session */

typedef enum {
	IMV_DB_PENDING = 0, /* SessionCreate not answered yet */
	IMV_DB_AVAILABLE,   /* nea-policyd keeps this session */
	IMV_DB_NONE,        /* no policy manager or database: no workitems */
} imv_db_t;

typedef struct {
	uint64_t id;
	uint32_t type; /* PDB workitem types 1..16 */
	char *arg_str; /* never NULL */
	int64_t arg_int;
	uint32_t rec_fail;
	uint32_t rec_noresult;
	uint32_t imv_id; /* IMV_ID_ANY until claimed */
	bool done;
} imv_workitem_t;

enum {
	IMV_WI_PCKGS = 1, IMV_WI_UNSRC = 2, IMV_WI_FWDEN = 3, IMV_WI_PWDEN = 4,
	IMV_WI_TCPOP = 11, IMV_WI_TCPBL = 12, IMV_WI_UDPOP = 13, IMV_WI_UDPBL = 14,
};

const char *imv_workitem_name(uint32_t type); /* "PCKGS"; "UNKWN" for others */

imv_db_t imv_session_db(const imv_state_t *st);
bool imv_session_policy_started(const imv_state_t *st);
/* OS name and version ("Debian", "12 x86_64"); the product is "name version". */
int imv_session_set_os(imv_state_t *st, const uint8_t *name, size_t nlen, const uint8_t *ver,
		       size_t vlen);
const char *imv_session_product(const imv_state_t *st); /* never NULL */
const char *imv_session_os_name(const imv_state_t *st); /* never NULL */
int imv_session_set_device(imv_state_t *st, const uint8_t *id, size_t len);
bool imv_session_has_device(const imv_state_t *st);
/* Ask nea-policyd for the workitems (SessionStart). 0: answer pending. */
int imv_session_start(imv_state_t *st);
/* Policy start without a policy manager: started, no workitems. */
void imv_session_start_without_db(imv_state_t *st);

size_t imv_session_workitems(const imv_state_t *st, imv_workitem_t **items);
void imv_workitem_claim(imv_state_t *st, imv_workitem_t *wi);
/* Record the verdict; returns the recommendation it yields. */
uint32_t imv_workitem_finish(imv_state_t *st, imv_workitem_t *wi, uint32_t eval,
			     const char *result);
/* Workitems st claimed that are not finished. */
size_t imv_session_workitems_left(const imv_state_t *st);

typedef void (*imv_reply_fn)(imv_state_t *st, const Nea__Envelope *reply, int err, void *arg);
/* Send req (any policy.proto request) to nea-policyd; fn runs once with the
 * reply (err 0) or without (err NEA_E*: error reply, link down, timeout). */
int imv_policy_request(imv_state_t *st, Nea__Envelope *req, imv_reply_fn fn, void *arg);

/* ------------------------------------------------------------ messages */

struct imv_in {
	uint32_t src_imc;
	uint32_t dst_imv; /* IMV_ID_ANY unless addressed */
	patnc_rx_t rx;
	seg_attr_t *seg; /* reassembled attributes */
	size_t n_seg;
	size_t cap_seg;
	bool fatal_error;
};

size_t imv_in_count(const imv_in_t *in);
const patnc_attr_t *imv_in_attr(const imv_in_t *in, size_t i);

typedef struct {
	uint8_t flags;
	uint32_t vendor;
	uint32_t type;
	uint8_t *value; /* owned */
	size_t len;
} imv_out_attr_t;

struct imv_out {
	imv_state_t *st;
	uint32_t dst;        /* IMC ID or IMV_ID_ANY */
	uint32_t pa_vendor;  /* PA message type: the IMV's first subscription, */
	uint32_t pa_subtype; /* or the type of the message replied to */
	imv_out_attr_t *attrs;
	size_t n;
	size_t cap;
	int err; /* first error while adding, sticky */
};

void imv_out_init(imv_out_t *o, imv_state_t *st, uint32_t dst);
/* Encode data with the (vendor, type) codec and queue it. */
int imv_out_add(imv_out_t *o, uint8_t flags, uint32_t vendor, uint32_t type, const void *data);
size_t imv_out_count(const imv_out_t *o);
/* Send everything queued (one or more PA messages) and empty o. */
int imv_out_send(imv_out_t *o, bool excl);
/* Drop what is queued, send Assessment Result (+ remediation unless compliant), EXCL. */
int imv_out_send_assessment(imv_out_t *o);
void imv_out_free(imv_out_t *o);

/* Announce our segmentation contract for this IMV's first subscription:
 * logs "IMV 1 requests a segmentation contract ..." and queues the Contract
 * Request (Max Message Size max_msg, Max Segment Size for the connection). */
int imv_contract_request(imv_state_t *st, imv_out_t *out, uint32_t max_msg);

#endif

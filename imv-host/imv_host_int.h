/*
 * imv_host_int: the host's own structures, shared by imv_host*.c,
 * imv_session.c, imv_msg_*.c and imv_state.c. Not for IMVs (they use
 * imv_agent.h).
 *
 * Contract: a connection is freed only by its own pump (imv_host.c) after a
 * DELETE, or by imv_host_broker_down/imv_host_free, which first cancel the
 * connection's outstanding requests so no callback can see it again.
 */
#ifndef NEA_IMV_HOST_INT_H
#define NEA_IMV_HOST_INT_H

#include "imv_agent.h"
#include "imv_host.h"

typedef enum {
	IMV_JOB_STATE = 1, /* ConnStateChange */
	IMV_JOB_PA,        /* PaMessage */
	IMV_JOB_BATCH_END, /* BatchEnding */
	IMV_JOB_SOLICIT,   /* SolicitRecommendation */
} imv_job_kind_t;

typedef struct imv_job {
	imv_job_kind_t kind;
	uint32_t state; /* IMV_JOB_STATE */
	uint32_t pa_vendor, pa_subtype, src, dst;
	bool excl;
	uint8_t *body; /* IMV_JOB_PA, owned */
	size_t len;
	size_t cursor;   /* next step */
	unsigned spins;  /* IMV_WAIT without anything outstanding */
	unsigned delivered; /* IMV_JOB_PA: IMVs that took it */
	struct imv_job *next;
} imv_job_t;

typedef struct {
	uint32_t type, subject, auth;
	uint8_t *value;
	size_t len;
} imv_identity_t;

typedef void (*imv_host_reply_fn)(imv_conn_t *c, const Nea__Envelope *reply, int err, void *arg);

typedef struct {
	uint64_t req_id;
	imv_conn_t *conn;      /* NULL: fire and forget, or the connection is gone */
	uint32_t conn_id;
	imv_state_t *st;       /* module requests */
	imv_reply_fn mod_fn;
	imv_host_reply_fn host_fn;
	void *arg;
	uint64_t deadline;
	int failed;            /* != 0: failed at send time, deliver from the pump */
	const char *what;      /* "SessionStart", for logs */
} imv_req_t;

struct imv_conn {
	imv_host_t *h;
	uint32_t id;
	imv_state_t *st[IMV_HOST_MAX_MODULES];

	/* IF-IMV connection attributes */
	uint32_t max_msg_len;
	bool has_long, has_excl, has_soh;
	char *langs;
	char *ift_proto, *ift_version, *tnccs_proto, *tnccs_version;
	char *peer_addr;
	imv_identity_t *ids;
	size_t n_ids;

	/* session shared by the IMVs */
	imv_db_t db;
	int64_t session_id;
	bool policy_started;
	bool stop_sent;
	char *os_name, *os_version, *product;
	char *device_id;
	bool have_device;
	imv_workitem_t *wis;
	size_t n_wis;

	/* processing */
	imv_job_t *jobs, *jobs_tail;
	size_t n_jobs;
	size_t queued_bytes; /* PA message bodies in jobs */
	unsigned pending; /* requests that block this connection */
	bool running;
	bool dead;
};

typedef struct {
	const imv_class_t *cls;
	uint32_t id;
	char name[64];
} imv_mod_t;

struct imv_host {
	imv_host_io_t io;
	imv_host_opts_t opts;
	imv_mod_t mods[IMV_HOST_MAX_MODULES];
	size_t n_mods;
	uint32_t ids_seen; /* IDs handed out */
	imv_conn_t **conns;
	size_t n_conns, cap_conns;
	imv_req_t *reqs;
	size_t n_reqs, cap_reqs;
	uint64_t next_req;
};

uint64_t imv_host_now(const imv_host_t *h);
/* Advance c's queue; may free c. */
void imv_host_pump(imv_conn_t *c);
/* Expire idle segment reassemblies of every connection. */
void imv_host_tick_conns(imv_host_t *h, uint64_t now);
int imv_host_to_broker(imv_host_t *h, uint32_t conn_id, Nea__Envelope *env);

/* imv_host_policy.c */
int imv_host_request(imv_conn_t *c, Nea__Envelope *req, const char *what,
		     imv_host_reply_fn host_fn, imv_state_t *st, imv_reply_fn mod_fn, void *arg);
/* Fire and forget (WorkitemResult): only a PolicyError comes back. */
void imv_host_notify(imv_conn_t *c, Nea__Envelope *req, const char *what);
/* Deliver failures recorded at send time; returns how many. */
size_t imv_host_deliver_failed(imv_conn_t *c);
void imv_host_cancel_requests(imv_conn_t *c);
bool imv_host_has_failed(const imv_conn_t *c);

/* imv_session.c */
void imv_session_begin(imv_conn_t *c); /* SessionCreate at CREATE */
void imv_session_stop(imv_conn_t *c, uint32_t conn_state);
void imv_session_clear(imv_conn_t *c);

/* imv_msg_in.c: deliver one PA job to one IMV */
int imv_msg_deliver(imv_state_t *st, const imv_job_t *job);
void imv_contracts_free(imv_state_t *st);
void imv_contracts_expire(imv_state_t *st, uint64_t now, uint64_t idle);

/* imv_state.c */
imv_state_t *imv_state_new(imv_conn_t *c, const imv_mod_t *m);
void imv_state_free(imv_state_t *st);
void imv_state_reset(imv_state_t *st);


#endif

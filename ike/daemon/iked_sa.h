/*
 * iked_sa: IKE_SAs and their CHILD_SAs as nea-iked keeps them, the table
 * that finds them and their life cycle.
 *
 * Contract:
 *  - An IKE_SA is found by our own SPI (SPIr as responder, SPIi as
 *    initiator; random, never zero, unique in the table). Responder SAs
 *    are also found by the peer's SPIi and address while half-open, so a
 *    retransmitted IKE_SA_INIT request is answered from the cache instead
 *    of creating a second SA.
 *  - Counts the daemon bounds: all SAs (cfg->max_sas), half-open SAs in
 *    total and per source address (COOKIE and blocking thresholds). The
 *    per-source table holds only addresses with half-open SAs, so it is
 *    bounded by the half-open limit.
 *  - iked_sa_destroy() is the one way an SA ends: it releases the virtual
 *    IPs, removes CHILD_SAs from the kernel, tells the broker about an open
 *    TNC conversation, wipes every key and nonce, and frees the memory from
 *    the timers' close callbacks (libuv), so the SA stays valid for the
 *    rest of the callback that destroyed it (its state is then DEAD and
 *    every handler ignores it).
 *  - Timers: one per SA for retransmissions of our outstanding request,
 *    one for its lifetime limits (half-open timeout, the time allowed for
 *    authentication, DPD).
 */
#ifndef IKED_SA_H
#define IKED_SA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "iked_cfg.h"
#include "iked_eap.h"
#include "iked_id.h"
#include "iked_net.h"
#include "ike_dh.h"
#include "ike_frag.h"
#include "ike_keymat.h"
#include "ike_msg.h"
#include "ike_proposal.h"
#include "ike_sk.h"

#define IKED_MAX_CHILDREN 4
#define IKED_MAX_TS 8

struct iked;

typedef enum {
	IKED_SA_CONNECTING,     /* initiator: IKE_SA_INIT sent */
	IKED_SA_HALF_OPEN,      /* responder: IKE_SA_INIT answered */
	IKED_SA_AUTHENTICATING, /* IKE_AUTH exchanges under way */
	IKED_SA_ESTABLISHED,
	IKED_SA_DELETING,       /* we sent a Delete and wait for the answer */
	IKED_SA_DEAD,           /* destroyed; memory goes with the timers */
} iked_sa_state_t;

/* Requests the initiator side of an SA may have to send. */
enum {
	IKED_Q_DELETE = 0x1,
	IKED_Q_DPD = 0x2,
};

typedef struct {
	uint8_t n;
	ike_ts_t ts[IKED_MAX_TS];
} iked_ts_list_t;

typedef struct iked_tnc_peer iked_tnc_peer_t;

typedef struct iked_child {
	uint32_t unique;
	const iked_child_cfg_t *cfg;
	uint32_t spi_in;   /* ours, host order */
	uint32_t spi_out;  /* the peer's */
	uint32_t reqid;
	ike_selected_t sel;
	iked_ts_list_t ts_local, ts_remote;
	bool tunnel;
	bool encap;
	bool installed;
	bool exch_initiator;  /* we started the exchange that made it: KEYMAT _i is ours */
	uint64_t established;
} iked_child_t;

typedef struct iked_sa {
	struct iked *ik;
	uint32_t unique;
	iked_cfg_t *cfg;            /* reference held */
	const iked_conn_t *conn;    /* into cfg */
	bool initiator;
	iked_sa_state_t state;
	uint8_t spi_i[IKE_SPI_LEN], spi_r[IKE_SPI_LEN];
	iked_addr_t local, remote;
	bool natt;                  /* on the NAT-T port */
	bool nat_here, nat_there;
	bool half_open_counted;
	bool est_counted;

	/* IKE_SA_INIT */
	ike_dh_t *dh;
	uint16_t dh_group;
	uint8_t ni[IKE_NONCE_MAX], nr[IKE_NONCE_MAX];
	size_t ni_len, nr_len;
	uint8_t *init_i, *init_r;   /* the IKE_SA_INIT messages as sent */
	size_t init_i_len, init_r_len;
	uint8_t *cookie;            /* initiator: COOKIE to echo */
	size_t cookie_len;
	unsigned init_retries;      /* initiator: COOKIE / INVALID_KE restarts */
	ike_selected_t ike_sel;
	ike_keys_t keys;
	ike_sk_t sk;
	bool keyed;

	/* peer's announcements */
	bool peer_frag, peer_mobike, peer_eap_only, peer_mult_auth, peer_initial_contact;
	uint8_t hash_algs[32];
	size_t hash_algs_len;

	/* authentication */
	iked_id_t my_id, other_id;
	uint8_t other_reserved[3];
	iked_eap_t eap;
	bool eap_only;              /* we authenticate with EAP only (no AUTH first) */
	bool my_auth_done;          /* our signature/PSK AUTH sent or verified */
	bool other_auth_done;
	bool failed;                /* authentication failed; waits for expiry */
	uint8_t *my_id_body;        /* our ID payload body as AUTH signs it */
	size_t my_id_body_len;
	uint8_t *other_id_body;     /* initiator: IDr body for the MSK AUTH */
	size_t other_id_body_len;
	struct iked_child *pending_child; /* initiator: proposed in IKE_AUTH */
	X509 *peer_cert;            /* initiator: the gateway's certificate */
	ike_msg_t *auth1;           /* responder: first IKE_AUTH request */
	bool want_vip4, want_vip6, want_dns;
	unsigned auth_exchanges;

	/* message IDs, responder side */
	uint32_t r_next_id;
	ike_packet_t *r_resp;
	size_t r_nresp;
	bool r_have_resp;
	uint32_t r_resp_id;
	bool r_busy;                /* a request waits for an asynchronous answer */
	ike_hdr_t r_busy_hdr;

	/* message IDs, initiator side */
	uint32_t i_next_id;
	ike_packet_t *i_req;
	size_t i_nreq;
	bool i_pending;
	uint8_t i_exchange;
	unsigned i_tries;
	unsigned i_queue;
	ike_reasm_t reasm;

	/* CHILD_SAs and virtual IPs */
	iked_child_t *children[IKED_MAX_CHILDREN];
	size_t nchildren;
	iked_addr_t vip4, vip6;
	bool has_vip4, has_vip6;
	bool vip_ours;              /* received from the gateway (not a lease of ours) */

	/* TNC: our connection number with nea-brokerd (0: none) */
	uint64_t tnc_conn;
	bool tnc_ready;             /* the TNC method can make progress */
	struct iked_tnc_peer *tncp; /* initiator: client broker and nea-imcd */
	bool tnc_verdict;           /* a verdict reached the method */

	uv_timer_t rtx_timer;
	uv_timer_t life_timer;
	int open_handles;
	uint64_t created;
	uint64_t established;
	uint64_t last_seen;

	struct iked_sa *next_mine, *next_peer;
	struct iked_sa *prev_all, *next_all;
	bool in_peer_table;
} iked_sa_t;

typedef struct iked_src {
	iked_addr_t ip;
	unsigned half_open;
	struct iked_src *next;
} iked_src_t;

typedef struct {
	iked_sa_t **mine;
	iked_sa_t **peer;
	size_t nbuckets;
	iked_sa_t *all;
	size_t count;
	size_t half_open;
	size_t established;
	iked_src_t **src;
	size_t nsrc_buckets;
} iked_sa_table_t;

int iked_sa_table_init(iked_sa_table_t *t);
void iked_sa_table_free(iked_sa_table_t *t);

/* A new SA in the table with a fresh SPI of ours. */
int iked_sa_create(struct iked *ik, bool initiator, const iked_addr_t *local,
		   const iked_addr_t *remote, const uint8_t *peer_spi_i, iked_sa_t **out);
iked_sa_t *iked_sa_find(struct iked *ik, const uint8_t our_spi[IKE_SPI_LEN]);
/* Responder SA made for this peer's SPIi from this address (retransmitted
 * IKE_SA_INIT). */
iked_sa_t *iked_sa_find_peer(struct iked *ik, const uint8_t spi_i[IKE_SPI_LEN],
			     const iked_addr_t *remote);
void iked_sa_destroy(iked_sa_t *sa, const char *why);
void iked_sa_set_state(iked_sa_t *sa, iked_sa_state_t st);
/* Half-open accounting by source address. */
unsigned iked_sa_half_open_from(struct iked *ik, const iked_addr_t *remote);
/* Name for logs: "tnc[1]" (connection name or "(unnamed)"). */
const char *iked_sa_name(const iked_sa_t *sa, char *buf, size_t len);
const char *iked_sa_state_name(iked_sa_state_t st);

/* Lifetime timer: (re)arm for the current state. */
void iked_sa_arm_life(iked_sa_t *sa);

/* Destroy the SA in ms (a failed SA answering retransmits meanwhile). */
void iked_sa_expire(iked_sa_t *sa, uint64_t ms);

/* Retransmission timer of our outstanding request. */
void iked_sa_start_rtx(iked_sa_t *sa, uint64_t ms);
void iked_sa_stop_rtx(iked_sa_t *sa);

/* Local SPI for a CHILD_SA, unique among ours. */
uint32_t iked_sa_new_child_spi(struct iked *ik);

#endif

/*
 * Test harness for the IMV host: the host runs against an in-memory broker
 * (every envelope it sends is kept, packed and unpacked again so nothing
 * points into the host's stack) and a fake nea-policyd that answers
 * SessionCreate, SessionStart (a configurable workitem list), PackageCheck
 * (a package -> status table), WorkitemResult and SessionStop the way
 * nea-policyd does, and records what it was told. Captured PB-TNC batches
 * are fed through lib/wire's batch parser as the broker would forward them.
 */
#ifndef IMV_HARNESS_H
#define IMV_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "imv_host.h"
#include "nea.pb-c.h"

#define IH_MAX_OUT 4096
#define IH_MAX_WI 16
#define IH_MAX_PKG 16

typedef struct {
	uint32_t type;
	const char *arg;
	uint32_t rec_fail, rec_noresult;
} ih_wi_t;

typedef struct {
	const char *name, *version;
	uint32_t status;
} ih_pkg_t;

typedef struct {
	imv_host_t *h;
	/* what the host sent to the broker / the policy manager, in order */
	Nea__Envelope *to_broker[IH_MAX_OUT];
	size_t n_broker;
	Nea__Envelope *to_policy[IH_MAX_OUT];
	size_t n_policy;
	size_t policy_done; /* requests answered so far */
	/* fake policy manager */
	bool policy_down;      /* every request fails with a PolicyError */
	bool policy_hold;      /* requests wait until ih_policy_release() */
	ih_wi_t wis[IH_MAX_WI];
	size_t n_wis;
	ih_pkg_t pkgs[IH_MAX_PKG];
	size_t n_pkgs;
	size_t packages_checked;
	char *start_device, *start_product;
	uint32_t stop_rec;
	bool stopped;
	uint64_t now;
	uint32_t max_msg; /* PA-TNC limit ih_open announces; 0: PT-TLS's 2097104 */
} ih_t;

/* A host with the IMVs named in mods ("OS", "Scanner", NULL-terminated). */
void ih_init(ih_t *t, const char *const *mods);
void ih_fini(ih_t *t);

/* CREATE (PT-TLS attributes of the capture: 2097104-byte PA-TNC limit,
 * user 'client1' by password, peer 127.0.0.1, language lang) + HANDSHAKE. */
void ih_open(ih_t *t, uint32_t conn, const char *lang);
void ih_state(ih_t *t, uint32_t conn, Nea__ConnState state);
void ih_pa(ih_t *t, uint32_t conn, uint32_t vendor, uint32_t subtype, uint32_t src, uint32_t dst,
	   bool excl, const uint8_t *body, size_t len);
void ih_batch_end(ih_t *t, uint32_t conn);
void ih_solicit(ih_t *t, uint32_t conn);
/* Every PB-PA of a PB-TNC batch (parsed by pbtnc_batch_parse), then a
 * BatchEnding; returns the number of PA messages forwarded. */
size_t ih_feed_batch(ih_t *t, uint32_t conn, const uint8_t *batch, size_t len);
/* Answer every outstanding policy request (repeatedly), unless held. */
void ih_policy_run(ih_t *t);
/* Stop holding and answer what waits. */
void ih_policy_release(ih_t *t);

/* Finds in what the host sent to the broker from index *from on. */
const Nea__PaMessage *ih_next_pa(ih_t *t, size_t *from, uint32_t src_imv);
const Nea__Recommendation *ih_rec(ih_t *t, uint32_t imv);
size_t ih_count_case(ih_t *t, int body_case);
/* The WorkitemResult sent for a workitem type, NULL if none. */
const Nea__WorkitemResult *ih_result(ih_t *t, uint32_t type);

/* Bytes of tests/vectors/<rel> (hex file). Caller frees. */
uint8_t *ih_load(const char *rel, size_t *len);
/* The n-th (0-based) PB-PA body of a captured batch. */
const uint8_t *ih_batch_pa(const uint8_t *batch, size_t len, size_t n, size_t *pa_len,
			   uint32_t *subtype);
/* The attribute value of (vendor, type) inside a PA-TNC message, NULL if absent. */
const uint8_t *ih_attr(const uint8_t *msg, size_t len, uint32_t vendor, uint32_t type,
		       size_t *vlen);
size_t ih_attr_count(const uint8_t *msg, size_t len);

#endif

/* PA-TNC messages as the strongSwan IMCs send them. */
typedef struct {
	const char *name;    /* product name, NULL: no Product Information */
	const char *version; /* NULL: no String Version */
	const char *device;  /* NULL: no Device ID */
	int fwd;             /* -1: no Forwarding Enabled */
	int pwd;             /* -1: no Factory Default Password Enabled */
	bool numeric_and_status; /* Numeric Version and Operational Status */
} ih_os_t;
uint8_t *ih_os_msg(const ih_os_t *os, size_t *len);
/* Port Filter of (blocked, protocol, port) triples. */
typedef struct {
	bool blocked;
	uint8_t proto;
	uint16_t port;
} ih_port_t;
uint8_t *ih_ports_msg(const ih_port_t *p, size_t n, size_t *len);
/* Installed Packages of name/version pairs (NULL-terminated). */
uint8_t *ih_pkgs_msg(const char *const *nv, size_t *len);
/* One attribute of any codec as a whole message. */
uint8_t *ih_one_attr_msg(uint8_t flags, uint32_t vendor, uint32_t type, const void *data,
			 size_t *len);

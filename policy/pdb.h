/*
 * pdb: the policy database (strongSwan's IMV policy database schema, SQLite).
 *
 * Contract:
 *  - nea-policyd is the only process that calls this library; one pdb_t is
 *    used from one thread. Every function returns 0 (or a count) on success
 *    and a negative NEA_E* code on failure; failures are logged under [DB]
 *    with the SQLite message. Multi-statement operations run in one
 *    transaction, so a failure leaves the database as it was.
 *  - pdb_open accepts the libimcv.database URI "sqlite:///abs/path" (or a
 *    bare absolute path). A missing file is created with mode 0640 and
 *    filled from the embedded schema and seed data; the schema version is
 *    kept in PRAGMA user_version. A database made by strongSwan (tables
 *    present, user_version 0) is opened as it is and left untouched: the
 *    core operations need no nea-only table or column, and foreign keys are
 *    enforced only in databases nea created (strongSwan's schema stores 0
 *    for "none" where a key would be).
 *  - The session flow mirrors strongSwan's IMV session manager and
 *    imv_policy_manager: pdb_session_create (TNCCS connection + identities),
 *    pdb_session_start (device/product known: group assignment and
 *    workitems), pdb_workitem_finalize (one per IMV verdict),
 *    pdb_session_stop (results rows, workitems deleted, recommendation).
 *  - Strings returned through out-parameters are malloc'd and belong to the
 *    caller; the *_free functions release the lists.
 *  - Later measurements (SWID tags, file and component hashes) get their own
 *    pdb_<area>_* functions in their own pdb_<area>.c on the same pdb_t.
 */
#ifndef NEA_PDB_H
#define NEA_PDB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Version of the schema nea creates (PRAGMA user_version): 1 is
 * policy/sql/tables.sql, each later one adds a migration in pdb_open.c. */
#define PDB_SCHEMA_VERSION 2

typedef struct pdb pdb_t;

/* IF-IMV action recommendations, the values stored in the database. */
typedef enum {
	PDB_REC_ALLOW = 0,
	PDB_REC_NO_ACCESS = 1,
	PDB_REC_ISOLATE = 2,
	PDB_REC_NONE = 3, /* no recommendation */
} pdb_rec_t;

/* Workitem types (imv_workitem.h numbering; the code is the 5-letter name). */
typedef enum {
	PDB_WI_PCKGS = 1,  /* installed packages */
	PDB_WI_UNSRC = 2,  /* unknown sources (Android) */
	PDB_WI_FWDEN = 3,  /* IP forwarding enabled */
	PDB_WI_PWDEN = 4,  /* factory default password enabled */
	PDB_WI_FREFM = 5,  /* file reference measurement, arg_int = file */
	PDB_WI_FMEAS = 6,  /* file measurement, arg_int = file */
	PDB_WI_FMETA = 7,  /* file metadata, arg_int = file */
	PDB_WI_DREFM = 8,  /* directory reference measurement, arg_int = dir */
	PDB_WI_DMEAS = 9,  /* directory measurement, arg_int = dir */
	PDB_WI_DMETA = 10, /* directory metadata, arg_int = dir */
	PDB_WI_TCPOP = 11, /* TCP ports allowed open, arg_str = port list */
	PDB_WI_TCPBL = 12, /* TCP ports that must be closed */
	PDB_WI_UDPOP = 13, /* UDP ports allowed open */
	PDB_WI_UDPBL = 14, /* UDP ports that must be closed */
	PDB_WI_SWIDT = 15, /* SWIMA inventory/events, arg_int = earliest EID */
	PDB_WI_TPMRA = 16, /* TPM remote attestation, arg_str = B/I/T letters */
} pdb_wi_type_t;
#define PDB_WI_MAX 16

/* TNC AR identity types (IF-IMV TNC_ID_*) used in identities.type. */
enum {
	PDB_ID_UNKNOWN = 0,
	PDB_ID_IPV4_ADDR = 1,
	PDB_ID_IPV6_ADDR = 2,
	PDB_ID_FQDN = 3,
	PDB_ID_RFC822_ADDR = 4,
	PDB_ID_USER_NAME = 5,
	PDB_ID_DER_ASN1_DN = 6,
	PDB_ID_DER_ASN1_GN = 7,
};

/* ------------------------------------------------------------ open/close */

int pdb_open(const char *uri, pdb_t **out);
void pdb_close(pdb_t *db);

/* PRAGMA user_version: PDB_SCHEMA_VERSION for nea databases, 0 for a
 * database strongSwan created. */
int pdb_schema_version(const pdb_t *db);
/* true when nea created the database (foreign keys enforced). */
bool pdb_is_native(const pdb_t *db);
/* true when this pdb_open found no tables and wrote the built-in schema and
 * seed data (a first start). */
bool pdb_created(const pdb_t *db);
/* The database file's path (from the URI). */
const char *pdb_path(const pdb_t *db);

/* How durable a commit is. power_safe (the default of pdb_open, SQLite
 * synchronous FULL): a change reported done survives a power cut.
 * Otherwise (synchronous NORMAL, WAL): it survives a crash of the process,
 * a power cut may roll back the last transactions (never corrupts), and a
 * commit costs no fsync. */
int pdb_set_power_safe(pdb_t *db, bool power_safe);

/* Pin the clock to a fixed Unix time (tests, replays); 0 = real clock. */
void pdb_set_now(pdb_t *db, int64_t now);
int64_t pdb_now(const pdb_t *db);

/* ------------------------------------------------------------ names */

/* "allow", "no access", "isolate", "no recommendation"; "unknown" else. */
const char *pdb_rec_name(int rec);
/* Accepts allow, no-access (no_access, "no access", block), isolate,
 * none (no-recommendation) and the digits 0-3. Returns the value or
 * NEA_EINVAL. */
int pdb_rec_parse(const char *s);
/* "PCKGS" .. "TPMRA"; NULL for an unknown type. */
const char *pdb_wi_name(int type);
/* Code (any case) or number 1..16 to the type; NEA_EINVAL otherwise. */
int pdb_wi_parse(const char *s);

/* attest's time format: "Nov 22 22:30:26 2026" in local time, or
 * "Nov 22 22:30:26 UTC 2026" when utc (strongSwan's %T). buf >= 32. */
void pdb_format_time(int64_t t, bool utc, char *buf, size_t len);

/*
 * Port list of a TCPOP/TCPBL/UDPOP/UDPBL policy: ports and ranges
 * separated by blanks, "22 443 8000-8080"; ports 0..65535, a range's
 * first port <= its last. An empty list is valid (no port). On success the
 * list is written to norm (single blanks) and 0 returned; otherwise
 * NEA_EINVAL with a reason naming the bad token in why.
 */
int pdb_portlist_check(const char *list, char *norm, size_t normlen, char *why, size_t whylen);

/* ------------------------------------------------------------ sessions */

typedef struct {
	uint32_t type;        /* PDB_ID_* */
	const void *value;
	size_t len;
} pdb_identity_t;

/*
 * A TNCCS connection began: insert a sessions row (time = now, rec = no
 * recommendation), upsert each identity and link it to the session. The
 * session's own identity is the first one that is not an IP address (the
 * user), else the first. peer_addr (may be NULL), when it is an IP address
 * not among ids, is stored as the machine identity. An identity value over
 * 4096 bytes is NEA_ETOOBIG.
 */
int pdb_session_create(pdb_t *db, uint32_t connection, const pdb_identity_t *ids, size_t n_ids,
		       const char *peer_addr, int64_t *session_id);

typedef struct {
	int64_t id;
	int64_t enforcement;
	int type;             /* pdb_wi_type_t */
	char *arg_str;        /* never NULL */
	int64_t arg_int;
	int rec_fail;
	int rec_noresult;
} pdb_workitem_t;

typedef struct {
	int64_t session;
	int64_t device;
	int64_t product;
	size_t n;
	pdb_workitem_t *items;
} pdb_worklist_t;

/*
 * imv_policy_manager "start": find or create the product and the device
 * (by Device ID value), record them in the session, place a new device in
 * the product's default group (else Default) and stamp devices.created,
 * then walk each of the device's groups and their parents and create a
 * workitem per enforcement, skipping policies whose latest result for this
 * device in a session newer than now - max_age is allow. Workitems come
 * back in creation order. Calling it again for a session that already has
 * workitems returns those instead of adding more. A Device ID over 1024
 * or a product over 512 characters is NEA_ETOOBIG.
 */
int pdb_session_start(pdb_t *db, int64_t session, const char *device_value, const char *product,
		      pdb_worklist_t *out);
/* The session's current workitems (same order). */
int pdb_workitems_get(pdb_t *db, int64_t session, pdb_worklist_t *out);
void pdb_worklist_free(pdb_worklist_t *wl);

/* An IMV's verdict on a workitem (rec 0..3, result text). */
int pdb_workitem_finalize(pdb_t *db, int64_t workitem, int rec_final, const char *result);

typedef struct {
	int rec;              /* the stored session recommendation */
	char *ip;             /* access requestor address, NULL if none known */
	char *summary;        /* "recommendation for access requestor <ip> is <rec>",
	                         NULL without an address (strongSwan prints none) */
	size_t results;       /* results rows written */
} pdb_stop_t;

/*
 * imv_policy_manager "stop": store rec as sessions.rec, write a results row
 * for every finalized workitem, delete the session's workitems.
 */
int pdb_session_stop(pdb_t *db, int64_t session, int rec, pdb_stop_t *out);
void pdb_stop_free(pdb_stop_t *st);

/* ------------------------------------------------------------ session state
 * What nea-policyd needs to check a request against the database and to
 * find sessions a crashed IMV host never stopped (pdb_session_query.c).
 * A session that was never stopped still has rec = no recommendation, and
 * keeps its workitems, which pdb_session_stop deletes. */

typedef struct {
	int64_t id;
	uint32_t connection;  /* TNCCS Connection ID */
	int64_t time;         /* sessions.time (creation) */
	int64_t device;       /* devices.id, 0 before pdb_session_start */
	int rec;              /* stored recommendation (PDB_REC_NONE until stopped) */
	int64_t workitems;    /* workitems rows the session still has */
	int64_t finalized;    /* of those, how many carry an IMV's result */
} pdb_session_info_t;

/* One session's state; NEA_ENOTFOUND when there is no such row. */
int pdb_session_get(pdb_t *db, int64_t session, pdb_session_info_t *out);
/* The Device ID value a started session is for (malloc'd; "" before
 * pdb_session_start or when the device row is gone). */
int pdb_session_device_value(pdb_t *db, int64_t session, char **value);

/*
 * Sessions without a recommendation: newer ones (time > since) are listed
 * when newer is true, newest first; otherwise older ones (time <= since)
 * that still hold workitems, oldest first. At most max rows; *out is
 * malloc'd (NULL when none) and freed by the caller.
 */
int pdb_sessions_unstopped(pdb_t *db, int64_t since, bool newer, size_t max,
			   pdb_session_info_t **out, size_t *n);

typedef struct {
	int64_t id;
	int64_t session;
	int type;             /* pdb_wi_type_t */
	bool has_result;      /* an IMV finalized it */
	int rec_final;        /* valid when has_result */
	char *result;         /* malloc'd, "" when !has_result */
} pdb_workitem_info_t;

/* One workitem; NEA_ENOTFOUND when there is no such row. */
int pdb_workitem_get(pdb_t *db, int64_t workitem, pdb_workitem_info_t *out);
void pdb_workitem_info_free(pdb_workitem_info_t *wi);
/* The session's workitems that still wait for a result (creation order). */
int pdb_workitems_pending(pdb_t *db, int64_t session, pdb_worklist_t *out);

/* ------------------------------------------------------------ packages */

typedef enum {
	PDB_PKG_UNKNOWN = 0,   /* no version of it known for this product */
	PDB_PKG_OK = 1,        /* installed release is a known good one */
	PDB_PKG_UPDATE = 2,    /* not a known release: a (security) update exists */
	PDB_PKG_BLACKLIST = 3, /* the package or this release is blacklisted */
} pdb_pkg_status_t;

typedef struct {
	const char *name;
	const char *version;
} pdb_pkg_t;

typedef struct {
	size_t count, ok, update, blacklist, unknown;
} pdb_pkg_counts_t;

/*
 * The OS IMV's installed-packages check (strongSwan imv_os_database):
 * status[i] for pkgs[i]. A package with no versions rows for the product is
 * unknown, unless the package itself is blacklisted. Otherwise the installed
 * release must equal a listed release (exact match preferred, '*' matches
 * any): that row's blacklist flag makes it blacklisted, else ok. No match
 * means the device runs a release the list does not know: not updated.
 * An unknown product makes every package unknown. counts may be NULL.
 */
int pdb_packages_check(pdb_t *db, const char *product, const pdb_pkg_t *pkgs, size_t n,
		       uint8_t *status, pdb_pkg_counts_t *counts);
const char *pdb_pkg_status_name(int status);

#endif

/*
 * ike_msg: an IKEv2 message as a header plus a list of typed payloads
 * (RFC 7296 §3), parsed from and built into bytes. No I/O, no state.
 *
 * Contract (parsing):
 *  - ike_msg_parse() copies the datagram into the message's arena, so the
 *    result does not depend on the caller's buffer; every ike_chunk_t in the
 *    payloads points into that copy (or into decrypted content, which also
 *    lives in the arena) and is valid until ike_msg_free().
 *  - The generic payload chain is walked with every length checked against
 *    what is left; each known payload body is fully validated by its own
 *    parser (ike_payload_*.c). A failure returns a negative NEA_E* code and
 *    fills err with the byte offset from the start of the message (for
 *    payloads inside an SK payload: from the start of the decrypted
 *    content, with msg->err_inner set).
 *  - An unknown payload type is kept as a payload with only its body; if its
 *    critical bit is set parsing fails with NEA_EUNSUPPORTED and
 *    msg->crit_type names the type, so the daemon can answer
 *    UNSUPPORTED_CRITICAL_PAYLOAD with it (RFC 7296 §2.5). The critical bit
 *    of known payloads is ignored, as the RFC says.
 *  - SK (46) and SKF (53) must be the last payload: parsing stops there and
 *    msg->sk indexes it. ike_sk_decrypt() (ike_sk.h) or the reassembly in
 *    ike_frag.h then call ike_msg_parse_inner() on the plaintext, which
 *    appends the inner payloads with encrypted = true.
 *  - ike_msg_err_notify() maps a parse error to the notify type the RFC
 *    prescribes as the answer (INVALID_MAJOR_VERSION, UNSUPPORTED_CRITICAL_
 *    PAYLOAD, INVALID_SYNTAX).
 *
 * Contract (building): the caller fills ike_payload_t entries (type and the
 * matching union member; the body field is only used for unknown types) and
 * ike_payloads_build() writes the chain with next-payload links and lengths.
 * Builders refuse values the wire cannot carry (more than 255 proposals,
 * an SPI of the wrong size, a nonce outside 16..256 bytes, ...) with
 * NEA_EINVAL. ike_msg_build() adds the header for unencrypted messages
 * (IKE_SA_INIT, unprotected notifies); encrypted messages are built with
 * ike_sk_encrypt() from the same payload list.
 */
#ifndef IKE_MSG_H
#define IKE_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_arena.h"
#include "ike_chunk.h"
#include "ike_header.h"
#include "ike_types.h"
#include "nea_buf.h"
#include "nea_err.h"

/* Most payloads one message may hold; a datagram of 4-byte empty payloads
 * would otherwise make the payload list 25 times larger than the input. */
#define IKE_MAX_PAYLOADS 256
#define IKE_NO_SK ((size_t)-1)

typedef struct {
	uint8_t type;
	uint16_t id;
	uint16_t keylen;   /* Key Length attribute in bits, 0 when absent */
	bool unknown_attr; /* parse: an attribute nea does not know was present */
} ike_transform_t;

typedef struct {
	uint8_t num;
	uint8_t proto;
	uint8_t spi_len; /* 0, 4 or 8 */
	uint8_t spi[8];
	uint8_t ntrans;
	ike_transform_t *trans;
} ike_proposal_t;

typedef struct {
	size_t nprops;
	ike_proposal_t *props;
} ike_pl_sa_t;

typedef struct {
	uint16_t group;
	ike_chunk_t data;
} ike_pl_ke_t;

/* IDi / IDr. The reserved octets are kept because they are part of the
 * octets AUTH covers (RFC 7296 §2.15: IDx' is the payload body). */
typedef struct {
	uint8_t id_type;
	uint8_t reserved[3];
	ike_chunk_t data;
} ike_pl_id_t;

/* CERT and CERTREQ. */
typedef struct {
	uint8_t encoding;
	ike_chunk_t data;
} ike_pl_cert_t;

typedef struct {
	uint8_t method;
	ike_chunk_t data;
} ike_pl_auth_t;

typedef struct {
	ike_chunk_t data;
} ike_pl_nonce_t;

typedef struct {
	uint8_t proto;
	uint16_t type;
	ike_chunk_t spi;
	ike_chunk_t data;
} ike_pl_notify_t;

typedef struct {
	uint8_t proto;
	uint8_t spi_len;
	uint16_t nspi;
	ike_chunk_t spis; /* nspi * spi_len bytes */
} ike_pl_delete_t;

typedef struct {
	ike_chunk_t data;
} ike_pl_vid_t;

typedef struct {
	uint8_t ts_type;
	uint8_t ip_proto;
	uint16_t start_port;
	uint16_t end_port;
	uint8_t start[16]; /* 4 bytes used for IPv4 */
	uint8_t end[16];
	ike_chunk_t raw;   /* unknown TS types: everything after the length */
} ike_ts_t;

typedef struct {
	size_t nts;
	ike_ts_t *ts;
} ike_pl_ts_t;

typedef struct {
	uint16_t type; /* without the R bit */
	ike_chunk_t value;
} ike_cp_attr_t;

typedef struct {
	uint8_t cfg_type;
	size_t nattrs;
	ike_cp_attr_t *attrs;
} ike_pl_cp_t;

/* EAP: pkt is the whole EAP packet; the other fields are filled by the
 * parser from it (type 0 for Success/Failure, vendor fields for expanded
 * types) and ignored by the builder. */
typedef struct {
	ike_chunk_t pkt;
	uint8_t code;
	uint8_t id;
	uint8_t eap_type;
	uint32_t vendor;
	uint32_t vendor_type;
} ike_pl_eap_t;

/* SK: body is IV | ciphertext | ICV; first is the type of the first
 * payload inside (the SK payload's own Next Payload field). */
typedef struct {
	uint8_t first;
	ike_chunk_t body;
} ike_pl_sk_t;

typedef struct {
	uint8_t first; /* meaningful in fragment 1 only (RFC 7383 §2.5) */
	uint16_t num;
	uint16_t total;
	ike_chunk_t body;
} ike_pl_skf_t;

typedef struct {
	uint8_t type;
	bool critical;
	bool encrypted;   /* parse: came out of an SK/SKF payload */
	size_t offset;    /* parse: of the generic header (see contract) */
	ike_chunk_t body; /* parse: bytes after the generic header */
	union {
		ike_pl_sa_t sa;
		ike_pl_ke_t ke;
		ike_pl_id_t id;
		ike_pl_cert_t cert;
		ike_pl_auth_t auth;
		ike_pl_nonce_t nonce;
		ike_pl_notify_t notify;
		ike_pl_delete_t del;
		ike_pl_vid_t vid;
		ike_pl_ts_t ts;
		ike_pl_cp_t cp;
		ike_pl_eap_t eap;
		ike_pl_sk_t sk;
		ike_pl_skf_t skf;
	} u;
} ike_payload_t;

typedef struct {
	ike_hdr_t hdr;
	ike_chunk_t raw; /* the message as received */
	ike_payload_t *pl;
	size_t npl;
	size_t cap;
	size_t sk;       /* index of the SK/SKF payload or IKE_NO_SK */
	bool decrypted;  /* inner payloads have been appended */
	bool err_inner;  /* the last error's offset is into decrypted content */
	uint8_t crit_type;
	unsigned flags;
	ike_arena_t arena;
} ike_msg_t;

void ike_msg_init(ike_msg_t *m);
int ike_msg_parse(ike_msg_t *m, const uint8_t *data, size_t len, unsigned flags,
		  nea_perr_t *err);
/* Parse a decrypted payload chain starting with payload type first; plain
 * must stay valid as long as m (pass arena memory). */
int ike_msg_parse_inner(ike_msg_t *m, uint8_t first, const uint8_t *plain, size_t len,
			nea_perr_t *err);
void ike_msg_free(ike_msg_t *m);

/* First payload of a type (SK/SKF themselves are skipped once decrypted). */
const ike_payload_t *ike_msg_get(const ike_msg_t *m, uint8_t type);
const ike_payload_t *ike_msg_get_notify(const ike_msg_t *m, uint16_t notify_type);
size_t ike_msg_count(const ike_msg_t *m, uint8_t type);
/* The notify to send for a parse error code (0 if none should be sent). */
uint16_t ike_msg_err_notify(int code);

/* Write the payload chain; the last payload's Next Payload is next_after
 * (IKE_PL_NONE normally). Returns 0 or a NEA_E* code. */
int ike_payloads_build(const ike_payload_t *pl, size_t n, nea_wr_t *w);
/* Header + payload chain of an unencrypted message; h->next_payload and
 * the length are filled in from the list. */
int ike_msg_build(const ike_hdr_t *h, const ike_payload_t *pl, size_t n, nea_wr_t *w);

/*
 * strongSwan-style one-line summary: "IKE_AUTH request 1 [ IDi
 * N(INIT_CONTACT) IDr CPRQ(ADDR DNS) SA TSi TSr ]". Truncated (still NUL
 * terminated) if buf is too small; returns buf.
 */
char *ike_msg_summary(const ike_msg_t *m, char *buf, size_t len);
char *ike_summary(const ike_hdr_t *h, const ike_payload_t *pl, size_t n, char *buf,
		  size_t len);

#endif

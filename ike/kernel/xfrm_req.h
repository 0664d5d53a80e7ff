/*
 * xfrm_req: the request language between nea-iked (xfrm_client) and the
 * privileged nea-xfrm helper, in one header: wire layout, the parsed form,
 * the parser, the builder and the semantic checks.
 *
 * Transport: one AF_UNIX SOCK_SEQPACKET socketpair. One packet = one
 * request or one answer, so framing is the kernel's; a packet longer than
 * XFRM_REQ_MAX is refused, never partly read.
 *
 * Request (all integers big-endian):
 *
 *    0               1               2               3
 *   +---------------+---------------+-------------------------------+
 *   | version = 1   | type          | length (whole packet, >= 8)   |
 *   +---------------+---------------+-------------------------------+
 *   | sequence (echoed in the answer)                               |
 *   +-------------------------------+-------------------------------+
 *   | attribute type                | attribute length (value only) |
 *   +-------------------------------+-------------------------------+
 *   | value (length bytes, no padding) ...   next attribute ...     |
 *   +---------------------------------------------------------------+
 *
 * Attribute values:
 *   REQID, SPI_IN, SPI_OUT  u32
 *   LOCAL, REMOTE           family (4 | 6), then 4 or 16 address bytes
 *   ENCR                    u16 IKEv2 ENCR transform id, u16 key length in bits
 *   ENCR_KEY_IN/_OUT        key bytes (AEAD: key followed by its 4-byte salt)
 *   INTEG                   u16 IKEv2 INTEG transform id
 *   INTEG_KEY_IN/_OUT       key bytes
 *   ENCAP                   u16 local UDP port, u16 remote UDP port (NAT-T)
 *   TS_LOCAL, TS_REMOTE     family (4 | 6), prefix length, IP protocol (0 =
 *                           any), reserved 0, u16 port (0 = any), then 4 or
 *                           16 address bytes (host bits zero)
 *
 * Answer (fixed 20 bytes):
 *
 *   +---------------+---------------+-------------------------------+
 *   | version = 1   | 0x80 | type   | length = 20                   |
 *   +---------------+---------------+-------------------------------+
 *   | sequence of the request (0 for the READY answer)              |
 *   +---------------------------------------------------------------+
 *   | status: 0 or a negative NEA_E* code (two's complement)        |
 *   +---------------------------------------------------------------+
 *   | kernel errno (positive) when the kernel refused, else 0       |
 *   +---------------------------------------------------------------+
 *   | value: the reqid of ALLOC_REQID, max children of READY, else 0|
 *   +---------------------------------------------------------------+
 *
 * "in" is peer -> us (our SPI, decrypted here), "out" us -> peer.
 *
 * Contract:
 *  - xfrm_req_parse(): framing only, every read bounds-checked: version,
 *    type, length = packet length, attributes inside the packet, each at
 *    most once, allowed for that request type, fixed sizes exact, keys no
 *    longer than XFRM_KEY_MAX; the first fault gives a NEA_E* code and the
 *    byte offset in *err. Keys are copied into the struct (wipe it with
 *    xfrm_req_wipe()).
 *  - xfrm_req_check(): meaning: required attributes present, families 4/6
 *    and consistent (tunnel endpoints one family, selectors one family),
 *    prefix lengths <= 32/128 with no host bits, selector protocols equal
 *    or one of them 0 (any), ports only with TCP/UDP/SCTP, SPIs >= 256, reqid != 0, algorithms from the allow-list below
 *    with key lengths that match exactly. Which reqids and SPIs are the
 *    helper's to touch is decided by xfrm_helper, not here.
 *  - Allow-list: ENCR AES-CBC (12) 128/192/256 with HMAC-SHA2-256-128 (12)
 *    or HMAC-SHA2-384-192 (13); AES-GCM-16 (20) 128/192/256 and
 *    ChaCha20-Poly1305 (28, key length 0 or 256) without INTEG.
 *  - xfrm_req_build(): the inverse of parse for a checked request; the
 *    result parses back to the same struct.
 */
#ifndef XFRM_REQ_H
#define XFRM_REQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_err.h"

#define XFRM_REQ_VERSION 1
#define XFRM_REQ_HDR_LEN 8
#define XFRM_REQ_MAX 1024
#define XFRM_ANS_LEN 20
#define XFRM_ANS_FLAG 0x80
#define XFRM_KEY_MAX 64 /* HMAC-SHA2-384 key is 48; AEAD keys 36 */

/* Request types. */
enum {
	XFRM_REQ_READY = 0,       /* answer only: the helper is sandboxed and waiting */
	XFRM_REQ_ALLOC_REQID = 1, /* -> a fresh reqid the following requests may use */
	XFRM_REQ_ADD_SA = 2,      /* ESP tunnel-mode SA pair of an allocated reqid */
	XFRM_REQ_ADD_POLICY = 3,  /* out/in/fwd policies for one selector pair */
	XFRM_REQ_DEL_SA = 4,      /* the SA pair of a reqid */
	XFRM_REQ_DEL_POLICY = 5,  /* every policy of a reqid */
	XFRM_REQ_RELEASE = 6,     /* SAs and policies of a reqid, then the reqid */
	XFRM_REQ_FLUSH = 7,       /* everything this helper added */
	XFRM_REQ_TYPE_MAX = 7,
};

/* Attribute types. */
enum {
	XFRM_AT_REQID = 1,
	XFRM_AT_LOCAL = 2,
	XFRM_AT_REMOTE = 3,
	XFRM_AT_SPI_IN = 4,
	XFRM_AT_SPI_OUT = 5,
	XFRM_AT_ENCR = 6,
	XFRM_AT_ENCR_KEY_IN = 7,
	XFRM_AT_ENCR_KEY_OUT = 8,
	XFRM_AT_INTEG = 9,
	XFRM_AT_INTEG_KEY_IN = 10,
	XFRM_AT_INTEG_KEY_OUT = 11,
	XFRM_AT_ENCAP = 12,
	XFRM_AT_TS_LOCAL = 13,
	XFRM_AT_TS_REMOTE = 14,
	XFRM_AT_MAX = 14,
};
#define XFRM_AT_BIT(t) (1u << (t))

/* IKEv2 transform ids (IANA) the allow-list speaks of. */
enum {
	XFRM_ENCR_AES_CBC = 12,
	XFRM_ENCR_AES_GCM_16 = 20,
	XFRM_ENCR_CHACHA20_POLY1305 = 28,
	XFRM_INTEG_NONE = 0,
	XFRM_INTEG_HMAC_SHA2_256_128 = 12,
	XFRM_INTEG_HMAC_SHA2_384_192 = 13,
};

typedef struct {
	uint8_t family; /* 4 or 6 (wire form, not AF_*) */
	uint8_t addr[16];
} xfrm_ip_t;

typedef struct {
	xfrm_ip_t net;
	uint8_t plen;
	uint8_t proto; /* 0 = any */
	uint16_t port; /* 0 = any */
} xfrm_ts_t;

typedef struct {
	uint8_t type;
	uint32_t seq;
	uint32_t present; /* XFRM_AT_BIT() of each attribute seen */
	uint32_t reqid;
	xfrm_ip_t local, remote;
	uint32_t spi_in, spi_out;
	uint16_t encr, encr_keylen;
	uint8_t ekey_in[XFRM_KEY_MAX], ekey_out[XFRM_KEY_MAX];
	size_t ekey_in_len, ekey_out_len;
	uint16_t integ;
	uint8_t ikey_in[XFRM_KEY_MAX], ikey_out[XFRM_KEY_MAX];
	size_t ikey_in_len, ikey_out_len;
	uint16_t encap_local, encap_remote;
	xfrm_ts_t ts_local, ts_remote;
} xfrm_req_t;

typedef struct {
	uint8_t type; /* the request type (without XFRM_ANS_FLAG) */
	uint32_t seq;
	int32_t status;
	uint32_t kerrno;
	uint32_t value;
} xfrm_ans_t;

/* What an algorithm needs: kernel names, key bytes (salt included). */
typedef struct {
	const char *encr_name;  /* crypto API name */
	bool aead;
	size_t ekey_len;        /* bytes, salt included */
	unsigned icv_bits;      /* AEAD */
	const char *integ_name; /* NULL for AEAD */
	size_t ikey_len;
	unsigned trunc_bits;
} xfrm_alg_t;

int xfrm_req_parse(xfrm_req_t *req, const uint8_t *buf, size_t len, nea_perr_t *err);
int xfrm_req_check(const xfrm_req_t *req, nea_perr_t *err);
/* Writes at most cap bytes; returns the length or NEA_ETOOBIG/NEA_EINVAL. */
int xfrm_req_build(const xfrm_req_t *req, uint8_t *buf, size_t cap);
void xfrm_req_wipe(xfrm_req_t *req);

/* Answers: encode into XFRM_ANS_LEN bytes; decode checks version, flag, length. */
void xfrm_ans_encode(const xfrm_ans_t *a, uint8_t out[XFRM_ANS_LEN]);
int xfrm_ans_decode(xfrm_ans_t *a, const uint8_t *buf, size_t len);

/* ADD_POLICY: the selector's one protocol (a side's 0 = any takes the other's). */
uint8_t xfrm_ts_proto(const xfrm_req_t *req);

/* Allow-list lookup: 0 and *out filled, or NEA_EUNSUPPORTED. */
int xfrm_alg_lookup(uint16_t encr, uint16_t keylen_bits, uint16_t integ, xfrm_alg_t *out);

const char *xfrm_req_type_name(uint8_t type);
/* "10.1.0.0/16" or "fd00::/64[tcp/443]" style text for logs. */
void xfrm_ts_str(const xfrm_ts_t *ts, char *out, size_t cap);
void xfrm_ip_str(const xfrm_ip_t *ip, char *out, size_t cap);
/* Address bytes of a family: 4 or 16, 0 for anything else. */
size_t xfrm_ip_len(uint8_t family);

#endif

/*
 * seg_contract: TCG IF-M segmentation contracts (TCG IF-M Segmentation
 * 1.0; strongSwan 5.9.14 seg_contract.c) and the segment streams that run
 * under them.
 *
 * Contract:
 *  - One seg_contract_t per (PA message vendor/subtype, direction).
 *    SEG_DIR_TX governs what this side sends (the limits come from the
 *    peer's Contract Request or Response); it splits oversized attributes
 *    and allocates base message ids 1, 2, 3, ... SEG_DIR_RX governs what
 *    this side receives (the limits it advertised); it reassembles.
 *  - Values: Max Message Size and Max Segment Size; 0xffffffff means no
 *    limit resp. no segmentation, both together a null contract.
 *    seg_max_seg_for_msg() is strongSwan's derivation: a PA-TNC message
 *    limit minus 8 (message header), 12 (attribute header) and 4 (envelope
 *    header); 32722 -> 32698, 2097104 -> 2097080.
 *  - Size check (strongSwan check_size): an attribute of 12 + value bytes
 *    longer than Max Message Size is oversize (must not be sent); it is
 *    segmented when value > Max Segment Size + 4 and segmentation is on.
 *  - Reassembly is driven by Next Segment requests: after a first or
 *    middle segment the receiver calls seg_contract_request_next(), sends
 *    the Next Segment attribute it returns, and accepts exactly one more
 *    envelope for that base id. An envelope nobody asked for (duplicate,
 *    reordered or stray) is refused with NEA_ESTATE and changes nothing; a
 *    non-first envelope for an unknown id gets NEA_ENOTFOUND and a second
 *    first segment for a busy id NEA_EEXIST, both without an error
 *    attribute (as strongSwan). Memory is hard-bounded: one attribute may
 *    not exceed min(Max Message Size, rx limit) and all reassemblies of a
 *    contract together may not reserve more than the rx limit (default
 *    SEG_RX_LIMIT_DEFAULT) nor number more than SEG_RX_MAX_PENDING.
 *  - Abandoned streams are dropped by seg_contract_expire(); time is the
 *    caller's monotonic clock in any unit.
 *  - Envelopes returned by the TX functions borrow the contract's copy of
 *    the attribute and stay valid until the next call on the contract.
 */
#ifndef NEA_SEG_CONTRACT_H
#define NEA_SEG_CONTRACT_H

#include "attr_tcg_seg_contract.h"
#include "attr_tcg_seg_next.h"
#include "seg_env.h"

#define SEG_NO_LIMIT 0xffffffffu
#define SEG_RX_LIMIT_DEFAULT (64u * 1024 * 1024)
#define SEG_RX_MAX_PENDING 64

typedef enum {
	SEG_DIR_TX = 0,
	SEG_DIR_RX = 1,
} seg_dir_t;

typedef struct {
	uint32_t pa_vendor;
	uint32_t pa_subtype;
	seg_dir_t dir;
	uint32_t max_msg_size;
	uint32_t max_seg_size;
	uint32_t last_base_id; /* TX: last allocated base message id */
	seg_tx_t *tx;          /* TX streams */
	size_t ntx;
	seg_tx_t retired;      /* TX: finished stream kept until the next call */
	seg_rx_t *rx;          /* RX reassemblies */
	size_t nrx;
	size_t rx_limit;       /* bytes all reassemblies may reserve together */
	size_t rx_reserved;
} seg_contract_t;

/* Strongswan's Max Segment Size for a PA-TNC message limit (0 if too small). */
uint32_t seg_max_seg_for_msg(uint32_t max_msg_len);

int seg_contract_init(seg_contract_t *c, uint32_t pa_vendor, uint32_t pa_subtype, seg_dir_t dir,
		      uint32_t max_msg_size, uint32_t max_seg_size);
void seg_contract_free(seg_contract_t *c);
void seg_contract_set(seg_contract_t *c, uint32_t max_msg_size, uint32_t max_seg_size);
void seg_contract_set_rx_limit(seg_contract_t *c, size_t bytes);
bool seg_contract_is_null(const seg_contract_t *c);
/* The Contract Request/Response value announcing this contract's limits. */
void seg_contract_to_attr(const seg_contract_t *c, attr_tcg_seg_contract_t *out);
/* "no message size limit, maximum segment size of 2097080 bytes" (strongSwan wording). */
void seg_contract_describe(const seg_contract_t *c, char *buf, size_t len);

/*
 * TX: should an encoded attribute of attr_len bytes (header included) be
 * segmented? 1 yes, 0 no; *oversize true if it may not be sent at all.
 */
int seg_contract_check(const seg_contract_t *c, size_t attr_len, bool *oversize);
/* TX: start sending attr (whole encoded attribute); first envelope in *env. */
int seg_contract_first(seg_contract_t *c, const uint8_t *attr, size_t len, uint64_t now,
		       attr_tcg_seg_env_t *env);
/*
 * TX: answer a received Next Segment. 0 with *env (and *last) filled; 1 if
 * it was a cancel (stream dropped, nothing to send); NEA_ENOTFOUND for an
 * unknown or finished base id.
 */
int seg_contract_next(seg_contract_t *c, const attr_tcg_seg_next_t *req, uint64_t now,
		      attr_tcg_seg_env_t *env, bool *last);

/*
 * RX: take a received envelope. Returns a seg_status_t (SEG_DONE: *out
 * holds the attribute, release with seg_attr_free) or a negative NEA_E*
 * code; *fault says whether a PA-TNC Error must be sent back.
 */
int seg_contract_add(seg_contract_t *c, const attr_tcg_seg_env_t *env, uint64_t now,
		     seg_attr_t *out, patnc_fault_t *fault);
/* RX: arm base_id for one more envelope and fill the Next Segment to send. */
int seg_contract_request_next(seg_contract_t *c, uint32_t base_id, attr_tcg_seg_next_t *out);
/* RX: abandon a reassembly and fill the cancelling Next Segment to send. */
int seg_contract_cancel(seg_contract_t *c, uint32_t base_id, attr_tcg_seg_next_t *out);
/* Pending RX reassemblies / TX streams. */
size_t seg_contract_pending(const seg_contract_t *c);
/* Drop streams idle since before now - max_idle; returns how many. */
size_t seg_contract_expire(seg_contract_t *c, uint64_t now, uint64_t max_idle);

#endif

/*
 * ike_sk: the Encrypted payload (RFC 7296 §3.14) and the Encrypted
 * Fragment payload's protection (RFC 7383 §2.5).
 *
 * Contract:
 *  - An ike_sk_key_t holds one direction's keys; ike_sk_init() fills the
 *    inbound and outbound pair from derived IKE keys (the initiator sends
 *    with SK_ei/SK_ai and receives with SK_er/SK_ar, the responder the
 *    other way round).
 *  - AES-CBC + HMAC: random 16-byte IV; plaintext | padding | pad length
 *    padded to the block size; ICV = truncated HMAC over the whole message
 *    from the first header byte to the end of the ciphertext. On receipt
 *    the ICV is checked (constant time) before anything is decrypted.
 *  - AEAD (AES-GCM with 8/12/16-byte ICV, ChaCha20-Poly1305; RFC 5282,
 *    RFC 7634): nonce = 4-byte salt from the key material | 8-byte IV; the
 *    IV is a per-key counter, never repeated; AAD = the message from the
 *    first header byte through the SK/SKF payload header (for SKF including
 *    Fragment Number and Total Fragments); no padding.
 *  - A bad ICV or tag is NEA_EAUTH (the daemon drops the message silently,
 *    RFC 7296 §2.21.2); a body too short for IV and ICV, a ciphertext not a
 *    multiple of the block size or a pad length beyond the plaintext is
 *    NEA_EINVAL. Decrypted content lives in the message's arena (wiped on
 *    free); temporary plaintext buffers are wiped.
 *  - Sealing writes a complete message: IKE header (Next Payload SK or SKF,
 *    final length), the SK/SKF payload whose Next Payload is the type of the
 *    first inner payload, IV, ciphertext, ICV.
 */
#ifndef IKE_SK_H
#define IKE_SK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_alg.h"
#include "ike_header.h"
#include "ike_keymat.h"
#include "ike_msg.h"
#include "nea_buf.h"
#include "nea_err.h"

typedef struct {
	ike_encr_info_t encr;
	ike_integ_info_t integ; /* unused with AEAD */
	uint8_t ekey[IKE_MAX_ENCR_KEY]; /* cipher key | salt */
	uint8_t akey[IKE_MAX_INTEG_KEY];
	uint64_t seq; /* next AEAD IV (outbound) */
} ike_sk_key_t;

typedef struct {
	ike_sk_key_t in;
	ike_sk_key_t out;
} ike_sk_t;

/* Fragment position for SKF; NULL means an SK payload. */
typedef struct {
	uint16_t num;
	uint16_t total;
} ike_skf_pos_t;

/* ekey_len = cipher key + salt; akey_len = INTEG key (0 with AEAD). */
int ike_sk_key_init(ike_sk_key_t *k, uint16_t encr, uint16_t keylen_bits, uint16_t integ,
		    const uint8_t *ekey, size_t ekey_len, const uint8_t *akey, size_t akey_len);
int ike_sk_init(ike_sk_t *sk, const ike_keys_t *keys, bool initiator);
void ike_sk_wipe(ike_sk_t *sk);

/* Length of IV | ciphertext | ICV for plain_len bytes of inner payloads. */
size_t ike_sk_body_len(const ike_sk_key_t *k, size_t plain_len);
/* Most plaintext bytes whose protected body fits in body_max bytes. */
size_t ike_sk_plain_max(const ike_sk_key_t *k, size_t body_max);

/* Protect an already encoded payload chain (first = type of its first
 * payload) into a complete message written to out. */
int ike_sk_seal(ike_sk_key_t *k, const ike_hdr_t *h, uint8_t first, const ike_skf_pos_t *frag,
		const uint8_t *plain, size_t plain_len, nea_wr_t *out);
/* Encode pl[0..n) and protect it as a complete message with one SK payload. */
int ike_sk_encrypt(ike_sk_key_t *k, const ike_hdr_t *h, const ike_payload_t *pl, size_t n,
		   nea_wr_t *out);

/* Check and decrypt the SK or SKF payload of a parsed message; the
 * plaintext (inner payload chain) is left in m's arena. */
int ike_sk_open(const ike_sk_key_t *k, ike_msg_t *m, const uint8_t **plain, size_t *plain_len,
		nea_perr_t *err);
/* SK: open and append the inner payloads to m (ike_msg_parse_inner). */
int ike_sk_decrypt(const ike_sk_key_t *k, ike_msg_t *m, nea_perr_t *err);

#endif

/*
 * ike_frag: IKEv2 message fragmentation (RFC 7383).
 *
 * Contract (sending): ike_frag_split() protects a payload list either as one
 * message with an SK payload, when it fits, or as Encrypted Fragment
 * messages sized like charon's: frag_size is the whole IP datagram (charon's
 * charon.fragment_size, default 1280), minus the IP header (20 IPv4, 40
 * IPv6), UDP (8) and, on port 4500, the non-ESP marker (4); each fragment
 * then carries as much plaintext as fits after the IKE header, the 8-byte
 * SKF header, IV, padding and ICV. Fragment 1's Next Payload names the
 * first inner payload, the others carry 0. Only ever used after both sides
 * sent IKEV2_FRAGMENTATION_SUPPORTED; the caller decides that.
 *
 * Contract (receiving): an ike_reasm_t collects the fragments of one
 * message. Each fragment is authenticated and decrypted before it is kept
 * (a forged fragment changes nothing). Per RFC 7383 §2.6: fragments of a
 * new message ID restart the collection; a larger Total Fragments for the
 * same message restarts it (the sender re-fragmented), a smaller one is
 * ignored; duplicates are ignored (the first copy wins). Limits: at most
 * max_frags fragments and max_bytes of plaintext in total; exceeding either
 * drops the collection with NEA_ETOOBIG. ike_reasm_add() returns NEA_EAGAIN
 * while incomplete and 0 when the last piece arrived; ike_reasm_finish()
 * then appends the reassembled inner payloads to that last fragment's
 * parsed message (as ike_sk_decrypt() does for an SK payload) and resets
 * the collector. Collected plaintext is wiped when dropped.
 */
#ifndef IKE_FRAG_H
#define IKE_FRAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_msg.h"
#include "ike_sk.h"

#define IKE_FRAG_SIZE_DEFAULT 1280
#define IKE_REASM_MAX_BYTES_DEFAULT 65535
#define IKE_REASM_MAX_FRAGS_DEFAULT 128

typedef struct {
	uint8_t *data;
	size_t len;
} ike_packet_t;

/* Plaintext bytes per fragment for the given datagram size. */
size_t ike_frag_chunk_len(const ike_sk_key_t *k, size_t frag_size, bool ipv6, bool natt);
int ike_frag_split(ike_sk_key_t *k, const ike_hdr_t *h, const ike_payload_t *pl, size_t n,
		   size_t frag_size, bool ipv6, bool natt, ike_packet_t **pkts, size_t *npkts);
void ike_packets_free(ike_packet_t *pkts, size_t n);

typedef struct {
	struct {
		uint8_t *data;
		size_t len;
	} *frags;       /* total entries, indexed by number - 1 */
	bool active;
	uint32_t msg_id;
	uint8_t exchange;
	uint8_t flags;
	uint16_t total;
	uint16_t received;
	uint8_t first;
	size_t bytes;
	size_t max_bytes;
	uint16_t max_frags;
} ike_reasm_t;

void ike_reasm_init(ike_reasm_t *r, size_t max_bytes, uint16_t max_frags);
int ike_reasm_add(ike_reasm_t *r, const ike_sk_key_t *k, ike_msg_t *m, nea_perr_t *err);
int ike_reasm_finish(ike_reasm_t *r, ike_msg_t *m, nea_perr_t *err);
void ike_reasm_reset(ike_reasm_t *r);

#endif

/*
 * tnccs_msgq: the PB-TNC messages waiting for the next outgoing batch.
 *
 * Contract: a queue owns what it holds. tnccs_msgq_push() copies the
 * message and every byte its pointers aim at (PA body, language, reason
 * and language, remediation parameters, raw value), so the caller's
 * buffers may go away at once. Messages leave in FIFO order. The queue
 * counts the encoded size of what it holds and refuses (NEA_ETOOBIG) a
 * message that would take it past max_bytes, so a measurement host that
 * floods a connection costs bounded memory. Kinds the broker never sends
 * (PDP referral, mutual capability) are refused with NEA_EINVAL.
 */
#ifndef TNCCS_MSGQ_H
#define TNCCS_MSGQ_H

#include <stddef.h>
#include <stdint.h>

#include "pbtnc_msg.h"

typedef struct {
	pbtnc_msg_t m;
	uint8_t *data; /* the copied bytes m's pointers aim into */
	size_t size;   /* encoded size incl. the 12-byte header */
} tnccs_qmsg_t;

typedef struct {
	tnccs_qmsg_t *v;
	size_t head, n, cap;
	size_t bytes, max_bytes;
} tnccs_msgq_t;

void tnccs_msgq_init(tnccs_msgq_t *q, size_t max_bytes);
int tnccs_msgq_push(tnccs_msgq_t *q, const pbtnc_msg_t *m);
static inline size_t tnccs_msgq_len(const tnccs_msgq_t *q)
{
	return q->n;
}
/* The i-th waiting message (0 = next to leave); i < len. */
const tnccs_qmsg_t *tnccs_msgq_at(const tnccs_msgq_t *q, size_t i);
/* Remove the first n messages (n <= len). */
void tnccs_msgq_drop(tnccs_msgq_t *q, size_t n);
void tnccs_msgq_clear(tnccs_msgq_t *q);
void tnccs_msgq_free(tnccs_msgq_t *q);

/* Encoded size of a message (header included), 0 for kinds we never send. */
size_t tnccs_msg_size(const pbtnc_msg_t *m);

#endif

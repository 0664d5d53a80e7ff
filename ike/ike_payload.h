/*
 * ike_payload: the body codecs of the individual IKEv2 payloads, one file
 * each (ike_payload_sa.c, ike_payload_ke.c, ...), and the dispatch between
 * them used by ike_msg.c.
 *
 * Contract: a parser gets a reader over exactly the payload body (the bytes
 * after the 4-byte generic header) and base, the offset of that body in the
 * buffer the caller reports errors against; it consumes the whole body or
 * fails with an offset. Arrays (proposals, transforms, selectors, attributes)
 * come from the arena, chunks point into the body. A builder writes only the
 * body and returns 0 or NEA_EINVAL for a value the wire cannot carry (the
 * writer's own errors are reported by nea_wr_error()).
 */
#ifndef IKE_PAYLOAD_H
#define IKE_PAYLOAD_H

#include <stdbool.h>

#include "ike_arena.h"
#include "ike_msg.h"
#include "nea_buf.h"
#include "nea_err.h"

/* Error at the reader's current position. */
#define IKE_PERR(err, code, r, base, ...) nea_perr((err), (code), (base) + (r)->off, __VA_ARGS__)

bool ike_pl_known(uint8_t type);
/* Parse p->body as a payload of type p->type into p->u. */
int ike_pl_parse(ike_payload_t *p, ike_arena_t *a, size_t base, unsigned flags, nea_perr_t *err);
/* Write the body of p (for unknown types: p->body verbatim). */
int ike_pl_build(const ike_payload_t *p, nea_wr_t *w);

int ike_pl_sa_parse(ike_pl_sa_t *sa, nea_rd_t *r, size_t base, ike_arena_t *a, unsigned flags,
		    nea_perr_t *err);
int ike_pl_sa_build(const ike_pl_sa_t *sa, nea_wr_t *w);

int ike_pl_ke_parse(ike_pl_ke_t *ke, nea_rd_t *r, size_t base, unsigned flags, nea_perr_t *err);
int ike_pl_ke_build(const ike_pl_ke_t *ke, nea_wr_t *w);

int ike_pl_id_parse(ike_pl_id_t *id, nea_rd_t *r, size_t base, unsigned flags, nea_perr_t *err);
int ike_pl_id_build(const ike_pl_id_t *id, nea_wr_t *w);

/* certreq selects the CERTREQ rules (X.509 CA list = SHA-1 hashes). */
int ike_pl_cert_parse(ike_pl_cert_t *c, bool certreq, nea_rd_t *r, size_t base, nea_perr_t *err);
int ike_pl_cert_build(const ike_pl_cert_t *c, bool certreq, nea_wr_t *w);

int ike_pl_auth_parse(ike_pl_auth_t *a, nea_rd_t *r, size_t base, unsigned flags,
		      nea_perr_t *err);
int ike_pl_auth_build(const ike_pl_auth_t *a, nea_wr_t *w);

int ike_pl_nonce_parse(ike_pl_nonce_t *n, nea_rd_t *r, size_t base, nea_perr_t *err);
int ike_pl_nonce_build(const ike_pl_nonce_t *n, nea_wr_t *w);

int ike_pl_notify_parse(ike_pl_notify_t *n, nea_rd_t *r, size_t base, nea_perr_t *err);
int ike_pl_notify_build(const ike_pl_notify_t *n, nea_wr_t *w);

int ike_pl_delete_parse(ike_pl_delete_t *d, nea_rd_t *r, size_t base, nea_perr_t *err);
int ike_pl_delete_build(const ike_pl_delete_t *d, nea_wr_t *w);

int ike_pl_vid_parse(ike_pl_vid_t *v, nea_rd_t *r, size_t base, nea_perr_t *err);
int ike_pl_vid_build(const ike_pl_vid_t *v, nea_wr_t *w);

int ike_pl_ts_parse(ike_pl_ts_t *ts, nea_rd_t *r, size_t base, ike_arena_t *a, unsigned flags,
		    nea_perr_t *err);
int ike_pl_ts_build(const ike_pl_ts_t *ts, nea_wr_t *w);

int ike_pl_cp_parse(ike_pl_cp_t *cp, nea_rd_t *r, size_t base, ike_arena_t *a, unsigned flags,
		    nea_perr_t *err);
int ike_pl_cp_build(const ike_pl_cp_t *cp, nea_wr_t *w);

int ike_pl_eap_parse(ike_pl_eap_t *e, nea_rd_t *r, size_t base, nea_perr_t *err);
int ike_pl_eap_build(const ike_pl_eap_t *e, nea_wr_t *w);

/* SKF: only the 4-byte fragment header is parsed; the rest is body. */
int ike_pl_skf_parse(ike_pl_skf_t *f, nea_rd_t *r, size_t base, nea_perr_t *err);

#endif

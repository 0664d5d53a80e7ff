/*
 * pttls_version: PT-TLS Version Request / Version Response values
 * (RFC 6876 §3.7).
 *
 * Contract: a Version Request value is exactly 4 bytes, Reserved(1) Min(1)
 * Max(1) Preferred(1); a Version Response value exactly 4 bytes,
 * Reserved(3) Selected(1). Other sizes fail with NEA_EINVAL/NEA_ETRUNC at
 * the offset where the value went wrong (relative to the value). Reserved
 * bytes are ignored on receipt and written as zero.
 * pttls_version_select() applies strongSwan's server rule: version 1 is
 * chosen when min <= 1 <= max, otherwise NEA_EVERSION.
 */
#ifndef PTTLS_VERSION_H
#define PTTLS_VERSION_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

typedef struct {
	uint8_t min, max, pref;
} pttls_version_req_t;

int pttls_version_req_parse(const uint8_t *v, size_t len, pttls_version_req_t *out,
			    nea_perr_t *err);
int pttls_version_req_build(nea_wr_t *w, const pttls_version_req_t *in);
int pttls_version_resp_parse(const uint8_t *v, size_t len, uint8_t *version, nea_perr_t *err);
int pttls_version_resp_build(nea_wr_t *w, uint8_t version);
int pttls_version_select(const pttls_version_req_t *req, uint8_t *version);

#endif

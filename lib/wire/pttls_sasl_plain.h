/*
 * pttls_sasl_plain: the SASL PLAIN message (RFC 4616) carried as initial
 * data of a PT-TLS SASL Mechanism Selection or as SASL Authentication Data.
 *
 * Contract: message = [authzid] NUL authcid NUL passwd. parse() needs both
 * NULs (NEA_EINVAL at the end of the message if one is missing), a
 * non-empty authcid and passwd, no NUL in passwd, and each part at most
 * 255 bytes (RFC 4616 §2; NEA_ETOOBIG at the start of the part). Pointers
 * aim into the input. build() applies the same rules; strongSwan's client
 * sends an empty authzid. nea never logs the password.
 */
#ifndef PTTLS_SASL_PLAIN_H
#define PTTLS_SASL_PLAIN_H

#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PTTLS_SASL_PLAIN_MAX_PART 255
#define PTTLS_SASL_PLAIN_NAME "PLAIN"

typedef struct {
	const uint8_t *authzid;
	size_t authzid_len;
	const uint8_t *authcid;
	size_t authcid_len;
	const uint8_t *passwd;
	size_t passwd_len;
} pttls_sasl_plain_t;

int pttls_sasl_plain_parse(const uint8_t *msg, size_t len, pttls_sasl_plain_t *out,
			   nea_perr_t *err);
int pttls_sasl_plain_build(nea_wr_t *w, const pttls_sasl_plain_t *in);

#endif

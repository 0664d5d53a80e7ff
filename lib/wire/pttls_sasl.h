/*
 * pttls_sasl: PT-TLS SASL message values (RFC 6876 §3.8): SASL Mechanisms,
 * SASL Mechanism Selection and SASL Result. SASL Authentication Data is
 * opaque and needs no codec.
 *
 * Contract: a mechanism entry is one byte (3 reserved bits, ignored on
 * receipt and written as zero, + 5-bit name length) and the name: 1..20
 * characters of A-Z 0-9 '-' '_' (RFC 4422 §3.1); anything else is
 * NEA_EINVAL at the entry's offset, a cut-off name NEA_ETRUNC. An empty
 * SASL Mechanisms value means "SASL complete". Names point into the input.
 *
 * SASL Result: strongSwan 5.9.14 writes and reads the Result Code as ONE
 * byte followed by optional result data, while RFC 6876 §3.8.4 defines a
 * 16-bit code. nea always writes strongSwan's 1-byte form. On receipt a
 * value of exactly 2 bytes whose first byte is 0x00 is read as the RFC's
 * 16-bit code: no mechanism nea or strongSwan implements (PLAIN) sends
 * result data, so only an RFC peer produces that shape, and reading it
 * the strongSwan way would turn an RFC "Failure" (00 01) into "Success"
 * with one byte of data. Every other value is read the strongSwan way.
 * Codes above 3 (Mechanism Failure) are NEA_EINVAL.
 */
#ifndef PTTLS_SASL_H
#define PTTLS_SASL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nea_buf.h"
#include "nea_err.h"

#define PTTLS_SASL_MECH_MAX 20

enum {
	PTTLS_SASL_SUCCESS = 0,
	PTTLS_SASL_FAILURE = 1,
	PTTLS_SASL_ABORT = 2,
	PTTLS_SASL_MECH_FAILURE = 3,
};

typedef struct {
	const uint8_t *name;
	uint8_t len;
} pttls_sasl_mech_t;

/* Up to cap entries into out; NEA_ETOOBIG if the list holds more. */
int pttls_sasl_mechs_parse(const uint8_t *v, size_t len, pttls_sasl_mech_t *out, size_t cap,
			   size_t *n, nea_perr_t *err);
/* names: NUL-terminated mechanism names; n == 0 builds the empty list. */
int pttls_sasl_mechs_build(nea_wr_t *w, const char *const *names, size_t n);
/* True if the list contains name (case-sensitive, as on the wire). */
bool pttls_sasl_mechs_has(const pttls_sasl_mech_t *mechs, size_t n, const char *name);

int pttls_sasl_select_parse(const uint8_t *v, size_t len, pttls_sasl_mech_t *mech,
			    const uint8_t **init, size_t *init_len, nea_perr_t *err);
int pttls_sasl_select_build(nea_wr_t *w, const char *name, const uint8_t *init,
			    size_t init_len);

int pttls_sasl_result_parse(const uint8_t *v, size_t len, uint8_t *code, const uint8_t **data,
			    size_t *data_len, nea_perr_t *err);
int pttls_sasl_result_build(nea_wr_t *w, uint8_t code, const uint8_t *data, size_t data_len);

#endif

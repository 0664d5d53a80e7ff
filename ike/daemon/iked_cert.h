/*
 * iked_cert: X.509 for IKE: CERTREQ payload data (SHA-1 hashes of the
 * trusted CAs' public keys, RFC 7296 §3.7), DER of our certificate for the
 * CERT payload, and validation of a peer's certificate against the CAs of
 * the swanctl x509ca folder.
 *
 * Contract: iked_cert_verify() accepts a certificate only when OpenSSL
 * builds a path to one of our trusted CAs (with the intermediates the peer
 * sent) and the certificate is valid now; it logs charon's lines ("using
 * certificate \"...\"", "using trusted ca certificate \"...\"", "reached
 * self-signed root ca with a path length of N") or why it failed. Parsing
 * peer CERT payloads is bounded by the payload; a CERT that does not parse
 * is NEA_EINVAL.
 */
#ifndef IKED_CERT_H
#define IKED_CERT_H

#include <openssl/x509.h>
#include <stddef.h>
#include <stdint.h>

#include "iked_cfg.h"
#include "nea_buf.h"

/* CERTREQ data for all trusted CAs (empty when there are none). */
int iked_certreq_build(const iked_cfg_t *c, nea_wr_t *w);
/* DER of cert into w. */
int iked_cert_der(X509 *cert, nea_wr_t *w);
/* Parse a CERT payload body (X.509 signature encoding). */
int iked_cert_parse(const uint8_t *der, size_t len, X509 **out);
int iked_cert_verify(const iked_cfg_t *c, X509 *cert, STACK_OF(X509) *chain);

#endif

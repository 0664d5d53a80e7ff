/*
 * ike_auth: the AUTH payload's value (RFC 7296 §2.15, §2.16; RFC 5998;
 * RFC 4754; RFC 7427).
 *
 * Contract:
 *  - ike_auth_octets(): the signed octets of one side,
 *        RealMessage | Nonce of the other side | prf(SK_px, IDx')
 *    where RealMessage is that side's IKE_SA_INIT message as sent, SK_px its
 *    own SK_pi/SK_pr and IDx' the body of its ID payload (ID type, the three
 *    reserved octets, data: exactly ike_payload_t.body of a parsed IDi/IDr).
 *  - Shared-key AUTH: AUTH = prf(prf(secret, "Key Pad for IKEv2"), octets).
 *    For EAP (RFC 7296 §2.16, RFC 5998) the secret is the MSK (charon uses
 *    the whole 64-byte MSK as the PRF key), or SK_pi/SK_pr when the method
 *    produced no MSK: ike_auth_eap_secret() makes that choice. Verification
 *    compares in constant time and fails with NEA_EAUTH.
 *  - Signature AUTH: methods 1 (RSA PKCS#1 v1.5 with SHA-1), 9/10/11 (ECDSA
 *    on P-256/384/521 with SHA-256/384/512, r | s fixed width, RFC 4754)
 *    and 14 (1-byte length | AlgorithmIdentifier | signature; ECDSA in DER,
 *    RSA PKCS#1 or PSS). The key must fit the method (curve, key type);
 *    otherwise NEA_EINVAL (signing) or NEA_EAUTH (verification). A signature
 *    that does not verify is NEA_EAUTH; malformed AUTH data is NEA_EINVAL.
 *  - ike_auth_pick_sigalg() chooses the method-14 algorithm for our key the
 *    way charon does: ECDSA with the hash matching the curve, RSA with
 *    SHA-256 (PSS if asked), limited to what the peer announced in
 *    SIGNATURE_HASH_ALGORITHMS (NEA_ENOTFOUND if nothing fits).
 *  - Keys and certificates come from PEM files via OpenSSL; callers free
 *    them with EVP_PKEY_free()/X509_free().
 */
#ifndef IKE_AUTH_H
#define IKE_AUTH_H

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ike_chunk.h"
#include "ike_sigalg.h"
#include "nea_buf.h"
#include "nea_err.h"

#define IKE_KEY_PAD "Key Pad for IKEv2"
#define IKE_KEY_PAD_LEN 17

int ike_auth_octets(uint16_t prf, ike_chunk_t sk_p, ike_chunk_t message, ike_chunk_t nonce,
		    ike_chunk_t id_body, nea_wr_t *out);

/* MSK if the EAP method produced one, SK_p otherwise. */
ike_chunk_t ike_auth_eap_secret(ike_chunk_t msk, ike_chunk_t sk_p);
/* out receives ike_prf_len(prf) bytes. */
int ike_auth_psk(uint16_t prf, ike_chunk_t secret, ike_chunk_t octets, uint8_t *out,
		 size_t out_size, size_t *out_len);
int ike_auth_psk_verify(uint16_t prf, ike_chunk_t secret, ike_chunk_t octets, ike_chunk_t auth);

/* Signature AUTH data for method (1, 9-11, or 14 with alg). */
int ike_auth_sign(EVP_PKEY *key, uint8_t method, const ike_sigalg_t *alg, ike_chunk_t octets,
		  nea_wr_t *out);
int ike_auth_verify(EVP_PKEY *pub, uint8_t method, ike_chunk_t auth_data, ike_chunk_t octets,
		    nea_perr_t *err);
/* peer_hash_algs: data of the peer's SIGNATURE_HASH_ALGORITHMS notify. */
int ike_auth_pick_sigalg(EVP_PKEY *key, ike_chunk_t peer_hash_algs, bool pss, ike_sigalg_t *alg);
/* The classic method (1, 9, 10, 11) for a key. */
int ike_auth_classic_method(EVP_PKEY *key, uint8_t *method);

int ike_auth_load_key(const char *path, EVP_PKEY **key);
int ike_auth_load_cert(const char *path, X509 **cert);

#endif

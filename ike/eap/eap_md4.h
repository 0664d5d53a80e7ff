/*
 * eap_md4: MD4 (RFC 1320), only for MS-CHAPv2's NtPasswordHash.
 *
 * Contract: eap_md4() hashes len bytes into 16. It exists because OpenSSL 3
 * keeps MD4 in the "legacy" provider, which a sandboxed daemon may not be
 * able to load; MS-CHAPv2 uses MD4 only to turn the password into the NT
 * hash, where MD4's weaknesses do not matter more than MS-CHAPv2's own.
 */
#ifndef EAP_MD4_H
#define EAP_MD4_H

#include <stddef.h>
#include <stdint.h>

void eap_md4(const uint8_t *data, size_t len, uint8_t out[16]);

#endif

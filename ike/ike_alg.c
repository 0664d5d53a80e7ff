#include "ike_alg.h"

#include <string.h>

#include "ike_types.h"

bool ike_encr_is_aead(uint16_t id)
{
	return id == IKE_ENCR_AES_GCM_8 || id == IKE_ENCR_AES_GCM_12 ||
	       id == IKE_ENCR_AES_GCM_16 || id == IKE_ENCR_CHACHA20_POLY1305;
}

bool ike_encr_info(uint16_t id, uint16_t keylen_bits, ike_encr_info_t *info)
{
	memset(info, 0, sizeof(*info));
	switch (id) {
	case IKE_ENCR_AES_CBC:
		switch (keylen_bits) {
		case 128: info->cipher = "AES-128-CBC"; break;
		case 192: info->cipher = "AES-192-CBC"; break;
		case 256: info->cipher = "AES-256-CBC"; break;
		default: return false;
		}
		info->key_len = keylen_bits / 8;
		info->iv_len = 16;
		info->block_len = 16;
		return true;
	case IKE_ENCR_AES_GCM_8:
	case IKE_ENCR_AES_GCM_12:
	case IKE_ENCR_AES_GCM_16:
		switch (keylen_bits) {
		case 128: info->cipher = "AES-128-GCM"; break;
		case 192: info->cipher = "AES-192-GCM"; break;
		case 256: info->cipher = "AES-256-GCM"; break;
		default: return false;
		}
		info->key_len = keylen_bits / 8;
		/* RFC 5282 §7.1 (IKEv2) / RFC 4106: 4-byte salt, 8-byte IV */
		info->salt_len = 4;
		info->iv_len = 8;
		info->block_len = 1;
		info->icv_len = id == IKE_ENCR_AES_GCM_8 ? 8 : id == IKE_ENCR_AES_GCM_12 ? 12 : 16;
		info->aead = true;
		return true;
	case IKE_ENCR_CHACHA20_POLY1305:
		/* RFC 7634: fixed 256-bit key, no Key Length attribute */
		if (keylen_bits != 0 && keylen_bits != 256)
			return false;
		info->cipher = "ChaCha20-Poly1305";
		info->key_len = 32;
		info->salt_len = 4;
		info->iv_len = 8;
		info->block_len = 1;
		info->icv_len = 16;
		info->aead = true;
		return true;
	default:
		return false;
	}
}

bool ike_integ_info(uint16_t id, ike_integ_info_t *info)
{
	switch (id) {
	case IKE_INTEG_HMAC_SHA1_96: *info = (ike_integ_info_t){ "SHA1", 20, 12 }; return true;
	case IKE_INTEG_HMAC_SHA2_256_128: *info = (ike_integ_info_t){ "SHA256", 32, 16 }; return true;
	case IKE_INTEG_HMAC_SHA2_384_192: *info = (ike_integ_info_t){ "SHA384", 48, 24 }; return true;
	case IKE_INTEG_HMAC_SHA2_512_256: *info = (ike_integ_info_t){ "SHA512", 64, 32 }; return true;
	default: return false;
	}
}

bool ike_prf_info(uint16_t id, ike_prf_info_t *info)
{
	switch (id) {
	case IKE_PRF_HMAC_SHA1: *info = (ike_prf_info_t){ "SHA1", 20 }; return true;
	case IKE_PRF_HMAC_SHA2_256: *info = (ike_prf_info_t){ "SHA256", 32 }; return true;
	case IKE_PRF_HMAC_SHA2_384: *info = (ike_prf_info_t){ "SHA384", 48 }; return true;
	case IKE_PRF_HMAC_SHA2_512: *info = (ike_prf_info_t){ "SHA512", 64 }; return true;
	default: return false;
	}
}

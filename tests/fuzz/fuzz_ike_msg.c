/*
 * libFuzzer target: the IKEv2 message codec (ike_header.c, ike_msg.c and
 * every ike_payload_*.c) on hostile datagrams, plus what the daemon does
 * next with parsed input: summary, rebuild, proposal selection, AUTH
 * AlgorithmIdentifier decoding, SK decryption attempts, DH on KE data.
 *
 * Invariants checked (abort() on violation):
 *  - an accepted message without SK rebuilds, and the rebuilt bytes parse
 *    again into the same payload types and rebuild to the same bytes;
 *  - a rejected message names an offset inside the input;
 *  - the same bytes also go through ike_msg_parse_inner() (first byte =
 *    type of the first payload), the path decrypted content takes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ike_auth.h"
#include "ike_dh.h"
#include "ike_msg.h"
#include "ike_proposal.h"
#include "ike_sigalg.h"
#include "ike_sk.h"

static ike_prop_cfg_t ike_props[3], esp_props[2];
static size_t n_ike, n_esp;
static ike_sk_key_t k_cbc, k_gcm;
static ike_dh_t *dh25519, *dh256;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const uint8_t ekey[36] = { 1 }, akey[32] = { 2 };

	(void)argc;
	(void)argv;
	if (ike_proposals_parse("aes256-sha256-x25519,aes128gcm16-prfsha256-ecp256,"
				"aes128-sha384-modp2048",
				IKE_PROTO_IKE, ike_props, 3, &n_ike, NULL, 0) ||
	    ike_proposals_parse("aes256gcm128-chacha20poly1305-x25519,aes128-sha256",
				IKE_PROTO_ESP, esp_props, 2, &n_esp, NULL, 0) ||
	    ike_sk_key_init(&k_cbc, IKE_ENCR_AES_CBC, 256, IKE_INTEG_HMAC_SHA2_256_128, ekey, 32,
			    akey, 32) ||
	    ike_sk_key_init(&k_gcm, IKE_ENCR_AES_GCM_16, 256, 0, ekey, 36, NULL, 0) ||
	    ike_dh_new(IKE_DH_CURVE25519, &dh25519) || ike_dh_new(IKE_DH_ECP_256, &dh256))
		abort();
	return 0;
}

static void use_payloads(const ike_msg_t *m)
{
	for (size_t i = 0; i < m->npl; i++) {
		const ike_payload_t *p = &m->pl[i];

		switch (p->type) {
		case IKE_PL_SA: {
			ike_selected_t sel;

			(void)ike_proposal_select(ike_props, n_ike, &p->u.sa, false, &sel);
			(void)ike_proposal_select(esp_props, n_esp, &p->u.sa, true, &sel);
			(void)ike_proposal_verify(ike_props, n_ike, &p->u.sa, false, &sel);
			break;
		}
		case IKE_PL_AUTH:
			if (p->u.auth.method == IKE_AUTH_DIGITAL_SIG && p->u.auth.data.len > 1) {
				ike_sigalg_t alg;
				nea_rd_t r;
				uint8_t alen;
				const uint8_t *der;

				nea_rd_init(&r, p->u.auth.data.ptr, p->u.auth.data.len);
				if (nea_rd_u8(&r, &alen) && nea_rd_bytes(&r, alen, &der))
					(void)ike_sigalg_decode(ike_chunk(der, alen), &alg, NULL);
			}
			break;
		case IKE_PL_NOTIFY:
			if (p->u.notify.type == IKE_N_SIGNATURE_HASH_ALGORITHMS)
				(void)ike_hash_algs_has(p->u.notify.data, IKE_HASH_SHA2_384);
			break;
		case IKE_PL_KE: {
			uint8_t s[IKE_DH_MAX_SECRET];
			size_t sl;
			ike_dh_t *dh = p->u.ke.group == IKE_DH_CURVE25519 ? dh25519
				       : p->u.ke.group == IKE_DH_ECP_256  ? dh256
									  : NULL;

			if (dh)
				(void)ike_dh_derive(dh, p->u.ke.data.ptr, p->u.ke.data.len, s, sizeof(s),
						    &sl);
			break;
		}
		default:
			break;
		}
	}
}

static void rebuild(const ike_msg_t *m)
{
	nea_wr_t w1, w2;
	ike_msg_t again;
	nea_perr_t err;

	if (m->sk != IKE_NO_SK)
		return;
	nea_wr_init(&w1, IKE_MSG_MAX);
	if (ike_msg_build(&m->hdr, m->pl, m->npl, &w1) != 0) {
		/* only a message too big for the builder's limit may fail */
		if (nea_wr_error(&w1) != NEA_ETOOBIG)
			abort();
		nea_wr_free(&w1);
		return;
	}
	if (ike_msg_parse(&again, w1.ptr, w1.len, 0, &err) != 0 || again.npl != m->npl)
		abort();
	for (size_t i = 0; i < m->npl; i++)
		if (again.pl[i].type != m->pl[i].type)
			abort();
	nea_wr_init(&w2, IKE_MSG_MAX);
	if (ike_msg_build(&again.hdr, again.pl, again.npl, &w2) != 0 || w2.len != w1.len ||
	    memcmp(w1.ptr, w2.ptr, w1.len) != 0)
		abort();
	nea_wr_free(&w2);
	ike_msg_free(&again);
	nea_wr_free(&w1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned modes[2] = { 0, IKE_PARSE_STRICT };
	ike_msg_t m;
	nea_perr_t err;
	char sum[512];

	for (int i = 0; i < 2; i++) {
		int rc = ike_msg_parse(&m, data, size, modes[i], &err);

		if (rc == 0) {
			ike_msg_summary(&m, sum, sizeof(sum));
			use_payloads(&m);
			rebuild(&m);
			if (m.sk != IKE_NO_SK && m.pl[m.sk].type == IKE_PL_SK) {
				(void)ike_sk_decrypt(&k_cbc, &m, &err);
				(void)ike_sk_decrypt(&k_gcm, &m, &err);
			}
		} else if (rc != NEA_ENOMEM && err.offset > size) {
			abort();
		}
		ike_msg_free(&m);
	}
	if (size >= 1) {
		/* the inner path: a header is needed for context only */
		ike_msg_init(&m);
		if (ike_msg_parse_inner(&m, data[0], data + 1, size - 1, &err) == 0) {
			ike_msg_summary(&m, sum, sizeof(sum));
			use_payloads(&m);
		} else if (err.offset > size - 1) {
			abort();
		}
		ike_msg_free(&m);
	}
	return 0;
}

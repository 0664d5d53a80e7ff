/*
 * IKE_SA rekeying as responder (RFC 7296 §1.3.2, §2.18): CREATE_CHILD_SA
 * with an IKE proposal, KE and Ni on the old IKE_SA. The answer carries our
 * new SPI, Nr and KE; the new IKE_SA gets SKEYSEED = prf_old(SK_d_old,
 * g^ir | Ni | Nr), starts its message IDs at 0 and takes over everything
 * the old one owned that outlives it (CHILD_SAs, virtual IPs, identities,
 * DPD); the peer then deletes the old IKE_SA, which has nothing left to
 * release. Simultaneous rekeying (both sides at once) does not happen:
 * nea-iked never starts an IKE_SA rekey itself.
 */
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <string.h>

#include "iked.h"
#include "iked_exchange.h"
#include "iked_msg.h"
#include "ike_dh.h"
#include "ike_names.h"
#include "nea_err.h"
#include "nea_log.h"

#define NONCE_LEN 32

void iked_rekey_ike_request(iked_sa_t *sa, const ike_msg_t *m)
{
	const ike_payload_t *sap = ike_msg_get(m, IKE_PL_SA);
	const ike_payload_t *kep = ike_msg_get(m, IKE_PL_KE);
	const ike_payload_t *nip = ike_msg_get(m, IKE_PL_NONCE);
	uint8_t gir[IKE_DH_MAX_SECRET], pub[IKE_DH_MAX_PUB], grp[2];
	char ps[256], a[64], b[64];
	ike_selected_t sel;
	ike_proposal_t prop;
	ike_payload_t pl[3];
	size_t gir_len = 0, publen;
	ike_dh_t *dh = NULL;
	iked_sa_t *nsa;
	int rc;

	if (!sap || !kep || !nip || nip->u.nonce.data.len > IKE_NONCE_MAX) {
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_INVALID_SYNTAX);
		return;
	}
	if (sa->i_pending || sa->r_busy) {
		/* we are in the middle of our own exchange: not now */
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_TEMPORARY_FAILURE);
		return;
	}
	if (ike_proposal_select(sa->conn->ike, sa->conn->nike, &sap->u.sa, false, &sel) < 0 ||
	    sel.spi_len != IKE_SPI_LEN || !memcmp(sel.spi, "\0\0\0\0\0\0\0\0", 8)) {
		NLOG(IKE, 1, "no acceptable proposal for rekeying the IKE_SA");
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_NO_PROPOSAL_CHOSEN);
		return;
	}
	if (kep->u.ke.group != sel.suite.dh) {
		ike_payload_t p;

		nea_put_u16(grp, sel.suite.dh);
		iked_pl_notify(&p, IKE_N_INVALID_KE_PAYLOAD, grp, 2);
		iked_msg_respond(sa, &m->hdr, &p, 1);
		return;
	}
	publen = ike_dh_pub_len(sel.suite.dh);
	rc = ike_dh_new(sel.suite.dh, &dh);
	if (rc == 0)
		rc = ike_dh_public(dh, pub, publen);
	if (rc == 0)
		rc = ike_dh_derive(dh, kep->u.ke.data.ptr, kep->u.ke.data.len, gir, sizeof(gir),
				   &gir_len);
	ike_dh_free(dh);
	if (rc < 0) {
		OPENSSL_cleanse(gir, sizeof(gir));
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_INVALID_SYNTAX);
		return;
	}
	rc = iked_sa_create(sa->ik, false, &sa->local, &sa->remote, sel.spi, &nsa);
	if (rc < 0) {
		OPENSSL_cleanse(gir, sizeof(gir));
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_TEMPORARY_FAILURE);
		return;
	}
	/* the new SA lives under the old one's configuration snapshot */
	iked_cfg_unref(nsa->cfg);
	nsa->cfg = iked_cfg_ref(sa->cfg);
	nsa->conn = sa->conn;
	nsa->ni_len = nip->u.nonce.data.len;
	memcpy(nsa->ni, nip->u.nonce.data.ptr, nsa->ni_len);
	nsa->nr_len = NONCE_LEN;
	if (RAND_bytes(nsa->nr, NONCE_LEN) != 1) {
		rc = NEA_ECRYPTO;
		goto fail;
	}
	rc = ike_keys_derive_rekey(&nsa->keys, &sel.suite, sa->ike_sel.suite.prf,
				   ike_chunk(sa->keys.sk_d, sa->keys.d_len),
				   ike_chunk(nsa->ni, nsa->ni_len), ike_chunk(nsa->nr, nsa->nr_len),
				   ike_chunk(gir, gir_len), nsa->spi_i, nsa->spi_r);
	OPENSSL_cleanse(gir, sizeof(gir));
	if (rc == 0)
		rc = ike_sk_init(&nsa->sk, &nsa->keys, false);
	if (rc < 0)
		goto fail;
	nsa->keyed = true;
	nsa->ike_sel = sel;
	nsa->natt = sa->natt;
	nsa->nat_here = sa->nat_here;
	nsa->nat_there = sa->nat_there;
	nsa->peer_frag = sa->peer_frag;
	memcpy(nsa->hash_algs, sa->hash_algs, sizeof(nsa->hash_algs));
	nsa->hash_algs_len = sa->hash_algs_len;

	memset(pl, 0, sizeof(pl));
	ike_selected_to_wire(&sel, nsa->spi_r, IKE_SPI_LEN, &prop);
	pl[0].type = IKE_PL_SA;
	pl[0].u.sa.nprops = 1;
	pl[0].u.sa.props = &prop;
	pl[1].type = IKE_PL_NONCE;
	pl[1].u.nonce.data = ike_chunk(nsa->nr, nsa->nr_len);
	pl[2].type = IKE_PL_KE;
	pl[2].u.ke.group = sel.suite.dh;
	pl[2].u.ke.data = ike_chunk(pub, publen);
	rc = iked_msg_respond(sa, &m->hdr, pl, 3);
	if (rc < 0)
		goto fail;

	/* hand over what outlives the old IKE_SA */
	nsa->my_id = sa->my_id;
	nsa->other_id = sa->other_id;
	nsa->eap.have_identity = sa->eap.have_identity;
	memcpy(nsa->eap.identity, sa->eap.identity, sizeof(nsa->eap.identity));
	nsa->eap.identity_len = sa->eap.identity_len;
	nsa->eap.complete = true;
	nsa->vip4 = sa->vip4;
	nsa->vip6 = sa->vip6;
	nsa->has_vip4 = sa->has_vip4;
	nsa->has_vip6 = sa->has_vip6;
	nsa->vip_ours = sa->vip_ours;
	sa->has_vip4 = sa->has_vip6 = false;
	for (size_t i = 0; i < sa->nchildren; i++) {
		nsa->children[i] = sa->children[i];
		sa->children[i] = NULL;
	}
	nsa->nchildren = sa->nchildren;
	sa->nchildren = 0;
	nsa->established = sa->established;
	nsa->est_counted = false;
	iked_sa_set_state(nsa, IKED_SA_ESTABLISHED);
	nsa->established = sa->established;
	NLOG(CFG, 1, "selected proposal: %s",
	     ike_proposal_str(IKE_PROTO_IKE, sel.trans, sel.ntrans, ps, sizeof(ps)));
	NLOG(IKE, 0, "IKE_SA %s rekeyed to %s; the old one goes with the peer's Delete",
	     iked_sa_name(sa, a, sizeof(a)), iked_sa_name(nsa, b, sizeof(b)));
	/* the old SA now only waits for its Delete */
	sa->ik->sas.established--;
	sa->est_counted = false;
	iked_sa_set_state(sa, IKED_SA_DELETING);
	iked_sa_expire(sa, (uint64_t)sa->cfg->half_open_timeout_s * 1000);
	return;
fail:
	NLOG(IKE, 0, "rekeying IKE_SA failed: %s", nea_strerror(rc));
	iked_sa_destroy(nsa, "rekeying failed");
	if (!sa->r_have_resp || sa->r_resp_id != m->hdr.msg_id)
		iked_msg_respond_notify(sa, &m->hdr, IKE_N_TEMPORARY_FAILURE);
}

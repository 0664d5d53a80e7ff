/*
 * PT-EAP (RFC 7171) and EAP-TNC as the last phase-2 method of EAP-TTLS,
 * server and peer both nea_eap, with scripted brokers behind the TNC
 * bridge: PB-TNC batches of 2845 and 32754 bytes crossing in several
 * EAP-TTLS fragments, verdicts, the asynchronous interface, and the
 * PT-EAP method on its own (wire bytes, counting, misuse).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "eap_ttls_int.h"
#include "ttls_test_util.h"

static pki_t pki;
static broker_t sb, pb;
static uint8_t *bufs[8];
static int nbufs;

static void setup(void)
{
	pki_init(&pki);
	memset(&sb, 0, sizeof(sb));
	memset(&pb, 0, sizeof(pb));
	sb.server = true;
	nbufs = 0;
}

static void teardown(void)
{
	for (int i = 0; i < nbufs; i++)
		free(bufs[i]);
	broker_free(&sb);
	broker_free(&pb);
	pki_free(&pki);
}

static int lookup(void *ctx, const char *identity, uint8_t *buf, size_t *len, bool *nt_hash)
{
	(void)ctx;
	(void)nt_hash;
	if (strcmp(identity, "carol") != 0)
		return NEA_ENOTFOUND;
	memcpy(buf, "sesame", 6);
	*len = 6;
	return 0;
}

static void srv_cfg(eap_ttls_cfg_t *c)
{
	eap_ttls_cfg_defaults(c);
	c->cert = pki.srv;
	c->key = pki.srv_key;
	c->ca = pki.store;
	c->eap_identity = "carol";
	c->secret_fn = lookup;
	c->peer_label = "192.0.2.7";
	c->phase2_tnc = true;
	c->phase2_piggyback = true;
	c->bridge = broker_bridge(&sb);
	/* the seed's strongswan.conf for PT-EAP */
	c->max_message_count = 0;
	c->tnc_max_message_count = 0;
}

static void peer_cfg(eap_ttls_cfg_t *c)
{
	eap_ttls_cfg_defaults(c);
	c->ca = pki.store;
	c->server_id = "gw.nea.test";
	c->eap_identity = "carol";
	c->secret = (const uint8_t *)"sesame";
	c->secret_len = 6;
	c->bridge = broker_bridge(&pb);
	c->max_message_count = 0;
	c->tnc_max_message_count = 0;
}

static void script(broker_t *b, size_t len, uint8_t tag)
{
	cr_assert_lt(nbufs, 8);
	bufs[nbufs] = make_batch(len, tag);
	b->tx[b->n_tx] = bufs[nbufs++];
	b->tx_len[b->n_tx++] = len;
}

/* What each broker received is exactly what the other one sent. */
static void check_crossed(void)
{
	cr_assert_eq(sb.batches_in, pb.next_tx, "server got %d of %d client batches",
		     sb.batches_in, pb.next_tx);
	for (int i = 0; i < sb.batches_in; i++) {
		cr_assert_eq(sb.rx_len[i], pb.tx_len[i]);
		cr_assert_arr_eq(sb.rx[i], pb.tx[i], pb.tx_len[i], "client batch %d corrupted", i);
	}
	cr_assert_eq(pb.batches_in, sb.next_tx);
	for (int i = 0; i < pb.batches_in; i++) {
		cr_assert_eq(pb.rx_len[i], sb.tx_len[i]);
		cr_assert_arr_eq(pb.rx[i], sb.tx[i], sb.tx_len[i], "server batch %d corrupted", i);
	}
}

TestSuite(eap_pteap, .init = setup, .fini = teardown);

/* The seed's second flow: MD5, then PT-EAP; the client's 2845-byte
 * Installed Packages batch needs three EAP-TTLS fragments. */
Test(eap_pteap, md5_then_pteap_2845_byte_batch_allow)
{
	eap_ttls_cfg_t sc, pc;
	eap_ttls_result_t res;
	eap_method_t *srv, *peer;
	const uint8_t *msk;
	size_t len;
	run_t r;

	srv_cfg(&sc);
	peer_cfg(&pc);
	script(&pb, 366, 1);  /* CDATA */
	script(&sb, 512, 2);  /* SDATA */
	script(&pb, 2845, 3); /* CDATA: Installed Packages */
	script(&sb, 138, 4);  /* RESULT */
	script(&pb, 8, 5);    /* CLOSE */
	sb.verdict = EAP_TNC_REC_ALLOW;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	cr_assert(srv && peer);
	r = ttls_run(srv, peer, &sb, &pb);
	cr_assert_eq(r.srv_rc, EAP_M_SUCCESS);
	cr_assert_eq(r.peer_rc, EAP_M_SUCCESS);
	check_crossed();
	cr_assert_geq(r.peer_frags, 2, "2845 bytes must take three fragments (%d with M)",
		      r.peer_frags);
	cr_assert_leq(r.largest, 1024);
	cr_assert_eq(sb.opens, 1);
	cr_assert_eq(sb.closes, 1);
	cr_assert_eq(pb.opens, 1);
	cr_assert_str_eq(sb.identity, "carol");
	cr_assert_eq(sb.auth, EAP_TNC_AUTH_PASSWORD);
	cr_assert_eq(sb.auth_method, EAP_TYPE_MD5);
	cr_assert_eq(sb.max_batch, 65522); /* strongSwan: 4 * 16384 - 14 */
	cr_assert_gt(sb.readies, 0);
	cr_assert_gt(pb.readies, 0);
	cr_assert_eq(r.srv_pending, 3);
	eap_ttls_result(srv, &res);
	cr_assert(res.tnc_ran);
	cr_assert_eq(res.tnc_rec, EAP_TNC_REC_ALLOW);
	msk = eap_method_msk(srv, &len);
	cr_assert_not_null(msk);
	cr_assert_eq(len, EAP_MSK_LEN);
	eap_method_free(srv);
	eap_method_free(peer);
	cr_assert_eq(pb.closes, 1);
}

/* 32754-byte batches (strongSwan's recommended max_batch_size) both ways,
 * the broker's CLOSE handed in with a 'no access' verdict. */
Test(eap_pteap, batches_of_32754_bytes_both_ways_no_access)
{
	eap_ttls_cfg_t sc, pc;
	eap_ttls_result_t res;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	peer_cfg(&pc);
	script(&pb, 32754, 1);
	script(&sb, 32754, 2);
	script(&pb, 100, 3);
	script(&sb, 8, 4); /* CLOSE, with the verdict */
	sb.verdict = EAP_TNC_REC_NO_ACCESS;
	sb.verdict_with_last = true;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, &sb, &pb);
	cr_assert_eq(r.srv_rc, EAP_M_FAILURE);
	cr_assert_eq(r.peer_rc, EAP_M_FAILURE);
	check_crossed();
	cr_assert_geq(r.peer_frags, 31);
	cr_assert_geq(r.srv_frags, 31);
	cr_assert_eq(sb.closes, 1);
	eap_ttls_result(srv, &res);
	cr_assert_eq(res.tnc_rec, EAP_TNC_REC_NO_ACCESS);
	cr_assert(strstr(res.reason, "no access"), "%s", res.reason);
	cr_assert_null(eap_method_msk(srv, &(size_t){ 0 }));
	eap_method_free(srv);
	eap_method_free(peer);
}

/* strongSwan's default max_message_count (32) cannot carry a 32754-byte
 * batch in 1024-byte fragments: the bound holds. */
Test(eap_pteap, default_message_count_bounds_the_conversation)
{
	eap_ttls_cfg_t sc, pc;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	sc.max_message_count = EAP_TTLS_DEFAULT_MAX_MESSAGE_COUNT;
	peer_cfg(&pc);
	script(&pb, 32754, 1);
	script(&sb, 8, 2);
	sb.verdict = EAP_TNC_REC_ALLOW;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, &sb, &pb);
	cr_assert_eq(r.srv_rc, EAP_M_FAILURE);
	cr_assert_eq(sb.batches_in, 0, "no batch may reach the broker");
	/* the TNC connection closes when EAP-TTLS fails, not at free() */
	cr_assert_eq(sb.opens, 1);
	cr_assert_eq(sb.closes, 1);
	eap_method_free(srv);
	eap_method_free(peer);
	cr_assert_eq(sb.closes, 1);
}

/* The seed's first flow: client certificate, no password, PT-EAP; the
 * client's CLOSE comes back and the broker's verdict ends it. */
Test(eap_pteap, client_certificate_then_pteap)
{
	eap_ttls_cfg_t sc, pc;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	sc.request_peer_auth = true;
	sc.eap_identity = "client.nea.test";
	peer_cfg(&pc);
	pc.eap_identity = "client.nea.test";
	pc.secret = NULL;
	pc.secret_len = 0;
	pc.cert = pki.cli;
	pc.key = pki.cli_key;
	script(&pb, 366, 1);
	script(&sb, 138, 2);
	script(&pb, 8, 3);
	sb.verdict = EAP_TNC_REC_ALLOW;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, &sb, &pb);
	cr_assert_eq(r.srv_rc, EAP_M_SUCCESS);
	cr_assert_eq(r.peer_rc, EAP_M_SUCCESS);
	check_crossed();
	cr_assert_eq(sb.auth, EAP_TNC_AUTH_CERT);
	cr_assert_eq(sb.auth_method, EAP_TYPE_TLS);
	cr_assert_str_eq(sb.identity, "client.nea.test");
	eap_method_free(srv);
	eap_method_free(peer);
}

Test(eap_pteap, isolate_fails_unless_configured_to_succeed)
{
	eap_ttls_cfg_t sc, pc;
	eap_method_t *srv, *peer;
	run_t r;

	for (int pass = 0; pass < 2; pass++) {
		broker_free(&sb);
		broker_free(&pb);
		memset(&sb, 0, sizeof(sb));
		memset(&pb, 0, sizeof(pb));
		sb.server = true;
		srv_cfg(&sc);
		sc.isolate_succeeds = pass == 1;
		peer_cfg(&pc);
		script(&pb, 50, 1);
		script(&sb, 60, 2);
		script(&pb, 8, 3);
		sb.verdict = EAP_TNC_REC_ISOLATE;
		srv = eap_ttls_server_new(&sc);
		peer = eap_ttls_peer_new(&pc);
		r = ttls_run(srv, peer, &sb, &pb);
		cr_assert_eq(r.srv_rc, pass ? EAP_M_SUCCESS : EAP_M_FAILURE);
		eap_method_free(srv);
		eap_method_free(peer);
	}
}

/* EAP-TNC (type 38) for older peers: same bridge, L/M/S framing. */
Test(eap_pteap, eap_tnc_type_38)
{
	eap_ttls_cfg_t sc, pc;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	sc.phase2_tnc_method = EAP_TYPE_TNC;
	sc.phase2_method = EAP_TYPE_MSCHAPV2;
	peer_cfg(&pc);
	script(&pb, 2845, 1);
	script(&sb, 40000, 2);
	script(&pb, 8, 3);
	sb.verdict = EAP_TNC_REC_ALLOW;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, &sb, &pb);
	cr_assert_eq(r.srv_rc, EAP_M_SUCCESS);
	cr_assert_eq(r.peer_rc, EAP_M_SUCCESS);
	check_crossed();
	cr_assert_eq(sb.auth_method, EAP_TYPE_MSCHAPV2);
	eap_method_free(srv);
	eap_method_free(peer);
}

Test(eap_pteap, tnc_message_count_exceeded)
{
	eap_ttls_cfg_t sc, pc;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	sc.tnc_max_message_count = 2;
	peer_cfg(&pc);
	script(&pb, 20, 1);
	script(&sb, 20, 2);
	script(&pb, 20, 3);
	script(&sb, 20, 4);
	script(&pb, 20, 5);
	sb.verdict = EAP_TNC_REC_ALLOW;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, &sb, &pb);
	cr_assert_eq(r.srv_rc, EAP_M_FAILURE);
	cr_assert_eq(sb.batches_in, 2);
	cr_assert_eq(sb.closes, 1);
	eap_method_free(srv);
	eap_method_free(peer);
}

Test(eap_pteap, broker_refusing_the_connection_fails_the_tunnel)
{
	eap_ttls_cfg_t sc, pc;
	eap_method_t *srv, *peer;
	run_t r;

	srv_cfg(&sc);
	peer_cfg(&pc);
	sb.refuse_open = NEA_ECLOSED;
	srv = eap_ttls_server_new(&sc);
	peer = eap_ttls_peer_new(&pc);
	r = ttls_run(srv, peer, &sb, &pb);
	cr_assert_eq(r.srv_rc, EAP_M_FAILURE);
	cr_assert_eq(r.peer_rc, EAP_M_FAILURE);
	cr_assert_eq(sb.opens, 1);
	cr_assert_eq(sb.closes, 0);
	eap_method_free(srv);
	eap_method_free(peer);
}

/* --- the PT-EAP method on its own ------------------------------------- */

static eap_method_t *pt_server(uint8_t type, int max_count)
{
	eap_tnc_cfg_t c = { 0 };

	c.bridge = broker_bridge(&sb);
	c.conn.identity = "carol";
	c.conn.auth = EAP_TNC_AUTH_PASSWORD;
	c.max_message_count = max_count;
	c.peer_label = "192.0.2.7";
	return eap_pteap_server_new(type, &c);
}

static void pt_msg(nea_wr_t *w, uint8_t code, uint8_t id, const uint8_t *batch, size_t len)
{
	eap_tls_pkt_t p = { .code = code, .id = id, .type = EAP_TYPE_PT_EAP, .data = batch,
			    .data_len = len };

	reset_wr(w);
	cr_assert_eq(eap_tls_pkt_build(w, &p), 0);
}

Test(eap_pteap, wire_bytes_and_async_contract)
{
	static const uint8_t start[] = { 0x01, 0x05, 0x00, 0x06, 0x36, 0x81 };
	eap_method_t *m;
	nea_wr_t in, out;
	nea_perr_t err = { 0 };
	uint8_t batch[20];

	memset(batch, 0x5a, sizeof(batch));
	m = pt_server(EAP_TYPE_PT_EAP, -1);
	cr_assert_not_null(m);
	nea_wr_init(&in, 0);
	nea_wr_init(&out, 0);
	cr_assert_eq(eap_method_start(m, 5, &out), 0);
	cr_assert_eq(out.len, sizeof(start));
	cr_assert_arr_eq(out.ptr, start, sizeof(start));
	cr_assert_eq(sb.opens, 1);
	/* nothing to deliver before a batch came in */
	cr_assert_eq(eap_pteap_deliver(m, batch, sizeof(batch)), NEA_ESTATE);

	pt_msg(&in, EAP_CODE_RESPONSE, 5, batch, sizeof(batch));
	reset_wr(&out);
	cr_assert_eq(eap_method_process(m, in.ptr, in.len, &out, &err), EAP_M_PENDING);
	cr_assert_eq(out.len, 0);
	cr_assert_eq(sb.batches_in, 1);
	cr_assert_arr_eq(sb.rx[0], batch, sizeof(batch));
	/* pending: packets and early resumes are refused, state kept */
	cr_assert_eq(eap_method_process(m, in.ptr, in.len, &out, &err), NEA_ESTATE);
	cr_assert_eq(eap_method_resume(m, &out), EAP_M_PENDING);
	cr_assert_eq(eap_pteap_deliver(m, batch, EAP_PTEAP_MAX_BATCH + 1), NEA_ETOOBIG);
	cr_assert_eq(eap_pteap_deliver(m, NULL, 0), NEA_EINVAL);
	cr_assert_eq(eap_pteap_deliver(m, batch, 12), 0);
	cr_assert_eq(sb.readies, 1);
	cr_assert_eq(eap_pteap_deliver(m, batch, 12), NEA_ESTATE);
	cr_assert_eq(eap_method_resume(m, &out), EAP_M_SEND);
	/* 01 06 00 12 36 01 + batch */
	cr_assert_eq(out.len, 18);
	cr_assert_eq(out.ptr[0], EAP_CODE_REQUEST);
	cr_assert_eq(out.ptr[1], 6);
	cr_assert_eq(out.ptr[4], 0x36);
	cr_assert_eq(out.ptr[5], 0x01);
	cr_assert_arr_eq(out.ptr + 6, batch, 12);
	cr_assert_eq(eap_method_resume(m, &out), NEA_ESTATE);

	/* the verdict comes while we wait for the peer: its next response ends it */
	cr_assert_eq(eap_pteap_verdict(m, EAP_TNC_REC_NO_ACCESS), 0);
	cr_assert_eq(eap_pteap_verdict(m, EAP_TNC_REC_ALLOW), NEA_ESTATE);
	cr_assert_eq(sb.readies, 1);
	pt_msg(&in, EAP_CODE_RESPONSE, 6, batch, 8);
	reset_wr(&out);
	cr_assert_eq(eap_method_process(m, in.ptr, in.len, &out, &err), EAP_M_FAILURE);
	cr_assert_eq(eap_pteap_rec(m), EAP_TNC_REC_NO_ACCESS);
	cr_assert_eq(sb.closes, 1);
	cr_assert_eq(eap_method_process(m, in.ptr, in.len, &out, &err), NEA_ESTATE);
	nea_wr_free(&in);
	nea_wr_free(&out);
	eap_method_free(m);
	cr_assert_eq(sb.closes, 1, "close() exactly once");
}

Test(eap_pteap, malformed_and_unexpected_packets)
{
	eap_method_t *m;
	nea_wr_t in, out;
	nea_perr_t err = { 0 };
	uint8_t raw[] = { 0x02, 0x01, 0x00, 0x08, 0x36, 0x01, 0xaa, 0xbb };

	nea_wr_init(&in, 0);
	nea_wr_init(&out, 0);

	/* envelope errors: discarded, state unchanged */
	m = pt_server(EAP_TYPE_PT_EAP, -1);
	cr_assert_eq(eap_method_start(m, 1, &out), 0);
	for (size_t n = 0; n < sizeof(raw); n++)
		cr_assert_lt(eap_method_process(m, raw, n, &out, &err), 0, "prefix %zu", n);
	raw[1] = 9; /* wrong identifier */
	cr_assert_lt(eap_method_process(m, raw, sizeof(raw), &out, &err), 0);
	raw[1] = 1;
	cr_assert_eq(sb.batches_in, 0);
	/* version 2: failure */
	raw[5] = 0x02;
	cr_assert_eq(eap_method_process(m, raw, sizeof(raw), &out, &err), EAP_M_FAILURE);
	cr_assert_eq(sb.closes, 1);
	eap_method_free(m);

	/* a fragment flag on PT-EAP: failure */
	m = pt_server(EAP_TYPE_PT_EAP, -1);
	reset_wr(&out);
	cr_assert_eq(eap_method_start(m, 1, &out), 0);
	raw[5] = 0x41;
	cr_assert_eq(eap_method_process(m, raw, sizeof(raw), &out, &err), EAP_M_FAILURE);
	eap_method_free(m);

	/* a start from the peer: failure */
	m = pt_server(EAP_TYPE_PT_EAP, -1);
	reset_wr(&out);
	cr_assert_eq(eap_method_start(m, 1, &out), 0);
	raw[5] = 0x81;
	cr_assert_eq(eap_method_process(m, raw, sizeof(raw), &out, &err), EAP_M_FAILURE);
	eap_method_free(m);
	cr_assert_eq(sb.batches_in, 0);
	cr_assert_eq(sb.opens, 3);
	cr_assert_eq(sb.closes, 3);
	nea_wr_free(&in);
	nea_wr_free(&out);
}

Test(eap_pteap, max_message_count_counts_every_packet)
{
	eap_method_t *m;
	nea_wr_t in, out;
	nea_perr_t err = { 0 };
	uint8_t batch[8] = { 2, 0x80, 0, 6, 0, 0, 0, 8 };

	m = pt_server(EAP_TYPE_PT_EAP, 2);
	nea_wr_init(&in, 0);
	nea_wr_init(&out, 0);
	cr_assert_eq(eap_method_start(m, 1, &out), 0);
	for (uint8_t id = 1; id <= 2; id++) {
		pt_msg(&in, EAP_CODE_RESPONSE, id, batch, sizeof(batch));
		reset_wr(&out);
		cr_assert_eq(eap_method_process(m, in.ptr, in.len, &out, &err), EAP_M_PENDING);
		cr_assert_eq(eap_pteap_deliver(m, batch, sizeof(batch)), 0);
		cr_assert_eq(eap_method_resume(m, &out), EAP_M_SEND);
	}
	pt_msg(&in, EAP_CODE_RESPONSE, 3, batch, sizeof(batch));
	cr_assert_eq(eap_method_process(m, in.ptr, in.len, &out, &err), EAP_M_FAILURE);
	cr_assert_eq(sb.batches_in, 2);
	nea_wr_free(&in);
	nea_wr_free(&out);
	eap_method_free(m);
}

Test(eap_pteap, peer_answers_start_and_empty_requests)
{
	eap_tnc_cfg_t c = { 0 };
	eap_method_t *m;
	nea_wr_t in, out;
	nea_perr_t err = { 0 };
	uint8_t batch[30];

	memset(batch, 0x33, sizeof(batch));
	c.bridge = broker_bridge(&pb);
	c.conn.identity = "carol";
	c.max_message_count = 0;
	m = eap_pteap_peer_new(EAP_TYPE_PT_EAP, &c);
	nea_wr_init(&in, 0);
	nea_wr_init(&out, 0);
	/* no data before the start */
	pt_msg(&in, EAP_CODE_REQUEST, 3, batch, sizeof(batch));
	cr_assert_eq(eap_method_process(m, in.ptr, in.len, &out, &err), EAP_M_FAILURE);
	eap_method_free(m);
	cr_assert_eq(pb.opens, 0);

	m = eap_pteap_peer_new(EAP_TYPE_PT_EAP, &c);
	reset_wr(&in);
	cr_assert_eq(eap_tls_start_build(&in, EAP_TYPE_PT_EAP, 3), 0);
	reset_wr(&out);
	cr_assert_eq(eap_method_process(m, in.ptr, in.len, &out, &err), EAP_M_PENDING);
	cr_assert_eq(pb.opens, 1);
	cr_assert_str_eq(pb.identity, "carol");
	cr_assert_eq(eap_pteap_verdict(m, EAP_TNC_REC_ALLOW), NEA_ESTATE);
	cr_assert_eq(eap_pteap_deliver(m, batch, sizeof(batch)), 0);
	cr_assert_eq(eap_method_resume(m, &out), EAP_M_SEND);
	cr_assert_eq(out.ptr[0], EAP_CODE_RESPONSE);
	cr_assert_eq(out.ptr[1], 3);
	cr_assert_eq(out.ptr[5], 0x01);
	cr_assert_eq(out.len, 6 + sizeof(batch));
	/* an empty request gets an empty response */
	reset_wr(&in);
	cr_assert_eq(eap_tls_ack_build(&in, EAP_CODE_REQUEST, EAP_TYPE_PT_EAP, 4), 0);
	reset_wr(&out);
	cr_assert_eq(eap_method_process(m, in.ptr, in.len, &out, &err), EAP_M_SEND);
	cr_assert_eq(out.len, 6);
	/* a second start: failure */
	reset_wr(&in);
	cr_assert_eq(eap_tls_start_build(&in, EAP_TYPE_PT_EAP, 5), 0);
	cr_assert_eq(eap_method_process(m, in.ptr, in.len, &out, &err), EAP_M_FAILURE);
	cr_assert_eq(pb.closes, 1);
	nea_wr_free(&in);
	nea_wr_free(&out);
	eap_method_free(m);
	cr_assert_eq(pb.closes, 1);
}

/* EAP-TNC on its own with a batch larger than one EAP message: strongSwan's
 * 65535-byte fragments with M and no L, acknowledged by empty packets. */
Test(eap_pteap, eap_tnc_fragments_a_70000_byte_batch)
{
	eap_tnc_cfg_t sc = { 0 }, pc = { 0 };
	eap_method_t *srv, *peer;
	run_t r;

	sc.bridge = broker_bridge(&sb);
	sc.conn.identity = "carol";
	sc.max_message_count = 0;
	sc.peer_label = "192.0.2.7";
	pc.bridge = broker_bridge(&pb);
	pc.conn.identity = "carol";
	pc.max_message_count = 0;
	script(&pb, 70000, 1);
	script(&sb, 70000, 2);
	script(&pb, 8, 3);
	sb.verdict = EAP_TNC_REC_ALLOW;
	srv = eap_pteap_server_new(EAP_TYPE_TNC, &sc);
	peer = eap_pteap_peer_new(EAP_TYPE_TNC, &pc);
	cr_assert(srv && peer);
	r = ttls_run(srv, peer, &sb, &pb);
	cr_assert_eq(r.srv_rc, EAP_M_SUCCESS);
	check_crossed();
	cr_assert_eq(r.largest, 65535);
	cr_assert_eq(eap_pteap_rec(srv), EAP_TNC_REC_ALLOW);
	/* PT-EAP has no fragments: such a batch does not fit */
	eap_method_free(srv);
	eap_method_free(peer);
	srv = eap_pteap_server_new(EAP_TYPE_PT_EAP, &sc);
	{
		nea_wr_t out, in;
		nea_perr_t err = { 0 };
		uint8_t b[8] = { 2, 0x80, 0, 1, 0, 0, 0, 8 };

		nea_wr_init(&out, 0);
		nea_wr_init(&in, 0);
		cr_assert_eq(eap_method_start(srv, 1, &out), 0);
		pt_msg(&in, EAP_CODE_RESPONSE, 1, b, sizeof(b));
		cr_assert_eq(eap_method_process(srv, in.ptr, in.len, &out, &err), EAP_M_PENDING);
		cr_assert_eq(eap_pteap_deliver(srv, bufs[1], 70000), NEA_ETOOBIG);
		cr_assert_eq(eap_pteap_deliver(srv, bufs[1], EAP_PTEAP_MAX_BATCH), 0);
		reset_wr(&out);
		cr_assert_eq(eap_method_resume(srv, &out), EAP_M_SEND);
		cr_assert_eq(out.len, 65535);
		nea_wr_free(&out);
		nea_wr_free(&in);
	}
	eap_method_free(srv);
}

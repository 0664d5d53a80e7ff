/*
 * nea-iked end to end in one process: the real responder (iked_core on a
 * libuv loop, UDP on 127.0.0.1) against an IKEv2 initiator built here from
 * the nea_ike library and the nea_eap peer methods, with a scripted
 * nea-brokerd on a real broker.sock (transport.proto) behind PT-EAP.
 *
 *  - EAP-TTLS + MD5 + PT-EAP, verdict allow: ConnOpen names the inner
 *    identity (password) and the peer address, the client's 2845-byte
 *    batch reaches the broker intact across EAP-TTLS fragments, the
 *    broker's batches reach the client intact, EAP-Success, MSK AUTH both
 *    ways, virtual IP 10.3.0.1, CHILD_SA.
 *  - verdict no access: EAP-Failure, no IKE_SA established, ConnClose.
 *  - broker gone in the middle / never there: fail-safe EAP-Failure,
 *    nea-iked keeps running and serves the next client.
 *  - COOKIE under load: half-open IKE_SAs from one address beyond
 *    charon.cookie_threshold_ip are answered with COOKIE; the echoed
 *    cookie is accepted.
 *  - bounded input: every prefix and many bit flips of a valid
 *    IKE_SA_INIT request and of an encrypted IKE_AUTH request go through
 *    iked_rx(); nothing crashes and no IKE_SA survives from garbage.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/pem.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ike_auth.h"
#include "ike_dh.h"
#include "ike_keymat.h"
#include "ike_msg.h"
#include "ike_proposal.h"
#include "ike_sk.h"
#include "iked.h"
#include "iked_tnc.h"
#include "nea_conf.h"
#include "nea_log.h"
#include "ttls_test_util.h"

#define PW "sesame"

/* ---- the scripted nea-brokerd ----------------------------------------- */

typedef struct {
	ipc_server_t *srv;
	ipc_link_t *link;
	int opens, closes, batches;
	uint64_t conn_id;
	char ids[4][128];
	uint32_t id_type[4], id_auth[4];
	size_t nids;
	size_t rx_len[8];
	uint8_t *rx[8];
	const uint8_t *tx[8];
	size_t tx_len[8];
	int n_tx;
	uint32_t verdict;
	bool die_after_first; /* close the listener after the first batch */
} fake_broker_t;

static void fb_send_batch(fake_broker_t *b, const uint8_t *p, size_t len)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Batch bt = NEA__BATCH__INIT;

	bt.data.data = (uint8_t *)p;
	bt.data.len = len;
	env.has_conn_id = true;
	env.conn_id = b->conn_id;
	env.body_case = NEA__ENVELOPE__BODY_BATCH;
	env.batch = &bt;
	cr_assert_eq(ipc_link_send(b->link, &env), 0);
}

static void fb_send_verdict(fake_broker_t *b)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Verdict v = NEA__VERDICT__INIT;

	v.recommendation = b->verdict;
	v.evaluation = b->verdict ? 2 : 0;
	v.reason = b->verdict ? (char *)"open TCP port 22 not allowed" : NULL;
	env.has_conn_id = true;
	env.conn_id = b->conn_id;
	env.body_case = NEA__ENVELOPE__BODY_VERDICT;
	env.verdict = &v;
	cr_assert_eq(ipc_link_send(b->link, &env), 0);
}

static void fb_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	fake_broker_t *b = arg;

	b->link = l;
	switch (env->body_case) {
	case NEA__ENVELOPE__BODY_CONN_OPEN:
		b->opens++;
		b->conn_id = env->conn_id;
		b->nids = env->conn_open->n_identities < 4 ? env->conn_open->n_identities : 4;
		for (size_t i = 0; i < b->nids; i++) {
			const Nea__Identity *id = env->conn_open->identities[i];

			snprintf(b->ids[i], sizeof(b->ids[i]), "%.*s", (int)id->value.len,
				 (const char *)id->value.data);
			b->id_type[i] = id->type;
			b->id_auth[i] = id->auth;
		}
		break;
	case NEA__ENVELOPE__BODY_BATCH:
		cr_assert_lt(b->batches, 8);
		b->rx[b->batches] = malloc(env->batch->data.len + 1);
		memcpy(b->rx[b->batches], env->batch->data.data, env->batch->data.len);
		b->rx_len[b->batches] = env->batch->data.len;
		if (b->die_after_first) {
			b->batches++;
			ipc_server_close(b->srv);
			b->srv = NULL;
			b->link = NULL;
			return;
		}
		/* half duplex: one batch back per batch, the last with the verdict */
		if (b->batches < b->n_tx)
			fb_send_batch(b, b->tx[b->batches], b->tx_len[b->batches]);
		if (b->batches + 1 >= b->n_tx)
			fb_send_verdict(b);
		b->batches++;
		break;
	case NEA__ENVELOPE__BODY_CONN_CLOSE:
		b->closes++;
		break;
	default:
		break;
	}
}

static void fb_down(ipc_link_t *l, int reason, void *arg)
{
	fake_broker_t *b = arg;

	(void)reason;
	if (b->link == l)
		b->link = NULL;
}

static void fb_accept(ipc_server_t *s, ipc_link_t *l, void *arg)
{
	(void)s;
	((fake_broker_t *)arg)->link = l;
}

/* ---- fixture: gateway files, loop, nea-iked --------------------------- */

static char dir[256];
static uv_loop_t loop;
static iked_t ik;
static nea_conf_t *conf;
static pki_t pki;
static fake_broker_t fb;
static uint16_t gw_port;

static void write_pem(const char *path, X509 *cert, EVP_PKEY *key)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	if (cert)
		cr_assert_eq(PEM_write_X509(f, cert), 1);
	else
		cr_assert_eq(PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL), 1);
	fclose(f);
}

static void write_file(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

static uint16_t free_udp_port(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	uint16_t p;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert(fd >= 0);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
	p = ntohs(a.sin_port);
	close(fd);
	return p;
}

static void gateway_up(bool with_broker, const char *extra)
{
	char path[512], text[4096], err[256];
	int rc;

	pki_init(&pki);
	snprintf(dir, sizeof(dir), "/tmp/nea-iked-test-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	for (const char *sub = "x509\0x509ca\0private\0"; *sub; sub += strlen(sub) + 1) {
		snprintf(path, sizeof(path), "%s/%s", dir, sub);
		cr_assert_eq(mkdir(path, 0700), 0);
	}
	snprintf(path, sizeof(path), "%s/x509/gw.pem", dir);
	write_pem(path, pki.srv, NULL);
	snprintf(path, sizeof(path), "%s/x509ca/ca.pem", dir);
	write_pem(path, pki.ca, NULL);
	snprintf(path, sizeof(path), "%s/private/gw.key", dir);
	write_pem(path, NULL, pki.srv_key);
	write_file("swanctl.conf",
		   "connections { rw {\n"
		   "  proposals = aes256-sha256-x25519\n"
		   "  pools = vpn4\n"
		   "  local { auth = pubkey\n certs = gw.pem\n id = gw.nea.test }\n"
		   "  remote { auth = eap-ttls\n eap_id = %any }\n"
		   "  children { net { local_ts = 10.1.0.0/16\n esp_proposals = aes128gcm16 } }\n"
		   "} }\n"
		   "pools { vpn4 { addrs = 10.3.0.0/30 } }\n"
		   "secrets { eap-carol { id = carol\n secret = " PW " } }\n");
	gw_port = free_udp_port();
	snprintf(text, sizeof(text),
		 "nea { swanctl = %s/swanctl.conf\n"
		 "  ike { address = 127.0.0.1\n port = %u\n port_nat_t = %u\n kernel = no } }\n"
		 "charon { cookie_threshold_ip = 3\n block_threshold = 6\n"
		 "  plugins { eap-ttls { phase2_method = md5\n phase2_tnc = yes\n"
		 "    max_message_count = 0 }\n eap-tnc { max_message_count = 0 } } }\n%s",
		 dir, gw_port, free_udp_port(), extra ? extra : "");
	rc = nea_conf_load_string(text, "nea.conf", &conf, err, sizeof(err));
	cr_assert_eq(rc, 0, "%s", err);
	nea_log_init("test_iked_flow", false);
	nea_log_set_default(1);
	nea_log_set_level(NEA_LG_TNC, 2);
	nea_log_set_level(NEA_LG_IPC, 2);
	cr_assert_eq(uv_loop_init(&loop), 0);
	memset(&ik, 0, sizeof(ik));
	cr_assert_eq(iked_open(&ik, &loop, conf), 0);
	cr_assert_eq(iked_start(&ik), 0);
	memset(&fb, 0, sizeof(fb));
	snprintf(path, sizeof(path), "%s/broker.sock", dir);
	if (with_broker) {
		static const int allowed[] = { NEA__ENVELOPE__BODY_CONN_OPEN,
					       NEA__ENVELOPE__BODY_BATCH,
					       NEA__ENVELOPE__BODY_CONN_CLOSE };
		ipc_opts_t o = { .name = "fake-broker", .allowed = allowed, .n_allowed = 3 };
		ipc_cbs_t cbs = { .on_msg = fb_msg, .on_down = fb_down, .arg = &fb };

		cr_assert_eq(ipc_server_bind(&loop, path, &o, &cbs, fb_accept, &fb, &fb.srv), 0);
		cr_assert_eq(ipc_server_start(fb.srv), 0);
	}
	cr_assert_eq(iked_tnc_connect_path(&ik, path), 0);
	/* let the broker link come up */
	for (int i = 0; i < 200 && with_broker && !iked_tnc_broker_up(&ik); i++)
		uv_run(&loop, UV_RUN_NOWAIT), usleep(2000);
	cr_assert_eq(iked_tnc_broker_up(&ik), with_broker);
}

static void gateway_down(void)
{
	char cmd[600];

	iked_close(&ik);
	if (fb.srv)
		ipc_server_close(fb.srv);
	for (int i = 0; i < 20; i++)
		uv_run(&loop, UV_RUN_NOWAIT);
	uv_loop_close(&loop);
	iked_cfg_unref(ik.cfg);
	iked_pools_free(&ik.pools);
	iked_sa_table_free(&ik.sas);
	nea_conf_free(conf);
	for (int i = 0; i < fb.batches; i++)
		free(fb.rx[i]);
	pki_free(&pki);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

/* ---- the initiator ------------------------------------------------------ */

typedef struct {
	int fd;
	uint8_t spi_i[8], spi_r[8];
	uint8_t ni[32], nr[256];
	size_t nr_len;
	uint8_t *init_i, *init_r;
	size_t init_i_len, init_r_len;
	ike_keys_t keys;
	ike_sk_t sk;
	uint16_t prf;
	uint32_t next_id;
	uint8_t idr_body[128];
	size_t idr_len;
	ike_msg_t last;          /* last response */
	eap_method_t *eap;       /* EAP-TTLS peer */
	broker_t cb;             /* the client's scripted PB-TNC broker */
	bool eap_success, eap_failure;
	uint8_t vip[4];
	bool have_vip;
	bool child;
} client_t;

static void cl_open(client_t *c)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	c->fd = socket(AF_INET, SOCK_DGRAM, 0);
	cr_assert(c->fd >= 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(c->fd, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(RAND_bytes(c->spi_i, 8), 1);
	cr_assert_eq(RAND_bytes(c->ni, sizeof(c->ni)), 1);
	ike_msg_init(&c->last);
}

static void cl_close(client_t *c)
{
	close(c->fd);
	free(c->init_i);
	free(c->init_r);
	ike_msg_free(&c->last);
	eap_method_free(c->eap);
	broker_free(&c->cb);
}

/* Neither port is 500: IKE datagrams carry the Non-ESP marker. */
static void cl_send(client_t *c, const uint8_t *p, size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(gw_port) };
	uint8_t buf[70000];

	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(buf, 0, 4);
	memcpy(buf + 4, p, len);
	cr_assert_eq(sendto(c->fd, buf, len + 4, 0, (struct sockaddr *)&to, sizeof(to)),
		     (ssize_t)(len + 4));
}

/* Run the gateway's loop until a datagram for us arrives; 0 bytes when
 * nothing came (the gateway chose not to answer). */
static size_t cl_recv(client_t *c, uint8_t *buf, size_t max, int rounds)
{
	for (int i = 0; i < rounds; i++) {
		struct pollfd p = { .fd = c->fd, .events = POLLIN };

		uv_run(&loop, UV_RUN_NOWAIT);
		if (poll(&p, 1, 2) == 1) {
			ssize_t n = recv(c->fd, buf, max, 0);

			cr_assert_geq(n, 4);
			cr_assert(!buf[0] && !buf[1] && !buf[2] && !buf[3], "no Non-ESP marker");
			memmove(buf, buf + 4, (size_t)n - 4);
			return (size_t)n - 4;
		}
	}
	return 0;
}

static void hdr(client_t *c, ike_hdr_t *h, uint8_t exch)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->spi_i, c->spi_i, 8);
	memcpy(h->spi_r, c->spi_r, 8);
	h->exchange = exch;
	h->flags = IKE_FLAG_INITIATOR;
	h->msg_id = c->next_id;
}

/* IKE_SA_INIT; returns the gateway's answer parsed into c->last. With a
 * cookie, echo it first. */
static void cl_init(client_t *c, const uint8_t *cookie, size_t cookie_len, ike_dh_t **dhp)
{
	ike_prop_cfg_t pc;
	ike_proposal_t prop;
	ike_payload_t pl[4];
	uint8_t pub[32], buf[70000];
	ike_dh_t *dh;
	nea_wr_t w;
	ike_hdr_t h;
	nea_perr_t err = { 0 };
	size_t n = 0, len;

	cr_assert_eq(ike_proposal_parse("aes256-sha256-x25519", IKE_PROTO_IKE, &pc, NULL, 0), 0);
	ike_proposal_to_wire(&pc, 0, NULL, 0, &prop);
	cr_assert_eq(ike_dh_new(IKE_DH_CURVE25519, &dh), 0);
	cr_assert_eq(ike_dh_public(dh, pub, sizeof(pub)), 0);
	memset(pl, 0, sizeof(pl));
	if (cookie) {
		pl[n].type = IKE_PL_NOTIFY;
		pl[n].u.notify.type = IKE_N_COOKIE;
		pl[n++].u.notify.data = ike_chunk(cookie, cookie_len);
	}
	pl[n].type = IKE_PL_SA;
	pl[n].u.sa.nprops = 1;
	pl[n++].u.sa.props = &prop;
	pl[n].type = IKE_PL_KE;
	pl[n].u.ke.group = IKE_DH_CURVE25519;
	pl[n++].u.ke.data = ike_chunk(pub, 32);
	pl[n].type = IKE_PL_NONCE;
	pl[n++].u.nonce.data = ike_chunk(c->ni, sizeof(c->ni));
	memset(c->spi_r, 0, 8);
	c->next_id = 0;
	hdr(c, &h, IKE_EXCH_SA_INIT);
	nea_wr_init(&w, IKE_MSG_MAX);
	cr_assert_eq(ike_msg_build(&h, pl, n, &w), 0);
	free(c->init_i);
	c->init_i = nea_wr_detach(&w, &c->init_i_len);
	cl_send(c, c->init_i, c->init_i_len);
	len = cl_recv(c, buf, sizeof(buf), 500);
	cr_assert_gt(len, 0, "no IKE_SA_INIT response");
	ike_msg_free(&c->last);
	cr_assert_eq(ike_msg_parse(&c->last, buf, len, 0, &err), 0, "%s", err.msg);
	free(c->init_r);
	c->init_r = malloc(len);
	memcpy(c->init_r, buf, len);
	c->init_r_len = len;
	*dhp = dh;
}

static void cl_keys(client_t *c, ike_dh_t *dh)
{
	const ike_payload_t *sa = ike_msg_get(&c->last, IKE_PL_SA);
	const ike_payload_t *ke = ike_msg_get(&c->last, IKE_PL_KE);
	const ike_payload_t *nr = ike_msg_get(&c->last, IKE_PL_NONCE);
	ike_prop_cfg_t pc;
	ike_selected_t sel;
	uint8_t gir[64];
	size_t gir_len;

	cr_assert(sa && ke && nr, "IKE_SA_INIT response incomplete");
	cr_assert_eq(ike_proposal_parse("aes256-sha256-x25519", IKE_PROTO_IKE, &pc, NULL, 0), 0);
	cr_assert_eq(ike_proposal_verify(&pc, 1, &sa->u.sa, false, &sel), 0);
	memcpy(c->spi_r, c->last.hdr.spi_r, 8);
	c->nr_len = nr->u.nonce.data.len;
	memcpy(c->nr, nr->u.nonce.data.ptr, c->nr_len);
	cr_assert_eq(ike_dh_derive(dh, ke->u.ke.data.ptr, ke->u.ke.data.len, gir, sizeof(gir),
				   &gir_len), 0);
	cr_assert_eq(ike_keys_derive(&c->keys, &sel.suite, ike_chunk(c->ni, sizeof(c->ni)),
				     ike_chunk(c->nr, c->nr_len), ike_chunk(gir, gir_len), c->spi_i,
				     c->spi_r), 0);
	cr_assert_eq(ike_sk_init(&c->sk, &c->keys, true), 0);
	c->prf = sel.suite.prf;
	c->next_id = 1;
	ike_dh_free(dh);
}

/* One protected request/response; the response is decrypted in c->last. */
static void cl_auth_exchange(client_t *c, const ike_payload_t *pl, size_t n)
{
	uint8_t buf[70000];
	nea_perr_t err = { 0 };
	nea_wr_t w;
	ike_hdr_t h;
	size_t len;

	hdr(c, &h, IKE_EXCH_AUTH);
	nea_wr_init(&w, IKE_MSG_MAX);
	cr_assert_eq(ike_sk_encrypt(&c->sk.out, &h, pl, n, &w), 0);
	cl_send(c, w.ptr, w.len);
	nea_wr_free(&w);
	len = cl_recv(c, buf, sizeof(buf), 2000);
	cr_assert_gt(len, 0, "no IKE_AUTH response %u", c->next_id);
	ike_msg_free(&c->last);
	cr_assert_eq(ike_msg_parse(&c->last, buf, len, 0, &err), 0, "%s", err.msg);
	cr_assert_eq(c->last.hdr.msg_id, c->next_id);
	cr_assert_eq(ike_sk_decrypt(&c->sk.in, &c->last, &err), 0, "%s", err.msg);
	c->next_id++;
}

static void cl_eap_peer(client_t *c, uint8_t tnc_type)
{
	eap_ttls_cfg_t pc;

	eap_ttls_cfg_defaults(&pc);
	pc.ca = pki.store;
	pc.server_id = "gw.nea.test";
	pc.eap_identity = "carol";
	pc.secret = (const uint8_t *)PW;
	pc.secret_len = strlen(PW);
	pc.bridge = broker_bridge(&c->cb);
	pc.max_message_count = 0;
	pc.tnc_max_message_count = 0;
	(void)tnc_type;
	c->eap = eap_ttls_peer_new(&pc);
	cr_assert_not_null(c->eap);
}

/* Whole IKE_AUTH: IDi CP SA TSi TSr, EAP rounds, AUTH. Returns true when
 * the IKE_SA came up. */
static bool cl_auth(client_t *c)
{
	ike_payload_t pl[8];
	ike_prop_cfg_t esp;
	ike_proposal_t prop;
	ike_cp_attr_t attr = { .type = IKE_CA_INTERNAL_IP4_ADDRESS };
	ike_ts_t any;
	uint8_t espspi[4] = { 0xc0, 0xff, 0xee, 0x01 };
	uint8_t idi_body[9] = { IKE_ID_FQDN, 0, 0, 0, 'c', 'a', 'r', 'o', 'l' };
	const ike_payload_t *e;
	size_t n = 0;
	nea_wr_t out;
	nea_perr_t err = { 0 };
	int rc;

	memset(pl, 0, sizeof(pl));
	memset(&any, 0, sizeof(any));
	any.ts_type = IKE_TS_IPV4_ADDR_RANGE;
	any.end_port = 65535;
	memset(any.end, 0xff, 4);
	cr_assert_eq(ike_proposal_parse("aes128gcm16", IKE_PROTO_ESP, &esp, NULL, 0), 0);
	ike_proposal_to_wire(&esp, 0, espspi, 4, &prop);
	pl[n].type = IKE_PL_IDI;
	pl[n].u.id.id_type = IKE_ID_FQDN;
	pl[n++].u.id.data = ike_chunk(idi_body + 4, 5);
	pl[n].type = IKE_PL_CP;
	pl[n].u.cp.cfg_type = IKE_CFG_REQUEST;
	pl[n].u.cp.nattrs = 1;
	pl[n++].u.cp.attrs = &attr;
	pl[n].type = IKE_PL_SA;
	pl[n].u.sa.nprops = 1;
	pl[n++].u.sa.props = &prop;
	pl[n].type = IKE_PL_TSI;
	pl[n].u.ts.nts = 1;
	pl[n++].u.ts.ts = &any;
	pl[n].type = IKE_PL_TSR;
	pl[n].u.ts.nts = 1;
	pl[n++].u.ts.ts = &any;
	cl_auth_exchange(c, pl, n);
	{
		const ike_payload_t *idr = ike_msg_get(&c->last, IKE_PL_IDR);

		cr_assert(idr && ike_msg_get(&c->last, IKE_PL_AUTH) && ike_msg_get(&c->last, IKE_PL_CERT),
			  "first IKE_AUTH response lacks IDr/CERT/AUTH");
		cr_assert_leq(idr->body.len, sizeof(c->idr_body));
		memcpy(c->idr_body, idr->body.ptr, idr->body.len);
		c->idr_len = idr->body.len;
	}
	/* EAP rounds: Identity, then EAP-TTLS with MD5 and PT-EAP inside */
	for (int round = 0; round < 200; round++) {
		e = ike_msg_get(&c->last, IKE_PL_EAP);
		if (!e) {
			const ike_payload_t *nf = ike_msg_get(&c->last, IKE_PL_NOTIFY);

			cr_assert_fail("IKE_AUTH response without EAP (notify %u)",
				       nf ? nf->u.notify.type : 0);
		}
		if (e->u.eap.code == EAP_CODE_FAILURE) {
			c->eap_failure = true;
			return false;
		}
		if (e->u.eap.code == EAP_CODE_SUCCESS) {
			c->eap_success = true;
			break;
		}
		nea_wr_init(&out, 0);
		if (e->u.eap.eap_type == EAP_TYPE_IDENTITY) {
			cr_assert_eq(eap_identity_build(&out, EAP_CODE_RESPONSE, e->u.eap.id,
							(const uint8_t *)"carol", 5), 0);
		} else {
			rc = eap_method_process(c->eap, e->u.eap.pkt.ptr, e->u.eap.pkt.len, &out, &err);
			while (rc == EAP_M_PENDING) {
				broker_answer(&c->cb, c->eap);
				rc = eap_method_resume(c->eap, &out);
			}
			cr_assert(rc == EAP_M_SEND || rc == EAP_M_DONE, "peer EAP status %d (%s)", rc,
				  err.msg);
		}
		memset(pl, 0, sizeof(pl));
		pl[0].type = IKE_PL_EAP;
		pl[0].u.eap.pkt = ike_chunk(out.ptr, out.len);
		cl_auth_exchange(c, pl, 1);
		nea_wr_free(&out);
	}
	cr_assert(c->eap_success);
	{
		const uint8_t *msk;
		size_t msk_len, alen;
		uint8_t auth[64];
		nea_wr_t oct;

		/* the peer method has to accept the EAP-Success too */
		nea_wr_init(&out, 0);
		rc = eap_method_process(c->eap, e->u.eap.pkt.ptr, e->u.eap.pkt.len, &out, &err);
		nea_wr_free(&out);
		cr_assert_eq(rc, EAP_M_SUCCESS);
		msk = eap_method_msk(c->eap, &msk_len);
		cr_assert(msk && msk_len == 64);
		nea_wr_init(&oct, 0);
		cr_assert_eq(ike_auth_octets(c->prf, ike_chunk(c->keys.sk_pi, c->keys.p_len),
					     ike_chunk(c->init_i, c->init_i_len),
					     ike_chunk(c->nr, c->nr_len), ike_chunk(idi_body, 9), &oct), 0);
		cr_assert_eq(ike_auth_psk(c->prf, ike_chunk(msk, msk_len), ike_chunk(oct.ptr, oct.len),
					  auth, sizeof(auth), &alen), 0);
		nea_wr_free(&oct);
		memset(pl, 0, sizeof(pl));
		pl[0].type = IKE_PL_AUTH;
		pl[0].u.auth.method = IKE_AUTH_SHARED_KEY;
		pl[0].u.auth.data = ike_chunk(auth, alen);
		cl_auth_exchange(c, pl, 1);
		/* the gateway proves the same MSK */
		e = ike_msg_get(&c->last, IKE_PL_AUTH);
		cr_assert_not_null(e, "last IKE_AUTH response without AUTH");
		nea_wr_init(&oct, 0);
		cr_assert_eq(ike_auth_octets(c->prf, ike_chunk(c->keys.sk_pr, c->keys.p_len),
					     ike_chunk(c->init_r, c->init_r_len),
					     ike_chunk(c->ni, sizeof(c->ni)),
					     ike_chunk(c->idr_body, c->idr_len), &oct), 0);
		cr_assert_eq(ike_auth_psk_verify(c->prf, ike_chunk(msk, msk_len),
						 ike_chunk(oct.ptr, oct.len), e->u.auth.data), 0,
			     "the gateway's MSK AUTH does not verify");
		nea_wr_free(&oct);
	}
	e = ike_msg_get(&c->last, IKE_PL_CP);
	if (e && e->u.cp.nattrs && e->u.cp.attrs[0].type == IKE_CA_INTERNAL_IP4_ADDRESS &&
	    e->u.cp.attrs[0].value.len == 4) {
		memcpy(c->vip, e->u.cp.attrs[0].value.ptr, 4);
		c->have_vip = true;
	}
	c->child = ike_msg_get(&c->last, IKE_PL_SA) && ike_msg_get(&c->last, IKE_PL_TSI);
	return true;
}

static uint8_t *bufs[8];
static int nbufs;

static void script(broker_t *b, size_t len, uint8_t tag)
{
	bufs[nbufs] = make_batch(len, tag);
	b->tx[b->n_tx] = bufs[nbufs];
	b->tx_len[b->n_tx++] = len;
	nbufs++;
}

static void free_scripts(void)
{
	for (int i = 0; i < nbufs; i++)
		free(bufs[i]);
	nbufs = 0;
}

static void connect_client(client_t *c)
{
	ike_dh_t *dh;

	cl_open(c);
	cl_init(c, NULL, 0, &dh);
	cr_assert_null(ike_msg_get_notify(&c->last, IKE_N_COOKIE), "unexpected COOKIE");
	cl_keys(c, dh);
	cl_eap_peer(c, EAP_TYPE_PT_EAP);
}

TestSuite(iked_flow, .timeout = 120);

static void run_loop(int rounds)
{
	for (int i = 0; i < rounds; i++) {
		uv_run(&loop, UV_RUN_NOWAIT);
		usleep(1000);
	}
}

static const uint8_t *sbatch[2];

static void broker_script(uint32_t verdict)
{
	/* SDATA for the first client batch, RESULT (+ verdict) for the second */
	sbatch[0] = make_batch(512, 2);
	sbatch[1] = make_batch(138, 4);
	fb.tx[0] = sbatch[0];
	fb.tx_len[0] = 512;
	fb.tx[1] = sbatch[1];
	fb.tx_len[1] = 138;
	fb.n_tx = 2;
	fb.verdict = verdict;
}

static void broker_script_free(void)
{
	free((void *)sbatch[0]);
	free((void *)sbatch[1]);
}

Test(iked_flow, ttls_md5_pteap_allow_gives_vip_and_child)
{
	client_t c;

	gateway_up(true, NULL);
	broker_script(0);
	memset(&c, 0, sizeof(c));
	script(&c.cb, 366, 1);  /* CDATA */
	script(&c.cb, 2845, 3); /* CDATA: the seed's Installed Packages batch */
	connect_client(&c);
	cr_assert(cl_auth(&c), "IKE_SA not established");
	cr_assert(c.have_vip, "no virtual IP");
	cr_assert_eq(memcmp(c.vip, "\x0a\x03\x00\x01", 4), 0, "virtual IP is not 10.3.0.1");
	cr_assert(c.child, "no CHILD_SA in the last response");
	cr_assert_eq(ik.sas.established, 1);
	/* the broker saw the inner identity and the peer's address */
	cr_assert_eq(fb.opens, 1);
	cr_assert_eq(fb.nids, 2);
	cr_assert_str_eq(fb.ids[0], "carol");
	cr_assert_eq(fb.id_type[0], 5);
	cr_assert_eq(fb.id_auth[0], 2);
	cr_assert_str_eq(fb.ids[1], "127.0.0.1");
	cr_assert_eq(fb.id_type[1], 1);
	/* batches crossed intact both ways */
	cr_assert_eq(fb.batches, 2);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(fb.rx_len[i], c.cb.tx_len[i]);
		cr_assert_arr_eq(fb.rx[i], c.cb.tx[i], fb.rx_len[i], "client batch %d corrupted", i);
	}
	cr_assert_eq(c.cb.batches_in, 2);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(c.cb.rx_len[i], fb.tx_len[i]);
		cr_assert_arr_eq(c.cb.rx[i], fb.tx[i], fb.tx_len[i], "broker batch %d corrupted", i);
	}
	run_loop(50);
	cr_assert_eq(fb.closes, 1, "no ConnClose after the EAP method ended");
	cl_close(&c);
	free_scripts();
	broker_script_free();
	gateway_down();
}

Test(iked_flow, verdict_no_access_gives_eap_failure)
{
	client_t c;

	gateway_up(true, NULL);
	broker_script(1);
	memset(&c, 0, sizeof(c));
	script(&c.cb, 366, 1);
	script(&c.cb, 700, 3);
	connect_client(&c);
	cr_assert_not(cl_auth(&c), "IKE_SA established despite 'no access'");
	cr_assert(c.eap_failure);
	cr_assert_eq(ik.sas.established, 0);
	cr_assert_geq(ik.stats.sa_failed, 1);
	cr_assert_eq(fb.batches, 2);
	cl_close(&c);
	free_scripts();
	broker_script_free();
	gateway_down();
}

Test(iked_flow, broker_dying_fails_safe_and_iked_keeps_serving)
{
	client_t c, d;

	gateway_up(true, NULL);
	broker_script(0);
	fb.die_after_first = true;
	memset(&c, 0, sizeof(c));
	script(&c.cb, 366, 1);
	script(&c.cb, 700, 3);
	connect_client(&c);
	cr_assert_not(cl_auth(&c), "IKE_SA established without a verdict");
	cr_assert(c.eap_failure, "no EAP-Failure after the broker died");
	cr_assert_eq(fb.batches, 1);
	cr_assert_not(iked_tnc_broker_up(&ik));
	/* the next client: no broker at all, fails safe again, daemon alive */
	memset(&d, 0, sizeof(d));
	script(&d.cb, 366, 1);
	connect_client(&d);
	cr_assert_not(cl_auth(&d));
	cr_assert(d.eap_failure);
	cr_assert_eq(ik.sas.established, 0);
	cl_close(&c);
	cl_close(&d);
	free_scripts();
	broker_script_free();
	gateway_down();
}

Test(iked_flow, cookies_under_load_from_one_address)
{
	client_t c[4];
	ike_dh_t *dh;
	const ike_payload_t *ck;
	uint8_t cookie[64];
	size_t clen;

	gateway_up(true, NULL);
	/* charon.cookie_threshold_ip = 3: three half-open SAs are answered */
	for (int i = 0; i < 3; i++) {
		memset(&c[i], 0, sizeof(c[i]));
		cl_open(&c[i]);
		cl_init(&c[i], NULL, 0, &dh);
		ike_dh_free(dh);
		cr_assert_not_null(ike_msg_get(&c[i].last, IKE_PL_SA), "request %d not answered", i);
	}
	cr_assert_eq(ik.sas.half_open, 3);
	memset(&c[3], 0, sizeof(c[3]));
	cl_open(&c[3]);
	cl_init(&c[3], NULL, 0, &dh);
	ike_dh_free(dh);
	ck = ike_msg_get_notify(&c[3].last, IKE_N_COOKIE);
	cr_assert_not_null(ck, "no COOKIE for the fourth half-open IKE_SA");
	cr_assert_null(ike_msg_get(&c[3].last, IKE_PL_SA));
	cr_assert_eq(ik.sas.half_open, 3, "a COOKIE answer created state");
	cr_assert_eq(ik.stats.cookies_sent, 1);
	clen = ck->u.notify.data.len;
	cr_assert_leq(clen, sizeof(cookie));
	memcpy(cookie, ck->u.notify.data.ptr, clen);
	/* a wrong cookie gets a fresh one, the right one an answer */
	cookie[0] ^= 1;
	cl_init(&c[3], cookie, clen, &dh);
	ike_dh_free(dh);
	cr_assert_not_null(ike_msg_get_notify(&c[3].last, IKE_N_COOKIE));
	cookie[0] ^= 1;
	cl_init(&c[3], cookie, clen, &dh);
	cr_assert_not_null(ike_msg_get(&c[3].last, IKE_PL_SA), "echoed COOKIE not accepted");
	cr_assert_eq(ik.sas.half_open, 4);
	cl_keys(&c[3], dh);
	for (int i = 0; i < 4; i++)
		cl_close(&c[i]);
	gateway_down();
}

static void client_addr(const client_t *c, iked_addr_t *remote, iked_addr_t *local)
{
	socklen_t alen = sizeof(*remote);

	memset(remote, 0, sizeof(*remote));
	cr_assert_eq(getsockname(c->fd, (struct sockaddr *)remote, &alen), 0);
	cr_assert_eq(iked_addr_parse("127.0.0.1", gw_port, local), 0);
}

static void drain(client_t *c)
{
	uint8_t buf[70000];

	while (recv(c->fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

Test(iked_flow, bounded_input_prefixes_and_flips_leave_no_state)
{
	client_t c;
	ike_dh_t *dh;
	iked_addr_t remote, local;
	uint8_t *msg;
	size_t len;
	iked_sa_t *sa;

	gateway_up(true, NULL);
	memset(&c, 0, sizeof(c));
	cl_open(&c);
	client_addr(&c, &remote, &local);
	/* an IKE_SA_INIT request, cut short everywhere: nothing is created */
	cl_init(&c, NULL, 0, &dh);
	cr_assert_eq(ik.sas.count, 1);
	msg = malloc(c.init_i_len);
	memcpy(msg, c.init_i, c.init_i_len);
	len = c.init_i_len;
	msg[0] ^= 0x55; /* another SPIi, so the prefixes cannot hit the SA above */
	for (size_t n = 0; n < len; n++) {
		iked_rx(&ik, &local, &remote, msg, n);
		cr_assert_eq(ik.sas.count, 1, "prefix of %zu bytes created an IKE_SA", n);
	}
	/* flips of the header after the SPIs (next payload, version,
	 * exchange, flags, message ID, length) are refused statelessly */
	for (size_t i = 16; i < IKE_HDR_LEN; i++) {
		msg[i] ^= 0xa5;
		iked_rx(&ik, &local, &remote, msg, len);
		msg[i] ^= 0xa5;
		drain(&c);
		cr_assert_eq(ik.sas.count, 1, "flipped header byte %zu created an IKE_SA", i);
	}
	/* flips in the payloads: some still make a valid request (a nonce
	 * byte); whatever is created is only half-open */
	for (size_t i = IKE_HDR_LEN; i < len; i++) {
		msg[i] ^= 0xa5;
		iked_rx(&ik, &local, &remote, msg, len);
		msg[i] ^= 0xa5;
		drain(&c);
	}
	cr_assert_eq(ik.sas.established, 0);
	cr_assert_eq(ik.sas.half_open, ik.sas.count);
	while (ik.sas.count > 1) {
		iked_sa_t *x = ik.sas.all;

		if (memcmp(x->spi_i, c.spi_i, 8) == 0)
			x = x->next_all;
		iked_sa_destroy(x, "test");
	}
	free(msg);
	/* a protected IKE_AUTH request: every prefix and every flipped byte
	 * fails the header, SPI, message ID or ICV check; the SA stays as it
	 * was and still takes the authentic request afterwards */
	cl_keys(&c, dh);
	{
		ike_payload_t pl[1];
		uint8_t idb[5] = { 'c', 'a', 'r', 'o', 'l' };
		nea_wr_t w;
		ike_hdr_t h;

		memset(pl, 0, sizeof(pl));
		pl[0].type = IKE_PL_IDI;
		pl[0].u.id.id_type = IKE_ID_FQDN;
		pl[0].u.id.data = ike_chunk(idb, 5);
		hdr(&c, &h, IKE_EXCH_AUTH);
		nea_wr_init(&w, IKE_MSG_MAX);
		cr_assert_eq(ike_sk_encrypt(&c.sk.out, &h, pl, 1, &w), 0);
		sa = iked_sa_find(&ik, c.spi_r);
		cr_assert_not_null(sa);
		for (size_t n = 0; n < w.len; n++)
			iked_rx(&ik, &local, &remote, w.ptr, n);
		for (size_t i = 0; i < w.len; i++) {
			w.ptr[i] ^= 0x01;
			iked_rx(&ik, &local, &remote, w.ptr, w.len);
			w.ptr[i] ^= 0x01;
		}
		drain(&c);
		cr_assert_eq(sa->state, IKED_SA_HALF_OPEN);
		cr_assert_eq(sa->r_next_id, 1);
		/* the authentic copy is taken (answered: no SA/TS, EAP starts) */
		iked_rx(&ik, &local, &remote, w.ptr, w.len);
		cr_assert_eq(sa->state, IKED_SA_AUTHENTICATING);
		cr_assert_eq(sa->r_next_id, 2);
		nea_wr_free(&w);
	}
	cl_close(&c);
	gateway_down();
}

/* RFC 7296 §2.1: a retransmitted request gets the same response again and
 * is not processed twice (IKE_SA_INIT from the half-open table, IKE_AUTH
 * from the response cache after its ICV checked). */
Test(iked_flow, retransmits_answered_from_cache)
{
	client_t c;
	ike_dh_t *dh;
	uint8_t first[70000], again[70000];
	size_t n1, n2;
	ike_payload_t pl[1];
	uint8_t idb[5] = { 'c', 'a', 'r', 'o', 'l' };
	nea_wr_t w;
	ike_hdr_t h;
	iked_sa_t *sa;

	gateway_up(true, NULL);
	memset(&c, 0, sizeof(c));
	cl_open(&c);
	cl_init(&c, NULL, 0, &dh);
	cl_send(&c, c.init_i, c.init_i_len);
	n2 = cl_recv(&c, again, sizeof(again), 500);
	cr_assert_eq(n2, c.init_r_len);
	cr_assert_arr_eq(again, c.init_r, n2, "IKE_SA_INIT retransmit answered differently");
	cr_assert_eq(ik.sas.count, 1);
	cl_keys(&c, dh);
	memset(pl, 0, sizeof(pl));
	pl[0].type = IKE_PL_IDI;
	pl[0].u.id.id_type = IKE_ID_FQDN;
	pl[0].u.id.data = ike_chunk(idb, 5);
	hdr(&c, &h, IKE_EXCH_AUTH);
	nea_wr_init(&w, IKE_MSG_MAX);
	cr_assert_eq(ike_sk_encrypt(&c.sk.out, &h, pl, 1, &w), 0);
	cl_send(&c, w.ptr, w.len);
	n1 = cl_recv(&c, first, sizeof(first), 500);
	cr_assert_gt(n1, 0);
	sa = iked_sa_find(&ik, c.spi_r);
	cr_assert_not_null(sa);
	cr_assert_eq(sa->r_next_id, 2);
	cl_send(&c, w.ptr, w.len);
	n2 = cl_recv(&c, again, sizeof(again), 500);
	cr_assert_eq(n2, n1);
	cr_assert_arr_eq(again, first, n1, "IKE_AUTH retransmit answered differently");
	cr_assert_eq(sa->r_next_id, 2, "retransmitted request processed twice");
	cr_assert_eq(sa->eap.rounds, 0);
	nea_wr_free(&w);
	cl_close(&c);
	gateway_down();
}

/* phase2_method = mschapv2: the inner method changes, the rest holds. */
Test(iked_flow, ttls_mschapv2_pteap_allow)
{
	client_t c;

	gateway_up(true, "charon { plugins { eap-ttls { phase2_method = mschapv2 } } }\n");
	broker_script(0);
	memset(&c, 0, sizeof(c));
	script(&c.cb, 366, 1);
	script(&c.cb, 900, 3);
	connect_client(&c);
	cr_assert(cl_auth(&c), "IKE_SA not established with EAP-MSCHAPv2 inside EAP-TTLS");
	cr_assert(c.have_vip && c.child);
	cr_assert_eq(fb.id_auth[0], 2);
	cl_close(&c);
	free_scripts();
	broker_script_free();
	gateway_down();
}

/* isolate: EAP-Failure by default, success with nea.ike.isolate = allow. */
Test(iked_flow, isolate_denied_by_default_allowed_by_switch)
{
	client_t c;

	gateway_up(true, NULL);
	broker_script(2);
	memset(&c, 0, sizeof(c));
	script(&c.cb, 366, 1);
	script(&c.cb, 400, 3);
	connect_client(&c);
	cr_assert_not(cl_auth(&c), "isolate let the client in by default");
	cl_close(&c);
	free_scripts();
	broker_script_free();
	gateway_down();

	gateway_up(true, "nea { ike { isolate = allow } }\n");
	broker_script(2);
	memset(&c, 0, sizeof(c));
	script(&c.cb, 366, 1);
	script(&c.cb, 400, 3);
	connect_client(&c);
	cr_assert(cl_auth(&c), "isolate refused with nea.ike.isolate = allow");
	cl_close(&c);
	free_scripts();
	broker_script_free();
	gateway_down();
}

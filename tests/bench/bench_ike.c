/*
 * bench_ike: nea-iked's IKE_SA setup rate and memory per IKE_SA.
 *
 * One process: the real responder (nea_iked's iked_open/start on a libuv
 * loop, UDP on 127.0.0.1, nea.ike.kernel = no), a scripted nea-brokerd on
 * a real broker.sock (one SDATA batch, then RESULT with "allow"), and
 * initiators built from nea_ike and the nea_eap EAP-TTLS peer. Each setup
 * is the whole conversation: IKE_SA_INIT (x25519, AES-256-CBC/SHA-256),
 * IKE_AUTH with certificate AUTH, EAP-Identity, EAP-TTLS 1.2 (ECDSA P-256),
 * EAP-MD5 inside, PT-EAP with two PB-TNC batches each way (366 and 2845
 * bytes from the client), EAP-Success, MSK AUTH both ways, a virtual IP and
 * a CHILD_SA. Every step is checked; a failure aborts, so the figures are
 * for work really done. Client and gateway share the two CPU-bound sides
 * on one core: the rate is for both, a gateway alone does more.
 *
 *   bench_ike [seconds=3] [keep=200]
 *
 * Figures: setups per second (setups during `seconds`, each IKE_SA then
 * deleted by a Delete, so the table stays small), and the memory nea-iked
 * holds per established IKE_SA (heap in use, from mallinfo2, and RSS,
 * before and after `keep` IKE_SAs stay established). It prints and asserts
 * nothing about speed.
 */
#include <errno.h>
#include <malloc.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "eap_pkt.h"
#include "eap_pteap.h"
#include "eap_ttls.h"
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

#define PW "sesame"
#define CHECK(c)                                                                         \
	do {                                                                             \
		if (!(c)) {                                                              \
			fprintf(stderr, "bench_ike: %s:%d: check failed: %s\n", __FILE__, \
				__LINE__, #c);                                           \
			exit(1);                                                         \
		}                                                                        \
	} while (0)

static uv_loop_t loop;
static iked_t ik;
static uint16_t gw_port;
static char dir[128];
static EVP_PKEY *ca_key, *gw_key;
static X509 *ca, *gw;
static X509_STORE *store;
static uint8_t batch_small[366], batch_big[2845], sdata[512], result[138];

/* ---- PKI ---------------------------------------------------------------- */

static X509 *make_cert(const char *cn, const char *san, EVP_PKEY *key, X509 *issuer,
		       EVP_PKEY *issuer_key)
{
	X509 *c = X509_new();
	X509_NAME *n = X509_NAME_new();
	X509V3_CTX ctx;
	X509_EXTENSION *ext;

	CHECK(c && n);
	X509_set_version(c, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(c), issuer ? 2 : 1);
	X509_gmtime_adj(X509_getm_notBefore(c), -3600);
	X509_gmtime_adj(X509_getm_notAfter(c), 86400);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(c, n);
	X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : n);
	X509_set_pubkey(c, key);
	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer ? issuer : c, c, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_basic_constraints,
				  issuer ? "CA:FALSE" : "critical,CA:TRUE");
	CHECK(ext && X509_add_ext(c, ext, -1) == 1);
	X509_EXTENSION_free(ext);
	if (san) {
		ext = X509V3_EXT_conf_nid(NULL, &ctx, NID_subject_alt_name, san);
		CHECK(ext && X509_add_ext(c, ext, -1) == 1);
		X509_EXTENSION_free(ext);
	}
	CHECK(X509_sign(c, issuer ? issuer_key : key, EVP_sha256()) > 0);
	X509_NAME_free(n);
	return c;
}

static void write_pem(const char *sub, const char *name, X509 *cert, EVP_PKEY *key)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/%s/%s", dir, sub, name);
	f = fopen(path, "w");
	CHECK(f);
	CHECK(cert ? PEM_write_X509(f, cert) == 1
		   : PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) == 1);
	fclose(f);
}

/* ---- the scripted nea-brokerd ----------------------------------------- */

static ipc_server_t *broker_srv;
static int broker_batches[1 << 12];

static void fb_send(ipc_link_t *l, uint64_t conn, int kind)
{
	Nea__Envelope env = NEA__ENVELOPE__INIT;
	Nea__Batch b = NEA__BATCH__INIT;
	Nea__Verdict v = NEA__VERDICT__INIT;

	env.has_conn_id = true;
	env.conn_id = conn;
	if (kind < 2) {
		b.data.data = kind ? result : sdata;
		b.data.len = kind ? sizeof(result) : sizeof(sdata);
		env.body_case = NEA__ENVELOPE__BODY_BATCH;
		env.batch = &b;
	} else {
		v.recommendation = 0;
		v.evaluation = 0;
		env.body_case = NEA__ENVELOPE__BODY_VERDICT;
		env.verdict = &v;
	}
	CHECK(ipc_link_send(l, &env) == 0);
}

static void fb_msg(ipc_link_t *l, const Nea__Envelope *env, void *arg)
{
	int *n = &broker_batches[env->conn_id & ((1 << 12) - 1)];

	(void)arg;
	if (env->body_case == NEA__ENVELOPE__BODY_CONN_OPEN) {
		*n = 0;
	} else if (env->body_case == NEA__ENVELOPE__BODY_BATCH) {
		CHECK(env->batch->data.len == (*n ? sizeof(batch_big) : sizeof(batch_small)));
		CHECK(memcmp(env->batch->data.data, *n ? batch_big : batch_small,
			     env->batch->data.len) == 0);
		fb_send(l, env->conn_id, *n ? 1 : 0);
		if (*n)
			fb_send(l, env->conn_id, 2);
		(*n)++;
	}
}

/* ---- the initiator ------------------------------------------------------ */

typedef struct {
	int fd;
	uint8_t spi_i[8], spi_r[8], ni[32], nr[256];
	size_t nr_len;
	uint8_t *init_i, *init_r;
	size_t init_i_len, init_r_len;
	ike_keys_t keys;
	ike_sk_t sk;
	uint16_t prf;
	uint32_t next_id;
	uint8_t idr[128];
	size_t idr_len;
	ike_msg_t last;
	eap_method_t *eap;
	int cb_state;          /* client broker: batches handed in so far */
	bool cb_owe;
} client_t;

static int cb_open(void *ctx, const eap_tnc_conn_t *c)
{
	(void)c;
	((client_t *)ctx)->cb_owe = true;
	return 0;
}

static int cb_batch(void *ctx, const uint8_t *b, size_t len)
{
	client_t *c = ctx;

	CHECK(len == (c->cb_state == 1 ? sizeof(sdata) : sizeof(result)));
	CHECK(memcmp(b, c->cb_state == 1 ? sdata : result, len) == 0);
	c->cb_owe = true;
	return 0;
}

static void cb_ready(void *ctx)
{
	(void)ctx;
}

static void cb_close(void *ctx)
{
	(void)ctx;
}

static void cb_answer(client_t *c)
{
	CHECK(c->cb_owe);
	c->cb_owe = false;
	if (c->cb_state == 0)
		CHECK(eap_pteap_deliver(c->eap, batch_small, sizeof(batch_small)) == 0);
	else if (c->cb_state == 1)
		CHECK(eap_pteap_deliver(c->eap, batch_big, sizeof(batch_big)) == 0);
	else
		CHECK(eap_pteap_deliver(c->eap, NULL, 0) == 0);
	c->cb_state++;
}

static void send_dgram(client_t *c, const uint8_t *p, size_t len)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(gw_port) };
	static uint8_t buf[70000];

	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	memset(buf, 0, 4); /* Non-ESP marker: neither port is 500 */
	memcpy(buf + 4, p, len);
	CHECK(sendto(c->fd, buf, len + 4, 0, (struct sockaddr *)&to, sizeof(to)) ==
	      (ssize_t)(len + 4));
}

static size_t recv_dgram(client_t *c, uint8_t *buf, size_t max)
{
	for (int i = 0; i < 100000; i++) {
		struct pollfd p = { .fd = c->fd, .events = POLLIN };
		ssize_t n;

		uv_run(&loop, UV_RUN_NOWAIT);
		if (poll(&p, 1, i < 100 ? 0 : 1) != 1)
			continue;
		n = recv(c->fd, buf, max, 0);
		CHECK(n > 4);
		memmove(buf, buf + 4, (size_t)n - 4);
		return (size_t)n - 4;
	}
	CHECK(!"no answer from nea-iked");
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

static void exchange(client_t *c, uint8_t exch, const ike_payload_t *pl, size_t n)
{
	static uint8_t buf[70000];
	nea_perr_t err = { 0 };
	nea_wr_t w;
	ike_hdr_t h;
	size_t len;

	hdr(c, &h, exch);
	nea_wr_init(&w, IKE_MSG_MAX);
	CHECK(ike_sk_encrypt(&c->sk.out, &h, pl, n, &w) == 0);
	send_dgram(c, w.ptr, w.len);
	nea_wr_free(&w);
	len = recv_dgram(c, buf, sizeof(buf));
	ike_msg_free(&c->last);
	CHECK(ike_msg_parse(&c->last, buf, len, 0, &err) == 0);
	CHECK(ike_sk_decrypt(&c->sk.in, &c->last, &err) == 0);
	c->next_id++;
}

static void sa_init(client_t *c, const ike_prop_cfg_t *pc)
{
	static uint8_t buf[70000];
	ike_proposal_t prop;
	ike_payload_t pl[3];
	uint8_t pub[32], gir[32];
	ike_selected_t sel;
	ike_dh_t *dh;
	nea_perr_t err = { 0 };
	nea_wr_t w;
	ike_hdr_t h;
	size_t len, gir_len;
	const ike_payload_t *sa, *ke, *nr;

	CHECK(RAND_bytes(c->spi_i, 8) == 1 && RAND_bytes(c->ni, 32) == 1);
	ike_proposal_to_wire(pc, 0, NULL, 0, &prop);
	CHECK(ike_dh_new(IKE_DH_CURVE25519, &dh) == 0);
	CHECK(ike_dh_public(dh, pub, 32) == 0);
	memset(pl, 0, sizeof(pl));
	pl[0].type = IKE_PL_SA;
	pl[0].u.sa.nprops = 1;
	pl[0].u.sa.props = &prop;
	pl[1].type = IKE_PL_KE;
	pl[1].u.ke.group = IKE_DH_CURVE25519;
	pl[1].u.ke.data = ike_chunk(pub, 32);
	pl[2].type = IKE_PL_NONCE;
	pl[2].u.nonce.data = ike_chunk(c->ni, 32);
	hdr(c, &h, IKE_EXCH_SA_INIT);
	nea_wr_init(&w, IKE_MSG_MAX);
	CHECK(ike_msg_build(&h, pl, 3, &w) == 0);
	c->init_i = nea_wr_detach(&w, &c->init_i_len);
	send_dgram(c, c->init_i, c->init_i_len);
	len = recv_dgram(c, buf, sizeof(buf));
	CHECK(ike_msg_parse(&c->last, buf, len, 0, &err) == 0);
	c->init_r = malloc(len);
	CHECK(c->init_r);
	memcpy(c->init_r, buf, len);
	c->init_r_len = len;
	sa = ike_msg_get(&c->last, IKE_PL_SA);
	ke = ike_msg_get(&c->last, IKE_PL_KE);
	nr = ike_msg_get(&c->last, IKE_PL_NONCE);
	CHECK(sa && ke && nr && ike_proposal_verify(pc, 1, &sa->u.sa, false, &sel) == 0);
	memcpy(c->spi_r, c->last.hdr.spi_r, 8);
	c->nr_len = nr->u.nonce.data.len;
	memcpy(c->nr, nr->u.nonce.data.ptr, c->nr_len);
	CHECK(ike_dh_derive(dh, ke->u.ke.data.ptr, ke->u.ke.data.len, gir, sizeof(gir), &gir_len) ==
	      0);
	CHECK(ike_keys_derive(&c->keys, &sel.suite, ike_chunk(c->ni, 32), ike_chunk(c->nr, c->nr_len),
			      ike_chunk(gir, gir_len), c->spi_i, c->spi_r) == 0);
	CHECK(ike_sk_init(&c->sk, &c->keys, true) == 0);
	c->prf = sel.suite.prf;
	c->next_id = 1;
	ike_dh_free(dh);
}

static void setup_one(client_t *c, const ike_prop_cfg_t *ike, const ike_prop_cfg_t *esp)
{
	static const uint8_t idi[9] = { IKE_ID_FQDN, 0, 0, 0, 'c', 'a', 'r', 'o', 'l' };
	ike_payload_t pl[5];
	ike_proposal_t prop;
	ike_cp_attr_t attr = { .type = IKE_CA_INTERNAL_IP4_ADDRESS };
	ike_ts_t any;
	uint8_t espspi[4] = { 0xc0, 0xff, 0xee, 0x01 }, auth[64];
	const ike_payload_t *e;
	eap_ttls_cfg_t tc;
	const uint8_t *msk;
	size_t msk_len, alen;
	nea_perr_t err = { 0 };
	nea_wr_t out, oct;
	int rc;

	sa_init(c, ike);
	memset(&any, 0, sizeof(any));
	any.ts_type = IKE_TS_IPV4_ADDR_RANGE;
	any.end_port = 65535;
	memset(any.end, 0xff, 4);
	ike_proposal_to_wire(esp, 0, espspi, 4, &prop);
	memset(pl, 0, sizeof(pl));
	pl[0].type = IKE_PL_IDI;
	pl[0].u.id.id_type = IKE_ID_FQDN;
	pl[0].u.id.data = ike_chunk(idi + 4, 5);
	pl[1].type = IKE_PL_CP;
	pl[1].u.cp.cfg_type = IKE_CFG_REQUEST;
	pl[1].u.cp.nattrs = 1;
	pl[1].u.cp.attrs = &attr;
	pl[2].type = IKE_PL_SA;
	pl[2].u.sa.nprops = 1;
	pl[2].u.sa.props = &prop;
	pl[3].type = IKE_PL_TSI;
	pl[3].u.ts.nts = 1;
	pl[3].u.ts.ts = &any;
	pl[4].type = IKE_PL_TSR;
	pl[4].u.ts.nts = 1;
	pl[4].u.ts.ts = &any;
	exchange(c, IKE_EXCH_AUTH, pl, 5);
	e = ike_msg_get(&c->last, IKE_PL_IDR);
	CHECK(e && e->body.len <= sizeof(c->idr) && ike_msg_get(&c->last, IKE_PL_AUTH));
	memcpy(c->idr, e->body.ptr, e->body.len);
	c->idr_len = e->body.len;

	eap_ttls_cfg_defaults(&tc);
	tc.ca = store;
	tc.server_id = "gw.nea.test";
	tc.eap_identity = "carol";
	tc.secret = (const uint8_t *)PW;
	tc.secret_len = strlen(PW);
	tc.max_message_count = 0;
	tc.tnc_max_message_count = 0;
	tc.bridge = (eap_tnc_bridge_t){ .ctx = c, .open = cb_open, .batch_in = cb_batch,
					.ready = cb_ready, .close = cb_close };
	c->eap = eap_ttls_peer_new(&tc);
	CHECK(c->eap);
	for (;;) {
		e = ike_msg_get(&c->last, IKE_PL_EAP);
		CHECK(e && e->u.eap.code != EAP_CODE_FAILURE);
		nea_wr_init(&out, 0);
		if (e->u.eap.code == EAP_CODE_SUCCESS) {
			CHECK(eap_method_process(c->eap, e->u.eap.pkt.ptr, e->u.eap.pkt.len, &out,
						 &err) == EAP_M_SUCCESS);
			nea_wr_free(&out);
			break;
		}
		if (e->u.eap.eap_type == EAP_TYPE_IDENTITY) {
			CHECK(eap_identity_build(&out, EAP_CODE_RESPONSE, e->u.eap.id,
						 (const uint8_t *)"carol", 5) == 0);
		} else {
			rc = eap_method_process(c->eap, e->u.eap.pkt.ptr, e->u.eap.pkt.len, &out, &err);
			while (rc == EAP_M_PENDING) {
				cb_answer(c);
				rc = eap_method_resume(c->eap, &out);
			}
			CHECK(rc == EAP_M_SEND || rc == EAP_M_DONE);
		}
		memset(pl, 0, sizeof(pl));
		pl[0].type = IKE_PL_EAP;
		pl[0].u.eap.pkt = ike_chunk(out.ptr, out.len);
		exchange(c, IKE_EXCH_AUTH, pl, 1);
		nea_wr_free(&out);
	}
	msk = eap_method_msk(c->eap, &msk_len);
	CHECK(msk && msk_len == 64);
	nea_wr_init(&oct, 0);
	CHECK(ike_auth_octets(c->prf, ike_chunk(c->keys.sk_pi, c->keys.p_len),
			      ike_chunk(c->init_i, c->init_i_len), ike_chunk(c->nr, c->nr_len),
			      ike_chunk(idi, sizeof(idi)), &oct) == 0);
	CHECK(ike_auth_psk(c->prf, ike_chunk(msk, msk_len), ike_chunk(oct.ptr, oct.len), auth,
			   sizeof(auth), &alen) == 0);
	nea_wr_free(&oct);
	memset(pl, 0, sizeof(pl));
	pl[0].type = IKE_PL_AUTH;
	pl[0].u.auth.method = IKE_AUTH_SHARED_KEY;
	pl[0].u.auth.data = ike_chunk(auth, alen);
	exchange(c, IKE_EXCH_AUTH, pl, 1);
	e = ike_msg_get(&c->last, IKE_PL_AUTH);
	CHECK(e);
	nea_wr_init(&oct, 0);
	CHECK(ike_auth_octets(c->prf, ike_chunk(c->keys.sk_pr, c->keys.p_len),
			      ike_chunk(c->init_r, c->init_r_len), ike_chunk(c->ni, 32),
			      ike_chunk(c->idr, c->idr_len), &oct) == 0);
	CHECK(ike_auth_psk_verify(c->prf, ike_chunk(msk, msk_len), ike_chunk(oct.ptr, oct.len),
				  e->u.auth.data) == 0);
	nea_wr_free(&oct);
	CHECK(ike_msg_get(&c->last, IKE_PL_CP) && ike_msg_get(&c->last, IKE_PL_SA));
}

static void delete_sa(client_t *c)
{
	ike_payload_t p;

	memset(&p, 0, sizeof(p));
	p.type = IKE_PL_DELETE;
	p.u.del.proto = IKE_PROTO_IKE;
	exchange(c, IKE_EXCH_INFORMATIONAL, &p, 1);
}

static void client_free(client_t *c)
{
	close(c->fd);
	free(c->init_i);
	free(c->init_r);
	ike_msg_free(&c->last);
	eap_method_free(c->eap);
	ike_keys_wipe(&c->keys);
	ike_sk_wipe(&c->sk);
}

static void client_new(client_t *c)
{
	struct sockaddr_in a = { .sin_family = AF_INET };

	memset(c, 0, sizeof(*c));
	ike_msg_init(&c->last);
	c->fd = socket(AF_INET, SOCK_DGRAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CHECK(c->fd >= 0 && bind(c->fd, (struct sockaddr *)&a, sizeof(a)) == 0);
}

static uint16_t free_port(void)
{
	client_t c;
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);

	client_new(&c);
	CHECK(getsockname(c.fd, (struct sockaddr *)&a, &alen) == 0);
	close(c.fd);
	ike_msg_free(&c.last);
	return ntohs(a.sin_port);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void)
{
	FILE *f = fopen("/proc/self/statm", "r");
	long pages = 0, res = 0;

	if (f) {
		if (fscanf(f, "%ld %ld", &pages, &res) != 2)
			res = 0;
		fclose(f);
	}
	return res * (sysconf(_SC_PAGESIZE) / 1024);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3.0;
	int keep = argc > 2 ? atoi(argv[2]) : 200;
	char text[2048], path[256], err[256];
	static const int allowed[] = { NEA__ENVELOPE__BODY_CONN_OPEN, NEA__ENVELOPE__BODY_BATCH,
				       NEA__ENVELOPE__BODY_CONN_CLOSE };
	ipc_opts_t o = { .name = "bench-broker", .allowed = allowed, .n_allowed = 3 };
	ipc_cbs_t cbs = { .on_msg = fb_msg };
	ike_prop_cfg_t ike, esp;
	nea_conf_t *conf;
	client_t *kept;
	double t0, t;
	long n = 0, rss0, rss1;
	size_t heap0, heap1;
	FILE *f;

	if (secs <= 0 || keep < 1 || keep > 1000) {
		fprintf(stderr, "usage: bench_ike [seconds] [keep (1..1000)]\n");
		return 2;
	}
	nea_log_init("bench_ike", false);
	nea_log_set_default(-1);
	for (size_t i = 0; i < sizeof(batch_big); i++)
		batch_big[i] = (uint8_t)(i * 7);
	memset(batch_small, 0x11, sizeof(batch_small));
	memset(sdata, 0x22, sizeof(sdata));
	memset(result, 0x33, sizeof(result));
	snprintf(dir, sizeof(dir), "/tmp/nea-bench-ike-XXXXXX");
	CHECK(mkdtemp(dir));
	ca_key = EVP_EC_gen("P-256");
	gw_key = EVP_EC_gen("P-256");
	CHECK(ca_key && gw_key);
	ca = make_cert("nea bench CA", NULL, ca_key, NULL, NULL);
	gw = make_cert("gw.nea.test", "DNS:gw.nea.test", gw_key, ca, ca_key);
	store = X509_STORE_new();
	CHECK(store && X509_STORE_add_cert(store, ca) == 1);
	write_pem("x509", "gw.pem", gw, NULL);
	write_pem("x509ca", "ca.pem", ca, NULL);
	write_pem("private", "gw.key", NULL, gw_key);
	snprintf(path, sizeof(path), "%s/swanctl.conf", dir);
	f = fopen(path, "w");
	CHECK(f);
	fprintf(f, "connections { rw {\n proposals = aes256-sha256-x25519\n pools = vpn4\n"
		   " local { auth = pubkey\n certs = gw.pem\n id = gw.nea.test }\n"
		   " remote { auth = eap-ttls\n eap_id = %%any }\n"
		   " children { net { local_ts = 10.1.0.0/16\n esp_proposals = aes128gcm16 } }\n"
		   "} }\npools { vpn4 { addrs = 10.3.0.0/20 } }\n"
		   "secrets { eap-carol { id = carol\n secret = " PW " } }\n");
	fclose(f);
	gw_port = free_port();
	snprintf(text, sizeof(text),
		 "nea { swanctl = %s\n ike { address = 127.0.0.1\n port = %u\n port_nat_t = %u\n"
		 " kernel = no } }\n"
		 "charon { dos_protection = no\n plugins { eap-ttls { phase2_method = md5\n"
		 " phase2_tnc = yes\n max_message_count = 0 }\n eap-tnc { max_message_count = 0 } } }\n",
		 path, gw_port, free_port());
	CHECK(nea_conf_load_string(text, "bench.conf", &conf, err, sizeof(err)) == 0);
	CHECK(uv_loop_init(&loop) == 0);
	CHECK(iked_open(&ik, &loop, conf) == 0 && iked_start(&ik) == 0);
	snprintf(path, sizeof(path), "%s/broker.sock", dir);
	cbs.arg = NULL;
	CHECK(ipc_server_bind(&loop, path, &o, &cbs, NULL, NULL, &broker_srv) == 0);
	CHECK(ipc_server_start(broker_srv) == 0);
	CHECK(iked_tnc_connect_path(&ik, path) == 0);
	for (int i = 0; i < 1000 && !iked_tnc_broker_up(&ik); i++)
		uv_run(&loop, UV_RUN_NOWAIT), usleep(1000);
	CHECK(iked_tnc_broker_up(&ik));
	CHECK(ike_proposal_parse("aes256-sha256-x25519", IKE_PROTO_IKE, &ike, NULL, 0) == 0);
	CHECK(ike_proposal_parse("aes128gcm16", IKE_PROTO_ESP, &esp, NULL, 0) == 0);

	/* 1. setup rate */
	t0 = now_s();
	do {
		client_t c;

		client_new(&c);
		setup_one(&c, &ike, &esp);
		delete_sa(&c);
		client_free(&c);
		n++;
		t = now_s() - t0;
	} while (t < secs);
	CHECK(ik.stats.sa_established == (uint64_t)n && ik.sas.count == 0);
	printf("IKE_SA setups (IKE_SA_INIT + certificate AUTH + EAP-TTLS/MD5 + PT-EAP, 2 batches "
	       "each way, 2845-byte client batch, VIP, CHILD_SA): %ld in %.2f s = %.1f/s "
	       "(client and gateway on one core)\n", n, t, (double)n / t);

	/* 2. memory per established IKE_SA */
	for (int i = 0; i < 20; i++)
		uv_run(&loop, UV_RUN_NOWAIT);
	kept = calloc((size_t)keep, sizeof(*kept));
	CHECK(kept);
	malloc_trim(0);
	heap0 = mallinfo2().uordblks;
	rss0 = rss_kb();
	for (int i = 0; i < keep; i++) {
		client_new(&kept[i]);
		setup_one(&kept[i], &ike, &esp);
		/* the client's own state is not the gateway's: free it now */
		eap_method_free(kept[i].eap);
		kept[i].eap = NULL;
		ike_msg_free(&kept[i].last);
		free(kept[i].init_i);
		free(kept[i].init_r);
		kept[i].init_i = kept[i].init_r = NULL;
	}
	CHECK(ik.sas.established == (size_t)keep);
	heap1 = mallinfo2().uordblks;
	rss1 = rss_kb();
	printf("%d established IKE_SAs (each with a CHILD_SA and a virtual IP): heap %+.1f KiB "
	       "per IKE_SA (gateway; the client's state is freed), RSS %+.1f KiB per IKE_SA\n",
	       keep, ((double)heap1 - (double)heap0) / 1024.0 / keep,
	       (double)(rss1 - rss0) / keep);
	for (int i = 0; i < keep; i++)
		client_free(&kept[i]);
	free(kept);

	iked_close(&ik);
	ipc_server_close(broker_srv);
	for (int i = 0; i < 20; i++)
		uv_run(&loop, UV_RUN_NOWAIT);
	snprintf(text, sizeof(text), "rm -rf '%s'", dir);
	CHECK(system(text) == 0);
	return 0;
}

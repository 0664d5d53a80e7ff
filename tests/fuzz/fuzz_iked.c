/*
 * libFuzzer target: nea-iked's own datagram handling, iked_rx() of the
 * embeddable core (iked_open/start) as the gateway of the seeds (pubkey
 * gateway, EAP-TTLS clients, a virtual IP pool), no broker.
 *
 * The core's UDP sockets are bound on 127.0.0.1 (iked_open needs them for
 * its answers), but datagrams are handed to iked_rx() directly; answers go
 * to a sink socket of ours that is drained. After every input all SAs are
 * destroyed and the loop runs so their memory is freed, so inputs do not
 * depend on each other.
 *
 * Input: byte 0 is the mode, then records [ctl u8][len u16 BE][len bytes],
 * at most MAX_RECORDS.
 *  - mode bit 0 clear (raw): each record is a datagram as received; with
 *    ctl bit 0 set, its SPIs are first replaced by those of the newest SA,
 *    so a fuzzed follow-up reaches the SA created by an earlier record.
 *  - mode bit 0 set (keyed): the harness first sends a valid IKE_SA_INIT
 *    request (x25519, aes256-sha256) and takes the initiator's SK keys from
 *    the SA the gateway made; each record is then a payload chain
 *    (data[0] = type of its first payload) sealed into an SK payload with
 *    exchange 34 + (ctl & 3), response flag ctl bit 2, message ID the next
 *    one unless ctl bit 3 (then ctl >> 4): the fuzzer reaches IKE_AUTH,
 *    EAP, CP, TS, INFORMATIONAL and CREATE_CHILD_SA handling behind the
 *    ICV. ctl bit 7 sends the record raw instead (unprotected).
 *
 * Invariants (abort): the table's counts stay consistent (half-open and
 * established never exceed the total) and no SA survives the cleanup.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ike_dh.h"
#include "ike_msg.h"
#include "ike_proposal.h"
#include "ike_sk.h"
#include "iked.h"
#include "nea_buf.h"
#include "nea_conf.h"
#include "nea_log.h"

#define MAX_RECORDS 16

static uv_loop_t loop;
static iked_t ik;
static nea_conf_t *conf;
static int sink = -1;
static iked_addr_t local, remote;
static uint8_t *init_req;       /* valid IKE_SA_INIT request (SPIi patched per input) */
static size_t init_req_len;

static void die(const char *what)
{
	fprintf(stderr, "fuzz_iked setup: %s\n", what);
	abort();
}

static uint16_t bound_udp(int *keep)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t alen = sizeof(a);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &alen) < 0)
		die("udp socket");
	if (keep)
		*keep = fd;
	else
		close(fd);
	return ntohs(a.sin_port);
}

static void add_ext(X509 *c, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, issuer, c, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	if (!e || X509_add_ext(c, e, -1) != 1)
		die("extension");
	X509_EXTENSION_free(e);
}

static X509 *cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *ikey, long serial)
{
	X509 *c = X509_new();
	X509_NAME *n = X509_NAME_new();

	if (!c || !n)
		die("x509");
	X509_set_version(c, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(c), serial);
	X509_gmtime_adj(X509_getm_notBefore(c), -3600);
	X509_gmtime_adj(X509_getm_notAfter(c), 86400 * 365);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC, (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(c, n);
	X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer) : n);
	X509_set_pubkey(c, key);
	add_ext(c, issuer ? issuer : c, NID_basic_constraints, issuer ? "CA:FALSE" : "critical,CA:TRUE");
	if (issuer)
		add_ext(c, issuer, NID_subject_alt_name, "DNS:gw.nea.test");
	if (X509_sign(c, ikey ? ikey : key, EVP_sha256()) <= 0)
		die("sign");
	X509_NAME_free(n);
	return c;
}

static void write_pem(const char *dir, const char *name, X509 *c, EVP_PKEY *k)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "w")))
		die(path);
	if (c ? PEM_write_X509(f, c) != 1
	      : PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) != 1)
		die("pem");
	fclose(f);
}

/* The valid IKE_SA_INIT request keyed mode starts with. */
static void build_init(void)
{
	ike_prop_cfg_t pc;
	ike_proposal_t prop;
	ike_payload_t pl[3];
	uint8_t pub[32], ni[32];
	ike_dh_t *dh;
	ike_hdr_t h;
	nea_wr_t w;

	if (ike_proposal_parse("aes256-sha256-x25519", IKE_PROTO_IKE, &pc, NULL, 0) < 0)
		die("proposal");
	ike_proposal_to_wire(&pc, 0, NULL, 0, &prop);
	if (ike_dh_new(IKE_DH_CURVE25519, &dh) < 0 || ike_dh_public(dh, pub, sizeof(pub)) < 0)
		die("dh");
	memset(ni, 0x5a, sizeof(ni));
	memset(pl, 0, sizeof(pl));
	pl[0].type = IKE_PL_SA;
	pl[0].u.sa.nprops = 1;
	pl[0].u.sa.props = &prop;
	pl[1].type = IKE_PL_KE;
	pl[1].u.ke.group = IKE_DH_CURVE25519;
	pl[1].u.ke.data = ike_chunk(pub, 32);
	pl[2].type = IKE_PL_NONCE;
	pl[2].u.nonce.data = ike_chunk(ni, sizeof(ni));
	memset(&h, 0, sizeof(h));
	memset(h.spi_i, 0x11, IKE_SPI_LEN);
	h.exchange = IKE_EXCH_SA_INIT;
	h.flags = IKE_FLAG_INITIATOR;
	nea_wr_init(&w, IKE_MSG_MAX);
	if (ike_msg_build(&h, pl, 3, &w) < 0)
		die("build");
	init_req = nea_wr_detach(&w, &init_req_len);
	ike_dh_free(dh);
}

static void setup(void)
{
	char dir[] = "/tmp/nea-fuzz-iked-XXXXXX", path[600], text[2048], err[256];
	EVP_PKEY *cakey, *key;
	X509 *ca, *gw;
	FILE *f;
	uint16_t port;

	if (!mkdtemp(dir))
		die("mkdtemp");
	for (const char *sub = "x509\0x509ca\0private\0"; *sub; sub += strlen(sub) + 1) {
		snprintf(path, sizeof(path), "%s/%s", dir, sub);
		if (mkdir(path, 0700) < 0)
			die(path);
	}
	cakey = EVP_EC_gen("P-256");
	key = EVP_EC_gen("P-256");
	if (!cakey || !key)
		die("keys");
	ca = cert("nea Fuzz CA", cakey, NULL, NULL, 1);
	gw = cert("gw.nea.test", key, ca, cakey, 2);
	write_pem(dir, "x509ca/ca.pem", ca, NULL);
	write_pem(dir, "x509/gw.pem", gw, NULL);
	write_pem(dir, "private/gw.key", NULL, key);
	X509_free(ca);
	X509_free(gw);
	EVP_PKEY_free(cakey);
	EVP_PKEY_free(key);
	snprintf(path, sizeof(path), "%s/swanctl.conf", dir);
	if (!(f = fopen(path, "w")))
		die(path);
	fputs("connections { rw {\n"
	      "  proposals = aes256-sha256-x25519\n  pools = vpn4\n"
	      "  local { auth = pubkey\n certs = gw.pem\n id = gw.nea.test }\n"
	      "  remote { auth = eap-ttls\n eap_id = %any }\n"
	      "  children { net { local_ts = 10.1.0.0/16\n esp_proposals = aes128gcm16 } }\n"
	      "} }\npools { vpn4 { addrs = 10.3.0.0/30 } }\n"
	      "secrets { eap-carol { id = carol\n secret = sesame } }\n", f);
	fclose(f);
	port = bound_udp(NULL);
	snprintf(text, sizeof(text),
		 "nea { swanctl = %s\n"
		 "  ike { address = 127.0.0.1\n port = %u\n port_nat_t = %u\n kernel = no } }\n"
		 "charon { retransmit_tries = 0\n"
		 "  plugins { eap-ttls { phase2_method = md5\n phase2_tnc = yes } } }\n",
		 path, port, bound_udp(NULL));
	if (nea_conf_load_string(text, "nea.conf", &conf, err, sizeof(err)) < 0)
		die(err);
	nea_log_set_default(getenv("FUZZ_IKED_LOG") ? atoi(getenv("FUZZ_IKED_LOG")) : -1);
	if (uv_loop_init(&loop) < 0 || iked_open(&ik, &loop, conf) < 0 || iked_start(&ik) < 0)
		die("iked core");
	/* the snapshot is in memory now: leave no files behind */
	for (const char *f2 = "x509/gw.pem\0x509ca/ca.pem\0private/gw.key\0swanctl.conf\0"
			      "x509\0x509ca\0private\0";
	     *f2; f2 += strlen(f2) + 1) {
		snprintf(path, sizeof(path), "%s/%s", dir, f2);
		(void)remove(path);
	}
	(void)rmdir(dir);
	iked_addr_from_bytes(&local, (const uint8_t *)"\x7f\x00\x00\x01", 4, port);
	iked_addr_from_bytes(&remote, (const uint8_t *)"\x7f\x00\x00\x01", 4, bound_udp(&sink));
	build_init();
}

static void drain_sink(void)
{
	uint8_t buf[2048];

	while (recv(sink, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static void check_table(void)
{
	if (ik.sas.half_open > ik.sas.count || ik.sas.established > ik.sas.count)
		abort();
}

static void cleanup(void)
{
	while (ik.sas.all)
		iked_sa_destroy(ik.sas.all, "fuzz input done");
	for (int i = 0; i < 3; i++)
		uv_run(&loop, UV_RUN_NOWAIT);
	if (ik.sas.count || ik.sas.half_open || ik.sas.established)
		abort();
	drain_sink();
}

/* The newest SA (the table links new SAs at the head). */
static iked_sa_t *newest(void)
{
	return ik.sas.all;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool ready;
	static uint8_t buf[IKE_MSG_MAX];
	ike_sk_t sk;
	uint8_t spi_i[IKE_SPI_LEN], spi_r[IKE_SPI_LEN];
	bool keyed, have_sk = false;
	uint32_t next_id = 1;
	size_t off = 1;

	if (!ready) {
		setup();
		ready = true;
	}
	if (size < 1)
		return 0;
	keyed = data[0] & 1;
	if (keyed) {
		iked_sa_t *sa;

		/* a fresh SPIi per input keeps the half-open lookup honest */
		memcpy(init_req, data, size < 8 ? size : 8);
		init_req[0] |= 1;
		iked_rx(&ik, &local, &remote, init_req, init_req_len);
		sa = newest();
		if (!sa || !sa->keyed || ike_sk_init(&sk, &sa->keys, true) < 0) {
			cleanup();
			return 0;
		}
		/* kept: the fuzzer may make the gateway destroy the SA */
		memcpy(spi_i, sa->spi_i, IKE_SPI_LEN);
		memcpy(spi_r, sa->spi_r, IKE_SPI_LEN);
		have_sk = true;
	}
	for (int r = 0; r < MAX_RECORDS && off + 3 <= size; r++) {
		uint8_t ctl = data[off];
		size_t len = ((size_t)data[off + 1] << 8) | data[off + 2];
		const uint8_t *p;

		off += 3;
		if (len > size - off)
			len = size - off;
		p = data + off;
		off += len;
		if (!keyed || (ctl & 0x80)) {
			if (len > sizeof(buf))
				continue;
			memcpy(buf, p, len);
			if (!keyed && (ctl & 1) && len >= 2 * IKE_SPI_LEN && newest()) {
				memcpy(buf, newest()->spi_i, IKE_SPI_LEN);
				memcpy(buf + IKE_SPI_LEN, newest()->spi_r, IKE_SPI_LEN);
			}
			iked_rx(&ik, &local, &remote, buf, len);
		} else {
			ike_hdr_t h;
			nea_wr_t w;

			if (!len)
				continue;
			memset(&h, 0, sizeof(h));
			memcpy(h.spi_i, spi_i, IKE_SPI_LEN);
			memcpy(h.spi_r, spi_r, IKE_SPI_LEN);
			h.exchange = (uint8_t)(IKE_EXCH_SA_INIT + (ctl & 3));
			h.flags = IKE_FLAG_INITIATOR | ((ctl & 4) ? IKE_FLAG_RESPONSE : 0);
			h.msg_id = (ctl & 8) ? (uint32_t)(ctl >> 4) : next_id;
			nea_wr_init(&w, IKE_MSG_MAX);
			if (ike_sk_seal(&sk.out, &h, p[0], NULL, p + 1, len - 1, &w) == 0 &&
			    !nea_wr_error(&w)) {
				iked_rx(&ik, &local, &remote, w.ptr, w.len);
				if (!(ctl & 12))
					next_id++;
			}
			nea_wr_free(&w);
		}
		check_table();
		/* asynchronous work (timers are far away; this frees closes) */
		uv_run(&loop, UV_RUN_NOWAIT);
		drain_sink();
	}
	if (have_sk)
		ike_sk_wipe(&sk);
	cleanup();
	return 0;
}

/*
 * nea-iked stopping: two embedded cores on one libuv loop over UDP on
 * 127.0.0.1, a gateway (responder: certificate, EAP-MD5, virtual IPs from
 * a pool) and an endpoint (initiator: EAP-MD5 towards the gateway's
 * certificate, asks for a virtual IP). Once the IKE_SA is up on both
 * sides, closing one core (what SIGTERM does through iked_stop) must send
 * the protected INFORMATIONAL Delete, so the other core destroys its
 * IKE_SA and, on the gateway, puts the virtual IP lease offline at once
 * instead of waiting for DPD. Both roles are checked, and that the
 * close itself does not wait for the peer's answer.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "iked.h"
#include "nea_conf.h"
#include "nea_log.h"
#include "ttls_test_util.h"

#define PW "sesame"

typedef struct {
	char dir[256];
	nea_conf_t *conf;
	iked_t ik;
	uint16_t port;
	bool closed;
} core_t;

static uv_loop_t loop;
static pki_t pki;
static core_t gw, ep;

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

static void write_in(const core_t *c, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", c->dir, name);
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

static void core_dirs(core_t *c)
{
	char path[512];

	snprintf(c->dir, sizeof(c->dir), "/tmp/nea-iked-stop-XXXXXX");
	cr_assert_not_null(mkdtemp(c->dir));
	for (const char *sub = "x509\0x509ca\0private\0"; *sub; sub += strlen(sub) + 1) {
		snprintf(path, sizeof(path), "%s/%s", c->dir, sub);
		cr_assert_eq(mkdir(path, 0700), 0);
	}
	snprintf(path, sizeof(path), "%s/x509ca/ca.pem", c->dir);
	write_pem(path, pki.ca, NULL);
}

static void core_open(core_t *c)
{
	char text[2048], err[256];

	c->port = free_udp_port();
	snprintf(text, sizeof(text),
		 "nea { swanctl = %s/swanctl.conf\n"
		 "  ike { address = 127.0.0.1\n port = %u\n port_nat_t = %u\n kernel = no } }\n",
		 c->dir, c->port, free_udp_port());
	cr_assert_eq(nea_conf_load_string(text, "nea.conf", &c->conf, err, sizeof(err)), 0, "%s",
		     err);
	memset(&c->ik, 0, sizeof(c->ik));
	cr_assert_eq(iked_open(&c->ik, &loop, c->conf), 0);
	cr_assert_eq(iked_start(&c->ik), 0);
}

static void both_up(void)
{
	char path[512], text[2048];

	pki_init(&pki);
	nea_log_init("test_iked_stop", false);
	nea_log_set_default(1);
	cr_assert_eq(uv_loop_init(&loop), 0);
	memset(&gw, 0, sizeof(gw));
	memset(&ep, 0, sizeof(ep));

	core_dirs(&gw);
	snprintf(path, sizeof(path), "%s/x509/gw.pem", gw.dir);
	write_pem(path, pki.srv, NULL);
	snprintf(path, sizeof(path), "%s/private/gw.key", gw.dir);
	write_pem(path, NULL, pki.srv_key);
	write_in(&gw, "swanctl.conf",
		 "connections { rw {\n"
		 "  proposals = aes256-sha256-x25519\n"
		 "  pools = vpn4\n"
		 "  local { auth = pubkey\n certs = gw.pem\n id = gw.nea.test }\n"
		 "  remote { auth = eap-md5\n eap_id = %any }\n"
		 "  children { net { local_ts = 10.1.0.0/16\n esp_proposals = aes128gcm16 } }\n"
		 "} }\n"
		 "pools { vpn4 { addrs = 10.3.0.0/30 } }\n"
		 "secrets { eap-carol { id = carol\n secret = " PW " } }\n");
	core_open(&gw);

	core_dirs(&ep);
	snprintf(text, sizeof(text),
		 "connections { gw {\n"
		 "  remote_addrs = 127.0.0.1\n  remote_port = %u\n"
		 "  proposals = aes256-sha256-x25519\n"
		 "  vips = 0.0.0.0\n"
		 "  local { auth = eap-md5\n id = carol }\n"
		 "  remote { auth = pubkey\n id = gw.nea.test }\n"
		 "  children { net { remote_ts = 10.1.0.0/16\n esp_proposals = aes128gcm16\n"
		 "    start_action = start } }\n"
		 "} }\n"
		 "secrets { eap-carol { id = carol\n secret = " PW " } }\n",
		 gw.port);
	write_in(&ep, "swanctl.conf", text);
	core_open(&ep);
}

static void core_free(core_t *c)
{
	char cmd[600];

	if (!c->closed)
		iked_close(&c->ik);
	for (int i = 0; i < 5; i++)
		uv_run(&loop, UV_RUN_NOWAIT);
	iked_cfg_unref(c->ik.cfg);
	iked_pools_free(&c->ik.pools);
	iked_sa_table_free(&c->ik.sas);
	nea_conf_free(c->conf);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", c->dir);
	cr_assert_eq(system(cmd), 0);
}

static void both_down(void)
{
	core_free(&ep);
	core_free(&gw);
	for (int i = 0; i < 20; i++)
		uv_run(&loop, UV_RUN_NOWAIT);
	cr_assert_eq(uv_loop_close(&loop), 0, "handles left open on the loop");
	pki_free(&pki);
}

/* Run the loop until cond holds or about 5 s passed. */
#define RUN_UNTIL(cond)                                          \
	do {                                                     \
		for (int r_ = 0; r_ < 5000 && !(cond); r_++) {   \
			uv_run(&loop, UV_RUN_NOWAIT);            \
			usleep(1000);                            \
		}                                                \
	} while (0)

static void establish(void)
{
	iked_initiate_all(&ep.ik);
	cr_assert_eq(ep.ik.sas.count, 1, "the endpoint did not initiate");
	RUN_UNTIL(gw.ik.sas.established == 1 && ep.ik.sas.established == 1 &&
		  ep.ik.sas.all->has_vip4);
	cr_assert_eq(gw.ik.sas.established, 1, "gateway: IKE_SA not established");
	cr_assert_eq(ep.ik.sas.established, 1, "endpoint: IKE_SA not established");
	cr_assert(ep.ik.sas.all->has_vip4, "endpoint got no virtual IP");
	cr_assert_eq(iked_pool_online(&gw.ik.pools, "vpn4"), 1, "no online lease on the gateway");
	cr_assert_eq(gw.ik.sas.all->nchildren, 1);
}

TestSuite(iked_stop, .timeout = 60);

/* The endpoint (initiator) stops: the gateway gets the Delete, destroys the
 * IKE_SA and its CHILD_SA, and the lease goes offline. */
Test(iked_stop, initiator_stop_deletes_ike_sa_on_gateway_and_frees_lease)
{
	struct timespec t0, t1;
	double ms;

	both_up();
	establish();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	iked_close(&ep.ik);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ep.closed = true;
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	cr_assert_lt(ms, 500.0, "closing took %.0f ms: it must not wait for the peer", ms);
	cr_assert_eq(ep.ik.sas.count, 0);
	RUN_UNTIL(gw.ik.sas.count == 0);
	cr_assert_eq(gw.ik.sas.count, 0, "gateway kept the IKE_SA after the endpoint stopped");
	cr_assert_eq(gw.ik.sas.established, 0);
	cr_assert_eq(iked_pool_online(&gw.ik.pools, "vpn4"), 0,
		     "the virtual IP lease is still online");
	both_down();
}

/* The gateway (responder) stops: the endpoint gets the Delete and drops its
 * IKE_SA; the gateway's own lease goes with its SA. */
Test(iked_stop, responder_stop_deletes_ike_sa_on_endpoint)
{
	both_up();
	establish();
	iked_close(&gw.ik);
	gw.closed = true;
	cr_assert_eq(gw.ik.sas.count, 0);
	cr_assert_eq(iked_pool_online(&gw.ik.pools, "vpn4"), 0);
	RUN_UNTIL(ep.ik.sas.count == 0);
	cr_assert_eq(ep.ik.sas.count, 0, "endpoint kept the IKE_SA after the gateway stopped");
	cr_assert_eq(ep.ik.sas.established, 0);
	both_down();
}

/* Without the Delete (the SA not yet established: half-open) nothing is
 * sent and the peer's half-open SA is left to its timeout: only
 * established SAs are announced. */
Test(iked_stop, half_open_sa_is_not_announced)
{
	both_up();
	iked_initiate_all(&ep.ik);
	RUN_UNTIL(gw.ik.sas.count == 1);
	cr_assert_eq(gw.ik.sas.count, 1);
	iked_close(&ep.ik);
	ep.closed = true;
	for (int i = 0; i < 100; i++) {
		uv_run(&loop, UV_RUN_NOWAIT);
		usleep(1000);
	}
	cr_assert_eq(gw.ik.sas.established, 0);
	cr_assert_eq(gw.ik.sas.count, 1, "an unauthenticated SA was deleted by the peer");
	both_down();
}

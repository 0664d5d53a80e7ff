/*
 * nea-iked's client against a misbehaving stand-in helper
 * (fake_xfrm_helper): READY handshake, what crosses the socket, a silent
 * helper (NEA_EAGAIN within the timeout), a late answer skipped by its
 * sequence number, a dead helper (NEA_ECLOSED, never restarted), garbage,
 * a helper that never gets ready or could not sandbox itself.
 */
#include <criterion/criterion.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nea_err.h"
#include "nea_log.h"
#include "xfrm_client.h"
#include "xfrm_test_util.h"

static char fake[4096];

static void find_fake(void)
{
	const char *b = getenv("NEA_BUILD_DIR");

	cr_assert_not_null(b, "NEA_BUILD_DIR");
	snprintf(fake, sizeof(fake), "%s/tests/fake_xfrm_helper", b);
	nea_log_set_level(NEA_LG_KNL, -1);
}

static int start(xfrm_client_t *c, const char *mode, int start_ms)
{
	xfrm_client_opts_t o = {.path = fake, .timeout_ms = 400, .start_timeout_ms = start_ms};

	setenv("NEA_FAKE_XFRM_MODE", mode, 1);
	return xfrm_client_spawn(c, &o);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

TestSuite(xfrm_client, .init = find_fake);

Test(xfrm_client, requests_cross_as_built)
{
	char logp[] = "/tmp/nea-xfrm-client-XXXXXX";
	int fd = mkstemp(logp);
	xfrm_client_t c;
	xfrm_sa_pair_t p = {0};
	uint8_t ek[32], ik[32];
	uint32_t reqid = 0;
	char line[4096];
	FILE *f;
	int n = 0;

	cr_assert_geq(fd, 0);
	close(fd);
	setenv("NEA_FAKE_XFRM_LOG", logp, 1);
	cr_assert_eq(start(&c, "ok", 0), 0);
	cr_assert_eq(c.max_children, 8, "READY's value");
	cr_assert_eq(xfrm_client_alloc_reqid(&c, &reqid), 0);
	cr_assert_eq(reqid, 4711);
	memset(ek, 0xee, sizeof(ek));
	memset(ik, 0x11, sizeof(ik));
	p.reqid = reqid;
	xt_ip(&p.local, 4, "192.0.2.1");
	xt_ip(&p.remote, 4, "198.51.100.7");
	p.spi_in = 0x1000;
	p.spi_out = 0x2000;
	p.encr = 12;
	p.encr_keylen = 256;
	p.integ = 12;
	p.ekey_in = p.ekey_out = ek;
	p.ekey_len = 32;
	p.ikey_in = p.ikey_out = ik;
	p.ikey_len = 32;
	p.encap_local = 4500;
	p.encap_remote = 4501;
	cr_assert_eq(xfrm_client_add_sa_pair(&c, &p), 0);
	cr_assert_eq(xfrm_client_release(&c, reqid), 0);
	xfrm_client_stop(&c);
	cr_assert_not(xfrm_client_running(&c));
	unsetenv("NEA_FAKE_XFRM_LOG");

	/* what the helper received parses and checks as what was asked */
	f = fopen(logp, "r");
	cr_assert_not_null(f);
	while (fgets(line, sizeof(line), f)) {
		uint8_t pkt[XFRM_REQ_MAX];
		size_t len = strlen(line) / 2;
		xfrm_req_t r;
		nea_perr_t err = {0};

		for (size_t i = 0; i < len; i++)
			sscanf(line + 2 * i, "%2hhx", &pkt[i]);
		cr_assert_eq(xfrm_req_parse(&r, pkt, len, &err), 0, "%s", err.msg);
		cr_assert_eq(xfrm_req_check(&r, &err), 0, "%s", err.msg);
		cr_assert_eq(r.seq, (uint32_t)n + 1, "sequence numbers count from 1");
		if (n == 1) {
			cr_assert_eq(r.type, XFRM_REQ_ADD_SA);
			cr_assert_eq(r.spi_in, 0x1000);
			cr_assert_eq(r.encap_remote, 4501);
			cr_assert_arr_eq(r.ekey_in, ek, 32);
			cr_assert_arr_eq(r.ikey_out, ik, 32);
		}
		if (n == 2) {
			cr_assert_eq(r.type, XFRM_REQ_RELEASE);
			cr_assert_eq(r.reqid, 4711);
		}
		n++;
	}
	fclose(f);
	unlink(logp);
	cr_assert_eq(n, 3);
}

Test(xfrm_client, silent_helper_times_out)
{
	xfrm_client_t c;
	struct timespec t0;
	uint32_t reqid;

	cr_assert_eq(start(&c, "silent", 0), 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	cr_assert_eq(xfrm_client_alloc_reqid(&c, &reqid), NEA_EAGAIN);
	cr_assert_geq(ms_since(&t0), 350);
	cr_assert_lt(ms_since(&t0), 10000, "the call waits about timeout_ms, not indefinitely");
	cr_assert(xfrm_client_running(&c), "a timeout alone does not drop the helper");
	xfrm_client_stop(&c);
}

Test(xfrm_client, late_answer_is_skipped)
{
	xfrm_client_t c;
	uint32_t reqid = 0;

	cr_assert_eq(start(&c, "late", 0), 0);
	cr_assert_eq(xfrm_client_alloc_reqid(&c, &reqid), NEA_EAGAIN);
	usleep(1300 * 1000); /* the late answer to request 1 is now queued */
	cr_assert_eq(xfrm_client_flush(&c), 0);
	cr_assert_eq(c.seq, 2);
	xfrm_client_stop(&c);
}

Test(xfrm_client, dead_helper_is_not_restarted)
{
	xfrm_client_t c;
	uint32_t reqid;

	cr_assert_eq(start(&c, "die", 0), 0);
	cr_assert_eq(xfrm_client_alloc_reqid(&c, &reqid), NEA_ECLOSED);
	cr_assert_not(xfrm_client_running(&c));
	cr_assert_eq(c.pid, -1, "reaped");
	cr_assert_eq(xfrm_client_flush(&c), NEA_ECLOSED);
	xfrm_client_stop(&c);
}

Test(xfrm_client, garbage_answer_drops_the_helper)
{
	xfrm_client_t c;

	cr_assert_eq(start(&c, "garbage", 0), 0);
	cr_assert_eq(xfrm_client_flush(&c), NEA_ECLOSED);
	cr_assert_not(xfrm_client_running(&c));
}

Test(xfrm_client, startup_failures)
{
	xfrm_client_t c;
	xfrm_client_opts_t o = {.path = "/nonexistent/nea-xfrm"};

	cr_assert_eq(start(&c, "noready", 300), NEA_EAGAIN);
	cr_assert_not(xfrm_client_running(&c));
	cr_assert_eq(c.pid, -1, "killed and reaped");
	cr_assert_eq(start(&c, "refuse", 0), NEA_EPERM);
	cr_assert_not(xfrm_client_running(&c));
	cr_assert_eq(xfrm_client_spawn(&c, &o), NEA_EIO);
}

Test(xfrm_client, keys_too_long_never_sent)
{
	xfrm_client_t c;
	xfrm_sa_pair_t p = {0};

	cr_assert_eq(start(&c, "ok", 0), 0);
	p.ekey_len = XFRM_KEY_MAX + 1;
	cr_assert_eq(xfrm_client_add_sa_pair(&c, &p), NEA_ETOOBIG);
	cr_assert_eq(c.seq, 0);
	xfrm_client_stop(&c);
}
